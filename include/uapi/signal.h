/*
 * Signals of the i386 Linux ABI: numbers, sigaction flags, the kernel's
 * struct sigaction (rt_sigaction takes this, not glibc's), and the signal
 * frame pieces user space can see (sigcontext, ucontext, siginfo).
 */
#ifndef _UAPI_SIGNAL_H
#define _UAPI_SIGNAL_H

#include "types.h"

#define SIGHUP		 1
#define SIGINT		 2
#define SIGQUIT		 3
#define SIGILL		 4
#define SIGTRAP		 5
#define SIGABRT		 6
#define SIGIOT		 6
#define SIGBUS		 7
#define SIGFPE		 8
#define SIGKILL		 9
#define SIGUSR1		10
#define SIGSEGV		11
#define SIGUSR2		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGSTKFLT	16
#define SIGCHLD		17
#define SIGCONT		18
#define SIGSTOP		19
#define SIGTSTP		20
#define SIGTTIN		21
#define SIGTTOU		22
#define SIGURG		23
#define SIGXCPU		24
#define SIGXFSZ		25
#define SIGVTALRM	26
#define SIGPROF		27
#define SIGWINCH	28
#define SIGIO		29
#define SIGPOLL		SIGIO
#define SIGPWR		30
#define SIGSYS		31
#define SIGRTMIN	32
#define _NSIG		64

#define SA_NOCLDSTOP	0x00000001
#define SA_NOCLDWAIT	0x00000002
#define SA_SIGINFO	0x00000004
#define SA_RESTORER	0x04000000
#define SA_ONSTACK	0x08000000
#define SA_RESTART	0x10000000
#define SA_NODEFER	0x40000000
#define SA_RESETHAND	0x80000000

#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2

#define SIG_DFL	((__sighandler_t)0)
#define SIG_IGN	((__sighandler_t)1)
#define SIG_ERR	((__sighandler_t)-1)

typedef void (*__sighandler_t)(int);
typedef void (*__sigrestore_t)(void);

typedef struct {
	unsigned long sig[2];		/* 64 signals, bit (n-1) for signal n */
} kernel_sigset_t;

/* What rt_sigaction(2) copies in and out on i386. */
struct kernel_sigaction {
	__sighandler_t	sa_handler;
	unsigned long	sa_flags;
	__sigrestore_t	sa_restorer;
	kernel_sigset_t	sa_mask;
};

typedef struct {
	void	*ss_sp;
	int	ss_flags;
	__kernel_size_t ss_size;
} stack_t;

/* arch/x86/include/uapi/asm/sigcontext.h, 32-bit. */
struct sigcontext {
	unsigned short gs, __gsh;
	unsigned short fs, __fsh;
	unsigned short es, __esh;
	unsigned short ds, __dsh;
	unsigned long edi, esi, ebp, esp, ebx, edx, ecx, eax;
	unsigned long trapno, err, eip;
	unsigned short cs, __csh;
	unsigned long eflags, esp_at_signal;
	unsigned short ss, __ssh;
	unsigned long fpstate;
	unsigned long oldmask;
	unsigned long cr2;
};

struct ucontext {
	unsigned long	  uc_flags;
	struct ucontext	 *uc_link;
	stack_t		  uc_stack;
	struct sigcontext uc_mcontext;
	kernel_sigset_t	  uc_sigmask;
};

typedef struct siginfo {
	int si_signo;
	int si_errno;
	int si_code;
	union {
		int _pad[29];
		struct { __kernel_pid_t pid; __kernel_uid32_t uid; } kill;
		struct { __kernel_pid_t pid; __kernel_uid32_t uid; int status;
			 long utime, stime; } chld;
		struct { void *addr; } fault;
	} _sifields;
} siginfo_t;				/* 128 bytes */

#define SI_USER		0
#define SI_TKILL	(-6)	/* tkill, tgkill */
#define SI_KERNEL	0x80
#define SEGV_MAPERR	1
#define SEGV_ACCERR	2
#define CLD_EXITED	1
#define CLD_KILLED	2
#define CLD_DUMPED	3

#endif
