/*
 * Time: jiffies (HZ ticks since boot, from the PIT), and a monotonic
 * nanosecond clock with sub-tick resolution from the TSC (kernel/time.c).
 */
#ifndef _LINUX_JIFFIES_H
#define _LINUX_JIFFIES_H

#include "types.h"

#define HZ	1000

extern volatile unsigned long jiffies;

#define time_after(a, b)	((long)((b) - (a)) < 0)
#define time_before(a, b)	time_after(b, a)
#define time_after_eq(a, b)	((long)((a) - (b)) >= 0)
#define time_before_eq(a, b)	time_after_eq(b, a)

#define NSEC_PER_SEC	1000000000ULL
#define NSEC_PER_MSEC	1000000ULL
#define NSEC_PER_USEC	1000ULL
#define TICK_NSEC	(NSEC_PER_SEC / HZ)

/*
 * The longest timeout a timer is armed for: a quarter of the jiffies range
 * less one, so that time_after() still orders "jiffies + timeout" however
 * far the wheel lags (~12.4 days at HZ=1000). Every conversion of a
 * user-supplied timeout saturates here, as Linux's timespec64_to_jiffies
 * and msecs_to_jiffies do; a longer wait sleeps that long and re-checks its
 * own deadline. MAX_SCHEDULE_TIMEOUT (wait.h) is "forever", not a length.
 */
#define MAX_JIFFY_OFFSET	((long)(0x7fffffffUL >> 1) - 1)

/* Rounded up (a wait never ends early); ms > INT_MAX counts as "longest". */
static inline unsigned long msecs_to_jiffies(unsigned int ms)
{
	if ((int)ms < 0 || ms / (1000 / HZ) > (unsigned long)MAX_JIFFY_OFFSET)
		return MAX_JIFFY_OFFSET;
	return ms * (HZ / 1000);
}
static inline unsigned int jiffies_to_msecs(unsigned long j) { return j * (1000 / HZ); }
static inline unsigned long usecs_to_jiffies(unsigned int us) { return (us + 999) / 1000; }
/* clock_t, what /proc and times() report: USER_HZ ticks, as Linux. */
#define USER_HZ		100
static inline unsigned long jiffies_to_clock_t(unsigned long j) { return j / (HZ / USER_HZ); }

/* A timeout in ns to jiffies: rounded up, saturating at MAX_JIFFY_OFFSET. */
static inline unsigned long nsecs_to_jiffies_timeout(u64 ns)
{
	if (ns >= (u64)MAX_JIFFY_OFFSET * TICK_NSEC)
		return MAX_JIFFY_OFFSET;
	return (unsigned long)((ns + TICK_NSEC - 1) / TICK_NSEC);
}

extern u32 tsc_khz;		/* measured at boot (kernel/time.c) */
u64 ktime_get_ns(void);		/* monotonic, since boot */
u64 ktime_get_us(void);		/* the same clock in microseconds */
u64 ktime_get_real_ns(void);	/* wall clock (RTC at boot + monotonic) */

#endif
