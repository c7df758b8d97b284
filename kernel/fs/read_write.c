/*
 * read(2), write(2) and their vector, positioned and seeking relatives,
 * plus kernel_read() for exec and the iov_iter helpers.
 *
 * Call order: sys_read → fget → vfs_read (mode, range and type checks) →
 * f_op->read (ttys, pipes, devices, sockets: user pointers) or
 * f_op->read_iter (ramfs, procfs: an iov_iter, so kernel_read() can use
 * the same code with a kernel buffer) → fput. The file position is read
 * before the call and stored after it; files without one (pipes, ttys)
 * ignore it.
 *
 * Neighbours: file_table.c (fget/fput), ramfs.c, pipe.c, tty.c,
 * char_dev.c, seq_file.c (the f_ops these calls land in).
 */
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>

#define MAX_RW_COUNT	(0x7fffffffL & PAGE_MASK)	/* Linux's cap on one transfer */

void iov_iter_user(struct iov_iter *i, void __user *buf, size_t count)
{
	i->kernel = false;
	i->ubuf = buf;
	i->count = count;
}

void iov_iter_kernel(struct iov_iter *i, void *buf, size_t count)
{
	i->kernel = true;
	i->kbuf = buf;
	i->count = count;
}

size_t copy_to_iter(const void *src, size_t n, struct iov_iter *i)
{
	n = min(n, i->count);
	if (i->kernel)
		memcpy(i->kbuf, src, n);
	else
		n -= copy_to_user(i->ubuf, src, n);
	i->kbuf += n;		/* same storage as ubuf */
	i->count -= n;
	return n;
}

size_t copy_from_iter(void *dst, size_t n, struct iov_iter *i)
{
	n = min(n, i->count);
	if (i->kernel)
		memcpy(dst, i->kbuf, n);
	else
		n -= copy_from_user(dst, i->ubuf, n);
	i->kbuf += n;
	i->count -= n;
	return n;
}

loff_t no_llseek(struct file *f, loff_t offset, int whence)
{
	return -ESPIPE;
}

loff_t generic_file_llseek(struct file *f, loff_t offset, int whence)
{
	loff_t pos;

	switch (whence) {
	case SEEK_SET:
		pos = offset;
		break;
	case SEEK_CUR:
		pos = f->f_pos + offset;
		break;
	case SEEK_END:
		mutex_lock(&f->f_inode->i_mutex);
		pos = f->f_inode->i_size + offset;
		mutex_unlock(&f->f_inode->i_mutex);
		break;
	default:
		return -EINVAL;
	}
	if (pos < 0)
		return -EINVAL;
	f->f_pos = pos;
	return pos;
}

loff_t vfs_llseek(struct file *f, loff_t offset, int whence)
{
	if (whence > SEEK_END)
		return -EINVAL;
	if (!(f->f_mode & FMODE_LSEEK) || !f->f_op->llseek)
		return -ESPIPE;
	return f->f_op->llseek(f, offset, whence);
}

static ssize_t rw_checks(struct file *f, size_t *count, fmode_t need)
{
	if (!(f->f_mode & need))
		return -EBADF;
	if ((ssize_t)*count < 0)
		return -EINVAL;
	if (*count > MAX_RW_COUNT)
		*count = MAX_RW_COUNT;
	return 0;
}

ssize_t vfs_read(struct file *f, char __user *buf, size_t count, loff_t *pos)
{
	struct iov_iter iter;
	ssize_t err = rw_checks(f, &count, FMODE_READ);

	if (err)
		return err;
	if (!access_ok(buf, count))
		return -EFAULT;
	if (f->f_op->read)
		return f->f_op->read(f, buf, count, pos);
	if (f->f_op->read_iter) {
		iov_iter_user(&iter, buf, count);
		return f->f_op->read_iter(f, &iter, pos);
	}
	return S_ISDIR(f->f_inode->i_mode) ? -EISDIR : -EINVAL;
}

ssize_t vfs_write(struct file *f, const char __user *buf, size_t count, loff_t *pos)
{
	struct iov_iter iter;
	ssize_t err = rw_checks(f, &count, FMODE_WRITE);

	if (err)
		return err;
	if (!access_ok(buf, count))
		return -EFAULT;
	if (f->f_op->write)
		return f->f_op->write(f, buf, count, pos);
	if (f->f_op->write_iter) {
		iov_iter_user(&iter, (void __user *)buf, count);
		return f->f_op->write_iter(f, &iter, pos);
	}
	return -EINVAL;
}

/* exec's reader: only files with ->read_iter (ramfs, procfs) can be read this way. */
ssize_t kernel_read(struct file *f, void *buf, size_t count, loff_t *pos)
{
	struct iov_iter iter;
	ssize_t err = rw_checks(f, &count, FMODE_READ);

	if (err)
		return err;
	if (!f->f_op->read_iter)
		return -EINVAL;
	iov_iter_kernel(&iter, buf, count);
	return f->f_op->read_iter(f, &iter, pos);
}

ssize_t kernel_write(struct file *f, const void *buf, size_t count, loff_t *pos)
{
	struct iov_iter iter;
	ssize_t err = rw_checks(f, &count, FMODE_WRITE);

	if (err)
		return err;
	if (!f->f_op->write_iter)
		return -EINVAL;
	iov_iter_kernel(&iter, (void *)buf, count);
	return f->f_op->write_iter(f, &iter, pos);
}

