/*
 * t_tcp.c: the TCP contract of listen(2) and connect(2) over lo - errors,
 * the backlog (what listen stores, what a full accept queue does to a
 * SYN), ephemeral ports, EINPROGRESS/EALREADY/EISCONN, refused and timed
 * out connections, AF_UNSPEC disconnect, 0.0.0.0 and the eth0 address.
 * accept4 is t_tcp_accept.c, data and state t_tcp_data.c; helpers are in
 * ut_helpers.c. Contract tests run through the direct calls and through
 * socketcall(2) (UT_BOTH_PATHS).
 *
 * A listener that drops SYNs is the tool for a connect that stays in
 * SYN_SENT: Linux drops a SYN when the accept queue is full, and the queue
 * is full only when it holds MORE than the backlog (sk_acceptq_is_full is
 * ack_backlog > max_ack_backlog), so backlog 0 holds one connection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <net/if.h>
#include "ut.h"

#define TCP_ESTABLISHED	1
#define TCP_SYN_SENT	2

static int tcp_socket(int flags)
{
	return CHECK_OK(socket(AF_INET, SOCK_STREAM | flags, 0));
}

static int tcp_state(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	CHECK_OK(getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len));
	return ti.tcpi_state;
}

static int so_error(int fd)
{
	int v = -1;
	socklen_t len = sizeof(v);

	CHECK_OK(getsockopt(fd, SOL_SOCKET, SO_ERROR, &v, &len));
	return v;
}

static int max_backlog(int listener)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	/* Linux aliases tcpi_sacked to sk_max_ack_backlog on a listener (ss -l shows it). */
	CHECK_OK(getsockopt(listener, IPPROTO_TCP, TCP_INFO, &ti, &len));
	return ti.tcpi_sacked;
}

/*
 * A listener whose accept queue is full (backlog 0, one connection
 * queued); *keep is that connection's client end. SYNs to it are dropped.
 */
static int full_listener(struct sockaddr_in *a, int *keep)
{
	int l = ut_tcp_listener(a, 0);

	*keep = ut_tcp_connect(a);
	ut_wait_queued(l, 1);
	return l;
}

/* A nonblocking connect toward a full listener: EINPROGRESS, and stuck in SYN_SENT. */
static int stuck_connect(const struct sockaddr_in *a)
{
	int fd = tcp_socket(SOCK_NONBLOCK);

	CHECK_ERR(connect(fd, (const struct sockaddr *)a, sizeof(*a)), EINPROGRESS);
	CHECK_EQ(tcp_state(fd), TCP_SYN_SENT);
	return fd;
}

/* A port on 127.0.0.1 where nobody listens. */
static struct sockaddr_in closed_port(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = tcp_socket(0);

	ut_lo_addr(&a, 0);
	CHECK_OK(bind(fd, (struct sockaddr *)&a, sizeof(a)));
	CHECK_OK(getsockname(fd, (struct sockaddr *)&a, &len));
	close(fd);
	return a;
}

static int somaxconn(void)
{
	FILE *f = fopen("/proc/sys/net/core/somaxconn", "r");
	char line[32];

	if (!f || !fgets(line, sizeof(line), f))
		ut_fail("cannot read /proc/sys/net/core/somaxconn");
	fclose(f);
	return atoi(line);
}

/* ---------- listen ---------- */

static void listen_errors_body(void)
{
	struct sockaddr_in a;
	int p[2], u, c, s, keep, l;

	CHECK_OK(pipe(p));
	u = CHECK_OK(socket(AF_INET, SOCK_DGRAM, 0));
	CHECK_ERR(listen(999, 5), EBADF);
	CHECK_ERR(listen(p[0], 5), ENOTSOCK);
	CHECK_ERR(listen(u, 5), EOPNOTSUPP);		/* datagram sockets do not listen */

	ut_tcp_pair(&c, &s);
	CHECK_ERR(listen(c, 5), EINVAL);		/* connected */
	CHECK_ERR(listen(s, 5), EINVAL);		/* accepted */

	l = full_listener(&a, &keep);
	int conn = stuck_connect(&a);
	CHECK_ERR(listen(conn, 5), EINVAL);		/* connecting */
	CHECK_EQ(tcp_state(conn), TCP_SYN_SENT);	/* and the failure changed nothing */
	close(conn);
	close(keep);
	close(l);
	close(c);
	close(s);
	close(u);
	close(p[0]);
	close(p[1]);
}
void test_tcp_listen_errors(void) { UT_BOTH_PATHS(listen_errors_body); }

