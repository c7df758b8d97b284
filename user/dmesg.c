/*
 * dmesg: print the kernel log. klogctl(SYSLOG_ACTION_SIZE_BUFFER) gives the
 * ring size, klogctl(SYSLOG_ACTION_READ_ALL) copies it out without
 * consuming it. Linux prefixes each record with "<level>"; that is
 * stripped, as util-linux dmesg does by default (-r keeps it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/klog.h>

int main(int argc, char **argv)
{
	int raw = argc > 1 && !strcmp(argv[1], "-r");
	int size = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0);
	char *buf;
	int n;

	if (size <= 0) {
		fprintf(stderr, "dmesg: cannot get log size: %s\n", strerror(errno));
		return 1;
	}
	buf = malloc(size);
	if (!buf) {
		fprintf(stderr, "dmesg: out of memory\n");
		return 1;
	}
	n = klogctl(SYSLOG_ACTION_READ_ALL, buf, size);
	if (n < 0) {
		fprintf(stderr, "dmesg: read kernel buffer failed: %s\n", strerror(errno));
		return 1;
	}
	for (int i = 0; i < n;) {
		int start = i;
		while (i < n && buf[i] != '\n')
			i++;
		int len = i - start + (i < n);		/* include the newline */
		const char *line = buf + start;
		if (!raw && line[0] == '<') {
			const char *gt = memchr(line, '>', len < 5 ? len : 5);
			if (gt) {
				len -= gt + 1 - line;
				line = gt + 1;
			}
		}
		fwrite(line, 1, len, stdout);
		i++;
	}
	if (n > 0 && buf[n - 1] != '\n')
		putchar('\n');
	free(buf);
	return 0;
}
