/*
 * nc: move bytes between stdin/stdout and a socket (a small netcat).
 *
 *   nc [-v] [-w secs] [-q secs] host port    TCP client
 *   nc [-v] [-k] -l [-p] port                TCP: serve one connection
 *                                            (-k: then the next, forever)
 *   nc -z [-v] [-w secs] host port[-port]    TCP: which ports accept?
 *   nc -u [-v] [-q secs] host port           UDP: each stdin read is one
 *                                            datagram, replies printed
 *   nc -u [-v] -l [-p] port                  UDP: print what arrives; stdin
 *                                            goes to the first peer heard
 *   nc -U [-v] [-w secs] [-q secs] path      unix stream client
 *   nc -U [-v] [-k] -l path                  unix stream server (the socket
 *                                            file is removed when nc ends)
 *   nc -U -z [-v] path                       does anyone accept there?
 *   nc -U -u [-v] [-q secs] path             unix datagram client (autobound
 *                                            to an abstract name, so replies
 *                                            come back, as netcat-openbsd
 *                                            binds a temporary path)
 *   nc -U -u [-v] -l path                    unix datagram server: answers
 *                                            the first sender that has a name
 *
 * Structure: main parses options; the socket is opened by tcp_connect
 * (nonblocking connect, bounded by -w), tcp_accept or udp_open; then one
 * loop (pump) poll()s stdin and the socket and moves data both ways.
 * Bytes read from stdin wait in nc->out until the socket takes them, and
 * stdin is not read while any wait, so a peer that stops reading slows us
 * down instead of blocking us in send() (where we could not read what it
 * sends us: two netcats that both write would deadlock).
 *
 * How a TCP session ends: stdin EOF, once nc->out has drained, becomes
 * shutdown(SHUT_WR) - the peer sees our FIN and can still answer; the
 * peer's FIN (recv returns 0) ends the session. -w: a connect that takes
 * longer, or a session idle that long, ends too. -q: quit that many
 * seconds after stdin EOF (UDP clients default to 1 s, as there is no FIN
 * to wait for; UDP's -w means the same, as in netcat-traditional).
 * Exit status: 0, or 1 on an error (refused, reset, timed-out connect);
 * -z: 0 if any port accepted.
 * System calls: socket, connect / bind + listen + accept, poll, read,
 * send / sendto, recv / recvfrom, write, shutdown, unlink (-lU).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <poll.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netdb.h>

#define UDP_MAX		65507		/* the largest UDP payload */

struct nc {
	int udp, listen, keep, scan, verbose, unix_sock;
	long quit_ms;			/* after stdin EOF; < 0: never */
	long wait_ms;			/* TCP: connect and idle timeout; < 0: none */
	struct sockaddr_in addr;	/* client: where to; listener: our port */
	struct sockaddr_un uaddr;	/* -U: the path, either way */
	int port_hi;			/* -z: the last port of the range */
	int fd;
	int have_peer;			/* UDP listener: learned from the first datagram */
	struct sockaddr_storage peer;	/* an IPv4 or (-U -u) a unix address */
	socklen_t peer_len;
	int stdin_open;
	size_t out_len, out_off;	/* stdin bytes in out not yet sent */
	char out[UDP_MAX];
};

static void die(const char *what)
{
	fprintf(stderr, "nc: %s: %s\n", what, strerror(errno));
	exit(1);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int parse_port(const char *s, char **rest)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end == s || (*end && !rest) || v <= 0 || v > 65535) {
		fprintf(stderr, "nc: invalid port %s\n", s);
		exit(1);
	}
	if (rest)
		*rest = end;
	return v;
}

/*
 * connect() with a deadline: started nonblocking, finished by poll for
 * POLLOUT, the outcome read from SO_ERROR. Returns the socket, still
 * nonblocking (pump wants it so), or -1 with errno.
 */
