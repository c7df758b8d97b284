/*
 * The system call table and dispatcher: int $0x80 with the number in %eax
 * and arguments in %ebx %ecx %edx %esi %edi %ebp, as Linux i386. Each
 * sys_* function only fetches and validates its arguments, then calls the
 * subsystem; it returns a value or -errno, which goes back in %eax.
 *
 * Every number without an entry (or whose subsystem is not built yet)
 * reaches sys_ni_syscall: -ENOSYS, and the first time each number is seen
 * its name (or number) is logged, so ABI gaps show up in dmesg.
 *
 * Neighbours: kernel/entry.S (syscall_int80), include/linux/syscalls.h,
 * include/uapi/asm/unistd_32.h, kernel/signal_frame.c (restart).
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <uapi/asm/unistd_32.h>
#include <asm/ptrace.h>

typedef long (*syscall_fn_t)(unsigned long, unsigned long, unsigned long,
			     unsigned long, unsigned long, unsigned long);

struct syscall_entry {
	void *fn;
	const char *name;
};

long sys_ni_syscall(void)
{
	return -ENOSYS;
}

/*
 * A subsystem that is not linked in yet leaves its sys_* undefined; these
 * weak aliases make it -ENOSYS until the real one exists.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wattribute-alias"
#define WEAK_NI(fn) __typeof__(fn) fn __attribute__((weak, alias("sys_ni_syscall")))
WEAK_NI(sys_read); WEAK_NI(sys_write); WEAK_NI(sys_readv); WEAK_NI(sys_writev);
WEAK_NI(sys_pread64); WEAK_NI(sys_pwrite64); WEAK_NI(sys_open); WEAK_NI(sys_openat);
WEAK_NI(sys_creat); WEAK_NI(sys_close); WEAK_NI(sys_lseek); WEAK_NI(sys_llseek);
WEAK_NI(sys_dup); WEAK_NI(sys_dup2); WEAK_NI(sys_dup3); WEAK_NI(sys_pipe); WEAK_NI(sys_pipe2);
WEAK_NI(sys_getcwd); WEAK_NI(sys_chdir); WEAK_NI(sys_fchdir); WEAK_NI(sys_mkdir);
WEAK_NI(sys_mkdirat); WEAK_NI(sys_rmdir); WEAK_NI(sys_unlink); WEAK_NI(sys_unlinkat);
WEAK_NI(sys_rename); WEAK_NI(sys_renameat); WEAK_NI(sys_stat64); WEAK_NI(sys_lstat64);
WEAK_NI(sys_fstat64); WEAK_NI(sys_fstatat64); WEAK_NI(sys_statx); WEAK_NI(sys_getdents64); WEAK_NI(sys_ioctl);
WEAK_NI(sys_fcntl); WEAK_NI(sys_fcntl64); WEAK_NI(sys_readlink); WEAK_NI(sys_readlinkat);
WEAK_NI(sys_access); WEAK_NI(sys_faccessat); WEAK_NI(sys_faccessat2); WEAK_NI(sys_umask);
WEAK_NI(sys_poll); WEAK_NI(sys_fsync); WEAK_NI(sys_sync); WEAK_NI(sys_symlink);
WEAK_NI(sys_chmod); WEAK_NI(sys_fchmod); WEAK_NI(sys_ftruncate64); WEAK_NI(sys_getrandom);
#pragma GCC diagnostic pop

long sys_setitimer(int which, const struct itimerval __user *value, struct itimerval __user *ovalue);
long sys_getitimer(int which, struct itimerval __user *value);
long sys_syslog(int type, char __user *buf, int len);

#define E(nr, fn) [__NR_##nr] = { (void *)(fn), #nr }
static const struct syscall_entry sys_call_table[NR_syscalls] = {
	E(exit, sys_exit),
	E(fork, sys_fork),
	E(read, sys_read),
	E(write, sys_write),
	E(open, sys_open),
	E(close, sys_close),
	E(waitpid, sys_waitpid),
	E(creat, sys_creat),
	E(unlink, sys_unlink),
	E(execve, sys_execve),
	E(chdir, sys_chdir),
	E(time, sys_time),
	E(chmod, sys_chmod),
	E(lseek, sys_lseek),
	E(getpid, sys_getpid),
	E(setuid, sys_setuid),
	E(getuid, sys_getuid),
	E(alarm, sys_alarm),
	E(pause, sys_pause),
	E(access, sys_access),
	E(sync, sys_sync),
	E(kill, sys_kill),
	E(rename, sys_rename),
	E(mkdir, sys_mkdir),
	E(rmdir, sys_rmdir),
	E(dup, sys_dup),
	E(pipe, sys_pipe),
	E(times, sys_times),
	E(brk, sys_brk),
	E(setgid, sys_setgid),
	E(getgid, sys_getgid),
	E(geteuid, sys_geteuid),
	E(getegid, sys_getegid),
	E(ioctl, sys_ioctl),
	E(fcntl, sys_fcntl),
	E(setpgid, sys_setpgid),
	E(umask, sys_umask),
	E(dup2, sys_dup2),
	E(getppid, sys_getppid),
	E(getpgrp, sys_getpgrp),
	E(setsid, sys_setsid),
	E(gettimeofday, sys_gettimeofday),
	E(symlink, sys_symlink),
	E(readlink, sys_readlink),
	E(reboot, sys_reboot),
	E(munmap, sys_munmap),
	E(fchmod, sys_fchmod),
	E(setitimer, sys_setitimer),
	E(getitimer, sys_getitimer),
	E(wait4, sys_wait4),
	E(sysinfo, sys_sysinfo),
	E(fsync, sys_fsync),
	E(sigreturn, sys_sigreturn),
	E(clone, sys_clone),
	E(uname, sys_uname),
	E(mprotect, sys_mprotect),
	E(getpgid, sys_getpgid),
	E(fchdir, sys_fchdir),
	E(_llseek, sys_llseek),
	E(readv, sys_readv),
	E(writev, sys_writev),
	E(getsid, sys_getsid),
	E(sched_yield, sys_sched_yield),
	E(nanosleep, sys_nanosleep),
	E(poll, sys_poll),
	E(prctl, sys_prctl),
	E(rt_sigreturn, sys_rt_sigreturn),
	E(rt_sigaction, sys_rt_sigaction),
	E(rt_sigprocmask, sys_rt_sigprocmask),
	E(rt_sigpending, sys_rt_sigpending),
	E(rt_sigsuspend, sys_rt_sigsuspend),
	E(pread64, sys_pread64),
	E(pwrite64, sys_pwrite64),
	E(getcwd, sys_getcwd),
	E(vfork, sys_vfork),
	E(ugetrlimit, sys_getrlimit),
	E(mmap2, sys_mmap2),
	E(ftruncate64, sys_ftruncate64),
	E(stat64, sys_stat64),
	E(lstat64, sys_lstat64),
	E(fstat64, sys_fstat64),
	E(getuid32, sys_getuid),
	E(getgid32, sys_getgid),
	E(geteuid32, sys_geteuid),
	E(getegid32, sys_getegid),
	E(getgroups32, sys_getgroups),
	E(setgroups32, sys_setgroups),
	E(getresuid32, sys_getresuid),
	E(getresgid32, sys_getresgid),
	E(setuid32, sys_setuid),
	E(setgid32, sys_setgid),
	E(madvise, sys_madvise),
	E(getdents64, sys_getdents64),
	E(fcntl64, sys_fcntl64),
	E(gettid, sys_gettid),
	E(tkill, sys_tkill),
	E(set_thread_area, sys_set_thread_area),
	E(get_thread_area, sys_get_thread_area),
	E(exit_group, sys_exit_group),
	E(set_tid_address, sys_set_tid_address),
	E(clock_gettime, sys_clock_gettime),
	E(clock_getres, sys_clock_getres),
	E(clock_nanosleep, sys_clock_nanosleep),
	E(tgkill, sys_tgkill),
	E(openat, sys_openat),
	E(mkdirat, sys_mkdirat),
	E(fstatat64, sys_fstatat64),
	E(statx, sys_statx),
	E(unlinkat, sys_unlinkat),
	E(renameat, sys_renameat),
	E(readlinkat, sys_readlinkat),
	E(faccessat, sys_faccessat),
	E(set_robust_list, sys_set_robust_list),
	E(get_robust_list, sys_get_robust_list),
	E(futex, sys_futex),
	E(futex_time64, sys_futex_time64),
	E(rt_sigtimedwait, sys_rt_sigtimedwait),
	E(rt_sigtimedwait_time64, sys_rt_sigtimedwait_time64),
	E(sigaltstack, sys_sigaltstack),
	E(sched_setparam, sys_sched_setparam),
	E(sched_getparam, sys_sched_getparam),
	E(sched_setscheduler, sys_sched_setscheduler),
	E(sched_getscheduler, sys_sched_getscheduler),
	E(sched_get_priority_max, sys_sched_get_priority_max),
	E(sched_get_priority_min, sys_sched_get_priority_min),
	E(sched_setaffinity, sys_sched_setaffinity),
	E(sched_getaffinity, sys_sched_getaffinity),
	E(dup3, sys_dup3),
	E(pipe2, sys_pipe2),
	E(prlimit64, sys_prlimit64),
	E(getrandom, sys_getrandom),
	E(clock_gettime64, sys_clock_gettime64),
	E(faccessat2, sys_faccessat2),
	E(socketcall, sys_socketcall),
	E(socket, sys_socket),
	E(socketpair, sys_socketpair),
	E(bind, sys_bind),
	E(connect, sys_connect),
	E(listen, sys_listen),
	E(accept4, sys_accept4),
	E(getsockopt, sys_getsockopt),
	E(setsockopt, sys_setsockopt),
	E(getsockname, sys_getsockname),
	E(getpeername, sys_getpeername),
	E(sendto, sys_sendto),
	E(sendmsg, sys_sendmsg),
	E(recvfrom, sys_recvfrom),
	E(recvmsg, sys_recvmsg),
	E(shutdown, sys_shutdown),
	E(_newselect, sys_select),
	E(pselect6, sys_pselect6),
	E(pselect6_time64, sys_pselect6_time64),
	E(ppoll, sys_ppoll),
	E(ppoll_time64, sys_ppoll_time64),
	E(epoll_create, sys_epoll_create),
	E(epoll_create1, sys_epoll_create1),
	E(epoll_ctl, sys_epoll_ctl),
	E(epoll_wait, sys_epoll_wait),
	E(epoll_pwait, sys_epoll_pwait),
	[103] = { (void *)sys_syslog, "syslog" },
	E(sendfile, sys_sendfile),
	E(sendfile64, sys_sendfile64),
	E(eventfd, sys_eventfd),
	E(eventfd2, sys_eventfd2),
	E(timerfd_create, sys_timerfd_create),
	E(timerfd_settime, sys_timerfd_settime),
	E(timerfd_gettime, sys_timerfd_gettime),
	E(timerfd_settime64, sys_timerfd_settime64),
	E(timerfd_gettime64, sys_timerfd_gettime64),
	E(signalfd, sys_signalfd),
	E(signalfd4, sys_signalfd4),
	/* Known, not served: named so the log says what a program wanted. */
	/* -ENOSYS is Linux's answer without CONFIG_RSEQ / CONFIG_MEMBARRIER; glibc copes. */
	E(rseq, NULL),
	E(membarrier, NULL),
	E(clone3, NULL),
	E(mremap, NULL),
};

