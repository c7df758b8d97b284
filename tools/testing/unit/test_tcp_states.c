// unit-sources: net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c
// unit-sources: tools/testing/unit/fake_netdev.c tools/testing/unit/tcp_unit.c
/*
 * TCP's state machine (RFC 9293 §3.3.2 figure 5) driven from the wire:
 * the test is the peer at 10.0.2.2, sends segments into the fake device
 * and reads what the stack answers. Opens (active, passive, simultaneous),
 * closes (active, passive, simultaneous, half), and an RST in every
 * synchronized state. Every test ends in tu_end's leak check.
 */
#include "unit.h"
#include "tcp_unit.h"

UNIT_SETUP(fake_net_setup)

TEST(tcp_active_open_syn_sent_to_established)
{
	struct net_device *dev = tu_dev_up();
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(TU_PORT) };
	struct socket *sock = tu_socket();
	struct tu_in in = { .sport = TU_PORT, .flags = TCPHDR_SYN | TCPHDR_ACK, .win = 65535,
			    .mss = 1460, .seq = 777 };
	struct tu_seg s;

	sin.sin_addr.s_addr = ip(TU_PEER);
	EXPECT_EQ(sock->ops->connect(sock, (struct sockaddr *)&sin, sizeof(sin), O_NONBLOCK),
		  -EINPROGRESS);
	EXPECT_EQ(sock->sk->sk_state, TCP_SYN_SENT);
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(s.flags, TCPHDR_SYN);
	EXPECT(s.csum_ok);
	EXPECT_EQ(s.daddr, ip(TU_PEER));
	EXPECT_EQ(s.dport, TU_PORT);
	EXPECT_EQ(s.mss, 1460);
	EXPECT(s.ws > 0 && s.sack_perm && s.ts);
	in.dport = s.sport;
	in.ack = s.seq + 1;
	tu_rx(dev, &in);
	EXPECT_EQ(sock->sk->sk_state, TCP_ESTABLISHED);
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(s.flags, TCPHDR_ACK);
	EXPECT_EQ(s.ack, 778);
	EXPECT_EQ(s.seq, in.ack);
	EXPECT_EQ(sock->ops->connect(sock, (struct sockaddr *)&sin, sizeof(sin), O_NONBLOCK), 0);
	tu_abort(sock);
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(s.flags, TCPHDR_RST | TCPHDR_ACK);
	tu_end(dev);
}

/* The next segment the host sends within ms of fake time (a delayed ACK takes 40). */
static bool pop_within(struct net_device *dev, struct tu_seg *s, unsigned int ms)
{
	while (!tu_pending(dev) && ms--)
		unit_advance(1);
	return tu_pop(dev, s);
}

static void peer_ack(struct net_device *dev, struct tu_conn *c)
{
	tu_peer_send(dev, c, TCPHDR_ACK, tu_snd_nxt(c), 65535, NULL, 0);
}

/* shutdown(SHUT_WR): our FIN goes out; the socket stays the user's. */
static void our_fin(struct net_device *dev, struct tu_conn *c)
{
	struct tu_seg s;

	EXPECT_EQ(c->sock->ops->shutdown(c->sock, SHUT_WR), 0);
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(s.flags, TCPHDR_FIN | TCPHDR_ACK);
	EXPECT_EQ(s.seq + 1, tu_snd_nxt(c));
	EXPECT_EQ(s.ack, c->pseq);
}

static void peer_fin(struct net_device *dev, struct tu_conn *c, u32 ack)
{
	tu_peer_send(dev, c, TCPHDR_FIN | TCPHDR_ACK, ack, 65535, NULL, 0);
}

TEST(tcp_simultaneous_open_through_syn_recv)
{
	struct net_device *dev = tu_dev_up();
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(TU_PORT) };
	struct socket *sock = tu_socket();
	struct tu_in in = { .sport = TU_PORT, .flags = TCPHDR_SYN, .win = 65535, .mss = 1460,
			    .seq = 4242 };
	struct tu_seg s;
	u32 iss;

	sin.sin_addr.s_addr = ip(TU_PEER);
	EXPECT_EQ(sock->ops->connect(sock, (struct sockaddr *)&sin, sizeof(sin), O_NONBLOCK),
		  -EINPROGRESS);
	ASSERT(tu_pop(dev, &s));
	iss = s.seq;
	in.dport = s.sport;
	tu_rx(dev, &in);			/* their SYN crosses ours (RFC 9293 figure 7) */
	EXPECT_EQ(sock->sk->sk_state, TCP_SYN_RECV);
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(s.flags, TCPHDR_SYN | TCPHDR_ACK);
	EXPECT_EQ(s.seq, iss);			/* our SYN again, now with the ACK */
	EXPECT_EQ(s.ack, 4243);
	in.flags = TCPHDR_ACK;			/* their ACK of our SYN completes it */
	in.ack = iss + 1;
	in.mss = 0;
	in.seq = 4243;
	tu_rx(dev, &in);
	EXPECT_EQ(sock->sk->sk_state, TCP_ESTABLISHED);
	EXPECT_EQ(tcp_sk(sock->sk)->snd_una, iss + 1);
	tu_abort(sock);
	tu_end(dev);
}

