/*
 * procfs: the /proc directory and the registry behind include/linux/proc_fs.h.
 *
 * Two halves:
 *  - The registry: a tree of struct proc_dir_entry (proc_internal.h) that
 *    proc_create_single(), proc_create() and proc_sysctl_int*() add to, making the
 *    directories on the path as needed ("net/dev" makes "net"). It does
 *    not depend on the VFS, so subsystems may register before or after
 *    vfs_init(); it only needs kmalloc.
 *  - The file system: vfs_init() calls proc_root_init(), which puts a
 *    "proc" dentry in the root whose inode's ->lookup materialises
 *    dentries on demand: from the registry, or /proc/self and /proc/<pid>
 *    (proc_base.c). Nothing is cached: every lookup makes a fresh,
 *    unhashed dentry and inode that die with their last reference, so a
 *    registration or an exiting task is seen at once.
 *
 * Call order: open("/proc/net/dev") → namei walk → proc_root_lookup →
 * proc_dir_lookup("dev") → proc_single_open → seq_generate(show) →
 * read → seq_read_iter.
 *
 * Lock legend: proc_subdir_mutex guards every pde's children/sibling
 * list. Lookups take it under namespace_mutex (order: namespace_mutex,
 * then proc_subdir_mutex); registration takes it alone.
 *
 * Neighbours: seq_file.c, proc_base.c, proc_sysctl.c, namei.c.
 */
#include "proc_internal.h"
#include <linux/slab.h>
#include <linux/string.h>

#define PROC_ROOT_INO		2
#define PROC_DYNAMIC_INO	0x10000000UL	/* registry entries count up from here */

struct mutex proc_subdir_mutex = {
	.wait_lock = __SPIN_LOCK_UNLOCKED(proc_subdir_mutex.wait_lock),
	.waiters = __WAIT_QUEUE_HEAD_INITIALIZER(proc_subdir_mutex.waiters),
	.name = "proc_subdir_mutex",
};

static struct proc_dir_entry proc_root = {
	.name = "proc",
	.kind = PDE_DIR,
	.mode = S_IFDIR | 0555,
	.ino = PROC_ROOT_INO,
	.children = LIST_HEAD_INIT(proc_root.children),
	.sibling = LIST_HEAD_INIT(proc_root.sibling),
};
static unsigned long proc_next_ino = PROC_DYNAMIC_INO;	/* proc_subdir_mutex */

static const struct inode_operations proc_dir_inode_operations;
static const struct file_operations proc_dir_operations;
static const struct file_operations proc_single_fops;

/* ---- the registry ---- */

static struct proc_dir_entry *pde_find(struct proc_dir_entry *dir, const char *name, size_t len)
{
	struct proc_dir_entry *pde;

	list_for_each_entry(pde, &dir->children, sibling)
		if (strlen(pde->name) == len && !memcmp(pde->name, name, len))
			return pde;
	return NULL;
}

static struct proc_dir_entry *pde_new(struct proc_dir_entry *dir, const char *name, size_t len,
				      enum pde_kind kind, umode_t mode)
{
	struct proc_dir_entry *pde = kzalloc(sizeof(*pde), GFP_KERNEL);

	if (!pde)
		return NULL;
	pde->name = kmalloc(len + 1, GFP_KERNEL);
	if (!pde->name) {
		kfree(pde);
		return NULL;
	}
	memcpy(pde->name, name, len);
	pde->name[len] = '\0';
	pde->kind = kind;
	pde->mode = mode;
	pde->ino = proc_next_ino++;
	pde->parent = dir;
	INIT_LIST_HEAD(&pde->children);
	list_add_tail(&pde->sibling, &dir->children);
	return pde;
}

/*
 * Add the leaf of path (relative to /proc), making missing directories.
 * proc_subdir_mutex held. -EEXIST if the leaf exists, -ENOTDIR if a
 * directory on the way is a file.
 */
static struct proc_dir_entry *pde_create_path(const char *path, enum pde_kind kind, umode_t mode)
{
	struct proc_dir_entry *dir = &proc_root, *pde;
	const char *s = path;

