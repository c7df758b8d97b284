/*
 * The fd table (struct files_struct): which small integers name which open
 * files in a process, and which of them close on exec.
 *
 * Allocating an fd is two steps, as in Linux, so a system call can reserve
 * the number first and publish the file last:
 *
 *	fd = get_unused_fd_flags(O_CLOEXEC);	// reserve: open_fds bit set
 *	file = ...;				// may fail → put_unused_fd(fd)
 *	fd_install(fd, file);			// publish: fd[] = file
 *
 * Other tasks sharing the table (CLONE_FILES) never see a half-made file.
 * fork copies the table (dup_fd), taking a reference on every file; exec
 * closes the FD_CLOEXEC ones; exit puts the table.
 *
 * Lock legend: files->file_lock guards open_fds, close_on_exec, fd[] and
 * next_fd. fput() is never called under it (a release may sleep): files
 * are collected under the lock and put after it is dropped.
 *
 * Neighbours: file_table.c (fget/fput), fcntl.c (dup*, F_SETFD),
 * open.c (close), kernel/fork.c, kernel/exec.c, kernel/exit.c.
 */
#include <linux/fdtable.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sched.h>

static inline bool fd_test(const unsigned long *map, unsigned int fd)
{
	return map[fd / 32] & (1UL << (fd % 32));
}
static inline void fd_set_bit(unsigned long *map, unsigned int fd) { map[fd / 32] |= 1UL << (fd % 32); }
static inline void fd_clear_bit(unsigned long *map, unsigned int fd) { map[fd / 32] &= ~(1UL << (fd % 32)); }

/* RLIMIT_NOFILE is honoured when the task has one set (nonzero), capped at the table size. */
unsigned int task_nofile_limit(void)
{
	unsigned long lim = current ? current->rlim[RLIMIT_NOFILE].rlim_cur : 0;

	if (lim == 0 || lim > NR_OPEN_MAX)
		return NR_OPEN_MAX;
	return lim;
}

struct files_struct *alloc_files_struct(void)
{
	struct files_struct *files = kzalloc(sizeof(*files), GFP_KERNEL);

	if (!files)
		return NULL;
	refcount_set(&files->count, 1);
	spin_lock_init(&files->file_lock);
	return files;
}

/* Lowest free fd >= start below limit, reserved; -EMFILE if none. file_lock held. */
static int alloc_fd_locked(struct files_struct *files, unsigned int start,
			   unsigned int limit, unsigned int flags)
{
	unsigned int fd;

	assert_spin_locked(&files->file_lock);
	if (start < files->next_fd)
		start = files->next_fd;
	for (fd = start; fd < limit; fd++) {
		if (fd_test(files->open_fds, fd))
			continue;
		fd_set_bit(files->open_fds, fd);
		if (flags & O_CLOEXEC)
			fd_set_bit(files->close_on_exec, fd);
		else
			fd_clear_bit(files->close_on_exec, fd);
		if (start == files->next_fd)
			files->next_fd = fd + 1;
		return fd;
	}
	return -EMFILE;
}

static int alloc_fd(unsigned int start, unsigned int flags)
{
	struct files_struct *files = current->files;
	int fd;

	if (!files)
		return -EMFILE;
	spin_lock(&files->file_lock);
	fd = alloc_fd_locked(files, start, task_nofile_limit(), flags);
	spin_unlock(&files->file_lock);
	return fd;
}

int get_unused_fd_flags(unsigned int flags)
{
	return alloc_fd(0, flags);
}

static void __put_unused_fd(struct files_struct *files, unsigned int fd)
{
	fd_clear_bit(files->open_fds, fd);
	fd_clear_bit(files->close_on_exec, fd);
	if (fd < files->next_fd)
		files->next_fd = fd;
}

void put_unused_fd(int fd)
{
	struct files_struct *files = current->files;

	spin_lock(&files->file_lock);
	BUG_ON(files->fd[fd]);		/* only reserved, never installed, fds */
	__put_unused_fd(files, fd);
	spin_unlock(&files->file_lock);
}

/* Publish f at a reserved fd; the table takes over the caller's reference. */
void fd_install(int fd, struct file *f)
{
	struct files_struct *files = current->files;

	spin_lock(&files->file_lock);
	BUG_ON(!fd_test(files->open_fds, fd) || files->fd[fd]);
	files->fd[fd] = f;
	spin_unlock(&files->file_lock);
}

