/*
 * The slab allocator: object caches carved out of page-sized (or larger)
 * slabs, and kmalloc on top of a set of power-of-two caches.
 *
 * A slab is 2^order contiguous pages that start with a struct slab header
 * followed by equal-sized objects; free objects are chained through their
 * first word. A cache keeps slabs with free objects on `partial` (those
 * in use first, empty ones at the tail) and full ones on `full`.
 *
 * Empty slabs: a cache keeps up to SLAB_MIN_PARTIAL of them (SLUB's
 * min_partial rule; 5 here), and gives the rest back to the page allocator. A
 * bulk TCP sender allocates and frees a window of skbs (three 2 KiB
 * slabs' worth) every round trip; returning each slab as it emptied and
 * building it again a moment later cost 750 ns per object (a ktest
 * timing, against 30 ns for the lock) and a fifth of the guest's time in
 * bulk guest-to-host. Kept slabs still count in /proc/slabinfo's
 * num_objs and num_slabs, and in MemAvailable; MemFree counts free pages
 * only, as Linux's. kmem_cache_shrink gives a cache's empty slabs back,
 * and `echo 2 > /proc/sys/vm/drop_caches` every cache's (Linux's knob):
 * the leak checks (usertests, fuzz, ktest) do that before they compare
 * MemFree, so a leak still shows to the page.
 *
 * kmalloc(n): the smallest size class >= n (16 ... 2048); larger requests
 * take whole pages, marked in mem_map so kfree knows their order.
 *
 * Lock: one per cache, irqsave (skbs are freed in IRQ/softirq context).
 * /proc/slabinfo prints Linux's "slabinfo - version: 2.1" format.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/page.h>
#include <linux/proc_fs.h>
#include <linux/ktest.h>

struct kmem_cache {
	const char *name;
	size_t size;		/* object stride */
	size_t obj_size;	/* as asked */
	unsigned order;		/* pages per slab = 2^order */
	unsigned per_slab;
	void (*ctor)(void *);
	spinlock_t lock;
	struct list_head partial, full;	/* lock */
	unsigned long active, total, slabs;	/* lock: objects in use, objects, slabs (kept ones too) */
	unsigned int nr_empty;		/* lock: empty slabs kept on partial's tail, at most SLAB_MIN_PARTIAL */
	struct list_head caches;
};

#define SLAB_MIN_PARTIAL	5	/* Linux SLUB's MIN_PARTIAL, and what its rule gives every size here */

struct slab {
	struct kmem_cache *cache;
	struct list_head list;
	void *freelist;
	unsigned inuse;
};

static LIST_HEAD(cache_list);
static DEFINE_SPINLOCK(cache_list_lock);
static struct kmem_cache cache_cache;	/* where kmem_cache structs come from */

#define KMALLOC_MIN	16
#define KMALLOC_MAX	2048
static const char *const kmalloc_names[] = {
	"kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-128",
	"kmalloc-256", "kmalloc-512", "kmalloc-1k", "kmalloc-2k",
};
static struct kmem_cache *kmalloc_caches[ARRAY_SIZE(kmalloc_names)];

static void cache_init(struct kmem_cache *c, const char *name, size_t size, size_t align,
		       void (*ctor)(void *))
{
	if (align < sizeof(void *))
		align = sizeof(void *);
	c->name = name;
	c->obj_size = size;
	c->size = ALIGN(max(size, sizeof(void *)), align);
	c->order = 0;
	/* At least 8 objects a slab, so the header's share stays small. */
	while (((PAGE_SIZE << c->order) - sizeof(struct slab)) / c->size < 8 && c->order < 4)
		c->order++;
	c->per_slab = ((PAGE_SIZE << c->order) - ALIGN(sizeof(struct slab), align)) / c->size;
	c->ctor = ctor;
	spin_lock_init(&c->lock);
	INIT_LIST_HEAD(&c->partial);
	INIT_LIST_HEAD(&c->full);
	c->active = c->total = c->slabs = 0;
	c->nr_empty = 0;
	unsigned long flags;
	spin_lock_irqsave(&cache_list_lock, flags);
	list_add_tail(&c->caches, &cache_list);
	spin_unlock_irqrestore(&cache_list_lock, flags);
}

