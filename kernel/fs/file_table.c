/*
 * struct file: allocation and the last-reference teardown.
 *
 * A file is created with f_count = 1 by alloc_file() (open, pipe, socket)
 * and that reference is given to the fd table by fd_install(). Every
 * system call that uses an fd takes its own reference with fget() and
 * drops it with fput(), so close(2) in one task while another is in
 * read(2) on the same file is safe: the file dies with the last fput().
 *
 * __fput order: eventpoll_release (every epoll set watching the file
 * forgets it), f_op->release (the driver lets go of its state: pipe
 * ends, tty, socket), then the dentry and inode references, then the file.
 *
 * Neighbours: file.c (the fd table), open.c (vfs_open), pipe.c and
 * net/socket.c (alloc_file_pseudo).
 */
#include <linux/fs.h>
#include <linux/fdtable.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/eventpoll.h>

struct file *alloc_file(struct dentry *dentry, struct inode *inode, int flags,
			const struct file_operations *fops)
{
	struct file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return ERR_PTR(-ENFILE);
	atomic_set(&f->f_count, 1);
	spin_lock_init(&f->f_lock);
	/* O_CREAT, O_EXCL, O_NOCTTY, O_TRUNC stay visible to ->open (the tty
	 * reads O_NOCTTY) and are cleared by vfs_open after it. */
	f->f_flags = flags & ~O_CLOEXEC;
	f->f_mode = OPEN_FMODE(flags) | FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE;
	f->f_op = fops;
	f->f_dentry = dget(dentry);
	f->f_inode = inode;
	ihold(inode);
	return f;
}

/*
 * A file with no name in the tree (pipes, sockets). It takes over the
 * caller's inode reference on success; name is only for debugging today.
 * Pseudo files cannot seek or pread.
 */
struct file *alloc_file_pseudo(struct inode *inode, const char *name, int flags,
			       const struct file_operations *fops)
{
	struct file *f = alloc_file(NULL, inode, flags, fops);

	if (IS_ERR(f))
		return f;
	iput(inode);		/* alloc_file took its own; keep exactly one */
	f->f_flags &= ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC);
	f->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE);
	return f;
}

static void __fput(struct file *f)
{
	eventpoll_release(f);
	if (f->f_op && f->f_op->release)
		f->f_op->release(f->f_inode, f);
	if (f->f_mode & FMODE_WRITER)
		put_write_access(f->f_inode);
	dput(f->f_dentry);
	iput(f->f_inode);
	kfree(f);
}

void fput(struct file *f)
{
	if (f && atomic_dec_and_test(&f->f_count))
		__fput(f);
}

struct file *fget_raw_files(struct files_struct *files, unsigned int fd)
{
	struct file *f;

	if (!files || fd >= NR_OPEN_MAX)
		return NULL;
	spin_lock(&files->file_lock);
	f = files->fd[fd];
	if (f)
		get_file(f);
	spin_unlock(&files->file_lock);
	return f;
}

struct file *fget(unsigned int fd)
{
	return fget_raw_files(current->files, fd);
}
