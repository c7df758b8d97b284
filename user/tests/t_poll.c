/*
 * t_poll.c: poll(2), ppoll(2), select(2) (as _newselect, 142) and
 * pselect6(2), each through the raw system call so the kernel's own
 * behaviour is what is checked: readiness on pipes (data, EOF/POLLHUP,
 * POLLERR for a writer without readers) and the tty, wake-ups from
 * another process, timeouts measured on CLOCK_MONOTONIC (never shorter
 * than asked, not absurdly longer), the time left written back by select
 * and ppoll, EINTR from a handler, the temporary signal mask of ppoll and
 * pselect6, and every errno of the man pages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/select.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include "ut.h"

#define SLACK_MS	3000	/* TCG is slow; a wait may overrun, never underrun */

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static int raw_poll(struct pollfd *fds, unsigned int n, int timeout)
{
	return syscall(__NR_poll, fds, n, timeout);
}

static int raw_ppoll(struct pollfd *fds, unsigned int n, struct timespec *ts,
		     const sigset_t *mask, size_t masksize)
{
	return syscall(__NR_ppoll, fds, n, ts, mask, masksize);
}

static int raw_select(int n, fd_set *r, fd_set *w, fd_set *e, struct timeval *tv)
{
	return syscall(__NR__newselect, n, r, w, e, tv);
}

struct sigset_argpack {
	const sigset_t *ss;
	unsigned long ss_len;
};

static int raw_pselect6(int n, fd_set *r, fd_set *w, fd_set *e, struct timespec *ts,
			struct sigset_argpack *pack)
{
	return syscall(__NR_pselect6, n, r, w, e, ts, pack);
}

void test_poll_pipe(void)
{
	int p[2];
	char c;
	struct pollfd pfd[4];

	CHECK_OK(pipe(p));
	pfd[0] = (struct pollfd){ p[0], POLLIN, 0x55 };
	pfd[1] = (struct pollfd){ p[1], POLLOUT, 0x55 };
	CHECK_EQ(raw_poll(pfd, 2, 0), 1);		/* empty: only the writer */
	CHECK_EQ(pfd[0].revents, 0);
	CHECK_EQ(pfd[1].revents, POLLOUT);
	CHECK_EQ(write(p[1], "a", 1), 1);
	CHECK_EQ(raw_poll(pfd, 2, 0), 2);
	CHECK_EQ(pfd[0].revents, POLLIN);
	CHECK_EQ(pfd[1].revents, POLLOUT);
	pfd[0].events = POLLIN | POLLRDNORM;
	CHECK_EQ(raw_poll(pfd, 1, 0), 1);
	CHECK_EQ(pfd[0].revents, POLLIN | POLLRDNORM);
	CHECK_EQ(read(p[0], &c, 1), 1);

	/* A negative fd is skipped (revents 0); a closed one is POLLNVAL and counts. */
	int dead[2];
	CHECK_OK(pipe(dead));
	close(dead[0]);
	close(dead[1]);
	pfd[0] = (struct pollfd){ p[0], POLLIN, 0x55 };
	pfd[1] = (struct pollfd){ -1, POLLIN, 0x55 };
	pfd[2] = (struct pollfd){ dead[0], POLLIN, 0 };
	pfd[3] = (struct pollfd){ p[1], 0, 0x55 };	/* no events asked: nothing (no ERR/HUP) */
	CHECK_EQ(raw_poll(pfd, 4, 0), 1);
	CHECK_EQ(pfd[0].revents, 0);
	CHECK_EQ(pfd[1].revents, 0);
	CHECK_EQ(pfd[2].revents, POLLNVAL);
	CHECK_EQ(pfd[3].revents, 0);

	/* A blocked poll is woken by a write from another process. */
	pid_t pid = ut_later(p[1], 50, 0);
	pfd[0] = (struct pollfd){ p[0], POLLIN, 0 };
	long t0 = now_ms();
	CHECK_EQ(raw_poll(pfd, 1, 10000), 1);
	CHECK(now_ms() - t0 < 10000);
	CHECK_EQ(pfd[0].revents, POLLIN);
	ut_reap(pid);
	close(p[0]);
	close(p[1]);
}

