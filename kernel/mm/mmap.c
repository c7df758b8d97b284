/*
 * User address spaces: mm_struct, VMAs, page faults, brk, mmap2, munmap,
 * mprotect, and copying an address space for fork.
 *
 * A user address is valid when a VMA covers it; the page behind it is
 * allocated on the first fault (demand-zero), so a large malloc costs
 * nothing until touched. fork copies every present page eagerly rather
 * than sharing them copy-on-write: most forks are followed by exec at
 * once, and the programs here are small, so a copy of the touched pages
 * is cheap and keeps the fault path a single case a student can follow
 * (the page refcounts in mem_map are where COW would build on).
 * MAP_SHARED anonymous memory is the exception: its VMAs point at a
 * shmem_object (kernel/mm/shmem.c) that owns the pages, faults take the
 * page from there, and fork gives the child a VMA on the same object, so
 * both see each other's writes. A VMA holds a reference on its object;
 * every copy or split of a VMA takes one more (vma_dup), every VMA freed
 * drops one (vma_free).
 *
 * Neighbours: kernel/exec.c (builds a fresh mm), kernel/fork.c (dup_mm),
 * kernel/mm/shmem.c (MAP_SHARED pages),
 * kernel/traps.c (calls handle_mm_fault), kernel/mm/paging.c.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/mm_types.h>
#include <linux/syscalls.h>
#include <linux/fs.h>
#include <uapi/mman.h>

static struct kmem_cache *mm_cachep, *vma_cachep;

void mmap_init(void)
{
	mm_cachep = kmem_cache_create("mm_struct", sizeof(struct mm_struct), 0, 0, NULL);
	vma_cachep = kmem_cache_create("vm_area_struct", sizeof(struct vm_area_struct), 0, 0, NULL);
}

/* A copy of v (a split piece, or fork's): one more reference on its pages' object. */
static struct vm_area_struct *vma_dup(const struct vm_area_struct *v)
{
	struct vm_area_struct *n = kmem_cache_alloc(vma_cachep, GFP_KERNEL);

	if (!n)
		return NULL;
	*n = *v;
	INIT_LIST_HEAD(&n->list);
	if (n->vm_shm)
		shmem_get(n->vm_shm);
	return n;
}

static void vma_free(struct vm_area_struct *v)
{
	if (v->vm_shm)
		shmem_put(v->vm_shm);
	kmem_cache_free(vma_cachep, v);
}

/* Move v's start to addr (a split or a trim): its object offset follows. */
static void vma_set_start(struct vm_area_struct *v, unsigned long addr)
{
	if (v->vm_shm)
		v->vm_pgoff += (addr - v->vm_start) >> PAGE_SHIFT;
	v->vm_start = addr;
}

pgd_t *mm_pgd(struct mm_struct *mm)
{
	return mm->pgd;
}

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kmem_cache_zalloc(mm_cachep, GFP_KERNEL);
	if (!mm)
		return NULL;
	mm->pgd = (pgd_t *)get_zeroed_page(GFP_KERNEL);
	if (!mm->pgd) {
		kmem_cache_free(mm_cachep, mm);
		return NULL;
	}
	/* The kernel half is the same in every address space. */
	memcpy(mm->pgd + KERNEL_PGD_BOUNDARY, swapper_pg_dir + KERNEL_PGD_BOUNDARY,
	       (PTRS_PER_PTE - KERNEL_PGD_BOUNDARY) * sizeof(pgd_t));
	INIT_LIST_HEAD(&mm->vmas);
	refcount_set(&mm->users, 1);
	mm->mmap_base = TASK_UNMAPPED_BASE;
	return mm;
}

void put_page_phys(phys_addr_t p);

/* Unmap [start, end) from the page tables, freeing the frames. */
static void zap_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	for (unsigned long va = start; va < end; va += PAGE_SIZE) {
		pgd_t pde = mm->pgd[pgd_index(va)];
		if (!(pde & _PAGE_PRESENT)) {
			va = ALIGN(va + 1, 1UL << PGDIR_SHIFT) - PAGE_SIZE;
			continue;
		}
		pte_t *pte = lookup_pte(mm->pgd, va, false);
		if (*pte & _PAGE_PRESENT) {
			put_page_phys(*pte & PAGE_MASK);
			*pte = 0;
			if (mm == current->mm)
				flush_tlb_one(va);
		}
	}
}

/*
 * Pages of mm's VMAs that are in memory now (Linux's RSS, for
 * /proc/<pid>/stat): a walk of the page tables, skipping absent page
 * tables whole, so the 8 MiB stack reservation costs 2 lookups. Sleeps
 * never; callers may hold a spinlock.
 */
