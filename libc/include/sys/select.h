/*
 * sys/select.h: select(2) and pselect(2) (libc/poll_epoll.c), and fd_set:
 * FD_SETSIZE (1024) bits in unsigned longs, bit n for fd n, the layout the
 * kernel reads. Passing an fd >= FD_SETSIZE to the FD_* macros is the
 * caller's bug, as everywhere.
 */
#ifndef _SYS_SELECT_H
#define _SYS_SELECT_H

#include <sys/types.h>
#include <signal.h>
#include <uapi/time.h>

#define FD_SETSIZE	1024
#define __NFDBITS	(8 * (int)sizeof(unsigned long))

typedef struct {
	unsigned long fds_bits[FD_SETSIZE / (8 * sizeof(unsigned long))];
} fd_set;

#define FD_ZERO(s)	__builtin_memset((s), 0, sizeof(fd_set))
#define FD_SET(fd, s)	((void)((s)->fds_bits[(fd) / __NFDBITS] |= 1UL << ((fd) % __NFDBITS)))
#define FD_CLR(fd, s)	((void)((s)->fds_bits[(fd) / __NFDBITS] &= ~(1UL << ((fd) % __NFDBITS))))
#define FD_ISSET(fd, s)	(((s)->fds_bits[(fd) / __NFDBITS] & (1UL << ((fd) % __NFDBITS))) != 0)

/* select updates *timeout with the time left, as Linux's does. */
int select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
	   struct timeval *timeout);
/* pselect leaves *timeout alone (POSIX), and runs with sigmask in force. */
int pselect(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
	    const struct timespec *timeout, const sigset_t *sigmask);

#endif
