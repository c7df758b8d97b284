/* sys/eventfd.h: eventfd(2) (the eventfd2 system call) and its helpers (libc/unistd.c). */
#ifndef _SYS_EVENTFD_H
#define _SYS_EVENTFD_H

#include <stdint.h>
#include <uapi/eventfd.h>

typedef uint64_t eventfd_t;

int eventfd(unsigned int count, int flags);
int eventfd_read(int fd, eventfd_t *value);	/* 0 or -1: one 8-byte read */
int eventfd_write(int fd, eventfd_t value);	/* 0 or -1: one 8-byte write */

#endif