unsigned long mm_rss_pages(struct mm_struct *mm)
{
	struct vm_area_struct *v;
	unsigned long rss = 0;

	list_for_each_entry(v, &mm->vmas, list) {
		for (unsigned long va = v->vm_start; va < v->vm_end; va += PAGE_SIZE) {
			pte_t *pte = lookup_pte(mm->pgd, va, false);

			if (!pte) {
				va = ALIGN(va + 1, 1UL << PGDIR_SHIFT) - PAGE_SIZE;
				continue;
			}
			rss += !!(*pte & _PAGE_PRESENT);
		}
	}
	return rss;
}

void mmput(struct mm_struct *mm)
{
	struct vm_area_struct *v, *n;
	if (!refcount_dec_and_test(&mm->users))
		return;
	/* A kernel thread may still run on these tables (lazy TLB, sched.c). */
	if (read_cr3() == __pa(mm->pgd))
		load_cr3(swapper_pg_dir);
	list_for_each_entry_safe(v, n, &mm->vmas, list) {
		zap_range(mm, v->vm_start, v->vm_end);
		list_del(&v->list);
		vma_free(v);
	}
	for (unsigned i = 0; i < KERNEL_PGD_BOUNDARY; i++)
		if (mm->pgd[i] & _PAGE_PRESENT)
			free_page((unsigned long)__va(mm->pgd[i] & PAGE_MASK));
	free_page((unsigned long)mm->pgd);
	if (mm->exe_file) {
		allow_write_access(mm->exe_file);
		fput(mm->exe_file);
	}
	kfree(mm->arg_copy);
	kmem_cache_free(mm_cachep, mm);
}

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *v;
	list_for_each_entry(v, &mm->vmas, list)
		if (addr >= v->vm_start && addr < v->vm_end)
			return v;
	return NULL;
}

static void vma_insert(struct mm_struct *mm, struct vm_area_struct *nv)
{
	struct vm_area_struct *v;
	list_for_each_entry(v, &mm->vmas, list) {
		if (v->vm_start > nv->vm_start) {
			list_add_tail(&nv->list, &v->list);
			return;
		}
	}
	list_add_tail(&nv->list, &mm->vmas);
}

/* Remove [start, end) from every VMA, splitting where needed. Frees the pages. */
static int unmap_region(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *v, *n;
	list_for_each_entry_safe(v, n, &mm->vmas, list) {
		if (v->vm_end <= start || v->vm_start >= end)
			continue;
		if (v->vm_start < start && v->vm_end > end) {	/* a hole in the middle: split */
			struct vm_area_struct *tail = vma_dup(v);
			if (!tail)
				return -ENOMEM;
			vma_set_start(tail, end);
			v->vm_end = start;
			list_add(&tail->list, &v->list);
		} else if (v->vm_start < start) {
			v->vm_end = start;
		} else if (v->vm_end > end) {
			vma_set_start(v, end);
		} else {
			list_del(&v->list);
			vma_free(v);
		}
	}
	zap_range(mm, start, end);
	mm->total_vm = 0;
	list_for_each_entry(v, &mm->vmas, list)
		mm->total_vm += (v->vm_end - v->vm_start) >> PAGE_SHIFT;
	return 0;
}

/*
 * Create a VMA over [start, start+len), replacing anything there. shm:
 * the pages of a VM_SHARED mapping, from page pgoff (the VMA takes its
 * own reference); NULL for private memory.
 */