static struct slab *slab_grow(struct kmem_cache *c, gfp_t gfp)
{
	unsigned long mem = __get_free_pages(gfp & ~__GFP_ZERO, c->order);
	if (!mem)
		return NULL;
	struct slab *s = (struct slab *)mem;
	size_t hdr = ALIGN(sizeof(struct slab), c->size >= 64 ? 64 : sizeof(void *));
	char *obj = (char *)mem + hdr;
	s->cache = c;
	s->inuse = 0;
	s->freelist = NULL;
	for (int i = c->per_slab - 1; i >= 0; i--) {
		void *o = obj + i * c->size;
		if ((char *)o + c->size > (char *)mem + (PAGE_SIZE << c->order))
			continue;
		*(void **)o = s->freelist;
		s->freelist = o;
	}
	for (unsigned i = 0; i < (1u << c->order); i++)
		virt_to_page((void *)(mem + i * PAGE_SIZE))->slab = s;
	c->slabs++;
	c->total += c->per_slab;
	return s;
}

void *kmem_cache_alloc(struct kmem_cache *c, gfp_t gfp)
{
	unsigned long flags;
	struct slab *s;
	void *obj;

	spin_lock_irqsave(&c->lock, flags);
	s = list_first_entry_or_null(&c->partial, struct slab, list);
	if (!s) {
		s = slab_grow(c, gfp);
		if (!s) {
			spin_unlock_irqrestore(&c->lock, flags);
			return NULL;
		}
		list_add(&s->list, &c->partial);
	} else if (!s->inuse) {
		c->nr_empty--;		/* a kept one: nothing partly used was left */
	}
	obj = s->freelist;
	s->freelist = *(void **)obj;
	s->inuse++;
	c->active++;
	if (!s->freelist)
		list_move_tail(&s->list, &c->full);
	spin_unlock_irqrestore(&c->lock, flags);

	if (gfp & __GFP_ZERO)
		memset(obj, 0, c->obj_size);
	else if (c->ctor)
		c->ctor(obj);
	return obj;
}

void *kmem_cache_zalloc(struct kmem_cache *c, gfp_t gfp)
{
	return kmem_cache_alloc(c, gfp | __GFP_ZERO);
}

static void slab_free(struct kmem_cache *c, struct slab *s, void *obj)
{
	unsigned long flags;
	bool release = false;

	spin_lock_irqsave(&c->lock, flags);
	if (!s->freelist)
		list_move(&s->list, &c->partial);	/* was full: used first from now */
	*(void **)obj = s->freelist;
	s->freelist = obj;
	s->inuse--;
	c->active--;
	if (s->inuse == 0) {
		if (c->nr_empty < SLAB_MIN_PARTIAL) {
			list_move_tail(&s->list, &c->partial);
			c->nr_empty++;
		} else {
			list_del(&s->list);
			c->slabs--;
			c->total -= c->per_slab;
			release = true;
		}
	}
	spin_unlock_irqrestore(&c->lock, flags);
	if (release)
		free_pages((unsigned long)s, c->order);
}

void kmem_cache_free(struct kmem_cache *c, void *obj)
{
	if (!obj)
		return;
	struct slab *s = virt_to_page(obj)->slab;
	BUG_ON(!s || s->cache != c);
	slab_free(c, s, obj);
}

/* Give every empty slab of c back to the page allocator. Returns how many pages. */
unsigned long kmem_cache_shrink(struct kmem_cache *c)
{
	struct slab *s, *n;
	unsigned long flags, pages = 0;
	LIST_HEAD(empty);

	spin_lock_irqsave(&c->lock, flags);
	list_for_each_entry_safe(s, n, &c->partial, list) {
		if (s->inuse)
			continue;
		list_move(&s->list, &empty);
		c->slabs--;
		c->total -= c->per_slab;
	}
	c->nr_empty = 0;
	spin_unlock_irqrestore(&c->lock, flags);
	list_for_each_entry_safe(s, n, &empty, list) {
		free_pages((unsigned long)s, c->order);
		pages += 1ul << c->order;
	}
	return pages;
}

/* fn over every cache, under cache_list_lock; the sum of what it returns. */
static unsigned long for_each_cache_sum(unsigned long (*fn)(struct kmem_cache *c))
{
	struct kmem_cache *c;
	unsigned long flags, sum = 0;

	spin_lock_irqsave(&cache_list_lock, flags);
	list_for_each_entry(c, &cache_list, caches)
		sum += fn(c);
	spin_unlock_irqrestore(&cache_list_lock, flags);
	return sum;
}

/* Every cache's (drop_caches, and the leak checks before they count). */
unsigned long kmem_cache_shrink_all(void)
{
	return for_each_cache_sum(kmem_cache_shrink);
}

