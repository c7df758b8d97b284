/*
 * t_fdevents.c: the descriptors an event loop waits on, and sendfile.
 * eventfd (counter, EFD_SEMAPHORE, overflow rules, short buffers),
 * timerfd (clocks, relative and TFD_TIMER_ABSTIME, periodic ticks as a
 * u64, gettime, re-arming), signalfd (blocked signals read as 128-byte
 * records, mask changes), each with poll/epoll readiness and a wake-up of
 * a reader proven blocked first; sendfile/sendfile64 to sockets and pipes
 * with and without an offset, and their errnos. Linux semantics: these
 * pass on the host (make user-host-check) too.
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
#include <sys/wait.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/signalfd.h>
#include <sys/sendfile.h>
#include <netinet/in.h>
#include "ut.h"

static short poll1(int fd, short events, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = events };

	CHECK_OK(poll(&p, 1, timeout_ms));
	return p.revents;
}

/* The child's exit status must be 0 (it checks its own part and exits 1 on failure). */
static void reap_ok(pid_t pid)
{
	int status;

	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status));
	CHECK_EQ(WEXITSTATUS(status), 0);
}

/* ---- eventfd ---- */

void test_eventfd(void)
{
	uint64_t v;
	char small[4];

	CHECK_ERR(eventfd(0, 0x10), EINVAL);
	int fd = CHECK_OK(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
	CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK(fcntl(fd, F_GETFL) & O_NONBLOCK);
	CHECK_ERR(read(fd, &v, sizeof v), EAGAIN);
	CHECK_EQ(poll1(fd, POLLIN | POLLOUT, 0), POLLOUT);

	v = 3;
	CHECK_EQ(write(fd, &v, sizeof v), 8);
	v = 4;
	CHECK_EQ(write(fd, &v, sizeof v), 8);
	CHECK_EQ(poll1(fd, POLLIN | POLLOUT, 0), POLLIN | POLLOUT);
	CHECK_ERR(read(fd, small, sizeof small), EINVAL);	/* fewer than 8 bytes */
	CHECK_ERR(write(fd, small, sizeof small), EINVAL);
	CHECK_EQ(read(fd, &v, sizeof v), 8);
	CHECK_EQ(v, 7);						/* the sum, and reset */
	CHECK_ERR(read(fd, &v, sizeof v), EAGAIN);

	/* The counter holds at most 2^64 - 2; 2^64 - 1 is never a valid write. */
	v = ~0ULL;
	CHECK_ERR(write(fd, &v, sizeof v), EINVAL);
	v = ~0ULL - 1;
	CHECK_EQ(write(fd, &v, sizeof v), 8);
	CHECK_EQ(poll1(fd, POLLIN | POLLOUT, 0), POLLIN);	/* full: not writable */
	v = 1;
	CHECK_ERR(write(fd, &v, sizeof v), EAGAIN);
	v = 0;
	CHECK_EQ(write(fd, &v, sizeof v), 8);			/* adding 0 always fits */
	CHECK_EQ(read(fd, &v, sizeof v), 8);
	CHECK_EQ(v, ~0ULL - 1);
	CHECK_ERR(read(fd, BAD_LOW, 8), EAGAIN);		/* nothing to copy yet */
	CHECK_OK(eventfd_write(fd, 1));
	CHECK_ERR(read(fd, BAD_LOW, 8), EFAULT);
	close(fd);

	/* The initial value counts like a write. */
	fd = CHECK_OK(eventfd(42, 0));
	CHECK_EQ(fcntl(fd, F_GETFD), 0);
	CHECK_OK(eventfd_read(fd, &v));
	CHECK_EQ(v, 42);
	close(fd);
}

void test_eventfd_semaphore(void)
{
	uint64_t v;
	int fd = CHECK_OK(eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK));

	CHECK_OK(eventfd_write(fd, 1));
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(read(fd, &v, sizeof v), 8);
		CHECK_EQ(v, 1);					/* one at a time */
	}
	CHECK_ERR(read(fd, &v, sizeof v), EAGAIN);
	close(fd);
}

