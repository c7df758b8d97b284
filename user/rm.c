/*
 * rm: remove files. -r removes directories and their contents (depth
 * first, via readdir), -f ignores missing files. Directories without -r
 * are refused as Linux's rm refuses them.
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <dirent.h>
#include <limits.h>
#include <sys/stat.h>

static int recursive, force;

static int remove_path(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0) {
		if (force && errno == ENOENT)
			return 0;
		fprintf(stderr, "rm: cannot remove '%s': %s\n", path, strerror(errno));
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (unlink(path) < 0) {
			fprintf(stderr, "rm: cannot remove '%s': %s\n", path, strerror(errno));
			return 1;
		}
		return 0;
	}
	if (!recursive) {
		fprintf(stderr, "rm: cannot remove '%s': Is a directory\n", path);
		return 1;
	}

	int status = 0;
	DIR *d = opendir(path);
	struct dirent *e;
	if (!d) {
		fprintf(stderr, "rm: cannot open '%s': %s\n", path, strerror(errno));
		return 1;
	}
	/* Unlinking while reading is fine, but restart after each batch of
	 * removals would be needed on some file systems; read all first. */
	while ((e = readdir(d))) {
		char child[PATH_MAX];
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(child, sizeof child, "%s/%s", path, e->d_name);
		status |= remove_path(child);
	}
	closedir(d);
	if (rmdir(path) < 0) {
		fprintf(stderr, "rm: cannot remove '%s': %s\n", path, strerror(errno));
		return 1;
	}
	return status;
}

int main(int argc, char **argv)
{
	int c, status = 0;

	while ((c = getopt(argc, argv, "rRf")) != -1) {
		if (c == 'f')
			force = 1;
		else if (c == 'r' || c == 'R')
			recursive = 1;
		else
			return 1;
	}
	if (optind >= argc && !force) {
		fprintf(stderr, "rm: missing operand\n");
		return 1;
	}
	for (int i = optind; i < argc; i++)
		status |= remove_path(argv[i]);
	return status;
}
