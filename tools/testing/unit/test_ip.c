// unit-sources: net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c tools/testing/unit/fake_netdev.c
/* IPv4 input validation, ICMP echo, routing, fragmentation output, loopback, /proc formats. */
#include "unit.h"
#include "fake_netdev.h"
#include <net/arp.h>
#include <net/icmp.h>
#include <net/route.h>
#include <net/checksum.h>
#include <net/udp.h>
#include <net/raw.h>

UNIT_SETUP(fake_net_setup)

static u8 frame[70000];
static char procbuf[8192];

static unsigned long mib(int f) { return ip_statistics[f]; }

static unsigned int echo_frame(u16 seq, unsigned int dlen, __be32 daddr)
{
	static u8 icmp[2000];
	static u8 data[1600];
	unsigned int i, ilen;

	for (i = 0; i < dlen; i++)
		data[i] = (u8)(i * 7 + seq);
	ilen = build_icmp_echo(icmp, 0x1234, seq, data, dlen);
	return build_ipv4_frame(frame, fake_mac_us, fake_mac_peer, ip("10.0.2.2"), daddr,
				IPPROTO_ICMP, 100 + seq, 0, icmp, ilen);
}

TEST(icmp_echo_reply_bytes)
{
	struct net_device *dev = fake_netdev_up();
	unsigned int len = echo_frame(7, 56, ip("10.0.2.15"));
	struct sk_buff *skb;
	struct iphdr *iph;
	struct icmphdr *ic;
	const u8 *req_icmp = frame + ETH_HLEN + 20;

	fake_rx(dev, frame, len);
	ASSERT(fake_tx_count(dev) == 1);
	skb = fake_tx_pop(dev);
	EXPECT_EQ(skb->len, len);
	EXPECT_MEMEQ(skb->data, fake_mac_peer, ETH_ALEN);
	EXPECT_MEMEQ(skb->data + ETH_ALEN, fake_mac_us, ETH_ALEN);
	iph = (struct iphdr *)(skb->data + ETH_HLEN);
	EXPECT_EQ(iph->saddr, ip("10.0.2.15"));
	EXPECT_EQ(iph->daddr, ip("10.0.2.2"));
	EXPECT_EQ(iph->ttl, 64);
	EXPECT_EQ(iph->protocol, IPPROTO_ICMP);
	EXPECT_EQ(ip_fast_csum(iph, 5), 0);
	ic = (struct icmphdr *)(iph + 1);
	EXPECT_EQ(ic->type, ICMP_ECHOREPLY);
	EXPECT_EQ(ic->code, 0);
	EXPECT_EQ(ic->un.echo.id, htons(0x1234));
	EXPECT_EQ(ic->un.echo.sequence, htons(7));
	EXPECT_MEMEQ((u8 *)(ic + 1), req_icmp + 8, 56);
	EXPECT_EQ(ip_compute_csum(ic, 64), 0);
	kfree_skb(skb);
	fake_netdev_destroy(dev);
}

