/*
 * Bob Jenkins' lookup3 hash, the final mix only, for up to three 32-bit
 * words (Linux's jhash_3words). It is what Linux hashes the established
 * table with (inet_ehashfn): a dozen 32-bit operations, where SipHash's
 * 64-bit rounds cost i386 several times as many per lookup - and a lookup
 * happens for every TCP segment received. Keyed with a random initval it
 * spreads an attacker's tuples as well as the table needs; it is not a
 * MAC (ISNs, cookies and IP IDs keep SipHash).
 */
#ifndef _LINUX_JHASH_H
#define _LINUX_JHASH_H

#include <linux/types.h>

#define JHASH_INITVAL	0xdeadbeef	/* lookup3's starting value */

static inline u32 jhash_rol32(u32 w, unsigned int s)
{
	return (w << s) | (w >> (32 - s));
}

/* lookup3's final(): every input bit reaches every bit of c. */
static inline u32 jhash_3words(u32 a, u32 b, u32 c, u32 initval)
{
	initval += JHASH_INITVAL + (3 << 2);	/* lookup3 adds the length in bytes */
	a += initval;
	b += initval;
	c += initval;
	c ^= b; c -= jhash_rol32(b, 14);
	a ^= c; a -= jhash_rol32(c, 11);
	b ^= a; b -= jhash_rol32(a, 25);
	c ^= b; c -= jhash_rol32(b, 16);
	a ^= c; a -= jhash_rol32(c, 4);
	b ^= a; b -= jhash_rol32(a, 14);
	c ^= b; c -= jhash_rol32(b, 24);
	return c;
}

#endif
