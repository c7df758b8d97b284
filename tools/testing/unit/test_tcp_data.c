// unit-sources: net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c
// unit-sources: tools/testing/unit/fake_netdev.c tools/testing/unit/tcp_unit.c
/*
 * Data transfer on an established connection, the test as the peer:
 * delivery in order and out of order, retransmission by the timer (the
 * resent segment byte for byte) and by three duplicate ACKs, the RTO of
 * RFC 6298 (samples, 200 ms floor, doubling, 120 s cap), delayed and
 * immediate ACKs, the zero-window probe and window updates.
 */
#include "unit.h"
#include "tcp_unit.h"

UNIT_SETUP(fake_net_setup)

static u8 pattern[8 * 1460];

static void fill_pattern(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(pattern); i++)
		pattern[i] = (u8)(i * 13 + 7);
}

/* Milliseconds of fake time until the host sends a TCP segment (at most max). */
static unsigned int ms_until_segment(struct net_device *dev, unsigned int max)
{
	unsigned int ms = 0;

	while (!tu_pending(dev) && ms < max) {
		unit_advance(1);
		ms++;
	}
	return ms;
}

static void peer_ack(struct net_device *dev, struct tu_conn *c, u32 ack, u16 win)
{
	tu_peer_send(dev, c, TCPHDR_ACK, ack, win, NULL, 0);
}

/* A server-side connection: its RTT estimator has no sample yet (RTO 1 s). */
static int open_child(struct net_device *dev, struct socket **l, struct tu_conn *c, u16 port)
{
	*l = tu_listener(TU_PORT, 4);
	if (!*l)
		return -1;
	return tu_passive_open(dev, *l, port, c, NULL);
}

TEST(tcp_in_order_data_delivered)
{
	struct net_device *dev = tu_dev_up();
	struct tu_conn c;
	char buf[64];

	ASSERT(tu_active_open(dev, &c, NULL) == 0);
	tu_peer_send(dev, &c, TCPHDR_ACK, tu_snd_nxt(&c), 65535, "one ", 4);
	tu_peer_send(dev, &c, TCPHDR_ACK, tu_snd_nxt(&c), 65535, "two ", 4);
	tu_peer_send(dev, &c, TCPHDR_ACK | TCPHDR_PSH, tu_snd_nxt(&c), 65535, "three", 5);
	EXPECT_EQ(tu_recv(c.sock, buf, sizeof(buf)), 13);
	EXPECT_MEMEQ(buf, "one two three", 13);
	EXPECT_EQ(tcp_sk(tu_sk(&c))->rcv_nxt, c.pseq);
	EXPECT_EQ(tu_recv(c.sock, buf, sizeof(buf)), -EAGAIN);
	tu_drain(dev);
	tu_abort(c.sock);
	tu_end(dev);
}

TEST(tcp_out_of_order_queued_dupacked_delivered_when_hole_fills)
{
	struct net_device *dev = tu_dev_up();
	unsigned long ofo = net_statistics[LINUX_MIB_TCPOFOQUEUE];
	struct tu_conn c;
	struct tu_seg s;
	char buf[64];
	u32 base;

	ASSERT(tu_active_open(dev, &c, NULL) == 0);
	base = c.pseq;
	c.pseq = base + 10;
	tu_peer_send(dev, &c, TCPHDR_ACK, tu_snd_nxt(&c), 65535, "BBBBBBBBBB", 10);
	ASSERT(tu_pop(dev, &s));			/* at once: a duplicate ACK */
	EXPECT_EQ(s.flags, TCPHDR_ACK);
	EXPECT_EQ(s.ack, base);
	tu_peer_send(dev, &c, TCPHDR_ACK, tu_snd_nxt(&c), 65535, "CCCCCCCCCC", 10);
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(s.ack, base);
	EXPECT_EQ(net_statistics[LINUX_MIB_TCPOFOQUEUE], ofo + 2);
	EXPECT_EQ(tu_recv(c.sock, buf, sizeof(buf)), -EAGAIN);	/* nothing in order yet */
	/* The same out-of-order segment again changes nothing. */
	c.pseq = base + 10;
	tu_peer_send(dev, &c, TCPHDR_ACK, tu_snd_nxt(&c), 65535, "BBBBBBBBBB", 10);
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(s.ack, base);
	c.pseq = base;
	tu_peer_send(dev, &c, TCPHDR_ACK, tu_snd_nxt(&c), 65535, "AAAAAAAAAA", 10);
	ASSERT(tu_pop(dev, &s));			/* the hole filled: ACK everything now */
	EXPECT_EQ(s.ack, base + 30);
	EXPECT_EQ(tu_pending(dev), 0);
	EXPECT_EQ(tu_recv(c.sock, buf, sizeof(buf)), 30);
	EXPECT_MEMEQ(buf, "AAAAAAAAAABBBBBBBBBBCCCCCCCCCC", 30);
	EXPECT(skb_queue_empty(&tcp_sk(tu_sk(&c))->out_of_order_queue));
	tu_abort(c.sock);
	tu_end(dev);
}

