/* Time structures of the i386 ABI: 32-bit time_t calls and the *_time64 ones. */
#ifndef _UAPI_TIME_H
#define _UAPI_TIME_H

#include "types.h"

struct timespec {			/* old_timespec32 in Linux */
	__kernel_time_t	tv_sec;
	long		tv_nsec;
};

struct __kernel_timespec {		/* clock_gettime64 and friends */
	__kernel_time64_t tv_sec;
	long long	tv_nsec;
};

struct timeval {
	__kernel_time_t		tv_sec;
	__kernel_suseconds_t	tv_usec;
};

struct timezone {
	int tz_minuteswest;
	int tz_dsttime;
};

struct itimerval {
	struct timeval it_interval;
	struct timeval it_value;
};

struct tms {
	long tms_utime, tms_stime, tms_cutime, tms_cstime;
};

#define CLOCK_REALTIME		0
#define CLOCK_MONOTONIC		1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID	3
#define CLOCK_MONOTONIC_RAW	4
#define CLOCK_REALTIME_COARSE	5
#define CLOCK_MONOTONIC_COARSE	6
#define CLOCK_BOOTTIME		7

#define TIMER_ABSTIME		1

#endif
