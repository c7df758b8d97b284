/*
 * struct sk_buff: the one packet buffer type, from the driver's RX ring to
 * the socket queue and back out to the TX ring.
 *
 * Memory layout of the (linear) data buffer:
 *
 *   head          data                tail          end  [skb_shared_info]
 *    |<-headroom->|<------- len ------->|<-tailroom->|
 *
 * Invariant, checked on every operation that moves a pointer:
 *   head <= data <= tail <= end   and   len == tail - data.
 * skb_reserve() opens headroom at allocation, before any data is written;
 * each layer on the way down skb_push()es its header into the headroom,
 * each layer on the way up skb_pull()s its header off. skb_put() appends at
 * tail. put/push past the buffer is a bug in the caller (a kernel
 * programmer's, not a packet's), so it stops the machine with a message
 * (skb_over_panic/skb_under_panic) instead of writing past the buffer;
 * pull past len returns NULL, and input code checks pskb_may_pull() first,
 * so nothing a packet contains can reach those bugs.
 *
 * Sharing: skb_get() takes another reference to the same sk_buff (the
 * holders must not modify it); skb_clone() makes a new sk_buff header that
 * shares the data buffer (dataref in skb_shared_info counts the users), so
 * each clone may move its own data/tail but must not write the bytes.
 *
 * The header-clone rule (Linux's): TCP keeps the original of each segment
 * on its retransmit queue holding only payload, and sends clones that push
 * TCP, IP and Ethernet headers into the shared buffer's headroom. That is
 * safe because the original calls skb_header_release() first: "I will
 * never touch the bytes before my data" (skb->nohdr; dataref's high half
 * counts such payload-only references). A clone of it may then write its
 * headroom, and the bytes of its data up to hdr_len (where the original's
 * data began), as long as skb_header_cloned() is false - no other clone
 * claims the same header area. Every layer that writes a header into an
 * skb it was handed calls skb_cow_head() first (or checks
 * skb_clone_writable() for a write inside the data), which copies the
 * buffer when the header area is shared, so no layer below TCP ever
 * writes bytes the retransmit queue holds. TCP itself, retransmitting
 * while an earlier clone is still in flight (skb_cloned() of the
 * original), sends a pskb_copy() rather than a second clone.
 * kfree_skb() drops a reference on an error path (counted by callers as a
 * drop), consume_skb() when the packet was used successfully.
 *
 * Memory: sk_buff heads come from the "skbuff_head_cache" kmem_cache, data
 * buffers from "skbuff_data_<size>" caches by size class (kmalloc beyond the
 * largest class), so /proc/slabinfo shows them and skb_live_count() lets a
 * leak check compare before and after. Drivers recycle RX buffers by
 * keeping a ring of pre-allocated skbs (netdev_alloc_skb at refill, batch
 * refills); the caches keep freed buffers hot, so steady state allocates
 * no pages.
 *
 * Locking: an sk_buff belongs to one context at a time. sk_buff_head
 * queues carry their own spinlock, taken with interrupts off
 * (skb_queue_tail and friends) because netif_rx queues from hard IRQs;
 * the __ variants are for callers that already hold the right lock.
 * Implementation: net/core/skbuff.c.
 */
#ifndef _LINUX_SKBUFF_H
#define _LINUX_SKBUFF_H

#include "kernel.h"
#include "atomic.h"
#include "spinlock.h"
#include "string.h"
#include "slab.h"
#include "byteorder.h"

struct net_device;
struct sock;

/* ip_summed: what is known about the transport checksum. */
#define CHECKSUM_NONE		0	/* nothing: software must verify (RX) / has filled it (TX) */
#define CHECKSUM_UNNECESSARY	1	/* RX: the NIC verified it */
#define CHECKSUM_COMPLETE	2	/* RX: csum holds the sum over the packet */
#define CHECKSUM_PARTIAL	3	/* TX: the NIC will fill it in */

/* pkt_type: who the frame was addressed to (set by eth_type_trans). */
#define PACKET_HOST		0	/* to us */
#define PACKET_BROADCAST	1	/* to everyone */
#define PACKET_MULTICAST	2	/* to a group */
#define PACKET_OTHERHOST	3	/* to someone else (promiscuous) */
#define PACKET_OUTGOING		4	/* our own outgoing frame */
#define PACKET_LOOPBACK		5

