/*
 * ramfs: the root file system, held entirely in memory. Its directories
 * are the dentry tree itself (dcache.c); its regular files keep their
 * data in whole pages listed in inode->i_data.pages, grown on write and
 * freed on truncate or at the last iput (so an unlinked file that is
 * still open keeps its data). Symlinks keep their target in i_link.
 *
 * Call order: namei.c resolves a parent and calls i_op->mknod/mkdir/
 * symlink/unlink/rmdir/rename here with namespace_mutex held; read(2)/
 * write(2) arrive through read_write.c at ramfs_read_iter/write_iter,
 * which take i_mutex; getdents64 arrives at dcache_readdir.
 *
 * Lock legend: namespace_mutex (caller's) for names and i_nlink;
 * inode->i_mutex for pages, i_size and times.
 *
 * Neighbours: dcache.c, namei.c, initramfs.c (fills it at boot),
 * char_dev.c (device nodes live here as S_IFCHR inodes).
 */
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <linux/uaccess.h>

#define RAMFS_MAX_FILE_SIZE	(256LL << 20)	/* one file: 256 MB, then EFBIG */

static const struct inode_operations ramfs_file_inode_operations;
static const struct inode_operations ramfs_symlink_inode_operations;

/* Free the pages at index >= from. i_mutex held (or the inode is dying). */
static void ramfs_free_pages_from(struct inode *inode, unsigned long from)
{
	unsigned long i;

	for (i = from; i < inode->i_data.npages; i++) {
		if (inode->i_data.pages[i])
			free_page(inode->i_data.pages[i]);
		inode->i_data.pages[i] = 0;
	}
}

static void ramfs_destroy_inode(struct inode *inode)
{
	if (S_ISREG(inode->i_mode)) {
		ramfs_free_pages_from(inode, 0);
		kfree(inode->i_data.pages);
	} else if (S_ISLNK(inode->i_mode)) {
		kfree(inode->i_link);
	}
}

struct inode *ramfs_get_inode(umode_t mode, dev_t rdev)
{
	struct inode *inode = new_inode(RAMFS_DEV, mode);

	if (!inode)
		return NULL;
	inode->i_destroy = ramfs_destroy_inode;
	switch (mode & S_IFMT) {
	case S_IFREG:
		inode->i_op = &ramfs_file_inode_operations;
		inode->i_fop = &ramfs_file_operations;
		break;
	case S_IFDIR:
		inode->i_op = &ramfs_dir_inode_operations;
		inode->i_fop = &ramfs_dir_operations;
		inode->i_nlink = 2;		/* "." and its name in the parent */
		inode->i_size = 4096;
		break;
	case S_IFLNK:
		inode->i_op = &ramfs_symlink_inode_operations;
		break;
	default:
		init_special_inode(inode, mode, rdev);
		break;
	}
	return inode;
}

