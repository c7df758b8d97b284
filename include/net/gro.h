/*
 * Generic receive offload (GRO), Linux's names: within one NAPI poll,
 * consecutive in-order TCP segments of one flow are merged into one skb,
 * so IP, TCP, the socket lock, the reader's wake-up and the ACK decision
 * run once per burst instead of once per 1500-byte frame.
 *
 *   driver poll -> napi_gro_receive (net/core/gro.c)
 *     -> inet_gro_receive (net/ipv4/tcp_offload.c): is it TCP over IPv4
 *        with a NIC-verified checksum, which held flow is it, may it join?
 *     -> skb_gro_receive: chain it behind the flow's first segment (held)
 *   napi_complete_done / end of poll -> napi_gro_flush -> napi_gro_complete:
 *     one linear skb with the headers of the first segment, tot_len and
 *     flags fixed, gso_size/gso_segs saying what it was made of
 *     -> netif_receive_skb -> ip_rcv -> tcp_v4_rcv as one segment.
 *
 * Only TCP over IPv4 is merged (Linux dispatches through per-protocol
 * offload tables; with one protocol there is nothing to dispatch).
 * Counters: /proc/net/gro.
 */
#ifndef _NET_GRO_H
#define _NET_GRO_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/if_ether.h>

/* napi_gro_receive's verdicts (Linux's gro_result_t). */
enum {
	GRO_MERGED,	/* joined a held flow: consumed */
	GRO_HELD,	/* held as the first segment of a flow */
	GRO_NORMAL,	/* went up at once through netif_receive_skb */
};

#define MAX_GRO_SKBS	8	/* flows held per NAPI; the oldest goes up to make room */
/*
 * The largest merged IP datagram: its buffer (headroom, Ethernet header,
 * datagram, shared info) stays within 64 KiB, one order-4 page block,
 * and tot_len within 16 bits.
 */
#define GRO_MAX_SIZE	(65536 - NET_SKB_PAD - NET_IP_ALIGN - ETH_HLEN - 64)

/* In skb->cb while GRO holds the skb (nothing above the driver owns it yet). */
struct napi_gro_cb {
	struct sk_buff	*frag_list;	/* held skb: the segments merged behind it, via ->next */
	struct sk_buff	*last;		/* the last of them (or the held skb itself) */
	unsigned int	len;		/* held skb: IP datagram length of the merged result */
	u16		count;		/* held skb: segments, itself included */
	u16		mss;		/* held skb: its own payload, the most a follower may carry */
	u16		data_offset;	/* IP + TCP header bytes: where the payload starts */
	u8		flush;		/* this skb must go up now, not be held */
	u8		merged;		/* it joined that flow (skb_gro_receive) */
};
#define NAPI_GRO_CB(skb)	((struct napi_gro_cb *)(skb)->cb)

/* /proc/net/gro. Written only by the NAPI owner (softirq). */
struct gro_stats {
	unsigned long	received;	/* TCP/IPv4 frames offered to GRO */
	unsigned long	merged;		/* of them, joined to an earlier segment */
	unsigned long	flushed;	/* merged skbs sent up (each of >= 2 segments) */
	unsigned long	normal;		/* sent up alone: not mergeable, or nothing joined */
	unsigned long	alloc_failed;	/* no memory for a merged skb: its segments went up one by one */
	unsigned long	csum_bad;	/* a segment's checksum failed while merging: all went up one by one */
};
extern struct gro_stats gro_stats;
void gro_init(void);		/* /proc/net/gro (net_dev_init) */

extern int gro_max_size;	/* /proc/sys/net/core/gro_max_size, at most GRO_MAX_SIZE */

/* Chain skb behind held p; -E2BIG if the result would exceed gro_max_size. */
int skb_gro_receive(struct sk_buff *p, struct sk_buff *skb);
/*
 * IPv4 + TCP matching (tcp_offload.c): sets NAPI_GRO_CB(skb)->flush /
 * merged against the held list, merging when the rules allow.
 * Returns the held skb that must go up now (before skb), or NULL.
 */
struct sk_buff *inet_gro_receive(struct sk_buff *held, struct sk_buff *skb);
/* tcp_offload.c: copy seg's bytes from offset from to dst, verifying its TCP checksum. */
bool inet_gro_csum_copy(struct sk_buff *seg, void *dst, unsigned int from);
/* tcp_offload.c: fix the merged skb's IP and TCP headers (last = the last segment). */
void inet_gro_complete(struct sk_buff *skb, const struct sk_buff *last, unsigned int len);

#endif
