/*
 * IPv4 fragmentation (output) and reassembly (input).
 *
 * Output: ip_output -> ip_fragment: the payload is cut into pieces of the
 * largest multiple of 8 bytes that fits the MTU after the header; each
 * piece is a fresh skb (header copied, MF/offset set, checksum redone)
 * handed to output(). FragCreates per piece, FragOKs per datagram.
 *
 * Input: ip_local_deliver -> ip_defrag. Fragments are queued on an ipq
 * keyed by (saddr, daddr, id, protocol), kept sorted by offset.
 *   - exact duplicates (same offset and end) are dropped, the queue lives;
 *   - any other overlap kills the whole queue (RFC 5722's rule, which
 *     Linux also applies to IPv4): overlapping fragments are an attack
 *     pattern (teardrop, rewriting headers past a filter), never needed
 *     by an honest sender, and trimming would mean choosing whose bytes win.
 *   - complete (last fragment seen, no holes): copied into one new skb.
 *   - timeout (ipfrag_time, 30 s): ReasmTimeout + ReasmFails, and ICMP time
 *     exceeded (code 1) if the first fragment (offset 0) arrived - it is the
 *     one that carries the ports the sender needs to find its socket.
 *   - memory: the queues' truesize is capped at ipfrag_high_thresh; above
 *     it the oldest queues are evicted until below ipfrag_low_thresh.
 * Lock legend: ipfrag_lock (BH) guards ipq_lru and every queue [Q]. The
 * queue timer runs in TIMER_SOFTIRQ and takes the same lock.
 */
#include <net/ip.h>
#include <net/icmp.h>
#include <net/route.h>
#include <net/checksum.h>
#include <net/sock.h>
#include <linux/timer.h>
#include <linux/proc_fs.h>

int sysctl_ipfrag_time = 30;			/* seconds */
int sysctl_ipfrag_high_thresh = 256 * 1024;	/* small machine: Linux uses 4 MB */
int sysctl_ipfrag_low_thresh = 192 * 1024;

#define IPQ_FIRST_IN	0x01	/* offset 0 arrived */
#define IPQ_LAST_IN	0x02	/* MF clear arrived: total length known */

struct ipq {
	struct list_head	lru;		/* [Q] in ipq_lru, oldest first */
	__be32			saddr, daddr;
	__be16			id;
	u8			protocol;
	u8			flags;		/* IPQ_* */
	unsigned int		len;		/* total payload length, once LAST_IN */
	unsigned int		meat;		/* payload bytes received */
	unsigned int		mem;		/* truesize of queued fragments */
	struct sk_buff		*fragments;	/* sorted by offset, linked by skb->next */
	struct timer_list	timer;
	int			iif;
};

/* Where a queued fragment's payload lies, kept in skb->cb while queued. */
struct ipfrag_cb {
	struct inet_skb_parm	h;
	unsigned int		offset;		/* of the payload, bytes */
	unsigned int		end;
};
#define FRAG_CB(skb)	((struct ipfrag_cb *)((skb)->cb))

struct ipfrag_stats ipfrag_stats;

static LIST_HEAD(ipq_lru);
static DEFINE_SPINLOCK(ipfrag_lock);
static unsigned int ipfrag_mem;		/* [Q] sum of ipq->mem */
static unsigned int ipfrag_nqueues;	/* [Q] */

unsigned int ip_frag_mem(void) { return ipfrag_mem; }
unsigned int ip_frag_queues(void) { return ipfrag_nqueues; }

/* ---- output ---- */

int ip_fragment(struct sk_buff *skb, const struct rtable *rt, unsigned int mtu,
		int (*output)(struct sk_buff *, const struct rtable *))
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int hlen = iph->ihl * 4;
	unsigned int left = skb->len - hlen;
	unsigned int offset = (ntohs(iph->frag_off) & IP_OFFSET) * IP_FRAG_UNIT;
	bool more = iph->frag_off & htons(IP_MF);	/* refragmenting a fragment keeps its MF */
	unsigned int ptr = hlen;
	int err = 0;

	if (mtu < hlen + IP_FRAG_UNIT) {
		IP_INC_STATS(IPSTATS_MIB_FRAGFAILS);
		kfree_skb(skb);
		return -EMSGSIZE;
	}
	while (left > 0) {
		unsigned int len = min(left, mtu - hlen);
		struct sk_buff *frag;
		struct iphdr *fh;

		/* All but the last piece carry a multiple of 8 bytes. */
		if (len < left)
			len &= ~(IP_FRAG_UNIT - 1);
		frag = alloc_skb(MAX_HEADER + hlen + len, GFP_ATOMIC);
		if (!frag) {
			err = -ENOBUFS;
			goto fail;
		}
		skb_reserve(frag, MAX_HEADER);
		skb_reset_network_header(frag);
		fh = skb_put_data(frag, skb->data, hlen);
		skb_put_data(frag, skb->data + ptr, len);
		/*
		 * Each piece is charged to the sender and holds it, as the
		 * whole did: skb is freed below while the pieces may still
		 * wait in a neighbour queue or the qdisc.
		 */
		if (skb->sk)
			skb_set_owner_w(frag, skb->sk);
		fh->tot_len = htons(hlen + len);
		fh->frag_off = htons(((offset >> 3) & IP_OFFSET) |
				     ((left > len || more) ? IP_MF : 0));
		ip_send_check(fh);
		IP_INC_STATS(IPSTATS_MIB_FRAGCREATES);

		left -= len;
		ptr += len;
		offset += len;
		err = output(frag, rt);
		if (err)
			goto fail;
	}
	IP_INC_STATS(IPSTATS_MIB_FRAGOKS);
	consume_skb(skb);
	return 0;

