/*
 * poll(2), built on f_op->poll(file, poll_table) as Linux's fs/select.c,
 * so select/epoll/sockets plug into the same contract (include/linux/poll.h).
 *
 * do_poll loop:
 *   1. ask every fd's ->poll for its mask; on the first pass each call to
 *      poll_wait() hooks a poll_table_entry (our wait_queue_entry with
 *      pollwake as its function) on that file's wait queue;
 *   2. if any fd is ready, or the timeout is zero, or it ran out: done;
 *   3. sleep (TASK_INTERRUPTIBLE) until a pollwake sets pwq->triggered,
 *      a signal arrives, or the timeout passes; then go to 1 without
 *      registering again (the entries stay hooked until the end).
 * Setting the task state before checking `triggered` closes the race with
 * a wakeup that lands between the scan and the sleep.
 *
 * Interruption: a signal before anything is ready returns -ERESTARTNOHAND:
 * the syscall-exit path turns it into -EINTR when a handler runs, or
 * restarts poll (with its original timeout) when the signal was ignored
 * or only stopped us. Linux uses a restart block to shorten the timeout
 * on restart; we do not.
 *
 * Lock legend: none of our own; entries are added and removed under each
 * wait queue's lock by add_wait_queue/remove_wait_queue.
 *
 * Neighbours: pipe.c, tty.c, net/socket.c (->poll), kernel/wait.c.
 */
#include <linux/poll.h>
#include <linux/fdtable.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/jiffies.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>

struct poll_table_entry {
	struct file *filp;		/* +ref while hooked */
	__poll_t key;
	wait_queue_entry_t wait;
	wait_queue_head_t *wait_address;
};

#define POLL_TABLE_CHUNK	32	/* entries per kmalloc'd page of them */

struct poll_table_page {
	struct poll_table_page *next;
	unsigned int used;
	struct poll_table_entry entries[POLL_TABLE_CHUNK];
};

struct poll_wqueues {
	poll_table pt;
	struct poll_table_page *table;
	struct task_struct *polling_task;
	bool triggered;
	int error;			/* -ENOMEM while registering */
};

static int pollwake(wait_queue_entry_t *wait, unsigned mode, int sync, void *key)
{
	struct poll_table_entry *entry = container_of(wait, struct poll_table_entry, wait);
	struct poll_wqueues *pwq = wait->private;

	/* A keyed wakeup for events this waiter did not ask about is ignored. */
	if (key && !((uintptr_t)key & entry->key))
		return 0;
	WRITE_ONCE(pwq->triggered, true);
	return wake_up_process(pwq->polling_task);
}

static void __pollwait(struct file *filp, wait_queue_head_t *wqh, poll_table *p)
{
	struct poll_wqueues *pwq = container_of(p, struct poll_wqueues, pt);
	struct poll_table_page *page = pwq->table;
	struct poll_table_entry *entry;

	if (!page || page->used == POLL_TABLE_CHUNK) {
		page = kmalloc(sizeof(*page), GFP_KERNEL);
		if (!page) {
			pwq->error = -ENOMEM;
			return;
		}
		page->used = 0;
		page->next = pwq->table;
		pwq->table = page;
	}
	entry = &page->entries[page->used++];
	entry->filp = get_file(filp);
	entry->wait_address = wqh;
	entry->key = p->_key | POLLERR | POLLHUP;
	init_waitqueue_func_entry(&entry->wait, pollwake);
	entry->wait.private = pwq;
	add_wait_queue(wqh, &entry->wait);
}

static void poll_initwait(struct poll_wqueues *pwq)
{
	init_poll_funcptr(&pwq->pt, __pollwait);
	pwq->table = NULL;
	pwq->polling_task = current;
	pwq->triggered = false;
	pwq->error = 0;
}

static void poll_freewait(struct poll_wqueues *pwq)
{
	struct poll_table_page *page = pwq->table;

	while (page) {
		struct poll_table_page *next = page->next;
		unsigned int i;

		for (i = 0; i < page->used; i++) {
			remove_wait_queue(page->entries[i].wait_address, &page->entries[i].wait);
			fput(page->entries[i].filp);
		}
		kfree(page);
		page = next;
	}
}

__poll_t vfs_poll(struct file *file, poll_table *pt)
{
	if (!file->f_op->poll)
		return DEFAULT_POLLMASK;
	return file->f_op->poll(file, pt);
}

/* One fd's revents; registers through pt when pt is non-NULL. */
static short do_pollfd(struct pollfd *pfd, poll_table *pt)
{
	struct file *f;
	__poll_t mask;

	if (pfd->fd < 0)
		return 0;			/* ignored, as POSIX says */
	f = fget(pfd->fd);
	if (!f)
		return POLLNVAL;
	if (pt)
		pt->_key = pfd->events | POLLERR | POLLHUP;
	mask = vfs_poll(f, pt);
	fput(f);
	/* POLLERR, POLLHUP and POLLNVAL are reported even if not asked for. */
	return mask & (pfd->events | POLLERR | POLLHUP);
}

static int do_poll(struct pollfd *fds, unsigned int nfds, struct poll_wqueues *wait, long timeout)
{
	poll_table *pt = &wait->pt;
	int count;

	if (!timeout)
		pt = NULL;			/* a pure check registers nothing */
	for (;;) {
		unsigned int i;

		count = 0;
		for (i = 0; i < nfds; i++) {
			fds[i].revents = do_pollfd(&fds[i], pt);
			if (fds[i].revents)
				count++;
		}
		pt = NULL;			/* registered once, on the first pass */
		if (wait->error)
			return wait->error;
		if (count || !timeout)
			return count;
		if (signal_pending(current))
			return -ERESTARTNOHAND;

		set_current_state(TASK_INTERRUPTIBLE);
		if (!READ_ONCE(wait->triggered))
			timeout = schedule_timeout(timeout);
		__set_current_state(TASK_RUNNING);
		WRITE_ONCE(wait->triggered, false);
	}
}

long sys_poll(struct pollfd __user *ufds, unsigned int nfds, int timeout_msecs)
{
	struct poll_wqueues *wait;
	struct pollfd *fds;
	long timeout, ret;
	unsigned int i;

	if (nfds > task_nofile_limit())
		return -EINVAL;
	if (timeout_msecs < 0)
		timeout = MAX_SCHEDULE_TIMEOUT;
	else
		timeout = timeout_msecs ? (long)msecs_to_jiffies(timeout_msecs) + 1 : 0;	/* +1: never short */

	fds = kmalloc(nfds ? nfds * sizeof(*fds) : 1, GFP_KERNEL);
	wait = kmalloc(sizeof(*wait), GFP_KERNEL);
	ret = -ENOMEM;
	if (!fds || !wait)
		goto out_free;
	ret = -EFAULT;
	if (copy_from_user(fds, ufds, nfds * sizeof(*fds)))
		goto out_free;
	poll_initwait(wait);
	ret = do_poll(fds, nfds, wait, timeout);
	poll_freewait(wait);
	if (ret < 0)
		goto out_free;
	/* Only revents goes back: write each short, not the whole struct. */
	for (i = 0; i < nfds; i++)
		if (put_user(fds[i].revents, &ufds[i].revents)) {
			ret = -EFAULT;
			break;
		}
out_free:
	kfree(wait);
	kfree(fds);
	return ret;
}
