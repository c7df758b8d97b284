/*
 * Clocks and the time system calls.
 *
 * Monotonic time comes from the TSC, calibrated against the PIT at boot,
 * so clock_gettime(CLOCK_MONOTONIC) has sub-tick resolution; jiffies is the
 * coarse tick count. Wall-clock time is the CMOS RTC read once at boot plus
 * monotonic time since. nanosleep sleeps in schedule_timeout and rounds up
 * to whole ticks, never returning early unless a signal interrupts it; its
 * 64-bit nanosecond deadline is converted with the saturating
 * nsecs_to_jiffies_timeout (jiffies.h), so any length the ABI can express
 * (up to 68 years) sleeps, in MAX_JIFFY_OFFSET steps.
 *
 * Neighbours: drivers/pit.c (tick, calibration), kernel/sched.c.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/jiffies.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>
#include <asm/io.h>

void pit_busy_wait_ms(unsigned int ms);

static u64 tsc_at_boot;
u32 tsc_khz;			/* /proc/cpuinfo's cpu MHz too */
static u64 boot_real_ns;		/* wall clock at tsc_at_boot */

/*
 * Cycles to time by multiply and shift, as Linux's clocksources do
 * (ns = cycles * mult >> shift), set once by time_init. A 64-bit division
 * is a libgcc call on i386 - a loop of a few hundred instructions, all
 * paid under TCG - and the clock is read for every TCP segment (RTT
 * samples, timestamps): __udivmoddi4 was 4 % of the guest's busy time
 * sending a stream.
 */
struct cyc2time {
	u32 mult, shift;
};
static struct cyc2time cyc2ns, cyc2us;

/* The largest shift (up to 32) whose mult, per_ms << shift / khz, fits 32 bits. */
static struct cyc2time cyc2time_init(u32 per_ms, u32 khz)
{
	struct cyc2time c;

	for (c.shift = 32; c.shift > 0; c.shift--) {
		u64 m = ((u64)per_ms << c.shift) / khz;

		if (m <= 0xffffffffULL) {
			c.mult = (u32)m;
			break;
		}
	}
	return c;
}

