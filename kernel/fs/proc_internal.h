/*
 * Shared between the procfs files: procfs.c (the registry of named
 * entries and the /proc root), proc_base.c (/proc/<pid>, /proc/self),
 * proc_sysctl.c (/proc/sys integers).
 */
#ifndef _KERNEL_FS_PROC_INTERNAL_H
#define _KERNEL_FS_PROC_INTERNAL_H

#include <linux/fs.h>
#include <linux/seq_file.h>

enum pde_kind { PDE_DIR, PDE_SINGLE, PDE_SYSCTL, PDE_FOPS };

/*
 * One registered name under /proc. Entries are made by proc_create_single,
 * proc_sysctl_int* (and the directories on their paths) and live forever.
 * proc_subdir_mutex guards children/sibling.
 */
struct proc_dir_entry {
	char *name;
	enum pde_kind kind;
	umode_t mode;
	unsigned long ino;
	struct proc_dir_entry *parent;
	struct list_head children;	/* PDE_DIR */
	struct list_head sibling;
	seq_show_t show;		/* PDE_SINGLE */
	void *data;
	int *values;			/* PDE_SYSCTL: n ints in [min, max] */
	int n, min, max;
	int (*store)(const char *text);	/* PDE_SYSCTL of text (values NULL): shown by show */
	const struct file_operations *proc_fops;	/* PDE_FOPS: the owner's own file */
};

extern struct mutex proc_subdir_mutex;
extern const struct file_operations proc_sysctl_fops;

/* A fresh procfs inode (one per lookup: procfs dentries are never cached). */
struct inode *proc_new_inode(unsigned long ino, umode_t mode);
/* An unhashed dentry for inode under parent; consumes the inode ref. */
struct dentry *proc_splice(struct dentry *parent, const char *name, struct inode *inode);

/* proc_base.c: the root's dynamic names. */
struct dentry *proc_pid_lookup(struct dentry *parent, const char *name);	/* NULL: not ours */
int proc_pid_readdir(struct dir_context *ctx, loff_t first_pos);
int proc_mounts_show(struct seq_file *m, void *v);

#endif
