/*
 * ICMP for IPv4: answering echo requests, generating errors
 * (icmp_send) and passing received errors to the protocol that caused
 * them (err_handler, see include/net/protocol.h).
 *
 * RX: ip_local_deliver -> icmp_rcv (length, checksum, per-type counters)
 *     -> icmp_echo (reply with the same id/seq/payload, any size: the
 *        reply is fragmented on output if needed)
 *     -> icmp_unreach (dest unreachable, time exceeded, parameter problem,
 *        source quench): find inet_protos[inner protocol]->err_handler.
 * TX errors: icmp_send(skb_in, type, code, info) - the rules of RFC 1122
 * 3.2.2 / RFC 1812 4.3.2.7 decide whether an error may be sent at all;
 * then a global token bucket (sysctl icmp_ratelimit ms per token, burst
 * ICMP_RATE_BURST) limits how many, for the types in icmp_ratemask (Linux's
 * default: dest unreachable, source quench, time exceeded, parameter
 * problem - never echo replies).
 * Counters: /proc/net/snmp Icmp: and IcmpMsg: lines (proc.c).
 */
#include <net/icmp.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/protocol.h>
#include <net/ping.h>
#include <net/raw.h>
#include <net/checksum.h>
#include <linux/jiffies.h>
#include <linux/proc_fs.h>

int sysctl_icmp_ratelimit = 1000;		/* ms per token (Linux's default) */
int sysctl_icmp_echo_ignore_broadcasts = 1;
/* Bit per type that is rate limited: 3, 4, 11, 12 (Linux's icmp_ratemask 0x1818). */
static const u32 icmp_ratemask = (1u << ICMP_DEST_UNREACH) | (1u << ICMP_SOURCE_QUENCH) |
				 (1u << ICMP_TIME_EXCEEDED) | (1u << ICMP_PARAMETERPROB);

/* The token bucket. Touched only from softirq / BH-off context. */
static struct {
	int tokens;
	unsigned long last;	/* jiffies of the last refill */
} icmp_bucket = { ICMP_RATE_BURST, 0 };

const struct icmp_err icmp_err_convert[NR_ICMP_UNREACH + 1] = {
	[ICMP_NET_UNREACH]	= { ENETUNREACH, false },
	[ICMP_HOST_UNREACH]	= { EHOSTUNREACH, false },
	[ICMP_PROT_UNREACH]	= { ENOPROTOOPT, true },
	[ICMP_PORT_UNREACH]	= { ECONNREFUSED, true },
	[ICMP_FRAG_NEEDED]	= { EMSGSIZE, false },
	[ICMP_SR_FAILED]	= { EOPNOTSUPP, false },
	[ICMP_NET_UNKNOWN]	= { ENETUNREACH, true },
	[ICMP_HOST_UNKNOWN]	= { EHOSTDOWN, true },
	[ICMP_HOST_ISOLATED]	= { EHOSTUNREACH, true }	/* Linux: ENONET, not in our errno.h */,
	[ICMP_NET_ANO]		= { ENETUNREACH, true },
	[ICMP_HOST_ANO]		= { EHOSTUNREACH, true },
	[ICMP_NET_UNR_TOS]	= { ENETUNREACH, false },
	[ICMP_HOST_UNR_TOS]	= { EHOSTUNREACH, false },
	[ICMP_PKT_FILTERED]	= { EHOSTUNREACH, true },
	[ICMP_PREC_VIOLATION]	= { EHOSTUNREACH, true },
	[ICMP_PREC_CUTOFF]	= { EHOSTUNREACH, true },
};

static bool icmp_is_error(int type)
{
	return type == ICMP_DEST_UNREACH || type == ICMP_SOURCE_QUENCH ||
	       type == ICMP_REDIRECT || type == ICMP_TIME_EXCEEDED ||
	       type == ICMP_PARAMETERPROB;
}

void icmp_ratelimit_reset(void)
{
	icmp_bucket.tokens = ICMP_RATE_BURST;
	icmp_bucket.last = jiffies;
}

