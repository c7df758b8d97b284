/* sys/types.h: POSIX scalar types, sized as the i386 Linux ABI sizes them. */
#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H

#include <stddef.h>
#include <uapi/types.h>

typedef int		ssize_t;
typedef long		off_t;		/* 32-bit; lseek64 below takes off64_t */
typedef long long	off64_t;
typedef long long	loff_t;
typedef int		pid_t;
typedef unsigned int	uid_t;		/* the *32 syscalls: full 32-bit ids */
typedef unsigned int	gid_t;
typedef unsigned int	mode_t;
typedef unsigned long long dev_t;
typedef unsigned long long ino_t;
typedef unsigned int	nlink_t;
typedef long		blksize_t;
typedef long long	blkcnt_t;
typedef long		time_t;		/* 32-bit: the classic i386 calls */
typedef long		suseconds_t;
typedef unsigned int	useconds_t;
typedef int		clockid_t;
typedef long		clock_t;
typedef unsigned int	id_t;

#endif
