// unit-sources: net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c tools/testing/unit/fake_netdev.c
/* ARP and the neighbour state machine against a fake Ethernet device. */
#include "unit.h"
#include "fake_netdev.h"
#include <net/arp.h>
#include <net/icmp.h>
#include <net/route.h>

UNIT_SETUP(fake_net_setup)

static char procbuf[4096];

/* A device 10.0.2.15/24 with the gratuitous ARP from coming up already consumed. */
static struct net_device *up_dev(void)
{
	struct net_device *dev = fake_netdev_create(fake_mac_us, "10.0.2.15", 24);

	fake_tx_purge(dev);
	return dev;
}

static struct arphdr *frame_arp(struct sk_buff *skb)
{
	return (struct arphdr *)(skb->data + ETH_HLEN);
}

static void send_udp_like(const char *dst, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		struct sk_buff *skb = alloc_skb(MAX_IP_HEADER + 8, GFP_ATOMIC);

		skb_reserve(skb, MAX_IP_HEADER);
		memset(skb_put(skb, 8), i, 8);
		/* Protocol 253 (RFC 3692 experimental): nobody answers it. */
		ip_build_and_send_pkt(skb, 0, ip(dst), 253, 0, 0, false);
	}
}

static u8 neigh_state(struct net_device *dev, const char *addr)
{
	struct neighbour *n = neigh_lookup(&arp_tbl, ip(addr), dev);
	u8 s;

	if (!n)
		return NUD_NONE;
	s = n->nud_state;
	neigh_release(n);
	return s;
}

static void rx_arp(struct net_device *dev, int op, __be32 sip, const u8 *dst_mac, __be32 tip)
{
	u8 frame[ETH_ZLEN];

	build_arp_frame(frame, op, fake_mac_peer, sip, dst_mac,
			op == ARPOP_REPLY ? fake_mac_us : NULL, tip);
	fake_rx(dev, frame, sizeof(frame));
}

TEST(arp_gratuitous_when_interface_comes_up)
{
	struct net_device *dev = fake_netdev_create(fake_mac_us, "10.0.2.15", 24);
	struct sk_buff *skb = fake_tx_pop(dev);

	ASSERT(skb);
	EXPECT(is_broadcast_ether_addr(skb->data));
	EXPECT_EQ(ntohs(frame_arp(skb)->ar_op), ARPOP_REQUEST);
	EXPECT_EQ(frame_arp(skb)->ar_sip, ip("10.0.2.15"));
	EXPECT_EQ(frame_arp(skb)->ar_tip, ip("10.0.2.15"));
	kfree_skb(skb);
	fake_netdev_destroy(dev);
}

TEST(arp_request_for_us_gets_reply_and_learns)
{
	struct net_device *dev = up_dev();
	struct sk_buff *skb;
	struct arphdr *a;

	rx_arp(dev, ARPOP_REQUEST, ip("10.0.2.2"), fake_mac_bcast, ip("10.0.2.15"));
	ASSERT(fake_tx_count(dev) == 1);
	skb = fake_tx_pop(dev);
	a = frame_arp(skb);
	EXPECT_MEMEQ(skb->data, fake_mac_peer, ETH_ALEN);	/* unicast back */
	EXPECT_EQ(ntohs(a->ar_op), ARPOP_REPLY);
	EXPECT_MEMEQ(a->ar_sha, fake_mac_us, ETH_ALEN);
	EXPECT_EQ(a->ar_sip, ip("10.0.2.15"));
	EXPECT_MEMEQ(a->ar_tha, fake_mac_peer, ETH_ALEN);
	EXPECT_EQ(a->ar_tip, ip("10.0.2.2"));
	kfree_skb(skb);
	/* RFC 826: the requester is about to talk to us - it was added. */
	EXPECT_EQ(neigh_state(dev, "10.0.2.2"), NUD_STALE);
	fake_netdev_destroy(dev);
}

TEST(arp_request_for_other_host_not_answered_nor_learned)
{
	struct net_device *dev = up_dev();
	unsigned long before = arp_stats.rx_not_ours;

	rx_arp(dev, ARPOP_REQUEST, ip("10.0.2.2"), fake_mac_bcast, ip("10.0.2.99"));
	EXPECT_EQ(fake_tx_count(dev), 0);
	EXPECT_EQ(neigh_state(dev, "10.0.2.2"), NUD_NONE);
	EXPECT_EQ(arp_stats.rx_not_ours, before + 1);
	fake_netdev_destroy(dev);
}

