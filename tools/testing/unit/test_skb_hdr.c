// unit-sources: net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c tools/testing/unit/fake_netdev.c
/*
 * The header-clone rule (include/linux/skbuff.h) as TCP will lean on it:
 * the original of a segment holds only payload and is header-released;
 * clones push TCP/IP/Ethernet headers into its headroom and go through
 * ip_queue_xmit to the (fake) device, whose lack of NETIF_F_IP_CSUM makes
 * IP finish the checksum in software. Checked: retransmissions are the
 * same bytes, the original's bytes never change, a frame still held by the
 * device is never rewritten, and copies happen only when needed.
 */
#include "unit.h"
#include "fake_netdev.h"
#include <net/arp.h>
#include <net/route.h>
#include <net/udp.h>
#include <net/checksum.h>

UNIT_SETUP(fake_net_setup)

#define TH_LEN		20
#define PAYLOAD		200
#define HEADROOM	(MAX_IP_HEADER + TH_LEN)
#define FRAME_LEN	(ETH_HLEN + 20 + TH_LEN + PAYLOAD)

static u8 saved_payload[PAYLOAD];

static struct sock *conn_sk(void)
{
	struct sock *sk = sk_alloc(PF_INET, GFP_KERNEL, &udp_prot);

	if (!sk)
		return NULL;
	sock_init_data(NULL, sk);
	sk->sk_protocol = IPPROTO_TCP;
	inet_sk(sk)->uc_ttl = -1;
	inet_sk(sk)->pmtudisc = IP_PMTUDISC_WANT;
	inet_sk(sk)->inet_saddr = ip("10.0.2.15");
	sk->sk_daddr = ip("10.0.2.2");
	return sk;
}

/* A segment as TCP keeps it on the retransmit queue: payload only, headroom for all headers. */
static struct sk_buff *payload_skb(bool release)
{
	struct sk_buff *skb = alloc_skb(HEADROOM + PAYLOAD, GFP_KERNEL);
	unsigned int i;

	skb_reserve(skb, HEADROOM);
	for (i = 0; i < PAYLOAD; i++)
		saved_payload[i] = (u8)(i * 13 + 5);
	skb_put_data(skb, saved_payload, PAYLOAD);
	if (release)
		skb_header_release(skb);
	return skb;
}

/* What tcp_transmit_skb will do to its clone (or copy): push the header, seed the checksum. */
static void push_tcp_header(struct sk_buff *skb)
{
	u8 *th = skb_push(skb, TH_LEN);

	memset(th, 0, TH_LEN);
	th[0] = 0x30; th[1] = 0x39;		/* source port 12345 */
	th[2] = 0x00; th[3] = 0x50;		/* dest port 80 */
	th[7] = 1;				/* seq 1 */
	th[12] = (TH_LEN / 4) << 4;
	th[13] = 0x18;				/* PSH|ACK */
	th[14] = 0xff;
	skb_reset_transport_header(skb);
	*(__sum16 *)(th + 16) = ~csum_tcpudp_magic(ip("10.0.2.15"), ip("10.0.2.2"), skb->len,
						   IPPROTO_TCP, 0);
	skb->ip_summed = CHECKSUM_PARTIAL;
}

/* The frame's TCP checksum verifies over the pseudo header. */
static bool tcp_csum_ok(const u8 *frame)
{
	const u8 *th = frame + ETH_HLEN + 20;
	unsigned int len = TH_LEN + PAYLOAD;

	return csum_tcpudp_magic(ip("10.0.2.15"), ip("10.0.2.2"), len, IPPROTO_TCP,
				 csum_partial(th, len, 0)) == 0;
}

/* Equal but for what IP legitimately changes per transmission: ID and header checksum. */
static bool same_but_id(const u8 *a, const u8 *b)
{
	return !memcmp(a, b, ETH_HLEN + 4) &&
	       !memcmp(a + ETH_HLEN + 6, b + ETH_HLEN + 6, 4) &&
	       !memcmp(a + ETH_HLEN + 12, b + ETH_HLEN + 12, FRAME_LEN - ETH_HLEN - 12);
}

TEST(skb_header_release_clone_accounting)
{
	struct sk_buff *o = payload_skb(true), *c1, *c2, *p;
	u8 *c1_hdr;

	EXPECT(!skb_cloned(o));
	c1 = skb_clone(o, GFP_KERNEL);
	ASSERT(c1);
	EXPECT(skb_cloned(o));
	EXPECT(!skb_header_cloned(c1));		/* o gave up the header area */
	EXPECT(skb_clone_writable(c1, 0));
	EXPECT(!skb_clone_writable(c1, 1));		/* the payload stays shared */
	c1_hdr = skb_push(c1, 40);
	memset(c1_hdr, 0xc1, 40);
	EXPECT_EQ(skb_cow_head(c1, MAX_HEADER), 0);
	EXPECT(c1->head == o->head);			/* nothing copied */

	c2 = skb_clone(o, GFP_KERNEL);			/* a second clone while c1 lives */
	ASSERT(c2);
	EXPECT(skb_header_cloned(c2));
	EXPECT(skb_header_cloned(c1));
	EXPECT_EQ(skb_cow_head(c2, 40 + MAX_HEADER), 0);
	EXPECT(c2->head != o->head);			/* its own buffer now */
	EXPECT(!skb_cloned(c2) && !skb_header_cloned(c2));
	memset(skb_push(c2, 40), 0xc2, 40);
	EXPECT_MEMEQ(c2->data + 40, saved_payload, PAYLOAD);
	EXPECT_EQ(c1_hdr[0], 0xc1);
	EXPECT_EQ(c1_hdr[39], 0xc1);
	kfree_skb(c2);
	EXPECT(!skb_header_cloned(c1));

	/* pskb_copy: what TCP sends instead of a clone while one is in flight. */
	p = pskb_copy(o, GFP_KERNEL);
	ASSERT(p);
	EXPECT(p->head != o->head);
	EXPECT_EQ(skb_headroom(p), skb_headroom(o));
	EXPECT_MEMEQ(p->data, saved_payload, PAYLOAD);
	EXPECT(!skb_cloned(p));
	kfree_skb(p);

	kfree_skb(o);					/* the original first: c1 keeps the buffer */
	EXPECT_MEMEQ(c1->data + 40, saved_payload, PAYLOAD);
	kfree_skb(c1);
}

