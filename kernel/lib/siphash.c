/*
 * SipHash-2-4: two compression rounds per 8-byte word, four finalisation
 * rounds, 64-bit output (the reference paper's parameters, as Linux's
 * lib/siphash.c). Callers: net/ipv4 (inet_hashtables.c, tcp_ipv4.c,
 * syncookies.c). The test vector below is the paper's (appendix A).
 */
#include <linux/kernel.h>
#include <linux/siphash.h>
#include <linux/string.h>
#include <linux/ktest.h>

static inline u64 rol64(u64 w, unsigned int s) { return (w << s) | (w >> (64 - s)); }

#define SIPROUND							\
	do {								\
		v0 += v1; v1 = rol64(v1, 13); v1 ^= v0; v0 = rol64(v0, 32); \
		v2 += v3; v3 = rol64(v3, 16); v3 ^= v2;			\
		v0 += v3; v3 = rol64(v3, 21); v3 ^= v0;			\
		v2 += v1; v1 = rol64(v1, 17); v1 ^= v2; v2 = rol64(v2, 32); \
	} while (0)

static inline u64 le64(const u8 *p)
{
	u64 v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

u64 siphash(const void *data, size_t len, const siphash_key_t *key)
{
	const u8 *p = data, *end = p + (len & ~(size_t)7);
	u64 v0 = 0x736f6d6570736575ULL ^ key->key[0];
	u64 v1 = 0x646f72616e646f6dULL ^ key->key[1];
	u64 v2 = 0x6c7967656e657261ULL ^ key->key[0];
	u64 v3 = 0x7465646279746573ULL ^ key->key[1];
	u64 b = ((u64)len) << 56, m;

	for (; p != end; p += 8) {
		m = le64(p);
		v3 ^= m;
		SIPROUND;
		SIPROUND;
		v0 ^= m;
	}
	for (size_t i = 0; i < (len & 7); i++)
		b |= (u64)p[i] << (8 * i);
	v3 ^= b;
	SIPROUND;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

/* The paper's vector: key 00..0f, message 00..0e -> a129ca6149be45e5. */
KTEST(siphash_reference_vector)
{
	siphash_key_t key;
	u8 msg[15];

	for (int i = 0; i < 15; i++)
		msg[i] = i;
	key.key[0] = 0x0706050403020100ULL;
	key.key[1] = 0x0f0e0d0c0b0a0908ULL;
	KT_EXPECT(siphash(msg, sizeof(msg), &key) == 0xa129ca6149be45e5ULL);
}