unsigned long syscall_count;

void do_int80_syscall(struct pt_regs *regs)
{
	unsigned long nr = regs->orig_ax;
	const struct syscall_entry *e;
	long ret;

	local_irq_enable();
	current->regs = regs;
	syscall_count++;
	e = nr < NR_syscalls ? &sys_call_table[nr] : NULL;
	if (!e || !e->fn || e->fn == (void *)sys_ni_syscall) {
		static unsigned long warned[(NR_syscalls + 31) / 32];
		if (nr < NR_syscalls && !(warned[nr / 32] & (1u << (nr % 32)))) {
			warned[nr / 32] |= 1u << (nr % 32);
			/* KERN_DEBUG: in dmesg for whoever looks, not on the console mid-output. */
			printk(KERN_DEBUG "%s[%d]: unimplemented syscall %lu (%s)\n", current->comm,
			       current->pid, nr, e && e->name ? e->name : "?");
		}
		ret = -ENOSYS;
	} else {
		ret = ((syscall_fn_t)e->fn)(regs->bx, regs->cx, regs->dx, regs->si, regs->di, regs->bp);
	}
	regs->ax = ret;
}

const char *syscall_name(unsigned long nr)
{
	return nr < NR_syscalls && sys_call_table[nr].name ? sys_call_table[nr].name : "?";
}
