/*
 * pthread_pool: a test binary, not a tool. An unmodified static i386
 * program using pthreads the ordinary way, built against glibc and
 * against musl (their threads differ: glibc's condvars use FUTEX_WAIT_BITSET
 * on CLOCK_REALTIME and futex_time64, musl's plain FUTEX_WAIT and
 * requeue), to prove Sockeye's
 * threads (clone, futex, CLONE_CHILD_CLEARTID, TLS via CLONE_SETTLS):
 *   - a pool of worker threads fed by a mutex + condition-variable queue,
 *     joined at the end (pthread_join sleeps on the CLEARTID futex);
 *   - thread-local storage: each worker counts its own tasks in a __thread
 *     variable, and the per-thread counts must add up;
 *   - a contended mutex: every worker also bumps one shared counter;
 *   - pthread_cond_timedwait that must time out (nobody signals), and one
 *     that must be woken before its deadline;
 *   - a detached thread that reports through a condition variable;
 *   - pthread_self/gettid: every worker has its own tid, all share getpid.
 * Built by user/build.mk into the initramfs as /bin/pthread_pool (glibc)
 * and /bin/pthread_pool_musl; tools/testing/test_threads.py runs them.
 * Prints "pthread_pool: OK" and exits 0 on success, else says what broke.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

#define WORKERS		4
#define TASKS		400
#define BUMPS		2000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t have_work = PTHREAD_COND_INITIALIZER;
static pthread_cond_t all_done = PTHREAD_COND_INITIALIZER;
static int queue[TASKS], head, tail, done_tasks;
static long long sum;
static bool stopping;
static __thread int my_tasks = -1;	/* -1: TLS initialisers must reach every thread */
static int worker_tasks[WORKERS];
static pid_t worker_tid[WORKERS];
static long shared_counter;

static int failures;
#define FAIL(...) do { printf("pthread_pool: FAIL: " __VA_ARGS__); putchar('\n'); failures++; } while (0)

static void *worker(void *arg)
{
	int id = (int)(long)arg;

	if (my_tasks != -1)
		FAIL("worker %d: TLS initial value %d, want -1", id, my_tasks);
	my_tasks = 0;
	worker_tid[id] = (pid_t)syscall(SYS_gettid);
	if (getpid() == worker_tid[id])
		FAIL("worker %d: tid == pid %d", id, (int)getpid());
	for (int i = 0; i < BUMPS; i++) {
		pthread_mutex_lock(&lock);
		shared_counter++;
		pthread_mutex_unlock(&lock);
		if (i % 256 == 0)
			sched_yield();
	}
	pthread_mutex_lock(&lock);
	for (;;) {
		while (head == tail && !stopping)
			pthread_cond_wait(&have_work, &lock);
		if (head == tail)
			break;
		int v = queue[head++];
		pthread_mutex_unlock(&lock);
		long long sq = (long long)v * v;	/* the "work" */
		my_tasks++;
		pthread_mutex_lock(&lock);
		sum += sq;
		if (++done_tasks == TASKS)
			pthread_cond_broadcast(&all_done);
	}
	pthread_mutex_unlock(&lock);
	worker_tasks[id] = my_tasks;
	return (void *)(long)(id + 100);
}

static pthread_mutex_t det_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t det_cond = PTHREAD_COND_INITIALIZER;
static int det_state;

static void *detached(void *arg)
{
	pthread_mutex_lock(&det_lock);
	det_state = 1;
	pthread_cond_signal(&det_cond);
	pthread_mutex_unlock(&det_lock);
	return NULL;
}

static void deadline_in(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_nsec += (ms % 1000) * 1000000L;
	ts->tv_sec += ms / 1000 + ts->tv_nsec / 1000000000L;
	ts->tv_nsec %= 1000000000L;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

int main(void)
{
	pthread_t th[WORKERS], det;
	struct timespec ts, t0;
	long long want = 0;
	int err;

	my_tasks = 7;	/* main's own copy: a worker must not see it */

	/* A timed wait nobody signals: ETIMEDOUT, after roughly the deadline. */
	pthread_mutex_lock(&lock);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	deadline_in(&ts, 100);
	err = pthread_cond_timedwait(&have_work, &lock, &ts);
	pthread_mutex_unlock(&lock);
	if (err != ETIMEDOUT)
		FAIL("cond_timedwait with no signaller returned %d, want ETIMEDOUT", err);
	if (ms_since(&t0) < 90)
		FAIL("cond_timedwait timed out after %ld ms, want >= 100", ms_since(&t0));

	for (int i = 0; i < WORKERS; i++)
		if ((err = pthread_create(&th[i], NULL, worker, (void *)(long)i)))
			FAIL("pthread_create %d: %s", i, strerror(err));

	/* Feed the queue in bursts so the workers sleep on have_work in between. */
	for (int i = 0; i < TASKS; i++) {
		pthread_mutex_lock(&lock);
		queue[tail++] = i;
		want += (long long)i * i;
		pthread_cond_signal(&have_work);
		pthread_mutex_unlock(&lock);
		if (i % 50 == 0)
			sched_yield();
	}
	/* Every task done, woken by the last one well before a generous deadline. */
	pthread_mutex_lock(&lock);
	deadline_in(&ts, 20000);
	err = 0;
	while (done_tasks < TASKS && err != ETIMEDOUT)
		err = pthread_cond_timedwait(&all_done, &lock, &ts);
	stopping = true;
	pthread_cond_broadcast(&have_work);
	pthread_mutex_unlock(&lock);
	if (err == ETIMEDOUT)
		FAIL("all_done never signalled (%d of %d tasks)", done_tasks, TASKS);

	int total = 0;
	for (int i = 0; i < WORKERS; i++) {
		void *ret;
		if ((err = pthread_join(th[i], &ret)))
			FAIL("pthread_join %d: %s", i, strerror(err));
		else if ((long)ret != i + 100)
			FAIL("worker %d returned %ld", i, (long)ret);
		total += worker_tasks[i];
		for (int j = 0; j < i; j++)
			if (worker_tid[i] == worker_tid[j])
				FAIL("workers %d and %d share tid %d", i, j, (int)worker_tid[i]);
	}
	if (total != TASKS)
		FAIL("per-thread TLS counts add to %d, want %d", total, TASKS);
	if (sum != want)
		FAIL("sum %lld, want %lld", sum, want);
	if (shared_counter != (long)WORKERS * BUMPS)
		FAIL("mutex counter %ld, want %d", shared_counter, WORKERS * BUMPS);
	if (my_tasks != 7)
		FAIL("main's TLS changed to %d", my_tasks);

	/* A detached thread: it reports through a condvar, nobody joins it. */
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if ((err = pthread_create(&det, &attr, detached, NULL)))
		FAIL("detached pthread_create: %s", strerror(err));
	pthread_mutex_lock(&det_lock);
	deadline_in(&ts, 10000);
	err = 0;
	while (!det_state && err != ETIMEDOUT)
		err = pthread_cond_timedwait(&det_cond, &det_lock, &ts);
	pthread_mutex_unlock(&det_lock);
	if (!det_state)
		FAIL("detached thread never reported");

	printf("pthread_pool: %d workers, %d tasks (", WORKERS, TASKS);
	for (int i = 0; i < WORKERS; i++)
		printf("%s%d", i ? " " : "", worker_tasks[i]);
	printf("), counter %ld, sum %lld\n", shared_counter, sum);
	if (failures)
		return 1;
	printf("pthread_pool: OK\n");
	return 0;
}
