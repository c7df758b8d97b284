/*
 * Neighbour table: the cache from next-hop IP address to link-layer
 * address, and the state machine that fills it (ARP drives it for IPv4;
 * see net/ipv4/arp.c).
 *
 *   (none) --send--> INCOMPLETE --reply--> REACHABLE --reachable_time--> STALE
 *                     |  who-has every retrans_time, ucast_probes times      |
 *                     v                                                      | used: re-probe
 *                   FAILED (queue dropped, senders told EHOSTUNREACH)   <----+ gc after gc_staletime
 *
 * While INCOMPLETE, up to unres_qlen packets wait on the entry (arp_queue);
 * more push out the oldest (counted: unres_discards). A reply flushes the
 * queue out in order. neigh_output() is the one call the IP output path
 * makes. Implementation: net/core/neighbour.c.
 *
 * Lock legend: tbl->lock (BH) guards the hash, every entry's state, ha,
 * timers' decisions and arp_queue [N]. Never held across dev_queue_xmit:
 * queued packets are moved to a private list first.
 */
#ifndef _NET_NEIGHBOUR_H
#define _NET_NEIGHBOUR_H

#include <linux/netdevice.h>
#include <linux/timer.h>
#include <linux/list.h>

/* nud_state: Linux's Neighbour Unreachability Detection bits. */
#define NUD_NONE	0x00
#define NUD_INCOMPLETE	0x01
#define NUD_REACHABLE	0x02
#define NUD_STALE	0x04
#define NUD_DELAY	0x08
#define NUD_PROBE	0x10
#define NUD_FAILED	0x20
#define NUD_NOARP	0x40
#define NUD_PERMANENT	0x80
#define NUD_VALID	(NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE | NUD_PROBE | NUD_STALE | NUD_DELAY)

const char *neigh_state_name(u8 nud_state);

struct neigh_parms {
	unsigned long	reachable_time;	/* REACHABLE -> STALE after this without confirmation */
	unsigned long	retrans_time;	/* between who-has probes */
	int		ucast_probes;	/* probes before FAILED */
	int		unres_qlen;	/* packets queued while INCOMPLETE */
	unsigned long	gc_staletime;	/* unused STALE/FAILED entries are freed after this */
	unsigned long	gc_interval;
	int		gc_thresh;	/* maximum entries */
};

struct neigh_statistics {
	unsigned long allocs, destroys, lookups, hits;
	unsigned long res_failed;	/* resolutions that ended FAILED */
	unsigned long unres_discards;	/* packets dropped from / refused by a full arp_queue */
	unsigned long failed_drops;	/* packets dropped because the entry FAILED */
	unsigned long table_fulls;
};

struct neighbour;
struct neigh_ops {
	void (*solicit)(struct neighbour *n, struct sk_buff *skb);	/* send a who-has */
	void (*error_report)(struct neighbour *n, struct sk_buff *skb);	/* a queued packet failed */
};

#define NEIGH_HASHBITS	5
#define NEIGH_HASHSIZE	(1u << NEIGH_HASHBITS)

struct neigh_table {
	const char		*id;		/* "arp_cache" */
	struct hlist_head	hash[NEIGH_HASHSIZE];	/* [N] */
	spinlock_t		lock;
	struct neigh_parms	parms;
	const struct neigh_ops	*ops;
	struct timer_list	gc_timer;
	int			entries;	/* [N] */
	struct neigh_statistics	stats;
};

struct neighbour {
	struct hlist_node	hnode;		/* [N] in tbl->hash */
	struct neigh_table	*tbl;
	__be32			primary_key;	/* the next hop's IPv4 address */
	struct net_device	*dev;
	u8			ha[MAX_ADDR_LEN];	/* [N] link-layer address when NUD_VALID */
	u8			nud_state;	/* [N] NUD_* */
	u8			dead;		/* unhashed, waiting for the last reference */
	refcount_t		refcnt;		/* the hash holds one */
	unsigned long		updated;	/* jiffies of the last state change */
	unsigned long		confirmed;	/* jiffies of the last proof of reachability */
	unsigned long		used;		/* jiffies of the last packet sent through it */
	int			probes;		/* who-has sent in this resolution */
	struct sk_buff_head	arp_queue;	/* [N] waiting for resolution */
	struct timer_list	timer;		/* retransmit / reachable expiry */
};

void neigh_table_init(struct neigh_table *tbl);
struct neighbour *neigh_lookup(struct neigh_table *tbl, __be32 key, struct net_device *dev);
struct neighbour *neigh_create(struct neigh_table *tbl, __be32 key, struct net_device *dev); /* lookup or create */
void neigh_release(struct neighbour *n);

/* neigh_update flags */
#define NEIGH_UPDATE_F_OVERRIDE	0x1	/* replace a different lladdr */
#define NEIGH_UPDATE_F_ADMIN	0x2	/* may set PERMANENT / touch PERMANENT */
int neigh_update(struct neighbour *n, const u8 *lladdr, u8 new_state, u32 flags);

int neigh_output(struct neighbour *n, struct sk_buff *skb);	/* consumes skb; 0 or -errno */
void neigh_ifdown(struct neigh_table *tbl, struct net_device *dev);
void neigh_flush_table(struct neigh_table *tbl);		/* tests */
void neigh_for_each(struct neigh_table *tbl, void (*cb)(struct neighbour *n, void *arg), void *arg);

#endif
