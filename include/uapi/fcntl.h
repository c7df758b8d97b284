/* open(2)/fcntl(2) flags and commands, Linux i386 values (asm-generic/fcntl.h). */
#ifndef _UAPI_FCNTL_H
#define _UAPI_FCNTL_H

#define O_ACCMODE	00000003
#define O_RDONLY	00000000
#define O_WRONLY	00000001
#define O_RDWR		00000002
#define O_CREAT		00000100
#define O_EXCL		00000200
#define O_NOCTTY	00000400
#define O_TRUNC		00001000
#define O_APPEND	00002000
#define O_NONBLOCK	00004000
#define O_NDELAY	O_NONBLOCK
#define O_DSYNC		00010000
#define O_ASYNC		00020000
#define O_DIRECT	00040000
#define O_LARGEFILE	00100000
#define O_DIRECTORY	00200000
#define O_NOFOLLOW	00400000
#define O_NOATIME	01000000
#define O_CLOEXEC	02000000
#define O_SYNC		04010000
#define O_PATH		010000000

#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_GETLK		5
#define F_SETLK		6
#define F_SETLKW	7
#define F_SETOWN	8
#define F_GETOWN	9
#define F_GETLK64	12
#define F_SETLK64	13
#define F_SETLKW64	14
#define F_DUPFD_CLOEXEC	1030

#define FD_CLOEXEC	1

/* Record locks (fcntl F_GETLK...): l_type, and the i386 structures. */
#define F_RDLCK		0
#define F_WRLCK		1
#define F_UNLCK		2

struct flock {			/* F_GETLK, F_SETLK, F_SETLKW: 32-bit offsets */
	short l_type;
	short l_whence;		/* SEEK_SET, SEEK_CUR, SEEK_END */
	long l_start;
	long l_len;		/* 0: to end of file and beyond; < 0: the bytes before l_start */
	int l_pid;		/* F_GETLK: who holds the conflicting lock */
};

struct flock64 {		/* F_GETLK64, F_SETLK64, F_SETLKW64 (fcntl64 only) */
	short l_type;
	short l_whence;
	long long l_start;	/* 4-byte aligned on i386: offset 4, 24 bytes in all */
	long long l_len;
	int l_pid;
};

#define AT_FDCWD		-100
#define AT_SYMLINK_NOFOLLOW	0x100
#define AT_REMOVEDIR		0x200
#define AT_SYMLINK_FOLLOW	0x400
#define AT_NO_AUTOMOUNT		0x800
#define AT_EMPTY_PATH		0x1000
#define AT_EACCESS		0x200

#define F_OK	0
#define X_OK	1
#define W_OK	2
#define R_OK	4

#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2

#endif
