/*
 * The IPv4 routing table (FIB) and the route lookup's result.
 *
 * One table, longest-prefix match, entries added by devinet (connected
 * subnet when an address is set, 127/8 on lo) and ipconfig (default
 * gateway). ip_route_output(daddr) answers "which device, which next hop,
 * which source address"; it fills a struct rtable the caller owns (no
 * reference counting: devices are not removed while packets fly - they are
 * flushed on unregister under the table lock).
 * Local destinations (any address of ours, 127/8) always leave via lo.
 * /proc/net/route prints the table in Linux's format.
 * Implementation: net/ipv4/route.c. Lock: fib_lock (BH) guards the table.
 */
#ifndef _NET_ROUTE_H
#define _NET_ROUTE_H

#include <linux/netdevice.h>
#include <linux/list.h>

/* rtable.rt_flags */
#define RTCF_LOCAL	0x80000000	/* to one of our addresses: via lo */
#define RTCF_BROADCAST	0x10000000	/* limited or subnet broadcast: no ARP */

/* fib_entry.flags, /proc/net/route's Flags column (Linux RTF_*). */
#define RTF_UP		0x0001
#define RTF_GATEWAY	0x0002
#define RTF_HOST	0x0004

struct rtable {
	struct net_device	*dev;		/* leaves by */
	__be32			rt_gateway;	/* next hop: gateway, or daddr itself when on-link */
	__be32			rt_src;		/* preferred source address */
	unsigned int		rt_flags;	/* RTCF_* */
	unsigned int		mtu;		/* of dev */
};

struct fib_entry {
	struct list_head	list;		/* in fib_table, longest prefix first */
	__be32			dst;		/* network order, already masked */
	__be32			mask;
	u8			prefixlen;
	__be32			gw;		/* 0: on-link */
	struct net_device	*dev;
	unsigned short		flags;		/* RTF_* */
	int			metric;
	unsigned long		use;		/* lookups that chose it */
};

int ip_route_add(__be32 dst, u8 prefixlen, __be32 gw, struct net_device *dev, int metric);
int ip_route_del(__be32 dst, u8 prefixlen, __be32 gw, struct net_device *dev);
void ip_route_flush_dev(struct net_device *dev);
int ip_route_output_oif(__be32 daddr, __be32 saddr, int oif, struct rtable *rt);
int ip_route_output(__be32 daddr, __be32 saddr, struct rtable *rt);	/* 0 or -ENETUNREACH */
const struct fib_entry *fib_lookup(__be32 daddr);	/* longest-prefix match, for tests */
void ip_route_init(void);

#endif
