/*
 * poll(2), ppoll(2), select(2) (_newselect) and pselect6(2), all built on
 * f_op->poll(file, poll_table) as Linux's fs/select.c, so pipes, the tty
 * and sockets serve every one of them (and epoll, kernel/fs/eventpoll.c)
 * through the same contract (include/linux/poll.h).
 *
 * Call order:
 *   sys_poll / sys_ppoll  → do_sys_poll → do_poll → do_pollfd → vfs_poll
 *   sys_select / sys_pselect6 → core_sys_select → do_select → vfs_poll
 *   then poll_select_finish: put back the time left, restore a sigmask.
 *
 * The waiting loop (do_poll and do_select have the same shape):
 *   1. ask every fd's ->poll for its mask; on the first pass each call to
 *      poll_wait() hooks one poll_table_entry (a wait_queue_entry whose
 *      function is pollwake) on that file's wait queue;
 *   2. if any fd is ready, or the timeout is zero or has passed: done;
 *   2b. net.core.busy_poll set and a socket answered POLL_BUSY_LOOP: go
 *      to 1 again instead of sleeping, until busy_poll us have passed
 *      (each scan polls those sockets' NAPIs: include/net/busy_poll.h);
 *   3. sleep (TASK_INTERRUPTIBLE) until a pollwake sets pwq->triggered,
 *      a signal arrives, or the deadline; then go to 1 without registering
 *      again (the entries stay hooked until poll_freewait at the end).
 * Setting the task state before testing `triggered` closes the race with
 * a wake-up landing between the scan and the sleep.
 *
 * Timeouts are a deadline on the monotonic clock (struct poll_deadline),
 * so a sleep cut short by an unrelated wake-up resumes with what is left,
 * and select/pselect6/ppoll write the time left back as Linux does.
 *
 * Interruption: a signal before anything is ready gives -ERESTARTNOHAND:
 * the syscall-exit path turns it into -EINTR when a handler runs, or
 * restarts the call when the signal only stopped us or was ignored.
 * select and ppoll/pselect6 then restart with the time they wrote back;
 * poll(2) restarts with its original timeout (Linux keeps the remainder
 * in a restart block; we have none).
 * ppoll/pselect6 swap in the caller's signal mask for the sleep
 * (set_user_sigmask); it is put back on return, or - when a signal
 * interrupted us - after the handler frame is built (signal_frame.c), so
 * the handler runs for a signal that was blocked before the call.
 *
 * Lock legend: none of our own. Entries are added and removed under each
 * wait queue's lock by add_wait_queue/remove_wait_queue; pollwake runs
 * with that lock held, maybe in IRQ context, and only sets a flag and
 * wakes the task.
 *
 * Neighbours: pipe.c, tty.c, net/socket.c (->poll), kernel/wait.c,
 * eventpoll.c (uses the deadline and sigmask helpers below).
 */
#include <linux/poll.h>
#include <linux/eventpoll.h>
#include <linux/fdtable.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/jiffies.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>
#include <net/busy_poll.h>
#include <uapi/time.h>
#include <uapi/signal.h>

/* One (file, wait queue) hook of a poll/select call. */
struct poll_table_entry {
	struct poll_table_entry *next;	/* the call's list, newest first */
	struct file *filp;		/* +ref while hooked */
	__poll_t key;			/* events this fd asked for (+ERR/HUP) */
	wait_queue_entry_t wait;	/* on *wait_address; func = pollwake */
	wait_queue_head_t *wait_address;
};

/* The state of one poll/select call. */
struct poll_wqueues {
	poll_table pt;			/* _qproc = __pollwait */
	struct poll_table_entry *table;	/* every hook made so far */
	struct task_struct *polling_task;
	bool triggered;			/* a pollwake since the last scan */
	int error;			/* -ENOMEM while registering */
};

/* The entries come from their own cache, so /proc/slabinfo shows any leak by name. */
static struct kmem_cache *poll_entry_cachep;

/* Made at boot by eventpoll_init; the first poll makes it if that has not run. */
void poll_table_cache_init(void)
{
	if (!poll_entry_cachep)
		poll_entry_cachep = kmem_cache_create("poll_table_entry",
						      sizeof(struct poll_table_entry), 0, 0, NULL);
}

static struct kmem_cache *poll_entry_cache(void)
{
	poll_table_cache_init();
	return poll_entry_cachep;
}

/* ---- deadlines (shared with eventpoll.c) ---- */

