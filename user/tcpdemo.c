/*
 * tcpdemo: a small TCP endpoint for poking the stack by hand and from the
 * host-driven TCP tier (tools/testing/test_tcp.py).
 *
 *   tcpdemo listen PORT [BACKLOG] [--noaccept|--echo|--close] [--reuseport]
 *   tcpdemo connect HOST PORT [BYTES] [--keepalive]
 *
 * listen: bind PORT on every address, listen(BACKLOG, default 16), print
 *   "tcpdemo[PID]: listening on PORT" and serve until killed:
 *     (default)   each connection is read to EOF; the bytes are checked
 *                 against the test pattern (below) and counted
 *     --echo      each connection gets every byte back
 *     --close     accept and close at once (counts connections)
 *     --noaccept  never call accept(): the accept queue fills up
 *     --reuseport SO_REUSEPORT before bind, so several can share PORT
 *   Every accept prints "tcpdemo[PID]: accepted ADDR:PORT"; every finished
 *   connection "tcpdemo[PID]: closed ADDR:PORT in N out M pattern ok|bad".
 *   Connections are served in a forked child each, so one slow peer does
 *   not hold up the next handshake.
 *
 * connect: connect to HOST:PORT, send BYTES (default 0) of the test pattern
 *   while reading whatever comes back, then shutdown(SHUT_WR) and read to
 *   EOF. Prints "tcpdemo: sent N received M pattern ok|bad"; exits 0 when
 *   what came back is a prefix of the pattern (an echo, or a pattern
 *   server), 1 otherwise. With --keepalive it sends nothing and waits:
 *   SO_KEEPALIVE with TCP_KEEPIDLE 1, TCP_KEEPINTVL 1, TCP_KEEPCNT 2, so a
 *   silent peer is probed and, after two unanswered probes, the read fails
 *   ("tcpdemo: read: Connection timed out").
 *
 * The test pattern is byte i = (i + i/251) & 0xff: position-dependent, so
 * a lost, doubled or reordered segment shows up as a mismatch, and the
 * host side can generate it with one line of Python.
 *
 * System calls: socket, setsockopt, bind, listen, accept, connect, poll,
 * read, write, shutdown, fork, waitpid.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netinet/tcp.h>

#define CHUNK 4096

static unsigned char pattern_at(unsigned long i)
{
	return (unsigned char)(i + i / 251);
}

static void fill_pattern(unsigned char *buf, unsigned long off, size_t n)
{
	for (size_t k = 0; k < n; k++)
		buf[k] = pattern_at(off + k);
}

/* Does buf match the pattern at offset off? */
static int check_pattern(const unsigned char *buf, unsigned long off, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (buf[k] != pattern_at(off + k))
			return 0;
	return 1;
}

