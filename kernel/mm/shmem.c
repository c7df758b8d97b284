/*
 * Anonymous shared memory: the object behind mmap(MAP_SHARED|MAP_ANONYMOUS),
 * Linux's shmem inode reduced to a page array.
 *
 * mmap makes one shmem_object for the mapping; every VMA that maps it
 * holds a reference (vm_shm), so fork's copy of the VMA, and the pieces
 * munmap/mprotect split it into, all reach the same pages. A page is
 * allocated on first touch in any of them (shmem_getpage, from the fault
 * path) and then belongs to the object: the object holds one page
 * reference and each PTE mapping it one more, so the page lives until the
 * last PTE is zapped and the last VMA is gone.
 *
 * Shared futexes (kernel/futex.c get_futex_key) key on (object, offset),
 * so a FUTEX_WAKE in one process finds a FUTEX_WAIT in another however
 * each mapped the memory; a waiter holds a reference while it sleeps.
 *
 * Bounded: the page array is sized at mmap time (one word per page), and
 * a mapping whose array cannot be allocated fails with ENOMEM.
 *
 * Lock legend: shm->lock guards pages[]; the count is atomic. Both may be
 * taken in any process context, never in IRQ context.
 *
 * Neighbours: kernel/mm/mmap.c (VMAs, faults, fork), kernel/futex.c.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/mm_types.h>

void get_page_phys(phys_addr_t p);
void put_page_phys(phys_addr_t p);

struct shmem_object {
	refcount_t count;		/* VMAs mapping it, plus futex waiters keyed on it */
	spinlock_t lock;
	unsigned long npages;
	phys_addr_t pages[];		/* lock: 0 until first touched; each a page reference */
};

struct shmem_object *shmem_alloc(unsigned long npages)
{
	size_t size = sizeof(struct shmem_object) + npages * sizeof(phys_addr_t);
	struct shmem_object *shm;

	if (npages > (TASK_SIZE >> PAGE_SHIFT))
		return NULL;
	shm = kmalloc(size, GFP_KERNEL);
	if (!shm)
		return NULL;
	memset(shm, 0, size);
	refcount_set(&shm->count, 1);
	spin_lock_init(&shm->lock);
	shm->npages = npages;
	return shm;
}

void shmem_get(struct shmem_object *shm)
{
	refcount_inc(&shm->count);
}

void shmem_put(struct shmem_object *shm)
{
	if (!refcount_dec_and_test(&shm->count))
		return;
	for (unsigned long i = 0; i < shm->npages; i++)
		if (shm->pages[i])
			put_page_phys(shm->pages[i]);
	kfree(shm);
}

/*
 * The page at pgoff, allocated (zeroed) on first use, with one more
 * reference for the PTE the caller is about to install. -EFAULT past the
 * end (a VMA never reaches there), -ENOMEM when no page is free.
 */
int shmem_getpage(struct shmem_object *shm, unsigned long pgoff, phys_addr_t *page)
{
	unsigned long fresh = 0;

	if (pgoff >= shm->npages)
		return -EFAULT;
	if (!READ_ONCE(shm->pages[pgoff])) {
		fresh = get_zeroed_page(GFP_KERNEL);	/* outside the lock: it may sleep */
		if (!fresh)
			return -ENOMEM;
	}
	spin_lock(&shm->lock);
	if (!shm->pages[pgoff] && fresh) {
		shm->pages[pgoff] = __pa(fresh);
		fresh = 0;
	}
	*page = shm->pages[pgoff];
	if (*page)
		get_page_phys(*page);
	spin_unlock(&shm->lock);
	if (fresh)
		free_page(fresh);	/* someone else filled the slot while we allocated */
	return *page ? 0 : -ENOMEM;
}
