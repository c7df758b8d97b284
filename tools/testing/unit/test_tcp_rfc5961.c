// unit-sources: net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c
// unit-sources: tools/testing/unit/fake_netdev.c tools/testing/unit/tcp_unit.c
/*
 * Blind-attack defences (RFC 5961: challenge ACKs for in-window RSTs and
 * SYNs, ACKs of unsent data, the rate limit) and the rules of TIME_WAIT
 * (re-ACK a retransmitted FIN, RST kills it with tcp_rfc1337 0, a new SYN
 * reopens the tuple, bind() of its port), driven from the wire.
 */
#include "unit.h"
#include "tcp_unit.h"

UNIT_SETUP(fake_net_setup)

static unsigned long mib(int f) { return net_statistics[f]; }

/* A segment from the peer with an explicit sequence number (c->pseq untouched). */
static void peer_at(struct net_device *dev, struct tu_conn *c, u32 seq, u8 flags, u32 ack,
		    const void *data, unsigned int len)
{
	struct tu_in in = { .sport = c->rport, .dport = c->lport, .seq = seq, .ack = ack,
			    .flags = flags, .win = 65535, .data = data, .len = len };

	tu_rx(dev, &in);
}

/* The challenge ACK: our snd_nxt, the peer's rcv_nxt, nothing else. */
static void expect_challenge_ack(struct net_device *dev, struct tu_conn *c)
{
	struct tu_seg s;

	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(s.flags, TCPHDR_ACK);
	EXPECT_EQ(s.seq, tu_snd_nxt(c));
	EXPECT_EQ(s.ack, c->pseq);
	EXPECT_EQ(s.dlen, 0);
	EXPECT_EQ(tu_pending(dev), 0);
}

TEST(tcp_rfc5961_inwindow_rst_gets_challenge_ack_exact_rst_resets)
{
	struct net_device *dev = tu_dev_up();
	unsigned long chal = mib(LINUX_MIB_TCPCHALLENGEACK);
	struct tu_conn c;

	ASSERT(tu_active_open(dev, &c, NULL) == 0);
	peer_at(dev, &c, c.pseq + 1000, TCPHDR_RST, 0, NULL, 0);	/* in window, not rcv_nxt */
	EXPECT_EQ(tu_state(&c), TCP_ESTABLISHED);
	expect_challenge_ack(dev, &c);
	EXPECT_EQ(mib(LINUX_MIB_TCPCHALLENGEACK), chal + 1);
	peer_at(dev, &c, c.pseq + 10000000, TCPHDR_RST, 0, NULL, 0);	/* out of window: silence */
	EXPECT_EQ(tu_state(&c), TCP_ESTABLISHED);
	EXPECT_EQ(tu_pending(dev), 0);
	peer_at(dev, &c, c.pseq, TCPHDR_RST, 0, NULL, 0);		/* exact: reset */
	EXPECT_EQ(tu_state(&c), TCP_CLOSE);
	EXPECT_EQ(tu_sk(&c)->sk_err, ECONNRESET);
	EXPECT_EQ(tu_pending(dev), 0);
	tu_release(c.sock);
	tu_end(dev);
}

TEST(tcp_rfc5961_syn_in_established_gets_challenge_ack)
{
	struct net_device *dev = tu_dev_up();
	unsigned long synchal = mib(LINUX_MIB_TCPSYNCHALLENGE);
	struct tu_conn c;

	ASSERT(tu_active_open(dev, &c, NULL) == 0);
	peer_at(dev, &c, c.pseq + 5, TCPHDR_SYN, 0, NULL, 0);
	EXPECT_EQ(tu_state(&c), TCP_ESTABLISHED);
	expect_challenge_ack(dev, &c);
	EXPECT_EQ(mib(LINUX_MIB_TCPSYNCHALLENGE), synchal + 1);
	unit_advance(600);			/* past the per-socket rate limit */
	peer_at(dev, &c, c.pseq - 100000, TCPHDR_SYN, 0, NULL, 0);	/* out of window too */
	EXPECT_EQ(tu_state(&c), TCP_ESTABLISHED);
	expect_challenge_ack(dev, &c);
	tu_abort(c.sock);
	tu_end(dev);
}

