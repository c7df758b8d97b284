/*
 * A parser for the cpio "newc" archive format (the initramfs format):
 * each entry is a 110-byte ASCII header ("070701" or "070702" and 13
 * eight-digit hex fields), the NUL-terminated name padded to 4 bytes,
 * then the data padded to 4 bytes; "TRAILER!!!" ends the archive.
 *
 * kernel/fs/cpio.c has no dependency beyond the types in this header so
 * the host unit tests (tools/testing/unit/test_cpio.c) compile it as is.
 * populate_rootfs (kernel/fs/initramfs.c) is its one kernel user.
 */
#ifndef _LINUX_CPIO_H
#define _LINUX_CPIO_H

#include "types.h"

#define CPIO_HDR_LEN	110

struct cpio_entry {
	const char *name;	/* inside the archive, NUL-terminated */
	size_t namelen;		/* without the NUL */
	u32 ino, mode, uid, gid, nlink, mtime;
	u32 rdev_major, rdev_minor;
	const void *data;	/* inside the archive */
	size_t size;
};

/*
 * Parse the entry at *off of buf[0..len). Returns 1 and fills *e (advancing
 * *off past it), 0 at the trailer or a clean end of the buffer (trailing
 * zero padding is allowed), or -EINVAL for a malformed or truncated entry.
 */
int cpio_next(const void *buf, size_t len, size_t *off, struct cpio_entry *e);

#endif
