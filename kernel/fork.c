/*
 * Creating tasks: fork, vfork, clone (processes and threads), and kernel
 * threads.
 *
 * copy_process: a new task_struct and kernel stack; the parent's address
 * space, fd table, cwd/umask and signal handlers, each either copied
 * (dup_mm, dup_fd, copy_fs_struct) or shared with one more reference
 * (CLONE_VM, CLONE_FILES, CLONE_FS, CLONE_SIGHAND); with CLONE_THREAD it
 * joins the caller's thread group (same tgid and signal_struct, same
 * parent) instead of becoming a child (docs/threads.md); a new pid; the parent's user
 * register frame copied to the top of the child's kernel stack with
 * eax = 0, so the child "returns" from the same system call with 0.
 * Below that frame sits a switch frame whose return address is
 * ret_from_fork (kernel/entry.S): the child's first schedule() lands there.
 *
 * Limits: at most max_threads tasks in all and RLIMIT_NPROC per user;
 * past either, fork fails with EAGAIN (a fork bomb is stopped, not fatal).
 *
 * Neighbours: kernel/exit.c (the other end of a task's life),
 * kernel/sched.c, kernel/mm/mmap.c, kernel/fs (dup_fd, copy_fs_struct).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/mm_types.h>
#include <linux/fs.h>
#include <linux/fdtable.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include <asm/ptrace.h>
#include <asm/segment.h>

#define CLONE_VM		0x00000100
#define CLONE_FS		0x00000200
#define CLONE_FILES		0x00000400
#define CLONE_SIGHAND		0x00000800
#define CLONE_VFORK		0x00004000
#define CLONE_PARENT		0x00008000
#define CLONE_THREAD		0x00010000
#define CLONE_SYSVSEM		0x00040000	/* accepted: there are no SysV semaphores to undo */
#define CLONE_SETTLS		0x00080000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000
#define CLONE_CHILD_SETTID	0x01000000
#define CSIGNAL			0x000000ff

int max_threads = 256;
static struct kmem_cache *task_cachep, *sighand_cachep, *signal_cachep;
static pid_t last_pid;
unsigned long total_forks;	/* tasklist_lock; /proc/stat's "processes" */

/* The pid most recently handed out (/proc/loadavg's last field). */
pid_t last_pid_allocated(void)
{
	return READ_ONCE(last_pid);
}

void *alloc_kernel_stack(void);
void free_kernel_stack(void *stack);
void sched_enqueue_new(struct task_struct *p);
extern void ret_from_fork(void);

void fork_init(void)
{
	task_cachep = kmem_cache_create("task_struct", sizeof(struct task_struct), 16, 0, NULL);
	sighand_cachep = kmem_cache_create("sighand_cache", sizeof(struct sighand_struct), 0, 0, NULL);
	signal_cachep = kmem_cache_create("signal_cache", sizeof(struct signal_struct), 0, 0, NULL);
}

void release_task_struct(struct task_struct *p)
{
	if (p->sighand && refcount_dec_and_test(&p->sighand->count))
		kmem_cache_free(sighand_cachep, p->sighand);
	if (p->signal && refcount_dec_and_test(&p->signal->count))
		kmem_cache_free(signal_cachep, p->signal);
	kmem_cache_free(task_cachep, p);
}

/* exec in a task sharing its handlers with another process gets its own copy. */
int unshare_sighand(struct task_struct *p)
{
	struct sighand_struct *old = p->sighand, *n;

	if (refcount_read(&old->count) == 1)
		return 0;
	n = kmem_cache_alloc(sighand_cachep, GFP_KERNEL);
	if (!n)
		return -ENOMEM;
	refcount_set(&n->count, 1);
	memcpy(n->action, old->action, sizeof(n->action));
	p->sighand = n;
	refcount_dec(&old->count);	/* the sharer still holds one */
	return 0;
}

static struct signal_struct *alloc_signal(struct task_struct *p)
{
	struct signal_struct *sig = kmem_cache_alloc(signal_cachep, GFP_KERNEL);

