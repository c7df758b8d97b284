/*
 * Path names: turning "a/b/../c" into a dentry, and the system calls that
 * change the tree (mkdir, rmdir, unlink, rename, symlink) plus readlink.
 *
 * A walk (struct nameidata) starts at the root for absolute names, else at
 * the cwd or a directory fd, and moves one component at a time:
 *
 *   link_path_walk → walk_component → lookup_child
 *        "."  stays, ".." goes to d_parent (never above nd->root),
 *        a child is found on d_subdirs (ramfs) or made by i_op->lookup
 *        (procfs); a symlink met in the middle of a path, or at its end
 *        with LOOKUP_FOLLOW, is followed by walking its target from the
 *        directory that contains it (recursion bounded by MAXSYMLINKS).
 *
 * Operations that create or remove names resolve the parent with
 * path_parentat-style walks and act on the last component while still
 * holding namespace_mutex, so "check it does not exist, then create it"
 * is atomic against other tasks.
 *
 * Lock legend: namespace_mutex guards the tree's shape (see fs.h); it is
 * held for the whole of a walk and of the change that follows it.
 *
 * Neighbours: dcache.c (dentries), ramfs.c (the i_op that does the work),
 * procfs.c (->lookup), open.c (do_filp_open's callers), stat.c.
 */
#include <linux/fs.h>
#include <linux/fdtable.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/capability.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>

struct mutex namespace_mutex = {
	.wait_lock = __SPIN_LOCK_UNLOCKED(namespace_mutex.wait_lock),
	.owner = NULL,
	.waiters = __WAIT_QUEUE_HEAD_INITIALIZER(namespace_mutex.waiters),
	.name = "namespace_mutex",
};

struct nameidata {
	struct dentry *cur;		/* +ref: where the walk is */
	struct dentry *root;		/* +ref: ".." stops here, "/" restarts here */
	int nlinks;			/* symlinks followed so far */
	char comp[NAME_MAX + 1];	/* the component being looked up */
	bool trailing_slash;		/* the name ended in '/' */
};

/*
 * Copy a user path into a kmalloc'd PATH_MAX buffer. Empty names are
 * -ENOENT unless allow_empty (AT_EMPTY_PATH). Free with putname_fs().
 */
char *getname_fs(const char __user *filename, bool allow_empty)
{
	char *name = kmalloc(PATH_MAX, GFP_KERNEL);
	long len;

	if (!name)
		return ERR_PTR(-ENOMEM);
	len = strncpy_from_user(name, filename, PATH_MAX);
	if (len < 0) {
		kfree(name);
		return ERR_PTR(len);
	}
	if (len == PATH_MAX) {
		kfree(name);
		return ERR_PTR(-ENAMETOOLONG);
	}
	if (len == 0 && !allow_empty) {
		kfree(name);
		return ERR_PTR(-ENOENT);
	}
	return name;
}

void putname_fs(char *name)
{
	if (!IS_ERR_OR_NULL(name))
		kfree(name);
}

umode_t current_umask(void)
{
	return current && current->fs ? current->fs->umask : 0022;
}

/*
 * Permission bits check (MAY_EXEC 1, MAY_WRITE 2, MAY_READ 4, as the R_OK
 * family). Root may read and write anything, and execute anything that
 * has at least one x bit or is a directory, as Linux's capable() path.
 */
int inode_permission(struct inode *inode, int mask)
{
	uid_t uid = current ? current->euid : 0;
	unsigned int mode = inode->i_mode, bits;

	if (!current || capable(CAP_DAC_OVERRIDE)) {
		if ((mask & X_OK) && !S_ISDIR(mode) && !(mode & 0111))
			return -EACCES;
		return 0;
	}
	if (uid == inode->i_uid)
		bits = mode >> 6;
	else if (in_group_p(inode->i_gid))
		bits = mode >> 3;
	else
		bits = mode;
	return ((bits & mask & 7) == (mask & 7)) ? 0 : -EACCES;
}