static unsigned long cache_kept_pages(struct kmem_cache *c)
{
	return (unsigned long)READ_ONCE(c->nr_empty) << c->order;
}

/* Pages in kept empty slabs: free for the asking (MemAvailable). */
unsigned long slab_reclaimable_pages(void)
{
	return for_each_cache_sum(cache_kept_pages);
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align,
				     unsigned long flags, void (*ctor)(void *))
{
	struct kmem_cache *c = kmem_cache_alloc(&cache_cache, GFP_KERNEL);
	if (!c)
		return NULL;
	if (flags & SLAB_HWCACHE_ALIGN)
		align = max(align, (size_t)64);
	cache_init(c, name, size, align, ctor);
	return c;
}

void kmem_cache_destroy(struct kmem_cache *c)
{
	unsigned long flags;
	if (!c)
		return;
	WARN_ON(c->active);	/* destroying a cache with live objects leaks them */
	kmem_cache_shrink(c);
	spin_lock_irqsave(&cache_list_lock, flags);
	list_del(&c->caches);
	spin_unlock_irqrestore(&cache_list_lock, flags);
	kmem_cache_free(&cache_cache, c);
}

static int kmalloc_index(size_t size)
{
	int i = 0;
	for (size_t s = KMALLOC_MIN; s < size; s <<= 1)
		i++;
	return i;
}

void *kmalloc(size_t size, gfp_t gfp)
{
	if (!size)
		return NULL;
	if (size <= KMALLOC_MAX)
		return kmem_cache_alloc(kmalloc_caches[kmalloc_index(size)], gfp);
	unsigned order = 0;
	while ((PAGE_SIZE << order) < size)
		order++;
	unsigned long p = __get_free_pages(gfp, order);
	if (p) {
		struct page *pg = virt_to_page((void *)p);
		pg->flags |= PG_kmalloc_large;
		pg->order = order;
	}
	return (void *)p;
}

void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	if (size && n > (size_t)-1 / size)
		return NULL;
	return kzalloc(n * size, gfp);
}

size_t ksize(const void *p)
{
	struct page *pg = virt_to_page(p);
	if (pg->flags & PG_kmalloc_large)
		return PAGE_SIZE << pg->order;
	return ((struct slab *)pg->slab)->cache->obj_size;
}

void kfree(const void *p)
{
	if (!p)
		return;
	struct page *pg = virt_to_page(p);
	if (pg->flags & PG_kmalloc_large) {
		pg->flags &= ~PG_kmalloc_large;
		free_pages((unsigned long)p, pg->order);
		return;
	}
	struct slab *s = pg->slab;
	BUG_ON(!s);
	slab_free(s->cache, s, (void *)p);
}

void *krealloc(void *p, size_t new_size, gfp_t gfp)
{
	if (!p)
		return kmalloc(new_size, gfp);
	size_t old = ksize(p);
	if (new_size <= old)
		return p;
	void *n = kmalloc(new_size, gfp);
	if (n) {
		memcpy(n, p, old);
		kfree(p);
	}
	return n;
}

unsigned long slab_objects_in_use(void)
{
	unsigned long n = 0, flags;
	struct kmem_cache *c;
	spin_lock_irqsave(&cache_list_lock, flags);
	list_for_each_entry(c, &cache_list, caches)
		n += c->active;
	spin_unlock_irqrestore(&cache_list_lock, flags);
	return n;
}