/* A reader blocks on 0 and is woken by a write from another process; a full counter blocks a writer. */
void test_eventfd_wakeup(void)
{
	uint64_t v;
	int fd = CHECK_OK(eventfd(0, 0));
	pid_t pid = CHECK_OK(fork());

	if (pid == 0) {
		if (read(fd, &v, sizeof v) != 8 || v != 5)
			_exit(1);
		/* Now fill it and block writing until the parent drains. */
		v = ~0ULL - 1;
		if (write(fd, &v, sizeof v) != 8)
			_exit(2);
		v = 1;
		if (write(fd, &v, sizeof v) != 8)
			_exit(3);
		_exit(0);
	}
	ut_wait_asleep(pid);
	CHECK_OK(eventfd_write(fd, 5));
	/* Asleep again: in its second write, which only our read can let through. */
	ut_wait_asleep(pid);
	CHECK_EQ(poll1(fd, POLLIN | POLLOUT, 0), POLLIN);
	CHECK_OK(eventfd_read(fd, &v));
	CHECK(v == ~0ULL - 1);
	reap_ok(pid);
	CHECK_OK(eventfd_read(fd, &v));
	CHECK_EQ(v, 1);
	close(fd);
}

/* poll and epoll both report it; a blocked epoll_wait is woken by the write. */
void test_eventfd_epoll(void)
{
	int fd = CHECK_OK(eventfd(0, EFD_NONBLOCK));
	int ep = CHECK_OK(epoll_create1(0));
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = 7 }, out;

	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
	CHECK_EQ(epoll_wait(ep, &out, 1, 0), 0);
	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		struct epoll_event o;
		if (epoll_wait(ep, &o, 1, 10000) != 1 || o.data.u32 != 7 || !(o.events & EPOLLIN))
			_exit(1);
		_exit(0);
	}
	ut_wait_asleep(pid);
	CHECK_OK(eventfd_write(fd, 1));
	reap_ok(pid);
	close(ep);
	close(fd);
}

/* ---- timerfd ---- */

static struct itimerspec its(long vs, long vns, long is, long ins)
{
	struct itimerspec t = { .it_interval = { is, ins }, .it_value = { vs, vns } };
	return t;
}

void test_timerfd_errors(void)
{
	struct itimerspec t = its(1, 0, 0, 0), cur;
	int p[2];

	CHECK_ERR(timerfd_create(99, 0), EINVAL);
	CHECK_ERR(timerfd_create(CLOCK_MONOTONIC, 0x4), EINVAL);
	int fd = CHECK_OK(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC));
	CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK(fcntl(fd, F_GETFL) & O_NONBLOCK);

	CHECK_OK(pipe(p));
	CHECK_ERR(timerfd_settime(p[0], 0, &t, NULL), EINVAL);	/* not a timerfd */
	CHECK_ERR(timerfd_gettime(p[0], &cur), EINVAL);
	close(p[0]);
	CHECK_ERR(timerfd_settime(p[0], 0, &t, NULL), EBADF);
	CHECK_ERR(timerfd_gettime(p[0], &cur), EBADF);
	close(p[1]);
	CHECK_ERR(timerfd_settime(fd, 0x100, &t, NULL), EINVAL);
	t = its(0, 1000000000L, 0, 0);
	CHECK_ERR(timerfd_settime(fd, 0, &t, NULL), EINVAL);	/* tv_nsec out of range */
	t = its(-1, 0, 0, 0);
	CHECK_ERR(timerfd_settime(fd, 0, &t, NULL), EINVAL);
	CHECK_ERR(timerfd_settime(fd, 0, BAD_KERNEL, NULL), EFAULT);
	CHECK_ERR(timerfd_gettime(fd, BAD_KERNEL), EFAULT);

	/* Disarmed: gettime says zero, nothing to read. */
	CHECK_OK(timerfd_gettime(fd, &cur));
	CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);
	uint64_t n;
	CHECK_ERR(read(fd, &n, sizeof n), EAGAIN);
	close(fd);
}

void test_timerfd_oneshot(void)
{
	int fd = CHECK_OK(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK));
	struct itimerspec t = its(0, 50000000L, 0, 0), cur, old;
	uint64_t n;
	char small[4];

	long long t0 = ut_now_ms();
	CHECK_OK(timerfd_settime(fd, 0, &t, NULL));
	CHECK_OK(timerfd_gettime(fd, &cur));
	CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0 &&
	      cur.it_value.tv_nsec <= 50000000L);
	CHECK_ERR(read(fd, &n, sizeof n), EAGAIN);
	CHECK_EQ(poll1(fd, POLLIN, 5000), POLLIN);
	CHECK(ut_now_ms() - t0 >= 45);				/* not before its time */
	CHECK_ERR(read(fd, small, sizeof small), EINVAL);	/* a u64 or nothing */
	CHECK_EQ(read(fd, &n, sizeof n), 8);
	CHECK_EQ(n, 1);
	CHECK_ERR(read(fd, &n, sizeof n), EAGAIN);		/* read resets the count */
	CHECK_EQ(poll1(fd, POLLIN, 0), 0);
	CHECK_OK(timerfd_gettime(fd, &cur));			/* one-shot: disarmed now */
	CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);

	/* settime hands back the previous setting. */
	t = its(100, 0, 5, 0);
	CHECK_OK(timerfd_settime(fd, 0, &t, NULL));
	t = its(0, 0, 0, 0);
	CHECK_OK(timerfd_settime(fd, 0, &t, &old));
	CHECK(old.it_value.tv_sec >= 99 && old.it_value.tv_sec <= 100);
	CHECK_EQ(old.it_interval.tv_sec, 5);
	CHECK_OK(timerfd_gettime(fd, &cur));
	CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);
	close(fd);
}

