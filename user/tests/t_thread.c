/*
 * t_thread.c: threads through the raw system calls (our libc has no
 * pthreads): clone's flag checks and thread-group ids, the
 * CLONE_CHILD_CLEARTID + futex wake that pthread_join sleeps on, thread
 * exit vs exit_group, a group leader's zombie waiting for its threads,
 * signals to threads (tgkill, a process signal taken by the thread that
 * does not block it, a fatal one ending the group), fork from a thread.
 * Futex semantics are in t_futex.c. Every check holds on Linux too.
 *
 * Threads here run tiny functions on an mmap'd stack and use only raw
 * system calls (ut_sys) and atomics: errno and stdio are not thread-safe
 * in our libc.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <time.h>
#include <fcntl.h>
#include <dirent.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <sys/syscall.h>
#include "ut.h"
#include "t_thread.h"

#define BASE_FLAGS	(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
			 CLONE_SYSVSEM)

/* Linux's copy_process checks, in its order. */
void test_clone_flags_einval(void)
{
	CHECK_EQ(ut_sys(__NR_clone, CLONE_THREAD | SIGCHLD, 0, 0, 0, 0), -EINVAL);
	CHECK_EQ(ut_sys(__NR_clone, CLONE_VM | CLONE_THREAD, 0, 0, 0, 0), -EINVAL);
	CHECK_EQ(ut_sys(__NR_clone, CLONE_SIGHAND | SIGCHLD, 0, 0, 0, 0), -EINVAL);
	CHECK_EQ(ut_sys(__NR_clone, CLONE_SIGHAND | CLONE_THREAD, 0, 0, 0, 0), -EINVAL);
	/* A real thread without a stack of its own is the caller's business; with one it runs. */
	struct ut_thread t;
	ut_thread_start(&t, BASE_FLAGS, ut_thread_exit_arg, (void *)0);
	ut_thread_join(&t);
}

static volatile int ids[4];

static int report_ids(void *arg)
{
	ids[0] = ut_sys(__NR_getpid, 0, 0, 0, 0, 0);
	ids[1] = ut_sys(__NR_gettid, 0, 0, 0, 0, 0);
	ids[2] = ut_sys(__NR_getppid, 0, 0, 0, 0, 0);
	return 0;
}

/* getpid is the group's, gettid the thread's, getppid the process's parent. */
void test_thread_ids(void)
{
	struct ut_thread t;

	ut_thread_start(&t, BASE_FLAGS, report_ids, NULL);
	ut_thread_join(&t);
	CHECK_EQ(ids[0], getpid());
	CHECK(ids[1] != getpid());
	CHECK_EQ(ids[1], t.tid);
	CHECK_EQ(ids[2], getppid());
	CHECK_EQ(t.ctid, 0);			/* CLONE_CHILD_CLEARTID zeroed it */
}

static volatile int go, joined_ret = 99;
static struct ut_thread *join_target;

static int wait_go_then_exit(void *arg)
{
	while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
		ut_sys(__NR_futex, (long)&go, FUTEX_WAIT, 0, 0, 0);
	return 0;
}

/* pthread_join's way: FUTEX_WAIT on the tid word until CLEARTID's wake. */
static int joiner(void *arg)
{
	int tid;

	while ((tid = __atomic_load_n(&join_target->ctid, __ATOMIC_ACQUIRE)) != 0) {
		long r = ut_sys(__NR_futex, (long)&join_target->ctid, FUTEX_WAIT, tid, 0, 0);
		if (r != 0 && r != -EAGAIN && r != -EINTR) {
			joined_ret = (int)-r;
			return 1;
		}
	}
	joined_ret = 0;
	return 0;
}

/* A thread asleep on another's CLEARTID word is woken by that thread's exit. */
void test_cleartid_wakes_joiner(void)
{
	struct ut_thread a, b;

	go = 0;
	ut_thread_start(&a, BASE_FLAGS, wait_go_then_exit, NULL);
	join_target = &a;
	ut_thread_start(&b, BASE_FLAGS, joiner, NULL);
	ut_wait_asleep(b.tid);			/* b really sleeps on a's tid word */
	CHECK_EQ(joined_ret, 99);
	__atomic_store_n(&go, 1, __ATOMIC_RELEASE);
	ut_sys(__NR_futex, (long)&go, FUTEX_WAKE, 1, 0, 0);
	ut_thread_join(&b);
	CHECK_EQ(joined_ret, 0);
	CHECK_EQ(a.ctid, 0);
	ut_thread_join(&a);
}

