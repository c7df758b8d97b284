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
 * Connected sockets keep a copy of their route (struct sk_dst_cache, Linux's
 * sk_dst_cache) so ip_queue_xmit does no lookup per packet; rt_genid, bumped
 * by every change that could alter an answer (route add/del/flush, device
 * up/down/unregister, an address change, a lowered path MTU), tells a copy
 * that it is stale.
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
	unsigned int		mtu;		/* of dev, or the learned path MTU if lower */
	unsigned long		expires;	/* jiffies the learned MTU lapses; 0: none used */
};

/*
 * A socket's cached route: a copy of the lookup's answer and the key it
 * was looked up for. Valid while genid == rt_genid and the key still
 * matches the socket (so a changed peer or SO_BINDTODEVICE re-routes by
 * itself). Guarded by the socket lock (lock_sock owner, or bh_lock_sock
 * when not owned); sk_dst_reset() may clear it from anywhere.
 */
struct sk_dst_cache {
	struct rtable		rt;
	u32			genid;		/* rt_genid at lookup; 0 = empty */
	__be32			daddr;		/* key: inet_daddr */
	__be32			saddr;		/*      inet_saddr */
	int			oif;		/*      sk_bound_dev_if */
	unsigned int		dev_mtu;	/* rt.dev->mtu then: SIOCSIFMTU sends no event */
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

/*
 * Path MTUs learned from ICMP "fragmentation needed" (RFC 1191), per
 * destination, in a bounded table (256 entries; when a set is full the
 * entry nearest its expiry goes). ip_route_output* answers
 * min(dev mtu, learned) until the entry expires after
 * net.ipv4.route.mtu_expires seconds (600). A report below
 * net.ipv4.route.min_pmtu (552) is taken as 552; a report that would
 * raise a live entry is ignored. Any context.
 */
extern int sysctl_ip_rt_mtu_expires;
extern int sysctl_ip_rt_min_pmtu;
void ip_rt_update_pmtu(__be32 daddr, u32 mtu);
void ip_rt_pmtu_flush(void);		/* forget every learned MTU (tests) */

/* Route generation: cached routes looked up under another value are stale. */
u32 rt_genid(void);
void rt_genid_bump(void);

struct sock;
/*
 * The socket's route (ip_output.c): the cached one while valid, else a new
 * lookup for (inet_daddr, inet_saddr, sk_bound_dev_if), which is cached.
 * 0 and *rtp, or -ENETUNREACH. Caller holds the socket lock. The pointer
 * is good until the socket lock is dropped.
 */
int ip_sk_route(struct sock *sk, const struct rtable **rtp);
/* The cached route if still valid, else NULL (Linux's __sk_dst_check). */
const struct rtable *__sk_dst_check(struct sock *sk);
/* Forget the cached route: caller holds the socket lock (connect, disconnect). */
void __sk_dst_reset(struct sock *sk);
/* The same from any context (ICMP handler, timers): a racing re-lookup can
 * only cache a route looked up after the reset, which is what it asks for. */
void sk_dst_reset(struct sock *sk);
/*
 * connect's route: route daddr from saddr (0: the route's source) honouring
 * sk_bound_dev_if, cache it for the socket, and copy it to *rt so the
 * caller can take rt_src as inet_saddr and rt->mtu for its MSS.
 * 0 or -ENETUNREACH.
 */
int ip_route_connect(struct sock *sk, __be32 daddr, __be32 saddr, struct rtable *rt);

#endif