/* cycles * mult >> shift in 32x32-bit products, without 128-bit arithmetic. */
static inline u64 cyc2time(const struct cyc2time *c, u64 cycles)
{
	u32 hi = (u32)(cycles >> 32), lo = (u32)cycles;

	return (((u64)hi * c->mult) << (32 - c->shift)) + (((u64)lo * c->mult) >> c->shift);
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

#define CMOS_ADDR	0x70
#define CMOS_DATA	0x71
static u8 cmos_read(u8 reg)
{
	outb(reg, CMOS_ADDR);
	return inb(CMOS_DATA);
}
static unsigned bcd(u8 v) { return (v & 0x0f) + (v >> 4) * 10; }

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static long days_from_civil(int y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static u64 rtc_read_ns(void)
{
	while (cmos_read(0x0A) & 0x80)	/* update in progress */
		;
	bool binary = cmos_read(0x0B) & 0x04;
	unsigned s = cmos_read(0x00), mi = cmos_read(0x02), h = cmos_read(0x04);
	unsigned d = cmos_read(0x07), mo = cmos_read(0x08), y = cmos_read(0x09);
	if (!binary) {
		s = bcd(s); mi = bcd(mi); h = bcd(h); d = bcd(d); mo = bcd(mo); y = bcd(y);
	}
	long days = days_from_civil(2000 + y, mo, d);
	return ((u64)days * 86400 + h * 3600 + mi * 60 + s) * NSEC_PER_SEC;
}

void time_init(void)
{
	u64 t0 = rdtsc();
	pit_busy_wait_ms(10);
	u64 t1 = rdtsc();
	tsc_khz = (u32)((t1 - t0) / 10);
	if (!tsc_khz)
		tsc_khz = 1;
	tsc_at_boot = t1;
	cyc2ns = cyc2time_init(1000000, tsc_khz);
	cyc2us = cyc2time_init(1000, tsc_khz);
	boot_real_ns = rtc_read_ns();
	pr_info("time: TSC %u.%03u MHz, HZ=%d\n", tsc_khz / 1000, tsc_khz % 1000, HZ);
}

u64 ktime_get_ns(void)
{
	if (!tsc_khz)
		return 0;
	return cyc2time(&cyc2ns, rdtsc() - tsc_at_boot);
}

/* Microseconds since boot, for TCP's clock (tcp_clock_us): no division either. */
u64 ktime_get_us(void)
{
	if (!tsc_khz)
		return 0;
	return cyc2time(&cyc2us, rdtsc() - tsc_at_boot);
}

u64 ktime_get_real_ns(void)
{
	return boot_real_ns + ktime_get_ns();
}

static int clock_ns(int which, u64 *ns)
{
	switch (which) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*ns = ktime_get_real_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*ns = ktime_get_ns();
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = (u64)(current->utime + current->stime) * (NSEC_PER_SEC / HZ);
		return 0;
	default:
		return -EINVAL;
	}
}

long sys_clock_gettime(int which, struct timespec __user *tp)
{
	u64 ns;
	int err = clock_ns(which, &ns);
	if (err)
		return err;
	struct timespec ts = { (long)(ns / NSEC_PER_SEC), (long)(ns % NSEC_PER_SEC) };
	return copy_to_user(tp, &ts, sizeof(ts)) ? -EFAULT : 0;
}

long sys_clock_gettime64(int which, struct __kernel_timespec __user *tp)
{
	u64 ns;
	int err = clock_ns(which, &ns);
	if (err)
		return err;
	struct __kernel_timespec ts = { (s64)(ns / NSEC_PER_SEC), (s64)(ns % NSEC_PER_SEC) };
	return copy_to_user(tp, &ts, sizeof(ts)) ? -EFAULT : 0;
}

long sys_clock_getres(int which, struct timespec __user *tp)
{
	u64 ns;
	int err = clock_ns(which, &ns);
	if (err)
		return err;
	struct timespec ts = { 0, 1 };
	if (tp && copy_to_user(tp, &ts, sizeof(ts)))
		return -EFAULT;
	return 0;
}

long sys_gettimeofday(struct timeval __user *tv, struct timezone __user *tz)
{
	u64 ns = ktime_get_real_ns();
	if (tv) {
		struct timeval t = { (long)(ns / NSEC_PER_SEC), (long)(ns % NSEC_PER_SEC / 1000) };
		if (copy_to_user(tv, &t, sizeof(t)))
			return -EFAULT;
	}
	if (tz) {
		struct timezone z = { 0, 0 };
		if (copy_to_user(tz, &z, sizeof(z)))
			return -EFAULT;
	}
	return 0;
}

long sys_time(long __user *tloc)
{
	long t = (long)(ktime_get_real_ns() / NSEC_PER_SEC);
	if (tloc && put_user(t, tloc))
		return -EFAULT;
	return t;
}

/* Sleep until the monotonic deadline; -ERESTARTSYS-style interruption reports time left. */
static long do_nanosleep(u64 deadline, struct timespec __user *rmtp)
{
	for (;;) {
		u64 now = ktime_get_ns();
		if (now >= deadline)
			return 0;
		/* Saturated: a sleep of months is many MAX_JIFFY_OFFSET sleeps. */
		schedule_timeout_interruptible(nsecs_to_jiffies_timeout(deadline - now));
		if (signal_pending(current)) {
			u64 left;

			now = ktime_get_ns();
			left = now < deadline ? deadline - now : 0;
			if (rmtp) {
				struct timespec ts = { (long)(left / NSEC_PER_SEC), (long)(left % NSEC_PER_SEC) };
				if (copy_to_user(rmtp, &ts, sizeof(ts)))
					return -EFAULT;
			}
			return -EINTR;
		}
	}
}

static int timespec_to_ns(const struct timespec *ts, u64 *ns)
{
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= (long)NSEC_PER_SEC)
		return -EINVAL;
	*ns = (u64)ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
	return 0;
}

long sys_nanosleep(struct timespec __user *rqtp, struct timespec __user *rmtp)
{
	struct timespec ts;
	u64 ns;
	if (copy_from_user(&ts, rqtp, sizeof(ts)))
		return -EFAULT;
	int err = timespec_to_ns(&ts, &ns);
	if (err)
		return err;
	return do_nanosleep(ktime_get_ns() + ns, rmtp);
}

long sys_clock_nanosleep(int which, int flags, const struct timespec __user *rqtp,
			 struct timespec __user *rmtp)
{
	struct timespec ts;
	u64 ns, now;
	if (copy_from_user(&ts, rqtp, sizeof(ts)))
		return -EFAULT;
	int err = timespec_to_ns(&ts, &ns);
	if (err)
		return err;
	err = clock_ns(which, &now);
	if (err)
		return err;
	if (flags & TIMER_ABSTIME) {
		u64 mono = ktime_get_ns();
		return do_nanosleep(ns > now ? mono + (ns - now) : mono, NULL);
	}
	return do_nanosleep(ktime_get_ns() + ns, rmtp);
}