static int tcp_connect(const struct sockaddr *sa, socklen_t salen, long timeout_ms)
{
	struct pollfd pfd;
	socklen_t len = sizeof(int);
	int fd, err = 0, n;

	fd = socket(sa->sa_family, SOCK_STREAM, 0);
	if (fd < 0)
		die("socket(SOCK_STREAM)");
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	if (connect(fd, sa, salen) == 0)
		return fd;
	/* A unix connect does not go in progress: a full backlog is EAGAIN. */
	if (errno != EINPROGRESS)
		goto out_close;
	pfd = (struct pollfd){ fd, POLLOUT, 0 };
	do
		n = poll(&pfd, 1, timeout_ms < 0 ? -1 : (int)timeout_ms);
	while (n < 0 && errno == EINTR);
	if (n == 0) {
		errno = ETIMEDOUT;	/* still SYN_SENT: close() abandons it */
		goto out_close;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err) {
		errno = err ? err : errno;
		goto out_close;
	}
	return fd;
out_close:
	err = errno;
	close(fd);
	errno = err;
	return -1;
}

/* Where -U or the IPv4 address points, as connect/bind take it. */
static const struct sockaddr *nc_sockaddr(const struct nc *nc, socklen_t *len)
{
	if (nc->unix_sock) {
		*len = sizeof(nc->uaddr);
		return (const struct sockaddr *)&nc->uaddr;
	}
	*len = sizeof(nc->addr);
	return (const struct sockaddr *)&nc->addr;
}

static int listen_on(struct nc *nc)
{
	socklen_t len;
	const struct sockaddr *sa = nc_sockaddr(nc, &len);
	int on = 1, fd = socket(sa->sa_family, nc->udp ? SOCK_DGRAM : SOCK_STREAM, 0);

	if (fd < 0)
		die(nc->udp ? "socket(SOCK_DGRAM)" : "socket(SOCK_STREAM)");
	if (!nc->unix_sock)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (bind(fd, sa, len) < 0)
		die("bind");
	if (!nc->udp && listen(fd, 1) < 0)
		die("listen");
	if (nc->verbose && nc->unix_sock)
		fprintf(stderr, "nc: listening on %s\n", nc->uaddr.sun_path);
	else if (nc->verbose)
		fprintf(stderr, "nc: listening on port %d\n", ntohs(nc->addr.sin_port));
	return fd;
}

static void tcp_accept(struct nc *nc, int lfd)
{
	do
		nc->fd = accept(lfd, NULL, NULL);
	while (nc->fd < 0 && (errno == EINTR || errno == ECONNABORTED));
	if (nc->fd < 0)
		die("accept");
	fcntl(nc->fd, F_SETFL, fcntl(nc->fd, F_GETFL) | O_NONBLOCK);
	if (nc->unix_sock) {
		if (nc->verbose)
			fprintf(stderr, "nc: connection on %s\n", nc->uaddr.sun_path);
		return;
	}
	struct sockaddr_in *in = (struct sockaddr_in *)&nc->peer;
	socklen_t len = sizeof(nc->peer);
	getpeername(nc->fd, (struct sockaddr *)&nc->peer, &len);
	if (nc->verbose)
		fprintf(stderr, "nc: connection from %s port %d\n",
			inet_ntoa(in->sin_addr), ntohs(in->sin_port));
}

static void udp_open(struct nc *nc)
{
	if (nc->listen) {
		nc->fd = listen_on(nc);
		return;
	}
	socklen_t len;
	const struct sockaddr *sa = nc_sockaddr(nc, &len);

	nc->fd = socket(sa->sa_family, SOCK_DGRAM, 0);
	if (nc->fd < 0)
		die("socket(SOCK_DGRAM)");
	/* A unix sender without a name gets no replies: bind with only the
	 * family and Linux autobinds an abstract "\0XXXXX" name. */
	if (nc->unix_sock && bind(nc->fd, sa, sizeof(sa_family_t)) < 0)
		die("bind");
	/* connect() fixes the peer, so plain send/recv work and an ICMP port
	 * unreachable (or a unix path nobody holds) comes back as ECONNREFUSED. */
	if (connect(nc->fd, sa, len) < 0)
		die("connect");
	memcpy(&nc->peer, sa, len);
	nc->peer_len = len;
	nc->have_peer = 1;
}

