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

static inline unsigned long msecs_to_jiffies(unsigned int ms) { return ms * (HZ / 1000); }
static inline unsigned int jiffies_to_msecs(unsigned long j) { return j * (1000 / HZ); }
static inline unsigned long usecs_to_jiffies(unsigned int us) { return (us + 999) / 1000; }
/* clock_t, what /proc and times() report: USER_HZ ticks, as Linux. */
#define USER_HZ		100
static inline unsigned long jiffies_to_clock_t(unsigned long j) { return j / (HZ / USER_HZ); }

#define NSEC_PER_SEC	1000000000ULL
#define NSEC_PER_MSEC	1000000ULL
#define NSEC_PER_USEC	1000ULL

u64 ktime_get_ns(void);		/* monotonic, since boot */
u64 ktime_get_real_ns(void);	/* wall clock (RTC at boot + monotonic) */

#endif
