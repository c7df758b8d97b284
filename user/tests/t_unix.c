/*
 * t_unix.c: AF_UNIX sockets as a program uses them - names (pathname,
 * abstract, autobind), stream connections (listen/connect/accept4, data,
 * shutdown, EOF, EPIPE/SIGPIPE, poll), datagrams (sender names, connected
 * filters, max_dgram_qlen flow control) and seqpacket records, with every
 * errno of bind/connect/listen/accept4/sendmsg/recvmsg the man pages list
 * for AF_UNIX. Contract bodies run through the direct calls and through
 * socketcall(2) (UT_BOTH_PATHS). Files in flight are in t_unix_scm.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/ioctl.h>
#include "ut.h"
#include "t_unix.h"

socklen_t unix_addr(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	strcpy(a->sun_path, path);
	return offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
}

/* An abstract name: "\0" + name, no trailing NUL counted. */
socklen_t unix_abstract(struct sockaddr_un *a, const char *name)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	strcpy(a->sun_path + 1, name);
	return offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name);
}

int unix_listener(const char *path, int type, int backlog)
{
	struct sockaddr_un a;
	socklen_t len = unix_addr(&a, path);
	int fd = CHECK_OK(socket(AF_UNIX, type, 0));

	CHECK_OK(bind(fd, (struct sockaddr *)&a, len));
	CHECK_OK(listen(fd, backlog));
	return fd;
}

int unix_connect_to(const char *path, int type)
{
	struct sockaddr_un a;
	socklen_t len = unix_addr(&a, path);
	int fd = CHECK_OK(socket(AF_UNIX, type, 0));

	CHECK_OK(connect(fd, (struct sockaddr *)&a, len));
	return fd;
}

static void socket_body(void)
{
	int fd, type;
	socklen_t len = sizeof(type);

	CHECK_ERR(socket(AF_UNIX, SOCK_STREAM, 1234), EPROTONOSUPPORT);
	CHECK_ERR(socket(AF_UNIX, SOCK_RDM, 0), ESOCKTNOSUPPORT);
	fd = CHECK_OK(socket(AF_UNIX, SOCK_STREAM, PF_UNIX));
	close(fd);
	/* SOCK_RAW is taken as SOCK_DGRAM, as Linux. */
	fd = CHECK_OK(socket(AF_UNIX, SOCK_RAW, 0));
	CHECK_OK(getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len));
	CHECK_EQ(type, SOCK_DGRAM);
	close(fd);
}

void test_unix_socket(void)
{
	UT_BOTH_PATHS(socket_body);
}