/* Socket -> stdout. Returns 0 when the peer is done (TCP EOF). */
static int nc_receive(struct nc *nc)
{
	static char buf[65536];
	struct sockaddr_storage from;
	socklen_t flen = sizeof(from);
	ssize_t n;

	if (nc->udp && nc->listen)
		n = recvfrom(nc->fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen);
	else
		n = recv(nc->fd, buf, sizeof(buf), 0);
	if (n < 0) {
		if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
			return 1;
		if (nc->udp && errno == ECONNREFUSED) {
			/* Nobody at the port: say so, keep going (netcat does too). */
			fprintf(stderr, "nc: %s\n", strerror(errno));
			return 1;
		}
		die("recv");
	}
	if (n == 0 && !nc->udp)
		return 0;
	/* An unnamed unix sender (flen is just the family) cannot be answered. */
	if (nc->udp && nc->listen && !nc->have_peer && flen > sizeof(sa_family_t)) {
		struct sockaddr_in *in = (struct sockaddr_in *)&from;

		nc->peer = from;
		nc->peer_len = flen;
		nc->have_peer = 1;
		if (nc->verbose && nc->unix_sock)
			fprintf(stderr, "nc: datagram from a named sender\n");
		else if (nc->verbose)
			fprintf(stderr, "nc: connection from %s port %d\n",
				inet_ntoa(in->sin_addr), ntohs(in->sin_port));
	}
	if (write(1, buf, n) != n)
		die("write");
	return 1;
}

/* stdin -> nc->out. Returns 0 at EOF. UDP: one read is one datagram (a line on a tty). */
static int nc_read_stdin(struct nc *nc)
{
	ssize_t n = read(0, nc->out, nc->udp ? UDP_MAX : sizeof(nc->out));

	if (n < 0) {
		if (errno == EINTR || errno == EAGAIN)
			return 1;
		die("read");
	}
	nc->out_len = n;
	nc->out_off = 0;
	return n > 0;
}

/* nc->out -> socket, as much as it takes now. */
static void nc_flush(struct nc *nc)
{
	size_t left = nc->out_len - nc->out_off;
	ssize_t w;

	if (nc->udp) {
		nc->out_len = nc->out_off = 0;	/* a datagram goes whole or not at all */
		if (!nc->have_peer)
			return;			/* listener with nobody to answer yet: drop it */
		if (nc->listen)
			w = sendto(nc->fd, nc->out, left, 0, (struct sockaddr *)&nc->peer,
				   nc->peer_len);
		else
			w = send(nc->fd, nc->out, left, 0);
		if (w < 0 && errno != ECONNREFUSED)
			die("send");
		return;
	}
	/* MSG_NOSIGNAL: a reset peer is an error to report, not a SIGPIPE. */
	w = send(nc->fd, nc->out + nc->out_off, left, MSG_NOSIGNAL);
	if (w < 0) {
		if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
			return;
		die("send");
	}
	nc->out_off += w;
	if (nc->out_off == nc->out_len)
		nc->out_len = nc->out_off = 0;
}

/* stdin is over and everything sent: TCP tells the peer with a FIN. */
static void nc_stdin_done(struct nc *nc)
{
	if (!nc->udp && shutdown(nc->fd, SHUT_WR) < 0 && errno != ENOTCONN)
		die("shutdown");
}

