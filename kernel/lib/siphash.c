/*
 * SipHash-2-4 (include/linux/siphash.h): two compression rounds per 8-byte
 * word, four finalization rounds, the message length in the last word's
 * top byte. One general function; the fixed-size helpers feed it words
 * directly so the per-packet users (IP IDs, TCP lookups) skip the byte
 * loop. Pure functions: no state, no locks, any context.
 */
#include <linux/kernel.h>
#include <linux/siphash.h>

static inline u64 rol64(u64 v, unsigned int n)
{
	return (v << n) | (v >> (64 - n));
}

#define SIPROUND(v0, v1, v2, v3) do {					\
	v0 += v1; v1 = rol64(v1, 13); v1 ^= v0; v0 = rol64(v0, 32);	\
	v2 += v3; v3 = rol64(v3, 16); v3 ^= v2;				\
	v0 += v3; v3 = rol64(v3, 21); v3 ^= v0;				\
	v2 += v1; v1 = rol64(v1, 17); v1 ^= v2; v2 = rol64(v2, 32);	\
} while (0)

struct sip_state {
	u64 v0, v1, v2, v3;
};

static inline void sip_init(struct sip_state *s, const siphash_key_t *key)
{
	s->v0 = 0x736f6d6570736575ULL ^ key->key[0];
	s->v1 = 0x646f72616e646f6dULL ^ key->key[1];
	s->v2 = 0x6c7967656e657261ULL ^ key->key[0];
	s->v3 = 0x7465646279746573ULL ^ key->key[1];
}

static inline void sip_word(struct sip_state *s, u64 m)
{
	s->v3 ^= m;
	SIPROUND(s->v0, s->v1, s->v2, s->v3);
	SIPROUND(s->v0, s->v1, s->v2, s->v3);
	s->v0 ^= m;
}

/* last: the final word, with (length mod 256) already in its top byte. */
static inline u64 sip_final(struct sip_state *s, u64 last)
{
	sip_word(s, last);
	s->v2 ^= 0xff;
	SIPROUND(s->v0, s->v1, s->v2, s->v3);
	SIPROUND(s->v0, s->v1, s->v2, s->v3);
	SIPROUND(s->v0, s->v1, s->v2, s->v3);
	SIPROUND(s->v0, s->v1, s->v2, s->v3);
	return s->v0 ^ s->v1 ^ s->v2 ^ s->v3;
}

static inline u64 le64_load(const u8 *p)
{
	u64 v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

u64 siphash(const void *data, size_t len, const siphash_key_t *key)
{
	const u8 *p = data;
	const u8 *end = p + (len & ~(size_t)7);
	u64 last = (u64)len << 56;
	struct sip_state s;
	unsigned int i;

	sip_init(&s, key);
	for (; p != end; p += 8)
		sip_word(&s, le64_load(p));
	for (i = 0; i < (len & 7); i++)
		last |= (u64)p[i] << (8 * i);
	return sip_final(&s, last);
}

u64 siphash_1u64(u64 a, const siphash_key_t *key)
{
	struct sip_state s;

	sip_init(&s, key);
	sip_word(&s, a);
	return sip_final(&s, 8ULL << 56);
}

u64 siphash_2u64(u64 a, u64 b, const siphash_key_t *key)
{
	struct sip_state s;

	sip_init(&s, key);
	sip_word(&s, a);
	sip_word(&s, b);
	return sip_final(&s, 16ULL << 56);
}

u64 siphash_1u32(u32 a, const siphash_key_t *key)
{
	struct sip_state s;

	sip_init(&s, key);
	return sip_final(&s, 4ULL << 56 | a);
}

u64 siphash_3u32(u32 a, u32 b, u32 c, const siphash_key_t *key)
{
	struct sip_state s;

	sip_init(&s, key);
	sip_word(&s, (u64)b << 32 | a);
	return sip_final(&s, 12ULL << 56 | c);
}
