/*
 * t_thread_futex.c: futex(2) as Linux: the errors, the timeouts (relative
 * for WAIT, absolute for WAIT_BITSET on either clock, futex_time64),
 * bitsets, requeue, wake-op, a signal ending a timed wait with EINTR, and
 * a lost-wake-up stress (a ping-pong and a futex mutex: a lost wake-up
 * hangs them, and the runner's timeout fails the test), and shared futexes
 * across fork on MAP_SHARED memory. Waiters are raw threads (t_thread.h)
 * or processes; every wake-up test first sees its waiters asleep.
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <time.h>
#include <sys/syscall.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "ut.h"
#include "t_thread.h"

#define TFLAGS	(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM)
#define FUTEX_OP(op, oparg, cmp, cmparg) \
	((((op) & 0xf) << 28) | (((cmp) & 0xf) << 24) | (((oparg) & 0xfff) << 12) | ((cmparg) & 0xfff))
#define FUTEX_OP_ADD	1
#define FUTEX_OP_CMP_EQ	0
#define NR_futex_time64	422

struct ts64 { long long tv_sec, tv_nsec; };

static long futex(volatile int *uaddr, int op, int val, const void *ts, volatile int *uaddr2, int val3)
{
	return ut_sys6(__NR_futex, (long)uaddr, op, val, (long)ts, (long)uaddr2, val3);
}

static long long mono_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

static void abs_in(clockid_t clk, struct timespec *ts, long ms)
{
	clock_gettime(clk, ts);
	ts->tv_nsec += ms * 1000000L;
	ts->tv_sec += ts->tv_nsec / 1000000000L;
	ts->tv_nsec %= 1000000000L;
}

void test_futex_errors(void)
{
	static int word[2];
	struct timespec bad = { 0, 1000000000L };

	CHECK_EQ(futex(&word[0], FUTEX_WAIT, 1, NULL, NULL, 0), -EAGAIN);
	CHECK_EQ(futex((int *)((char *)word + 1), FUTEX_WAIT, 0, NULL, NULL, 0), -EINVAL);
	CHECK_EQ(futex((int *)BAD_KERNEL, FUTEX_WAIT, 0, NULL, NULL, 0), -EFAULT);
	CHECK_EQ(futex(&word[0], FUTEX_WAIT, 0, &bad, NULL, 0), -EINVAL);
	CHECK_EQ(futex(&word[0], FUTEX_WAIT_BITSET, 0, NULL, NULL, 0), -EINVAL);
	CHECK_EQ(futex(&word[0], FUTEX_WAKE_BITSET, 1, NULL, NULL, 0), -EINVAL);
	CHECK_EQ(futex(&word[0], FUTEX_WAKE, 1, NULL, NULL, 0), 0);	/* nobody waits */
	CHECK_EQ(futex(&word[0], FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0), -ENOSYS);
	CHECK_EQ(futex(&word[0], 99, 0, NULL, NULL, 0), -ENOSYS);
	CHECK_EQ(futex(&word[0], FUTEX_CMP_REQUEUE, 1, (void *)1, &word[1], 1), -EAGAIN);
	CHECK_EQ(futex(&word[0], FUTEX_CMP_REQUEUE, -1, (void *)1, &word[1], 0), -EINVAL);
}

