/*
 * The Internet checksum (RFC 1071): the 16-bit ones' complement of the
 * ones' complement sum of the data taken as 16-bit words.
 *
 * A __wsum is a 32-bit partial sum of words as they lie in memory (so on a
 * little-endian CPU the bytes of each word are swapped relative to the
 * wire; the ones' complement sum is byte-order independent, so folding
 * and storing the complement gives the right wire bytes without swaps).
 * csum_partial() adds a buffer to a partial sum, csum_fold() folds it to
 * 16 bits and complements it: a received packet checks out when folding
 * the sum over it, checksum field included, gives 0.
 * Implementation: net/core/checksum.c.
 */
#ifndef _NET_CHECKSUM_H
#define _NET_CHECKSUM_H

#include <linux/types.h>
#include <linux/byteorder.h>

__wsum csum_partial(const void *buf, int len, __wsum sum);
/* Copy and sum in one pass: the same sum as csum_partial(src, len, sum). */
__wsum csum_partial_copy_nocheck(const void *src, void *dst, int len, __wsum sum);
__sum16 csum_fold(__wsum sum);
__sum16 ip_fast_csum(const void *iph, unsigned int ihl);	/* ihl in 32-bit words; 0 if valid */
__sum16 ip_compute_csum(const void *buf, int len);
__wsum csum_add(__wsum a, __wsum b);
/* The TCP/UDP pseudo header (saddr, daddr, zero, protocol, length) added to sum. */
__wsum csum_tcpudp_nofold(__be32 saddr, __be32 daddr, u32 len, u8 proto, __wsum sum);
__sum16 csum_tcpudp_magic(__be32 saddr, __be32 daddr, u32 len, u8 proto, __wsum sum);

#endif