	if (!sig)
		return NULL;
	memset(sig, 0, sizeof(*sig));
	refcount_set(&sig->count, 1);
	sig->nr_threads = 1;
	INIT_LIST_HEAD(&sig->thread_head);
	list_add_tail(&p->thread_node, &sig->thread_head);
	init_itimers(sig);	/* a new process has no alarm (POSIX: not inherited) */
	return sig;
}

/*
 * Linux's copy_process checks: a thread shares its handlers (a signal to
 * the process must mean one thing to all its threads), and handlers are
 * only shared within one address space (they are addresses). CLONE_FS or
 * CLONE_FILES without CLONE_VM is fine, as Linux.
 */
static int clone_flags_valid(unsigned long flags)
{
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	return 0;
}

/* Caller holds tasklist_lock. */
static pid_t alloc_pid(void)
{
	for (int tries = 0; tries < PID_MAX_DEFAULT; tries++) {
		if (++last_pid >= PID_MAX_DEFAULT)
			last_pid = 2;
		struct task_struct *p;
		bool used = false;
		for_each_process(p)
			if (p->pid == last_pid || p->pgrp == last_pid || p->session == last_pid)
				used = true;
		if (!used)
			return last_pid;
	}
	return -EAGAIN;
}

/* Lay out the new kernel stack: [switch frame -> ret_from_fork][pt_regs] at the top. */
static void setup_thread_stack(struct task_struct *p, const struct pt_regs *regs)
{
	unsigned long top = (unsigned long)p->stack + THREAD_SIZE;
	struct pt_regs *child = (struct pt_regs *)(top - sizeof(struct pt_regs));
	unsigned long *sp = (unsigned long *)child;

	if (regs)
		*child = *regs;
	else
		memset(child, 0, sizeof(*child));
	child->ax = 0;
	p->regs = child;
	*--sp = (unsigned long)ret_from_fork;
	*--sp = 0;	/* ebp */
	*--sp = 0;	/* ebx */
	*--sp = 0;	/* esi */
	*--sp = 0;	/* edi */
	p->thread.sp = (unsigned long)sp;
	p->thread.sp0 = top;
}

