/* sleep: pause for N seconds (whole seconds, or a decimal like 0.5) with nanosleep. */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <time.h>

int main(int argc, char **argv)
{
	struct timespec ts = { 0, 0 };
	char *end;

	if (argc != 2) {
		fprintf(stderr, "usage: sleep SECONDS\n");
		return 1;
	}
	ts.tv_sec = strtol(argv[1], &end, 10);
	if (*end == '.') {
		long scale = 100000000;
		for (end++; *end >= '0' && *end <= '9'; end++, scale /= 10)
			ts.tv_nsec += (*end - '0') * scale;
	}
	if (*end || ts.tv_sec < 0) {
		fprintf(stderr, "sleep: invalid time interval '%s'\n", argv[1]);
		return 1;
	}
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	return 0;
}
