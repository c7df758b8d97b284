/*
 * internal.h: declarations shared between libc's own files, not part of the
 * public headers (user programs never include this).
 */
#ifndef _LIBC_INTERNAL_H
#define _LIBC_INTERNAL_H

/* syscall.S / syscall.c */
long __syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
long __syscall_ret(long r);
#define __sys0(nr)			__syscall(nr, 0, 0, 0, 0, 0, 0)
#define __sys1(nr, a)			__syscall(nr, (long)(a), 0, 0, 0, 0, 0)
#define __sys2(nr, a, b)		__syscall(nr, (long)(a), (long)(b), 0, 0, 0, 0)
#define __sys3(nr, a, b, c)		__syscall(nr, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define __sys4(nr, a, b, c, d)		__syscall(nr, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define __sys5(nr, a, b, c, d, e)	__syscall(nr, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)
#define __sys6(nr, a, b, c, d, e, f)	__syscall(nr, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

/* syscall.S: signal-return trampolines installed as sa_restorer */
void __restore(void);		/* sigreturn, for frames without SA_SIGINFO */
void __restore_rt(void);	/* rt_sigreturn, for SA_SIGINFO frames */

/* start.c: the auxiliary vector the kernel left after envp */
extern unsigned long *__auxv;
unsigned long getauxval(unsigned long type);

/* stdio.c: flush every open stream (called by exit) */
void __stdio_flush_all(void);

/* printf.c: the formatter behind the whole printf family */
typedef void (*__emit_fn)(void *ctx, const char *s, int n);
int __format(__emit_fn emit, void *ctx, const char *fmt, __builtin_va_list ap);

#endif
