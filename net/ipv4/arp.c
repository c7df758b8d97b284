/*
 * ARP (RFC 826): IPv4 -> Ethernet address resolution on top of the
 * neighbour cache (net/core/neighbour.c).
 *
 * RX: netif_receive_skb -> arp_rcv (validate, count) -> arp_process:
 *   0. A sender claiming one of our addresses is a duplicate: no reply,
 *      no entry, logged once (rx_dup_addr).
 *   1. Learning ("merge"): if we already have an entry for the sender
 *      address, update it from any ARP packet, request or reply.
 *   2. Only for a request aimed at us: create an entry for the sender
 *      (STALE: it is about to talk to us) and reply.
 *   Replies that complete an INCOMPLETE entry flush its queued packets.
 * TX: neigh_output -> arp_solicit (who-has, broadcast; unicast when
 *   re-checking a STALE entry) -> arp_send. arp_announce sends a
 *   gratuitous ARP when an address is set on a device that is up, or the
 *   device comes up with an address.
 * Failure: neigh timer -> arp_error_report -> icmp_send(HOST_UNREACH) to
 *   the local sender, which is how a socket later learns EHOSTUNREACH.
 * /proc/net/arp prints the cache, /proc/net/stat/arp_cache its counters,
 * both in Linux's format; the table's size limits are the sysctls
 * /proc/sys/net/ipv4/neigh/default/gc_thresh1..3.
 */
#include <net/arp.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/route.h>
#include <linux/etherdevice.h>
#include <linux/proc_fs.h>

struct arp_stats arp_stats;

/* The sysctls' ceiling: more entries than this would outgrow the kernel heap anyway. */
#define ARP_GC_THRESH_MAX	(1 << 20)

static void arp_solicit(struct neighbour *n, struct sk_buff *skb);
static void arp_error_report(struct neighbour *n, struct sk_buff *skb);

static const struct neigh_ops arp_ops = {
	.solicit	= arp_solicit,
	.error_report	= arp_error_report,
};

struct neigh_table arp_tbl = {
	.id = "arp_cache",
	.ops = &arp_ops,
	.parms = {
		.reachable_time	= 30 * HZ,	/* Linux's base_reachable_time */
		.retrans_time	= 1 * HZ,	/* one who-has a second */
		.ucast_probes	= 3,
		/* Linux's: unres_qlen_bytes 212992 makes 101 Ethernet frames. A
		 * burst to a fresh neighbour (16 SYN-ACKs after boot) must not
		 * lose all but 3 to the retransmission timers. Each waiting skb
		 * is still charged to its socket's send buffer. */
		.unres_qlen	= 101,
		.delay_probe_time = 5 * HZ,
		.gc_staletime	= 60 * HZ,
		.gc_interval	= 30 * HZ,
	},
	/* Linux's defaults. */
	.gc_thresh1 = 128,
	.gc_thresh2 = 512,
	.gc_thresh3 = 1024,
};

int arp_send(int op, __be32 dest_ip, struct net_device *dev, __be32 src_ip,
	     const u8 *dest_hw, const u8 *src_hw, const u8 *target_hw)
{
	struct sk_buff *skb;
	struct arphdr *arp;

	if (dev->flags & (IFF_NOARP | IFF_LOOPBACK))
		return -EINVAL;
	skb = alloc_skb(LL_MAX_HEADER + ETH_ZLEN, GFP_ATOMIC);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, LL_MAX_HEADER);
	skb_reset_network_header(skb);
	arp = skb_put_zero(skb, ARP_HLEN);
	skb->dev = dev;
	skb->protocol = htons(ETH_P_ARP);
	if (!src_hw)
		src_hw = dev->dev_addr;
	if (!dest_hw)
		dest_hw = dev->broadcast;

	arp->ar_hrd = htons(ARPHRD_ETHER);
	arp->ar_pro = htons(ETH_P_IP);
	arp->ar_hln = ETH_ALEN;
	arp->ar_pln = 4;
	arp->ar_op = htons(op);
	memcpy(arp->ar_sha, src_hw, ETH_ALEN);
	arp->ar_sip = src_ip;
	if (target_hw)
		memcpy(arp->ar_tha, target_hw, ETH_ALEN);	/* else zero: unknown */
	arp->ar_tip = dest_ip;

	if (dev_hard_header(skb, dev, ETH_P_ARP, dest_hw, src_hw, skb->len) < 0) {
		kfree_skb(skb);
		return -EINVAL;
	}
	if (op == ARPOP_REQUEST)
		arp_stats.tx_requests++;
	else
		arp_stats.tx_replies++;
	return net_xmit_errno(dev_queue_xmit(skb));
}

