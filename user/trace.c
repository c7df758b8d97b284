/*
 * trace: switch the kernel's tracepoints and print their events, the way
 * Linux's tracefs is used by hand (echo 1 > events/.../enable; cat
 * trace_pipe) or through trace-cmd. The files are under /proc/tracing
 * (kernel/trace.c); every event is listed in docs/tracing.md.
 *
 *   trace -l                 list the events, each with its state (on/off)
 *   trace -e SPEC[,SPEC...]  switch events on; SPEC is `all`, a system
 *                            (`tcp`), `system:event` or an event's name
 *   trace -d SPEC[,SPEC...]  switch them off
 *   trace -c                 empty the ring
 *   trace -s                 print the ring once (not consumed)
 *   trace -f                 follow: print events as they happen, until Ctrl-C
 *   trace -e SPEC -- CMD ARGS...
 *                            empty the ring, switch SPEC on, run CMD, switch
 *                            SPEC off again and print what happened
 *   trace demo [PORT]        a TCP connection's life over lo, from listen()
 *                            and the SYN to accept4() and close(), traced
 *
 * Options are applied in the order given, so `trace -d all -e tcp -f`
 * works. Needs root, as tracefs does. Exit status: 0, 1 on a failed
 * system call, 2 on a usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <signal.h>
#include <sys/wait.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#define TRACING "/proc/tracing"
#define MAX_EVENTS 128

static char events[MAX_EVENTS][64];	/* "system:event" */
static int nevents;

static void usage(void)
{
	fprintf(stderr, "usage: trace [-l] [-c] [-s] [-f] [-e SPEC] [-d SPEC] [-- CMD ARGS...]\n"
			"       trace demo [PORT]\n");
	exit(2);
}

static void load_events(void)
{
	FILE *f = fopen(TRACING "/available_events", "r");
	char line[96];

	if (!f) {
		fprintf(stderr, "trace: %s/available_events: %s\n", TRACING, strerror(errno));
		exit(1);
	}
	while (nevents < MAX_EVENTS && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		snprintf(events[nevents++], sizeof events[0], "%s", line);
	}
	fclose(f);
}

static void enable_path(const char *ev, char *path, size_t size)
{
	const char *colon = strchr(ev, ':');

	snprintf(path, size, TRACING "/events/%.*s/%s/enable", (int)(colon - ev), ev, colon + 1);
}

static int event_state(const char *ev)
{
	char path[160], c = '?';
	int fd;

	enable_path(ev, path, sizeof path);
	fd = open(path, O_RDONLY);
	if (fd >= 0) {
		if (read(fd, &c, 1) != 1)
			c = '?';
		close(fd);
	}
	return c == '1';
}

