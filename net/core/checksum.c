/*
 * The Internet checksum, in portable C (Linux has it in assembly per
 * architecture; clarity wins here). See include/net/checksum.h for the
 * partial-sum convention. Used by IP (header), ICMP, and later UDP/TCP.
 */
#include <net/checksum.h>
#include <linux/string.h>

/* Fold a 64-bit accumulator into 32 bits without losing carries. */
static u32 csum_fold64(u64 sum)
{
	sum = (sum & 0xffffffffu) + (sum >> 32);
	sum = (sum & 0xffffffffu) + (sum >> 32);
	return (u32)sum;
}

/* x86 loads from any address; may_alias lets a byte buffer be read as words. */
typedef u32 __attribute__((may_alias, aligned(1))) u32_unaligned;
typedef u16 __attribute__((may_alias, aligned(1))) u16_unaligned;

/*
 * Under TCG every instruction here is paid per byte received (QEMU's
 * e1000 verifies no checksum, so TCP sums every segment), so the loop
 * reads 32-bit words, four per round, instead of 16-bit ones: a 32-bit
 * word is two 16-bit words, and 2^16 = 1 in ones' complement arithmetic,
 * so adding whole words and folding at the end gives the same sum (RFC
 * 1071 section 2, "parallel summation"). The 64-bit accumulator cannot
 * overflow below 16 GiB. Pairing bytes into words starts at buf, whatever
 * its alignment, as the checksum requires.
 */
__wsum csum_partial(const void *buf, int len, __wsum sum)
{
	const u8 *p = buf;
	u64 acc = sum;

	while (len >= 16) {
		const u32_unaligned *w = (const u32_unaligned *)p;

		acc += (u64)w[0] + w[1] + (u64)w[2] + w[3];
		p += 16;
		len -= 16;
	}
	while (len >= 4) {
		acc += *(const u32_unaligned *)p;
		p += 4;
		len -= 4;
	}
	if (len >= 2) {
		acc += *(const u16_unaligned *)p;
		p += 2;
		len -= 2;
	}
	/*
	 * An odd last byte is the first byte of a word padded with zero
	 * (RFC 1071). In memory order on a little-endian CPU that first byte
	 * is the low half of the word.
	 */
	if (len)
		acc += *p;
	return csum_fold64(acc);
}

/*
 * Copy len bytes from src to dst and return their sum as csum_partial
 * would (Linux's csum_partial_copy_nocheck): for data that must be both
 * copied and verified, one pass instead of two (GRO's merge, gro.c).
 */
__wsum csum_partial_copy_nocheck(const void *src, void *dst, int len, __wsum sum)
{
	const u8 *s = src;
	u8 *d = dst;
	u64 acc = sum;

	while (len >= 16) {
		const u32_unaligned *w = (const u32_unaligned *)s;
		u32_unaligned *o = (u32_unaligned *)d;
		u32 a = w[0], b = w[1], c = w[2], e = w[3];

		o[0] = a;
		o[1] = b;
		o[2] = c;
		o[3] = e;
		acc += (u64)a + b + (u64)c + e;
		s += 16;
		d += 16;
		len -= 16;
	}
	while (len >= 4) {
		u32 a = *(const u32_unaligned *)s;

		*(u32_unaligned *)d = a;
		acc += a;
		s += 4;
		d += 4;
		len -= 4;
	}
	if (len >= 2) {
		u16 a = *(const u16_unaligned *)s;

		*(u16_unaligned *)d = a;
		acc += a;
		s += 2;
		d += 2;
		len -= 2;
	}
	if (len) {
		*d = *s;
		acc += *s;
	}
	return csum_fold64(acc);
}

__wsum csum_add(__wsum a, __wsum b)
{
	u32 r = a + b;

	return r + (r < a);	/* end-around carry */
}

__sum16 csum_fold(__wsum sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__sum16)~sum;
}

__sum16 ip_fast_csum(const void *iph, unsigned int ihl)
{
	return csum_fold(csum_partial(iph, ihl * 4, 0));
}

__sum16 ip_compute_csum(const void *buf, int len)
{
	return csum_fold(csum_partial(buf, len, 0));
}

__wsum csum_tcpudp_nofold(__be32 saddr, __be32 daddr, u32 len, u8 proto, __wsum sum)
{
	u64 acc = sum;

	/* The pseudo header as memory words: addresses, then zero+proto, then length. */
	acc += (saddr & 0xffff) + (saddr >> 16);
	acc += (daddr & 0xffff) + (daddr >> 16);
	acc += htons(proto);
	acc += htons((u16)len);
	return csum_fold64(acc);
}

__sum16 csum_tcpudp_magic(__be32 saddr, __be32 daddr, u32 len, u8 proto, __wsum sum)
{
	return csum_fold(csum_tcpudp_nofold(saddr, daddr, len, proto, sum));
}