TEST(ip_rcv_drops_counted_by_name)
{
	struct net_device *dev = fake_netdev_up();
	unsigned int len;
	unsigned long hdr = mib(IPSTATS_MIB_INHDRERRORS), csum = mib(IPSTATS_MIB_CSUMERRORS);
	unsigned long trunc = mib(IPSTATS_MIB_INTRUNCATEDPKTS), addr = mib(IPSTATS_MIB_INADDRERRORS);
	unsigned long unk = mib(IPSTATS_MIB_INUNKNOWNPROTOS), recv = mib(IPSTATS_MIB_INRECEIVES);
	struct iphdr *iph = (struct iphdr *)(frame + ETH_HLEN);
	struct sk_buff *skb;

	len = echo_frame(1, 8, ip("10.0.2.15"));
	iph->version = 6;			/* bad version */
	fake_rx(dev, frame, len);
	len = echo_frame(1, 8, ip("10.0.2.15"));
	iph->ihl = 4;				/* IHL below 5 */
	fake_rx(dev, frame, len);
	len = echo_frame(1, 8, ip("10.0.2.15"));
	iph->check ^= 0x0101;			/* bad header checksum */
	fake_rx(dev, frame, len);
	len = echo_frame(1, 8, ip("10.0.2.15"));
	fake_rx(dev, frame, ETH_HLEN + 12);	/* shorter than a header */
	len = echo_frame(1, 8, ip("10.0.2.15"));
	fake_rx(dev, frame, len - 4);		/* frame shorter than tot_len */
	EXPECT_EQ(mib(IPSTATS_MIB_INHDRERRORS), hdr + 4);
	EXPECT_EQ(mib(IPSTATS_MIB_CSUMERRORS), csum + 1);
	EXPECT_EQ(mib(IPSTATS_MIB_INTRUNCATEDPKTS), trunc + 1);

	len = echo_frame(1, 8, ip("10.0.2.99"));	/* not ours: no forwarding */
	fake_rx(dev, frame, len);
	EXPECT_EQ(mib(IPSTATS_MIB_INADDRERRORS), addr + 1);
	EXPECT_EQ(fake_tx_count(dev), 0);

	len = build_ipv4_frame(frame, fake_mac_us, fake_mac_peer, ip("10.0.2.2"),
			       ip("10.0.2.15"), 253, 9, 0, "hello", 5);
	fake_rx(dev, frame, len);
	EXPECT_EQ(mib(IPSTATS_MIB_INUNKNOWNPROTOS), unk + 1);
	EXPECT_EQ(mib(IPSTATS_MIB_INRECEIVES), recv + 7);
	/* ...and the sender hears protocol unreachable quoting its header. */
	ASSERT(fake_tx_count(dev) == 1);
	skb = fake_tx_pop(dev);
	EXPECT_EQ(skb->data[ETH_HLEN + 20], ICMP_DEST_UNREACH);
	EXPECT_EQ(skb->data[ETH_HLEN + 21], ICMP_PROT_UNREACH);
	EXPECT_MEMEQ(skb->data + ETH_HLEN + 28, frame + ETH_HLEN, 20);
	kfree_skb(skb);
	fake_netdev_destroy(dev);
}

/*
 * ip_hdr_check, one rule a test (lab ip-rx grades them one by one): the
 * frame is an echo request to us, spoiled one way; it must be dropped
 * under its own counter and never answered.
 */
static void spoiled_echo(void (*spoil)(struct iphdr *), int trim, int counter)
{
	struct net_device *dev = fake_netdev_up();
	struct iphdr *iph = (struct iphdr *)(frame + ETH_HLEN);
	unsigned long before = mib(counter);
	unsigned int len = echo_frame(3, 16, ip("10.0.2.15"));

	if (spoil) {
		spoil(iph);
		iph->check = 0;
		iph->check = ip_fast_csum(iph, iph->ihl >= 5 ? iph->ihl : 5);
	}
	fake_rx(dev, frame, len - trim);
	EXPECT_EQ(mib(counter), before + 1);
	EXPECT_EQ(fake_tx_count(dev), 0);
	fake_netdev_destroy(dev);
}

static void set_version_4_to_5(struct iphdr *iph) { iph->version = 5; }
static void set_tot_len_below_ihl(struct iphdr *iph) { iph->tot_len = htons(16); }

TEST(ip_hdr_check_bad_version)
{
	spoiled_echo(set_version_4_to_5, 0, IPSTATS_MIB_INHDRERRORS);
}

TEST(ip_hdr_check_bad_checksum)
{
	struct net_device *dev = fake_netdev_up();
	struct iphdr *iph = (struct iphdr *)(frame + ETH_HLEN);
	unsigned long before = mib(IPSTATS_MIB_CSUMERRORS);
	unsigned int len = echo_frame(3, 16, ip("10.0.2.15"));

	iph->check ^= htons(0x0100);
	fake_rx(dev, frame, len);
	EXPECT_EQ(mib(IPSTATS_MIB_CSUMERRORS), before + 1);
	EXPECT_EQ(fake_tx_count(dev), 0);
	fake_netdev_destroy(dev);
}

TEST(ip_hdr_check_truncated_frame)
{
	spoiled_echo(NULL, 6, IPSTATS_MIB_INTRUNCATEDPKTS);
}

TEST(ip_hdr_check_tot_len_below_header)
{
	spoiled_echo(set_tot_len_below_ihl, 0, IPSTATS_MIB_INHDRERRORS);
}

TEST(ip_hdr_check_good_header_answered)
{
	struct net_device *dev = fake_netdev_up();
	unsigned int len = echo_frame(4, 16, ip("10.0.2.15"));

	fake_rx(dev, frame, len);
	EXPECT_EQ(fake_tx_count(dev), 1);	/* the echo reply */
	fake_tx_purge(dev);
	fake_netdev_destroy(dev);
}

