/*
 * timerfd: a timer read through a file. timerfd_settime arms it (relative,
 * or TFD_TIMER_ABSTIME against its clock), optionally periodic; each
 * expiry adds to a tick count, and read(2) returns that count as a u64 and
 * zeroes it (blocking, or EAGAIN with TFD_NONBLOCK, while it is 0). poll
 * reports POLLIN while ticks > 0, which is how an event loop waits on it.
 *
 *   timerfd_create(clock, flags)     CLOCK_MONOTONIC / BOOTTIME / REALTIME
 *   timerfd_settime(fd, flags, new, old)   old gets the previous setting
 *   timerfd_gettime(fd, cur)         time left (relative) and interval
 *
 * The deadline is kept in monotonic nanoseconds (ktime_get_ns), a
 * CLOCK_REALTIME absolute time converted once when it is set (so a later
 * settimeofday does not move it: Sockeye has no clock_settime, and so
 * TFD_TIMER_CANCEL_ON_SET is accepted but never has a jump to report). As
 * alarm(2) in signal.c, the wheel timer is armed towards the deadline in
 * steps no longer than MAX_JIFFY_OFFSET; a callback before the deadline
 * just arms the next step. Periods missed while late are all counted in
 * ticks, as Linux's hrtimer_forward does.
 *
 * Lock: ctx->lock (irqsave; the callback runs from TIMER_SOFTIRQ) guards
 * expires, interval and ticks. settime stops the timer with
 * del_timer_sync before taking it, so the callback never races a rearm.
 *
 * Neighbours: anon_inodes.c (the fd), kernel/timer.c (the wheel),
 * select.c / eventpoll.c (->poll), kernel/syscall.c (322, 325, 326, 409, 410).
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/poll.h>
#include <linux/timer.h>
#include <linux/jiffies.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>
#include <linux/anon_inodes.h>
#include <uapi/timerfd.h>
#include <uapi/fcntl.h>

struct timerfd_ctx {
	spinlock_t lock;
	struct timer_list t;
	int clockid;
	u64 expires;			/* lock: monotonic ns of the next expiry; 0 = disarmed */
	u64 interval;			/* lock: ns, 0 = one-shot */
	u64 ticks;			/* lock: expiries not yet read */
	wait_queue_head_t wqh;		/* readers and pollers */
};

static const struct file_operations timerfd_fops;

static void timerfd_step(struct timerfd_ctx *ctx, u64 now)
{
	u64 left = ctx->expires > now ? ctx->expires - now : 0;

	mod_timer(&ctx->t, jiffies + nsecs_to_jiffies_timeout(left));
}

static void timerfd_fn(struct timer_list *t)
{
	struct timerfd_ctx *ctx = from_timer(ctx, t, t);
	u64 now = ktime_get_ns();
	unsigned long flags;
	bool fired = false;

	spin_lock_irqsave(&ctx->lock, flags);
	if (ctx->expires && now >= ctx->expires) {
		u64 n = 1;

		if (ctx->interval) {
			n += (now - ctx->expires) / ctx->interval;
			ctx->expires += n * ctx->interval;
		} else {
			ctx->expires = 0;
		}
		ctx->ticks += n;
		fired = true;
	}
	if (ctx->expires)
		timerfd_step(ctx, now);
	spin_unlock_irqrestore(&ctx->lock, flags);
	if (fired)
		wake_up_interruptible_poll(&ctx->wqh, POLLIN | POLLRDNORM);
}

static u64 timerfd_ticks(struct timerfd_ctx *ctx)
{
	unsigned long flags;
	u64 n;

	spin_lock_irqsave(&ctx->lock, flags);
	n = ctx->ticks;
	spin_unlock_irqrestore(&ctx->lock, flags);
	return n;
}

