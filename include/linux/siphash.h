/*
 * SipHash-2-4 (Aumasson and Bernstein): a keyed 64-bit PRF for short
 * inputs, with Linux's names. What it is for: hash table indexes and
 * counters an attacker must not be able to predict or aim at - IP IDs
 * (RFC 7739), the TCP hash tables, RFC 6528 initial sequence numbers.
 * Each user keeps its own siphash_key_t filled from get_random_bytes()
 * once per boot.
 *
 * Byte order: the input is read as little-endian 64-bit words, as the
 * reference; the fixed-size helpers hash their u32/u64 arguments laid out
 * in memory one after another, so siphash_3u32(a, b, c, k) equals
 * siphash() over the 12 bytes {a, b, c} on this little-endian machine.
 * Implementation: kernel/lib/siphash.c; test vectors in
 * tools/testing/unit/test_siphash.c.
 */
#ifndef _LINUX_SIPHASH_H
#define _LINUX_SIPHASH_H

#include "types.h"

#define SIPHASH_ALIGNMENT	8
typedef struct {
	u64 key[2];
} siphash_key_t;

static inline bool siphash_key_is_zero(const siphash_key_t *key)
{
	return !(key->key[0] | key->key[1]);
}

u64 siphash(const void *data, size_t len, const siphash_key_t *key);
u64 siphash_1u64(u64 a, const siphash_key_t *key);
u64 siphash_2u64(u64 a, u64 b, const siphash_key_t *key);
u64 siphash_1u32(u32 a, const siphash_key_t *key);
u64 siphash_3u32(u32 a, u32 b, u32 c, const siphash_key_t *key);

static inline u64 siphash_2u32(u32 a, u32 b, const siphash_key_t *key)
{
	return siphash_1u64((u64)b << 32 | a, key);
}
static inline u64 siphash_4u32(u32 a, u32 b, u32 c, u32 d, const siphash_key_t *key)
{
	return siphash_2u64((u64)b << 32 | a, (u64)d << 32 | c, key);
}

#endif