/* May we send one more message of this type now? */
static bool icmp_rate_allow(int type)
{
	unsigned long per_token, now = jiffies;

	if (type > 31 || !(icmp_ratemask & (1u << type)) || sysctl_icmp_ratelimit <= 0)
		return true;
	per_token = msecs_to_jiffies(sysctl_icmp_ratelimit);
	if (icmp_bucket.tokens < ICMP_RATE_BURST && now - icmp_bucket.last >= per_token) {
		unsigned long gained = (now - icmp_bucket.last) / per_token;

		icmp_bucket.tokens = min_t(unsigned long, ICMP_RATE_BURST,
					   icmp_bucket.tokens + gained);
		icmp_bucket.last += gained * per_token;
	}
	if (icmp_bucket.tokens == ICMP_RATE_BURST)
		icmp_bucket.last = now;	/* a full bucket does not bank time */
	if (icmp_bucket.tokens <= 0) {
		ICMP_INC_STATS(ICMP_MIB_RATELIMITGLOBAL);
		return false;
	}
	icmp_bucket.tokens--;
	return true;
}

/* Build an ICMP message from header + data and send it to daddr. */
static void icmp_push_reply(const struct icmphdr *h, const void *data, unsigned int len,
			    __be32 saddr, __be32 daddr, u8 tos)
{
	struct sk_buff *skb = alloc_skb(MAX_IP_HEADER + sizeof(*h) + len, GFP_ATOMIC);
	struct icmphdr *icmph;

	if (!skb) {
		ICMP_INC_STATS(ICMP_MIB_OUTERRORS);
		return;
	}
	skb_reserve(skb, MAX_IP_HEADER);
	icmph = skb_put_data(skb, h, sizeof(*h));
	skb_put_data(skb, data, len);
	icmph->checksum = 0;
	icmph->checksum = ip_compute_csum(skb->data, skb->len);
	ICMP_INC_STATS(ICMP_MIB_OUTMSGS);
	ICMPMSGOUT_INC_STATS(h->type);
	if (ip_build_and_send_pkt(skb, saddr, daddr, IPPROTO_ICMP, tos, 0, false))
		ICMP_INC_STATS(ICMP_MIB_OUTERRORS);
}

void icmp_send(struct sk_buff *skb_in, int type, int code, __be32 info)
{
	const struct iphdr *iph;
	struct icmphdr h;
	struct rtable rt;
	unsigned int room, len;
	__be32 saddr;

	if (skb_in->network_header == SKB_HDR_UNSET)
		return;
	iph = ip_hdr(skb_in);
	/* The quoted header must lie within the packet. */
	if ((u8 *)iph < skb_in->head || (u8 *)iph + sizeof(*iph) > skb_in->tail ||
	    (u8 *)iph + iph->ihl * 4 > skb_in->tail)
		return;
	/* RFC 1122 3.2.2: never about link broadcasts/multicasts, IP broadcasts... */
	if (skb_in->pkt_type != PACKET_HOST || (IPCB(skb_in)->flags & IPSKB_LOCAL_BCAST))
		return;
	if (ipv4_is_multicast(iph->daddr) || inet_addr_is_broadcast(iph->daddr))
		return;
	/* ...a source that is not one host... */
	if (ipv4_is_zeronet(iph->saddr) || ipv4_is_multicast(iph->saddr) ||
	    inet_addr_is_broadcast(iph->saddr))
		return;
	/* ...any but the first fragment... */
	if (iph->frag_off & htons(IP_OFFSET))
		return;
	/* ...or an ICMP error (or unreadable ICMP) itself. */
	if (iph->protocol == IPPROTO_ICMP) {
		const u8 *itype = (const u8 *)iph + iph->ihl * 4;

		if (itype >= skb_in->tail || icmp_is_error(*itype) || *itype > NR_ICMP_TYPES)
			return;
	}
	if (!icmp_rate_allow(type))
		return;

	/* Source: the address the offending packet was sent to, if it is ours. */
	saddr = inet_addr_dev(iph->daddr) ? iph->daddr : 0;
	if (ip_route_output(iph->saddr, saddr, &rt)) {
		ICMP_INC_STATS(ICMP_MIB_OUTERRORS);
		return;
	}
	/* Quote as much of the original as fits in a 576-byte datagram. */
	room = ICMP_ERR_MAX_LEN - sizeof(struct iphdr) - sizeof(struct icmphdr);
	len = min_t(unsigned int, skb_in->tail - (u8 *)iph, ntohs(iph->tot_len));
	len = min(len, room);

	memset(&h, 0, sizeof(h));
	h.type = type;
	h.code = code;
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED)
		h.un.frag.mtu = htons((u16)info);
	else if (type == ICMP_PARAMETERPROB)
		h.un.reserved[0] = (u8)info;
	icmp_push_reply(&h, iph, len, rt.rt_src, iph->saddr,
			(iph->tos & IPTOS_TOS_MASK) | IPTOS_PREC_INTERNETCONTROL);
}