/* One session: until the peer's FIN (TCP), -q after stdin EOF, or -w idle. */
static void pump(struct nc *nc)
{
	long long quit_at = -1, idle_at = -1;

	if (!nc->stdin_open && nc->out_len == 0)
		nc_stdin_done(nc);		/* -k: stdin ended in an earlier session */
	for (;;) {
		int pending = nc->out_len > nc->out_off;
		struct pollfd pfd[2] = {
			{ nc->stdin_open && !pending ? 0 : -1, POLLIN, 0 },
			{ nc->fd, POLLIN | (pending ? POLLOUT : 0), 0 },
		};
		long long deadline = quit_at;
		int timeout = -1, n;

		if (!nc->udp && nc->wait_ms >= 0) {
			if (idle_at < 0)
				idle_at = now_ms() + nc->wait_ms;
			if (deadline < 0 || idle_at < deadline)
				deadline = idle_at;
		}
		if (deadline >= 0) {
			long long left = deadline - now_ms();

			if (left <= 0)
				return;
			timeout = (int)left;
		}
		n = poll(pfd, 2, timeout);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		if (n > 0)
			idle_at = -1;		/* something happened: the idle clock restarts */
		if (pfd[1].revents & POLLOUT) {
			nc_flush(nc);
			if (!nc->stdin_open && nc->out_len == 0)
				nc_stdin_done(nc);
		}
		if (pfd[1].revents & (POLLIN | POLLERR | POLLHUP)) {
			if (!nc_receive(nc))
				return;
			if (quit_at >= 0)
				quit_at = now_ms() + nc->quit_ms;	/* still talking: wait on */
		}
		if (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			if (!nc_read_stdin(nc)) {
				nc->stdin_open = 0;
				if (nc->quit_ms >= 0)
					quit_at = now_ms() + nc->quit_ms;
				nc_stdin_done(nc);
			}
		}
	}
}

/* -z: try each port of the range; no data. */
static int scan(struct nc *nc)
{
	int port, open_ports = 0;

	if (nc->unix_sock) {
		socklen_t len;
		const struct sockaddr *sa = nc_sockaddr(nc, &len);
		int fd = tcp_connect(sa, len, nc->wait_ms);

		if (nc->verbose)
			fprintf(stderr, "nc: %s: %s\n", nc->uaddr.sun_path,
				fd >= 0 ? "open" : strerror(errno));
		if (fd >= 0)
			close(fd);
		return fd >= 0 ? 0 : 1;
	}
	for (port = ntohs(nc->addr.sin_port); port <= nc->port_hi; port++) {
		struct sockaddr_in sin = nc->addr;
		int fd;

		sin.sin_port = htons(port);
		fd = tcp_connect((struct sockaddr *)&sin, sizeof(sin), nc->wait_ms);
		if (fd >= 0) {
			open_ports++;
			close(fd);
		}
		if (nc->verbose) {
			if (fd >= 0)
				fprintf(stderr, "nc: %s port %d open\n", inet_ntoa(sin.sin_addr), port);
			else
				fprintf(stderr, "nc: %s port %d: %s\n", inet_ntoa(sin.sin_addr), port,
					strerror(errno));
		}
	}
	return open_ports ? 0 : 1;
}

static void usage(void)
{
	fprintf(stderr, "usage: nc [-v] [-w secs] [-q secs] host port\n"
			"       nc [-v] [-k] -l [-p] port\n"
			"       nc -z [-v] [-w secs] host port[-port]\n"
			"       nc -u [-v] [-q secs] host port | -l [-p] port\n"
			"       nc -U [-v] [-k] [-l] [-z] [-w secs] [-q secs] path\n"
			"       nc -U -u [-v] [-q secs] path | -l path\n");
	exit(1);
}