static int walk_start(struct nameidata *nd, int dfd, const char *name)
{
	nd->nlinks = 0;
	nd->trailing_slash = false;
	nd->root = get_fs_root(current ? current->fs : NULL);
	if (name[0] == '/') {
		nd->cur = dget(nd->root);
		return 0;
	}
	if (dfd == AT_FDCWD) {
		nd->cur = get_fs_pwd(current ? current->fs : NULL);
		return 0;
	}
	{
		struct file *f = fget(dfd);

		if (!f) {
			dput(nd->root);
			return -EBADF;
		}
		if (!f->f_dentry || !S_ISDIR(f->f_inode->i_mode)) {
			fput(f);
			dput(nd->root);
			return -ENOTDIR;
		}
		nd->cur = dget(f->f_dentry);
		fput(f);
	}
	return 0;
}

static void walk_end(struct nameidata *nd)
{
	dput(nd->cur);
	dput(nd->root);
}

/* The child of dir named name, +ref. namespace_mutex held. */
static struct dentry *lookup_child(struct dentry *dir, const char *name)
{
	struct inode *inode = dir->d_inode;
	struct dentry *child;

	child = d_lookup_child(dir, name);
	if (child)
		return child;
	if (inode->i_op && inode->i_op->lookup)
		return inode->i_op->lookup(inode, dir, name);
	return ERR_PTR(-ENOENT);
}

static int link_path_walk(struct nameidata *nd, const char *name, bool follow_last, bool parent);

/* Walk the target of link from nd->cur (the directory holding the link). */
static int follow_link(struct nameidata *nd, struct dentry *link)
{
	struct inode *inode = link->d_inode;
	char *target;
	int len, err;

	if (++nd->nlinks > MAXSYMLINKS)
		return -ELOOP;
	if (!inode->i_op || !inode->i_op->get_link)
		return -EINVAL;
	target = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!target)
		return -ENOMEM;
	len = inode->i_op->get_link(link, target, PATH_MAX);
	if (len < 0)
		err = len;
	else if (len == 0)
		err = -ENOENT;
	else
		err = link_path_walk(nd, target, true, false);
	kfree(target);
	return err;
}

/* Move nd->cur to its child nd->comp (following it if it is a symlink and follow). */
static int walk_component(struct nameidata *nd, bool follow)
{
	struct dentry *child;
	int err;

	if (!strcmp(nd->comp, "."))
		return 0;
	if (!strcmp(nd->comp, "..")) {
		if (nd->cur != nd->root && nd->cur->d_parent != nd->cur) {
			struct dentry *up = dget(nd->cur->d_parent);

			dput(nd->cur);
			nd->cur = up;
		}
		return 0;
	}
	child = lookup_child(nd->cur, nd->comp);
	if (IS_ERR(child))
		return PTR_ERR(child);
	if (S_ISLNK(child->d_inode->i_mode) && follow) {
		err = follow_link(nd, child);
		dput(child);
		return err;
	}
	dput(nd->cur);
	nd->cur = child;
	return 0;
}

/*
 * Resolve name from nd->cur. With parent, stop before the final component
 * and leave it in nd->comp ("." when name is only slashes). A component of the
 * middle of a path must be a searchable directory.
 */
static int link_path_walk(struct nameidata *nd, const char *name, bool follow_last, bool parent)
{
	const char *s = name;

	if (*s == '/') {
		dput(nd->cur);
		nd->cur = dget(nd->root);
	}
	for (;;) {
		const char *e;
		size_t len;
		bool last;
		int err;

		while (*s == '/')
			s++;
		if (!*s) {
			if (parent)
				strcpy(nd->comp, ".");	/* "/": act on the dir itself */
			return 0;
		}
		if (!S_ISDIR(nd->cur->d_inode->i_mode))
			return -ENOTDIR;
		err = inode_permission(nd->cur->d_inode, X_OK);
		if (err)
			return err;
		for (e = s; *e && *e != '/'; e++)
			;
		len = e - s;
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		last = true;
		for (const char *t = e; *t; t++)
			if (*t != '/') {
				last = false;
				break;
			}
		if (last && *e == '/' && parent == false)
			nd->trailing_slash = true;
		if (last && parent) {
			nd->trailing_slash = *e == '/';
			memcpy(nd->comp, s, len);
			nd->comp[len] = '\0';
			return 0;
		}
		memcpy(nd->comp, s, len);
		nd->comp[len] = '\0';
		err = walk_component(nd, !last || follow_last || nd->trailing_slash);
		if (err)
			return err;
		if (last)
			return 0;
		s = e;
	}
}

