// unit-sources: net/core/skbuff.c
/* sk_buff: the length invariant, bounds checks, refcounts, clones, queues. */
#include "unit.h"
#include <linux/skbuff.h>

static bool skb_ok(const struct sk_buff *skb)
{
	return skb->head <= skb->data && skb->data <= skb->tail && skb->tail <= skb->end &&
	       skb->len == (unsigned int)(skb->tail - skb->data);
}

static void setup(void)
{
	skb_init();
}
UNIT_SETUP(setup)

TEST(skb_reserve_put_push_pull)
{
	struct sk_buff *skb = alloc_skb(200, GFP_KERNEL);
	u8 *p;

	ASSERT(skb);
	EXPECT(skb_tailroom(skb) >= 200);
	skb_reserve(skb, 64);
	EXPECT_EQ(skb_headroom(skb), 64);
	p = skb_put(skb, 100);
	EXPECT(p == skb->data);
	EXPECT_EQ(skb->len, 100);
	p = skb_push(skb, 14);
	EXPECT_EQ(skb->len, 114);
	EXPECT_EQ(skb_headroom(skb), 50);
	EXPECT(skb_pull(skb, 14) == p + 14);
	EXPECT_EQ(skb->len, 100);
	EXPECT(skb_ok(skb));
	kfree_skb(skb);
}

TEST(skb_pull_past_len_refused)
{
	struct sk_buff *skb = alloc_skb(64, GFP_KERNEL);

	ASSERT(skb);
	skb_put(skb, 10);
	EXPECT(skb_pull(skb, 11) == NULL);
	EXPECT_EQ(skb->len, 10);	/* nothing moved */
	EXPECT(skb_pull(skb, 10) != NULL);
	EXPECT_EQ(skb->len, 0);
	EXPECT(!pskb_may_pull(skb, 1));
	EXPECT(skb_ok(skb));
	kfree_skb(skb);
}

static void do_push_too_far(void *arg)
{
	struct sk_buff *skb = arg;

	skb_push(skb, skb_headroom(skb) + 1);
}

static void do_put_too_far(void *arg)
{
	struct sk_buff *skb = arg;

	skb_put(skb, skb_tailroom(skb) + 1);
}

TEST(skb_push_put_past_buffer_is_bug_not_corruption)
{
	struct sk_buff *skb = alloc_skb(64, GFP_KERNEL);

	ASSERT(skb);
	skb_reserve(skb, 16);
	EXPECT(unit_expect_bug(do_push_too_far, skb));
	EXPECT(unit_expect_bug(do_put_too_far, skb));
	EXPECT_EQ(skb_headroom(skb), 16);
	EXPECT_EQ(skb->len, 0);
	EXPECT(skb_ok(skb));
	kfree_skb(skb);
}

TEST(skb_trim_never_grows)
{
	struct sk_buff *skb = alloc_skb(100, GFP_KERNEL);

	ASSERT(skb);
	skb_put(skb, 60);
	skb_trim(skb, 40);
	EXPECT_EQ(skb->len, 40);
	skb_trim(skb, 80);
	EXPECT_EQ(skb->len, 40);
	EXPECT(skb_ok(skb));
	kfree_skb(skb);
}

TEST(skb_refcount_get_and_free)
{
	long live = skb_live_count();
	struct sk_buff *skb = alloc_skb(100, GFP_KERNEL);

	ASSERT(skb);
	EXPECT_EQ(skb_live_count(), live + 1);
	skb_get(skb);
	EXPECT(skb_shared(skb));
	kfree_skb(skb);
	EXPECT_EQ(skb_live_count(), live + 1);
	consume_skb(skb);
	EXPECT_EQ(skb_live_count(), live);
}

TEST(skb_clone_shares_data_copy_does_not)
{
	struct sk_buff *skb = alloc_skb(100, GFP_KERNEL), *c, *d;

	ASSERT(skb);
	skb_reserve(skb, 20);
	memset(skb_put(skb, 50), 0xab, 50);
	c = skb_clone(skb, GFP_ATOMIC);
	ASSERT(c);
	EXPECT(c->data == skb->data);
	EXPECT(skb_cloned(skb) && skb_cloned(c));
	skb_pull(c, 10);	/* moves only the clone's view */
	EXPECT_EQ(skb->len, 50);
	EXPECT_EQ(c->len, 40);
	d = skb_copy(skb, GFP_ATOMIC);
	ASSERT(d);
	EXPECT(d->data != skb->data);
	EXPECT_EQ(d->len, 50);
	EXPECT_EQ(skb_headroom(d), 20);
	EXPECT_EQ(d->data[49], 0xab);
	kfree_skb(skb);
	EXPECT(!skb_cloned(c));	/* last user of the buffer now */
	kfree_skb(c);
	kfree_skb(d);
}

