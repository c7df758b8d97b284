/*
 * t_timeout.c: timeouts far longer than the jiffies arithmetic once held.
 * Linux saturates every conversion (timespec64_to_jiffies clamps to
 * MAX_JIFFY_OFFSET; 64-bit deadlines elsewhere), so a 30-day sleep sleeps,
 * a 49-day alarm is 49 days away, and a 68-year itimer reads back as set.
 * Each test is named after the bug it once was: a sleep that returned at
 * once (or spun in the kernel), an alarm that fired at once or cancelled
 * itself, an itimer that read back wrapped.
 *
 * A sleeper test proves the child blocked (/proc/PID/stat shows 'S') before
 * signalling it, and the child checks EINTR and the time left.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include "ut.h"

#define DAY		(24L * 3600)
#define HUGE_SLEEP	(30 * DAY)		/* beyond 2^31 ms: 24.8 days */

static void on_usr1(int sig)
{
	(void)sig;
}

/*
 * Fork a child that runs sleeper() (which must block until SIGUSR1 and
 * return 0 if the call then behaved, a small code saying what went wrong
 * otherwise); prove it blocked, signal it, and check its verdict.
 */
static void blocks_until_signalled(int (*sleeper)(void), const char *what)
{
	int status;
	pid_t pid = CHECK_OK(fork());

	if (pid == 0) {
		struct sigaction sa;

		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_usr1;	/* no SA_RESTART: the call fails EINTR */
		if (sigaction(SIGUSR1, &sa, NULL))
			_exit(90);
		_exit(sleeper());
	}
	if (!ut_wait_asleep(pid)) {
		char st = ut_proc_state(pid);

		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		ut_fail("%s: the child never blocked (state %c)", what, st);
	}
	CHECK_OK(kill(pid, SIGUSR1));
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		ut_fail("%s: child status %#x (exit code %d)", what, status,
			WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

/* Time left must be "about 30 days": not wrapped, not zero. */
static int left_plausible(const struct timespec *rem)
{
	return rem->tv_sec > HUGE_SLEEP - 3600 && rem->tv_sec <= HUGE_SLEEP;
}

static int sleep_nanosleep(void)
{
	struct timespec ts = { HUGE_SLEEP, 0 }, rem = { 0, 0 };

	if (nanosleep(&ts, &rem) != -1)
		return 1;			/* returned: the sleep did not happen */
	if (errno != EINTR)
		return 2;
	return left_plausible(&rem) ? 0 : 3;
}

void test_nanosleep_huge_is_interruptible(void)
{
	blocks_until_signalled(sleep_nanosleep, "nanosleep(30 days)");
}

static int sleep_clock_nanosleep_rel(void)
{
	struct timespec ts = { HUGE_SLEEP, 0 }, rem = { 0, 0 };

	if (syscall(__NR_clock_nanosleep, CLOCK_MONOTONIC, 0, &ts, &rem) != -1)
		return 1;
	if (errno != EINTR)
		return 2;
	return left_plausible(&rem) ? 0 : 3;
}

static int sleep_clock_nanosleep_abs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += 40 * DAY;
	if (syscall(__NR_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) != -1)
		return 1;
	return errno == EINTR ? 0 : 2;
}

void test_clock_nanosleep_huge_is_interruptible(void)
{
	blocks_until_signalled(sleep_clock_nanosleep_rel, "clock_nanosleep(30 days)");
	blocks_until_signalled(sleep_clock_nanosleep_abs, "clock_nanosleep(TIMER_ABSTIME, +40 days)");
}

/*
 * ppoll_time64 with 18446744073 s, just under 2^64 ns: the deadline must
 * saturate, not wrap to 0.7 s in the past and return at once.
 */
static int sleep_ppoll_time64(void)
{
	struct { long long tv_sec, tv_nsec; } ts = { 18446744073LL, 0 };
	int p[2];

	if (pipe(p))
		return 1;
	struct pollfd pfd = { p[0], POLLIN, 0 };
	if (syscall(__NR_ppoll_time64, &pfd, 1, &ts, NULL, 8) != -1)
		return 2;
	return errno == EINTR ? 0 : 3;
}

void test_ppoll_time64_huge_timeout_blocks(void)
{
	blocks_until_signalled(sleep_ppoll_time64, "ppoll_time64(2^64 ns)");
}

/* SO_RCVTIMEO just below Linux's "forever" threshold: a finite 24.8-day wait. */
static int sleep_so_rcvtimeo(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct timeval tv = { 2147480, 0 }, got;
	socklen_t len = sizeof got;
	char c;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a))
		return 1;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv))
		return 2;
	if (getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &got, &len) || got.tv_sec != tv.tv_sec)
		return 3;
	if (recv(fd, &c, 1, 0) != -1)
		return 4;
	return errno == EINTR ? 0 : 5;
}

