/*
 * The per-process part of /proc: /proc/self, /proc/<pid>/{stat,status,
 * cmdline,maps,exe,fd,task}, and /proc/mounts. /proc lists processes (group
 * leaders) only; a thread's /proc/<tid> is found by name, as Linux, and
 * listed under its process's task/ directory, where each
 * /proc/<pid>/task/<tid> holds the same files as a /proc/<pid>.
 *
 * Lookups (procfs.c's proc_dir_lookup → proc_pid_lookup) check the task
 * exists and make an inode that remembers only its pid (i_private), never
 * a task pointer: a task may exit and be reaped while the file is open.
 * Opening a file runs its show() (seq_generate), which finds the task
 * again under tasklist_lock and prints a snapshot, or fails with -ESRCH.
 *
 * Lock legend: tasklist_lock (irqsave) around every find_task_by_pid and
 * every read of another task's fields; nothing that can sleep or fault
 * (kmalloc, copy_to_user) under it.
 *
 * Neighbours: procfs.c (the root and registry), seq_file.c, kernel/sched.c
 * (task list, task_state_char/name), tty.c (the controlling tty columns).
 */
#include "proc_internal.h"
#include <linux/sched.h>
#include <linux/tty.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/jiffies.h>
#include <linux/fdtable.h>
#include <linux/mm_types.h>

#define PROC_PID_POS		0x100000	/* as procfs.c: our readdir positions */
#define PROC_PID_INO(pid, n)	(0x20000000UL + ((unsigned long)(pid) << 4) + (n))
#define PROC_SELF_INO		3
#define USER_HZ			100		/* /proc reports times in 1/100 s */
#define CONSOLE_TTY_NR		MKDEV(4, 64)	/* ttyS0, as Linux numbers it */

enum pid_entry_kind { PID_STAT, PID_STATUS, PID_CMDLINE, PID_MAPS, PID_EXE, PID_FD, PID_TASK };

struct pid_entry {
	const char *name;
	umode_t mode;
	enum pid_entry_kind kind;
};

static const struct pid_entry pid_entries[] = {
	{ "stat",    S_IFREG | 0444, PID_STAT },
	{ "status",  S_IFREG | 0444, PID_STATUS },
	{ "cmdline", S_IFREG | 0444, PID_CMDLINE },
	{ "maps",    S_IFREG | 0444, PID_MAPS },
	{ "exe",     S_IFLNK | 0777, PID_EXE },
	{ "fd",      S_IFDIR | 0500, PID_FD },
	{ "task",    S_IFDIR | 0555, PID_TASK },
};

static const struct inode_operations proc_fd_dir_inode_operations;
static const struct file_operations proc_fd_dir_operations;
static const struct inode_operations proc_task_dir_inode_operations;
static const struct file_operations proc_task_dir_operations;
static const struct inode_operations proc_pid_dir_inode_operations;
static const struct file_operations proc_pid_dir_operations;

static inline pid_t inode_pid(struct inode *inode)
{
	return (pid_t)(uintptr_t)inode->i_private;
}

static bool pid_alive(pid_t pid)
{
	unsigned long flags;
	bool alive;

	spin_lock_irqsave(&tasklist_lock, flags);
	alive = find_task_by_pid(pid) != NULL;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return alive;
}

/*
 * A /proc/<pid> inode belongs to the task's effective uid and gid (Linux's
 * task_dump_owner), so a process's owner may read its fd/ directory
 * (mode 0500) as on Linux; root's by default, and if the task is gone.
 */
static struct inode *pid_inode_owned(struct inode *inode, pid_t pid)
{
	struct task_struct *p;
	unsigned long flags;

