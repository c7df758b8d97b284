/*
 * Helpers several usertests files share (t_poll.c, t_epoll.c, t_timeout.c):
 * a child that makes an fd ready after a delay, reaping it, a counting
 * signal handler, a one-shot interval timer, and proof that a child has
 * blocked (its /proc/PID/stat state). Declared in ut.h.
 */
#include <string.h>
#include <stdio.h>
#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>
#include <sys/wait.h>
#include "ut.h"

/* A child that waits delay_ms, then writes one byte to fd (or closes it if close_it). */
pid_t ut_later(int fd, int delay_ms, int close_it)
{
	pid_t pid = CHECK_OK(fork());

	if (pid == 0) {
		struct timespec d = { delay_ms / 1000, (delay_ms % 1000) * 1000000L };

		nanosleep(&d, NULL);
		if (close_it)
			close(fd);
		else if (write(fd, "x", 1) != 1)
			_exit(1);
		_exit(0);
	}
	return pid;
}

/* Wait for a ut_later child; it must have succeeded. */
void ut_reap(pid_t pid)
{
	int status;

	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

volatile int ut_sig_count;

static void count_signal(int sig)
{
	(void)sig;
	ut_sig_count++;
}

/* Count deliveries of sig in ut_sig_count; flags as sigaction's (0: no SA_RESTART). */
void ut_catch(int sig, int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = count_signal;
	sa.sa_flags = flags;
	CHECK_OK(sigaction(sig, &sa, NULL));
}

/* SIGALRM once, ms from now. */
void ut_alarm_in_ms(int ms)
{
	struct itimerval it = { { 0, 0 }, { ms / 1000, (ms % 1000) * 1000 } };

	CHECK_OK(setitimer(ITIMER_REAL, &it, NULL));
}

/* The scheduler state letter of pid from /proc/PID/stat ('S': asleep). */
char ut_proc_state(pid_t pid)
{
	char path[32], buf[256];
	int fd, n;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return '?';
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return '?';
	buf[n] = 0;
	char *rp = strrchr(buf, ')');
	return rp && rp[1] == ' ' ? rp[2] : '?';
}

/*
 * Poll (every 5 ms, for up to 10 s) until pid is asleep ('S'): the proof a
 * wake-up test needs that the child really blocked. False if it never did.
 */
int ut_wait_asleep(pid_t pid)
{
	struct timespec t0, now, d = { 0, 5000000L };

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (ut_proc_state(pid) != 'S') {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - t0.tv_sec > 10)
			return 0;
		nanosleep(&d, NULL);
	}
	return 1;
}
