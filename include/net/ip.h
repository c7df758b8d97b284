/*
 * IPv4 inside the kernel: header access, the per-packet control block,
 * the input and output entry points, fragmentation and the tunables.
 *
 * RX: ip_rcv (validate, trim) -> ip_route_input (for us?) -> ip_local_deliver
 *     (ip_defrag if a fragment) -> inet_protos[protocol]->handler
 * TX: ip_build_and_send_pkt (route, header, ID, TTL, checksum) -> ip_local_out
 *     -> ip_output (ip_fragment to the MTU, DF -> EMSGSIZE) -> ip_finish_output2
 *     -> neigh_output (ARP) -> dev_queue_xmit
 *     ip_queue_xmit (connected sockets: TCP) takes the route cached in
 *     sk->sk_dst_cache (net/route.h: ip_sk_route, ip_route_connect,
 *     sk_dst_reset) and joins at ip_local_out.
 * Files: net/ipv4/ip_input.c, ip_output.c, ip_fragment.c, devinet.c,
 * route.c, af_inet.c (inet_init), proc.c (/proc/net/snmp).
 */
#ifndef _NET_IP_H
#define _NET_IP_H

#include <linux/skbuff.h>
#include <linux/netdevice.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <net/snmp.h>

struct rtable;

static inline struct iphdr *ip_hdr(const struct sk_buff *skb)
{
	return (struct iphdr *)skb_network_header(skb);
}
static inline unsigned int ip_hdrlen(const struct sk_buff *skb) { return ip_hdr(skb)->ihl * 4; }
static inline bool ip_is_fragment(const struct iphdr *iph)
{
	return (iph->frag_off & htons(IP_MF | IP_OFFSET)) != 0;
}

/* IP's use of skb->cb while IP owns the packet (input side). */
struct inet_skb_parm {
	int	iif;		/* ifindex it arrived on */
	int	oif;		/* output: leave by this ifindex only (SO_BINDTODEVICE), 0 = any */
	u16	flags;		/* IPSKB_* */
	u16	frag_max_size;	/* largest fragment seen during reassembly */
};
#define IPSKB_LOCAL_BCAST	0x01	/* addressed to a broadcast address */
#define IPSKB_REASSEMBLED	0x02
#define IPCB(skb)	((struct inet_skb_parm *)((skb)->cb))

/* Tunables (/proc/sys/net/ipv4/...). */
extern int sysctl_ip_default_ttl;	/* ip_default_ttl, 64 */
extern int sysctl_ipfrag_time;		/* ipfrag_time, seconds, 30 */
extern int sysctl_ipfrag_high_thresh;	/* ipfrag_high_thresh, bytes held by reassembly queues */
extern int sysctl_ipfrag_low_thresh;	/* eviction stops below this */

/* Input. */
int ip_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt,
	   struct net_device *orig_dev);
int ip_local_deliver(struct sk_buff *skb);

/* Output. skb->data at the transport header, MAX_IP_HEADER of headroom.
 * ttl <= 0: sysctl_ip_default_ttl. saddr 0: the route's source address.
 * Consumes skb. Returns 0 or -ENETUNREACH, -EMSGSIZE (df and too big),
 * -EHOSTUNREACH (ARP failed), -ENOBUFS. */
int ip_build_and_send_pkt(struct sk_buff *skb, __be32 saddr, __be32 daddr,
			  u8 protocol, u8 tos, int ttl, bool df);
int ip_local_out(struct sk_buff *skb, const struct rtable *rt);	/* skb->data at a complete IP header */
struct sock;
/* Output for a connected socket (TCP): skb->data at the transport header,
 * MAX_IP_HEADER of headroom, skb->cb free for IP (IPCB is cleared here).
 * Routes by the socket's cached route (sk_dst_cache, revalidated when
 * routes change; SO_BINDTODEVICE honoured), takes saddr/daddr, TTL, TOS
 * from inet_sk(sk), sets DF unless IP_PMTUDISC_DONT. Consumes skb.
 * Returns 0 or -ENETUNREACH, -EHOSTUNREACH, -EMSGSIZE, -ENOBUFS. */
int ip_queue_xmit(struct sock *sk, struct sk_buff *skb);
void ip_send_check(struct iphdr *iph);				/* fill in the header checksum */
/*
 * The IP ID (RFC 6864, RFC 7739), by Linux's rules: a connected socket
 * numbers its own packets from a random start (inet_id, no hashing per
 * packet); an unconnected sender's DF packet, which can never be
 * reassembled, carries 0; anything else takes a per-destination counter
 * chosen by a keyed hash of daddr, saddr and protocol (fill those and
 * frag_off first). _segs reserves segs consecutive IDs for a TSO burst
 * the NIC numbers itself.
 */
void ip_select_ident_segs(struct iphdr *iph, int segs);
static inline void ip_select_ident(struct iphdr *iph) { ip_select_ident_segs(iph, 1); }
/* net.ipv4.ip_local_port_range, sanitised (udp.c owns the sysctl). */
void inet_get_local_port_range(int *low, int *high);

/* Fragmentation and reassembly (ip_fragment.c). */
int ip_fragment(struct sk_buff *skb, const struct rtable *rt, unsigned int mtu,
		int (*output)(struct sk_buff *, const struct rtable *));
struct sk_buff *ip_defrag(struct sk_buff *skb);	/* NULL: kept (or dropped); else the whole datagram */
void ipfrag_init(void);
/* Reassembly events beyond the MIB's ReasmFails, by cause. */
struct ipfrag_stats {
	unsigned long duplicates;	/* exact duplicate fragment dropped, queue kept */
	unsigned long overlaps;		/* overlapping fragment: queue dropped */
	unsigned long bad_length;	/* conflicting end-of-datagram */
	unsigned long evictions;	/* queues dropped over ipfrag_high_thresh */
	unsigned long no_memory;
};
extern struct ipfrag_stats ipfrag_stats;
void ip_frag_flush(void);			/* free every queue (tests, shutdown) */
unsigned int ip_frag_mem(void);			/* bytes held by reassembly queues */
unsigned int ip_frag_queues(void);

/* Addresses (devinet.c). All network order. */
int inet_set_ifaddr(struct net_device *dev, __be32 addr, u8 prefixlen);	/* + connected route */
void inet_clear_ifaddr(struct net_device *dev);
struct net_device *inet_addr_dev(__be32 addr);	/* the device that owns addr, or NULL */
bool inet_addr_is_broadcast(__be32 addr);	/* 255.255.255.255 or a subnet broadcast of ours */
/* Moves on every address or broadcast change: verdicts cached on an older
 * value (dev->rx_saddr_ok) are void, as Linux's rt_genid voids its routes. */
extern unsigned int inet_addr_genid;
__be32 inet_select_addr(const struct net_device *dev, __be32 dst);
__be32 inet_make_mask(int prefixlen);
int inet_mask_len(__be32 mask);			/* -1 if not contiguous */
void devinet_init(void);

void inet_init(void);		/* ARP, IP, ICMP, routes, /proc files (net_init calls it) */
/* conf/all/log_martians, conf/all/accept_local (ip_input.c) */
extern int sysctl_ip_log_martians, sysctl_ip_accept_local;
void ip_proc_init(void);

/* Formats a.b.c.d into buf (16 bytes), returns buf: printk has no %pI4. */
char *in_ntoa(__be32 addr, char *buf);
bool in_aton(const char *s, __be32 *addr);	/* strict dotted quad */

#endif
