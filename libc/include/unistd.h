/*
 * unistd.h: POSIX process, file-descriptor and directory calls, plus getopt.
 * Most are one-line syscall stubs generated from libc/syscalls.list; the rest
 * are C wrappers in libc/unistd.c and libc/exec.c.
 */
#ifndef _UNISTD_H
#define _UNISTD_H

#include <sys/types.h>
#include <uapi/fcntl.h>		/* SEEK_*, F_OK..R_OK */

#define STDIN_FILENO	0
#define STDOUT_FILENO	1
#define STDERR_FILENO	2

extern char **environ;

ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
ssize_t pread(int fd, void *buf, size_t n, off_t off);
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off);
int close(int fd);
off_t lseek(int fd, off_t off, int whence);
off64_t lseek64(int fd, off64_t off, int whence);
int dup(int fd);
int dup2(int oldfd, int newfd);
int dup3(int oldfd, int newfd, int flags);
int pipe(int fds[2]);
int pipe2(int fds[2], int flags);
int access(const char *path, int mode);
int unlink(const char *path);
int rmdir(const char *path);
int chdir(const char *path);
int fchdir(int fd);
char *getcwd(char *buf, size_t size);
ssize_t readlink(const char *path, char *buf, size_t size);
int symlink(const char *target, const char *linkpath);
int link(const char *oldpath, const char *newpath);
int truncate(const char *path, off_t len);
int ftruncate(int fd, off_t len);
int fsync(int fd);
void sync(void);
int isatty(int fd);

pid_t fork(void);
pid_t vfork(void);
int execve(const char *path, char *const argv[], char *const envp[]);
int execv(const char *path, char *const argv[]);
int execvp(const char *file, char *const argv[]);
int execl(const char *path, const char *arg, ...);
int execlp(const char *file, const char *arg, ...);
void _exit(int status) __attribute__((noreturn));
pid_t getpid(void);
pid_t getppid(void);
pid_t gettid(void);
pid_t getpgrp(void);
pid_t getpgid(pid_t pid);
int setpgid(pid_t pid, pid_t pgid);
pid_t setsid(void);
pid_t getsid(pid_t pid);
uid_t getuid(void);
uid_t geteuid(void);
gid_t getgid(void);
gid_t getegid(void);
int setuid(uid_t uid);
int setgid(gid_t gid);
int getgroups(int size, gid_t list[]);
int setgroups(size_t size, const gid_t *list);	/* <grp.h> on glibc */

unsigned int sleep(unsigned int seconds);
int usleep(useconds_t usec);
unsigned int alarm(unsigned int seconds);
int pause(void);
int brk(void *addr);
void *sbrk(long increment);
long sysconf(int name);
int getpagesize(void);
int gethostname(char *name, size_t len);

#define _SC_PAGESIZE	30
#define _SC_PAGE_SIZE	_SC_PAGESIZE
#define _SC_CLK_TCK	2
#define _SC_OPEN_MAX	4

long syscall(long number, ...);

/* getopt (libc/getopt.c) */
extern char *optarg;
extern int optind, opterr, optopt;
int getopt(int argc, char *const argv[], const char *optstring);

#endif
