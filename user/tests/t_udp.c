/*
 * t_udp.c: UDP and ICMP sockets over lo - datagram boundaries, MSG_PEEK
 * and MSG_TRUNC, receive-buffer overflow counted in /proc/net/snmp,
 * ECONNREFUSED after an ICMP port unreachable, IP_RECVERR, IP_PKTINFO,
 * SO_RCVTIMEO, EINTR from a blocked recv, poll, ping and raw ICMP
 * sockets, busybox ping, and the socket count in /proc/net/sockstat.
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
#include <sys/wait.h>
#include <sys/time.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <arpa/inet.h>
#include "ut.h"

static struct sockaddr_in lo_addr(unsigned short port)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

/* A UDP socket bound to an ephemeral port on 127.0.0.1; *addr gets its name. */
static int bound_udp(struct sockaddr_in *addr)
{
	struct sockaddr_in a = lo_addr(0);
	socklen_t len = sizeof(a);
	int fd = CHECK_OK(socket(AF_INET, SOCK_DGRAM, 0));

	CHECK_OK(bind(fd, (struct sockaddr *)&a, sizeof(a)));
	CHECK_OK(getsockname(fd, (struct sockaddr *)addr, &len));
	return fd;
}

/* A port nobody listens on: bind one, remember it, close it. */
static struct sockaddr_in closed_port(void)
{
	struct sockaddr_in a;
	int fd = bound_udp(&a);

	close(fd);
	return a;
}

