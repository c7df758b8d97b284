/*
 * netserv: the guest side of tools/bench/tcp_bench.py, five small servers in
 * one program, one role per process:
 *
 *   netserv sink    5001   bulk_h2g: read to EOF, answer the byte count (8 bytes, big-endian)
 *   netserv source  5002   bulk_g2h: read an 8-byte count N, send N bytes (0: until the peer goes)
 *   netserv acceptd 5003   conn_c1/c16: accept, one read, echo it, close (backlog 128)
 *   netserv echo    5004   rr1/rr64: echo every byte until EOF
 *   netserv udpecho 5005   udp_ping: echo every datagram to its sender
 *
 * They are the project's reference workloads (the same behaviour as the
 * servers a Linux guest is measured with), built as a static i386 glibc
 * program, so one binary runs unmodified on Sockeye and on the Linux
 * reference guest (x86-64 with its 32-bit compatibility layer). Only plain
 * socket calls, one connection at a time, static buffers: what is measured
 * is the kernel, not the server.
 */
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static unsigned char buf[65536];

/* Linux raises SIGPIPE on a write to a reset connection; the flag keeps the
 * server alive when the host client closes first (bulk_g2h always does). */
static int send_all(int fd, const unsigned char *p, unsigned long n)
{
	while (n > 0) {
		long w = send(fd, p, n, MSG_NOSIGNAL);
		if (w <= 0)
			return -1;
		p += w;
		n -= w;
	}
	return 0;
}

static int read_full(int fd, unsigned char *p, unsigned long n)
{
	while (n > 0) {
		long r = read(fd, p, n);
		if (r <= 0)
			return -1;
		p += r;
		n -= r;
	}
	return 0;
}

static int bind_any(int type, int port, int backlog)
{
	struct sockaddr_in sa;
	int one = 1;
	int fd = socket(AF_INET, type, 0);

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    (type == SOCK_STREAM && listen(fd, backlog) < 0)) {
		close(fd);
		return -1;
	}
	return fd;
}

static void sink(int fd)
{
	unsigned long long total = 0;
	unsigned char reply[8];
	long r;
	int i;

	while ((r = read(fd, buf, sizeof(buf))) > 0)
		total += r;
	for (i = 7; i >= 0; i--, total >>= 8)
		reply[i] = total & 0xff;
	send_all(fd, reply, 8);
}

static void source(int fd)
{
	unsigned char req[8];
	unsigned long long n = 0;
	int i, forever;

	if (read_full(fd, req, 8) < 0)
		return;
	for (i = 0; i < 8; i++)
		n = n << 8 | req[i];
	forever = n == 0;
	while (forever || n > 0) {
		unsigned long chunk = !forever && n < sizeof(buf) ? n : sizeof(buf);
		if (send_all(fd, buf, chunk) < 0)
			return;
		if (!forever)
			n -= chunk;
	}
}

static void acceptd(int fd)
{
	long r = read(fd, buf, 512);

	if (r > 0)
		send_all(fd, buf, r);
}

static void echo(int fd)
{
	long r;

	while ((r = read(fd, buf, sizeof(buf))) > 0)
		if (send_all(fd, buf, r) < 0)
			return;
}

static void udpecho(int fd)
{
	for (;;) {
		struct sockaddr_in peer;
		socklen_t len = sizeof(peer);
		long r = recvfrom(fd, buf, 2048, 0, (struct sockaddr *)&peer, &len);
		if (r >= 0)
			sendto(fd, buf, r, 0, (struct sockaddr *)&peer, len);
	}
}

static const struct role {
	const char *name;
	void (*serve)(int fd);
	int backlog;
} roles[] = {
	{ "sink", sink, 16 },
	{ "source", source, 16 },
	{ "acceptd", acceptd, 128 },
	{ "echo", echo, 16 },
};

int main(int argc, char **argv)
{
	unsigned long i;
	int ls;

	if (argc != 3)
		return 2;
	if (!strcmp(argv[1], "udpecho")) {
		ls = bind_any(SOCK_DGRAM, atoi(argv[2]), 0);
		if (ls < 0)
			return 1;
		udpecho(ls);
	}
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = 'a' + i % 26;
	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		if (strcmp(argv[1], roles[i].name))
			continue;
		ls = bind_any(SOCK_STREAM, atoi(argv[2]), roles[i].backlog);
		if (ls < 0)
			return 1;
		for (;;) {
			int fd = accept(ls, 0, 0);
			if (fd < 0)
				continue;
			roles[i].serve(fd);
			close(fd);
		}
	}
	return 2;
}
