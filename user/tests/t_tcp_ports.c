/*
 * t_tcp_ports.c: who may hold a TCP port - SO_REUSEADDR against a
 * TIME_WAIT left by an earlier connection, SO_REUSEPORT groups (same uid
 * only, connections spread over the group, closing one member), the
 * listener and connections as /proc/net/tcp shows them, and a
 * connect/accept/close churn that must leave no socket behind.
 * Neighbours: t_tcp.c, t_tcp_accept.c, t_tcp_data.c; helpers in
 * ut_helpers.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include "ut.h"

#define ST_ESTABLISHED	0x01
#define ST_TIME_WAIT	0x06
#define ST_LISTEN	0x0A

static int tcp_socket_opt(int opt)
{
	int one = 1, fd = CHECK_OK(socket(AF_INET, SOCK_STREAM, 0));

	if (opt)
		CHECK_OK(setsockopt(fd, SOL_SOCKET, opt, &one, sizeof(one)));
	return fd;
}

/* Until /proc/net/tcp shows n sockets in state st on local port port. */
static void wait_proc_tcp(unsigned short port, int st, int n)
{
	long long deadline = ut_now_ms() + 10000;
	struct timespec d = { 0, 2000000L };

	while (ut_proc_tcp(port, st) != n) {
		if (ut_now_ms() > deadline)
			ut_fail("/proc/net/tcp: %d sockets in state %02X on port %d, want %d",
				ut_proc_tcp(port, st), st, port, n);
		nanosleep(&d, NULL);
	}
}

/*
 * The server closes first, so its end of the connection, on the
 * listener's port, goes to TIME_WAIT for 60 s. With the listener gone
 * that TIME_WAIT alone holds the port: a bind without SO_REUSEADDR gets
 * EADDRINUSE, a bind with it (the old socket had it too) succeeds, and
 * the new listener works.
 */
void test_tcp_reuseaddr_timewait(void)
{
	struct sockaddr_in a, lo;
	socklen_t len = sizeof(a);
	char buf[4];
	int l = tcp_socket_opt(SO_REUSEADDR), c, s, n;

	ut_lo_addr(&lo, 0);
	CHECK_OK(bind(l, (struct sockaddr *)&lo, sizeof(lo)));
	CHECK_OK(listen(l, 5));
	CHECK_OK(getsockname(l, (struct sockaddr *)&a, &len));
	c = ut_tcp_connect(&a);
	s = CHECK_OK(accept(l, NULL, NULL));
	close(l);
	close(s);					/* active close: FIN_WAIT */
	CHECK_EQ(recv(c, buf, sizeof(buf), 0), 0);
	close(c);					/* its FIN: the server's end to TIME_WAIT */
	wait_proc_tcp(ntohs(a.sin_port), ST_TIME_WAIT, 1);
	CHECK_EQ(ut_proc_tcp(ntohs(a.sin_port), ST_LISTEN), 0);

	n = tcp_socket_opt(0);
	CHECK_ERR(bind(n, (struct sockaddr *)&a, sizeof(a)), EADDRINUSE);
	close(n);
	n = tcp_socket_opt(SO_REUSEADDR);
	CHECK_OK(bind(n, (struct sockaddr *)&a, sizeof(a)));
	CHECK_OK(listen(n, 5));
	c = ut_tcp_connect(&a);
	s = CHECK_OK(accept(n, NULL, NULL));
	CHECK_EQ(send(c, "tw", 2, 0), 2);
	CHECK_EQ(recv(s, buf, sizeof(buf), 0), 2);
	close(s);
	close(c);
	close(n);
}

/* A SO_REUSEPORT listener on a (fresh, if port is 0) port of 127.0.0.1. */
static int reuseport_listener(struct sockaddr_in *a)
{
	socklen_t len = sizeof(*a);
	int l = tcp_socket_opt(SO_REUSEPORT);

	CHECK_OK(bind(l, (struct sockaddr *)a, sizeof(*a)));
	CHECK_OK(listen(l, 128));
	CHECK_OK(getsockname(l, (struct sockaddr *)a, &len));
	return l;
}

#define SPREAD	64

/*
 * Two listeners of one uid share a port with SO_REUSEPORT; Linux picks
 * one per connection by a hash of the 4-tuple, so of SPREAD connections
 * from different source ports each gets some (all to one: p = 2^-63).
 * Closing one listener leaves the connections it accepted alone, and new
 * connections go to the other.
 */
void test_tcp_reuseport(void)
{
	struct sockaddr_in a;
	int c[SPREAD], s[SPREAD], got[2] = { 0, 0 }, l[2], n = 0;
	char b;

	ut_lo_addr(&a, 0);
	l[0] = reuseport_listener(&a);
	l[1] = reuseport_listener(&a);
	for (int i = 0; i < SPREAD; i++)
		c[i] = ut_tcp_connect(&a);
	while (n < SPREAD) {
		struct pollfd pfd[2] = { { l[0], POLLIN, 0 }, { l[1], POLLIN, 0 } };

		if (poll(pfd, 2, 10000) <= 0)
			ut_fail("only %d of %d connections arrived", n, SPREAD);
		for (int k = 0; k < 2; k++) {
			if (pfd[k].revents & POLLIN) {
				s[n++] = CHECK_OK(accept(l[k], NULL, NULL));
				got[k]++;
			}
		}
	}
	CHECK(got[0] >= 1 && got[1] >= 1);

	close(l[0]);
	for (int i = 0; i < SPREAD; i++)
		CHECK_EQ(send(s[i], "k", 1, 0), 1);
	for (int i = 0; i < SPREAD; i++)
		CHECK_EQ(recv(c[i], &b, 1, 0), 1);
	for (int i = 0; i < SPREAD; i++) {
		close(s[i]);
		close(c[i]);
	}
	for (int i = 0; i < 8; i++)
		c[i] = ut_tcp_connect(&a);
	ut_wait_queued(l[1], 8);
	for (int i = 0; i < 8; i++) {
		close(CHECK_OK(accept(l[1], NULL, NULL)));
		close(c[i]);
	}
	close(l[1]);
}