void poll_deadline_forever(struct poll_deadline *d)
{
	d->forever = true;
	d->zero = false;
	d->end_ns = 0;
}

/*
 * A relative timeout of sec + nsec from now. The caller has validated it
 * (sec >= 0, 0 <= nsec < 1e9). A 64-bit sec can pass the end of the
 * nanosecond clock: the deadline saturates there, as Linux's
 * timespec64_add_safe does, rather than wrap to a time already past.
 */
void poll_deadline_set(struct poll_deadline *d, s64 sec, s64 nsec)
{
	u64 now = ktime_get_ns();

	d->forever = false;
	d->zero = !sec && !nsec;
	if ((u64)sec >= ((u64)-1 - now) / NSEC_PER_SEC - 1)
		d->end_ns = (u64)-1;
	else
		d->end_ns = now + (u64)sec * NSEC_PER_SEC + (u64)nsec;
}

void poll_deadline_ms(struct poll_deadline *d, int msecs)
{
	if (msecs < 0)
		poll_deadline_forever(d);
	else
		poll_deadline_set(d, msecs / 1000, (s64)(msecs % 1000) * NSEC_PER_MSEC);
}

/*
 * Jiffies to sleep before the deadline, for schedule_timeout; 0 when it has
 * passed. Rounded up, plus one because the current tick is partly spent:
 * a wait never ends early (callers re-check the clock after waking). A
 * deadline months away saturates at MAX_JIFFY_OFFSET: the caller wakes
 * after ~12 days, finds it has not passed, and sleeps again.
 */
long poll_deadline_jiffies(const struct poll_deadline *d)
{
	u64 now;

	if (d->forever)
		return MAX_SCHEDULE_TIMEOUT;
	now = ktime_get_ns();
	if (d->zero || now >= d->end_ns)
		return 0;
	return (long)nsecs_to_jiffies_timeout(d->end_ns - now) + 1;
}

static bool poll_deadline_passed(const struct poll_deadline *d)
{
	return !d->forever && (d->zero || ktime_get_ns() >= d->end_ns);
}

/* ---- ppoll/pselect6/epoll_pwait: the temporary signal mask ---- */

/*
 * Install the caller's mask for the duration of the call, remembering the
 * old one in current->saved_sigmask. NULL umask: nothing to do.
 */
int set_user_sigmask(const kernel_sigset_t __user *umask, size_t sigsetsize)
{
	kernel_sigset_t kmask;

	if (!umask)
		return 0;
	if (sigsetsize != sizeof(kernel_sigset_t))
		return -EINVAL;
	if (copy_from_user(&kmask, umask, sizeof(kmask)))
		return -EFAULT;
	/* SIGKILL and SIGSTOP can never be blocked. */
	kmask.sig[0] &= ~((1UL << (SIGKILL - 1)) | (1UL << (SIGSTOP - 1)));
	current->saved_sigmask = current->blocked;
	current->restore_sigmask = true;
	current->blocked = kmask;
	return 0;
}

/*
 * On the way out: when a signal interrupted the call, leave the restore to
 * the signal-delivery path (the handler must run under the temporary mask,
 * and sigreturn puts the saved one back). Otherwise put it back now.
 */
void restore_saved_sigmask_unless(bool interrupted)
{
	if (interrupted || !current->restore_sigmask)
		return;
	current->restore_sigmask = false;
	current->blocked = current->saved_sigmask;
}

/* ---- hooking onto wait queues ---- */

static int pollwake(wait_queue_entry_t *wait, unsigned mode, int sync, void *key)
{
	struct poll_table_entry *entry = container_of(wait, struct poll_table_entry, wait);
	struct poll_wqueues *pwq = wait->private;

	/* A keyed wake-up for events this waiter did not ask about is ignored. */
	if (key && !((uintptr_t)key & entry->key))
		return 0;
	WRITE_ONCE(pwq->triggered, true);
	return wake_up_process(pwq->polling_task);
}

