/*
 * POSIX record locks: fcntl(F_GETLK, F_SETLK, F_SETLKW) and, through
 * fcntl64, their struct flock64 forms F_GETLK64/F_SETLK64/F_SETLKW64,
 * as Linux's fs/locks.c gives them.
 *
 * A lock covers the byte range [fl_start, fl_end] of an inode (fl_end
 * OFFSET_MAX: to end of file and beyond) and belongs to an owner, the
 * files_struct of the process that set it: a forked child does not
 * inherit its parent's locks, and closing *any* descriptor of the file
 * releases all the owner's locks on it (filp_close -> locks_remove_posix),
 * as does exit (which closes everything). Read locks share, a write lock
 * excludes. One owner's locks never overlap each other: setting a range
 * replaces what the owner held there, merging with its same-type
 * neighbours and splitting a different-type lock around it (so a lock
 * request may need one extra object for the split).
 *
 * Call order: sys_fcntl/sys_fcntl64 (fcntl.c) -> fcntl_getlk /
 * fcntl_setlk(cmd, struct flock64 in kernel memory) -> find_conflict,
 * posix_apply. F_SETLKW sleeps on file_lock_wait until no conflict is
 * left (every change wakes every waiter, who look again: simple, and
 * waiters are few), or a signal (-ERESTARTSYS: EINTR for a handler
 * without SA_RESTART), or until waiting would close a cycle of owners
 * each waiting for the next (-EDEADLK, followed at most
 * MAX_DEADLK_ITERATIONS owners deep, as Linux).
 *
 * Bounds: at most MAX_FILE_LOCKS lock objects (held, waiting, and a
 * request's spare) system-wide; past that, F_SETLK is -ENOLCK.
 * /proc/locks lists held locks and, with "->", the waiting requests.
 *
 * Lock legend: file_lock_lock [L] guards both lists and nr_file_locks.
 * Neighbours: fcntl.c (the syscalls), open.c (filp_close), procfs.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/fs.h>
#include <linux/fdtable.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/proc_fs.h>
#include <uapi/fcntl.h>

#define OFFSET_MAX		((loff_t)0x7fffffffffffffffLL)
#define MAX_FILE_LOCKS		1024
#define MAX_DEADLK_ITERATIONS	10

typedef struct files_struct *fl_owner_t;

struct file_lock {
	struct list_head fl_list;	/* [L] held: in file_lock_list */
	struct list_head fl_blocked;	/* [L] an F_SETLKW request asleep: in blocked_list */
	struct inode *fl_inode;		/* the owner's open file keeps it alive */
	fl_owner_t fl_owner;
	pid_t fl_pid;			/* what F_GETLK reports */
	short fl_type;			/* F_RDLCK, F_WRLCK; F_UNLCK only in a request */
	loff_t fl_start, fl_end;	/* inclusive */
	fl_owner_t fl_waits_for;	/* asleep: the owner of the lock in the way */
};

static LIST_HEAD(file_lock_list);	/* [L] */
static LIST_HEAD(blocked_list);		/* [L] */
static unsigned int nr_file_locks;	/* [L] objects allocated */
static DEFINE_SPINLOCK(file_lock_lock);
static DECLARE_WAIT_QUEUE_HEAD(file_lock_wait);

static struct file_lock *locks_alloc(void)
{
	struct file_lock *fl;

	spin_lock(&file_lock_lock);
	if (nr_file_locks >= MAX_FILE_LOCKS) {
		spin_unlock(&file_lock_lock);
		return NULL;
	}
	nr_file_locks++;
	spin_unlock(&file_lock_lock);
	fl = kzalloc(sizeof(*fl), GFP_KERNEL);
	if (!fl) {
		spin_lock(&file_lock_lock);
		nr_file_locks--;
		spin_unlock(&file_lock_lock);
		return NULL;
	}
	INIT_LIST_HEAD(&fl->fl_list);
	INIT_LIST_HEAD(&fl->fl_blocked);
	return fl;
}

/* Caller holds file_lock_lock; fl is on no list. */
static void locks_free_locked(struct file_lock *fl)
{
	if (!fl)
		return;
	nr_file_locks--;
	kfree(fl);
}

static bool locks_overlap(const struct file_lock *a, const struct file_lock *b)
{
	return a->fl_start <= b->fl_end && b->fl_start <= a->fl_end;
}

/* Overlapping, or touching end to end (same-type locks of one owner merge). */
static bool locks_touch(const struct file_lock *a, const struct file_lock *b)
{
	if (locks_overlap(a, b))
		return true;
	return (a->fl_end != OFFSET_MAX && a->fl_end + 1 == b->fl_start) ||
	       (b->fl_end != OFFSET_MAX && b->fl_end + 1 == a->fl_start);
}

