/*
 * t_unix_scm.c: files and credentials across AF_UNIX sockets - SCM_RIGHTS
 * (across fork, up to 253 per message, EBADF, MSG_CMSG_CLOEXEC,
 * MSG_CTRUNC closing what did not fit, ETOOMANYREFS), SCM_CREDENTIALS,
 * SO_PASSCRED and SO_PEERCRED; the in-flight garbage collector (cycles of
 * 2 and 100 sockets, closed, must vanish from /proc/net/unix); 10,000
 * passes of one descriptor; /proc/net/unix's format; busybox logger
 * through /dev/log to syslogd.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/resource.h>
#include "ut.h"
#include "t_unix.h"

#define MAXFDS	260

/* Send one byte and n fds in one SCM_RIGHTS message; returns sendmsg's result. */
int unix_send_fds(int sock, const int *fds, int n, int flags)
{
	static char ctl[CMSG_SPACE(sizeof(int) * MAXFDS)];
	struct iovec iov = { "F", 1 };
	struct msghdr m;
	struct cmsghdr *c;

	memset(&m, 0, sizeof(m));
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = ctl;
	m.msg_controllen = CMSG_SPACE(sizeof(int) * n);
	c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int) * n);
	memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
	return sendmsg(sock, &m, flags);
}

/* Receive up to room fds into fds[]; returns how many; *mflags gets msg_flags. */
static int recv_fds(int sock, int *fds, int room, int flags, int *mflags)
{
	static char ctl[CMSG_SPACE(sizeof(int) * MAXFDS)];
	char b;
	struct iovec iov = { &b, 1 };
	struct msghdr m;
	struct cmsghdr *c;
	int n = 0;

	memset(&m, 0, sizeof(m));
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = room >= 0 ? ctl : NULL;
	m.msg_controllen = room > 0 ? CMSG_SPACE(sizeof(int) * room) : 0;
	if (recvmsg(sock, &m, flags) != 1)
		ut_fail("recvmsg: %s", ut_errname(errno));
	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			memcpy(fds, CMSG_DATA(c), n * sizeof(int));
		}
	}
	if (mflags)
		*mflags = m.msg_flags;
	return n;
}

