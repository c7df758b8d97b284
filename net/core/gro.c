/*
 * GRO, the core half (Linux's net/core/gro.c): the list of flows a NAPI
 * holds during one poll, merging, and the flush that sends the merged
 * skbs up. The protocol rules (which segments may join) are in
 * net/ipv4/tcp_offload.c; include/net/gro.h has the whole picture.
 *
 * Why: under TCG every instruction on the receive path costs, and most
 * of that path is per skb, not per byte (ip_rcv, the route and socket
 * lookups, bh_lock_sock, tcp_ack, tcp_data_queue, the reader's wake-up,
 * an ACK every second segment). A 64-frame poll of one bulk flow becomes
 * one or two skbs.
 *
 * How a merge is stored: Linux keeps the followers' pages as frags of
 * the first skb. Sockeye's skbs are linear (skbuff.h), so the followers
 * are chained behind the held skb (NAPI_GRO_CB(p)->frag_list) and copied
 * into one linear skb of the exact size at flush, once the burst is
 * known: the copy is also the pass that verifies each segment's TCP
 * checksum (QEMU's e1000 gives no verdict; tcp_offload.c), the chained
 * ring buffers go back to the pool at once, and the merged skb's
 * truesize is close to its length (a 1460-byte segment alone costs a
 * 2 KiB buffer). If that allocation fails, or a checksum does not
 * verify, the segments go up one by one, as they came: nothing is lost,
 * only not merged (alloc_failed, csum_bad), and TCP judges each.
 *
 * Order: a flow's segments go up in arrival order: a segment that may
 * not join its flow's held skb sends that skb up first (inet_gro_receive
 * returns it). Flows held at the end of the poll go up oldest first.
 *
 * Context: only the NAPI's owner (its poll, in softirq, or a busy poller
 * with BH off) touches napi->gro_list [N]; it is empty outside a poll
 * because every poll ends in napi_gro_flush (napi_complete_done, napi.c's
 * napi_poll, busy_poll.c).
 */
#include <net/gro.h>
#include <linux/proc_fs.h>
#include <linux/ip.h>

struct gro_stats gro_stats;
/*
 * /proc/sys/net/core/gro_max_size: the largest merged IP datagram (Linux
 * sets it per device, `ip link set eth0 gro_max_size N`). A smaller merge
 * means more skbs but an earlier ACK for the first part of a burst.
 */
int gro_max_size = GRO_MAX_SIZE;

int skb_gro_receive(struct sk_buff *p, struct sk_buff *skb)
{
	struct napi_gro_cb *pcb = NAPI_GRO_CB(p);
	unsigned int payload = skb->len - NAPI_GRO_CB(skb)->data_offset;

	if (pcb->len + payload > (unsigned int)READ_ONCE(gro_max_size))
		return -E2BIG;
	skb->next = NULL;
	if (pcb->frag_list)
		pcb->last->next = skb;
	else
		pcb->frag_list = skb;
	pcb->last = skb;
	pcb->len += payload;
	pcb->count++;
	NAPI_GRO_CB(skb)->merged = 1;
	gro_stats.merged++;
	return 0;
}

/* A held skb goes up alone, or its followers' segments go up behind it. */
static void gro_send_chain(struct sk_buff *p, struct sk_buff *chain)
{
	while (p) {
		struct sk_buff *next = chain;

		if (chain)
			chain = chain->next;
		p->next = NULL;
		memset(p->cb, 0, sizeof(p->cb));
		gro_stats.normal++;
		netif_receive_skb(p);
		p = next;
	}
}

/*
 * One linear skb from p and its followers: p's headers, everyone's
 * payload, each segment's TCP checksum verified on the way
 * (inet_gro_csum_copy). NULL if there is no memory (*bad false) or a
 * checksum failed (*bad true).
 */
static struct sk_buff *gro_linearize(struct sk_buff *p, bool *bad)
{
	struct napi_gro_cb *pcb = NAPI_GRO_CB(p);
	unsigned int ihl = sizeof(struct iphdr);
	struct sk_buff *n, *f;

	*bad = false;
	n = netdev_alloc_skb(p->dev, ETH_HLEN + pcb->len);
	if (!n)
		return NULL;
	/* The Ethernet header too: taps (ptype_all) and eth_hdr() look at it. */
	skb_put_data(n, skb_mac_header(p), ETH_HLEN + ihl);
	skb_reset_mac_header(n);
	skb_pull(n, ETH_HLEN);
	if (!inet_gro_csum_copy(p, skb_put(n, p->len - ihl), ihl))
		goto bad;
	for (f = pcb->frag_list; f; f = f->next) {
		unsigned int off = NAPI_GRO_CB(f)->data_offset;

		if (!inet_gro_csum_copy(f, skb_put(n, f->len - off), off))
			goto bad;
	}
	n->protocol = p->protocol;
	n->pkt_type = p->pkt_type;
	n->napi_id = p->napi_id;
	n->tstamp = p->tstamp;
	n->ip_summed = CHECKSUM_UNNECESSARY;	/* every segment's was verified */
	skb_shinfo(n)->gso_size = pcb->mss;
	skb_shinfo(n)->gso_segs = pcb->count;
	return n;
bad:
	*bad = true;
	kfree_skb(n);
	return NULL;
}

