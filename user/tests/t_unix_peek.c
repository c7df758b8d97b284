/*
 * t_unix_peek.c: SO_PEEK_OFF on AF_UNIX sockets, as Linux has it. -1 (the
 * default) is off: MSG_PEEK reads from the front. Once set to n >= 0, a
 * MSG_PEEK reads from byte n of the queue and moves n past what it
 * returned; a real read moves n back by what it consumed (not below 0).
 * On a stream the offset counts bytes across skbs; on datagram and
 * seqpacket sockets whole datagrams are skipped and the rest of the
 * offset lands inside the next one. A peek past everything queued waits
 * like any read (EAGAIN when nonblocking, after SO_RCVTIMEO when not).
 */
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include "ut.h"

static int peek_off(int fd)
{
	int v = -12345;
	socklen_t len = sizeof(v);

	CHECK_OK(getsockopt(fd, SOL_SOCKET, SO_PEEK_OFF, &v, &len));
	CHECK_EQ(len, sizeof(v));
	return v;
}

static void set_peek_off(int fd, int v)
{
	CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_PEEK_OFF, &v, sizeof(v)));
}

/* recv into buf (NUL-terminated); returns the length. */
static int rd(int fd, char *buf, int size, int flags)
{
	int n = CHECK_OK(recv(fd, buf, size, flags));

	buf[n] = 0;
	return n;
}

#define EXPECT_READ(fd, size, flags, want)					\
	do {									\
		char _b[64];							\
		int _n = rd(fd, _b, size, flags);				\
		if (_n != (int)strlen(want) || strcmp(_b, want))		\
			ut_fail("%s:%d: read %d \"%s\", want \"%s\"", __FILE__,	\
				__LINE__, _n, _b, want);			\
	} while (0)

void test_unix_peek_off_stream(void)
{
	int sv[2];
	char c;

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK_EQ(peek_off(sv[1]), -1);
	CHECK_EQ(send(sv[0], "abcdef", 6, 0), 6);
	CHECK_EQ(send(sv[0], "ghij", 4, 0), 4);
	EXPECT_READ(sv[1], 3, MSG_PEEK, "abc");		/* off: from the front, and it stays off */
	CHECK_EQ(peek_off(sv[1]), -1);

	set_peek_off(sv[1], 0);
	EXPECT_READ(sv[1], 3, MSG_PEEK, "abc");
	CHECK_EQ(peek_off(sv[1]), 3);
	EXPECT_READ(sv[1], 2, MSG_PEEK, "de");
	EXPECT_READ(sv[1], 20, MSG_PEEK, "fghij");		/* on into the next skb */
	CHECK_EQ(peek_off(sv[1]), 10);
	CHECK_ERR(recv(sv[1], &c, 1, MSG_PEEK | MSG_DONTWAIT), EAGAIN);
	EXPECT_READ(sv[1], 4, 0, "abcd");			/* a real read moves it back */
	CHECK_EQ(peek_off(sv[1]), 6);
	set_peek_off(sv[1], 2);
	EXPECT_READ(sv[1], 20, MSG_PEEK, "ghij");
	CHECK_EQ(peek_off(sv[1]), 6);
	EXPECT_READ(sv[1], 20, 0, "efghij");
	CHECK_EQ(peek_off(sv[1]), 0);				/* not below 0 */

	/* Past the end, a blocking peek waits for new bytes: here until SO_RCVTIMEO. */
	{
		struct timeval tv = { 0, 50000 };

		CHECK_EQ(send(sv[0], "kl", 2, 0), 2);
		set_peek_off(sv[1], 2);
		CHECK_OK(setsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
		CHECK_ERR(recv(sv[1], &c, 1, MSG_PEEK), EAGAIN);
		CHECK_EQ(send(sv[0], "m", 1, 0), 1);
		EXPECT_READ(sv[1], 5, MSG_PEEK, "m");
	}
	set_peek_off(sv[1], -1);				/* off again */
	EXPECT_READ(sv[1], 5, MSG_PEEK, "klm");
	CHECK_EQ(peek_off(sv[1]), -1);
	close(sv[0]);
	close(sv[1]);
}

static void peek_off_dgram(int type)
{
	int sv[2];
	char c;

	CHECK_OK(socketpair(AF_UNIX, type, 0, sv));
	CHECK_EQ(send(sv[0], "one", 3, 0), 3);
	CHECK_EQ(send(sv[0], "two2", 4, 0), 4);
	CHECK_EQ(send(sv[0], "three", 5, 0), 5);
	set_peek_off(sv[1], 0);
	EXPECT_READ(sv[1], 20, MSG_PEEK, "one");		/* one datagram per read, as always */
	EXPECT_READ(sv[1], 20, MSG_PEEK, "two2");
	CHECK_EQ(peek_off(sv[1]), 7);
	EXPECT_READ(sv[1], 2, MSG_PEEK, "th");			/* a short peek moves by what it returned */
	CHECK_EQ(peek_off(sv[1]), 9);
	EXPECT_READ(sv[1], 20, MSG_PEEK, "ree");		/* 9 = "one", "two2", then 2 into "three" */
	CHECK_EQ(peek_off(sv[1]), 12);
	CHECK_ERR(recv(sv[1], &c, 1, MSG_PEEK | MSG_DONTWAIT), EAGAIN);
	EXPECT_READ(sv[1], 20, 0, "one");			/* real reads: back by the whole datagram */
	CHECK_EQ(peek_off(sv[1]), 9);
	set_peek_off(sv[1], 1);
	EXPECT_READ(sv[1], 20, MSG_PEEK, "wo2");
	CHECK_EQ(peek_off(sv[1]), 4);
	EXPECT_READ(sv[1], 20, MSG_PEEK, "three");
	EXPECT_READ(sv[1], 20, 0, "two2");
	EXPECT_READ(sv[1], 20, 0, "three");
	CHECK_EQ(peek_off(sv[1]), 0);
	close(sv[0]);
	close(sv[1]);
}

void test_unix_peek_off_dgram(void)
{
	peek_off_dgram(SOCK_DGRAM);
	peek_off_dgram(SOCK_SEQPACKET);
}