static ssize_t timerfd_read(struct file *f, char __user *buf, size_t count, loff_t *ppos)
{
	struct timerfd_ctx *ctx = f->private_data;
	unsigned long flags;
	u64 n;

	if (count < sizeof(n))
		return -EINVAL;
	for (;;) {
		spin_lock_irqsave(&ctx->lock, flags);
		n = ctx->ticks;
		ctx->ticks = 0;
		spin_unlock_irqrestore(&ctx->lock, flags);
		if (n)
			break;
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(ctx->wqh, timerfd_ticks(ctx) != 0))
			return -ERESTARTSYS;
	}
	if (copy_to_user(buf, &n, sizeof(n)))
		return -EFAULT;
	return sizeof(n);
}

static __poll_t timerfd_poll(struct file *f, poll_table *wait)
{
	struct timerfd_ctx *ctx = f->private_data;

	poll_wait(f, &ctx->wqh, wait);
	return timerfd_ticks(ctx) ? POLLIN | POLLRDNORM : 0;
}

static int timerfd_release(struct inode *inode, struct file *f)
{
	struct timerfd_ctx *ctx = f->private_data;

	del_timer_sync(&ctx->t);
	kfree(ctx);
	return 0;
}

static const struct file_operations timerfd_fops = {
	.read		= timerfd_read,
	.poll		= timerfd_poll,
	.release	= timerfd_release,
	.llseek		= no_llseek,
};

long sys_timerfd_create(int clockid, int flags)
{
	struct timerfd_ctx *ctx;
	int fd;

	if (flags & ~(TFD_CLOEXEC | TFD_NONBLOCK))
		return -EINVAL;
	if (clockid != CLOCK_MONOTONIC && clockid != CLOCK_REALTIME && clockid != CLOCK_BOOTTIME)
		return -EINVAL;
	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	spin_lock_init(&ctx->lock);
	init_waitqueue_head(&ctx->wqh);
	timer_setup(&ctx->t, timerfd_fn, 0);
	ctx->clockid = clockid;
	fd = anon_inode_getfd("[timerfd]", &timerfd_fops, ctx, flags & (O_CLOEXEC | O_NONBLOCK));
	if (fd < 0)
		kfree(ctx);
	return fd;
}

/* A timespec as ns; false if it is not a valid one (EINVAL). */
static bool ts_to_ns(long long sec, long long nsec, u64 *ns)
{
	if (sec < 0 || nsec < 0 || nsec >= NSEC_PER_SEC)
		return false;
	if ((u64)sec > (~0ULL >> 2) / NSEC_PER_SEC)
		sec = (~0ULL >> 2) / NSEC_PER_SEC;	/* beyond any uptime: saturate */
	*ns = (u64)sec * NSEC_PER_SEC + nsec;
	return true;
}

/* Fill either itimerspec layout from ns (value, interval). */
#define NS_TO_ITIMERSPEC(its, v, i) do {				\
		(its)->it_value.tv_sec = (v) / NSEC_PER_SEC;		\
		(its)->it_value.tv_nsec = (v) % NSEC_PER_SEC;		\
		(its)->it_interval.tv_sec = (i) / NSEC_PER_SEC;		\
		(its)->it_interval.tv_nsec = (i) % NSEC_PER_SEC;	\
	} while (0)

/* The setting as Linux reports it: time left (relative) and interval. */
static void timerfd_get(struct timerfd_ctx *ctx, u64 *value, u64 *interval)
{
	unsigned long flags;
	u64 now = ktime_get_ns();

	spin_lock_irqsave(&ctx->lock, flags);
	*value = !ctx->expires ? 0 : ctx->expires > now ? ctx->expires - now : 1;
	*interval = ctx->interval;
	spin_unlock_irqrestore(&ctx->lock, flags);
}

static struct timerfd_ctx *timerfd_fget(int fd, struct file **fp)
{
	struct file *f = fget(fd);

	if (!f)
		return ERR_PTR(-EBADF);
	if (f->f_op != &timerfd_fops) {
		fput(f);
		return ERR_PTR(-EINVAL);
	}
	*fp = f;
	return f->private_data;
}

