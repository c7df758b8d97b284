/*
 * t_thread_sys.c: the smaller calls threaded programs make: scheduler
 * policy and affinity (what glibc's sysconf and pthread attributes ask),
 * rt_sigtimedwait (sigwait-style threads), sigaltstack, set_robust_list /
 * get_robust_list. Answers as Linux's.
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <setjmp.h>
#include <stdint.h>
#include <unistd.h>
#include <time.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sched.h>
#include <sys/resource.h>
#include <fcntl.h>
#include <stdlib.h>
#include "ut.h"
#include "t_thread.h"

#define SCHED_OTHER	0
#define SCHED_FIFO	1
#define SCHED_RR	2
#define TFLAGS	(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM)

void test_sched_policy_affinity(void)
{
	unsigned long mask[2] = { 0, 0 };
	int prio = 0;

	CHECK_EQ(ut_sys(__NR_sched_get_priority_max, SCHED_FIFO, 0, 0, 0, 0), 99);
	CHECK_EQ(ut_sys(__NR_sched_get_priority_min, SCHED_RR, 0, 0, 0, 0), 1);
	CHECK_EQ(ut_sys(__NR_sched_get_priority_max, SCHED_OTHER, 0, 0, 0, 0), 0);
	CHECK_EQ(ut_sys(__NR_sched_get_priority_min, SCHED_OTHER, 0, 0, 0, 0), 0);
	CHECK_EQ(ut_sys(__NR_sched_get_priority_max, 42, 0, 0, 0, 0), -EINVAL);
	CHECK_EQ(ut_sys(__NR_sched_setscheduler, 0, SCHED_OTHER, (long)&prio, 0, 0), 0);
	CHECK_EQ(ut_sys(__NR_sched_getscheduler, 0, 0, 0, 0, 0), SCHED_OTHER);
	prio = 1;
	CHECK_EQ(ut_sys(__NR_sched_setscheduler, 0, SCHED_OTHER, (long)&prio, 0, 0), -EINVAL);
	CHECK_EQ(ut_sys(__NR_sched_setscheduler, 0, 42, (long)&prio, 0, 0), -EINVAL);
	CHECK_EQ(ut_sys(__NR_sched_setscheduler, -1, SCHED_OTHER, (long)&prio, 0, 0), -EINVAL);
	prio = 100;
	CHECK_EQ(ut_sys(__NR_sched_setscheduler, 0, SCHED_FIFO, (long)&prio, 0, 0), -EINVAL);
	if (geteuid() != 0) {
		prio = 10;	/* a real-time class needs privilege */
		CHECK_EQ(ut_sys(__NR_sched_setscheduler, 0, SCHED_FIFO, (long)&prio, 0, 0), -EPERM);
	}
	CHECK_EQ(ut_sys(__NR_sched_getscheduler, 999999, 0, 0, 0, 0), -ESRCH);

	CHECK_EQ(ut_sys(__NR_sched_getaffinity, 0, 3, (long)mask, 0, 0), -EINVAL);	/* not a long multiple */
	long n = ut_sys(__NR_sched_getaffinity, 0, sizeof(mask), (long)mask, 0, 0);
	CHECK(n > 0 && n <= (long)sizeof(mask));
	CHECK(mask[0] != 0);
	/* Setting the mask we have is fine; an empty mask is EINVAL. */
	CHECK_EQ(ut_sys(__NR_sched_setaffinity, 0, n, (long)mask, 0, 0), 0);
	unsigned long none[2] = { 0, 0 };
	CHECK_EQ(ut_sys(__NR_sched_setaffinity, 0, sizeof(none), (long)none, 0, 0), -EINVAL);
}

void test_rt_sigtimedwait(void)
{
	sigset_t set, old;
	siginfo_t info;
	struct timespec ts = { 0, 30000000L };

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, &old));
	CHECK_OK(kill(getpid(), SIGUSR1));
	memset(&info, 0, sizeof(info));
	CHECK_EQ(ut_sys(__NR_rt_sigtimedwait, (long)&set, (long)&info, (long)&ts, 8, 0), SIGUSR1);
	CHECK_EQ(info.si_signo, SIGUSR1);
	/* Nothing pending: EAGAIN after the timeout. */
	long long t0 = ut_now_ms();
	CHECK_EQ(ut_sys(__NR_rt_sigtimedwait, (long)&set, 0, (long)&ts, 8, 0), -EAGAIN);
	CHECK(ut_now_ms() - t0 >= 25);
	CHECK_EQ(ut_sys(__NR_rt_sigtimedwait, (long)&set, 0, (long)&ts, 4, 0), -EINVAL);
	CHECK_OK(sigprocmask(SIG_SETMASK, &old, NULL));
}

