/*
 * t_tools.c: the network tools run as a user runs them (this build's
 * binaries, next to usertests: /bin on Sockeye). fetch against a small
 * HTTP server on lo (Content-Length, chunked, a 404, a body cut short,
 * nobody listening), checking the bytes and wget's exit codes; nc over a
 * unix socket (-lU / -U), unix datagrams (-U -u) and nc -z on TCP. On the host these run the same
 * binaries against the host's kernel.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include "ut.h"

#define BODY_LEN 100000

static char body[BODY_LEN];

static void tool_path(const char *name, char *path, size_t size)
{
	const char *slash = ut_self ? strrchr(ut_self, '/') : NULL;

	if (slash)
		snprintf(path, size, "%.*s/%s", (int)(slash - ut_self), ut_self, name);
	else
		snprintf(path, size, "/bin/%s", name);
}

/* Run a tool with argv (argv[0] is its name), stdin from in_fd (-1: /dev/null); its exit status. */
static int run_tool(char *const argv[], int in_fd, int out_fd)
{
	char path[512];
	int status;

	tool_path(argv[0], path, sizeof path);
	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		dup2(in_fd >= 0 ? in_fd : null, 0);
		dup2(out_fd >= 0 ? out_fd : null, 1);
		dup2(null, 2);
		execv(path, argv);
		_exit(127);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void send_str(int fd, const char *s)
{
	CHECK_EQ(write(fd, s, strlen(s)), (long)strlen(s));
}

/* Serve n requests on listener l, one connection each, choosing the reply by path. */
static pid_t http_server(int l, int n)
{
	pid_t pid = CHECK_OK(fork());

	if (pid)
		return pid;
	for (int i = 0; i < n; i++) {
		char req[1024], hdr[128];
		int c = accept(l, NULL, NULL), got = 0;

		req[0] = 0;

		if (c < 0)
			_exit(1);
		while (got < (int)sizeof req - 1 && !strstr(req, "\r\n\r\n")) {
			int r = read(c, req + got, sizeof req - 1 - got);
			if (r <= 0)
				_exit(2);
			got += r;
			req[got] = 0;
		}
		if (!strncmp(req, "GET /len ", 9)) {
			snprintf(hdr, sizeof hdr, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n", BODY_LEN);
			send_str(c, hdr);
			CHECK_EQ(write(c, body, BODY_LEN), BODY_LEN);
		} else if (!strncmp(req, "GET /chunked ", 13)) {
			send_str(c, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
			for (int off = 0; off < BODY_LEN; off += 3000) {
				int len = BODY_LEN - off < 3000 ? BODY_LEN - off : 3000;
				snprintf(hdr, sizeof hdr, "%x\r\n", len);
				send_str(c, hdr);
				CHECK_EQ(write(c, body + off, len), len);
				send_str(c, "\r\n");
			}
			send_str(c, "0\r\n\r\n");
		} else if (!strncmp(req, "GET /short ", 11)) {
			send_str(c, "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n0123456789");
		} else {
			send_str(c, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
		}
		close(c);
	}
	_exit(0);
}

static void check_file(const char *name, const char *want, long len)
{
	static char got[BODY_LEN + 1];
	int fd = CHECK_OK(open(name, O_RDONLY));
	long n = 0, r;

	while ((r = read(fd, got + n, sizeof got - n)) > 0)
		n += r;
	close(fd);
	CHECK_EQ(n, len);
	CHECK(!memcmp(got, want, len));
}

void test_fetch(void)
{
	struct sockaddr_in a;
	char url[128];
	int l = ut_tcp_listener(&a, 8);
	unsigned port = ntohs(a.sin_port);

	for (int i = 0; i < BODY_LEN; i++)
		body[i] = (char)(i * 31 + i / 256);
	pid_t srv = http_server(l, 4);

	snprintf(url, sizeof url, "http://127.0.0.1:%u/len", port);
	char *len_argv[] = { "fetch", "-q", "-o", "f.len", url, NULL };
	CHECK_EQ(run_tool(len_argv, -1, -1), 0);
	check_file("f.len", body, BODY_LEN);
	CHECK_ERR(access("f.len.part", F_OK), ENOENT);

	char url2[128];
	snprintf(url2, sizeof url2, "http://127.0.0.1:%u/chunked", port);
	int out = CHECK_OK(open("f.chunked", O_WRONLY | O_CREAT | O_TRUNC, 0644));
	char *chunk_argv[] = { "fetch", "-q", url2, NULL };	/* to stdout */
	CHECK_EQ(run_tool(chunk_argv, -1, out), 0);
	close(out);
	check_file("f.chunked", body, BODY_LEN);

	char url3[128];
	snprintf(url3, sizeof url3, "http://127.0.0.1:%u/nothing", port);
	char *missing_argv[] = { "fetch", "-q", "-o", "f.missing", url3, NULL };
	CHECK_EQ(run_tool(missing_argv, -1, -1), 8);		/* the server said no */
	CHECK_ERR(access("f.missing", F_OK), ENOENT);
	CHECK_ERR(access("f.missing.part", F_OK), ENOENT);

	char url4[128];
	snprintf(url4, sizeof url4, "http://127.0.0.1:%u/short", port);
	char *short_argv[] = { "fetch", "-q", "-o", "f.short", url4, NULL };
	CHECK_EQ(run_tool(short_argv, -1, -1), 7);		/* body shorter than promised */
	CHECK_ERR(access("f.short", F_OK), ENOENT);
	CHECK_ERR(access("f.short.part", F_OK), ENOENT);
	ut_reap(srv);
	close(l);

	/* Nobody there any more: a network failure. */
	char *refused_argv[] = { "fetch", "-q", url, NULL };
	CHECK_EQ(run_tool(refused_argv, -1, -1), 4);
	char *usage_argv[] = { "fetch", "ftp://x/", NULL };
	CHECK_EQ(run_tool(usage_argv, -1, -1), 1);
	unlink("f.len");
	unlink("f.chunked");
}

/* nc -lU path > out, then echo data | nc -U path: the bytes arrive, the socket file goes. */
void test_nc_unix(void)
{
	char path[64], *listen_argv[] = { "nc", "-lU", path, NULL };
	int p[2], in[2];
	struct stat st;

	snprintf(path, sizeof path, "nc.%d.sock", getpid());
	CHECK_OK(pipe(p));
	/* The listener's stdin stays open, as a terminal would: its EOF would send our FIN early. */
	int keep[2];
	CHECK_OK(pipe(keep));
	pid_t srv = CHECK_OK(fork());
	if (srv == 0) {
		close(p[0]);
		close(keep[1]);
		_exit(run_tool(listen_argv, keep[0], p[1]));
	}
	close(p[1]);
	close(keep[0]);
	long long deadline = ut_now_ms() + 10000;
	while (stat(path, &st) < 0 || !S_ISSOCK(st.st_mode)) {
		if (ut_now_ms() > deadline)
			ut_fail("nc -lU never bound %s", path);
		struct timespec d = { 0, 2000000L };
		nanosleep(&d, NULL);
	}
	CHECK_OK(pipe(in));
	send_str(in[1], "over a unix socket\n");
	close(in[1]);
	char *client_argv[] = { "nc", "-U", path, NULL };
	CHECK_EQ(run_tool(client_argv, in[0], -1), 0);
	close(in[0]);
	char buf[64];
	int n = 0, r;
	while ((r = read(p[0], buf + n, sizeof buf - 1 - n)) > 0)
		n += r;
	buf[n] = 0;
	if (strcmp(buf, "over a unix socket\n"))
		ut_fail("nc -lU wrote %d bytes: \"%s\"", n, buf);
	close(p[0]);
	ut_reap(srv);
	close(keep[1]);
	CHECK_ERR(stat(path, &st), ENOENT);		/* the listener removed its socket file */
	char *scan_argv[] = { "nc", "-zU", path, NULL };
	CHECK_EQ(run_tool(scan_argv, -1, -1), 1);
}

/* Start a tool in the background with the given stdin and stdout; its pid. */
static pid_t start_tool(char *const argv[], int in_fd, int out_fd)
{
	char path[512];
	pid_t pid;

	tool_path(argv[0], path, sizeof path);
	pid = CHECK_OK(fork());
	if (pid == 0) {
		dup2(in_fd, 0);
		dup2(out_fd, 1);
		execv(path, argv);
		_exit(127);
	}
	return pid;
}

/* Stop a tool started by start_tool: it must still have been running. */
static void stop_tool(pid_t pid)
{
	int status;

	kill(pid, SIGTERM);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
}

/* Read from fd until want has arrived (fails after 10 s of nothing). */
static void expect_from(int fd, const char *want)
{
	char buf[64];
	int n = 0, r;

	while (n < (int)strlen(want) && (r = read(fd, buf + n, sizeof buf - 1 - n)) > 0)
		n += r;
	buf[n] = '\0';
	if (strcmp(buf, want))
		ut_fail("wanted \"%s\", read %d bytes: \"%s\"", want, n, buf);
}

/*
 * nc -U -u: unix datagrams both ways. The client autobinds (an abstract
 * name), so the server, which answers the first named sender, can reply.
 */
void test_nc_unix_dgram(void)
{
	char path[64], *srv_argv[] = { "nc", "-U", "-u", "-l", path, NULL };
	char *cli_argv[] = { "nc", "-U", "-u", path, NULL };
	int srv_in[2], srv_out[2], cli_in[2], cli_out[2];
	struct stat st;

	snprintf(path, sizeof path, "ncd.%d.sock", getpid());
	CHECK_OK(pipe(srv_in));
	CHECK_OK(pipe(srv_out));
	CHECK_OK(pipe(cli_in));
	CHECK_OK(pipe(cli_out));
	pid_t srv = start_tool(srv_argv, srv_in[0], srv_out[1]);
	long long deadline = ut_now_ms() + 10000;
	while (stat(path, &st) < 0 || !S_ISSOCK(st.st_mode)) {
		if (ut_now_ms() > deadline)
			ut_fail("nc -U -u -l never bound %s", path);
		struct timespec d = { 0, 2000000L };
		nanosleep(&d, NULL);
	}
	pid_t cli = start_tool(cli_argv, cli_in[0], cli_out[1]);
	close(srv_in[0]);
	close(srv_out[1]);
	close(cli_in[0]);
	close(cli_out[1]);
	send_str(cli_in[1], "ping\n");
	expect_from(srv_out[0], "ping\n");		/* the server now knows its peer */
	send_str(srv_in[1], "pong\n");
	expect_from(cli_out[0], "pong\n");		/* and its answer came back */
	stop_tool(cli);
	stop_tool(srv);
	unlink(path);
	close(srv_in[1]);
	close(srv_out[0]);
	close(cli_in[1]);
	close(cli_out[0]);
}

/* nc -z: 0 when the port accepts, 1 when nothing listens. */
void test_nc_scan(void)
{
	struct sockaddr_in a;
	char port[16];
	int l = ut_tcp_listener(&a, 4);

	snprintf(port, sizeof port, "%u", ntohs(a.sin_port));
	char *argv[] = { "nc", "-z", "-w", "5", "127.0.0.1", port, NULL };
	CHECK_EQ(run_tool(argv, -1, -1), 0);
	close(l);
	CHECK_EQ(run_tool(argv, -1, -1), 1);
}
