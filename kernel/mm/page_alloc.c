/*
 * The physical page allocator. Every page frame of lowmem has a bit in
 * page_bitmap (1 = in use) and a struct page in mem_map. Allocation of
 * 2^order contiguous frames is a first-fit scan (bitmap_find_clear_run,
 * kernel/lib/bitmap.c) starting from a rotating hint; this is simple, and
 * fast enough at our scale (65,536 frames for 256 MB), with the cost
 * visible in one loop a student can read.
 *
 * Boot: mem_init() reads the Multiboot memory map, marks everything not
 * reported "available" as in use, then reserves the kernel image, the
 * bitmap and mem_map themselves, and the boot modules (the initramfs).
 *
 * Lock: page_lock (irqsave: skbs are allocated in softirq/IRQ context).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/spinlock.h>
#include <linux/page.h>
#include <linux/slab.h>
#include <linux/multiboot.h>
#include <linux/ktest.h>
#include <linux/bitmap.h>
#include <asm/pgtable.h>

#define LOWMEM_MAX	(768UL << 20)	/* the direct map ends at 0xF0000000 */

struct page *mem_map;
unsigned long max_pfn;
unsigned long totalram_pages;
static u32 *page_bitmap;
static unsigned long nr_free;
static unsigned long search_hint;
static DEFINE_SPINLOCK(page_lock);

static inline bool pfn_used(unsigned long pfn) { return bitmap_test(page_bitmap, pfn); }
static inline void set_used(unsigned long pfn) { bitmap_set_bit(page_bitmap, pfn); }
static inline void set_free(unsigned long pfn) { bitmap_clear_bit(page_bitmap, pfn); }

static void reserve_range(unsigned long start, unsigned long end)
{
	for (unsigned long pfn = start >> PAGE_SHIFT; pfn < PAGE_ALIGN(end) >> PAGE_SHIFT && pfn < max_pfn; pfn++) {
		if (!pfn_used(pfn)) {
			set_used(pfn);
			nr_free--;
		}
		mem_map[pfn].flags |= PG_reserved;
	}
}

extern char _kernel_start[], _kernel_end[];

void mem_init(struct multiboot_info *mbi)
{
	unsigned long top = 0;
	struct multiboot_mmap_entry *e;

	if (!(mbi->flags & MULTIBOOT_INFO_MEM_MAP))
		panic("no memory map from the boot loader");
	for (unsigned long p = mbi->mmap_addr; p < mbi->mmap_addr + mbi->mmap_length; p += e->size + 4) {
		e = __va(p);
		if (e->type == MULTIBOOT_MEMORY_AVAILABLE && e->addr + e->len > top)
			top = (unsigned long)min(e->addr + e->len, (u64)LOWMEM_MAX);
	}
	max_pfn = top >> PAGE_SHIFT;

	/* Place the bitmap and mem_map right after the kernel image. */
	unsigned long after = PAGE_ALIGN((unsigned long)_kernel_end);
	unsigned long mods_end = 0;
	if (mbi->flags & MULTIBOOT_INFO_MODS) {
		struct multiboot_mod *m = __va(mbi->mods_addr);
		for (u32 i = 0; i < mbi->mods_count; i++)
			mods_end = max(mods_end, (unsigned long)m[i].mod_end);
	}
	/*
	 * A boot module (the initramfs) must lie in lowmem, with room after
	 * it for the bitmap and mem_map; the boot map is then extended over
	 * all of that (boot/entry.S mapped only 16 MB). Too big for this
	 * machine is refused with the numbers, not a page fault.
	 */
	if (mods_end > top)
		panic("initramfs ends at %lu MB, beyond the %lu MB of lowmem: give the machine more memory",
		      mods_end >> 20, top >> 20);
	if (mods_end && (unsigned long)__va(mods_end) > after)
		after = PAGE_ALIGN((unsigned long)__va(mods_end));
	page_bitmap = (u32 *)after;
	size_t bitmap_bytes = ALIGN(max_pfn, 32) / 8;
	mem_map = (struct page *)PAGE_ALIGN(after + bitmap_bytes);
	unsigned long meta_end = (unsigned long)(mem_map + max_pfn);
	if (__pa(meta_end) > top)
		panic("initramfs ends at %lu MB and page metadata needs %lu KB after it: beyond the %lu MB of lowmem",
		      mods_end >> 20, (meta_end - after) >> 10, top >> 20);
	early_map_lowmem(__pa(meta_end));

	memset(page_bitmap, 0xff, bitmap_bytes);	/* all used until the map says otherwise */
	memset(mem_map, 0, max_pfn * sizeof(struct page));
	for (unsigned long p = mbi->mmap_addr; p < mbi->mmap_addr + mbi->mmap_length; p += e->size + 4) {
		e = __va(p);
		if (e->type != MULTIBOOT_MEMORY_AVAILABLE)
			continue;
		u64 s = PAGE_ALIGN(e->addr), end = min(e->addr + e->len, (u64)top);
		for (u64 a = s; a + PAGE_SIZE <= end; a += PAGE_SIZE) {
			if (!pfn_used(a >> PAGE_SHIFT))
				continue;
			set_free(a >> PAGE_SHIFT);
			nr_free++;
		}
	}
	reserve_range(0, 0x100000);			/* BIOS, VGA, real-mode data */
	reserve_range(__pa(_kernel_start), __pa(meta_end));
	if (mbi->flags & MULTIBOOT_INFO_MODS) {
		struct multiboot_mod *m = __va(mbi->mods_addr);
		for (u32 i = 0; i < mbi->mods_count; i++)
			reserve_range(m[i].mod_start, m[i].mod_end);
		reserve_range(mbi->mods_addr, mbi->mods_addr + mbi->mods_count * sizeof(*m));
	}
	totalram_pages = nr_free;
	pr_info("mm: %lu MB lowmem, %lu pages free\n", top >> 20, nr_free);
}

