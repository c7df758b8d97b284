/*
 * init: the first user process (pid 1), installed as /bin/init.
 *
 *   1. make sure fds 0, 1, 2 are the console (open /dev/console if the
 *      kernel did not hand us open descriptors);
 *   2. set PATH=/bin HOME=/ TERM=vt100;
 *   3. read /proc/cmdline (Linux "key=value" words):
 *        usertests[=NAME,...] run /bin/usertests [NAME...], then power off
 *        run=PROG[,ARG...] run PROG with the arguments (commas separate
 *                          them: the command line has no quoting), then
 *                          power off; `make trace-demo` uses it
 *        noservices        do not start network services
 *      otherwise start services (syslogd, echod, tcpsvcd, httpd: see start_services) and run
 *      /bin/sh on the console, respawning it whenever it exits;
 *   4. forever reap zombies: the kernel re-parents orphans to pid 1, and
 *      nobody else will wait for them.
 * Host tests wait for the line "init: starting shell" before typing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <signal.h>
#include <sys/wait.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>

#define CMDLINE_MAX 1024

static char cmdline[CMDLINE_MAX];

static void setup_console(void)
{
	if (fcntl(0, F_GETFD) >= 0)
		return;				/* the kernel gave us a console */
	int fd = open("/dev/console", O_RDWR);
	if (fd < 0)
		return;				/* nowhere to print; carry on */
	if (fd != 0) {
		dup2(fd, 0);
		close(fd);
	}
	dup2(0, 1);
	dup2(0, 2);
}

static void read_cmdline(void)
{
	int fd = open("/proc/cmdline", O_RDONLY);
	ssize_t n = 0;

	if (fd >= 0) {
		n = read(fd, cmdline, sizeof cmdline - 1);
		close(fd);
	}
	cmdline[n > 0 ? n : 0] = '\0';
}

/*
 * Look up a command-line word: returns "" for a bare `key`, the text after
 * '=' for `key=value` (copied into val), or NULL when absent.
 */
static const char *cmdline_get(const char *key, char *val, size_t vlen)
{
	size_t klen = strlen(key);
	const char *p = cmdline;

	while (*p) {
		while (*p == ' ' || *p == '\n')
			p++;
		const char *w = p;
		while (*p && *p != ' ' && *p != '\n')
			p++;
		if ((size_t)(p - w) >= klen && !strncmp(w, key, klen)) {
			if (w + klen == p) {
				val[0] = '\0';
				return val;
			}
			if (w[klen] == '=') {
				size_t n = p - (w + klen + 1);
				if (n >= vlen)
					n = vlen - 1;
				memcpy(val, w + klen + 1, n);
				val[n] = '\0';
				return val;
			}
		}
	}
	return NULL;
}

