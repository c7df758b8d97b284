/*
 * Kernel randomness: get_random_bytes() and get_random_u32(), used for
 * AT_RANDOM, /dev/urandom, getrandom(2), and (later) TCP initial sequence
 * numbers, ephemeral ports and IP IDs.
 *
 * The generator is ChaCha20 keyed from entropy gathered at boot (TSC
 * readings, the RTC, the boot command line) and stirred again with the
 * TSC of interrupt arrivals. This is not a vetted CSPRNG, but it is
 * unpredictable from outside: no two boots produce the same stream, which
 * is what a network stack needs (the same ISN every boot is a known flaw).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/spinlock.h>
#include <linux/jiffies.h>
#include <linux/random.h>

static u32 key[8];
static u32 counter[2];
static DEFINE_SPINLOCK(random_lock);

static inline u32 rotl(u32 v, int n) { return (v << n) | (v >> (32 - n)); }
#define QR(a, b, c, d) \
	a += b; d ^= a; d = rotl(d, 16); c += d; b ^= c; b = rotl(b, 12); \
	a += b; d ^= a; d = rotl(d, 8);  c += d; b ^= c; b = rotl(b, 7)

static void chacha20_block(u32 out[16])
{
	static const u32 sigma[4] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };
	u32 x[16], in[16];
	memcpy(in, sigma, 16);
	memcpy(in + 4, key, 32);
	in[12] = counter[0];
	in[13] = counter[1];
	in[14] = in[15] = 0;
	memcpy(x, in, sizeof(x));
	for (int i = 0; i < 10; i++) {
		QR(x[0], x[4], x[8], x[12]); QR(x[1], x[5], x[9], x[13]);
		QR(x[2], x[6], x[10], x[14]); QR(x[3], x[7], x[11], x[15]);
		QR(x[0], x[5], x[10], x[15]); QR(x[1], x[6], x[11], x[12]);
		QR(x[2], x[7], x[8], x[13]); QR(x[3], x[4], x[9], x[14]);
	}
	for (int i = 0; i < 16; i++)
		out[i] = x[i] + in[i];
	if (++counter[0] == 0)
		counter[1]++;
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

/* Mix a value into the key (interrupt timing, boot data). Any context. */
void add_entropy(u32 v)
{
	unsigned long flags;
	spin_lock_irqsave(&random_lock, flags);
	key[v & 7] ^= rotl(v, 13) ^ (u32)rdtsc();
	spin_unlock_irqrestore(&random_lock, flags);
}

void get_random_bytes(void *buf, size_t n)
{
	unsigned long flags;
	u32 block[16];
	u8 *p = buf;

	spin_lock_irqsave(&random_lock, flags);
	while (n) {
		chacha20_block(block);
		size_t c = min(n, sizeof(block));
		memcpy(p, block, c);
		p += c;
		n -= c;
	}
	/* Fast key erasure: the next key comes from the stream, so past output cannot be rebuilt. */
	chacha20_block(block);
	memcpy(key, block, sizeof(key));
	spin_unlock_irqrestore(&random_lock, flags);
}

u32 get_random_u32(void)
{
	u32 v;
	get_random_bytes(&v, sizeof(v));
	return v;
}

void add_entropy(u32 v);
void random_init(const char *cmdline)
{
	for (int i = 0; i < 8; i++) {
		u64 t = rdtsc();
		key[i] ^= (u32)t ^ (u32)(t >> 32) * 2654435761u;
	}
	add_entropy((u32)ktime_get_real_ns());
	add_entropy((u32)(ktime_get_real_ns() >> 32));
	for (const char *c = cmdline; *c; c++)
		add_entropy((u32)*c << (((c - cmdline) % 4) * 8));
	counter[0] = (u32)rdtsc();
}