	if (!inode)
		return NULL;
	spin_lock_irqsave(&tasklist_lock, flags);
	p = find_task_by_pid(pid);
	if (p) {
		inode->i_uid = p->euid;
		inode->i_gid = p->egid;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return inode;
}

/* ---- file contents ---- */

static int proc_pid_stat_show(struct seq_file *m, void *v)
{
	pid_t pid = (pid_t)(uintptr_t)m->private;
	struct tty_struct *tty = &console_tty;
	struct task_struct *p;
	unsigned long flags;
	int err = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	p = find_task_by_pid(pid);
	if (!p) {
		err = -ESRCH;
		goto out_unlock;
	}
	/* Fields 1-24 as Linux (proc(5)); the rest are zeros we do not track. */
	seq_printf(m, "%d (%s) %c %d %d %d %d %d %lu ",
		   p->pid, p->comm, task_state_char(p), p->parent ? p->parent->tgid : 0,
		   p->pgrp, p->session,
		   tty->session && tty->session == p->session ? (int)new_encode_dev(CONSOLE_TTY_NR) : 0,
		   tty->session && tty->session == p->session ? tty->pgrp : -1,
		   p->flags);
	/* 10-24: ..., utime, stime, ..., priority, nice, num_threads, 0, starttime, vsize (bytes), rss (pages).
	 * 18 priority: 20 for nice 0, -1 - rt_priority for real time (Linux's prio - 100). */
	seq_printf(m, "0 0 0 0 %lu %lu 0 0 %d 0 %d 0 %lu %lu %lu ",
		   p->utime / (HZ / USER_HZ), p->stime / (HZ / USER_HZ),
		   p->rt_priority ? -1 - p->rt_priority : 20,
		   p->signal->nr_threads ? p->signal->nr_threads : 1,
		   p->start_time / (HZ / USER_HZ),
		   p->mm ? p->mm->total_vm * PAGE_SIZE : 0, p->mm ? mm_rss_pages(p->mm) : 0);
	/* 25 rsslim .. 52 exit_code (38 exit_signal, 40 rt_priority, 41 policy) */
	seq_printf(m, "%lu 0 0 0 0 0 0 0 0 0 0 0 0 %d 0 %d %d 0 0 0 0 0 0 0 0 0 0 %d\n",
		   RLIM_INFINITY, p->pdeath_signal, p->rt_priority, p->policy, p->exit_code);
out_unlock:
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return err;
}

static int proc_pid_status_show(struct seq_file *m, void *v)
{
	pid_t pid = (pid_t)(uintptr_t)m->private;
	struct task_struct *p;
	unsigned long flags;
	int err = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	p = find_task_by_pid(pid);
	if (!p) {
		err = -ESRCH;
		goto out_unlock;
	}
	seq_printf(m, "Name:\t%s\nState:\t%s\nTgid:\t%d\nPid:\t%d\nPPid:\t%d\n",
		   p->comm, task_state_name(p->state), p->tgid, p->pid,
		   p->parent ? p->parent->tgid : 0);
	seq_printf(m, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\nThreads:\t%d\n",
		   p->uid, p->euid, p->euid, p->euid, p->gid, p->egid, p->egid, p->egid,
		   p->signal->nr_threads);
	seq_printf(m, "voluntary_ctxt_switches:\t%lu\nnonvoluntary_ctxt_switches:\t%lu\n",
		   p->nvcsw, p->nivcsw);
out_unlock:
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return err;
}

/* argv as exec received it, NUL-separated; empty for kernel threads (as Linux). */
static int proc_pid_cmdline_show(struct seq_file *m, void *v)
{
	pid_t pid = (pid_t)(uintptr_t)m->private;
	struct task_struct *p;
	unsigned long flags;
	char *buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	size_t n = 0;
	int err = 0;

	if (!buf)
		return -ENOMEM;
	spin_lock_irqsave(&tasklist_lock, flags);
	p = find_task_by_pid(pid);
	if (p)
		n = task_cmdline(p, buf, PAGE_SIZE);
	else
		err = -ESRCH;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (n)
		seq_write(m, buf, n);
	kfree(buf);
	return err;
}

/*
 * Linux's maps format: "start-end perms offset dev inode name". The
 * program's own segments carry its path (their offset is not kept: 0),
 * then [heap] and [stack]; other mappings are anonymous. A task switch
 * cannot come between the lines: the kernel is not preempted and
 * tasklist_lock keeps interrupts off, so another thread of this mm
 * cannot change the VMA list while we walk it.
 */
static int proc_pid_maps_show(struct seq_file *m, void *v)
{
	pid_t pid = (pid_t)(uintptr_t)m->private;
	struct vm_area_struct *vma;
	struct task_struct *p;
	struct mm_struct *mm;
	unsigned long flags;
	int err = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	p = find_task_by_pid(pid);
	if (!p) {
		err = -ESRCH;
		goto out_unlock;
	}
	mm = p->mm;
	if (!mm)
		goto out_unlock;		/* a kernel thread: empty, as Linux */
	list_for_each_entry(vma, &mm->vmas, list) {
		const char *name = "";

		if (vma->vm_start >= mm->start_code && vma->vm_end <= mm->end_data)
			name = mm->exe_path;
		else if (vma->vm_start < mm->brk && vma->vm_end > mm->start_brk)
			name = "[heap]";
		else if (vma->vm_flags & VM_GROWSDOWN)
			name = "[stack]";
		seq_printf(m, "%08lx-%08lx %c%c%c%c 00000000 00:00 0 %s%s\n",
			   vma->vm_start, vma->vm_end,
			   vma->vm_flags & VM_READ ? 'r' : '-', vma->vm_flags & VM_WRITE ? 'w' : '-',
			   vma->vm_flags & VM_EXEC ? 'x' : '-', 'p',
			   *name ? "                   " : "", name);
	}
out_unlock:
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return err;
}

static int proc_pid_file_open(struct inode *inode, struct file *f)
{
	static const seq_show_t shows[] = {
		[PID_STAT] = proc_pid_stat_show,
		[PID_STATUS] = proc_pid_status_show,
		[PID_CMDLINE] = proc_pid_cmdline_show,
		[PID_MAPS] = proc_pid_maps_show,
	};
	const struct pid_entry *pe = inode->i_private;
	struct seq_file *m;

	/* i_private of a pid file is its pid_entry; the pid is its parent dir's. */
	m = seq_generate(shows[pe->kind], (void *)(uintptr_t)f->f_dentry->d_parent->d_inode->i_private);
	if (IS_ERR(m))
		return PTR_ERR(m);
	f->private_data = m;
	return 0;
}

static const struct file_operations proc_pid_file_fops = {
	.open = proc_pid_file_open,
	.read_iter = seq_read_iter,
	.llseek = seq_lseek,
	.release = seq_release,
};

static int proc_exe_get_link(struct dentry *d, char *buf, int size)
{
	pid_t pid = inode_pid(d->d_parent->d_inode);
	struct task_struct *p;
	unsigned long flags;
	const char *path;
	int len = -ESRCH;

	spin_lock_irqsave(&tasklist_lock, flags);
	p = find_task_by_pid(pid);
	if (p) {
		path = task_exe_path(p);
		len = -ENOENT;
		if (path) {
			len = strlen(path);
			if (len < size)
				memcpy(buf, path, len + 1);
			else
				len = -ENAMETOOLONG;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return len;
}

static const struct inode_operations proc_exe_inode_operations = {
	.get_link = proc_exe_get_link,
};

/* ---- /proc/<pid>/fd: one symlink per open descriptor ---- */

/* +ref on fd of task pid, or NULL. */
static struct file *task_fget(pid_t pid, unsigned int fd)
{
	struct task_struct *p;
	struct file *f = NULL;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	p = find_task_by_pid(pid);
	if (p && p->files)
		f = fget_raw_files(p->files, fd);	/* file_lock nests inside tasklist_lock */
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return f;
}

/* The lowest open fd >= from of task pid, or -1. */
static int task_next_fd(pid_t pid, unsigned int from)
{
	unsigned int fd;

	for (fd = from; fd < NR_OPEN_MAX; fd++) {
		struct file *f = task_fget(pid, fd);

		if (f) {
			fput(f);
			return fd;
		}
	}
	return -1;
}

/*
 * "N -> /path" for files in the tree, "pipe:[ino]" / "socket:[ino]" for
 * pseudo files, as Linux shows them. Called with namespace_mutex held (by
 * the walk or readlink), which d_path needs.
 */
static int proc_fd_get_link(struct dentry *d, char *buf, int size)
{
	pid_t pid = inode_pid(d->d_parent->d_inode);
	struct file *f = task_fget(pid, (unsigned int)(uintptr_t)d->d_inode->i_private);
	struct inode *inode;
	char *start;
	int len;

	if (!f)
		return -ENOENT;
	inode = f->f_inode;
	if (f->f_dentry) {
		len = d_path(f->f_dentry, root_dentry, buf, size, &start);
		if (!len) {
			len = buf + size - 1 - start;
			memmove(buf, start, len + 1);
		}
	} else {
		const char *kind = S_ISFIFO(inode->i_mode) ? "pipe" :
				   S_ISSOCK(inode->i_mode) ? "socket" : "anon_inode";

		len = snprintf(buf, size, "%s:[%lu]", kind, inode->i_ino);
		if (len >= size)
			len = -ENAMETOOLONG;
	}
	fput(f);
	return len;
}

static const struct inode_operations proc_fd_link_inode_operations = {
	.get_link = proc_fd_get_link,
};

static struct dentry *proc_fd_lookup(struct inode *dir, struct dentry *parent, const char *name)
{
	pid_t pid = inode_pid(dir);
	struct inode *inode;
	unsigned long fd;
	struct file *f;
	char *end;

	fd = simple_strtoul(name, &end, 10);
	if (!name[0] || *end || fd >= NR_OPEN_MAX || (name[0] == '0' && name[1]))
		return ERR_PTR(-ENOENT);
	f = task_fget(pid, fd);
	if (!f)
		return ERR_PTR(-ENOENT);
	inode = pid_inode_owned(proc_new_inode(get_next_ino(), S_IFLNK |
					       (f->f_mode & FMODE_READ ? 0500 : 0) |
					       (f->f_mode & FMODE_WRITE ? 0200 : 0)), pid);
	fput(f);
	if (inode) {
		inode->i_private = (void *)(uintptr_t)fd;
		inode->i_op = &proc_fd_link_inode_operations;
	}
	return proc_splice(parent, name, inode);
}

/* Positions: 0 ".", 1 "..", 2 + fd for descriptor fd. */
static int proc_fd_readdir(struct file *f, struct dir_context *ctx)
{
	pid_t pid = inode_pid(f->f_inode);
	char name[12];
	int fd;

	if (ctx->pos == 0) {
		if (!dir_emit(ctx, ".", 1, f->f_inode->i_ino, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!dir_emit(ctx, "..", 2, PROC_PID_INO(pid, 0), DT_DIR))
			return 0;
		ctx->pos = 2;
	}
	while ((fd = task_next_fd(pid, ctx->pos - 2)) >= 0) {
		int len = snprintf(name, sizeof(name), "%d", fd);

		ctx->pos = 2 + fd;
		if (!dir_emit(ctx, name, len, 0x30000000UL + fd, DT_LNK))
			return 0;
		ctx->pos++;
	}
	return 0;
}

static const struct inode_operations proc_fd_dir_inode_operations = {
	.lookup = proc_fd_lookup,
};

static const struct file_operations proc_fd_dir_operations = {
	.llseek = generic_file_llseek,
	.iterate = proc_fd_readdir,
};

/* ---- /proc/<pid>/task: one directory per thread ---- */

/* The smallest tid >= from among the live threads of tgid's process, or 0. */
static pid_t task_next_tid(pid_t tgid, pid_t from)
{
	struct task_struct *leader, *t;
	unsigned long flags;
	pid_t best = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	leader = find_task_by_pid(tgid);
	if (leader && leader->tgid == tgid)
		list_for_each_entry(t, &leader->signal->thread_head, thread_node)
			if (t->pid >= from && (!best || t->pid < best))
				best = t->pid;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return best;
}

static bool task_in_group(pid_t tgid, pid_t tid)
{
	struct task_struct *t;
	unsigned long flags;
	bool in;

	spin_lock_irqsave(&tasklist_lock, flags);
	t = find_task_by_pid(tid);
	in = t && t->tgid == tgid;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return in;
}

static struct dentry *proc_task_lookup(struct inode *dir, struct dentry *parent, const char *name)
{
	pid_t tgid = inode_pid(dir);
	unsigned long tid;
	struct inode *inode;
	char *end;

	tid = simple_strtoul(name, &end, 10);
	if (!name[0] || *end || tid > PID_MAX_DEFAULT || !task_in_group(tgid, tid))
		return ERR_PTR(-ENOENT);
	inode = pid_inode_owned(proc_new_inode(get_next_ino(), S_IFDIR | 0555), tid);
	if (inode) {
		inode->i_private = (void *)(uintptr_t)tid;
		inode->i_op = &proc_pid_dir_inode_operations;
		inode->i_fop = &proc_pid_dir_operations;
	}
	return proc_splice(parent, name, inode);
}

/* Positions: 0 ".", 1 "..", 2 + tid for thread tid (stable across exits, as /proc's). */
static int proc_task_readdir(struct file *f, struct dir_context *ctx)
{
	pid_t tgid = inode_pid(f->f_inode), tid;
	char name[12];

	if (ctx->pos == 0) {
		if (!dir_emit(ctx, ".", 1, f->f_inode->i_ino, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!dir_emit(ctx, "..", 2, PROC_PID_INO(tgid, 0), DT_DIR))
			return 0;
		ctx->pos = 2;
	}
	while ((tid = task_next_tid(tgid, ctx->pos - 2)) > 0) {
		int len = snprintf(name, sizeof(name), "%d", tid);

		ctx->pos = 2 + tid;
		if (!dir_emit(ctx, name, len, 0x40000000UL + tid, DT_DIR))
			return 0;
		ctx->pos++;
	}
	return 0;
}

static const struct inode_operations proc_task_dir_inode_operations = {
	.lookup = proc_task_lookup,
};

static const struct file_operations proc_task_dir_operations = {
	.llseek = generic_file_llseek,
	.iterate = proc_task_readdir,
};

/* ---- /proc/<pid> as a directory ---- */

static struct dentry *proc_pid_dir_lookup(struct inode *dir, struct dentry *parent, const char *name)
{
	pid_t pid = inode_pid(dir);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pid_entries); i++) {
		const struct pid_entry *pe = &pid_entries[i];
		struct inode *inode;

		if (strcmp(name, pe->name))
			continue;
		if (!pid_alive(pid))
			return ERR_PTR(-ENOENT);
		inode = pid_inode_owned(proc_new_inode(PROC_PID_INO(pid, i + 1), pe->mode), pid);
		if (inode) {
			inode->i_private = (void *)pe;
			if (pe->kind == PID_EXE) {
				inode->i_op = &proc_exe_inode_operations;
			} else if (pe->kind == PID_FD) {
				inode->i_private = (void *)(uintptr_t)pid;
				inode->i_op = &proc_fd_dir_inode_operations;
				inode->i_fop = &proc_fd_dir_operations;
			} else if (pe->kind == PID_TASK) {
				inode->i_private = (void *)(uintptr_t)pid;
				inode->i_op = &proc_task_dir_inode_operations;
				inode->i_fop = &proc_task_dir_operations;
			} else {
				inode->i_fop = &proc_pid_file_fops;
			}
		}
		return proc_splice(parent, name, inode);
	}
	return ERR_PTR(-ENOENT);
}

static int proc_pid_dir_readdir(struct file *f, struct dir_context *ctx)
{
	pid_t pid = inode_pid(f->f_inode);

	while (ctx->pos < 2 + (loff_t)ARRAY_SIZE(pid_entries)) {
		bool ok;

		if (ctx->pos == 0)
			ok = dir_emit(ctx, ".", 1, f->f_inode->i_ino, DT_DIR);
		else if (ctx->pos == 1)
			ok = dir_emit(ctx, "..", 2, 2, DT_DIR);
		else {
			const struct pid_entry *pe = &pid_entries[ctx->pos - 2];

			ok = dir_emit(ctx, pe->name, strlen(pe->name),
				      PROC_PID_INO(pid, ctx->pos - 1), fs_umode_to_dtype(pe->mode));
		}
		if (!ok)
			break;
		ctx->pos++;
	}
	return 0;
}

static const struct inode_operations proc_pid_dir_inode_operations = {
	.lookup = proc_pid_dir_lookup,
};

static const struct file_operations proc_pid_dir_operations = {
	.llseek = generic_file_llseek,
	.iterate = proc_pid_dir_readdir,
};

/* ---- /proc/self ---- */

static int proc_self_get_link(struct dentry *d, char *buf, int size)
{
	int len = snprintf(buf, size, "%d", current->tgid);

	return len < size ? len : -ENAMETOOLONG;
}

static const struct inode_operations proc_self_inode_operations = {
	.get_link = proc_self_get_link,
};

/* The root's names that are not in the registry; NULL means "not one of ours". */
struct dentry *proc_pid_lookup(struct dentry *parent, const char *name)
{
	struct inode *inode;
	unsigned long pid;
	char *end;

	if (!strcmp(name, "self")) {
		inode = proc_new_inode(PROC_SELF_INO, S_IFLNK | 0777);
		if (inode)
			inode->i_op = &proc_self_inode_operations;
		return proc_splice(parent, name, inode);
	}
	if (name[0] < '1' || name[0] > '9')
		return NULL;
	pid = simple_strtoul(name, &end, 10);
	if (*end || pid > PID_MAX_DEFAULT || !pid_alive(pid))
		return NULL;
	inode = pid_inode_owned(proc_new_inode(PROC_PID_INO(pid, 0), S_IFDIR | 0555), pid);
	if (inode) {
		inode->i_private = (void *)(uintptr_t)pid;
		inode->i_op = &proc_pid_dir_inode_operations;
		inode->i_fop = &proc_pid_dir_operations;
	}
	return proc_splice(parent, name, inode);
}

/* The smallest live process id >= from, or 0 (threads are listed under task/). */
static pid_t next_pid_from(pid_t from)
{
	struct task_struct *p;
	unsigned long flags;
	pid_t best = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p)
		if (thread_group_leader(p) && p->pid >= from && (!best || p->pid < best))
			best = p->pid;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return best;
}

/*
 * Positions: first_pos is "self", first_pos + 1 + pid is that pid. Walking
 * by pid (not by list index) means a task exiting between two getdents
 * calls never makes us skip or repeat another one.
 */
int proc_pid_readdir(struct dir_context *ctx, loff_t first_pos)
{
	char name[12];
	pid_t pid;

	if (ctx->pos == first_pos) {
		if (!dir_emit(ctx, "self", 4, PROC_SELF_INO, DT_LNK))
			return 0;
		ctx->pos++;
	}
	while ((pid = next_pid_from(ctx->pos - first_pos - 1 > 0 ? ctx->pos - first_pos - 1 : 1))) {
		int len = snprintf(name, sizeof(name), "%d", pid);

		ctx->pos = first_pos + 1 + pid;
		if (!dir_emit(ctx, name, len, PROC_PID_INO(pid, 0), DT_DIR))
			return 0;
		ctx->pos++;
	}
	return 0;
}

int proc_mounts_show(struct seq_file *m, void *v)
{
	seq_puts(m, "rootfs / rootfs rw 0 0\n");
	seq_puts(m, "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n");
	return 0;
}
