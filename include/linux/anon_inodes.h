/* Anonymous-inode files (kernel/fs/anon_inodes.c) and the files built on them. */
#ifndef _LINUX_ANON_INODES_H
#define _LINUX_ANON_INODES_H

#include "fs.h"

int anon_inode_getfd(const char *name, const struct file_operations *fops, void *priv, int flags);

/* kernel/fs/signalfd.c: signal.c calls this after queueing a signal for p. */
struct task_struct;
void signalfd_notify(struct task_struct *p, int sig);

#endif
