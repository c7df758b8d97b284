/*
 * The virtual file system: struct file, struct inode, struct dentry and
 * their operation tables, with Linux's names. Implementation: kernel/fs/.
 *
 * The model (simpler than Linux's, same shape):
 *
 *  - One tree of dentries rooted at "/". A dentry names an inode; it holds a
 *    reference on its inode and on its parent, so a chain of d_parent
 *    pointers always leads to the root (getcwd walks it). There are no
 *    negative dentries and no mounts: /proc is simply a dentry whose inode
 *    is the procfs root, whose ->lookup makes dentries on demand.
 *
 *  - ramfs dentries are "hashed": they sit on their parent's d_subdirs
 *    list and ARE the file system (the tree holds one reference). unlink
 *    takes a dentry off that list and drops the tree's reference; files
 *    and cwds that still point at it keep it (and its inode) alive until
 *    the last dput(). procfs dentries are never hashed: each lookup makes
 *    a fresh one that dies with its last reference.
 *
 *  - Hard links are not supported (no link(2)), so one inode has at most
 *    one hashed dentry and i_nlink is 1 for files (2 + subdirs for dirs).
 *
 * Call order of a path operation: sys_openat (open.c) → getname →
 * path_lookupat / path_parentat (namei.c) → dir->i_op->lookup for
 * unhashed children (procfs) or the d_subdirs scan (ramfs) → follow
 * symlinks via i_op->get_link → vfs_open → f_op->open.
 *
 * Lock legend:
 *   namespace_mutex (namei.c)  the shape of the tree: d_subdirs/d_child,
 *                              d_parent, d_name, i_nlink. Held across a
 *                              whole path walk and across create/unlink/
 *                              rename, so a walk sees a consistent tree.
 *   inode->i_mutex             the inode's contents: ramfs pages, i_size,
 *                              times. Taken after namespace_mutex, never
 *                              the other way round.
 *   file->f_lock (spinlock)    f_flags and f_pos updates.
 * Refcounts (d_count, i_count, f_count) are atomic and need no lock.
 */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H

#include "kernel.h"
#include "list.h"
#include "atomic.h"
#include "mutex.h"
#include "../uapi/fcntl.h"
#include "../uapi/stat.h"

struct file;
struct inode;
struct dentry;
struct poll_table_struct;
struct pipe_inode_info;
struct seq_file;
struct files_struct;

typedef unsigned int __poll_t;
typedef u32 dev_t;
typedef unsigned int fmode_t;

/* Kernel-internal device numbers, as Linux: 12 bits major, 20 bits minor. */
#define MINORBITS	20
#define MINORMASK	((1U << MINORBITS) - 1)
#define MAJOR(dev)	((unsigned int)((dev) >> MINORBITS))
#define MINOR(dev)	((unsigned int)((dev) & MINORMASK))
#define MKDEV(ma, mi)	(((ma) << MINORBITS) | (mi))
/* The st_rdev / cpio encoding user space sees (Linux new_encode_dev). */
static inline u32 new_encode_dev(dev_t dev)
{
	unsigned int major = MAJOR(dev), minor = MINOR(dev);
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffU) << 12);
}

#define NAME_MAX	255
#define MAXSYMLINKS	8	/* symlinks followed in one walk before ELOOP */

/* f_mode bits: what this open file may do (set from the O_ACCMODE bits). */
#define FMODE_READ	0x1
#define FMODE_WRITE	0x2
#define FMODE_LSEEK	0x4
#define FMODE_PREAD	0x8
#define FMODE_PWRITE	0x10
#define FMODE_WRITER	0x20	/* holds a get_write_access on the inode */

/* Times: seconds and nanoseconds of the wall clock. */
struct timespec64 {
	s64 tv_sec;
	long tv_nsec;
};
struct timespec64 current_time(void);

/*
 * A minimal iov_iter: a destination or source that is either user memory
 * or kernel memory, so one ->read_iter serves read(2) and kernel_read()
 * (exec). Each copy advances the iterator.
 */
struct iov_iter {
	bool kernel;
	union {
		char __user *ubuf;
		char *kbuf;
	};
	size_t count;		/* bytes left */
};
void iov_iter_user(struct iov_iter *i, void __user *buf, size_t count);
void iov_iter_kernel(struct iov_iter *i, void *buf, size_t count);
/* Return the bytes copied; short when user memory faults. */
size_t copy_to_iter(const void *src, size_t n, struct iov_iter *i);
size_t copy_from_iter(void *dst, size_t n, struct iov_iter *i);