fail:
	IP_INC_STATS(IPSTATS_MIB_FRAGFAILS);
	kfree_skb(skb);
	return err;
}

/* ---- reassembly ---- */

static void ipq_free_fragments(struct ipq *q)
{
	struct sk_buff *skb = q->fragments;

	while (skb) {
		struct sk_buff *next = skb->next;

		skb->next = skb->prev = NULL;
		kfree_skb(skb);
		skb = next;
	}
	q->fragments = NULL;
}

/* Unlink and free a queue. ipfrag_lock held; its timer must not be pending. */
static void ipq_destroy(struct ipq *q)
{
	list_del(&q->lru);
	ipfrag_mem -= q->mem;
	ipfrag_nqueues--;
	ipq_free_fragments(q);
	kfree(q);
}

/* Kill a queue from packet context: stop its timer, count the failure. */
static void ipq_kill(struct ipq *q)
{
	del_timer(&q->timer);
	IP_INC_STATS(IPSTATS_MIB_REASMFAILS);
	ipq_destroy(q);
}

static void ipq_expire(struct timer_list *t)
{
	struct ipq *q = from_timer(q, t, timer);
	struct sk_buff *first = NULL;

	spin_lock_bh(&ipfrag_lock);
	IP_INC_STATS(IPSTATS_MIB_REASMTIMEOUT);
	IP_INC_STATS(IPSTATS_MIB_REASMFAILS);
	if ((q->flags & IPQ_FIRST_IN) && q->fragments) {
		/* Detach the offset-0 fragment: it goes into the ICMP error. */
		first = q->fragments;
		q->fragments = first->next;
		q->mem -= first->truesize;
		ipfrag_mem -= first->truesize;
		first->next = first->prev = NULL;
	}
	ipq_destroy(q);
	spin_unlock_bh(&ipfrag_lock);
	if (first) {
		icmp_send(first, ICMP_TIME_EXCEEDED, ICMP_EXC_FRAGTIME, 0);
		kfree_skb(first);
	}
}

/* Over the memory cap: evict oldest queues until under the low mark. [Q] held. */
static void ip_evictor(void)
{
	while (ipfrag_mem > (unsigned int)sysctl_ipfrag_low_thresh && !list_empty(&ipq_lru)) {
		ipfrag_stats.evictions++;
		ipq_kill(list_first_entry(&ipq_lru, struct ipq, lru));
	}
}

static struct ipq *ipq_find(const struct iphdr *iph, int iif)
{
	struct ipq *q;

	list_for_each_entry(q, &ipq_lru, lru)
		if (q->id == iph->id && q->saddr == iph->saddr && q->daddr == iph->daddr &&
		    q->protocol == iph->protocol)
			return q;
	q = kzalloc(sizeof(*q), GFP_ATOMIC);
	if (!q)
		return NULL;
	q->saddr = iph->saddr;
	q->daddr = iph->daddr;
	q->id = iph->id;
	q->protocol = iph->protocol;
	q->iif = iif;
	timer_setup(&q->timer, ipq_expire, 0);
	mod_timer(&q->timer, jiffies + sysctl_ipfrag_time * HZ);
	list_add_tail(&q->lru, &ipq_lru);
	ipfrag_nqueues++;
	return q;
}

/* Glue the fragments into one datagram. [Q] held; q is destroyed by the caller. */
static struct sk_buff *ip_frag_reasm(struct ipq *q)
{
	struct sk_buff *first = q->fragments, *frag, *skb;
	unsigned int hlen = ip_hdrlen(first);
	struct iphdr *iph;

	if (hlen + q->len > IP_MAX_TOT_LEN)
		return NULL;
	skb = alloc_skb(MAX_HEADER + hlen + q->len, GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, MAX_HEADER);
	skb_reset_network_header(skb);
	skb_put_data(skb, skb_network_header(first), hlen);
	skb_put(skb, q->len);
	for (frag = first; frag; frag = frag->next) {
		const u8 *payload = skb_network_header(frag) + ip_hdrlen(frag);

		memcpy(skb->data + hlen + FRAG_CB(frag)->offset, payload,
		       FRAG_CB(frag)->end - FRAG_CB(frag)->offset);
	}
	skb->dev = first->dev;
	skb->protocol = first->protocol;
	skb->pkt_type = first->pkt_type;
	skb->transport_header = skb->network_header + hlen;
	memcpy(skb->cb, first->cb, sizeof(struct inet_skb_parm));
	IPCB(skb)->flags |= IPSKB_REASSEMBLED;
	iph = ip_hdr(skb);
	iph->tot_len = htons(hlen + q->len);
	iph->frag_off = 0;
	ip_send_check(iph);
	return skb;
}

