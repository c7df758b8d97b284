/*
 * Opening and closing files, and the calls that act on one inode by name
 * or fd: chdir/fchdir/getcwd, umask, access, chmod, ftruncate, fsync.
 *
 * open(2) order (Linux's do_sys_openat2): reserve an fd → copy the name
 * → do_filp_lookup (namei.c: walk, maybe create) → vfs_open (checks the
 * access mode against the inode, allocates the file, O_TRUNC, f_op->open)
 * → fd_install last. One unwind ladder gives the fd back on failure.
 *
 * Neighbours: namei.c (walks), file.c (fds), file_table.c (struct file),
 * char_dev.c (device ->open), ramfs.c (->setsize).
 */
#include <linux/fs.h>
#include <linux/fdtable.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/capability.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>

static const struct file_operations no_release_fops;

int vfs_truncate(struct inode *inode, loff_t size)
{
	if (size < 0)
		return -EINVAL;
	if (S_ISDIR(inode->i_mode))
		return -EISDIR;
	if (!S_ISREG(inode->i_mode) || !inode->i_op || !inode->i_op->setsize)
		return -EINVAL;
	return inode->i_op->setsize(inode, size);
}

/* Turn a resolved dentry into an open file. Takes its own dentry reference. */
struct file *vfs_open(struct dentry *d, int flags)
{
	struct inode *inode = d->d_inode;
	int acc = flags & O_ACCMODE, mask = 0, err;
	struct file *f;

	if (S_ISLNK(inode->i_mode))
		return ERR_PTR(-ELOOP);
	if (S_ISDIR(inode->i_mode) && (acc != O_RDONLY || (flags & O_TRUNC)))
		return ERR_PTR(-EISDIR);
	if ((flags & O_DIRECTORY) && !S_ISDIR(inode->i_mode))
		return ERR_PTR(-ENOTDIR);
	if (!inode->i_fop)
		return ERR_PTR(-ENXIO);		/* block devices, fifos: no driver */
	if (acc == O_RDONLY || acc == O_RDWR)
		mask |= R_OK;
	if (acc == O_WRONLY || acc == O_RDWR)
		mask |= W_OK;
	err = inode_permission(inode, mask);
	if (err)
		return ERR_PTR(err);
	bool writer = (mask & W_OK) && S_ISREG(inode->i_mode);
	if (writer) {
		err = get_write_access(inode);	/* -ETXTBSY: a running program */
		if (err)
			return ERR_PTR(err);
	}
	f = alloc_file(d, inode, flags, inode->i_fop);
	if (IS_ERR(f)) {
		if (writer)
			put_write_access(inode);
		return f;
	}
	if (writer)
		f->f_mode |= FMODE_WRITER;	/* __fput gives it back */
	/*
	 * O_TRUNC on a file with no size of its own (/proc, /proc/sys) is
	 * accepted and means nothing, as Linux's procfs setattr: so
	 * `echo 1 > /proc/sys/net/...` works.
	 */
	if ((flags & O_TRUNC) && (f->f_mode & FMODE_WRITE) && S_ISREG(inode->i_mode) &&
	    inode->i_op && inode->i_op->setsize) {
		err = vfs_truncate(inode, 0);
		if (err)
			goto out_put_file;
	}
	if (f->f_op->open) {
		err = f->f_op->open(inode, f);
		if (err)
			goto out_put_file;
	}
	f->f_flags &= ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC);
	return f;

out_put_file:
	f->f_op = &no_release_fops;	/* ->open failed: ->release must not run */
	fput(f);
	return ERR_PTR(err);
}

static struct file *do_filp_open(int dfd, const char *name, int flags, umode_t mode)
{
	struct dentry *d;
	struct file *f;
	int err;

	err = do_filp_lookup(dfd, name, flags, mode, &d);
	if (err)
		return ERR_PTR(err);
	f = vfs_open(d, flags);
	dput(d);
	return f;
}

struct file *filp_open(const char *kernel_path, int flags, umode_t mode)
{
	return do_filp_open(AT_FDCWD, kernel_path, flags, mode);
}

/* A descriptor goes away: as POSIX wants, its owner's record locks on the file go too. */
int filp_close(struct file *f, struct files_struct *owner)
{
	locks_remove_posix(f, owner);
	fput(f);
	return 0;
}

long do_sys_open(int dfd, const char __user *filename, int flags, umode_t mode)
{
	struct file *f;
	char *name;
	long fd;

	fd = get_unused_fd_flags(flags);
	if (fd < 0)
		return fd;
	name = getname_fs(filename, false);
	if (IS_ERR(name)) {
		put_unused_fd(fd);
		return PTR_ERR(name);
	}
	f = do_filp_open(dfd, name, flags, mode);
	putname_fs(name);
	if (IS_ERR(f)) {
		put_unused_fd(fd);
		return PTR_ERR(f);
	}
	fd_install(fd, f);
	return fd;
}

long sys_open(const char __user *filename, int flags, umode_t mode)
{
	return do_sys_open(AT_FDCWD, filename, flags | O_LARGEFILE, mode);
}