static void rights_body(void)
{
	int sv[2], p[2], fds[MAXFDS], got[MAXFDS], i, n, fl;
	char c;

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK_OK(pipe(p));
	/* A pipe's write end crosses; writing through the copy reaches our read end. */
	CHECK_EQ(unix_send_fds(sv[0], &p[1], 1, 0), 1);
	CHECK_EQ(recv_fds(sv[1], got, 1, 0, &fl), 1);
	CHECK_EQ(fl & MSG_CTRUNC, 0);
	CHECK(got[0] != p[1]);
	CHECK_EQ(write(got[0], "z", 1), 1);
	CHECK_EQ(read(p[0], &c, 1), 1);
	CHECK_EQ(c, 'z');
	CHECK_EQ(fcntl(got[0], F_GETFD) & FD_CLOEXEC, 0);
	close(got[0]);

	/* MSG_PEEK hands out copies; the message keeps its files for the real read. */
	CHECK_EQ(unix_send_fds(sv[0], &p[1], 1, 0), 1);
	CHECK_EQ(recv_fds(sv[1], got, 1, MSG_PEEK, NULL), 1);
	CHECK_EQ(write(got[0], "p", 1), 1);
	close(got[0]);
	CHECK_EQ(recv_fds(sv[1], got, 1, 0, NULL), 1);
	CHECK_EQ(write(got[0], "q", 1), 1);
	close(got[0]);
	CHECK_EQ(read(p[0], &c, 1), 1);
	CHECK_EQ(c, 'p');
	CHECK_EQ(read(p[0], &c, 1), 1);
	CHECK_EQ(c, 'q');

	/* MSG_CMSG_CLOEXEC */
	CHECK_EQ(unix_send_fds(sv[0], &p[1], 1, 0), 1);
	CHECK_EQ(recv_fds(sv[1], got, 1, MSG_CMSG_CLOEXEC, NULL), 1);
	CHECK(fcntl(got[0], F_GETFD) & FD_CLOEXEC);
	close(got[0]);

	/* EBADF, and 254 files is too many for one message (EINVAL). */
	fds[0] = p[1];
	fds[1] = 999;
	CHECK_ERR(unix_send_fds(sv[0], fds, 2, 0), EBADF);
	fds[1] = -1;
	CHECK_ERR(unix_send_fds(sv[0], fds, 2, 0), EBADF);
	for (i = 0; i < 254; i++)
		fds[i] = p[1];
	CHECK_ERR(unix_send_fds(sv[0], fds, 254, 0), EINVAL);
	CHECK_EQ(unix_send_fds(sv[0], fds, 253, 0), 1);
	/* As many as the receiver has free descriptors (Sockeye: 256 per process); MSG_CTRUNC if fewer. */
	for (i = 0; i < 253 && (got[i] = dup(0)) >= 0; i++)
		;
	int room = i;
	while (i > 0)
		close(got[--i]);
	n = recv_fds(sv[1], got, 253, 0, &fl);
	CHECK_EQ(n, room);
	CHECK_EQ(!!(fl & MSG_CTRUNC), room < 253);
	for (i = 0; i < n; i++)
		close(got[i]);

	/* No room for all: MSG_CTRUNC, and the ones that did not fit are closed. */
	close(p[0]);
	close(p[1]);
	CHECK_OK(pipe(p));
	fds[0] = sv[0];		/* any file */
	fds[1] = p[1];
	CHECK_EQ(unix_send_fds(sv[0], fds, 2, 0), 1);
	close(p[1]);		/* now only the message holds the write end */
	CHECK_EQ(recv_fds(sv[1], got, 1, 0, &fl), 1);
	CHECK(fl & MSG_CTRUNC);
	close(got[0]);
	CHECK_EQ(read(p[0], &c, 1), 0);	/* the write end was closed: EOF */
	/* No control buffer at all: the same. */
	CHECK_OK(pipe(fds));
	CHECK_EQ(unix_send_fds(sv[0], &fds[1], 1, 0), 1);
	close(fds[1]);
	CHECK_EQ(recv_fds(sv[1], got, -1, 0, &fl), 0);
	CHECK(fl & MSG_CTRUNC);
	CHECK_EQ(read(fds[0], &c, 1), 0);
	close(fds[0]);
	close(p[0]);

	/* An unknown cmsg type at SOL_SOCKET is EINVAL; other levels are skipped. */
	{
		char ctl[CMSG_SPACE(4)];
		struct iovec iov = { "x", 1 };
		struct msghdr m;
		struct cmsghdr *cm = (struct cmsghdr *)ctl;

		memset(&m, 0, sizeof(m));
		m.msg_iov = &iov;
		m.msg_iovlen = 1;
		m.msg_control = ctl;
		m.msg_controllen = sizeof(ctl);
		cm->cmsg_len = CMSG_LEN(4);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = 77;
		CHECK_ERR(sendmsg(sv[0], &m, 0), EINVAL);
		cm->cmsg_len = sizeof(ctl) + 4;		/* longer than the buffer */
		cm->cmsg_type = SCM_RIGHTS;
		CHECK_ERR(sendmsg(sv[0], &m, 0), EINVAL);
		cm->cmsg_len = CMSG_LEN(4);
		cm->cmsg_level = 999;
		CHECK_EQ(sendmsg(sv[0], &m, 0), 1);
		CHECK_EQ(recv(sv[1], &c, 1, 0), 1);
		m.msg_control = BAD_LOW;
		CHECK_ERR(sendmsg(sv[0], &m, 0), EFAULT);
	}
	close(sv[0]);
	close(sv[1]);
}

void test_unix_scm_rights(void)
{
	UT_BOTH_PATHS(rights_body);
}

/* A child sends a file it opened; the parent reads what the child wrote into it. */
void test_unix_scm_rights_fork(void)
{
	int sv[2], fd, st;
	char buf[8];
	pid_t pid;

	CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		int f = open("childfile", O_CREAT | O_RDWR | O_TRUNC, 0600);

		if (f < 0 || write(f, "child", 5) != 5 || lseek(f, 0, SEEK_SET) != 0)
			_exit(1);
		_exit(unix_send_fds(sv[1], &f, 1, 0) == 1 ? 0 : 2);
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK_EQ(recv_fds(sv[0], &fd, 1, 0, NULL), 1);	/* the child is gone; its file is not */
	CHECK_EQ(read(fd, buf, sizeof(buf)), 5);
	CHECK(!memcmp(buf, "child", 5));
	close(fd);
	close(sv[0]);
	close(sv[1]);
}