static char altstack[16384];
static volatile int on_alt = -1;

static void where_am_i(int sig)
{
	char here;
	on_alt = &here >= altstack && &here < altstack + sizeof(altstack);
}

void test_sigaltstack(void)
{
	stack_t ss, old;
	struct sigaction sa;

	memset(&ss, 0, sizeof(ss));
	ss.ss_sp = altstack;
	ss.ss_size = 1024;
	CHECK_EQ(ut_sys(__NR_sigaltstack, (long)&ss, 0, 0, 0, 0), -ENOMEM);	/* < MINSIGSTKSZ */
	ss.ss_flags = 0x1234;
	ss.ss_size = sizeof(altstack);
	CHECK_EQ(ut_sys(__NR_sigaltstack, (long)&ss, 0, 0, 0, 0), -EINVAL);
	ss.ss_flags = 0;
	CHECK_EQ(ut_sys(__NR_sigaltstack, (long)&ss, (long)&old, 0, 0, 0), 0);
	CHECK_EQ(old.ss_flags, 2);	/* SS_DISABLE: none before */
	CHECK_EQ(ut_sys(__NR_sigaltstack, 0, (long)&old, 0, 0, 0), 0);
	CHECK(old.ss_sp == altstack && old.ss_size == sizeof(altstack) && old.ss_flags == 0);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = where_am_i;
	sa.sa_flags = SA_ONSTACK;
	CHECK_OK(sigaction(SIGUSR2, &sa, NULL));
	CHECK_OK(raise(SIGUSR2));
	CHECK_EQ(on_alt, 1);
	sa.sa_flags = 0;
	CHECK_OK(sigaction(SIGUSR2, &sa, NULL));
	CHECK_OK(raise(SIGUSR2));
	CHECK_EQ(on_alt, 0);		/* without SA_ONSTACK: the normal stack */
}

void test_robust_list(void)
{
	static long head[3];
	long got = 0, len = 0;

	CHECK_EQ(ut_sys(__NR_set_robust_list, (long)head, 11, 0, 0, 0), -EINVAL);
	CHECK_EQ(ut_sys(__NR_set_robust_list, (long)head, 12, 0, 0, 0), 0);
	CHECK_EQ(ut_sys(__NR_get_robust_list, 0, (long)&got, (long)&len, 0, 0), 0);
	CHECK_EQ(got, (long)head);
	CHECK_EQ(len, 12);
}

/* A robust lock: the list node, then the lock word (futex_offset 4). */
struct robust_lock { unsigned long next; volatile unsigned int word; };
static struct { unsigned long next; long futex_offset; unsigned long pending; } rhead;
static struct robust_lock rlock;

static int die_holding_lock(void *arg)
{
	unsigned int tid = (unsigned int)ut_sys(__NR_gettid, 0, 0, 0, 0, 0);

	rhead.next = (unsigned long)&rlock;
	rhead.futex_offset = 4;
	rhead.pending = 0;
	rlock.next = (unsigned long)&rhead;
	rlock.word = tid | 0x80000000u;		/* held by us, with waiters */
	ut_sys(__NR_set_robust_list, (long)&rhead, 12, 0, 0, 0);
	return 0;				/* exit without unlocking */
}

/* A thread dying with a robust lock held: the word says FUTEX_OWNER_DIED, waiters kept. */
void test_robust_owner_died(void)
{
	struct ut_thread t;

	rlock.word = 0;
	ut_thread_start(&t, CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD,
			die_holding_lock, NULL);
	ut_thread_join(&t);
	CHECK_EQ(rlock.word, 0xC0000000u);	/* FUTEX_WAITERS | FUTEX_OWNER_DIED, tid gone */
}

/*
 * alarm and ITIMER_REAL belong to the process, not the thread (Linux's
 * signal->real_timer): an alarm set by a thread that then exits still
 * fires, a thread's alarm() is the one the next alarm() in another thread
 * replaces, and SIGALRM goes to any thread that does not block it.
 */
static volatile int alarm_tid;
static volatile int alarm_wait_ret = 1;
static volatile int alarm_word;

static void note_alarm(int sig)
{
	alarm_tid = (int)ut_sys(__NR_gettid, 0, 0, 0, 0, 0);
}

