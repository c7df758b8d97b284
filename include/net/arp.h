/*
 * ARP (RFC 826) for IPv4 over Ethernet: the packet layout and the entry
 * points. net/ipv4/arp.c; the cache itself is net/core/neighbour.c.
 */
#ifndef _NET_ARP_H
#define _NET_ARP_H

#include <linux/netdevice.h>
#include <net/neighbour.h>

#define ARPOP_REQUEST	1
#define ARPOP_REPLY	2

struct arphdr {
	__be16	ar_hrd;		/* hardware type: ARPHRD_ETHER */
	__be16	ar_pro;		/* protocol: ETH_P_IP */
	u8	ar_hln;		/* hardware address length: 6 */
	u8	ar_pln;		/* protocol address length: 4 */
	__be16	ar_op;		/* ARPOP_* */
	/* Ethernet/IPv4 body (the only kind Sockeye speaks) */
	u8	ar_sha[ETH_ALEN];
	__be32	ar_sip;
	u8	ar_tha[ETH_ALEN];
	__be32	ar_tip;
} __packed;
#define ARP_HLEN	28

/* /proc/net/arp Flags column (Linux ATF_*). */
#define ATF_COM		0x02	/* completed entry */
#define ATF_PERM	0x04

struct arp_stats {
	unsigned long rx_requests, rx_replies;
	unsigned long rx_bad;		/* malformed, wrong hw/proto type or lengths */
	unsigned long rx_not_ours;	/* request for another host: learned from at most */
	unsigned long rx_dropped_dev;	/* device is NOARP/loopback/unconfigured */
	unsigned long rx_dup_addr;	/* sender claims one of our addresses */
	unsigned long tx_requests, tx_replies, tx_gratuitous;
};

extern struct neigh_table arp_tbl;
extern struct arp_stats arp_stats;

void arp_init(void);
int arp_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt,
	    struct net_device *orig_dev);
int arp_send(int op, __be32 dest_ip, struct net_device *dev, __be32 src_ip,
	     const u8 *dest_hw, const u8 *src_hw, const u8 *target_hw);
void arp_announce(struct net_device *dev);	/* gratuitous who-has for our own address */
/* The neighbour for next hop nexthop on dev, created if absent (reference held). */
struct neighbour *ip_neigh_gw4(struct net_device *dev, __be32 nexthop);

#endif
