/*
 * sendfile(2) and sendfile64(2): copy from a file to a socket, pipe or
 * file without the data passing through user memory. The checks follow
 * Linux's do_sendfile, in its order, so when several errors apply the
 * errno is Linux's:
 *
 *   in_fd:  EBADF (not open, or not for reading); an offset pointer on a
 *           file that cannot pread: ESPIPE; a negative offset: EINVAL
 *   out_fd: EBADF (not open, or not for writing); O_APPEND: EINVAL
 *   offset: past what the call's offset type can hold: EOVERFLOW
 *           (sendfile's 32-bit off_t), else the count is cut to fit
 *
 * With an offset pointer the data is read from *offset, which is updated,
 * and in_fd's file position is untouched; without one, the position is
 * used and advanced. Linux splices page references through a pipe; here
 * a one-page bounce buffer carries each step: kernel_read from in_fd's
 * ->read_iter (ramfs, procfs; anything else is EINVAL, as a file without
 * splice_read is on Linux), kernel_write to out_fd's ->write_iter (sockets
 * and pipes accept kernel memory through the iterator). A short write
 * ends the call and gives back the unsent part of the step to the
 * offset; bytes already sent are reported even if a later step fails.
 *
 * Neighbours: read_write.c (kernel_read/kernel_write, rw limits),
 * pipe.c and net/core/sockfs.c (->write_iter), kernel/syscall.c (187, 239).
 */
#include <linux/kernel.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>
#include <uapi/fcntl.h>

#define MAX_RW_COUNT	(0x7fffffffL & PAGE_MASK)	/* as read_write.c */
#define MAX_NON_LFS	0x7fffffffLL			/* the most a 32-bit off_t holds */
#define MAX_LFS		((loff_t)(~0ULL >> 1))

static long do_sendfile(int out_fd, int in_fd, loff_t *ppos, size_t count, loff_t max)
{
	struct file *in, *out;
	char *buf;
	loff_t pos;
	ssize_t done = 0;
	long err;

	in = fget(in_fd);
	if (!in)
		return -EBADF;
	err = -EBADF;
	if (!(in->f_mode & FMODE_READ))
		goto out_put_in;
	if (!ppos) {
		pos = in->f_pos;
	} else {
		pos = *ppos;
		err = -ESPIPE;
		if (!(in->f_mode & FMODE_PREAD))
			goto out_put_in;
	}
	err = -EINVAL;
	if (pos < 0 || (ssize_t)count < 0)
		goto out_put_in;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;

	out = fget(out_fd);
	err = -EBADF;
	if (!out)
		goto out_put_in;
	if (!(out->f_mode & FMODE_WRITE))
		goto out_put_out;
	err = -EOVERFLOW;
	if (pos >= max && count)
		goto out_put_out;
	if ((u64)pos + count > (u64)max)
		count = max - pos;
	err = -EINVAL;
	if (out->f_flags & O_APPEND)
		goto out_put_out;
	err = 0;
	if (!count)
		goto out_put_out;
	err = -ENOMEM;
	buf = (char *)__get_free_page(GFP_KERNEL);
	if (!buf)
		goto out_put_out;

	err = 0;
	while ((size_t)done < count) {
		size_t step = min_t(size_t, count - done, PAGE_SIZE);
		loff_t opos = out->f_pos;
		ssize_t r, w;

		r = kernel_read(in, buf, step, &pos);
		if (r <= 0) {
			err = r;
			break;
		}
		w = kernel_write(out, buf, r, &opos);
		if (w > 0) {
			out->f_pos = opos;
			done += w;
		}
		if (w != r) {
			pos -= w > 0 ? r - w : r;	/* the unsent part stays to be read */
			err = w < 0 ? w : 0;
			break;
		}
		if (signal_pending(current))
			break;		/* what was sent is the answer; the rest is the caller's retry */
	}
	free_page((unsigned long)buf);
	if (!ppos)
		in->f_pos = pos;
	else
		*ppos = pos;
	if (done)
		err = done;
out_put_out:
	fput(out);
out_put_in:
	fput(in);
	return err;
}

long sys_sendfile(int out_fd, int in_fd, off_t __user *offset, size_t count)
{
	loff_t pos;
	off_t off;
	long ret;

	/* Linux applies off_t's limit only to the offset passed in, not to f_pos. */
	if (!offset)
		return do_sendfile(out_fd, in_fd, NULL, count, MAX_LFS);
	if (get_user(off, offset))
		return -EFAULT;
	pos = off;
	ret = do_sendfile(out_fd, in_fd, &pos, count, MAX_NON_LFS);
	if (put_user((off_t)pos, offset))
		return -EFAULT;
	return ret;
}

long sys_sendfile64(int out_fd, int in_fd, loff_t __user *offset, size_t count)
{
	loff_t pos;
	long ret;

	if (!offset)
		return do_sendfile(out_fd, in_fd, NULL, count, MAX_LFS);
	if (copy_from_user(&pos, offset, sizeof(pos)))
		return -EFAULT;
	ret = do_sendfile(out_fd, in_fd, &pos, count, MAX_LFS);
	if (copy_to_user(offset, &pos, sizeof(pos)))
		return -EFAULT;
	return ret;
}
