/*
 * get_random_bytes(): a non-cryptographic generator for /dev/urandom,
 * /dev/random, getrandom(2) and exec's AT_RANDOM bytes.
 *
 * xoshiro128** (Blackman & Vigna's published algorithm) over 128 bits of
 * state, seeded at first use from ktime_get_ns() (TSC-based, so it varies
 * from boot to boot) and stirred with the current time on every call, so
 * two boots or two callers do not see the same stream. It is NOT
 * suitable for keys: there is no entropy pool and the seed is guessable.
 *
 * Lock legend: rng_lock (irqsave: callable from any context) guards the state.
 */
#include <linux/random.h>
#include <linux/spinlock.h>
#include <linux/jiffies.h>
#include <linux/string.h>

static DEFINE_SPINLOCK(rng_lock);
static u32 rng_state[4];		/* rng_lock */
static bool rng_seeded;			/* rng_lock */

static inline u32 rotl(u32 x, int k) { return (x << k) | (x >> (32 - k)); }

static u32 xoshiro_next(void)
{
	u32 *s = rng_state;
	u32 result = rotl(s[1] * 5, 7) * 9;
	u32 t = s[1] << 9;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 11);
	return result;
}

/* splitmix32-style mixing so nearby seeds give unrelated states. */
static u32 mix32(u32 z)
{
	z = (z ^ (z >> 16)) * 0x85ebca6bU;
	z = (z ^ (z >> 13)) * 0xc2b2ae35U;
	return z ^ (z >> 16);
}

static void rng_stir(void)
{
	u64 now = ktime_get_ns();

	if (!rng_seeded) {
		rng_state[0] = mix32((u32)now ^ 0x9e3779b9U);
		rng_state[1] = mix32((u32)(now >> 32) + 0x7f4a7c15U);
		rng_state[2] = mix32((u32)now * 0x6c8e9cf5U + (u32)jiffies);
		rng_state[3] = mix32(rng_state[0] ^ 0xdeadbeefU) | 1;	/* never all zero */
		rng_seeded = true;
	}
	rng_state[0] ^= mix32((u32)now);
	if (!(rng_state[0] | rng_state[1] | rng_state[2] | rng_state[3]))
		rng_state[3] = 1;
}

void get_random_bytes(void *buf, size_t n)
{
	unsigned long flags;
	u8 *p = buf;

	spin_lock_irqsave(&rng_lock, flags);
	rng_stir();
	while (n) {
		u32 v = xoshiro_next();
		size_t k = n < 4 ? n : 4;

		memcpy(p, &v, k);
		p += k;
		n -= k;
	}
	spin_unlock_irqrestore(&rng_lock, flags);
}

u32 get_random_u32(void)
{
	u32 v;

	get_random_bytes(&v, sizeof(v));
	return v;
}
