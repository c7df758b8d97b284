/*
 * t_thread.h: raw threads for t_thread.c and t_futex.c (our libc has no
 * pthreads). ut_thread_start clones fn(arg) onto a fresh 64 KiB stack
 * with the given flags plus CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID on
 * t->ctid, as glibc's pthread_create does; fn's return value is the
 * thread's exit(2) status. ut_thread_join sleeps on t->ctid until the
 * kernel's exit-time clear and futex wake, as pthread_join, then frees
 * the stack. ut_sys is a raw int $0x80 that returns -errno and touches
 * no errno (shared by every thread here).
 */
#ifndef USERTESTS_T_THREAD_H
#define USERTESTS_T_THREAD_H

#define CLONE_VM		0x00000100
#define CLONE_FS		0x00000200
#define CLONE_FILES		0x00000400
#define CLONE_SIGHAND		0x00000800
#define CLONE_THREAD		0x00010000
#define CLONE_SYSVSEM		0x00040000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000

#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_REQUEUE		3
#define FUTEX_CMP_REQUEUE	4
#define FUTEX_WAKE_OP		5
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_CLOCK_REALTIME	256

struct ut_thread {
	int tid;		/* clone's return value */
	volatile int ctid;	/* the tid until the thread is gone, then 0 */
	void *stack;
};

long ut_sys(long nr, long a, long b, long c, long d, long e);
long ut_sys6(long nr, long a, long b, long c, long d, long e, long f);
void ut_thread_start(struct ut_thread *t, unsigned long flags, int (*fn)(void *), void *arg);
void ut_thread_join(struct ut_thread *t);
int ut_thread_exit_arg(void *arg);	/* a thread body: exits with (int)arg */

#endif
