/*
 * struct fs_struct: a process's root directory, working directory and
 * umask. fork copies it (copy_fs_struct), exit drops it (free_fs_struct),
 * chdir/fchdir replace pwd (set_fs_pwd). Path walks take a reference on
 * the pwd or root they start from (get_fs_pwd/get_fs_root), so a
 * concurrent chdir in a CLONE_FS sibling cannot free it under them.
 *
 * Lock legend: fs->lock guards root, pwd and umask. dput is never called
 * under it.
 *
 * Neighbours: namei.c (walk start), open.c (chdir), kernel/fork.c,
 * kernel/exit.c.
 */
#include <linux/fdtable.h>
#include <linux/slab.h>

static struct fs_struct *alloc_fs(struct dentry *root, struct dentry *pwd, int umask)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs), GFP_KERNEL);

	if (!fs)
		return NULL;
	refcount_set(&fs->users, 1);
	spin_lock_init(&fs->lock);
	fs->umask = umask;
	fs->root = dget(root);
	fs->pwd = dget(pwd);
	return fs;
}

struct fs_struct *alloc_root_fs_struct(void)
{
	return alloc_fs(root_dentry, root_dentry, 0022);
}

struct fs_struct *copy_fs_struct(struct fs_struct *old)
{
	struct fs_struct *fs;
	struct dentry *root, *pwd;
	int umask;

	if (!old)
		return alloc_root_fs_struct();
	spin_lock(&old->lock);
	root = dget(old->root);
	pwd = dget(old->pwd);
	umask = old->umask;
	spin_unlock(&old->lock);
	fs = alloc_fs(root, pwd, umask);
	dput(root);
	dput(pwd);
	return fs;
}

void free_fs_struct(struct fs_struct *fs)
{
	if (!fs || !refcount_dec_and_test(&fs->users))
		return;
	dput(fs->root);
	dput(fs->pwd);
	kfree(fs);
}

void set_fs_pwd(struct fs_struct *fs, struct dentry *d)
{
	struct dentry *old;

	dget(d);
	spin_lock(&fs->lock);
	old = fs->pwd;
	fs->pwd = d;
	spin_unlock(&fs->lock);
	dput(old);
}

static struct dentry *get_fs_field(struct fs_struct *fs, bool want_root)
{
	struct dentry *d;

	if (!fs)
		return dget(root_dentry);
	spin_lock(&fs->lock);
	d = dget(want_root ? fs->root : fs->pwd);
	spin_unlock(&fs->lock);
	return d;
}

struct dentry *get_fs_pwd(struct fs_struct *fs) { return get_fs_field(fs, false); }
struct dentry *get_fs_root(struct fs_struct *fs) { return get_fs_field(fs, true); }