/*
 * listen again only changes the backlog: same port, still listening.
 * Backlog 0 holds one connection; the next SYN is dropped (the client
 * stays in SYN_SENT), and once a second listen widens the queue the
 * client's retransmitted SYN (1 s later) gets in. Linux clamps the
 * backlog to net.core.somaxconn, a negative one included (compared as
 * unsigned).
 */
static void listen_backlog_body(void)
{
	struct sockaddr_in a, b;
	socklen_t len = sizeof(b);
	struct pollfd pfd;
	int keep, v, l = full_listener(&a, &keep), max = somaxconn();

	CHECK_EQ(max_backlog(l), 0);
	int conn = stuck_connect(&a);
	CHECK_ERR(connect(conn, (struct sockaddr *)&a, sizeof(a)), EALREADY);
	pfd.fd = conn;
	pfd.events = POLLOUT;
	CHECK_EQ(poll(&pfd, 1, 100), 0);		/* its SYN was dropped */
	CHECK_EQ(tcp_state(conn), TCP_SYN_SENT);

	CHECK_OK(listen(l, 1));
	CHECK_EQ(max_backlog(l), 1);
	CHECK_OK(getsockname(l, (struct sockaddr *)&b, &len));
	CHECK_EQ(b.sin_port, a.sin_port);
	len = sizeof(v);
	CHECK_OK(getsockopt(l, SOL_SOCKET, SO_ACCEPTCONN, &v, &len));
	CHECK_EQ(v, 1);
	CHECK_EQ(poll(&pfd, 1, 10000), 1);		/* the retransmitted SYN fits now */
	CHECK_EQ(pfd.revents, POLLOUT);
	CHECK_EQ(so_error(conn), 0);
	ut_wait_queued(l, 2);

	CHECK_OK(listen(l, 1 << 30));
	CHECK_EQ(max_backlog(l), max);
	CHECK_OK(listen(l, -1));
	CHECK_EQ(max_backlog(l), max);
	CHECK_OK(listen(l, 7));
	CHECK_EQ(max_backlog(l), 7);
	CHECK_EQ(ut_tcp_queued(l), 2);			/* the queue survives every listen */
	close(CHECK_OK(accept(l, NULL, NULL)));
	close(CHECK_OK(accept(l, NULL, NULL)));
	close(conn);
	close(keep);
	close(l);
}
void test_tcp_listen_backlog(void) { UT_BOTH_PATHS(listen_backlog_body); }