/* An echo request from saddr to daddr, as the peer's MAC sends it. */
static unsigned int echo_from(__be32 saddr, __be32 daddr)
{
	static u8 icmp[64];
	unsigned int ilen = build_icmp_echo(icmp, 0x1234, 1, "smurf", 5);

	return build_ipv4_frame(frame, fake_mac_us, fake_mac_peer, saddr, daddr,
				IPPROTO_ICMP, 77, 0, icmp, ilen);
}

TEST(ip_rcv_smurf_and_own_source_martians_dropped_counted)
{
	struct net_device *dev = fake_netdev_up();
	unsigned long martian = mib(IPSTATS_MIB_INMARTIANSRC);
	static const char *const martians[] = {
		"10.0.2.255",		/* our subnet's broadcast: the reply would go to the LAN */
		"255.255.255.255",
		"10.0.2.15",		/* ourselves, from the wire */
		"127.0.0.1",
		"0.0.0.0",		/* "this host" to a unicast address */
		"0.1.2.3",
		"224.0.0.1",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(martians); i++)
		fake_rx(dev, frame, echo_from(ip(martians[i]), ip("10.0.2.15")));
	EXPECT_EQ(fake_tx_count(dev), 0);		/* nothing reflected */
	EXPECT_EQ(mib(IPSTATS_MIB_INMARTIANSRC), martian + ARRAY_SIZE(martians));
	unit_proc_read("net/stat/rt_cache", procbuf, sizeof(procbuf));
	EXPECT(strstr(procbuf, "in_martian_dst in_martian_src") != NULL);

	/* log_martians: Linux's message, rate-limited. */
	*unit_sysctl("sys/net/ipv4/conf/all/log_martians") = 1;
	unit_log_clear();
	fake_rx(dev, frame, echo_from(ip("10.0.2.15"), ip("10.0.2.15")));
	EXPECT(unit_log_contains("IPv4: martian source 10.0.2.15 from 10.0.2.15, on dev eth0"));
	*unit_sysctl("sys/net/ipv4/conf/all/log_martians") = 0;

	/* accept_local lets our own address in (Linux's knob), not a broadcast. */
	*unit_sysctl("sys/net/ipv4/conf/all/accept_local") = 1;
	fake_rx(dev, frame, echo_from(ip("10.0.2.255"), ip("10.0.2.15")));
	EXPECT_EQ(mib(IPSTATS_MIB_INMARTIANSRC), martian + ARRAY_SIZE(martians) + 2);
	fake_rx(dev, frame, echo_from(ip("10.0.2.15"), ip("10.0.2.15")));
	EXPECT_EQ(mib(IPSTATS_MIB_INMARTIANSRC), martian + ARRAY_SIZE(martians) + 2);
	*unit_sysctl("sys/net/ipv4/conf/all/accept_local") = 0;
	run_softirqs();
	fake_tx_purge(dev);
	fake_netdev_destroy(dev);
}

/*
 * The device keeps the last source that passed (ip_martian_source) so a
 * peer's stream is judged once; an address change must void that, or the
 * peer's address, once ours, would still come in from the wire.
 */
TEST(ip_rcv_kept_source_verdict_voided_by_address_change)
{
	struct net_device *dev = fake_netdev_up();
	unsigned long martian = mib(IPSTATS_MIB_INMARTIANSRC);

	fake_rx(dev, frame, echo_from(ip("10.0.2.2"), ip("10.0.2.15")));
	fake_rx(dev, frame, echo_from(ip("10.0.2.2"), ip("10.0.2.15")));
	EXPECT_EQ(mib(IPSTATS_MIB_INMARTIANSRC), martian);
	EXPECT_EQ(dev->rx_saddr_ok, ip("10.0.2.2"));

	EXPECT_EQ(inet_set_ifaddr(dev, ip("10.0.2.2"), 24), 0);
	fake_rx(dev, frame, echo_from(ip("10.0.2.2"), ip("10.0.2.2")));
	EXPECT_EQ(mib(IPSTATS_MIB_INMARTIANSRC), martian + 1);
	/* And a kept 0/8 source never skips its destination check. */
	fake_rx(dev, frame, echo_from(ip("0.0.0.0"), ip("255.255.255.255")));
	fake_rx(dev, frame, echo_from(ip("0.0.0.0"), ip("10.0.2.2")));
	EXPECT_EQ(mib(IPSTATS_MIB_INMARTIANSRC), martian + 2);
	run_softirqs();
	fake_tx_purge(dev);
	fake_netdev_destroy(dev);
}

