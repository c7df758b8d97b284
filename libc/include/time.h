/* time.h: clocks and sleeping (libc/time.c); struct timespec is the 32-bit i386 one. */
#ifndef _TIME_H
#define _TIME_H

#include <sys/types.h>
#include <uapi/time.h>

#define CLOCKS_PER_SEC 1000000L

struct tm {
	int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year;
	int tm_wday, tm_yday, tm_isdst;
};

time_t time(time_t *t);
int clock_gettime(clockid_t clk, struct timespec *ts);
int clock_getres(clockid_t clk, struct timespec *ts);
int nanosleep(const struct timespec *req, struct timespec *rem);
struct tm *gmtime(const time_t *t);
struct tm *gmtime_r(const time_t *t, struct tm *tm);
/* "Fri Dec  4 12:34:56 2026\n" into buf (at least 26 bytes), as C's asctime. */
char *asctime_r(const struct tm *tm, char *buf);
clock_t clock(void);

#endif
