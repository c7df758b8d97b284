/*
 * start.c: process start-up and shutdown.
 *
 * _start (crt0.S) -> __libc_start(sp): decode the initial stack into argc,
 * argv, environ and the auxiliary vector, run main, then exit(). exit runs
 * atexit handlers in reverse order, flushes stdio (stdio.c) and ends the
 * whole process with exit_group. abort raises SIGABRT the way Linux
 * programs expect, so a shell reports "Aborted".
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <signal.h>
#include <uapi/asm/unistd_32.h>
#include <uapi/auxvec.h>
#include "internal.h"

char **environ;
unsigned long *__auxv;

int main(int argc, char **argv, char **envp);

void __libc_start(long *sp) __attribute__((noreturn));
void __libc_start(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;
	char **p = envp;

	while (*p)
		p++;
	__auxv = (unsigned long *)(p + 1);
	environ = envp;
	exit(main(argc, argv, envp));
}

unsigned long getauxval(unsigned long type)
{
	for (unsigned long *a = __auxv; a && a[0] != AT_NULL; a += 2)
		if (a[0] == type)
			return a[1];
	return 0;
}

#define ATEXIT_MAX 32
static void (*atexit_fns[ATEXIT_MAX])(void);
static int atexit_count;

int atexit(void (*fn)(void))
{
	if (atexit_count == ATEXIT_MAX)
		return -1;
	atexit_fns[atexit_count++] = fn;
	return 0;
}

void exit(int status)
{
	while (atexit_count > 0)
		atexit_fns[--atexit_count]();
	__stdio_flush_all();
	_exit(status);
}

/* exit_group ends every thread; plain exit is the fallback for kernels without it. */
void _exit(int status)
{
	for (;;) {
		__sys1(__NR_exit_group, status);
		__sys1(__NR_exit, status);
	}
}

void _Exit(int status)
{
	_exit(status);
}

void abort(void)
{
	sigset_t set;

	/* SIGABRT must get through even if blocked or handled. */
	sigemptyset(&set);
	sigaddset(&set, SIGABRT);
	sigprocmask(SIG_UNBLOCK, &set, 0);
	raise(SIGABRT);
	signal(SIGABRT, SIG_DFL);
	raise(SIGABRT);
	_exit(127);
}

/* assert.h's failure path: glibc's message format, then abort. */
void __assert_fail(const char *expr, const char *file, int line, const char *func)
{
	fprintf(stderr, "%s:%d: %s: Assertion `%s' failed.\n", file, line, func, expr);
	abort();
}
