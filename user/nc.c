/*
 * nc: move bytes between stdin/stdout and a socket (a small netcat).
 *
 *   nc -u [-q secs] host port          UDP: each stdin line is a datagram,
 *                                      replies are printed
 *   nc -u -l [-p] port                 UDP: print what arrives; stdin goes
 *                                      back to the first peer heard
 *   nc [-q secs] host port             TCP client
 *   nc -l [-p] port                    TCP: accept one connection
 *
 * Structure: main parses options and picks a transport; a transport opens
 * the socket (nc_open: connect, or bind and - for TCP - accept) and then
 * one loop (pump) poll()s stdin and the socket and moves data both ways,
 * whatever the transport; only "how to send a chunk" and "how to receive
 * one" differ (UDP keeps datagram boundaries and, when listening, learns
 * its peer from recvfrom). TCP mode runs as soon as the kernel has
 * SOCK_STREAM; until then socket() says why.
 *
 * End: stdin EOF, then -q seconds (default 1; -1 = forever) more of
 * listening for replies, as netcat-traditional's -q. For TCP, stdin EOF
 * shuts down our sending side and the peer's close ends the loop.
 * System calls: socket, connect / bind (+ listen, accept), poll, read,
 * send / sendto, recv / recvfrom, write.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <poll.h>
#include <time.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netdb.h>

struct nc {
	int udp;
	int listen;
	int verbose;
	long quit_ms;			/* after stdin EOF; < 0: never */
	const char *host;
	int port;
	int fd;
	int have_peer;			/* UDP listener: learned from the first datagram */
	struct sockaddr_in peer;
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

static int resolve(const char *host, struct in_addr *out)
{
	struct hostent *he = gethostbyname(host);

	if (!he)
		return -1;
	memcpy(out, he->h_addr, sizeof(*out));
	return 0;
}

/* Socket set up: after this, nc->fd is ready for pump(). */
static void nc_open(struct nc *nc)
{
	struct sockaddr_in sin;
	int fd, on = 1;

	fd = socket(AF_INET, nc->udp ? SOCK_DGRAM : SOCK_STREAM, 0);
	if (fd < 0)
		die(nc->udp ? "socket(SOCK_DGRAM)" : "socket(SOCK_STREAM)");
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(nc->port);
	if (nc->listen) {
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
		sin.sin_addr.s_addr = htonl(INADDR_ANY);
		if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0)
			die("bind");
		if (!nc->udp) {
			int cfd;
			socklen_t len = sizeof(nc->peer);

			if (listen(fd, 1) < 0)
				die("listen");
			cfd = accept(fd, (struct sockaddr *)&nc->peer, &len);
			if (cfd < 0)
				die("accept");
			close(fd);
			fd = cfd;
			nc->have_peer = 1;
			if (nc->verbose)
				fprintf(stderr, "Connection from %s %d\n",
					inet_ntoa(nc->peer.sin_addr), ntohs(nc->peer.sin_port));
		}
	} else {
		if (resolve(nc->host, &sin.sin_addr) < 0) {
			fprintf(stderr, "nc: %s: Name or service not known\n", nc->host);
			exit(1);
		}
		/* connect() on UDP fixes the peer, so plain send/recv work and
		 * an ICMP port unreachable comes back as ECONNREFUSED. */
		if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0)
			die("connect");
		nc->peer = sin;
		nc->have_peer = 1;
	}
	nc->fd = fd;
}

