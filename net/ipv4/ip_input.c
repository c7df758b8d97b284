/*
 * IPv4 receive: from the packet_type handler to the transport protocol.
 *
 * Call order:
 *   netif_receive_skb -> ip_rcv: share check, header sanity (version, IHL,
 *     checksum, total length against the frame; trims link-layer padding)
 *   -> ip_rcv_finish: a martian source (ip_martian_source: multicast,
 *     broadcast, 0/8, loopback or one of our own addresses arriving from
 *     the wire) is dropped and counted in_martian_src; is it for us? (no
 *     forwarding: not ours -> InAddrErrors, as Linux counts with
 *     forwarding off)
 *   -> ip_local_deliver: reassemble fragments (ip_defrag), pull the IP
 *     header, hand to inet_protos[protocol]->handler; no handler ->
 *     ICMP protocol unreachable + InUnknownProtos.
 * Every drop bumps one named counter (include/net/snmp.h) and leaves
 * through the one `drop` exit. Runs in NET_RX softirq context.
 * Neighbours: protocol.c (inet_protos), ip_fragment.c, icmp.c.
 */
#include <net/ip.h>
#include <net/icmp.h>
#include <net/protocol.h>
#include <net/checksum.h>
#include <linux/jiffies.h>

int ip_local_deliver(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	const struct net_protocol *ipprot;
	unsigned int ihl;
	int protocol;

	if (ip_is_fragment(iph)) {
		skb = ip_defrag(skb);
		if (!skb)
			return NET_RX_SUCCESS;	/* held for reassembly, or dropped and counted there */
		iph = ip_hdr(skb);
	}
	ihl = iph->ihl * 4;
	protocol = iph->protocol;
	/* data may sit at the network header; move it to the transport header. */
	skb_pull(skb, skb_network_header(skb) + ihl - skb->data);
	skb_reset_transport_header(skb);

	ipprot = READ_ONCE(inet_protos[protocol]);
	if (ipprot) {
		IP_INC_STATS(IPSTATS_MIB_INDELIVERS);
		return ipprot->handler(skb);
	}
	/* Nobody speaks it. Tell the sender (unless it was broadcast; icmp_send checks). */
	IP_INC_STATS(IPSTATS_MIB_INUNKNOWNPROTOS);
	icmp_send(skb, ICMP_DEST_UNREACH, ICMP_PROT_UNREACH, 0);
	kfree_skb(skb);
	return NET_RX_DROP;
}

/* Linux's sysctls of the same names (conf/all): off, as Linux ships them. */
int sysctl_ip_log_martians;
int sysctl_ip_accept_local;

/* Linux's net_ratelimit for the martian log: a burst of 10, then 10 per 5 s. */
static bool martian_log_ratelimit(void)
{
	static unsigned long begin;
	static int printed;

	if (!begin || time_after(jiffies, begin + 5 * HZ)) {
		begin = jiffies;
		printed = 0;
	}
	return printed++ < 10;
}

/*
 * RFC 1122 3.2.1.3 / Linux's fib_validate_source: which sources no
 * packet from the wire can carry. Multicast and broadcast (ours or
 * limited) are not one host: answering them is smurf reflection to the
 * whole LAN. 0/8 means "this host" and is allowed only to a limited
 * broadcast (a DHCP client). Our own addresses and loopback come only
 * through lo: from the wire they are spoofed, and an echo service would
 * answer itself through loopback for ever (accept_local 0).
 *
 * Each question walks the device list (dev_find), so the verdict for the
 * last source that passed is kept on the device: a stream from one peer
 * is judged once, not per packet (6 % of the guest's time sending bulk
 * data, where every segment's ACK came through here). Linux gets the same
 * from its input route cache and an established socket's sk_rx_dst. Only
 * verdicts that depend on the source and our addresses alone are kept: not
 * a 0/8 source's (it depends on the destination) nor that of one of our
 * addresses from the wire (accept_local). An address change
 * (inet_addr_genid) voids them all.
 */
static bool ip_martian_source(__be32 saddr, __be32 daddr, struct net_device *dev)
{
	unsigned int genid = READ_ONCE(inet_addr_genid);
	struct net_device *owner;

	if (saddr == dev->rx_saddr_ok && dev->rx_saddr_genid == genid)
		return false;
	if (ipv4_is_multicast(saddr) || inet_addr_is_broadcast(saddr))
		return true;
	if (!(dev->flags & IFF_LOOPBACK)) {
		if (ipv4_is_zeronet(saddr))
			return !ipv4_is_lbcast(daddr);
		owner = inet_addr_dev(saddr);
		if (owner == loopback_dev && ipv4_is_loopback(saddr))
			return true;
		if (owner)
			return !sysctl_ip_accept_local;
	}
	dev->rx_saddr_ok = saddr;
	dev->rx_saddr_genid = genid;
	return false;
}

