/*
 * Neighbour table: the cache from next-hop IP address to link-layer
 * address, and the state machine that fills it (ARP drives it for IPv4;
 * see net/ipv4/arp.c).
 *
 *   (none) --send--> INCOMPLETE --reply--> REACHABLE --reachable_time--> STALE
 *                     |  who-has every retrans_time, ucast_probes times   ^    | used
 *                     v                                       confirmed  |    v
 *                   FAILED <-- no answer to ucast_probes -- PROBE <-- DELAY (delay_probe_time)
 *   (queue dropped, senders told EHOSTUNREACH)        unicast who-has
 *
 * A who-has aimed at us creates the asker's entry as STALE (RFC 826's
 * merge; Linux's neigh_event_ns): the first packet back goes out at once,
 * the entry moves to DELAY, and only if nothing confirmed it within
 * delay_probe_time does PROBE ask again, by unicast.
 *
 * While INCOMPLETE, up to unres_qlen packets wait on the entry (arp_queue);
 * more push out the oldest (counted: unres_discards). A reply flushes the
 * queue out in order. neigh_output() is the one call the IP output path
 * makes. Implementation: net/core/neighbour.c.
 *
 * Size (Linux's gc_thresh1/2/3, /proc/sys/net/ipv4/neigh/default/): the
 * periodic gc leaves a table under gc_thresh1 alone; a new entry past
 * gc_thresh3, or past gc_thresh2 when the last forced gc is 5 s old,
 * first runs a forced gc, which frees unreferenced, not permanent entries
 * oldest first down to gc_thresh2. Only if that frees nothing is the new
 * entry refused (table_fulls).
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
	unsigned long	delay_probe_time;	/* DELAY -> PROBE unless confirmed meanwhile */
	unsigned long	gc_staletime;	/* unused STALE/FAILED entries are freed after this */
	unsigned long	gc_interval;
};

struct neigh_statistics {
	unsigned long allocs, destroys, lookups, hits;
	unsigned long res_failed;	/* resolutions that ended FAILED */
	unsigned long unres_discards;	/* packets dropped from / refused by a full arp_queue */
	unsigned long failed_drops;	/* packets dropped because the entry FAILED */
	unsigned long periodic_gc_runs, forced_gc_runs;
	unsigned long table_fulls;	/* a new entry refused: forced gc found nothing to free */
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
	int			gc_thresh1;	/* periodic gc does nothing below this */
	int			gc_thresh2;	/* soft limit: forced gc after 5 s above it */
	int			gc_thresh3;	/* hard limit: forced gc at once */
	unsigned long		last_flush;	/* [N] jiffies of the last forced gc */
	struct list_head	gc_list;	/* [N] every entry, oldest first */
	struct neigh_statistics	stats;
};

struct neighbour {
	struct hlist_node	hnode;		/* [N] in tbl->hash */
	struct list_head	gc_list;	/* [N] in tbl->gc_list, by creation */
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
