/* sys/signalfd.h: signalfd(2) (the signalfd4 system call, with the kernel's 8-byte mask). */
#ifndef _SYS_SIGNALFD_H
#define _SYS_SIGNALFD_H

#include <signal.h>
#include <uapi/signalfd.h>

int signalfd(int fd, const sigset_t *mask, int flags);

#endif