void test_timerfd_periodic(void)
{
	int fd = CHECK_OK(timerfd_create(CLOCK_MONOTONIC, 0));
	struct itimerspec t = its(0, 10000000L, 0, 10000000L), cur;
	uint64_t n, total = 0;

	long long t0 = ut_now_ms();
	CHECK_OK(timerfd_settime(fd, 0, &t, NULL));
	while (total < 5) {
		CHECK_EQ(read(fd, &n, sizeof n), 8);		/* blocks until a tick */
		CHECK(n >= 1);
		total += n;
	}
	CHECK(ut_now_ms() - t0 >= 45);
	CHECK_OK(timerfd_gettime(fd, &cur));
	CHECK_EQ(cur.it_interval.tv_nsec, 10000000L);
	CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0);

	/* Ticks missed while nobody reads are all counted, in one read. */
	struct timespec d = { 0, 100000000L };
	nanosleep(&d, NULL);
	CHECK_EQ(read(fd, &n, sizeof n), 8);
	CHECK(n >= 8);
	close(fd);
}

void test_timerfd_abstime(void)
{
	struct timespec now;
	uint64_t n;

	/* CLOCK_REALTIME, absolute 60 ms from now. */
	int fd = CHECK_OK(timerfd_create(CLOCK_REALTIME, 0));
	CHECK_OK(clock_gettime(CLOCK_REALTIME, &now));
	struct itimerspec t = its(now.tv_sec, now.tv_nsec + 60000000L, 0, 0);
	if (t.it_value.tv_nsec >= 1000000000L) {
		t.it_value.tv_sec++;
		t.it_value.tv_nsec -= 1000000000L;
	}
	long long t0 = ut_now_ms();
	CHECK_OK(timerfd_settime(fd, TFD_TIMER_ABSTIME, &t, NULL));
	CHECK_EQ(read(fd, &n, sizeof n), 8);
	CHECK_EQ(n, 1);
	CHECK(ut_now_ms() - t0 >= 40);
	close(fd);

	/* CLOCK_MONOTONIC, an absolute time already past: expired at once. */
	fd = CHECK_OK(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK));
	CHECK_OK(clock_gettime(CLOCK_MONOTONIC, &now));
	t = its(now.tv_sec > 0 ? now.tv_sec - 1 : 0, 1, 0, 0);
	CHECK_OK(timerfd_settime(fd, TFD_TIMER_ABSTIME, &t, NULL));
	CHECK_EQ(poll1(fd, POLLIN, 1000), POLLIN);
	CHECK_EQ(read(fd, &n, sizeof n), 8);
	CHECK_EQ(n, 1);
	close(fd);
}

/* A reader blocked on a far-off timer is woken when another process re-arms it to expire now. */
void test_timerfd_wakeup(void)
{
	int fd = CHECK_OK(timerfd_create(CLOCK_MONOTONIC, 0));
	struct itimerspec t = its(60, 0, 0, 0);

	CHECK_OK(timerfd_settime(fd, 0, &t, NULL));
	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		uint64_t n;
		if (read(fd, &n, sizeof n) != 8 || n != 1)
			_exit(1);
		_exit(0);
	}
	ut_wait_asleep(pid);
	t = its(0, 1000000L, 0, 0);
	CHECK_OK(timerfd_settime(fd, 0, &t, NULL));
	reap_ok(pid);
	close(fd);
}

