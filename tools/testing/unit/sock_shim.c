/*
 * sock_shim.c: the process side the socket layer touches, faked for host
 * unit tests (the shim proper, shim.c, covers memory, timers, softirqs and
 * /proc). Unit tests drive sockets from "softirq" and nonblocking calls,
 * so nothing here ever sleeps:
 *   current        one fake root task, no signals pending
 *   wait queues    real lists; schedule_timeout returns at once (0 left)
 *   files          pseudo inodes and files are real (kmalloc'd, counted):
 *                  sock_create and sock_alloc_file work, and the last
 *                  fput calls ->release (sock_close), so AF_UNIX tests can
 *                  pass sockets in flight and see them freed
 *   fds            none: fget finds nothing, sock_map_fd fails (EMFILE)
 *   random         a fixed-seed generator, so port choices repeat
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include <linux/fs.h>
#include <linux/fdtable.h>
#include <linux/slab.h>
#include <linux/random.h>

static struct task_struct unit_task = { .pid = 1, .tgid = 1, .comm = "unit" };
struct task_struct *current_task = &unit_task;

struct task_struct *get_current(void) { return current_task; }
bool signal_pending(struct task_struct *p) { return false; }
bool __signal_pending_current(void) { return false; }
void schedule(void) { }
long schedule_timeout(long timeout) { return 0; }

void init_waitqueue_head(wait_queue_head_t *wq)
{
	spin_lock_init(&wq->lock);
	INIT_LIST_HEAD(&wq->head);
}

static void add_entry(wait_queue_head_t *wq, wait_queue_entry_t *e, bool exclusive)
{
	if (list_empty(&e->entry)) {
		if (exclusive) {
			e->flags |= WQ_FLAG_EXCLUSIVE;
			list_add_tail(&e->entry, &wq->head);
		} else {
			list_add(&e->entry, &wq->head);
		}
	}
}

void prepare_to_wait(wait_queue_head_t *wq, wait_queue_entry_t *e, int state) { add_entry(wq, e, false); }
void prepare_to_wait_exclusive(wait_queue_head_t *wq, wait_queue_entry_t *e, int state) { add_entry(wq, e, true); }
void finish_wait(wait_queue_head_t *wq, wait_queue_entry_t *e)
{
	if (!list_empty(&e->entry))
		list_del_init(&e->entry);
}
bool waitqueue_active(wait_queue_head_t *wq) { return !list_empty(&wq->head); }

int autoremove_wake_function(wait_queue_entry_t *e, unsigned mode, int flags, void *key)
{
	list_del_init(&e->entry);
	return 1;
}

void __wake_up(wait_queue_head_t *wq, unsigned mode, int nr_exclusive, void *key)
{
	struct list_head *pos, *n;

	for (pos = wq->head.next, n = pos->next; pos != &wq->head; pos = n, n = pos->next) {
		wait_queue_entry_t *e = list_entry(pos, wait_queue_entry_t, entry);
		unsigned int flags = e->flags;

		if (e->func(e, mode, 0, key) && (flags & WQ_FLAG_EXCLUSIVE) && !--nr_exclusive)
			break;
	}
}

int get_unused_fd_flags(unsigned int flags) { return -EMFILE; }
void put_unused_fd(int fd) { }
void fd_install(int fd, struct file *f) { }
struct file *fget(unsigned int fd) { return NULL; }

/* One reference per pseudo inode (the socket's, then its file's): iput frees it. */
struct inode *new_inode_pseudo(umode_t mode)
{
	struct inode *inode = kzalloc(sizeof(*inode), GFP_KERNEL);

	if (inode)
		inode->i_mode = mode;
	return inode;
}
void iput(struct inode *inode) { kfree(inode); }

struct file *alloc_file_pseudo(struct inode *inode, const char *name, int flags,
			       const struct file_operations *fops)
{
	struct file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return ERR_PTR(-ENFILE);
	atomic_set(&f->f_count, 1);
	spin_lock_init(&f->f_lock);
	f->f_flags = flags;
	f->f_op = fops;
	f->f_inode = inode;
	return f;
}

/* The last reference: ->release (a socket's sock_close), then the inode and the file. */
void fput(struct file *f)
{
	if (!atomic_dec_and_test(&f->f_count))
		return;
	if (f->f_op && f->f_op->release)
		f->f_op->release(f->f_inode, f);
	iput(f->f_inode);
	kfree(f);
}
loff_t no_llseek(struct file *f, loff_t offset, int whence) { return -ESPIPE; }

u32 get_random_u32(void)
{
	static u32 x = 2463534242u;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return x;
}

/* Deterministic, so a failing test replays the same secrets and sequence numbers. */
void get_random_bytes(void *buf, size_t n)
{
	u8 *p = buf;

	while (n--)
		*p++ = (u8)get_random_u32();
}

/* Signals the code under test sent (SIGPIPE from a send after reset), for tests to check. */
int unit_last_signal;
int send_sig(int sig, struct task_struct *p, int priv)
{
	unit_last_signal = sig;
	return 0;
}