/* Headroom every received frame gets before its MAC header (Linux's values). */
#define NET_SKB_PAD		32
/* 2 bytes more so the IP header after a 14-byte Ethernet header is 4-aligned. */
#define NET_IP_ALIGN		2
/* Headroom a locally generated packet needs for the link-layer header. */
#define LL_MAX_HEADER		32
#define MAX_HEADER		LL_MAX_HEADER
/* Headroom for link + maximal IP header, for packets the IP layer builds. */
#define MAX_IP_HEADER		(MAX_HEADER + 60)

#define SKB_CB_SIZE		48
#define SKB_MAX_ALLOC		(128 * 1024)	/* alloc_skb refuses more */
#define SKB_HDR_UNSET		0xffff	/* a header offset that was never set */

/* Lives at skb->end: what all clones of one data buffer share. */
struct skb_shared_info {
	atomic_t dataref;	/* low 16 bits: sk_buffs on this buffer; high 16: those of them nohdr */
	u8 data_cache;		/* index of the skbuff_data_* cache, SKB_DATA_KMALLOC if none */
	/*
	 * Segmentation offload (GSO/TSO), Linux's fields: a TCP skb longer
	 * than one segment, to be cut by the NIC (NETIF_F_TSO) into gso_segs
	 * segments of gso_size payload bytes each (the last may be shorter),
	 * every one with a copy of the headers. 0 = an ordinary packet.
	 */
	u16 gso_size;
	u16 gso_segs;
};
#define SKB_DATA_KMALLOC	0xff
#define SKB_DATAREF_SHIFT	16
#define SKB_DATAREF_MASK	((1 << SKB_DATAREF_SHIFT) - 1)

struct sk_buff {
	/* Queue linkage: valid only while on an sk_buff_head (or a private chain). */
	struct sk_buff		*next;
	struct sk_buff		*prev;

	struct net_device	*dev;		/* arrived on / leaves by */
	struct sock		*sk;		/* owning socket, if any */
	void			(*destructor)(struct sk_buff *skb);	/* on last free (socket accounting) */
	unsigned long		tstamp;		/* jiffies at allocation/arrival */

	/* Private to the layer that currently owns the skb (IPCB, TCP_SKB_CB...). */
	char			cb[SKB_CB_SIZE] __aligned(8);

	struct skb_pool		*pool;		/* receive buffer to give back on free, or NULL */
	unsigned int		napi_id;	/* the NAPI that received it (busy polling), 0 if none */

	unsigned int		len;		/* == tail - data */
	unsigned int		truesize;	/* memory charged: head + buffer */
	refcount_t		users;		/* sk_buff references (skb_get) */

	__be16			protocol;	/* ethertype, network order (ETH_P_*) */
	u16			mac_header;	/* offsets from head; SKB_HDR_UNSET if not set */
	u16			network_header;
	u16			transport_header;
	u8			ip_summed;	/* CHECKSUM_* */
	u8			pkt_type;	/* PACKET_* */
	u8			cloned;		/* data buffer may be shared: don't write it */
	u8			nohdr;		/* skb_header_release()d: payload only, never the headroom */
	u8			xmit_more;	/* TX hint (Linux 3.18's name): another packet for the same
						 * device follows at once, so the driver may defer its
						 * doorbell; see netdev_xmit_more() */
	u16			hdr_len;	/* clone: bytes from head it may write (skb_clone_writable) */
	__wsum			csum;		/* with CHECKSUM_COMPLETE */

	unsigned char		*head;		/* start of the buffer */
	unsigned char		*data;		/* start of valid data */
	unsigned char		*tail;		/* end of valid data */
	unsigned char		*end;		/* end of the buffer; skb_shared_info follows */
};

#define skb_shinfo(skb)	((struct skb_shared_info *)((skb)->end))

/* Allocation and freeing. */
struct sk_buff *alloc_skb(unsigned int size, gfp_t gfp);	/* size bytes of room, no headroom */
struct sk_buff *netdev_alloc_skb(struct net_device *dev, unsigned int len);	/* + NET_SKB_PAD + NET_IP_ALIGN */
void kfree_skb(struct sk_buff *skb);		/* drop: the packet was not used */
void consume_skb(struct sk_buff *skb);		/* done: the packet was used */
#define dev_kfree_skb(skb)	consume_skb(skb)
#define dev_kfree_skb_any(skb)	consume_skb(skb)	/* process or softirq only: no hard-IRQ caller (e1000_intr frees nothing), so no completion-queue deferral as in Linux */
struct sk_buff *skb_clone(struct sk_buff *skb, gfp_t gfp);	/* new head, shared data */
struct sk_buff *skb_copy(const struct sk_buff *skb, gfp_t gfp);	/* private copy of head and data */
struct sk_buff *pskb_copy(struct sk_buff *skb, gfp_t gfp);	/* private copy: same headroom, data copied */
struct sk_buff *skb_share_check(struct sk_buff *skb, gfp_t gfp);	/* clone if shared; frees skb on failure */
/* Give skb a private buffer with nhead more headroom and ntail more
 * tailroom, data and headroom copied. skb must not be shared (skb_get);
 * pointers into the old buffer are stale afterwards. 0 or -ENOMEM (skb
 * unchanged). */
