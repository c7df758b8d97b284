/*
 * Pipes: a PIPE_SIZE byte ring between one read file and one write file.
 *
 * pipe2(2) → do_pipe_flags: one pseudo inode (S_IFIFO) owning the ring,
 * two files on it (read end, write end), two fds installed last.
 *
 * read:  data there → copy what is there (never waits for more) and wake
 *        writers; empty and no writers → 0 (EOF); empty, O_NONBLOCK →
 *        -EAGAIN; else sleep on rd_wait.
 * write: no readers → SIGPIPE + -EPIPE; a write of at most PIPE_BUF bytes
 *        waits until it fits whole (atomic: never interleaved with other
 *        writers); a larger one writes what fits and goes on. O_NONBLOCK
 *        returns what was written, or -EAGAIN if nothing.
 * A signal while sleeping gives -ERESTARTSYS if nothing was transferred.
 * The ring is freed with the inode, when both ends are closed.
 *
 * Lock legend: pipe->mutex guards head, tail, readers, writers and buf.
 * Sleepers drop it first; wakers change state under it, then wake.
 *
 * Neighbours: file_table.c (alloc_file_pseudo), select.c (->poll).
 */
#include <linux/pipe_fs_i.h>
#include <linux/fdtable.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/mm.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>
#include <uapi/termios.h>

static inline unsigned int pipe_used(const struct pipe_inode_info *pipe)
{
	return READ_ONCE(pipe->head) - READ_ONCE(pipe->tail);
}

static ssize_t pipe_read(struct file *f, char __user *buf, size_t count, loff_t *ppos)
{
	struct pipe_inode_info *pipe = f->private_data;
	ssize_t ret = 0;

	if (!count)
		return 0;
	mutex_lock(&pipe->mutex);
	for (;;) {
		unsigned int used = pipe_used(pipe);

		if (used) {
			size_t n = min_t(size_t, count, used);
			unsigned int off = pipe->tail & (PIPE_SIZE - 1);
			size_t first = min_t(size_t, n, PIPE_SIZE - off);
			size_t left = copy_to_user(buf, pipe->buf + off, first);

			if (!left && n > first)
				left = copy_to_user(buf + first, pipe->buf, n - first);
			n -= left;
			pipe->tail += n;
			ret = n ? (ssize_t)n : -EFAULT;
			/* Wake writers on any freed space, not only when the ring
			 * was full: an atomic writer waits for room for its whole
			 * write, which a non-full ring may still lack. */
			if (n)
				wake_up_interruptible_poll(&pipe->wr_wait, POLLOUT | POLLWRNORM);
			break;
		}
		if (!pipe->writers)
			break;			/* EOF */
		if (f->f_flags & O_NONBLOCK) {
			ret = -EAGAIN;
			break;
		}
		mutex_unlock(&pipe->mutex);
		if (wait_event_interruptible(pipe->rd_wait,
					     pipe_used(pipe) || !READ_ONCE(pipe->writers)))
			return -ERESTARTSYS;
		mutex_lock(&pipe->mutex);
	}
	mutex_unlock(&pipe->mutex);
	if (ret > 0)
		file_inode(f)->i_atime = current_time();
	return ret;
}

/* write(2) and kernel_write (sendfile into a pipe) both come here: from is user or kernel memory. */
static ssize_t pipe_write_iter(struct file *f, struct iov_iter *from, loff_t *ppos)
{
	struct pipe_inode_info *pipe = f->private_data;
	size_t count = from->count;
	bool atomic = count <= PIPE_BUF;	/* all or nothing at once */
	ssize_t done = 0;
	int err = 0;

	if (!count)
		return 0;
	mutex_lock(&pipe->mutex);
	while (count) {
		unsigned int space;

		if (!pipe->readers) {
			send_sig(SIGPIPE, current, 0);
			err = -EPIPE;
			break;
		}
		space = PIPE_SIZE - pipe_used(pipe);
		if (space && (!atomic || space >= count)) {
			size_t n = min_t(size_t, count, space);
			unsigned int off = pipe->head & (PIPE_SIZE - 1);
			size_t first = min_t(size_t, n, PIPE_SIZE - off);
			size_t got = copy_from_iter(pipe->buf + off, first, from);
			size_t left;

			if (got == first && n > first)
				got += copy_from_iter(pipe->buf, n - first, from);
			left = n - got;
			n = got;
			pipe->head += n;
			done += n;
			count -= n;
			if (n)
				wake_up_interruptible_poll(&pipe->rd_wait, POLLIN | POLLRDNORM);
			if (left) {
				err = -EFAULT;
				break;
			}
			continue;
		}
		if (f->f_flags & O_NONBLOCK) {
			err = -EAGAIN;
			break;
		}
		mutex_unlock(&pipe->mutex);
		err = wait_event_interruptible(pipe->wr_wait,
			!READ_ONCE(pipe->readers) ||
			PIPE_SIZE - pipe_used(pipe) >= (atomic ? count : 1));
		mutex_lock(&pipe->mutex);
		if (err) {
			err = -ERESTARTSYS;
			break;
		}
	}
	mutex_unlock(&pipe->mutex);
	if (done) {
		file_inode(f)->i_mtime = current_time();
		return done;
	}
	return err;
}