int main(int argc, char **argv)
{
	static struct nc nc = { .quit_ms = -1, .wait_ms = -1, .fd = -1, .stdin_open = 1 };
	int opt, port = 0, quit_given = 0;
	char *rest;

	while ((opt = getopt(argc, argv, "uUklp:q:vnw:z")) != -1) {
		switch (opt) {
		case 'u': nc.udp = 1; break;
		case 'U': nc.unix_sock = 1; break;
		case 'k': nc.keep = 1; break;
		case 'l': nc.listen = 1; break;
		case 'p': port = parse_port(optarg, NULL); break;
		case 'q':
			nc.quit_ms = atoi(optarg) < 0 ? -1 : atoi(optarg) * 1000L;
			quit_given = 1;
			break;
		case 'w': nc.wait_ms = atoi(optarg) < 0 ? -1 : atoi(optarg) * 1000L; break;
		case 'v': nc.verbose = 1; break;
		case 'z': nc.scan = 1; break;
		case 'n': break;		/* numeric only: we never look names up in DNS anyway */
		default: usage();
		}
	}
	if ((nc.keep && (!nc.listen || nc.udp)) || (nc.scan && (nc.listen || nc.udp)))
		usage();
	nc.addr.sin_family = AF_INET;
	if (nc.unix_sock) {
		if (argc - optind != 1 || strlen(argv[optind]) >= sizeof(nc.uaddr.sun_path))
			usage();
		nc.uaddr.sun_family = AF_UNIX;
		strcpy(nc.uaddr.sun_path, argv[optind]);
	} else if (nc.listen) {
		if (optind < argc)
			port = parse_port(argv[optind++], NULL);
		if (!port || optind != argc)
			usage();
		nc.addr.sin_addr.s_addr = htonl(INADDR_ANY);
	} else {
		struct hostent *he;

		if (argc - optind != 2)
			usage();
		he = gethostbyname(argv[optind]);
		if (!he) {
			fprintf(stderr, "nc: %s: Name or service not known\n", argv[optind]);
			return 1;
		}
		memcpy(&nc.addr.sin_addr, he->h_addr, sizeof(nc.addr.sin_addr));
		port = parse_port(argv[optind + 1], nc.scan ? &rest : NULL);
		nc.port_hi = port;
		if (nc.scan && *rest == '-')
			nc.port_hi = parse_port(rest + 1, NULL);
		else if (nc.scan && *rest)
			usage();
	}
	nc.addr.sin_port = htons(port);
	if (nc.scan)
		return scan(&nc);

	if (nc.udp) {
		/* No FIN in UDP: a client listens 1 s past stdin EOF by default. */
		if (nc.wait_ms >= 0)
			nc.quit_ms = nc.wait_ms;
		else if (!quit_given && !nc.listen)
			nc.quit_ms = 1000;
		nc.wait_ms = -1;
		udp_open(&nc);
		pump(&nc);
		if (nc.unix_sock && nc.listen)
			unlink(nc.uaddr.sun_path);
	} else if (nc.listen) {
		int lfd = listen_on(&nc);

		do {
			tcp_accept(&nc, lfd);
			pump(&nc);
			close(nc.fd);
		} while (nc.keep);
		if (nc.unix_sock)
			unlink(nc.uaddr.sun_path);
		nc.fd = lfd;
	} else {
		socklen_t len;
		const struct sockaddr *sa = nc_sockaddr(&nc, &len);

		nc.fd = tcp_connect(sa, len, nc.wait_ms);
		if (nc.fd < 0 && nc.unix_sock) {
			fprintf(stderr, "nc: connect to %s: %s\n", nc.uaddr.sun_path, strerror(errno));
			return 1;
		}
		if (nc.fd < 0) {
			fprintf(stderr, "nc: connect to %s port %d: %s\n",
				inet_ntoa(nc.addr.sin_addr), port, strerror(errno));
			return 1;
		}
		if (nc.verbose && !nc.unix_sock)
			fprintf(stderr, "nc: connected to %s port %d\n",
				inet_ntoa(nc.addr.sin_addr), port);
		pump(&nc);
	}
	close(nc.fd);
	return 0;
}