int pskb_expand_head(struct sk_buff *skb, unsigned int nhead, unsigned int ntail, gfp_t gfp);
void skb_orphan(struct sk_buff *skb);		/* run the destructor, forget the socket */
void skb_init(void);				/* creates the caches (net_init) */

long skb_live_count(void);			/* sk_buffs allocated and not yet freed */

/* Bounds-checked pointer moves. */
void skb_over_panic(const struct sk_buff *skb, unsigned int len, void *here) __noreturn;
void skb_under_panic(const struct sk_buff *skb, unsigned int len, void *here) __noreturn;

static inline unsigned int skb_headroom(const struct sk_buff *skb) { return skb->data - skb->head; }
static inline unsigned int skb_tailroom(const struct sk_buff *skb) { return skb->end - skb->tail; }
static inline unsigned int skb_headlen(const struct sk_buff *skb) { return skb->len; }
static inline unsigned char *skb_tail_pointer(const struct sk_buff *skb) { return skb->tail; }
static inline unsigned char *skb_end_pointer(const struct sk_buff *skb) { return skb->end; }

/* Open headroom in an empty buffer (data and tail move together). */
static inline void skb_reserve(struct sk_buff *skb, unsigned int len)
{
	if (unlikely(skb->len || len > skb_tailroom(skb)))
		skb_over_panic(skb, len, __builtin_return_address(0));
	skb->data += len;
	skb->tail += len;
}
/* Append len bytes at the tail; returns where to write them. */
static inline void *skb_put(struct sk_buff *skb, unsigned int len)
{
	unsigned char *old = skb->tail;

	if (unlikely(len > skb_tailroom(skb)))
		skb_over_panic(skb, len, __builtin_return_address(0));
	skb->tail += len;
	skb->len += len;
	return old;
}
static inline void *skb_put_data(struct sk_buff *skb, const void *src, unsigned int len)
{
	void *p = skb_put(skb, len);

	memcpy(p, src, len);
	return p;
}
static inline void *skb_put_zero(struct sk_buff *skb, unsigned int len)
{
	void *p = skb_put(skb, len);

	memset(p, 0, len);
	return p;
}
/* Prepend len bytes (a header) into the headroom; returns the new data. */
static inline void *skb_push(struct sk_buff *skb, unsigned int len)
{
	if (unlikely(len > skb_headroom(skb)))
		skb_under_panic(skb, len, __builtin_return_address(0));
	skb->data -= len;
	skb->len += len;
	return skb->data;
}
/* Remove len bytes from the front; NULL (and nothing moved) if there are fewer. */
static inline void *skb_pull(struct sk_buff *skb, unsigned int len)
{
	if (unlikely(len > skb->len))
		return NULL;
	skb->len -= len;
	skb->data += len;
	return skb->data;
}
/* Is there at least len bytes of linear data? (Always linear here.) */
static inline bool pskb_may_pull(const struct sk_buff *skb, unsigned int len)
{
	return len <= skb->len;
}
/* Cut the data to len bytes (Ethernet padding, IP tot_len). Never grows. */
static inline void skb_trim(struct sk_buff *skb, unsigned int len)
{
	if (len < skb->len) {
		skb->len = len;
		skb->tail = skb->data + len;
	}
}
static inline int pskb_trim(struct sk_buff *skb, unsigned int len) { skb_trim(skb, len); return 0; }