/* Make sure page slots up to index last exist. i_mutex held. */
static int ramfs_grow_index(struct inode *inode, unsigned long last)
{
	unsigned long n = inode->i_data.npages, want;
	unsigned long *pages;

	if (last < n)
		return 0;
	want = max(last + 1, n * 2);		/* amortised doubling */
	pages = krealloc(inode->i_data.pages, want * sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOSPC;
	memset(pages + n, 0, (want - n) * sizeof(*pages));
	inode->i_data.pages = pages;
	inode->i_data.npages = want;
	return 0;
}

static const char zero_chunk[256];

static ssize_t ramfs_read_iter(struct file *f, struct iov_iter *to, loff_t *ppos)
{
	struct inode *inode = file_inode(f);
	loff_t pos = *ppos;
	ssize_t done = 0;

	mutex_lock(&inode->i_mutex);
	while (to->count && pos < inode->i_size) {
		unsigned long idx = pos >> PAGE_SHIFT;
		size_t off = pos & (PAGE_SIZE - 1);
		size_t n = min_t(size_t, PAGE_SIZE - off, to->count);
		size_t copied;

		if (pos + n > inode->i_size)
			n = inode->i_size - pos;
		if (idx < inode->i_data.npages && inode->i_data.pages[idx]) {
			copied = copy_to_iter((char *)inode->i_data.pages[idx] + off, n, to);
		} else {			/* a hole reads as zeros */
			n = min(n, sizeof(zero_chunk));
			copied = copy_to_iter(zero_chunk, n, to);
		}
		done += copied;
		pos += copied;
		if (copied < n) {
			if (!done)
				done = -EFAULT;
			break;
		}
	}
	inode->i_atime = current_time();
	mutex_unlock(&inode->i_mutex);
	if (done > 0)
		*ppos = pos;
	return done;
}

static ssize_t ramfs_write_iter(struct file *f, struct iov_iter *from, loff_t *ppos)
{
	struct inode *inode = file_inode(f);
	ssize_t done = 0;
	loff_t pos;
	int err = 0;

	mutex_lock(&inode->i_mutex);
	pos = (f->f_flags & O_APPEND) ? inode->i_size : *ppos;
	if (pos < 0 || pos + (loff_t)from->count > RAMFS_MAX_FILE_SIZE) {
		err = -EFBIG;
		goto out_unlock;
	}
	if (from->count) {
		err = ramfs_grow_index(inode, (pos + from->count - 1) >> PAGE_SHIFT);
		if (err)
			goto out_unlock;
	}
	while (from->count) {
		unsigned long idx = pos >> PAGE_SHIFT;
		size_t off = pos & (PAGE_SIZE - 1);
		size_t n = min_t(size_t, PAGE_SIZE - off, from->count);
		size_t copied;

		if (!inode->i_data.pages[idx]) {
			inode->i_data.pages[idx] = get_zeroed_page(GFP_KERNEL);
			if (!inode->i_data.pages[idx]) {
				err = -ENOSPC;
				break;
			}
		}
		copied = copy_from_iter((char *)inode->i_data.pages[idx] + off, n, from);
		done += copied;
		pos += copied;
		if (pos > inode->i_size)
			inode->i_size = pos;
		if (copied < n) {
			err = -EFAULT;
			break;
		}
	}
	if (done)
		inode->i_mtime = inode->i_ctime = current_time();
out_unlock:
	mutex_unlock(&inode->i_mutex);
	if (done) {
		*ppos = pos;
		return done;
	}
	return err;
}

/* Truncate or extend; caller validated size >= 0. Takes i_mutex. */
static int ramfs_setsize(struct inode *inode, loff_t size)
{
	int err = 0;

	if (size > RAMFS_MAX_FILE_SIZE)
		return -EFBIG;
	mutex_lock(&inode->i_mutex);
	if (size < inode->i_size) {
		unsigned long keep = (size + PAGE_SIZE - 1) >> PAGE_SHIFT;
		size_t off = size & (PAGE_SIZE - 1);

		ramfs_free_pages_from(inode, keep);
		/* Zero the tail of the last kept page, so growing again reads zeros. */
		if (off && keep - 1 < inode->i_data.npages && inode->i_data.pages[keep - 1])
			memset((char *)inode->i_data.pages[keep - 1] + off, 0, PAGE_SIZE - off);
	}
	inode->i_size = size;
	inode->i_mtime = inode->i_ctime = current_time();
	mutex_unlock(&inode->i_mutex);
	return err;
}

static int ramfs_fsync(struct file *f, int datasync)
{
	return 0;		/* nothing is ever dirty: memory is the medium */
}

const struct file_operations ramfs_file_operations = {
	.llseek		= generic_file_llseek,
	.read_iter	= ramfs_read_iter,
	.write_iter	= ramfs_write_iter,
	.fsync		= ramfs_fsync,
};

static const struct inode_operations ramfs_file_inode_operations = {
	.setsize	= ramfs_setsize,
};

static int ramfs_get_link(struct dentry *d, char *buf, int size)
{
	const char *target = d->d_inode->i_link;
	int len = strlen(target);

	if (len >= size)
		return -ENAMETOOLONG;
	memcpy(buf, target, len + 1);
	return len;
}

static const struct inode_operations ramfs_symlink_inode_operations = {
	.get_link	= ramfs_get_link,
};

/* Hash a new inode under parent as name. Consumes the inode reference. */
static int ramfs_instantiate(struct dentry *parent, const char *name, struct inode *inode,
			     struct dentry **res)
{
	struct dentry *d = d_alloc(parent, name, inode);

	if (!d) {
		iput(inode);
		return -ENOMEM;
	}
	d_add_child(parent, d);
	parent->d_inode->i_mtime = parent->d_inode->i_ctime = current_time();
	if (res)
		*res = dget(d);
	return 0;
}

static int ramfs_mknod(struct inode *dir, struct dentry *parent, const char *name,
		       umode_t mode, dev_t rdev, struct dentry **res)
{
	struct inode *inode;

	if (!(mode & S_IFMT))
		mode |= S_IFREG;
	if (S_ISDIR(mode) || S_ISLNK(mode))
		return -EINVAL;
	inode = ramfs_get_inode(mode, rdev);
	if (!inode)
		return -ENOSPC;
	return ramfs_instantiate(parent, name, inode, res);
}

static int ramfs_mkdir(struct inode *dir, struct dentry *parent, const char *name, umode_t mode)
{
	struct inode *inode = ramfs_get_inode(S_IFDIR | (mode & 07777), 0);
	int err;

	if (!inode)
		return -ENOSPC;
	err = ramfs_instantiate(parent, name, inode, NULL);
	if (!err)
		dir->i_nlink++;		/* the new dir's ".." */
	return err;
}

static int ramfs_symlink(struct inode *dir, struct dentry *parent, const char *name,
			 const char *target)
{
	struct inode *inode;
	size_t len = strlen(target);

	if (len >= PATH_MAX)
		return -ENAMETOOLONG;
	inode = ramfs_get_inode(S_IFLNK | 0777, 0);
	if (!inode)
		return -ENOSPC;
	inode->i_link = kstrdup(target, GFP_KERNEL);
	if (!inode->i_link) {
		iput(inode);
		return -ENOSPC;
	}
	inode->i_size = len;
	return ramfs_instantiate(parent, name, inode, NULL);
}

/* /proc's dentry sits in the ramfs tree but is another file system's root. */
static bool is_mountpoint(struct dentry *d)
{
	return d->d_inode->i_dev != RAMFS_DEV;
}

static int ramfs_unlink(struct inode *dir, struct dentry *victim)
{
	if (is_mountpoint(victim))
		return -EBUSY;
	victim->d_inode->i_nlink = 0;
	victim->d_inode->i_ctime = current_time();
	dir->i_mtime = dir->i_ctime = current_time();
	d_delete_child(victim);		/* data lives on while files hold the dentry */
	return 0;
}

static int ramfs_rmdir(struct inode *dir, struct dentry *victim)
{
	if (victim == root_dentry || is_mountpoint(victim))
		return -EBUSY;
	if (!list_empty(&victim->d_subdirs))
		return -ENOTEMPTY;
	victim->d_inode->i_nlink = 0;
	dir->i_nlink--;
	dir->i_mtime = dir->i_ctime = current_time();
	d_delete_child(victim);
	return 0;
}

/* namei.c has checked types and emptiness; replace any existing target. */
static int ramfs_rename(struct dentry *old, struct dentry *new_parent, const char *new_name)
{
	struct dentry *old_parent = old->d_parent, *target;
	char *name = kstrdup(new_name, GFP_KERNEL);	/* before any change: may fail */
	bool is_dir = S_ISDIR(old->d_inode->i_mode);

	if (is_mountpoint(old)) {
		kfree(name);
		return -EBUSY;
	}
	target = d_lookup_child(new_parent, new_name);
	if (target && is_mountpoint(target)) {
		dput(target);
		kfree(name);
		return -EBUSY;
	}
	if (!name) {
		dput(target);
		return -ENOMEM;
	}
	if (target) {
		if (S_ISDIR(target->d_inode->i_mode))
			ramfs_rmdir(new_parent->d_inode, target);
		else
			ramfs_unlink(new_parent->d_inode, target);
		dput(target);
	}
	list_del_init(&old->d_child);
	kfree(old->d_name);
	old->d_name = name;
	old->d_parent = dget(new_parent);
	list_add_tail(&old->d_child, &new_parent->d_subdirs);
	if (is_dir && old_parent != new_parent) {
		old_parent->d_inode->i_nlink--;
		new_parent->d_inode->i_nlink++;
	}
	old_parent->d_inode->i_mtime = new_parent->d_inode->i_mtime = current_time();
	dput(old_parent);	/* the walk still holds it: never the last reference */
	return 0;
}

const struct inode_operations ramfs_dir_inode_operations = {
	.mknod		= ramfs_mknod,
	.mkdir		= ramfs_mkdir,
	.symlink	= ramfs_symlink,
	.unlink		= ramfs_unlink,
	.rmdir		= ramfs_rmdir,
	.rename		= ramfs_rename,
};

/*
 * getdents over the hashed children: position 0 is ".", 1 is "..", n + 2
 * is the n-th child. A concurrent unlink may make a later call skip one
 * entry; positions never repeat one, which is what readdir loops need.
 */
int dcache_readdir(struct file *f, struct dir_context *ctx)
{
	struct dentry *dir = f->f_dentry, *child;
	loff_t i = 2;

	if (!dir)
		return -ENOTDIR;
	mutex_lock(&namespace_mutex);
	if (ctx->pos == 0) {
		if (!dir_emit(ctx, ".", 1, dir->d_inode->i_ino, DT_DIR))
			goto out;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!dir_emit(ctx, "..", 2, dir->d_parent->d_inode->i_ino, DT_DIR))
			goto out;
		ctx->pos = 2;
	}
	list_for_each_entry(child, &dir->d_subdirs, d_child) {
		if (i++ < ctx->pos)
			continue;
		if (!dir_emit(ctx, child->d_name, strlen(child->d_name), child->d_inode->i_ino,
			      fs_umode_to_dtype(child->d_inode->i_mode)))
			break;
		ctx->pos++;
	}
out:
	mutex_unlock(&namespace_mutex);
	return 0;
}

const struct file_operations ramfs_dir_operations = {
	.llseek		= generic_file_llseek,
	.iterate	= dcache_readdir,
	.fsync		= ramfs_fsync,
};
