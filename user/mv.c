/* mv: rename(2) a file; a directory as the last operand receives the sources by name. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <limits.h>
#include <sys/stat.h>

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

int main(int argc, char **argv)
{
	struct stat st;
	const char *dst;
	int status = 0, into_dir;

	if (argc < 3) {
		fprintf(stderr, "usage: mv SOURCE... DEST\n");
		return 1;
	}
	dst = argv[argc - 1];
	into_dir = stat(dst, &st) == 0 && S_ISDIR(st.st_mode);
	if (argc > 3 && !into_dir) {
		fprintf(stderr, "mv: target '%s' is not a directory\n", dst);
		return 1;
	}
	for (int i = 1; i < argc - 1; i++) {
		char path[PATH_MAX];
		const char *to = dst;
		if (into_dir) {
			snprintf(path, sizeof path, "%s/%s", dst, base_name(argv[i]));
			to = path;
		}
		if (rename(argv[i], to) < 0) {
			fprintf(stderr, "mv: cannot move '%s' to '%s': %s\n", argv[i], to,
				strerror(errno));
			status = 1;
		}
	}
	return status;
}
