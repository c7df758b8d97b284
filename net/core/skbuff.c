/*
 * sk_buff allocation, freeing, cloning and the locked queue helpers.
 *
 * Owns: the "skbuff_head_cache" for struct sk_buff and the
 * "skbuff_data_<size>" caches for data buffers (each buffer ends with a
 * struct skb_shared_info holding the count of sk_buffs sharing it).
 * Call order: alloc_skb/netdev_alloc_skb -> (layers push/pull, see
 * include/linux/skbuff.h) -> kfree_skb/consume_skb -> skb_release_data
 * when the last clone lets go -> kmem_cache_free.
 * Neighbours: every file in net/ allocates here; drivers through
 * netdev_alloc_skb; leak checks read skb_live_count().
 */
#include <linux/skbuff.h>
#include <linux/netdevice.h>
#include <linux/jiffies.h>

/*
 * Data buffer size classes. 2048 holds a full Ethernet frame with its
 * NET_SKB_PAD + NET_IP_ALIGN headroom and the shared info, so every RX
 * buffer of a 1500-MTU NIC comes from one cache. Bigger (loopback's 64K
 * MTU, reassembled datagrams) falls back to kmalloc.
 */
static const unsigned int skb_data_sizes[] = { 256, 512, 2048, 4096 };
#define SKB_DATA_CLASSES ARRAY_SIZE(skb_data_sizes)
static const char *const skb_data_names[SKB_DATA_CLASSES] = {
	"skbuff_data_256", "skbuff_data_512", "skbuff_data_2048", "skbuff_data_4096",
};

static struct kmem_cache *skbuff_head_cache;
static struct kmem_cache *skbuff_data_cache[SKB_DATA_CLASSES];
static atomic_t skb_live = ATOMIC_INIT(0);

void skb_init(void)
{
	unsigned int i;

	if (skbuff_head_cache)
		return;
	skbuff_head_cache = kmem_cache_create("skbuff_head_cache", sizeof(struct sk_buff),
					      0, SLAB_HWCACHE_ALIGN, NULL);
	for (i = 0; i < SKB_DATA_CLASSES; i++)
		skbuff_data_cache[i] = kmem_cache_create(skb_data_names[i], skb_data_sizes[i],
							 0, SLAB_HWCACHE_ALIGN, NULL);
	BUG_ON(!skbuff_head_cache);
}

long skb_live_count(void)
{
	return atomic_read(&skb_live);
}

/* A buffer of at least size bytes + shared info; *cls says where it came from. */
static void *skb_alloc_data(unsigned int size, gfp_t gfp, unsigned int *total, u8 *cls)
{
	unsigned int need = ALIGN(size, 4) + sizeof(struct skb_shared_info);
	unsigned int i;

	for (i = 0; i < SKB_DATA_CLASSES; i++) {
		if (need <= skb_data_sizes[i] && skbuff_data_cache[i]) {
			*total = skb_data_sizes[i];
			*cls = i;
			return kmem_cache_alloc(skbuff_data_cache[i], gfp);
		}
	}
	*total = need;
	*cls = SKB_DATA_KMALLOC;
	return kmalloc(need, gfp);
}

static void skb_free_data(void *buf, u8 cls)
{
	if (cls == SKB_DATA_KMALLOC)
		kfree(buf);
	else
		kmem_cache_free(skbuff_data_cache[cls], buf);
}

static void skb_header_init(struct sk_buff *skb)
{
	memset(skb, 0, offsetof(struct sk_buff, head));
	refcount_set(&skb->users, 1);
	skb->mac_header = SKB_HDR_UNSET;
	skb->network_header = SKB_HDR_UNSET;
	skb->transport_header = SKB_HDR_UNSET;
	skb->tstamp = jiffies;
}

struct sk_buff *alloc_skb(unsigned int size, gfp_t gfp)
{
	struct sk_buff *skb;
	struct skb_shared_info *shinfo;
	unsigned int total;
	u8 cls;
	u8 *data;

