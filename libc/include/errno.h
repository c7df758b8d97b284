/*
 * errno.h: the per-process error number. Values are Linux's, from
 * include/uapi/errno.h, which the kernel shares. Sockeye's libc is
 * single-threaded, so errno is a plain global (set by __syscall_ret in
 * libc/syscall.c and by the C wrappers).
 */
#ifndef _ERRNO_H
#define _ERRNO_H

#include <uapi/errno.h>

extern int errno;

#endif
