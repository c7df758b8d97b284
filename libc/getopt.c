/*
 * getopt.c: POSIX getopt. Scans argv[optind] for "-abc" clusters; an
 * option letter followed by ':' in optstring takes an argument, either the
 * rest of the word ("-n5") or the next word ("-n 5"). Stops at the first
 * non-option or at "--". Errors print glibc's messages unless opterr is 0
 * or optstring starts with ':'.
 */
#include <unistd.h>
#include <string.h>
#include <stdio.h>

char *optarg;
int optind = 1, opterr = 1, optopt;
static int nextchar;		/* position inside argv[optind] */

int getopt(int argc, char *const argv[], const char *optstring)
{
	const char *arg, *spec;
	int quiet = optstring[0] == ':';
	int c;

	optarg = NULL;
	if (optind >= argc)
		return -1;
	arg = argv[optind];
	if (nextchar == 0) {
		if (arg[0] != '-' || arg[1] == '\0')
			return -1;
		if (!strcmp(arg, "--")) {
			optind++;
			return -1;
		}
		nextchar = 1;
	}
	c = (unsigned char)arg[nextchar++];
	spec = c == ':' ? NULL : strchr(optstring, c);
	if (!spec) {
		optopt = c;
		if (opterr && !quiet)
			fprintf(stderr, "%s: invalid option -- '%c'\n", argv[0], c);
		c = '?';
	} else if (spec[1] == ':') {
		if (arg[nextchar]) {
			optarg = (char *)arg + nextchar;
		} else if (optind + 1 < argc) {
			optarg = argv[++optind];
		} else {
			optopt = c;
			if (opterr && !quiet)
				fprintf(stderr, "%s: option requires an argument -- '%c'\n",
					argv[0], c);
			c = quiet ? ':' : '?';
		}
		optind++;
		nextchar = 0;
		return c;
	}
	if (!arg[nextchar]) {
		optind++;
		nextchar = 0;
	}
	return c;
}
