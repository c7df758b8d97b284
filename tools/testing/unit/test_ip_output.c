// unit-sources: net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c tools/testing/unit/fake_netdev.c
/*
 * ip_queue_xmit, the connected-socket output path TCP builds on: the IP
 * header it writes from inet_sock, the socket's cached route (no lookup
 * per packet; looked up again after a route, device or address change),
 * SO_BINDTODEVICE, and its error returns. Sockets are struct socks built
 * directly (udp_prot gives a struct inet_sock of the right size).
 */
#include "unit.h"
#include "fake_netdev.h"
#include <net/arp.h>
#include <net/route.h>
#include <net/udp.h>
#include <net/checksum.h>

UNIT_SETUP(fake_net_setup)

static const u8 mac_b[ETH_ALEN] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x57 };

static void resolve(struct net_device *dev, const char *addr)
{
	struct neighbour *n = neigh_create(&arp_tbl, ip(addr), dev);

	neigh_update(n, fake_mac_peer, NUD_REACHABLE, NEIGH_UPDATE_F_OVERRIDE);
	neigh_release(n);
}

static struct net_device *up_dev(void)
{
	struct net_device *dev = fake_netdev_create(fake_mac_us, "10.0.2.15", 24);

	resolve(dev, "10.0.2.2");
	fake_tx_purge(dev);
	return dev;
}

/* A connected socket as TCP will have it: addresses set, protocol TCP. */
static struct sock *conn_sk(const char *saddr, const char *daddr)
{
	struct sock *sk = sk_alloc(PF_INET, GFP_KERNEL, &udp_prot);

	if (!sk)
		return NULL;
	sock_init_data(NULL, sk);
	sk->sk_protocol = IPPROTO_TCP;
	inet_sk(sk)->uc_ttl = -1;
	inet_sk(sk)->pmtudisc = IP_PMTUDISC_WANT;
	inet_sk(sk)->inet_saddr = saddr ? ip(saddr) : 0;
	sk->sk_daddr = ip(daddr);
	return sk;
}

static void conn_sk_free(struct sock *sk)
{
	sk_common_release(sk);
}

/* A 20-byte "TCP header" plus plen payload bytes, as TCP would hand it down. */
static struct sk_buff *seg(unsigned int plen, u8 fill)
{
	struct sk_buff *skb = alloc_skb(MAX_IP_HEADER + 20 + plen, GFP_KERNEL);

	skb_reserve(skb, MAX_IP_HEADER);
	memset(skb_put(skb, 20 + plen), fill, 20 + plen);
	return skb;
}

static unsigned long lookups(const char *daddr)
{
	return fib_lookup(ip(daddr))->use;
}

TEST(ip_queue_xmit_header_from_inet_sock)
{
	struct net_device *dev = up_dev();
	struct sock *sk = conn_sk("10.0.2.15", "10.0.2.2");
	struct sk_buff *skb;
	struct iphdr *iph;

	ASSERT(sk);
	inet_sk(sk)->tos = 0x10;
	inet_sk(sk)->uc_ttl = 17;
	skb = seg(100, 0xab);
	memset(skb->cb, 0x5a, sizeof(skb->cb));	/* TCP's control block left behind */
	EXPECT_EQ(ip_queue_xmit(sk, skb), 0);
	ASSERT(fake_tx_count(dev) == 1);
	skb = fake_tx_pop(dev);
	EXPECT_EQ(skb->len, ETH_HLEN + 20 + 120);
	EXPECT_MEMEQ(skb->data, fake_mac_peer, ETH_ALEN);
	iph = (struct iphdr *)(skb->data + ETH_HLEN);
	EXPECT_EQ(iph->version, 4);
	EXPECT_EQ(iph->ihl, 5);
	EXPECT_EQ(iph->tos, 0x10);
	EXPECT_EQ(ntohs(iph->tot_len), 140);
	EXPECT_EQ(iph->frag_off, htons(IP_DF));
	EXPECT_EQ(iph->ttl, 17);
	EXPECT_EQ(iph->protocol, IPPROTO_TCP);
	EXPECT_EQ(iph->saddr, ip("10.0.2.15"));
	EXPECT_EQ(iph->daddr, ip("10.0.2.2"));
	EXPECT_EQ(ip_fast_csum(iph, 5), 0);
	kfree_skb(skb);

	/* IP_PMTUDISC_DONT: no DF; default TTL; saddr 0 takes the route's. */
	inet_sk(sk)->pmtudisc = IP_PMTUDISC_DONT;
	inet_sk(sk)->uc_ttl = -1;
	inet_sk(sk)->inet_saddr = 0;
	EXPECT_EQ(ip_queue_xmit(sk, seg(10, 1)), 0);
	skb = fake_tx_pop(dev);
	ASSERT(skb);
	iph = (struct iphdr *)(skb->data + ETH_HLEN);
	EXPECT_EQ(iph->frag_off, 0);
	EXPECT_EQ(iph->ttl, sysctl_ip_default_ttl);
	EXPECT_EQ(iph->saddr, ip("10.0.2.15"));
	kfree_skb(skb);
	conn_sk_free(sk);
	fake_netdev_destroy(dev);
}