TEST(ip_rcv_zero_source_to_limited_broadcast_accepted)
{
	struct net_device *dev = fake_netdev_up();
	unsigned long martian = mib(IPSTATS_MIB_INMARTIANSRC);
	unsigned long bcast = mib(IPSTATS_MIB_INBCASTPKTS);

	/* A DHCP client's DISCOVER shape: 0.0.0.0 -> 255.255.255.255. */
	fake_rx(dev, frame, echo_from(ip("0.0.0.0"), ip("255.255.255.255")));
	EXPECT_EQ(mib(IPSTATS_MIB_INMARTIANSRC), martian);
	EXPECT_EQ(mib(IPSTATS_MIB_INBCASTPKTS), bcast + 1);
	EXPECT_EQ(fake_tx_count(dev), 0);		/* echo to broadcast: ignored anyway */
	fake_netdev_destroy(dev);
}

static struct sock *udp_sock_on(u16 port, int bound_dev_if)
{
	struct sock *sk = sk_alloc(PF_INET, GFP_KERNEL, &udp_prot);

	sock_init_data(NULL, sk);
	sk->sk_protocol = IPPROTO_UDP;
	sk->sk_backlog_rcv = udp_prot.backlog_rcv;
	inet_sk(sk)->uc_ttl = -1;
	sk->sk_reuse = 1;
	sk->sk_bound_dev_if = bound_dev_if;
	if (udp_lib_get_port(sk, port)) {
		udp_prot.close(sk, 0);
		return NULL;
	}
	return sk;
}

/* A UDP datagram from the peer (10.0.2.2:4000) to daddr:dport, with Ethernet destination dmac. */
static unsigned int udp_frame(const u8 *dmac, __be32 daddr, u16 dport)
{
	u8 udp[8 + 5];
	struct udphdr *uh = (struct udphdr *)udp;

	uh->source = htons(4000);
	uh->dest = htons(dport);
	uh->len = htons(sizeof(udp));
	uh->check = 0;
	memcpy(udp + 8, "bcast", 5);
	return build_ipv4_frame(frame, dmac, fake_mac_peer, ip("10.0.2.2"), daddr,
				IPPROTO_UDP, 5, 0, udp, sizeof(udp));
}

TEST(udp_broadcast_reaches_more_than_16_receivers)
{
	struct net_device *dev = fake_netdev_up();
	struct sock *sk[40];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sk); i++)
		ASSERT((sk[i] = udp_sock_on(6000, 0)) != NULL);
	fake_rx(dev, frame, udp_frame(fake_mac_bcast, ip("10.0.2.255"), 6000));
	for (i = 0; i < ARRAY_SIZE(sk); i++) {
		EXPECT_EQ(skb_queue_len(&sk[i]->sk_receive_queue), 1);
		udp_prot.close(sk[i], 0);
	}
	fake_netdev_destroy(dev);
}

TEST(raw_delivery_reaches_more_than_16_sockets)
{
	struct net_device *dev = fake_netdev_up();
	struct sock *sk[40];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sk); i++) {
		sk[i] = sk_alloc(PF_INET, GFP_KERNEL, &raw_prot);
		ASSERT(sk[i]);
		sock_init_data(NULL, sk[i]);
		sk[i]->sk_protocol = IPPROTO_ICMP;
		sk[i]->sk_num = IPPROTO_ICMP;		/* a raw socket's "port" is its protocol */
		sk[i]->sk_backlog_rcv = raw_prot.backlog_rcv;
		raw_prot.init(sk[i]);
		raw_prot.hash(sk[i]);
	}
	fake_rx(dev, frame, echo_frame(3, 8, ip("10.0.2.15")));
	fake_tx_purge(dev);				/* the echo reply */
	for (i = 0; i < ARRAY_SIZE(sk); i++) {
		EXPECT_EQ(skb_queue_len(&sk[i]->sk_receive_queue), 1);
		raw_prot.close(sk[i], 0);
	}
	fake_netdev_destroy(dev);
}

