/*
 * t_pipe.c: pipes and terminals: pipe/pipe2, end-of-file when writers
 * close, EPIPE and SIGPIPE when readers close, O_NONBLOCK and EAGAIN,
 * poll readiness and timeouts, and ioctl(TCGETS) on a tty vs a pipe.
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
#include <termios.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include "ut.h"

void test_pipe(void)
{
	int p[2];
	char buf[16];

	CHECK_OK(pipe(p));
	CHECK(p[0] >= 0 && p[1] >= 0 && p[0] != p[1]);
	CHECK_EQ(write(p[1], "abc", 3), 3);
	CHECK_EQ(read(p[0], buf, sizeof buf), 3);	/* returns what is there */
	CHECK(!memcmp(buf, "abc", 3));
	CHECK_ERR(write(p[0], "x", 1), EBADF);		/* ends are one-way */
	CHECK_ERR(read(p[1], buf, 1), EBADF);

	/* data crosses a fork, in order */
	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		close(p[0]);
		for (int i = 0; i < 100; i++) {
			char c = (char)i;
			if (write(p[1], &c, 1) != 1)
				_exit(1);
		}
		_exit(0);
	}
	close(p[1]);
	for (int i = 0; i < 100; i++) {
		char c;
		CHECK_EQ(read(p[0], &c, 1), 1);
		CHECK_EQ(c, (char)i);
	}
	CHECK_EQ(read(p[0], buf, 1), 0);
	int status;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(p[0]);
}

void test_pipe2(void)
{
	int p[2];

	CHECK_OK(pipe2(p, O_CLOEXEC | O_NONBLOCK));
	CHECK_EQ(fcntl(p[0], F_GETFD), FD_CLOEXEC);
	CHECK_EQ(fcntl(p[1], F_GETFD), FD_CLOEXEC);
	CHECK(fcntl(p[0], F_GETFL) & O_NONBLOCK);
	CHECK(fcntl(p[1], F_GETFL) & O_NONBLOCK);
	close(p[0]);
	close(p[1]);
	CHECK_ERR(pipe2(p, 0x40000000), EINVAL);
	CHECK_ERR(pipe2(BAD_KERNEL, 0), EFAULT);
	CHECK_OK(pipe2(p, 0));
	CHECK_EQ(fcntl(p[0], F_GETFD), 0);
	close(p[0]);
	close(p[1]);
}

/* Writers gone: read returns 0 once the buffer is drained, even big transfers. */
void test_pipe_eof(void)
{
	int p[2];
	static char buf[65536];
	long total = 0;
	ssize_t n;

	CHECK_OK(pipe(p));
	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		close(p[0]);
		memset(buf, 'z', sizeof buf);
		for (int i = 0; i < 4; i++)		/* 256 KiB: many times the pipe size */
			if (write(p[1], buf, sizeof buf) != (ssize_t)sizeof buf)
				_exit(1);
		_exit(0);
	}
	close(p[1]);
	while ((n = CHECK_OK(read(p[0], buf, sizeof buf))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			CHECK_EQ(buf[i], 'z');
		total += n;
	}
	CHECK_EQ(total, 4 * (long)sizeof buf);
	int status;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EQ(status, 0);
	close(p[0]);
}

void test_pipe_nonblock(void)
{
	int p[2];
	char buf[4096];
	long filled = 0;

	CHECK_OK(pipe(p));
	CHECK_OK(fcntl(p[0], F_SETFL, O_NONBLOCK));
	CHECK_ERR(read(p[0], buf, 1), EAGAIN);		/* empty, writer open */
	CHECK_OK(fcntl(p[1], F_SETFL, O_NONBLOCK));
	memset(buf, 'q', sizeof buf);
	for (;;) {
		ssize_t n = write(p[1], buf, sizeof buf);
		if (n < 0) {
			CHECK_EQ(errno, EAGAIN);
			break;
		}
		filled += n;
		CHECK(filled < 16 * 1024 * 1024);
	}
	CHECK(filled >= 4096);				/* POSIX: at least PIPE_BUF */
	/* a PIPE_BUF-sized write is atomic: it must not go in partially */
	CHECK_EQ(read(p[0], buf, 100), 100);
	CHECK_ERR(write(p[1], buf, 4096), EAGAIN);
	close(p[1]);
	long drained = 100;
	ssize_t n;
	while ((n = read(p[0], buf, sizeof buf)) > 0)
		drained += n;
	CHECK_EQ(n, 0);					/* EOF, not EAGAIN, once writers are gone */
	CHECK_EQ(drained, filled);
	close(p[0]);
}