static int block_forever(void *arg)
{
	static int never;
	for (;;)
		ut_sys(__NR_futex, (long)&never, FUTEX_WAIT, 0, 0, 0);
	return 0;
}

/* exit ends one thread; exit_group every thread, with its status. */
void test_thread_exit_vs_group_exit(void)
{
	int st;
	pid_t pid = fork();

	CHECK(pid >= 0);
	if (pid == 0) {
		struct ut_thread t, u;
		ut_thread_start(&t, BASE_FLAGS, ut_thread_exit_arg, (void *)7);
		ut_thread_join(&t);		/* exit(7) of a thread: the process goes on */
		ut_thread_start(&u, BASE_FLAGS, block_forever, NULL);
		ut_wait_asleep(u.tid);
		ut_sys(__NR_exit_group, 5, 0, 0, 0, 0);	/* takes the sleeper with it */
		_exit(100);
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 5)
		ut_fail("status %#x, want exit 5", st);
}

static int pipe_fds[2];

static int read_then_exit(void *arg)
{
	char c;
	ut_sys(__NR_read, pipe_fds[0], (long)&c, 1, 0, 0);
	return 9;
}

/*
 * The leader's exit leaves a zombie wait4 cannot reap while a thread
 * lives; the process's status is then the last thread's exit code
 * (Linux 6.x reports 9 here, not the leader's 3).
 */
void test_leader_zombie_waits_for_threads(void)
{
	int st;
	pid_t pid;

	CHECK_OK(pipe(pipe_fds));
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		struct ut_thread t;
		ut_thread_start(&t, BASE_FLAGS, read_then_exit, NULL);
		ut_sys(__NR_exit, 3, 0, 0, 0, 0);	/* the leader alone */
		_exit(100);
	}
	close(pipe_fds[0]);
	/* Wait for the leader's zombie (its thread sleeps in read meanwhile). */
	long long deadline = ut_now_ms() + 10000;
	struct timespec d = { 0, 2000000L };
	while (ut_proc_state(pid) != 'Z') {
		if (ut_now_ms() > deadline)
			ut_fail("leader never became a zombie (state %c)", ut_proc_state(pid));
		nanosleep(&d, NULL);
	}
	CHECK_EQ(waitpid(pid, &st, WNOHANG), 0);	/* a thread still runs */
	CHECK_EQ(kill(pid, 0), 0);			/* and the process is there */
	CHECK_EQ(write(pipe_fds[1], "x", 1), 1);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	close(pipe_fds[1]);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 9)
		ut_fail("status %#x, want exit 9 (the last thread's)", st);
}

static volatile int handled_by, handled_sig;

static void record_tid(int sig)
{
	handled_by = (int)ut_sys(__NR_gettid, 0, 0, 0, 0, 0);
	handled_sig = sig;
}

static volatile int spin_stop;

static int spin_until_stop(void *arg)
{
	/* Sleeps interruptibly until told to stop; a signal handler runs here. */
	while (!__atomic_load_n(&spin_stop, __ATOMIC_ACQUIRE))
		ut_sys(__NR_futex, (long)&spin_stop, FUTEX_WAIT, 0, 0, 0);
	return 0;
}

/*
 * tgkill reaches the named thread; kill() reaches the thread that does
 * not block the signal when the leader blocks it.
 */
