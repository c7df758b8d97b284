/*
 * Helpers several usertests files share: for t_poll.c and t_epoll.c a
 * child that makes an fd ready after a delay, reaping it, a counting
 * signal handler, and a one-shot interval timer; for t_tcp*.c listeners,
 * connected pairs over lo, the accept queue length; for every wake-up
 * test (t_tcp*.c, t_timeout.c) proof that a process is asleep; for the
 * runner's leak check and tests that check their own (t_clone.c) free
 * memory and slab objects. Declared in ut.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include "ut.h"
#include "drop_caches.h"

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

/* ---------- TCP over lo (t_tcp*.c) ---------- */

void ut_lo_addr(struct sockaddr_in *a, unsigned short port)
{
	memset(a, 0, sizeof(*a));
	a->sin_family = AF_INET;
	a->sin_port = htons(port);
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}

int ut_tcp_listener(struct sockaddr_in *addr, int backlog)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(*addr);
	int fd = CHECK_OK(socket(AF_INET, SOCK_STREAM, 0));

	ut_lo_addr(&a, 0);
	CHECK_OK(bind(fd, (struct sockaddr *)&a, sizeof(a)));
	CHECK_OK(listen(fd, backlog));
	CHECK_OK(getsockname(fd, (struct sockaddr *)addr, &len));
	return fd;
}

int ut_tcp_connect(const struct sockaddr_in *to)
{
	int fd = CHECK_OK(socket(AF_INET, SOCK_STREAM, 0));

	CHECK_OK(connect(fd, (const struct sockaddr *)to, sizeof(*to)));
	return fd;
}

void ut_tcp_pair(int *client, int *server)
{
	struct sockaddr_in a;
	int l = ut_tcp_listener(&a, 1);

	*client = ut_tcp_connect(&a);
	*server = CHECK_OK(accept(l, NULL, NULL));
	close(l);
}

/* On a listener Linux's TCP_INFO aliases tcpi_unacked to the accept queue length. */
int ut_tcp_queued(int listener)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	CHECK_OK(getsockopt(listener, IPPROTO_TCP, TCP_INFO, &ti, &len));
	CHECK_EQ(ti.tcpi_state, 10);		/* TCP_LISTEN */
	return ti.tcpi_unacked;
}

long long ut_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The handshake ends in softirq context: poll the queue length briefly, bounded. */
void ut_wait_queued(int listener, int n)
{
	long long deadline = ut_now_ms() + 10000;
	struct timespec d = { 0, 2000000L };

	while (ut_tcp_queued(listener) != n) {
		if (ut_now_ms() > deadline)
			ut_fail("accept queue holds %d, want %d", ut_tcp_queued(listener), n);
		nanosleep(&d, NULL);
	}
}

void ut_port_range(int *lo, int *hi)
{
	FILE *f = fopen("/proc/sys/net/ipv4/ip_local_port_range", "r");
	char line[64], *end;

	*lo = 32768;
	*hi = 60999;
	if (f) {
		if (!fgets(line, sizeof(line), f))
			ut_fail("cannot read ip_local_port_range");
		*lo = strtol(line, &end, 10);
		*hi = strtol(end, NULL, 10);
		fclose(f);
	}
}

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
 * Poll (every 2 ms, for up to 10 s) until pid is asleep ('S'): the proof a
 * wake-up test needs that the waiter really blocked. Fails the test if it
 * never does; returns 1 so it also reads as a condition.
 */
int ut_wait_asleep(pid_t pid)
{
	long long deadline = ut_now_ms() + 10000;
	struct timespec d = { 0, 2000000L };

	while (ut_proc_state(pid) != 'S') {
		if (ut_now_ms() > deadline)
			ut_fail("pid %d never blocked (state %c)", (int)pid, ut_proc_state(pid));
		nanosleep(&d, NULL);
	}
	return 1;
}

long ut_sockstat(const char *key, const char *field)
{
	char line[256];
	FILE *f = fopen("/proc/net/sockstat", "r");
	long v = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *p;

		if (strncmp(line, key, strlen(key)))
			continue;
		p = strstr(line, field);
		if (p)
			v = atol(p + strlen(field));
	}
	fclose(f);
	return v;
}

/* Lines of /proc/net/tcp with local port `port` in state `state` (01 ESTABLISHED, 0A LISTEN...). */
int ut_proc_tcp(unsigned short port, int state)
{
	char line[256];
	FILE *f = fopen("/proc/net/tcp", "r");
	int n = 0;

	if (!f)
		ut_fail("no /proc/net/tcp");
	while (fgets(line, sizeof(line), f)) {
		char *p = strchr(line, ':'), *e;	/* "  sl: local rem st ..." */
		unsigned long lport, st;

		if (!p)
			continue;
		strtoul(p + 1, &e, 16);			/* local address */
		if (*e != ':')
			continue;
		lport = strtoul(e + 1, &e, 16);
		strtoul(e, &e, 16);			/* remote address */
		if (*e != ':')
			continue;
		strtoul(e + 1, &e, 16);			/* remote port */
		st = strtoul(e, NULL, 16);
		if (lport == port && (int)st == state)
			n++;
	}
	fclose(f);
	return n;
}

/* MemFree of /proc/meminfo in kB, -1 if unreadable; kept empty slabs dropped first (drop_caches.h). */
long ut_meminfo_kb(const char *field)
{
	char line[128];
	size_t n = strlen(field);
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, field, n) && line[n] == ':')
			kb = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return kb;
}

long ut_mem_free_kb(void)
{
	drop_kernel_caches("ut_mem_free_kb");
	return ut_meminfo_kb("MemFree");
}

/* Allocated kernel objects: the active_objs column of /proc/slabinfo
 * (Linux's "slabinfo - version: 2.1") summed over every cache, -1 if absent. */
long ut_slab_objects(void)
{
	char line[512];
	long total = 0;
	FILE *f = fopen("/proc/slabinfo", "r");

	if (!f)
		return -1;
	if (!fgets(line, sizeof line, f) || strncmp(line, "slabinfo - version: 2.1", 23)) {
		fclose(f);
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		char *p = line;
		if (line[0] == '#')
			continue;
		while (*p && !isspace((unsigned char)*p))	/* skip the cache name */
			p++;
		total += strtol(p, NULL, 10);
	}
	fclose(f);
	return total;
}
