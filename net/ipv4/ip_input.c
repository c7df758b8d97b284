/*
 * IPv4 receive: from the packet_type handler to the transport protocol.
 *
 * Call order:
 *   netif_receive_skb -> ip_rcv: share check, header sanity (version, IHL,
 *     checksum, total length against the frame; trims link-layer padding)
 *   -> ip_rcv_finish: is it for us? (no forwarding: not ours ->
 *     InAddrErrors, as Linux counts with forwarding off)
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

/* Decide what the packet is to us; only local delivery exists. */
static int ip_rcv_finish(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct net_device *dev = skb->dev;

	/* Martian sources: nobody may claim to be these. */
	if (ipv4_is_multicast(iph->saddr) || ipv4_is_lbcast(iph->saddr) ||
	    (ipv4_is_loopback(iph->saddr) && !(dev->flags & IFF_LOOPBACK)))
		goto addr_error;

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
	if (iph->daddr == dev->ip.ifa_address || inet_addr_dev(iph->daddr))
		return ip_local_deliver(skb);

	/* Not ours and we do not forward (Linux with ip_forward=0 counts the same). */
addr_error:
	IP_INC_STATS(IPSTATS_MIB_INADDRERRORS);
drop:
	kfree_skb(skb);
	return NET_RX_DROP;
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
	iph = ip_hdr(skb);
	/* RFC 1122 3.2.1.1/3.2.1.2: silently discard bad version or IHL. */
	if (iph->version != IPVERSION || iph->ihl < IP_MIN_HLEN / 4)
		goto hdr_error;
	ihl = iph->ihl * 4;
	if (!pskb_may_pull(skb, ihl))
		goto hdr_error;
	if (ip_fast_csum(iph, iph->ihl) != 0)
		goto csum_error;

	len = ntohs(iph->tot_len);
	if (skb->len < len) {
		/* The frame lost bytes the header promises. */
		IP_INC_STATS(IPSTATS_MIB_INTRUNCATEDPKTS);
		goto drop;
	}
	if (len < ihl)
		goto hdr_error;
	/* Ethernet pads short frames to 60 bytes: cut to what IP says. */
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