	/* Nothing needs more than a maximal IP datagram plus headroom. */
	if (size > SKB_MAX_ALLOC)
		return NULL;
	skb = kmem_cache_alloc(skbuff_head_cache, gfp);
	if (!skb)
		return NULL;
	data = skb_alloc_data(size, gfp, &total, &cls);
	if (!data) {
		kmem_cache_free(skbuff_head_cache, skb);
		return NULL;
	}
	skb_header_init(skb);
	skb->head = skb->data = skb->tail = data;
	/* All the room the size class gives, minus the shared info at the end. */
	skb->end = data + ALIGN_DOWN(total - sizeof(struct skb_shared_info), 4);
	skb->truesize = total + sizeof(struct sk_buff);
	shinfo = skb_shinfo(skb);
	atomic_set(&shinfo->dataref, 1);
	shinfo->data_cache = cls;
	shinfo->gso_size = 0;
	shinfo->gso_segs = 0;
	atomic_inc(&skb_live);
	return skb;
}

struct sk_buff *netdev_alloc_skb(struct net_device *dev, unsigned int len)
{
	struct sk_buff *skb = alloc_skb(len + NET_SKB_PAD + NET_IP_ALIGN, GFP_ATOMIC);

	if (!skb)
		return NULL;
	skb_reserve(skb, NET_SKB_PAD + NET_IP_ALIGN);
	skb->dev = dev;
	return skb;
}

/* Drop this skb's reference to its buffer (and its nohdr count, if any). */
static void skb_release_data(struct sk_buff *skb)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);
	int refs = skb->nohdr ? (1 << SKB_DATAREF_SHIFT) + 1 : 1;

	if (atomic_add_return(-refs, &shinfo->dataref) == 0)
		skb_free_data(skb->head, shinfo->data_cache);
}

void skb_orphan(struct sk_buff *skb)
{
	if (skb->destructor) {
		skb->destructor(skb);
		skb->destructor = NULL;
	}
	skb->sk = NULL;
}

static bool skb_pool_put(struct skb_pool *pool, struct sk_buff *skb);

static void __kfree_skb(struct sk_buff *skb)
{
	/* Freeing an skb still on a queue would leave a dangling link. */
	WARN_ON(skb->next || skb->prev);
	skb_orphan(skb);
	if (skb->pool && skb_pool_put(skb->pool, skb))
		return;		/* back to its driver's receive pool */
	skb_release_data(skb);
	kmem_cache_free(skbuff_head_cache, skb);
	atomic_dec(&skb_live);
}

void kfree_skb(struct sk_buff *skb)
{
	if (!skb)
		return;
	if (!refcount_dec_and_test(&skb->users))
		return;
	__kfree_skb(skb);
}

/* Same as kfree_skb today; separate so a drop monitor can tell drops from consumption. */
void consume_skb(struct sk_buff *skb)
{
	kfree_skb(skb);
}

static void skb_copy_header(struct sk_buff *n, const struct sk_buff *old)
{
	n->dev = old->dev;
	n->tstamp = old->tstamp;
	memcpy(n->cb, old->cb, sizeof(n->cb));
	n->protocol = old->protocol;
	n->mac_header = old->mac_header;
	n->network_header = old->network_header;
	n->transport_header = old->transport_header;
	n->ip_summed = old->ip_summed;
	n->pkt_type = old->pkt_type;
	n->csum = old->csum;
}

/* A copy into a fresh buffer is still the same (maybe TSO) packet. */
static void skb_copy_gso(struct sk_buff *n, const struct sk_buff *old)
{
	skb_shinfo(n)->gso_size = skb_shinfo(old)->gso_size;
	skb_shinfo(n)->gso_segs = skb_shinfo(old)->gso_segs;
}

/* ---- receive buffer pools ---- */

void skb_pool_init(struct skb_pool *pool, struct net_device *dev, unsigned int len, unsigned int max)
{
	skb_queue_head_init(&pool->free);
	pool->dev = dev;
	pool->len = len;
	pool->max = max;
	pool->closed = false;
	pool->allocs = pool->reuses = 0;
}