void test_futex_timeouts(void)
{
	static int word;
	struct timespec rel = { 0, 50000000L }, abs;
	struct ts64 rel64 = { 0, 50000000LL };
	long long t0;

	t0 = mono_ms();
	CHECK_EQ(futex(&word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, &rel, NULL, 0), -ETIMEDOUT);
	CHECK(mono_ms() - t0 >= 50);
	t0 = mono_ms();
	CHECK_EQ(ut_sys6(NR_futex_time64, (long)&word, FUTEX_WAIT, 0, (long)&rel64, 0, 0), -ETIMEDOUT);
	CHECK(mono_ms() - t0 >= 50);
	/* WAIT_BITSET's timeout is absolute: on CLOCK_MONOTONIC ... */
	abs_in(CLOCK_MONOTONIC, &abs, 50);
	t0 = mono_ms();
	CHECK_EQ(futex(&word, FUTEX_WAIT_BITSET, 0, &abs, NULL, -1), -ETIMEDOUT);
	CHECK(mono_ms() - t0 >= 45);	/* abs was read a moment before t0 */
	/* ... or CLOCK_REALTIME; one already past times out at once. */
	abs_in(CLOCK_REALTIME, &abs, 50);
	CHECK_EQ(futex(&word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0, &abs, NULL, -1), -ETIMEDOUT);
	abs.tv_sec -= 10;
	t0 = mono_ms();
	CHECK_EQ(futex(&word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0, &abs, NULL, -1), -ETIMEDOUT);
	CHECK(mono_ms() - t0 < 1000);
	/* The value check comes before the timeout. */
	CHECK_EQ(futex(&word, FUTEX_WAIT_BITSET, 1, &abs, NULL, -1), -EAGAIN);
}

static volatile int fw1, fw2;
static volatile int results[4] = { 99, 99, 99, 99 };

struct waiter { volatile int *word; int bitset; int slot; int val; };	/* sleeps while *word == val */

static int wait_bitset(void *arg)
{
	struct waiter *w = arg;
	results[w->slot] = (int)futex(w->word, FUTEX_WAIT_BITSET, w->val, NULL, NULL, w->bitset);
	return 0;
}

static void start_waiters(struct ut_thread *t, struct waiter *w, int n)
{
	for (int i = 0; i < n; i++) {
		results[w[i].slot] = 99;
		ut_thread_start(&t[i], TFLAGS, wait_bitset, &w[i]);
	}
	for (int i = 0; i < n; i++)
		ut_wait_asleep(t[i].tid);
}

/* WAKE_BITSET wakes only waiters whose bitset meets its own. */
void test_futex_bitset(void)
{
	struct ut_thread t[2];
	struct waiter w[2] = { { &fw1, 1, 0, 0 }, { &fw1, 2, 1, 0 } };

	fw1 = 0;
	start_waiters(t, w, 2);
	CHECK_EQ(futex(&fw1, FUTEX_WAKE_BITSET, 10, NULL, NULL, 2), 1);
	ut_thread_join(&t[1]);
	CHECK_EQ(results[1], 0);
	CHECK_EQ(ut_proc_state(t[0].tid), 'S');		/* bitset 1 still sleeps */
	CHECK_EQ(results[0], 99);
	CHECK_EQ(futex(&fw1, FUTEX_WAKE, 10, NULL, NULL, 0), 1);
	ut_thread_join(&t[0]);
	CHECK_EQ(results[0], 0);
}

/* CMP_REQUEUE: wake some, move some to the other word, leave the rest. */
void test_futex_requeue(void)
{
	struct ut_thread t[3];
	struct waiter w[3] = { { &fw1, -1, 0, 0 }, { &fw1, -1, 1, 0 }, { &fw1, -1, 2, 0 } };

	fw1 = fw2 = 0;
	start_waiters(t, w, 3);
	CHECK_EQ(futex(&fw1, FUTEX_CMP_REQUEUE, 1, (void *)1, &fw2, 1), -EAGAIN);	/* *fw1 != 1 */
	CHECK_EQ(futex(&fw1, FUTEX_CMP_REQUEUE, 1, (void *)1, &fw2, 0), 2);	/* 1 woken + 1 moved */
	CHECK_EQ(futex(&fw2, FUTEX_WAKE, 10, NULL, NULL, 0), 1);		/* the moved one */
	CHECK_EQ(futex(&fw1, FUTEX_WAKE, 10, NULL, NULL, 0), 1);		/* the one left */
	for (int i = 0; i < 3; i++) {
		ut_thread_join(&t[i]);
		CHECK_EQ(results[i], 0);
	}
	/* Plain REQUEUE moves without comparing. */
	start_waiters(t, w, 2);
	CHECK_EQ(futex(&fw1, FUTEX_REQUEUE, 0, (void *)2, &fw2, 0), 2);
	CHECK_EQ(futex(&fw1, FUTEX_WAKE, 10, NULL, NULL, 0), 0);
	CHECK_EQ(futex(&fw2, FUTEX_WAKE, 10, NULL, NULL, 0), 2);
	for (int i = 0; i < 2; i++)
		ut_thread_join(&t[i]);
}