TEST(ip_queue_xmit_looks_up_once_then_after_changes)
{
	struct net_device *dev = up_dev();
	struct sock *sk = conn_sk("10.0.2.15", "10.0.2.2");
	unsigned long use0 = lookups("10.0.2.2");
	int i;

	ASSERT(sk);
	for (i = 0; i < 5; i++)
		EXPECT_EQ(ip_queue_xmit(sk, seg(10, i)), 0);
	EXPECT_EQ(fake_tx_count(dev), 5);
	EXPECT_EQ(lookups("10.0.2.2") - use0, 1);	/* one lookup, four cache hits */

	/* A new, more specific route must be taken by the very next packet. */
	ASSERT(ip_route_add(ip("10.0.2.2"), 32, ip("10.0.2.3"), dev, 0) == 0);
	resolve(dev, "10.0.2.3");
	EXPECT_EQ(ip_queue_xmit(sk, seg(10, 9)), 0);
	EXPECT_EQ(fib_lookup(ip("10.0.2.2"))->prefixlen, 32);
	EXPECT_EQ(lookups("10.0.2.2"), 1);
	ASSERT(ip_route_del(ip("10.0.2.2"), 32, 0, dev) == 0);
	EXPECT_EQ(ip_queue_xmit(sk, seg(10, 9)), 0);
	EXPECT_EQ(lookups("10.0.2.2") - use0, 2);

	/* Device down: the cached route must not be used; up again: it works. */
	dev_close(dev);
	EXPECT_EQ(ip_queue_xmit(sk, seg(10, 1)), -ENETUNREACH);
	dev_open(dev);
	resolve(dev, "10.0.2.2");
	fake_tx_purge(dev);
	EXPECT_EQ(ip_queue_xmit(sk, seg(10, 1)), 0);
	EXPECT_EQ(fake_tx_count(dev), 1);

	/* sk_dst_reset: looked up again. */
	use0 = lookups("10.0.2.2");
	sk_dst_reset(sk);
	EXPECT_EQ(ip_queue_xmit(sk, seg(10, 1)), 0);
	EXPECT_EQ(lookups("10.0.2.2") - use0, 1);
	conn_sk_free(sk);
	fake_netdev_destroy(dev);
}

TEST(ip_queue_xmit_honours_bindtodevice_and_peer_change)
{
	struct net_device *a = up_dev();
	struct net_device *b = fake_netdev_create(mac_b, "10.0.3.15", 24);
	struct sock *sk = conn_sk(NULL, "10.0.2.2");
	struct sk_buff *skb;

	ASSERT(b && sk);
	resolve(b, "10.0.2.2");		/* on-link on b too, once bound to it */
	fake_tx_purge(b);
	EXPECT_EQ(ip_queue_xmit(sk, seg(10, 1)), 0);
	EXPECT_EQ(fake_tx_count(a), 1);
	sk->sk_bound_dev_if = b->ifindex;
	EXPECT_EQ(ip_queue_xmit(sk, seg(10, 1)), 0);
	EXPECT_EQ(fake_tx_count(a), 1);
	ASSERT(fake_tx_count(b) == 1);
	skb = fake_tx_pop(b);
	EXPECT_EQ(((struct iphdr *)(skb->data + ETH_HLEN))->saddr, ip("10.0.3.15"));
	kfree_skb(skb);

	/* A new peer on the socket (connect again) is routed afresh. */
	sk->sk_bound_dev_if = 0;
	resolve(b, "10.0.3.9");
	sk->sk_daddr = ip("10.0.3.9");
	EXPECT_EQ(ip_queue_xmit(sk, seg(10, 1)), 0);
	EXPECT_EQ(fake_tx_count(b), 1);
	conn_sk_free(sk);
	fake_netdev_destroy(b);
	fake_netdev_destroy(a);
}

