/*
 * Descriptor plumbing: dup, dup2, dup3, fcntl and ioctl.
 * Record locks (F_GETLK/F_SETLK/F_SETLKW and the 64-bit forms) are copied
 * in and out here and kept by locks.c.
 *
 * dup, dup2, dup3 and F_DUPFD work on the fd table through f_dupfd/replace_fd (file.c).
 * ioctl handles the generic requests itself (FIOCLEX, FIONCLEX, FIONBIO)
 * and hands the rest to f_op->unlocked_ioctl; a file without one is not a
 * terminal: -ENOTTY, which is how isatty() says no.
 *
 * Lock legend: f->f_lock guards f_flags (F_SETFL, FIONBIO).
 *
 * Neighbours: file.c (fd table), locks.c, tty.c and sockets (unlocked_ioctl).
 */
#include <linux/fs.h>
#include <linux/fdtable.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>
#include <uapi/termios.h>

long sys_dup(unsigned int fildes)
{
	struct file *f = fget(fildes);
	long ret;

	if (!f)
		return -EBADF;
	ret = f_dupfd(0, f, 0);
	fput(f);
	return ret;
}

long sys_dup3(unsigned int oldfd, unsigned int newfd, int flags)
{
	struct file *f;
	long ret;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	if (newfd >= task_nofile_limit())
		return -EBADF;
	f = fget(oldfd);
	if (!f)
		return -EBADF;
	ret = replace_fd(newfd, f, flags);
	fput(f);
	return ret;
}

long sys_dup2(unsigned int oldfd, unsigned int newfd)
{
	if (oldfd == newfd) {		/* valid fd: return it; else EBADF */
		struct file *f = fget(oldfd);

		if (!f)
			return -EBADF;
		fput(f);
		return newfd;
	}
	return sys_dup3(oldfd, newfd, 0);
}

#define SETFL_MASK	(O_APPEND | O_NONBLOCK)	/* what F_SETFL may change */

static void set_f_flags(struct file *f, unsigned int set, unsigned int clear)
{
	spin_lock(&f->f_lock);
	f->f_flags = (f->f_flags & ~clear) | set;
	spin_unlock(&f->f_lock);
}

/*
 * Record locks: copy struct flock (or, from fcntl64, struct flock64) in,
 * widen to flock64 for locks.c, copy the F_GETLK answer back. An answer
 * that does not fit the 32-bit struct is -EOVERFLOW, as Linux.
 */
static long fcntl_lock(struct file *f, unsigned int cmd, void __user *arg)
{
	bool is64 = cmd == F_GETLK64 || cmd == F_SETLK64 || cmd == F_SETLKW64;
	struct flock64 l;
	struct flock l32;
	long ret;

	if (is64) {
		if (copy_from_user(&l, arg, sizeof(l)))
			return -EFAULT;
	} else {
		if (copy_from_user(&l32, arg, sizeof(l32)))
			return -EFAULT;
		l.l_type = l32.l_type;
		l.l_whence = l32.l_whence;
		l.l_start = l32.l_start;
		l.l_len = l32.l_len;
		l.l_pid = l32.l_pid;
	}
	if (cmd != F_GETLK && cmd != F_GETLK64)
		return fcntl_setlk(f, cmd == F_SETLKW || cmd == F_SETLKW64, &l);
	ret = fcntl_getlk(f, &l);
	if (ret)
		return ret;
	if (is64)
		return copy_to_user(arg, &l, sizeof(l)) ? -EFAULT : 0;
	if (l.l_start != (long)l.l_start || l.l_len != (long)l.l_len)
		return -EOVERFLOW;
	l32.l_type = l.l_type;
	l32.l_whence = l.l_whence;
	l32.l_start = l.l_start;
	l32.l_len = l.l_len;
	l32.l_pid = l.l_pid;
	return copy_to_user(arg, &l32, sizeof(l32)) ? -EFAULT : 0;
}

/* fcntl64 is fcntl plus the flock64 commands (i386 Linux: fcntl has no F_*LK64). */
static long do_fcntl(unsigned int fd, unsigned int cmd, unsigned long arg, bool fcntl64)
{
	struct file *f = fget(fd);
	long ret;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		ret = f_dupfd(arg, f, cmd == F_DUPFD_CLOEXEC ? O_CLOEXEC : 0);
		break;
	case F_GETFD:
		ret = get_close_on_exec(fd) ? FD_CLOEXEC : 0;
		break;
	case F_SETFD:
		set_close_on_exec(fd, arg & FD_CLOEXEC);
		ret = 0;
		break;
	case F_GETFL:
		ret = f->f_flags;	/* includes the O_ACCMODE bits given to open */
		break;
	case F_SETFL:
		set_f_flags(f, arg & SETFL_MASK, SETFL_MASK);
		ret = 0;
		break;
	case F_GETLK64:
	case F_SETLK64:
	case F_SETLKW64:
		if (!fcntl64) {
			ret = -EINVAL;
			break;
		}
		/* fall through */
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
		ret = fcntl_lock(f, cmd, (void __user *)arg);
		break;
	default:
		ret = -EINVAL;
		break;
	}
	fput(f);
	return ret;
}

long sys_fcntl(unsigned int fd, unsigned int cmd, unsigned long arg)
{
	return do_fcntl(fd, cmd, arg, false);
}

long sys_fcntl64(unsigned int fd, unsigned int cmd, unsigned long arg)
{
	return do_fcntl(fd, cmd, arg, true);
}

long sys_ioctl(unsigned int fd, unsigned int cmd, unsigned long arg)
{
	struct file *f = fget(fd);
	long ret;
	int on;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX:
		set_close_on_exec(fd, cmd == FIOCLEX);
		ret = 0;
		break;
	case FIONBIO:
		ret = get_user(on, (int __user *)arg);
		if (!ret)
			set_f_flags(f, on ? O_NONBLOCK : 0, on ? 0 : O_NONBLOCK);
		break;
	default:
		ret = f->f_op->unlocked_ioctl ? f->f_op->unlocked_ioctl(f, cmd, arg) : -ENOTTY;
		break;
	}
	fput(f);
	return ret;
}