/* namespace_mutex held. Result +ref in *result. */
static int __path_lookupat(int dfd, const char *name, unsigned int flags, struct dentry **result)
{
	struct nameidata *nd;
	int err;

	if (!*name && !(flags & LOOKUP_EMPTY))
		return -ENOENT;
	nd = kmalloc(sizeof(*nd), GFP_KERNEL);
	if (!nd)
		return -ENOMEM;
	err = walk_start(nd, dfd, name);
	if (err)
		goto out_free;
	err = link_path_walk(nd, name, flags & LOOKUP_FOLLOW, false);
	if (!err && (nd->trailing_slash || (flags & LOOKUP_DIRECTORY)) &&
	    !S_ISDIR(nd->cur->d_inode->i_mode))
		err = -ENOTDIR;
	if (!err)
		*result = dget(nd->cur);
	walk_end(nd);
out_free:
	kfree(nd);
	return err;
}

int path_lookupat(int dfd, const char *name, unsigned int flags, struct dentry **result)
{
	int err;

	mutex_lock(&namespace_mutex);
	err = __path_lookupat(dfd, name, flags, result);
	mutex_unlock(&namespace_mutex);
	return err;
}

int kern_path(const char *name, unsigned int flags, struct dentry **result)
{
	return path_lookupat(AT_FDCWD, name, flags, result);
}

/*
 * Parent walk; namespace_mutex held. On success *parent is +ref, and
 * last[] (NAME_MAX + 1 bytes) holds the final component ("." for "/").
 */
static int __path_parentat(int dfd, const char *name, struct dentry **parent,
			   char *last, bool *trailing_slash)
{
	struct nameidata *nd;
	int err;

	if (!*name)
		return -ENOENT;
	nd = kmalloc(sizeof(*nd), GFP_KERNEL);
	if (!nd)
		return -ENOMEM;
	err = walk_start(nd, dfd, name);
	if (err)
		goto out_free;
	err = link_path_walk(nd, name, true, true);
	if (!err && !S_ISDIR(nd->cur->d_inode->i_mode))
		err = -ENOTDIR;
	if (!err) {
		strcpy(last, nd->comp);
		if (trailing_slash)
			*trailing_slash = nd->trailing_slash;
		*parent = dget(nd->cur);
	}
	walk_end(nd);
out_free:
	kfree(nd);
	return err;
}

int path_parentat(int dfd, const char *name, struct dentry **parent, const char **last)
{
	/* Exported shape for others: last is kmalloc'd here; free with kfree. */
	char *buf = kmalloc(NAME_MAX + 1, GFP_KERNEL);
	int err;

	if (!buf)
		return -ENOMEM;
	mutex_lock(&namespace_mutex);
	err = __path_parentat(dfd, name, parent, buf, NULL);
	mutex_unlock(&namespace_mutex);
	if (err)
		kfree(buf);
	else
		*last = buf;
	return err;
}

static bool only_slashes(const char *s)
{
	while (*s == '/')
		s++;
	return !*s;
}

static bool is_dot_or_dotdot(const char *s)
{
	return !strcmp(s, ".") || !strcmp(s, "..");
}

/*
 * open(2)'s walk (Linux's do_filp_open): find or create the file, honour
 * O_CREAT/O_EXCL/O_NOFOLLOW/O_DIRECTORY, and return the dentry to open.
 */
