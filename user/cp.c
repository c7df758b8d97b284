/* cp: copy regular files with read/write; a directory destination receives them by name. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <limits.h>
#include <sys/stat.h>

static int copy_file(const char *from, const char *to)
{
	char buf[4096];
	struct stat st;
	ssize_t n;
	int in, out, status = 0;

	in = open(from, O_RDONLY);
	if (in < 0 || fstat(in, &st) < 0) {
		fprintf(stderr, "cp: cannot open '%s': %s\n", from, strerror(errno));
		if (in >= 0)
			close(in);
		return 1;
	}
	if (S_ISDIR(st.st_mode)) {
		fprintf(stderr, "cp: -r not specified; omitting directory '%s'\n", from);
		close(in);
		return 1;
	}
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC, st.st_mode & 0777);
	if (out < 0) {
		fprintf(stderr, "cp: cannot create '%s': %s\n", to, strerror(errno));
		close(in);
		return 1;
	}
	while ((n = read(in, buf, sizeof buf)) > 0) {
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(out, buf + off, n - off);
			if (w < 0) {
				fprintf(stderr, "cp: error writing '%s': %s\n", to, strerror(errno));
				status = 1;
				goto out;
			}
			off += w;
		}
	}
	if (n < 0) {
		fprintf(stderr, "cp: error reading '%s': %s\n", from, strerror(errno));
		status = 1;
	}
out:
	close(in);
	if (close(out) < 0)
		status = 1;
	return status;
}

int main(int argc, char **argv)
{
	struct stat st;
	const char *dst;
	int status = 0, into_dir;

	if (argc < 3) {
		fprintf(stderr, "usage: cp SOURCE... DEST\n");
		return 1;
	}
	dst = argv[argc - 1];
	into_dir = stat(dst, &st) == 0 && S_ISDIR(st.st_mode);
	if (argc > 3 && !into_dir) {
		fprintf(stderr, "cp: target '%s' is not a directory\n", dst);
		return 1;
	}
	for (int i = 1; i < argc - 1; i++) {
		char path[PATH_MAX];
		const char *to = dst;
		if (into_dir) {
			const char *b = strrchr(argv[i], '/');
			snprintf(path, sizeof path, "%s/%s", dst, b ? b + 1 : argv[i]);
			to = path;
		}
		status |= copy_file(argv[i], to);
	}
	return status;
}