static void bind_body(void)
{
	struct sockaddr_un a, got;
	socklen_t len, glen;
	struct stat st;
	int fd, fd2, p[2];

	fd = CHECK_OK(socket(AF_UNIX, SOCK_STREAM, 0));
	len = unix_addr(&a, "sock");
	CHECK_ERR(bind(fd, (struct sockaddr *)&a, 1), EINVAL);
	CHECK_ERR(bind(fd, (struct sockaddr *)&a, sizeof(a) + 1), EINVAL);
	a.sun_family = AF_INET;
	CHECK_ERR(bind(fd, (struct sockaddr *)&a, len), EINVAL);
	a.sun_family = AF_UNIX;
	CHECK_ERR(bind(fd, BAD_LOW, len), EFAULT);
	CHECK_ERR(bind(-1, (struct sockaddr *)&a, len), EBADF);
	CHECK_OK(pipe(p));
	CHECK_ERR(bind(p[0], (struct sockaddr *)&a, len), ENOTSOCK);
	close(p[0]);
	close(p[1]);

	len = unix_addr(&a, "nodir/sock");
	CHECK_ERR(bind(fd, (struct sockaddr *)&a, len), ENOENT);
	close(CHECK_OK(open("file", O_CREAT | O_WRONLY, 0644)));
	len = unix_addr(&a, "file/sock");
	CHECK_ERR(bind(fd, (struct sockaddr *)&a, len), ENOTDIR);
	len = unix_addr(&a, "file");
	CHECK_ERR(bind(fd, (struct sockaddr *)&a, len), EADDRINUSE);
	unlink("file");

	/* A path: an S_IFSOCK node, the umask applied; getsockname gives it back. */
	len = unix_addr(&a, "sock");
	CHECK_OK(bind(fd, (struct sockaddr *)&a, len));
	CHECK_OK(stat("sock", &st));
	CHECK(S_ISSOCK(st.st_mode));
	CHECK_ERR(open("sock", O_RDWR), ENXIO);		/* a socket node is not opened */
	glen = sizeof(got);
	CHECK_OK(getsockname(fd, (struct sockaddr *)&got, &glen));
	CHECK_EQ(glen, len);
	CHECK(!strcmp(got.sun_path, "sock"));
	/* Bound already: the node is made first (EADDRINUSE), else EINVAL and no node, as Linux 5.15+. */
	CHECK_ERR(bind(fd, (struct sockaddr *)&a, len), EADDRINUSE);
	glen = unix_addr(&got, "other");
	CHECK_ERR(bind(fd, (struct sockaddr *)&got, glen), EINVAL);
	CHECK_ERR(stat("other", &st), ENOENT);
	fd2 = CHECK_OK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK_ERR(bind(fd2, (struct sockaddr *)&a, len), EADDRINUSE);
	/* The node outlives the socket until unlink, as on Linux. */
	close(fd);
	CHECK_ERR(bind(fd2, (struct sockaddr *)&a, len), EADDRINUSE);
	CHECK_OK(unlink("sock"));
	CHECK_OK(bind(fd2, (struct sockaddr *)&a, len));
	CHECK_OK(unlink("sock"));
	close(fd2);

	/* Abstract: no file; taken once per type. */
	fd = CHECK_OK(socket(AF_UNIX, SOCK_STREAM, 0));
	fd2 = CHECK_OK(socket(AF_UNIX, SOCK_STREAM, 0));
	len = unix_abstract(&a, "sockeye-ut-bind");
	CHECK_OK(bind(fd, (struct sockaddr *)&a, len));
	CHECK_ERR(bind(fd2, (struct sockaddr *)&a, len), EADDRINUSE);
	glen = sizeof(got);
	CHECK_OK(getsockname(fd, (struct sockaddr *)&got, &glen));
	CHECK_EQ(glen, len);
	CHECK(got.sun_path[0] == 0 && !memcmp(got.sun_path + 1, "sockeye-ut-bind", 15));
	close(fd);
	CHECK_OK(bind(fd2, (struct sockaddr *)&a, len));	/* free again once closed */
	close(fd2);

	/* Autobind: just the family picks "\0" + five hex digits. */
	fd = CHECK_OK(socket(AF_UNIX, SOCK_DGRAM, 0));
	CHECK_OK(bind(fd, (struct sockaddr *)&a, sizeof(short)));
	glen = sizeof(got);
	CHECK_OK(getsockname(fd, (struct sockaddr *)&got, &glen));
	CHECK_EQ(glen, sizeof(short) + 6);
	CHECK(got.sun_path[0] == 0);
	close(fd);
	/* Unbound: just the family. */
	fd = CHECK_OK(socket(AF_UNIX, SOCK_DGRAM, 0));
	glen = sizeof(got);
	CHECK_OK(getsockname(fd, (struct sockaddr *)&got, &glen));
	CHECK_EQ(glen, sizeof(short));
	CHECK_EQ(got.sun_family, AF_UNIX);
	close(fd);
}

void test_unix_bind(void)
{
	UT_BOTH_PATHS(bind_body);
}

