/*
 * Page tables and the kernel's virtual memory.
 *
 * paging_init() replaces the boot loader-era mapping (boot/entry.S) with the
 * real kernel map in swapper_pg_dir: all of lowmem at PAGE_OFFSET using
 * 4 MB pages, no identity map (so a NULL dereference in the kernel faults),
 * and page tables preallocated for the whole vmalloc area, so every
 * process's page directory can share the kernel half (PDEs 768-1023) by
 * copying it once at creation and never needs syncing afterwards.
 *
 * The vmalloc area holds what needs 4 KB granularity: kernel stacks, each
 * with an unmapped guard page below so an overflow faults loudly instead of
 * corrupting the neighbour, and device MMIO windows (ioremap, uncached).
 *
 * Neighbours: kernel/mm/page_alloc.c (frames), kernel/mm/mmap.c (user
 * mappings), kernel/traps.c (stack_guard_hit for the oops message).
 * Lock: vmalloc_lock guards the vmalloc bitmap; page tables of the kernel
 * half are only changed under it.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/spinlock.h>
#include <linux/sched.h>
#include <linux/page.h>
#include <linux/slab.h>
#include <asm/pgtable.h>
#include <linux/bitmap.h>

#define VMALLOC_PAGES	((VMALLOC_END - VMALLOC_START) >> PAGE_SHIFT)
static u32 vmalloc_bitmap[VMALLOC_PAGES / 32];
static DEFINE_SPINLOCK(vmalloc_lock);

pte_t *lookup_pte(pgd_t *pgd, unsigned long va, bool alloc)
{
	pgd_t *pde = &pgd[pgd_index(va)];
	if (!(*pde & _PAGE_PRESENT)) {
		if (!alloc)
			return NULL;
		unsigned long pt = get_zeroed_page(GFP_KERNEL);
		if (!pt)
			return NULL;
		*pde = __pa(pt) | _PAGE_PRESENT | _PAGE_RW | (va < TASK_SIZE ? _PAGE_USER : 0);
	}
	BUG_ON(*pde & _PAGE_PSE);
	pte_t *pt = __va(*pde & PAGE_MASK);
	return &pt[pte_index(va)];
}

int map_page(pgd_t *pgd, unsigned long va, phys_addr_t pa, u32 flags)
{
	pte_t *pte = lookup_pte(pgd, va, true);
	if (!pte)
		return -ENOMEM;
	*pte = (pa & PAGE_MASK) | flags | _PAGE_PRESENT;
	flush_tlb_one(va);
	return 0;
}

/*
 * Before paging_init the kernel sees only what boot/entry.S mapped, the
 * first 16 MB. The boot loader may have put a large initramfs above that,
 * and mem_init places the page bitmap and mem_map after it: extend the
 * boot map with 4 MB pages to cover physical [0, pa_end). mem_init has
 * checked pa_end is within lowmem, so paging_init rewrites these same
 * PDEs and none is left behind.
 */
void early_map_lowmem(unsigned long pa_end)
{
	for (unsigned long pa = 0; pa < pa_end; pa += 1UL << PGDIR_SHIFT)
		swapper_pg_dir[pgd_index(PAGE_OFFSET + pa)] = pa | _PAGE_PRESENT | _PAGE_RW | _PAGE_PSE;
	load_cr3(swapper_pg_dir);
}

void paging_init(void)
{
	unsigned long lowmem_end = max_pfn << PAGE_SHIFT;

	for (unsigned long pa = 0; pa < lowmem_end; pa += 1UL << PGDIR_SHIFT)
		swapper_pg_dir[pgd_index(PAGE_OFFSET + pa)] =
			pa | _PAGE_PRESENT | _PAGE_RW | _PAGE_PSE | _PAGE_GLOBAL;
	for (unsigned long va = VMALLOC_START; va < VMALLOC_END; va += 1UL << PGDIR_SHIFT) {
		unsigned long pt = get_zeroed_page(GFP_KERNEL);
		if (!pt)
			panic("paging: no memory for vmalloc page tables");
		swapper_pg_dir[pgd_index(va)] = __pa(pt) | _PAGE_PRESENT | _PAGE_RW;
	}
	/* Drop the identity map: from here on, low addresses belong to user space only. */
	for (unsigned i = 0; i < KERNEL_PGD_BOUNDARY; i++)
		swapper_pg_dir[i] = 0;
	load_cr3(swapper_pg_dir);
}

/* Reserve n consecutive vmalloc pages; returns the address or 0. */
static unsigned long vm_reserve(unsigned long n)
{
	unsigned long flags, first;
	spin_lock_irqsave(&vmalloc_lock, flags);
	first = bitmap_find_clear_run(vmalloc_bitmap, VMALLOC_PAGES, n, 1, 0);
	if (first < VMALLOC_PAGES)
		bitmap_set_range(vmalloc_bitmap, first, n);
	spin_unlock_irqrestore(&vmalloc_lock, flags);
	return first < VMALLOC_PAGES ? VMALLOC_START + (first << PAGE_SHIFT) : 0;
}