/* Lowest free fd >= from, installed with f (+ref taken); F_DUPFD and dup(). */
int f_dupfd(unsigned int from, struct file *f, unsigned int flags)
{
	struct files_struct *files = current->files;
	int fd;

	if (from >= task_nofile_limit())
		return -EINVAL;
	spin_lock(&files->file_lock);
	fd = alloc_fd_locked(files, from, task_nofile_limit(), flags);
	if (fd >= 0)
		files->fd[fd] = get_file(f);
	spin_unlock(&files->file_lock);
	return fd;
}

/*
 * Make fd refer to f (dup2/dup3), closing what was there. An fd that is
 * reserved but not yet installed by a concurrent open is busy: -EBUSY,
 * as Linux.
 */
int replace_fd(unsigned int fd, struct file *f, unsigned int flags)
{
	struct files_struct *files = current->files;
	struct file *old;

	if (fd >= task_nofile_limit())
		return -EBADF;
	spin_lock(&files->file_lock);
	old = files->fd[fd];
	if (!old && fd_test(files->open_fds, fd)) {
		spin_unlock(&files->file_lock);
		return -EBUSY;
	}
	files->fd[fd] = get_file(f);
	fd_set_bit(files->open_fds, fd);
	if (flags & O_CLOEXEC)
		fd_set_bit(files->close_on_exec, fd);
	else
		fd_clear_bit(files->close_on_exec, fd);
	spin_unlock(&files->file_lock);
	if (old)
		filp_close(old, files);
	return fd;
}

int close_fd(unsigned int fd)
{
	struct files_struct *files = current->files;
	struct file *f;

	if (!files || fd >= NR_OPEN_MAX)
		return -EBADF;
	spin_lock(&files->file_lock);
	f = files->fd[fd];
	if (!f) {
		spin_unlock(&files->file_lock);
		return -EBADF;
	}
	files->fd[fd] = NULL;
	__put_unused_fd(files, fd);
	spin_unlock(&files->file_lock);
	return filp_close(f, files);
}

bool get_close_on_exec(unsigned int fd)
{
	struct files_struct *files = current->files;
	bool on;

	spin_lock(&files->file_lock);
	on = fd_test(files->close_on_exec, fd);
	spin_unlock(&files->file_lock);
	return on;
}

void set_close_on_exec(unsigned int fd, bool on)
{
	struct files_struct *files = current->files;

	spin_lock(&files->file_lock);
	if (files->fd[fd]) {
		if (on)
			fd_set_bit(files->close_on_exec, fd);
		else
			fd_clear_bit(files->close_on_exec, fd);
	}
	spin_unlock(&files->file_lock);
}

/*
 * fork: a private copy of old with a reference on every installed file.
 * Reserved-but-uninstalled fds (a concurrent open in a CLONE_FILES
 * sibling) are not copied: the child never sees them.
 */
struct files_struct *dup_fd(struct files_struct *old, int *errorp)
{
	struct files_struct *new = alloc_files_struct();
	unsigned int fd;

	if (!new) {
		*errorp = -ENOMEM;
		return NULL;
	}
	*errorp = 0;
	if (!old)
		return new;
	spin_lock(&old->file_lock);
	for (fd = 0; fd < NR_OPEN_MAX; fd++) {
		struct file *f = old->fd[fd];

		if (!f)
			continue;
		new->fd[fd] = get_file(f);
		fd_set_bit(new->open_fds, fd);
		if (fd_test(old->close_on_exec, fd))
			fd_set_bit(new->close_on_exec, fd);
	}
	spin_unlock(&old->file_lock);
	return new;
}

/* Empty the table, one file at a time so fput never runs under file_lock. */
static void close_files_matching(struct files_struct *files, bool only_cloexec)
{
	unsigned int fd;

	for (fd = 0; fd < NR_OPEN_MAX; fd++) {
		struct file *f;

		spin_lock(&files->file_lock);
		f = files->fd[fd];
		if (!f || (only_cloexec && !fd_test(files->close_on_exec, fd))) {
			spin_unlock(&files->file_lock);
			continue;
		}
		files->fd[fd] = NULL;
		__put_unused_fd(files, fd);
		spin_unlock(&files->file_lock);
		filp_close(f, files);
	}
}

void put_files_struct(struct files_struct *files)
{
	if (!files || !refcount_dec_and_test(&files->count))
		return;
	close_files_matching(files, false);
	kfree(files);
}

void do_close_on_exec(struct files_struct *files)
{
	if (files)
		close_files_matching(files, true);
}