static void connect_body(void)
{
	struct sockaddr_un a;
	socklen_t len;
	int lfd, fd, dfd, i, c[4];

	fd = CHECK_OK(socket(AF_UNIX, SOCK_STREAM, 0));
	len = unix_addr(&a, "nothere");
	CHECK_ERR(connect(fd, (struct sockaddr *)&a, len), ENOENT);
	CHECK_ERR(connect(fd, (struct sockaddr *)&a, 1), EINVAL);
	CHECK_ERR(connect(fd, BAD_LOW, len), EFAULT);
	CHECK_ERR(connect(-1, (struct sockaddr *)&a, len), EBADF);
	a.sun_family = AF_INET;
	CHECK_ERR(connect(fd, (struct sockaddr *)&a, len), EINVAL);
	close(CHECK_OK(open("file", O_CREAT | O_WRONLY, 0644)));
	len = unix_addr(&a, "file");
	CHECK_ERR(connect(fd, (struct sockaddr *)&a, len), ECONNREFUSED);
	unlink("file");
	len = unix_abstract(&a, "sockeye-ut-nobody");
	CHECK_ERR(connect(fd, (struct sockaddr *)&a, len), ECONNREFUSED);

	/* Bound but not listening; then a datagram socket at the path. */
	lfd = CHECK_OK(socket(AF_UNIX, SOCK_STREAM, 0));
	len = unix_addr(&a, "srv");
	CHECK_OK(bind(lfd, (struct sockaddr *)&a, len));
	CHECK_ERR(connect(fd, (struct sockaddr *)&a, len), ECONNREFUSED);
	close(lfd);
	CHECK_ERR(connect(fd, (struct sockaddr *)&a, len), ECONNREFUSED);	/* node left, nobody bound */
	unlink("srv");
	dfd = CHECK_OK(socket(AF_UNIX, SOCK_DGRAM, 0));
	CHECK_OK(bind(dfd, (struct sockaddr *)&a, len));
	CHECK_ERR(connect(fd, (struct sockaddr *)&a, len), EPROTOTYPE);
	close(dfd);
	unlink("srv");

	/* A full backlog: nonblocking connects get EAGAIN (Linux queues backlog + 1). */
	lfd = unix_listener("srv", SOCK_STREAM, 1);
	CHECK_ERR(connect(lfd, (struct sockaddr *)&a, len), EINVAL);	/* a listener cannot connect */
	c[0] = unix_connect_to("srv", SOCK_STREAM);
	/* Linux looks the listener up (and waits for room) before it checks our state. */
	CHECK_ERR(connect(c[0], (struct sockaddr *)&a, len), EISCONN);
	c[1] = unix_connect_to("srv", SOCK_STREAM);
	c[2] = CHECK_OK(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0));
	CHECK_ERR(connect(c[2], (struct sockaddr *)&a, len), EAGAIN);
	close(c[2]);
	close(lfd);
	/* Closing the listener resets the connections it never accepted. */
	CHECK_ERR(recv(c[0], &i, 1, 0), ECONNRESET);
	CHECK_EQ(recv(c[0], &i, 1, 0), 0);
	close(c[0]);
	close(c[1]);
	unlink("srv");
	close(fd);
}

void test_unix_connect(void)
{
	UT_BOTH_PATHS(connect_body);
}

/* A path needs write permission on its node, for anyone but root. */
void test_unix_connect_eacces(void)
{
	struct sockaddr_un a;
	socklen_t len = unix_addr(&a, "srv");
	int lfd = unix_listener("srv", SOCK_STREAM, 4), fd;

	CHECK_OK(chmod("srv", 0555));
	if (getuid() == 0)
		CHECK_OK(setuid(65534));
	fd = CHECK_OK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK_ERR(connect(fd, (struct sockaddr *)&a, len), EACCES);
	close(fd);
	close(lfd);
}

static void listen_accept_body(void)
{
	struct sockaddr_un a, got;
	socklen_t len, glen;
	int lfd, fd, cfd, sfd, dfd, fl;

	fd = CHECK_OK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK_ERR(listen(fd, 5), EINVAL);		/* not bound */
	CHECK_ERR(accept(fd, NULL, NULL), EINVAL);	/* not listening */
	close(fd);
	dfd = CHECK_OK(socket(AF_UNIX, SOCK_DGRAM, 0));
	len = unix_abstract(&a, "sockeye-ut-dgram");
	CHECK_OK(bind(dfd, (struct sockaddr *)&a, len));
	CHECK_ERR(listen(dfd, 5), EOPNOTSUPP);
	CHECK_ERR(accept(dfd, NULL, NULL), EOPNOTSUPP);
	close(dfd);

	lfd = unix_listener("srv", SOCK_STREAM, 5);
	CHECK_OK(listen(lfd, 10));			/* again: a new backlog */
	CHECK_OK(fcntl(lfd, F_SETFL, O_NONBLOCK));
	CHECK_ERR(accept(lfd, NULL, NULL), EAGAIN);
	CHECK_ERR(accept4(lfd, NULL, NULL, 0x1234), EINVAL);
	CHECK_ERR(accept4(-1, NULL, NULL, 0), EBADF);

	/* The client binds an abstract name: accept reports it; the server side has the path. */
	cfd = CHECK_OK(socket(AF_UNIX, SOCK_STREAM, 0));
	len = unix_abstract(&a, "sockeye-ut-client");
	CHECK_OK(bind(cfd, (struct sockaddr *)&a, len));
	len = unix_addr(&a, "srv");
	CHECK_OK(connect(cfd, (struct sockaddr *)&a, len));
	glen = sizeof(got);
	sfd = CHECK_OK(accept4(lfd, (struct sockaddr *)&got, &glen, SOCK_CLOEXEC | SOCK_NONBLOCK));
	CHECK_EQ(glen, offsetof(struct sockaddr_un, sun_path) + 1 + strlen("sockeye-ut-client"));
	CHECK(!memcmp(got.sun_path + 1, "sockeye-ut-client", 17));
	CHECK(fcntl(sfd, F_GETFD) & FD_CLOEXEC);
	fl = fcntl(sfd, F_GETFL);
	CHECK(fl & O_NONBLOCK);
	glen = sizeof(got);
	CHECK_OK(getsockname(sfd, (struct sockaddr *)&got, &glen));
	CHECK(!strcmp(got.sun_path, "srv"));
	glen = sizeof(got);
	CHECK_OK(getpeername(cfd, (struct sockaddr *)&got, &glen));
	CHECK(!strcmp(got.sun_path, "srv"));
	close(sfd);
	close(cfd);

	/* An unbound client: accept's address is just the family. */
	cfd = unix_connect_to("srv", SOCK_STREAM);
	glen = sizeof(got);
	sfd = CHECK_OK(accept(lfd, (struct sockaddr *)&got, &glen));
	CHECK_EQ(glen, sizeof(short));
	glen = sizeof(got);
	fd = CHECK_OK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK_ERR(getpeername(fd, (struct sockaddr *)&got, &glen), ENOTCONN);
	close(fd);
	close(sfd);
	close(cfd);
	close(lfd);
	unlink("srv");
}