/* WAKE_OP: *uaddr2 += 1, wake on uaddr1, and on uaddr2 only if the old value was 0. */
void test_futex_wake_op(void)
{
	struct ut_thread t[2];
	struct waiter w[2] = { { &fw1, -1, 0, 0 }, { &fw2, -1, 1, 0 } };

	fw1 = fw2 = 0;
	start_waiters(t, w, 2);
	CHECK_EQ(futex(&fw1, FUTEX_WAKE_OP, 1, (void *)1, &fw2,
		       FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 0)), 2);
	CHECK_EQ(fw2, 1);
	for (int i = 0; i < 2; i++) {
		ut_thread_join(&t[i]);
		CHECK_EQ(results[i], 0);
	}
	/* Old value 1 != 0: nobody on uaddr2 is woken, but the add happens. */
	fw2 = 1;
	w[1].val = 1;
	start_waiters(t + 1, w + 1, 1);
	CHECK_EQ(futex(&fw1, FUTEX_WAKE_OP, 1, (void *)1, &fw2,
		       FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 0)), 0);
	CHECK_EQ(fw2, 2);
	CHECK_EQ(ut_proc_state(t[1].tid), 'S');
	CHECK_EQ(futex(&fw2, FUTEX_WAKE, 1, NULL, NULL, 0), 1);
	ut_thread_join(&t[1]);
}

static volatile int timed_result = 99;

static int timed_wait(void *arg)
{
	struct timespec ts = { 20, 0 };
	timed_result = (int)futex(&fw1, FUTEX_WAIT, 0, &ts, NULL, 0);
	return 0;
}

/* A handled signal ends a timed wait with EINTR. */
void test_futex_signal_eintr(void)
{
	struct ut_thread t;

	fw1 = 0;
	ut_catch(SIGUSR1, SA_RESTART);
	ut_thread_start(&t, TFLAGS, timed_wait, NULL);
	ut_wait_asleep(t.tid);
	CHECK_EQ(ut_sys(__NR_tgkill, getpid(), t.tid, SIGUSR1, 0, 0), 0);
	ut_thread_join(&t);
	CHECK_EQ(timed_result, -EINTR);
	CHECK_EQ(ut_sig_count, 1);
}

/* ---- the stress: any lost wake-up leaves a thread asleep forever ---- */
#define ROUNDS	3000
static volatile int turn;

static int ping(void *arg)
{
	int me = (int)(long)arg, other = !me;

	for (int i = 0; i < ROUNDS; i++) {
		while (__atomic_load_n(&turn, __ATOMIC_ACQUIRE) != me)
			futex(&turn, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, other, NULL, NULL, -1);
		__atomic_store_n(&turn, other, __ATOMIC_RELEASE);
		futex(&turn, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0);
	}
	return 0;
}

/* Drepper's mutex ("Futexes are tricky", mutex 2): 0 free, 1 locked, 2 contended. */
static volatile int mtx;
static volatile long counter;