TEST(tcp_data_with_an_old_ack_is_still_accepted)
{
	struct net_device *dev = tu_dev_up();
	struct tu_conn c;
	char buf[16];
	u32 old_una;

	ASSERT(tu_active_open(dev, &c, NULL) == 0);
	old_una = tu_snd_nxt(&c);
	EXPECT_EQ(tu_send(c.sock, "request", 7), 7);
	tu_drain(dev);
	/* The peer's two segments are reordered: the one that ACKs our request comes first. */
	c.pseq += 5;
	tu_peer_send(dev, &c, TCPHDR_ACK, old_una + 7, 65535, "world", 5);
	c.pseq -= 10;
	tu_peer_send(dev, &c, TCPHDR_ACK, old_una, 65535, "hello", 5);	/* SEG.ACK < SND.UNA */
	c.pseq += 5;
	EXPECT_EQ(tcp_sk(tu_sk(&c))->rcv_nxt, c.pseq);
	EXPECT_EQ(tu_recv(c.sock, buf, sizeof(buf)), 10);
	EXPECT_MEMEQ(buf, "helloworld", 10);
	tu_drain(dev);
	tu_abort(c.sock);
	tu_end(dev);
}

/* ---- retransmission ------------------------------------------------------------------------ */

/* IP header minus id and checksum, then the whole TCP segment minus what skip says. */
static void expect_same_segment(const struct tu_seg *a, const struct tu_seg *b, bool ts)
{
	const struct iphdr *ia = (const void *)a->raw, *ib = (const void *)b->raw;
	unsigned int ihl = ia->ihl * 4;
	u8 ta[1600], tb[1600];

	ASSERT(a->rawlen == b->rawlen);
	EXPECT_EQ(ia->ihl, ib->ihl);
	EXPECT_EQ(ia->tos, ib->tos);
	EXPECT_EQ(ia->tot_len, ib->tot_len);
	EXPECT_EQ(ia->frag_off, ib->frag_off);
	EXPECT_EQ(ia->ttl, ib->ttl);
	EXPECT_EQ(ia->protocol, ib->protocol);
	EXPECT_EQ(ia->saddr, ib->saddr);
	EXPECT_EQ(ia->daddr, ib->daddr);
	memcpy(ta, a->raw + ihl, a->rawlen - ihl);
	memcpy(tb, b->raw + ihl, b->rawlen - ihl);
	/* The checksum must change exactly when the TSval does. */
	((struct tcphdr *)ta)->check = ((struct tcphdr *)tb)->check = 0;
	if (ts) {
		EXPECT(b->tsval > a->tsval);
		EXPECT_EQ(a->tsecr, b->tsecr);
		memset(ta + 24, 0, 4);		/* nop nop TS len TSval: TSval at 4 + 20 */
		memset(tb + 24, 0, 4);
	}
	EXPECT_MEMEQ(ta, tb, a->rawlen - ihl);
	EXPECT(a->csum_ok && b->csum_ok);
}

