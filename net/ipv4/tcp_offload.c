/*
 * GRO's protocol half for TCP over IPv4: which segments may be merged,
 * and the headers of the merged skb. Linux splits this between
 * inet_gro_receive (af_inet.c) and tcp4_gro_receive / tcp_gro_receive /
 * tcp_gro_complete (tcp_offload.c); with TCP the only protocol merged,
 * the IPv4 and TCP checks are one walk here, under Linux's rules.
 *
 * A frame is one of:
 *   - not TCP/IPv4, or not parseable as such: flush, and NAPI_GRO_CB's
 *     data_offset stays 0 (net/core/gro.c sends it up untouched);
 *   - TCP/IPv4 of a flow GRO holds (same addresses and ports);
 *     it joins the held skb (skb_gro_receive) when it continues it
 *     exactly: next sequence number, same ACK, window, flags (bar FIN/PSH),
 *     options byte for byte (timestamps included, as Linux: a burst sent
 *     in one millisecond carries one TSval), TTL, TOS and DF, consecutive
 *     IP IDs when DF is clear, and no more payload than the first segment
 *     (the gso_size every piece but the last must have);
 *   - otherwise the held skb of its flow goes up first (returned), and
 *     this one is held as a new flow unless it cannot start one: URG,
 *     SYN, RST, FIN or PSH set, no payload, IP options, a fragment, or
 *     not for this host.
 *   The TCP checksum is verified when the merge is copied into one skb
 *   (inet_gro_csum_copy, below); a bad one undoes the merge.
 *   A segment that joins with PSH or FIN, or shorter than gso_size, ends
 *   the merge: the held skb goes up at once (Linux's out_check_final).
 *
 * Neighbours: net/core/gro.c (the held list, merging, the flush),
 * include/net/gro.h (NAPI_GRO_CB), tcp_data_queue.c (gso_size on receive).
 */
#include <net/gro.h>
#include <net/ip.h>
#include <net/checksum.h>
#include <linux/tcp.h>
#include <linux/in.h>

#define TCPHDR_ECE	0x40
#define TCPHDR_CWR	0x80

/*
 * The checksum. Only verified bytes may go up as one merged skb (its own
 * TCP checksum is never computed). QEMU's e1000 gives no verdict (IXSM),
 * so the sum is computed in software, as Linux's
 * skb_gro_checksum_validate does - but here while the bytes are copied
 * into the merged skb anyway (gro.c, gro_linearize): one pass over the
 * payload instead of two. A segment copied here is verified (the sum
 * covers its TCP header, copied or only read, and the pseudo header) and
 * marked CHECKSUM_UNNECESSARY; a segment that fails undoes the merge:
 * every segment goes up alone and TCP checks, drops and counts
 * (InCsumErrors) the bad one. Segments the NIC verified are only copied.
 * Returns false if seg's checksum is wrong.
 *
 * from: where seg's bytes start being copied (its IP header length for
 * the first segment, whose TCP header is copied too; data_offset for a
 * follower, whose header is only summed).
 */
bool inet_gro_csum_copy(struct sk_buff *seg, void *dst, unsigned int from)
{
	const struct iphdr *iph = (const struct iphdr *)seg->data;
	unsigned int ihl = sizeof(*iph), len = seg->len - ihl;
	__wsum sum = 0;

	if (seg->ip_summed == CHECKSUM_UNNECESSARY) {
		memcpy(dst, seg->data + from, seg->len - from);
		return true;
	}
	/* The header length is a multiple of 4: the payload's sum continues the header's pairing. */
	if (from > ihl)
		sum = csum_partial(seg->data + ihl, from - ihl, 0);
	sum = csum_partial_copy_nocheck(seg->data + from, dst, seg->len - from, sum);
	if (csum_tcpudp_magic(iph->saddr, iph->daddr, len, IPPROTO_TCP, sum))
		return false;
	seg->ip_summed = CHECKSUM_UNNECESSARY;
	return true;
}

