/*
 * stat64 and friends, and getdents64.
 *
 * stat: resolve (following the last symlink or not) → inode_fill_stat
 * (inode.c) → copy the i386 struct stat64 out.
 * getdents64: fget → f_op->iterate with a dir_context whose actor packs
 * linux_dirent64 records into the user buffer; the directory's f_pos is
 * the cookie of the next entry, so a second call resumes where the
 * first stopped.
 *
 * Neighbours: namei.c, inode.c, ramfs.c (dcache_readdir), procfs.c.
 */
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>

static long cp_new_stat64(struct inode *inode, struct stat64 __user *statbuf)
{
	struct stat64 st;

	inode_fill_stat(inode, &st);
	return copy_to_user(statbuf, &st, sizeof(st)) ? -EFAULT : 0;
}

/* statx is the same lookup with the answer in struct statx: built from the stat64 fields. */
static long cp_statx(struct inode *inode, struct statx __user *buffer)
{
	struct stat64 st;
	struct statx sx;

	inode_fill_stat(inode, &st);
	memset(&sx, 0, sizeof(sx));
	sx.stx_mask = STATX_BASIC_STATS;
	sx.stx_blksize = st.st_blksize;
	sx.stx_nlink = st.st_nlink;
	sx.stx_uid = st.st_uid;
	sx.stx_gid = st.st_gid;
	sx.stx_mode = st.st_mode;
	sx.stx_ino = st.st_ino;
	sx.stx_size = st.st_size;
	sx.stx_blocks = st.st_blocks;
	sx.stx_atime.tv_sec = st.st_atime;
	sx.stx_atime.tv_nsec = st.st_atime_nsec;
	sx.stx_mtime.tv_sec = st.st_mtime;
	sx.stx_mtime.tv_nsec = st.st_mtime_nsec;
	sx.stx_ctime.tv_sec = st.st_ctime;
	sx.stx_ctime.tv_nsec = st.st_ctime_nsec;
	sx.stx_rdev_major = (u32)(st.st_rdev >> 8) & 0xfff;
	sx.stx_rdev_minor = (u32)(st.st_rdev & 0xff);
	sx.stx_dev_major = (u32)(st.st_dev >> 8) & 0xfff;
	sx.stx_dev_minor = (u32)(st.st_dev & 0xff);
	return copy_to_user(buffer, &sx, sizeof(sx)) ? -EFAULT : 0;
}

/* The lookup both stat flavours share; fill() copies the inode's attributes out. */
static long do_statat(int dfd, const char __user *filename, int flag,
		      long (*fill)(struct inode *, void __user *), void __user *buf);

long sys_statx(int dfd, const char __user *filename, unsigned flags, unsigned int mask,
	       struct statx __user *buffer)
{
	if (mask & STATX__RESERVED)
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	return do_statat(dfd, filename, flags & ~AT_STATX_SYNC_TYPE,
			 (long (*)(struct inode *, void __user *))cp_statx, buffer);
}

long sys_fstatat64(int dfd, const char __user *filename, struct stat64 __user *statbuf, int flag)
{
	return do_statat(dfd, filename, flag, (long (*)(struct inode *, void __user *))cp_new_stat64,
			 statbuf);
}

static long do_statat(int dfd, const char __user *filename, int flag,
		      long (*fill)(struct inode *, void __user *), void __user *buf)
{
	unsigned int lf = LOOKUP_FOLLOW;
	struct dentry *d;
	char *name;
	long err;

	if (flag & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH))
		return -EINVAL;
	if (flag & AT_SYMLINK_NOFOLLOW)
		lf = 0;
	if (flag & AT_EMPTY_PATH)
		lf |= LOOKUP_EMPTY;
	name = getname_fs(filename, flag & AT_EMPTY_PATH);
	if (IS_ERR(name))
		return PTR_ERR(name);
	if (!*name && dfd != AT_FDCWD) {
		/* AT_EMPTY_PATH on an fd: any file, even a pipe, has an inode. */
		struct file *f = fget(dfd);

		putname_fs(name);
		if (!f)
			return -EBADF;
		err = fill(f->f_inode, buf);
		fput(f);
		return err;
	}
	err = path_lookupat(dfd, name, lf, &d);
	putname_fs(name);
	if (err)
		return err;
	err = fill(d->d_inode, buf);
	dput(d);
	return err;
}

long sys_stat64(const char __user *filename, struct stat64 __user *statbuf)
{
	return sys_fstatat64(AT_FDCWD, filename, statbuf, 0);
}

long sys_lstat64(const char __user *filename, struct stat64 __user *statbuf)
{
	return sys_fstatat64(AT_FDCWD, filename, statbuf, AT_SYMLINK_NOFOLLOW);
}

long sys_fstat64(unsigned long fd, struct stat64 __user *statbuf)
{
	struct file *f = fget(fd);
	long err;

	if (!f)
		return -EBADF;
	err = cp_new_stat64(f->f_inode, statbuf);
	fput(f);
	return err;
}

struct getdents_callback64 {
	struct dir_context ctx;
	struct linux_dirent64 __user *current_dir;
	int count;		/* bytes left in the user buffer */
	int error;
	int written;
};

static bool filldir64(struct dir_context *ctx, const char *name, int namlen,
		      loff_t next_pos, u64 ino, unsigned int d_type)
{
	struct getdents_callback64 *buf = container_of(ctx, struct getdents_callback64, ctx);
	int reclen = ALIGN(offsetof(struct linux_dirent64, d_name) + namlen + 1, sizeof(u64));
	struct linux_dirent64 __user *d = buf->current_dir;
	struct {
		u64 d_ino;
		s64 d_off;
		unsigned short d_reclen;
		unsigned char d_type;
	} __packed hdr;
	char nul = 0;

	if (reclen > buf->count) {
		buf->error = buf->written ? 0 : -EINVAL;	/* not even one fits */
		return false;
	}
	hdr.d_ino = ino;
	hdr.d_off = next_pos;
	hdr.d_reclen = reclen;
	hdr.d_type = d_type;
	if (copy_to_user(d, &hdr, offsetof(struct linux_dirent64, d_name)) ||
	    copy_to_user(d->d_name, name, namlen) ||
	    copy_to_user(d->d_name + namlen, &nul, 1)) {
		buf->error = -EFAULT;
		return false;
	}
	buf->current_dir = (void __user *)((char __user *)d + reclen);
	buf->count -= reclen;
	buf->written += reclen;
	return true;
}

long sys_getdents64(unsigned int fd, struct linux_dirent64 __user *dirent, unsigned int count)
{
	struct getdents_callback64 buf = {
		.ctx.actor = filldir64,
		.current_dir = dirent,
		.count = (int)min_t(unsigned int, count, 0x7fffffff),
	};
	struct file *f;
	long err;

	if (!access_ok(dirent, count))
		return -EFAULT;
	f = fget(fd);
	if (!f)
		return -EBADF;
	err = -ENOTDIR;
	if (!f->f_op->iterate || !S_ISDIR(f->f_inode->i_mode))
		goto out_put_file;
	buf.ctx.pos = f->f_pos;
	err = f->f_op->iterate(f, &buf.ctx);
	f->f_pos = buf.ctx.pos;
	if (!err)
		err = buf.error ? buf.error : buf.written;
out_put_file:
	fput(f);
	return err;
}