static int slabinfo_show(struct seq_file *m, void *v)
{
	struct kmem_cache *c;
	unsigned long flags;
	seq_printf(m, "slabinfo - version: 2.1\n");
	seq_printf(m, "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
		      " : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
	spin_lock_irqsave(&cache_list_lock, flags);
	list_for_each_entry(c, &cache_list, caches)
		seq_printf(m, "%-17s %6lu %6lu %6u %4u %4u : tunables    0    0    0 : slabdata %6lu %6lu      0\n",
			   c->name, c->active, c->total, (unsigned)c->size, c->per_slab, 1u << c->order,
			   c->slabs, c->slabs);
	spin_unlock_irqrestore(&cache_list_lock, flags);
	return 0;
}

void slab_init(void)
{
	cache_init(&cache_cache, "kmem_cache", sizeof(struct kmem_cache), 0, NULL);
	for (unsigned i = 0; i < ARRAY_SIZE(kmalloc_names); i++)
		kmalloc_caches[i] = kmem_cache_create(kmalloc_names[i], KMALLOC_MIN << i, 0, 0, NULL);
}

/*
 * /proc/sys/vm/drop_caches, Linux's: 1 drops the page cache (there is
 * none: ramfs pages are the files), 2 reclaimable slab memory (here, the
 * kept empty slabs), 3 both; 4 is Linux's "stop logging this", accepted.
 * Reads 0: the file is a trigger, not a setting.
 */
static int drop_caches_show(struct seq_file *m, void *v)
{
	seq_printf(m, "0\n");
	return 0;
}

static int drop_caches_store(const char *text)
{
	unsigned long v;

	if (kstrtoul(text, 10, &v) || v < 1 || v > 4)
		return -EINVAL;
	if (v & 2)
		kmem_cache_shrink_all();
	return 0;
}

void slab_proc_init(void)
{
	proc_create_single("slabinfo", slabinfo_show, NULL);
	proc_sysctl_string("sys/vm/drop_caches", drop_caches_show, drop_caches_store);
}

KTEST(slab_kmalloc_sizes)
{
	unsigned long objs = slab_objects_in_use(), pages;

	kmem_cache_shrink_all();
	pages = nr_free_pages();
	void *p[40];
	for (int i = 0; i < 40; i++) {
		p[i] = kmalloc(1 + i * 97, GFP_KERNEL);
		KT_ASSERT(p[i]);
		KT_EXPECT(ksize(p[i]) >= (size_t)(1 + i * 97));
		memset(p[i], i, 1 + i * 97);
	}
	void *big = kmalloc(3 * PAGE_SIZE, GFP_KERNEL);
	KT_ASSERT(big);
	KT_EXPECT(ksize(big) >= 3 * PAGE_SIZE);
	for (int i = 0; i < 40; i++)
		kfree(p[i]);
	kfree(big);
	KT_EXPECT_EQ(slab_objects_in_use(), objs);
	kmem_cache_shrink_all();
	KT_EXPECT_EQ(nr_free_pages(), pages);	/* empty slabs went back */
}

/* A cache keeps SLAB_MIN_PARTIAL empty slabs for the next burst; a shrink gives them back. */
KTEST(slab_keeps_empty_slabs_until_shrunk)
{
	struct kmem_cache *c = kmem_cache_create("ktest-keep", 1000, 0, 0, NULL);
	unsigned long pages;
	void *v[8 * 8];
	int n = 0;

	KT_ASSERT(c);
	KT_ASSERT(c->per_slab <= 8);
	pages = nr_free_pages();
	while (n < (int)ARRAY_SIZE(v) && c->slabs < SLAB_MIN_PARTIAL + 2)
		KT_ASSERT((v[n++] = kmem_cache_alloc(c, GFP_KERNEL)));
	KT_EXPECT_EQ(c->slabs, SLAB_MIN_PARTIAL + 2);
	while (n)
		kmem_cache_free(c, v[--n]);
	KT_EXPECT_EQ(c->active, 0);
	KT_EXPECT_EQ(c->slabs, SLAB_MIN_PARTIAL);	/* two went back at once */
	KT_EXPECT_EQ(c->nr_empty, SLAB_MIN_PARTIAL);
	KT_EXPECT(nr_free_pages() < pages);
	KT_ASSERT((v[0] = kmem_cache_alloc(c, GFP_KERNEL)));	/* from a kept slab: no page */
	KT_EXPECT_EQ(c->slabs, SLAB_MIN_PARTIAL);
	KT_EXPECT_EQ(c->nr_empty, SLAB_MIN_PARTIAL - 1);
	kmem_cache_free(c, v[0]);
	KT_EXPECT_EQ(kmem_cache_shrink(c), (unsigned long)SLAB_MIN_PARTIAL << c->order);
	KT_EXPECT_EQ(c->slabs, 0);
	KT_EXPECT_EQ(nr_free_pages(), pages);
	kmem_cache_destroy(c);
}

KTEST(slab_cache_many_objects)
{
	struct kmem_cache *c = kmem_cache_create("ktest-cache", 200, 0, 0, NULL);
	KT_ASSERT(c);
	void **v = kmalloc(500 * sizeof(void *), GFP_KERNEL);
	KT_ASSERT(v);
	for (int i = 0; i < 500; i++) {
		v[i] = kmem_cache_alloc(c, GFP_KERNEL);
		KT_ASSERT(v[i]);
	}
	for (int i = 0; i < 500; i += 2)
		kmem_cache_free(c, v[i]);
	for (int i = 1; i < 500; i += 2)
		kmem_cache_free(c, v[i]);
	kfree(v);
	kmem_cache_destroy(c);
}
