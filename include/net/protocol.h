/*
 * inet_protos[]: the IPv4 protocol demultiplexer. ip_local_deliver()
 * looks up the IP header's protocol number here and calls ->handler with
 * skb->data at the transport header (IP header pulled, still reachable by
 * ip_hdr()). The handler owns the skb from then on.
 *
 * ->err_handler(skb, info) is how ICMP errors reach the protocol that sent
 * the offending packet: icmp_rcv -> icmp_unreach finds the protocol of the
 * quoted (inner) IP header and calls it with skb->data at that inner IP
 * header (at least header + 8 bytes present: enough for both ports), and
 * icmp_hdr(skb) at the ICMP header, so the protocol can find its socket and
 * turn type/code into an errno with icmp_err_convert[] (port unreachable ->
 * ECONNREFUSED, fatal). info: the next-hop MTU for ICMP_FRAG_NEEDED, the
 * pointer for ICMP_PARAMETERPROB, else 0. The skb still belongs to ICMP.
 *
 * UDP and TCP register themselves with inet_add_protocol(&udp_protocol,
 * IPPROTO_UDP) from their init functions. Implementation: net/ipv4/protocol.c.
 */
#ifndef _NET_PROTOCOL_H
#define _NET_PROTOCOL_H

#include <linux/skbuff.h>
#include <linux/in.h>

struct net_protocol {
	int	(*handler)(struct sk_buff *skb);
	int	(*err_handler)(struct sk_buff *skb, u32 info);
};

extern const struct net_protocol *inet_protos[IPPROTO_MAX];
int inet_add_protocol(const struct net_protocol *prot, unsigned char protocol);	/* -EBUSY if taken */
int inet_del_protocol(const struct net_protocol *prot, unsigned char protocol);

#endif