TEST(udp_err_reaches_socket_bound_to_device)
{
	struct net_device *dev = fake_netdev_up();
	struct sock *sk = udp_sock_on(5000, dev->ifindex);
	u8 quoted[20 + 8], icmp[8 + sizeof(quoted)];
	struct iphdr *q = (struct iphdr *)quoted;
	struct udphdr *uh = (struct udphdr *)(quoted + 20);
	struct icmphdr *ic = (struct icmphdr *)icmp;
	unsigned int len;

	ASSERT(sk);
	sk->sk_daddr = ip("10.0.2.2");		/* connected: errors are reported */
	sk->sk_dport = htons(53);
	sk->sk_state = TCP_ESTABLISHED;
	/* The datagram we sent, 10.0.2.15:5000 -> 10.0.2.2:53, quoted in a port unreachable. */
	memset(quoted, 0, sizeof(quoted));
	q->version = 4;
	q->ihl = 5;
	q->tot_len = htons(sizeof(quoted));
	q->ttl = 64;
	q->protocol = IPPROTO_UDP;
	q->saddr = ip("10.0.2.15");
	q->daddr = ip("10.0.2.2");
	q->check = ip_fast_csum(q, 5);
	uh->source = htons(5000);
	uh->dest = htons(53);
	uh->len = htons(8);
	memset(icmp, 0, sizeof(icmp));
	ic->type = ICMP_DEST_UNREACH;
	ic->code = ICMP_PORT_UNREACH;
	memcpy(icmp + 8, quoted, sizeof(quoted));
	ic->checksum = ip_compute_csum(icmp, sizeof(icmp));
	len = build_ipv4_frame(frame, fake_mac_us, fake_mac_peer, ip("10.0.2.2"), ip("10.0.2.15"),
			       IPPROTO_ICMP, 6, 0, icmp, sizeof(icmp));
	fake_rx(dev, frame, len);
	EXPECT_EQ(sk->sk_err, ECONNREFUSED);
	udp_prot.close(sk, 0);
	fake_netdev_destroy(dev);
}

static struct sk_buff_head captured;

static int capture_output(struct sk_buff *skb, const struct rtable *rt)
{
	__skb_queue_tail(&captured, skb);
	return 0;
}

TEST(ip_fragment_pieces_hold_their_socket)
{
	struct sock *sk = udp_sock_on(5001, 0);
	struct sk_buff *skb, *frag;
	struct rtable rt;
	struct iphdr *iph;
	int refs;

	ASSERT(sk);
	__skb_queue_head_init(&captured);
	refs = refcount_read(&sk->sk_refcnt);
	skb = alloc_skb(MAX_IP_HEADER + 3000, GFP_KERNEL);
	skb_reserve(skb, MAX_IP_HEADER);
	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, 20 + 2980);
	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(3000);
	iph->protocol = IPPROTO_UDP;
	skb_set_owner_w(skb, sk);
	memset(&rt, 0, sizeof(rt));
	EXPECT_EQ(ip_fragment(skb, &rt, 1500, capture_output), 0);
	EXPECT_EQ(skb_queue_len(&captured), 3);
	/* The whole is gone; each piece holds the socket it is charged to. */
	EXPECT_EQ(refcount_read(&sk->sk_refcnt), refs + 3);
	while ((frag = __skb_dequeue(&captured)) != NULL) {
		EXPECT(frag->sk == sk && frag->destructor == sock_wfree);
		kfree_skb(frag);
	}
	EXPECT_EQ(refcount_read(&sk->sk_refcnt), refs);
	EXPECT_EQ(atomic_read(&sk->sk_wmem_alloc), 0);
	udp_prot.close(sk, 0);
}

TEST(ip_rcv_trims_ethernet_padding)
{
	struct net_device *dev = fake_netdev_up();
	unsigned int len = echo_frame(3, 4, ip("10.0.2.15"));	/* 46 bytes: under ETH_ZLEN */
	struct sk_buff *skb;

	memset(frame + len, 0xee, ETH_ZLEN - len);
	fake_rx(dev, frame, ETH_ZLEN);
	ASSERT(fake_tx_count(dev) == 1);
	skb = fake_tx_pop(dev);
	EXPECT_EQ(skb->len, len);	/* the reply echoes 4 bytes, not the padding */
	kfree_skb(skb);
	fake_netdev_destroy(dev);
}

TEST(icmp_never_answers_broadcast_or_errors)
{
	struct net_device *dev = fake_netdev_up();
	unsigned int len = echo_frame(1, 8, ip("10.0.2.255"));
	u8 err[36];

	fake_rx(dev, frame, len);			/* echo to the subnet broadcast */
	memset(err, 0, sizeof(err));
	err[0] = ICMP_DEST_UNREACH;
	err[8] = 0x45;
	err[17] = 253;				/* inner: protocol nobody has */
	len = build_ipv4_frame(frame, fake_mac_us, fake_mac_peer, ip("10.0.2.2"),
			       ip("10.0.2.15"), 253, 1, 0, err, sizeof(err));
	fake_rx(dev, frame, len);		/* unknown proto from a broadcast? no: unicast */
	/* The unknown-protocol packet gets one error; the broadcast echo none. */
	EXPECT_EQ(fake_tx_count(dev), 1);
	fake_tx_purge(dev);
	fake_netdev_destroy(dev);
}