TEST(ip_queue_xmit_errors_consume_skb)
{
	struct net_device *dev = up_dev();
	struct sock *sk = conn_sk("10.0.2.15", "192.0.2.1");	/* no default route */
	unsigned long noroutes = ip_statistics[IPSTATS_MIB_OUTNOROUTES];
	struct rtable rt;

	ASSERT(sk);
	EXPECT_EQ(ip_queue_xmit(sk, seg(10, 1)), -ENETUNREACH);
	EXPECT_EQ(ip_statistics[IPSTATS_MIB_OUTNOROUTES] - noroutes, 1);
	EXPECT_EQ(ip_route_connect(sk, ip("192.0.2.1"), 0, &rt), -ENETUNREACH);

	/* Too big with DF: -EMSGSIZE (TCP's segments are sized to the MTU). */
	sk->sk_daddr = ip("10.0.2.2");
	EXPECT_EQ(ip_route_connect(sk, ip("10.0.2.2"), 0, &rt), 0);
	EXPECT_EQ(rt.mtu, 1500);
	EXPECT_EQ(rt.rt_src, ip("10.0.2.15"));
	EXPECT_EQ(ip_queue_xmit(sk, seg(1461, 1)), -EMSGSIZE);
	EXPECT_EQ(ip_queue_xmit(sk, seg(1460, 1)), 0);
	EXPECT_EQ(fake_tx_count(dev), 1);
	conn_sk_free(sk);
	fake_netdev_destroy(dev);
}

static u16 sent_id(struct net_device *dev)
{
	struct sk_buff *skb = fake_tx_pop(dev);
	u16 id;

	if (!skb)
		return 0;
	id = ntohs(((struct iphdr *)(skb->data + ETH_HLEN))->id);
	kfree_skb(skb);
	return id;
}

/*
 * IP IDs by Linux's rules (include/net/ip.h). A connected socket numbers
 * its packets itself: consecutive, whatever else is sent, and never
 * hashed. An unconnected DF packet carries 0. Other packets (unconnected,
 * fragmentable) take RFC 7739's per-destination counters: what we send to
 * B does not show in A's IDs (no idle scan through us), and after an idle
 * spell a destination's counter jumps by a random amount under the idle
 * time, so its next ID cannot be guessed.
 */
TEST(ip_ids_per_socket_zero_for_df_hashed_otherwise)
{
	struct net_device *dev = up_dev();
	struct sock *a = conn_sk("10.0.2.15", "10.0.2.2");
	struct sock *b = conn_sk("10.0.2.15", "10.0.2.7");
	u16 a0, a1, a2, b0, b1, a3;
	int i, jumped = 0;

	ASSERT(a && b);
	resolve(dev, "10.0.2.7");
	inet_sk(a)->inet_id = 0xfffe;	/* and it wraps */
	ip_queue_xmit(a, seg(1, 0));
	a0 = sent_id(dev);
	ip_queue_xmit(b, seg(1, 0));
	b0 = sent_id(dev);
	ip_queue_xmit(a, seg(1, 0));
	a1 = sent_id(dev);
	unit_advance(1000);
	ip_queue_xmit(a, seg(1, 0));
	a2 = sent_id(dev);
	EXPECT_EQ(a0, 0xfffe);
	EXPECT_EQ(a1, 0xffff);		/* B's packet did not move A's counter */
	EXPECT_EQ(a2, 0);		/* nor did idle time */
	EXPECT_EQ(inet_sk(b)->inet_id, (u16)(b0 + 1));

	/* Unconnected with DF: never reassembled, so no ID to protect. */
	EXPECT_EQ(ip_build_and_send_pkt(seg(1, 0), 0, ip("10.0.2.2"), 253, 0, 0, true), 0);
	EXPECT_EQ(sent_id(dev), 0);

	/* Unconnected, fragmentable: per-destination counters. */
	ip_build_and_send_pkt(seg(1, 0), 0, ip("10.0.2.2"), 253, 0, 0, false);
	a0 = sent_id(dev);
	ip_build_and_send_pkt(seg(1, 0), 0, ip("10.0.2.2"), 253, 0, 0, false);
	a1 = sent_id(dev);
	ip_build_and_send_pkt(seg(1, 0), 0, ip("10.0.2.7"), 253, 0, 0, false);
	b0 = sent_id(dev);
	ip_build_and_send_pkt(seg(1, 0), 0, ip("10.0.2.7"), 253, 0, 0, false);
	b1 = sent_id(dev);
	ip_build_and_send_pkt(seg(1, 0), 0, ip("10.0.2.2"), 253, 0, 0, false);
	a2 = sent_id(dev);
	EXPECT_EQ((u16)(a1 - a0), 1);
	EXPECT_EQ((u16)(a2 - a1), 1);	/* B's two packets did not move A's counter */
	EXPECT_EQ((u16)(b1 - b0), 1);

	/* Idle 1000 ticks, eight times: every step lies in [1, 1000], not all 1. */
	for (i = 0; i < 8; i++) {
		unit_advance(1000);
		ip_build_and_send_pkt(seg(1, 0), 0, ip("10.0.2.2"), 253, 0, 0, false);
		a3 = sent_id(dev);
		EXPECT((u16)(a3 - a2) >= 1 && (u16)(a3 - a2) <= 1000);
		jumped += (u16)(a3 - a2) > 1;
		a2 = a3;
	}
	EXPECT(jumped > 0);
	conn_sk_free(a);
	conn_sk_free(b);
	fake_netdev_destroy(dev);
}
