/*
 * syscall.c: errno, the -errno -> errno/-1 convention, syscall(2), and the
 * stubs generated from syscalls.list.
 *
 * Every system call leaves through __syscall (syscall.S). The kernel returns
 * -errno for failures; values in [-4095, -1] are errors (Linux's MAX_ERRNO),
 * anything else is a result (addresses above 0xC0000000 would be negative
 * too, which is why the window is only 4095 wide).
 *
 * This file deliberately includes no public libc header: the generated
 * stubs take and return `long`, which on i386 is passed exactly like int,
 * pointers and size_t, so the typed prototypes in <unistd.h> etc. describe
 * the same functions.
 */
#include <uapi/asm/unistd_32.h>
#include <uapi/errno.h>
#include "internal.h"

int errno;

long __syscall_ret(long r)
{
	if (r < 0 && r >= -MAX_ERRNO) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

/* syscall(2): the raw call for anything libc has no wrapper for. */
long syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
	return __syscall_ret(__syscall(nr, a1, a2, a3, a4, a5, a6));
}

#define PARAMS_0 void
#define PARAMS_1 long a1
#define PARAMS_2 long a1, long a2
#define PARAMS_3 long a1, long a2, long a3
#define PARAMS_4 long a1, long a2, long a3, long a4
#define PARAMS_5 long a1, long a2, long a3, long a4, long a5
#define ARGS_0 0, 0, 0, 0, 0, 0
#define ARGS_1 a1, 0, 0, 0, 0, 0
#define ARGS_2 a1, a2, 0, 0, 0, 0
#define ARGS_3 a1, a2, a3, 0, 0, 0
#define ARGS_4 a1, a2, a3, a4, 0, 0
#define ARGS_5 a1, a2, a3, a4, a5, 0

#define SYSCALL(name, nr, n)						\
	long name(PARAMS_##n);						\
	long name(PARAMS_##n)						\
	{								\
		return __syscall_ret(__syscall(nr, ARGS_##n));		\
	}

#include "syscalls.list"
