/*
 * sys/epoll.h: epoll(7) for programs (libc/poll_epoll.c). The event bits,
 * EPOLL_CTL_* and the packed 12-byte struct epoll_event are the kernel's
 * own ABI header, so the two can never disagree.
 */
#ifndef _SYS_EPOLL_H
#define _SYS_EPOLL_H

#include <stdint.h>
#include <signal.h>
#include <uapi/eventpoll.h>

int epoll_create(int size);
int epoll_create1(int flags);
int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event);
int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout);
int epoll_pwait(int epfd, struct epoll_event *events, int maxevents, int timeout,
		const sigset_t *sigmask);

#endif