static void __pollwait(struct file *filp, wait_queue_head_t *wqh, poll_table *p)
{
	struct poll_wqueues *pwq = container_of(p, struct poll_wqueues, pt);
	struct kmem_cache *cache = poll_entry_cache();
	struct poll_table_entry *entry = cache ? kmem_cache_alloc(cache, GFP_KERNEL) : NULL;

	if (!entry) {
		pwq->error = -ENOMEM;
		return;
	}
	entry->filp = get_file(filp);
	entry->wait_address = wqh;
	entry->key = p->_key | POLLERR | POLLHUP;
	init_waitqueue_func_entry(&entry->wait, pollwake);
	entry->wait.private = pwq;
	entry->next = pwq->table;
	pwq->table = entry;
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
	struct poll_table_entry *entry = pwq->table;

	while (entry) {
		struct poll_table_entry *next = entry->next;

		remove_wait_queue(entry->wait_address, &entry->wait);
		fput(entry->filp);
		kmem_cache_free(poll_entry_cachep, entry);
		entry = next;
	}
	pwq->table = NULL;
}

/*
 * Sleep until a pollwake, a signal or the deadline. Returns false once the
 * deadline has passed (the caller scans one last time, then gives up).
 */
static bool poll_schedule(struct poll_wqueues *pwq, const struct poll_deadline *end)
{
	long j;

	set_current_state(TASK_INTERRUPTIBLE);
	j = poll_deadline_jiffies(end);
	if (j && !READ_ONCE(pwq->triggered))
		schedule_timeout(j);
	__set_current_state(TASK_RUNNING);
	WRITE_ONCE(pwq->triggered, false);
	return !poll_deadline_passed(end);
}

__poll_t vfs_poll(struct file *file, poll_table *pt)
{
	if (!file->f_op->poll)
		return DEFAULT_POLLMASK;
	return file->f_op->poll(file, pt);
}

/* ---- poll / ppoll ---- */

/*
 * One fd's revents; registers through pt while pt->_qproc is set. A
 * socket that can be busy-polled answers POLL_BUSY_LOOP (sock_poll):
 * noted in *can_busy_loop, never reported.
 */
static short do_pollfd(struct pollfd *pfd, poll_table *pt, bool *can_busy_loop,
		       __poll_t busy_flag)
{
	__poll_t filter = pfd->events | POLLERR | POLLHUP;
	struct file *f;
	__poll_t mask;

	if (pfd->fd < 0)
		return 0;			/* ignored, as POSIX says */
	f = fget(pfd->fd);
	if (!f)
		return POLLNVAL;
	pt->_key = filter | busy_flag;
	mask = vfs_poll(f, pt);
	fput(f);
	if (mask & busy_flag)
		*can_busy_loop = true;
	/* POLLERR, POLLHUP and POLLNVAL are reported even if not asked for. */
	return mask & filter;
}

/*
 * net.core.busy_poll (include/net/busy_poll.h): while nothing is ready
 * and some socket said it can be busy-polled, scan again - each scan
 * polls those sockets' NAPIs once - until busy_poll us have passed; only
 * then sleep, and without the flag. False when it is time to sleep.
 */
static bool poll_busy_loop_again(bool can_busy_loop, u64 *busy_start)
{
	if (!can_busy_loop || need_resched)
		return false;
	if (!*busy_start) {
		*busy_start = busy_loop_current_time();
		return true;
	}
	return !busy_loop_timeout(*busy_start);
}

static int do_poll(struct pollfd *fds, unsigned int nfds, struct poll_wqueues *wait,
		   const struct poll_deadline *end)
{
	poll_table *pt = &wait->pt;
	bool timed_out = end->zero;
	__poll_t busy_flag = net_busy_loop_on() ? POLL_BUSY_LOOP : 0;
	u64 busy_start = 0;
	int count;

	if (timed_out)
		pt->_qproc = NULL;		/* a pure check registers nothing */
	for (;;) {
		bool can_busy_loop = false;
		unsigned int i;

		count = 0;
		for (i = 0; i < nfds; i++) {
			fds[i].revents = do_pollfd(&fds[i], pt, &can_busy_loop, busy_flag);
			if (fds[i].revents)
				count++;
		}
		pt->_qproc = NULL;		/* registered once, on the first pass */
		if (wait->error)
			return wait->error;
		if (count || timed_out)
			return count;
		if (signal_pending(current))
			return -ERESTARTNOHAND;
		if (poll_busy_loop_again(can_busy_loop, &busy_start))
			continue;
		busy_flag = 0;
		timed_out = !poll_schedule(wait, end);
	}
}

