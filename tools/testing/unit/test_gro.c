// unit-sources: net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c
// unit-sources: tools/testing/unit/fake_netdev.c tools/testing/unit/tcp_unit.c
/*
 * GRO (net/core/gro.c, net/ipv4/tcp_offload.c), the test as the TCP peer
 * sending bursts the way a NIC's ring fills between two polls
 * (fake_rx_burst_begin/end): what merges into one skb, what ends a
 * merge, what never merges, that the bytes arrive whole and in order, and
 * that a merged burst costs the receiver one pass through TCP and one ACK.
 */
#include "unit.h"
#include "tcp_unit.h"
#include <net/gro.h>

UNIT_SETUP(fake_net_setup)

#define MSS	1460
static u8 pattern[64 * MSS];
static u8 got[64 * MSS];

static void fill_pattern(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(pattern); i++)
		pattern[i] = (u8)(i * 13 + 7);
}

static struct net_device *gro_dev_up(bool gro)
{
	struct net_device *dev = tu_dev_up();

	if (gro)
		dev->features |= NETIF_F_GRO;
	fill_pattern();
	return dev;
}

/* The peer sends n segments of len bytes from pattern[off...]; flags on segment i from flag_at. */
static void send_segs(struct net_device *dev, struct tu_conn *c, unsigned int off, int n,
		      unsigned int len, int psh_at)
{
	int i;

	for (i = 0; i < n; i++)
		tu_peer_send(dev, c, TCPHDR_ACK | (i == psh_at ? TCPHDR_PSH : 0), tu_snd_nxt(c), 65535,
			     pattern + off + i * len, len);
}

/* Everything the socket holds, checked against pattern[0..n). */
static void expect_received(struct tu_conn *c, unsigned int n)
{
	int r = tu_recv(c->sock, got, sizeof(got));

	EXPECT_EQ(r, (int)n);
	if (r == (int)n)
		EXPECT_MEMEQ(got, pattern, n);
}

static unsigned int acks_sent(struct net_device *dev, u32 *last_ack)
{
	struct tu_seg s;
	unsigned int n = 0;

	while (tu_pop(dev, &s)) {
		n++;
		*last_ack = s.ack;
	}
	return n;
}

TEST(gro_merges_a_burst_into_one_skb_and_one_ack)
{
	struct net_device *dev = gro_dev_up(true);
	struct gro_stats before = gro_stats;
	struct tu_conn c;
	struct sk_buff *skb;
	u32 ack = 0;

	ASSERT(tu_active_open(dev, &c, NULL) == 0);
	fake_rx_burst_begin(dev);
	send_segs(dev, &c, 0, 8, MSS, -1);
	fake_rx_burst_end(dev);

	EXPECT_EQ(skb_queue_len(&tu_sk(&c)->sk_receive_queue), 1);
	skb = skb_peek(&tu_sk(&c)->sk_receive_queue);
	if (skb) {
		EXPECT_EQ(skb->len, 8 * MSS);
		EXPECT_EQ(skb_shinfo(skb)->gso_segs, 8);
		EXPECT_EQ(skb_shinfo(skb)->gso_size, MSS);
	}
	EXPECT_EQ(gro_stats.received - before.received, 8);
	EXPECT_EQ(gro_stats.merged - before.merged, 7);
	EXPECT_EQ(gro_stats.flushed - before.flushed, 1);
	/* One pass through TCP: one ACK, for all of it. */
	EXPECT_EQ(acks_sent(dev, &ack), 1);
	EXPECT_EQ(ack, c.pseq);
	expect_received(&c, 8 * MSS);
	tu_abort(c.sock);
	tu_drain(dev);
	tu_end(dev);
}

/* The same burst without NETIF_F_GRO: eight skbs, an ACK at least every second one. */
TEST(gro_off_each_segment_goes_up_alone)
{
	struct net_device *dev = gro_dev_up(false);
	struct gro_stats before = gro_stats;
	struct tu_conn c;
	u32 ack = 0;

	ASSERT(tu_active_open(dev, &c, NULL) == 0);
	fake_rx_burst_begin(dev);
	send_segs(dev, &c, 0, 8, MSS, -1);
	fake_rx_burst_end(dev);
	EXPECT_EQ(skb_queue_len(&tu_sk(&c)->sk_receive_queue), 8);
	EXPECT_EQ(gro_stats.received, before.received);
	EXPECT(acks_sent(dev, &ack) >= 4);
	expect_received(&c, 8 * MSS);
	tu_abort(c.sock);
	tu_drain(dev);
	tu_end(dev);
}

