/*
 * sha256.h: SHA-256 (FIPS 180-4), incremental (libc/sha256.c).
 *
 *   struct sha256_ctx c;
 *   sha256_init(&c);
 *   sha256_update(&c, buf, n);   ... as many times as needed
 *   sha256_final(&c, digest);    32 bytes; c must be re-initialised after
 *
 * Not a Linux libc interface (glibc has none); the file-transfer tools
 * (user/fsend.c, user/frecv.c) use it to check content end to end. The
 * host side (tools/ftx.py) uses Python's hashlib, and the ftx tier also
 * compares our digests with busybox sha256sum's.
 */
#ifndef _SHA256_H
#define _SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_LEN	32
#define SHA256_BLOCK_LEN	64

struct sha256_ctx {
	uint32_t h[8];			/* the chaining state */
	uint64_t len;			/* bytes hashed so far */
	uint8_t buf[SHA256_BLOCK_LEN];	/* a partial block; len % 64 bytes used */
};

void sha256_init(struct sha256_ctx *c);
void sha256_update(struct sha256_ctx *c, const void *data, size_t n);
void sha256_final(struct sha256_ctx *c, uint8_t digest[SHA256_DIGEST_LEN]);
/* Lower-case hex into out (65 bytes with the NUL). */
void sha256_hex(const uint8_t digest[SHA256_DIGEST_LEN], char out[2 * SHA256_DIGEST_LEN + 1]);

#endif