/*
 * SO_REUSEPORT shares only among sockets of one uid (and all must set
 * it): another uid's socket, or one without the option, gets EADDRINUSE.
 */
void test_tcp_reuseport_uid(void)
{
	struct sockaddr_in a;
	int l, fd, status;

	ut_lo_addr(&a, 0);
	l = reuseport_listener(&a);
	fd = tcp_socket_opt(0);
	CHECK_ERR(bind(fd, (struct sockaddr *)&a, sizeof(a)), EADDRINUSE);
	close(fd);
	if (geteuid() != 0) {
		close(l);
		ut_skip("another uid needs root");
	}
	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		CHECK_OK(setuid(1000));
		fd = tcp_socket_opt(SO_REUSEPORT);
		CHECK_ERR(bind(fd, (struct sockaddr *)&a, sizeof(a)), EADDRINUSE);
		_exit(0);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		_exit(1);				/* the child reported why */
	fd = tcp_socket_opt(SO_REUSEPORT);		/* same uid: fine */
	CHECK_OK(bind(fd, (struct sockaddr *)&a, sizeof(a)));
	close(fd);
	close(l);
}

/* Whether /proc/net/tcp has a line containing text. */
static int proc_tcp_has(const char *text)
{
	char line[256];
	FILE *f = fopen("/proc/net/tcp", "r");
	int found = 0;

	if (!f)
		ut_fail("no /proc/net/tcp");
	while (fgets(line, sizeof(line), f))
		if (strstr(line, text))
			found = 1;
	fclose(f);
	return found;
}

/*
 * /proc/net/tcp: "local rem st" in hex, the address as the raw
 * network-order word (127.0.0.1 is 0100007F on little-endian x86), the
 * port in host order. A listener is 0A with remote 00000000:0000; each
 * end of a connection is 01 with the other as remote.
 */
void test_tcp_proc_net_tcp(void)
{
	struct sockaddr_in a, me;
	socklen_t len = sizeof(me);
	char want[64];
	int l = ut_tcp_listener(&a, 5), c, s;
	unsigned short port = ntohs(a.sin_port);

	snprintf(want, sizeof(want), "0100007F:%04X 00000000:0000 0A ", port);
	CHECK(proc_tcp_has(want));
	CHECK_EQ(ut_proc_tcp(port, ST_LISTEN), 1);
	c = ut_tcp_connect(&a);
	s = CHECK_OK(accept(l, NULL, NULL));
	CHECK_OK(getsockname(c, (struct sockaddr *)&me, &len));
	snprintf(want, sizeof(want), "0100007F:%04X 0100007F:%04X 01 ", ntohs(me.sin_port), port);
	CHECK(proc_tcp_has(want));
	snprintf(want, sizeof(want), "0100007F:%04X 0100007F:%04X 01 ", port, ntohs(me.sin_port));
	CHECK(proc_tcp_has(want));
	close(l);
	CHECK_EQ(ut_proc_tcp(port, ST_LISTEN), 0);
	CHECK_EQ(ut_proc_tcp(port, ST_ESTABLISHED), 1);	/* the accepted socket outlives it */
	close(s);
	close(c);
}

#define CHURN	500

/*
 * CHURN connect/accept/close cycles over lo, each moving a byte both
 * ways. The clients close first, so CHURN TIME_WAIT minisocks remain for
 * 60 s; they are not sockets: on Sockeye /proc/net/sockstat's "sockets:
 * used" must be back at its baseline (a host has other users of sockets),
 * and no descriptor may be left over anywhere.
 */
void test_tcp_churn(void)
{
	struct sockaddr_in a;
	char b;
	long used = ut_sockstat("sockets:", "used ");
	int lowest = CHECK_OK(dup(0)), after, l;

	close(lowest);
	l = ut_tcp_listener(&a, 16);
	for (int i = 0; i < CHURN; i++) {
		int c = ut_tcp_connect(&a), s = CHECK_OK(accept(l, NULL, NULL));

		CHECK_EQ(send(c, "c", 1, 0), 1);
		CHECK_EQ(recv(s, &b, 1, 0), 1);
		CHECK_EQ(send(s, "s", 1, 0), 1);
		CHECK_EQ(recv(c, &b, 1, 0), 1);
		close(c);
		CHECK_EQ(recv(s, &b, 1, 0), 0);
		close(s);
	}
	close(l);
	after = CHECK_OK(dup(0));
	close(after);
	CHECK_EQ(after, lowest);
	if (ut_on_sockeye) {
		CHECK(used >= 0);
		CHECK_EQ(ut_sockstat("sockets:", "used "), used);
	}
}