static void arp_solicit(struct neighbour *n, struct sk_buff *skb)
{
	struct net_device *dev = n->dev;
	__be32 saddr = dev->ip.ifa_address;
	const u8 *dest_hw = NULL;

	/* RFC 1122 2.3.2.1: re-validate a cached entry by unicast. */
	if (n->nud_state & NUD_VALID)
		dest_hw = n->ha;
	arp_send(ARPOP_REQUEST, n->primary_key, dev, saddr, dest_hw, NULL, NULL);
}

/* A packet waiting for this neighbour died: tell the local sender (via ICMP, as Linux does). */
static void arp_error_report(struct neighbour *n, struct sk_buff *skb)
{
	if (skb->network_header == SKB_HDR_UNSET)
		return;
	icmp_send(skb, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, 0);
}

struct neighbour *ip_neigh_gw4(struct net_device *dev, __be32 nexthop)
{
	return neigh_create(&arp_tbl, nexthop, dev);
}

void arp_announce(struct net_device *dev)
{
	__be32 addr = dev->ip.ifa_address;

	if (!addr || (dev->flags & (IFF_NOARP | IFF_LOOPBACK)) || !(dev->flags & IFF_UP))
		return;
	/* Gratuitous: sender and target are both us; neighbours update their caches. */
	arp_stats.tx_gratuitous++;
	arp_send(ARPOP_REQUEST, addr, dev, addr, NULL, NULL, NULL);
}

/*
 * An ARP packet whose sender is one of our own addresses: another host
 * uses it (or replays us). Log it once per claimant, not per packet.
 * Called from softirq only, which is what serialises last_*.
 */
static void arp_dup_addr(struct net_device *dev, __be32 sip, const u8 *sha)
{
	static __be32 last_ip;
	static u8 last_ha[ETH_ALEN];
	char a[16];

	arp_stats.rx_dup_addr++;
	if (sip == last_ip && !memcmp(sha, last_ha, ETH_ALEN))
		return;
	last_ip = sip;
	memcpy(last_ha, sha, ETH_ALEN);
	pr_warn("arp: %s: duplicate address %s claimed by %02x:%02x:%02x:%02x:%02x:%02x\n",
		dev->name, in_ntoa(sip, a), sha[0], sha[1], sha[2], sha[3], sha[4], sha[5]);
}

static int arp_process(struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;
	struct arphdr *arp = (struct arphdr *)skb->data;
	__be32 sip = arp->ar_sip, tip = arp->ar_tip;
	__be32 ours = dev->ip.ifa_address;
	int op = ntohs(arp->ar_op);
	bool for_us = ours && tip == ours;
	struct neighbour *n;

	if (op == ARPOP_REQUEST)
		arp_stats.rx_requests++;
	else
		arp_stats.rx_replies++;

	/* Nonsense senders: never learn these (RFC 5227 probes have sip 0). */
	if (ipv4_is_multicast(sip) || ipv4_is_lbcast(sip) || ipv4_is_loopback(sip) ||
	    is_multicast_ether_addr(arp->ar_sha))
		goto drop;
	if (sip == 0) {
		/* Address probe: answer if it is about ours, learn nothing. */
		if (op == ARPOP_REQUEST && for_us)
			arp_send(ARPOP_REPLY, sip, dev, tip, arp->ar_sha, dev->dev_addr, arp->ar_sha);
		goto out;
	}

	if (inet_addr_dev(sip) || inet_addr_is_broadcast(sip)) {
		/* Someone claims our address (or a broadcast one): answer nobody, learn nothing. */
		arp_dup_addr(dev, sip, arp->ar_sha);
		goto out;
	}

	/*
	 * RFC 826's merge: what we already know about the sender is refreshed
	 * by any ARP packet. Only a request aimed at us adds the sender (it is
	 * about to talk to us; STALE, as Linux's neigh_event_ns): a request
	 * for another host, or a reply nobody asked for, creates nothing, so
	 * the LAN cannot fill the table with entries we never use.
	 */
	n = neigh_lookup(&arp_tbl, sip, dev);
	if (!n && for_us && op == ARPOP_REQUEST)
		n = neigh_create(&arp_tbl, sip, dev);
	if (n) {
		/* A reply to us proves two-way reachability; anything else only says "was there". */
		u8 state = (op == ARPOP_REPLY && for_us) ? NUD_REACHABLE : NUD_STALE;

		neigh_update(n, arp->ar_sha, state, NEIGH_UPDATE_F_OVERRIDE);
		neigh_release(n);
	}
	if (!for_us) {
		arp_stats.rx_not_ours++;
		goto out;
	}
	if (op == ARPOP_REQUEST)
		arp_send(ARPOP_REPLY, sip, dev, tip, arp->ar_sha, dev->dev_addr, arp->ar_sha);
out:
	consume_skb(skb);
	return NET_RX_SUCCESS;
drop:
	arp_stats.rx_bad++;
	kfree_skb(skb);
	return NET_RX_DROP;
}

