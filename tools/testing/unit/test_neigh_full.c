// unit-sources: net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c tools/testing/unit/fake_netdev.c
/*
 * A full neighbour table (net/core/neighbour.c, neigh_room): at
 * gc_thresh3 a new entry first runs the forced gc, which frees only
 * unreferenced entries that are not PERMANENT (static ARP entries, as
 * `arp -s` makes, must survive a flood); when it frees nothing the new
 * entry is refused and counted in table_fulls, and the packet that wanted
 * it is dropped and counted (IPSTATS_MIB_OUTDISCARDS) - never queued
 * somewhere unbounded. test_arp.c floods the table through ARP itself;
 * these tests set small thresholds and build the entries directly.
 */
#include "unit.h"
#include "fake_netdev.h"
#include <net/arp.h>
#include <net/route.h>
#include <net/snmp.h>

UNIT_SETUP(fake_net_setup)

static const u8 mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x42 };
static int saved2, saved3;

static struct net_device *small_table(int thresh2, int thresh3)
{
	struct net_device *dev = fake_netdev_create(fake_mac_us, "10.0.2.15", 24);

	fake_tx_purge(dev);
	saved2 = arp_tbl.gc_thresh2;
	saved3 = arp_tbl.gc_thresh3;
	arp_tbl.gc_thresh2 = thresh2;
	arp_tbl.gc_thresh3 = thresh3;
	return dev;
}

static void restore(struct net_device *dev)
{
	arp_tbl.gc_thresh2 = saved2;
	arp_tbl.gc_thresh3 = saved3;
	fake_netdev_destroy(dev);
	EXPECT_EQ(arp_tbl.entries, 0);
}

/* 10.0.2.(100 + i) in the given state, unreferenced (as after arp_process or `arp -s`). */
static void add_entry(struct net_device *dev, int i, u8 state)
{
	struct neighbour *n = neigh_create(&arp_tbl, htonl(0x0a000264u + i), dev);

	if (!n)
		return;
	neigh_update(n, mac, state, NEIGH_UPDATE_F_OVERRIDE | NEIGH_UPDATE_F_ADMIN);
	neigh_release(n);
}

static bool present(struct net_device *dev, int i)
{
	struct neighbour *n = neigh_lookup(&arp_tbl, htonl(0x0a000264u + i), dev);

	if (n)
		neigh_release(n);
	return n != NULL;
}

static int send_to(const char *dst)
{
	struct sk_buff *skb = alloc_skb(MAX_IP_HEADER + 8, GFP_ATOMIC);

	skb_reserve(skb, MAX_IP_HEADER);
	skb_put_zero(skb, 8);
	return ip_build_and_send_pkt(skb, 0, ip(dst), 253, 0, 0, false);
}

TEST(neigh_full_forced_gc_spares_permanent_entries)
{
	struct net_device *dev = small_table(2, 4);
	unsigned long forced = arp_tbl.stats.forced_gc_runs, fulls = arp_tbl.stats.table_fulls;

	add_entry(dev, 0, NUD_PERMANENT);
	add_entry(dev, 1, NUD_STALE);
	add_entry(dev, 2, NUD_PERMANENT);
	add_entry(dev, 3, NUD_STALE);
	ASSERT(arp_tbl.entries == 4);
	add_entry(dev, 4, NUD_STALE);		/* at gc_thresh3: down to gc_thresh2, then in */
	EXPECT_EQ(arp_tbl.stats.forced_gc_runs, forced + 1);
	EXPECT_EQ(arp_tbl.stats.table_fulls, fulls);
	EXPECT(present(dev, 0) && present(dev, 2));
	EXPECT(!present(dev, 1) && !present(dev, 3));
	EXPECT(present(dev, 4));
	EXPECT_EQ(arp_tbl.entries, 3);
	restore(dev);
}

TEST(neigh_full_of_permanent_entries_refuses_counts_and_drops)
{
	struct net_device *dev = small_table(2, 4);
	unsigned long fulls = arp_tbl.stats.table_fulls;
	unsigned long discards = ip_statistics[IPSTATS_MIB_OUTDISCARDS];
	int i;

	for (i = 0; i < 4; i++)
		add_entry(dev, i, NUD_PERMANENT);
	EXPECT(neigh_create(&arp_tbl, ip("10.0.2.7"), dev) == NULL);
	EXPECT_EQ(arp_tbl.stats.table_fulls, fulls + 1);
	/* A packet for a new next hop: no entry, so no ARP request and no queue - dropped, counted. */
	EXPECT(send_to("10.0.2.7") < 0);
	EXPECT_EQ(fake_tx_count(dev), 0);
	EXPECT_EQ(arp_tbl.stats.table_fulls, fulls + 2);
	EXPECT_EQ(ip_statistics[IPSTATS_MIB_OUTDISCARDS], discards + 1);
	/* Next hops already in the table still work. */
	EXPECT_EQ(send_to("10.0.2.100"), 0);
	EXPECT_EQ(fake_tx_count(dev), 1);
	fake_tx_purge(dev);
	for (i = 0; i < 4; i++)
		EXPECT(present(dev, i));
	restore(dev);
}

/* Between gc_thresh2 and gc_thresh3 nothing is forced until 5 s after the last flush. */
TEST(neigh_between_thresh2_and_thresh3_forced_gc_waits_5s)
{
	struct net_device *dev = small_table(3, 8);
	unsigned long forced;
	int i;

	unit_advance(6000);			/* no flush in the last 5 s */
	forced = arp_tbl.stats.forced_gc_runs;
	for (i = 0; i < 3; i++)
		add_entry(dev, i, NUD_STALE);
	EXPECT_EQ(arp_tbl.stats.forced_gc_runs, forced);
	add_entry(dev, 3, NUD_STALE);		/* 3 >= gc_thresh2, 5 s since a flush: one run */
	EXPECT_EQ(arp_tbl.stats.forced_gc_runs, forced + 1);
	EXPECT_EQ(arp_tbl.entries, 3);		/* the oldest freed (Linux frees at least one), one added */
	EXPECT(!present(dev, 0));
	add_entry(dev, 4, NUD_STALE);		/* within 5 s of that flush: no run */
	EXPECT_EQ(arp_tbl.stats.forced_gc_runs, forced + 1);
	EXPECT_EQ(arp_tbl.entries, 4);
	restore(dev);
}
