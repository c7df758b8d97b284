/*
 * syslogd: the system log daemon. Reads syslog(3) datagrams from the
 * AF_UNIX socket /dev/log (what busybox logger, and any libc's syslog(),
 * sends to) and appends one line per message to /var/log/messages.
 *
 *   syslogd [-f] [-s socket] [-O file]
 *
 * init starts it at boot (user/init.c) unless the kernel command line says
 * `noservices`. Like echod it binds before forking, so a failure is
 * reported to init; -f stays in the foreground (tests run it that way
 * with their own -O file).
 *
 * A message is "<PRI>text" (RFC 3164): PRI = facility * 8 + severity. The
 * line written is "text" prefixed by "facility.severity ", e.g.
 *   user.notice Dec  4 13:30:00 root: hello
 * The file is bounded: past SYSLOG_MAX_BYTES it is renamed to FILE.0
 * (replacing the previous one) and a new one started, like busybox's -s/-b 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#define SYSLOG_MAX_MSG		1024		/* longer messages are cut, as syslogd's */
#define SYSLOG_MAX_BYTES	(64 * 1024)	/* then the file rotates */

static const char *const facilities[24] = {
	"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
	"uucp", "cron", "authpriv", "ftp", "ntp", "audit", "alert", "clock",
	"local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
};
static const char *const severities[8] = {
	"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
};

static int log_open(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0640);

	if (fd < 0)
		fprintf(stderr, "syslogd: %s: %s\n", path, strerror(errno));
	return fd;
}

/* Keep the file under SYSLOG_MAX_BYTES: one old generation, FILE.0. */
static int log_rotate(int fd, const char *path)
{
	char old[256];
	struct stat st;

	if (fstat(fd, &st) < 0 || st.st_size < SYSLOG_MAX_BYTES)
		return fd;
	snprintf(old, sizeof(old), "%s.0", path);
	close(fd);
	rename(path, old);
	return log_open(path);
}

/* "<PRI>rest" -> "facility.severity rest\n" in out. */
static int format_line(char *out, int room, const char *msg, int len)
{
	int pri = 8 + 5, i = 0;		/* no PRI: user.notice, as syslogd assumes */

	if (len > 0 && msg[0] == '<') {
		int p = 0;

		for (i = 1; i < len && i < 5 && msg[i] >= '0' && msg[i] <= '9'; i++)
			p = p * 10 + msg[i] - '0';
		if (i < len && msg[i] == '>' && p < 24 * 8) {
			pri = p;
			i++;
		} else {
			i = 0;		/* not a PRI after all: keep the text */
		}
	}
	while (len > i && (msg[len - 1] == '\n' || msg[len - 1] == 0))
		len--;
	return snprintf(out, room, "%s.%s %.*s\n", facilities[pri >> 3], severities[pri & 7],
			len - i, msg + i);
}

static int syslog_open(const char *sockpath)
{
	struct sockaddr_un sun;
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);

	if (fd < 0) {
		fprintf(stderr, "syslogd: socket: %s\n", strerror(errno));
		return -1;
	}
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(sockpath) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "syslogd: %s: name too long\n", sockpath);
		close(fd);
		return -1;
	}
	strcpy(sun.sun_path, sockpath);
	unlink(sockpath);		/* a node left by an earlier syslogd */
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		fprintf(stderr, "syslogd: bind %s: %s\n", sockpath, strerror(errno));
		close(fd);
		return -1;
	}
	chmod(sockpath, 0666);		/* everyone may log */
	return fd;
}

int main(int argc, char **argv)
{
	const char *sockpath = "/dev/log", *logpath = "/var/log/messages";
	static char msg[SYSLOG_MAX_MSG + 1], line[SYSLOG_MAX_MSG + 64];
	int foreground = 0, sock, out, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-f"))
			foreground = 1;
		else if (!strcmp(argv[i], "-s") && i + 1 < argc)
			sockpath = argv[++i];
		else if (!strcmp(argv[i], "-O") && i + 1 < argc)
			logpath = argv[++i];
		else {
			fprintf(stderr, "usage: syslogd [-f] [-s socket] [-O file]\n");
			return 2;
		}
	}
	if (!strcmp(logpath, "/var/log/messages")) {
		mkdir("/var", 0755);
		mkdir("/var/log", 0755);
	}
	out = log_open(logpath);
	if (out < 0)
		return 1;
	sock = syslog_open(sockpath);
	if (sock < 0)
		return 1;
	if (!foreground) {
		pid_t pid = fork();

		if (pid < 0) {
			fprintf(stderr, "syslogd: fork: %s\n", strerror(errno));
			return 1;
		}
		if (pid > 0)
			return 0;
		setsid();
	}
	for (;;) {
		ssize_t n = recv(sock, msg, SYSLOG_MAX_MSG, 0);
		int len;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "syslogd: recv: %s\n", strerror(errno));
			return 1;
		}
		len = format_line(line, sizeof(line), msg, n);
		if (len > (int)sizeof(line) - 1)
			len = sizeof(line) - 1;
		if (out < 0)
			out = log_open(logpath);	/* rotation could not reopen it: try again */
		if (out >= 0 && write(out, line, len) < 0)
			fprintf(stderr, "syslogd: write: %s\n", strerror(errno));
		out = log_rotate(out, logpath);
	}
}