/* SO_PASSCRED: every message says who sent it; claiming to be someone else is EPERM. */
void test_unix_scm_credentials(void)
{
	int sv[2], one = 1;
	char ctl[CMSG_SPACE(sizeof(struct ucred))], b;
	struct iovec iov = { &b, 1 };
	struct msghdr m;
	struct cmsghdr *c;
	struct ucred cr;
	socklen_t len = sizeof(cr);

	CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	CHECK_OK(setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)));
	CHECK_OK(getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cr, &len));
	CHECK_EQ(len, sizeof(cr));
	CHECK_EQ(cr.pid, getpid());
	CHECK_EQ(cr.uid, geteuid());
	CHECK_EQ(send(sv[0], "c", 1, 0), 1);
	memset(&m, 0, sizeof(m));
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = ctl;
	m.msg_controllen = sizeof(ctl);
	CHECK_EQ(recvmsg(sv[1], &m, 0), 1);
	c = CMSG_FIRSTHDR(&m);
	CHECK(c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS);
	memcpy(&cr, CMSG_DATA(c), sizeof(cr));
	CHECK_EQ(cr.pid, getpid());
	CHECK_EQ(cr.uid, getuid());
	CHECK_EQ(cr.gid, getgid());

	/* Our own credentials, stated: fine. Another pid, as an unprivileged user: EPERM. */
	if (getuid() == 0)
		CHECK_OK(setuid(65534));
	c = (struct cmsghdr *)ctl;
	c->cmsg_len = CMSG_LEN(sizeof(cr));
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_CREDENTIALS;
	cr.pid = getpid();
	cr.uid = getuid();
	cr.gid = getgid();
	memcpy(CMSG_DATA(c), &cr, sizeof(cr));
	m.msg_controllen = sizeof(ctl);
	CHECK_EQ(sendmsg(sv[0], &m, 0), 1);
	cr.pid = 1;
	memcpy(CMSG_DATA(c), &cr, sizeof(cr));
	CHECK_ERR(sendmsg(sv[0], &m, 0), EPERM);
	close(sv[0]);
	close(sv[1]);
}

/* Linux's too_many_unix_fds: more files in flight than RLIMIT_NOFILE is ETOOMANYREFS. */
void test_unix_etoomanyrefs(void)
{
	struct rlimit rl = { 16, 16 };
	int sv[2], p[2], i, r = 0;

	CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	CHECK_OK(pipe(p));
	if (getuid() == 0)
		CHECK_OK(setuid(65534));	/* root is exempt (CAP_SYS_RESOURCE) */
	CHECK_OK(setrlimit(RLIMIT_NOFILE, &rl));
	for (i = 0; i < 64; i++) {
		r = unix_send_fds(sv[0], &p[0], 1, MSG_DONTWAIT);
		if (r < 0)
			break;
	}
	CHECK_EQ(r, -1);
	CHECK_EQ(errno, ETOOMANYREFS);
	CHECK(i >= 16 && i <= 18);
	close(sv[0]);		/* the queue goes with the sockets; nothing may leak */
	close(sv[1]);
}

/* Sockeye keeps Linux 2.6-4.x's nesting limit: a socket nested 5 deep cannot be sent. */
void test_unix_nesting_limit(void)
{
	int s[7][2], i, r;

	if (!ut_on_sockeye)
		ut_skip("Linux since 4.x limits in-flight files per user instead");
	for (i = 0; i < 7; i++)
		CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, s[i]));
	/* s[i+1][1]'s queue gets s[i][1], whose queue is nested i deep: level i + 1. */
	for (i = 0; i < 5; i++)
		CHECK_EQ(unix_send_fds(s[i + 1][0], &s[i][1], 1, 0), 1);
	r = unix_send_fds(s[6][0], &s[5][1], 1, 0);
	CHECK_EQ(r, -1);
	CHECK_EQ(errno, ETOOMANYREFS);
	for (i = 0; i < 7; i++) {
		close(s[i][0]);
		close(s[i][1]);
	}
}

