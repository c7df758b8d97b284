/*
 * Kernel random numbers: /dev/urandom, /dev/random, getrandom(2), AT_RANDOM.
 * kernel/random.c implements them: ChaCha20 keyed from boot-time entropy
 * (TSC, RTC, command line) and stirred with interrupt timing; different
 * every boot, which TCP sequence numbers and ports need.
 */
#ifndef _LINUX_RANDOM_H
#define _LINUX_RANDOM_H

#include "types.h"

void get_random_bytes(void *buf, size_t n);
u32 get_random_u32(void);

#endif
