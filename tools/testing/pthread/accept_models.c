/*
 * accept_models: seed article 004's three ways to accept with N threads,
 * as an unmodified static glibc pthread program students run, in the
 * guest or on Linux, and compare:
 *
 *   accept           N threads blocked in accept() on one listener
 *   epoll            N threads in epoll_wait() on ONE epoll instance
 *   epoll-excl       the same, the listener added with EPOLLEXCLUSIVE
 *   epoll-each       N threads, each with its own epoll instance on the
 *                    one listener (the pre-fork server's layout)
 *   epoll-each-excl  the same with EPOLLEXCLUSIVE
 *   reuseport        N threads, each accepting on its own SO_REUSEPORT
 *                    listener bound to the same port
 *
 * Usage: accept_models [-n THREADS] [-c CONNECTIONS] MODEL...
 *
 * The main thread connects the clients one at a time over 127.0.0.1, and
 * before each connection waits until every worker is asleep again in its
 * blocking call (state S in /proc/self/task/TID/stat, and not between a
 * return and its next call), so each connection's wake-ups are its own.
 * Per thread it prints:
 *   wakeups  times the thread was put to sleep and woken (its voluntary
 *            context switches while waiting, /proc/self/task/TID/status):
 *            this counts wake-ups the kernel swallows too, like a thread
 *            woken for a connection another thread already took, that
 *            finds nothing and sleeps again inside accept or epoll_wait
 *   returns  times accept/epoll_wait came back to the program
 *   accepts  connections it accepted
 *   eagain   non-blocking accepts that found nothing (woken for nothing)
 * and a total line per model, which tools/testing/test_threads.py checks
 * against Linux's semantics. At the end every worker is cancelled where it
 * blocks (accept and epoll_wait are cancellation points), joined, and must
 * have run its cleanup handler and return PTHREAD_CANCELED.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#define MAX_THREADS	16
#define SETTLE_MS	20000	/* a connection must be taken and the workers asleep by then */

enum model { M_ACCEPT, M_EPOLL, M_EPOLL_EXCL, M_EPOLL_EACH, M_EPOLL_EACH_EXCL, M_REUSEPORT };
static const char *const model_names[] = {
	"accept", "epoll", "epoll-excl", "epoll-each", "epoll-each-excl", "reuseport",
};

struct worker {
	pthread_t thread;
	int index;
	volatile pid_t tid;
	int listen_fd;			/* the shared listener, or its own (reuseport) */
	int epfd;			/* epoll models: the shared instance, or its own */
	volatile int busy;		/* between a return and the next blocking call */
	volatile long returns, accepts, eagain;
	long vcsw_start;
	volatile int cleaned_up;
};

static enum model cur;
static struct worker workers[MAX_THREADS];
static int nthreads = 4, nconns = 16;
static volatile long total_accepts;

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

static void fail(const char *what)
{
	printf("accept_models: FAILED: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* One line of /proc/self/task/TID/<file>; 0 if not found. */
static int task_file(pid_t tid, const char *file, char *buf, size_t size)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/task/%d/%s", (int)tid, file);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	return 1;
}

static char task_state(pid_t tid)
{
	char buf[512], *p;

	if (!task_file(tid, "stat", buf, sizeof(buf)) || !(p = strrchr(buf, ')')))
		return '?';
	return p[2];
}

static long task_vcsw(pid_t tid)
{
	char buf[2048], *p;

	if (!task_file(tid, "status", buf, sizeof(buf)))
		return -1;
	p = strstr(buf, "\nvoluntary_ctxt_switches:");
	return p ? strtol(p + strlen("\nvoluntary_ctxt_switches:"), NULL, 10) : -1;
}

static void cleanup(void *arg)
{
	((struct worker *)arg)->cleaned_up = 1;
}

static void took(struct worker *w, int fd)
{
	w->accepts++;
	__atomic_add_fetch(&total_accepts, 1, __ATOMIC_RELEASE);
	close(fd);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	w->tid = (pid_t)syscall(SYS_gettid);
	pthread_cleanup_push(cleanup, w);
	for (;;) {
		if (cur == M_ACCEPT || cur == M_REUSEPORT) {
			int fd = accept(w->listen_fd, NULL, NULL);	/* blocking */

			w->busy = 1;
			w->returns++;
			if (fd >= 0)
				took(w, fd);
		} else {
			struct epoll_event ev;
			int n = epoll_wait(w->epfd, &ev, 1, -1);

			w->busy = 1;
			w->returns++;
			if (n == 1) {
				int fd = accept4(w->listen_fd, NULL, NULL, SOCK_CLOEXEC);

				if (fd >= 0)
					took(w, fd);
				else if (errno == EAGAIN)
					w->eagain++;
			}
		}
		w->busy = 0;
	}
	pthread_cleanup_pop(0);
	return NULL;
}

static int make_listener(unsigned short *port, int reuseport, int nonblock)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(*port) };
	socklen_t len = sizeof(a);
	int one = 1;
	int fd = socket(AF_INET, SOCK_STREAM | (nonblock ? SOCK_NONBLOCK : 0), 0);

	if (fd < 0)
		fail("socket");
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (reuseport && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)))
		fail("SO_REUSEPORT");
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 128))
		fail("bind/listen");
	if (getsockname(fd, (struct sockaddr *)&a, &len))
		fail("getsockname");
	*port = ntohs(a.sin_port);
	return fd;
}

