// unit-sources: kernel/lib/bitmap.c
/*
 * The allocators' bookkeeping: bitmap_find_clear_run, which the page-frame
 * allocator (aligned 2^order blocks from a rotating hint) and the vmalloc
 * area (unaligned runs) are built on.
 */
#include "unit.h"
#include <linux/string.h>
#include <linux/bitmap.h>

#define NBITS 256
static u32 map[BITMAP_WORDS(NBITS)];

static void reset(void)
{
	memset(map, 0, sizeof(map));
}

TEST(bitmap_empty_map_gives_the_hint_or_zero)
{
	reset();
	EXPECT_EQ(bitmap_find_clear_run(map, NBITS, 1, 1, 0), 0);
	EXPECT_EQ(bitmap_find_clear_run(map, NBITS, 4, 1, 10), 10);
	EXPECT_EQ(bitmap_find_clear_run(map, NBITS, 4, 4, 10), 12);	/* rounded up to alignment */
}

TEST(bitmap_run_skips_used_bits)
{
	reset();
	bitmap_set_range(map, 0, 5);
	bitmap_set_bit(map, 7);
	EXPECT_EQ(bitmap_find_clear_run(map, NBITS, 1, 1, 0), 5);
	EXPECT_EQ(bitmap_find_clear_run(map, NBITS, 2, 1, 0), 5);
	EXPECT_EQ(bitmap_find_clear_run(map, NBITS, 3, 1, 0), 8);	/* 5,6 then 7 is used */
	EXPECT_EQ(bitmap_find_clear_run(map, NBITS, 8, 8, 0), 8);
}

TEST(bitmap_aligned_blocks_never_straddle)
{
	reset();
	bitmap_set_bit(map, 9);
	/* An order-3 block (8 frames) must start at a multiple of 8 and avoid bit 9. */
	EXPECT_EQ(bitmap_find_clear_run(map, NBITS, 8, 8, 0), 0);
	bitmap_set_bit(map, 3);
	EXPECT_EQ(bitmap_find_clear_run(map, NBITS, 8, 8, 0), 16);
}

TEST(bitmap_wraps_around_to_before_the_hint)
{
	reset();
	bitmap_set_range(map, 100, NBITS - 100);
	EXPECT_EQ(bitmap_find_clear_run(map, NBITS, 4, 1, 200), 0);
	bitmap_set_range(map, 0, 96);
	EXPECT_EQ(bitmap_find_clear_run(map, NBITS, 4, 1, 200), 96);
	EXPECT_EQ(bitmap_find_clear_run(map, NBITS, 5, 1, 200), NBITS);	/* only 4 free */
}

TEST(bitmap_full_and_degenerate_requests)
{
	reset();
	bitmap_set_range(map, 0, NBITS);
	EXPECT_EQ(bitmap_find_clear_run(map, NBITS, 1, 1, 0), NBITS);
	reset();
	EXPECT_EQ(bitmap_find_clear_run(map, NBITS, 0, 1, 0), NBITS);
	EXPECT_EQ(bitmap_find_clear_run(map, NBITS, NBITS + 1, 1, 0), NBITS);
	EXPECT_EQ(bitmap_find_clear_run(map, NBITS, NBITS, 1, 7), 0);	/* the whole map */
	EXPECT_EQ(bitmap_find_clear_run(map, NBITS, 4, 3, 0), NBITS);	/* align not a power of 2 */
}

TEST(bitmap_alloc_free_cycle_matches_a_model)
{
	/* Allocate and free pseudo-random blocks; check against a byte-per-bit model. */
	static u8 model[NBITS];
	unsigned long hint = 0, seed = 12345;
	reset();
	memset(model, 0, sizeof(model));
	for (int round = 0; round < 2000; round++) {
		seed = seed * 1103515245u + 12345u;
		unsigned long order = (seed >> 16) % 4, n = 1UL << order;
		unsigned long at = bitmap_find_clear_run(map, NBITS, n, n, hint);
		if (at < NBITS) {
			EXPECT_EQ(at % n, 0);
			for (unsigned long i = 0; i < n; i++) {
				EXPECT_EQ(model[at + i], 0);
				model[at + i] = 1;
			}
			bitmap_set_range(map, at, n);
			hint = at + n;
		}
		/* free a random used bit's aligned block half the time */
		unsigned long victim = (seed >> 8) % NBITS;
		if ((seed & 1) && model[victim]) {
			model[victim] = 0;
			bitmap_clear_bit(map, victim);
		}
		for (unsigned long b = 0; b < NBITS; b++)
			if (!!bitmap_test(map, b) != model[b]) {
				EXPECT(!"bitmap and model disagree");
				return;
			}
	}
}