void test_unix_listen_accept(void)
{
	UT_BOTH_PATHS(listen_accept_body);
}

/* A blocked accept() wakes when a client connects. */
void test_unix_accept_wakes(void)
{
	int lfd = unix_listener("srv", SOCK_STREAM, 5), st;
	pid_t pid = CHECK_OK(fork());

	if (pid == 0) {
		int s = accept(lfd, NULL, NULL);
		char c;

		_exit(s >= 0 && recv(s, &c, 1, 0) == 1 && c == 'k' ? 0 : 1);
	}
	CHECK(ut_wait_asleep(pid));
	int fd = unix_connect_to("srv", SOCK_STREAM);
	CHECK_EQ(send(fd, "k", 1, 0), 1);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	close(fd);
	close(lfd);
}

static void stream_body(void)
{
	int sv[2], fd, n;
	char buf[64];
	struct sockaddr_un a;
	socklen_t len = unix_abstract(&a, "x");
	struct msghdr m;

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK_EQ(send(sv[0], "hello", 5, 0), 5);
	CHECK_EQ(send(sv[0], "world", 5, 0), 5);
	CHECK_OK(ioctl(sv[1], FIONREAD, &n));
	CHECK_EQ(n, 10);
	CHECK_EQ(recv(sv[1], buf, 3, MSG_PEEK), 3);
	CHECK_EQ(recv(sv[1], buf, sizeof(buf), 0), 10);	/* a byte stream: both sends */
	CHECK(!memcmp(buf, "helloworld", 10));
	CHECK_ERR(recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	if (ut_on_sockeye) {	/* Linux 5.15+ may be built with stream MSG_OOB (AF_UNIX_OOB) */
		CHECK_ERR(send(sv[0], "x", 1, MSG_OOB), EOPNOTSUPP);
		CHECK_ERR(recv(sv[1], buf, 1, MSG_OOB), EOPNOTSUPP);
	}
	CHECK_ERR(sendto(sv[0], "x", 1, 0, (struct sockaddr *)&a, len), EISCONN);
	CHECK_ERR(recv(sv[1], BAD_LOW, 1, MSG_DONTWAIT), EAGAIN);	/* nothing queued: no copy tried */
	CHECK_EQ(send(sv[0], "z", 1, 0), 1);
	CHECK_ERR(recv(sv[1], BAD_LOW, 1, 0), EFAULT);
	CHECK_EQ(recv(sv[1], buf, 1, 0), 1);
	memset(&m, 0, sizeof(m));
	CHECK_ERR(sendmsg(sv[0], BAD_LOW, 0), EFAULT);
	CHECK_ERR(recvmsg(sv[0], BAD_LOW, 0), EFAULT);
	m.msg_controllen = 1 << 20;
	m.msg_control = buf;
	/* More control data than optmem_max. (A 32-bit process on a 64-bit Linux
	 * goes through the compat cmsg conversion, which judges the contents first.) */
	if (ut_on_sockeye)
		CHECK_ERR(sendmsg(sv[0], &m, 0), ENOBUFS);

	/* Shutting our sending side: the peer reads EOF, we get EPIPE (no signal asked). */
	CHECK_OK(shutdown(sv[0], SHUT_WR));
	CHECK_EQ(recv(sv[1], buf, 1, 0), 0);
	CHECK_ERR(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
	CHECK_ERR(shutdown(sv[0], 7), EINVAL);
	close(sv[0]);
	close(sv[1]);

	/* Not connected. */
	fd = CHECK_OK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK_ERR(send(fd, "x", 1, 0), ENOTCONN);
	CHECK_ERR(sendto(fd, "x", 1, 0, (struct sockaddr *)&a, len), EOPNOTSUPP);
	CHECK_ERR(recv(fd, buf, 1, 0), EINVAL);
	CHECK_OK(shutdown(fd, SHUT_RDWR));		/* Linux allows it unconnected */
	close(fd);
}

void test_unix_stream(void)
{
	UT_BOTH_PATHS(stream_body);
}

/* The peer closes: EOF, POLLHUP, then EPIPE and SIGPIPE for a writer. */
void test_unix_stream_epipe_sigpipe(void)
{
	int sv[2];
	char c;
	struct pollfd p;

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK_EQ(send(sv[1], "q", 1, 0), 1);
	close(sv[1]);
	p.fd = sv[0];
	p.events = POLLIN | POLLOUT;
	CHECK_EQ(poll(&p, 1, 0), 1);
	CHECK(p.revents & POLLHUP);
	CHECK(p.revents & POLLIN);
	CHECK_EQ(recv(sv[0], &c, 1, 0), 1);	/* what was sent before the close */
	CHECK_EQ(recv(sv[0], &c, 1, 0), 0);
	ut_catch(SIGPIPE, 0);
	CHECK_ERR(send(sv[0], "x", 1, 0), EPIPE);
	CHECK_EQ(ut_sig_count, 1);
	CHECK_ERR(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
	CHECK_EQ(ut_sig_count, 1);
	close(sv[0]);

	/* Unread data thrown away at close: the peer's next read is ECONNRESET. */
	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK_EQ(send(sv[0], "lost", 4, 0), 4);
	close(sv[1]);
	CHECK_ERR(recv(sv[0], &c, 1, 0), ECONNRESET);
	CHECK_EQ(recv(sv[0], &c, 1, 0), 0);
	close(sv[0]);
}

/* 1 MB through a stream between two processes, bytes in order; a blocked reader wakes. */
void test_unix_stream_bulk(void)
{
	int sv[2], st;
	static unsigned char buf[8192];
	long total = 0, n, i;
	pid_t pid;

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		close(sv[0]);
		for (n = 0; n < (1 << 20); n += sizeof(buf)) {
			for (i = 0; i < (long)sizeof(buf); i++)
				buf[i] = (unsigned char)(n + i);
			if (write(sv[1], buf, sizeof(buf)) != sizeof(buf))
				_exit(1);
		}
		_exit(0);
	}
	close(sv[1]);
	while ((n = read(sv[0], buf, sizeof(buf) - 7)) > 0) {
		for (i = 0; i < n; i++)
			if (buf[i] != (unsigned char)(total + i))
				ut_fail("byte %ld: %u", total + i, buf[i]);
		total += n;
	}
	CHECK_EQ(n, 0);
	CHECK_EQ(total, 1 << 20);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	close(sv[0]);
}

void test_unix_stream_reader_wakes(void)
{
	int sv[2], st;
	pid_t pid;
	struct pollfd p;

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		char c;

		_exit(recv(sv[1], &c, 1, 0) == 1 && c == 'w' ? 0 : 1);
	}
	CHECK(ut_wait_asleep(pid));
	CHECK_EQ(send(sv[0], "w", 1, 0), 1);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* poll: writable, not readable; readable once data is there. */
	p.fd = sv[1];
	p.events = POLLIN | POLLOUT;
	CHECK_EQ(poll(&p, 1, 0), 1);
	CHECK_EQ(p.revents, POLLOUT);
	CHECK_EQ(send(sv[0], "r", 1, 0), 1);
	CHECK_EQ(poll(&p, 1, 0), 1);
	CHECK_EQ(p.revents, POLLIN | POLLOUT);
	close(sv[0]);
	close(sv[1]);
}

static void dgram_body(void)
{
	struct sockaddr_un a, b, got;
	socklen_t alen, blen, glen;
	int r, s, s2, sv[2];
	char buf[16];

	r = CHECK_OK(socket(AF_UNIX, SOCK_DGRAM, 0));
	alen = unix_addr(&a, "rcv");
	CHECK_OK(bind(r, (struct sockaddr *)&a, alen));
	s = CHECK_OK(socket(AF_UNIX, SOCK_DGRAM, 0));
	CHECK_ERR(send(s, "x", 1, 0), ENOTCONN);
	CHECK_ERR(sendto(s, "x", 1, MSG_OOB, (struct sockaddr *)&a, alen), EOPNOTSUPP);
	CHECK_ERR(sendto(s, "x", 1, 0, (struct sockaddr *)&a, 1), EINVAL);

	/* An unbound sender: no name comes with its datagram. */
	CHECK_EQ(sendto(s, "one", 3, 0, (struct sockaddr *)&a, alen), 3);
	glen = sizeof(got);
	CHECK_EQ(recvfrom(r, buf, sizeof(buf), 0, (struct sockaddr *)&got, &glen), 3);
	CHECK_EQ(glen, 0);
	/* A bound one: its name does. */
	blen = unix_abstract(&b, "sockeye-ut-sender");
	CHECK_OK(bind(s, (struct sockaddr *)&b, blen));
	CHECK_EQ(sendto(s, "two!", 4, 0, (struct sockaddr *)&a, alen), 4);
	glen = sizeof(got);
	CHECK_EQ(recvfrom(r, buf, 2, 0, (struct sockaddr *)&got, &glen), 2);	/* rest dropped */
	CHECK_EQ(glen, blen);
	CHECK(!memcmp(&got, &b, blen));
	CHECK_EQ(sendto(s, "three", 5, 0, (struct sockaddr *)&a, alen), 5);
	CHECK_EQ(recv(r, buf, 2, MSG_TRUNC), 5);	/* the real length */
	CHECK_ERR(recv(r, buf, 1, MSG_DONTWAIT), EAGAIN);

	/* connect: the default destination, and only the peer may send to us. */
	CHECK_OK(connect(r, (struct sockaddr *)&b, blen));
	s2 = CHECK_OK(socket(AF_UNIX, SOCK_DGRAM, 0));
	CHECK_ERR(sendto(s2, "x", 1, 0, (struct sockaddr *)&a, alen), EPERM);
	CHECK_EQ(send(r, "back", 4, 0), 4);
	CHECK_EQ(recv(s, buf, sizeof(buf), 0), 4);
	/* The peer closes: our next send is ECONNREFUSED, and we are disconnected. */
	close(s);
	CHECK_ERR(send(r, "x", 1, 0), ECONNREFUSED);
	CHECK_ERR(send(r, "x", 1, 0), ENOTCONN);
	/* Nobody at the name any more. */
	CHECK_ERR(sendto(s2, "x", 1, 0, (struct sockaddr *)&b, blen), ECONNREFUSED);
	CHECK_EQ(sendto(s2, "ok", 2, 0, (struct sockaddr *)&a, alen), 2);
	CHECK_EQ(recv(r, buf, sizeof(buf), 0), 2);
	close(s2);
	close(r);
	unlink("rcv");

	/* A socketpair of datagrams keeps boundaries. */
	CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	CHECK_EQ(send(sv[0], "ab", 2, 0), 2);
	CHECK_EQ(send(sv[0], "cde", 3, 0), 3);
	CHECK_EQ(recv(sv[1], buf, sizeof(buf), 0), 2);
	CHECK_EQ(recv(sv[1], buf, sizeof(buf), 0), 3);
	CHECK_OK(shutdown(sv[1], SHUT_RD));
	CHECK_ERR(send(sv[0], "x", 1, 0), EPIPE);
	CHECK_EQ(recv(sv[1], buf, sizeof(buf), 0), 0);
	close(sv[0]);
	close(sv[1]);
}

void test_unix_dgram(void)
{
	UT_BOTH_PATHS(dgram_body);
}

static int read_qlen(void)
{
	FILE *f = fopen("/proc/sys/net/unix/max_dgram_qlen", "r");
	char line[32];
	int q = -1;

	if (!f)
		ut_fail("no /proc/sys/net/unix/max_dgram_qlen");
	if (fgets(line, sizeof(line), f))
		q = strtol(line, NULL, 10);
	fclose(f);
	return q;
}

/*
 * An unconnected receiver takes max_dgram_qlen + 1 datagrams; then a
 * nonblocking sender gets EAGAIN and a blocking one sleeps until a read.
 */
void test_unix_dgram_qlen(void)
{
	struct sockaddr_un a;
	socklen_t alen = unix_addr(&a, "rcv");
	int r, s, qlen = read_qlen(), i, st;
	char c;
	pid_t pid;

	CHECK(qlen > 0 && qlen < 100000);
	r = CHECK_OK(socket(AF_UNIX, SOCK_DGRAM, 0));
	CHECK_OK(bind(r, (struct sockaddr *)&a, alen));
	s = CHECK_OK(socket(AF_UNIX, SOCK_DGRAM, 0));
	for (i = 0; i <= qlen; i++)
		CHECK_EQ(sendto(s, "d", 1, MSG_DONTWAIT, (struct sockaddr *)&a, alen), 1);
	CHECK_ERR(sendto(s, "d", 1, MSG_DONTWAIT, (struct sockaddr *)&a, alen), EAGAIN);
	pid = CHECK_OK(fork());
	if (pid == 0)
		_exit(sendto(s, "e", 1, 0, (struct sockaddr *)&a, alen) == 1 ? 0 : 1);
	CHECK(ut_wait_asleep(pid));
	CHECK_EQ(recv(r, &c, 1, 0), 1);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	for (i = 0; i <= qlen; i++)
		CHECK_EQ(recv(r, &c, 1, MSG_DONTWAIT), 1);
	CHECK_EQ(c, 'e');
	CHECK_ERR(recv(r, &c, 1, MSG_DONTWAIT), EAGAIN);
	close(s);
	close(r);
}

static void seqpacket_body(void)
{
	int lfd, c, s, sv[2], fd;
	char buf[16];
	struct msghdr m;
	struct iovec iov = { buf, 2 };

	lfd = unix_listener("seq", SOCK_SEQPACKET, 4);
	c = unix_connect_to("seq", SOCK_SEQPACKET);
	s = CHECK_OK(accept(lfd, NULL, NULL));
	CHECK_EQ(send(c, "abc", 3, MSG_EOR), 3);
	CHECK_EQ(send(c, "defg", 4, 0), 4);
	memset(&m, 0, sizeof(m));
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	CHECK_EQ(recvmsg(s, &m, 0), 2);
	CHECK(m.msg_flags & MSG_TRUNC);
	CHECK_EQ(recv(s, buf, sizeof(buf), 0), 4);	/* the next record, whole */
	CHECK(!memcmp(buf, "defg", 4));
	close(c);
	CHECK_EQ(recv(s, buf, sizeof(buf), 0), 0);	/* EOF */
	CHECK_EQ(recv(s, buf, sizeof(buf), MSG_DONTWAIT), 0);
	CHECK_ERR(send(s, "x", 1, MSG_NOSIGNAL), EPIPE);
	close(s);
	close(lfd);
	unlink("seq");
	fd = CHECK_OK(socket(AF_UNIX, SOCK_SEQPACKET, 0));
	CHECK_ERR(send(fd, "x", 1, 0), ENOTCONN);
	CHECK_ERR(recv(fd, buf, 1, 0), ENOTCONN);
	close(fd);
	CHECK_OK(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
	CHECK_EQ(send(sv[0], "", 0, 0), 0);		/* an empty record is a record */
	CHECK_EQ(recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT), 0);
	CHECK_ERR(recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	close(sv[0]);
	close(sv[1]);
}

void test_unix_seqpacket(void)
{
	UT_BOTH_PATHS(seqpacket_body);
}

/*
 * Debian's busybox logger -> /dev/log -> our syslogd -> a file we read
 * back. The daemon runs in the foreground as our child, with its own
 * output file, so nothing outlives the test.
 */
void test_unix_syslog_logger(void)
{
	struct stat st;
	char buf[512];
	int fd, n, status;
	pid_t d, l;

	if (!ut_on_sockeye)
		ut_skip("runs Sockeye's /bin/syslogd on /dev/log");
	if (stat("/dev/log", &st) == 0)
		ut_skip("a syslogd is already running (booted without noservices)");
	d = CHECK_OK(fork());
	if (d == 0) {
		execl("/bin/syslogd", "syslogd", "-f", "-O", "messages", (char *)NULL);
		_exit(127);
	}
	CHECK(ut_wait_asleep(d));		/* bound, and waiting in recv */
	CHECK_OK(stat("/dev/log", &st));
	CHECK(S_ISSOCK(st.st_mode));
	l = CHECK_OK(fork());
	if (l == 0) {
		execl("/bin/busybox", "logger", "-t", "ut", "-p", "daemon.warning",
		      "hello from busybox logger", (char *)NULL);
		_exit(127);
	}
	CHECK_EQ(waitpid(l, &status, 0), l);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(ut_wait_asleep(d));		/* the datagram was queued before logger exited */
	fd = CHECK_OK(open("messages", O_RDONLY));
	n = CHECK_OK(read(fd, buf, sizeof(buf) - 1));
	close(fd);
	buf[n] = 0;
	if (!strstr(buf, "daemon.warning ") || !strstr(buf, "ut: hello from busybox logger\n"))
		ut_fail("messages: \"%s\"", buf);
	kill(d, SIGTERM);
	CHECK_EQ(waitpid(d, &status, 0), d);
	CHECK_OK(unlink("/dev/log"));
}

/* The rest of the send/recv/accept errnos: EMSGSIZE, lookups at send, ENOTSOCK, EINTR. */
static void more_errors_body(void)
{
	struct sockaddr_un a, s;
	socklen_t alen, slen;
	int fd, lfd, p[2], sndbuf = 4096;
	static char big[8192];

	fd = CHECK_OK(socket(AF_UNIX, SOCK_DGRAM, 0));
	alen = unix_addr(&a, "nobody");
	CHECK_ERR(sendto(fd, "x", 1, 0, (struct sockaddr *)&a, alen), ENOENT);
	lfd = unix_listener("stream", SOCK_STREAM, 1);
	slen = unix_addr(&s, "stream");
	CHECK_ERR(sendto(fd, "x", 1, 0, (struct sockaddr *)&s, slen), EPROTOTYPE);
	/* A datagram larger than the send buffer can ever hold. */
	CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf)));
	CHECK_ERR(sendto(fd, big, sizeof(big), 0, (struct sockaddr *)&s, slen), EMSGSIZE);
	close(fd);

	CHECK_OK(pipe(p));
	CHECK_ERR(accept(p[0], NULL, NULL), ENOTSOCK);
	CHECK_ERR(listen(p[0], 1), ENOTSOCK);
	CHECK_ERR(connect(p[0], (struct sockaddr *)&s, slen), ENOTSOCK);
	CHECK_ERR(sendmsg(p[1], &(struct msghdr){ 0 }, 0), ENOTSOCK);
	CHECK_ERR(recvmsg(p[0], &(struct msghdr){ 0 }, 0), ENOTSOCK);
	close(p[0]);
	close(p[1]);
	close(lfd);
	unlink("stream");
}