/* Every worker back in its blocking call and asleep, n connections taken. */
static void settle(long n)
{
	long long deadline = now_ms() + SETTLE_MS;

	for (;;) {
		int quiet = __atomic_load_n(&total_accepts, __ATOMIC_ACQUIRE) == n;

		for (int i = 0; quiet && i < nthreads; i++)
			quiet = !workers[i].busy && workers[i].tid && task_state(workers[i].tid) == 'S';
		if (quiet)
			return;
		if (now_ms() > deadline) {
			printf("accept_models: FAILED: %s: %ld of %ld connections taken, workers not asleep\n",
			       model_names[cur], total_accepts, n);
			exit(1);
		}
		usleep(1000);	/* polling the workers' state, not ordering anything */
	}
}

static int run_model(enum model m)
{
	unsigned short port = 0;
	int shared_fd = -1, shared_ep = -1, ok = 1;
	int each = m == M_EPOLL_EACH || m == M_EPOLL_EACH_EXCL;
	int excl = m == M_EPOLL_EXCL || m == M_EPOLL_EACH_EXCL;
	long wakeups = 0, returns = 0, accepts = 0, eagain = 0;
	int *clients = calloc(nconns, sizeof(int));

	cur = m;
	total_accepts = 0;
	memset(workers, 0, sizeof(workers));
	if (m != M_REUSEPORT)
		shared_fd = make_listener(&port, 0, m != M_ACCEPT);
	if (m == M_EPOLL || m == M_EPOLL_EXCL)
		shared_ep = epoll_create1(EPOLL_CLOEXEC);
	for (int i = 0; i < nthreads; i++) {
		struct worker *w = &workers[i];

		w->index = i;
		w->listen_fd = m == M_REUSEPORT ? make_listener(&port, 1, 0) : shared_fd;
		w->epfd = each ? epoll_create1(EPOLL_CLOEXEC) : shared_ep;
		if (each || (shared_ep >= 0 && i == 0)) {
			struct epoll_event ev = { .events = EPOLLIN | (excl ? EPOLLEXCLUSIVE : 0) };

			if (epoll_ctl(w->epfd, EPOLL_CTL_ADD, shared_fd, &ev))
				fail("epoll_ctl");
		}
	}
	for (int i = 0; i < nthreads; i++)
		if (pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]))
			fail("pthread_create");
	settle(0);				/* everyone blocked before the first connection */
	for (int i = 0; i < nthreads; i++)
		workers[i].vcsw_start = task_vcsw(workers[i].tid);

	for (int c = 0; c < nconns; c++) {
		struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };

		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		clients[c] = socket(AF_INET, SOCK_STREAM, 0);
		if (clients[c] < 0 || connect(clients[c], (struct sockaddr *)&a, sizeof(a)))
			fail("connect");
		settle(c + 1);
	}

	printf("model %s: threads %d connections %d\n", model_names[m], nthreads, nconns);
	for (int i = 0; i < nthreads; i++) {
		struct worker *w = &workers[i];
		long v = task_vcsw(w->tid) - w->vcsw_start;

		printf("  thread %d: wakeups %ld returns %ld accepts %ld eagain %ld\n",
		       i, v, w->returns, w->accepts, w->eagain);
		wakeups += v;
		returns += w->returns;
		accepts += w->accepts;
		eagain += w->eagain;
	}
	printf("model %s: total wakeups %ld returns %ld accepts %ld eagain %ld\n",
	       model_names[m], wakeups, returns, accepts, eagain);
	if (accepts != nconns) {
		printf("accept_models: FAILED: %s: %ld accepts for %d connections\n",
		       model_names[m], accepts, nconns);
		ok = 0;
	}

	/* Cancel each worker where it blocks; its cleanup handler must run. */
	for (int i = 0; i < nthreads; i++) {
		void *ret;

		if (pthread_cancel(workers[i].thread) || pthread_join(workers[i].thread, &ret))
			fail("cancel/join");
		if (ret != PTHREAD_CANCELED || !workers[i].cleaned_up) {
			printf("accept_models: FAILED: %s: thread %d not cancelled at its blocking call\n",
			       model_names[m], i);
			ok = 0;
		}
	}
	printf("model %s: cancelled %d threads blocked in %s\n", model_names[m], nthreads,
	       m == M_ACCEPT || m == M_REUSEPORT ? "accept" : "epoll_wait");
	for (int c = 0; c < nconns; c++)
		close(clients[c]);
	for (int i = 0; i < nthreads; i++) {
		if (m == M_REUSEPORT)
			close(workers[i].listen_fd);
		if (each)
			close(workers[i].epfd);
	}
	if (shared_fd >= 0)
		close(shared_fd);
	if (shared_ep >= 0)
		close(shared_ep);
	free(clients);
	return ok;
}

int main(int argc, char **argv)
{
	int opt, ok = 1, ran = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((opt = getopt(argc, argv, "n:c:")) != -1) {
		if (opt == 'n')
			nthreads = atoi(optarg);
		else if (opt == 'c')
			nconns = atoi(optarg);
		else
			goto usage;
	}
	if (nthreads < 1 || nthreads > MAX_THREADS || nconns < 1 || optind == argc)
		goto usage;
	for (; optind < argc; optind++) {
		int found = 0;

		for (unsigned m = 0; m < sizeof(model_names) / sizeof(model_names[0]); m++) {
			if (!strcmp(argv[optind], model_names[m]) || !strcmp(argv[optind], "all")) {
				ok &= run_model((enum model)m);
				found = ran = 1;
			}
		}
		if (!found)
			goto usage;
	}
	if (ran)
		printf("accept_models: %s\n", ok ? "OK" : "FAILED");
	return ok ? 0 : 1;
usage:
	fprintf(stderr, "usage: accept_models [-n THREADS] [-c CONNECTIONS] "
		"accept|epoll|epoll-excl|epoll-each|epoll-each-excl|reuseport|all...\n");
	return 2;
}
