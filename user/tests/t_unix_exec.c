/*
 * t_unix_exec.c: descriptors passed over SCM_RIGHTS into a process that
 * then runs another program. The parent passes an open file and one end
 * of a socketpair to a child that has exec'd usertests again in the
 * "--unix-fd-child" helper mode (unix_fd_child, called from usertests.c's
 * helper_mode): the helper reads the file - at the offset the parent left,
 * since it is the same open file - and talks on the socket. And a file
 * received with MSG_CMSG_CLOEXEC is gone after execve, one received
 * without it stays (checked by the "--fd-closed" helper).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include "ut.h"
#include "t_unix.h"

static const char file_text[] = "0123:the parent's file";
#define FILE_SKIP	5	/* the parent reads this much before passing it */

/* Receive one byte and up to 2 descriptors; returns how many arrived, -1 on error. */
static int recv_rights(int sock, int *fds, int flags)
{
	char ctl[CMSG_SPACE(sizeof(int) * 2)], b;
	struct iovec iov = { &b, 1 };
	struct msghdr m;
	struct cmsghdr *c;
	int n = 0;

	memset(&m, 0, sizeof(m));
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = ctl;
	m.msg_controllen = sizeof(ctl);
	if (recvmsg(sock, &m, flags) != 1 || (m.msg_flags & MSG_CTRUNC))
		return -1;
	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			memcpy(fds, CMSG_DATA(c), n * sizeof(int));
		}
	}
	return n;
}

/*
 * The exec'd child: argv[2] is the socket it kept across execve. Receive
 * a file and a socket, send the file's contents (from where its shared
 * offset stands) on that socket, answer "ping" with "pong". The exit code
 * says which step failed.
 */
int unix_fd_child(int argc, char **argv)
{
	char buf[64];
	int fds[2], n;

	if (argc != 3)
		return 10;
	if (recv_rights(atoi(argv[2]), fds, 0) != 2)
		return 11;
	if ((fcntl(fds[0], F_GETFD) & FD_CLOEXEC) || (fcntl(fds[1], F_GETFD) & FD_CLOEXEC))
		return 12;
	n = read(fds[0], buf, sizeof(buf));
	if (n <= 0 || send(fds[1], buf, n, 0) != n)
		return 13;
	if (recv(fds[1], buf, sizeof(buf), 0) != 4 || memcmp(buf, "ping", 4))
		return 14;
	if (send(fds[1], "pong", 4, 0) != 4)
		return 15;
	return 0;
}

static int wait_exit(pid_t pid)
{
	int st;

	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st));
	return WEXITSTATUS(st);
}

/* A file and a socket go to a child that has exec'd a new program; it uses both. */
void test_unix_scm_rights_exec(void)
{
	int carrier[2], talk[2], f, pass[2];
	char sockbuf[16], buf[64];
	pid_t pid;

	f = CHECK_OK(open("passed", O_CREAT | O_RDWR | O_TRUNC, 0600));
	CHECK_EQ(write(f, file_text, strlen(file_text)), strlen(file_text));
	CHECK_OK(lseek(f, FILE_SKIP, SEEK_SET));
	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, carrier));
	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, talk));
	CHECK_OK(fcntl(carrier[0], F_SETFD, FD_CLOEXEC));	/* the child keeps only carrier[1] */
	snprintf(sockbuf, sizeof(sockbuf), "%d", carrier[1]);

	pid = CHECK_OK(fork());
	if (pid == 0) {
		char *argv[] = { (char *)ut_self, "--unix-fd-child", sockbuf, NULL };

		close(f);
		close(talk[0]);
		close(talk[1]);
		execve(ut_self, argv, environ);
		_exit(100);
	}
	close(carrier[1]);
	pass[0] = f;
	pass[1] = talk[1];
	CHECK_EQ(unix_send_fds(carrier[0], pass, 2, 0), 1);
	close(talk[1]);		/* from here only the message, then the child, holds it */

	/* The child's read started at our offset: the same open file crossed. */
	CHECK_EQ(recv(talk[0], buf, sizeof(buf), 0), strlen(file_text) - FILE_SKIP);
	CHECK(!memcmp(buf, file_text + FILE_SKIP, strlen(file_text) - FILE_SKIP));
	CHECK_EQ(send(talk[0], "ping", 4, 0), 4);
	CHECK_EQ(recv(talk[0], buf, sizeof(buf), 0), 4);
	CHECK(!memcmp(buf, "pong", 4));
	CHECK_EQ(wait_exit(pid), 0);
	/* Its read moved our offset too; and with the child gone the socket's other end is closed. */
	CHECK_EQ(lseek(f, 0, SEEK_CUR), strlen(file_text));
	CHECK_EQ(recv(talk[0], buf, sizeof(buf), 0), 0);
	close(talk[0]);
	close(carrier[0]);
	close(f);
}

/* A received file is closed by execve iff it came with MSG_CMSG_CLOEXEC. */
void test_unix_cmsg_cloexec_exec(void)
{
	int sv[2], p[2], i;

	CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	CHECK_OK(pipe(p));
	for (i = 0; i < 2; i++) {
		int cloexec = i == 0;
		pid_t pid;

		CHECK_EQ(unix_send_fds(sv[0], &p[1], 1, 0), 1);
		pid = CHECK_OK(fork());
		if (pid == 0) {
			char fdbuf[16];
			char *argv[] = { (char *)ut_self, "--fd-closed", fdbuf, NULL };
			int got;

			if (recv_rights(sv[1], &got, cloexec ? MSG_CMSG_CLOEXEC : 0) != 1)
				_exit(101);
			if (!(fcntl(got, F_GETFD) & FD_CLOEXEC) != !cloexec)
				_exit(102);
			snprintf(fdbuf, sizeof(fdbuf), "%d", got);
			execve(ut_self, argv, environ);
			_exit(100);
		}
		/* --fd-closed exits 0 when the descriptor is closed, 1 when it is open. */
		CHECK_EQ(wait_exit(pid), cloexec ? 0 : 1);
	}
	close(p[0]);
	close(p[1]);
	close(sv[0]);
	close(sv[1]);
}