/* PSH joins as the last segment and ends the merge; the rest start a new one. */
TEST(gro_psh_ends_the_merge)
{
	struct net_device *dev = gro_dev_up(true);
	struct tu_conn c;
	struct sk_buff *skb;

	ASSERT(tu_active_open(dev, &c, NULL) == 0);
	fake_rx_burst_begin(dev);
	send_segs(dev, &c, 0, 6, MSS, 3);
	fake_rx_burst_end(dev);
	EXPECT_EQ(skb_queue_len(&tu_sk(&c)->sk_receive_queue), 2);
	skb = skb_peek(&tu_sk(&c)->sk_receive_queue);
	if (skb)
		EXPECT_EQ(skb->len, 4 * MSS);
	expect_received(&c, 6 * MSS);
	tu_abort(c.sock);
	tu_drain(dev);
	tu_end(dev);
}

/* A short segment is the last a merge may take (every piece but the last is gso_size). */
TEST(gro_short_segment_ends_the_merge)
{
	struct net_device *dev = gro_dev_up(true);
	struct tu_conn c;

	ASSERT(tu_active_open(dev, &c, NULL) == 0);
	fake_rx_burst_begin(dev);
	send_segs(dev, &c, 0, 3, MSS, -1);
	tu_peer_send(dev, &c, TCPHDR_ACK, tu_snd_nxt(&c), 65535, pattern + 3 * MSS, 100);
	tu_peer_send(dev, &c, TCPHDR_ACK, tu_snd_nxt(&c), 65535, pattern + 3 * MSS + 100, MSS);
	tu_peer_send(dev, &c, TCPHDR_ACK, tu_snd_nxt(&c), 65535, pattern + 4 * MSS + 100, MSS);
	fake_rx_burst_end(dev);
	/* {3 full + the short one}, then the two after it. */
	EXPECT_EQ(skb_queue_len(&tu_sk(&c)->sk_receive_queue), 2);
	expect_received(&c, 5 * MSS + 100);
	tu_abort(c.sock);
	tu_drain(dev);
	tu_end(dev);
}

/* Out of order: nothing merges across a gap, every byte still arrives, in order. */
TEST(gro_out_of_order_segments_are_not_merged)
{
	struct net_device *dev = gro_dev_up(true);
	struct gro_stats before = gro_stats;
	struct tu_conn c;
	u32 base;

	ASSERT(tu_active_open(dev, &c, NULL) == 0);
	base = c.pseq;
	fake_rx_burst_begin(dev);
	tu_peer_send(dev, &c, TCPHDR_ACK, tu_snd_nxt(&c), 65535, pattern, MSS);
	c.pseq = base + 2 * MSS;
	tu_peer_send(dev, &c, TCPHDR_ACK, tu_snd_nxt(&c), 65535, pattern + 2 * MSS, MSS);
	c.pseq = base + MSS;
	tu_peer_send(dev, &c, TCPHDR_ACK, tu_snd_nxt(&c), 65535, pattern + MSS, MSS);
	fake_rx_burst_end(dev);
	c.pseq = base + 3 * MSS;
	EXPECT_EQ(gro_stats.merged - before.merged, 0);
	EXPECT_EQ(tcp_sk(tu_sk(&c))->rcv_nxt, c.pseq);
	expect_received(&c, 3 * MSS);
	tu_abort(c.sock);
	tu_drain(dev);
	tu_end(dev);
}

/*
 * A segment whose checksum fails, in the middle of a burst: the merge is
 * undone when it is copied, every segment goes up alone, TCP drops the
 * bad one; the two before it are delivered, the two after it wait for
 * its retransmission. The same whether the NIC verified the others or not.
 */
