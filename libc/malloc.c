/*
 * malloc.c: the heap.
 *
 * Two sources of memory:
 *  - small requests come from the brk heap (sbrk, unistd.c), managed as a
 *    circular list of free blocks sorted by address, first fit; free()
 *    puts a block back in address order and merges it with free
 *    neighbours, so the heap does not fragment into slivers;
 *  - requests of MMAP_THRESHOLD or more get their own anonymous mmap and
 *    go straight back to the kernel with munmap on free().
 *
 * Every block starts with a header recording its size in bytes (header
 * included, a multiple of 8, so payloads are 8-byte aligned). On free
 * blocks the header also links the free list; a magic word in that slot
 * marks live blocks so a double free or a wild pointer aborts loudly.
 */
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <unistd.h>
#include <errno.h>
#include <sys/mman.h>

#define ALIGN		8
#define MMAP_THRESHOLD	(128 * 1024)
#define GROW_MIN	(64 * 1024)	/* ask sbrk for at least this much */
#define PAGE		4096

#define MAGIC_HEAP	((struct block *)0x6d616c6cUL)	/* "mall" */
#define MAGIC_MMAP	((struct block *)0x6d6d6170UL)	/* "mmap" */

struct block {
	size_t size;			/* whole block, header included */
	struct block *next;		/* free: next free block; live: a MAGIC_* */
};

static struct block base;		/* zero-size anchor of the circular free list */
static struct block *freep;		/* where the last search stopped */

static size_t round_up(size_t n, size_t a)
{
	return (n + a - 1) & ~(a - 1);
}

/* Insert b into the free list in address order, merging with neighbours. */
static void free_block(struct block *b)
{
	struct block *p = freep;

	/* Find p with p < b < p->next, or the wrap-around point. */
	while (!(b > p && b < p->next)) {
		if (p >= p->next && (b > p || b < p->next))
			break;
		p = p->next;
	}
	if ((char *)b + b->size == (char *)p->next) {	/* merge with upper */
		b->size += p->next->size;
		b->next = p->next->next;
	} else {
		b->next = p->next;
	}
	if ((char *)p + p->size == (char *)b && p != &base) {	/* merge with lower */
		p->size += b->size;
		p->next = b->next;
	} else {
		p->next = b;
	}
	freep = p;
}

static struct block *grow_heap(size_t need)
{
	size_t n = round_up(need > GROW_MIN ? need : GROW_MIN, PAGE);
	struct block *b = sbrk((long)n);

	if (b == (void *)-1)
		return NULL;
	b->size = n;
	free_block(b);
	return freep;
}

static void *mmap_alloc(size_t need)
{
	size_t len = round_up(need, PAGE);
	struct block *b = mmap(NULL, len, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (b == MAP_FAILED)
		return NULL;
	b->size = len;
	b->next = MAGIC_MMAP;
	return b + 1;
}

void *malloc(size_t n)
{
	struct block *p, *prev;
	size_t need;

	if (n > SIZE_MAX / 2) {
		errno = ENOMEM;
		return NULL;
	}
	need = round_up(n + sizeof(struct block), ALIGN);
	if (need >= MMAP_THRESHOLD)
		return mmap_alloc(need);

	if (!freep) {
		base.next = &base;
		base.size = 0;
		freep = &base;
	}
	prev = freep;
	for (p = prev->next;; prev = p, p = p->next) {
		if (p->size >= need) {
			if (p->size - need >= 2 * sizeof(struct block)) {
				/* Split: hand out the tail, keep the head free. */
				p->size -= need;
				p = (struct block *)((char *)p + p->size);
				p->size = need;
			} else {
				prev->next = p->next;
			}
			freep = prev;
			p->next = MAGIC_HEAP;
			return p + 1;
		}
		if (p == freep) {		/* went all the way round */
			p = grow_heap(need);
			if (!p) {
				errno = ENOMEM;
				return NULL;
			}
		}
	}
}

static struct block *header_of(void *ptr)
{
	struct block *b = (struct block *)ptr - 1;

	if (b->next != MAGIC_HEAP && b->next != MAGIC_MMAP) {
		static const char msg[] = "malloc: free() of a bad or already freed pointer\n";
		write(2, msg, sizeof msg - 1);
		abort();
	}
	return b;
}

void free(void *ptr)
{
	struct block *b;

	if (!ptr)
		return;
	b = header_of(ptr);
	if (b->next == MAGIC_MMAP) {
		b->next = NULL;
		munmap(b, b->size);
		return;
	}
	free_block(b);
}

void *calloc(size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	p = malloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void *realloc(void *ptr, size_t n)
{
	struct block *b;
	size_t have;
	void *q;

	if (!ptr)
		return malloc(n);
	if (n == 0) {
		free(ptr);
		return NULL;
	}
	b = header_of(ptr);
	have = b->size - sizeof(struct block);
	if (n <= have)
		return ptr;
	q = malloc(n);
	if (!q)
		return NULL;
	memcpy(q, ptr, have);
	free(ptr);
	return q;
}
