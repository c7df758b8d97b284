/*
 * The epoll ABI (i386): event bits, epoll_ctl operations, epoll_create1
 * flags and struct epoll_event. Shared by the kernel (kernel/fs/eventpoll.c)
 * and libc (libc/include/sys/epoll.h).
 *
 * The event bits are the poll bits (uapi/misc.h) under EPOLL* names, plus
 * the input flags that only epoll_ctl understands (the top four bits).
 */
#ifndef _UAPI_EVENTPOLL_H
#define _UAPI_EVENTPOLL_H

#include "types.h"
#include "fcntl.h"

#define EPOLL_CLOEXEC	O_CLOEXEC	/* epoll_create1's only flag */

#define EPOLL_CTL_ADD	1
#define EPOLL_CTL_DEL	2
#define EPOLL_CTL_MOD	3

#define EPOLLIN		0x00000001
#define EPOLLPRI	0x00000002
#define EPOLLOUT	0x00000004
#define EPOLLERR	0x00000008
#define EPOLLHUP	0x00000010
#define EPOLLNVAL	0x00000020
#define EPOLLRDNORM	0x00000040
#define EPOLLRDBAND	0x00000080
#define EPOLLWRNORM	0x00000100
#define EPOLLWRBAND	0x00000200
#define EPOLLMSG	0x00000400
#define EPOLLRDHUP	0x00002000	/* the peer shut down its writing side */

/* Input flags: how to report, not what happened. */
#define EPOLLEXCLUSIVE	(1U << 28)	/* wake one waiter, not all (ADD only) */
#define EPOLLWAKEUP	(1U << 29)	/* accepted and ignored: no suspend here */
#define EPOLLONESHOT	(1U << 30)	/* disable after one report until MOD */
#define EPOLLET		(1U << 31)	/* edge-triggered */

/*
 * The caller's cookie, handed back untouched with each event. The kernel
 * only ever copies the whole 8 bytes (.u64); the other members are for
 * programs (ev.data.fd, ev.data.ptr).
 */
typedef union epoll_data {
	void *ptr;
	int fd;
	__u32 u32;
	__u64 u64;
} epoll_data_t;

/*
 * On i386 (and only on x86) the structure is packed: 12 bytes, with data
 * right after events. Copy it as a whole; never take &ev->data in the
 * kernel as an aligned u64 pointer.
 */
struct epoll_event {
	__u32 events;
	epoll_data_t data;
} __attribute__((packed));

#endif