struct sk_buff *ip_defrag(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int hlen = iph->ihl * 4;
	unsigned int flags = ntohs(iph->frag_off);
	unsigned int offset = (flags & IP_OFFSET) * IP_FRAG_UNIT;
	unsigned int end = offset + ntohs(iph->tot_len) - hlen;
	struct sk_buff *prev, *next, *whole = NULL;
	struct ipq *q;

	IP_INC_STATS(IPSTATS_MIB_REASMREQDS);
	/* Data sits from network header on; keep it that way while queued. */
	if (end > IP_MAX_TOT_LEN || (end - offset == 0))
		goto drop_nolock;
	if ((flags & IP_MF) && (end & (IP_FRAG_UNIT - 1)))
		goto drop_nolock;	/* only the last fragment may end off a unit */

	spin_lock_bh(&ipfrag_lock);
	if (ipfrag_mem + skb->truesize > (unsigned int)sysctl_ipfrag_high_thresh)
		ip_evictor();
	q = ipq_find(iph, IPCB(skb)->iif);
	if (!q) {
		ipfrag_stats.no_memory++;
		IP_INC_STATS(IPSTATS_MIB_REASMFAILS);
		goto drop;
	}

	if (!(flags & IP_MF)) {
		/* The last fragment fixes the length; a second, different one is a lie. */
		if (end < q->len || ((q->flags & IPQ_LAST_IN) && end != q->len)) {
			ipfrag_stats.bad_length++;
			goto kill;
		}
		q->flags |= IPQ_LAST_IN;
		q->len = end;
	} else if (end > q->len) {
		if (q->flags & IPQ_LAST_IN) {
			ipfrag_stats.bad_length++;	/* data beyond the end */
			goto kill;
		}
		q->len = end;
	}

	/* Find the place: prev ends at or before offset, next starts at or after. */
	prev = NULL;
	for (next = q->fragments; next; prev = next, next = next->next)
		if (FRAG_CB(next)->offset >= offset)
			break;
	if (next && FRAG_CB(next)->offset == offset && FRAG_CB(next)->end == end) {
		ipfrag_stats.duplicates++;	/* a retransmission: keep the queue */
		goto drop;
	}
	if ((prev && FRAG_CB(prev)->end > offset) || (next && FRAG_CB(next)->offset < end)) {
		ipfrag_stats.overlaps++;	/* RFC 5722: drop the whole datagram */
		goto kill;
	}

	FRAG_CB(skb)->offset = offset;
	FRAG_CB(skb)->end = end;
	skb->next = next;
	skb->prev = NULL;
	if (prev)
		prev->next = skb;
	else
		q->fragments = skb;
	q->meat += end - offset;
	q->mem += skb->truesize;
	ipfrag_mem += skb->truesize;
	if (offset == 0)
		q->flags |= IPQ_FIRST_IN;

	if ((q->flags & (IPQ_FIRST_IN | IPQ_LAST_IN)) == (IPQ_FIRST_IN | IPQ_LAST_IN) &&
	    q->meat == q->len) {
		whole = ip_frag_reasm(q);
		del_timer(&q->timer);
		if (whole)
			IP_INC_STATS(IPSTATS_MIB_REASMOKS);
		else
			IP_INC_STATS(IPSTATS_MIB_REASMFAILS);
		ipq_destroy(q);
	}
	spin_unlock_bh(&ipfrag_lock);
	return whole;

kill:
	ipq_kill(q);
drop:
	spin_unlock_bh(&ipfrag_lock);
	kfree_skb(skb);
	return NULL;
drop_nolock:
	IP_INC_STATS(IPSTATS_MIB_REASMFAILS);
	kfree_skb(skb);
	return NULL;
}

void ip_frag_flush(void)
{
	spin_lock_bh(&ipfrag_lock);
	while (!list_empty(&ipq_lru)) {
		struct ipq *q = list_first_entry(&ipq_lru, struct ipq, lru);

		del_timer(&q->timer);
		ipq_destroy(q);
	}
	spin_unlock_bh(&ipfrag_lock);
}

void ipfrag_init(void)
{
	proc_sysctl_int("sys/net/ipv4/ipfrag_time", &sysctl_ipfrag_time, 1, 3600);
	proc_sysctl_int("sys/net/ipv4/ipfrag_high_thresh", &sysctl_ipfrag_high_thresh, 0, 64 << 20);
	proc_sysctl_int("sys/net/ipv4/ipfrag_low_thresh", &sysctl_ipfrag_low_thresh, 0, 64 << 20);
}