static int set_itimer_and_exit(void *arg)
{
	struct itimerval it = { { 0, 0 }, { 0, (long)arg } };
	return ut_sys(__NR_setitimer, ITIMER_REAL, (long)&it, 0, 0, 0) ? 1 : 0;
}

static int alarm_and_exit(void *arg)
{
	ut_sys(__NR_alarm, (long)arg, 0, 0, 0, 0);
	return 0;
}

/* Unblock SIGALRM and sleep on a futex nobody wakes: only the signal ends it. */
static int sleep_for_alarm(void *arg)
{
	unsigned long long unblock = 1ULL << (SIGALRM - 1);

	ut_sys(__NR_rt_sigprocmask, SIG_UNBLOCK, (long)&unblock, 0, 8, 0);
	alarm_wait_ret = (int)ut_sys(__NR_futex, (long)&alarm_word, FUTEX_WAIT, 0, 0, 0);
	return 0;
}

void test_itimer_per_process(void)
{
	struct ut_thread t;
	struct itimerval it;
	struct sigaction sa;
	sigset_t set, old;
	struct timespec ts = { 5, 0 };

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = note_alarm;		/* no SA_RESTART: the futex wait ends EINTR */
	CHECK_OK(sigaction(SIGALRM, &sa, NULL));
	sigemptyset(&set);
	sigaddset(&set, SIGALRM);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, &old));	/* threads start with it blocked too */

	/* 1. A thread's timer outlives the thread, and the process sees it. */
	ut_thread_start(&t, TFLAGS, set_itimer_and_exit, (void *)900000L);	/* 0.9 s */
	ut_thread_join(&t);
	CHECK_OK(getitimer(ITIMER_REAL, &it));
	CHECK(it.it_value.tv_sec == 0 && it.it_value.tv_usec > 0);	/* still armed */
	CHECK_EQ(ut_sys(__NR_rt_sigtimedwait, (long)&set, 0, (long)&ts, 8, 0), SIGALRM);

	/* 2. The alarm a thread set is the one alarm() here replaces. */
	ut_thread_start(&t, TFLAGS, alarm_and_exit, (void *)100L);
	ut_thread_join(&t);
	unsigned int left = alarm(0);
	CHECK(left >= 99 && left <= 100);
	CHECK_EQ(alarm(0), 0);

	/* 3. Process-directed: the leader blocks SIGALRM, the thread asleep takes it. */
	alarm_tid = 0;
	alarm_wait_ret = 1;
	alarm_word = 0;
	ut_thread_start(&t, TFLAGS, sleep_for_alarm, NULL);
	ut_wait_asleep(t.tid);
	it = (struct itimerval){ { 0, 0 }, { 0, 20000 } };
	CHECK_OK(setitimer(ITIMER_REAL, &it, NULL));
	ut_thread_join(&t);
	CHECK_EQ(alarm_tid, t.tid);
	CHECK_EQ(alarm_wait_ret, -EINTR);

	CHECK_OK(sigprocmask(SIG_SETMASK, &old, NULL));
	signal(SIGALRM, SIG_DFL);
}

/*
 * exec settles the robust list as exit does (Linux's exec_mm_release):
 * the child holds a robust lock on MAP_SHARED memory, with the parent
 * asleep on it, and execs. The kernel marks the word FUTEX_OWNER_DIED
 * and wakes the parent, before the new program (which knows nothing of
 * the lock) runs.
 */
void test_robust_owner_died_at_exec(void)
{
	struct shared_lock {
		struct { unsigned long next; long futex_offset; unsigned long pending; } head;
		struct robust_lock lock;
	};
	struct shared_lock *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct timespec ts = { 10, 0 };
	unsigned int held;
	int st;
	pid_t pid;

	CHECK(m != MAP_FAILED);
	m->lock.word = 0;
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		char *argv[] = { "true", NULL };

		m->head.next = (unsigned long)&m->lock;
		m->head.futex_offset = 4;
		m->head.pending = 0;
		m->lock.next = (unsigned long)&m->head;
		ut_sys(__NR_set_robust_list, (long)&m->head, 12, 0, 0, 0);
		m->lock.word = (unsigned int)getpid() | 0x80000000u;	/* ours, with a waiter */
		ut_wait_asleep(getppid());	/* the parent sleeps on the lock */
		execv("/bin/true", argv);
		_exit(99);
	}
	while ((held = m->lock.word) == 0)
		sched_yield();
	CHECK_EQ(held, (unsigned int)pid | 0x80000000u);
	/* The child execs only once we sleep here: the exec's robust-list walk wakes us. */
	CHECK_EQ(ut_sys(__NR_futex, (long)&m->lock.word, FUTEX_WAIT, held, (long)&ts, 0), 0);
	CHECK_EQ(m->lock.word, 0xC0000000u);	/* FUTEX_WAITERS | FUTEX_OWNER_DIED */
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);	/* the exec happened: true ran */
	CHECK_OK(munmap(m, 4096));
}

