/*
 * t_tcp_data.c: a connected TCP pair over lo - data both ways, the
 * orderly (FIN) and abortive (RST) ends and what recv/send/poll report
 * after each, SIGPIPE, readiness of a listener and of a half-closed
 * peer, and the TCP socket options. Neighbours: t_tcp.c (listen,
 * connect), t_tcp_accept.c, t_tcp_ports.c (port sharing, /proc/net/tcp,
 * churn); helpers in ut_helpers.c.
 *
 * Linux details pinned here: a RST leaves sk_err set, so the first send
 * after it fails with ECONNRESET and no SIGPIPE; only later sends get
 * EPIPE (and SIGPIPE unless MSG_NOSIGNAL). Closing with unread data sends
 * a RST, not a FIN.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include "ut.h"

#define TCP_ESTABLISHED	1
#define TCP_CLOSE	7
#define TCP_LISTEN	10

static int tcp_state(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	CHECK_OK(getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len));
	CHECK_EQ(len, sizeof(ti));
	return ti.tcpi_state;
}

static void abort_close(int fd)
{
	struct linger lg = { 1, 0 };

	CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)));
	close(fd);
}

/* Block until fd has something to report (data, EOF, an error). */
static short wait_readable(int fd)
{
	struct pollfd pfd = { fd, POLLIN | POLLRDHUP, 0 };

	CHECK_EQ(poll(&pfd, 1, 10000), 1);
	return pfd.revents;
}

/* Exactly n bytes from fd, in as many recvs as it takes. */
static void recv_all(int fd, char *buf, int n)
{
	for (int got = 0; got < n; ) {
		long r = CHECK_OK(recv(fd, buf + got, n - got, 0));
		if (r == 0)
			ut_fail("EOF after %d of %d bytes", got, n);
		got += r;
	}
}

static void send_all(int fd, const char *buf, int n)
{
	for (int sent = 0; sent < n; ) {
		long r = CHECK_OK(send(fd, buf + sent, n - sent, 0));
		CHECK(r > 0);
		sent += r;
	}
}

#define XFER	(24 * 1024)

/*
 * 24 KiB each way: the child writes then reads, the parent reads then
 * writes, so neither waits for the other while both are sending.
 */
void test_tcp_send_recv(void)
{
	static char out[XFER], in[XFER];
	int c, s;

	for (int i = 0; i < XFER; i++)
		out[i] = (char)(i * 7 + i / 251);
	ut_tcp_pair(&c, &s);
	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		close(s);
		send_all(c, out, XFER);
		recv_all(c, in, XFER);
		_exit(memcmp(in, out, XFER) ? 3 : 0);
	}
	recv_all(s, in, XFER);
	CHECK(!memcmp(in, out, XFER));
	for (int i = 0; i < XFER; i += 4096)		/* write(2) is send(2) */
		CHECK_EQ(write(s, out + i, 4096), 4096);
	ut_reap(pid);
	close(c);
	close(s);
}

/* SHUT_WR: the peer reads EOF but may still send back; we may still read. */
void test_tcp_shutdown_wr(void)
{
	char buf[8];
	int c, s;

	ut_tcp_pair(&c, &s);
	CHECK_EQ(send(c, "last", 4, 0), 4);
	CHECK_OK(shutdown(c, SHUT_WR));
	CHECK_ERR(send(c, "x", 1, MSG_NOSIGNAL), EPIPE);
	recv_all(s, buf, 4);
	CHECK(!memcmp(buf, "last", 4));
	CHECK_EQ(recv(s, buf, sizeof(buf), 0), 0);
	CHECK_EQ(send(s, "back", 4, 0), 4);
	recv_all(c, buf, 4);
	CHECK(!memcmp(buf, "back", 4));
	CHECK_OK(shutdown(s, SHUT_WR));
	CHECK_EQ(recv(c, buf, sizeof(buf), 0), 0);
	/*
	 * Linux: the side that closed first is now in TIME_WAIT, which lives
	 * on as a separate minisock; the socket itself is TCP_CLOSE, so
	 * shutdown reports ENOTCONN.
	 */
	CHECK_EQ(tcp_state(c), TCP_CLOSE);
	CHECK_ERR(shutdown(c, SHUT_RDWR), ENOTCONN);
	close(c);
	close(s);
}

