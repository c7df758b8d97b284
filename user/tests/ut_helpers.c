/*
 * Helpers several usertests files share (t_poll.c, t_epoll.c): a child
 * that makes an fd ready after a delay, reaping it, a counting signal
 * handler, and a one-shot interval timer. Declared in ut.h.
 */
#include <string.h>
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
