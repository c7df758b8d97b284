/*
 * Raw IPv4 sockets: socket(AF_INET, SOCK_RAW, protocol). Each one receives
 * a copy of every packet of its protocol, IP header included (for ICMP,
 * filtered by ICMP_FILTER); sends get an IP header built by the kernel
 * unless IP_HDRINCL (always for IPPROTO_RAW). Root only.
 * Implementation: net/ipv4/raw.c; icmp_rcv calls raw_icmp_deliver.
 */
#ifndef _NET_RAW_H
#define _NET_RAW_H

#include <net/inet_sock.h>
#include <uapi/in.h>

struct raw_sock {
	struct inet_sock	inet;		/* must be first */
	struct icmp_filter	filter;		/* ICMP_FILTER: bit n set = drop type n */
};

extern struct proto raw_prot;
void raw_init(void);
/* A copy of skb (data at the transport header, network header set) to each raw socket of protocol. */
void raw_local_deliver(struct sk_buff *skb, int protocol);

#endif