/* Header offsets, remembered as offsets from head so clones agree. */
static inline unsigned char *skb_mac_header(const struct sk_buff *skb) { return skb->head + skb->mac_header; }
static inline unsigned char *skb_network_header(const struct sk_buff *skb) { return skb->head + skb->network_header; }
static inline unsigned char *skb_transport_header(const struct sk_buff *skb) { return skb->head + skb->transport_header; }
static inline void skb_reset_mac_header(struct sk_buff *skb) { skb->mac_header = skb->data - skb->head; }
static inline void skb_reset_network_header(struct sk_buff *skb) { skb->network_header = skb->data - skb->head; }
static inline void skb_reset_transport_header(struct sk_buff *skb) { skb->transport_header = skb->data - skb->head; }
static inline void skb_set_network_header(struct sk_buff *skb, int off) { skb->network_header = skb->data - skb->head + off; }
static inline void skb_set_transport_header(struct sk_buff *skb, int off) { skb->transport_header = skb->data - skb->head + off; }
static inline bool skb_mac_header_was_set(const struct sk_buff *skb) { return skb->mac_header != SKB_HDR_UNSET; }
static inline bool skb_transport_header_was_set(const struct sk_buff *skb) { return skb->transport_header != SKB_HDR_UNSET; }
static inline int skb_network_offset(const struct sk_buff *skb) { return skb_network_header(skb) - skb->data; }
static inline int skb_transport_offset(const struct sk_buff *skb) { return skb_transport_header(skb) - skb->data; }
static inline unsigned int skb_network_header_len(const struct sk_buff *skb) { return skb->transport_header - skb->network_header; }

/* A packet the NIC segments (TSO), not a single frame. */
static inline bool skb_is_gso(const struct sk_buff *skb) { return skb_shinfo(skb)->gso_size; }

static inline struct sk_buff *skb_get(struct sk_buff *skb) { refcount_inc(&skb->users); return skb; }
static inline bool skb_shared(const struct sk_buff *skb) { return refcount_read(&skb->users) != 1; }
/*
 * Receive: need the transport checksum not be verified? Yes if the NIC
 * checked it (CHECKSUM_UNNECESSARY) or if the packet never left memory: a
 * local sender's CHECKSUM_PARTIAL looped back by lo (NETIF_F_HW_CSUM)
 * still holds only the pseudo-header seed, and no wire could have changed
 * a byte of it (Linux's rule too).
 */
static inline bool skb_csum_unnecessary(const struct sk_buff *skb)
{
	return skb->ip_summed == CHECKSUM_UNNECESSARY || skb->ip_summed == CHECKSUM_PARTIAL;
}

static inline bool skb_cloned(const struct sk_buff *skb)
{
	return skb->cloned && (atomic_read(&skb_shinfo(skb)->dataref) & SKB_DATAREF_MASK) != 1;
}
/* Does another sk_buff besides the nohdr ones claim the header area? */
static inline bool skb_header_cloned(const struct sk_buff *skb)
{
	int dataref;

	if (!skb->cloned)
		return false;
	dataref = atomic_read(&skb_shinfo(skb)->dataref);
	return (dataref & SKB_DATAREF_MASK) - (dataref >> SKB_DATAREF_SHIFT) != 1;
}
/*
 * The owner of skb promises never to write its headroom again, so clones
 * of it may push headers there (TCP, before cloning a segment it keeps for
 * retransmission). Once per skb.
 */
static inline void skb_header_release(struct sk_buff *skb)
{
	if (WARN_ON(skb->nohdr))
		return;
	skb->nohdr = 1;
	atomic_add(1 << SKB_DATAREF_SHIFT, &skb_shinfo(skb)->dataref);
}
/* May this clone write its first len bytes of data (headroom included)? */
static inline bool skb_clone_writable(const struct sk_buff *skb, unsigned int len)
{
	return !skb_header_cloned(skb) && skb_headroom(skb) + len <= skb->hdr_len;
}
/*
 * Before writing headers into the headroom: make sure there are headroom
 * bytes and that they are this skb's alone. Copies the buffer (growing the
 * headroom to a NET_SKB_PAD multiple) only when either is not so.
 * 0 or -ENOMEM.
 */
static inline int skb_cow_head(struct sk_buff *skb, unsigned int headroom)
{
	unsigned int delta = 0;

	if (headroom > skb_headroom(skb))
		delta = ALIGN(headroom - skb_headroom(skb), NET_SKB_PAD);
	if (delta || skb_header_cloned(skb))
		return pskb_expand_head(skb, delta, 0, GFP_ATOMIC);
	return 0;
}

static inline int skb_copy_bits(const struct sk_buff *skb, int offset, void *to, int len)
{
	if (offset < 0 || len < 0 || (unsigned int)(offset + len) > skb->len)
		return -EFAULT;
	memcpy(to, skb->data + offset, len);
	return 0;
}

/*
 * Queues of sk_buffs. The head looks like an sk_buff to the list links
 * (next/prev first), so an empty queue points at itself.
 */
/* The links alone: what a queue head and an sk_buff have in common. */
struct sk_buff_list {
	struct sk_buff	*next;
	struct sk_buff	*prev;
};
#define SKB_LINKS(p)	((struct sk_buff_list *)(void *)(p))