/* getdents: ->iterate calls dir_emit() per entry; false means "buffer full, stop". */
struct dir_context;
typedef bool (*filldir_t)(struct dir_context *, const char *name, int namelen,
			  loff_t next_pos, u64 ino, unsigned int d_type);
struct dir_context {
	filldir_t actor;
	loff_t pos;		/* the cookie of the next entry to emit */
};
static inline bool dir_emit(struct dir_context *ctx, const char *name, int namelen,
			    u64 ino, unsigned int type)
{
	return ctx->actor(ctx, name, namelen, ctx->pos + 1, ino, type);
}
static inline unsigned int fs_umode_to_dtype(umode_t mode) { return (mode & S_IFMT) >> 12; }

struct file_operations {
	loff_t (*llseek)(struct file *, loff_t offset, int whence);
	ssize_t (*read)(struct file *, char __user *buf, size_t count, loff_t *pos);
	ssize_t (*write)(struct file *, const char __user *buf, size_t count, loff_t *pos);
	/* Used when ->read/->write are NULL, and always by kernel_read(). */
	ssize_t (*read_iter)(struct file *, struct iov_iter *to, loff_t *pos);
	ssize_t (*write_iter)(struct file *, struct iov_iter *from, loff_t *pos);
	__poll_t (*poll)(struct file *, struct poll_table_struct *);
	long (*unlocked_ioctl)(struct file *, unsigned int cmd, unsigned long arg);
	int (*open)(struct inode *, struct file *);
	int (*release)(struct inode *, struct file *);
	int (*iterate)(struct file *, struct dir_context *);
	int (*fsync)(struct file *, int datasync);
};

struct inode_operations {
	/* Find a child not on d_subdirs (procfs). ERR_PTR(-ENOENT) when absent. */
	struct dentry *(*lookup)(struct inode *dir, struct dentry *parent, const char *name);
	/* Create a regular file, device node or fifo child (mode has the type bits). */
	int (*mknod)(struct inode *dir, struct dentry *parent, const char *name,
		     umode_t mode, dev_t rdev, struct dentry **res);
	int (*mkdir)(struct inode *dir, struct dentry *parent, const char *name, umode_t mode);
	int (*symlink)(struct inode *dir, struct dentry *parent, const char *name, const char *target);
	int (*unlink)(struct inode *dir, struct dentry *victim);
	int (*rmdir)(struct inode *dir, struct dentry *victim);
	int (*rename)(struct dentry *old, struct dentry *new_parent, const char *new_name);
	/* Copy a symlink's target into buf (NUL-terminated); returns its length or -errno. */
	int (*get_link)(struct dentry *, char *buf, int size);
	/* Change i_size (ftruncate, O_TRUNC). */
	int (*setsize)(struct inode *, loff_t size);
};

struct inode {
	umode_t i_mode;
	unsigned int i_nlink;		/* namespace_mutex */
	unsigned long i_ino;
	dev_t i_dev;			/* which file system (st_dev) */
	dev_t i_rdev;			/* device nodes: which device */
	uid_t i_uid;
	gid_t i_gid;
	loff_t i_size;			/* i_mutex */
	struct timespec64 i_atime, i_mtime, i_ctime;	/* i_mutex */
	refcount_t i_count;
	atomic_t i_writecount;		/* > 0: files open for writing; < 0: mms running it */
	struct mutex i_mutex;
	const struct inode_operations *i_op;
	const struct file_operations *i_fop;	/* what open() installs */
	void (*i_destroy)(struct inode *);	/* frees file-system data at the last iput */
	void *i_private;		/* file system's own data */
	union {
		struct {		/* ramfs regular file: pages of data, i_mutex */
			unsigned long *pages;	/* kernel addresses; 0 = hole (reads as zeros) */
			unsigned long npages;	/* slots in pages[] */
		} i_data;
		char *i_link;		/* ramfs symlink target */
		struct pipe_inode_info *i_pipe;	/* pipes */
	};
};

