/*
 * Kernel memory allocation: kmalloc over power-of-two size classes, and
 * named object caches (kmem_cache) for hot fixed-size objects such as
 * sk_buffs. Every cache's object counts show in /proc/slabinfo, which the
 * leak checks read. Implementation: kernel/mm/slab.c.
 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include "kernel.h"

#define GFP_KERNEL	0x01u	/* may sleep (process context) */
#define GFP_ATOMIC	0x02u	/* never sleeps: IRQ, softirq, under spinlocks */
#define GFP_NOWAIT	GFP_ATOMIC
#define __GFP_ZERO	0x100u

void *kmalloc(size_t size, gfp_t flags);
void *kzalloc(size_t size, gfp_t flags);
void *kcalloc(size_t n, size_t size, gfp_t flags);
void *krealloc(void *p, size_t new_size, gfp_t flags);
void kfree(const void *p);
size_t ksize(const void *p);

struct kmem_cache;
#define SLAB_HWCACHE_ALIGN	0x2000u
struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align,
				     unsigned long flags, void (*ctor)(void *));
void kmem_cache_destroy(struct kmem_cache *c);
unsigned long kmem_cache_shrink(struct kmem_cache *c);	/* empty slabs back to the page allocator; pages freed */
unsigned long kmem_cache_shrink_all(void);		/* every cache's (drop_caches, leak checks) */
unsigned long slab_reclaimable_pages(void);		/* pages in the empty slabs caches keep */
void *kmem_cache_alloc(struct kmem_cache *c, gfp_t flags);
void *kmem_cache_zalloc(struct kmem_cache *c, gfp_t flags);
void kmem_cache_free(struct kmem_cache *c, void *obj);

/* Total objects in use across all caches (the leak checks compare this). */
unsigned long slab_objects_in_use(void);

#endif
