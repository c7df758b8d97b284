/* sys/uio.h: scatter/gather I/O with Linux's struct iovec. */
#ifndef _SYS_UIO_H
#define _SYS_UIO_H

#include <sys/types.h>
#include <uapi/misc.h>

ssize_t readv(int fd, const struct iovec *iov, int cnt);
ssize_t writev(int fd, const struct iovec *iov, int cnt);

#endif
