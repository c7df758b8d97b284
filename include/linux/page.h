/*
 * struct page: what the kernel knows about each physical page frame. One
 * entry per frame in mem_map[]; the slab allocator records which cache
 * owns a page, user pages carry a reference count.
 */
#ifndef _LINUX_PAGE_H
#define _LINUX_PAGE_H

#include "mm.h"

struct page {
	void *slab;		/* owning struct slab (for kfree) or NULL */
	u16 count;		/* references; 0 = free */
	u8 order;		/* for the head page of a multi-page kmalloc */
	u8 flags;
};
#define PG_reserved	0x01
#define PG_kmalloc_large 0x02

extern struct page *mem_map;
extern unsigned long max_pfn;

static inline unsigned long virt_to_pfn(const void *v) { return __pa(v) >> PAGE_SHIFT; }
static inline struct page *virt_to_page(const void *v) { return &mem_map[virt_to_pfn(v)]; }

#endif