static long do_sys_poll(struct pollfd __user *ufds, unsigned int nfds,
			const struct poll_deadline *end)
{
	struct poll_wqueues *wait;
	struct pollfd *fds;
	long ret;
	unsigned int i;

	if (nfds > task_nofile_limit())
		return -EINVAL;
	fds = kmalloc(nfds ? nfds * sizeof(*fds) : 1, GFP_KERNEL);
	wait = kmalloc(sizeof(*wait), GFP_KERNEL);
	ret = -ENOMEM;
	if (!fds || !wait)
		goto out_free;
	ret = -EFAULT;
	if (copy_from_user(fds, ufds, nfds * sizeof(*fds)))
		goto out_free;
	poll_initwait(wait);
	ret = do_poll(fds, nfds, wait, end);
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

long sys_poll(struct pollfd __user *ufds, unsigned int nfds, int timeout_msecs)
{
	struct poll_deadline end;

	poll_deadline_ms(&end, timeout_msecs);
	return do_sys_poll(ufds, nfds, &end);
}

/* How poll_select_finish writes the time left back. */
enum poll_time_type { PT_TIMEVAL, PT_OLD_TIMESPEC, PT_TIMESPEC64 };

/*
 * Linux's validity rule for a timeout: seconds >= 0, 0 <= nsec < 1e9.
 * Returns -EINVAL or 0 with *end set.
 */
static int poll_select_set_timeout(struct poll_deadline *end, s64 sec, s64 nsec)
{
	if (sec < 0 || nsec < 0 || nsec >= (s64)NSEC_PER_SEC)
		return -EINVAL;
	poll_deadline_set(end, sec, nsec);
	return 0;
}

/*
 * Common exit of select, pselect6 and ppoll: the signal mask, then the time
 * left written to the caller's timeout (not for a zero timeout, as Linux).
 * If that write faults the call cannot be restarted with the right time,
 * so an interrupted call becomes a plain -EINTR.
 */
static long poll_select_finish(const struct poll_deadline *end, void __user *p,
			       enum poll_time_type type, long ret)
{
	u64 now, left = 0;
	int err;

	restore_saved_sigmask_unless(ret == -ERESTARTNOHAND);
	if (!p || end->forever || end->zero)
		return ret;
	now = ktime_get_ns();
	if (now < end->end_ns)
		left = end->end_ns - now;
	switch (type) {
	case PT_TIMEVAL: {
		struct timeval tv = { (long)(left / NSEC_PER_SEC),
				      (long)(left % NSEC_PER_SEC / NSEC_PER_USEC) };
		err = copy_to_user(p, &tv, sizeof(tv)) ? -EFAULT : 0;
		break;
	}
	case PT_OLD_TIMESPEC: {
		struct timespec ts = { (long)(left / NSEC_PER_SEC), (long)(left % NSEC_PER_SEC) };
		err = copy_to_user(p, &ts, sizeof(ts)) ? -EFAULT : 0;
		break;
	}
	default: {
		struct __kernel_timespec ts = { (s64)(left / NSEC_PER_SEC), (s64)(left % NSEC_PER_SEC) };
		err = copy_to_user(p, &ts, sizeof(ts)) ? -EFAULT : 0;
		break;
	}
	}
	if (err && ret == -ERESTARTNOHAND)
		ret = -EINTR;
	return ret;
}

/* Read a user timespec (32- or 64-bit) into a deadline: 0, -EFAULT or -EINVAL. */
static int get_poll_timeout(struct poll_deadline *end, const void __user *tsp, bool time64)
{
	if (time64) {
		struct __kernel_timespec ts;

		if (copy_from_user(&ts, tsp, sizeof(ts)))
			return -EFAULT;
		/* A 32-bit task's tv_nsec is 32 bits: the upper half is padding. */
		return poll_select_set_timeout(end, ts.tv_sec, (long)ts.tv_nsec);
	} else {
		struct timespec ts;

		if (copy_from_user(&ts, tsp, sizeof(ts)))
			return -EFAULT;
		return poll_select_set_timeout(end, ts.tv_sec, ts.tv_nsec);
	}
}

static long do_ppoll(struct pollfd __user *ufds, unsigned int nfds, void __user *tsp,
		     const kernel_sigset_t __user *sigmask, size_t sigsetsize, bool time64)
{
	struct poll_deadline end;
	long ret;

	poll_deadline_forever(&end);
	if (tsp) {
		ret = get_poll_timeout(&end, tsp, time64);
		if (ret)
			return ret;
	}
	ret = set_user_sigmask(sigmask, sigsetsize);
	if (ret)
		return ret;
	ret = do_sys_poll(ufds, nfds, &end);
	return poll_select_finish(&end, tsp, time64 ? PT_TIMESPEC64 : PT_OLD_TIMESPEC, ret);
}

long sys_ppoll(struct pollfd __user *ufds, unsigned int nfds, struct timespec __user *tsp,
	       const kernel_sigset_t __user *sigmask, size_t sigsetsize)
{
	return do_ppoll(ufds, nfds, tsp, sigmask, sigsetsize, false);
}

long sys_ppoll_time64(struct pollfd __user *ufds, unsigned int nfds,
		      struct __kernel_timespec __user *tsp,
		      const kernel_sigset_t __user *sigmask, size_t sigsetsize)
{
	return do_ppoll(ufds, nfds, tsp, sigmask, sigsetsize, true);
}

/* ---- select / pselect6 ---- */

/*
 * fd_set bitmaps as the kernel keeps them: only as many bits as an fd
 * table can have (NR_OPEN_MAX), so they live on the stack. A larger nfds
 * is clamped, as Linux clamps it to the table's size.
 */
#define SELECT_LONGS	FD_LONGS
typedef struct {
	unsigned long in[SELECT_LONGS], out[SELECT_LONGS], ex[SELECT_LONGS];
	unsigned long res_in[SELECT_LONGS], res_out[SELECT_LONGS], res_ex[SELECT_LONGS];
} fd_set_bits;

/* What each set means in poll bits (Linux's POLLIN_SET etc.). */
#define POLLIN_SET	(POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define POLLOUT_SET	(POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define POLLEX_SET	(POLLPRI)

#define FDS_BITPERLONG	(8 * sizeof(long))
#define FDS_BYTES(n)	((((n) + FDS_BITPERLONG - 1) / FDS_BITPERLONG) * sizeof(long))

/* Copy in one set (NULL means empty). */
static int get_fd_set(unsigned int n, void __user *ufdset, unsigned long *fdset)
{
	memset(fdset, 0, SELECT_LONGS * sizeof(long));
	if (!ufdset)
		return 0;
	return copy_from_user(fdset, ufdset, FDS_BYTES(n)) ? -EFAULT : 0;
}

static int set_fd_set(unsigned int n, void __user *ufdset, const unsigned long *fdset)
{
	if (!ufdset)
		return 0;
	return copy_to_user(ufdset, fdset, FDS_BYTES(n)) ? -EFAULT : 0;
}

/* -EBADF if any set names an fd that is not open (checked once, up front). */
static int max_select_fd(unsigned int n, const fd_set_bits *fds)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		unsigned long bit = 1UL << (i % FDS_BITPERLONG);
		unsigned int w = i / FDS_BITPERLONG;
		struct file *f;

		if (!((fds->in[w] | fds->out[w] | fds->ex[w]) & bit))
			continue;
		f = fget(i);
		if (!f)
			return -EBADF;
		fput(f);
	}
	return 0;
}