/*
 * A directory that was rmdir'ed while someone still held it (as cwd, or an
 * open fd): nothing may be created in it, as Linux's IS_DEADDIR. Its
 * entries would hang off a dentry that is no longer in the tree and never
 * be freed.
 */
static bool d_is_dead_dir(const struct dentry *dir)
{
	return dir->d_flags & DCACHE_DELETED;
}

int do_filp_lookup(int dfd, const char *name, int flags, umode_t mode, struct dentry **result)
{
	struct dentry *parent, *d;
	char *last;
	bool slash;
	int err;

	if (!(flags & O_CREAT)) {
		unsigned int lf = (flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;

		if (flags & O_DIRECTORY)
			lf |= LOOKUP_DIRECTORY;
		mutex_lock(&namespace_mutex);
		err = __path_lookupat(dfd, name, lf, &d);
		mutex_unlock(&namespace_mutex);
		if (err)
			return err;
		if (S_ISLNK(d->d_inode->i_mode)) {	/* O_NOFOLLOW met a link */
			dput(d);
			return -ELOOP;
		}
		*result = d;
		return 0;
	}

	last = kmalloc(NAME_MAX + 1, GFP_KERNEL);
	if (!last)
		return -ENOMEM;
	mutex_lock(&namespace_mutex);
	err = __path_parentat(dfd, name, &parent, last, &slash);
	if (err)
		goto out_unlock;
	if (slash || is_dot_or_dotdot(last)) {
		err = -EISDIR;
		goto out_put_parent;
	}
	d = lookup_child(parent, last);
	if (!IS_ERR(d)) {
		if (flags & O_EXCL) {
			err = -EEXIST;
		} else if (S_ISLNK(d->d_inode->i_mode)) {
			/* Follow it (or refuse with O_NOFOLLOW); creating through a
			 * dangling link is not supported: ENOENT. */
			struct dentry *t;

			err = (flags & O_NOFOLLOW) ? -ELOOP
				: __path_lookupat(dfd, name, LOOKUP_FOLLOW, &t);
			if (!err) {
				dput(d);
				d = t;
			}
		}
		if (err)
			dput(d);
		else
			*result = d;
		goto out_put_parent;
	}
	err = PTR_ERR(d);
	if (err != -ENOENT || d_is_dead_dir(parent))
		goto out_put_parent;
	err = inode_permission(parent->d_inode, W_OK | X_OK);
	if (err)
		goto out_put_parent;
	if (!parent->d_inode->i_op || !parent->d_inode->i_op->mknod) {
		err = -EACCES;		/* procfs: Linux says EACCES or ENOENT; pick one */
		goto out_put_parent;
	}
	err = parent->d_inode->i_op->mknod(parent->d_inode, parent, last,
					   S_IFREG | (mode & 07777 & ~current_umask()), 0, result);
out_put_parent:
	dput(parent);
out_unlock:
	mutex_unlock(&namespace_mutex);
	kfree(last);
	return err;
}

/*
 * The shared body of mkdir/mknod/symlink: resolve the parent, refuse an
 * existing name, call make(). path is a kernel string.
 */
enum create_kind { CREATE_DIR, CREATE_NODE, CREATE_SYMLINK };

static int do_create(int dfd, const char *path, enum create_kind kind, umode_t mode,
		     dev_t rdev, const char *target, struct dentry **res)
{
	struct dentry *parent, *d;
	const struct inode_operations *iop;
	char *last;
	bool slash;
	int err;

	last = kmalloc(NAME_MAX + 1, GFP_KERNEL);
	if (!last)
		return -ENOMEM;
	mutex_lock(&namespace_mutex);
	err = __path_parentat(dfd, path, &parent, last, &slash);
	if (err)
		goto out_unlock;
	if (is_dot_or_dotdot(last)) {
		err = -EEXIST;
		goto out_put_parent;
	}
	d = lookup_child(parent, last);
	if (!IS_ERR(d)) {
		dput(d);
		err = -EEXIST;
		goto out_put_parent;
	}
	if (PTR_ERR(d) != -ENOENT) {
		err = PTR_ERR(d);
		goto out_put_parent;
	}
	if ((slash && kind != CREATE_DIR) || d_is_dead_dir(parent)) {
		err = -ENOENT;		/* "newfile/" can only name a directory */
		goto out_put_parent;
	}
	err = inode_permission(parent->d_inode, W_OK | X_OK);
	if (err)
		goto out_put_parent;
	iop = parent->d_inode->i_op;
	err = -EPERM;
	mode &= ~current_umask();
	if (kind == CREATE_DIR && iop && iop->mkdir)
		err = iop->mkdir(parent->d_inode, parent, last, mode & 07777);
	else if (kind == CREATE_NODE && iop && iop->mknod) {
		err = iop->mknod(parent->d_inode, parent, last, mode, rdev, &d);
		if (!err && res)
			*res = d;	/* the caller keeps the new node (a bound socket) */
		else if (!err)
			dput(d);
	} else if (kind == CREATE_SYMLINK && iop && iop->symlink)
		err = iop->symlink(parent->d_inode, parent, last, target);
out_put_parent:
	dput(parent);
out_unlock:
	mutex_unlock(&namespace_mutex);
	kfree(last);
	return err;
}

int vfs_mkdir_path(const char *path, umode_t mode)
{
	return do_create(AT_FDCWD, path, CREATE_DIR, mode, 0, NULL, NULL);
}

int vfs_mknod_path(const char *path, umode_t mode, dev_t rdev)
{
	return do_create(AT_FDCWD, path, CREATE_NODE, mode, rdev, NULL, NULL);
}

/*
 * bind() of an AF_UNIX socket to a path (Linux's unix_bind_bsd -> vfs_mknod):
 * an S_IFSOCK node, the umask applied, EEXIST if the name is taken. The
 * node's dentry comes back +ref: the socket keeps it for as long as it is
 * bound, and connect() finds the socket again by the node's inode.
 */
int vfs_mknod_sock(const char *path, umode_t mode, struct dentry **res)
{
	return do_create(AT_FDCWD, path, CREATE_NODE, S_IFSOCK | (mode & 07777), 0, NULL, res);
}

int vfs_symlink_path(const char *target, const char *path)
{
	return do_create(AT_FDCWD, path, CREATE_SYMLINK, 0777, 0, target, NULL);
}

long sys_mkdirat(int dfd, const char __user *pathname, umode_t mode)
{
	char *name = getname_fs(pathname, false);
	long err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = do_create(dfd, name, CREATE_DIR, mode, 0, NULL, NULL);
	putname_fs(name);
	return err;
}

long sys_mkdir(const char __user *pathname, umode_t mode)
{
	return sys_mkdirat(AT_FDCWD, pathname, mode);
}

long sys_symlink(const char __user *old, const char __user *new)
{
	char *target, *name;
	long err;

	target = getname_fs(old, false);
	if (IS_ERR(target))
		return PTR_ERR(target);
	name = getname_fs(new, false);
	if (IS_ERR(name)) {
		err = PTR_ERR(name);
		goto out_put_target;
	}
	err = do_create(AT_FDCWD, name, CREATE_SYMLINK, 0777, 0, target, NULL);
	putname_fs(name);
out_put_target:
	putname_fs(target);
	return err;
}

/* unlink and rmdir: resolve the parent, check the victim's type, remove. */
static long do_remove_kern(int dfd, const char *name, bool dir)
{
	struct dentry *parent, *victim;
	const struct inode_operations *iop;
	char *last;
	bool slash;
	long err;

	last = kmalloc(NAME_MAX + 1, GFP_KERNEL);
	if (!last)
		return -ENOMEM;
	mutex_lock(&namespace_mutex);
	err = __path_parentat(dfd, name, &parent, last, &slash);
	if (err)
		goto out_unlock;
	if (is_dot_or_dotdot(last)) {
		/* Linux: rmdir(".") EINVAL, rmdir("..") ENOTEMPTY, unlink of either EISDIR;
		 * and "/" (which we report as ".") is EBUSY for rmdir. */
		if (!dir)
			err = -EISDIR;
		else if (!strcmp(last, ".."))
			err = -ENOTEMPTY;
		else
			err = only_slashes(name) ? -EBUSY : -EINVAL;
		goto out_put_parent;
	}
	victim = lookup_child(parent, last);
	if (IS_ERR(victim)) {
		err = PTR_ERR(victim);
		goto out_put_parent;
	}
	if (dir && !S_ISDIR(victim->d_inode->i_mode))
		err = -ENOTDIR;
	else if (!dir && S_ISDIR(victim->d_inode->i_mode))
		err = -EISDIR;
	else if (!dir && slash)
		err = -ENOTDIR;
	else if (!(victim->d_flags & DCACHE_HASHED))
		err = -EPERM;		/* procfs entries cannot be removed */
	else
		err = inode_permission(parent->d_inode, W_OK | X_OK);
	if (!err) {
		iop = parent->d_inode->i_op;
		if (dir)
			err = (iop && iop->rmdir) ? iop->rmdir(parent->d_inode, victim) : -EPERM;
		else
			err = (iop && iop->unlink) ? iop->unlink(parent->d_inode, victim) : -EPERM;
	}
	dput(victim);
out_put_parent:
	dput(parent);
out_unlock:
	mutex_unlock(&namespace_mutex);
	kfree(last);
	return err;
}

int vfs_remove_path(const char *path, bool dir)
{
	return do_remove_kern(AT_FDCWD, path, dir);
}

static long do_remove(int dfd, const char __user *pathname, bool dir)
{
	char *name = getname_fs(pathname, false);
	long err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = do_remove_kern(dfd, name, dir);
	putname_fs(name);
	return err;
}

long sys_unlinkat(int dfd, const char __user *pathname, int flag)
{
	if (flag & ~AT_REMOVEDIR)
		return -EINVAL;
	return do_remove(dfd, pathname, flag & AT_REMOVEDIR);
}

long sys_unlink(const char __user *pathname) { return do_remove(AT_FDCWD, pathname, false); }
long sys_rmdir(const char __user *pathname) { return do_remove(AT_FDCWD, pathname, true); }

/* Is d the same as, or below, ancestor? namespace_mutex held. */
static bool is_subdir(struct dentry *d, struct dentry *ancestor)
{
	for (;;) {
		if (d == ancestor)
			return true;
		if (d->d_parent == d)
			return false;
		d = d->d_parent;
	}
}

long sys_renameat(int olddfd, const char __user *oldname, int newdfd, const char __user *newname)
{
	struct dentry *old_parent, *new_parent, *old, *target;
	char *from, *to, *old_last, *new_last;
	long err;

	from = getname_fs(oldname, false);
	if (IS_ERR(from))
		return PTR_ERR(from);
	to = getname_fs(newname, false);
	if (IS_ERR(to)) {
		err = PTR_ERR(to);
		goto out_put_from;
	}
	old_last = kmalloc(2 * (NAME_MAX + 1), GFP_KERNEL);
	if (!old_last) {
		err = -ENOMEM;
		goto out_put_to;
	}
	new_last = old_last + NAME_MAX + 1;

	mutex_lock(&namespace_mutex);
	err = __path_parentat(olddfd, from, &old_parent, old_last, NULL);
	if (err)
		goto out_unlock;
	err = __path_parentat(newdfd, to, &new_parent, new_last, NULL);
	if (err)
		goto out_put_old_parent;
	if (is_dot_or_dotdot(old_last) || is_dot_or_dotdot(new_last)) {
		err = -EBUSY;
		goto out_put_new_parent;
	}
	old = lookup_child(old_parent, old_last);
	if (IS_ERR(old)) {
		err = PTR_ERR(old);
		goto out_put_new_parent;
	}
	err = -EPERM;
	if (!(old->d_flags & DCACHE_HASHED) || !new_parent->d_inode->i_op ||
	    !new_parent->d_inode->i_op->rename)
		goto out_put_old;
	err = -EXDEV;		/* ramfs → procfs and back */
	if (old_parent->d_inode->i_dev != new_parent->d_inode->i_dev)
		goto out_put_old;
	err = -ENOENT;		/* into a removed directory */
	if (d_is_dead_dir(new_parent))
		goto out_put_old;
	err = -EINVAL;		/* a directory into its own subtree */
	if (S_ISDIR(old->d_inode->i_mode) && is_subdir(new_parent, old))
		goto out_put_old;
	target = lookup_child(new_parent, new_last);
	if (!IS_ERR(target)) {
		bool old_dir = S_ISDIR(old->d_inode->i_mode);
		bool new_dir = S_ISDIR(target->d_inode->i_mode);

		if (target == old)
			err = 0;		/* rename("a", "a"): nothing to do */
		else if (old_dir && !new_dir)
			err = -ENOTDIR;
		else if (!old_dir && new_dir)
			err = -EISDIR;
		else if (new_dir && !list_empty(&target->d_subdirs))
			err = -ENOTEMPTY;
		else if (is_subdir(old, target))
			err = -ENOTEMPTY;	/* target is an ancestor of old */
		else
			err = 1;		/* go on: rename replaces target */
		dput(target);
		if (err <= 0)
			goto out_put_old;
	} else if (PTR_ERR(target) != -ENOENT) {
		err = PTR_ERR(target);
		goto out_put_old;
	}
	err = inode_permission(old_parent->d_inode, W_OK | X_OK);
	if (!err)
		err = inode_permission(new_parent->d_inode, W_OK | X_OK);
	if (!err)
		err = new_parent->d_inode->i_op->rename(old, new_parent, new_last);
out_put_old:
	dput(old);
out_put_new_parent:
	dput(new_parent);
out_put_old_parent:
	dput(old_parent);
out_unlock:
	mutex_unlock(&namespace_mutex);
	kfree(old_last);
out_put_to:
	putname_fs(to);
out_put_from:
	putname_fs(from);
	return err;
}

long sys_rename(const char __user *oldname, const char __user *newname)
{
	return sys_renameat(AT_FDCWD, oldname, AT_FDCWD, newname);
}

long sys_readlinkat(int dfd, const char __user *path, char __user *buf, int bufsiz)
{
	struct dentry *d;
	char *name, *target;
	long err;

	if (bufsiz <= 0)
		return -EINVAL;
	name = getname_fs(path, true);
	if (IS_ERR(name))
		return PTR_ERR(name);
	err = path_lookupat(dfd, name, LOOKUP_EMPTY, &d);
	if (err)
		goto out_put_name;
	err = -EINVAL;
	if (!S_ISLNK(d->d_inode->i_mode) || !d->d_inode->i_op || !d->d_inode->i_op->get_link)
		goto out_put_dentry;
	target = kmalloc(PATH_MAX, GFP_KERNEL);
	err = -ENOMEM;
	if (!target)
		goto out_put_dentry;
	mutex_lock(&namespace_mutex);
	err = d->d_inode->i_op->get_link(d, target, PATH_MAX);
	mutex_unlock(&namespace_mutex);
	if (err >= 0) {
		int n = min_t(int, err, bufsiz);	/* readlink truncates, no NUL */

		err = copy_to_user(buf, target, n) ? -EFAULT : n;
	}
	kfree(target);
out_put_dentry:
	dput(d);
out_put_name:
	putname_fs(name);
	return err;
}

long sys_readlink(const char __user *path, char __user *buf, int bufsiz)
{
	return sys_readlinkat(AT_FDCWD, path, buf, bufsiz);
}