TEST(arp_existing_entry_updated_by_any_arp)
{
	struct net_device *dev = up_dev();
	struct neighbour *n = neigh_create(&arp_tbl, ip("10.0.2.2"), dev);
	static const u8 old_mac[ETH_ALEN] = { 2, 0, 0, 0, 0, 1 };

	neigh_update(n, old_mac, NUD_STALE, NEIGH_UPDATE_F_OVERRIDE);
	/* A request to someone else still refreshes what we know about the sender. */
	rx_arp(dev, ARPOP_REQUEST, ip("10.0.2.2"), fake_mac_bcast, ip("10.0.2.99"));
	EXPECT_MEMEQ(n->ha, fake_mac_peer, ETH_ALEN);
	neigh_release(n);
	fake_netdev_destroy(dev);
}

TEST(arp_queue_while_incomplete_then_flush_in_order)
{
	struct net_device *dev = up_dev();
	struct sk_buff *skb;
	int i;

	send_udp_like("10.0.2.2", 2);
	ASSERT(fake_tx_count(dev) == 1);		/* only the who-has */
	skb = fake_tx_pop(dev);
	EXPECT(is_broadcast_ether_addr(skb->data));
	EXPECT_EQ(frame_arp(skb)->ar_tip, ip("10.0.2.2"));
	kfree_skb(skb);
	EXPECT_EQ(neigh_state(dev, "10.0.2.2"), NUD_INCOMPLETE);

	rx_arp(dev, ARPOP_REPLY, ip("10.0.2.2"), fake_mac_us, ip("10.0.2.15"));
	EXPECT_EQ(neigh_state(dev, "10.0.2.2"), NUD_REACHABLE);
	ASSERT(fake_tx_count(dev) == 2);
	for (i = 0; i < 2; i++) {
		skb = fake_tx_pop(dev);
		EXPECT_MEMEQ(skb->data, fake_mac_peer, ETH_ALEN);
		EXPECT_EQ(((struct ethhdr *)skb->data)->h_proto, htons(ETH_P_IP));
		EXPECT_EQ(skb->data[ETH_HLEN + 20], i);	/* payload byte: order kept */
		kfree_skb(skb);
	}
	fake_netdev_destroy(dev);
}

TEST(arp_queue_overflow_drops_oldest_counted)
{
	struct net_device *dev = up_dev();
	unsigned long before = arp_tbl.stats.unres_discards;
	struct sk_buff *skb;

	send_udp_like("10.0.2.2", arp_tbl.parms.unres_qlen + 2);
	EXPECT_EQ(arp_tbl.stats.unres_discards, before + 2);
	fake_tx_purge(dev);
	rx_arp(dev, ARPOP_REPLY, ip("10.0.2.2"), fake_mac_us, ip("10.0.2.15"));
	ASSERT(fake_tx_count(dev) == (unsigned)arp_tbl.parms.unres_qlen);
	skb = fake_tx_pop(dev);
	EXPECT_EQ(skb->data[ETH_HLEN + 20], 2);	/* 0 and 1 were pushed out */
	kfree_skb(skb);
	fake_netdev_destroy(dev);
}

TEST(arp_three_probes_then_failed_drops_and_reports)
{
	struct net_device *dev = up_dev();
	unsigned long failed = arp_tbl.stats.failed_drops;
	unsigned long unreach_in = icmp_statistics.in_type[ICMP_DEST_UNREACH];
	struct sk_buff *skb;
	int requests = 0;

	send_udp_like("10.0.2.7", 2);
	unit_advance(3500);
	while ((skb = fake_tx_pop(dev)) != NULL) {
		if (((struct ethhdr *)skb->data)->h_proto == htons(ETH_P_ARP))
			requests++;
		kfree_skb(skb);
	}
	EXPECT_EQ(requests, 3);
	EXPECT_EQ(neigh_state(dev, "10.0.2.7"), NUD_FAILED);
	EXPECT_EQ(arp_tbl.stats.failed_drops, failed + 2);
	/* Each dead packet came back to its local sender as host unreachable. */
	EXPECT_EQ(icmp_statistics.in_type[ICMP_DEST_UNREACH], unreach_in + 2);
	/* While FAILED is fresh, a sender is told at once. */
	skb = alloc_skb(MAX_IP_HEADER + 8, GFP_ATOMIC);
	skb_reserve(skb, MAX_IP_HEADER);
	skb_put_zero(skb, 8);
	EXPECT_EQ(ip_build_and_send_pkt(skb, 0, ip("10.0.2.7"), 253, 0, 0, false), -EHOSTUNREACH);
	fake_netdev_destroy(dev);
}