static void mutex_lock(void)
{
	int c = 0;
	if (__atomic_compare_exchange_n(&mtx, &c, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return;
	if (c != 2)
		c = __atomic_exchange_n(&mtx, 2, __ATOMIC_ACQUIRE);
	while (c != 0) {
		futex(&mtx, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 2, NULL, NULL, 0);
		c = __atomic_exchange_n(&mtx, 2, __ATOMIC_ACQUIRE);
	}
}

static void mutex_unlock(void)
{
	if (__atomic_fetch_sub(&mtx, 1, __ATOMIC_RELEASE) != 1) {
		__atomic_store_n(&mtx, 0, __ATOMIC_RELEASE);
		futex(&mtx, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0);
	}
}

static int bump(void *arg)
{
	for (int i = 0; i < ROUNDS; i++) {
		mutex_lock();
		long v = counter;
		if (i % 64 == 0)
			ut_sys(__NR_sched_yield, 0, 0, 0, 0, 0);	/* hold it across a switch */
		counter = v + 1;
		mutex_unlock();
	}
	return 0;
}

void test_futex_lost_wakeup_stress(void)
{
	struct ut_thread t[4];

	turn = 0;
	ut_thread_start(&t[0], TFLAGS, ping, (void *)0);
	ut_thread_start(&t[1], TFLAGS, ping, (void *)1);
	ut_thread_join(&t[0]);
	ut_thread_join(&t[1]);
	CHECK_EQ(turn, 0);		/* 2 * ROUNDS handovers */

	mtx = 0;
	counter = 0;
	for (int i = 0; i < 4; i++)
		ut_thread_start(&t[i], TFLAGS, bump, NULL);
	for (int i = 0; i < 4; i++)
		ut_thread_join(&t[i]);
	CHECK_EQ(counter, 4L * ROUNDS);
	CHECK_EQ(mtx, 0);
}

/*
 * A shared futex on MAP_SHARED anonymous memory is one futex in every
 * process that maps it (Linux keys it by the page, not the address
 * space): the parent's FUTEX_WAKE ends the child's FUTEX_WAIT. A private
 * wake does not cross: it is keyed by the waker's own mm. The second page
 * is first touched after fork, by the child, and the parent still sees it.
 */
void test_futex_shared_across_fork(void)
{
	volatile int *w = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int st;
	pid_t pid;

	CHECK(w != MAP_FAILED);
	w[0] = 0;			/* the futex word; page 2 stays untouched */
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		w[1024] = 42;		/* page 2, faulted in first here */
		long r = futex(&w[0], FUTEX_WAIT, 0, NULL, NULL, 0);
		_exit(r == 0 && w[0] == 1 ? 0 : 10 + (int)-r);
	}
	ut_wait_asleep(pid);
	CHECK_EQ(w[1024], 42);		/* the child's write, through the shared object */
	CHECK_EQ(futex(&w[0], FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0), 0);
	w[0] = 1;
	CHECK_EQ(futex(&w[0], FUTEX_WAKE, 1, NULL, NULL, 0), 1);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	CHECK_EQ(w[1024], 42);		/* the child is gone, the page is not */
	CHECK_OK(munmap((void *)w, 2 * 4096));
}

/*
 * A VMA cut by munmap and split by mprotect keeps its offset into the
 * object: the child's waiter is still found from the parent's moved VMA.
 */
void test_futex_shared_split_vma(void)
{
	char *m = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int st;
	pid_t pid;

	CHECK(m != MAP_FAILED);
	volatile int *w = (volatile int *)(m + 2 * 4096);
	*w = 0;
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		long r = futex(w, FUTEX_WAIT, 0, NULL, NULL, 0);
		_exit(r == 0 ? 0 : 10 + (int)-r);
	}
	ut_wait_asleep(pid);
	CHECK_OK(munmap(m, 4096));		/* the parent's VMA now starts one page in */
	CHECK_OK(mprotect(m + 4096, 4096, PROT_READ));	/* and is split once more */
	CHECK_EQ(futex(w, FUTEX_WAKE, 1, NULL, NULL, 0), 1);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK_OK(munmap(m + 4096, 2 * 4096));
}
