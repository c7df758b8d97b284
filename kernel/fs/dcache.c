/*
 * Dentries: the names in the tree, and their reference counting.
 *
 * A dentry holds a reference on its inode and on its parent. A hashed
 * dentry (on its parent's d_subdirs) holds one more reference on itself,
 * owned by the tree; d_delete_child() gives that back. So a ramfs entry
 * lives as long as it is in the tree or anyone (a file, a cwd, a walk)
 * holds it, and an unlinked-but-open file keeps its inode and data.
 *
 * dput() of the last reference frees the dentry and then puts its parent,
 * which may cascade up a chain of deleted or transient dentries: done in a
 * loop, not by recursion, because kernel stacks are 8 KB.
 *
 * Lock legend: namespace_mutex (namei.c) guards d_subdirs, d_child,
 * d_parent and d_name; callers of d_add_child, d_delete_child,
 * d_lookup_child and d_path hold it. Counts are atomic.
 *
 * Neighbours: namei.c (walks), ramfs.c (creates/removes), procfs.c
 * (transient dentries), fs_struct.c (cwd/root references).
 */
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>

struct dentry *root_dentry;

static struct dentry *__d_alloc(const char *name, struct inode *inode)
{
	struct dentry *d = kzalloc(sizeof(*d), GFP_KERNEL);

	if (!d)
		return NULL;
	d->d_name = kstrdup(name, GFP_KERNEL);
	if (!d->d_name) {
		kfree(d);
		return NULL;
	}
	refcount_set(&d->d_count, 1);
	INIT_LIST_HEAD(&d->d_child);
	INIT_LIST_HEAD(&d->d_subdirs);
	d->d_inode = inode;
	return d;
}

/*
 * A new, unhashed dentry under parent naming inode. It takes over the
 * caller's reference on inode (on failure the caller still owns it) and
 * takes its own reference on parent.
 */
struct dentry *d_alloc(struct dentry *parent, const char *name, struct inode *inode)
{
	struct dentry *d = __d_alloc(name, inode);

	if (!d)
		return NULL;
	d->d_parent = dget(parent);
	return d;
}

struct dentry *d_alloc_root(struct inode *root_inode)
{
	struct dentry *d = __d_alloc("/", root_inode);

	if (!d)
		return NULL;
	d->d_parent = d;	/* ".." of "/" is "/"; no self-reference is held */
	d->d_flags |= DCACHE_HASHED;
	return d;
}

struct dentry *dget(struct dentry *d)
{
	if (d)
		refcount_inc(&d->d_count);
	return d;
}

void dput(struct dentry *d)
{
	while (d && refcount_dec_and_test(&d->d_count)) {
		struct dentry *parent = d->d_parent;

		BUG_ON(d->d_flags & DCACHE_HASHED);	/* the tree's ref was still owed */
		BUG_ON(!list_empty(&d->d_subdirs));
		iput(d->d_inode);
		kfree(d->d_name);
		kfree(d);
		d = (parent == d) ? NULL : parent;
	}
}

/* Put child into the tree under parent; the tree keeps the caller's reference. */
void d_add_child(struct dentry *parent, struct dentry *child)
{
	BUG_ON(child->d_parent != parent);
	list_add_tail(&child->d_child, &parent->d_subdirs);
	child->d_flags |= DCACHE_HASHED;
}

/* Take victim out of the tree and drop the tree's reference. */
void d_delete_child(struct dentry *victim)
{
	BUG_ON(!(victim->d_flags & DCACHE_HASHED));
	list_del_init(&victim->d_child);
	victim->d_flags &= ~DCACHE_HASHED;
	victim->d_flags |= DCACHE_DELETED;
	dput(victim);
}

struct dentry *d_lookup_child(struct dentry *parent, const char *name)
{
	struct dentry *d;

	list_for_each_entry(d, &parent->d_subdirs, d_child)
		if (!strcmp(d->d_name, name))
			return dget(d);
	return NULL;
}

/*
 * Write the absolute path of d (as seen from root) at the END of buf and
 * point *start at it, as Linux's d_path does. -ENAMETOOLONG when it does
 * not fit. A deleted dentry gets Linux's " (deleted)" suffix.
 */
int d_path(struct dentry *d, struct dentry *root, char *buf, int size, char **start)
{
	char *p = buf + size;
	bool deleted = d->d_flags & DCACHE_DELETED;

	if (size < 2)
		return -ENAMETOOLONG;
	*--p = '\0';
	if (deleted) {
		static const char suffix[] = " (deleted)";
		if (p - buf < (int)sizeof(suffix))
			return -ENAMETOOLONG;
		p -= sizeof(suffix) - 1;
		memcpy(p, suffix, sizeof(suffix) - 1);
	}
	if (d == root || d->d_parent == d) {
		*--p = '/';
		*start = p;
		return 0;
	}
	while (d != root && d->d_parent != d) {
		int len = strlen(d->d_name);

		if (p - buf < len + 1)
			return -ENAMETOOLONG;
		p -= len;
		memcpy(p, d->d_name, len);
		*--p = '/';
		d = d->d_parent;
	}
	*start = p;
	return 0;
}