/* value/interval in ns, already checked; old ones returned through ovalue, ointerval. */
static int do_timerfd_settime(int fd, int flags, u64 value, u64 interval,
			      u64 *ovalue, u64 *ointerval)
{
	struct timerfd_ctx *ctx;
	struct file *f;
	unsigned long irqf;
	u64 now;

	if (flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET))
		return -EINVAL;
	ctx = timerfd_fget(fd, &f);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	timerfd_get(ctx, ovalue, ointerval);
	del_timer_sync(&ctx->t);
	now = ktime_get_ns();
	spin_lock_irqsave(&ctx->lock, irqf);
	ctx->ticks = 0;			/* a new setting forgets unread expiries, as Linux */
	ctx->interval = interval;
	ctx->expires = 0;
	if (value) {
		if (!(flags & TFD_TIMER_ABSTIME)) {
			ctx->expires = now + value;
		} else if (ctx->clockid == CLOCK_REALTIME) {
			u64 real = ktime_get_real_ns();
			/* A wall-clock deadline already past fires at once. */
			ctx->expires = value > real ? now + (value - real) : now;
		} else {
			ctx->expires = value;
		}
		if (!ctx->expires)
			ctx->expires = 1;	/* 0 means disarmed; the boot instant has passed anyway */
		timerfd_step(ctx, now);
	}
	spin_unlock_irqrestore(&ctx->lock, irqf);
	/* An absolute time already past counts at once (the callback does it). */
	if (value && ctx->expires <= now)
		timerfd_fn(&ctx->t);
	fput(f);
	return 0;
}

long sys_timerfd_settime(int fd, int flags, const struct itimerspec __user *utmr,
			 struct itimerspec __user *otmr)
{
	struct itimerspec n, o;
	u64 value, interval, ov, oi;
	int err;

	if (copy_from_user(&n, utmr, sizeof(n)))
		return -EFAULT;
	if (!ts_to_ns(n.it_value.tv_sec, n.it_value.tv_nsec, &value) ||
	    !ts_to_ns(n.it_interval.tv_sec, n.it_interval.tv_nsec, &interval))
		return -EINVAL;
	err = do_timerfd_settime(fd, flags, value, interval, &ov, &oi);
	if (err || !otmr)
		return err;
	NS_TO_ITIMERSPEC(&o, ov, oi);
	return copy_to_user(otmr, &o, sizeof(o)) ? -EFAULT : 0;
}

long sys_timerfd_settime64(int fd, int flags, const struct __kernel_itimerspec __user *utmr,
			   struct __kernel_itimerspec __user *otmr)
{
	struct __kernel_itimerspec n, o;
	u64 value, interval, ov, oi;
	int err;

	if (copy_from_user(&n, utmr, sizeof(n)))
		return -EFAULT;
	if (!ts_to_ns(n.it_value.tv_sec, n.it_value.tv_nsec, &value) ||
	    !ts_to_ns(n.it_interval.tv_sec, n.it_interval.tv_nsec, &interval))
		return -EINVAL;
	err = do_timerfd_settime(fd, flags, value, interval, &ov, &oi);
	if (err || !otmr)
		return err;
	NS_TO_ITIMERSPEC(&o, ov, oi);
	return copy_to_user(otmr, &o, sizeof(o)) ? -EFAULT : 0;
}

static int do_timerfd_gettime(int fd, u64 *value, u64 *interval)
{
	struct timerfd_ctx *ctx;
	struct file *f;

	ctx = timerfd_fget(fd, &f);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	timerfd_get(ctx, value, interval);
	fput(f);
	return 0;
}

long sys_timerfd_gettime(int fd, struct itimerspec __user *otmr)
{
	struct itimerspec o;
	u64 v, i;
	int err = do_timerfd_gettime(fd, &v, &i);

	if (err)
		return err;
	NS_TO_ITIMERSPEC(&o, v, i);
	return copy_to_user(otmr, &o, sizeof(o)) ? -EFAULT : 0;
}

long sys_timerfd_gettime64(int fd, struct __kernel_itimerspec __user *otmr)
{
	struct __kernel_itimerspec o;
	u64 v, i;
	int err = do_timerfd_gettime(fd, &v, &i);

	if (err)
		return err;
	NS_TO_ITIMERSPEC(&o, v, i);
	return copy_to_user(otmr, &o, sizeof(o)) ? -EFAULT : 0;
}