/* The events one fd's bits ask for: the key its hook filters wake-ups with. */
static __poll_t select_key(const fd_set_bits *fds, unsigned int w, unsigned long bit)
{
	__poll_t key = POLLEX_SET;

	if (fds->in[w] & bit)
		key |= POLLIN_SET;
	if (fds->out[w] & bit)
		key |= POLLOUT_SET;
	return key;
}

static int do_select(unsigned int n, fd_set_bits *fds, const struct poll_deadline *end)
{
	struct poll_wqueues *wait;
	poll_table *pt;
	bool timed_out = end->zero;
	__poll_t busy_flag = net_busy_loop_on() ? POLL_BUSY_LOOP : 0;
	u64 busy_start = 0;
	int ret = max_select_fd(n, fds);

	if (ret)
		return ret;
	wait = kmalloc(sizeof(*wait), GFP_KERNEL);
	if (!wait)
		return -ENOMEM;
	poll_initwait(wait);
	pt = &wait->pt;
	if (timed_out)
		pt->_qproc = NULL;		/* a pure check registers nothing */
	for (;;) {
		bool can_busy_loop = false;
		unsigned int i;

		ret = 0;
		for (i = 0; i < n; i++) {
			unsigned int w = i / FDS_BITPERLONG;
			unsigned long bit = 1UL << (i % FDS_BITPERLONG);
			struct file *f;
			__poll_t mask;

			if (!((fds->in[w] | fds->out[w] | fds->ex[w]) & bit))
				continue;
			f = fget(i);
			if (!f)
				continue;	/* closed under us: nothing to report */
			pt->_key = select_key(fds, w, bit) | busy_flag;
			mask = vfs_poll(f, pt);
			fput(f);
			if (mask & busy_flag)
				can_busy_loop = true;
			if ((mask & POLLIN_SET) && (fds->in[w] & bit) && !(fds->res_in[w] & bit)) {
				fds->res_in[w] |= bit;
				ret++;
			}
			if ((mask & POLLOUT_SET) && (fds->out[w] & bit) && !(fds->res_out[w] & bit)) {
				fds->res_out[w] |= bit;
				ret++;
			}
			if ((mask & POLLEX_SET) && (fds->ex[w] & bit) && !(fds->res_ex[w] & bit)) {
				fds->res_ex[w] |= bit;
				ret++;
			}
		}
		pt->_qproc = NULL;
		if (wait->error) {
			ret = wait->error;
			break;
		}
		if (ret || timed_out)
			break;
		if (signal_pending(current)) {
			ret = -ERESTARTNOHAND;
			break;
		}
		if (poll_busy_loop_again(can_busy_loop, &busy_start))
			continue;
		busy_flag = 0;
		timed_out = !poll_schedule(wait, end);
	}
	poll_freewait(wait);
	kfree(wait);
	return ret;
}