/* Inode numbers of our sockets still listed in /proc/net/unix. */
static int proc_unix_count(const unsigned long *inos, int n)
{
	FILE *f = fopen("/proc/net/unix", "r");
	char line[256];
	int found = 0, i;

	if (!f)
		ut_fail("no /proc/net/unix");
	while (fgets(line, sizeof(line), f)) {
		unsigned long ino;
		char *p = line;
		int field;

		for (field = 0; field < 6 && p; field++) {	/* the 7th column: Inode */
			p = strchr(p, ' ');
			while (p && *p == ' ')
				p++;
		}
		if (!p || *p < '0' || *p > '9')
			continue;
		ino = strtoul(p, NULL, 10);
		for (i = 0; i < n; i++)
			if (inos[i] == ino)
				found++;
	}
	fclose(f);
	return found;
}

static unsigned long ino_of(int fd)
{
	struct stat st;

	CHECK_OK(fstat(fd, &st));
	return st.st_ino;
}

/* Wait up to 5 s for the collector (Linux runs it from a work queue). */
static void wait_gone(const unsigned long *inos, int n)
{
	int i;

	/*
	 * The collector runs when an AF_UNIX socket is released (Linux 2.6.26 -
	 * 6.9: unix_release_sock -> unix_gc): closing a socket whose file is
	 * still in flight releases nothing, so release one more.
	 */
	close(CHECK_OK(socket(AF_UNIX, SOCK_DGRAM, 0)));
	for (i = 0; i < 500; i++) {
		if (!proc_unix_count(inos, n))
			return;
		if (ut_on_sockeye)
			break;		/* Sockeye collects at close: it must be gone now */
		usleep(10000);
	}
	ut_fail("%d of %d sockets of a closed cycle are still in /proc/net/unix",
		proc_unix_count(inos, n), n);
}

/* One number of Sockeye's /proc/net/unix_stat ("gc_freed"...), -1 elsewhere. */
static long unix_stat(const char *key)
{
	FILE *f = fopen("/proc/net/unix_stat", "r");
	char line[64];
	long v = -1;
	size_t kl = strlen(key);

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, kl) && line[kl] == ' ')
			v = strtol(line + kl + 1, NULL, 10);
	fclose(f);
	return v;
}

/*
 * n socketpairs (a_i, b_i). Sending through a_j queues on b_j, so sending
 * b_i through a_(i+1) puts b_i in flight on b_(i+1)'s queue: once every fd
 * is closed the b's hold each other in a ring nobody can read.
 */
static void gc_cycle(int n)
{
	int (*s)[2] = malloc(sizeof(int[2]) * n), i;
	unsigned long *inos = malloc(sizeof(long) * 2 * n);
	long freed_before = unix_stat("gc_freed");

	CHECK(s && inos);
	for (i = 0; i < n; i++) {
		CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, s[i]));
		inos[2 * i] = ino_of(s[i][0]);
		inos[2 * i + 1] = ino_of(s[i][1]);
	}
	/*
	 * Backwards, so each b is sent while its own queue is still empty: the
	 * ring nests at most 2 deep (a forward ring would nest n deep, which
	 * Sockeye refuses past 4 - see unix_nesting_limit).
	 */
	for (i = n - 1; i >= 0; i--)
		CHECK_EQ(unix_send_fds(s[(i + 1) % n][0], &s[i][1], 1, 0), 1);
	CHECK_EQ(proc_unix_count(inos, 2 * n), 2 * n);
	for (i = 0; i < n; i++) {
		close(s[i][0]);
		close(s[i][1]);
	}
	wait_gone(inos, 2 * n);
	if (ut_on_sockeye) {	/* the collector, not a close, freed them: n sockets were in flight */
		CHECK_EQ(unix_stat("gc_freed") - freed_before, n);
		CHECK_EQ(unix_stat("inflight"), 0);
	}
	free(s);
	free(inos);
}

void test_unix_gc_cycle_2(void)
{
	gc_cycle(2);
}