TEST(tcp_ack_of_unsent_data_dropped_and_acked)
{
	struct net_device *dev = tu_dev_up();
	struct tu_conn c;
	char buf[8];

	ASSERT(tu_active_open(dev, &c, NULL) == 0);
	peer_at(dev, &c, c.pseq, TCPHDR_ACK | TCPHDR_PSH, tu_snd_nxt(&c) + 100, "evil", 4);
	EXPECT_EQ(tcp_sk(tu_sk(&c))->rcv_nxt, c.pseq);		/* the data was dropped */
	EXPECT_EQ(tu_recv(c.sock, buf, sizeof(buf)), -EAGAIN);
	expect_challenge_ack(dev, &c);
	EXPECT_EQ(tcp_sk(tu_sk(&c))->snd_una, tu_snd_nxt(&c));
	tu_abort(c.sock);
	tu_end(dev);
}

TEST(tcp_challenge_acks_rate_limited)
{
	struct net_device *dev = tu_dev_up();
	int saved_limit = sysctl_tcp_challenge_ack_limit, saved_rl = sysctl_tcp_invalid_ratelimit;
	unsigned long skipped = mib(LINUX_MIB_TCPACKSKIPPEDCHALLENGE);
	struct tu_conn c;
	int i;

	ASSERT(tu_active_open(dev, &c, NULL) == 0);
	/* Per socket: one answer per tcp_invalid_ratelimit (500 ms). */
	peer_at(dev, &c, c.pseq + 1, TCPHDR_RST, 0, NULL, 0);
	expect_challenge_ack(dev, &c);
	peer_at(dev, &c, c.pseq + 2, TCPHDR_RST, 0, NULL, 0);
	EXPECT_EQ(tu_pending(dev), 0);
	EXPECT_EQ(mib(LINUX_MIB_TCPACKSKIPPEDCHALLENGE), skipped + 1);
	unit_advance(500);
	peer_at(dev, &c, c.pseq + 3, TCPHDR_RST, 0, NULL, 0);
	expect_challenge_ack(dev, &c);

	/* Globally: tcp_challenge_ack_limit per second, then a fresh budget the next second. */
	sysctl_tcp_invalid_ratelimit = 0;
	sysctl_tcp_challenge_ack_limit = 3;
	unit_advance(1100);
	for (i = 0; i < 5; i++)
		peer_at(dev, &c, c.pseq + 10 + i, TCPHDR_RST, 0, NULL, 0);
	EXPECT_EQ(tu_pending(dev), 3);
	tu_drain(dev);
	unit_advance(1100);
	peer_at(dev, &c, c.pseq + 20, TCPHDR_RST, 0, NULL, 0);
	EXPECT_EQ(tu_pending(dev), 1);
	tu_drain(dev);
	EXPECT_EQ(tu_state(&c), TCP_ESTABLISHED);
	sysctl_tcp_challenge_ack_limit = saved_limit;
	sysctl_tcp_invalid_ratelimit = saved_rl;
	tu_abort(c.sock);
	tu_end(dev);
}

/* ---- TIME_WAIT ----------------------------------------------------------------------------- */

/* Close actively (shutdown, peer ACK, peer FIN): c's socket is CLOSE, a minisock holds the tuple. */
static void to_time_wait(struct net_device *dev, struct tu_conn *c)
{
	EXPECT_EQ(c->sock->ops->shutdown(c->sock, SHUT_WR), 0);
	tu_peer_send(dev, c, TCPHDR_FIN | TCPHDR_ACK, tu_snd_nxt(c), 65535, NULL, 0);
	tu_drain(dev);
	if (tu_state(c) == TCP_CLOSING)	/* FIN and FIN crossed: the peer ACKs ours now */
		tu_peer_send(dev, c, TCPHDR_ACK, tu_snd_nxt(c), 65535, NULL, 0);
	EXPECT_EQ(tu_state(c), TCP_CLOSE);
	EXPECT_EQ(tcp_tw_live_count(), 1);
}

TEST(tcp_time_wait_reacks_retransmitted_fin_and_restarts_timer)
{
	struct net_device *dev = tu_dev_up();
	struct tu_conn c;
	struct tu_seg s;
	u32 snd_nxt;

	ASSERT(tu_active_open(dev, &c, NULL) == 0);
	to_time_wait(dev, &c);
	snd_nxt = tu_snd_nxt(&c);
	tu_release(c.sock);
	unit_advance(30 * 1000);
	/* Our ACK of their FIN was lost: the FIN comes again. */
	peer_at(dev, &c, c.pseq - 1, TCPHDR_FIN | TCPHDR_ACK, snd_nxt, NULL, 0);
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(s.flags, TCPHDR_ACK);
	EXPECT_EQ(s.seq, snd_nxt);
	EXPECT_EQ(s.ack, c.pseq);
	EXPECT(s.csum_ok);
	unit_advance(59 * 1000);		/* 89 s after the first FIN: restarted, still there */
	EXPECT_EQ(tcp_tw_live_count(), 1);
	unit_advance(1000);
	EXPECT_EQ(tcp_tw_live_count(), 0);
	tu_end(dev);
}