/* After the peer's FIN, recv returns 0 every time, and poll says readable + RDHUP. */
void test_tcp_recv_eof(void)
{
	char buf[8];
	int c, s;

	ut_tcp_pair(&c, &s);
	close(s);
	CHECK_EQ(wait_readable(c), POLLIN | POLLRDHUP);
	for (int i = 0; i < 3; i++)
		CHECK_EQ(recv(c, buf, sizeof(buf), 0), 0);
	CHECK_EQ(read(c, buf, sizeof(buf)), 0);
	CHECK_EQ(recv(c, buf, sizeof(buf), MSG_DONTWAIT), 0);
	close(c);
}

/* close() with unread data sends a RST: the peer's recv fails with ECONNRESET. */
void test_tcp_close_unread(void)
{
	char buf[8];
	int c, s;

	ut_tcp_pair(&c, &s);
	CHECK_EQ(send(c, "unread", 6, 0), 6);
	CHECK_EQ(wait_readable(s), POLLIN);		/* it has arrived */
	close(s);
	CHECK_ERR(recv(c, buf, sizeof(buf), 0), ECONNRESET);
	CHECK_EQ(recv(c, buf, sizeof(buf), 0), 0);	/* the error is reported once */
	close(c);
}

/* SO_LINGER {1, 0}: close aborts with a RST, even with nothing unread. */
void test_tcp_linger_zero(void)
{
	char buf[8];
	int c, s;

	ut_tcp_pair(&c, &s);
	abort_close(s);
	CHECK_EQ(wait_readable(c) & (POLLIN | POLLERR | POLLHUP | POLLRDHUP),
		 POLLIN | POLLERR | POLLHUP | POLLRDHUP);
	CHECK_ERR(recv(c, buf, sizeof(buf), 0), ECONNRESET);
	close(c);
}

/*
 * After a RST: the first send reports the pending ECONNRESET, with no
 * signal; then EPIPE with SIGPIPE, or without it under MSG_NOSIGNAL.
 */
void test_tcp_send_after_reset(void)
{
	int c, s;

	ut_catch(SIGPIPE, 0);
	ut_tcp_pair(&c, &s);
	abort_close(s);
	wait_readable(c);
	CHECK_EQ(tcp_state(c), TCP_CLOSE);
	CHECK_ERR(send(c, "x", 1, 0), ECONNRESET);
	CHECK_EQ(ut_sig_count, 0);
	CHECK_ERR(send(c, "x", 1, 0), EPIPE);
	CHECK_EQ(ut_sig_count, 1);
	CHECK_ERR(send(c, "x", 1, MSG_NOSIGNAL), EPIPE);
	CHECK_EQ(ut_sig_count, 1);
	CHECK_ERR(write(c, "x", 1), EPIPE);
	CHECK_EQ(ut_sig_count, 2);
	close(c);
}

/*
 * A nonblocking send into a full pipe: every call moves at least one
 * byte or fails with EAGAIN - never 0. A zero-length send returns 0.
 * Everything accepted arrives.
 */
void test_tcp_send_nonzero(void)
{
	static char buf[4096], in[4096];
	int c, s, small = 4096;
	long total = 0, got = 0, r;

	ut_tcp_pair(&c, &s);
	CHECK_OK(setsockopt(c, SOL_SOCKET, SO_SNDBUF, &small, sizeof(small)));
	CHECK_OK(setsockopt(s, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small)));
	CHECK_EQ(send(c, buf, 0, 0), 0);
	CHECK_OK(fcntl(c, F_SETFL, O_NONBLOCK));
	for (int i = 0; ; i++) {
		if (i > 100000)
			ut_fail("the pipe never filled (%ld bytes)", total);
		r = send(c, buf, sizeof(buf), 0);
		if (r < 0) {
			CHECK_EQ(errno, EAGAIN);
			break;
		}
		CHECK(r > 0);
		total += r;
	}
	CHECK(total > 0);
	while (got < total) {
		r = CHECK_OK(recv(s, in, sizeof(in), 0));
		CHECK(r > 0);
		got += r;
	}
	CHECK_EQ(got, total);
	CHECK_ERR(recv(s, in, sizeof(in), MSG_DONTWAIT), EAGAIN);
	close(c);
	close(s);
}

/*
 * Stream n bytes from c (blocking: a full buffer sleeps with SOCK_NOSPACE)
 * to a child that reads s until EOF; then c's SO_SNDBUF.
 */