static void bad_checksum_in_a_burst(bool nic_verifies)
{
	struct net_device *dev = gro_dev_up(true);
	unsigned long csum_errs = tcp_statistics[TCP_MIB_CSUMERRORS];
	struct gro_stats before = gro_stats;
	struct tu_conn c;
	struct tu_in in;
	u32 base;

	fake_priv(dev)->rx_csum = nic_verifies;
	ASSERT(tu_active_open(dev, &c, NULL) == 0);
	base = c.pseq;
	fake_rx_burst_begin(dev);
	send_segs(dev, &c, 0, 2, MSS, -1);
	in = (struct tu_in){ .sport = c.rport, .dport = c.lport, .seq = c.pseq, .ack = tu_snd_nxt(&c),
			     .flags = TCPHDR_ACK, .win = 65535, .data = pattern + 2 * MSS, .len = MSS,
			     .bad_csum = true };
	tu_rx(dev, &in);
	c.pseq += MSS;
	send_segs(dev, &c, 3 * MSS, 2, MSS, -1);
	fake_rx_burst_end(dev);
	EXPECT_EQ(tcp_statistics[TCP_MIB_CSUMERRORS] - csum_errs, 1);
	EXPECT_EQ(gro_stats.csum_bad - before.csum_bad, 1);
	EXPECT_EQ(gro_stats.flushed - before.flushed, 0);
	/* Two in order; the two after the hole wait out of order, one by one. */
	EXPECT_EQ(tcp_sk(tu_sk(&c))->rcv_nxt, base + 2 * MSS);
	EXPECT_EQ(skb_queue_len(&tcp_sk(tu_sk(&c))->out_of_order_queue), 2);
	expect_received(&c, 2 * MSS);
	tu_abort(c.sock);
	tu_drain(dev);
	tu_end(dev);
}

TEST(gro_bad_checksum_undoes_the_merge)
{
	bad_checksum_in_a_burst(false);
}

TEST(gro_bad_checksum_undoes_the_merge_nic_verified_the_rest)
{
	bad_checksum_in_a_burst(true);
}

/* Segments the NIC verified merge the same way (they are copied, not summed again). */
TEST(gro_merges_nic_verified_segments)
{
	struct net_device *dev = gro_dev_up(true);
	struct tu_conn c;

	fake_priv(dev)->rx_csum = true;
	ASSERT(tu_active_open(dev, &c, NULL) == 0);
	fake_rx_burst_begin(dev);
	send_segs(dev, &c, 0, 5, MSS, -1);
	fake_rx_burst_end(dev);
	EXPECT_EQ(skb_queue_len(&tu_sk(&c)->sk_receive_queue), 1);
	expect_received(&c, 5 * MSS);
	tu_abort(c.sock);
	tu_drain(dev);
	tu_end(dev);
}

/* Different TCP options (a newer TSval) end a merge, as in Linux. */
TEST(gro_different_timestamps_are_not_merged)
{
	struct net_device *dev = gro_dev_up(true);
	struct tu_in opts = { .mss = 1460, .ts = true, .tsval = 100 };
	struct tu_conn c;
	int i;

	ASSERT(tu_active_open(dev, &c, &opts) == 0);
	fake_rx_burst_begin(dev);
	for (i = 0; i < 4; i++) {
		struct tu_in in = { .sport = c.rport, .dport = c.lport, .seq = c.pseq,
				    .ack = tu_snd_nxt(&c), .flags = TCPHDR_ACK, .win = 65535,
				    .ts = true, .tsval = i < 2 ? 101 : 102,
				    .data = pattern + i * (MSS - 12), .len = MSS - 12 };

		tu_rx(dev, &in);
		c.pseq += MSS - 12;
	}
	fake_rx_burst_end(dev);
	EXPECT_EQ(skb_queue_len(&tu_sk(&c)->sk_receive_queue), 2);
	expect_received(&c, 4 * (MSS - 12));
	tu_abort(c.sock);
	tu_drain(dev);
	tu_end(dev);
}

/* A segment with DF on connection c (IP IDs then need not count up). */
static void send_df(struct net_device *dev, struct tu_conn *c, const void *data)
{
	struct tu_in in = { .sport = c->rport, .dport = c->lport, .seq = c->pseq,
			    .ack = tu_snd_nxt(c), .flags = TCPHDR_ACK, .win = 65535,
			    .data = data, .len = MSS, .df = true };

	tu_rx(dev, &in);
	c->pseq += MSS;
}