TEST(arp_reachable_goes_stale_then_collected)
{
	struct net_device *dev = up_dev();
	int thresh1 = arp_tbl.gc_thresh1;

	arp_tbl.gc_thresh1 = 0;		/* else a one-entry table is below the gc's floor */

	send_udp_like("10.0.2.2", 1);
	rx_arp(dev, ARPOP_REPLY, ip("10.0.2.2"), fake_mac_us, ip("10.0.2.15"));
	fake_tx_purge(dev);
	EXPECT_EQ(neigh_state(dev, "10.0.2.2"), NUD_REACHABLE);
	unit_advance(29000);
	EXPECT_EQ(neigh_state(dev, "10.0.2.2"), NUD_REACHABLE);
	unit_advance(2000);
	EXPECT_EQ(neigh_state(dev, "10.0.2.2"), NUD_STALE);
	unit_advance(120000);
	EXPECT_EQ(neigh_state(dev, "10.0.2.2"), NUD_NONE);	/* garbage collected */
	arp_tbl.gc_thresh1 = thresh1;
	fake_netdev_destroy(dev);
}

TEST(arp_small_table_below_gc_thresh1_not_collected)
{
	struct net_device *dev = up_dev();

	rx_arp(dev, ARPOP_REQUEST, ip("10.0.2.2"), fake_mac_bcast, ip("10.0.2.15"));
	fake_tx_purge(dev);
	EXPECT_EQ(*unit_sysctl("sys/net/ipv4/neigh/default/gc_thresh1"), 128);
	unit_advance(150000);
	EXPECT_EQ(neigh_state(dev, "10.0.2.2"), NUD_STALE);	/* Linux keeps it too */
	fake_netdev_destroy(dev);
}

/* A who-has for us from n distinct senders first.k.x.y, sender i = first.k.(i/250).(i%250+1). */
static void flood_requests(struct net_device *dev, int n, int op, __be32 tip)
{
	int i;

	for (i = 0; i < n; i++) {
		__be32 sip = htonl(0x0a630000u | ((i / 250) << 8) | (i % 250 + 1));	/* 10.99.x.y */

		rx_arp(dev, op, sip, op == ARPOP_REQUEST ? fake_mac_bcast : fake_mac_us, tip);
		fake_tx_purge(dev);
	}
}

TEST(arp_table_exhaustion_forced_gc_keeps_new_next_hops_working)
{
	struct net_device *dev = up_dev();
	unsigned long fulls = arp_tbl.stats.table_fulls;
	unsigned long forced = arp_tbl.stats.forced_gc_runs;
	struct sk_buff *skb;

	/* 1,100 who-has for us from 10.99.x.y: each sender is learned... */
	flood_requests(dev, 1100, ARPOP_REQUEST, ip("10.0.2.15"));
	EXPECT(arp_tbl.entries <= arp_tbl.gc_thresh3);
	EXPECT(arp_tbl.stats.forced_gc_runs > forced);
	EXPECT_EQ(arp_tbl.stats.table_fulls, fulls);
	/* ...and the oldest, unreferenced, made room: the first went, the last stayed. */
	EXPECT_EQ(neigh_state(dev, "10.99.0.1"), NUD_NONE);
	EXPECT_EQ(neigh_state(dev, "10.99.4.100"), NUD_STALE);
	/* A new next hop still resolves: its who-has goes out at once. */
	send_udp_like("10.0.2.7", 1);
	ASSERT(fake_tx_count(dev) == 1);
	skb = fake_tx_pop(dev);
	EXPECT_EQ(((struct ethhdr *)skb->data)->h_proto, htons(ETH_P_ARP));
	EXPECT_EQ(frame_arp(skb)->ar_tip, ip("10.0.2.7"));
	kfree_skb(skb);
	EXPECT_EQ(neigh_state(dev, "10.0.2.7"), NUD_INCOMPLETE);
	EXPECT_EQ(arp_tbl.stats.table_fulls, fulls);
	fake_netdev_destroy(dev);
	EXPECT_EQ(arp_tbl.entries, 0);
}