static void vm_release(unsigned long addr, unsigned long n)
{
	unsigned long flags, first = (addr - VMALLOC_START) >> PAGE_SHIFT;
	spin_lock_irqsave(&vmalloc_lock, flags);
	bitmap_clear_range(vmalloc_bitmap, first, n);
	spin_unlock_irqrestore(&vmalloc_lock, flags);
}

/* Unmap n pages at addr, optionally freeing the frames behind them. */
static void vm_unmap(unsigned long addr, unsigned long n, bool free_frames)
{
	for (unsigned long i = 0; i < n; i++) {
		unsigned long va = addr + i * PAGE_SIZE;
		pte_t *pte = lookup_pte(swapper_pg_dir, va, false);
		if (pte && (*pte & _PAGE_PRESENT)) {
			if (free_frames)
				free_page((unsigned long)__va(*pte & PAGE_MASK));
			*pte = 0;
			flush_tlb_one(va);
		}
	}
}

/* The vmalloc area's page tables are preallocated, so mapping here never allocates. */
static void vm_map(unsigned long va, phys_addr_t pa, u32 flags)
{
	pte_t *pte = lookup_pte(swapper_pg_dir, va, false);
	BUG_ON(!pte);
	*pte = pa | flags | _PAGE_PRESENT;
	flush_tlb_one(va);
}

void stack_paint(void *base, size_t size);

/* Kernel stacks: [guard page (unmapped)][THREAD_SIZE of stack]. Returns the stack base. */
void *alloc_kernel_stack(void)
{
	unsigned long n = THREAD_SIZE / PAGE_SIZE;
	unsigned long va = vm_reserve(n + 1);
	if (!va)
		return NULL;
	for (unsigned long i = 0; i < n; i++) {
		unsigned long page = __get_free_page(GFP_KERNEL);
		if (!page) {
			vm_unmap(va + PAGE_SIZE, i, true);
			vm_release(va, n + 1);
			return NULL;
		}
		vm_map(va + (i + 1) * PAGE_SIZE, __pa(page), _PAGE_RW | _PAGE_GLOBAL);
	}
	stack_paint((void *)(va + PAGE_SIZE), THREAD_SIZE);	/* for the high-water mark */
	return (void *)(va + PAGE_SIZE);
}

void free_kernel_stack(void *stack)
{
	unsigned long n = THREAD_SIZE / PAGE_SIZE;
	vm_unmap((unsigned long)stack, n, true);
	vm_release((unsigned long)stack - PAGE_SIZE, n + 1);
}

/* Is addr inside the guard page of some task's kernel stack? */
bool stack_guard_hit(unsigned long addr, struct task_struct **owner)
{
	struct task_struct *p;
	*owner = NULL;
	if (addr < VMALLOC_START || addr >= VMALLOC_END)
		return false;
	list_for_each_entry(p, &task_list, tasks) {
		unsigned long base = (unsigned long)p->stack;
		if (addr >= base - PAGE_SIZE && addr < base) {
			*owner = p;
			return true;
		}
	}
	return false;
}

void *ioremap(phys_addr_t phys, size_t size)
{
	phys_addr_t start = phys & PAGE_MASK;
	unsigned long n = PAGE_ALIGN(phys + size - start) >> PAGE_SHIFT;
	unsigned long va = vm_reserve(n);
	if (!va)
		return NULL;
	for (unsigned long i = 0; i < n; i++)
		vm_map(va + i * PAGE_SIZE, start + i * PAGE_SIZE, _PAGE_RW | _PAGE_PCD | _PAGE_PWT);
	return (void *)(va + (phys - start));
}

void iounmap(void *addr)
{
	/* ioremap'd windows live as long as their driver; nothing unmaps them yet. */
	(void)addr;
}

void *vmalloc(size_t size)
{
	unsigned long n = PAGE_ALIGN(size) >> PAGE_SHIFT;
	unsigned long va = vm_reserve(n + 1);	/* +1: an unmapped page after, to catch overruns */
	if (!va)
		return NULL;
	for (unsigned long i = 0; i < n; i++) {
		unsigned long page = __get_free_page(GFP_KERNEL);
		if (!page) {
			vm_unmap(va, i, true);
			vm_release(va, n + 1);
			return NULL;
		}
		vm_map(va + i * PAGE_SIZE, __pa(page), _PAGE_RW | _PAGE_GLOBAL);
	}
	return (void *)va;
}

void vfree(void *addr)
{
	unsigned long va = (unsigned long)addr, n = 0;
	if (!addr)
		return;
	for (;; n++) {
		pte_t *pte = lookup_pte(swapper_pg_dir, va + n * PAGE_SIZE, false);
		if (!pte || !(*pte & _PAGE_PRESENT))
			break;
	}
	vm_unmap(va, n, true);
	vm_release(va, n + 1);
}