/* The first lock another owner holds that req may not coexist with. [L] */
static struct file_lock *find_conflict(const struct file_lock *req)
{
	struct file_lock *fl;

	list_for_each_entry(fl, &file_lock_list, fl_list)
		if (fl->fl_inode == req->fl_inode && fl->fl_owner != req->fl_owner &&
		    locks_overlap(fl, req) &&
		    (fl->fl_type == F_WRLCK || req->fl_type == F_WRLCK))
			return fl;
	return NULL;
}

/*
 * Would req, by waiting for blocker's owner, close a cycle? Follow "owner
 * X is asleep waiting for owner Y" through the sleepers. [L]
 */
static bool posix_locks_deadlock(const struct file_lock *req, const struct file_lock *blocker)
{
	fl_owner_t owner = blocker->fl_owner;

	for (int i = 0; i < MAX_DEADLK_ITERATIONS; i++) {
		struct file_lock *w;
		fl_owner_t next = NULL;

		if (owner == req->fl_owner)
			return true;
		list_for_each_entry(w, &blocked_list, fl_blocked)
			if (w->fl_owner == owner) {
				next = w->fl_waits_for;
				break;
			}
		if (!next)
			return false;
		owner = next;
	}
	return false;
}

/*
 * Make the owner's locks on the inode say req (no conflict with anyone
 * else is left: checked by the caller). req is inserted or, for F_UNLCK,
 * freed; *spare is used if one lock must be split in two. [L]
 */
static void posix_apply(struct file_lock *req, struct file_lock **spare)
{
	struct file_lock *fl, *tmp;

	list_for_each_entry_safe(fl, tmp, &file_lock_list, fl_list) {
		if (fl->fl_inode != req->fl_inode || fl->fl_owner != req->fl_owner)
			continue;
		if (fl->fl_type == req->fl_type) {
			if (!locks_touch(fl, req))
				continue;
			/* Same type: absorb it. The union covers nothing else of
			 * ours, since our own locks never overlap. */
			req->fl_start = min(req->fl_start, fl->fl_start);
			req->fl_end = max(req->fl_end, fl->fl_end);
			list_del(&fl->fl_list);
			locks_free_locked(fl);
			continue;
		}
		if (!locks_overlap(fl, req))
			continue;
		/* Other type (or an unlock): cut req's range out of fl. */
		if (fl->fl_start < req->fl_start && fl->fl_end > req->fl_end) {
			struct file_lock *right = *spare;

			*spare = NULL;
			*right = *fl;
			right->fl_start = req->fl_end + 1;
			list_add(&right->fl_list, &fl->fl_list);
			fl->fl_end = req->fl_start - 1;
		} else if (fl->fl_start < req->fl_start) {
			fl->fl_end = req->fl_start - 1;
		} else if (fl->fl_end > req->fl_end) {
			fl->fl_start = req->fl_end + 1;
		} else {
			list_del(&fl->fl_list);
			locks_free_locked(fl);
		}
	}
	if (req->fl_type == F_UNLCK)
		locks_free_locked(req);
	else
		list_add_tail(&req->fl_list, &file_lock_list);
	/* Anything released or downgraded may let a sleeper through. */
	wake_up_all(&file_lock_wait);
}

/* struct flock64 (kernel copy) -> a range on f's inode; Linux's flock_to_posix_lock. */
static int flock_to_posix_lock(struct file *f, struct file_lock *fl, const struct flock64 *l)
{
	loff_t start;

	switch (l->l_whence) {
	case SEEK_SET:
		start = 0;
		break;
	case SEEK_CUR:
		start = f->f_pos;
		break;
	case SEEK_END:
		start = file_inode(f)->i_size;
		break;
	default:
		return -EINVAL;
	}
	if (l->l_start > OFFSET_MAX - start)
		return -EOVERFLOW;
	start += l->l_start;
	if (start < 0)
		return -EINVAL;
	fl->fl_start = start;
	if (l->l_len > 0) {
		if (l->l_len - 1 > OFFSET_MAX - start)
			return -EOVERFLOW;
		fl->fl_end = start + l->l_len - 1;
	} else if (l->l_len < 0) {
		if (start + l->l_len < 0)
			return -EINVAL;
		fl->fl_end = start - 1;
		fl->fl_start = start + l->l_len;
	} else {
		fl->fl_end = OFFSET_MAX;
	}
	fl->fl_inode = file_inode(f);
	fl->fl_owner = current->files;
	fl->fl_pid = current->tgid;
	fl->fl_type = l->l_type;
	return 0;
}