/* listen() on a port that another listener holds: EADDRINUSE, even with SO_REUSEADDR. */
static void listen_inuse_body(void)
{
	struct sockaddr_in a, any;
	socklen_t len = sizeof(a);
	int one = 1, l = ut_tcp_listener(&a, 5), s = tcp_socket(0), r1, r2;

	CHECK_ERR(bind(s, (struct sockaddr *)&a, sizeof(a)), EADDRINUSE);
	CHECK_OK(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	CHECK_ERR(bind(s, (struct sockaddr *)&a, sizeof(a)), EADDRINUSE);
	close(s);
	close(l);

	/* Two SO_REUSEADDR sockets share a port while neither listens; only one may listen. */
	r1 = tcp_socket(0);
	r2 = tcp_socket(0);
	CHECK_OK(setsockopt(r1, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	CHECK_OK(setsockopt(r2, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	CHECK_OK(bind(r1, (struct sockaddr *)&a, sizeof(a)));
	CHECK_OK(bind(r2, (struct sockaddr *)&a, sizeof(a)));
	CHECK_OK(listen(r1, 5));
	CHECK_ERR(listen(r2, 5), EADDRINUSE);
	close(r1);
	CHECK_OK(listen(r2, 5));			/* the port is free again */
	close(r2);

	/* The implicit port of a listen() without bind is as taken as an explicit one. */
	l = tcp_socket(0);
	CHECK_OK(listen(l, 5));
	CHECK_OK(getsockname(l, (struct sockaddr *)&any, &len));
	s = tcp_socket(0);
	a.sin_port = any.sin_port;
	CHECK_ERR(bind(s, (struct sockaddr *)&a, sizeof(a)), EADDRINUSE);
	CHECK_ERR(bind(s, (struct sockaddr *)&any, sizeof(any)), EADDRINUSE);
	close(s);
	close(l);
}
void test_tcp_listen_inuse(void) { UT_BOTH_PATHS(listen_inuse_body); }

/* listen() with no bind takes an ephemeral port on 0.0.0.0, reachable over lo. */
static void listen_autobind_body(void)
{
	struct sockaddr_in a, to;
	socklen_t len = sizeof(a);
	int lo, hi, l = tcp_socket(0), c, s;

	ut_port_range(&lo, &hi);
	CHECK_OK(listen(l, 5));
	CHECK_OK(getsockname(l, (struct sockaddr *)&a, &len));
	CHECK_EQ(len, sizeof(a));
	CHECK_EQ(a.sin_family, AF_INET);
	CHECK_EQ(a.sin_addr.s_addr, htonl(INADDR_ANY));
	CHECK(ntohs(a.sin_port) >= lo && ntohs(a.sin_port) <= hi);
	ut_lo_addr(&to, ntohs(a.sin_port));
	c = ut_tcp_connect(&to);
	s = CHECK_OK(accept(l, NULL, NULL));
	close(s);
	close(c);
	close(l);
}
void test_tcp_listen_autobind(void) { UT_BOTH_PATHS(listen_autobind_body); }

/* ---------- connect ---------- */

/* A blocking connect over lo: an implicit bind to 127.0.0.1 and an ephemeral port. */
static void connect_lo_body(void)
{
	struct sockaddr_in a, me, peer;
	socklen_t len = sizeof(me);
	int lo, hi, l = ut_tcp_listener(&a, 5), c = tcp_socket(0), s;

	ut_port_range(&lo, &hi);
	CHECK_ERR(getpeername(c, (struct sockaddr *)&peer, &len), ENOTCONN);
	CHECK_OK(connect(c, (struct sockaddr *)&a, sizeof(a)));
	len = sizeof(me);
	CHECK_OK(getsockname(c, (struct sockaddr *)&me, &len));
	CHECK_EQ(me.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	CHECK(ntohs(me.sin_port) >= lo && ntohs(me.sin_port) <= hi);
	len = sizeof(peer);
	CHECK_OK(getpeername(c, (struct sockaddr *)&peer, &len));
	CHECK_EQ(peer.sin_addr.s_addr, a.sin_addr.s_addr);
	CHECK_EQ(peer.sin_port, a.sin_port);
	CHECK_EQ(tcp_state(c), TCP_ESTABLISHED);
	CHECK_ERR(connect(c, (struct sockaddr *)&a, sizeof(a)), EISCONN);
	s = CHECK_OK(accept(l, NULL, NULL));
	CHECK_ERR(connect(s, (struct sockaddr *)&a, sizeof(a)), EISCONN);
	close(s);
	close(c);
	close(l);
}
void test_tcp_connect_lo(void) { UT_BOTH_PATHS(connect_lo_body); }

/*
 * A nonblocking connect: EINPROGRESS (over lo too: the SYN-ACK waits in
 * the socket's backlog while connect holds the lock), then POLLOUT and
 * SO_ERROR 0. Linux: connect again after the handshake completed returns
 * 0 once (the SS_CONNECTING socket is promoted), and only then EISCONN.
 */
static void connect_nonblock_body(void)
{
	struct sockaddr_in a;
	struct pollfd pfd;
	int l = ut_tcp_listener(&a, 5), c = tcp_socket(SOCK_NONBLOCK);

	CHECK_ERR(connect(c, (struct sockaddr *)&a, sizeof(a)), EINPROGRESS);
	pfd.fd = c;
	pfd.events = POLLIN | POLLOUT;
	CHECK_EQ(poll(&pfd, 1, 10000), 1);
	CHECK_EQ(pfd.revents, POLLOUT);
	CHECK_EQ(so_error(c), 0);
	CHECK_EQ(tcp_state(c), TCP_ESTABLISHED);
	CHECK_OK(connect(c, (struct sockaddr *)&a, sizeof(a)));
	CHECK_ERR(connect(c, (struct sockaddr *)&a, sizeof(a)), EISCONN);
	close(CHECK_OK(accept(l, NULL, NULL)));
	close(c);
	close(l);
}
void test_tcp_connect_nonblock(void) { UT_BOTH_PATHS(connect_nonblock_body); }

/*
 * While the SYN is unanswered: EALREADY for a nonblocking connect again,
 * and a blocking connect that SO_SNDTIMEO cuts short. Linux: the first
 * such call returns EINPROGRESS (not EAGAIN, not ETIMEDOUT) when the
 * timeout expires; a second returns EALREADY, also after waiting.
 */
static void connect_pending_body(void)
{
	struct sockaddr_in a;
	struct timeval tv = { 0, 200000 };
	long long t0;
	int keep, l = full_listener(&a, &keep);
	int c = stuck_connect(&a), b = tcp_socket(0);

	CHECK_ERR(connect(c, (struct sockaddr *)&a, sizeof(a)), EALREADY);
	CHECK_ERR(connect(c, (struct sockaddr *)&a, sizeof(a)), EALREADY);
	CHECK_EQ(so_error(c), 0);

	CHECK_OK(setsockopt(b, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)));
	t0 = ut_now_ms();
	CHECK_ERR(connect(b, (struct sockaddr *)&a, sizeof(a)), EINPROGRESS);
	CHECK(ut_now_ms() - t0 >= 150);
	CHECK_EQ(tcp_state(b), TCP_SYN_SENT);
	t0 = ut_now_ms();
	CHECK_ERR(connect(b, (struct sockaddr *)&a, sizeof(a)), EALREADY);
	CHECK(ut_now_ms() - t0 >= 150);
	close(b);
	close(c);
	close(keep);
	close(l);
}
void test_tcp_connect_pending(void) { UT_BOTH_PATHS(connect_pending_body); }

/* TCP_SYNCNT 1: one retransmission (after 1 s), then ETIMEDOUT at about 3 s. */
void test_tcp_connect_timeout(void)
{
	struct sockaddr_in a;
	int keep, l = full_listener(&a, &keep), c = tcp_socket(0), one = 1;
	long long t0, dt;

	CHECK_OK(setsockopt(c, IPPROTO_TCP, TCP_SYNCNT, &one, sizeof(one)));
	t0 = ut_now_ms();
	CHECK_ERR(connect(c, (struct sockaddr *)&a, sizeof(a)), ETIMEDOUT);
	dt = ut_now_ms() - t0;
	CHECK(dt >= 2500 && dt < 10000);
	CHECK_EQ(tcp_state(c), 7);			/* TCP_CLOSE */
	close(c);
	close(keep);
	close(l);
}

/*
 * A closed port answers with RST: ECONNREFUSED from a blocking connect;
 * a nonblocking one polls POLLOUT|POLLERR|POLLHUP (and POLLIN: the socket
 * is shut down both ways) with SO_ERROR ECONNREFUSED, read once. Linux:
 * connect again on the refused, still SS_CONNECTING socket reports the
 * pending error, or ECONNABORTED when SO_ERROR already consumed it; that
 * call resets it to unconnected, so the next connect starts anew.
 */
static void connect_refused_body(void)
{
	struct sockaddr_in dead = closed_port();
	struct pollfd pfd;
	int c = tcp_socket(0);

	CHECK_ERR(connect(c, (struct sockaddr *)&dead, sizeof(dead)), ECONNREFUSED);
	CHECK_EQ(so_error(c), 0);			/* connect itself reported it */
	CHECK_ERR(connect(c, (struct sockaddr *)&dead, sizeof(dead)), ECONNREFUSED);
	close(c);

	c = tcp_socket(SOCK_NONBLOCK);
	CHECK_ERR(connect(c, (struct sockaddr *)&dead, sizeof(dead)), EINPROGRESS);
	pfd.fd = c;
	pfd.events = POLLIN | POLLOUT;
	CHECK_EQ(poll(&pfd, 1, 10000), 1);
	CHECK_EQ(pfd.revents, POLLIN | POLLOUT | POLLERR | POLLHUP);
	CHECK_EQ(so_error(c), ECONNREFUSED);
	CHECK_EQ(so_error(c), 0);
	CHECK_EQ(poll(&pfd, 1, 0), 1);
	CHECK_EQ(pfd.revents, POLLIN | POLLOUT | POLLHUP);
	close(c);

	c = tcp_socket(SOCK_NONBLOCK);
	CHECK_ERR(connect(c, (struct sockaddr *)&dead, sizeof(dead)), EINPROGRESS);
	pfd.events = POLLOUT;
	pfd.fd = c;
	CHECK_EQ(poll(&pfd, 1, 10000), 1);
	CHECK_ERR(connect(c, (struct sockaddr *)&dead, sizeof(dead)), ECONNREFUSED);
	CHECK_ERR(connect(c, (struct sockaddr *)&dead, sizeof(dead)), EINPROGRESS);	/* anew */
	CHECK_EQ(poll(&pfd, 1, 10000), 1);
	CHECK_EQ(so_error(c), ECONNREFUSED);
	CHECK_ERR(connect(c, (struct sockaddr *)&dead, sizeof(dead)), ECONNABORTED);
	close(c);
}
void test_tcp_connect_refused(void) { UT_BOTH_PATHS(connect_refused_body); }

/*
 * connect(AF_UNSPEC) disconnects: the peer gets a RST (ECONNRESET), the
 * socket is unconnected, and connecting it again works.
 */
static void connect_unspec_body(void)
{
	struct sockaddr_in a, peer;
	struct sockaddr un;
	socklen_t len = sizeof(peer);
	char buf[4];
	int l = ut_tcp_listener(&a, 5), c = ut_tcp_connect(&a), s = CHECK_OK(accept(l, NULL, NULL));

	memset(&un, 0, sizeof(un));
	un.sa_family = AF_UNSPEC;
	CHECK_OK(connect(c, &un, sizeof(un)));
	CHECK_ERR(getpeername(c, (struct sockaddr *)&peer, &len), ENOTCONN);
	CHECK_EQ(tcp_state(c), 7);			/* TCP_CLOSE */
	CHECK_ERR(recv(s, buf, sizeof(buf), 0), ECONNRESET);
	close(s);

	CHECK_OK(connect(c, (struct sockaddr *)&a, sizeof(a)));
	s = CHECK_OK(accept(l, NULL, NULL));
	CHECK_EQ(send(c, "hi", 2, 0), 2);
	CHECK_EQ(recv(s, buf, sizeof(buf), 0), 2);
	CHECK_OK(connect(l, &un, sizeof(un)));		/* a listener too: it stops listening */
	CHECK_ERR(accept4(l, NULL, NULL, SOCK_NONBLOCK), EINVAL);
	close(s);
	close(c);
	close(l);

	c = tcp_socket(0);				/* unconnected: nothing to do */
	CHECK_OK(connect(c, &un, sizeof(un)));
	close(c);
}
void test_tcp_connect_unspec(void) { UT_BOTH_PATHS(connect_unspec_body); }

static void connect_errors_body(void)
{
	struct sockaddr_in a = closed_port();
	int p[2], c = tcp_socket(0);

	CHECK_OK(pipe(p));
	CHECK_ERR(connect(999, (struct sockaddr *)&a, sizeof(a)), EBADF);
	CHECK_ERR(connect(p[0], (struct sockaddr *)&a, sizeof(a)), ENOTSOCK);
	CHECK_ERR(connect(c, (struct sockaddr *)&a, sizeof(a) - 1), EINVAL);
	CHECK_ERR(connect(c, (struct sockaddr *)&a, 1), EINVAL);
	CHECK_ERR(connect(c, (struct sockaddr *)&a, -1), EINVAL);
	CHECK_ERR(connect(c, (struct sockaddr *)BAD_LOW, sizeof(a)), EFAULT);
	CHECK_ERR(connect(c, (struct sockaddr *)BAD_KERNEL, sizeof(a)), EFAULT);
	a.sin_family = AF_INET6;
	CHECK_ERR(connect(c, (struct sockaddr *)&a, sizeof(a)), EAFNOSUPPORT);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = inet_addr("224.0.0.1");
	CHECK_ERR(connect(c, (struct sockaddr *)&a, sizeof(a)), ENETUNREACH);	/* no multicast TCP */
	CHECK_EQ(tcp_state(c), 7);			/* every failure left it closed */
	close(c);
	close(p[0]);
	close(p[1]);
}
void test_tcp_connect_errors(void) { UT_BOTH_PATHS(connect_errors_body); }

/* Linux routes 0.0.0.0 to the local host: the connection is to 127.0.0.1. */
static void connect_any_body(void)
{
	struct sockaddr_in a, to, peer, me;
	socklen_t len = sizeof(peer);
	int l = ut_tcp_listener(&a, 5), c, s;

	to = a;
	to.sin_addr.s_addr = htonl(INADDR_ANY);
	c = ut_tcp_connect(&to);
	CHECK_OK(getpeername(c, (struct sockaddr *)&peer, &len));
	CHECK_EQ(peer.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	CHECK_EQ(peer.sin_port, a.sin_port);
	len = sizeof(me);
	CHECK_OK(getsockname(c, (struct sockaddr *)&me, &len));
	CHECK_EQ(me.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	s = CHECK_OK(accept(l, NULL, NULL));
	close(s);
	close(c);
	close(l);
}
void test_tcp_connect_any(void) { UT_BOTH_PATHS(connect_any_body); }

/* The address of eth0, or skip. */
static struct in_addr eth0_addr(void)
{
	struct ifreq ifr;
	int u = CHECK_OK(socket(AF_INET, SOCK_DGRAM, 0));

	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "eth0");
	if (ioctl(u, SIOCGIFADDR, &ifr) < 0)
		ut_skip("no eth0 with an IPv4 address");
	close(u);
	return ((struct sockaddr_in *)&ifr.ifr_addr)->sin_addr;
}

/*
 * Our own eth0 address is local: a connection to it stays in the host
 * (Linux sends it over lo) and both ends carry that address. A listener
 * on 127.0.0.1 is not reachable through it, nor one on eth0's address
 * through 127.0.0.1; one on 0.0.0.0 through both.
 */
void test_tcp_connect_eth0(void)
{
	struct in_addr me = eth0_addr();
	struct sockaddr_in a, to, name;
	socklen_t len = sizeof(name);
	int l = tcp_socket(0), c, s;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	CHECK_OK(bind(l, (struct sockaddr *)&a, sizeof(a)));
	CHECK_OK(listen(l, 5));
	CHECK_OK(getsockname(l, (struct sockaddr *)&a, &len));
	to = a;
	to.sin_addr = me;
	c = ut_tcp_connect(&to);
	len = sizeof(name);
	CHECK_OK(getsockname(c, (struct sockaddr *)&name, &len));
	CHECK_EQ(name.sin_addr.s_addr, me.s_addr);
	s = CHECK_OK(accept(l, NULL, NULL));
	len = sizeof(name);
	CHECK_OK(getsockname(s, (struct sockaddr *)&name, &len));
	CHECK_EQ(name.sin_addr.s_addr, me.s_addr);
	CHECK_EQ(name.sin_port, a.sin_port);
	CHECK_EQ(send(c, "eth0", 4, 0), 4);
	char buf[8];
	CHECK_EQ(recv(s, buf, sizeof(buf), 0), 4);
	close(s);
	close(c);
	close(l);

	l = ut_tcp_listener(&a, 5);			/* on 127.0.0.1 */
	to = a;
	to.sin_addr = me;
	c = tcp_socket(0);
	CHECK_ERR(connect(c, (struct sockaddr *)&to, sizeof(to)), ECONNREFUSED);
	close(c);
	close(l);

	l = tcp_socket(0);
	to.sin_port = 0;
	CHECK_OK(bind(l, (struct sockaddr *)&to, sizeof(to)));
	CHECK_OK(listen(l, 5));
	len = sizeof(to);
	CHECK_OK(getsockname(l, (struct sockaddr *)&to, &len));
	ut_lo_addr(&a, ntohs(to.sin_port));
	c = tcp_socket(0);
	CHECK_ERR(connect(c, (struct sockaddr *)&a, sizeof(a)), ECONNREFUSED);
	close(c);
	close(l);
}