TEST(skb_big_allocation_uses_kmalloc)
{
	struct sk_buff *skb = alloc_skb(60000, GFP_KERNEL);

	ASSERT(skb);
	EXPECT(skb_tailroom(skb) >= 60000);
	skb_put(skb, 60000);
	EXPECT(skb_ok(skb));
	kfree_skb(skb);
	EXPECT(alloc_skb(SKB_MAX_ALLOC + 1, GFP_KERNEL) == NULL);
}

TEST(netdev_alloc_skb_headroom)
{
	struct sk_buff *skb = netdev_alloc_skb(NULL, 1514);

	ASSERT(skb);
	EXPECT_EQ(skb_headroom(skb), NET_SKB_PAD + NET_IP_ALIGN);
	EXPECT(skb_tailroom(skb) >= 1514);
	kfree_skb(skb);
}

TEST(skb_queue_fifo_and_purge)
{
	struct sk_buff_head q;
	struct sk_buff *a = alloc_skb(10, GFP_KERNEL), *b = alloc_skb(10, GFP_KERNEL);
	struct sk_buff *c = alloc_skb(10, GFP_KERNEL);

	ASSERT(a && b && c);
	skb_queue_head_init(&q);
	EXPECT(skb_queue_empty(&q));
	skb_queue_tail(&q, a);
	skb_queue_tail(&q, b);
	skb_queue_head(&q, c);
	EXPECT_EQ(skb_queue_len(&q), 3);
	EXPECT(skb_dequeue(&q) == c);
	EXPECT(skb_dequeue(&q) == a);
	EXPECT_EQ(skb_queue_len(&q), 1);
	kfree_skb(c);
	kfree_skb(a);
	skb_queue_purge(&q);
	EXPECT(skb_queue_empty(&q));
	EXPECT(skb_dequeue(&q) == NULL);
}

/* ---- receive buffer pools (skb_pool_*: the driver's recycled RX buffers) ---- */

TEST(skb_pool_reuses_a_returned_buffer)
{
	struct skb_pool pool;
	skb_pool_init(&pool, NULL, 1536, 4);

	struct sk_buff *a = skb_pool_alloc(&pool);
	ASSERT(a);
	EXPECT_EQ(pool.allocs, 1);
	unsigned int headroom = skb_headroom(a);
	skb_put(a, 100);
	a->protocol = 0x1234;
	consume_skb(a);				/* the stack is done with it */
	EXPECT_EQ(skb_queue_len(&pool.free), 1);

	struct sk_buff *b = skb_pool_alloc(&pool);
	EXPECT(b == a);				/* the same buffer, not a new one */
	EXPECT_EQ(pool.allocs, 1);
	EXPECT_EQ(pool.reuses, 1);
	EXPECT(skb_ok(b));
	EXPECT_EQ(b->len, 0);			/* reset as netdev_alloc_skb leaves it */
	EXPECT_EQ(skb_headroom(b), headroom);
	EXPECT_EQ(b->protocol, 0);
	EXPECT(skb_tailroom(b) >= 1536);
	kfree_skb(b);
	skb_pool_drain(&pool);
	EXPECT_EQ(skb_queue_len(&pool.free), 0);
}

TEST(skb_pool_never_recycles_shared_data)
{
	struct skb_pool pool;
	skb_pool_init(&pool, NULL, 1536, 4);
	struct sk_buff *a = skb_pool_alloc(&pool);
	ASSERT(a);
	struct sk_buff *c = skb_clone(a, GFP_ATOMIC);
	ASSERT(c);
	kfree_skb(a);				/* data still visible through the clone */
	EXPECT_EQ(skb_queue_len(&pool.free), 0);
	kfree_skb(c);				/* a clone is not the pool's */
	EXPECT_EQ(skb_queue_len(&pool.free), 0);
	skb_pool_drain(&pool);
}

TEST(skb_pool_keeps_at_most_max_and_drain_closes_it)
{
	struct skb_pool pool;
	struct sk_buff *s[6];
	skb_pool_init(&pool, NULL, 256, 3);
	for (int i = 0; i < 6; i++) {
		s[i] = skb_pool_alloc(&pool);
		ASSERT(s[i]);
	}
	for (int i = 0; i < 6; i++)
		kfree_skb(s[i]);
	EXPECT_EQ(skb_queue_len(&pool.free), 3);	/* the other three were really freed */
	skb_pool_drain(&pool);
	EXPECT_EQ(skb_queue_len(&pool.free), 0);
	/* After drain (device closed), buffers still in flight are freed on return. */
	pool.closed = false;
	struct sk_buff *late = skb_pool_alloc(&pool);
	ASSERT(late);
	skb_pool_drain(&pool);
	kfree_skb(late);
	EXPECT_EQ(skb_queue_len(&pool.free), 0);
}