long sys_openat(int dfd, const char __user *filename, int flags, umode_t mode)
{
	return do_sys_open(dfd, filename, flags | O_LARGEFILE, mode);
}

long sys_creat(const char __user *pathname, umode_t mode)
{
	return sys_open(pathname, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

long sys_close(unsigned int fd)
{
	return close_fd(fd);
}

long sys_chdir(const char __user *filename)
{
	struct dentry *d;
	char *name;
	long err;

	name = getname_fs(filename, false);
	if (IS_ERR(name))
		return PTR_ERR(name);
	err = kern_path(name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &d);
	putname_fs(name);
	if (err)
		return err;
	err = inode_permission(d->d_inode, X_OK);
	if (!err)
		set_fs_pwd(current->fs, d);
	dput(d);
	return err;
}

long sys_fchdir(unsigned int fd)
{
	struct file *f = fget(fd);
	long err;

	if (!f)
		return -EBADF;
	err = -ENOTDIR;
	if (f->f_dentry && S_ISDIR(f->f_inode->i_mode))
		err = inode_permission(f->f_inode, X_OK);
	if (!err)
		set_fs_pwd(current->fs, f->f_dentry);
	fput(f);
	return err;
}

long sys_getcwd(char __user *buf, unsigned long size)
{
	struct dentry *pwd, *root;
	char *page, *start;
	long err, len;

	page = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	pwd = get_fs_pwd(current->fs);
	root = get_fs_root(current->fs);
	mutex_lock(&namespace_mutex);
	if (pwd->d_flags & DCACHE_DELETED)
		err = -ENOENT;			/* Linux: the cwd was removed */
	else
		err = d_path(pwd, root, page, PATH_MAX, &start);
	mutex_unlock(&namespace_mutex);
	dput(root);
	dput(pwd);
	if (err)
		goto out_free;
	len = page + PATH_MAX - start;	/* including the NUL */
	err = -ERANGE;
	if (len > size)
		goto out_free;
	err = copy_to_user(buf, start, len) ? -EFAULT : len;
out_free:
	kfree(page);
	return err;
}

long sys_umask(int mask)
{
	struct fs_struct *fs = current->fs;
	int old;

	if (!fs)
		return 0022;
	spin_lock(&fs->lock);
	old = fs->umask;
	fs->umask = mask & 0777;
	spin_unlock(&fs->lock);
	return old;
}

long sys_faccessat2(int dfd, const char __user *filename, int mode, int flags)
{
	unsigned int lf = LOOKUP_FOLLOW;
	struct dentry *d;
	char *name;
	long err;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & AT_SYMLINK_NOFOLLOW)
		lf = 0;
	if (flags & AT_EMPTY_PATH)
		lf |= LOOKUP_EMPTY;
	name = getname_fs(filename, flags & AT_EMPTY_PATH);
	if (IS_ERR(name))
		return PTR_ERR(name);
	err = path_lookupat(dfd, name, lf, &d);
	putname_fs(name);
	if (err)
		return err;
	if (mode)
		err = inode_permission(d->d_inode, mode);
	dput(d);
	return err;
}

long sys_faccessat(int dfd, const char __user *filename, int mode)
{
	return sys_faccessat2(dfd, filename, mode, 0);
}

long sys_access(const char __user *filename, int mode)
{
	return sys_faccessat2(AT_FDCWD, filename, mode, 0);
}

static long chmod_inode(struct inode *inode, umode_t mode)
{
	if (current->euid != inode->i_uid && !capable(CAP_FOWNER))
		return -EPERM;
	mutex_lock(&inode->i_mutex);
	inode->i_mode = (inode->i_mode & S_IFMT) | (mode & 07777);
	inode->i_ctime = current_time();
	mutex_unlock(&inode->i_mutex);
	return 0;
}

long sys_chmod(const char __user *filename, umode_t mode)
{
	struct dentry *d;
	char *name;
	long err;

	name = getname_fs(filename, false);
	if (IS_ERR(name))
		return PTR_ERR(name);
	err = kern_path(name, LOOKUP_FOLLOW, &d);
	putname_fs(name);
	if (err)
		return err;
	err = chmod_inode(d->d_inode, mode);
	dput(d);
	return err;
}

long sys_fchmod(unsigned int fd, umode_t mode)
{
	struct file *f = fget(fd);
	long err;

	if (!f)
		return -EBADF;
	err = chmod_inode(f->f_inode, mode);
	fput(f);
	return err;
}

long sys_ftruncate64(unsigned int fd, u32 len_lo, u32 len_hi)
{
	loff_t len = ((loff_t)len_hi << 32) | len_lo;
	struct file *f;
	long err;

	if (len < 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	err = -EINVAL;
	if (S_ISREG(f->f_inode->i_mode) && (f->f_mode & FMODE_WRITE))
		err = vfs_truncate(f->f_inode, len);
	fput(f);
	return err;
}

long sys_fsync(unsigned int fd)
{
	struct file *f = fget(fd);
	long err;

	if (!f)
		return -EBADF;
	err = f->f_op->fsync ? f->f_op->fsync(f, 0) : -EINVAL;
	fput(f);
	return err;
}

long sys_sync(void)
{
	return 0;		/* ramfs has nothing to write back */
}
