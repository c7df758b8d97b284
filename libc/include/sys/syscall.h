/* sys/syscall.h: the Linux i386 system call numbers, for syscall(2). */
#ifndef _SYS_SYSCALL_H
#define _SYS_SYSCALL_H

#include <uapi/asm/unistd_32.h>

long syscall(long number, ...);

#endif