void test_poll_hup_err(void)
{
	int p[2];
	struct pollfd pfd;

	/* Writer gone: the reader sees POLLHUP even when it asked for nothing, and EOF. */
	CHECK_OK(pipe(p));
	CHECK_EQ(write(p[1], "z", 1), 1);
	close(p[1]);
	pfd = (struct pollfd){ p[0], 0, 0 };
	CHECK_EQ(raw_poll(&pfd, 1, 0), 1);
	CHECK_EQ(pfd.revents, POLLHUP);
	pfd.events = POLLIN;
	CHECK_EQ(raw_poll(&pfd, 1, 0), 1);
	CHECK_EQ(pfd.revents, POLLIN | POLLHUP);	/* data still there, and hung up */
	char c;
	CHECK_EQ(read(p[0], &c, 1), 1);
	CHECK_EQ(raw_poll(&pfd, 1, 0), 1);
	CHECK_EQ(pfd.revents, POLLHUP);
	CHECK_EQ(read(p[0], &c, 1), 0);
	close(p[0]);

	/* Reader gone: the writer sees POLLERR, asked for or not. */
	CHECK_OK(pipe(p));
	close(p[0]);
	pfd = (struct pollfd){ p[1], 0, 0 };
	CHECK_EQ(raw_poll(&pfd, 1, 0), 1);
	CHECK_EQ(pfd.revents, POLLERR);
	pfd.events = POLLOUT;
	CHECK_EQ(raw_poll(&pfd, 1, 0), 1);
	CHECK_EQ(pfd.revents, POLLOUT | POLLERR);
	close(p[1]);

	/* A blocked reader is woken by the last writer's close. */
	CHECK_OK(pipe(p));
	pid_t pid = ut_later(p[1], 50, 1);
	close(p[1]);
	pfd = (struct pollfd){ p[0], POLLIN, 0 };
	CHECK_EQ(raw_poll(&pfd, 1, 10000), 1);
	CHECK_EQ(pfd.revents, POLLHUP);
	ut_reap(pid);
	close(p[0]);
}

void test_poll_errors(void)
{
	struct rlimit rl;
	struct pollfd pfd = { 0, POLLIN, 0 };

	CHECK_OK(getrlimit(RLIMIT_NOFILE, &rl));
	if (rl.rlim_cur < 0x100000) {
		struct pollfd *many = calloc(rl.rlim_cur + 1, sizeof(*many));
		CHECK(many != NULL);
		for (unsigned long i = 0; i <= rl.rlim_cur; i++)
			many[i].fd = -1;
		CHECK_ERR(raw_poll(many, rl.rlim_cur + 1, 0), EINVAL);
		CHECK_EQ(raw_poll(many, rl.rlim_cur, 0), 0);	/* the limit itself is fine */
		free(many);
	}
	CHECK_ERR(raw_poll(BAD_LOW, 1, 0), EFAULT);
	CHECK_ERR(raw_poll(BAD_KERNEL, 1, 0), EFAULT);
	CHECK_EQ(raw_poll(NULL, 0, 0), 0);
	CHECK_EQ(raw_poll(&pfd, 0, 0), 0);
	/* ppoll's own errors live in ppoll_errors. */
}