static struct task_struct *copy_process(unsigned long clone_flags, const struct pt_regs *regs,
					 unsigned long tls, int (*fn)(void *), void *arg,
					 const char *name)
{
	struct task_struct *parent = current, *p;
	unsigned long flags;
	int err = -ENOMEM;

	if (nr_processes() >= max_threads)
		return ERR_PTR(-EAGAIN);
	if (!fn && parent->pid > 1 && nr_processes() >= (int)parent->rlim[RLIMIT_NPROC].rlim_cur)
		return ERR_PTR(-EAGAIN);

	p = kmem_cache_alloc(task_cachep, GFP_KERNEL);
	if (!p)
		return ERR_PTR(-ENOMEM);
	*p = *parent;		/* inherit ids, limits, comm, TLS, blocked mask */
	p->state = TASK_UNINTERRUPTIBLE;
	p->flags = fn ? PF_KTHREAD : 0;
	p->exit_state = 0;
	p->exit_code = 0;
	p->exit_signal = (clone_flags & CLONE_THREAD) ? -1 : (int)(clone_flags & CSIGNAL);
	p->utime = p->stime = 0;
	p->start_time = jiffies;
	if (p->sched_reset_on_fork) {	/* Linux's sched_fork */
		p->policy = 0;		/* SCHED_OTHER */
		p->rt_priority = 0;
		p->sched_reset_on_fork = false;
	}
	p->rt_requeue = false;
	p->nvcsw = p->nivcsw = 0;
	p->stack_hwm = 0;
	p->clear_child_tid = NULL;
	p->set_child_tid = NULL;
	p->robust_list = NULL;
	p->unkillable = false;		/* only init itself */
	p->stop_sig = 0;
	p->stop_unreported = p->cont_unreported = false;
	/* A new stack of our own: the parent's alternate stack is not ours (Linux, CLONE_VM). */
	if ((clone_flags & (CLONE_VM | CLONE_VFORK)) == CLONE_VM)
		p->sas_ss_sp = p->sas_ss_size = 0;
	memset(&p->pending, 0, sizeof(p->pending));
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->sibling);
	INIT_LIST_HEAD(&p->run_list);
	INIT_LIST_HEAD(&p->tasks);
	INIT_LIST_HEAD(&p->thread_node);
	init_waitqueue_head(&p->wait_chldexit);
	p->mm = NULL;
	p->files = NULL;
	p->fs = NULL;
	p->sighand = NULL;
	p->signal = NULL;
	p->kthread_fn = fn;
	p->kthread_arg = arg;
	if (name)
		strlcpy(p->comm, name, sizeof(p->comm));

	p->stack = alloc_kernel_stack();
	if (!p->stack)
		goto out_free_task;
	if (clone_flags & CLONE_SIGHAND) {
		p->sighand = parent->sighand;
		refcount_inc(&p->sighand->count);
	} else {
		p->sighand = kmem_cache_alloc(sighand_cachep, GFP_KERNEL);
		if (!p->sighand)
			goto out_free_stack;
		refcount_set(&p->sighand->count, 1);
		if (parent->sighand)
			memcpy(p->sighand->action, parent->sighand->action, sizeof(p->sighand->action));
		else
			memset(p->sighand->action, 0, sizeof(p->sighand->action));
	}
	if (clone_flags & CLONE_THREAD) {
		p->signal = parent->signal;	/* linked into its thread list below */
		refcount_inc(&p->signal->count);
	} else {
		p->signal = alloc_signal(p);
		if (!p->signal)
			goto out_free_stack;
	}

	if (!fn) {
		if (clone_flags & CLONE_VM) {
			p->mm = parent->mm;
			refcount_inc(&p->mm->users);
		} else {
			p->mm = dup_mm(parent->mm);
		}
		if (!p->mm)
			goto out_free_stack;
		if (clone_flags & CLONE_FILES) {
			p->files = parent->files;
			refcount_inc(&p->files->count);
		} else {
			p->files = dup_fd(parent->files, &err);
		}
		if (!p->files)
			goto out_put_mm;
		if (clone_flags & CLONE_FS) {
			p->fs = parent->fs;
			refcount_inc(&p->fs->users);
		} else {
			p->fs = copy_fs_struct(parent->fs);
		}
		if (!p->fs)
			goto out_put_files;
	} else if (parent->fs) {
		/* kernel threads share nothing with user space but may look up paths */
		p->fs = copy_fs_struct(parent->fs);
	}
	setup_thread_stack(p, fn ? NULL : regs);
	if (clone_flags & CLONE_SETTLS) {
		/* Read the descriptor here, in the parent's address space (the
		 * pointer is the parent's), and fail the clone if it is bad. */
		err = do_set_thread_area(p, (struct user_desc __user *)tls, false);
		if (err)
			goto out_put_fs;
	}

	spin_lock_irqsave(&tasklist_lock, flags);
	/*
	 * A signal to our process group (^Z's SIGTSTP, ^C's SIGINT) must reach
	 * either the parent alone, before the fork, or the parent and the
	 * child after it. kill_pgrp walks the task list under tasklist_lock, so
	 * one that came before this point is pending on us and the child is not
	 * yet listed: give up and restart the fork after the signal is handled
	 * (Linux's copy_process does the same). Else a job ^Z'd mid-fork left
	 * its new child running, outside the stop.
	 */
	if (signal_pending(parent)) {
		spin_unlock_irqrestore(&tasklist_lock, flags);
		err = -ERESTARTNOINTR;
		goto out_put_fs;
	}
	/* A group being killed or exec'd takes no new threads (Linux: EINTR). */
	if ((clone_flags & CLONE_THREAD) && (parent->signal->group_exit || parent->flags & PF_EXITING)) {
		spin_unlock_irqrestore(&tasklist_lock, flags);
		err = -EINTR;
		goto out_put_fs;
	}
	p->pid = alloc_pid();
	if (p->pid < 0) {
		spin_unlock_irqrestore(&tasklist_lock, flags);
		err = -EAGAIN;
		goto out_put_fs;
	}
	total_forks++;
	if (clone_flags & CLONE_THREAD) {
		p->tgid = parent->tgid;
		p->group_leader = parent->group_leader;
		p->parent = p->group_leader->parent;
		p->signal->nr_threads++;
		list_add_tail(&p->thread_node, &p->signal->thread_head);
	} else {
		/* Children belong to the process: any of its threads may wait for them. */
		p->tgid = p->pid;
		p->group_leader = p;
		p->parent = (clone_flags & CLONE_PARENT) ? parent->group_leader->parent
							  : parent->group_leader;
		list_add_tail(&p->sibling, &p->parent->children);
	}
	list_add_tail(&p->tasks, &task_list);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return p;