static int stream_then_sndbuf(int c, int s, long n)
{
	static char buf[65536];
	socklen_t len = sizeof(int);
	int v, st;
	pid_t pid = CHECK_OK(fork());

	if (pid == 0) {
		close(c);
		while (read(s, buf, sizeof(buf)) > 0)
			;
		_exit(0);
	}
	close(s);
	for (long sent = 0; sent < n; sent += sizeof(buf))
		send_all(c, buf, sizeof(buf));
	CHECK_OK(getsockopt(c, SOL_SOCKET, SO_SNDBUF, &v, &len));
	close(c);
	CHECK_OK(waitpid(pid, &st, 0));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return v;
}

/*
 * Linux's tcp_new_space: a writer that runs out of send buffer while the
 * congestion window has room gets two windows' worth as the ACKs come,
 * so the buffer grows with cwnd (within tcp_wmem's maximum); a socket
 * whose SO_SNDBUF was set keeps what it asked for.
 */
void test_tcp_sndbuf_grows_with_cwnd(void)
{
	int c, s, before, after, fixed = 65536;
	int fd = CHECK_OK(open("/proc/sys/net/ipv4/tcp_wmem", O_RDONLY));
	char text[64] = "", *p = text;
	socklen_t len = sizeof(int);
	long max;

	CHECK(read(fd, text, sizeof(text) - 1) > 0);
	close(fd);
	strtol(p, &p, 10);		/* min, default, then the max */
	strtol(p, &p, 10);
	max = strtol(p, NULL, 10);
	CHECK(max > 0);

	ut_tcp_pair(&c, &s);
	CHECK_OK(getsockopt(c, SOL_SOCKET, SO_SNDBUF, &before, &len));
	after = stream_then_sndbuf(c, s, 16 << 20);
	if (after <= before)
		ut_fail("SO_SNDBUF stayed %d after 16 MiB through a full buffer", after);
	CHECK(after <= max);

	ut_tcp_pair(&c, &s);
	CHECK_OK(setsockopt(c, SOL_SOCKET, SO_SNDBUF, &fixed, sizeof(fixed)));
	CHECK_OK(getsockopt(c, SOL_SOCKET, SO_SNDBUF, &before, &len));
	CHECK_EQ(stream_then_sndbuf(c, s, 4 << 20), before);
}

/*
 * A listener polls POLLIN exactly while a connection is queued, never
 * POLLOUT. A poll blocked on it is woken by a connect from a helper that
 * first saw us asleep.
 */
void test_tcp_poll_listener(void)
{
	struct sockaddr_in a;
	struct pollfd pfd;
	int l = ut_tcp_listener(&a, 5), s;
	pid_t parent = getpid(), pid;

	pfd.fd = l;
	pfd.events = POLLIN | POLLOUT | POLLRDHUP;
	CHECK_EQ(poll(&pfd, 1, 0), 0);
	pid = CHECK_OK(fork());
	if (pid == 0) {
		char c;

		ut_wait_asleep(parent);
		int fd = ut_tcp_connect(&a);
		_exit(read(fd, &c, 1) == 0 ? 0 : 2);	/* until the parent closes */
	}
	CHECK_EQ(poll(&pfd, 1, 15000), 1);
	CHECK_EQ(pfd.revents, POLLIN);
	s = CHECK_OK(accept(l, NULL, NULL));
	CHECK_EQ(poll(&pfd, 1, 0), 0);
	close(s);
	ut_reap(pid);
	close(l);
}

/* epoll: EPOLLRDHUP (with EPOLLIN) when the peer shuts down its writing side. */
void test_tcp_epoll_rdhup(void)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP, .data.u64 = 7 };
	int c, s, ep = CHECK_OK(epoll_create1(0));

	ut_tcp_pair(&c, &s);
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev));
	CHECK_EQ(epoll_wait(ep, &ev, 1, 0), 1);
	CHECK_EQ(ev.events, EPOLLOUT);
	CHECK_OK(shutdown(c, SHUT_WR));
	ev.events = EPOLLIN | EPOLLRDHUP;
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_MOD, s, &ev));
	CHECK_EQ(epoll_wait(ep, &ev, 1, 10000), 1);
	CHECK_EQ(ev.events, EPOLLIN | EPOLLRDHUP);
	CHECK_EQ(ev.data.u64, 7);
	/* Our own SHUT_WR too: now both directions are shut, EPOLLHUP. */
	CHECK_OK(shutdown(s, SHUT_WR));
	ev.events = EPOLLIN | EPOLLRDHUP;
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_MOD, s, &ev));
	CHECK_EQ(epoll_wait(ep, &ev, 1, 10000), 1);
	CHECK_EQ(ev.events, EPOLLIN | EPOLLRDHUP | EPOLLHUP);
	close(ep);
	close(c);
	close(s);
}