void test_poll_timeout(void)
{
	int p[2];
	struct pollfd pfd;

	CHECK_OK(pipe(p));
	pfd = (struct pollfd){ p[0], POLLIN, 0 };

	long t0 = now_ms();
	CHECK_EQ(raw_poll(&pfd, 1, 0), 0);		/* 0: look and return */
	CHECK(now_ms() - t0 < SLACK_MS);

	t0 = now_ms();
	CHECK_EQ(raw_poll(&pfd, 1, 120), 0);
	long el = now_ms() - t0;
	if (el < 120 || el > 120 + SLACK_MS)
		ut_fail("poll(120ms) took %ld ms", el);

	t0 = now_ms();
	CHECK_EQ(raw_poll(NULL, 0, 80), 0);		/* poll as a sleep */
	el = now_ms() - t0;
	if (el < 80 || el > 80 + SLACK_MS)
		ut_fail("poll(NULL, 0, 80ms) took %ld ms", el);

	/* ppoll: a timespec, and the kernel writes back what is left (0 on timeout). */
	struct timespec ts = { 0, 150 * 1000000L };
	t0 = now_ms();
	CHECK_EQ(raw_ppoll(&pfd, 1, &ts, NULL, 8), 0);
	el = now_ms() - t0;
	if (el < 150 || el > 150 + SLACK_MS)
		ut_fail("ppoll(150ms) took %ld ms", el);
	CHECK_EQ(ts.tv_sec, 0);
	CHECK_EQ(ts.tv_nsec, 0);

	/* The 64-bit time calls (what a time64 libc uses) time out the same way. */
	struct { long long tv_sec, tv_nsec; } ts64 = { 0, 60 * 1000000LL };
	t0 = now_ms();
	CHECK_EQ(syscall(__NR_ppoll_time64, &pfd, 1, &ts64, NULL, 8), 0);
	CHECK(now_ms() - t0 >= 60);
	CHECK(ts64.tv_sec == 0 && ts64.tv_nsec == 0);
	fd_set r;
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	ts64.tv_nsec = 60 * 1000000LL;
	t0 = now_ms();
	CHECK_EQ(syscall(__NR_pselect6_time64, p[0] + 1, &r, NULL, NULL, &ts64, NULL), 0);
	CHECK(now_ms() - t0 >= 60);

	/* Woken early: the time left is what remains of the timeout. */
	pid_t pid = ut_later(p[1], 50, 0);
	ts = (struct timespec){ 20, 0 };
	CHECK_EQ(raw_ppoll(&pfd, 1, &ts, NULL, 8), 1);
	CHECK(ts.tv_sec < 20 && ts.tv_sec >= 20 - SLACK_MS / 1000 - 1);
	ut_reap(pid);
	close(p[0]);
	close(p[1]);
}

void test_poll_eintr(void)
{
	int p[2];
	struct pollfd pfd;

	CHECK_OK(pipe(p));
	pfd = (struct pollfd){ p[0], POLLIN, 0 };
	/* A handler interrupts poll: EINTR, with or without SA_RESTART (never restarted). */
	ut_catch(SIGALRM, 0);
	ut_sig_count = 0;
	ut_alarm_in_ms(50);
	CHECK_ERR(raw_poll(&pfd, 1, -1), EINTR);
	CHECK_EQ(ut_sig_count, 1);
	ut_catch(SIGALRM, SA_RESTART);
	ut_alarm_in_ms(50);
	CHECK_ERR(raw_poll(&pfd, 1, 20000), EINTR);
	CHECK_EQ(ut_sig_count, 2);

	struct timespec ts = { 20, 0 };
	ut_alarm_in_ms(50);
	CHECK_ERR(raw_ppoll(&pfd, 1, &ts, NULL, 8), EINTR);
	CHECK_EQ(ut_sig_count, 3);

	fd_set r;
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	ut_alarm_in_ms(50);
	CHECK_ERR(raw_select(p[0] + 1, &r, NULL, NULL, NULL), EINTR);
	CHECK_EQ(ut_sig_count, 4);

	FD_ZERO(&r);
	FD_SET(p[0], &r);
	ut_alarm_in_ms(50);
	CHECK_ERR(raw_pselect6(p[0] + 1, &r, NULL, NULL, NULL, NULL), EINTR);
	CHECK_EQ(ut_sig_count, 5);
	close(p[0]);
	close(p[1]);
}

