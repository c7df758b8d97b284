/*
 * herd: the thundering herd, measured. N worker processes accept
 * connections on one port, three ways:
 *
 *   shared     one listener made before fork; each worker has its own epoll
 *              set watching it (EPOLLIN, level-triggered). A connection
 *              wakes every worker: the listener's wait queue has one
 *              non-exclusive entry per epoll set (ep_poll_callback), and
 *              all N run; one accept4 wins, the others get EAGAIN.
 *   exclusive  the same with EPOLLEXCLUSIVE (Linux 4.5): the entries are
 *              exclusive, and __wake_up_common stops after waking one.
 *   reuseport  each worker binds its own listener with SO_REUSEPORT; the
 *              kernel picks one listener per connection by a hash of the
 *              4-tuple (__inet_lookup_listener), so only its owner wakes, and
 *              connections spread over the workers.
 *
 *   herd [-n workers] [-c connections] [-p port] [-Y] [shared|exclusive|reuseport|all]
 *
 * Defaults: 4 workers, 40 connections, port 9000, all three modes. The
 * driver (this process) makes the connections to 127.0.0.1 one at a time,
 * and before each waits until every worker is asleep (state S in
 * /proc/PID/stat: blocked in epoll_wait), so each count belongs to exactly
 * one connection and nothing depends on timing. The worker that accepts
 * writes its number on the connection; the driver reads it before going on.
 *
 * A woken worker yields the CPU once before it calls accept4 (-Y: do not).
 * On a machine with N CPUs the woken workers run at once and all reach
 * accept4; on one CPU (Sockeye under QEMU) they run one after another, and
 * without the yield the first accepts before the second has left the
 * kernel - the second's epoll_wait then finds the listener empty and goes
 * back to sleep inside the kernel: woken for nothing, but not seen by the
 * program. The yield lets every woken worker get out of epoll_wait first,
 * which is what more CPUs would do.
 *
 * Per worker it prints wake-ups (epoll_wait returned the listener), accepts,
 * and empty wake-ups (the first accept4 said EAGAIN: another worker won);
 * then one summary line per mode:
 *   herd: mode=shared workers=4 connections=40 wakeups=160 accepts=40 empty=120 busiest=12 accepting=4
 * docs/event-loop.md has the figures measured on Sockeye and on Linux.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#ifndef EPOLLEXCLUSIVE
#define EPOLLEXCLUSIVE (1u << 28)
#endif

#define MAX_WORKERS	16

enum mode { SHARED, EXCLUSIVE, REUSEPORT };
static const char *const mode_names[] = { "shared", "exclusive", "reuseport" };
static const char *const mode_titles[] = {
	"one shared listener, plain epoll",
	"one shared listener, EPOLLEXCLUSIVE",
	"a listener per worker, SO_REUSEPORT",
};

struct result {
	int worker;
	unsigned long wakeups, accepts, empty;
};

static int nworkers = 4, nconns = 40, port = 9000, yield = 1;

static void die(const char *what)
{
	fprintf(stderr, "herd: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int listener(int reuseport)
{
	struct sockaddr_in a;
	int one = 1;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (reuseport && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) < 0)
		die("SO_REUSEPORT");
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
		die("bind");
	if (listen(fd, 128) < 0)
		die("listen");
	return fd;
}

/* A worker: wait, (yield,) accept until EAGAIN; report when the stop pipe closes. */
static void worker(int id, enum mode mode, int lfd, int ready, int stop, int out)
{
	struct result r = { id, 0, 0, 0 };
	struct epoll_event ev, evs[4];
	int ep = epoll_create1(EPOLL_CLOEXEC);

	if (mode == REUSEPORT)
		lfd = listener(1);
	if (ep < 0)
		die("epoll_create1");
	ev.events = EPOLLIN | (mode == EXCLUSIVE ? EPOLLEXCLUSIVE : 0);
	ev.data.fd = lfd;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev) < 0)
		die("epoll_ctl listener");
	ev.events = EPOLLIN;
	ev.data.fd = stop;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, stop, &ev) < 0)
		die("epoll_ctl stop");
	if (write(ready, "r", 1) != 1)
		die("ready");
	for (;;) {
		int n = epoll_wait(ep, evs, 4, -1);

		for (int i = 0; i < n; i++) {
			if (evs[i].data.fd == stop) {
				if (write(out, &r, sizeof(r)) != sizeof(r))
					die("result");
				_exit(0);
			}
			r.wakeups++;
			if (yield)
				sched_yield();
			for (int first = 1;; first = 0) {
				char c = (char)('0' + id);
				int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

				if (fd < 0) {
					if (errno == EAGAIN && first)
						r.empty++;
					break;
				}
				r.accepts++;
				if (write(fd, &c, 1) != 1)
					die("write");
				close(fd);
			}
		}
	}
}