#define SCHED_RESET_ON_FORK	0x40000000
#define RLIMIT_RTPRIO		14

static long set_policy(int pid, int policy, int prio)
{
	return ut_sys(__NR_sched_setscheduler, pid, policy, (long)&prio, 0, 0);
}

static long get_prio(int pid)
{
	int prio = -1;
	long r = ut_sys(__NR_sched_getparam, pid, (long)&prio, 0, 0, 0);
	return r ? r : prio;
}

/* The calling process's real-time rules as a user: RLIMIT_RTPRIO bounds it. */
static void rt_as_user(void)
{
	struct rlimit rl = { 5, 5 };

	if (setrlimit(RLIMIT_RTPRIO, &rl)) {
		/* A host container's root without CAP_SYS_RESOURCE: the default (0) only. */
		CHECK(!ut_on_sockeye);
		CHECK_OK(setuid(65534));
		CHECK_EQ(set_policy(0, SCHED_FIFO, 1), -EPERM);
		return;
	}
	CHECK_OK(setuid(65534));
	CHECK_EQ(set_policy(0, SCHED_FIFO, 6), -EPERM);	/* above the limit */
	CHECK_EQ(set_policy(0, SCHED_FIFO, 5), 0);
	CHECK_EQ(set_policy(0, SCHED_RR, 3), 0);		/* lowering is fine */
	CHECK_EQ(set_policy(0, SCHED_RR, 5), 0);		/* and back up to the limit */
	CHECK_EQ(set_policy(0, SCHED_OTHER, 0), 0);		/* leaving real time is always allowed */
	CHECK_EQ(set_policy(1, SCHED_OTHER, 0), -EPERM);	/* init is root's */
	rl.rlim_cur = rl.rlim_max = 0;
	CHECK_OK(setrlimit(RLIMIT_RTPRIO, &rl));
	CHECK_EQ(set_policy(0, SCHED_FIFO, 1), -EPERM);
}

static void spin_ms(long long ms)
{
	long long end = ut_now_ms() + ms;

	while (ut_now_ms() < end)
		;
}

/* Field n (proc(5) numbering) of /proc/self/stat. */
static long self_stat_field(int n)
{
	char buf[512], *p;
	int fd = open("/proc/self/stat", O_RDONLY);
	ssize_t len;

	CHECK(fd >= 0);
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	CHECK(len > 0);
	buf[len] = 0;
	p = strrchr(buf, ')');
	CHECK(p);
	for (int f = 2; f < n; f++) {
		p = strchr(p + 1, ' ');
		CHECK(p);
	}
	return strtol(p + 1, NULL, 10);
}

/*
 * SCHED_FIFO/RR as Linux answers them: root (CAP_SYS_NICE) may, a user
 * only up to RLIMIT_RTPRIO (0 by default: EPERM). A real-time task runs
 * before every SCHED_OTHER one on its CPU, except for the 5% of each
 * second RT throttling keeps for them; SCHED_RESET_ON_FORK children start
 * as SCHED_OTHER.
 */