TEST(tcp_passive_open_request_child_accept)
{
	struct net_device *dev = tu_dev_up();
	struct socket *l = tu_listener(TU_PORT, 4);
	struct tu_in in = { .sport = TU_PEER_PORT, .dport = TU_PORT, .flags = TCPHDR_SYN,
			    .win = 65535, .mss = 1400, .seq = 100 };
	struct socket *child;
	struct tu_seg s;
	int err;

	ASSERT(l);
	tu_rx(dev, &in);
	EXPECT_EQ(reqsk_live_count(), 1);		/* a request_sock, no socket yet */
	EXPECT_EQ(reqsk_queue_len(&inet_csk(l->sk)->icsk_accept_queue), 1);
	EXPECT_EQ(l->sk->sk_ack_backlog, 0);
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(s.flags, TCPHDR_SYN | TCPHDR_ACK);
	EXPECT_EQ(s.ack, 101);
	EXPECT_EQ(s.sport, TU_PORT);
	EXPECT(s.csum_ok);
	EXPECT(!tu_accept(l, &err));
	EXPECT_EQ(err, -EAGAIN);

	in.flags = TCPHDR_ACK;
	in.seq = 101;
	in.ack = s.seq + 1;
	in.mss = 0;
	tu_rx(dev, &in);
	EXPECT_EQ(tu_pending(dev), 0);
	EXPECT_EQ(reqsk_queue_len(&inet_csk(l->sk)->icsk_accept_queue), 0);
	EXPECT_EQ(l->sk->sk_ack_backlog, 1);		/* the child waits in the accept queue */
	child = tu_accept(l, &err);
	ASSERT(child);
	EXPECT_EQ(child->sk->sk_state, TCP_ESTABLISHED);
	EXPECT_EQ(tcp_sk(child->sk)->mss_cache, 1400);
	EXPECT_EQ(l->sk->sk_ack_backlog, 0);
	tu_abort(child);
	tu_release(l);
	tu_end(dev);
}

TEST(tcp_active_close_fin_wait_time_wait_gone_after_60s)
{
	struct net_device *dev = tu_dev_up();
	struct tu_conn c;
	struct tu_seg s;
	long socks;

	ASSERT(tu_active_open(dev, &c, NULL) == 0);
	socks = socks_in_use();
	tu_release(c.sock);			/* close(): an orphan in FIN_WAIT1 */
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(s.flags, TCPHDR_FIN | TCPHDR_ACK);
	EXPECT_EQ(socks_in_use(), socks);
	tu_peer_send(dev, &c, TCPHDR_ACK, s.seq + 1, 65535, NULL, 0);
	/* An orphan's FIN_WAIT2 is a minisock (Linux's tcp_time_wait(FIN_WAIT2)). */
	EXPECT_EQ(socks_in_use(), socks - 1);
	EXPECT_EQ(tcp_tw_live_count(), 1);
	EXPECT_EQ(tu_pending(dev), 0);
	peer_fin(dev, &c, s.seq + 1);
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(s.flags, TCPHDR_ACK);
	EXPECT_EQ(s.ack, c.pseq);
	EXPECT_EQ(tcp_tw_live_count(), 1);
	unit_advance(59 * 1000);
	EXPECT_EQ(tcp_tw_live_count(), 1);
	unit_advance(1000);
	EXPECT_EQ(tcp_tw_live_count(), 0);
	tu_end(dev);
}

TEST(tcp_active_close_by_shutdown_keeps_socket_until_close)
{
	struct net_device *dev = tu_dev_up();
	struct tu_conn c;
	struct tu_seg s;
	char buf[8];

	ASSERT(tu_active_open(dev, &c, NULL) == 0);
	our_fin(dev, &c);
	EXPECT_EQ(tu_state(&c), TCP_FIN_WAIT1);
	peer_ack(dev, &c);
	EXPECT_EQ(tu_state(&c), TCP_FIN_WAIT2);
	peer_fin(dev, &c, tu_snd_nxt(&c));
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(s.flags, TCPHDR_ACK);
	EXPECT_EQ(s.ack, c.pseq);
	EXPECT_EQ(tu_state(&c), TCP_CLOSE);	/* the socket is done; a minisock waits */
	EXPECT_EQ(tcp_tw_live_count(), 1);
	EXPECT_EQ(tu_recv(c.sock, buf, sizeof(buf)), 0);
	tu_release(c.sock);
	unit_advance(60 * 1000);
	EXPECT_EQ(tcp_tw_live_count(), 0);
	tu_end(dev);
}

