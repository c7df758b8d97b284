/* i386 two-level page tables: entry bits and helpers (non-PAE). */
#ifndef _ASM_PGTABLE_H
#define _ASM_PGTABLE_H

#include "../linux/mm.h"

#define _PAGE_PRESENT	0x001
#define _PAGE_RW	0x002
#define _PAGE_USER	0x004
#define _PAGE_PWT	0x008
#define _PAGE_PCD	0x010	/* cache disable: device registers */
#define _PAGE_ACCESSED	0x020
#define _PAGE_DIRTY	0x040
#define _PAGE_PSE	0x080	/* 4 MB page (in a PDE) */
#define _PAGE_GLOBAL	0x100

#define PGDIR_SHIFT	22
#define PTRS_PER_PTE	1024
#define KERNEL_PGD_BOUNDARY (PAGE_OFFSET >> PGDIR_SHIFT)	/* 768 */

typedef u32 pte_t;
typedef u32 pgd_t;

static inline unsigned pgd_index(unsigned long va) { return va >> PGDIR_SHIFT; }
static inline unsigned pte_index(unsigned long va) { return (va >> PAGE_SHIFT) & (PTRS_PER_PTE - 1); }

extern pgd_t swapper_pg_dir[];

static inline void load_cr3(pgd_t *pgd) { __asm__ __volatile__("movl %0, %%cr3" :: "r"(__pa(pgd)) : "memory"); }
static inline u32 read_cr3(void) { u32 v; __asm__ __volatile__("movl %%cr3, %0" : "=r"(v)); return v; }
static inline void flush_tlb_one(unsigned long va) { __asm__ __volatile__("invlpg (%0)" :: "r"(va) : "memory"); }

/* The PTE for va in pgd, allocating the page table if alloc; NULL if absent / no memory. */
pte_t *lookup_pte(pgd_t *pgd, unsigned long va, bool alloc);
int map_page(pgd_t *pgd, unsigned long va, phys_addr_t pa, u32 flags);
/* Boot only, before paging_init: map lowmem [0, pa_end) at PAGE_OFFSET. */
void early_map_lowmem(unsigned long pa_end);

#endif
