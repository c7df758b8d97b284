/* poll.h: poll(2) with Linux's struct pollfd and POLL* bits (include/uapi/misc.h). */
#ifndef _POLL_H
#define _POLL_H

#include <uapi/misc.h>
#include <signal.h>

typedef unsigned int nfds_t;

int poll(struct pollfd *fds, nfds_t n, int timeout_ms);
struct timespec;
int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *timeout, const sigset_t *sigmask);

#endif