int fcntl_getlk(struct file *f, struct flock64 *l)
{
	struct file_lock req, *fl;
	int err;

	if (l->l_type != F_RDLCK && l->l_type != F_WRLCK)
		return -EINVAL;
	memset(&req, 0, sizeof(req));
	err = flock_to_posix_lock(f, &req, l);
	if (err)
		return err;
	spin_lock(&file_lock_lock);
	fl = find_conflict(&req);
	if (fl) {
		l->l_type = fl->fl_type;
		l->l_whence = SEEK_SET;
		l->l_start = fl->fl_start;
		l->l_len = fl->fl_end == OFFSET_MAX ? 0 : fl->fl_end - fl->fl_start + 1;
		l->l_pid = fl->fl_pid;
	} else {
		l->l_type = F_UNLCK;
	}
	spin_unlock(&file_lock_lock);
	return 0;
}

int fcntl_setlk(struct file *f, bool wait, struct flock64 *l)
{
	struct file_lock *req, *spare, *fl;
	DEFINE_WAIT(w);
	int err;

	switch (l->l_type) {
	case F_RDLCK:
		if (!(f->f_mode & FMODE_READ))
			return -EBADF;
		break;
	case F_WRLCK:
		if (!(f->f_mode & FMODE_WRITE))
			return -EBADF;
		break;
	case F_UNLCK:
		wait = false;
		break;
	default:
		return -EINVAL;
	}
	req = locks_alloc();
	spare = locks_alloc();
	err = -ENOLCK;
	if (!req || !spare)
		goto out_free;
	err = flock_to_posix_lock(f, req, l);
	if (err)
		goto out_free;

	for (;;) {
		if (wait)
			prepare_to_wait(&file_lock_wait, &w, TASK_INTERRUPTIBLE);
		spin_lock(&file_lock_lock);
		fl = req->fl_type == F_UNLCK ? NULL : find_conflict(req);
		if (!fl) {
			list_del_init(&req->fl_blocked);
			posix_apply(req, &spare);
			req = NULL;
			err = 0;
		} else if (!wait) {
			err = -EAGAIN;
		} else if (posix_locks_deadlock(req, fl)) {
			err = -EDEADLK;
		} else {
			req->fl_waits_for = fl->fl_owner;
			if (list_empty(&req->fl_blocked))
				list_add_tail(&req->fl_blocked, &blocked_list);
			err = 1;	/* go to sleep */
		}
		spin_unlock(&file_lock_lock);
		if (err <= 0)
			break;
		if (signal_pending(current)) {
			err = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	if (wait)
		finish_wait(&file_lock_wait, &w);
out_free:
	spin_lock(&file_lock_lock);
	if (req)
		list_del(&req->fl_blocked);
	locks_free_locked(req);
	locks_free_locked(spare);
	spin_unlock(&file_lock_lock);
	return err;
}

/* owner closed a descriptor of f (or exited): its locks on the file go. */
void locks_remove_posix(struct file *f, struct files_struct *owner)
{
	struct file_lock *fl, *tmp;
	bool changed = false;

	if (list_empty(&file_lock_list))	/* the common case: no locks at all */
		return;
	spin_lock(&file_lock_lock);
	list_for_each_entry_safe(fl, tmp, &file_lock_list, fl_list) {
		if (fl->fl_inode == file_inode(f) && fl->fl_owner == owner) {
			list_del(&fl->fl_list);
			locks_free_locked(fl);
			changed = true;
		}
	}
	spin_unlock(&file_lock_lock);
	if (changed)
		wake_up_all(&file_lock_wait);
}

static void lock_show_one(struct seq_file *m, int id, const struct file_lock *fl, bool waiting)
{
	seq_printf(m, "%d: %sPOSIX  ADVISORY  %s %d %02x:%02x:%lu %lld ", id, waiting ? "-> " : "",
		   fl->fl_type == F_WRLCK ? "WRITE" : "READ ", fl->fl_pid,
		   MAJOR(fl->fl_inode->i_dev), MINOR(fl->fl_inode->i_dev), fl->fl_inode->i_ino,
		   fl->fl_start);
	if (fl->fl_end == OFFSET_MAX)
		seq_printf(m, "EOF\n");
	else
		seq_printf(m, "%lld\n", fl->fl_end);
}

/* /proc/locks, Linux's format: held locks, then "->" requests asleep. */
static int locks_show(struct seq_file *m, void *v)
{
	struct file_lock *fl;
	int id = 0;

	spin_lock(&file_lock_lock);
	list_for_each_entry(fl, &file_lock_list, fl_list)
		lock_show_one(m, ++id, fl, false);
	list_for_each_entry(fl, &blocked_list, fl_blocked)
		lock_show_one(m, ++id, fl, true);
	spin_unlock(&file_lock_lock);
	return 0;
}

void locks_init(void)
{
	proc_create_single("locks", locks_show, NULL);
}