void test_sigpipe(void)
{
	int p[2], status;

	/* default action: the writer dies of SIGPIPE. The read end is closed
	 * before the fork: had we closed ours after it, a child scheduled
	 * first would write while we still held a reader, and live. */
	CHECK_OK(pipe(p));
	close(p[0]);
	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		write(p[1], "x", 1);
		_exit(0);
	}
	close(p[1]);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFSIGNALED(status));
	CHECK_EQ(WTERMSIG(status), SIGPIPE);

	/* ignored: write fails with EPIPE instead */
	signal(SIGPIPE, SIG_IGN);
	CHECK_OK(pipe(p));
	close(p[0]);
	CHECK_ERR(write(p[1], "x", 1), EPIPE);
	close(p[1]);
	signal(SIGPIPE, SIG_DFL);
}

void test_poll(void)
{
	int p[2];
	struct pollfd fds[2];
	struct timespec t0, t1;

	CHECK_OK(pipe(p));
	fds[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	CHECK_EQ(poll(fds, 2, 0), 1);			/* only the write end is ready */
	CHECK_EQ(fds[0].revents, 0);
	CHECK_EQ(fds[1].revents, POLLOUT);

	/* a timeout that expires: about 100 ms */
	CHECK_OK(clock_gettime(CLOCK_MONOTONIC, &t0));
	CHECK_EQ(poll(fds, 1, 100), 0);
	CHECK_OK(clock_gettime(CLOCK_MONOTONIC, &t1));
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	CHECK(ms >= 90);
	CHECK(ms < 5000);

	/* data makes the read end readable; a child writes while we block */
	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		write(p[1], "d", 1);
		_exit(0);
	}
	CHECK_EQ(poll(fds, 1, 10000), 1);
	CHECK(fds[0].revents & POLLIN);
	waitpid(pid, NULL, 0);
	char c;
	CHECK_EQ(read(p[0], &c, 1), 1);

	/* writer closed: POLLHUP on the read end */
	close(p[1]);
	CHECK_EQ(poll(fds, 1, 0), 1);
	CHECK(fds[0].revents & POLLHUP);

	/* reader closed: POLLERR on the write end */
	int q[2];
	CHECK_OK(pipe(q));
	close(q[0]);
	fds[1] = (struct pollfd){ .fd = q[1], .events = POLLOUT };
	CHECK_EQ(poll(&fds[1], 1, 0), 1);
	CHECK(fds[1].revents & POLLERR);
	close(q[1]);

	/* a closed descriptor reports POLLNVAL; a negative one is ignored */
	fds[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	close(p[0]);
	CHECK_EQ(poll(fds, 1, 0), 1);
	CHECK_EQ(fds[0].revents, POLLNVAL);
	fds[0].fd = -1;
	CHECK_EQ(poll(fds, 1, 0), 0);
	CHECK_EQ(fds[0].revents, 0);
	CHECK_ERR(poll(BAD_KERNEL, 1, 0), EFAULT);
	CHECK_ERR(poll(fds, 0x7fffffff, 0), EINVAL);
}

void test_ioctl_tty(void)
{
	struct termios t;
	int p[2];

	CHECK_OK(pipe(p));
	CHECK_ERR(ioctl(p[0], TCGETS, &t), ENOTTY);
	CHECK(!isatty(p[0]));
	CHECK_EQ(errno, ENOTTY);
	close(p[0]);
	close(p[1]);
	int fd = CHECK_OK(open("f", O_CREAT | O_RDWR, 0644));
	CHECK_ERR(ioctl(fd, TCGETS, &t), ENOTTY);
	close(fd);
	CHECK_ERR(ioctl(99, TCGETS, &t), EBADF);

	/* A real terminal: the console on Sockeye; on a host, only if we have one. */
	int tty = open("/dev/tty", O_RDWR | O_NOCTTY);
	if (tty < 0)
		tty = open("/dev/console", O_RDWR | O_NOCTTY);
	if (tty < 0 || !isatty(tty)) {
		if (ut_on_sockeye)
			ut_fail("no terminal: /dev/tty and /dev/console unusable");
		ut_skip("no terminal to test TCGETS on");
	}
	CHECK_OK(ioctl(tty, TCGETS, &t));
	struct termios t2 = t;
	t2.c_lflag ^= ECHOE;				/* a harmless flag to flip */
	CHECK_OK(ioctl(tty, TCSETS, &t2));
	struct termios t3;
	CHECK_OK(ioctl(tty, TCGETS, &t3));
	CHECK_EQ(t3.c_lflag, t2.c_lflag);
	CHECK_OK(ioctl(tty, TCSETS, &t));
	CHECK_ERR(ioctl(tty, TCGETS, BAD_KERNEL), EFAULT);
	close(tty);
}