void test_unix_gc_cycle_100(void)
{
	struct rlimit rl;

	CHECK_OK(getrlimit(RLIMIT_NOFILE, &rl));
	if (rl.rlim_cur < 220)
		ut_skip("RLIMIT_NOFILE below 220");
	gc_cycle(100);
}

/* A socket sent into its own queue and closed: the smallest cycle. */
void test_unix_gc_self(void)
{
	int sv[2];
	unsigned long inos[2];

	CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	inos[0] = ino_of(sv[0]);
	inos[1] = ino_of(sv[1]);
	CHECK_EQ(unix_send_fds(sv[0], &sv[1], 1, 0), 1);	/* sv[1] in its own queue */
	close(sv[0]);
	close(sv[1]);
	wait_gone(inos, 2);
}

/* One descriptor passed back and forth 10,000 times; it still works at the end. */
void test_unix_pass_10000(void)
{
	int sv[2], p[2], fd, i;
	char c;

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK_OK(pipe(p));
	fd = p[1];
	for (i = 0; i < 10000; i++) {
		int got;

		if (unix_send_fds(sv[i & 1], &fd, 1, 0) != 1)
			ut_fail("pass %d: sendmsg: %s", i, ut_errname(errno));
		if (fd != p[1])
			close(fd);
		if (recv_fds(sv[!(i & 1)], &got, 1, 0, NULL) != 1)
			ut_fail("pass %d: no fd", i);
		fd = got;
	}
	close(p[1]);
	CHECK_EQ(write(fd, "!", 1), 1);
	close(fd);
	CHECK_EQ(read(p[0], &c, 1), 1);
	CHECK_EQ(read(p[0], &c, 1), 0);	/* every copy closed */
	close(p[0]);
	close(sv[0]);
	close(sv[1]);
}

/* /proc/net/unix: Linux's header and a listener's line. */
void test_unix_proc_net_unix(void)
{
	char cwd[200], want[300], line[400];
	int lfd = unix_listener("procsock", SOCK_STREAM, 4), found = 0;
	unsigned long ino = ino_of(lfd);
	FILE *f;

	CHECK(getcwd(cwd, sizeof(cwd)));
	/* The name as bound (relative), not resolved. */
	snprintf(want, sizeof(want), " %08X %08X %04X %02X %5lu procsock\n", 0, 1 << 16, 1, 1, ino);
	f = fopen("/proc/net/unix", "r");
	CHECK(f);
	CHECK(fgets(line, sizeof(line), f));
	CHECK(!strcmp(line, "Num       RefCount Protocol Flags    Type St Inode Path\n"));
	while (fgets(line, sizeof(line), f)) {
		char *p = strchr(line, ' ');

		/* Skip "Num: RefCount": the address and reference count are the kernel's business. */
		if (p && (p = strchr(p + 1, ' ')) && !strcmp(p, want))
			found++;
	}
	fclose(f);
	CHECK_EQ(found, 1);
	close(lfd);
}

/*
 * Each socket sent while its own queue is empty passes the nesting check
 * (its level is 0), and can be filled afterwards through its peer: a chain
 * 1000 sockets deep, b0 holding b1 holding b2 ... Closing b0 releases them
 * all; the kernel must do it without recursing 1000 deep (Sockeye: the
 * deferred fput loop in net/unix/scm.c; Linux: delayed fput).
 */
void test_unix_deep_chain_close(void)
{
	int s[2], head, a, i;
	long socks_before = unix_stat("sockets");

	if (getuid() != 0)
		ut_skip("1000 files in flight needs CAP_SYS_RESOURCE");
	CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, s));
	head = s[1];
	a = s[0];
	for (i = 0; i < 1000; i++) {
		CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, s));
		if (unix_send_fds(a, &s[1], 1, 0) != 1)	/* s[1] into the queue of the last b */
			ut_fail("link %d: %s", i, ut_errname(errno));
		close(s[1]);
		close(a);
		a = s[0];
	}
	close(a);
	close(head);
	if (ut_on_sockeye) {
		CHECK_EQ(unix_stat("inflight"), 0);
		CHECK_EQ(unix_stat("sockets"), socks_before);
	}
}
