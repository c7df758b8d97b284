/*
 * Character devices: the table that maps a device node's (major, minor)
 * to a driver, and the memory devices /dev/null, /dev/zero, /dev/random,
 * /dev/urandom, plus getrandom(2).
 *
 * Call order: open("/dev/x") → vfs_open → def_chr_fops.open = chrdev_open
 * → picks the driver's file_operations by i_rdev, installs them in the
 * file (f->f_op) and calls their ->open. Device nodes themselves are
 * ordinary ramfs S_IFCHR inodes (made by vfs_init or the initramfs).
 *
 * Neighbours: tty.c (5,0 and 5,1; 4,64 and 4,65 the serial lines), random.c (the generator), inode.c
 * (init_special_inode points device inodes here).
 */
#include <linux/fs.h>
#include <linux/tty.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>

#define RANDOM_CHUNK	256		/* bytes generated per copy_to_user */

static loff_t noop_llseek(struct file *f, loff_t offset, int whence)
{
	return f->f_pos;		/* Linux's /dev/null and /dev/zero: seeks "succeed" */
}

static ssize_t read_null(struct file *f, char __user *buf, size_t count, loff_t *ppos)
{
	return 0;
}

static ssize_t write_null(struct file *f, const char __user *buf, size_t count, loff_t *ppos)
{
	return count;
}

static ssize_t read_zero(struct file *f, char __user *buf, size_t count, loff_t *ppos)
{
	size_t left = clear_user(buf, count);

	if (left == count && count)
		return -EFAULT;
	return count - left;
}

/* Fill user memory with random bytes; a signal ends a long read early (Linux's urandom). */
static ssize_t fill_random_user(char __user *buf, size_t count)
{
	u8 chunk[RANDOM_CHUNK];
	size_t done = 0;

	while (done < count) {
		size_t n = min_t(size_t, count - done, sizeof(chunk));

		if (done && signal_pending(current))
			break;
		get_random_bytes(chunk, n);
		if (copy_to_user(buf + done, chunk, n))
			return done ? (ssize_t)done : -EFAULT;
		done += n;
	}
	memset(chunk, 0, sizeof(chunk));	/* do not leave the stream on the stack */
	return done;
}

static ssize_t read_random(struct file *f, char __user *buf, size_t count, loff_t *ppos)
{
	return fill_random_user(buf, count);
}

static const struct file_operations null_fops = {
	.llseek	= noop_llseek,
	.read	= read_null,
	.write	= write_null,
};

static const struct file_operations zero_fops = {
	.llseek	= noop_llseek,
	.read	= read_zero,
	.write	= write_null,
};

static const struct file_operations random_fops = {
	.llseek	= noop_llseek,
	.read	= read_random,
	.write	= write_null,	/* Linux mixes written bytes in; we have no pool to mix into */
};

int chrdev_open(struct inode *inode, struct file *f)
{
	unsigned int major = MAJOR(inode->i_rdev), minor = MINOR(inode->i_rdev);
	const struct file_operations *fops = NULL;

	if (major == MEM_MAJOR) {
		switch (minor) {
		case 3: fops = &null_fops; break;
		case 5: fops = &zero_fops; break;
		case 8:
		case 9: fops = &random_fops; break;
		}
	} else if (major == TTYAUX_MAJOR && minor <= 1) {
		f->f_op = &tty_fops;
		return tty_open_console(f, minor == 0);
	} else if (major == TTY_MAJOR && minor >= 64) {
		f->f_op = &tty_fops;
		return tty_open_serial(f, minor - 64);
	}
	if (!fops)
		return -ENXIO;
	f->f_op = fops;
	return fops->open ? fops->open(inode, f) : 0;
}

const struct file_operations def_chr_fops = {
	.open	= chrdev_open,
};

long sys_getrandom(char __user *buf, size_t count, unsigned int flags)
{
	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & GRND_INSECURE) && (flags & GRND_RANDOM))
		return -EINVAL;
	if (count > 0x7fffffff)
		count = 0x7fffffff;
	if (!access_ok(buf, count))
		return -EFAULT;
	return fill_random_user(buf, count);	/* never blocks: always "initialised" */
}
