/*
 * The neighbour cache and its state machine (see include/net/neighbour.h
 * for the picture). Protocol-independent: ARP supplies ->solicit (send a
 * who-has) and ->error_report (tell the sender its packet died) and feeds
 * answers in through neigh_update().
 *
 * Call order:
 *   TX: ip_finish_output2 -> ip_neigh_gw4 (neigh_create) -> neigh_output:
 *       VALID -> header + dev_queue_xmit; else queue on arp_queue and
 *       start resolution (INCOMPLETE, solicit, timer).
 *   timer: INCOMPLETE: solicit again until ucast_probes, then FAILED:
 *       drop the queue (error_report each); REACHABLE: -> STALE after
 *       reachable_time; DELAY: confirmed meanwhile -> REACHABLE, else
 *       PROBE: unicast who-has until ucast_probes, then FAILED.
 *   RX: arp_process -> neigh_update(lladdr, REACHABLE/STALE) -> flush
 *       arp_queue out.
 *   gc timer: free unreferenced STALE/FAILED entries older than gc_staletime.
 *   neigh_create past gc_thresh3 (or gc_thresh2 for 5 s): neigh_forced_gc.
 * Lock legend in the header: tbl->lock (BH) [N]; packets are sent only
 * after dropping it.
 */
#include <net/neighbour.h>
#include <linux/etherdevice.h>
#include <linux/jiffies.h>

/* A FAILED entry answers -EHOSTUNREACH for this long before trying again. */
#define NEIGH_FAILED_HOLD	(3 * HZ)

const char *neigh_state_name(u8 s)
{
	switch (s) {
	case NUD_NONE:		return "NONE";
	case NUD_INCOMPLETE:	return "INCOMPLETE";
	case NUD_REACHABLE:	return "REACHABLE";
	case NUD_STALE:		return "STALE";
	case NUD_DELAY:		return "DELAY";
	case NUD_PROBE:		return "PROBE";
	case NUD_FAILED:	return "FAILED";
	case NUD_NOARP:		return "NOARP";
	case NUD_PERMANENT:	return "PERMANENT";
	default:		return "?";
	}
}

static unsigned int neigh_hash(__be32 key, const struct net_device *dev)
{
	u32 h = key ^ (u32)dev->ifindex;

	h ^= h >> 16;
	h *= 0x45d9f3bu;	/* mix so 10.0.2.x don't all share a bucket */
	h ^= h >> 16;
	return h & (NEIGH_HASHSIZE - 1);
}

static struct neighbour *__neigh_lookup(struct neigh_table *tbl, __be32 key,
					struct net_device *dev)
{
	struct neighbour *n;

	hlist_for_each_entry(n, &tbl->hash[neigh_hash(key, dev)], hnode)
		if (n->primary_key == key && n->dev == dev)
			return n;
	return NULL;
}

struct neighbour *neigh_lookup(struct neigh_table *tbl, __be32 key, struct net_device *dev)
{
	struct neighbour *n;

	spin_lock_bh(&tbl->lock);
	tbl->stats.lookups++;
	n = __neigh_lookup(tbl, key, dev);
	if (n) {
		refcount_inc(&n->refcnt);
		tbl->stats.hits++;
	}
	spin_unlock_bh(&tbl->lock);
	return n;
}

static void neigh_destroy(struct neighbour *n)
{
	__skb_queue_purge(&n->arp_queue);
	n->tbl->stats.destroys++;
	dev_put(n->dev);
	kfree(n);
}

void neigh_release(struct neighbour *n)
{
	if (refcount_dec_and_test(&n->refcnt))
		neigh_destroy(n);
}

static void neigh_timer_handler(struct timer_list *t);

/* Unhash (tbl->lock held); the hash's reference goes with it. Returns true if freed now. */
static bool neigh_unlink(struct neighbour *n)
{
	n->dead = 1;
	hlist_del_init(&n->hnode);
	list_del_init(&n->gc_list);
	n->tbl->entries--;
	if (del_timer(&n->timer))
		refcount_dec_and_test(&n->refcnt);	/* the timer's reference; the hash's is still held */
	return refcount_dec_and_test(&n->refcnt);
}

/*
 * Make room (tbl->lock held): free unreferenced, not permanent entries,
 * oldest first, until the table is back at gc_thresh2 (Linux's
 * neigh_forced_gc). Whoever floods the table with senders evicts its own
 * older entries, not the next hops in use: those hold a reference (a
 * pending timer, a packet being sent). Returns how many it freed.
 */