static int icmp_echo(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct icmphdr h;

	if ((IPCB(skb)->flags & IPSKB_LOCAL_BCAST) && sysctl_icmp_echo_ignore_broadcasts)
		return 0;	/* smurf amplification: RFC 1122 allows silence */
	memcpy(&h, skb->data, sizeof(h));
	h.type = ICMP_ECHOREPLY;
	icmp_push_reply(&h, skb->data + sizeof(h), skb->len - sizeof(h),
			iph->daddr, iph->saddr, iph->tos);
	return 0;
}

/* An error about a packet we sent: hand it to its protocol. */
static int icmp_unreach(struct sk_buff *skb)
{
	const struct icmphdr *icmph = icmp_hdr(skb);
	const struct iphdr *inner;
	const struct net_protocol *ipprot;
	u32 info = 0;

	/* Inner IP header + 8 bytes (the ports) must be there. */
	if (!pskb_may_pull(skb, sizeof(struct icmphdr) + sizeof(struct iphdr)))
		return -EINVAL;
	inner = (const struct iphdr *)(skb->data + sizeof(struct icmphdr));
	if (inner->ihl < 5 || !pskb_may_pull(skb, sizeof(struct icmphdr) + inner->ihl * 4 + 8))
		return -EINVAL;
	if (icmph->type == ICMP_DEST_UNREACH && icmph->code == ICMP_FRAG_NEEDED)
		info = ntohs(icmph->un.frag.mtu);
	else if (icmph->type == ICMP_PARAMETERPROB)
		info = icmph->un.reserved[0];
	if (icmph->type == ICMP_DEST_UNREACH && icmph->code > NR_ICMP_UNREACH)
		return -EINVAL;

	ipprot = READ_ONCE(inet_protos[inner->protocol]);
	skb_pull(skb, sizeof(struct icmphdr));	/* data now at the inner IP header */
	if (ipprot && ipprot->err_handler)
		ipprot->err_handler(skb, info);
	return 0;
}

int icmp_rcv(struct sk_buff *skb)
{
	struct icmphdr *icmph;

	ICMP_INC_STATS(ICMP_MIB_INMSGS);
	if (!pskb_may_pull(skb, sizeof(struct icmphdr)))
		goto error;
	if (skb->ip_summed != CHECKSUM_UNNECESSARY && ip_compute_csum(skb->data, skb->len)) {
		ICMP_INC_STATS(ICMP_MIB_CSUMERRORS);
		goto error;
	}
	icmph = icmp_hdr(skb);
	ICMPMSGIN_INC_STATS(icmph->type);
	/* Raw ICMP sockets (busybox ping as root) see a copy of every message. */
	raw_local_deliver(skb, IPPROTO_ICMP);

	switch (icmph->type) {
	case ICMP_ECHO:
		icmp_echo(skb);
		break;
	case ICMP_DEST_UNREACH:
	case ICMP_TIME_EXCEEDED:
	case ICMP_PARAMETERPROB:
	case ICMP_SOURCE_QUENCH:
		/* Errors about broadcasts we sent are noise (and a DoS vector). */
		if (IPCB(skb)->flags & IPSKB_LOCAL_BCAST)
			break;
		if (icmp_unreach(skb))
			goto error;
		break;
	case ICMP_ECHOREPLY:
		/* To the ping socket whose echo id matches, if any (counted above). */
		ping_rcv(skb);
		break;
	default:
		/* Unknown or unsupported types are counted and ignored (RFC 1122 3.2.2). */
		break;
	}
	consume_skb(skb);
	return NET_RX_SUCCESS;

error:
	ICMP_INC_STATS(ICMP_MIB_INERRORS);
	kfree_skb(skb);
	return NET_RX_DROP;
}

static const struct net_protocol icmp_protocol = {
	.handler = icmp_rcv,
	.err_handler = ping_err,	/* errors quoting an echo request a ping socket sent */
};

void icmp_init(void)
{
	icmp_ratelimit_reset();
	inet_add_protocol(&icmp_protocol, IPPROTO_ICMP);
	proc_sysctl_int("sys/net/ipv4/icmp_ratelimit", &sysctl_icmp_ratelimit, 0, 1000000);
	proc_sysctl_int("sys/net/ipv4/icmp_echo_ignore_broadcasts",
			&sysctl_icmp_echo_ignore_broadcasts, 0, 1);
}