/* Two flows interleaved in one poll (so neither's IP IDs are consecutive: DF says they need not be): each merges on its own. */
TEST(gro_two_flows_merge_separately)
{
	struct net_device *dev = gro_dev_up(true);
	struct tu_conn a, b;
	int i;

	ASSERT(tu_active_open(dev, &a, NULL) == 0);
	ASSERT(tu_active_open(dev, &b, NULL) == 0);
	fake_rx_burst_begin(dev);
	for (i = 0; i < 4; i++) {
		send_df(dev, &a, pattern + i * MSS);
		send_df(dev, &b, pattern + i * MSS);
	}
	fake_rx_burst_end(dev);
	EXPECT_EQ(skb_queue_len(&tu_sk(&a)->sk_receive_queue), 1);
	EXPECT_EQ(skb_queue_len(&tu_sk(&b)->sk_receive_queue), 1);
	expect_received(&a, 4 * MSS);
	expect_received(&b, 4 * MSS);
	tu_abort(a.sock);
	tu_abort(b.sock);
	tu_drain(dev);
	tu_end(dev);
}

/* A full 64-frame poll is cut at GRO_MAX_SIZE; nothing is lost at the cut. */
TEST(gro_merged_skb_is_bounded_by_gro_max_size)
{
	struct net_device *dev = gro_dev_up(true);
	struct tu_conn c;
	struct sk_buff *skb;
	unsigned int n = 0;

	ASSERT(tu_active_open(dev, &c, NULL) == 0);
	/* Room for all of it: the test is about GRO, not the receive window. */
	tu_sk(&c)->sk_rcvbuf = 1 << 20;
	fake_rx_burst_begin(dev);
	send_segs(dev, &c, 0, 60, MSS, -1);
	fake_rx_burst_end(dev);
	EXPECT(skb_queue_len(&tu_sk(&c)->sk_receive_queue) >= 2);
	for (skb = tu_sk(&c)->sk_receive_queue.next;
	     skb != (struct sk_buff *)&tu_sk(&c)->sk_receive_queue; skb = skb->next) {
		EXPECT(skb->len + 40 <= GRO_MAX_SIZE);
		n += skb->len;
	}
	EXPECT_EQ(n, 60 * MSS);
	expect_received(&c, 60 * MSS);
	tu_abort(c.sock);
	tu_drain(dev);
	tu_end(dev);
}

/* A FIN joins as the last segment; the connection sees data and FIN once. */
TEST(gro_fin_joins_and_ends_the_merge)
{
	struct net_device *dev = gro_dev_up(true);
	struct tu_conn c;

	ASSERT(tu_active_open(dev, &c, NULL) == 0);
	fake_rx_burst_begin(dev);
	send_segs(dev, &c, 0, 2, MSS, -1);
	tu_peer_send(dev, &c, TCPHDR_ACK | TCPHDR_FIN, tu_snd_nxt(&c), 65535, pattern + 2 * MSS, MSS);
	fake_rx_burst_end(dev);
	EXPECT_EQ(skb_queue_len(&tu_sk(&c)->sk_receive_queue), 1);
	EXPECT_EQ(tu_state(&c), TCP_CLOSE_WAIT);
	EXPECT_EQ(tcp_sk(tu_sk(&c))->rcv_nxt, c.pseq);
	expect_received(&c, 3 * MSS);
	tu_abort(c.sock);
	tu_drain(dev);
	tu_end(dev);
}

/* Without DF, IP IDs must count up within a merge (Linux's flush_id): a jump ends it. */
TEST(gro_ip_id_jump_without_df_ends_the_merge)
{
	struct net_device *dev = gro_dev_up(true);
	struct tu_conn c;

	ASSERT(tu_active_open(dev, &c, NULL) == 0);
	fake_rx_burst_begin(dev);
	send_segs(dev, &c, 0, 2, MSS, -1);
	tu_ip_id_skip(5);
	send_segs(dev, &c, 2 * MSS, 2, MSS, -1);
	fake_rx_burst_end(dev);
	EXPECT_EQ(skb_queue_len(&tu_sk(&c)->sk_receive_queue), 2);
	expect_received(&c, 4 * MSS);
	tu_abort(c.sock);
	tu_drain(dev);
	tu_end(dev);
}
