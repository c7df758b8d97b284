/*
 * Kernel random numbers: /dev/urandom, /dev/random, getrandom(2), AT_RANDOM.
 * kernel/fs/random.c implements a non-cryptographic generator (xoshiro128**
 * seeded from ktime_get_ns() at first use and stirred with the time of
 * every call). Good enough for ASLR-less teaching; not for keys.
 */
#ifndef _LINUX_RANDOM_H
#define _LINUX_RANDOM_H

#include "types.h"

void get_random_bytes(void *buf, size_t n);
u32 get_random_u32(void);

#endif