TEST(tcp_time_wait_killed_by_rst)
{
	struct net_device *dev = tu_dev_up();
	unsigned long killed = mib(LINUX_MIB_TIMEWAITKILLED);
	struct tu_conn c;

	ASSERT(sysctl_tcp_rfc1337 == 0);
	ASSERT(tu_active_open(dev, &c, NULL) == 0);
	to_time_wait(dev, &c);
	tu_release(c.sock);
	peer_at(dev, &c, c.pseq, TCPHDR_RST, 0, NULL, 0);
	EXPECT_EQ(tcp_tw_live_count(), 0);
	EXPECT_EQ(tu_pending(dev), 0);
	EXPECT_EQ(mib(LINUX_MIB_TIMEWAITKILLED), killed);	/* killed now, not by its timer */
	tu_end(dev);
}

TEST(tcp_time_wait_new_syn_reopens_tuple)
{
	struct net_device *dev = tu_dev_up();
	struct socket *l = tu_listener(TU_PORT, 4);
	struct tu_conn c, c2;
	struct tu_seg s;
	u32 old_pseq;

	ASSERT(l);
	ASSERT(tu_passive_open(dev, l, 41000, &c, NULL) == 0);
	to_time_wait(dev, &c);			/* the server closed first: its side waits */
	tu_release(c.sock);
	old_pseq = c.pseq;
	/* The same client port connects again, its ISN past the old connection's. */
	{
		struct tu_in in = { .sport = 41000, .dport = TU_PORT, .flags = TCPHDR_SYN,
				    .win = 65535, .mss = 1460, .seq = old_pseq + 100000 };

		tu_rx(dev, &in);
	}
	EXPECT_EQ(tcp_tw_live_count(), 0);
	EXPECT_EQ(reqsk_live_count(), 1);
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(s.flags, TCPHDR_SYN | TCPHDR_ACK);
	EXPECT_EQ(s.ack, old_pseq + 100001);
	memset(&c2, 0, sizeof(c2));
	{
		struct tu_in in = { .sport = 41000, .dport = TU_PORT, .flags = TCPHDR_ACK,
				    .win = 65535, .seq = old_pseq + 100001, .ack = s.seq + 1 };
		int err;

		tu_rx(dev, &in);
		c2.sock = tu_accept(l, &err);
	}
	ASSERT(c2.sock);
	EXPECT_EQ(c2.sock->sk->sk_state, TCP_ESTABLISHED);
	tu_abort(c2.sock);
	tu_release(l);
	tu_drain(dev);
	tu_end(dev);
}

TEST(tcp_time_wait_old_syn_is_answered_with_ack)
{
	struct net_device *dev = tu_dev_up();
	struct socket *l = tu_listener(TU_PORT, 4);
	struct tu_conn c;
	struct tu_seg s;

	ASSERT(l);
	ASSERT(tu_passive_open(dev, l, 41001, &c, NULL) == 0);
	to_time_wait(dev, &c);
	tu_release(c.sock);
	peer_at(dev, &c, c.pseq - 50, TCPHDR_SYN, 0, NULL, 0);	/* behind the old connection */
	EXPECT_EQ(tcp_tw_live_count(), 1);
	EXPECT_EQ(reqsk_live_count(), 0);
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(s.flags, TCPHDR_ACK);
	EXPECT_EQ(s.ack, c.pseq);
	tu_release(l);
	unit_advance(60 * 1000);
	tu_end(dev);
}

TEST(tcp_time_wait_port_bind_needs_reuseaddr)
{
	struct net_device *dev = tu_dev_up();
	struct socket *again = tu_socket();
	struct tu_conn c;

	ASSERT(tu_bind(again, NULL, 5555, true) == 0);
	ASSERT(tu_active_open_sock(dev, &c, again, NULL) == 0);
	EXPECT_EQ(c.lport, 5555);
	to_time_wait(dev, &c);
	tu_release(c.sock);

	again = tu_socket();
	EXPECT_EQ(tu_bind(again, NULL, 5555, false), -EADDRINUSE);
	tu_release(again);
	again = tu_socket();
	EXPECT_EQ(tu_bind(again, NULL, 5555, true), 0);	/* SO_REUSEADDR on both */
	EXPECT_EQ(again->ops->listen(again, 1), 0);
	tu_release(again);

	unit_advance(60 * 1000);			/* TIME_WAIT over: the port is free */
	again = tu_socket();
	EXPECT_EQ(tu_bind(again, NULL, 5555, false), 0);
	tu_release(again);
	tu_end(dev);
}
