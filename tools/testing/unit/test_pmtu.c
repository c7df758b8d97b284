// unit-sources: net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c tools/testing/unit/fake_netdev.c
/*
 * Per-destination path MTU (route.c): what ICMP "fragmentation needed"
 * teaches (only lower, clamped at min_pmtu, forgotten after mtu_expires),
 * the route lookup's rt->mtu following it, a connected socket's cached
 * route following it without a lookup per packet, the table's bound, and
 * UDP's ICMP path feeding it.
 */
#include "unit.h"
#include "fake_netdev.h"
#include <net/arp.h>
#include <net/route.h>
#include <net/udp.h>
#include <net/checksum.h>

UNIT_SETUP(fake_net_setup)

static struct net_device *up_dev(void)
{
	struct net_device *dev = fake_netdev_create(fake_mac_us, "10.0.2.15", 24);
	struct neighbour *n = neigh_create(&arp_tbl, ip("10.0.2.2"), dev);

	neigh_update(n, fake_mac_peer, NUD_REACHABLE, NEIGH_UPDATE_F_OVERRIDE);
	neigh_release(n);
	fake_tx_purge(dev);
	ip_rt_pmtu_flush();
	return dev;
}

static unsigned int route_mtu(const char *daddr)
{
	struct rtable rt;

	if (ip_route_output(ip(daddr), 0, &rt))
		return 0;
	return rt.mtu;
}

TEST(pmtu_only_lowers_clamps_and_expires)
{
	struct net_device *dev = up_dev();

	EXPECT_EQ(route_mtu("10.0.2.2"), 1500);
	ip_rt_update_pmtu(ip("10.0.2.2"), 1400);
	EXPECT_EQ(route_mtu("10.0.2.2"), 1400);
	EXPECT_EQ(route_mtu("10.0.2.3"), 1500);		/* per destination */
	ip_rt_update_pmtu(ip("10.0.2.2"), 1450);	/* a raise is ignored */
	EXPECT_EQ(route_mtu("10.0.2.2"), 1400);
	ip_rt_update_pmtu(ip("10.0.2.2"), 9000);	/* above the device: min wins */
	EXPECT_EQ(route_mtu("10.0.2.2"), 1400);
	ip_rt_update_pmtu(ip("10.0.2.2"), 100);		/* below min_pmtu: 552 */
	EXPECT_EQ(route_mtu("10.0.2.2"), 552);
	ip_rt_update_pmtu(ip("10.0.2.2"), 0);		/* RFC 1191 "no MTU given" */
	EXPECT_EQ(route_mtu("10.0.2.2"), 552);

	EXPECT(unit_sysctl("sys/net/ipv4/route/mtu_expires") == &sysctl_ip_rt_mtu_expires);
	EXPECT(unit_sysctl("sys/net/ipv4/route/min_pmtu") == &sysctl_ip_rt_min_pmtu);
	EXPECT_EQ(sysctl_ip_rt_mtu_expires, 600);
	unit_advance(599 * 1000);
	EXPECT_EQ(route_mtu("10.0.2.2"), 552);
	unit_advance(1000);
	EXPECT_EQ(route_mtu("10.0.2.2"), 1500);		/* expired: the device's again */
	ip_rt_update_pmtu(ip("10.0.2.2"), 1450);	/* and it can be learned afresh */
	EXPECT_EQ(route_mtu("10.0.2.2"), 1450);
	fake_netdev_destroy(dev);
}

TEST(pmtu_reaches_connected_socket_cache)
{
	struct net_device *dev = up_dev();
	struct sock *sk = sk_alloc(PF_INET, GFP_KERNEL, &udp_prot);
	const struct rtable *rt;
	struct sk_buff *skb;

	ASSERT(sk);
	sock_init_data(NULL, sk);
	sk->sk_protocol = IPPROTO_TCP;
	inet_sk(sk)->uc_ttl = -1;
	inet_sk(sk)->pmtudisc = IP_PMTUDISC_WANT;
	sk->sk_daddr = ip("10.0.2.2");
	ASSERT(ip_sk_route(sk, &rt) == 0);
	EXPECT_EQ(rt->mtu, 1500);

	ip_rt_update_pmtu(ip("10.0.2.2"), 1280);	/* what TCP's ICMP handler will do */
	ASSERT(ip_sk_route(sk, &rt) == 0);
	EXPECT_EQ(rt->mtu, 1280);			/* ... and then re-read */
	skb = alloc_skb(MAX_IP_HEADER + 1300, GFP_KERNEL);
	skb_reserve(skb, MAX_IP_HEADER);
	skb_put_zero(skb, 1261);			/* 1281 with the IP header */
	EXPECT_EQ(ip_queue_xmit(sk, skb), -EMSGSIZE);
	skb = alloc_skb(MAX_IP_HEADER + 1300, GFP_KERNEL);
	skb_reserve(skb, MAX_IP_HEADER);
	skb_put_zero(skb, 1260);
	EXPECT_EQ(ip_queue_xmit(sk, skb), 0);
	EXPECT_EQ(fake_tx_count(dev), 1);

	/* Expiry alone (no route change) brings the cached route back up. */
	unit_advance(600 * 1000);
	ASSERT(ip_sk_route(sk, &rt) == 0);
	EXPECT_EQ(rt->mtu, 1500);
	sk_common_release(sk);
	fake_netdev_destroy(dev);
}