struct dentry {
	refcount_t d_count;
	unsigned int d_flags;
	struct dentry *d_parent;	/* holds a reference; the root's is itself */
	char *d_name;			/* kmalloc'd; namespace_mutex */
	struct inode *d_inode;		/* holds a reference; never NULL */
	struct list_head d_child;	/* in d_parent->d_subdirs while hashed */
	struct list_head d_subdirs;	/* hashed children, namespace_mutex */
};
#define DCACHE_HASHED	0x1		/* on the parent's d_subdirs: part of the tree */
#define DCACHE_DELETED	0x2		/* was hashed, then unlinked or rmdir'ed */

struct file {
	atomic_t f_count;
	spinlock_t f_lock;		/* f_flags, f_pos */
	unsigned int f_flags;		/* O_* as given to open (minus O_CREAT etc.) */
	fmode_t f_mode;
	loff_t f_pos;
	const struct file_operations *f_op;
	struct inode *f_inode;		/* holds a reference */
	struct dentry *f_dentry;	/* holds a reference; NULL for pseudo files */
	void *private_data;		/* the driver's: tty, pipe, socket, seq_file */
};

static inline struct inode *file_inode(const struct file *f) { return f->f_inode; }

/* inode.c */
struct inode *new_inode(dev_t sb_dev, umode_t mode);
struct inode *new_inode_pseudo(umode_t mode);	/* for pipes, sockets: not in any tree */
void ihold(struct inode *inode);
void iput(struct inode *inode);
void inode_fill_stat(struct inode *inode, struct stat64 *st);
unsigned long get_next_ino(void);
void init_special_inode(struct inode *inode, umode_t mode, dev_t rdev);
#define PSEUDO_DEV	MKDEV(0, 3)	/* st_dev of pipes and sockets */

/* dcache.c */
struct dentry *d_alloc(struct dentry *parent, const char *name, struct inode *inode);
struct dentry *d_alloc_root(struct inode *root_inode);
void d_add_child(struct dentry *parent, struct dentry *child);	/* hash it: namespace_mutex */
void d_delete_child(struct dentry *victim);			/* unhash: namespace_mutex */
struct dentry *d_lookup_child(struct dentry *parent, const char *name);	/* +ref or NULL */
struct dentry *dget(struct dentry *d);
void dput(struct dentry *d);
int d_path(struct dentry *d, struct dentry *root, char *buf, int size, char **start);
extern struct dentry *root_dentry;

/* namei.c */
extern struct mutex namespace_mutex;
#define LOOKUP_FOLLOW		0x0001	/* follow a symlink in the last component */
#define LOOKUP_DIRECTORY	0x0002	/* the result must be a directory */
#define LOOKUP_EMPTY		0x4000	/* an empty path means the start directory */
/* dfd is AT_FDCWD or a directory fd; name is a kernel string. Result is +ref. */
int path_lookupat(int dfd, const char *name, unsigned int flags, struct dentry **result);
int kern_path(const char *name, unsigned int flags, struct dentry **result);
/* Resolve all but the last component (held +ref in *parent); last points into name. */
int path_parentat(int dfd, const char *name, struct dentry **parent, const char **last);
int vfs_mkdir_path(const char *path, umode_t mode);	/* for boot code: mkdir -p-less */
int vfs_mknod_path(const char *path, umode_t mode, dev_t rdev);
int vfs_mknod_sock(const char *path, umode_t mode, struct dentry **res);	/* AF_UNIX bind */
int vfs_symlink_path(const char *target, const char *path);
int vfs_remove_path(const char *path, bool dir);	/* unlink, or rmdir if dir */
umode_t current_umask(void);
char *getname_fs(const char __user *filename, bool allow_empty);	/* kmalloc'd PATH_MAX */
void putname_fs(char *name);
int inode_permission(struct inode *inode, int mask);	/* mask: R_OK|W_OK|X_OK */
/* open's walk: find or (O_CREAT) create; result +ref. */
int do_filp_lookup(int dfd, const char *name, int flags, umode_t mode, struct dentry **result);

/* file_table.c */
struct file *alloc_file(struct dentry *dentry, struct inode *inode, int flags,
			const struct file_operations *fops);
struct file *alloc_file_pseudo(struct inode *inode, const char *name, int flags,
			       const struct file_operations *fops);
static inline struct file *get_file(struct file *f) { atomic_inc(&f->f_count); return f; }