/* May skb follow held p in one merged skb? (both of one flow) */
static bool tcp_gro_may_merge(struct sk_buff *p, struct sk_buff *skb)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data, *iph2 = (const struct iphdr *)p->data;
	const struct tcphdr *th = (const struct tcphdr *)(skb->data + sizeof(*iph));
	const struct tcphdr *th2 = (const struct tcphdr *)(p->data + sizeof(*iph2));
	const struct napi_gro_cb *pcb = NAPI_GRO_CB(p);
	unsigned int payload = skb->len - NAPI_GRO_CB(skb)->data_offset;
	u8 flags = tcp_flag_byte(th), flags2 = tcp_flag_byte(th2);

	if (iph->ttl != iph2->ttl || iph->tos != iph2->tos ||
	    ((iph->frag_off ^ iph2->frag_off) & htons(IP_DF)))
		return false;
	/* Without DF the receiver may need the IDs: they must count up (Linux's flush_id). */
	if (!(iph->frag_off & htons(IP_DF)) && (u16)(ntohs(iph2->id) + pcb->count) != ntohs(iph->id))
		return false;
	if ((flags & TCPHDR_CWR) || ((flags ^ flags2) & ~(TCPHDR_FIN | TCPHDR_PSH)))
		return false;
	if (th->ack_seq != th2->ack_seq || th->window != th2->window || th->doff != th2->doff ||
	    memcmp(th + 1, th2 + 1, th->doff * 4 - sizeof(*th)))
		return false;
	if (payload > pcb->mss)
		return false;
	/* Exactly where the held payload ends. */
	return ntohl(th->seq) == ntohl(th2->seq) + (pcb->len - NAPI_GRO_CB(p)->data_offset);
}

struct sk_buff *inet_gro_receive(struct sk_buff *held, struct sk_buff *skb)
{
	struct napi_gro_cb *cb = NAPI_GRO_CB(skb);
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	const struct tcphdr *th;
	unsigned int ihl, thlen, payload;
	struct sk_buff *p;
	u8 flags;

	cb->flush = 1;
	if (skb->len < sizeof(*iph) || iph->version != IPVERSION || iph->ihl < 5 ||
	    iph->protocol != IPPROTO_TCP)
		return NULL;
	ihl = iph->ihl * 4;
	if (skb->len < ihl + sizeof(*th) || ip_is_fragment(iph))
		return NULL;
	th = (const struct tcphdr *)(skb->data + ihl);
	thlen = __tcp_hdrlen(th);
	if (thlen < sizeof(*th) || skb->len < ihl + thlen)
		return NULL;
	cb->data_offset = ihl + thlen;

	for (p = held; p; p = p->next) {
		const struct iphdr *iph2 = (const struct iphdr *)p->data;
		const struct tcphdr *th2 = (const struct tcphdr *)(p->data + sizeof(*iph2));

		if (iph->saddr == iph2->saddr && iph->daddr == iph2->daddr &&
		    th->source == th2->source && th->dest == th2->dest)
			break;
	}

	/* Could skb be held or merged at all? (Linux checks these in several places.) */
	flags = tcp_flag_byte(th);
	payload = skb->len - cb->data_offset;
	if (ihl != sizeof(*iph) || ntohs(iph->tot_len) != skb->len || ip_fast_csum(iph, 5) ||
	    skb->pkt_type != PACKET_HOST || (flags & (TCPHDR_URG | TCPHDR_SYN | TCPHDR_RST)) ||
	    !payload)
		return p;	/* goes up alone, after what its flow held */

	if (p && tcp_gro_may_merge(p, skb) && !skb_gro_receive(p, skb)) {
		/* Joined. A short or PSH/FIN segment ends the burst (out_check_final). */
		if (payload < NAPI_GRO_CB(p)->mss || (flags & (TCPHDR_PSH | TCPHDR_FIN)))
			return p;
		return NULL;
	}
	/* Not joined: what its flow held goes up first; skb may start a new merge. */
	cb->flush = !!(flags & (TCPHDR_PSH | TCPHDR_FIN));
	return p;
}

void inet_gro_complete(struct sk_buff *skb, const struct sk_buff *last, unsigned int len)
{
	struct iphdr *iph = (struct iphdr *)skb->data;
	struct tcphdr *th = (struct tcphdr *)(skb->data + sizeof(*iph));
	const struct tcphdr *lth = (const struct tcphdr *)(last->data + sizeof(*iph));

	iph->tot_len = htons(len);
	ip_send_check(iph);	/* ip_rcv verifies it */
	/* Only the last segment may carry PSH or FIN (its arrival ended the merge). */
	tcp_flag_byte(th) |= tcp_flag_byte(lth) & (TCPHDR_FIN | TCPHDR_PSH);
}
