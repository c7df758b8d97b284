/*
 * sys/stat.h: file status. Sockeye's libc has one stat structure, the
 * kernel's struct stat64 (include/uapi/stat.h, 96 bytes, 64-bit sizes and
 * inode numbers). The names below map the POSIX spellings onto it, so
 * `struct stat st; stat(p, &st)` calls the stat64 system call directly.
 */
#ifndef _SYS_STAT_H
#define _SYS_STAT_H

#include <sys/types.h>
#include <uapi/stat.h>

#define stat	stat64
#define fstat	fstat64
#define lstat	lstat64

int stat64(const char *path, struct stat64 *st);
int fstat64(int fd, struct stat64 *st);
int lstat64(const char *path, struct stat64 *st);
int fstatat64(int dirfd, const char *path, struct stat64 *st, int flags);
int mkdir(const char *path, mode_t mode);
int mkdirat(int dirfd, const char *path, mode_t mode);
int chmod(const char *path, mode_t mode);
int fchmod(int fd, mode_t mode);
mode_t umask(mode_t mask);

#endif
