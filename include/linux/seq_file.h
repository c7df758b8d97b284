/*
 * How procfs serves a file whose whole content a show() prints (the
 * seq_printf family itself is declared in proc_fs.h): at open,
 * seq_generate() runs show() into a buffer, doubling the buffer until the
 * output fits; reads copy from that snapshot; release frees it.
 * Implementation: kernel/fs/seq_file.c. Users: procfs.c, proc_base.c,
 * proc_sysctl.c.
 */
#ifndef _LINUX_SEQ_FILE_H
#define _LINUX_SEQ_FILE_H

#include "fs.h"
#include "proc_fs.h"

#define SEQ_MAX_SIZE	(1024 * 1024)	/* a show() that needs more gets -EFBIG (/proc/net/tcp: ~7000 lines) */

typedef int (*seq_show_t)(struct seq_file *m, void *v);

/* A kmalloc'd seq_file holding show()'s full output, or ERR_PTR. */
struct seq_file *seq_generate(seq_show_t show, void *data);
void seq_free(struct seq_file *m);
/* f->private_data is the seq_file from seq_generate. */
ssize_t seq_read_iter(struct file *f, struct iov_iter *to, loff_t *ppos);
loff_t seq_lseek(struct file *f, loff_t offset, int whence);
int seq_release(struct inode *inode, struct file *f);

#endif