TEST(icmp_errors_rate_limited)
{
	struct net_device *dev = fake_netdev_up();
	unsigned long limited = icmp_statistics.mibs[ICMP_MIB_RATELIMITGLOBAL];
	unsigned int len;
	int i;

	sysctl_icmp_ratelimit = 1000;
	icmp_ratelimit_reset();
	for (i = 0; i < 10; i++) {
		len = build_ipv4_frame(frame, fake_mac_us, fake_mac_peer, ip("10.0.2.2"),
				       ip("10.0.2.15"), 253, i, 0, "x", 1);
		fake_rx(dev, frame, len);
	}
	EXPECT_EQ(fake_tx_count(dev), ICMP_RATE_BURST);
	EXPECT_EQ(icmp_statistics.mibs[ICMP_MIB_RATELIMITGLOBAL], limited + 10 - ICMP_RATE_BURST);
	unit_advance(1000);
	fake_rx(dev, frame, len);
	EXPECT_EQ(fake_tx_count(dev), ICMP_RATE_BURST + 1);	/* a token came back */
	/* Echo replies are never limited. */
	for (i = 0; i < 10; i++) {
		len = echo_frame(i, 8, ip("10.0.2.15"));
		fake_rx(dev, frame, len);
	}
	EXPECT_EQ(fake_tx_count(dev), ICMP_RATE_BURST + 11);
	sysctl_icmp_ratelimit = 0;
	fake_tx_purge(dev);
	fake_netdev_destroy(dev);
}

TEST(route_longest_prefix_match)
{
	struct net_device *a = fake_netdev_create(fake_mac_us, "10.0.2.15", 24);
	struct net_device *b = fake_netdev_create(fake_mac_peer, "192.168.7.1", 16);
	struct rtable rt;

	ip_route_add(0, 0, ip("10.0.2.2"), a, 0);
	ip_route_add(ip("192.168.7.128"), 25, ip("10.0.2.3"), a, 0);

	EXPECT_EQ(ip_route_output(ip("8.8.8.8"), 0, &rt), 0);
	EXPECT(rt.dev == a);
	EXPECT_EQ(rt.rt_gateway, ip("10.0.2.2"));
	EXPECT_EQ(rt.rt_src, ip("10.0.2.15"));
	EXPECT_EQ(ip_route_output(ip("10.0.2.9"), 0, &rt), 0);
	EXPECT(rt.dev == a);
	EXPECT_EQ(rt.rt_gateway, ip("10.0.2.9"));	/* on-link */
	EXPECT_EQ(ip_route_output(ip("192.168.7.5"), 0, &rt), 0);
	EXPECT(rt.dev == b);
	EXPECT_EQ(ip_route_output(ip("192.168.7.200"), 0, &rt), 0);
	EXPECT(rt.dev == a);				/* /25 beats /16 */
	EXPECT_EQ(rt.rt_gateway, ip("10.0.2.3"));
	EXPECT_EQ(ip_route_output(ip("127.0.0.1"), 0, &rt), 0);
	EXPECT(rt.dev == loopback_dev);
	EXPECT_EQ(ip_route_output(ip("10.0.2.15"), 0, &rt), 0);
	EXPECT(rt.dev == loopback_dev && (rt.rt_flags & RTCF_LOCAL));

	unit_proc_read("net/route", procbuf, sizeof(procbuf));
	EXPECT(strstr(procbuf, "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT") == procbuf);
	EXPECT(strstr(procbuf, "eth0\t00000000\t0202000A\t0003\t0\t0\t0\t00000000\t0\t0\t0") != NULL);
	EXPECT(strstr(procbuf, "eth0\t0002000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0") != NULL);

	fake_netdev_destroy(a);
	EXPECT_EQ(ip_route_output(ip("8.8.8.8"), 0, &rt), -ENETUNREACH);
	fake_netdev_destroy(b);
}

static struct sk_buff *payload_skb(unsigned int n)
{
	struct sk_buff *skb = alloc_skb(MAX_IP_HEADER + n, GFP_ATOMIC);
	unsigned int i;

	skb_reserve(skb, MAX_IP_HEADER);
	for (i = 0; i < n; i++)
		*(u8 *)skb_put(skb, 1) = (u8)i;
	return skb;
}