/* The state letter of /proc/PID/stat ("pid (comm) S ..."), or '?'. */
static char proc_state(pid_t pid)
{
	char path[32], buf[256];
	int fd, n;
	char *p;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return '?';
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return '?';
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

/* Wait until every worker sleeps (in epoll_wait: it blocks nowhere else). */
static void wait_asleep(const pid_t *pids)
{
	struct timespec d = { 0, 1000000 };

	for (int i = 0; i < nworkers; i++) {
		for (int tries = 0; proc_state(pids[i]) != 'S'; tries++) {
			if (tries > 20000) {
				fprintf(stderr, "herd: worker %d never went to sleep\n", i);
				exit(1);
			}
			nanosleep(&d, NULL);
		}
	}
}

static int run_mode(enum mode mode)
{
	int ready[2], stop[2], out[2], lfd = -1, lost = 0;
	pid_t pids[MAX_WORKERS];
	struct result res[MAX_WORKERS];
	struct sockaddr_in to;
	char c;

	if (pipe(ready) < 0 || pipe(stop) < 0 || pipe(out) < 0)
		die("pipe");
	if (mode != REUSEPORT)
		lfd = listener(0);
	for (int i = 0; i < nworkers; i++) {
		pids[i] = fork();
		if (pids[i] < 0)
			die("fork");
		if (pids[i] == 0) {
			close(stop[1]);
			worker(i, mode, lfd, ready[1], stop[0], out[1]);
		}
	}
	close(stop[0]);
	for (int i = 0; i < nworkers; i++)
		if (read(ready[0], &c, 1) != 1)
			die("worker start");
	if (lfd >= 0)
		close(lfd);		/* the workers hold it now */

	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	to.sin_port = htons(port);
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (int k = 0; k < nconns; k++) {
		struct pollfd pfd;
		int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

		wait_asleep(pids);
		if (fd < 0 || connect(fd, (struct sockaddr *)&to, sizeof(to)) < 0)
			die("connect");
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 10000) != 1 || read(fd, &c, 1) != 1)
			lost++;		/* nobody accepted within 10 s: reported below */
		close(fd);
	}
	wait_asleep(pids);
	close(stop[1]);			/* EOF: every worker reports and exits */
	for (int i = 0; i < nworkers; i++) {
		struct result r;

		if (read(out[0], &r, sizeof(r)) != sizeof(r))
			die("results");
		res[r.worker] = r;
	}
	for (int i = 0; i < nworkers; i++)
		waitpid(pids[i], NULL, 0);
	close(ready[0]);
	close(ready[1]);
	close(out[0]);
	close(out[1]);

	unsigned long w = 0, a = 0, e = 0, busiest = 0, accepting = 0;
	printf("herd: %s: %d workers, %d connections%s\n", mode_titles[mode], nworkers, nconns,
	       yield ? "" : " (no yield)");
	printf("  worker  wakeups  accepts  empty\n");
	for (int i = 0; i < nworkers; i++) {
		printf("  %6d  %7lu  %7lu  %5lu\n", i, res[i].wakeups, res[i].accepts, res[i].empty);
		w += res[i].wakeups;
		a += res[i].accepts;
		e += res[i].empty;
		if (res[i].accepts > busiest)
			busiest = res[i].accepts;
		accepting += res[i].accepts > 0;
	}
	printf("  total   %7lu  %7lu  %5lu  (%lu.%02lu wake-ups per connection)\n", w, a, e,
	       w / nconns, (w * 100 / nconns) % 100);
	printf("herd: mode=%s workers=%d connections=%d wakeups=%lu accepts=%lu empty=%lu "
	       "busiest=%lu accepting=%lu lost=%d\n", mode_names[mode], nworkers, nconns, w, a, e,
	       busiest, accepting, lost);
	fflush(stdout);
	return lost ? 1 : 0;
}

int main(int argc, char **argv)
{
	int opt, rc = 0, first = SHARED, last = REUSEPORT;

	while ((opt = getopt(argc, argv, "n:c:p:Y")) != -1) {
		switch (opt) {
		case 'n': nworkers = atoi(optarg); break;
		case 'c': nconns = atoi(optarg); break;
		case 'p': port = atoi(optarg); break;
		case 'Y': yield = 0; break;
		default: goto usage;
		}
	}
	if (nworkers < 1 || nworkers > MAX_WORKERS || nconns < 1)
		goto usage;
	if (optind < argc) {
		for (first = SHARED; first <= REUSEPORT; first++)
			if (!strcmp(argv[optind], mode_names[first]))
				break;
		if (first > REUSEPORT && strcmp(argv[optind], "all"))
			goto usage;
		if (first <= REUSEPORT)
			last = first;
		else
			first = SHARED;
	}
	signal(SIGPIPE, SIG_IGN);
	for (int m = first; m <= last; m++)
		rc |= run_mode(m);
	return rc;
usage:
	fprintf(stderr, "usage: herd [-n workers(1-%d)] [-c connections] [-p port] [-Y] "
		"[shared|exclusive|reuseport|all]\n", MAX_WORKERS);
	return 2;
}