static int get_int(int fd, int level, int name)
{
	int v = -1;
	socklen_t len = sizeof(v);

	CHECK_OK(getsockopt(fd, level, name, &v, &len));
	CHECK_EQ(len, sizeof(v));
	return v;
}

/*
 * TCP_NODELAY round-trips; TCP_MAXSEG is Linux's 536 default before a
 * connection and the path's MSS after (TCP_INFO's tcpi_snd_mss); TCP_INFO
 * reports the state. SO_TYPE, SO_PROTOCOL, SO_ACCEPTCONN.
 */
static void sockopts_body(void)
{
	struct sockaddr_in a;
	struct tcp_info ti;
	socklen_t len;
	int one = 1, zero = 0, fd = CHECK_OK(socket(AF_INET, SOCK_STREAM, 0)), c, s, l;

	CHECK_EQ(get_int(fd, SOL_SOCKET, SO_TYPE), SOCK_STREAM);
	CHECK_EQ(get_int(fd, SOL_SOCKET, SO_PROTOCOL), IPPROTO_TCP);
	CHECK_EQ(get_int(fd, IPPROTO_TCP, TCP_NODELAY), 0);
	CHECK_OK(setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)));
	CHECK_EQ(get_int(fd, IPPROTO_TCP, TCP_NODELAY), 1);
	CHECK_OK(setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &zero, sizeof(zero)));
	CHECK_EQ(get_int(fd, IPPROTO_TCP, TCP_NODELAY), 0);
	CHECK_EQ(get_int(fd, IPPROTO_TCP, TCP_MAXSEG), 536);
	CHECK_EQ(tcp_state(fd), TCP_CLOSE);
	CHECK_ERR(getsockopt(fd, IPPROTO_TCP, 9999, &one, &len), ENOPROTOOPT);
	close(fd);

	l = ut_tcp_listener(&a, 5);
	CHECK_EQ(get_int(l, SOL_SOCKET, SO_ACCEPTCONN), 1);
	CHECK_EQ(tcp_state(l), TCP_LISTEN);
	c = ut_tcp_connect(&a);
	s = CHECK_OK(accept(l, NULL, NULL));
	CHECK_EQ(get_int(s, SOL_SOCKET, SO_ACCEPTCONN), 0);
	CHECK_EQ(tcp_state(c), TCP_ESTABLISHED);
	CHECK_EQ(tcp_state(s), TCP_ESTABLISHED);
	len = sizeof(ti);
	CHECK_OK(getsockopt(c, IPPROTO_TCP, TCP_INFO, &ti, &len));
	CHECK(ti.tcpi_snd_mss > 536);			/* lo's MTU is 64 KiB */
	CHECK_EQ(get_int(c, IPPROTO_TCP, TCP_MAXSEG), ti.tcpi_snd_mss);
	/* lo's MTU is 65536, but no IP datagram is longer than 65535: both
	 * ends' path MTU says so, as Linux's (ipv4_mtu clamps to IP_MAX_MTU). */
	CHECK_EQ(ti.tcpi_pmtu, 65535);
	CHECK_OK(getsockopt(s, IPPROTO_TCP, TCP_INFO, &ti, &len));
	CHECK_EQ(ti.tcpi_pmtu, 65535);
	len = sizeof(ti);
	/* A short buffer gets a prefix of struct tcp_info. */
	len = 1;
	memset(&ti, 0, sizeof(ti));
	CHECK_OK(getsockopt(c, IPPROTO_TCP, TCP_INFO, &ti, &len));
	CHECK_EQ(len, 1);
	CHECK_EQ(ti.tcpi_state, TCP_ESTABLISHED);
	CHECK_OK(setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)));
	CHECK_EQ(send(s, "n", 1, 0), 1);
	char b;
	CHECK_EQ(recv(c, &b, 1, 0), 1);
	close(s);
	close(c);
	close(l);
}
void test_tcp_sockopts(void) { UT_BOTH_PATHS(sockopts_body); }