void test_signals_to_threads(void)
{
	struct ut_thread t;
	sigset_t set, old;
	long long deadline;
	struct timespec d = { 0, 1000000L };

	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = record_tid;
	sa.sa_flags = SA_RESTART;
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	CHECK_OK(sigaction(SIGUSR2, &sa, NULL));
	spin_stop = 0;
	ut_thread_start(&t, BASE_FLAGS, spin_until_stop, NULL);
	ut_wait_asleep(t.tid);

	handled_by = 0;
	CHECK_EQ(ut_sys(__NR_tgkill, getpid(), t.tid, SIGUSR1, 0, 0), 0);
	deadline = ut_now_ms() + 10000;
	while (!handled_by && ut_now_ms() < deadline)
		nanosleep(&d, NULL);
	CHECK_EQ(handled_by, t.tid);
	CHECK_EQ(ut_sys(__NR_tgkill, getpid() + 100000, t.tid, SIGUSR1, 0, 0), -ESRCH);
	CHECK_EQ(ut_sys(__NR_tgkill, 0, t.tid, SIGUSR1, 0, 0), -EINVAL);

	/* Process-directed, the leader blocking it: the thread must take it. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, &old));
	handled_by = 0;
	CHECK_OK(kill(getpid(), SIGUSR2));
	deadline = ut_now_ms() + 10000;
	while (!handled_by && ut_now_ms() < deadline)
		nanosleep(&d, NULL);
	CHECK_EQ(handled_by, t.tid);
	CHECK_EQ(handled_sig, SIGUSR2);
	CHECK_OK(sigprocmask(SIG_SETMASK, &old, NULL));

	__atomic_store_n(&spin_stop, 1, __ATOMIC_RELEASE);
	ut_sys(__NR_futex, (long)&spin_stop, FUTEX_WAKE, 1, 0, 0);
	ut_thread_join(&t);
}

static int kill_own_group(void *arg)
{
	long tid = ut_sys(__NR_gettid, 0, 0, 0, 0, 0);
	ut_sys(__NR_tgkill, ut_sys(__NR_getpid, 0, 0, 0, 0, 0), tid, SIGTERM, 0, 0);
	for (;;)
		ut_sys(__NR_sched_yield, 0, 0, 0, 0, 0);
	return 0;
}

/* A fatal signal sent to one thread ends the whole process. */
void test_fatal_signal_ends_group(void)
{
	int st;
	pid_t pid = fork();

	CHECK(pid >= 0);
	if (pid == 0) {
		struct ut_thread t;
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = SIG_DFL;
		sigaction(SIGTERM, &sa, NULL);
		ut_thread_start(&t, BASE_FLAGS, kill_own_group, NULL);
		for (;;)
			pause();	/* the leader never takes SIGTERM itself */
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGTERM)
		ut_fail("status %#x, want killed by SIGTERM", st);
}

static volatile unsigned long ticker;
static volatile int fork_result = -1;

static int tick_forever(void *arg)
{
	for (;;)
		__atomic_add_fetch(&ticker, 1, __ATOMIC_RELAXED);
	return 0;
}

static int fork_from_thread(void *arg)
{
	long pid = ut_sys(__NR_fork, 0, 0, 0, 0, 0);

	if (pid == 0) {
		/* The child has one thread, this one: the ticker did not come along. */
		struct timespec d = { 0, 50000000L };
		unsigned long before = ticker;
		long self = ut_sys(__NR_getpid, 0, 0, 0, 0, 0);
		ut_sys(__NR_nanosleep, (long)&d, 0, 0, 0, 0);
		int ok = ticker == before && ut_sys(__NR_gettid, 0, 0, 0, 0, 0) == self;
		ut_sys(__NR_exit_group, ok ? 0 : 1, 0, 0, 0, 0);
	}
	fork_result = (int)pid;
	return 0;
}

/* fork in a thread: only the calling thread lives on in the child, and the child is the process's. */
void test_threaded_fork(void)
{
	int st;
	pid_t pid = fork();

	CHECK(pid >= 0);
	if (pid == 0) {
		struct ut_thread tick, forker;
		ut_thread_start(&tick, BASE_FLAGS, tick_forever, NULL);
		ut_thread_start(&forker, BASE_FLAGS, fork_from_thread, NULL);
		ut_thread_join(&forker);
		if (fork_result <= 0)
			ut_sys(__NR_exit_group, 10, 0, 0, 0, 0);
		/* The leader (not the forking thread) reaps the child: it is the process's. */
		if (waitpid(fork_result, &st, 0) != fork_result)
			ut_sys(__NR_exit_group, 11, 0, 0, 0, 0);
		ut_sys(__NR_exit_group, WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 12, 0, 0, 0, 0);
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		ut_fail("status %#x (10: fork failed, 11: not reapable, 12: child saw other threads)", st);
}

static int exec_true(void *arg)
{
	char *argv[] = { "true", NULL };
	ut_sys(__NR_execve, (long)"/bin/true", (long)argv, (long)(argv + 1), 0, 0);
	ut_sys(__NR_exit_group, 20, 0, 0, 0, 0);
	return 0;
}

/* exec from a non-leader thread: the others die, it takes the process's pid. */
void test_exec_from_thread(void)
{
	int st;
	pid_t pid = fork();

	CHECK(pid >= 0);
	if (pid == 0) {
		struct ut_thread t, s;
		ut_thread_start(&s, BASE_FLAGS, block_forever, NULL);
		ut_thread_start(&t, BASE_FLAGS, exec_true, NULL);
		for (;;)
			pause();
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		ut_fail("status %#x, want /bin/true's exit 0", st);
}

/* /proc/<pid>/task lists the threads; each task/<tid>/stat is that thread's. */
void test_proc_task_dirs(void)
{
	struct ut_thread t;
	char path[64], buf[512];
	int found_self = 0, found_thread = 0, n, fd, tid, threads;
	DIR *d;
	struct dirent *de;

	go = 0;
	ut_thread_start(&t, BASE_FLAGS, wait_go_then_exit, NULL);
	ut_wait_asleep(t.tid);
	snprintf(path, sizeof(path), "/proc/%d/task", getpid());
	d = opendir(path);
	CHECK(d != NULL);
	while ((de = readdir(d))) {
		found_self += atoi(de->d_name) == getpid();
		found_thread += atoi(de->d_name) == t.tid;
	}
	closedir(d);
	CHECK_EQ(found_self, 1);
	CHECK_EQ(found_thread, 1);

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", getpid(), t.tid);
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	CHECK(n > 0);
	buf[n] = 0;
	tid = atoi(buf);
	CHECK_EQ(tid, t.tid);
	/* Field 20, num_threads: after ") ", 17 more fields. */
	char *p = strrchr(buf, ')');
	CHECK(p != NULL);
	p += 2;
	for (int i = 3; i < 20; i++) {
		p = strchr(p, ' ');
		CHECK(p != NULL);
		p++;
	}
	threads = atoi(p);
	CHECK_EQ(threads, 2);
	CHECK_EQ(ut_proc_state(t.tid), 'S');	/* /proc/<tid> itself answers too */

	/* /proc itself lists processes only. */
	d = opendir("/proc");
	CHECK(d != NULL);
	found_thread = 0;
	while ((de = readdir(d)))
		found_thread += atoi(de->d_name) == t.tid;
	closedir(d);
	CHECK_EQ(found_thread, 0);

	__atomic_store_n(&go, 1, __ATOMIC_RELEASE);
	ut_sys(__NR_futex, (long)&go, FUTEX_WAKE, 1, 0, 0);
	ut_thread_join(&t);
}

static int rd_fd;
static volatile int rd_result = -1000;
static char rd_buf[8];

static int read_one(void *arg)
{
	rd_result = (int)ut_sys(__NR_read, rd_fd, (long)rd_buf, sizeof(rd_buf), 0, 0);
	return 0;
}

/*
 * A read blocked in one thread keeps its file when another thread closes
 * the fd: the close only frees the number, and the read gets the data.
 */
void test_close_under_blocked_read(void)
{
	struct ut_thread t;
	int p[2];

	CHECK_OK(pipe(p));
	rd_fd = p[0];
	rd_result = -1000;
	ut_thread_start(&t, BASE_FLAGS, read_one, NULL);
	ut_wait_asleep(t.tid);
	CHECK_OK(close(p[0]));
	CHECK_ERR(fcntl(p[0], F_GETFD), EBADF);		/* the number is gone for everyone */
	CHECK_EQ(write(p[1], "hi", 2), 2);
	ut_thread_join(&t);
	CHECK_EQ(rd_result, 2);
	CHECK(memcmp(rd_buf, "hi", 2) == 0);
	close(p[1]);
}

#define ACCEPTORS	3
static int acc_listener;
static volatile int acc_count, acc_fds[ACCEPTORS];

static int accept_one(void *arg)
{
	int i = (int)(long)arg;
	acc_fds[i] = (int)ut_sys(__NR_accept4, acc_listener, 0, 0, 0, 0);
	__atomic_add_fetch(&acc_count, 1, __ATOMIC_RELEASE);
	return 0;
}

/* N threads blocked in accept on one listener: each connection is taken by exactly one. */
void test_threads_accept_one_listener(void)
{
	struct sockaddr_in a;
	struct ut_thread t[ACCEPTORS];
	int c[ACCEPTORS];

	acc_listener = ut_tcp_listener(&a, 8);
	acc_count = 0;
	for (int i = 0; i < ACCEPTORS; i++) {
		acc_fds[i] = -1000;
		ut_thread_start(&t[i], BASE_FLAGS, accept_one, (void *)(long)i);
	}
	for (int i = 0; i < ACCEPTORS; i++)
		ut_wait_asleep(t[i].tid);
	for (int n = 1; n <= ACCEPTORS; n++) {
		long long deadline = ut_now_ms() + 10000;
		struct timespec d = { 0, 2000000L };
		c[n - 1] = ut_tcp_connect(&a);
		while (__atomic_load_n(&acc_count, __ATOMIC_ACQUIRE) < n && ut_now_ms() < deadline)
			nanosleep(&d, NULL);
		CHECK_EQ(acc_count, n);		/* one connection, one accept */
		/* Nobody else returned: the others are still in accept. */
		int sleeping = 0;
		for (int i = 0; i < ACCEPTORS; i++)
			sleeping += acc_fds[i] == -1000;
		CHECK_EQ(sleeping, ACCEPTORS - n);
	}
	for (int i = 0; i < ACCEPTORS; i++) {
		ut_thread_join(&t[i]);
		CHECK(acc_fds[i] >= 0);
		close(acc_fds[i]);
		close(c[i]);
	}
	close(acc_listener);
}

static int tid_pipe[2];

static int report_then_spin(void *arg)
{
	int tid = (int)ut_sys(__NR_gettid, 0, 0, 0, 0, 0);
	ut_sys(__NR_write, tid_pipe[1], (long)&tid, sizeof(tid), 0, 0);
	for (;;)
		__atomic_add_fetch(&ticker, 1, __ATOMIC_RELAXED);
	return 0;
}

static void wait_state(pid_t tid, char want)
{
	long long deadline = ut_now_ms() + 10000;
	struct timespec d = { 0, 2000000L };

	while (ut_proc_state(tid) != want) {
		if (ut_now_ms() > deadline)
			ut_fail("tid %d state %c, want %c", (int)tid, ut_proc_state(tid), want);
		nanosleep(&d, NULL);
	}
}

/* SIGSTOP stops every thread of the process (a spinning one too); SIGCONT resumes them all. */
void test_group_stop(void)
{
	int st, tid;
	pid_t pid;

	CHECK_OK(pipe(tid_pipe));
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		struct ut_thread t;
		ut_thread_start(&t, BASE_FLAGS, report_then_spin, NULL);
		for (;;)
			pause();
	}
	CHECK_EQ(read(tid_pipe[0], &tid, sizeof(tid)), (long)sizeof(tid));
	CHECK_OK(kill(pid, SIGSTOP));
	CHECK_EQ(waitpid(pid, &st, WUNTRACED), pid);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	wait_state(tid, 'T');			/* the spinner too, not only the leader */
	wait_state(pid, 'T');
	CHECK_OK(kill(pid, SIGCONT));
	wait_state(tid, 'R');			/* it spins again */
	CHECK_OK(kill(pid, SIGKILL));
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	close(tid_pipe[0]);
	close(tid_pipe[1]);
}
