/*
 * poll_epoll.c: the readiness calls whose C interface is not a plain stub
 * (poll itself is one, in syscalls.list): select over _newselect (142),
 * pselect and ppoll over pselect6/ppoll with the 32-bit timespec, and the
 * epoll family. Kernel side: kernel/fs/select.c, kernel/fs/eventpoll.c.
 *
 * pselect and ppoll pass the kernel a copy of the timeout: the kernel
 * writes the time left back (so a restarted call waits only for the rest),
 * while POSIX says the caller's timespec is left alone.
 */
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <uapi/asm/unistd_32.h>
#include "internal.h"

#define KSIGSET_SIZE sizeof(kernel_sigset_t)	/* the kernel insists on 8 */

int select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
	   struct timeval *timeout)
{
	return __syscall_ret(__sys5(__NR__newselect, nfds, readfds, writefds, exceptfds, timeout));
}

int pselect(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
	    const struct timespec *timeout, const sigset_t *sigmask)
{
	struct timespec ts, *tsp = 0;
	/* pselect6's sixth argument: the mask's address and its size. */
	struct { const sigset_t *ss; unsigned long len; } pack = { sigmask, KSIGSET_SIZE };

	if (timeout) {
		ts = *timeout;
		tsp = &ts;
	}
	return __syscall_ret(__sys6(__NR_pselect6, nfds, readfds, writefds, exceptfds, tsp,
				    sigmask ? &pack : 0));
}

int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *timeout,
	  const sigset_t *sigmask)
{
	struct timespec ts, *tsp = 0;

	if (timeout) {
		ts = *timeout;
		tsp = &ts;
	}
	return __syscall_ret(__sys5(__NR_ppoll, fds, nfds, tsp, sigmask, KSIGSET_SIZE));
}

int epoll_create(int size)
{
	return __syscall_ret(__sys1(__NR_epoll_create, size));
}

int epoll_create1(int flags)
{
	return __syscall_ret(__sys1(__NR_epoll_create1, flags));
}

int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event)
{
	return __syscall_ret(__sys4(__NR_epoll_ctl, epfd, op, fd, event));
}

int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout)
{
	return __syscall_ret(__sys4(__NR_epoll_wait, epfd, events, maxevents, timeout));
}

int epoll_pwait(int epfd, struct epoll_event *events, int maxevents, int timeout,
		const sigset_t *sigmask)
{
	return __syscall_ret(__sys6(__NR_epoll_pwait, epfd, events, maxevents, timeout,
				    sigmask, KSIGSET_SIZE));
}
