/*
 * drop_caches.h: the first step of every leak check that reads MemFree,
 * shared by usertests (ut_mem_free_kb, ut_helpers.c) and the fuzzer
 * (measure, fuzz.c). The kernel's slab keeps a few empty slabs per cache
 * for the next burst (kernel/mm/slab.c); they are not a leak, so they go
 * back first, the way a Linux test does it: `echo 2 >
 * /proc/sys/vm/drop_caches`. Root only: for anyone else the open fails
 * and MemFree is read as it is.
 */
#ifndef USER_TESTS_DROP_CACHES_H
#define USER_TESTS_DROP_CACHES_H

#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>

static inline void drop_kernel_caches(const char *who)
{
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);

	if (fd < 0)
		return;
	if (write(fd, "2\n", 2) != 2)
		printf("%s: drop_caches refused the write: kept slabs count as used\n", who);
	close(fd);
}

#endif