/* Shared by ppoll_sigmask and pselect6_sigmask: wait(mask) must run under mask. */
static void check_sigmask_swap(int (*wait_with)(int fd, int timeout_ms, const sigset_t *mask))
{
	int p[2];
	sigset_t usr1, none, cur;

	CHECK_OK(pipe(p));
	ut_catch(SIGUSR1, 0);
	ut_catch(SIGALRM, 0);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigemptyset(&none);

	/* Blocked outside, pending; unblocked during the call: it interrupts it. */
	CHECK_OK(sigprocmask(SIG_BLOCK, &usr1, NULL));
	ut_sig_count = 0;
	CHECK_OK(kill(getpid(), SIGUSR1));
	CHECK_EQ(ut_sig_count, 0);
	errno = 0;
	CHECK_EQ(wait_with(p[0], -1, &none), -1);
	CHECK_EQ(errno, EINTR);
	CHECK_EQ(ut_sig_count, 1);
	CHECK_OK(sigprocmask(SIG_BLOCK, NULL, &cur));
	CHECK(sigismember(&cur, SIGUSR1));		/* the old mask is back */

	/* Unblocked outside, blocked during: it waits out the call, then is delivered. */
	sigset_t alrm;
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	ut_sig_count = 0;
	ut_alarm_in_ms(30);
	long t0 = now_ms();
	CHECK_EQ(wait_with(p[0], 200, &alrm), 0);
	CHECK(now_ms() - t0 >= 200);
	CHECK_EQ(ut_sig_count, 1);			/* delivered on the way out */
	CHECK_OK(sigprocmask(SIG_BLOCK, NULL, &cur));
	CHECK(!sigismember(&cur, SIGALRM));

	/* Nothing interrupts: the mask is restored all the same. */
	CHECK_EQ(write(p[1], "x", 1), 1);
	CHECK_EQ(wait_with(p[0], 1000, &none), 1);
	CHECK_OK(sigprocmask(SIG_BLOCK, NULL, &cur));
	CHECK(sigismember(&cur, SIGUSR1));
	close(p[0]);
	close(p[1]);
}

static int ppoll_wait(int fd, int ms, const sigset_t *mask)
{
	struct pollfd pfd = { fd, POLLIN, 0 };
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	return raw_ppoll(&pfd, 1, ms < 0 ? NULL : &ts, mask, 8);
}

static int pselect_wait(int fd, int ms, const sigset_t *mask)
{
	fd_set r;
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	struct sigset_argpack pack = { mask, 8 };

	FD_ZERO(&r);
	FD_SET(fd, &r);
	return raw_pselect6(fd + 1, &r, NULL, NULL, ms < 0 ? NULL : &ts, &pack);
}

void test_ppoll_sigmask(void)
{
	check_sigmask_swap(ppoll_wait);
}

void test_pselect6_sigmask(void)
{
	check_sigmask_swap(pselect_wait);
}

void test_ppoll_errors(void)
{
	int p[2];
	struct pollfd pfd;
	sigset_t none;
	struct timespec ts;

	CHECK_OK(pipe(p));
	pfd = (struct pollfd){ p[0], POLLIN, 0 };
	sigemptyset(&none);
	ts = (struct timespec){ 0, 0 };
	CHECK_ERR(raw_ppoll(&pfd, 1, &ts, &none, 4), EINVAL);	/* sigsetsize must be 8 */
	CHECK_ERR(raw_ppoll(&pfd, 1, &ts, &none, 16), EINVAL);
	CHECK_EQ(raw_ppoll(&pfd, 1, &ts, NULL, 4), 0);		/* no mask: size unchecked */
	ts = (struct timespec){ 0, 1000000000L };
	CHECK_ERR(raw_ppoll(&pfd, 1, &ts, NULL, 8), EINVAL);
	ts = (struct timespec){ 0, -1 };
	CHECK_ERR(raw_ppoll(&pfd, 1, &ts, NULL, 8), EINVAL);
	ts = (struct timespec){ -1, 0 };
	CHECK_ERR(raw_ppoll(&pfd, 1, &ts, NULL, 8), EINVAL);
	CHECK_ERR(raw_ppoll(&pfd, 1, BAD_LOW, NULL, 8), EFAULT);
	ts = (struct timespec){ 0, 0 };
	CHECK_ERR(raw_ppoll(&pfd, 1, &ts, BAD_LOW, 8), EFAULT);
	CHECK_ERR(raw_ppoll(BAD_LOW, 1, &ts, NULL, 8), EFAULT);
	close(p[0]);
	close(p[1]);
}

/* The tty: always writable; readable only with input (none is typed during tests). */
static int open_tty(void)
{
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_NONBLOCK);

	if (fd >= 0)
		return fd;
	if (isatty(0))
		return dup(0);
	ut_skip("no terminal");
}

