/* sys/mman.h: memory mappings. mmap() goes through mmap2 (offset in 4 KiB pages). */
#ifndef _SYS_MMAN_H
#define _SYS_MMAN_H

#include <sys/types.h>
#include <uapi/mman.h>

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int munmap(void *addr, size_t len);
int mprotect(void *addr, size_t len, int prot);
void *mremap(void *old, size_t oldlen, size_t newlen, int flags, ...);
int madvise(void *addr, size_t len, int advice);

#endif