TEST(ip_output_fragments_to_mtu_and_honours_df)
{
	struct net_device *dev = fake_netdev_up();
	unsigned long creates = mib(IPSTATS_MIB_FRAGCREATES), fails = mib(IPSTATS_MIB_FRAGFAILS);
	unsigned int total = 0, expect_off = 0;
	struct sk_buff *skb;
	int n = 0;

	EXPECT_EQ(ip_build_and_send_pkt(payload_skb(4000), 0, ip("10.0.2.2"), 253, 0, 0, false), 0);
	/* 4000 bytes over a 1500 MTU: 1480 + 1480 + 1040. */
	EXPECT_EQ(fake_tx_count(dev), 3);
	while ((skb = fake_tx_pop(dev)) != NULL) {
		struct iphdr *iph = (struct iphdr *)(skb->data + ETH_HLEN);
		unsigned int plen = ntohs(iph->tot_len) - 20;
		u16 fo = ntohs(iph->frag_off);

		EXPECT(skb->len - ETH_HLEN <= 1500);
		EXPECT_EQ(ip_fast_csum(iph, 5), 0);
		EXPECT_EQ((fo & IP_OFFSET) * 8, expect_off);
		EXPECT_EQ(!!(fo & IP_MF), n < 2);
		EXPECT_EQ(skb->data[ETH_HLEN + 20], (u8)expect_off);	/* right bytes in the right place */
		expect_off += plen;
		total += plen;
		n++;
		kfree_skb(skb);
	}
	EXPECT_EQ(total, 4000);
	EXPECT_EQ(mib(IPSTATS_MIB_FRAGCREATES), creates + 3);

	EXPECT_EQ(ip_build_and_send_pkt(payload_skb(1481), 0, ip("10.0.2.2"), 253, 0, 0, true), -EMSGSIZE);
	EXPECT_EQ(mib(IPSTATS_MIB_FRAGFAILS), fails + 1);
	EXPECT_EQ(fake_tx_count(dev), 0);
	EXPECT_EQ(ip_build_and_send_pkt(payload_skb(1480), 0, ip("10.0.2.2"), 253, 0, 0, true), 0);
	EXPECT_EQ(fake_tx_count(dev), 1);
	fake_tx_purge(dev);
	fake_netdev_destroy(dev);
}

TEST(ip_default_ttl_sysctl)
{
	struct net_device *dev = fake_netdev_up();
	int *ttl = unit_sysctl("sys/net/ipv4/ip_default_ttl");
	struct sk_buff *skb;

	ASSERT(ttl);
	*ttl = 17;
	ip_build_and_send_pkt(payload_skb(10), 0, ip("10.0.2.2"), 253, 0, 0, false);
	skb = fake_tx_pop(dev);
	ASSERT(skb);
	EXPECT_EQ(skb->data[ETH_HLEN + 8], 17);
	kfree_skb(skb);
	*ttl = 64;
	fake_netdev_destroy(dev);
}

TEST(loopback_echo_through_backlog)
{
	u8 icmp[64];
	unsigned int ilen = build_icmp_echo(icmp, 1, 1, "ping", 4);
	unsigned long in_echo = icmp_statistics.in_type[ICMP_ECHO];
	unsigned long in_rep = icmp_statistics.in_type[ICMP_ECHOREPLY];
	unsigned long lo_rx = loopback_dev->stats.rx_packets;
	struct sk_buff *skb = alloc_skb(MAX_IP_HEADER + ilen, GFP_ATOMIC);

	skb_reserve(skb, MAX_IP_HEADER);
	skb_put_data(skb, icmp, ilen);
	EXPECT_EQ(ip_build_and_send_pkt(skb, 0, ip("127.0.0.1"), IPPROTO_ICMP, 0, 0, false), 0);
	/* Nothing happens until NET_RX runs: the backlog decouples send from receive. */
	EXPECT_EQ(icmp_statistics.in_type[ICMP_ECHO], in_echo);
	run_softirqs();
	EXPECT_EQ(icmp_statistics.in_type[ICMP_ECHO], in_echo + 1);
	EXPECT_EQ(icmp_statistics.in_type[ICMP_ECHOREPLY], in_rep + 1);
	EXPECT_EQ(loopback_dev->stats.rx_packets, lo_rx + 2);
}

