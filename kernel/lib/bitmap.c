/*
 * Bitmap helpers (include/linux/bitmap.h): range set/clear and the search
 * for a run of clear bits that both the page-frame allocator and the
 * vmalloc area use. A run is only tried at aligned starts, and a used bit
 * found inside a candidate moves the search past it in one step, so a scan
 * over a mostly-full map stays linear.
 */
#include <linux/kernel.h>
#include <linux/bitmap.h>

void bitmap_set_range(u32 *map, unsigned long start, unsigned long n)
{
	for (unsigned long b = start; b < start + n; b++)
		bitmap_set_bit(map, b);
}

void bitmap_clear_range(u32 *map, unsigned long start, unsigned long n)
{
	for (unsigned long b = start; b < start + n; b++)
		bitmap_clear_bit(map, b);
}

/* A run at start: the count of clear bits before the first set one (up to n). */
static unsigned long clear_prefix(const u32 *map, unsigned long start, unsigned long n)
{
	unsigned long i = 0;
	while (i < n && !bitmap_test(map, start + i))
		i++;
	return i;
}

#define NOT_FOUND	(~0UL)

/* The first aligned run of n clear bits starting in [from, to - n], or NOT_FOUND. */
static unsigned long search(const u32 *map, unsigned long from, unsigned long to,
			    unsigned long n, unsigned long align)
{
	unsigned long b = (from + align - 1) & ~(align - 1);
	while (b + n <= to) {
		unsigned long clear = clear_prefix(map, b, n);
		if (clear == n)
			return b;
		/* bit b+clear is used: no run can start at or before it */
		b = (b + clear + 1 + align - 1) & ~(align - 1);
	}
	return NOT_FOUND;
}

unsigned long bitmap_find_clear_run(const u32 *map, unsigned long nbits, unsigned long n,
				    unsigned long align, unsigned long hint)
{
	if (!n || n > nbits || !align || (align & (align - 1)))
		return nbits;
	if (hint >= nbits)
		hint = 0;
	unsigned long found = search(map, hint, nbits, n, align);
	if (found == NOT_FOUND)	/* wrap: runs that start before the hint (they may end past it) */
		found = search(map, 0, min(nbits, hint + n), n, align);
	return found == NOT_FOUND ? nbits : found;
}
