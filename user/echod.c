/*
 * echod: the echo service of RFC 862 over UDP: every datagram that arrives
 * on port 7 goes back, unchanged, to whoever sent it.
 *
 *   echod [-f] [-p port]
 *
 * init starts it at boot (user/init.c, start_services) unless the kernel
 * command line says `noservices`. Like a classic daemon it reports setup
 * errors from the process init waits for, then forks: the parent exits 0
 * once the socket is bound (so init's console output stays in order and a
 * failure is printed before the shell starts), the child serves forever.
 * -f stays in the foreground (for running it by hand or under a debugger).
 *
 * The loop is recvfrom -> sendto: udp_recvmsg gives us the peer's address,
 * udp_sendmsg answers it from our port 7. Errors on one datagram (the peer
 * is unreachable, no buffer) drop that datagram only.
 * The TCP services (echo, discard, daytime, chargen) are user/tcpsvcd.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <signal.h>
#include <sys/socket.h>
#include <netinet/in.h>

#define ECHO_PORT	7
#define ECHO_MAX	65507	/* the largest UDP payload */

static int udp_echo_open(int port)
{
	struct sockaddr_in sin;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	int on = 1;

	if (fd < 0) {
		fprintf(stderr, "echod: socket: %s\n", strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_ANY);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		fprintf(stderr, "echod: bind udp port %d: %s\n", port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static void udp_echo_serve(int fd)
{
	static char buf[ECHO_MAX];
	struct sockaddr_in peer;
	socklen_t plen;
	ssize_t n;

	for (;;) {
		plen = sizeof(peer);
		n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&peer, &plen);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			/* ICMP errors from an earlier answer's peer surface here: ignore. */
			if (errno == ECONNREFUSED || errno == EHOSTUNREACH || errno == ENETUNREACH)
				continue;
			fprintf(stderr, "echod: recvfrom: %s\n", strerror(errno));
			sleep(1);
			continue;
		}
		sendto(fd, buf, n, 0, (struct sockaddr *)&peer, plen);
	}
}

int main(int argc, char **argv)
{
	int opt, fd, foreground = 0, port = ECHO_PORT;
	pid_t pid;

	while ((opt = getopt(argc, argv, "fp:")) != -1) {
		switch (opt) {
		case 'f':
			foreground = 1;
			break;
		case 'p':
			port = atoi(optarg);
			if (port <= 0 || port > 65535) {
				fprintf(stderr, "echod: bad port %s\n", optarg);
				return 2;
			}
			break;
		default:
			fprintf(stderr, "usage: echod [-f] [-p port]\n");
			return 2;
		}
	}
	fd = udp_echo_open(port);
	if (fd < 0)
		return 1;
	if (!foreground) {
		pid = fork();
		if (pid < 0) {
			fprintf(stderr, "echod: fork: %s\n", strerror(errno));
			return 1;
		}
		if (pid > 0)
			return 0;		/* bound and serving: tell init we are up */
		setsid();			/* no controlling terminal: ^C at the shell is not for us */
		signal(SIGHUP, SIG_IGN);
	}
	udp_echo_serve(fd);
	return 0;
}
