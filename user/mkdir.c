/* mkdir: create directories; -p creates missing parents and accepts existing ones. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <limits.h>
#include <sys/stat.h>

static int make_parents(const char *path)
{
	char buf[PATH_MAX];

	if (strlcpy(buf, path, sizeof buf) >= sizeof buf) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0777) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(buf, 0777) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	int parents = 0, status = 0, c;

	while ((c = getopt(argc, argv, "p")) != -1) {
		if (c != 'p')
			return 1;
		parents = 1;
	}
	if (optind >= argc) {
		fprintf(stderr, "mkdir: missing operand\n");
		return 1;
	}
	for (int i = optind; i < argc; i++) {
		int r = parents ? make_parents(argv[i]) : mkdir(argv[i], 0777);
		if (r < 0) {
			fprintf(stderr, "mkdir: cannot create directory '%s': %s\n",
				argv[i], strerror(errno));
			status = 1;
		}
	}
	return status;
}