void test_timerfd_epoll(void)
{
	int fd = CHECK_OK(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK));
	int ep = CHECK_OK(epoll_create1(0));
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd }, out;
	struct itimerspec t = its(0, 20000000L, 0, 0);
	uint64_t n;

	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
	CHECK_EQ(epoll_wait(ep, &out, 1, 0), 0);
	CHECK_OK(timerfd_settime(fd, 0, &t, NULL));
	CHECK_EQ(epoll_wait(ep, &out, 1, 5000), 1);
	CHECK_EQ(out.data.fd, fd);
	CHECK_EQ(read(fd, &n, sizeof n), 8);
	CHECK_EQ(epoll_wait(ep, &out, 1, 0), 0);		/* level: gone once read */
	close(ep);
	close(fd);
}

/* ---- signalfd ---- */

static void block(int sig, sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, sig);
	CHECK_OK(sigprocmask(SIG_BLOCK, set, NULL));
}

void test_signalfd(void)
{
	sigset_t set, pend;
	struct signalfd_siginfo si;
	int p[2];

	CHECK_EQ(sizeof(struct signalfd_siginfo), 128);
	block(SIGUSR1, &set);
	CHECK_ERR(syscall(__NR_signalfd4, -1, &set, 4, 0), EINVAL);	/* sizemask must be 8 */
	CHECK_ERR(signalfd(-1, &set, 0x1), EINVAL);
	CHECK_ERR(signalfd(-1, BAD_KERNEL, 0), EFAULT);
	CHECK_OK(pipe(p));
	CHECK_ERR(signalfd(p[0], &set, 0), EINVAL);			/* not a signalfd */
	close(p[0]);
	close(p[1]);
	CHECK_ERR(signalfd(p[0], &set, 0), EBADF);

	int fd = CHECK_OK(signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC));
	CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK_ERR(read(fd, &si, sizeof si), EAGAIN);
	CHECK_EQ(poll1(fd, POLLIN, 0), 0);
	CHECK_OK(kill(getpid(), SIGUSR1));
	CHECK_EQ(poll1(fd, POLLIN, 0), POLLIN);
	CHECK_ERR(read(fd, &si, sizeof si - 1), EINVAL);
	CHECK_EQ(read(fd, &si, sizeof si), sizeof si);
	CHECK_EQ(si.ssi_signo, SIGUSR1);
	CHECK_EQ(si.ssi_code, SI_USER);					/* kill(): the sender is named */
	CHECK_EQ(si.ssi_pid, getpid());
	CHECK_EQ(si.ssi_uid, getuid());
	CHECK_OK(sigpending(&pend));
	CHECK(!sigismember(&pend, SIGUSR1));				/* taken, not delivered */
	CHECK_ERR(read(fd, &si, sizeof si), EAGAIN);

	/* A new mask for the same fd; two signals in one read. */
	block(SIGUSR2, &set);
	sigaddset(&set, SIGUSR1);
	CHECK_EQ(signalfd(fd, &set, 0), fd);
	CHECK_OK(kill(getpid(), SIGUSR2));
	CHECK_OK(kill(getpid(), SIGUSR1));
	struct signalfd_siginfo two[3];
	CHECK_EQ(read(fd, two, sizeof two), 2 * sizeof si);
	CHECK_EQ(two[0].ssi_signo, SIGUSR1);				/* lowest first */
	CHECK_EQ(two[1].ssi_signo, SIGUSR2);
	close(fd);
}

/* A reader blocked on its signalfd is woken by kill from another process; poll sees it too. */
void test_signalfd_wakeup(void)
{
	sigset_t set;

	block(SIGUSR2, &set);		/* inherited by the child */
	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		struct signalfd_siginfo si;
		int fd = signalfd(-1, &set, 0);
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (fd < 0)
			_exit(1);
		if (poll(&p, 1, 10000) != 1 || p.revents != POLLIN)
			_exit(2);
		if (read(fd, &si, sizeof si) != sizeof si || si.ssi_signo != SIGUSR2)
			_exit(3);
		_exit(0);
	}
	ut_wait_asleep(pid);
	CHECK_OK(kill(pid, SIGUSR2));
	reap_ok(pid);
}

/* ---- sendfile ---- */

