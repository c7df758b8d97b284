/*
 * Anonymous-inode files: the fd behind eventfd, timerfd and signalfd.
 * Each gets its own pseudo inode (no type bits, 0600, as Linux's
 * anon_inode shows in fstat) and a name ("anon_inode:[eventfd]" in
 * /proc/<pid>/fd). The order is Linux's: reserve the fd, make the file,
 * fd_install last, so a failure leaves nothing behind.
 *
 * Neighbours: file_table.c (alloc_file_pseudo), fdtable.c, eventfd.c,
 * timerfd.c, signalfd.c. eventpoll_sys.c makes its file the same way.
 */
#include <linux/fdtable.h>
#include <linux/anon_inodes.h>
#include <uapi/fcntl.h>

/* A new fd for priv behind fops; flags: O_CLOEXEC, O_NONBLOCK. The caller frees priv on error. */
int anon_inode_getfd(const char *name, const struct file_operations *fops, void *priv, int flags)
{
	struct inode *inode;
	struct file *file;
	int fd;

	fd = get_unused_fd_flags(flags & O_CLOEXEC);
	if (fd < 0)
		return fd;
	inode = new_inode_pseudo(S_IRUSR | S_IWUSR);
	if (!inode) {
		put_unused_fd(fd);
		return -ENFILE;
	}
	file = alloc_file_pseudo(inode, name, O_RDWR | (flags & O_NONBLOCK), fops);
	if (IS_ERR(file)) {
		iput(inode);
		put_unused_fd(fd);
		return PTR_ERR(file);
	}
	file->private_data = priv;
	fd_install(fd, file);
	return fd;
}
