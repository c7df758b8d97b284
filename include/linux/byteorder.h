/*
 * Host <-> network byte order. i386 (and the x86_64 host the unit tests
 * run on) are little endian, the wire is big endian, so every conversion
 * is a byte swap. Values in network order carry the __be16/__be32 types.
 */
#ifndef _LINUX_BYTEORDER_H
#define _LINUX_BYTEORDER_H

#include "types.h"

static inline __be16 htons(u16 x) { return __builtin_bswap16(x); }
static inline u16 ntohs(__be16 x) { return __builtin_bswap16(x); }
static inline __be32 htonl(u32 x) { return __builtin_bswap32(x); }
static inline u32 ntohl(__be32 x) { return __builtin_bswap32(x); }

/* For case labels and static initialisers, where a call is not allowed. */
#define __constant_htons(x)	((__be16)((((x) & 0xffu) << 8) | (((x) >> 8) & 0xffu)))
#define __constant_htonl(x)	((__be32)((((x) & 0xffu) << 24) | (((x) & 0xff00u) << 8) | \
					  (((x) >> 8) & 0xff00u) | (((x) >> 24) & 0xffu)))
#define cpu_to_be16(x)	htons(x)
#define be16_to_cpu(x)	ntohs(x)
#define cpu_to_be32(x)	htonl(x)
#define be32_to_cpu(x)	ntohl(x)

#endif