struct sk_buff *skb_pool_alloc(struct skb_pool *pool)
{
	struct sk_buff *skb = skb_dequeue(&pool->free);

	if (skb) {
		pool->reuses++;
		return skb;
	}
	skb = netdev_alloc_skb(pool->dev, pool->len);
	if (skb) {
		skb->pool = pool;
		pool->allocs++;
	}
	return skb;
}

/*
 * Take skb back if nobody else can see its data (a clone shares it), it is
 * still the size the pool hands out (nobody reallocated its head), and the
 * pool wants more. The skb is reset as netdev_alloc_skb would leave it.
 */
static bool skb_pool_put(struct skb_pool *pool, struct sk_buff *skb)
{
	unsigned char *head = skb->head, *end = skb->end;
	unsigned int truesize = skb->truesize;

	if (READ_ONCE(pool->closed) || skb->nohdr || atomic_read(&skb_shinfo(skb)->dataref) != 1 ||
	    skb_queue_len(&pool->free) >= pool->max)
		return false;
	skb_header_init(skb);
	skb->pool = pool;
	skb->dev = pool->dev;
	skb->head = skb->data = skb->tail = head;
	skb->end = end;
	skb->truesize = truesize;
	skb_reserve(skb, NET_SKB_PAD + NET_IP_ALIGN);
	if (skb_tailroom(skb) < pool->len) {	/* not one of ours any more */
		skb->pool = NULL;
		return false;
	}
	skb_queue_tail(&pool->free, skb);
	return true;
}

void skb_pool_drain(struct skb_pool *pool)
{
	struct sk_buff *skb;

	WRITE_ONCE(pool->closed, true);
	while ((skb = skb_dequeue(&pool->free)) != NULL) {
		skb->pool = NULL;
		kfree_skb(skb);
	}
}

struct sk_buff *skb_clone(struct sk_buff *skb, gfp_t gfp)
{
	struct sk_buff *n = kmem_cache_alloc(skbuff_head_cache, gfp);

	if (!n)
		return NULL;
	skb_header_init(n);
	skb_copy_header(n, skb);
	n->head = skb->head;
	n->data = skb->data;
	n->tail = skb->tail;
	n->end = skb->end;
	n->len = skb->len;
	n->truesize = skb->truesize;
	atomic_inc(&skb_shinfo(skb)->dataref);
	n->cloned = 1;
	skb->cloned = 1;
	/* A clone of a header-released skb owns everything before its data. */
	n->hdr_len = skb->nohdr ? skb_headroom(skb) : skb->hdr_len;
	atomic_inc(&skb_live);
	return n;
}

struct sk_buff *skb_copy(const struct sk_buff *skb, gfp_t gfp)
{
	unsigned int headroom = skb_headroom(skb);
	struct sk_buff *n = alloc_skb(headroom + skb->len + skb_tailroom(skb), gfp);

	if (!n)
		return NULL;
	skb_reserve(n, headroom);
	skb_put(n, skb->len);
	/* Copy the headroom too: the MAC header may live there. */
	memcpy(n->head, skb->head, headroom + skb->len);
	skb_copy_header(n, skb);
	skb_copy_gso(n, skb);
	return n;
}

struct sk_buff *pskb_copy(struct sk_buff *skb, gfp_t gfp)
{
	unsigned int headroom = skb_headroom(skb);
	struct sk_buff *n = alloc_skb(headroom + skb->len, gfp);

	if (!n)
		return NULL;
	skb_reserve(n, headroom);
	skb_put_data(n, skb->data, skb->len);	/* the headroom is the new owner's to fill */
	skb_copy_header(n, skb);
	skb_copy_gso(n, skb);
	return n;
}

