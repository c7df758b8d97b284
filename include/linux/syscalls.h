/*
 * Prototypes of every sys_* function the syscall table (kernel/syscall.c)
 * dispatches to. Each takes its arguments as plain C parameters in the
 * order of %ebx %ecx %edx %esi %edi %ebp; calls that need the whole user
 * frame (fork, execve, sigreturn) read current->regs. They return a value
 * or -errno.
 */
#ifndef _LINUX_SYSCALLS_H
#define _LINUX_SYSCALLS_H

#include "kernel.h"
#include "../uapi/stat.h"
#include "../uapi/time.h"
#include "../uapi/misc.h"
#include "../uapi/signal.h"
#include "../uapi/wait.h"

struct linux_dirent64;

/* kernel/fs: files and directories */
long sys_read(unsigned int fd, char __user *buf, size_t count);
long sys_write(unsigned int fd, const char __user *buf, size_t count);
long sys_readv(unsigned int fd, const struct iovec __user *vec, unsigned long vlen);
long sys_writev(unsigned int fd, const struct iovec __user *vec, unsigned long vlen);
long sys_pread64(unsigned int fd, char __user *buf, size_t count, u32 pos_lo, u32 pos_hi);
long sys_pwrite64(unsigned int fd, const char __user *buf, size_t count, u32 pos_lo, u32 pos_hi);
long sys_open(const char __user *filename, int flags, umode_t mode);
long sys_openat(int dfd, const char __user *filename, int flags, umode_t mode);
long sys_creat(const char __user *pathname, umode_t mode);
long sys_close(unsigned int fd);
long sys_lseek(unsigned int fd, off_t offset, unsigned int whence);
long sys_llseek(unsigned int fd, unsigned long offset_high, unsigned long offset_low,
		loff_t __user *result, unsigned int whence);
long sys_dup(unsigned int fildes);
long sys_dup2(unsigned int oldfd, unsigned int newfd);
long sys_dup3(unsigned int oldfd, unsigned int newfd, int flags);
long sys_pipe(int __user *fildes);
long sys_pipe2(int __user *fildes, int flags);
long sys_getcwd(char __user *buf, unsigned long size);
long sys_chdir(const char __user *filename);
long sys_fchdir(unsigned int fd);
long sys_mkdir(const char __user *pathname, umode_t mode);
long sys_mkdirat(int dfd, const char __user *pathname, umode_t mode);
long sys_rmdir(const char __user *pathname);
long sys_unlink(const char __user *pathname);
long sys_unlinkat(int dfd, const char __user *pathname, int flag);
long sys_rename(const char __user *oldname, const char __user *newname);
long sys_renameat(int olddfd, const char __user *oldname, int newdfd, const char __user *newname);
long sys_stat64(const char __user *filename, struct stat64 __user *statbuf);
long sys_lstat64(const char __user *filename, struct stat64 __user *statbuf);
long sys_fstat64(unsigned long fd, struct stat64 __user *statbuf);
long sys_fstatat64(int dfd, const char __user *filename, struct stat64 __user *statbuf, int flag);
long sys_statx(int dfd, const char __user *filename, unsigned flags, unsigned int mask,
	       struct statx __user *buffer);
long sys_getdents64(unsigned int fd, struct linux_dirent64 __user *dirent, unsigned int count);
long sys_ioctl(unsigned int fd, unsigned int cmd, unsigned long arg);
long sys_fcntl(unsigned int fd, unsigned int cmd, unsigned long arg);
long sys_fcntl64(unsigned int fd, unsigned int cmd, unsigned long arg);
long sys_readlink(const char __user *path, char __user *buf, int bufsiz);
long sys_readlinkat(int dfd, const char __user *path, char __user *buf, int bufsiz);
long sys_access(const char __user *filename, int mode);
long sys_faccessat(int dfd, const char __user *filename, int mode);
long sys_faccessat2(int dfd, const char __user *filename, int mode, int flags);
long sys_umask(int mask);
long sys_poll(struct pollfd __user *ufds, unsigned int nfds, int timeout_msecs);
long sys_fsync(unsigned int fd);
long sys_sync(void);
long sys_symlink(const char __user *old, const char __user *new);
long sys_chmod(const char __user *filename, umode_t mode);
long sys_fchmod(unsigned int fd, umode_t mode);
long sys_ftruncate64(unsigned int fd, u32 len_lo, u32 len_hi);
long sys_getrandom(char __user *buf, size_t count, unsigned int flags);

/* kernel: processes, memory, signals, time */
long sys_exit(int error_code);
long sys_exit_group(int error_code);
long sys_fork(void);
long sys_vfork(void);
long sys_clone(unsigned long flags, unsigned long newsp, int __user *parent_tid,
	       unsigned long tls, int __user *child_tid);
