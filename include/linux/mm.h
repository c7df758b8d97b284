/*
 * Physical pages and the kernel's view of memory.
 *
 * Virtual layout (i386, 3G/1G split like Linux):
 *   0x00000000-0xBFFFFFFF  user space (per process)
 *   0xC0000000-...         lowmem: all RAM (up to 768 MB) mapped linearly,
 *                          so __va(phys) = phys + PAGE_OFFSET
 *   0xF0000000-0xFF7FFFFF  vmalloc area: kernel stacks with unmapped guard
 *                          pages below them, ioremap'd device windows
 * Implementation: kernel/mm/page_alloc.c, kernel/mm/paging.c.
 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include "kernel.h"

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x)	ALIGN((unsigned long)(x), PAGE_SIZE)
#define PAGE_OFFSET	0xC0000000UL
#define VMALLOC_START	0xF0000000UL
#define VMALLOC_END	0xFF800000UL
#define TASK_SIZE	PAGE_OFFSET

#define __pa(v)		((phys_addr_t)((unsigned long)(v) - PAGE_OFFSET))
#define __va(p)		((void *)((unsigned long)(p) + PAGE_OFFSET))
static inline phys_addr_t virt_to_phys(const void *v) { return __pa(v); }
static inline void *phys_to_virt(phys_addr_t p) { return __va(p); }

/* Physically contiguous 2^order pages, returned as a lowmem virtual address. */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
unsigned long get_zeroed_page(gfp_t gfp);
void free_pages(unsigned long addr, unsigned int order);
#define __get_free_page(gfp)	__get_free_pages(gfp, 0)
#define free_page(addr)		free_pages(addr, 0)

unsigned long nr_free_pages(void);
extern unsigned long totalram_pages;

/* Page reference counts (for copy-on-write sharing of user pages). */
void get_page_phys(phys_addr_t p);
int page_count_phys(phys_addr_t p);

/* vmalloc-area mappings of pages (non-contiguous physical memory). */
void *vmalloc(size_t size);
void vfree(void *addr);

#endif