	for (;;) {
		const char *e;
		size_t len;

		while (*s == '/')
			s++;
		for (e = s; *e && *e != '/'; e++)
			;
		len = e - s;
		if (!len || len > NAME_MAX)
			return ERR_PTR(-EINVAL);
		while (*e == '/')
			e++;
		pde = pde_find(dir, s, len);
		if (!*e) {			/* the leaf */
			if (pde)
				return ERR_PTR(-EEXIST);
			pde = pde_new(dir, s, len, kind, mode);
			return pde ? pde : ERR_PTR(-ENOMEM);
		}
		if (!pde)
			pde = pde_new(dir, s, len, PDE_DIR, S_IFDIR | 0555);
		if (!pde)
			return ERR_PTR(-ENOMEM);
		if (pde->kind != PDE_DIR)
			return ERR_PTR(-ENOTDIR);
		dir = pde;
		s = e;
	}
}

int proc_create_single(const char *path, int (*show)(struct seq_file *m, void *v), void *data)
{
	struct proc_dir_entry *pde;

	if (!path || !show)
		return -EINVAL;
	mutex_lock(&proc_subdir_mutex);
	pde = pde_create_path(path, PDE_SINGLE, S_IFREG | 0444);
	if (!IS_ERR(pde)) {
		pde->show = show;
		pde->data = data;
	}
	mutex_unlock(&proc_subdir_mutex);
	return IS_ERR(pde) ? PTR_ERR(pde) : 0;
}

int proc_sysctl_int_vec(const char *path, int *values, int n, int min, int max)
{
	struct proc_dir_entry *pde;

	if (!path || !values || n <= 0 || min > max)
		return -EINVAL;
	mutex_lock(&proc_subdir_mutex);
	pde = pde_create_path(path, PDE_SYSCTL, S_IFREG | 0644);
	if (!IS_ERR(pde)) {
		pde->values = values;
		pde->n = n;
		pde->min = min;
		pde->max = max;
	}
	mutex_unlock(&proc_subdir_mutex);
	return IS_ERR(pde) ? PTR_ERR(pde) : 0;
}

int proc_sysctl_int(const char *path, int *value, int min, int max)
{
	return proc_sysctl_int_vec(path, value, 1, min, max);
}

int proc_sysctl_string(const char *path, int (*show)(struct seq_file *m, void *v),
		       int (*store)(const char *text))
{
	struct proc_dir_entry *pde;

	if (!path || !show)
		return -EINVAL;
	mutex_lock(&proc_subdir_mutex);
	pde = pde_create_path(path, PDE_SYSCTL, S_IFREG | (store ? 0644 : 0444));
	if (!IS_ERR(pde)) {
		pde->show = show;
		pde->store = store;
	}
	mutex_unlock(&proc_subdir_mutex);
	return IS_ERR(pde) ? PTR_ERR(pde) : 0;
}

/*
 * A file whose owner supplies the file_operations (Linux's proc_create
 * with its proc_ops): for files that are not a snapshot, such as
 * /proc/tracing/trace_pipe's consuming read. open() finds data in
 * file_inode(f)->i_private's ->data, through proc_data().
 */
int proc_create(const char *path, umode_t mode, const struct file_operations *fops, void *data)
{
	struct proc_dir_entry *pde;

	if (!path || !fops)
		return -EINVAL;
	mutex_lock(&proc_subdir_mutex);
	pde = pde_create_path(path, PDE_FOPS, S_IFREG | (mode & 0777));
	if (!IS_ERR(pde)) {
		pde->proc_fops = fops;
		pde->data = data;
	}
	mutex_unlock(&proc_subdir_mutex);
	return IS_ERR(pde) ? PTR_ERR(pde) : 0;
}

void *proc_data(const struct inode *inode)
{
	const struct proc_dir_entry *pde = inode->i_private;

	return pde->data;
}

/* ---- the file system side ---- */

struct inode *proc_new_inode(unsigned long ino, umode_t mode)
{
	struct inode *inode = new_inode(PROC_DEV, mode);

	if (!inode)
		return NULL;
	inode->i_ino = ino;
	inode->i_uid = inode->i_gid = 0;
	if (S_ISDIR(mode))
		inode->i_nlink = 2;
	return inode;
}

struct dentry *proc_splice(struct dentry *parent, const char *name, struct inode *inode)
{
	struct dentry *d;

	if (!inode)
		return ERR_PTR(-ENOMEM);
	d = d_alloc(parent, name, inode);
	if (!d) {
		iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	return d;
}

static struct inode *pde_inode(struct proc_dir_entry *pde)
{
	struct inode *inode = proc_new_inode(pde->ino, pde->mode);