TEST(arp_table_above_gc_thresh2_for_5s_forced_gc_down_to_gc_thresh2)
{
	struct net_device *dev = up_dev();

	flood_requests(dev, 600, ARPOP_REQUEST, ip("10.0.2.15"));
	unit_advance(5100);
	/* The next new entry finds the table 5 s past the soft limit. */
	send_udp_like("10.0.2.7", 1);
	fake_tx_purge(dev);
	EXPECT_EQ(arp_tbl.entries, arp_tbl.gc_thresh2 + 1);
	EXPECT_EQ(neigh_state(dev, "10.0.2.7"), NUD_INCOMPLETE);	/* referenced: kept */
	fake_netdev_destroy(dev);
}

TEST(arp_table_full_of_referenced_entries_refuses_counted)
{
	struct net_device *dev = up_dev();
	unsigned long fulls = arp_tbl.stats.table_fulls;
	int thresh3 = arp_tbl.gc_thresh3, thresh2 = arp_tbl.gc_thresh2;
	struct neighbour *held[4];
	int i;

	arp_tbl.gc_thresh2 = 2;
	arp_tbl.gc_thresh3 = 4;
	for (i = 0; i < 4; i++)
		held[i] = neigh_create(&arp_tbl, htonl(0x0a000264u + i), dev);	/* 10.0.2.100.. */
	EXPECT(neigh_create(&arp_tbl, ip("10.0.2.7"), dev) == NULL);
	EXPECT_EQ(arp_tbl.stats.table_fulls, fulls + 1);
	for (i = 0; i < 4; i++)
		neigh_release(held[i]);
	arp_tbl.gc_thresh2 = thresh2;
	arp_tbl.gc_thresh3 = thresh3;
	fake_netdev_destroy(dev);
}

TEST(arp_unsolicited_replies_and_others_requests_create_no_entry)
{
	struct net_device *dev = up_dev();
	unsigned long allocs = arp_tbl.stats.allocs;

	flood_requests(dev, 300, ARPOP_REPLY, ip("10.0.2.15"));
	flood_requests(dev, 300, ARPOP_REQUEST, ip("10.0.2.99"));
	EXPECT_EQ(arp_tbl.stats.allocs, allocs);
	EXPECT_EQ(arp_tbl.entries, 0);
	fake_netdev_destroy(dev);
}

TEST(arp_merge_who_has_for_us_then_reply_emits_no_who_has)
{
	struct net_device *dev = up_dev();
	struct sk_buff *skb;

	rx_arp(dev, ARPOP_REQUEST, ip("10.0.2.2"), fake_mac_bcast, ip("10.0.2.15"));
	fake_tx_purge(dev);			/* our reply */
	send_udp_like("10.0.2.2", 1);
	ASSERT(fake_tx_count(dev) == 1);	/* the datagram, and no who-has */
	skb = fake_tx_pop(dev);
	EXPECT_EQ(((struct ethhdr *)skb->data)->h_proto, htons(ETH_P_IP));
	EXPECT_MEMEQ(skb->data, fake_mac_peer, ETH_ALEN);
	kfree_skb(skb);
	EXPECT_EQ(neigh_state(dev, "10.0.2.2"), NUD_DELAY);
	/* Nothing confirmed it for delay_probe_time: one unicast who-has. */
	unit_advance(4900);
	EXPECT_EQ(fake_tx_count(dev), 0);
	unit_advance(200);
	EXPECT_EQ(neigh_state(dev, "10.0.2.2"), NUD_PROBE);
	ASSERT(fake_tx_count(dev) == 1);
	skb = fake_tx_pop(dev);
	EXPECT_EQ(frame_arp(skb)->ar_tip, ip("10.0.2.2"));
	EXPECT_MEMEQ(skb->data, fake_mac_peer, ETH_ALEN);
	kfree_skb(skb);
	rx_arp(dev, ARPOP_REPLY, ip("10.0.2.2"), fake_mac_us, ip("10.0.2.15"));
	EXPECT_EQ(neigh_state(dev, "10.0.2.2"), NUD_REACHABLE);
	fake_netdev_destroy(dev);
}

