// unit-sources: net/core/checksum.c
/* The Internet checksum: known vectors, odd lengths, folding, pseudo headers. */
#include "unit.h"
#include <linux/string.h>
#include <net/checksum.h>

/* RFC 1071 section 3 example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2. */
TEST(csum_rfc1071_example)
{
	static const u8 data[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	__sum16 c = csum_fold(csum_partial(data, sizeof(data), 0));

	/* csum_fold complements: ~0xddf2 = 0x220d, stored as memory bytes 22 0d. */
	EXPECT_EQ(ntohs(c), 0x220d);
}

/* A real IPv4 header (from a capture) must check to zero and recompute to its field. */
TEST(csum_ip_header)
{
	u8 hdr[20] = { 0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
		       0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7 };

	EXPECT_EQ(ip_fast_csum(hdr, 5), 0);
	hdr[10] = hdr[11] = 0;
	EXPECT_EQ(ntohs(ip_fast_csum(hdr, 5)), 0xb861);
}

TEST(csum_odd_length_pads_with_zero)
{
	static const u8 odd[] = { 0x12, 0x34, 0x56 };
	static const u8 even[] = { 0x12, 0x34, 0x56, 0x00 };

	EXPECT_EQ(ip_compute_csum(odd, 3), ip_compute_csum(even, 4));
	EXPECT_EQ(ntohs(ip_compute_csum(odd, 1)), (u16)~0x1200);
	EXPECT_EQ(ip_compute_csum(odd, 0), 0xffff);
}

TEST(csum_unaligned_buffer)
{
	u8 buf[64];
	unsigned int i;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (u8)(i * 37 + 1);
	/* Even offsets keep word boundaries; the same bytes copied elsewhere sum the same. */
	u8 copy[64];
	memcpy(copy, buf + 1, 63);
	EXPECT_EQ(ip_compute_csum(buf + 1, 63), ip_compute_csum(copy, 63));
}

TEST(csum_fold_carries)
{
	/* 0xffff + 0xffff... = carries folded back in; all-ones sums complement to 0. */
	static const u8 ones[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	EXPECT_EQ(ip_compute_csum(ones, sizeof(ones)), 0);
	EXPECT_EQ(csum_fold(0xffffffffu), 0);
	EXPECT_EQ(csum_fold(0x0001fffeu), 0);
	EXPECT_EQ(csum_add(0xffffffffu, 1), 1);
}

TEST(csum_partial_is_incremental)
{
	u8 buf[100];
	unsigned int i;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (u8)(i ^ 0x5a);
	EXPECT_EQ(csum_fold(csum_partial(buf + 40, 60, csum_partial(buf, 40, 0))),
		  ip_compute_csum(buf, 100));
}

/* UDP checksum of a known datagram (saddr 10.0.2.15, daddr 10.0.2.2, ports 68->67). */
TEST(csum_pseudo_header)
{
	u8 udp[12] = { 0x00, 0x44, 0x00, 0x43, 0x00, 0x0c, 0x00, 0x00, 'a', 'b', 'c', 'd' };
	__be32 s = htonl(0x0a00020f), d = htonl(0x0a000202);
	__sum16 c = csum_tcpudp_magic(s, d, 12, 17, csum_partial(udp, 12, 0));

	memcpy(udp + 6, &c, 2);
	/* Verifying: the sum over pseudo header and datagram with the checksum is 0. */
	EXPECT_EQ(csum_tcpudp_magic(s, d, 12, 17, csum_partial(udp, 12, 0)), 0);
	EXPECT_NE(c, 0);
}

/* RFC 1071's definition, one 16-bit word at a time: what the word loop must equal. */
static u16 csum_reference(const u8 *p, int len)
{
	u32 acc = 0;
	int i;

	for (i = 0; i + 1 < len; i += 2)
		acc += p[i] | p[i + 1] << 8;
	if (len & 1)
		acc += p[len - 1];
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (u16)~acc;
}

/* Every length across the 16- and 4-byte rounds, every alignment, and all-ones data (carries). */
TEST(csum_partial_words_match_rfc1071_definition)
{
	static u8 buf[2100];
	int len, off, fill, bad = 0;

	for (fill = 0; fill < 2; fill++) {
		for (len = 0; len < (int)sizeof(buf); len++)
			buf[len] = fill ? 0xff : (u8)(len * 151 + 17);
		for (off = 0; off < 4; off++)
			for (len = 0; len <= 70; len++)
				bad += (u16)csum_fold(csum_partial(buf + off, len, 0)) != csum_reference(buf + off, len);
		bad += (u16)csum_fold(csum_partial(buf + 1, 2048, 0)) != csum_reference(buf + 1, 2048);
	}
	EXPECT_EQ(bad, 0);
}

/* Copy and sum in one pass: the bytes arrive, and the sum is csum_partial's, at every length and alignment. */
TEST(csum_partial_copy_copies_and_sums_like_csum_partial)
{
	static u8 src[200], dst[210];
	int len, so, dof, bad = 0, ones;

	/* A pattern, then all ones: every add carries, through the whole chain. */
	for (ones = 0; ones < 2; ones++) {
	for (len = 0; len < (int)sizeof(src); len++)
		src[len] = ones ? 0xff : (u8)(len * 77 + 3);
	for (so = 0; so < 4; so++)
		for (dof = 0; dof < 4; dof++)
			for (len = 0; len <= 150; len++) {
				__wsum a, b;

				memset(dst, 0xee, sizeof(dst));
				a = csum_partial_copy_nocheck(src + so, dst + dof, len, 0x1234);
				b = csum_partial(src + so, len, 0x1234);
				bad += csum_fold(a) != csum_fold(b);
				bad += memcmp(dst + dof, src + so, len) != 0;
				bad += dst[dof + len] != 0xee;	/* not a byte more */
			}
	}
	EXPECT_EQ(bad, 0);
}

/* Long runs (a merged 64 KiB GRO burst and more), patterned and all ones: still csum_partial's sum. */
TEST(csum_partial_copy_long_runs_sum_like_csum_partial)
{
	static u8 src[70001], dst[70001];
	int i, bad = 0;

	for (int ones = 0; ones < 2; ones++) {
		for (i = 0; i < (int)sizeof(src); i++)
			src[i] = ones ? 0xff : (u8)(i * 131 + (i >> 9));
		for (int len = 65520; len <= 70001; len += 1493) {
			__wsum a = csum_partial_copy_nocheck(src, dst, len, 0);

			bad += csum_fold(a) != csum_fold(csum_partial(src, len, 0));
			bad += memcmp(dst, src, len) != 0;
		}
	}
	EXPECT_EQ(bad, 0);
}
