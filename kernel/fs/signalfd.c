/*
 * signalfd: signals read through a file instead of delivered to a
 * handler. The caller blocks the signals (sigprocmask) and reads them as
 * struct signalfd_siginfo records; poll/epoll report POLLIN while one of
 * the file's signals is pending for the reading thread or its process —
 * how an event loop takes SIGCHLD or SIGTERM without a self-pipe.
 *
 *   signalfd4(-1, mask, 8, flags)   a new fd for mask (SIGKILL/SIGSTOP dropped)
 *   signalfd4(fd, mask, 8, flags)   change an existing signalfd's mask
 *   read(fd, buf, n)                n >= 128; as many records as fit, each
 *                                   signal taken off the pending set as
 *                                   rt_sigtimedwait would
 *
 * As Linux, the signals are those of whoever reads (current), not of the
 * creator. Sockeye queues no siginfo with a signal, so a record carries
 * ssi_signo and ssi_code SI_USER (0) only; ssi_pid/ssi_uid are 0.
 *
 * Waking: signal.c calls signalfd_notify() after queueing any signal.
 * Linux keeps a wait queue per sighand; one queue for the whole system
 * keeps signal.c's hook to that single call. A woken reader or poller
 * re-checks its own pending set, so waking one it does not concern is
 * only a spurious wake-up.
 *
 * Neighbours: kernel/signal.c (dequeue_signal_info, the hook), anon_inodes.c,
 * select.c / eventpoll.c (->poll), kernel/syscall.c (321, 327).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/poll.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>
#include <linux/anon_inodes.h>
#include <uapi/signalfd.h>
#include <uapi/fcntl.h>

#define SFD_UNBLOCKABLE	((1ULL << (SIGKILL - 1)) | (1ULL << (SIGSTOP - 1)))

static DECLARE_WAIT_QUEUE_HEAD(signalfd_wqh);

struct signalfd_ctx {
	u64 sigmask;			/* signalfd4(fd, ...) changes it; a reader copies it once per pass */
};

static const struct file_operations signalfd_fops;

void signalfd_notify(struct task_struct *p, int sig)
{
	wake_up_interruptible_poll(&signalfd_wqh, POLLIN | POLLRDNORM);
}

/* The signals of mask pending for current (its own set or its process's). */
static u64 signalfd_pending(u64 mask)
{
	struct task_struct *p = current;
	unsigned long flags;
	u64 pend;

	local_irq_save(flags);
	pend = p->pending.sig[0] | ((u64)p->pending.sig[1] << 32) |
	       p->signal->shared_pending.sig[0] | ((u64)p->signal->shared_pending.sig[1] << 32);
	local_irq_restore(flags);
	return pend & mask;
}

static __poll_t signalfd_poll(struct file *f, poll_table *wait)
{
	struct signalfd_ctx *ctx = f->private_data;

	poll_wait(f, &signalfd_wqh, wait);
	return signalfd_pending(READ_ONCE(ctx->sigmask)) ? POLLIN | POLLRDNORM : 0;
}

static ssize_t signalfd_read(struct file *f, char __user *buf, size_t count, loff_t *ppos)
{
	struct signalfd_ctx *ctx = f->private_data;
	struct signalfd_siginfo info;
	ssize_t done = 0;

	if (count < sizeof(info))
		return -EINVAL;
	while (count - done >= sizeof(info)) {
		u64 mask = READ_ONCE(ctx->sigmask);
		struct ksiginfo ki;
		int sig = dequeue_signal_info(current, mask, &ki);	/* mask never holds SIGKILL/SIGSTOP */

		if (!sig) {
			if (done)
				break;
			if (f->f_flags & O_NONBLOCK)
				return -EAGAIN;
			if (wait_event_interruptible(signalfd_wqh, signalfd_pending(mask)))
				return -ERESTARTSYS;
			continue;
		}
		memset(&info, 0, sizeof(info));
		info.ssi_signo = sig;
		info.ssi_code = ki.code;	/* SI_USER for kill, SI_TKILL, SI_KERNEL ... */
		info.ssi_pid = ki.pid;
		info.ssi_uid = ki.uid;
		info.ssi_addr = ki.addr;
		if (copy_to_user(buf + done, &info, sizeof(info)))
			return done ? done : -EFAULT;	/* the signal is consumed, as Linux */
		done += sizeof(info);
	}
	return done;
}

static int signalfd_release(struct inode *inode, struct file *f)
{
	kfree(f->private_data);
	return 0;
}

static const struct file_operations signalfd_fops = {
	.read		= signalfd_read,
	.poll		= signalfd_poll,
	.release	= signalfd_release,
	.llseek		= no_llseek,
};

long sys_signalfd4(int ufd, const kernel_sigset_t __user *user_mask, size_t sizemask, int flags)
{
	struct signalfd_ctx *ctx;
	kernel_sigset_t ks;
	u64 mask;
	int fd;

	if (flags & ~(SFD_CLOEXEC | SFD_NONBLOCK))
		return -EINVAL;
	if (sizemask != sizeof(kernel_sigset_t))
		return -EINVAL;
	if (copy_from_user(&ks, user_mask, sizeof(ks)))
		return -EFAULT;
	mask = (ks.sig[0] | ((u64)ks.sig[1] << 32)) & ~SFD_UNBLOCKABLE;

	if (ufd == -1) {
		ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
		if (!ctx)
			return -ENOMEM;
		ctx->sigmask = mask;
		fd = anon_inode_getfd("[signalfd]", &signalfd_fops, ctx,
				      flags & (O_CLOEXEC | O_NONBLOCK));
		if (fd < 0)
			kfree(ctx);
		return fd;
	} else {
		struct file *f = fget(ufd);

		if (!f)
			return -EBADF;
		if (f->f_op != &signalfd_fops) {
			fput(f);
			return -EINVAL;
		}
		ctx = f->private_data;
		WRITE_ONCE(ctx->sigmask, mask);
		fput(f);
		/* Readers waiting on the old mask re-check against the new one. */
		wake_up_interruptible_poll(&signalfd_wqh, POLLIN | POLLRDNORM);
		return ufd;
	}
}

long sys_signalfd(int ufd, const kernel_sigset_t __user *user_mask, size_t sizemask)
{
	return sys_signalfd4(ufd, user_mask, sizemask, 0);
}
