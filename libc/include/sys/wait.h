/* sys/wait.h: waiting for children; status macros and options are Linux's (include/uapi/wait.h). */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H

#include <sys/types.h>
#include <uapi/wait.h>

pid_t wait(int *status);
pid_t waitpid(pid_t pid, int *status, int options);
pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru);

#endif
