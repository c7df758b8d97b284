/* sys/sendfile.h: sendfile(2) with a 32-bit off_t, sendfile64 with a 64-bit one. */
#ifndef _SYS_SENDFILE_H
#define _SYS_SENDFILE_H

#include <sys/types.h>

ssize_t sendfile(int out_fd, int in_fd, off_t *offset, size_t count);
ssize_t sendfile64(int out_fd, int in_fd, long long *offset, size_t count);

#endif
