/*
 * The Internet checksum, in C around a five-instruction add-with-carry
 * (Linux has it all in assembly per architecture; clarity wins here). See
 * include/net/checksum.h for the partial-sum convention. Used by IP (header), ICMP, and later UDP/TCP.
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
 * e1000 verifies no checksum, so TCP sums every segment). So the loops
 * take 32-bit words, four per round, and add them with the carry chained
 * (adcl, in asm: the one place C cannot say "add with carry"), folding the
 * last carry back in: a 32-bit word is two 16-bit words and 2^16 = 1 in
 * ones' complement arithmetic, so whole words summed with end-around
 * carry give the same sum (RFC 1071 section 2, "parallel summation").
 * That is five instructions per 16 bytes where 64-bit C accumulation
 * takes eight (an addl and an adcl per word). The asm names only 32-bit
 * registers and addresses through a pointer register, so the host's
 * x86-64 unit tests run the same code. Pairing bytes into words starts at
 * buf, whatever its alignment, as the checksum requires.
 */
static inline u32 csum_add4(u32 sum, const void *p)
{
	__asm__("addl 0(%[p]), %[s]\n\t"
		"adcl 4(%[p]), %[s]\n\t"
		"adcl 8(%[p]), %[s]\n\t"
		"adcl 12(%[p]), %[s]\n\t"
		"adcl $0, %[s]"
		: [s] "+r"(sum) : [p] "r"(p), "m"(*(const u8 (*)[16])p) : "cc");
	return sum;
}

static inline u32 csum_add1(u32 sum, u32 w)
{
	__asm__("addl %[w], %[s]\n\t"
		"adcl $0, %[s]"
		: [s] "+r"(sum) : [w] "r"(w) : "cc");
	return sum;
}

/* The tail after the 16-byte rounds: words, a halfword, an odd byte. */
static u32 csum_tail(const u8 *p, int len, u32 sum)
{
	while (len >= 4) {
		sum = csum_add1(sum, *(const u32_unaligned *)p);
		p += 4;
		len -= 4;
	}
	if (len >= 2) {
		sum = csum_add1(sum, *(const u16_unaligned *)p);
		p += 2;
		len -= 2;
	}
	/*
	 * An odd last byte is the first byte of a word padded with zero
	 * (RFC 1071). In memory order on a little-endian CPU that first byte
	 * is the low half of the word.
	 */
	if (len)
		sum = csum_add1(sum, *p);
	return sum;
}

__wsum csum_partial(const void *buf, int len, __wsum sum)
{
	const u8 *p = buf;

	for (; len >= 16; p += 16, len -= 16)
		sum = csum_add4(sum, p);
	return csum_tail(p, len, sum);
}

/*
 * Copy len bytes from src to dst and return their sum as csum_partial
 * would (Linux's csum_partial_copy_nocheck): for data that must be both
 * copied and verified, one pass instead of two (GRO's merge, gro.c). Each
 * round copies 16 bytes and then sums them from the copy, still hot.
 */
__wsum csum_partial_copy_nocheck(const void *src, void *dst, int len, __wsum sum)
{
	const u8 *s = src;
	u8 *d = dst;

	for (; len >= 16; s += 16, d += 16, len -= 16) {
		const u32_unaligned *w = (const u32_unaligned *)s;
		u32_unaligned *o = (u32_unaligned *)d;

		o[0] = w[0];
		o[1] = w[1];
		o[2] = w[2];
		o[3] = w[3];
		sum = csum_add4(sum, d);
	}
	memcpy(d, s, len);
	return csum_tail(d, len, sum);
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