TEST(skb_header_clone_rule_through_ip_queue_xmit)
{
	struct net_device *dev = fake_netdev_up();
	struct sock *sk = conn_sk();
	struct sk_buff *o = payload_skb(true), *c, *f1, *held, *p;
	static u8 first[FRAME_LEN], held_bytes[FRAME_LEN];

	ASSERT(sk);
	ASSERT(!(dev->features & NETIF_F_IP_CSUM));	/* IP fills the checksum itself */

	/* First transmission: a clone. */
	c = skb_clone(o, GFP_KERNEL);
	push_tcp_header(c);
	EXPECT_EQ(ip_queue_xmit(sk, c), 0);
	f1 = fake_tx_pop(dev);
	ASSERT(f1);
	ASSERT(f1->len == FRAME_LEN);
	EXPECT(f1->head == o->head);			/* headers went into o's headroom: no copy */
	EXPECT(tcp_csum_ok(f1->data));
	memcpy(first, f1->data, FRAME_LEN);
	EXPECT_MEMEQ(o->data, saved_payload, PAYLOAD);
	kfree_skb(f1);					/* TX completion */

	/* Retransmission once the first is done: again a clone, same bytes. */
	ASSERT(!skb_cloned(o));
	c = skb_clone(o, GFP_KERNEL);
	push_tcp_header(c);
	EXPECT_EQ(ip_queue_xmit(sk, c), 0);
	held = fake_tx_pop(dev);
	ASSERT(held);
	EXPECT(same_but_id(first, held->data));
	EXPECT(tcp_csum_ok(held->data));
	EXPECT_MEMEQ(o->data, saved_payload, PAYLOAD);

	/* Retransmission while that one is still held by the device: TCP sees
	 * skb_cloned(o) and sends a private copy; the held frame must not change. */
	memcpy(held_bytes, held->data, FRAME_LEN);
	ASSERT(skb_cloned(o));
	p = pskb_copy(o, GFP_KERNEL);
	push_tcp_header(p);
	EXPECT_EQ(ip_queue_xmit(sk, p), 0);
	p = fake_tx_pop(dev);
	ASSERT(p);
	EXPECT(same_but_id(first, p->data));
	EXPECT(tcp_csum_ok(p->data));
	EXPECT_MEMEQ(held->data, held_bytes, FRAME_LEN);
	EXPECT_MEMEQ(o->data, saved_payload, PAYLOAD);
	kfree_skb(p);
	kfree_skb(held);
	kfree_skb(o);
	sk_common_release(sk);
	fake_netdev_destroy(dev);
}

/*
 * The lower layers protect bytes they do not own on their own, whatever
 * the sender did: a clone of an skb that kept its headers (no
 * skb_header_release) gets its IP and Ethernet headers in a copy; and a
 * checksum field inside the shared data (TCP header held by a released
 * original) is filled in a copy, not in the original.
 */
TEST(skb_lower_layers_never_write_shared_bytes)
{
	struct net_device *dev = fake_netdev_up();
	struct sock *sk = conn_sk();
	struct sk_buff *o, *c, *f;
	static u8 o_bytes[HEADROOM + PAYLOAD];
	__sum16 seed;

	ASSERT(sk);
	/* 1: not header-released; o's headroom filled with a pattern to watch. */
	o = payload_skb(false);
	memset(o->head, 0xee, skb_headroom(o));
	c = skb_clone(o, GFP_KERNEL);
	push_tcp_header(c);		/* (a test-only write: shows what IP must not do) */
	memcpy(o_bytes, o->head, skb_headroom(o) + o->len);
	EXPECT(skb_header_cloned(c));
	EXPECT_EQ(ip_queue_xmit(sk, c), 0);
	f = fake_tx_pop(dev);
	ASSERT(f);
	EXPECT(f->head != o->head);
	EXPECT(tcp_csum_ok(f->data));
	EXPECT_MEMEQ(o->head, o_bytes, skb_headroom(o) + o->len);
	kfree_skb(f);
	kfree_skb(o);

	/* 2: released original whose data starts at the TCP header (checksum field shared). */
	o = payload_skb(false);
	push_tcp_header(o);
	seed = *(__sum16 *)(o->data + 16);
	skb_header_release(o);
	c = skb_clone(o, GFP_KERNEL);
	EXPECT(!skb_header_cloned(c));
	EXPECT(!skb_clone_writable(c, 18));
	EXPECT_EQ(ip_queue_xmit(sk, c), 0);
	f = fake_tx_pop(dev);
	ASSERT(f);
	EXPECT(f->head != o->head);			/* copied for the checksum write */
	EXPECT(tcp_csum_ok(f->data));
	EXPECT_EQ(*(__sum16 *)(o->data + 16), seed);	/* the original's field untouched */
	EXPECT_MEMEQ(o->data + TH_LEN, saved_payload, PAYLOAD);
	kfree_skb(f);
	kfree_skb(o);
	sk_common_release(sk);
	fake_netdev_destroy(dev);
}