long sys_execve(const char __user *filename, const char __user *const __user *argv,
		const char __user *const __user *envp);
long sys_wait4(pid_t pid, int __user *stat_addr, int options, struct rusage __user *ru);
long sys_waitpid(pid_t pid, int __user *stat_addr, int options);
long sys_getpid(void);
long sys_getppid(void);
long sys_gettid(void);
long sys_brk(unsigned long brk);
long sys_mmap2(unsigned long addr, unsigned long len, unsigned long prot,
	       unsigned long flags, unsigned long fd, unsigned long pgoff);
long sys_munmap(unsigned long addr, size_t len);
long sys_mprotect(unsigned long start, size_t len, unsigned long prot);
long sys_nanosleep(struct timespec __user *rqtp, struct timespec __user *rmtp);
long sys_clock_gettime(int which, struct timespec __user *tp);
long sys_clock_gettime64(int which, struct __kernel_timespec __user *tp);
long sys_clock_getres(int which, struct timespec __user *tp);
long sys_clock_nanosleep(int which, int flags, const struct timespec __user *rqtp, struct timespec __user *rmtp);
long sys_gettimeofday(struct timeval __user *tv, struct timezone __user *tz);
long sys_time(long __user *tloc);
long sys_uname(struct new_utsname __user *name);
long sys_kill(pid_t pid, int sig);
long sys_tkill(pid_t pid, int sig);
long sys_tgkill(pid_t tgid, pid_t pid, int sig);
long sys_rt_sigaction(int sig, const struct kernel_sigaction __user *act,
		      struct kernel_sigaction __user *oact, size_t sigsetsize);
long sys_rt_sigprocmask(int how, kernel_sigset_t __user *set, kernel_sigset_t __user *oset, size_t sigsetsize);
long sys_rt_sigpending(kernel_sigset_t __user *set, size_t sigsetsize);
long sys_rt_sigsuspend(kernel_sigset_t __user *unewset, size_t sigsetsize);
long sys_sigreturn(void);
long sys_rt_sigreturn(void);
long sys_pause(void);
long sys_alarm(unsigned int seconds);
long sys_set_thread_area(struct user_desc __user *u_info);
/* clone(CLONE_SETTLS) fills the child's slot with the same code (kernel/gdt.c). */
struct task_struct;
int do_set_thread_area(struct task_struct *p, struct user_desc __user *u_info, bool can_allocate);
long sys_get_thread_area(struct user_desc __user *u_info);
long sys_set_tid_address(int __user *tidptr);
long sys_set_robust_list(void __user *head, size_t len);
long sys_get_robust_list(int pid, void __user * __user *head_ptr, size_t __user *len_ptr);
long sys_futex(u32 __user *uaddr, int op, u32 val, const struct timespec __user *utime,
	       u32 __user *uaddr2, u32 val3);
long sys_futex_time64(u32 __user *uaddr, int op, u32 val,
		      const struct __kernel_timespec __user *utime, u32 __user *uaddr2, u32 val3);
long sys_rt_sigtimedwait(const kernel_sigset_t __user *uthese, siginfo_t __user *uinfo,
			 const struct timespec __user *uts, size_t sigsetsize);
long sys_rt_sigtimedwait_time64(const kernel_sigset_t __user *uthese, siginfo_t __user *uinfo,
				const struct __kernel_timespec __user *uts, size_t sigsetsize);
long sys_sigaltstack(const stack_t __user *uss, stack_t __user *uoss);
long sys_sched_get_priority_max(int policy);
long sys_sched_get_priority_min(int policy);
long sys_sched_setscheduler(pid_t pid, int policy, const int __user *param);
long sys_sched_getscheduler(pid_t pid);
long sys_sched_setparam(pid_t pid, const int __user *param);
long sys_sched_getparam(pid_t pid, int __user *param);
long sys_sched_getaffinity(pid_t pid, unsigned int len, unsigned long __user *mask);
long sys_sched_setaffinity(pid_t pid, unsigned int len, const unsigned long __user *mask);
long sys_getuid(void);
long sys_getgid(void);
long sys_geteuid(void);
long sys_getegid(void);
long sys_setuid(uid_t uid);
long sys_setgid(gid_t gid);
long sys_getresuid(uid_t __user *r, uid_t __user *e, uid_t __user *s);
long sys_getresgid(gid_t __user *r, gid_t __user *e, gid_t __user *s);
long sys_getgroups(int size, gid_t __user *list);
long sys_setgroups(int size, const gid_t __user *list);
long sys_getrlimit(unsigned int resource, struct rlimit __user *rlim);
long sys_setrlimit(unsigned int resource, struct rlimit __user *rlim);
long sys_prlimit64(pid_t pid, unsigned int resource, const struct rlimit64 __user *new_rlim,
		   struct rlimit64 __user *old_rlim);
