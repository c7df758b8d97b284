/*
 * Pipes (kernel/fs/pipe.c). A pipe is a ring of PIPE_SIZE bytes shared by
 * a read file and a write file (both point at one pseudo inode whose
 * i_pipe is this). Writes of at most PIPE_BUF bytes are atomic: they wait
 * until there is room for all of them.
 *
 * Lock legend: pipe->mutex guards everything below it; sleepers drop it
 * before sleeping on rd_wait / wr_wait.
 */
#ifndef _LINUX_PIPE_FS_I_H
#define _LINUX_PIPE_FS_I_H

#include "fs.h"
#include "wait.h"
#include "mutex.h"

#define PIPE_BUF	4096		/* atomic write size (POSIX: at least 512) */
#define PIPE_SIZE_ORDER	2
#define PIPE_SIZE	(PAGE_SIZE << PIPE_SIZE_ORDER)	/* 16 KB ring */

struct pipe_inode_info {
	struct mutex mutex;
	wait_queue_head_t rd_wait, wr_wait;
	char *buf;			/* PIPE_SIZE bytes, from __get_free_pages */
	unsigned int head, tail;	/* free-running; data is [tail, head) */
	unsigned int readers, writers;	/* open files of each kind */
};

int do_pipe_flags(int *fds, int flags);	/* fds[0] read end, fds[1] write end */

#endif
