/*
 * Inodes: allocation, reference counting, and what stat(2) reports.
 *
 * An inode is born with one reference (new_inode / new_inode_pseudo) held
 * by whoever made it: a dentry (ramfs, procfs) or a file (pipes, sockets).
 * iput() of the last reference calls the file system's i_destroy hook
 * (ramfs frees its pages, pipes their ring) and frees the inode.
 *
 * Neighbours: dcache.c (dentries hold inode references), file_table.c
 * (files hold one too), ramfs.c, pipe.c, procfs.c (the i_destroy hooks),
 * stat.c (inode_fill_stat).
 */
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/jiffies.h>
#include <linux/sched.h>

static atomic_t last_ino = ATOMIC_INIT(1);	/* 1 is the root's */

unsigned long get_next_ino(void)
{
	return atomic_inc_return(&last_ino);
}

/*
 * Split nanoseconds into seconds and nanoseconds with one 64/32 divl: the
 * quotient fits 32 bits until 2106, and no libgcc __udivdi3 is needed.
 */
struct timespec64 current_time(void)
{
	u64 ns = ktime_get_real_ns();
	u32 lo = (u32)ns, hi = (u32)(ns >> 32), q, r;
	struct timespec64 ts;

	if (hi >= 1000000000U)		/* past 2106: clamp rather than trap */
		hi = 999999999U;
	__asm__("divl %4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "rm"(1000000000U));
	ts.tv_sec = q;
	ts.tv_nsec = r;
	return ts;
}

struct inode *new_inode(dev_t sb_dev, umode_t mode)
{
	struct inode *inode = kzalloc(sizeof(*inode), GFP_KERNEL);

	if (!inode)
		return NULL;
	inode->i_mode = mode;
	inode->i_nlink = 1;
	inode->i_ino = get_next_ino();
	inode->i_dev = sb_dev;
	inode->i_uid = current ? current->euid : 0;
	inode->i_gid = current ? current->egid : 0;
	inode->i_atime = inode->i_mtime = inode->i_ctime = current_time();
	refcount_set(&inode->i_count, 1);
	mutex_init(&inode->i_mutex);
	return inode;
}

struct inode *new_inode_pseudo(umode_t mode)
{
	return new_inode(PSEUDO_DEV, mode);
}

void ihold(struct inode *inode)
{
	refcount_inc(&inode->i_count);
}

void iput(struct inode *inode)
{
	if (!inode || !refcount_dec_and_test(&inode->i_count))
		return;
	if (inode->i_destroy)
		inode->i_destroy(inode);
	kfree(inode);
}

/* Device nodes open through chrdev_open, which picks the driver by i_rdev. */
void init_special_inode(struct inode *inode, umode_t mode, dev_t rdev)
{
	inode->i_mode = mode;
	if (S_ISCHR(mode)) {
		inode->i_fop = &def_chr_fops;
		inode->i_rdev = rdev;
	}
	/* Block devices and fifos in the tree open but do nothing useful:
	 * there is no block layer, and named fifos are not supported (yet). */
}

void inode_fill_stat(struct inode *inode, struct stat64 *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = new_encode_dev(inode->i_dev);
	st->__st_ino = inode->i_ino;
	st->st_ino = inode->i_ino;
	st->st_mode = inode->i_mode;
	st->st_nlink = inode->i_nlink;
	st->st_uid = inode->i_uid;
	st->st_gid = inode->i_gid;
	st->st_rdev = new_encode_dev(inode->i_rdev);
	st->st_size = inode->i_size;
	st->st_blksize = 4096;
	st->st_blocks = (u64)(inode->i_size + 511) >> 9;
	st->st_atime = inode->i_atime.tv_sec;
	st->st_atime_nsec = inode->i_atime.tv_nsec;
	st->st_mtime = inode->i_mtime.tv_sec;
	st->st_mtime_nsec = inode->i_mtime.tv_nsec;
	st->st_ctime = inode->i_ctime.tv_sec;
	st->st_ctime_nsec = inode->i_ctime.tv_nsec;
}
