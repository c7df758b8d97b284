// unit-sources: kernel/lib/siphash.c
/*
 * SipHash-2-4 against the reference vectors (key 00..0f, message 00..n-1,
 * from the SipHash paper's reference test.c), every tail length 0-7 and
 * several whole words; the fixed-size helpers against the general
 * function on the same bytes.
 */
#include "unit.h"
#include <linux/siphash.h>

static const u64 vectors[42] = {
	0x726fdb47dd0e0e31ULL, 0x74f839c593dc67fdULL, 0x0d6c8009d9a94f5aULL,
	0x85676696d7fb7e2dULL, 0xcf2794e0277187b7ULL, 0x18765564cd99a68dULL,
	0xcbc9466e58fee3ceULL, 0xab0200f58b01d137ULL, 0x93f5f5799a932462ULL,
	0x9e0082df0ba9e4b0ULL, 0x7a5dbbc594ddb9f3ULL, 0xf4b32f46226bada7ULL,
	0x751e8fbc860ee5fbULL, 0x14ea5627c0843d90ULL, 0xf723ca908e7af2eeULL,
	0xa129ca6149be45e5ULL, 0x3f2acc7f57c29bdbULL, 0x699ae9f52cbe4794ULL,
	0x4bc1b3f0968dd39cULL, 0xbb6dc91da77961bdULL, 0xbed65cf21aa2ee98ULL,
	0xd0f2cbb02e3b67c7ULL, 0x93536795e3a33e88ULL, 0xa80c038ccd5ccec8ULL,
	0xb8ad50c6f649af94ULL, 0xbce192de8a85b8eaULL, 0x17d835b85bbb15f3ULL,
	0x2f2e6163076bcfadULL, 0xde4daaaca71dc9a5ULL, 0xa6a2506687956571ULL,
	0xad87a3535c49ef28ULL, 0x32d892fad841c342ULL, 0x7127512f72f27cceULL,
	0xa7f32346f95978e3ULL, 0x12e0b01abb051238ULL, 0x15e034d40fa197aeULL,
	0x314dffbe0815a3b4ULL, 0x027990f029623981ULL, 0xcadcd4e59ef40c4dULL,
	0x9abfd8766a33735cULL, 0x0e3ea96b5304a7d0ULL, 0xad0c42d6fc585992ULL,
};

static const siphash_key_t ref_key = { {
	0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL,
} };

TEST(siphash_reference_vectors)
{
	u8 msg[64];
	unsigned int i;

	for (i = 0; i < sizeof(msg); i++)
		msg[i] = i;
	for (i = 0; i < ARRAY_SIZE(vectors); i++)
		EXPECT_EQ(siphash(msg, i, &ref_key), vectors[i]);
}

TEST(siphash_word_helpers_match_bytes)
{
	u32 w[4] = { 0x03020100, 0x07060504, 0x0b0a0908, 0x0f0e0d0c };
	u64 d[2] = { 0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL };

	EXPECT_EQ(siphash_1u32(w[0], &ref_key), vectors[4]);
	EXPECT_EQ(siphash_2u32(w[0], w[1], &ref_key), vectors[8]);
	EXPECT_EQ(siphash_3u32(w[0], w[1], w[2], &ref_key), vectors[12]);
	EXPECT_EQ(siphash_4u32(w[0], w[1], w[2], w[3], &ref_key), vectors[16]);
	EXPECT_EQ(siphash_1u64(d[0], &ref_key), vectors[8]);
	EXPECT_EQ(siphash_2u64(d[0], d[1], &ref_key), vectors[16]);
}

TEST(siphash_key_changes_everything)
{
	siphash_key_t k = ref_key;

	EXPECT(!siphash_key_is_zero(&k));
	k.key[1] ^= 1;
	EXPECT_NE(siphash_3u32(1, 2, 3, &k), siphash_3u32(1, 2, 3, &ref_key));
	EXPECT_NE(siphash_3u32(1, 2, 3, &ref_key), siphash_3u32(1, 2, 4, &ref_key));
}
