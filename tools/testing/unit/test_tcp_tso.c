// unit-sources: net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c
// unit-sources: tools/testing/unit/fake_netdev.c tools/testing/unit/tcp_unit.c
/*
 * TCP segmentation offload (tcp_output.c: tcp_tso_build and friends),
 * the test as the peer on a fake device that advertises NETIF_F_TSO and
 * captures the skbs as a driver would receive them. Checked: full
 * segments that cwnd and the window allow leave as one skb with gso_size =
 * MSS, gso_segs, the payload in order and one IP ID per segment, while the
 * write queue keeps one skb per MSS (packets_out counts segments); a lost
 * segment inside a TSO skb is retransmitted alone; what the window cuts
 * short is not coalesced past it; without NETIF_F_TSO nothing changes.
 */
#include "unit.h"
#include "tcp_unit.h"

UNIT_SETUP(fake_net_setup)

#define MSS	1460
#define HLEN	(ETH_HLEN + 20 + 20)	/* no timestamps: tu_passive_open's default */

static u8 pattern[20 * MSS];

static void fill_pattern(void)
{
	for (unsigned int i = 0; i < sizeof(pattern); i++)
		pattern[i] = (u8)(i * 13 + 7);
}

static struct net_device *tso_dev_up(void)
{
	struct net_device *dev = tu_dev_up();

	dev->features |= NETIF_F_TSO;
	return dev;
}

static int open_child(struct net_device *dev, struct socket **l, struct tu_conn *c, u16 port)
{
	*l = tu_listener(TU_PORT, 4);
	if (!*l)
		return -1;
	return tu_passive_open(dev, *l, port, c, NULL);
}

static const struct iphdr *skb_iph(const struct sk_buff *skb)
{
	return (const struct iphdr *)(skb->data + ETH_HLEN);
}

static u32 skb_tcp_seq(const struct sk_buff *skb)
{
	return ntohl(((const struct tcphdr *)(skb->data + ETH_HLEN + 20))->seq);
}

TEST(tcp_tso_full_segments_leave_as_one_skb)
{
	struct net_device *dev = tso_dev_up();
	unsigned long outsegs;
	struct sk_buff *skb, *next;
	struct socket *l;
	struct tu_conn c;
	u32 seq0;

	fill_pattern();
	ASSERT(open_child(dev, &l, &c, 47001) == 0);
	seq0 = tu_snd_nxt(&c);
	outsegs = tcp_statistics[TCP_MIB_OUTSEGS];
	/* Ten segments: what the initial cwnd (10) and the window allow. */
	EXPECT_EQ(tu_send(c.sock, pattern, 10 * MSS), 10 * MSS);
	EXPECT_EQ(fake_tx_count(dev), 1);
	skb = fake_tx_pop(dev);
	ASSERT(skb);
	EXPECT(skb_is_gso(skb));
	EXPECT_EQ(skb_shinfo(skb)->gso_size, MSS);
	EXPECT_EQ(skb_shinfo(skb)->gso_segs, 10);
	EXPECT_EQ(skb->len, HLEN + 10 * MSS);
	if (skb->len == HLEN + 10 * MSS)
		EXPECT_MEMEQ(skb->data + HLEN, pattern, 10 * MSS);
	EXPECT_EQ(skb_tcp_seq(skb), seq0);
	EXPECT_EQ(skb->ip_summed, CHECKSUM_PARTIAL);
	EXPECT_EQ(tcp_statistics[TCP_MIB_OUTSEGS], outsegs + 10);
	/* Accounting stays per segment: ten skbs queued, ten in flight. */
	EXPECT_EQ(tcp_sk(tu_sk(&c))->packets_out, 10);
	EXPECT_EQ(skb_queue_len(&tu_sk(&c)->sk_write_queue), 10);

	/* The ACK of all ten opens cwnd to 20: twelve more go as one skb, its
	 * IP ID right after the ten the first one reserved. */
	tu_peer_send(dev, &c, TCPHDR_ACK, seq0 + 10 * MSS, 65535, NULL, 0);
	EXPECT_EQ(tcp_sk(tu_sk(&c))->packets_out, 0);
	EXPECT_EQ(tu_send(c.sock, pattern + 10 * MSS, 10 * MSS), 10 * MSS);
	next = fake_tx_pop(dev);
	ASSERT(next);
	EXPECT_EQ(fake_tx_count(dev), 0);
	EXPECT_EQ(skb_shinfo(next)->gso_segs, 10);
	if (next->len == HLEN + 10 * MSS)
		EXPECT_MEMEQ(next->data + HLEN, pattern + 10 * MSS, 10 * MSS);
	EXPECT_EQ((u16)(ntohs(skb_iph(next)->id) - ntohs(skb_iph(skb)->id)), 10);
	kfree_skb(skb);
	kfree_skb(next);
	tu_abort(c.sock);
	tu_release(l);
	tu_drain(dev);
	tu_end(dev);
}

