/*
 * Per-process open files (struct files_struct: the fd table) and the
 * per-process file-system context (struct fs_struct: root, cwd, umask).
 * Implementation: kernel/fs/file.c and kernel/fs/fs_struct.c.
 *
 * Who calls what:
 *   fork:  files = dup_fd(parent->files, &err)   (or share + refcount_inc
 *          of files->count for CLONE_FILES); fs = copy_fs_struct(parent->fs)
 *   exec:  do_close_on_exec(current->files)
 *   exit:  put_files_struct(files); free_fs_struct(fs)  (both drop one ref)
 *   init:  console_setup_stdio() (fs.h) creates both for the first task if
 *          it has none, then opens /dev/console as fds 0, 1, 2.
 *   sockets, pipes, accept4: get_unused_fd_flags → (allocate file) →
 *          fd_install last, or put_unused_fd on the error path.
 *
 * Lock legend: files->file_lock (spinlock) guards fd[], open_fds and
 * close_on_exec. An fd is "reserved" (open_fds bit set, fd[] NULL) between
 * get_unused_fd_flags and fd_install, so no one else can take it.
 * fs->lock guards root, pwd and umask.
 */
#ifndef _LINUX_FDTABLE_H
#define _LINUX_FDTABLE_H

#include "fs.h"
#include "spinlock.h"

#define NR_OPEN_MAX	256		/* fds per process: the hard limit */
#define FD_LONGS	(NR_OPEN_MAX / 32)

struct files_struct {
	refcount_t count;		/* tasks sharing this table */
	spinlock_t file_lock;
	unsigned int next_fd;		/* lowest fd that may be free (a hint) */
	unsigned long open_fds[FD_LONGS];	/* file_lock: reserved or installed */
	unsigned long close_on_exec[FD_LONGS];	/* file_lock */
	struct file *fd[NR_OPEN_MAX];		/* file_lock */
};

struct fs_struct {
	refcount_t users;
	spinlock_t lock;
	int umask;			/* lock */
	struct dentry *root, *pwd;	/* lock; each holds a reference */
};

/* file.c */
struct files_struct *alloc_files_struct(void);
struct files_struct *dup_fd(struct files_struct *old, int *errorp);
void put_files_struct(struct files_struct *files);
void do_close_on_exec(struct files_struct *files);
int get_unused_fd_flags(unsigned int flags);	/* O_CLOEXEC honoured; -EMFILE */
void put_unused_fd(int fd);
void fd_install(int fd, struct file *f);
int close_fd(unsigned int fd);			/* 0 or -EBADF */
int replace_fd(unsigned int fd, struct file *f, unsigned int flags);	/* dup2's core */
int f_dupfd(unsigned int from, struct file *f, unsigned int flags);
bool get_close_on_exec(unsigned int fd);
void set_close_on_exec(unsigned int fd, bool on);
unsigned int task_nofile_limit(void);		/* min(RLIMIT_NOFILE, NR_OPEN_MAX) */

/* fs_struct.c */
struct fs_struct *alloc_root_fs_struct(void);	/* root = cwd = "/", umask 022 */
struct fs_struct *copy_fs_struct(struct fs_struct *old);
void free_fs_struct(struct fs_struct *fs);	/* drops one reference (users) */
void set_fs_pwd(struct fs_struct *fs, struct dentry *d);	/* takes its own ref */
struct dentry *get_fs_pwd(struct fs_struct *fs);		/* +ref */
struct dentry *get_fs_root(struct fs_struct *fs);		/* +ref */

#endif
