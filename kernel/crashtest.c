/*
 * Deliberate kernel crashes, to prove the crash paths work (and to show
 * students what each looks like): boot with `crashtest=NAME`.
 *   stack_overflow  a kernel thread recurses until it runs into the
 *                   unmapped guard page below its 8 KB stack: the CPU
 *                   cannot push the fault frame, raises a double fault,
 *                   and the double-fault task (its own stack) says
 *                   "kernel stack overflow" and panics.
 *   null_deref      a NULL pointer read in kernel mode: an oops with the
 *                   registers and a symbolized backtrace, then a panic.
 *   bug             BUG_ON(1): the file and line, then a panic.
 * tools/testing/test_crash.py boots each and checks the message.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sched.h>

/* Deliberately unbounded: the point is to hit the guard page. */
#pragma GCC diagnostic ignored "-Winfinite-recursion"
static noinline int recurse(volatile char *prev, int depth)
{
	volatile char frame[256];	/* big frames reach the guard page quickly */
	frame[0] = (char)depth;
	frame[255] = prev ? prev[0] : 0;
	return recurse(frame, depth + 1) + frame[1];
}

static int overflow_thread(void *arg)
{
	return recurse(NULL, 0);
}

void crashtest_run(const char *what)
{
	if (!strcmp(what, "stack_overflow")) {
		pr_info("crashtest: recursing until the stack guard page\n");
		kthread_run(overflow_thread, NULL, "crashtest");
		for (;;)
			msleep(1000);
	}
	if (!strcmp(what, "null_deref")) {
		pr_info("crashtest: reading through a NULL pointer\n");
		volatile int *p = NULL;
		(void)*p;
	}
	if (!strcmp(what, "bug")) {
		pr_info("crashtest: BUG_ON(1)\n");
		BUG_ON(1);
	}
	pr_err("crashtest: unknown test '%s'\n", what);
}
