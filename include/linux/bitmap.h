/*
 * Bit arrays of u32 words, and the one search the allocators need: find n
 * consecutive clear bits. Used by the page allocator (one bit per page
 * frame) and the vmalloc area (one bit per virtual page). Pure functions,
 * host-tested in tools/testing/unit/test_bitmap.c. Callers do the locking.
 */
#ifndef _LINUX_BITMAP_H
#define _LINUX_BITMAP_H

#include "types.h"

#define BITMAP_WORDS(nbits)	(((nbits) + 31) / 32)

static inline bool bitmap_test(const u32 *map, unsigned long bit)
{
	return map[bit / 32] & (1u << (bit % 32));
}
static inline void bitmap_set_bit(u32 *map, unsigned long bit) { map[bit / 32] |= 1u << (bit % 32); }
static inline void bitmap_clear_bit(u32 *map, unsigned long bit) { map[bit / 32] &= ~(1u << (bit % 32)); }

void bitmap_set_range(u32 *map, unsigned long start, unsigned long n);
void bitmap_clear_range(u32 *map, unsigned long start, unsigned long n);

/*
 * The first run of n clear bits in [0, nbits) that starts at a multiple of
 * align (a power of two), searching from hint and wrapping around once.
 * Returns its first bit, or nbits if there is none.
 */
unsigned long bitmap_find_clear_run(const u32 *map, unsigned long nbits, unsigned long n,
				    unsigned long align, unsigned long hint);

#endif