TEST(arp_delay_confirmed_by_reply_goes_reachable_without_probe)
{
	struct net_device *dev = up_dev();

	rx_arp(dev, ARPOP_REQUEST, ip("10.0.2.2"), fake_mac_bcast, ip("10.0.2.15"));
	send_udp_like("10.0.2.2", 1);
	fake_tx_purge(dev);
	unit_advance(1000);
	rx_arp(dev, ARPOP_REPLY, ip("10.0.2.2"), fake_mac_us, ip("10.0.2.15"));
	unit_advance(6000);
	EXPECT_EQ(fake_tx_count(dev), 0);
	EXPECT_EQ(neigh_state(dev, "10.0.2.2"), NUD_REACHABLE);
	fake_netdev_destroy(dev);
}

TEST(arp_probe_unanswered_goes_failed)
{
	struct net_device *dev = up_dev();

	rx_arp(dev, ARPOP_REQUEST, ip("10.0.2.2"), fake_mac_bcast, ip("10.0.2.15"));
	send_udp_like("10.0.2.2", 1);
	fake_tx_purge(dev);
	unit_advance(5100 + 3 * 1000 + 100);
	EXPECT_EQ(fake_tx_count(dev), 3);		/* ucast_probes */
	EXPECT_EQ(neigh_state(dev, "10.0.2.2"), NUD_FAILED);
	fake_tx_purge(dev);
	fake_netdev_destroy(dev);
}

TEST(arp_sender_claiming_our_address_ignored_and_logged_once)
{
	struct net_device *dev = up_dev();
	unsigned long dup = arp_stats.rx_dup_addr;

	rx_arp(dev, ARPOP_REQUEST, ip("10.0.2.15"), fake_mac_bcast, ip("10.0.2.15"));
	EXPECT(unit_log_contains("duplicate address 10.0.2.15 claimed by 52:55:0a:00:02:02"));
	unit_log_clear();
	rx_arp(dev, ARPOP_REQUEST, ip("10.0.2.15"), fake_mac_bcast, ip("10.0.2.15"));
	rx_arp(dev, ARPOP_REPLY, ip("10.0.2.15"), fake_mac_us, ip("10.0.2.15"));
	EXPECT(!unit_log_contains("duplicate address 10.0.2.15"));	/* once, not per packet */
	rx_arp(dev, ARPOP_REQUEST, ip("10.0.2.255"), fake_mac_bcast, ip("10.0.2.15"));
	EXPECT_EQ(fake_tx_count(dev), 0);		/* answered by nobody */
	EXPECT_EQ(arp_tbl.entries, 0);
	EXPECT_EQ(arp_stats.rx_dup_addr, dup + 4);
	fake_netdev_destroy(dev);
}

TEST(proc_net_stat_arp_cache_linux_format)
{
	struct net_device *dev = up_dev();

	unit_proc_read("net/stat/arp_cache", procbuf, sizeof(procbuf));
	EXPECT(!strncmp(procbuf, "entries  allocs   destroys hash_grows lookups  hits     res_failed ", 67));
	EXPECT(strstr(procbuf, "\n00000000 ") != NULL);
	fake_netdev_destroy(dev);
}

TEST(arp_malformed_counted)
{
	struct net_device *dev = up_dev();
	unsigned long bad = arp_stats.rx_bad;
	u8 frame[ETH_ZLEN];

	build_arp_frame(frame, ARPOP_REQUEST, fake_mac_peer, ip("10.0.2.2"), fake_mac_bcast,
			NULL, ip("10.0.2.15"));
	frame[ETH_HLEN + 4] = 8;	/* hln 8: not Ethernet */
	fake_rx(dev, frame, sizeof(frame));
	fake_rx(dev, frame, ETH_HLEN + 10);	/* truncated */
	EXPECT_EQ(arp_stats.rx_bad, bad + 2);
	EXPECT_EQ(fake_tx_count(dev), 0);
	fake_netdev_destroy(dev);
}

TEST(proc_net_arp_linux_format)
{
	struct net_device *dev = up_dev();

	rx_arp(dev, ARPOP_REQUEST, ip("10.0.2.2"), fake_mac_bcast, ip("10.0.2.15"));
	fake_tx_purge(dev);
	unit_proc_read("net/arp", procbuf, sizeof(procbuf));
	EXPECT(!strncmp(procbuf, "IP address       HW type     Flags       HW address            Mask     Device\n", 79));
	EXPECT(strstr(procbuf, "10.0.2.2         0x1         0x2         52:55:0a:00:02:02     *        eth0\n") != NULL);
	fake_netdev_destroy(dev);
}
