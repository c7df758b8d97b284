/*
 * ls: list directories (sorted by name, one per line) or name files.
 *   -a  include names starting with '.'
 *   -l  long format: mode, links, uid, gid, size, name (-> link target)
 * Uses opendir/readdir (getdents64) and lstat (lstat64).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <dirent.h>
#include <limits.h>
#include <sys/stat.h>

static int opt_all, opt_long;

static void mode_string(unsigned mode, char *s)
{
	static const char rwx[] = "rwxrwxrwx";

	s[0] = S_ISDIR(mode) ? 'd' : S_ISLNK(mode) ? 'l' : S_ISCHR(mode) ? 'c' :
	       S_ISBLK(mode) ? 'b' : S_ISFIFO(mode) ? 'p' : S_ISSOCK(mode) ? 's' : '-';
	for (int i = 0; i < 9; i++)
		s[i + 1] = mode & (0400 >> i) ? rwx[i] : '-';
	s[10] = '\0';
}

/* Print one entry; `path` is used for lstat/readlink, `name` is shown. */
static void show(const char *path, const char *name)
{
	struct stat st;
	char mode[11], target[PATH_MAX];

	if (!opt_long) {
		puts(name);
		return;
	}
	if (lstat(path, &st) < 0) {
		fprintf(stderr, "ls: cannot access '%s': %s\n", path, strerror(errno));
		return;
	}
	mode_string(st.st_mode, mode);
	printf("%s %3u %4lu %4lu %8lld %s", mode, st.st_nlink, st.st_uid, st.st_gid,
	       st.st_size, name);
	if (S_ISLNK(st.st_mode)) {
		ssize_t n = readlink(path, target, sizeof target - 1);
		if (n >= 0) {
			target[n] = '\0';
			printf(" -> %s", target);
		}
	}
	putchar('\n');
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	int n = 0, cap = 0;

	if (!d) {
		fprintf(stderr, "ls: cannot open directory '%s': %s\n", dir, strerror(errno));
		return 2;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' && !opt_all)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = realloc(names, cap * sizeof *names);
			if (!names) {
				fprintf(stderr, "ls: out of memory\n");
				return 2;
			}
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_names);
	for (int i = 0; i < n; i++) {
		char path[PATH_MAX];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		show(path, names[i]);
		free(names[i]);
	}
	free(names);
	return 0;
}

int main(int argc, char **argv)
{
	int c, status = 0, nargs;

	while ((c = getopt(argc, argv, "al1")) != -1) {
		if (c == 'a')
			opt_all = 1;
		else if (c == 'l')
			opt_long = 1;
		else if (c != '1')
			return 2;
	}
	nargs = argc - optind;
	if (nargs == 0)
		return list_dir(".");
	for (int i = optind; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "ls: cannot access '%s': %s\n", argv[i], strerror(errno));
			status = 2;
		} else if (S_ISDIR(st.st_mode)) {
			if (nargs > 1)
				printf("%s%s:\n", i > optind ? "\n" : "", argv[i]);
			status |= list_dir(argv[i]);
		} else {
			show(argv[i], argv[i]);
		}
	}
	return status;
}