int arp_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt,
	    struct net_device *orig_dev)
{
	const struct arphdr *arp;

	if (dev->flags & (IFF_NOARP | IFF_LOOPBACK) || skb->pkt_type == PACKET_OTHERHOST) {
		arp_stats.rx_dropped_dev++;
		goto drop;
	}
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (!skb)
		return NET_RX_DROP;
	if (!pskb_may_pull(skb, ARP_HLEN))
		goto bad;
	arp = (const struct arphdr *)skb->data;
	if (arp->ar_hrd != htons(ARPHRD_ETHER) || arp->ar_pro != htons(ETH_P_IP) ||
	    arp->ar_hln != ETH_ALEN || arp->ar_pln != 4)
		goto bad;
	if (arp->ar_op != htons(ARPOP_REQUEST) && arp->ar_op != htons(ARPOP_REPLY))
		goto bad;
	skb_reset_network_header(skb);
	return arp_process(skb);

bad:
	arp_stats.rx_bad++;
	dev->stats.rx_errors++;
drop:
	kfree_skb(skb);
	return NET_RX_DROP;
}

/* ---- /proc/net/arp ---- */

static void arp_seq_one(struct neighbour *n, void *arg)
{
	struct seq_file *m = arg;
	char ip[16], hw[18];
	unsigned int flags = 0;
	const u8 *a = n->ha;

	if (n->dev->flags & IFF_LOOPBACK)
		return;
	if (n->nud_state & NUD_VALID)
		flags |= ATF_COM;
	if (n->nud_state & NUD_PERMANENT)
		flags |= ATF_PERM;
	if (!(n->nud_state & NUD_VALID))
		a = (const u8 *)"\0\0\0\0\0\0";
	snprintf(hw, sizeof(hw), "%02x:%02x:%02x:%02x:%02x:%02x",
		 a[0], a[1], a[2], a[3], a[4], a[5]);
	seq_printf(m, "%-16s 0x%-10x0x%-10x%-17s     %-8s %s\n",
		   in_ntoa(n->primary_key, ip), n->dev->type, flags, hw, "*", n->dev->name);
}

static int arp_seq_show(struct seq_file *m, void *v)
{
	seq_puts(m, "IP address       HW type     Flags       HW address            Mask     Device\n");
	neigh_for_each(&arp_tbl, arp_seq_one, m);
	return 0;
}

/* /proc/net/stat/arp_cache: the table's counters in Linux's layout (hex, one CPU line). */
static int arp_stat_seq_show(struct seq_file *m, void *v)
{
	const struct neigh_statistics *st = &arp_tbl.stats;

	seq_puts(m, "entries  allocs   destroys hash_grows lookups  hits     res_failed "
		    "rcv_probes_mcast rcv_probes_ucast periodic_gc_runs forced_gc_runs "
		    "unresolved_discards table_fulls\n");
	seq_printf(m, "%08x %08lx %08lx %08lx   %08lx %08lx %08lx   %08lx %08lx %08lx %08lx %08lx %08lx\n",
		   arp_tbl.entries, st->allocs, st->destroys, 0ul, st->lookups, st->hits,
		   st->res_failed, 0ul, 0ul, st->periodic_gc_runs, st->forced_gc_runs,
		   st->unres_discards, st->table_fulls);
	return 0;
}

static struct packet_type arp_packet_type = {
	.type = __constant_htons(ETH_P_ARP),
	.func = arp_rcv,
};

void arp_init(void)
{
	neigh_table_init(&arp_tbl);
	dev_add_pack(&arp_packet_type);
	proc_create_single("net/arp", arp_seq_show, NULL);
	proc_create_single("net/stat/arp_cache", arp_stat_seq_show, NULL);
	proc_sysctl_int("sys/net/ipv4/neigh/default/gc_thresh1", &arp_tbl.gc_thresh1, 0, ARP_GC_THRESH_MAX);
	proc_sysctl_int("sys/net/ipv4/neigh/default/gc_thresh2", &arp_tbl.gc_thresh2, 0, ARP_GC_THRESH_MAX);
	proc_sysctl_int("sys/net/ipv4/neigh/default/gc_thresh3", &arp_tbl.gc_thresh3, 0, ARP_GC_THRESH_MAX);
}
