/* sys/time.h: gettimeofday and interval timers (libc/time.c). */
#ifndef _SYS_TIME_H
#define _SYS_TIME_H

#include <sys/types.h>
#include <uapi/time.h>

#define ITIMER_REAL	0
#define ITIMER_VIRTUAL	1
#define ITIMER_PROF	2

int gettimeofday(struct timeval *tv, struct timezone *tz);
int setitimer(int which, const struct itimerval *new, struct itimerval *old);
int getitimer(int which, struct itimerval *cur);

#endif