static void set_event(const char *ev, int on)
{
	char path[160];
	int fd;

	enable_path(ev, path, sizeof path);
	fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, on ? "1\n" : "0\n", 2) != 2) {
		fprintf(stderr, "trace: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	close(fd);
}

/* Does SPEC (one comma-separated item) name event ev ("system:event")? */
static int spec_matches(const char *spec, size_t len, const char *ev)
{
	const char *colon = strchr(ev, ':');
	size_t syslen = colon - ev;

	if (len == 3 && !strncmp(spec, "all", 3))
		return 1;
	if (len == syslen && !strncmp(spec, ev, len))
		return 1;				/* a whole system */
	if (len == strlen(ev) && !strncmp(spec, ev, len))
		return 1;				/* system:event */
	return len == strlen(colon + 1) && !strncmp(spec, colon + 1, len);
}

/* Switch every event SPECS names; a SPEC that names none is an error. */
static void set_spec(const char *specs, int on)
{
	const char *s = specs;

	while (*s) {
		size_t len = strcspn(s, ",");
		int hit = 0;

		for (int i = 0; i < nevents; i++)
			if (spec_matches(s, len, events[i])) {
				set_event(events[i], on);
				hit = 1;
			}
		if (!hit) {
			fprintf(stderr, "trace: no event or system named '%.*s' (trace -l lists them)\n",
				(int)len, s);
			exit(2);
		}
		s += len;
		if (*s == ',')
			s++;
	}
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0 || write(fd, text, strlen(text)) < 0) {
		fprintf(stderr, "trace: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	close(fd);
}

/* Copy a file to stdout; follow: trace_pipe, which blocks, until a signal. */
static void cat(const char *path)
{
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		fprintf(stderr, "trace: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	while ((n = read(fd, buf, sizeof buf)) > 0)
		if (write(1, buf, n) != n)
			break;
	if (n < 0 && errno != EINTR) {
		fprintf(stderr, "trace: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	close(fd);
}

static void on_sigint(int sig)
{
	(void)sig;		/* only to make read() return EINTR */
}

static int run_traced(const char *spec, char **argv)
{
	int status;
	pid_t pid;

	write_file(TRACING "/trace", "\n");
	if (spec)
		set_spec(spec, 1);
	pid = fork();
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "trace: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		perror("trace: fork");
		return 1;
	}
	if (spec)
		set_spec(spec, 0);
	cat(TRACING "/trace");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void die(const char *what)
{
	fprintf(stderr, "trace demo: %s: %s\n", what, strerror(errno));
	exit(1);
}

/*
 * One connection's life in one process, so the events come out in the
 * order the kernel did them: listen (the clamp, inet_listen,
 * inet_csk_listen_start), connect (SYN -> the SYN queue, the final ACK ->
 * the accept queue), accept4 step by step, and the close of both ends.
 */
static int demo(int port)
{
	static const char spec[] = "sock,tcp";
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	int lfd, cfd, afd;
	char buf[16];

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	write_file(TRACING "/trace", "\n");
	set_spec(spec, 1);

	if ((lfd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		die("socket");
	if (setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &(int){ 1 }, sizeof(int)) < 0)
		die("setsockopt");
	if (bind(lfd, (struct sockaddr *)&a, sizeof a) < 0)
		die("bind");
	if (listen(lfd, 4) < 0)
		die("listen");
	if ((cfd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		die("socket");
	if (connect(cfd, (struct sockaddr *)&a, sizeof a) < 0)
		die("connect");
	if ((afd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) < 0)
		die("accept4");
	if (write(cfd, "hello", 5) != 5 || read(afd, buf, sizeof buf) != 5)
		die("write/read");
	close(cfd);
	close(afd);
	close(lfd);

	set_spec(spec, 0);
	printf("trace demo: listen, connect, accept4 and close on 127.0.0.1:%d\n", port);
	fflush(stdout);
	cat(TRACING "/trace");
	return 0;
}

int main(int argc, char **argv)
{
	int i;

	if (argc < 2)
		usage();
	load_events();
	if (!strcmp(argv[1], "demo"))
		return demo(argc > 2 ? atoi(argv[2]) : 5999);

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			if (i + 1 >= argc)
				usage();
			return run_traced(NULL, argv + i + 1);
		} else if (!strcmp(a, "-l")) {
			for (int k = 0; k < nevents; k++)
				printf("%-36s %s\n", events[k], event_state(events[k]) ? "on" : "off");
		} else if (!strcmp(a, "-e") || !strcmp(a, "-d")) {
			if (++i >= argc)
				usage();
			/* -e SPEC -- CMD: trace just while CMD runs. */
			if (a[1] == 'e' && i + 1 < argc && !strcmp(argv[i + 1], "--")) {
				if (i + 2 >= argc)
					usage();
				return run_traced(argv[i], argv + i + 2);
			}
			set_spec(argv[i], a[1] == 'e');
		} else if (!strcmp(a, "-c")) {
			write_file(TRACING "/trace", "\n");
		} else if (!strcmp(a, "-s")) {
			cat(TRACING "/trace");
		} else if (!strcmp(a, "-f")) {
			struct sigaction sa = { .sa_handler = on_sigint };

			sigaction(SIGINT, &sa, NULL);	/* no SA_RESTART: Ctrl-C ends the read */
			cat(TRACING "/trace_pipe");
		} else {
			usage();
		}
	}
	return 0;
}
