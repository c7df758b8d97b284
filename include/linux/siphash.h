/*
 * SipHash-2-4 (Aumasson and Bernstein), Linux's interface: a keyed hash
 * for hash tables and sequence numbers that a remote peer must not be
 * able to predict or aim at (TCP's ehash, RFC 6528 ISNs, syn cookies,
 * ephemeral port offsets). Implementation: kernel/lib/siphash.c.
 */
#ifndef _LINUX_SIPHASH_H
#define _LINUX_SIPHASH_H

#include "types.h"

typedef struct {
	u64 key[2];
} siphash_key_t;

u64 siphash(const void *data, size_t len, const siphash_key_t *key);

#endif