void test_poll_tty(void)
{
	int fd = open_tty();
	struct pollfd pfd = { fd, POLLOUT, 0 };

	CHECK_EQ(raw_poll(&pfd, 1, 0), 1);
	CHECK(pfd.revents & POLLOUT);
	pfd.events = POLLIN;
	int r = raw_poll(&pfd, 1, 30);
	CHECK(r == 0 || (r == 1 && (pfd.revents & POLLIN)));

	fd_set w;
	struct timeval tv = { 0, 0 };
	FD_ZERO(&w);
	FD_SET(fd, &w);
	CHECK_EQ(raw_select(fd + 1, NULL, &w, NULL, &tv), 1);
	CHECK(FD_ISSET(fd, &w));
	close(fd);
}

void test_select_pipe(void)
{
	int p[2];
	fd_set r, w, e;
	struct timeval tv;

	CHECK_OK(pipe(p));
	int n = (p[0] > p[1] ? p[0] : p[1]) + 1;
	FD_ZERO(&r); FD_ZERO(&w); FD_ZERO(&e);
	FD_SET(p[0], &r); FD_SET(p[1], &w); FD_SET(p[0], &e); FD_SET(p[1], &e);
	tv = (struct timeval){ 0, 0 };
	CHECK_EQ(raw_select(n, &r, &w, &e, &tv), 1);	/* only the writer */
	CHECK(!FD_ISSET(p[0], &r));
	CHECK(FD_ISSET(p[1], &w));
	CHECK(!FD_ISSET(p[0], &e) && !FD_ISSET(p[1], &e));

	CHECK_EQ(write(p[1], "ab", 2), 2);
	FD_ZERO(&r); FD_ZERO(&w);
	FD_SET(p[0], &r); FD_SET(p[1], &w);
	FD_SET(p[0], &w);				/* a read end is never writable */
	CHECK_EQ(raw_select(n, &r, &w, NULL, &tv), 2);
	CHECK(FD_ISSET(p[0], &r) && FD_ISSET(p[1], &w) && !FD_ISSET(p[0], &w));

	/* One fd in two sets counts twice, as Linux. */
	FD_ZERO(&r); FD_ZERO(&w);
	FD_SET(p[0], &r); FD_SET(p[1], &w); FD_SET(p[1], &r);
	CHECK_EQ(raw_select(n, &r, &w, NULL, &tv), 2);
	CHECK(!FD_ISSET(p[1], &r));
	char buf[4];
	CHECK_EQ(read(p[0], buf, sizeof buf), 2);

	/* Blocked with no timeout, woken by another process. */
	pid_t pid = ut_later(p[1], 50, 0);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	CHECK_EQ(raw_select(n, &r, NULL, NULL, NULL), 1);
	CHECK(FD_ISSET(p[0], &r));
	ut_reap(pid);
	CHECK_EQ(read(p[0], buf, sizeof buf), 1);

	/* EOF is readable; a writer without readers is writable (the write fails). */
	close(p[1]);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	CHECK_EQ(raw_select(n, &r, NULL, NULL, &tv), 1);
	close(p[0]);
	CHECK_OK(pipe(p));
	close(p[0]);
	FD_ZERO(&w);
	FD_SET(p[1], &w);
	CHECK_EQ(raw_select(p[1] + 1, NULL, &w, NULL, &tv), 1);
	close(p[1]);

	/* The libc wrapper over the same call. */
	CHECK_OK(pipe(p));
	FD_ZERO(&w);
	FD_SET(p[1], &w);
	tv = (struct timeval){ 0, 0 };
	CHECK_EQ(select(p[1] + 1, NULL, &w, NULL, &tv), 1);
	close(p[0]);
	close(p[1]);
}

