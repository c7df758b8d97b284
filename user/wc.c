/* wc: count lines, words and bytes of files or stdin; -l -w -c select columns. */
#include <stdio.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

static int show_l, show_w, show_c;
static long long tot_l, tot_w, tot_c;

static void print_counts(long long l, long long w, long long c, const char *name)
{
	if (show_l)
		printf("%7lld ", l);
	if (show_w)
		printf("%7lld ", w);
	if (show_c)
		printf("%7lld ", c);
	printf("%s\n", name ? name : "");
}

static int count(int fd, const char *name)
{
	char buf[4096];
	long long l = 0, w = 0, c = 0;
	int in_word = 0;
	ssize_t n;

	while ((n = read(fd, buf, sizeof buf)) > 0) {
		c += n;
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == '\n')
				l++;
			if (isspace((unsigned char)buf[i])) {
				in_word = 0;
			} else if (!in_word) {
				in_word = 1;
				w++;
			}
		}
	}
	if (n < 0) {
		fprintf(stderr, "wc: %s: %s\n", name ? name : "-", strerror(errno));
		return 1;
	}
	tot_l += l, tot_w += w, tot_c += c;
	print_counts(l, w, c, name);
	return 0;
}

int main(int argc, char **argv)
{
	int c, status = 0;

	while ((c = getopt(argc, argv, "lwc")) != -1) {
		if (c == 'l') show_l = 1;
		else if (c == 'w') show_w = 1;
		else if (c == 'c') show_c = 1;
		else return 1;
	}
	if (!show_l && !show_w && !show_c)
		show_l = show_w = show_c = 1;
	if (optind >= argc)
		return count(0, NULL);
	for (int i = optind; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		status |= count(fd, argv[i]);
		close(fd);
	}
	if (argc - optind > 1)
		print_counts(tot_l, tot_w, tot_c, "total");
	return status;
}
