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

__wsum csum_partial(const void *buf, int len, __wsum sum)
{
	const u8 *p = buf;
	u64 acc = sum;
	u16 w;

	/* Words as they lie in memory; memcpy keeps unaligned buffers legal. */
	while (len >= 2) {
		memcpy(&w, p, 2);
		acc += w;
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