static pid_t spawn(char *const argv[], int new_session)
{
	pid_t pid = fork();

	if (pid < 0) {
		fprintf(stderr, "init: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		if (new_session) {
			/* The shell leads its own session with the console as its
			 * controlling terminal, so ^C reaches its foreground jobs. */
			setsid();
			ioctl(0, TIOCSCTTY, 1);	/* take it from pid 1, which the kernel opened it for */
		}
		execv(argv[0], argv);
		fprintf(stderr, "init: exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

/* Wait for `pid`, reaping any orphans that die in the meantime. */
static int wait_for(pid_t pid)
{
	int status;

	for (;;) {
		pid_t r = wait(&status);
		if (r == pid)
			return status;
		if (r < 0 && errno == ECHILD)
			return -1;
	}
}

/*
 * The end of a usertests= or run= boot: power off when the program
 * succeeded, halt when it failed, so the machine's way out says which
 * (under QEMU: exit status 0 or 1 through tools/qemu.sh; see machine_halt).
 */
static void power_off(int status)
{
	int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;

	sync();
	if (reboot(ok ? LINUX_REBOOT_CMD_POWER_OFF : LINUX_REBOOT_CMD_HALT) < 0) {
		/* Not allowed (running as a normal process on a host): just exit,
		 * unless we really are pid 1, which must never exit. */
		if (getpid() != 1)
			exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
		fprintf(stderr, "init: power off failed: %s\n", strerror(errno));
		for (;;)
			wait(NULL);
	}
	for (;;)
		pause();
}

/*
 * "a,b,c" into argv[first...], NULL-terminated: the kernel command line
 * has no quoting, so commas separate a word's arguments. Returns argc.
 */
static int split_commas(char *s, char **argv, int first, int max)
{
	int argc = first;

	while (*s && argc < max - 1) {
		argv[argc++] = s;
		s = strchr(s, ',');
		if (!s)
			break;
		*s++ = '\0';
	}
	argv[argc] = NULL;
	return argc;
}

static void run_usertests(char *names)
{
	char *argv[64] = { "/bin/usertests" };

	printf("init: running usertests%s%s\n", *names ? " " : "", names);
	fflush(stdout);
	split_commas(names, argv, 1, 64);
	pid_t pid = spawn(argv, 0);
	int status = pid > 0 ? wait_for(pid) : -1;
	printf("init: usertests finished, powering off\n");
	fflush(stdout);
	power_off(status);
}

/* run=PROG,ARG,...: one program instead of the shell, then power off with its status. */
static void run_program(char *spec)
{
	char *argv[16];

	split_commas(spec, argv, 0, 16);
	printf("init: running %s\n", argv[0]);
	fflush(stdout);
	pid_t pid = spawn(argv, 0);
	int status = pid > 0 ? wait_for(pid) : -1;
	printf("init: %s finished, powering off\n", argv[0]);
	fflush(stdout);
	power_off(status);
}

/*
 * Services: syslogd (/dev/log -> /var/log/messages), echod (UDP echo 7), tcpsvcd (TCP echo 7, discard
 * 9, daytime 13, chargen 19, the backlog lab on 5000) and httpd (HTTP on 80
 * from /var/www; `make run` forwards 127.0.0.1:8080 to it), started once at
 * boot unless the command line says `noservices`. Each
 * is a daemon: the process we start sets up its sockets, reports any
 * error, forks the server and exits, so we wait for it. That keeps its
 * messages ahead of "init: starting shell" and the server (re-parented
 * to us) is reaped by the loops below if it ever dies.
 */
static char *const syslogd_argv[] = { "/bin/syslogd", NULL };	/* /dev/log first: others may log */
static char *const echod_argv[] = { "/bin/echod", NULL };
static char *const tcpsvcd_argv[] = { "/bin/tcpsvcd", NULL };
static char *const httpd_argv[] = { "/bin/httpd", NULL };

static char *const *services[] = {
	syslogd_argv,
	echod_argv,
	tcpsvcd_argv,
	httpd_argv,
	NULL,
};

static void start_services(void)
{
	for (int i = 0; services[i]; i++) {
		pid_t pid = spawn(services[i], 0);

		if (pid > 0)
			wait_for(pid);
	}
}

int main(void)
{
	char val[CMDLINE_MAX];
	char *shell_argv[] = { "/bin/sh", NULL };

	setup_console();
	setenv("PATH", "/bin", 1);
	setenv("HOME", "/", 1);
	setenv("TERM", "vt100", 1);
	read_cmdline();

	if (cmdline_get("usertests", val, sizeof val))
		run_usertests(val);
	if (!cmdline_get("noservices", val, sizeof val))
		start_services();
	if (cmdline_get("run", val, sizeof val) && *val)
		run_program(val);

	for (;;) {
		printf("init: starting shell\n");
		fflush(stdout);
		pid_t pid = spawn(shell_argv, 1);
		if (pid < 0) {
			sleep(1);		/* fork failed: out of processes; try later */
			continue;
		}
		wait_for(pid);
		if (getpid() != 1)
			return 0;		/* test run on a host: one shell is enough */
	}
}
