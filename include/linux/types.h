/*
 * Kernel base types. The kernel is built -ffreestanding -nostdinc, so this
 * is where size_t, bool and the fixed-width types come from. Host unit tests
 * compile kernel code against these same headers (never mixed with libc
 * headers in one translation unit).
 */
#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H

#include "../uapi/types.h"

typedef __u8  u8;
typedef __s8  s8;
typedef __u16 u16;
typedef __s16 s16;
typedef __u32 u32;
typedef __s32 s32;
typedef __u64 u64;
typedef __s64 s64;

typedef __SIZE_TYPE__		size_t;
typedef __PTRDIFF_TYPE__	ptrdiff_t;
typedef __UINTPTR_TYPE__	uintptr_t;
typedef __INTPTR_TYPE__		intptr_t;
typedef long			ssize_t;	/* i386: 32 bits */
typedef long			off_t;
typedef long long		loff_t;
typedef int			pid_t;
typedef unsigned int		uid_t;
typedef unsigned int		gid_t;
typedef unsigned short		umode_t;
typedef unsigned int		gfp_t;
typedef u32			phys_addr_t;
typedef u32			dma_addr_t;

/* Network byte order values: the type says "big endian", sparse-style. */
typedef u16 __be16;
typedef u32 __be32;
typedef u16 __sum16;
typedef u32 __wsum;

typedef _Bool bool;
#define true	1
#define false	0

#define NULL	((void *)0)
#define offsetof(t, m)	__builtin_offsetof(t, m)

/* Marks a pointer into user space: never dereference it, copy_*_user it. */
#define __user

#endif
