/*
 * t_busy_poll.c: SO_BUSY_POLL, Linux's contract (include/net/busy_poll.h).
 *
 * busy_poll_sockopt: net.core.busy_poll exists and is 0 (the poll/select/
 * epoll side, driven by the services and evloop tiers over the e1000);
 * new sockets start at net.core.busy_read (0 unless someone set it); the value reads back; a negative one is EINVAL; an
 * ordinary user may set it too (Linux dropped its CAP_NET_ADMIN check for
 * raising it); and a socket that spins still receives - a UDP
 * datagram over lo arrives through a blocking recv with 200 us of
 * busy polling (lo has no NAPI to poll, so this checks the read path is
 * unharmed, not the speed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include "ut.h"

#ifndef SO_BUSY_POLL
#define SO_BUSY_POLL	46
#endif

static int sysctl_int(const char *path)
{
	char buf[32] = "";
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	if (read(fd, buf, sizeof(buf) - 1) < 0)
		buf[0] = 0;
	close(fd);
	return atoi(buf);
}

void test_busy_poll_sockopt(void)
{
	int fd = CHECK_OK(socket(AF_INET, SOCK_DGRAM, 0)), v, def = sysctl_int("/proc/sys/net/core/busy_read");
	socklen_t len = sizeof(v);
	struct sockaddr_in a;
	char c;

	/* poll/select/epoll_wait's knob is there, and off as in Linux. */
	CHECK_EQ(sysctl_int("/proc/sys/net/core/busy_poll"), 0);
	CHECK_OK(getsockopt(fd, SOL_SOCKET, SO_BUSY_POLL, &v, &len));
	if (def >= 0)
		CHECK_EQ(v, def);
	v = -1;
	CHECK_ERR(setsockopt(fd, SOL_SOCKET, SO_BUSY_POLL, &v, sizeof(v)), EINVAL);
	if (geteuid() == 0) {
		v = 200;
		CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_BUSY_POLL, &v, sizeof(v)));
		len = sizeof(v);
		CHECK_OK(getsockopt(fd, SOL_SOCKET, SO_BUSY_POLL, &v, &len));
		CHECK_EQ(v, 200);
		pid_t pid = CHECK_OK(fork());
		if (pid == 0) {
			int w = 500, low = 100;

			if (setuid(1000) < 0)
				_exit(10);
			if (setsockopt(fd, SOL_SOCKET, SO_BUSY_POLL, &w, sizeof(w)) != 0)
				_exit(11);	/* raising: anyone, as Linux 6.x */
			if (setsockopt(fd, SOL_SOCKET, SO_BUSY_POLL, &low, sizeof(low)) != 0)
				_exit(12);
			_exit(0);
		}
		int st;
		CHECK_OK(waitpid(pid, &st, 0));
		CHECK(WIFEXITED(st));
		CHECK_EQ(WEXITSTATUS(st), 0);
	}
	/* A spinning reader still gets its datagram. */
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK_OK(bind(fd, (struct sockaddr *)&a, sizeof(a)));
	len = sizeof(a);
	CHECK_OK(getsockname(fd, (struct sockaddr *)&a, &len));
	CHECK_EQ(sendto(fd, "b", 1, 0, (struct sockaddr *)&a, sizeof(a)), 1);
	CHECK_EQ(recv(fd, &c, 1, 0), 1);
	CHECK_EQ(c, 'b');
	close(fd);
}
