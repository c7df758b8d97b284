/*
 * t_socket.c: the socket system call contract - every error in the man
 * pages of socket(2), socketpair(2), bind(2), listen(2), accept(2)/accept4,
 * connect(2), send(2)/recv(2), getsockopt(2)/setsockopt(2), shutdown(2),
 * on UDP sockets (TCP's listening side comes with TCP). Each test body
 * runs twice: through the direct i386 calls and through socketcall(2)
 * (libc's __socketcall_only switch), which must behave identically.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <netinet/in.h>
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

static int udp_socket(void)
{
	return CHECK_OK(socket(AF_INET, SOCK_DGRAM, 0));
}

/* A pipe read end: a valid fd that is not a socket. */
static int not_a_socket(void)
{
	static int p[2] = { -1, -1 };

	if (p[0] < 0)
		CHECK_OK(pipe(p));
	return p[0];
}

static void socket_body(void)
{
	struct stat st;
	int fd, v;
	socklen_t len = sizeof(v);

	CHECK_ERR(socket(9999, SOCK_DGRAM, 0), EAFNOSUPPORT);
	CHECK_ERR(socket(AF_INET, SOCK_DGRAM | 0x10000000, 0), EINVAL);	/* unknown flag */
	CHECK_ERR(socket(AF_INET, 15, 0), EINVAL);			/* past SOCK_MAX */
	CHECK_ERR(socket(AF_INET, SOCK_SEQPACKET, 0), ESOCKTNOSUPPORT);
	CHECK_ERR(socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP), EPROTONOSUPPORT);
	CHECK_ERR(socket(AF_INET, SOCK_DGRAM, -1), EINVAL);

	fd = udp_socket();
	CHECK_OK(fstat(fd, &st));
	CHECK(S_ISSOCK(st.st_mode));
	CHECK_EQ(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
	CHECK_EQ(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);
	CHECK_OK(getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len));
	CHECK_EQ(v, SOCK_DGRAM);
	CHECK_OK(getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &v, &len));
	CHECK_EQ(v, AF_INET);
	CHECK_OK(getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &v, &len));
	CHECK_EQ(v, IPPROTO_UDP);
	close(fd);

	fd = CHECK_OK(socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
	CHECK(fcntl(fd, F_GETFL) & O_NONBLOCK);
	CHECK(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
}
void test_socket_errors(void) { UT_BOTH_PATHS(socket_body); }

static void emfile_body(void)
{
	struct rlimit old, rl;
	int fd, lowest;

	lowest = CHECK_OK(dup(0));
	close(lowest);
	CHECK_OK(getrlimit(RLIMIT_NOFILE, &old));
	rl = old;
	rl.rlim_cur = lowest;		/* every fd below lowest is taken: none free */
	CHECK_OK(setrlimit(RLIMIT_NOFILE, &rl));
	CHECK_ERR(socket(AF_INET, SOCK_DGRAM, 0), EMFILE);
	CHECK_OK(setrlimit(RLIMIT_NOFILE, &old));
	fd = udp_socket();
	CHECK_EQ(fd, lowest);		/* the failed call left nothing behind */
	close(fd);
}
void test_socket_emfile(void) { UT_BOTH_PATHS(emfile_body); }

static void socketpair_body(void)
{
	int sv[2], before = CHECK_OK(dup(0)), after;
	int *volatile bad = (int *)BAD_LOW;

	close(before);
	CHECK_ERR(socketpair(AF_INET, SOCK_DGRAM | 0x10000000, 0, sv), EINVAL);
	CHECK_ERR(socketpair(AF_INET, SOCK_DGRAM, 0, sv), EOPNOTSUPP);
	CHECK_ERR(socketpair(AF_INET, SOCK_DGRAM, 0, bad), EFAULT);
	CHECK_ERR(socketpair(9999, SOCK_DGRAM, 0, sv), EAFNOSUPPORT);
	after = CHECK_OK(dup(0));	/* no fd leaked by the failures */
	close(after);
	CHECK_EQ(after, before);
}
void test_socketpair_errors(void) { UT_BOTH_PATHS(socketpair_body); }

static void bind_body(void)
{
	struct sockaddr_in a = lo_addr(0), got;
	socklen_t len = sizeof(got);
	int fd = udp_socket(), fd2 = udp_socket(), one = 1;

	CHECK_ERR(bind(999, (struct sockaddr *)&a, sizeof(a)), EBADF);
	CHECK_ERR(bind(not_a_socket(), (struct sockaddr *)&a, sizeof(a)), ENOTSOCK);
	CHECK_ERR(bind(fd, (struct sockaddr *)&a, sizeof(a) - 1), EINVAL);
	CHECK_ERR(bind(fd, (struct sockaddr *)&a, -1), EINVAL);
	CHECK_ERR(bind(fd, (struct sockaddr *)BAD_LOW, sizeof(a)), EFAULT);
	a.sin_family = AF_INET6;
	CHECK_ERR(bind(fd, (struct sockaddr *)&a, sizeof(a)), EAFNOSUPPORT);
	a = lo_addr(0);
	a.sin_addr.s_addr = inet_addr("192.0.2.1");	/* TEST-NET-1: never ours */
	CHECK_ERR(bind(fd, (struct sockaddr *)&a, sizeof(a)), EADDRNOTAVAIL);

	a = lo_addr(0);
	CHECK_OK(bind(fd, (struct sockaddr *)&a, sizeof(a)));
	CHECK_ERR(bind(fd, (struct sockaddr *)&a, sizeof(a)), EINVAL);	/* already bound */
	CHECK_OK(getsockname(fd, (struct sockaddr *)&got, &len));
	CHECK_EQ(len, sizeof(got));
	CHECK(ntohs(got.sin_port) >= 1024);	/* an ephemeral port */
	CHECK_EQ(got.sin_addr.s_addr, htonl(INADDR_LOOPBACK));

	CHECK_ERR(bind(fd2, (struct sockaddr *)&got, sizeof(got)), EADDRINUSE);
	close(fd2);
	close(fd);

	/* SO_REUSEADDR on both: UDP lets them share the port. */
	fd = udp_socket();
	fd2 = udp_socket();
	CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	CHECK_OK(setsockopt(fd2, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	CHECK_OK(bind(fd, (struct sockaddr *)&got, sizeof(got)));
	CHECK_OK(bind(fd2, (struct sockaddr *)&got, sizeof(got)));
	close(fd2);
	close(fd);

	if (geteuid() != 0) {
		a = lo_addr(80);
		fd = udp_socket();
		CHECK_ERR(bind(fd, (struct sockaddr *)&a, sizeof(a)), EACCES);
		close(fd);
	}
}
void test_bind_errors(void) { UT_BOTH_PATHS(bind_body); }

static void listen_body(void)
{
	int fd = udp_socket();

	CHECK_ERR(listen(999, 5), EBADF);
	CHECK_ERR(listen(not_a_socket(), 5), ENOTSOCK);
	CHECK_ERR(listen(fd, 5), EOPNOTSUPP);
	close(fd);
}
void test_listen_errors(void) { UT_BOTH_PATHS(listen_body); }

static void accept_body(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	struct rlimit old, rl;
	int fd = udp_socket(), lowest;

	CHECK_ERR(accept4(-1, NULL, NULL, 0x1), EBADF);	/* the fd first (Linux >= 5.5) */
	CHECK_ERR(accept4(not_a_socket(), NULL, NULL, 0x1), EINVAL);	/* then flags */
	CHECK_ERR(accept4(fd, NULL, NULL, O_APPEND), EINVAL);
	CHECK_ERR(accept(999, (struct sockaddr *)&a, &len), EBADF);
	CHECK_ERR(accept4(999, NULL, NULL, SOCK_CLOEXEC), EBADF);
	CHECK_ERR(accept(not_a_socket(), (struct sockaddr *)&a, &len), ENOTSOCK);
	CHECK_ERR(accept(fd, (struct sockaddr *)&a, &len), EOPNOTSUPP);
	CHECK_ERR(accept4(fd, NULL, NULL, SOCK_NONBLOCK), EOPNOTSUPP);
	CHECK_ERR(accept(fd, (struct sockaddr *)BAD_LOW, (socklen_t *)BAD_LOW), EOPNOTSUPP);

	/* Linux reserves the new fd before asking the protocol: no fd -> EMFILE first. */
	lowest = CHECK_OK(dup(0));
	close(lowest);
	CHECK_OK(getrlimit(RLIMIT_NOFILE, &old));
	rl = old;
	rl.rlim_cur = lowest;
	CHECK_OK(setrlimit(RLIMIT_NOFILE, &rl));
	CHECK_ERR(accept(fd, NULL, NULL), EMFILE);
	CHECK_OK(setrlimit(RLIMIT_NOFILE, &old));
	close(fd);
}
void test_accept_errors(void) { UT_BOTH_PATHS(accept_body); }

static void connect_body(void)
{
	struct sockaddr_in a = lo_addr(9), peer;
	socklen_t len = sizeof(peer);
	int fd = udp_socket();

	CHECK_ERR(connect(999, (struct sockaddr *)&a, sizeof(a)), EBADF);
	CHECK_ERR(connect(not_a_socket(), (struct sockaddr *)&a, sizeof(a)), ENOTSOCK);
	CHECK_ERR(connect(fd, (struct sockaddr *)&a, sizeof(a) - 1), EINVAL);
	CHECK_ERR(connect(fd, (struct sockaddr *)&a, -1), EINVAL);
	CHECK_ERR(connect(fd, (struct sockaddr *)BAD_LOW, sizeof(a)), EFAULT);
	a.sin_family = AF_INET6;
	CHECK_ERR(connect(fd, (struct sockaddr *)&a, sizeof(a)), EAFNOSUPPORT);
	a = lo_addr(9);
	a.sin_addr.s_addr = inet_addr("127.255.255.255");	/* lo's broadcast */
	CHECK_ERR(connect(fd, (struct sockaddr *)&a, sizeof(a)), EACCES);	/* no SO_BROADCAST */

	CHECK_ERR(getpeername(fd, (struct sockaddr *)&peer, &len), ENOTCONN);
	a = lo_addr(9);
	CHECK_OK(connect(fd, (struct sockaddr *)&a, sizeof(a)));
	len = sizeof(peer);
	CHECK_OK(getpeername(fd, (struct sockaddr *)&peer, &len));
	CHECK_EQ(peer.sin_port, htons(9));
	CHECK_EQ(peer.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	/* A short buffer gets a truncated address and the real length. */
	len = 4;
	memset(&peer, 0xee, sizeof(peer));
	CHECK_OK(getpeername(fd, (struct sockaddr *)&peer, &len));
	CHECK_EQ(len, sizeof(peer));
	CHECK_EQ(peer.sin_port, htons(9));
	CHECK_EQ(peer.sin_addr.s_addr, 0xeeeeeeee);
	len = -1;
	CHECK_ERR(getpeername(fd, (struct sockaddr *)&peer, &len), EINVAL);
	len = sizeof(peer);
	CHECK_ERR(getpeername(fd, (struct sockaddr *)BAD_LOW, &len), EFAULT);
	CHECK_ERR(getsockname(fd, (struct sockaddr *)&peer, (socklen_t *)BAD_LOW), EFAULT);

	/* AF_UNSPEC dissolves the association. */
	a.sin_family = AF_UNSPEC;
	CHECK_OK(connect(fd, (struct sockaddr *)&a, sizeof(a)));
	len = sizeof(peer);
	CHECK_ERR(getpeername(fd, (struct sockaddr *)&peer, &len), ENOTCONN);
	close(fd);
}
void test_connect_errors(void) { UT_BOTH_PATHS(connect_body); }

static void send_recv_body(void)
{
	struct sockaddr_in a = lo_addr(9);
	char buf[16];
	int fd = udp_socket(), nb;
	char *big;

	CHECK_ERR(send(999, "x", 1, 0), EBADF);
	CHECK_ERR(send(not_a_socket(), "x", 1, 0), ENOTSOCK);
	CHECK_ERR(recv(999, buf, 1, 0), EBADF);
	CHECK_ERR(recv(not_a_socket(), buf, 1, MSG_DONTWAIT), ENOTSOCK);
	CHECK_ERR(send(fd, "x", 1, 0), EDESTADDRREQ);
	CHECK_ERR(sendto(fd, "x", 1, 0, (struct sockaddr *)&a, sizeof(a) - 1), EINVAL);
	CHECK_ERR(sendto(fd, "x", 1, 0, (struct sockaddr *)BAD_LOW, sizeof(a)), EFAULT);
	CHECK_ERR(sendto(fd, BAD_LOW, 8, 0, (struct sockaddr *)&a, sizeof(a)), EFAULT);
	CHECK_ERR(sendto(fd, "x", 1, MSG_OOB, (struct sockaddr *)&a, sizeof(a)), EOPNOTSUPP);
	a.sin_family = AF_INET6;
	CHECK_ERR(sendto(fd, "x", 1, 0, (struct sockaddr *)&a, sizeof(a)), EAFNOSUPPORT);
	a = lo_addr(0);
	CHECK_ERR(sendto(fd, "x", 1, 0, (struct sockaddr *)&a, sizeof(a)), EINVAL);	/* port 0 */
	a.sin_port = htons(9);
	a.sin_addr.s_addr = inet_addr("127.255.255.255");	/* lo's broadcast */
	CHECK_ERR(sendto(fd, "x", 1, 0, (struct sockaddr *)&a, sizeof(a)), EACCES);

	big = malloc(65536);
	CHECK(big != NULL);
	a = lo_addr(9);
	CHECK_ERR(sendto(fd, big, 65508, 0, (struct sockaddr *)&a, sizeof(a)), EMSGSIZE);
	free(big);

	CHECK_ERR(recv(fd, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	nb = fcntl(fd, F_GETFL);
	CHECK_OK(fcntl(fd, F_SETFL, nb | O_NONBLOCK));
	CHECK_ERR(recv(fd, buf, sizeof(buf), 0), EAGAIN);
	CHECK_ERR(read(fd, buf, sizeof(buf)), EAGAIN);
	close(fd);
}
void test_send_recv_errors(void) { UT_BOTH_PATHS(send_recv_body); }

static void sockopt_body(void)
{
	int fd = udp_socket(), v, one = 1;
	socklen_t len = sizeof(v);
	struct timeval tv = { 1, 500000 }, tv2;
	struct linger lg = { 1, 5 }, lg2;

	CHECK_ERR(setsockopt(999, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)), EBADF);
	CHECK_ERR(setsockopt(not_a_socket(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)), ENOTSOCK);
	CHECK_ERR(setsockopt(fd, SOL_SOCKET, 9999, &one, sizeof(one)), ENOPROTOOPT);
	CHECK_ERR(setsockopt(fd, SOL_SOCKET, SO_TYPE, &one, sizeof(one)), ENOPROTOOPT);
	CHECK_ERR(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, 2), EINVAL);
	CHECK_ERR(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, -1), EINVAL);
	CHECK_ERR(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, BAD_LOW, sizeof(int)), EFAULT);
	CHECK_ERR(setsockopt(fd, SOL_IP, 9999, &one, sizeof(one)), ENOPROTOOPT);
	CHECK_ERR(getsockopt(999, SOL_SOCKET, SO_TYPE, &v, &len), EBADF);
	CHECK_ERR(getsockopt(not_a_socket(), SOL_SOCKET, SO_TYPE, &v, &len), ENOTSOCK);
	CHECK_ERR(getsockopt(fd, SOL_SOCKET, 9999, &v, &len), ENOPROTOOPT);
	CHECK_ERR(getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, (socklen_t *)BAD_LOW), EFAULT);
	CHECK_ERR(getsockopt(fd, SOL_SOCKET, SO_TYPE, BAD_LOW, &len), EFAULT);
	len = -1;
	CHECK_ERR(getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len), EINVAL);

	len = sizeof(v);
	CHECK_OK(getsockopt(fd, SOL_SOCKET, SO_ERROR, &v, &len));
	CHECK_EQ(v, 0);
	CHECK_OK(getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &v, &len));
	CHECK_EQ(v, 0);

	/* SO_RCVBUF / SO_SNDBUF: the kernel doubles what it is given. */
	v = 8192;
	CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)));
	CHECK_OK(getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, &len));
	CHECK_EQ(v, 16384);
	v = 8192;
	CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v)));
	CHECK_OK(getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &v, &len));
	CHECK_EQ(v, 16384);
	v = 1;
	CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)));
	CHECK_OK(getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, &len));
	CHECK(v >= 2048 && v < 8192);		/* the minimum, not 2 */

	/* A short getsockopt buffer gets a truncated value and its length. */
	len = 0;
	CHECK_OK(getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len));
	CHECK_EQ(len, 0);

	CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	len = sizeof(tv2);
	CHECK_OK(getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv2, &len));
	CHECK_EQ(len, sizeof(tv2));
	CHECK_EQ(tv2.tv_sec, 1);
	CHECK_EQ(tv2.tv_usec, 500000);
	CHECK_ERR(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv) - 1), EINVAL);
	tv.tv_usec = 1000000;
	CHECK_ERR(setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)), EDOM);

	CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)));
	len = sizeof(lg2);
	CHECK_OK(getsockopt(fd, SOL_SOCKET, SO_LINGER, &lg2, &len));
	CHECK(lg2.l_onoff && lg2.l_linger == 5);
	CHECK_ERR(setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg) - 1), EINVAL);

	CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one)));
	len = sizeof(v);
	CHECK_OK(getsockopt(fd, SOL_SOCKET, SO_BROADCAST, &v, &len));
	CHECK_EQ(v, 1);
	CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one)));
	CHECK_OK(getsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &v, &len));
	CHECK_EQ(v, 1);

	CHECK_OK(getsockopt(fd, SOL_IP, IP_TTL, &v, &len));
	CHECK_EQ(v, 64);
	v = 200;
	CHECK_OK(setsockopt(fd, SOL_IP, IP_TTL, &v, sizeof(v)));
	CHECK_OK(getsockopt(fd, SOL_IP, IP_TTL, &v, &len));
	CHECK_EQ(v, 200);
	v = 0;
	CHECK_ERR(setsockopt(fd, SOL_IP, IP_TTL, &v, sizeof(v)), EINVAL);
	v = 0x10;
	CHECK_OK(setsockopt(fd, SOL_IP, IP_TOS, &v, sizeof(v)));
	CHECK_OK(getsockopt(fd, SOL_IP, IP_TOS, &v, &len));
	CHECK_EQ(v, 0x10);
	CHECK_ERR(setsockopt(fd, SOL_IP, IP_HDRINCL, &one, sizeof(one)), ENOPROTOOPT);
	close(fd);
}
void test_sockopt_errors(void) { UT_BOTH_PATHS(sockopt_body); }

static void shutdown_body(void)
{
	struct sockaddr_in a = lo_addr(9);
	char buf[4];
	int fd = udp_socket();

	CHECK_ERR(shutdown(999, SHUT_RD), EBADF);
	CHECK_ERR(shutdown(not_a_socket(), SHUT_RD), ENOTSOCK);
	CHECK_ERR(shutdown(fd, 3), EINVAL);
	CHECK_ERR(shutdown(fd, -1), EINVAL);
	CHECK_ERR(shutdown(fd, SHUT_RDWR), ENOTCONN);	/* unconnected UDP */
	close(fd);

	fd = udp_socket();
	CHECK_OK(connect(fd, (struct sockaddr *)&a, sizeof(a)));
	CHECK_OK(shutdown(fd, SHUT_RD));
	CHECK_EQ(recv(fd, buf, sizeof(buf), 0), 0);	/* end of file, no wait */
	CHECK_OK(shutdown(fd, SHUT_WR));
	CHECK_ERR(send(fd, "x", 1, MSG_NOSIGNAL), EPIPE);
	close(fd);
}
void test_shutdown_errors(void) { UT_BOTH_PATHS(shutdown_body); }
