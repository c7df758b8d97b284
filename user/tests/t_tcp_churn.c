/*
 * t_tcp_churn.c: many short TCP connections over lo, the way a busy
 * server sees them, and nothing left behind afterwards.
 *
 * tcp_churn_10000: 10,000 times connect, accept, a byte each way, close
 * (client first, so the client side goes through TIME_WAIT). Then wait -
 * bounded, polling /proc/net/sockstat - until every TIME_WAIT minisock has
 * expired (60 s, Linux's TCP_TIMEWAIT_LEN); the runner's leak check then
 * finds sockets, slab objects and pages back at their baseline. On a
 * Linux host the machine's other connections make "tw 0" unreliable, so
 * the drain wait and the counter checks are Sockeye-only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <time.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include "ut.h"

#define CHURN_CONNECTIONS	10000
#define TW_DRAIN_LIMIT_S	100	/* TIME_WAIT is 60 s; the rest is slack for a slow emulator */


void test_tcp_churn_10000(void)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int l, i, one = 1;
	char c;

	l = CHECK_OK(socket(AF_INET, SOCK_STREAM, 0));
	CHECK_OK(setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK_OK(bind(l, (struct sockaddr *)&sin, sizeof(sin)));
	CHECK_OK(getsockname(l, (struct sockaddr *)&sin, &len));
	CHECK_OK(listen(l, 128));
	for (i = 0; i < CHURN_CONNECTIONS; i++) {
		int cfd = CHECK_OK(socket(AF_INET, SOCK_STREAM, 0));
		int afd;

		CHECK_OK(connect(cfd, (struct sockaddr *)&sin, sizeof(sin)));
		afd = CHECK_OK(accept(l, NULL, NULL));
		CHECK_EQ(write(cfd, "q", 1), 1);
		CHECK_EQ(read(afd, &c, 1), 1);
		CHECK_EQ(write(afd, "a", 1), 1);
		CHECK_EQ(read(cfd, &c, 1), 1);
		CHECK_OK(close(cfd));
		CHECK_EQ(read(afd, &c, 1), 0);	/* the client's FIN */
		CHECK_OK(close(afd));
	}
	CHECK_OK(close(l));
	if (!ut_on_sockeye)
		return;
	for (i = 0; i < TW_DRAIN_LIMIT_S * 10 && ut_sockstat("TCP:", " tw ") != 0; i++) {
		struct timespec ts = { 0, 100 * 1000 * 1000 };

		nanosleep(&ts, NULL);
	}
	CHECK_EQ(ut_sockstat("TCP:", " tw "), 0);
}
