/*
 * t_tcp_accept.c: the TCP contract of accept(2)/accept4(2) over lo - an
 * empty queue (EAGAIN, SO_RCVTIMEO, a signal with and without
 * SA_RESTART), accept on a socket that does not listen, a connection
 * reset while queued, the flags of the new descriptor, the peer address
 * and its length, EMFILE. Neighbours: t_tcp.c (listen, connect),
 * t_tcp_data.c (data and states), ut_helpers.c (listeners, pairs, proof
 * that a process sleeps). Contract tests run through the direct accept4
 * and through socketcall's SYS_ACCEPT/SYS_ACCEPT4 (UT_BOTH_PATHS).
 *
 * Linux reserves the new descriptor before it dequeues a connection, and
 * copies the peer address out only after: a fault or a bad length there
 * loses the dequeued connection (the kernel closes it), EMFILE does not.
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
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include "ut.h"

/* After an abortive close the peer's state is TCP_CLOSE (7). */
static int tcp_state(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	CHECK_OK(getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len));
	return ti.tcpi_state;
}

static void abort_close(int fd)
{
	struct linger lg = { 1, 0 };

	CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)));
	close(fd);
}

/* The client end of a connection that the kernel closed: recv sees EOF. */
static void expect_eof(int c)
{
	char buf[4];

	CHECK_EQ(recv(c, buf, sizeof(buf), 0), 0);
}

static void eagain_body(void)
{
	struct sockaddr_in a;
	int l = ut_tcp_listener(&a, 5), fl, c, s;

	fl = CHECK_OK(fcntl(l, F_GETFL));
	CHECK_OK(fcntl(l, F_SETFL, fl | O_NONBLOCK));
	CHECK_ERR(accept(l, NULL, NULL), EAGAIN);
	CHECK_ERR(accept4(l, NULL, NULL, SOCK_CLOEXEC), EAGAIN);
	c = ut_tcp_connect(&a);
	ut_wait_queued(l, 1);
	s = CHECK_OK(accept(l, NULL, NULL));
	CHECK_ERR(accept(l, NULL, NULL), EAGAIN);
	close(s);
	close(c);
	close(l);
}
void test_tcp_accept_eagain(void) { UT_BOTH_PATHS(eagain_body); }