static int neigh_forced_gc(struct neigh_table *tbl)
{
	int max_clean = tbl->entries - tbl->gc_thresh2;
	struct neighbour *n, *tmp;
	int shrunk = 0;

	tbl->stats.forced_gc_runs++;
	if (max_clean < 1)
		max_clean = 1;		/* at gc_thresh3 <= gc_thresh2: one slot is the need */
	list_for_each_entry_safe(n, tmp, &tbl->gc_list, gc_list) {
		if (refcount_read(&n->refcnt) != 1 || (n->nud_state & NUD_PERMANENT))
			continue;
		if (neigh_unlink(n))
			neigh_destroy(n);
		if (++shrunk >= max_clean)
			break;
	}
	tbl->last_flush = jiffies;
	return shrunk;
}

/* May the table take one more entry? Runs the forced gc when Linux would. tbl->lock held. */
static bool neigh_room(struct neigh_table *tbl)
{
	int entries = tbl->entries;

	if (entries >= tbl->gc_thresh3 ||
	    (entries >= tbl->gc_thresh2 && time_after(jiffies, tbl->last_flush + 5 * HZ))) {
		if (!neigh_forced_gc(tbl) && entries >= tbl->gc_thresh3) {
			tbl->stats.table_fulls++;
			return false;
		}
	}
	return true;
}

struct neighbour *neigh_create(struct neigh_table *tbl, __be32 key, struct net_device *dev)
{
	struct neighbour *n, *fresh;

	n = neigh_lookup(tbl, key, dev);
	if (n)
		return n;
	fresh = kzalloc(sizeof(*fresh), GFP_ATOMIC);
	if (!fresh)
		return NULL;
	fresh->tbl = tbl;
	fresh->primary_key = key;
	fresh->dev = dev;
	fresh->nud_state = NUD_NONE;
	fresh->updated = fresh->used = jiffies;
	refcount_set(&fresh->refcnt, 2);	/* the hash's and the caller's */
	skb_queue_head_init(&fresh->arp_queue);
	timer_setup(&fresh->timer, neigh_timer_handler, 0);

	spin_lock_bh(&tbl->lock);
	n = __neigh_lookup(tbl, key, dev);	/* lost a race while allocating? */
	if (n || !neigh_room(tbl)) {
		if (n)
			refcount_inc(&n->refcnt);
		spin_unlock_bh(&tbl->lock);
		kfree(fresh);
		return n;
	}
	dev_hold(dev);
	hlist_add_head(&fresh->hnode, &tbl->hash[neigh_hash(key, dev)]);
	list_add_tail(&fresh->gc_list, &tbl->gc_list);
	tbl->entries++;
	tbl->stats.allocs++;
	spin_unlock_bh(&tbl->lock);
	return fresh;
}

/* Arm the entry's timer; a pending timer holds a reference. tbl->lock held. */
static void neigh_add_timer(struct neighbour *n, unsigned long when)
{
	if (!mod_timer(&n->timer, when))
		refcount_inc(&n->refcnt);
}

static void neigh_del_timer(struct neighbour *n)
{
	if (del_timer(&n->timer))
		refcount_dec_and_test(&n->refcnt);	/* never the last: caller holds one */
}

/* Build the link header and send. Called without tbl->lock. */
static int neigh_hh_output(struct neighbour *n, const u8 *ha, struct sk_buff *skb)
{
	int rc;

	skb->dev = n->dev;
	if (dev_hard_header(skb, n->dev, ntohs(skb->protocol), ha, NULL, skb->len) < 0) {
		kfree_skb(skb);
		return -EINVAL;
	}
	rc = dev_queue_xmit(skb);
	return net_xmit_errno(rc);
}

/* Send what waited on an entry that just became valid. tbl->lock NOT held. */
static void neigh_flush_queue(struct neighbour *n, struct sk_buff_head *q, const u8 *ha)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(q)) != NULL)
		neigh_hh_output(n, ha, skb);
}

/* Start (or restart) resolution. tbl->lock held. */
static void neigh_start_probe(struct neighbour *n)
{
	n->nud_state = NUD_INCOMPLETE;
	n->updated = jiffies;
	n->probes = 0;
	neigh_add_timer(n, jiffies + n->tbl->parms.retrans_time);
}

