// unit-sources: net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c tools/testing/unit/fake_netdev.c
/* IPv4 reassembly: order, reversal, duplicates, overlaps, timeout, memory cap. */
#include "unit.h"
#include "fake_netdev.h"
#include <net/arp.h>
#include <net/icmp.h>
#include <net/checksum.h>

UNIT_SETUP(fake_net_setup)

static u8 frame[2000];
static u8 icmp[4000];
static unsigned int icmp_len;

/* A 3000-byte ICMP echo to fragment by hand. */
static void make_echo(void)
{
	static u8 data[3000 - 8];
	unsigned int i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (u8)(i * 13);
	icmp_len = build_icmp_echo(icmp, 0x77, 1, data, sizeof(data));
}

/* Send bytes [off, off+len) of the echo as a fragment; last = no MF. */
static void send_frag(struct net_device *dev, u16 id, unsigned int off, unsigned int len, bool last)
{
	unsigned int n = build_ipv4_frame(frame, fake_mac_us, fake_mac_peer, ip("10.0.2.2"),
					  ip("10.0.2.15"), IPPROTO_ICMP, id,
					  (off / 8) | (last ? 0 : IP_MF), icmp + off, len);
	fake_rx(dev, frame, n);
}

/* Count echo replies out (fragmented replies count once, by their first piece). */
static int replies(struct net_device *dev)
{
	struct sk_buff *skb;
	int n = 0;

	while ((skb = fake_tx_pop(dev)) != NULL) {
		const struct iphdr *iph = (const struct iphdr *)(skb->data + ETH_HLEN);

		if (!(ntohs(iph->frag_off) & IP_OFFSET) && skb->data[ETH_HLEN + 20] == ICMP_ECHOREPLY)
			n++;
		kfree_skb(skb);
	}
	return n;
}

TEST(reasm_in_order)
{
	struct net_device *dev = fake_netdev_up();
	unsigned long oks = ip_statistics[IPSTATS_MIB_REASMOKS];

	make_echo();
	send_frag(dev, 1, 0, 1480, false);
	send_frag(dev, 1, 1480, 1480, false);
	EXPECT_EQ(ip_frag_queues(), 1);
	send_frag(dev, 1, 2960, icmp_len - 2960, true);
	EXPECT_EQ(ip_statistics[IPSTATS_MIB_REASMOKS], oks + 1);
	EXPECT_EQ(ip_frag_queues(), 0);
	EXPECT_EQ(replies(dev), 1);	/* checksum over all 3000 bytes was right */
	fake_netdev_destroy(dev);
}

TEST(reasm_reversed)
{
	struct net_device *dev = fake_netdev_up();

	make_echo();
	send_frag(dev, 2, 2960, icmp_len - 2960, true);
	send_frag(dev, 2, 1480, 1480, false);
	send_frag(dev, 2, 0, 1480, false);
	EXPECT_EQ(replies(dev), 1);
	EXPECT_EQ(ip_frag_mem(), 0);
	fake_netdev_destroy(dev);
}

TEST(reasm_duplicate_ignored)
{
	struct net_device *dev = fake_netdev_up();
	unsigned long dups = ipfrag_stats.duplicates;

	make_echo();
	send_frag(dev, 3, 0, 1480, false);
	send_frag(dev, 3, 0, 1480, false);
	send_frag(dev, 3, 2960, icmp_len - 2960, true);
	send_frag(dev, 3, 1480, 1480, false);
	EXPECT_EQ(ipfrag_stats.duplicates, dups + 1);
	EXPECT_EQ(replies(dev), 1);
	fake_netdev_destroy(dev);
}

TEST(reasm_overlap_drops_whole_datagram)
{
	struct net_device *dev = fake_netdev_up();
	unsigned long fails = ip_statistics[IPSTATS_MIB_REASMFAILS];

	make_echo();
	send_frag(dev, 4, 0, 1480, false);
	send_frag(dev, 4, 1472, 1488, false);	/* starts 8 bytes inside the first */
	EXPECT_EQ(ip_frag_queues(), 0);
	EXPECT_EQ(ip_statistics[IPSTATS_MIB_REASMFAILS], fails + 1);
	send_frag(dev, 4, 2960, icmp_len - 2960, true);	/* starts a new queue, never completes */
	EXPECT_EQ(replies(dev), 0);
	ip_frag_flush();
	fake_netdev_destroy(dev);
}

TEST(reasm_timeout_sends_time_exceeded_if_first_seen)
{
	struct net_device *dev = fake_netdev_up();
	unsigned long to = ip_statistics[IPSTATS_MIB_REASMTIMEOUT];
	struct sk_buff *skb;

	make_echo();
	send_frag(dev, 5, 0, 1480, false);
	send_frag(dev, 6, 1480, 1480, false);	/* a datagram whose first fragment never came */
	unit_advance(29000);
	EXPECT_EQ(ip_frag_queues(), 2);
	unit_advance(1500);
	EXPECT_EQ(ip_frag_queues(), 0);
	EXPECT_EQ(ip_statistics[IPSTATS_MIB_REASMTIMEOUT], to + 2);
	/* Only for id 5 (skip the unicast ARP re-probe of the now STALE peer). */
	skb = fake_tx_pop(dev);
	while (skb && ((struct ethhdr *)skb->data)->h_proto != htons(ETH_P_IP)) {
		kfree_skb(skb);
		skb = fake_tx_pop(dev);
	}
	EXPECT_EQ(fake_tx_count(dev), 0);
	ASSERT(skb);
	EXPECT_EQ(skb->data[ETH_HLEN + 20], ICMP_TIME_EXCEEDED);
	EXPECT_EQ(skb->data[ETH_HLEN + 21], ICMP_EXC_FRAGTIME);
	EXPECT_EQ(skb->data[ETH_HLEN + 28 + 5], 5);	/* quotes the id 5 header (id low byte) */
	kfree_skb(skb);
	fake_netdev_destroy(dev);
}

TEST(reasm_memory_cap_evicts_oldest)
{
	struct net_device *dev = fake_netdev_up();
	int high = sysctl_ipfrag_high_thresh, low = sysctl_ipfrag_low_thresh;
	unsigned long ev = ipfrag_stats.evictions;
	u16 id;

	make_echo();
	sysctl_ipfrag_high_thresh = 20000;
	sysctl_ipfrag_low_thresh = 15000;
	for (id = 100; id < 140; id++)
		send_frag(dev, id, 0, 1480, false);
	EXPECT(ip_frag_mem() <= 20000);
	EXPECT(ipfrag_stats.evictions > ev);
	/* The newest survives, the oldest went. */
	send_frag(dev, 139, 1480, 1480, false);
	send_frag(dev, 139, 2960, icmp_len - 2960, true);
	EXPECT_EQ(replies(dev), 1);
	ip_frag_flush();
	sysctl_ipfrag_high_thresh = high;
	sysctl_ipfrag_low_thresh = low;
	fake_netdev_destroy(dev);
}