long sys_read(unsigned int fd, char __user *buf, size_t count)
{
	struct file *f = fget(fd);
	loff_t pos;
	ssize_t ret;

	if (!f)
		return -EBADF;
	pos = f->f_pos;
	ret = vfs_read(f, buf, count, &pos);
	if (ret > 0)
		f->f_pos = pos;
	fput(f);
	return ret;
}

long sys_write(unsigned int fd, const char __user *buf, size_t count)
{
	struct file *f = fget(fd);
	loff_t pos;
	ssize_t ret;

	if (!f)
		return -EBADF;
	pos = f->f_pos;
	ret = vfs_write(f, buf, count, &pos);
	if (ret > 0)
		f->f_pos = pos;
	fput(f);
	return ret;
}

static long do_pread_pwrite(unsigned int fd, char __user *buf, size_t count,
			    u32 pos_lo, u32 pos_hi, bool write)
{
	loff_t pos = ((loff_t)pos_hi << 32) | pos_lo;
	struct file *f;
	ssize_t ret;

	if (pos < 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	ret = -ESPIPE;
	if (f->f_mode & (write ? FMODE_PWRITE : FMODE_PREAD))
		ret = write ? vfs_write(f, buf, count, &pos) : vfs_read(f, buf, count, &pos);
	fput(f);
	return ret;
}

long sys_pread64(unsigned int fd, char __user *buf, size_t count, u32 pos_lo, u32 pos_hi)
{
	return do_pread_pwrite(fd, buf, count, pos_lo, pos_hi, false);
}

long sys_pwrite64(unsigned int fd, const char __user *buf, size_t count, u32 pos_lo, u32 pos_hi)
{
	return do_pread_pwrite(fd, (char __user *)buf, count, pos_lo, pos_hi, true);
}

/*
 * readv/writev: one segment at a time, stopping at the first short
 * transfer, as Linux does for files without a vectored op. The iovec
 * array is copied in whole first, so a bad one fails before any I/O.
 */
static long do_readv_writev(unsigned int fd, const struct iovec __user *uvec,
			    unsigned long vlen, bool write)
{
	struct iovec *vec;
	struct file *f;
	size_t total = 0;
	ssize_t ret = 0;
	loff_t pos;
	unsigned long i;

	if (vlen > UIO_MAXIOV)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	if (!(f->f_mode & (write ? FMODE_WRITE : FMODE_READ))) {
		ret = -EBADF;
		goto out_put_file;
	}
	if (vlen == 0)
		goto out_put_file;
	vec = kmalloc(vlen * sizeof(*vec), GFP_KERNEL);
	if (!vec) {
		ret = -ENOMEM;
		goto out_put_file;
	}
	if (copy_from_user(vec, uvec, vlen * sizeof(*vec))) {
		ret = -EFAULT;
		goto out_free_vec;
	}
	for (i = 0; i < vlen; i++) {
		if ((ssize_t)vec[i].iov_len < 0 || vec[i].iov_len > MAX_RW_COUNT - total) {
			ret = -EINVAL;
			goto out_free_vec;
		}
		total += vec[i].iov_len;
	}
	pos = f->f_pos;
	for (i = 0; i < vlen; i++) {
		ssize_t n;

		if (!vec[i].iov_len)
			continue;
		n = write ? vfs_write(f, vec[i].iov_base, vec[i].iov_len, &pos)
			  : vfs_read(f, vec[i].iov_base, vec[i].iov_len, &pos);
		if (n < 0) {
			if (!ret)
				ret = n;
			break;
		}
		ret += n;
		if ((size_t)n < vec[i].iov_len)
			break;
	}
	if (ret > 0)
		f->f_pos = pos;
out_free_vec:
	kfree(vec);
out_put_file:
	fput(f);
	return ret;
}

long sys_readv(unsigned int fd, const struct iovec __user *vec, unsigned long vlen)
{
	return do_readv_writev(fd, vec, vlen, false);
}

long sys_writev(unsigned int fd, const struct iovec __user *vec, unsigned long vlen)
{
	return do_readv_writev(fd, vec, vlen, true);
}

long sys_lseek(unsigned int fd, off_t offset, unsigned int whence)
{
	struct file *f = fget(fd);
	loff_t ret;

	if (!f)
		return -EBADF;
	ret = vfs_llseek(f, offset, whence);
	if (ret >= 0 && ret > 0x7fffffffLL)
		ret = -EOVERFLOW;	/* the 32-bit lseek cannot say it */
	fput(f);
	return (long)ret;
}

long sys_llseek(unsigned int fd, unsigned long offset_high, unsigned long offset_low,
		loff_t __user *result, unsigned int whence)
{
	loff_t offset = ((loff_t)offset_high << 32) | offset_low;
	struct file *f = fget(fd);
	loff_t ret;

	if (!f)
		return -EBADF;
	ret = vfs_llseek(f, offset, whence);
	fput(f);
	if (ret < 0)
		return (long)ret;
	return copy_to_user(result, &ret, sizeof(ret)) ? -EFAULT : 0;
}