/* Socket -> stdout. Returns 0 when the peer is done (TCP EOF). */
static int nc_receive(struct nc *nc)
{
	static char buf[65536];
	struct sockaddr_in from;
	socklen_t flen = sizeof(from);
	ssize_t n;

	if (nc->udp && nc->listen)
		n = recvfrom(nc->fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen);
	else
		n = recv(nc->fd, buf, sizeof(buf), 0);
	if (n < 0) {
		if (errno == EINTR || errno == EAGAIN)
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
	if (nc->udp && nc->listen && !nc->have_peer) {
		nc->peer = from;
		nc->have_peer = 1;
		if (nc->verbose)
			fprintf(stderr, "Connection from %s %d\n",
				inet_ntoa(from.sin_addr), ntohs(from.sin_port));
	}
	if (write(1, buf, n) != n)
		die("write");
	return 1;
}

/* stdin -> socket. Returns 0 at EOF. UDP sends one datagram per read (a line on a tty). */
static int nc_send(struct nc *nc)
{
	static char buf[65507];
	ssize_t n = read(0, buf, sizeof(buf)), off = 0, w;

	if (n < 0) {
		if (errno == EINTR)
			return 1;
		die("read");
	}
	if (n == 0)
		return 0;
	if (nc->udp) {
		if (!nc->have_peer)
			return 1;		/* listener with nobody to answer yet: drop it */
		if (nc->listen)
			w = sendto(nc->fd, buf, n, 0, (struct sockaddr *)&nc->peer, sizeof(nc->peer));
		else
			w = send(nc->fd, buf, n, 0);
		if (w < 0 && errno != ECONNREFUSED)
			die("send");
		return 1;
	}
	while (off < n) {
		w = send(nc->fd, buf + off, n - off, 0);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			die("send");
		}
		off += w;
	}
	return 1;
}

static void pump(struct nc *nc)
{
	struct pollfd pfd[2] = { { 0, POLLIN, 0 }, { nc->fd, POLLIN, 0 } };
	long long quit_at = -1;
	int stdin_open = 1;

	for (;;) {
		int timeout = -1, n;

		if (!stdin_open && nc->quit_ms >= 0) {
			long long left = quit_at - now_ms();

			if (left <= 0)
				return;
			timeout = (int)left;
		}
		pfd[0].fd = stdin_open ? 0 : -1;
		n = poll(pfd, 2, timeout);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		if (pfd[1].revents & (POLLIN | POLLERR | POLLHUP)) {
			if (!nc_receive(nc))
				return;
			if (!stdin_open && nc->quit_ms >= 0)
				quit_at = now_ms() + nc->quit_ms;	/* still talking: wait on */
		}
		if (stdin_open && (pfd[0].revents & (POLLIN | POLLHUP | POLLERR))) {
			if (!nc_send(nc)) {
				stdin_open = 0;
				quit_at = now_ms() + nc->quit_ms;
				if (!nc->udp)
					shutdown(nc->fd, SHUT_WR);
			}
		}
	}
}

static int parse_port(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end == s || *end || v <= 0 || v > 65535) {
		fprintf(stderr, "nc: invalid port %s\n", s);
		exit(1);
	}
	return v;
}

static void usage(void)
{
	fprintf(stderr, "usage: nc [-u] [-v] [-q secs] host port\n"
			"       nc [-u] [-v] -l [-p] port\n");
	exit(1);
}

int main(int argc, char **argv)
{
	struct nc nc = { .quit_ms = 1000, .fd = -1 };
	int opt, port = 0, quit_given = 0;

	while ((opt = getopt(argc, argv, "ulp:q:vnw:")) != -1) {
		switch (opt) {
		case 'u': nc.udp = 1; break;
		case 'l': nc.listen = 1; break;
		case 'p': port = parse_port(optarg); break;
		case 'q': case 'w':
			nc.quit_ms = atoi(optarg) < 0 ? -1 : atoi(optarg) * 1000L;
			quit_given = 1;
			break;
		case 'v': nc.verbose = 1; break;
		case 'n': break;		/* numeric only: we never look names up in DNS anyway */
		default: usage();
		}
	}
	if (nc.listen) {
		if (optind < argc)
			port = parse_port(argv[optind++]);
		if (!port || optind != argc)
			usage();
		if (!quit_given)
			nc.quit_ms = -1;	/* a listener waits for its peer */
	} else {
		if (argc - optind != 2)
			usage();
		nc.host = argv[optind];
		port = parse_port(argv[optind + 1]);
	}
	nc.port = port;
	nc_open(&nc);
	pump(&nc);
	close(nc.fd);
	return 0;
}