	if (!inode)
		return NULL;
	inode->i_private = pde;
	switch (pde->kind) {
	case PDE_DIR:
		inode->i_op = &proc_dir_inode_operations;
		inode->i_fop = &proc_dir_operations;
		break;
	case PDE_SINGLE:
		inode->i_fop = &proc_single_fops;
		break;
	case PDE_SYSCTL:
		inode->i_fop = &proc_sysctl_fops;
		break;
	case PDE_FOPS:
		inode->i_fop = pde->proc_fops;
		break;
	}
	return inode;
}

/* ->lookup of every registry directory, and of /proc itself (plus pids). */
static struct dentry *proc_dir_lookup(struct inode *dir, struct dentry *parent, const char *name)
{
	struct proc_dir_entry *pde;
	struct inode *inode = NULL;

	mutex_lock(&proc_subdir_mutex);
	pde = pde_find(dir->i_private, name, strlen(name));
	if (pde)
		inode = pde_inode(pde);
	mutex_unlock(&proc_subdir_mutex);
	if (pde)
		return proc_splice(parent, name, inode);
	if (dir->i_private == &proc_root) {
		struct dentry *d = proc_pid_lookup(parent, name);

		if (d)
			return d;
	}
	return ERR_PTR(-ENOENT);
}

/*
 * getdents: ".", "..", then the registered children by index, then (in
 * /proc) self and the pids, whose positions proc_pid_readdir owns.
 */
#define PROC_PID_POS	0x100000	/* positions at and above belong to proc_base.c */

static int proc_dir_readdir(struct file *f, struct dir_context *ctx)
{
	struct proc_dir_entry *dir = f->f_inode->i_private, *pde;
	loff_t i = 2;

	if (ctx->pos == 0) {
		if (!dir_emit(ctx, ".", 1, dir->ino, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		unsigned long up = dir->parent ? dir->parent->ino : 1;

		if (!dir_emit(ctx, "..", 2, up, DT_DIR))
			return 0;
		ctx->pos = 2;
	}
	if (ctx->pos < PROC_PID_POS) {
		bool full = false;

		mutex_lock(&proc_subdir_mutex);
		list_for_each_entry(pde, &dir->children, sibling) {
			if (i++ < ctx->pos)
				continue;
			/* dir_emit copies to user space: that may fault, which is
			 * fine under a mutex (never under a spinlock). */
			if (!dir_emit(ctx, pde->name, strlen(pde->name), pde->ino,
				      fs_umode_to_dtype(pde->mode))) {
				full = true;
				break;
			}
			ctx->pos++;
		}
		mutex_unlock(&proc_subdir_mutex);
		if (full)
			return 0;
		ctx->pos = PROC_PID_POS;
	}
	if (dir == &proc_root)
		return proc_pid_readdir(ctx, PROC_PID_POS);
	return 0;
}

static const struct inode_operations proc_dir_inode_operations = {
	.lookup = proc_dir_lookup,
};

static const struct file_operations proc_dir_operations = {
	.llseek = generic_file_llseek,
	.iterate = proc_dir_readdir,
};

static int proc_single_open(struct inode *inode, struct file *f)
{
	struct proc_dir_entry *pde = inode->i_private;
	struct seq_file *m = seq_generate(pde->show, pde->data);

	if (IS_ERR(m))
		return PTR_ERR(m);
	f->private_data = m;
	return 0;
}

static const struct file_operations proc_single_fops = {
	.open = proc_single_open,
	.read_iter = seq_read_iter,
	.llseek = seq_lseek,
	.release = seq_release,
};

int proc_root_init(struct dentry *root)
{
	struct inode *inode;
	struct dentry *d;
	int err;

	err = proc_create_single("mounts", proc_mounts_show, NULL);
	if (err && err != -EEXIST)
		return err;
	inode = pde_inode(&proc_root);
	if (!inode)
		return -ENOMEM;
	inode->i_nlink = 2;
	mutex_lock(&namespace_mutex);
	d = d_alloc(root, "proc", inode);
	if (d) {
		d_add_child(root, d);	/* hashed: /proc itself is part of the ramfs tree */
		root->d_inode->i_nlink++;
	}
	mutex_unlock(&namespace_mutex);
	if (!d) {
		iput(inode);
		return -ENOMEM;
	}
	return 0;
}