static long core_sys_select(int n, void __user *inp, void __user *outp, void __user *exp,
			    const struct poll_deadline *end)
{
	fd_set_bits fds;
	long ret;

	if (n < 0)
		return -EINVAL;
	if (n > NR_OPEN_MAX)
		n = NR_OPEN_MAX;
	if (get_fd_set(n, inp, fds.in) || get_fd_set(n, outp, fds.out) ||
	    get_fd_set(n, exp, fds.ex))
		return -EFAULT;
	memset(fds.res_in, 0, sizeof(fds.res_in));
	memset(fds.res_out, 0, sizeof(fds.res_out));
	memset(fds.res_ex, 0, sizeof(fds.res_ex));
	ret = do_select(n, &fds, end);
	if (ret < 0)
		return ret;
	if (set_fd_set(n, inp, fds.res_in) || set_fd_set(n, outp, fds.res_out) ||
	    set_fd_set(n, exp, fds.res_ex))
		return -EFAULT;
	return ret;
}

/* _newselect (142): select with a struct timeval, updated with the time left. */
long sys_select(int n, void __user *inp, void __user *outp, void __user *exp,
		struct timeval __user *tvp)
{
	struct poll_deadline end;
	long ret;

	poll_deadline_forever(&end);
	if (tvp) {
		struct timeval tv;

		if (copy_from_user(&tv, tvp, sizeof(tv)))
			return -EFAULT;
		/* Linux folds whole seconds out of tv_usec before checking. */
		if (poll_select_set_timeout(&end, (s64)tv.tv_sec + tv.tv_usec / 1000000,
					    (s64)(tv.tv_usec % 1000000) * NSEC_PER_USEC))
			return -EINVAL;
	}
	ret = core_sys_select(n, inp, outp, exp, &end);
	return poll_select_finish(&end, tvp, PT_TIMEVAL, ret);
}

/* pselect6's sixth argument: where the mask is and how big it is. */
struct sigset_argpack {
	const kernel_sigset_t __user *p;
	u32 size;
};

static long do_pselect(int n, void __user *inp, void __user *outp, void __user *exp,
		       void __user *tsp, void __user *sig, bool time64)
{
	struct sigset_argpack x = { NULL, 0 };
	struct poll_deadline end;
	long ret;

	if (sig && copy_from_user(&x, sig, sizeof(x)))
		return -EFAULT;
	poll_deadline_forever(&end);
	if (tsp) {
		ret = get_poll_timeout(&end, tsp, time64);
		if (ret)
			return ret;
	}
	ret = set_user_sigmask(x.p, x.size);
	if (ret)
		return ret;
	ret = core_sys_select(n, inp, outp, exp, &end);
	return poll_select_finish(&end, tsp, time64 ? PT_TIMESPEC64 : PT_OLD_TIMESPEC, ret);
}

long sys_pselect6(int n, void __user *inp, void __user *outp, void __user *exp,
		  struct timespec __user *tsp, void __user *sig)
{
	return do_pselect(n, inp, outp, exp, tsp, sig, false);
}

long sys_pselect6_time64(int n, void __user *inp, void __user *outp, void __user *exp,
			 struct __kernel_timespec __user *tsp, void __user *sig)
{
	return do_pselect(n, inp, outp, exp, tsp, sig, true);
}