static long snmp_value(const char *proto, const char *field)
{
	char names[512], values[512];
	FILE *f = fopen("/proc/net/snmp", "r");
	long result = -1;
	size_t plen = strlen(proto);

	if (!f)
		return -1;
	while (fgets(names, sizeof(names), f) && fgets(values, sizeof(values), f)) {
		char *sn, *sv, *n, *v;

		if (strncmp(names, proto, plen) || names[plen] != ':')
			continue;
		n = strtok_r(names + plen + 1, " \n", &sn);
		v = strtok_r(values + plen + 1, " \n", &sv);
		while (n && v) {
			if (!strcmp(n, field)) {
				result = atol(v);
				break;
			}
			n = strtok_r(NULL, " \n", &sn);
			v = strtok_r(NULL, " \n", &sv);
		}
		break;
	}
	fclose(f);
	return result;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void test_udp_boundaries(void)
{
	struct sockaddr_in ra, sa, from;
	socklen_t flen = sizeof(from);
	static char buf[2000], out[1000];
	int r = bound_udp(&ra), s = bound_udp(&sa);
	int sizes[] = { 1, 100, 1000, 0 };

	for (int i = 0; i < 1000; i++)
		out[i] = (char)i;
	for (int i = 0; i < 4; i++)
		CHECK_EQ(sendto(s, out, sizes[i], 0, (struct sockaddr *)&ra, sizeof(ra)), sizes[i]);
	for (int i = 0; i < 4; i++) {
		flen = sizeof(from);
		CHECK_EQ(recvfrom(r, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen), sizes[i]);
		CHECK(!memcmp(buf, out, sizes[i]));
		CHECK_EQ(flen, sizeof(from));
		CHECK_EQ(from.sin_port, sa.sin_port);
		CHECK_EQ(from.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	}
	/* write/read on a connected pair */
	CHECK_OK(connect(s, (struct sockaddr *)&ra, sizeof(ra)));
	CHECK_EQ(write(s, "hello", 5), 5);
	CHECK_EQ(read(r, buf, sizeof(buf)), 5);
	close(r);
	close(s);
}

void test_udp_peek_trunc(void)
{
	struct sockaddr_in ra;
	char buf[64];
	struct iovec iov = { buf, 4 };
	struct msghdr msg;
	int r = bound_udp(&ra), s = CHECK_OK(socket(AF_INET, SOCK_DGRAM, 0)), n;

	CHECK_EQ(sendto(s, "0123456789", 10, 0, (struct sockaddr *)&ra, sizeof(ra)), 10);
	CHECK_EQ(sendto(s, "abcdefghij", 10, 0, (struct sockaddr *)&ra, sizeof(ra)), 10);
	CHECK_OK(ioctl(r, FIONREAD, &n));
	CHECK_EQ(n, 10);
	CHECK_EQ(recv(r, buf, sizeof(buf), MSG_PEEK), 10);
	CHECK(!memcmp(buf, "0123456789", 10));
	CHECK_EQ(recv(r, buf, 3, MSG_PEEK | MSG_TRUNC), 10);	/* the real length */
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	CHECK_EQ(recvmsg(r, &msg, 0), 4);			/* truncated, rest discarded */
	CHECK(msg.msg_flags & MSG_TRUNC);
	CHECK(!memcmp(buf, "0123", 4));
	CHECK_EQ(recv(r, buf, sizeof(buf), 0), 10);
	CHECK(!memcmp(buf, "abcdefghij", 10));
	close(r);
	close(s);
}

void test_udp_rcvbuf_overflow(void)
{
	struct sockaddr_in ra;
	static char buf[1000];
	int r = bound_udp(&ra), s = CHECK_OK(socket(AF_INET, SOCK_DGRAM, 0));
	int small = 1, got = 0;
	long before, after;

	before = snmp_value("Udp", "RcvbufErrors");
	if (before < 0)
		ut_skip("no /proc/net/snmp Udp line");
	CHECK_OK(setsockopt(r, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small)));
	for (int i = 0; i < 64; i++)
		CHECK_EQ(sendto(s, buf, sizeof(buf), 0, (struct sockaddr *)&ra, sizeof(ra)), 1000);
	while (recv(r, buf, sizeof(buf), MSG_DONTWAIT) == 1000)
		got++;
	after = snmp_value("Udp", "RcvbufErrors");
	CHECK(got > 0 && got < 64);
	CHECK(after - before >= 64 - got);
	close(r);
	close(s);
}

void test_udp_connrefused(void)
{
	struct sockaddr_in dead = closed_port();
	char buf[8];
	int s = CHECK_OK(socket(AF_INET, SOCK_DGRAM, 0));
	long noports = snmp_value("Udp", "NoPorts");

	CHECK_OK(connect(s, (struct sockaddr *)&dead, sizeof(dead)));
	CHECK_EQ(send(s, "x", 1, 0), 1);
	CHECK_ERR(recv(s, buf, sizeof(buf), 0), ECONNREFUSED);	/* the ICMP error, once */
	CHECK_ERR(recv(s, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	CHECK(snmp_value("Udp", "NoPorts") > noports);
	close(s);
}

void test_udp_recverr(void)
{
	struct sockaddr_in dead = closed_port(), from;
	struct {
		struct sock_extended_err ee;
		struct sockaddr_in offender;
	} *err;
	char buf[16], cbuf[128];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr msg;
	struct cmsghdr *cm;
	struct pollfd pfd;
	int s = CHECK_OK(socket(AF_INET, SOCK_DGRAM, 0)), one = 1;

	CHECK_OK(setsockopt(s, SOL_IP, IP_RECVERR, &one, sizeof(one)));
	CHECK_EQ(sendto(s, "ping", 4, 0, (struct sockaddr *)&dead, sizeof(dead)), 4);
	pfd.fd = s;
	pfd.events = 0;
	CHECK_EQ(poll(&pfd, 1, 2000), 1);
	CHECK(pfd.revents & POLLERR);
	memset(&msg, 0, sizeof(msg));
	msg.msg_name = &from;
	msg.msg_namelen = sizeof(from);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cbuf;
	msg.msg_controllen = sizeof(cbuf);
	CHECK_EQ(recvmsg(s, &msg, MSG_ERRQUEUE), 4);
	CHECK(!memcmp(buf, "ping", 4));
	CHECK(msg.msg_flags & MSG_ERRQUEUE);
	CHECK_EQ(from.sin_port, dead.sin_port);
	cm = CMSG_FIRSTHDR(&msg);
	CHECK(cm != NULL);
	CHECK_EQ(cm->cmsg_level, SOL_IP);
	CHECK_EQ(cm->cmsg_type, IP_RECVERR);
	err = (void *)CMSG_DATA(cm);
	CHECK_EQ(err->ee.ee_errno, ECONNREFUSED);
	CHECK_EQ(err->ee.ee_origin, SO_EE_ORIGIN_ICMP);
	CHECK_EQ(err->ee.ee_type, ICMP_DEST_UNREACH);
	CHECK_EQ(err->ee.ee_code, ICMP_PORT_UNREACH);
	CHECK_EQ(err->offender.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	CHECK_ERR(recvmsg(s, &msg, MSG_ERRQUEUE), EAGAIN);
	close(s);
}

void test_udp_pktinfo(void)
{
	struct sockaddr_in ra;
	char buf[16], cbuf[128];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr msg;
	struct cmsghdr *cm;
	struct in_pktinfo *pi = NULL;
	int r = bound_udp(&ra), s = CHECK_OK(socket(AF_INET, SOCK_DGRAM, 0)), one = 1;

	CHECK_OK(setsockopt(r, SOL_IP, IP_PKTINFO, &one, sizeof(one)));
	CHECK_EQ(sendto(s, "x", 1, 0, (struct sockaddr *)&ra, sizeof(ra)), 1);
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cbuf;
	msg.msg_controllen = sizeof(cbuf);
	CHECK_EQ(recvmsg(r, &msg, 0), 1);
	for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm))
		if (cm->cmsg_level == SOL_IP && cm->cmsg_type == IP_PKTINFO)
			pi = (struct in_pktinfo *)CMSG_DATA(cm);
	CHECK(pi != NULL);
	CHECK_EQ(pi->ipi_addr.s_addr, htonl(INADDR_LOOPBACK));
	CHECK_EQ(pi->ipi_spec_dst.s_addr, htonl(INADDR_LOOPBACK));
	CHECK(pi->ipi_ifindex > 0);
	close(r);
	close(s);
}

void test_udp_rcvtimeo(void)
{
	struct sockaddr_in ra;
	struct timeval tv = { 0, 200000 };
	char buf[4];
	int r = bound_udp(&ra);
	long long t0, dt;

	CHECK_OK(setsockopt(r, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	t0 = now_ms();
	CHECK_ERR(recv(r, buf, sizeof(buf), 0), EAGAIN);
	dt = now_ms() - t0;
	CHECK(dt >= 150 && dt < 2000);
	close(r);
}

static void on_alarm(int sig)
{
	(void)sig;
}

void test_udp_eintr(void)
{
	struct sockaddr_in ra;
	struct sigaction sa;
	char buf[4];
	int r = bound_udp(&ra);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;	/* no SA_RESTART: the recv must fail */
	CHECK_OK(sigaction(SIGALRM, &sa, NULL));
	alarm(1);
	CHECK_ERR(recv(r, buf, sizeof(buf), 0), EINTR);
	close(r);
}

void test_udp_poll(void)
{
	struct sockaddr_in ra;
	struct pollfd pfd;
	char buf[4];
	int r = bound_udp(&ra), s = CHECK_OK(socket(AF_INET, SOCK_DGRAM, 0));

	pfd.fd = r;
	pfd.events = POLLIN | POLLOUT;
	CHECK_EQ(poll(&pfd, 1, 0), 1);
	CHECK_EQ(pfd.revents, POLLOUT);
	pfd.events = POLLIN;
	CHECK_EQ(poll(&pfd, 1, 50), 0);

	/* A sender in a child wakes the poller. */
	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		usleep(100000);
		sendto(s, "x", 1, 0, (struct sockaddr *)&ra, sizeof(ra));
		_exit(0);
	}
	CHECK_EQ(poll(&pfd, 1, 5000), 1);
	CHECK(pfd.revents & POLLIN);
	CHECK_EQ(recv(r, buf, sizeof(buf), 0), 1);
	waitpid(pid, NULL, 0);
	close(r);
	close(s);
}

void test_udp_shutdown_wakes(void)
{
	struct sockaddr_in ra;
	char buf[4];
	int r = bound_udp(&ra);

	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		usleep(100000);
		shutdown(r, SHUT_RD);
		_exit(0);
	}
	CHECK_EQ(recv(r, buf, sizeof(buf), 0), 0);
	waitpid(pid, NULL, 0);
	close(r);
}

static unsigned short icmp_cksum(const void *p, int len)
{
	const unsigned short *w = p;
	unsigned int sum = 0;

	for (; len > 1; len -= 2)
		sum += *w++;
	if (len)
		sum += *(const unsigned char *)w;
	sum = (sum >> 16) + (sum & 0xffff);
	sum += sum >> 16;
	return (unsigned short)~sum;
}

void test_ping_socket(void)
{
	struct sockaddr_in dst = lo_addr(0), me, from;
	socklen_t len = sizeof(me), flen = sizeof(from);
	struct { struct icmphdr h; char data[8]; } req, rep;
	struct timeval tv = { 2, 0 };
	int s = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);

	if (s < 0 && (errno == EACCES || errno == EPERM) && !ut_on_sockeye)
		ut_skip("ping sockets not allowed by ping_group_range");
	CHECK(s >= 0);
	CHECK_OK(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	memset(&req, 0, sizeof(req));
	req.h.type = ICMP_ECHO;
	req.h.un.echo.sequence = htons(7);
	memcpy(req.data, "sockeye", 8);
	CHECK_EQ(sendto(s, &req, sizeof(req), 0, (struct sockaddr *)&dst, sizeof(dst)), sizeof(req));
	CHECK_OK(getsockname(s, (struct sockaddr *)&me, &len));
	CHECK_EQ(recvfrom(s, &rep, sizeof(rep), 0, (struct sockaddr *)&from, &flen), sizeof(rep));
	CHECK_EQ(rep.h.type, ICMP_ECHOREPLY);
	CHECK_EQ(rep.h.un.echo.id, me.sin_port);	/* the kernel's identifier */
	CHECK_EQ(ntohs(rep.h.un.echo.sequence), 7);
	CHECK(!memcmp(rep.data, "sockeye", 8));
	CHECK_EQ(from.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	req.h.type = ICMP_ECHOREPLY;
	CHECK_ERR(sendto(s, &req, sizeof(req), 0, (struct sockaddr *)&dst, sizeof(dst)), EINVAL);
	CHECK_ERR(sendto(s, &req, 4, 0, (struct sockaddr *)&dst, sizeof(dst)), EINVAL);
	close(s);
}

void test_raw_icmp(void)
{
	struct sockaddr_in dst = lo_addr(0);
	struct { struct icmphdr h; char data[8]; } req;
	unsigned char pkt[256];
	struct timeval tv = { 2, 0 };
	unsigned short id = (unsigned short)getpid();
	int s = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP), n, tries;

	if (s < 0 && errno == EPERM)
		ut_skip("raw sockets need root");
	CHECK(s >= 0);
	CHECK_OK(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	memset(&req, 0, sizeof(req));
	req.h.type = ICMP_ECHO;
	req.h.un.echo.id = htons(id);
	req.h.un.echo.sequence = htons(1);
	memcpy(req.data, "rawsock", 8);
	req.h.checksum = icmp_cksum(&req, sizeof(req));
	CHECK_EQ(sendto(s, &req, sizeof(req), 0, (struct sockaddr *)&dst, sizeof(dst)), sizeof(req));
	/* Every ICMP packet comes in with its IP header: skip our own request. */
	for (tries = 0; tries < 8; tries++) {
		struct iphdr *ip = (struct iphdr *)pkt;
		struct icmphdr *h;

		n = CHECK_OK(recv(s, pkt, sizeof(pkt), 0));
		CHECK(n >= (int)(sizeof(*ip) + sizeof(req)));
		CHECK_EQ(ip->protocol, IPPROTO_ICMP);
		h = (struct icmphdr *)(pkt + ip->ihl * 4);
		if (h->type == ICMP_ECHOREPLY && h->un.echo.id == htons(id)) {
			CHECK(!memcmp(h + 1, "rawsock", 8));
			close(s);
			return;
		}
	}
	ut_fail("no echo reply on the raw socket");
}

void test_busybox_ping(void)
{
	int status;

	if (!ut_on_sockeye || access("/bin/busybox", X_OK))
		ut_skip("no Sockeye busybox");
	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		int nul = open("/dev/null", O_WRONLY);

		dup2(nul, 1);
		execl("/bin/busybox", "ping", "-c", "2", "-W", "2", "127.0.0.1", (char *)NULL);
		_exit(127);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status));
	CHECK_EQ(WEXITSTATUS(status), 0);
}


void test_socket_leaks(void)
{
	struct sockaddr_in a;
	int used, inuse, fds[8];

	if (!ut_on_sockeye)
		ut_skip("other processes open sockets on a host");
	used = ut_sockstat("sockets:", "used ");
	inuse = ut_sockstat("UDP:", "inuse ");
	CHECK(used >= 0 && inuse >= 0);
	for (int i = 0; i < 8; i++)
		fds[i] = bound_udp(&a);
	CHECK_EQ(ut_sockstat("sockets:", "used "), used + 8);
	CHECK_EQ(ut_sockstat("UDP:", "inuse "), inuse + 8);
	for (int i = 0; i < 8; i++)
		close(fds[i]);
	/* a socket closed with data still queued and a peeked skb */
	int r = bound_udp(&a), s = CHECK_OK(socket(AF_INET, SOCK_DGRAM, 0));
	char c;
	CHECK_EQ(sendto(s, "q", 1, 0, (struct sockaddr *)&a, sizeof(a)), 1);
	CHECK_EQ(sendto(s, "q", 1, 0, (struct sockaddr *)&a, sizeof(a)), 1);
	CHECK_EQ(recv(r, &c, 1, MSG_PEEK), 1);
	close(r);
	close(s);
	CHECK_EQ(ut_sockstat("sockets:", "used "), used);
	CHECK_EQ(ut_sockstat("UDP:", "inuse "), inuse);
}