struct sk_buff_head {
	struct sk_buff	*next;		/* same layout as struct sk_buff_list */
	struct sk_buff	*prev;
	u32		qlen;
	spinlock_t	lock;	/* guards the links and qlen (irqsave) */
};

static inline void __skb_queue_head_init(struct sk_buff_head *list)
{
	list->prev = list->next = (struct sk_buff *)list;
	list->qlen = 0;
}
static inline void skb_queue_head_init(struct sk_buff_head *list)
{
	spin_lock_init(&list->lock);
	__skb_queue_head_init(list);
}
static inline u32 skb_queue_len(const struct sk_buff_head *list) { return READ_ONCE(list->qlen); }
static inline bool skb_queue_empty(const struct sk_buff_head *list) { return list->next == (const struct sk_buff *)list; }
static inline struct sk_buff *skb_peek(const struct sk_buff_head *list)
{
	struct sk_buff *skb = list->next;

	return skb == (const struct sk_buff *)list ? NULL : skb;
}
/* The skb after skb on list, or NULL at the end (Linux's skb_peek_next). */
static inline struct sk_buff *skb_peek_next(const struct sk_buff *skb, const struct sk_buff_head *list)
{
	struct sk_buff *next = skb->next;

	return next == (const struct sk_buff *)list ? NULL : next;
}
static inline void __skb_insert(struct sk_buff *n, struct sk_buff *prev, struct sk_buff *next,
				struct sk_buff_head *list)
{
	n->next = next;
	n->prev = prev;
	SKB_LINKS(next)->prev = n;	/* next/prev may be the queue head itself */
	SKB_LINKS(prev)->next = n;
	list->qlen++;
}
static inline void __skb_queue_tail(struct sk_buff_head *list, struct sk_buff *n)
{
	__skb_insert(n, list->prev, (struct sk_buff *)list, list);
}
static inline void __skb_queue_head(struct sk_buff_head *list, struct sk_buff *n)
{
	__skb_insert(n, (struct sk_buff *)list, list->next, list);
}
static inline void __skb_unlink(struct sk_buff *skb, struct sk_buff_head *list)
{
	list->qlen--;
	SKB_LINKS(skb->next)->prev = skb->prev;
	SKB_LINKS(skb->prev)->next = skb->next;
	skb->next = skb->prev = NULL;
}
static inline struct sk_buff *__skb_dequeue(struct sk_buff_head *list)
{
	struct sk_buff *skb = skb_peek(list);

	if (skb)
		__skb_unlink(skb, list);
	return skb;
}
#define skb_queue_walk(queue, skb) \
	for (skb = (queue)->next; skb != (struct sk_buff *)(queue); skb = skb->next)
#define skb_queue_walk_safe(queue, skb, tmp) \
	for (skb = (queue)->next, tmp = skb->next; skb != (struct sk_buff *)(queue); \
	     skb = tmp, tmp = skb->next)

void skb_queue_tail(struct sk_buff_head *list, struct sk_buff *skb);
void skb_queue_head(struct sk_buff_head *list, struct sk_buff *skb);
struct sk_buff *skb_dequeue(struct sk_buff_head *list);
void skb_unlink(struct sk_buff *skb, struct sk_buff_head *list);
void skb_queue_purge(struct sk_buff_head *list);	/* kfree_skb every queued skb */
void __skb_queue_purge(struct sk_buff_head *list);

/*
 * A driver's pool of equal-sized receive buffers (Linux once called this
 * skb_recycle). The driver refills its RX ring with skb_pool_alloc(); when
 * the stack is done with such an skb - unshared, orphaned - __kfree_skb
 * resets it and puts it back instead of freeing it, so a steady stream of
 * received frames needs no allocation at all. Any context; the free list
 * has its own lock. skb_pool_drain() at close frees what is kept and
 * makes later returns ordinary frees.
 */
struct skb_pool {
	struct sk_buff_head free;
	struct net_device *dev;
	unsigned int len;		/* what netdev_alloc_skb(dev, len) would give */
	unsigned int max;		/* kept at most; beyond it a return is freed */
	bool closed;
	unsigned long allocs;		/* buffers that had to come from the allocator */
	unsigned long reuses;		/* buffers that came back and went out again */
};
void skb_pool_init(struct skb_pool *pool, struct net_device *dev, unsigned int len, unsigned int max);
struct sk_buff *skb_pool_alloc(struct skb_pool *pool);	/* NULL when out of memory */
void skb_pool_drain(struct skb_pool *pool);

#endif