void test_sched_rt_policy(void)
{
	unsigned long cpu0 = 1;
	int st;

	if (geteuid() != 0) {
		CHECK_EQ(set_policy(0, SCHED_FIFO, 10), -EPERM);	/* RLIMIT_RTPRIO 0 */
		return;
	}
	CHECK_EQ(set_policy(0, SCHED_FIFO, 10), 0);
	CHECK_EQ(ut_sys(__NR_sched_getscheduler, 0, 0, 0, 0, 0), SCHED_FIFO);
	CHECK_EQ(get_prio(0), 10);
	CHECK_EQ(self_stat_field(18), -11);		/* priority: -1 - rt_priority */
	CHECK_EQ(self_stat_field(40), 10);		/* rt_priority */
	CHECK_EQ(self_stat_field(41), SCHED_FIFO);	/* policy */
	int prio = 20;
	CHECK_EQ(ut_sys(__NR_sched_setparam, 0, (long)&prio, 0, 0, 0), 0);
	CHECK_EQ(get_prio(0), 20);
	prio = 0;
	CHECK_EQ(ut_sys(__NR_sched_setparam, 0, (long)&prio, 0, 0, 0), -EINVAL);
	CHECK_EQ(set_policy(0, SCHED_RR, 0), -EINVAL);
	CHECK_EQ(set_policy(0, SCHED_OTHER, 0), 0);
	CHECK_EQ(get_prio(0), 0);

	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		rt_as_user();
		_exit(0);
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);

	/* One CPU for both (the host may have more), the child SCHED_OTHER. */
	volatile long *count = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(count != MAP_FAILED);
	*count = 0;
	CHECK_EQ(ut_sys(__NR_sched_setaffinity, 0, sizeof(cpu0), (long)&cpu0, 0, 0), 0);
	CHECK_EQ(set_policy(0, SCHED_FIFO | SCHED_RESET_ON_FORK, 10), 0);
	CHECK_EQ(ut_sys(__NR_sched_getscheduler, 0, 0, 0, 0, 0), SCHED_FIFO | SCHED_RESET_ON_FORK);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		if (ut_sys(__NR_sched_getscheduler, 0, 0, 0, 0, 0) != SCHED_OTHER)
			_exit(2);
		for (;;)
			(*count)++;
	}
	spin_ms(300);
	long starved = *count;		/* a FIFO task spinning: the child never ran */
	/* Spinning on, the throttle gives the child the end of the period. */
	long long t0 = ut_now_ms();
	while (*count == 0 && ut_now_ms() - t0 < 5000)
		;
	long long waited = ut_now_ms() - t0;
	long throttled = *count;
	CHECK_EQ(set_policy(0, SCHED_OTHER, 0), 0);
	kill(pid, SIGKILL);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFSIGNALED(st));
	CHECK_EQ(starved, 0);
	if (!throttled)
		ut_fail("the SCHED_OTHER child never ran in %lld ms", waited);
	munmap((void *)count, 4096);
}

/*
 * A handler's siginfo names the signal's origin as Linux's does: kill is
 * SI_USER with the sender's pid and uid, tgkill SI_TKILL (glibc's
 * pthread_cancel ignores its SIGCANCEL without exactly that), a fault its
 * SEGV_ code and address. Read by offset (signo, errno, code, then
 * pid/uid or addr): the i386 layout, the same in every libc.
 */
static volatile int si_words[5];

static void record_siginfo(int sig, siginfo_t *si, void *uc)
{
	const int *w = (const int *)si;

	for (int i = 0; i < 5; i++)
		si_words[i] = w[i];
}

static jmp_buf segv_jmp;	/* SA_NODEFER: the mask is untouched, longjmp suffices */

static void segv_siginfo(int sig, siginfo_t *si, void *uc)
{
	record_siginfo(sig, si, uc);
	longjmp(segv_jmp, 1);
}

void test_siginfo_sender(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = record_siginfo;
	sa.sa_flags = SA_SIGINFO;
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));

	CHECK_OK(kill(getpid(), SIGUSR1));
	CHECK_EQ(si_words[0], SIGUSR1);
	CHECK_EQ(si_words[2], 0);			/* SI_USER */
	CHECK_EQ(si_words[3], getpid());
	CHECK_EQ(si_words[4], (int)getuid());

	memset((void *)si_words, 0, sizeof(si_words));
	CHECK_EQ(ut_sys(__NR_tgkill, getpid(), ut_sys(__NR_gettid, 0, 0, 0, 0, 0), SIGUSR1, 0, 0), 0);
	CHECK_EQ(si_words[2], -6);			/* SI_TKILL */
	CHECK_EQ(si_words[3], getpid());

	sa.sa_sigaction = segv_siginfo;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	CHECK_OK(sigaction(SIGSEGV, &sa, NULL));
	volatile uintptr_t low = 16;		/* nothing is mapped at page 0 */
	if (!setjmp(segv_jmp))
		*(volatile int *)low = 1;
	CHECK_EQ(si_words[0], SIGSEGV);
	CHECK_EQ(si_words[2], 1);			/* SEGV_MAPERR */
	CHECK_EQ(si_words[3], 16);			/* si_addr */
	signal(SIGSEGV, SIG_DFL);
	signal(SIGUSR1, SIG_DFL);
}
