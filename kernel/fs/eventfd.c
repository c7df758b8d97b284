/*
 * eventfd: a 64-bit counter behind a file, for one thread or process to
 * wake another (an event loop's cross-thread wake-up, a completion count).
 *
 *   write(8 bytes v)  count += v; blocks (or EAGAIN) while that would pass
 *                     ULLONG_MAX - 1; v == ULLONG_MAX is EINVAL
 *   read(8 bytes)     count == 0: block (or EAGAIN); else return count and
 *                     zero it, or with EFD_SEMAPHORE return 1 and subtract 1
 *   poll              POLLIN while count > 0, POLLOUT while count < ULLONG_MAX - 1
 *   short buffers     read or write of fewer than 8 bytes: EINVAL
 *
 * The counter lives under ctx->lock (irqsave: nothing sleeps with it);
 * sleepers wait on ctx->wqh, which is also where poll/epoll register.
 *
 * Neighbours: anon_inodes.c (the fd), select.c / eventpoll.c (->poll),
 * kernel/syscall.c (eventfd 323, eventfd2 328).
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/poll.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>
#include <linux/anon_inodes.h>
#include <uapi/eventfd.h>
#include <uapi/fcntl.h>

#define EVENTFD_MAX	(~0ULL - 1)	/* the largest count a write may leave */

struct eventfd_ctx {
	spinlock_t lock;
	u64 count;			/* lock */
	unsigned int flags;		/* EFD_SEMAPHORE */
	wait_queue_head_t wqh;		/* readers, writers and pollers */
};

static u64 eventfd_count(struct eventfd_ctx *ctx)
{
	unsigned long flags;
	u64 c;

	spin_lock_irqsave(&ctx->lock, flags);
	c = ctx->count;
	spin_unlock_irqrestore(&ctx->lock, flags);
	return c;
}

static ssize_t eventfd_read(struct file *f, char __user *buf, size_t count, loff_t *ppos)
{
	struct eventfd_ctx *ctx = f->private_data;
	unsigned long flags;
	u64 v;

	if (count < sizeof(v))
		return -EINVAL;
	for (;;) {
		spin_lock_irqsave(&ctx->lock, flags);
		if (ctx->count) {
			v = (ctx->flags & EFD_SEMAPHORE) ? 1 : ctx->count;
			ctx->count -= v;
			spin_unlock_irqrestore(&ctx->lock, flags);
			break;
		}
		spin_unlock_irqrestore(&ctx->lock, flags);
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(ctx->wqh, eventfd_count(ctx) != 0))
			return -ERESTARTSYS;
	}
	/* Room for writers now: wake them (and POLLOUT waiters). */
	wake_up_interruptible_poll(&ctx->wqh, POLLOUT | POLLWRNORM);
	if (copy_to_user(buf, &v, sizeof(v)))
		return -EFAULT;
	return sizeof(v);
}

static ssize_t eventfd_write(struct file *f, const char __user *buf, size_t count, loff_t *ppos)
{
	struct eventfd_ctx *ctx = f->private_data;
	unsigned long flags;
	u64 v;

	if (count < sizeof(v))
		return -EINVAL;
	if (copy_from_user(&v, buf, sizeof(v)))
		return -EFAULT;
	if (v == ~0ULL)
		return -EINVAL;
	for (;;) {
		spin_lock_irqsave(&ctx->lock, flags);
		if (EVENTFD_MAX - ctx->count >= v) {
			ctx->count += v;
			spin_unlock_irqrestore(&ctx->lock, flags);
			break;
		}
		spin_unlock_irqrestore(&ctx->lock, flags);
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(ctx->wqh, EVENTFD_MAX - eventfd_count(ctx) >= v))
			return -ERESTARTSYS;
	}
	if (v)
		wake_up_interruptible_poll(&ctx->wqh, POLLIN | POLLRDNORM);
	return sizeof(v);
}

static __poll_t eventfd_poll(struct file *f, poll_table *wait)
{
	struct eventfd_ctx *ctx = f->private_data;
	__poll_t mask = 0;
	u64 c;

	poll_wait(f, &ctx->wqh, wait);
	c = eventfd_count(ctx);
	if (c > 0)
		mask |= POLLIN | POLLRDNORM;
	if (c < EVENTFD_MAX)
		mask |= POLLOUT | POLLWRNORM;
	return mask;
}

static int eventfd_release(struct inode *inode, struct file *f)
{
	kfree(f->private_data);
	return 0;
}

static const struct file_operations eventfd_fops = {
	.read		= eventfd_read,
	.write		= eventfd_write,
	.poll		= eventfd_poll,
	.release	= eventfd_release,
	.llseek		= no_llseek,
};

long sys_eventfd2(unsigned int count, int flags)
{
	struct eventfd_ctx *ctx;
	int fd;

	if (flags & ~(EFD_SEMAPHORE | EFD_CLOEXEC | EFD_NONBLOCK))
		return -EINVAL;
	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	spin_lock_init(&ctx->lock);
	init_waitqueue_head(&ctx->wqh);
	ctx->count = count;
	ctx->flags = flags & EFD_SEMAPHORE;
	fd = anon_inode_getfd("[eventfd]", &eventfd_fops, ctx, flags & (O_CLOEXEC | O_NONBLOCK));
	if (fd < 0)
		kfree(ctx);
	return fd;
}

long sys_eventfd(unsigned int count)
{
	return sys_eventfd2(count, 0);
}
