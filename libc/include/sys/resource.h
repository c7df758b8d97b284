/* sys/resource.h: resource limits (ugetrlimit/prlimit64) and usage. */
#ifndef _SYS_RESOURCE_H
#define _SYS_RESOURCE_H

#include <sys/types.h>
#include <uapi/misc.h>
#include <uapi/wait.h>		/* struct rusage */

#define RUSAGE_SELF	0
#define RUSAGE_CHILDREN	(-1)

int getrlimit(int res, struct rlimit *rl);
int setrlimit(int res, const struct rlimit *rl);
int prlimit64(pid_t pid, int res, const struct rlimit64 *new, struct rlimit64 *old);
int getrusage(int who, struct rusage *ru);

#endif