int neigh_output(struct neighbour *n, struct sk_buff *skb)
{
	struct neigh_table *tbl = n->tbl;
	u8 ha[MAX_ADDR_LEN];
	bool solicit = false;
	int rc = 0;

	if (n->dev->flags & (IFF_NOARP | IFF_LOOPBACK))
		return neigh_hh_output(n, n->dev->broadcast, skb);

	spin_lock_bh(&tbl->lock);
	n->used = jiffies;
	if (n->nud_state & NUD_VALID) {
		memcpy(ha, n->ha, sizeof(ha));
		if (n->nud_state == NUD_STALE) {
			/*
			 * Use the old address at once; ask whether it still holds
			 * only if nothing confirms it within delay_probe_time.
			 */
			n->nud_state = NUD_DELAY;
			n->updated = jiffies;
			neigh_add_timer(n, jiffies + tbl->parms.delay_probe_time);
		}
		spin_unlock_bh(&tbl->lock);
		return neigh_hh_output(n, ha, skb);
	}
	if (n->nud_state == NUD_FAILED &&
	    time_before(jiffies, n->updated + NEIGH_FAILED_HOLD)) {
		/* Resolution just failed: tell the sender now instead of waiting 3 s again. */
		tbl->stats.failed_drops++;
		rc = -EHOSTUNREACH;
		goto drop;
	}
	if (n->nud_state != NUD_INCOMPLETE) {
		neigh_start_probe(n);
		solicit = true;
	}
	if (skb_queue_len(&n->arp_queue) >= (u32)tbl->parms.unres_qlen) {
		/* Keep the newest: the oldest is the most likely to be stale for its sender. */
		struct sk_buff *old = __skb_dequeue(&n->arp_queue);

		kfree_skb(old);
		tbl->stats.unres_discards++;
	}
	__skb_queue_tail(&n->arp_queue, skb);
	spin_unlock_bh(&tbl->lock);
	if (solicit) {
		tbl->ops->solicit(n, skb);
		/* probes counts the solicitations sent for this resolution. */
		spin_lock_bh(&tbl->lock);
		n->probes++;
		spin_unlock_bh(&tbl->lock);
	}
	return 0;

drop:
	spin_unlock_bh(&tbl->lock);
	kfree_skb(skb);
	return rc;
}

int neigh_update(struct neighbour *n, const u8 *lladdr, u8 new_state, u32 flags)
{
	struct neigh_table *tbl = n->tbl;
	struct sk_buff_head q;
	u8 ha[MAX_ADDR_LEN];
	u8 old;

	__skb_queue_head_init(&q);
	spin_lock_bh(&tbl->lock);
	old = n->nud_state;
	if ((old & NUD_PERMANENT) && !(flags & NEIGH_UPDATE_F_ADMIN)) {
		spin_unlock_bh(&tbl->lock);
		return -EPERM;
	}
	if (lladdr && (old & NUD_VALID) && memcmp(lladdr, n->ha, n->dev->addr_len) &&
	    !(flags & NEIGH_UPDATE_F_OVERRIDE)) {
		/* A different address without authority: keep ours, only age it. */
		spin_unlock_bh(&tbl->lock);
		return 0;
	}
	if (new_state == NUD_STALE && (old & NUD_VALID) &&
	    (!lladdr || !memcmp(lladdr, n->ha, n->dev->addr_len))) {
		/* "Was there" says nothing new about a known address: keep its state. */
		spin_unlock_bh(&tbl->lock);
		return 0;
	}
	if (lladdr)
		memcpy(n->ha, lladdr, n->dev->addr_len);
	n->nud_state = new_state;
	n->updated = jiffies;
	n->probes = 0;
	neigh_del_timer(n);
	if (new_state == NUD_REACHABLE) {
		n->confirmed = jiffies;
		neigh_add_timer(n, jiffies + tbl->parms.reachable_time);
	}
	if ((new_state & NUD_VALID) && !(old & NUD_VALID)) {
		/* Resolved: everything that waited can go, in order. */
		while (!skb_queue_empty(&n->arp_queue))
			__skb_queue_tail(&q, __skb_dequeue(&n->arp_queue));
	}
	memcpy(ha, n->ha, sizeof(ha));
	spin_unlock_bh(&tbl->lock);
	neigh_flush_queue(n, &q, ha);
	return 0;
}