/* A blocking listener with SO_RCVTIMEO: EAGAIN when the timeout expires. */
void test_tcp_accept_rcvtimeo(void)
{
	struct sockaddr_in a;
	struct timeval tv = { 0, 200000 };
	int l = ut_tcp_listener(&a, 5);
	long long t0, dt;

	CHECK_OK(setsockopt(l, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	t0 = ut_now_ms();
	CHECK_ERR(accept(l, NULL, NULL), EAGAIN);
	dt = ut_now_ms() - t0;
	CHECK(dt >= 150 && dt < 5000);
	close(l);
}

/* EINVAL from a socket that is not listening: fresh, bound, connected, accepted. */
static void not_listening_body(void)
{
	struct sockaddr_in a, b;
	int fd = CHECK_OK(socket(AF_INET, SOCK_STREAM, 0)), c, s;

	CHECK_ERR(accept(fd, NULL, NULL), EINVAL);
	ut_lo_addr(&b, 0);
	CHECK_OK(bind(fd, (struct sockaddr *)&b, sizeof(b)));
	CHECK_ERR(accept4(fd, NULL, NULL, SOCK_NONBLOCK), EINVAL);
	close(fd);
	ut_tcp_pair(&c, &s);
	CHECK_ERR(accept(c, NULL, NULL), EINVAL);
	CHECK_ERR(accept(s, NULL, NULL), EINVAL);
	close(c);
	close(s);

	/* Unknown flags: EINVAL before the queue is touched. */
	fd = ut_tcp_listener(&a, 5);
	c = ut_tcp_connect(&a);
	ut_wait_queued(fd, 1);
	CHECK_ERR(accept4(fd, NULL, NULL, O_APPEND), EINVAL);
	CHECK_ERR(accept4(fd, NULL, NULL, -1), EINVAL);
	CHECK_EQ(ut_tcp_queued(fd), 1);
	close(CHECK_OK(accept(fd, NULL, NULL)));
	close(c);
	close(fd);
}
void test_tcp_accept_not_listening(void) { UT_BOTH_PATHS(not_listening_body); }

/*
 * A signal whose handler has no SA_RESTART interrupts a blocked accept:
 * EINTR. The helper signals only once /proc shows us asleep in accept.
 */
void test_tcp_accept_eintr(void)
{
	struct sockaddr_in a;
	int l = ut_tcp_listener(&a, 5);
	pid_t parent = getpid(), pid;

	ut_catch(SIGUSR1, 0);
	pid = CHECK_OK(fork());
	if (pid == 0) {
		ut_wait_asleep(parent);
		_exit(kill(parent, SIGUSR1) ? 1 : 0);
	}
	CHECK_ERR(accept(l, NULL, NULL), EINTR);
	CHECK_EQ(ut_sig_count, 1);
	ut_reap(pid);
	close(l);
}

/*
 * With SA_RESTART the handler runs and accept goes back to sleep: the
 * helper sees us asleep, signals, sees us asleep again (a signalled task
 * is runnable until it sleeps anew), and only then connects.
 */
void test_tcp_accept_restart(void)
{
	struct sockaddr_in a, peer, me;
	socklen_t len = sizeof(peer);
	int l = ut_tcp_listener(&a, 5), s;
	pid_t parent = getpid(), pid;

	ut_catch(SIGUSR1, SA_RESTART);
	pid = CHECK_OK(fork());
	if (pid == 0) {
		char c;

		ut_wait_asleep(parent);
		if (kill(parent, SIGUSR1))
			_exit(1);
		ut_wait_asleep(parent);
		int fd = ut_tcp_connect(&a);
		/* Wait for the parent to close the accepted end. */
		_exit(read(fd, &c, 1) == 0 ? 0 : 2);
	}
	s = CHECK_OK(accept(l, (struct sockaddr *)&peer, &len));
	CHECK_EQ(ut_sig_count, 1);
	CHECK_EQ(peer.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	len = sizeof(me);
	CHECK_OK(getsockname(s, (struct sockaddr *)&me, &len));
	CHECK_EQ(me.sin_port, a.sin_port);
	close(s);
	ut_reap(pid);
	close(l);
}

/* Until /proc/net/tcp has no ESTABLISHED (01) socket on local port `port`. */
static void wait_not_established(unsigned short port)
{
	long long deadline = ut_now_ms() + 10000;
	struct timespec d = { 0, 2000000L };

	while (ut_proc_tcp(port, 0x01)) {
		if (ut_now_ms() > deadline)
			ut_fail("port %d still ESTABLISHED", port);
		nanosleep(&d, NULL);
	}
}

/*
 * The client resets a connection still in the accept queue. Linux keeps
 * it there: accept returns it (in TCP_CLOSE; getpeername ENOTCONN, yet
 * accept itself filled in the peer address), the first recv reports
 * ECONNRESET and later ones end of file.
 */
static void reset_queued_body(void)
{
	struct sockaddr_in a, peer, me;
	socklen_t len = sizeof(me);
	char buf[4];
	int l = ut_tcp_listener(&a, 5), c = ut_tcp_connect(&a), s;

	CHECK_OK(getsockname(c, (struct sockaddr *)&me, &len));
	ut_wait_queued(l, 1);
	abort_close(c);
	wait_not_established(ntohs(a.sin_port));
	CHECK_EQ(ut_tcp_queued(l), 1);
	len = sizeof(peer);
	memset(&peer, 0, sizeof(peer));
	s = CHECK_OK(accept(l, (struct sockaddr *)&peer, &len));
	CHECK_EQ(len, sizeof(peer));
	CHECK_EQ(peer.sin_port, me.sin_port);
	CHECK_EQ(tcp_state(s), 7);
	len = sizeof(peer);
	CHECK_ERR(getpeername(s, (struct sockaddr *)&peer, &len), ENOTCONN);
	CHECK_ERR(recv(s, buf, sizeof(buf), 0), ECONNRESET);
	CHECK_EQ(recv(s, buf, sizeof(buf), 0), 0);
	close(s);
	close(l);
}
void test_tcp_accept_reset_queued(void) { UT_BOTH_PATHS(reset_queued_body); }

/* The new descriptor's flags come from accept4 alone: not from the listener. */
static void flags_body(void)
{
	struct sockaddr_in a;
	char buf[4];
	int l = ut_tcp_listener(&a, 5), c1 = ut_tcp_connect(&a), c2 = ut_tcp_connect(&a), s;

	CHECK_OK(fcntl(l, F_SETFL, O_NONBLOCK));
	ut_wait_queued(l, 2);
	s = CHECK_OK(accept4(l, NULL, NULL, 0));
	CHECK_EQ(fcntl(s, F_GETFL) & O_NONBLOCK, 0);
	CHECK_EQ(fcntl(s, F_GETFD) & FD_CLOEXEC, 0);
	close(s);
	s = CHECK_OK(accept4(l, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC));
	CHECK(fcntl(s, F_GETFL) & O_NONBLOCK);
	CHECK(fcntl(s, F_GETFD) & FD_CLOEXEC);
	CHECK_ERR(recv(s, buf, sizeof(buf), 0), EAGAIN);
	close(s);
	close(c1);
	close(c2);
	close(l);
}
void test_tcp_accept_flags(void) { UT_BOTH_PATHS(flags_body); }

/*
 * The peer address is truncated to *addrlen, which then reports the
 * real length; NULL addr leaves *addrlen alone.
 */
static void addrlen_body(void)
{
	struct sockaddr_in a, peer, me;
	socklen_t len;
	int l = ut_tcp_listener(&a, 5), c[4], s;

	for (int i = 0; i < 4; i++)
		c[i] = ut_tcp_connect(&a);
	ut_wait_queued(l, 4);

	len = 4;
	memset(&peer, 0xee, sizeof(peer));
	s = CHECK_OK(accept(l, (struct sockaddr *)&peer, &len));
	CHECK_EQ(len, sizeof(peer));
	CHECK_EQ(peer.sin_family, AF_INET);
	CHECK(peer.sin_port != 0xeeee);
	CHECK_EQ(peer.sin_addr.s_addr, 0xeeeeeeee);
	close(s);

	len = 0;
	memset(&peer, 0xee, sizeof(peer));
	s = CHECK_OK(accept(l, (struct sockaddr *)&peer, &len));
	CHECK_EQ(len, sizeof(peer));
	CHECK_EQ(peer.sin_family, 0xeeee);
	close(s);

	len = 1000;
	s = CHECK_OK(accept(l, (struct sockaddr *)&peer, &len));
	CHECK_EQ(len, sizeof(peer));
	close(s);

	len = 77;
	s = CHECK_OK(accept(l, NULL, &len));
	CHECK_EQ(len, 77);
	close(s);

	/* The names on both ends agree. */
	int c2 = ut_tcp_connect(&a);
	len = sizeof(peer);
	s = CHECK_OK(accept(l, (struct sockaddr *)&peer, &len));
	len = sizeof(me);
	CHECK_OK(getsockname(c2, (struct sockaddr *)&me, &len));
	CHECK_EQ(peer.sin_port, me.sin_port);
	CHECK_EQ(peer.sin_addr.s_addr, me.sin_addr.s_addr);
	len = sizeof(peer);
	CHECK_OK(getpeername(s, (struct sockaddr *)&peer, &len));
	CHECK_EQ(peer.sin_port, me.sin_port);
	len = sizeof(me);
	CHECK_OK(getsockname(s, (struct sockaddr *)&me, &len));
	CHECK_EQ(me.sin_port, a.sin_port);
	CHECK_EQ(me.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	close(s);
	close(c2);
	for (int i = 0; i < 4; i++)
		close(c[i]);
	close(l);
}
void test_tcp_accept_addrlen(void) { UT_BOTH_PATHS(addrlen_body); }

/*
 * A negative *addrlen or a bad address: Linux fails only after it has
 * dequeued the connection, which it then closes (the client reads EOF);
 * the next accept does not see it.
 */
static void lost_body(void)
{
	struct sockaddr_in a, peer;
	socklen_t len;
	int l = ut_tcp_listener(&a, 5), c[3];

	CHECK_OK(fcntl(l, F_SETFL, O_NONBLOCK));
	for (int i = 0; i < 3; i++)
		c[i] = ut_tcp_connect(&a);
	ut_wait_queued(l, 3);

	len = -1;
	CHECK_ERR(accept(l, (struct sockaddr *)&peer, &len), EINVAL);
	CHECK_EQ(ut_tcp_queued(l), 2);
	expect_eof(c[0]);
	len = sizeof(peer);
	CHECK_ERR(accept(l, (struct sockaddr *)BAD_LOW, &len), EFAULT);
	CHECK_EQ(ut_tcp_queued(l), 1);
	expect_eof(c[1]);
	CHECK_ERR(accept(l, (struct sockaddr *)&peer, (socklen_t *)BAD_LOW), EFAULT);
	CHECK_EQ(ut_tcp_queued(l), 0);
	expect_eof(c[2]);
	CHECK_ERR(accept(l, NULL, NULL), EAGAIN);
	for (int i = 0; i < 3; i++)
		close(c[i]);
	close(l);
}
void test_tcp_accept_lost(void) { UT_BOTH_PATHS(lost_body); }

/* No free descriptor: EMFILE, and the connection stays queued for later. */
static void emfile_body(void)
{
	struct sockaddr_in a, peer, me;
	socklen_t len = sizeof(me);
	struct rlimit old, rl;
	int l = ut_tcp_listener(&a, 5), c = ut_tcp_connect(&a), lowest, s;

	CHECK_OK(getsockname(c, (struct sockaddr *)&me, &len));
	ut_wait_queued(l, 1);
	lowest = CHECK_OK(dup(0));
	close(lowest);
	CHECK_OK(getrlimit(RLIMIT_NOFILE, &old));
	rl = old;
	rl.rlim_cur = lowest;
	CHECK_OK(setrlimit(RLIMIT_NOFILE, &rl));
	CHECK_ERR(accept(l, NULL, NULL), EMFILE);
	CHECK_ERR(accept4(l, NULL, NULL, SOCK_NONBLOCK), EMFILE);
	CHECK_EQ(ut_tcp_queued(l), 1);
	CHECK_OK(setrlimit(RLIMIT_NOFILE, &old));
	len = sizeof(peer);
	s = CHECK_OK(accept(l, (struct sockaddr *)&peer, &len));
	CHECK_EQ(s, lowest);
	CHECK_EQ(peer.sin_port, me.sin_port);
	CHECK_EQ(send(c, "ok", 2, 0), 2);
	char buf[4];
	CHECK_EQ(recv(s, buf, sizeof(buf), 0), 2);
	close(s);
	close(c);
	close(l);
}
void test_tcp_accept_emfile(void) { UT_BOTH_PATHS(emfile_body); }