static int map_region(struct mm_struct *mm, unsigned long start, unsigned long len,
		      unsigned long flags, struct shmem_object *shm, unsigned long pgoff)
{
	unsigned long end = start + PAGE_ALIGN(len);
	if (end > TASK_SIZE || end < start)
		return -ENOMEM;
	int err = unmap_region(mm, start, end);
	if (err)
		return err;
	struct vm_area_struct *v = kmem_cache_alloc(vma_cachep, GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	v->vm_start = start;
	v->vm_end = end;
	v->vm_flags = flags;
	v->vm_shm = shm;
	v->vm_pgoff = pgoff;
	if (shm)
		shmem_get(shm);
	vma_insert(mm, v);
	mm->total_vm += (end - start) >> PAGE_SHIFT;
	return 0;
}

int mm_map_region(struct mm_struct *mm, unsigned long start, unsigned long len, unsigned long flags)
{
	return map_region(mm, start, len, flags, NULL, 0);
}

static u32 vma_pte_flags(unsigned long vm_flags)
{
	return _PAGE_USER | (vm_flags & VM_WRITE ? _PAGE_RW : 0);
}

/* Returns 0 if the fault was resolved, -EFAULT if the address is not valid. */
int handle_mm_fault(unsigned long addr, bool write, bool prot)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *v = find_vma(mm, addr);
	if (!v || prot)
		return -EFAULT;	/* unmapped, or a protection violation (no COW here) */
	if (write && !(v->vm_flags & VM_WRITE))
		return -EFAULT;
	if (!(v->vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return -EFAULT;	/* PROT_NONE */
	if (v->vm_shm) {
		phys_addr_t pa;

		if (shmem_getpage(v->vm_shm, v->vm_pgoff + ((addr - v->vm_start) >> PAGE_SHIFT), &pa))
			return -EFAULT;
		if (map_page(mm->pgd, addr & PAGE_MASK, pa, vma_pte_flags(v->vm_flags))) {
			put_page_phys(pa);
			return -EFAULT;
		}
		return 0;
	}
	unsigned long page = get_zeroed_page(GFP_KERNEL);
	if (!page)
		return -EFAULT;	/* out of memory: the process gets SIGSEGV, the kernel lives */
	if (map_page(mm->pgd, addr & PAGE_MASK, __pa(page), vma_pte_flags(v->vm_flags))) {
		free_page(page);
		return -EFAULT;
	}
	return 0;
}

struct mm_struct *dup_mm(struct mm_struct *old)
{
	struct mm_struct *mm = mm_alloc();
	struct vm_area_struct *v;
	if (!mm)
		return NULL;
	mm->start_code = old->start_code;
	mm->end_data = old->end_data;
	mm->start_brk = old->start_brk;
	mm->brk = old->brk;
	mm->start_stack = old->start_stack;
	mm->mmap_base = old->mmap_base;
	memcpy(mm->exe_path, old->exe_path, sizeof(mm->exe_path));
	if (old->exe_file) {
		/* The child runs the same program: one more mm denying writes
		 * (cannot fail: the count is already negative). */
		mm->exe_file = get_file(old->exe_file);
		deny_write_access(mm->exe_file);
	}
	if (old->arg_copy) {
		mm->arg_copy = kmalloc(old->arg_len, GFP_KERNEL);
		if (!mm->arg_copy)
			goto fail;
		memcpy(mm->arg_copy, old->arg_copy, old->arg_len);
		mm->arg_len = old->arg_len;
	}
	list_for_each_entry(v, &old->vmas, list) {
		if (map_region(mm, v->vm_start, v->vm_end - v->vm_start, v->vm_flags,
			       v->vm_shm, v->vm_pgoff))
			goto fail;
		if (v->vm_shm)
			continue;	/* shared: the child faults the same pages in */
		for (unsigned long va = v->vm_start; va < v->vm_end; va += PAGE_SIZE) {
			pte_t *src = lookup_pte(old->pgd, va, false);
			if (!src || !(*src & _PAGE_PRESENT))
				continue;
			unsigned long page = __get_free_page(GFP_KERNEL);
			if (!page)
				goto fail;
			memcpy((void *)page, __va(*src & PAGE_MASK), PAGE_SIZE);
			if (map_page(mm->pgd, va, __pa(page), *src & (_PAGE_USER | _PAGE_RW))) {
				free_page(page);
				goto fail;
			}
		}
	}
	return mm;
fail:
	mmput(mm);
	return NULL;
}

void activate_mm(struct mm_struct *mm)
{
	load_cr3(mm->pgd);
}

/* ---- system calls ---- */

long sys_brk(unsigned long brk)
{
	struct mm_struct *mm = current->mm;
	unsigned long old_end = PAGE_ALIGN(mm->brk), new_end = PAGE_ALIGN(brk);

	if (brk < mm->start_brk || brk >= mm->mmap_base)
		return mm->brk;		/* Linux reports failure by returning the old break */
	if (new_end > old_end) {
		struct vm_area_struct *v;
		list_for_each_entry(v, &mm->vmas, list)
			if (v->vm_start < new_end && v->vm_end > old_end)
				return mm->brk;	/* would run into another mapping */
		if (mm_map_region(mm, old_end, new_end - old_end, VM_READ | VM_WRITE))
			return mm->brk;
	} else if (new_end < old_end) {
		unmap_region(mm, new_end, old_end);
	}
	mm->brk = brk;
	return brk;
}

static unsigned long prot_to_vm(unsigned long prot)
{
	return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) |
	       (prot & PROT_EXEC ? VM_EXEC : 0);
}

static unsigned long get_unmapped_area(struct mm_struct *mm, unsigned long len)
{
	unsigned long addr = mm->mmap_base;
	struct vm_area_struct *v;
	list_for_each_entry(v, &mm->vmas, list) {
		if (v->vm_end <= addr)
			continue;
		if (v->vm_start >= addr + len)
			break;
		addr = v->vm_end;
	}
	if (addr + len > STACK_TOP - STACK_MAX || addr + len < addr)
		return 0;
	return addr;
}

long sys_mmap2(unsigned long addr, unsigned long len, unsigned long prot,
	       unsigned long flags, unsigned long fd, unsigned long pgoff)
{
	struct mm_struct *mm = current->mm;

	if (!len)
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	if ((flags & MAP_TYPE) != MAP_PRIVATE && (flags & MAP_TYPE) != MAP_SHARED)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS)) {
		struct file *f = fget(fd);
		if (!f)
			return -EBADF;
		fput(f);
		return -ENODEV;	/* file mappings are not supported (yet): no page cache */
	}
	len = PAGE_ALIGN(len);
	if (!len || len > TASK_SIZE)
		return -ENOMEM;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr & ~PAGE_MASK)
			return -EINVAL;
		if (addr + len > TASK_SIZE || addr + len < addr)
			return -ENOMEM;
		if (flags & MAP_FIXED_NOREPLACE) {
			struct vm_area_struct *v;
			list_for_each_entry(v, &mm->vmas, list)
				if (v->vm_start < addr + len && v->vm_end > addr)
					return -EEXIST;
		}
	} else {
		addr = get_unmapped_area(mm, len);
		if (!addr)
			return -ENOMEM;
	}
	if ((flags & MAP_TYPE) == MAP_SHARED) {
		struct shmem_object *shm = shmem_alloc(len >> PAGE_SHIFT);
		int err;

		if (!shm)
			return -ENOMEM;
		err = map_region(mm, addr, len, prot_to_vm(prot) | VM_SHARED, shm, 0);
		shmem_put(shm);		/* the VMA holds its own reference */
		return err ? err : (long)addr;
	}
	int err = mm_map_region(mm, addr, len, prot_to_vm(prot));
	return err ? err : (long)addr;
}