static void neigh_timer_handler(struct timer_list *t)
{
	struct neighbour *n = from_timer(n, t, timer);
	struct neigh_table *tbl = n->tbl;
	struct sk_buff_head failed;
	struct sk_buff *skb;
	bool solicit = false;

	__skb_queue_head_init(&failed);
	spin_lock_bh(&tbl->lock);
	if (n->dead)
		goto out;
	switch (n->nud_state) {
	case NUD_INCOMPLETE:
		if (n->probes < tbl->parms.ucast_probes) {
			solicit = true;
			neigh_add_timer(n, jiffies + tbl->parms.retrans_time);
			break;
		}
		/* No answer to any probe: give up on everything that waited. */
		n->nud_state = NUD_FAILED;
		n->updated = jiffies;
		tbl->stats.res_failed++;
		while (!skb_queue_empty(&n->arp_queue))
			__skb_queue_tail(&failed, __skb_dequeue(&n->arp_queue));
		tbl->stats.failed_drops += skb_queue_len(&failed);
		break;
	case NUD_DELAY:
		if (time_before_eq(jiffies, n->confirmed + tbl->parms.delay_probe_time)) {
			/* A reply arrived while we were using the entry: it holds. */
			n->nud_state = NUD_REACHABLE;
			n->updated = jiffies;
			neigh_add_timer(n, n->confirmed + tbl->parms.reachable_time);
			break;
		}
		n->nud_state = NUD_PROBE;
		n->updated = jiffies;
		n->probes = 0;
		solicit = true;
		neigh_add_timer(n, jiffies + tbl->parms.retrans_time);
		break;
	case NUD_PROBE:
		if (n->probes < tbl->parms.ucast_probes) {
			solicit = true;
			neigh_add_timer(n, jiffies + tbl->parms.retrans_time);
			break;
		}
		/* The host went away (or changed address without telling us). */
		n->nud_state = NUD_FAILED;
		n->updated = jiffies;
		tbl->stats.res_failed++;
		break;
	case NUD_REACHABLE:
		if (time_before(jiffies, n->confirmed + tbl->parms.reachable_time)) {
			neigh_add_timer(n, n->confirmed + tbl->parms.reachable_time);
			break;
		}
		n->nud_state = NUD_STALE;
		n->updated = jiffies;
		n->probes = 0;
		break;
	default:
		break;
	}
out:
	spin_unlock_bh(&tbl->lock);
	if (solicit) {
		tbl->ops->solicit(n, NULL);
		spin_lock_bh(&tbl->lock);
		n->probes++;
		spin_unlock_bh(&tbl->lock);
	}
	while ((skb = __skb_dequeue(&failed)) != NULL) {
		if (tbl->ops->error_report)
			tbl->ops->error_report(n, skb);
		kfree_skb(skb);
	}
	neigh_release(n);	/* the pending timer's reference */
}

/*
 * Periodic garbage collection of idle entries nobody holds; a table under
 * gc_thresh1 is left alone (Linux: small tables are not worth the churn).
 */
static void neigh_gc_timer(struct timer_list *t)
{
	struct neigh_table *tbl = from_timer(tbl, t, gc_timer);
	struct neighbour *n, *tmp;

	spin_lock_bh(&tbl->lock);
	tbl->stats.periodic_gc_runs++;
	if (tbl->entries < tbl->gc_thresh1)
		goto out;
	list_for_each_entry_safe(n, tmp, &tbl->gc_list, gc_list) {
		if (n->nud_state & NUD_PERMANENT)
			continue;
		if (refcount_read(&n->refcnt) != 1 || timer_pending(&n->timer))
			continue;
		if (!(n->nud_state & (NUD_STALE | NUD_FAILED | NUD_NONE)))
			continue;
		if (time_before(jiffies, n->used + tbl->parms.gc_staletime) ||
		    time_before(jiffies, n->updated + tbl->parms.gc_staletime))
			continue;
		if (neigh_unlink(n))
			neigh_destroy(n);
	}
out:
	spin_unlock_bh(&tbl->lock);
	mod_timer(&tbl->gc_timer, jiffies + tbl->parms.gc_interval);
}

/* Remove every entry of dev (or all, dev NULL). Their queued packets are dropped. */
static void neigh_flush(struct neigh_table *tbl, struct net_device *dev)
{
	struct neighbour *n;
	struct hlist_node *tmp;
	unsigned int i;

	spin_lock_bh(&tbl->lock);
	for (i = 0; i < NEIGH_HASHSIZE; i++) {
		hlist_for_each_entry_safe(n, tmp, &tbl->hash[i], hnode) {
			if (dev && n->dev != dev)
				continue;
			tbl->stats.failed_drops += skb_queue_len(&n->arp_queue);
			__skb_queue_purge(&n->arp_queue);
			if (neigh_unlink(n))
				neigh_destroy(n);
		}
	}
	spin_unlock_bh(&tbl->lock);
}

void neigh_ifdown(struct neigh_table *tbl, struct net_device *dev)
{
	neigh_flush(tbl, dev);
}

void neigh_flush_table(struct neigh_table *tbl)
{
	neigh_flush(tbl, NULL);
}

void neigh_for_each(struct neigh_table *tbl, void (*cb)(struct neighbour *n, void *arg), void *arg)
{
	struct neighbour *n;
	unsigned int i;

	spin_lock_bh(&tbl->lock);
	for (i = 0; i < NEIGH_HASHSIZE; i++)
		hlist_for_each_entry(n, &tbl->hash[i], hnode)
			cb(n, arg);
	spin_unlock_bh(&tbl->lock);
}

void neigh_table_init(struct neigh_table *tbl)
{
	unsigned int i;

	spin_lock_init(&tbl->lock);
	for (i = 0; i < NEIGH_HASHSIZE; i++)
		tbl->hash[i].first = NULL;
	INIT_LIST_HEAD(&tbl->gc_list);
	tbl->entries = 0;
	tbl->last_flush = jiffies;
	timer_setup(&tbl->gc_timer, neigh_gc_timer, 0);
	mod_timer(&tbl->gc_timer, jiffies + tbl->parms.gc_interval);
}