static __poll_t pipe_poll(struct file *f, poll_table *wait)
{
	struct pipe_inode_info *pipe = f->private_data;
	unsigned int used;
	__poll_t mask = 0;

	if (f->f_mode & FMODE_READ)
		poll_wait(f, &pipe->rd_wait, wait);
	if (f->f_mode & FMODE_WRITE)
		poll_wait(f, &pipe->wr_wait, wait);
	used = pipe_used(pipe);
	if (f->f_mode & FMODE_READ) {
		if (used)
			mask |= POLLIN | POLLRDNORM;
		if (!READ_ONCE(pipe->writers))
			mask |= POLLHUP;
	}
	if (f->f_mode & FMODE_WRITE) {
		if (PIPE_SIZE - used >= PIPE_BUF)
			mask |= POLLOUT | POLLWRNORM;
		if (!READ_ONCE(pipe->readers))
			mask |= POLLERR;
	}
	return mask;
}

static long pipe_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pipe_inode_info *pipe = f->private_data;

	if (cmd != FIONREAD)
		return -ENOTTY;
	return put_user((int)pipe_used(pipe), (int __user *)arg);
}

static int pipe_release(struct inode *inode, struct file *f)
{
	struct pipe_inode_info *pipe = f->private_data;

	mutex_lock(&pipe->mutex);
	if (f->f_mode & FMODE_READ)
		pipe->readers--;
	if (f->f_mode & FMODE_WRITE)
		pipe->writers--;
	mutex_unlock(&pipe->mutex);
	/* Readers see EOF, writers see EPIPE: wake everyone to notice. */
	__wake_up(&pipe->rd_wait, TASK_INTERRUPTIBLE, 0, (void *)(uintptr_t)(POLLIN | POLLHUP));
	__wake_up(&pipe->wr_wait, TASK_INTERRUPTIBLE, 0, (void *)(uintptr_t)(POLLOUT | POLLERR));
	return 0;
}

static const struct file_operations pipefifo_fops = {
	.llseek		= no_llseek,
	.read		= pipe_read,
	.write_iter	= pipe_write_iter,
	.poll		= pipe_poll,
	.unlocked_ioctl	= pipe_ioctl,
	.release	= pipe_release,
};

static void free_pipe_info(struct inode *inode)
{
	struct pipe_inode_info *pipe = inode->i_pipe;

	free_pages((unsigned long)pipe->buf, PIPE_SIZE_ORDER);
	kfree(pipe);
}

static struct inode *get_pipe_inode(void)
{
	struct inode *inode = new_inode_pseudo(S_IFIFO | 0600);
	struct pipe_inode_info *pipe;

	if (!inode)
		return NULL;
	pipe = kzalloc(sizeof(*pipe), GFP_KERNEL);
	if (!pipe)
		goto out_put_inode;
	pipe->buf = (char *)__get_free_pages(GFP_KERNEL, PIPE_SIZE_ORDER);
	if (!pipe->buf)
		goto out_free_pipe;
	mutex_init(&pipe->mutex);
	init_waitqueue_head(&pipe->rd_wait);
	init_waitqueue_head(&pipe->wr_wait);
	pipe->readers = pipe->writers = 1;
	inode->i_pipe = pipe;
	inode->i_destroy = free_pipe_info;
	return inode;

out_free_pipe:
	kfree(pipe);
out_put_inode:
	iput(inode);
	return NULL;
}

/*
 * Make both ends and reserve their fds, but install nothing yet: the
 * caller first tells user space the numbers, then publishes the files
 * (Linux's __do_pipe_flags), so a bad pointer leaves no fds behind.
 */
static int __do_pipe_flags(int *fds, struct file **files, int flags)
{
	struct file *rf, *wf;
	struct inode *inode;
	int err;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	inode = get_pipe_inode();
	if (!inode)
		return -ENFILE;
	ihold(inode);			/* one reference per file */
	wf = alloc_file_pseudo(inode, "pipe:", O_WRONLY | (flags & O_NONBLOCK), &pipefifo_fops);
	if (IS_ERR(wf)) {
		iput(inode);
		iput(inode);
		return PTR_ERR(wf);
	}
	wf->private_data = inode->i_pipe;
	rf = alloc_file_pseudo(inode, "pipe:", O_RDONLY | (flags & O_NONBLOCK), &pipefifo_fops);
	if (IS_ERR(rf)) {
		iput(inode);
		err = PTR_ERR(rf);
		goto out_put_wf;
	}
	rf->private_data = inode->i_pipe;

	fds[0] = get_unused_fd_flags(flags);
	if (fds[0] < 0) {
		err = fds[0];
		goto out_put_rf;
	}
	fds[1] = get_unused_fd_flags(flags);
	if (fds[1] < 0) {
		err = fds[1];
		goto out_put_rfd;
	}
	files[0] = rf;
	files[1] = wf;
	return 0;

out_put_rfd:
	put_unused_fd(fds[0]);
out_put_rf:
	fput(rf);
out_put_wf:
	fput(wf);
	return err;
}

int do_pipe_flags(int *fds, int flags)
{
	struct file *files[2];
	int err = __do_pipe_flags(fds, files, flags);

	if (!err) {
		fd_install(fds[0], files[0]);
		fd_install(fds[1], files[1]);
	}
	return err;
}

long sys_pipe2(int __user *fildes, int flags)
{
	struct file *files[2];
	int fds[2];
	int err;

	err = __do_pipe_flags(fds, files, flags);
	if (err)
		return err;
	if (copy_to_user(fildes, fds, sizeof(fds))) {
		put_unused_fd(fds[0]);
		put_unused_fd(fds[1]);
		fput(files[0]);
		fput(files[1]);
		return -EFAULT;
	}
	fd_install(fds[0], files[0]);
	fd_install(fds[1], files[1]);
	return 0;
}

long sys_pipe(int __user *fildes)
{
	return sys_pipe2(fildes, 0);
}
