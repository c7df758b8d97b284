/*
 * Ping sockets: socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP), Linux's
 * unprivileged ICMP echo. The user writes an ICMP echo header + payload;
 * the kernel puts the socket's "port" (inet_num) in the echo id and fills
 * the checksum; echo replies whose id matches come back without the IP
 * header. Who may open one: gids in net.ipv4.ping_group_range.
 * Implementation: net/ipv4/ping.c; icmp_rcv calls ping_rcv for replies.
 */
#ifndef _NET_PING_H
#define _NET_PING_H

#include <net/inet_sock.h>

extern struct proto ping_prot;
void ping_init(void);
/* icmp_rcv: an echo reply (skb->data at the ICMP header). Does not consume skb. */
bool ping_rcv(struct sk_buff *skb);
/* icmp err_handler for quoted ICMP echo requests we sent. */
int ping_err(struct sk_buff *skb, u32 info);

#endif