/* Decide what the packet is to us; only local delivery exists. */
static int ip_rcv_finish(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct net_device *dev = skb->dev;

	if (ip_martian_source(iph->saddr, iph->daddr, dev))
		goto martian_source;

	/* The common case first: unicast to this device's own address. */
	if (iph->daddr == dev->ip.ifa_address && iph->daddr)
		return ip_local_deliver(skb);
	if (ipv4_is_multicast(iph->daddr)) {
		/* No multicast group membership yet: not wanted. */
		IP_INC_STATS(IPSTATS_MIB_INDISCARDS);
		goto drop;
	}
	if (inet_addr_is_broadcast(iph->daddr) ||
	    (ipv4_is_zeronet(iph->daddr) && !dev->ip.ifa_address)) {
		IPCB(skb)->flags |= IPSKB_LOCAL_BCAST;
		IP_INC_STATS(IPSTATS_MIB_INBCASTPKTS);
		return ip_local_deliver(skb);
	}
	/* Another device's address: ours too (a weak host, as Linux). */
	if (inet_addr_dev(iph->daddr))
		return ip_local_deliver(skb);

	/* Not ours and we do not forward (Linux with ip_forward=0 counts the same). */
	IP_INC_STATS(IPSTATS_MIB_INADDRERRORS);
drop:
	kfree_skb(skb);
	return NET_RX_DROP;

martian_source:
	IP_INC_STATS(IPSTATS_MIB_INMARTIANSRC);
	if (sysctl_ip_log_martians && martian_log_ratelimit()) {
		char s[16], d[16];

		pr_info("IPv4: martian source %s from %s, on dev %s\n",
			in_ntoa(iph->daddr, d), in_ntoa(iph->saddr, s), dev->name);
	}
	goto drop;
}

/*
 * Is this IPv4 header one to process? 0 (InReceives, never a drop
 * reason), or the MIB counter the drop is counted under: RFC 1122 3.2.1.1/3.2.1.2 say to discard a bad version or
 * IHL silently; the checksum must verify (RFC 791); the frame must hold
 * the tot_len the header promises, and tot_len must cover the header.
 * The header's IHL bytes are already pulled into the linear area.
 */
static int ip_hdr_check(const struct iphdr *iph, unsigned int skb_len)
{
	/* LAB(ip-rx) BEGIN: ip_hdr_check */
	unsigned int len = ntohs(iph->tot_len);

	if (iph->version != IPVERSION || iph->ihl < IP_MIN_HLEN / 4)
		return IPSTATS_MIB_INHDRERRORS;
	if (ip_fast_csum(iph, iph->ihl) != 0)
		return IPSTATS_MIB_CSUMERRORS;
	if (skb_len < len)
		return IPSTATS_MIB_INTRUNCATEDPKTS;	/* the frame lost bytes */
	if (len < iph->ihl * 4u)
		return IPSTATS_MIB_INHDRERRORS;
	return 0;
	/* LAB(ip-rx) END: ip_hdr_check */
}

int ip_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt,
	   struct net_device *orig_dev)
{
	const struct iphdr *iph;
	unsigned int len, ihl;

	/* Frames for other hosts (promiscuous mode) are not ours to count. */
	if (skb->pkt_type == PACKET_OTHERHOST) {
		IP_INC_STATS(IPSTATS_MIB_INDISCARDS);
		kfree_skb(skb);
		return NET_RX_DROP;
	}
	IP_INC_STATS(IPSTATS_MIB_INRECEIVES);
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (!skb) {
		IP_INC_STATS(IPSTATS_MIB_INDISCARDS);
		return NET_RX_DROP;
	}
	memset(IPCB(skb), 0, sizeof(struct inet_skb_parm));
	IPCB(skb)->iif = dev->ifindex;

	if (!pskb_may_pull(skb, sizeof(struct iphdr)))
		goto hdr_error;
	skb_reset_network_header(skb);
	ihl = ip_hdr(skb)->ihl * 4;
	if (ihl < IP_MIN_HLEN || !pskb_may_pull(skb, ihl))
		goto hdr_error;
	iph = ip_hdr(skb);
	switch (ip_hdr_check(iph, skb->len)) {
	case 0:
		break;
	case IPSTATS_MIB_CSUMERRORS:
		goto csum_error;
	case IPSTATS_MIB_INTRUNCATEDPKTS:
		IP_INC_STATS(IPSTATS_MIB_INTRUNCATEDPKTS);
		goto drop;
	default:
		goto hdr_error;
	}
	/* Ethernet pads short frames to 60 bytes: cut to what IP says. */
	len = ntohs(iph->tot_len);
	pskb_trim(skb, len);
	skb->transport_header = skb->network_header + ihl;
	/* The receiving stack has no use for a NIC-verified L4 checksum across a trim. */
	return ip_rcv_finish(skb);

csum_error:
	IP_INC_STATS(IPSTATS_MIB_CSUMERRORS);
hdr_error:
	IP_INC_STATS(IPSTATS_MIB_INHDRERRORS);
drop:
	kfree_skb(skb);
	return NET_RX_DROP;
}
