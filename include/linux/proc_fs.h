/*
 * Registering /proc files. A subsystem supplies a show() that prints the
 * whole file with seq_printf(); procfs calls it at open() and serves
 * reads from the result (so a reader sees one consistent snapshot).
 * Integer tunables under /proc/sys are registered with proc_sysctl_int()
 * and are readable and writable with Linux's text format.
 * Implementation: kernel/fs/procfs.c, kernel/fs/seq_file.c.
 */
#ifndef _LINUX_PROC_FS_H
#define _LINUX_PROC_FS_H

#include "kernel.h"

struct seq_file {
	char *buf;
	size_t size;		/* allocated */
	size_t count;		/* used */
	void *private;		/* what proc_create_single was given */
	bool overflow;
};

__printf(2, 3) void seq_printf(struct seq_file *m, const char *fmt, ...);
void seq_puts(struct seq_file *m, const char *s);
void seq_putc(struct seq_file *m, char c);
void seq_write(struct seq_file *m, const void *data, size_t len);

/* path is relative to /proc, may contain directories ("net/dev"), created as needed. */
int proc_create_single(const char *path, int (*show)(struct seq_file *m, void *v), void *data);
int proc_sysctl_int(const char *path, int *value, int min, int max);	/* path under /proc, e.g. "sys/net/core/somaxconn" */
int proc_sysctl_int_vec(const char *path, int *values, int n, int min, int max);	/* "32768 60999" style */
/* A text tunable: show prints it, store(text) sets it (0 or -errno); store NULL: read-only. */
int proc_sysctl_string(const char *path, int (*show)(struct seq_file *m, void *v),
		       int (*store)(const char *text));

/* A file with its own file_operations, mode's permission bits; open finds data with proc_data(inode). */
struct file_operations;
struct inode;
int proc_create(const char *path, umode_t mode, const struct file_operations *fops, void *data);
void *proc_data(const struct inode *inode);

#endif