long sys_prctl(int option, unsigned long arg2, unsigned long arg3, unsigned long arg4, unsigned long arg5);
long sys_sched_yield(void);
long sys_setpgid(pid_t pid, pid_t pgid);
long sys_getpgid(pid_t pid);
long sys_getpgrp(void);
long sys_setsid(void);
long sys_getsid(pid_t pid);
long sys_times(struct tms __user *tbuf);
long sys_sysinfo(struct sysinfo __user *info);
long sys_reboot(int magic1, int magic2, unsigned int cmd, void __user *arg);
long sys_syslog(int type, char __user *buf, int len);
long sys_madvise(unsigned long start, size_t len, int behavior);
long sys_ni_syscall(void);

/* net/socket.c: the socket calls (direct i386 numbers 359-373, and socketcall 102) */
struct sockaddr;
struct user_msghdr;
long sys_socketcall(int call, unsigned long __user *args);
long sys_socket(int family, int type, int protocol);
long sys_socketpair(int family, int type, int protocol, int __user *usockvec);
long sys_bind(int fd, struct sockaddr __user *umyaddr, int addrlen);
long sys_connect(int fd, struct sockaddr __user *uservaddr, int addrlen);
long sys_listen(int fd, int backlog);
long sys_accept4(int fd, struct sockaddr __user *upeer, int __user *upeer_len, int flags);
long sys_getsockname(int fd, struct sockaddr __user *usa, int __user *usa_len);
long sys_getpeername(int fd, struct sockaddr __user *usa, int __user *usa_len);
long sys_sendto(int fd, void __user *buff, size_t len, unsigned int flags,
		struct sockaddr __user *addr, int addr_len);
long sys_recvfrom(int fd, void __user *ubuf, size_t size, unsigned int flags,
		  struct sockaddr __user *addr, int __user *addr_len);
long sys_sendmsg(int fd, struct user_msghdr __user *msg, unsigned int flags);
long sys_recvmsg(int fd, struct user_msghdr __user *msg, unsigned int flags);
long sys_shutdown(int fd, int how);
long sys_setsockopt(int fd, int level, int optname, char __user *optval, int optlen);
long sys_getsockopt(int fd, int level, int optname, char __user *optval, int __user *optlen);

/* kernel/fs/select.c and kernel/fs/eventpoll.c: select, ppoll, pselect6, epoll */
struct timeval;
struct timespec;
struct __kernel_timespec;
struct epoll_event;
long sys_select(int n, void __user *inp, void __user *outp, void __user *exp,
		struct timeval __user *tvp);
long sys_pselect6(int n, void __user *inp, void __user *outp, void __user *exp,
		  struct timespec __user *tsp, void __user *sig);
long sys_pselect6_time64(int n, void __user *inp, void __user *outp, void __user *exp,
			 struct __kernel_timespec __user *tsp, void __user *sig);
long sys_ppoll(struct pollfd __user *ufds, unsigned int nfds, struct timespec __user *tsp,
	       const kernel_sigset_t __user *sigmask, size_t sigsetsize);
long sys_ppoll_time64(struct pollfd __user *ufds, unsigned int nfds,
		      struct __kernel_timespec __user *tsp,
		      const kernel_sigset_t __user *sigmask, size_t sigsetsize);
long sys_epoll_create(int size);
long sys_epoll_create1(int flags);
long sys_epoll_ctl(int epfd, int op, int fd, struct epoll_event __user *event);
long sys_epoll_wait(int epfd, struct epoll_event __user *events, int maxevents, int timeout);
long sys_epoll_pwait(int epfd, struct epoll_event __user *events, int maxevents, int timeout,
		     const kernel_sigset_t __user *sigmask, size_t sigsetsize);

/* sendfile.c, eventfd.c, timerfd.c, signalfd.c */
struct itimerspec;
struct __kernel_itimerspec;
long sys_sendfile(int out_fd, int in_fd, off_t __user *offset, size_t count);
long sys_sendfile64(int out_fd, int in_fd, loff_t __user *offset, size_t count);
long sys_eventfd(unsigned int count);
long sys_eventfd2(unsigned int count, int flags);
long sys_timerfd_create(int clockid, int flags);
long sys_timerfd_settime(int fd, int flags, const struct itimerspec __user *utmr,
			 struct itimerspec __user *otmr);
long sys_timerfd_gettime(int fd, struct itimerspec __user *otmr);
long sys_timerfd_settime64(int fd, int flags, const struct __kernel_itimerspec __user *utmr,
			   struct __kernel_itimerspec __user *otmr);
long sys_timerfd_gettime64(int fd, struct __kernel_itimerspec __user *otmr);
long sys_signalfd(int ufd, const kernel_sigset_t __user *user_mask, size_t sizemask);
long sys_signalfd4(int ufd, const kernel_sigset_t __user *user_mask, size_t sizemask, int flags);

#endif