TEST(tcp_passive_close_close_wait_last_ack_close)
{
	struct net_device *dev = tu_dev_up();
	struct tu_conn c;
	struct tu_seg s;
	char buf[8];
	long socks;

	ASSERT(tu_active_open(dev, &c, NULL) == 0);
	peer_fin(dev, &c, tu_snd_nxt(&c));
	EXPECT_EQ(tu_state(&c), TCP_CLOSE_WAIT);
	ASSERT(pop_within(dev, &s, 200));
	EXPECT_EQ(s.flags, TCPHDR_ACK);
	EXPECT_EQ(s.ack, c.pseq);
	EXPECT_EQ(tu_recv(c.sock, buf, sizeof(buf)), 0);	/* EOF */
	EXPECT_EQ(tu_send(c.sock, "x", 1), 1);		/* CLOSE_WAIT may still send */
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(s.dlen, 1);
	socks = socks_in_use();
	tu_release(c.sock);
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(s.flags, TCPHDR_FIN | TCPHDR_ACK);
	EXPECT_EQ(socks_in_use(), socks);		/* LAST_ACK, orphaned */
	tu_peer_send(dev, &c, TCPHDR_ACK, s.seq + 1, 65535, NULL, 0);
	EXPECT_EQ(socks_in_use(), socks - 1);		/* CLOSE: freed, no TIME_WAIT */
	EXPECT_EQ(tcp_tw_live_count(), 0);
	EXPECT_EQ(tu_pending(dev), 0);
	tu_end(dev);
}

TEST(tcp_simultaneous_close_closing_time_wait)
{
	struct net_device *dev = tu_dev_up();
	struct tu_conn c;
	struct tu_seg s;
	u32 fin_seq;

	ASSERT(tu_active_open(dev, &c, NULL) == 0);
	our_fin(dev, &c);
	fin_seq = tu_snd_nxt(&c) - 1;
	peer_fin(dev, &c, fin_seq);			/* their FIN crossed ours */
	EXPECT_EQ(tu_state(&c), TCP_CLOSING);
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(s.flags, TCPHDR_ACK);
	EXPECT_EQ(s.ack, c.pseq);
	peer_ack(dev, &c);
	EXPECT_EQ(tu_state(&c), TCP_CLOSE);
	EXPECT_EQ(tcp_tw_live_count(), 1);
	tu_release(c.sock);
	unit_advance(60 * 1000);
	EXPECT_EQ(tcp_tw_live_count(), 0);
	tu_end(dev);
}

TEST(tcp_half_close_still_receives)
{
	struct net_device *dev = tu_dev_up();
	struct tu_conn c;
	struct tu_seg s;
	char buf[16];

	ASSERT(tu_active_open(dev, &c, NULL) == 0);
	our_fin(dev, &c);
	peer_ack(dev, &c);
	EXPECT_EQ(tu_state(&c), TCP_FIN_WAIT2);
	EXPECT_EQ(tu_send(c.sock, "no", 2), -EPIPE);
	tu_peer_send(dev, &c, TCPHDR_ACK | TCPHDR_PSH, tu_snd_nxt(&c), 65535, "still here", 10);
	EXPECT_EQ(tu_recv(c.sock, buf, sizeof(buf)), 10);
	EXPECT_MEMEQ(buf, "still here", 10);
	ASSERT(pop_within(dev, &s, 200));
	EXPECT_EQ(s.ack, c.pseq);
	peer_fin(dev, &c, tu_snd_nxt(&c));
	EXPECT_EQ(tcp_tw_live_count(), 1);
	tu_drain(dev);
	tu_release(c.sock);
	unit_advance(60 * 1000);
	tu_end(dev);
}

/* ---- RST in every synchronized state (RFC 9293 §3.10.7.4, RFC 5961 §3) -------------------- */

enum reach { R_ESTABLISHED, R_FIN_WAIT1, R_FIN_WAIT2, R_CLOSE_WAIT, R_CLOSING, R_LAST_ACK, R_SYN_RECV };

static const struct {
	enum reach how;
	int state;
	int err;	/* sk_err after the RST */
} rst_table[] = {
	{ R_ESTABLISHED,	TCP_ESTABLISHED,	ECONNRESET },
	{ R_FIN_WAIT1,		TCP_FIN_WAIT1,		ECONNRESET },
	{ R_FIN_WAIT2,		TCP_FIN_WAIT2,		ECONNRESET },
	{ R_CLOSE_WAIT,		TCP_CLOSE_WAIT,		EPIPE },
	{ R_CLOSING,		TCP_CLOSING,		ECONNRESET },
	{ R_LAST_ACK,		TCP_LAST_ACK,		ECONNRESET },
	{ R_SYN_RECV,		TCP_SYN_RECV,		ECONNRESET },
};