TEST(tcp_rto_retransmission_is_the_same_segment)
{
	struct net_device *dev = tu_dev_up();
	struct socket *l;
	struct tu_conn c;
	struct tu_seg first, again;

	fill_pattern();
	ASSERT(open_child(dev, &l, &c, 46000) == 0);
	EXPECT_EQ(tu_send(c.sock, pattern, 1000), 1000);
	ASSERT(tu_pop(dev, &first));
	EXPECT_EQ(first.dlen, 1000);
	EXPECT_EQ(ms_until_segment(dev, 5000), 1000);	/* RTO 1 s before any sample */
	ASSERT(tu_pop(dev, &again));
	expect_same_segment(&first, &again, false);
	EXPECT_EQ(tcp_statistics[TCP_MIB_RETRANSSEGS] > 0, 1);
	peer_ack(dev, &c, first.seq + 1000, 65535);
	EXPECT_EQ(tcp_sk(tu_sk(&c))->packets_out, 0);
	tu_abort(c.sock);
	tu_release(l);
	tu_drain(dev);
	tu_end(dev);
}

TEST(tcp_rto_retransmission_with_timestamps_changes_only_tsval)
{
	struct net_device *dev = tu_dev_up();
	struct tu_in opts = { .mss = 1460, .ts = true, .tsval = 100 };
	struct tu_conn c;
	struct tu_seg first, again;

	fill_pattern();
	ASSERT(tu_active_open(dev, &c, &opts) == 0);
	EXPECT(tcp_sk(tu_sk(&c))->rx_opt.tstamp_ok);
	EXPECT_EQ(tu_send(c.sock, pattern, 1000), 1000);
	ASSERT(tu_pop(dev, &first));
	EXPECT(first.ts);
	EXPECT_EQ(first.tsecr, 100);
	EXPECT(ms_until_segment(dev, 5000) < 5000);
	ASSERT(tu_pop(dev, &again));
	expect_same_segment(&first, &again, true);
	tu_abort(c.sock);
	tu_drain(dev);
	tu_end(dev);
}

TEST(tcp_fast_retransmit_after_three_dupacks)
{
	struct net_device *dev = tu_dev_up();
	unsigned long reno = net_statistics[LINUX_MIB_TCPRENORECOVERY];
	struct socket *l;
	struct tu_conn c;
	struct tu_seg seg[5], s;
	struct tcp_sock *tp;
	int i;

	fill_pattern();
	ASSERT(open_child(dev, &l, &c, 46001) == 0);
	tp = tcp_sk(tu_sk(&c));
	EXPECT_EQ(tu_send(c.sock, pattern, 5 * 1460), 5 * 1460);
	for (i = 0; i < 5; i++) {
		ASSERT(tu_pop(dev, &seg[i]));
		EXPECT_EQ(seg[i].dlen, 1460);
	}
	/* Segment 0 was lost; 1..3 arrive and each draws a duplicate ACK. */
	peer_ack(dev, &c, seg[0].seq, 65535);
	peer_ack(dev, &c, seg[0].seq, 65535);
	EXPECT_EQ(tu_pending(dev), 0);
	peer_ack(dev, &c, seg[0].seq, 65535);
	ASSERT(tu_pop(dev, &s));
	expect_same_segment(&seg[0], &s, false);
	EXPECT_EQ(tp->ca_state, TCP_CA_Recovery);
	EXPECT_EQ(net_statistics[LINUX_MIB_TCPRENORECOVERY], reno + 1);
	EXPECT_EQ(tu_pending(dev), 0);
	/* The retransmission fills the hole: the full ACK ends recovery. */
	peer_ack(dev, &c, seg[4].seq + 1460, 65535);
	EXPECT_EQ(tp->ca_state, TCP_CA_Open);
	EXPECT_EQ(tp->packets_out, 0);
	EXPECT_EQ(tp->snd_cwnd, tp->snd_ssthresh);
	tu_abort(c.sock);
	tu_release(l);
	tu_drain(dev);
	tu_end(dev);
}

/* ---- RTO estimation (RFC 6298) ---------------------------------------------------------------- */

/* Send len bytes, let rtt ms pass, ACK them. */
static void rtt_sample(struct net_device *dev, struct tu_conn *c, unsigned int rtt)
{
	struct tu_seg s;

	EXPECT_EQ(tu_send(c->sock, pattern, 100), 100);
	ASSERT(tu_pop(dev, &s));
	unit_advance(rtt);
	peer_ack(dev, c, s.seq + s.dlen, 65535);
	tu_drain(dev);
}