/* Hand pages of a boot module back once its contents have been copied out. */
void free_reserved_range(unsigned long start, unsigned long end)
{
	unsigned long flags;
	spin_lock_irqsave(&page_lock, flags);
	for (unsigned long pfn = PAGE_ALIGN(start) >> PAGE_SHIFT; pfn < end >> PAGE_SHIFT; pfn++) {
		if (pfn_used(pfn) && (mem_map[pfn].flags & PG_reserved)) {
			mem_map[pfn].flags &= ~PG_reserved;
			set_free(pfn);
			nr_free++;
			totalram_pages++;
		}
	}
	spin_unlock_irqrestore(&page_lock, flags);
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	unsigned long n = 1UL << order, flags, found = 0;
	bool ok = false;

	spin_lock_irqsave(&page_lock, flags);
	if (nr_free >= n) {
		/* Blocks start at a multiple of their size: big blocks stay possible longer. */
		found = bitmap_find_clear_run(page_bitmap, max_pfn, n, n, search_hint);
		ok = found < max_pfn;
	}
	if (ok) {
		bitmap_set_range(page_bitmap, found, n);
		for (unsigned long i = 0; i < n; i++) {
			mem_map[found + i].count = 1;
			mem_map[found + i].slab = NULL;
			mem_map[found + i].flags = 0;
		}
		mem_map[found].order = order;
		nr_free -= n;
		search_hint = found + n;
	}
	spin_unlock_irqrestore(&page_lock, flags);
	if (!ok)
		return 0;
	unsigned long addr = (unsigned long)__va(found << PAGE_SHIFT);
	if (gfp & __GFP_ZERO)
		memset((void *)addr, 0, n * PAGE_SIZE);
	return addr;
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

void free_pages(unsigned long addr, unsigned int order)
{
	unsigned long flags, pfn = __pa(addr) >> PAGE_SHIFT;

	if (!addr)
		return;
	BUG_ON(pfn + (1UL << order) > max_pfn);
	spin_lock_irqsave(&page_lock, flags);
	for (unsigned long i = 0; i < (1UL << order); i++) {
		BUG_ON(!pfn_used(pfn + i) || (mem_map[pfn + i].flags & PG_reserved));
		set_free(pfn + i);
		mem_map[pfn + i].count = 0;
		mem_map[pfn + i].slab = NULL;
	}
	nr_free += 1UL << order;
	spin_unlock_irqrestore(&page_lock, flags);
}

unsigned long nr_free_pages(void)
{
	return nr_free;
}

/* User pages shared between page tables (copy-on-write) are reference counted. */
void get_page_phys(phys_addr_t p)
{
	unsigned long flags;
	spin_lock_irqsave(&page_lock, flags);
	mem_map[p >> PAGE_SHIFT].count++;
	spin_unlock_irqrestore(&page_lock, flags);
}

int page_count_phys(phys_addr_t p)
{
	return mem_map[p >> PAGE_SHIFT].count;
}

/* Drop a reference to a user page; free it on the last one. */
void put_page_phys(phys_addr_t p)
{
	unsigned long flags;
	bool last;
	spin_lock_irqsave(&page_lock, flags);
	last = --mem_map[p >> PAGE_SHIFT].count == 0;
	spin_unlock_irqrestore(&page_lock, flags);
	if (last) {
		mem_map[p >> PAGE_SHIFT].count = 1;	/* free_pages expects a live page */
		free_pages((unsigned long)__va(p), 0);
	}
}

KTEST(page_alloc_roundtrip)
{
	unsigned long before = nr_free_pages();
	unsigned long a = __get_free_pages(GFP_KERNEL, 0);
	unsigned long b = __get_free_pages(GFP_KERNEL, 3);
	KT_ASSERT(a && b);
	KT_EXPECT(IS_ALIGNED(__pa(b), 8 * PAGE_SIZE));	/* order-3 blocks are naturally aligned */
	KT_EXPECT_EQ(nr_free_pages(), before - 9);
	memset((void *)b, 0xaa, 8 * PAGE_SIZE);		/* all 8 pages are really ours */
	free_pages(a, 0);
	free_pages(b, 3);
	KT_EXPECT_EQ(nr_free_pages(), before);
	unsigned long z = get_zeroed_page(GFP_KERNEL);
	KT_ASSERT(z);
	KT_EXPECT(((u32 *)z)[100] == 0);
	free_page(z);
}