void test_select_errors(void)
{
	int p[2], dead[2];
	fd_set r;
	struct timeval tv = { 0, 0 };

	CHECK_OK(pipe(p));
	CHECK_OK(pipe(dead));
	close(dead[0]);
	close(dead[1]);
	FD_ZERO(&r);
	CHECK_ERR(raw_select(-1, &r, NULL, NULL, &tv), EINVAL);
	FD_SET(dead[1], &r);				/* a closed fd in a set */
	CHECK_ERR(raw_select(dead[1] + 1, &r, NULL, NULL, &tv), EBADF);
	FD_ZERO(&r);
	FD_SET(dead[1], &r);
	CHECK_ERR(raw_select(dead[1] + 1, NULL, NULL, &r, &tv), EBADF);
	/* ...but bits at or above nfds are not looked at (fds come lowest first). */
	CHECK(dead[1] > p[1]);
	CHECK_EQ(raw_select(p[1] + 1, &r, NULL, NULL, &tv), 0);
	CHECK_ERR(raw_select(p[1] + 1, BAD_LOW, NULL, NULL, &tv), EFAULT);
	CHECK_ERR(raw_select(p[1] + 1, NULL, BAD_KERNEL, NULL, &tv), EFAULT);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	CHECK_ERR(raw_select(p[1] + 1, &r, NULL, NULL, BAD_LOW), EFAULT);
	tv = (struct timeval){ -1, 0 };
	CHECK_ERR(raw_select(p[1] + 1, &r, NULL, NULL, &tv), EINVAL);
	/* pselect6: a bad timespec, a bad argpack, a bad mask size. */
	struct timespec ts = { 0, 1000000000L };
	CHECK_ERR(raw_pselect6(p[1] + 1, &r, NULL, NULL, &ts, NULL), EINVAL);
	ts = (struct timespec){ 0, 0 };
	CHECK_ERR(raw_pselect6(p[1] + 1, &r, NULL, NULL, &ts, BAD_LOW), EFAULT);
	sigset_t none;
	sigemptyset(&none);
	struct sigset_argpack pack = { &none, 4 };
	CHECK_ERR(raw_pselect6(p[1] + 1, &r, NULL, NULL, &ts, &pack), EINVAL);
	pack = (struct sigset_argpack){ NULL, 4 };		/* no mask: size unchecked */
	CHECK_EQ(raw_pselect6(p[1] + 1, &r, NULL, NULL, &ts, &pack), 0);
	close(p[0]);
	close(p[1]);
}

void test_select_timeout(void)
{
	int p[2];
	fd_set r;
	struct timeval tv;

	CHECK_OK(pipe(p));
	/* select as a sleep: at least the time asked, and tv comes back 0. */
	tv = (struct timeval){ 0, 120000 };
	long t0 = now_ms();
	CHECK_EQ(raw_select(0, NULL, NULL, NULL, &tv), 0);
	long el = now_ms() - t0;
	if (el < 120 || el > 120 + SLACK_MS)
		ut_fail("select(120ms) took %ld ms", el);
	CHECK_EQ(tv.tv_sec, 0);
	CHECK_EQ(tv.tv_usec, 0);

	/* tv_usec of a second or more folds into seconds, as Linux. */
	tv = (struct timeval){ 0, 1100000 };
	pid_t pid = ut_later(p[1], 0, 0);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	CHECK_EQ(raw_select(p[0] + 1, &r, NULL, NULL, &tv), 1);
	ut_reap(pid);

	/* Woken early: tv is what is left. */
	char c;
	CHECK_EQ(read(p[0], &c, 1), 1);
	pid = ut_later(p[1], 50, 0);
	tv = (struct timeval){ 20, 0 };
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	CHECK_EQ(raw_select(p[0] + 1, &r, NULL, NULL, &tv), 1);
	CHECK(tv.tv_sec < 20 && tv.tv_sec >= 20 - SLACK_MS / 1000 - 1);
	ut_reap(pid);

	/* pselect6 times out the same way, writing its timespec back. */
	struct timespec ts = { 0, 100 * 1000000L };
	CHECK_EQ(read(p[0], &c, 1), 1);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	t0 = now_ms();
	CHECK_EQ(raw_pselect6(p[0] + 1, &r, NULL, NULL, &ts, NULL), 0);
	CHECK(now_ms() - t0 >= 100);
	CHECK(!FD_ISSET(p[0], &r));
	CHECK_EQ(ts.tv_sec, 0);
	CHECK_EQ(ts.tv_nsec, 0);
	close(p[0]);
	close(p[1]);
}
