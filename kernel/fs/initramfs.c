/*
 * populate_rootfs: unpack the initramfs (a cpio newc archive handed over
 * as a Multiboot module) into the root ramfs.
 *
 * For each entry cpio_next (cpio.c) yields: directories are made (an
 * existing one is fine), regular files are created and written, symlinks
 * and device nodes are made; then mode (exactly as archived, without the
 * umask), owner and mtime are applied. A bad entry is reported and
 * skipped; a malformed archive stops the unpacking with -EINVAL, keeping
 * what was unpacked so far.
 *
 * Not supported: hard links (nlink > 1 entries become separate files;
 * in newc only the last link carries the data, so earlier ones are empty).
 *
 * Neighbours: cpio.c (parsing), namei.c (vfs_*_path), open.c (filp_open),
 * read_write.c (kernel_write). Called once at boot, after vfs_init.
 */
#include <linux/fs.h>
#include <linux/cpio.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

/* Set what the archive says about the inode at path (not following a final symlink). */
static void apply_attrs(const char *path, const struct cpio_entry *e)
{
	struct dentry *d;
	struct inode *inode;

	if (kern_path(path, 0, &d))
		return;
	inode = d->d_inode;
	mutex_lock(&inode->i_mutex);
	if (!S_ISLNK(inode->i_mode))
		inode->i_mode = (inode->i_mode & S_IFMT) | (e->mode & 07777);
	inode->i_uid = e->uid;
	inode->i_gid = e->gid;
	inode->i_mtime.tv_sec = e->mtime;
	inode->i_mtime.tv_nsec = 0;
	mutex_unlock(&inode->i_mutex);
	dput(d);
}

static int unpack_regular(const char *path, const struct cpio_entry *e)
{
	struct file *f = filp_open(path, O_WRONLY | O_CREAT | O_TRUNC, e->mode & 07777);
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = e->size ? kernel_write(f, e->data, e->size, &pos) : 0;
	fput(f);
	if (n < 0)
		return n;
	return (size_t)n == e->size ? 0 : -ENOSPC;
}

static int unpack_symlink(const char *path, const struct cpio_entry *e)
{
	char *target;
	int err;

	if (e->size == 0 || e->size >= PATH_MAX)
		return -EINVAL;
	target = kmalloc(e->size + 1, GFP_KERNEL);
	if (!target)
		return -ENOMEM;
	memcpy(target, e->data, e->size);
	target[e->size] = '\0';
	err = vfs_symlink_path(target, path);
	kfree(target);
	return err;
}

static int unpack_one(const struct cpio_entry *e)
{
	char *path;
	const char *name = e->name;
	int err;

	/* Archive names are relative ("bin/sh", "./bin/sh", "."): root them. */
	while (name[0] == '.' && name[1] == '/')
		name += 2;
	while (name[0] == '/')
		name++;
	if (!name[0] || !strcmp(name, "."))
		return 0;			/* the root itself */
	path = kmalloc(strlen(name) + 2, GFP_KERNEL);
	if (!path)
		return -ENOMEM;
	path[0] = '/';
	strcpy(path + 1, name);

	switch (e->mode & S_IFMT) {
	case S_IFDIR:
		err = vfs_mkdir_path(path, e->mode & 07777);
		if (err == -EEXIST)
			err = 0;
		break;
	case S_IFREG:
		err = unpack_regular(path, e);
		break;
	case S_IFLNK:
		err = unpack_symlink(path, e);
		break;
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		err = vfs_mknod_path(path, e->mode & (S_IFMT | 07777),
				     MKDEV(e->rdev_major, e->rdev_minor));
		if (err == -EEXIST)
			err = 0;	/* vfs_init made /dev/console etc. already */
		break;
	default:
		err = -EINVAL;
		break;
	}
	if (!err)
		apply_attrs(path, e);
	else
		pr_warn("initramfs: %s: error %d, skipped\n", path, err);
	kfree(path);
	return err;
}

int populate_rootfs(const void *cpio, size_t len)
{
	struct cpio_entry e;
	size_t off = 0;
	int n = 0, ret;

	while ((ret = cpio_next(cpio, len, &off, &e)) > 0) {
		if (unpack_one(&e) == 0)
			n++;
	}
	if (ret < 0) {
		pr_err("initramfs: malformed archive at offset %lu\n", (unsigned long)off);
		return ret;
	}
	pr_info("initramfs: %d entries unpacked\n", n);
	return 0;
}