out_put_fs:
	if (p->fs)
		free_fs_struct(p->fs);
out_put_files:
	if (p->files)
		put_files_struct(p->files);
out_put_mm:
	if (p->mm)
		mmput(p->mm);
out_free_stack:
	free_kernel_stack(p->stack);
out_free_task:
	/* sighand and signal (one ref each if set) go with the task_struct */
	if (p->signal && !(clone_flags & CLONE_THREAD))
		list_del_init(&p->thread_node);
	release_task_struct(p);
	return ERR_PTR(err);
}

long do_fork(unsigned long clone_flags, unsigned long newsp, int __user *parent_tid,
	     unsigned long tls, int __user *child_tid)
{
	struct task_struct *p;
	struct pt_regs *regs = current->regs;

	long err = clone_flags_valid(clone_flags);

	if (err)
		return err;
	p = copy_process(clone_flags, regs, tls, NULL, NULL, NULL);
	if (IS_ERR(p))
		return PTR_ERR(p);
	if (newsp)
		p->regs->sp = newsp;
	/*
	 * The tid pointers are kept, not checked: as in Linux, a bad one is
	 * silently skipped when it is written, and every write is a put_user
	 * in the owning task's context (never a write through another page
	 * table), so a kernel address can only ever fail access_ok.
	 */
	if (clone_flags & CLONE_PARENT_SETTID)
		put_user(p->pid, parent_tid);
	if (clone_flags & CLONE_CHILD_CLEARTID)
		p->clear_child_tid = (u32 __user *)child_tid;
	if (clone_flags & CLONE_CHILD_SETTID)
		p->set_child_tid = (u32 __user *)child_tid;	/* ret_from_fork_c writes it */
	p->pdeath_signal = 0;
	pid_t pid = p->pid;
	sched_enqueue_new(p);
	return pid;
}

long sys_fork(void)
{
	return do_fork(SIGCHLD, 0, NULL, 0, NULL);
}

long sys_vfork(void)
{
	/* A full copy is a correct vfork: the child may only exec or _exit anyway. */
	return do_fork(SIGCHLD, 0, NULL, 0, NULL);
}

long sys_clone(unsigned long flags, unsigned long newsp, int __user *parent_tid,
	       unsigned long tls, int __user *child_tid)
{
	/* posix_spawn-style vfork: a copy is a correct vfork, since the child may
	 * only exec or _exit (one that shares handlers must share the mm too). */
	if ((flags & CLONE_VFORK) && !(flags & CLONE_SIGHAND))
		flags &= ~(CLONE_VFORK | CLONE_VM);
	return do_fork(flags, newsp, parent_tid, tls, child_tid);
}

/* Kernel threads start here via ret_from_fork; user tasks return straight to user mode. */
void ret_from_fork_c(struct pt_regs *regs)
{
	struct task_struct *p = current;
	if (!p->kthread_fn) {
		/* CLONE_CHILD_SETTID: the child writes its own memory (Linux's schedule_tail). */
		if (p->set_child_tid)
			put_user((u32)p->pid, p->set_child_tid);
		return;
	}
	int ret = p->kthread_fn(p->kthread_arg);
	if (ret == 0 && p->mm) {
		/* The thread exec'd a program (pid 1 does): from now on it is a process. */
		p->kthread_fn = NULL;
		p->flags &= ~PF_KTHREAD;
		return;
	}
	do_exit(ret);
}

struct task_struct *kthread_create(int (*fn)(void *), void *arg, const char *name)
{
	return copy_process(0, NULL, 0, fn, arg, name);
}

struct task_struct *kthread_run(int (*fn)(void *), void *arg, const char *name)
{
	struct task_struct *p = kthread_create(fn, arg, name);
	if (!IS_ERR(p))
		sched_enqueue_new(p);
	else
		panic("kthread_run %s: %ld", name, PTR_ERR(p));
	return p;
}