static void die(const char *what)
{
	fprintf(stderr, "tcpdemo: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void usage(void)
{
	fprintf(stderr, "usage: tcpdemo listen PORT [BACKLOG] [--noaccept|--echo|--close] [--reuseport]\n"
			"       tcpdemo connect HOST PORT [BYTES] [--keepalive]\n");
	exit(2);
}

/* write() all of buf; -1 on error. */
static int write_all(int fd, const unsigned char *buf, size_t n)
{
	while (n) {
		ssize_t w = write(fd, buf, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += w;
		n -= w;
	}
	return 0;
}

enum mode { MODE_SINK, MODE_ECHO, MODE_CLOSE, MODE_NOACCEPT };

/* One accepted connection, in its own child: sink or echo until EOF. */
static void serve(int fd, enum mode mode, const char *who)
{
	unsigned char buf[CHUNK];
	unsigned long in = 0, out = 0;
	int ok = 1;
	ssize_t n;

	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			printf("tcpdemo[%d]: %s read: %s\n", getpid(), who, strerror(errno));
			break;
		}
		if (ok && !check_pattern(buf, in, n))
			ok = 0;
		in += n;
		if (mode == MODE_ECHO) {
			if (write_all(fd, buf, n) < 0) {
				printf("tcpdemo[%d]: %s write: %s\n", getpid(), who, strerror(errno));
				break;
			}
			out += n;
		}
	}
	printf("tcpdemo[%d]: closed %s in %lu out %lu pattern %s\n",
	       getpid(), who, in, out, ok ? "ok" : "bad");
	close(fd);
}

static int do_listen(int argc, char **argv)
{
	enum mode mode = MODE_SINK;
	int port, backlog = 16, reuseport = 0, one = 1, fd;
	struct sockaddr_in a = { .sin_family = AF_INET };

	if (argc < 1)
		usage();
	port = atoi(argv[0]);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--echo"))
			mode = MODE_ECHO;
		else if (!strcmp(argv[i], "--close"))
			mode = MODE_CLOSE;
		else if (!strcmp(argv[i], "--noaccept"))
			mode = MODE_NOACCEPT;
		else if (!strcmp(argv[i], "--accept"))
			mode = MODE_SINK;
		else if (!strcmp(argv[i], "--reuseport"))
			reuseport = 1;
		else if (argv[i][0] >= '0' && argv[i][0] <= '9')
			backlog = atoi(argv[i]);
		else
			usage();
	}

	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		die("socket");
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0)
		die("SO_REUSEADDR");
	if (reuseport && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) < 0)
		die("SO_REUSEPORT");
	a.sin_port = htons(port);
	if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0)
		die("bind");
	if (listen(fd, backlog) < 0)
		die("listen");
	printf("tcpdemo[%d]: listening on %d\n", getpid(), port);
	fflush(stdout);

	if (mode == MODE_NOACCEPT)
		for (;;)
			pause();

	for (;;) {
		struct sockaddr_in peer;
		socklen_t len = sizeof peer;
		char who[32];
		int c = accept(fd, (struct sockaddr *)&peer, &len);

		while (waitpid(-1, NULL, WNOHANG) > 0)
			;		/* reap children of earlier connections */
		if (c < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			die("accept");
		}
		snprintf(who, sizeof who, "%s:%d", inet_ntoa(peer.sin_addr), ntohs(peer.sin_port));
		printf("tcpdemo[%d]: accepted %s\n", getpid(), who);
		fflush(stdout);
		if (mode == MODE_CLOSE) {
			close(c);
			continue;
		}
		pid_t pid = fork();

		if (pid < 0) {
			printf("tcpdemo[%d]: fork: %s\n", getpid(), strerror(errno));
			close(c);
			continue;
		}
		if (pid == 0) {
			close(fd);
			serve(c, mode, who);
			exit(0);
		}
		close(c);
	}
}

static int do_connect(int argc, char **argv)
{
	unsigned char buf[CHUNK];
	unsigned long total, sent = 0, got = 0;
	struct sockaddr_in a = { .sin_family = AF_INET };
	int fd, ok = 1, wr_open = 1, keepalive = 0;

	if (argc > 2 && !strcmp(argv[argc - 1], "--keepalive")) {
		keepalive = 1;
		argc--;
	}
	if (argc < 2)
		usage();
	if (!inet_aton(argv[0], &a.sin_addr))
		usage();
	a.sin_port = htons(atoi(argv[1]));
	total = argc > 2 ? strtoul(argv[2], NULL, 0) : 0;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		die("socket");
	if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0)
		die("connect");
	if (keepalive) {
		int one = 1, cnt = 2;

		if (setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one) < 0 ||
		    setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &one, sizeof one) < 0 ||
		    setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &one, sizeof one) < 0 ||
		    setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof cnt) < 0)
			die("setsockopt");
		printf("tcpdemo: keepalive armed\n");
		if (read(fd, buf, sizeof buf) < 0)
			die("read");
		printf("tcpdemo: the peer closed\n");
		return 0;
	}

	/* Send and receive together: an echo peer stops reading once its
	 * replies fill our receive window, so send-then-read would deadlock. */
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (wr_open && sent == total) {
			shutdown(fd, SHUT_WR);
			wr_open = 0;
		}
		if (wr_open)
			p.events |= POLLOUT;
		if (poll(&p, 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
			ssize_t n = read(fd, buf, sizeof buf);

			if (n < 0)
				die("read");
			if (n == 0)
				break;
			if (ok && !check_pattern(buf, got, n))
				ok = 0;
			got += n;
		}
		if (wr_open && (p.revents & POLLOUT)) {
			size_t n = total - sent < CHUNK ? total - sent : CHUNK;
			ssize_t w;

			fill_pattern(buf, sent, n);
			w = write(fd, buf, n);
			if (w < 0)
				die("write");
			sent += w;
		}
	}
	printf("tcpdemo: sent %lu received %lu pattern %s\n", sent, got, ok ? "ok" : "bad");
	close(fd);
	return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 2 && !strcmp(argv[1], "listen"))
		return do_listen(argc - 2, argv + 2);
	if (argc >= 2 && !strcmp(argv[1], "connect"))
		return do_connect(argc - 2, argv + 2);
	usage();
	return 2;
}
