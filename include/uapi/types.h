/*
 * Fixed-width types of the i386 Linux ABI, for the uapi headers. Both the
 * kernel (-ffreestanding) and libc include this; nothing here needs a libc.
 */
#ifndef _UAPI_TYPES_H
#define _UAPI_TYPES_H

typedef unsigned char		__u8;
typedef signed char		__s8;
typedef unsigned short		__u16;
typedef short			__s16;
typedef unsigned int		__u32;
typedef int			__s32;
typedef unsigned long long	__u64;
typedef long long		__s64;

typedef int			__kernel_pid_t;
typedef unsigned int		__kernel_uid32_t;
typedef unsigned int		__kernel_gid32_t;
typedef unsigned short		__kernel_mode_t;
typedef long			__kernel_off_t;
typedef long long		__kernel_loff_t;
typedef long			__kernel_time_t;	/* 32-bit time, the old i386 calls */
typedef long long		__kernel_time64_t;	/* the *_time64 calls */
typedef long			__kernel_suseconds_t;
typedef int			__kernel_clockid_t;
typedef unsigned int		__kernel_size_t;
typedef int			__kernel_ssize_t;
typedef unsigned int		__kernel_socklen_t;

#endif