/* Bring a fresh connection to a state with the socket still the user's. */
static int reach(struct net_device *dev, struct tu_conn *c, enum reach how)
{
	struct tu_seg s;

	if (how == R_SYN_RECV) {
		struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(TU_PORT) };
		struct tu_in in = { .sport = TU_PORT, .flags = TCPHDR_SYN, .win = 65535, .seq = 9000 };

		memset(c, 0, sizeof(*c));
		c->sock = tu_socket();
		sin.sin_addr.s_addr = ip(TU_PEER);
		c->sock->ops->connect(c->sock, (struct sockaddr *)&sin, sizeof(sin), O_NONBLOCK);
		if (!tu_pop(dev, &s))
			return -1;
		c->lport = in.dport = s.sport;
		c->rport = TU_PORT;
		tu_rx(dev, &in);
		c->pseq = 9001;
		tu_drain(dev);
		return 0;
	}
	if (tu_active_open(dev, c, NULL))
		return -1;
	switch (how) {
	case R_FIN_WAIT2:
		our_fin(dev, c);
		peer_ack(dev, c);
		break;
	case R_FIN_WAIT1:
	case R_CLOSING:
		our_fin(dev, c);
		if (how == R_CLOSING)
			peer_fin(dev, c, tu_snd_nxt(c) - 1);
		break;
	case R_CLOSE_WAIT:
	case R_LAST_ACK:
		peer_fin(dev, c, tu_snd_nxt(c));
		if (how == R_LAST_ACK)
			c->sock->ops->shutdown(c->sock, SHUT_WR);
		break;
	default:
		break;
	}
	tu_drain(dev);
	return 0;
}

TEST(tcp_rst_in_each_synchronized_state)
{
	struct net_device *dev = tu_dev_up();
	int timers = unit_timers_pending();	/* the stack's own (neighbour gc ...) */
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rst_table); i++) {
		struct tu_conn c;
		unsigned long resets = tcp_statistics[TCP_MIB_ESTABRESETS];

		ASSERT(reach(dev, &c, rst_table[i].how) == 0);
		EXPECT_EQ(tu_state(&c), rst_table[i].state);
		/* Exactly at rcv_nxt: the connection is reset, nothing is sent back. */
		tu_peer_send(dev, &c, TCPHDR_RST, 0, 0, NULL, 0);
		if (tu_state(&c) != TCP_CLOSE)
			unit_fail(__FILE__, __LINE__, "RST in %s left %s", tcp_state_name(rst_table[i].state),
				  tcp_state_name(tu_state(&c)));
		EXPECT_EQ(tu_sk(&c)->sk_err, rst_table[i].err);
		EXPECT_EQ(tu_pending(dev), 0);
		if (rst_table[i].state == TCP_ESTABLISHED || rst_table[i].state == TCP_CLOSE_WAIT)
			EXPECT_EQ(tcp_statistics[TCP_MIB_ESTABRESETS], resets + 1);
		EXPECT_EQ(unit_timers_pending(), timers);	/* no timer left behind on a closed socket */
		tu_release(c.sock);
		EXPECT_EQ(tu_pending(dev), 0);		/* close of a reset socket sends nothing */
	}
	tu_end(dev);
}

TEST(tcp_rst_in_syn_sent_needs_acceptable_ack)
{
	struct net_device *dev = tu_dev_up();
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(TU_PORT) };
	struct socket *sock = tu_socket();
	struct tu_in in = { .sport = TU_PORT, .flags = TCPHDR_RST | TCPHDR_ACK };
	struct tu_seg s;

	sin.sin_addr.s_addr = ip(TU_PEER);
	sock->ops->connect(sock, (struct sockaddr *)&sin, sizeof(sin), O_NONBLOCK);
	ASSERT(tu_pop(dev, &s));
	in.dport = s.sport;
	in.ack = s.seq;				/* not our SYN's ACK: ignored */
	tu_rx(dev, &in);
	EXPECT_EQ(sock->sk->sk_state, TCP_SYN_SENT);
	in.ack = s.seq + 1;
	tu_rx(dev, &in);
	EXPECT_EQ(sock->sk->sk_state, TCP_CLOSE);
	EXPECT_EQ(sock->ops->connect(sock, (struct sockaddr *)&sin, sizeof(sin), O_NONBLOCK),
		  -ECONNREFUSED);
	EXPECT_EQ(tu_pending(dev), 0);
	tu_release(sock);
	tu_end(dev);
}