TEST(tcp_rto_follows_rfc6298)
{
	struct net_device *dev = tu_dev_up();
	struct socket *l;
	struct tu_conn c;
	struct tcp_sock *tp;
	int i;

	ASSERT(open_child(dev, &l, &c, 46002) == 0);
	tp = tcp_sk(tu_sk(&c));
	EXPECT_EQ(inet_csk(tu_sk(&c))->icsk_rto, TCP_TIMEOUT_INIT);
	/* First sample R = 100 ms: SRTT = R, RTTVAR = R/2, RTO = SRTT + max(G, 4 RTTVAR) = 300 ms. */
	rtt_sample(dev, &c, 100);
	EXPECT_EQ(tp->srtt_us >> 3, 100000);
	EXPECT_EQ(tp->mdev_us, 200000);
	EXPECT_EQ(inet_csk(tu_sk(&c))->icsk_rto, msecs_to_jiffies(300));
	/* R' = 250 ms: SRTT = 7/8 100 + 1/8 250 = 118.75, RTTVAR = 3/4 50 + 1/4 150 = 75: RTO 418.75. */
	rtt_sample(dev, &c, 250);
	EXPECT_EQ(tp->srtt_us >> 3, 118750);
	EXPECT_EQ(tp->mdev_us, 300000);
	EXPECT_EQ(inet_csk(tu_sk(&c))->icsk_rto, msecs_to_jiffies(419));	/* rounded up */
	/* A fast path: the variance term never goes below 200 ms (Linux's floor). */
	for (i = 0; i < 60; i++)
		rtt_sample(dev, &c, 2);
	EXPECT(inet_csk(tu_sk(&c))->icsk_rto >= msecs_to_jiffies(200));
	EXPECT(inet_csk(tu_sk(&c))->icsk_rto <= msecs_to_jiffies(210));
	tu_abort(c.sock);
	tu_release(l);
	tu_drain(dev);
	tu_end(dev);
}

TEST(tcp_rto_backoff_doubles_to_120s_then_times_out)
{
	struct net_device *dev = tu_dev_up();
	struct socket *l;
	struct tu_conn c;
	unsigned int rto = 300, gap;
	struct tu_seg s;
	int i;

	ASSERT(open_child(dev, &l, &c, 46003) == 0);
	rtt_sample(dev, &c, 100);			/* RTO 300 ms */
	EXPECT_EQ(tu_send(c.sock, pattern, 100), 100);
	ASSERT(tu_pop(dev, &s));
	for (i = 0; i < sysctl_tcp_retries2; i++) {
		gap = ms_until_segment(dev, 200000);
		EXPECT_EQ(gap, rto);
		ASSERT(tu_pop(dev, &s));
		EXPECT_EQ(s.dlen, 100);
		rto = min(rto * 2, 120000u);
	}
	EXPECT_EQ(rto, 120000);
	/* The last RTO runs out: the connection is over, ETIMEDOUT. */
	unit_advance(rto);
	EXPECT_EQ(tu_state(&c), TCP_CLOSE);
	EXPECT_EQ(tu_sk(&c)->sk_err, ETIMEDOUT);
	EXPECT_EQ(tu_pending(dev), 0);
	tu_release(c.sock);
	tu_release(l);
	tu_end(dev);
}

/* ---- ACK policy ---------------------------------------------------------------------------------- */

TEST(tcp_delayed_ack_40ms_and_every_second_full_segment_at_once)
{
	struct net_device *dev = tu_dev_up();
	struct tu_conn c;
	struct tu_seg s;
	int quick = 0;

	fill_pattern();
	ASSERT(tu_active_open(dev, &c, NULL) == 0);
	/* A new connection ACKs at once for a while (quick-ACK mode, as Linux). */
	for (;;) {
		tu_peer_send(dev, &c, TCPHDR_ACK, tu_snd_nxt(&c), 65535, "x", 1);
		if (!tu_pending(dev))
			break;
		tu_drain(dev);
		ASSERT(++quick <= TCP_MAX_QUICKACKS);
	}
	EXPECT_EQ(ms_until_segment(dev, 1000), 40);	/* then a lone small segment waits 40 ms */
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(s.ack, c.pseq);
	/* One full segment waits; the second makes the ACK go now (RFC 5681 §4.2). */
	tu_peer_send(dev, &c, TCPHDR_ACK, tu_snd_nxt(&c), 65535, pattern, 1460);
	EXPECT_EQ(tu_pending(dev), 0);
	tu_peer_send(dev, &c, TCPHDR_ACK, tu_snd_nxt(&c), 65535, pattern + 1460, 1460);
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(s.ack, c.pseq);
	EXPECT_EQ(tu_pending(dev), 0);
	unit_advance(500);
	EXPECT_EQ(tu_pending(dev), 0);			/* and no second ACK from the timer */
	tu_abort(c.sock);
	tu_drain(dev);
	tu_end(dev);
}