long sys_munmap(unsigned long addr, size_t len)
{
	if ((addr & ~PAGE_MASK) || !len || addr >= TASK_SIZE || PAGE_ALIGN(len) > TASK_SIZE - addr)
		return -EINVAL;
	return unmap_region(current->mm, addr, addr + PAGE_ALIGN(len));
}

long sys_mprotect(unsigned long start, size_t len, unsigned long prot)
{
	struct mm_struct *mm = current->mm;
	unsigned long end = start + PAGE_ALIGN(len);
	struct vm_area_struct *v;

	if ((start & ~PAGE_MASK) || prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	if (end < start || end > TASK_SIZE)
		return -ENOMEM;
	/* Every page of the range must be mapped. */
	for (unsigned long a = start; a < end; ) {
		v = find_vma(mm, a);
		if (!v)
			return -ENOMEM;
		a = v->vm_end;
	}
	/* Split VMAs at the edges, then retag the ones inside and fix the PTEs. */
	v = find_vma(mm, start);
	if (v && v->vm_start < start) {
		struct vm_area_struct *t = vma_dup(v);
		if (!t)
			return -ENOMEM;
		vma_set_start(t, start);
		v->vm_end = start;
		list_add(&t->list, &v->list);
	}
	v = find_vma(mm, end - 1);
	if (v && v->vm_end > end) {
		struct vm_area_struct *t = vma_dup(v);
		if (!t)
			return -ENOMEM;
		vma_set_start(t, end);
		v->vm_end = end;
		list_add(&t->list, &v->list);
	}
	list_for_each_entry(v, &mm->vmas, list) {
		if (v->vm_start < start || v->vm_end > end)
			continue;
		v->vm_flags = (v->vm_flags & ~(VM_READ | VM_WRITE | VM_EXEC)) | prot_to_vm(prot);
		for (unsigned long va = v->vm_start; va < v->vm_end; va += PAGE_SIZE) {
			pte_t *pte = lookup_pte(mm->pgd, va, false);
			if (!pte || !(*pte & _PAGE_PRESENT))
				continue;
			/* PROT_NONE keeps the page (and its data) but takes it from user mode. */
			*pte = (*pte & PAGE_MASK) | _PAGE_PRESENT | (prot ? _PAGE_USER : 0) |
			       (prot & PROT_WRITE ? _PAGE_RW : 0);
			flush_tlb_one(va);
		}
	}
	return 0;
}

long sys_madvise(unsigned long start, size_t len, int behavior)
{
	if (start & ~PAGE_MASK)
		return -EINVAL;
	return 0;	/* advice only: nothing to do without swap or a page cache */
}

/* The argv a process was exec'd with (what Linux reads from its stack), cut to size. */
size_t task_cmdline(struct task_struct *p, char *buf, size_t size)
{
	if (!p->mm || !p->mm->arg_copy)
		return 0;
	size_t n = min(size, p->mm->arg_len);
	memcpy(buf, p->mm->arg_copy, n);
	return n;
}

const char *task_exe_path(struct task_struct *p)
{
	return p->mm ? p->mm->exe_path : "";
}

unsigned long task_vsize(struct task_struct *p)
{
	return p->mm ? p->mm->total_vm << PAGE_SHIFT : 0;
}