TEST(loopback_big_echo_64k)
{
	static u8 icmp[65507], data[65507];
	unsigned long rep = icmp_statistics.in_type[ICMP_ECHOREPLY];
	unsigned int ilen = build_icmp_echo(icmp, 1, 2, data, 65507 - 8);
	struct sk_buff *skb = alloc_skb(MAX_IP_HEADER + ilen, GFP_ATOMIC);

	ASSERT(skb);
	skb_reserve(skb, MAX_IP_HEADER);
	skb_put_data(skb, icmp, ilen);
	EXPECT_EQ(ip_build_and_send_pkt(skb, 0, ip("127.0.0.1"), IPPROTO_ICMP, 0, 0, false), 0);
	run_softirqs();
	EXPECT_EQ(icmp_statistics.in_type[ICMP_ECHOREPLY], rep + 1);
}

TEST(proc_net_dev_and_snmp_formats)
{
	struct net_device *dev = fake_netdev_up();

	unit_proc_read("net/dev", procbuf, sizeof(procbuf));
	EXPECT(strstr(procbuf, "Inter-|   Receive                                                |  Transmit\n"
			       " face |bytes    packets errs drop fifo frame compressed multicast|"
			       "bytes    packets errs drop fifo colls carrier compressed\n") == procbuf);
	EXPECT(strstr(procbuf, "    lo: ") != NULL);
	EXPECT(strstr(procbuf, "  eth0: ") != NULL);
	unit_proc_read("net/snmp", procbuf, sizeof(procbuf));
	EXPECT(strstr(procbuf, "Ip: Forwarding DefaultTTL InReceives InHdrErrors InAddrErrors "
			       "ForwDatagrams InUnknownProtos InDiscards InDelivers OutRequests "
			       "OutDiscards OutNoRoutes ReasmTimeout ReasmReqds ReasmOKs ReasmFails "
			       "FragOKs FragFails FragCreates\nIp: 2 64 ") == procbuf);
	EXPECT(strstr(procbuf, "\nIcmp: InMsgs InErrors InCsumErrors InDestUnreachs") != NULL);
	unit_proc_read("net/softnet_stat", procbuf, sizeof(procbuf));
	EXPECT_EQ(strlen(procbuf), 13 * 9);
	fake_netdev_destroy(dev);
}

/* A NAPI instance that always has more work than it is allowed to do. */
static int greedy_calls, greedy_max_budget;
static int greedy_poll(struct napi_struct *napi, int budget)
{
	greedy_calls++;
	if (budget > greedy_max_budget)
		greedy_max_budget = budget;
	return budget;	/* used all of it: more is waiting */
}

TEST(napi_budget_honoured_and_time_squeeze)
{
	struct napi_struct napi;
	unsigned int squeeze = softnet_data.time_squeeze;

	netif_napi_add_weight(NULL, &napi, greedy_poll, 16);
	napi_enable(&napi);
	greedy_calls = greedy_max_budget = 0;
	EXPECT(napi_schedule(&napi));
	EXPECT(!napi_schedule(&napi));		/* already scheduled */
	net_rx_action(NULL);
	/* netdev_budget 300 / weight 16: the 19th poll crosses the budget. */
	EXPECT_EQ(greedy_calls, (300 + 15) / 16);
	EXPECT_EQ(greedy_max_budget, 16);
	EXPECT_EQ(softnet_data.time_squeeze, squeeze + 1);
	napi_disable(&napi);			/* off the poll list for good */
	run_softirqs();
	EXPECT_EQ(greedy_calls, (300 + 15) / 16);
}

TEST(dev_queue_xmit_qdisc_when_ring_full)
{
	struct net_device *dev = fake_netdev_up();
	struct fake_netdev *f = fake_priv(dev);
	int i;

	f->ring_slots = 2;
	for (i = 0; i < 5; i++)
		ip_build_and_send_pkt(payload_skb(10), 0, ip("10.0.2.2"), 253, 0, 0, false);
	EXPECT_EQ(fake_tx_count(dev), 2);
	EXPECT_EQ(skb_queue_len(&dev->qdisc), 3);
	EXPECT(netif_queue_stopped(dev));
	f->ring_slots = -1;
	netif_wake_queue(dev);
	run_softirqs();
	EXPECT_EQ(fake_tx_count(dev), 5);
	EXPECT_EQ(skb_queue_len(&dev->qdisc), 0);
	/* Bounded: beyond tx_queue_len it drops and counts. */
	dev->tx_queue_len = 2;
	netif_stop_queue(dev);
	for (i = 0; i < 4; i++)
		ip_build_and_send_pkt(payload_skb(10), 0, ip("10.0.2.2"), 253, 0, 0, false);
	EXPECT_EQ(dev->stats.tx_dropped, 2);
	fake_tx_purge(dev);
	fake_netdev_destroy(dev);
}
