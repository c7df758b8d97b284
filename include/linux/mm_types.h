/*
 * A process's address space: its page directory and the list of virtual
 * memory areas (VMAs) that say which user addresses are valid and how.
 * Pages are allocated on first touch (demand-zero) except ELF segments,
 * which exec fills at once. Implementation: kernel/mm/mmap.c.
 */
#ifndef _LINUX_MM_TYPES_H
#define _LINUX_MM_TYPES_H

#include "list.h"
#include "atomic.h"
#include "../asm/pgtable.h"

#define VM_READ		0x1
#define VM_WRITE	0x2
#define VM_EXEC		0x4
#define VM_SHARED	0x8		/* MAP_SHARED: pages come from vm_shm, fork shares them */
#define VM_GROWSDOWN	0x100

struct shmem_object;
struct task_struct;

struct vm_area_struct {
	unsigned long vm_start, vm_end;	/* [start, end), page aligned */
	unsigned long vm_flags;
	struct list_head list;		/* sorted by address */
	struct shmem_object *vm_shm;	/* VM_SHARED: the pages (a reference); else NULL */
	unsigned long vm_pgoff;		/* VM_SHARED: vm_start's page index in vm_shm */
};

/*
 * Anonymous shared memory (kernel/mm/shmem.c), what MAP_SHARED|MAP_ANONYMOUS
 * maps: an object owning its pages, shared by every VMA (in any mm) that
 * maps it. Shared futexes key on (object, offset), so processes that map
 * it at different addresses still meet.
 */
struct shmem_object *shmem_alloc(unsigned long npages);
void shmem_get(struct shmem_object *shm);
void shmem_put(struct shmem_object *shm);
int shmem_getpage(struct shmem_object *shm, unsigned long pgoff, phys_addr_t *page);

struct mm_struct {
	pgd_t *pgd;
	struct list_head vmas;
	refcount_t users;
	unsigned long start_code, end_data;	/* the program's PT_LOAD span (/proc/<pid>/maps names it) */
	unsigned long start_brk, brk;	/* heap: [start_brk, brk) */
	unsigned long start_stack;
	unsigned long mmap_base;
	unsigned long total_vm;		/* pages mapped by VMAs */
	char exe_path[128];
	struct file *exe_file;		/* the program: a reference, and its writes denied */
	char *arg_copy;			/* argv strings, NUL-separated, for /proc/<pid>/cmdline */
	size_t arg_len;
};

#define STACK_TOP	TASK_SIZE
#define STACK_MAX	(8UL << 20)		/* RLIMIT_STACK default */
#define TASK_UNMAPPED_BASE 0x40000000UL

struct mm_struct *mm_alloc(void);
void mmput(struct mm_struct *mm);
struct mm_struct *dup_mm(struct mm_struct *old);
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
unsigned long mm_rss_pages(struct mm_struct *mm);	/* present pages; never sleeps */
int mm_map_region(struct mm_struct *mm, unsigned long start, unsigned long len, unsigned long flags);
int handle_mm_fault(unsigned long addr, bool write, bool prot);
void activate_mm(struct mm_struct *mm);
size_t task_cmdline(struct task_struct *p, char *buf, size_t size);	/* caller holds tasklist_lock */

#endif