/* Linux's napi_gro_complete: send one held skb (merged or not) up. */
static void napi_gro_complete(struct sk_buff *p)
{
	struct napi_gro_cb *pcb = NAPI_GRO_CB(p);
	struct sk_buff *n, *f;
	bool bad;

	if (pcb->count == 1) {
		gro_send_chain(p, NULL);
		return;
	}
	n = gro_linearize(p, &bad);
	if (!n) {
		/* Undo: the segments go up as they came, TCP judging each. */
		if (bad)
			gro_stats.csum_bad++;
		else
			gro_stats.alloc_failed++;
		gro_send_chain(p, pcb->frag_list);
		return;
	}
	inet_gro_complete(n, pcb->last, pcb->len);
	for (f = pcb->frag_list; f; ) {
		struct sk_buff *next = f->next;

		f->next = NULL;
		consume_skb(f);
		f = next;
	}
	p->next = NULL;
	consume_skb(p);
	gro_stats.flushed++;
	netif_receive_skb(n);
}

/* Unlink held skb p from napi's list. */
static void gro_unlink(struct napi_struct *napi, struct sk_buff *p)
{
	struct sk_buff **pp;

	for (pp = &napi->gro_list; *pp; pp = &(*pp)->next) {
		if (*pp == p) {
			*pp = p->next;
			p->next = NULL;
			napi->gro_count--;
			return;
		}
	}
}

/* Oldest first: the list is newest first, so go up from its tail. */
void napi_gro_flush(struct napi_struct *napi)
{
	while (napi->gro_list) {
		struct sk_buff *p = napi->gro_list;

		while (p->next)
			p = p->next;
		gro_unlink(napi, p);
		napi_gro_complete(p);
	}
}

int napi_gro_receive(struct napi_struct *napi, struct sk_buff *skb)
{
	struct sk_buff *pp;
	bool merged;

	if (!(skb->dev->features & NETIF_F_GRO) || skb->protocol != htons(ETH_P_IP)) {
		netif_receive_skb(skb);
		return GRO_NORMAL;
	}
	memset(NAPI_GRO_CB(skb), 0, sizeof(struct napi_gro_cb));
	pp = inet_gro_receive(napi->gro_list, skb);
	if (NAPI_GRO_CB(skb)->data_offset)	/* TCP over IPv4: GRO's business */
		gro_stats.received++;
	/* Read before pp goes up: if skb joined pp, it goes (and is freed) with it. */
	merged = NAPI_GRO_CB(skb)->merged;
	if (pp) {
		/* Its flow ends here (or skb may not follow it): up it goes, first. */
		gro_unlink(napi, pp);
		napi_gro_complete(pp);
	}
	if (merged)
		return GRO_MERGED;
	if (NAPI_GRO_CB(skb)->flush) {
		if (NAPI_GRO_CB(skb)->data_offset)
			gro_stats.normal++;
		memset(skb->cb, 0, sizeof(skb->cb));
		netif_receive_skb(skb);
		return GRO_NORMAL;
	}
	if (napi->gro_count >= MAX_GRO_SKBS) {
		/* Bounded: the oldest flow goes up to make room (Linux's gro_flush_oldest). */
		struct sk_buff *old = napi->gro_list;

		while (old->next)
			old = old->next;
		gro_unlink(napi, old);
		napi_gro_complete(old);
	}
	NAPI_GRO_CB(skb)->count = 1;
	NAPI_GRO_CB(skb)->last = skb;
	NAPI_GRO_CB(skb)->len = skb->len;
	NAPI_GRO_CB(skb)->mss = skb->len - NAPI_GRO_CB(skb)->data_offset;
	skb->next = napi->gro_list;
	napi->gro_list = skb;
	napi->gro_count++;
	return GRO_HELD;
}

static int gro_show(struct seq_file *m, void *v)
{
	seq_printf(m, "gro_received %lu\ngro_merged %lu\ngro_flushed %lu\ngro_normal %lu\n"
		   "gro_alloc_failed %lu\ngro_csum_bad %lu\n",
		   gro_stats.received, gro_stats.merged, gro_stats.flushed, gro_stats.normal,
		   gro_stats.alloc_failed, gro_stats.csum_bad);
	return 0;
}

void gro_init(void)
{
	proc_create_single("net/gro", gro_show, NULL);
	proc_sysctl_int("sys/net/core/gro_max_size", &gro_max_size, 0, GRO_MAX_SIZE);
}