/* ---- windows ---------------------------------------------------------------------------------- */

TEST(tcp_zero_window_probe_backoff_and_resume)
{
	struct net_device *dev = tu_dev_up();
	struct socket *l;
	struct tu_conn c;
	struct tu_seg s;
	unsigned int gap, rto;
	int i;

	ASSERT(open_child(dev, &l, &c, 46004) == 0);
	EXPECT_EQ(tu_send(c.sock, "abc", 3), 3);
	ASSERT(tu_pop(dev, &s));
	unit_advance(100);
	peer_ack(dev, &c, s.seq + 3, 0);		/* all taken, window closed */
	rto = jiffies_to_msecs(inet_csk(tu_sk(&c))->icsk_rto);
	EXPECT_EQ(rto, 300);				/* first sample 100 ms */
	EXPECT_EQ(tu_send(c.sock, "defg", 4), 4);
	EXPECT_EQ(tu_pending(dev), 0);			/* nothing fits */
	for (i = 0; i < 4; i++) {
		gap = ms_until_segment(dev, 100000);
		EXPECT_EQ(gap, rto << i);		/* persist timer backs off */
		ASSERT(tu_pop(dev, &s));
		EXPECT_EQ(s.dlen, 0);			/* a probe: old sequence number, no data */
		EXPECT_EQ(s.seq, tu_snd_nxt(&c) - 1);
		peer_ack(dev, &c, tu_snd_nxt(&c), 0);	/* still closed */
	}
	EXPECT_EQ(tu_state(&c), TCP_ESTABLISHED);	/* a peer that answers is never given up on */
	peer_ack(dev, &c, tu_snd_nxt(&c), 65535);	/* the window opens */
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(s.dlen, 4);
	EXPECT_MEMEQ(s.data, "defg", 4);
	EXPECT_EQ(inet_csk(tu_sk(&c))->icsk_pending, ICSK_TIME_RETRANS);
	tu_abort(c.sock);
	tu_release(l);
	tu_drain(dev);
	tu_end(dev);
}

TEST(tcp_window_update_after_reader_frees_space)
{
	struct net_device *dev = tu_dev_up();
	struct socket *sock = tu_socket();
	int rcvbuf = 4096, sent = 0;
	struct tu_conn c;
	struct tu_seg s;
	static char buf[16384];

	fill_pattern();
	EXPECT_EQ(sock_setsockopt(sock, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)), 0);
	ASSERT(tu_active_open_sock(dev, &c, sock, NULL) == 0);
	/* Fill the window the stack offers until it offers none. */
	s.win = 1;
	while (s.win && sent < 8 * 1460) {
		tu_peer_send(dev, &c, TCPHDR_ACK, tu_snd_nxt(&c), 65535, pattern + sent, 1460);
		sent += 1460;
		if (!tu_pending(dev))
			unit_advance(200);
		ASSERT(tu_pop(dev, &s));
		tu_drain(dev);
	}
	EXPECT_EQ(s.win, 0);
	EXPECT_EQ(s.ack, c.pseq);
	EXPECT_EQ(tu_recv(c.sock, buf, sizeof(buf)), sent);
	EXPECT_MEMEQ(buf, pattern, sent);
	ASSERT(tu_pop(dev, &s));			/* the reader made room: say so */
	EXPECT_EQ(s.flags, TCPHDR_ACK);
	EXPECT(s.win >= 1460);
	EXPECT_EQ(s.ack, c.pseq);
	tu_abort(c.sock);
	tu_drain(dev);
	tu_end(dev);
}
