/*
 * t_trace.c: the tracepoints and /proc/tracing (kernel/trace.c), used as a
 * student would: switch events on, do something, read what happened.
 * Sockeye-only (Linux's tracefs lives elsewhere, with other event names);
 * on a host every test skips.
 *
 *   trace_accept4_path      listen, connect, accept4: the events in the
 *                           kernel's order, with their fields; accept4's
 *                           unwind on EAGAIN and EINVAL
 *   trace_pipe_wakes        a reader blocked in trace_pipe (proved asleep
 *                           first) gets the event that fires later
 *   trace_pipe_small_reads  lines survive 5-byte reads; empty + O_NONBLOCK
 *                           is EAGAIN
 *   trace_ring_overwrites   a full ring drops its oldest entries, counted
 *   trace_switches          bad values refused; tracing_on 0 pauses
 *   trace_needs_root        an ordinary user may neither switch nor read
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include "ut.h"

#define TR "/proc/tracing"

static void need_sockeye(void)
{
	if (!ut_on_sockeye)
		ut_skip("Sockeye's /proc/tracing");
	if (geteuid() != 0)
		ut_skip("switching tracepoints needs root");
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	int r;

	if (fd < 0)
		return -1;
	r = write(fd, s, strlen(s));
	close(fd);
	return r < 0 ? -1 : 0;
}

static void set_event(const char *sys_event, int on)
{
	char path[128];

	snprintf(path, sizeof path, TR "/events/%s/enable", sys_event);
	if (write_str(path, on ? "1" : "0") < 0)
		ut_fail("%s: %s", path, ut_errname(errno));
}

static void clear_ring(void)
{
	CHECK_OK(write_str(TR "/trace", "\n"));
}

/* The whole of a /proc file into buf (NUL-terminated). */
static int read_all(const char *path, char *buf, int size)
{
	int fd = CHECK_OK(open(path, O_RDONLY)), n = 0, r;

	while (n < size - 1 && (r = read(fd, buf + n, size - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = '\0';
	return n;
}

static long stat_of(const char *key)
{
	char buf[256], *p;

	read_all(TR "/stats", buf, sizeof buf);
	p = strstr(buf, key);
	if (!p)
		ut_fail("no %s in " TR "/stats", key);
	return strtol(p + strlen(key) + 1, NULL, 10);
}

/* Each needle must appear in text after the previous one. */
static void expect_in_order(const char *text, const char *const needles[])
{
	const char *at = text;

	for (int i = 0; needles[i]; i++) {
		const char *p = strstr(at, needles[i]);

		if (!p)
			ut_fail("trace lacks \"%s\" after \"%s\":\n%s", needles[i],
				i ? needles[i - 1] : "(start)", text);
		at = p + strlen(needles[i]);
	}
}

static const char *const accept_events[] = {
	"sock/sys_listen", "sock/inet_listen", "sock/inet_csk_listen_start",
	"sock/accept4_enter", "sock/accept4_step", "sock/accept4_exit",
	"tcp/syn_queue_add", "tcp/syn_queue_remove", "tcp/accept_queue_add", NULL,
};

void test_trace_accept4_path(void)
{
	static char buf[16384];
	struct sockaddr_in a;
	char want[8][96];
	int l, c, s, i;

	need_sockeye();
	for (i = 0; accept_events[i]; i++)
		set_event(accept_events[i], 1);
	clear_ring();
	l = ut_tcp_listener(&a, 3);
	CHECK_ERR(accept4(l, NULL, NULL, SOCK_NONBLOCK | 0x1000), EINVAL);
	CHECK_OK(fcntl(l, F_SETFL, O_NONBLOCK));
	CHECK_ERR(accept4(l, NULL, NULL, 0), EAGAIN);
	c = ut_tcp_connect(&a);
	ut_wait_queued(l, 1);
	s = CHECK_OK(accept4(l, NULL, NULL, SOCK_CLOEXEC));
	for (i = 0; accept_events[i]; i++)
		set_event(accept_events[i], 0);
	read_all(TR "/trace", buf, sizeof buf);

	unsigned port = ntohs(a.sin_port);
	snprintf(want[0], sizeof want[0], "sys_listen: fd=%d backlog=3", l);
	snprintf(want[1], sizeof want[1], "inet_listen: port=%u old_state=CLOSE backlog=3", port);
	snprintf(want[2], sizeof want[2], "inet_csk_listen_start: port=%u ret=0", port);
	snprintf(want[3], sizeof want[3], "syn_queue_add: lport=%u raddr=127.0.0.1", port);
	snprintf(want[4], sizeof want[4], "accept_queue_add: lport=%u raddr=127.0.0.1", port);
	snprintf(want[5], sizeof want[5], "step=fd_install ret=%d", s);
	snprintf(want[6], sizeof want[6], "accept4_exit: ret=%d", s);
	const char *const order[] = {
		want[0], want[1], want[2],
		/* bad flags: refused before any step */
		"accept4_enter: fd=", "accept4_exit: ret=-EINVAL",
		/* nothing queued: the unwind from ops->accept */
		"step=sock_alloc ret=0", "step=get_unused_fd_flags ret=", "step=sock_alloc_file ret=0",
		"step=ops->accept ret=-EAGAIN", "accept4_exit: ret=-EAGAIN",
		want[3], "syn_queue_remove:", want[4],
		"step=sock_alloc ret=0", "step=get_unused_fd_flags", "step=sock_alloc_file ret=0",
		"step=ops->accept ret=0", want[5], want[6], NULL,
	};
	expect_in_order(buf, order);
	close(s);
	close(c);
	close(l);
}

/* A reader blocked in trace_pipe wakes for an event that fires later. */
void test_trace_pipe_wakes(void)
{
	int p[2];
	pid_t pid;
	char line[256];
	int n = 0, r;

	need_sockeye();
	set_event("sock/sock_create", 0);
	clear_ring();
	CHECK_OK(pipe(p));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		int fd = open(TR "/trace_pipe", O_RDONLY);
		char b[256];
		int got;

		if (fd < 0)
			_exit(2);
		got = read(fd, b, sizeof b);	/* blocks: the ring is empty */
		if (got > 0 && write(p[1], b, got) != got)
			_exit(3);
		_exit(got > 0 ? 0 : 4);
	}
	close(p[1]);
	ut_wait_asleep(pid);
	set_event("sock/sock_create", 1);
	int s = CHECK_OK(socket(AF_INET, SOCK_DGRAM, 0));
	set_event("sock/sock_create", 0);
	close(s);
	while (n < (int)sizeof line - 1 && (r = read(p[0], line + n, sizeof line - 1 - n)) > 0)
		n += r;
	line[n] = '\0';
	ut_reap(pid);
	CHECK(strstr(line, "sock_create: family=2 type=2") != NULL);
	close(p[0]);
}

void test_trace_pipe_small_reads(void)
{
	char text[1024], b[5];
	int fd, n = 0, r, lines = 0;

	need_sockeye();
	clear_ring();
	fd = CHECK_OK(open(TR "/trace_pipe", O_RDONLY | O_NONBLOCK));
	CHECK_ERR(read(fd, b, sizeof b), EAGAIN);
	set_event("sock/sock_create", 1);
	for (int i = 0; i < 3; i++)
		close(CHECK_OK(socket(AF_INET, SOCK_STREAM, 0)));
	set_event("sock/sock_create", 0);
	while ((r = read(fd, b, sizeof b)) > 0 && n + r < (int)sizeof text - 1) {
		memcpy(text + n, b, r);
		n += r;
	}
	CHECK_EQ(r, -1);
	CHECK_EQ(errno, EAGAIN);		/* consumed: nothing is left */
	text[n] = '\0';
	for (char *p = text; (p = strstr(p, "sock_create: family=2 type=1")); p++)
		lines++;
	CHECK_EQ(lines, 3);
	for (int i = 0; i < n; i++)
		lines -= text[i] == '\n';
	CHECK_EQ(lines, 0);			/* one newline per event, none lost or doubled */
	close(fd);
}

/* Full: the oldest entries go, and are counted. */
void test_trace_ring_overwrites(void)
{
	char head[256];
	long size;

	need_sockeye();
	clear_ring();
	size = stat_of("size:");
	CHECK_EQ(stat_of("entries:"), 0);
	set_event("sock/sock_create", 1);
	for (long i = 0; i < size + 100; i++)
		close(CHECK_OK(socket(AF_INET, SOCK_DGRAM, 0)));
	set_event("sock/sock_create", 0);
	CHECK_EQ(stat_of("entries:"), size);
	CHECK_EQ(stat_of("overrun:"), 100);
	read_all(TR "/trace", head, sizeof head);
	snprintf(head + 128, 64, "overrun: 100");
	CHECK(strstr(head, head + 128) != NULL);
	clear_ring();
	CHECK_EQ(stat_of("entries:"), 0);
}

void test_trace_switches(void)
{
	long before;

	need_sockeye();
	CHECK_ERR(write_str(TR "/events/sock/sock_create/enable", "2"), EINVAL);
	CHECK_ERR(write_str(TR "/tracing_on", "-1"), EINVAL);
	CHECK_ERR(open(TR "/events/sock/no_such_event/enable", O_WRONLY), ENOENT);
	clear_ring();
	CHECK_OK(write_str(TR "/tracing_on", "0"));
	before = stat_of("dropped_while_off:");
	set_event("sock/sock_create", 1);
	close(CHECK_OK(socket(AF_INET, SOCK_DGRAM, 0)));
	set_event("sock/sock_create", 0);
	CHECK_OK(write_str(TR "/tracing_on", "1"));
	CHECK_EQ(stat_of("entries:"), 0);
	CHECK_EQ(stat_of("dropped_while_off:"), before + 1);
}

void test_trace_needs_root(void)
{
	pid_t pid;

	need_sockeye();
	pid = CHECK_OK(fork());
	if (pid == 0) {
		if (setgid(1000) || setuid(1000))
			_exit(2);
		if (open(TR "/events/sock/sock_create/enable", O_WRONLY) != -1 || errno != EACCES)
			_exit(3);
		if (open(TR "/trace_pipe", O_RDONLY) != -1 || errno != EACCES)
			_exit(4);
		if (open(TR "/trace", O_RDONLY) != -1 || errno != EACCES)
			_exit(5);
		if (open(TR "/available_events", O_RDONLY) < 0)
			_exit(6);		/* names only: readable by all here (Linux's tracefs is root's alone) */
		_exit(0);
	}
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
}