void test_unix_more_errors(void)
{
	UT_BOTH_PATHS(more_errors_body);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* A signal ends a blocked stream recv with EINTR (no SA_RESTART). */
void test_unix_recv_eintr(void)
{
	struct sigaction sa;
	int sv[2];
	char c;

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	CHECK_OK(sigaction(SIGALRM, &sa, NULL));
	alarm(1);
	CHECK_ERR(recv(sv[0], &c, 1, 0), EINTR);
	close(sv[0]);
	close(sv[1]);
}

/*
 * poll on a datagram socket connected to a receiver whose queue is full
 * (max_dgram_qlen) of *another* sender's datagrams: not writable; a
 * poller sleeping on it wakes with POLLOUT when the receiver reads one.
 * Nothing of ours is freed by that read, so only the receiver's peer_wait
 * (Linux's unix_dgram_peer_wake_relay) can wake us.
 */
void test_unix_dgram_poll_peer_full(void)
{
	struct sockaddr_un a;
	socklen_t alen = unix_addr(&a, "rcv");
	int r, s, s2, qlen = read_qlen(), i, st;
	struct pollfd p;
	char c;
	pid_t pid;

	if (getuid() != 0)
		ut_skip("needs SO_SNDBUFFORCE (root)");
	r = CHECK_OK(socket(AF_UNIX, SOCK_DGRAM, 0));
	CHECK_OK(bind(r, (struct sockaddr *)&a, alen));
	s = CHECK_OK(socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0));
	CHECK_OK(connect(s, (struct sockaddr *)&a, alen));
	s2 = CHECK_OK(socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0));
	i = 8 << 20;		/* room for qlen + 1 datagrams in s2's own send buffer */
	CHECK_OK(setsockopt(s2, SOL_SOCKET, SO_SNDBUFFORCE, &i, sizeof(i)));
	p.fd = s;
	p.events = POLLOUT;
	CHECK_EQ(poll(&p, 1, 0), 1);
	for (i = 0; i <= qlen; i++)
		CHECK_EQ(sendto(s2, "d", 1, 0, (struct sockaddr *)&a, alen), 1);
	CHECK_ERR(send(s, "d", 1, 0), EAGAIN);
	CHECK_EQ(poll(&p, 1, 0), 0);
	pid = CHECK_OK(fork());
	if (pid == 0) {
		struct pollfd q = { s, POLLOUT, 0 };
		long long t0 = ut_now_ms();
		int n = poll(&q, 1, 15000);

		/* Woken, not found at the deadline's last look. */
		if (ut_now_ms() - t0 > 10000)
			_exit(3);
		_exit(n == 1 && (q.revents & POLLOUT) ? 0 : n < 0 ? 100 + errno : 10 + n * 16 + q.revents);
	}
	CHECK(ut_wait_asleep(pid));
	CHECK_EQ(recv(r, &c, 1, 0), 1);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	CHECK_EQ(poll(&p, 1, 0), 1);
	close(s);
	close(s2);
	close(r);
}