static int make_file(const char *name, int len)
{
	int fd = CHECK_OK(open(name, O_RDWR | O_CREAT | O_TRUNC, 0644));
	char buf[1000];

	for (int off = 0; off < len; off += sizeof buf) {
		int n = len - off < (int)sizeof buf ? len - off : (int)sizeof buf;
		for (int i = 0; i < n; i++)
			buf[i] = (char)((off + i) * 7 + 3);
		CHECK_EQ(write(fd, buf, n), n);
	}
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

/* Read exactly n bytes and check they are the file's bytes from off. */
static void expect_bytes(int fd, int off, int n)
{
	char buf[1000];

	while (n > 0) {
		int want = n < (int)sizeof buf ? n : (int)sizeof buf;
		int got = CHECK_OK(read(fd, buf, want));
		CHECK(got > 0);
		for (int i = 0; i < got; i++)
			if (buf[i] != (char)((off + i) * 7 + 3))
				ut_fail("byte %d differs", off + i);
		off += got;
		n -= got;
	}
}

void test_sendfile(void)
{
	int fd = make_file("sf.dat", 10000);
	int sv[2], p[2];
	off_t off = 100;
	long long off64;

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	/* With an offset: read from there, offset advanced, file position untouched. */
	CHECK_EQ(sendfile(sv[0], fd, &off, 5000), 5000);
	CHECK_EQ(off, 5100);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 0);
	expect_bytes(sv[1], 100, 5000);
	/* Without: the file position is used and advanced; a short count at the end, then 0. */
	CHECK_EQ(lseek(fd, 9000, SEEK_SET), 9000);
	CHECK_EQ(sendfile(sv[0], fd, NULL, 5000), 1000);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 10000);
	expect_bytes(sv[1], 9000, 1000);
	CHECK_EQ(sendfile(sv[0], fd, NULL, 5000), 0);
	off64 = 9990;
	CHECK_EQ(sendfile64(sv[0], fd, &off64, 100), 10);
	CHECK_EQ(off64, 10000);
	expect_bytes(sv[1], 9990, 10);

	/* Into a pipe. */
	CHECK_OK(pipe(p));
	off = 0;
	CHECK_EQ(sendfile(p[1], fd, &off, 3000), 3000);
	expect_bytes(p[0], 0, 3000);
	CHECK_EQ(sendfile(p[1], fd, &off, 0), 0);

	/* errnos, in Linux's order */
	CHECK_ERR(sendfile(sv[0], 999, NULL, 10), EBADF);
	CHECK_ERR(sendfile(999, fd, NULL, 10), EBADF);
	int wo = CHECK_OK(open("sf.dat", O_WRONLY));
	CHECK_ERR(sendfile(sv[0], wo, NULL, 10), EBADF);		/* in not readable */
	int ro = CHECK_OK(open("sf.dat", O_RDONLY));
	CHECK_ERR(sendfile(ro, fd, NULL, 10), EBADF);		/* out not writable */
	off = 0;
	CHECK_ERR(sendfile(sv[0], p[0], &off, 10), ESPIPE);	/* offset on a pipe */
	off = -1;
	CHECK_ERR(sendfile(sv[0], fd, &off, 10), EINVAL);
	off = 0x7fffffff;					/* the last 32-bit offset */
	CHECK_ERR(sendfile(sv[0], fd, &off, 10), EOVERFLOW);
	int ap = CHECK_OK(open("sf.out", O_WRONLY | O_CREAT | O_APPEND, 0644));
	CHECK_ERR(sendfile(ap, fd, NULL, 10), EINVAL);		/* O_APPEND out */
	CHECK_ERR(sendfile(sv[0], fd, BAD_KERNEL, 10), EFAULT);
	close(ap);
	close(ro);
	close(wo);
	close(p[0]);
	close(p[1]);
	close(sv[0]);
	close(sv[1]);
	close(fd);
	unlink("sf.out");
	unlink("sf.dat");
}

/* Over TCP on lo: more than the socket buffer, so the sender blocks and is woken by the reader. */
void test_sendfile_tcp(void)
{
	const int len = 300000;
	int fd = make_file("sf.big", len);
	int c, s;

	ut_tcp_pair(&c, &s);
	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		close(s);
		off_t off = 0;
		long sent = 0;
		while (sent < len) {
			long n = sendfile(c, fd, &off, len - sent);
			if (n <= 0)
				_exit(1);
			sent += n;
		}
		_exit(off == len ? 0 : 2);
	}
	close(c);
	expect_bytes(s, 0, len);
	reap_ok(pid);
	close(s);
	close(fd);
	unlink("sf.big");
}

/* getrandom's flags: unknown bits, and GRND_INSECURE with GRND_RANDOM, are EINVAL. */
void test_getrandom_flags(void)
{
	char b[8];

	CHECK_ERR(getrandom(b, sizeof b, 0x8), EINVAL);
	CHECK_ERR(getrandom(b, sizeof b, GRND_INSECURE | GRND_RANDOM), EINVAL);
	CHECK_EQ(getrandom(b, sizeof b, GRND_INSECURE), sizeof b);
}