/*
 * A program being run and the same file being written exclude each other
 * (-ETXTBSY), as Linux: opening a regular file for writing takes write
 * access (i_writecount up), exec denies it for as long as an mm runs the
 * file (i_writecount down, released with the mm). Either fails while the
 * count points the other way.
 */
static inline int get_write_access(struct inode *inode)
{
	int v;
	do {
		v = atomic_read(&inode->i_writecount);
		if (v < 0)
			return -ETXTBSY;
	} while (!__sync_bool_compare_and_swap(&inode->i_writecount.counter, v, v + 1));
	return 0;
}
static inline void put_write_access(struct inode *inode) { atomic_dec(&inode->i_writecount); }
static inline int deny_write_access(struct file *f)
{
	struct inode *inode = f->f_inode;
	int v;
	do {
		v = atomic_read(&inode->i_writecount);
		if (v > 0)
			return -ETXTBSY;
	} while (!__sync_bool_compare_and_swap(&inode->i_writecount.counter, v, v - 1));
	return 0;
}
static inline void allow_write_access(struct file *f) { atomic_inc(&f->f_inode->i_writecount); }
void fput(struct file *f);
struct file *fget(unsigned int fd);	/* +ref, or NULL: current's table */
struct file *fget_raw_files(struct files_struct *files, unsigned int fd);
#define OPEN_FMODE(flag) ((fmode_t)(((flag) + 1) & O_ACCMODE))

/* open.c */
struct file *filp_open(const char *kernel_path, int flags, umode_t mode);
struct file *vfs_open(struct dentry *d, int flags);
int filp_close(struct file *f, struct files_struct *owner);	/* owner's record locks on f go */

/* locks.c: POSIX record locks (fcntl.c copies struct flock in and out). */
struct flock64;
int fcntl_getlk(struct file *f, struct flock64 *l);
int fcntl_setlk(struct file *f, bool wait, struct flock64 *l);
void locks_remove_posix(struct file *f, struct files_struct *owner);
void locks_init(void);
long do_sys_open(int dfd, const char __user *filename, int flags, umode_t mode);

/* read_write.c */
ssize_t vfs_read(struct file *f, char __user *buf, size_t count, loff_t *pos);
ssize_t vfs_write(struct file *f, const char __user *buf, size_t count, loff_t *pos);
ssize_t kernel_read(struct file *f, void *buf, size_t count, loff_t *pos);
ssize_t kernel_write(struct file *f, const void *buf, size_t count, loff_t *pos);
loff_t vfs_llseek(struct file *f, loff_t offset, int whence);
loff_t generic_file_llseek(struct file *f, loff_t offset, int whence);
loff_t no_llseek(struct file *f, loff_t offset, int whence);	/* -ESPIPE */
int vfs_truncate(struct inode *inode, loff_t size);

/* ramfs.c */
extern const struct inode_operations ramfs_dir_inode_operations;
extern const struct file_operations ramfs_dir_operations;
extern const struct file_operations ramfs_file_operations;
#define RAMFS_DEV	MKDEV(0, 1)
struct inode *ramfs_get_inode(umode_t mode, dev_t rdev);
int dcache_readdir(struct file *f, struct dir_context *ctx);	/* hashed children */

/* char_dev.c: device nodes open through a table of (major, minor) → fops */
int chrdev_open(struct inode *inode, struct file *f);
extern const struct file_operations def_chr_fops;
#define MEM_MAJOR	1	/* 1,3 null  1,5 zero  1,8 random  1,9 urandom */
#define TTY_MAJOR	4	/* 4,64 /dev/ttyS0  4,65 /dev/ttyS1 */
#define TTYAUX_MAJOR	5	/* 5,0 /dev/tty  5,1 /dev/console */

/* procfs.c: make the "proc" directory under the root (from vfs_init) */
int proc_root_init(struct dentry *root);
#define PROC_DEV	MKDEV(0, 4)
/* Provided by kernel/exec.c (the lead's): the path p was exec'd from, or NULL.
 * Called with tasklist_lock held; the string is copied before it is dropped. */
struct task_struct;
extern const char *task_exe_path(struct task_struct *p);

/* initramfs.c / super.c: boot */
void vfs_init(void);
int populate_rootfs(const void *cpio, size_t len);
int console_setup_stdio(void);

#endif