int pskb_expand_head(struct sk_buff *skb, unsigned int nhead, unsigned int ntail, gfp_t gfp)
{
	unsigned int size = (skb->end - skb->head) + nhead + ntail;
	unsigned int total;
	struct skb_shared_info *shinfo;
	u16 gso_size = skb_shinfo(skb)->gso_size, gso_segs = skb_shinfo(skb)->gso_segs;
	long off;
	u8 cls;
	u8 *data;

	BUG_ON(skb_shared(skb));	/* another holder would see its buffer change */
	if (size > SKB_MAX_ALLOC)
		return -ENOMEM;
	data = skb_alloc_data(size, gfp, &total, &cls);
	if (!data)
		return -ENOMEM;
	memcpy(data + nhead, skb->head, skb->tail - skb->head);
	off = (long)(data + nhead - skb->head);
	skb_release_data(skb);
	skb->head = data;
	skb->data += off;
	skb->tail += off;
	skb->end = data + ALIGN_DOWN(total - sizeof(struct skb_shared_info), 4);
	/* Offsets are from head: the copy moved everything down by nhead. */
	if (skb->mac_header != SKB_HDR_UNSET)
		skb->mac_header += nhead;
	if (skb->network_header != SKB_HDR_UNSET)
		skb->network_header += nhead;
	if (skb->transport_header != SKB_HDR_UNSET)
		skb->transport_header += nhead;
	shinfo = skb_shinfo(skb);
	atomic_set(&shinfo->dataref, 1);
	shinfo->data_cache = cls;
	shinfo->gso_size = gso_size;	/* still the same packet: the NIC must still cut it */
	shinfo->gso_segs = gso_segs;
	skb->cloned = 0;
	skb->nohdr = 0;
	skb->hdr_len = 0;
	/* A socket was charged the old truesize and will be credited the same. */
	if (!skb->sk)
		skb->truesize = total + sizeof(struct sk_buff);
	return 0;
}

struct sk_buff *skb_share_check(struct sk_buff *skb, gfp_t gfp)
{
	struct sk_buff *n;

	if (!skb_shared(skb))
		return skb;
	n = skb_clone(skb, gfp);
	/* Our reference to the shared one is dropped either way. */
	kfree_skb(skb);
	return n;
}

void skb_over_panic(const struct sk_buff *skb, unsigned int len, void *here)
{
	panic("skb_over_panic: put/reserve %u with tailroom %u (len %u) at %p",
	      len, skb_tailroom(skb), skb->len, here);
}

void skb_under_panic(const struct sk_buff *skb, unsigned int len, void *here)
{
	panic("skb_under_panic: push %u with headroom %u (len %u) at %p",
	      len, skb_headroom(skb), skb->len, here);
}

/* Locked queue operations: interrupts off because netif_rx queues from hard IRQ. */
void skb_queue_tail(struct sk_buff_head *list, struct sk_buff *skb)
{
	unsigned long flags;

	spin_lock_irqsave(&list->lock, flags);
	__skb_queue_tail(list, skb);
	spin_unlock_irqrestore(&list->lock, flags);
}

void skb_queue_head(struct sk_buff_head *list, struct sk_buff *skb)
{
	unsigned long flags;

	spin_lock_irqsave(&list->lock, flags);
	__skb_queue_head(list, skb);
	spin_unlock_irqrestore(&list->lock, flags);
}

struct sk_buff *skb_dequeue(struct sk_buff_head *list)
{
	unsigned long flags;
	struct sk_buff *skb;

	spin_lock_irqsave(&list->lock, flags);
	skb = __skb_dequeue(list);
	spin_unlock_irqrestore(&list->lock, flags);
	return skb;
}

void skb_unlink(struct sk_buff *skb, struct sk_buff_head *list)
{
	unsigned long flags;

	spin_lock_irqsave(&list->lock, flags);
	__skb_unlink(skb, list);
	spin_unlock_irqrestore(&list->lock, flags);
}

void __skb_queue_purge(struct sk_buff_head *list)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(list)) != NULL)
		kfree_skb(skb);
}

void skb_queue_purge(struct sk_buff_head *list)
{
	struct sk_buff *skb;

	while ((skb = skb_dequeue(list)) != NULL)
		kfree_skb(skb);
}