void test_so_rcvtimeo_huge_blocks(void)
{
	blocks_until_signalled(sleep_so_rcvtimeo, "recv with SO_RCVTIMEO 24.8 days");
}

/*
 * alarm(4294968) (49.7 days, past 2^32 ms) once fired in 0.7 s;
 * alarm(0x80000000) once became 0 and cancelled the pending alarm. Linux
 * clamps to INT_MAX seconds where a long is 32 bits (a 64-bit host keeps
 * 2^31), and alarm() reports the old alarm to the nearest second.
 */
void test_alarm_huge_clamped(void)
{
	unsigned int r;

	ut_catch(SIGALRM, 0);
	ut_sig_count = 0;
	CHECK_EQ(alarm(4294968), 0);
	r = alarm(100);
	CHECK(r >= 4294967 && r <= 4294968);
	r = alarm(0x80000000u);
	CHECK(r >= 99 && r <= 100);			/* the 100 s alarm was still there */
	r = alarm(0);
	CHECK(r >= 2147483646u);			/* still pending, not cancelled */
	CHECK_EQ(alarm(0), 0);
	CHECK_EQ(ut_sig_count, 0);
}

/* it_value 2,147,483,632 s once read back as 135,219,968 s (seconds * HZ wrapped). */
void test_setitimer_huge_reads_back(void)
{
	struct itimerval v, o;
	const long big = 2147483632L;

	ut_catch(SIGALRM, 0);
	ut_sig_count = 0;
	memset(&v, 0, sizeof v);
	v.it_value.tv_sec = big;
	CHECK_OK(setitimer(ITIMER_REAL, &v, NULL));
	CHECK_OK(getitimer(ITIMER_REAL, &o));
	CHECK(o.it_value.tv_sec >= big - 60 && o.it_value.tv_sec <= big);
	CHECK_EQ(o.it_interval.tv_sec, 0);

	/* A huge interval reads back exactly; the old value comes back through ovalue. */
	v.it_value.tv_sec = 40 * DAY;
	v.it_value.tv_usec = 250000;
	v.it_interval.tv_sec = big;
	v.it_interval.tv_usec = 500000;
	CHECK_OK(setitimer(ITIMER_REAL, &v, &o));
	CHECK(o.it_value.tv_sec >= big - 60 && o.it_value.tv_sec <= big);
	CHECK_OK(getitimer(ITIMER_REAL, &o));
	CHECK(o.it_value.tv_sec >= 40 * DAY - 60 && o.it_value.tv_sec <= 40 * DAY);
	CHECK_EQ(o.it_interval.tv_sec, big);
	CHECK_EQ(o.it_interval.tv_usec, 500000);

	/* Invalid values are refused and leave the timer alone. */
	v.it_value.tv_sec = -1;
	CHECK_ERR(setitimer(ITIMER_REAL, &v, NULL), EINVAL);
	v.it_value.tv_sec = 1;
	v.it_value.tv_usec = 1000000;
	CHECK_ERR(setitimer(ITIMER_REAL, &v, NULL), EINVAL);
	CHECK_OK(getitimer(ITIMER_REAL, &o));
	CHECK(o.it_value.tv_sec >= 40 * DAY - 60);

	memset(&v, 0, sizeof v);
	CHECK_OK(setitimer(ITIMER_REAL, &v, NULL));
	CHECK_OK(getitimer(ITIMER_REAL, &o));
	CHECK_EQ(o.it_value.tv_sec, 0);
	CHECK_EQ(o.it_value.tv_usec, 0);
	CHECK_EQ(ut_sig_count, 0);
}
