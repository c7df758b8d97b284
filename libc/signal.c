/*
 * signal.c: POSIX signals on Linux's rt_* system calls.
 *
 * sigaction() translates the user-facing struct sigaction (signal.h) into
 * the kernel's struct kernel_sigaction and always supplies SA_RESTORER with
 * a trampoline from syscall.S: when a handler returns, it returns into the
 * trampoline, which asks the kernel to restore the interrupted registers
 * and signal mask from the frame it pushed. Linux i386 pushes an rt frame
 * only for SA_SIGINFO handlers (undone by rt_sigreturn, __restore_rt) and
 * the older frame otherwise (undone by sigreturn, __restore).
 * signal() is sigaction with BSD semantics (SA_RESTART), as in glibc.
 * The sigset functions manipulate the 64-bit kernel_sigset_t directly.
 */
#include <signal.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <uapi/asm/unistd_32.h>
#include "internal.h"

#define KSIGSET_SIZE sizeof(kernel_sigset_t)	/* rt_* calls check this: 8 */

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	struct kernel_sigaction kact, kold;
	long r;

	if (act) {
		kact.sa_handler = act->sa_handler;
		kact.sa_flags = act->sa_flags | SA_RESTORER;
		kact.sa_restorer = act->sa_flags & SA_SIGINFO ? __restore_rt : __restore;
		kact.sa_mask = act->sa_mask;
	}
	r = __sys4(__NR_rt_sigaction, sig, act ? &kact : NULL, old ? &kold : NULL,
		   KSIGSET_SIZE);
	if (__syscall_ret(r) < 0)
		return -1;
	if (old) {
		old->sa_handler = kold.sa_handler;
		old->sa_flags = (int)kold.sa_flags;
		old->sa_restorer = kold.sa_restorer;
		old->sa_mask = kold.sa_mask;
	}
	return 0;
}

sighandler_t signal(int sig, sighandler_t handler)
{
	struct sigaction sa, old;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sa.sa_flags = SA_RESTART;
	if (sigaction(sig, &sa, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	return __syscall_ret(__sys4(__NR_rt_sigprocmask, how, set, old, KSIGSET_SIZE));
}

int sigpending(sigset_t *set)
{
	return __syscall_ret(__sys2(__NR_rt_sigpending, set, KSIGSET_SIZE));
}

int sigsuspend(const sigset_t *mask)
{
	return __syscall_ret(__sys2(__NR_rt_sigsuspend, mask, KSIGSET_SIZE));
}

int raise(int sig)
{
	return tgkill(getpid(), gettid(), sig);
}

/* Signal n is bit n-1 of the set. */
static int bad_signal(int sig)
{
	if (sig < 1 || sig > _NSIG) {
		errno = EINVAL;
		return 1;
	}
	return 0;
}

int sigemptyset(sigset_t *set)
{
	memset(set, 0, sizeof *set);
	return 0;
}

int sigfillset(sigset_t *set)
{
	memset(set, 0xff, sizeof *set);
	return 0;
}

int sigaddset(sigset_t *set, int sig)
{
	if (bad_signal(sig))
		return -1;
	set->sig[(sig - 1) / 32] |= 1UL << ((sig - 1) % 32);
	return 0;
}

int sigdelset(sigset_t *set, int sig)
{
	if (bad_signal(sig))
		return -1;
	set->sig[(sig - 1) / 32] &= ~(1UL << ((sig - 1) % 32));
	return 0;
}

int sigismember(const sigset_t *set, int sig)
{
	if (bad_signal(sig))
		return -1;
	return (set->sig[(sig - 1) / 32] >> ((sig - 1) % 32)) & 1;
}