TEST(tcp_tso_lost_segment_is_retransmitted_alone)
{
	struct net_device *dev = tso_dev_up();
	struct tcp_sock *tp;
	struct sk_buff *skb;
	struct socket *l;
	struct tu_conn c;
	struct tu_seg s;
	u32 seq0;

	fill_pattern();
	ASSERT(open_child(dev, &l, &c, 47002) == 0);
	tp = tcp_sk(tu_sk(&c));
	seq0 = tu_snd_nxt(&c);
	EXPECT_EQ(tu_send(c.sock, pattern, 5 * MSS), 5 * MSS);
	skb = fake_tx_pop(dev);
	ASSERT(skb);
	EXPECT_EQ(skb_shinfo(skb)->gso_segs, 5);
	kfree_skb(skb);
	/* The NIC's second segment was lost: 3..5 arrive and draw duplicate ACKs. */
	tu_peer_send(dev, &c, TCPHDR_ACK, seq0 + MSS, 65535, NULL, 0);
	for (int i = 0; i < 3; i++)
		tu_peer_send(dev, &c, TCPHDR_ACK, seq0 + MSS, 65535, NULL, 0);
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(s.seq, seq0 + MSS);
	EXPECT_EQ(s.dlen, MSS);
	EXPECT(s.csum_ok);
	EXPECT_MEMEQ(s.data, pattern + MSS, MSS);
	EXPECT_EQ(tp->ca_state, TCP_CA_Recovery);
	EXPECT_EQ(tp->packets_out, 4);
	EXPECT_EQ(tu_pending(dev), 0);
	tu_peer_send(dev, &c, TCPHDR_ACK, seq0 + 5 * MSS, 65535, NULL, 0);
	EXPECT_EQ(tp->packets_out, 0);
	EXPECT_EQ(tp->ca_state, TCP_CA_Open);
	tu_abort(c.sock);
	tu_release(l);
	tu_drain(dev);
	tu_end(dev);
}

TEST(tcp_tso_stops_at_the_peers_window)
{
	struct net_device *dev = tso_dev_up();
	struct sk_buff *skb;
	struct socket *l;
	struct tu_conn c;
	u32 seq0;

	fill_pattern();
	ASSERT(open_child(dev, &l, &c, 47003) == 0);
	seq0 = tu_snd_nxt(&c);
	/* The peer sends a byte, then shrinks its window to three segments
	 * (in a later segment: RFC 9293's SND.WL1 rule takes its window). */
	tu_peer_send(dev, &c, TCPHDR_ACK, seq0, 65535, "x", 1);
	tu_peer_send(dev, &c, TCPHDR_ACK, seq0, 3 * MSS, NULL, 0);
	EXPECT_EQ(tcp_sk(tu_sk(&c))->snd_wnd, 3 * MSS);
	tu_drain(dev);		/* our ACK of the byte */
	EXPECT_EQ(tu_send(c.sock, pattern, 8 * MSS), 8 * MSS);
	skb = fake_tx_pop(dev);
	ASSERT(skb);
	EXPECT_EQ(skb_shinfo(skb)->gso_segs, 3);
	EXPECT_EQ(skb->len, HLEN + 3 * MSS);
	EXPECT_EQ(fake_tx_count(dev), 0);
	EXPECT_EQ(tcp_sk(tu_sk(&c))->packets_out, 3);
	kfree_skb(skb);
	tu_abort(c.sock);
	tu_release(l);
	tu_drain(dev);
	tu_end(dev);
}

TEST(tcp_without_tso_sends_one_skb_per_segment)
{
	struct net_device *dev = tu_dev_up();
	struct socket *l;
	struct tu_conn c;
	struct tu_seg s;

	fill_pattern();
	ASSERT(open_child(dev, &l, &c, 47004) == 0);
	EXPECT_EQ(tu_send(c.sock, pattern, 4 * MSS), 4 * MSS);
	EXPECT_EQ(tu_pending(dev), 4);
	for (int i = 0; i < 4; i++) {
		ASSERT(tu_pop(dev, &s));
		EXPECT_EQ(s.dlen, MSS);
		EXPECT(s.csum_ok);
	}
	tu_abort(c.sock);
	tu_release(l);
	tu_drain(dev);
	tu_end(dev);
}

/*
 * tcp_tso_should_defer: an ACK that lets only a sliver of the queue go
 * (less than a third of cwnd) is held while segments are in flight, but
 * never past the next jiffy.
 */
TEST(tcp_tso_small_bursts_wait_at_most_a_jiffy)
{
	struct net_device *dev = tso_dev_up();
	struct sk_buff *skb;
	struct socket *l;
	struct tu_conn c;
	u32 seq0;

	fill_pattern();
	ASSERT(open_child(dev, &l, &c, 47005) == 0);
	seq0 = tu_snd_nxt(&c);
	EXPECT_EQ(tu_send(c.sock, pattern, 10 * MSS), 10 * MSS);
	kfree_skb(fake_tx_pop(dev));
	EXPECT_EQ(tu_send(c.sock, pattern + 10 * MSS, 8 * MSS), 8 * MSS);
	EXPECT_EQ(fake_tx_count(dev), 0);		/* cwnd (10) is full */
	/* One segment acknowledged: cwnd 11, two may go - less than a third. */
	tu_peer_send(dev, &c, TCPHDR_ACK, seq0 + MSS, 65535, NULL, 0);
	EXPECT_EQ(fake_tx_count(dev), 0);
	/* Part of the next: nothing more may go, and within the jiffy it waits. */
	tu_peer_send(dev, &c, TCPHDR_ACK, seq0 + MSS + 100, 65535, NULL, 0);
	EXPECT_EQ(fake_tx_count(dev), 0);
	/* A jiffy later the next ACK sends what may go. */
	unit_advance(1);
	tu_peer_send(dev, &c, TCPHDR_ACK, seq0 + MSS + 200, 65535, NULL, 0);
	skb = fake_tx_pop(dev);
	ASSERT(skb);
	EXPECT_EQ(skb_shinfo(skb)->gso_segs, 2);
	EXPECT_EQ(skb_tcp_seq(skb), seq0 + 10 * MSS);
	kfree_skb(skb);
	EXPECT_EQ(tcp_sk(tu_sk(&c))->packets_out, 11);
	tu_abort(c.sock);
	tu_release(l);
	tu_drain(dev);
	tu_end(dev);
}
