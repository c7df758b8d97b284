/*
 * time.c: the wall clock and calendar. time() asks clock_gettime
 * (CLOCK_REALTIME) rather than the old time(2) so one kernel clock serves
 * both; gmtime turns seconds since 1970 into a UTC calendar date (no time
 * zones on Sockeye) and asctime_r prints one the way C always has (the
 * daytime service's line). nanosleep, clock_gettime and gettimeofday are
 * plain stubs from syscalls.list using the 32-bit i386 timespec/timeval.
 */
#include <time.h>
#include <sys/time.h>
#include <stdio.h>

time_t time(time_t *t)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
		return (time_t)-1;
	if (t)
		*t = ts.tv_sec;
	return ts.tv_sec;
}

clock_t clock(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) < 0)
		return (clock_t)-1;
	return ts.tv_sec * CLOCKS_PER_SEC + ts.tv_nsec / 1000;
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

struct tm *gmtime_r(const time_t *t, struct tm *tm)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	long days = *t / 86400, secs = *t % 86400;
	int year = 1970, mon = 0;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	tm->tm_hour = secs / 3600;
	tm->tm_min = secs / 60 % 60;
	tm->tm_sec = secs % 60;
	tm->tm_wday = (int)((days % 7 + 11) % 7);	/* 1970-01-01 was a Thursday */
	while (days >= (is_leap(year) ? 366 : 365))
		days -= is_leap(year++) ? 366 : 365;
	while (days < 0)
		days += is_leap(--year) ? 366 : 365;
	tm->tm_yday = days;
	for (;; mon++) {
		int md = mdays[mon] + (mon == 1 && is_leap(year));
		if (days < md)
			break;
		days -= md;
	}
	tm->tm_year = year - 1900;
	tm->tm_mon = mon;
	tm->tm_mday = days + 1;
	tm->tm_isdst = 0;
	return tm;
}

struct tm *gmtime(const time_t *t)
{
	static struct tm tm;

	return gmtime_r(t, &tm);
}

/* C's fixed layout: day of month padded with a space, 26 bytes with "\n\0". */
char *asctime_r(const struct tm *tm, char *buf)
{
	static const char wday[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char mon[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

	if (tm->tm_wday < 0 || tm->tm_wday > 6 || tm->tm_mon < 0 || tm->tm_mon > 11)
		return NULL;
	snprintf(buf, 26, "%.3s %.3s%3d %.2d:%.2d:%.2d %d\n", wday[tm->tm_wday],
		 mon[tm->tm_mon], tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec,
		 1900 + tm->tm_year);
	return buf;
}