TEST(pmtu_table_is_bounded)
{
	struct net_device *dev = up_dev();
	unsigned int i, lowered = 0;
	char a[16];

	/* 10.0.2.0/24 is on-link; 10.0.0.0/8-ish names via a /8 route on dev. */
	ASSERT(ip_route_add(ip("10.0.0.0"), 8, 0, dev, 0) == 0);
	for (i = 0; i < 1000; i++) {
		snprintf(a, sizeof(a), "10.1.%u.%u", i / 250, i % 250 + 1);
		ip_rt_update_pmtu(ip(a), 1000);
		EXPECT_EQ(route_mtu(a), 1000);		/* the newest is always kept */
	}
	for (i = 0; i < 1000; i++) {
		snprintf(a, sizeof(a), "10.1.%u.%u", i / 250, i % 250 + 1);
		lowered += route_mtu(a) == 1000;
	}
	EXPECT(lowered <= 256);
	EXPECT(lowered >= 128);				/* sets fill reasonably evenly */
	ip_route_del(ip("10.0.0.0"), 8, 0, dev);
	fake_netdev_destroy(dev);
}

/* An ICMP frag-needed quoting a UDP datagram from sport to 10.0.2.2:dport. */
static unsigned int frag_needed_frame(u8 *frame, u16 sport, u16 dport, u16 mtu)
{
	u8 icmp[8 + 20 + 8];
	struct icmphdr *ic = (struct icmphdr *)icmp;
	struct iphdr *inner = (struct iphdr *)(icmp + 8);
	struct udphdr *uh = (struct udphdr *)(icmp + 28);

	memset(icmp, 0, sizeof(icmp));
	ic->type = ICMP_DEST_UNREACH;
	ic->code = ICMP_FRAG_NEEDED;
	ic->un.frag.mtu = htons(mtu);
	inner->version = 4;
	inner->ihl = 5;
	inner->tot_len = htons(1500);
	inner->ttl = 64;
	inner->protocol = IPPROTO_UDP;
	inner->saddr = ip("10.0.2.15");
	inner->daddr = ip("10.0.2.2");
	inner->frag_off = htons(IP_DF);
	inner->check = ip_fast_csum(inner, 5);
	uh->source = htons(sport);
	uh->dest = htons(dport);
	uh->len = htons(1480);
	ic->checksum = ip_compute_csum(icmp, sizeof(icmp));
	return build_ipv4_frame(frame, fake_mac_us, fake_mac_peer, ip("10.0.2.1"), ip("10.0.2.15"),
				IPPROTO_ICMP, 7, 0, icmp, sizeof(icmp));
}

TEST(pmtu_learned_from_udp_icmp_error)
{
	struct net_device *dev = up_dev();
	struct sock *sk = sk_alloc(PF_INET, GFP_KERNEL, &udp_prot);
	u8 frame[128];
	unsigned int len;

	ASSERT(sk);
	sock_init_data(NULL, sk);
	sk->sk_protocol = IPPROTO_UDP;
	sk->sk_backlog_rcv = udp_prot.backlog_rcv;
	inet_sk(sk)->uc_ttl = -1;
	ASSERT(udp_lib_get_port(sk, 7000) == 0);

	len = frag_needed_frame(frame, 7001, 53, 1200);	/* no such socket: ignored */
	fake_rx(dev, frame, len);
	EXPECT_EQ(route_mtu("10.0.2.2"), 1500);
	len = frag_needed_frame(frame, 7000, 53, 1200);
	fake_rx(dev, frame, len);
	EXPECT_EQ(route_mtu("10.0.2.2"), 1200);
	udp_prot.close(sk, 0);
	fake_netdev_destroy(dev);
}
