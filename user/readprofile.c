/*
 * readprofile: where the kernel's timer ticks landed, per function, as
 * util-linux's readprofile prints it (boot with profile=N first; see
 * kernel/profile.c and docs/debugging.md):
 *
 *   readprofile [-a] [-r] [-m MAP] [-p PROFILE]
 *     -a          also the functions that got no tick
 *     -r          zero the counters (write to the profile) and exit
 *     -m MAP      symbols, "address type name" lines sorted by address
 *                 (default /proc/kallsyms; a System.map works too)
 *     -p PROFILE  the counters (default /proc/profile)
 *
 * Each line: ticks, function, and load (ticks per byte of the function's
 * code), then a "total" line. `readprofile | sort -nr | head` is the usual
 * way to read it. The profile's first u32 is the bytes per counter; the
 * counters start at the first symbol in the map (the kernel's first byte).
 * Exit status 1 if either file cannot be read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>

struct sym {
	unsigned long addr;
	char name[48];
};

static void *grow(void *p, size_t size)
{
	p = realloc(p, size);
	if (!p) {
		fprintf(stderr, "readprofile: out of memory\n");
		exit(1);
	}
	return p;
}

static unsigned int *read_profile(const char *path, size_t *n)
{
	size_t cap = 1 << 16, len = 0;
	unsigned char *buf = grow(NULL, cap);
	int fd = open(path, O_RDONLY);
	ssize_t r;

	if (fd < 0) {
		perror(path);
		exit(1);
	}
	while ((r = read(fd, buf + len, cap - len)) > 0) {
		len += r;
		if (len == cap)
			buf = grow(buf, cap *= 2);
	}
	close(fd);
	if (r < 0 || len < 2 * sizeof(unsigned int)) {
		fprintf(stderr, "readprofile: %s: no profile (boot with profile=2)\n", path);
		exit(1);
	}
	*n = len / sizeof(unsigned int);
	return (unsigned int *)buf;
}

static struct sym *read_map(const char *path, size_t *n)
{
	FILE *f = fopen(path, "r");
	size_t cap = 1024, len = 0;
	struct sym *s = grow(NULL, cap * sizeof(*s));
	char line[256];

	if (!f) {
		perror(path);
		exit(1);
	}
	while (fgets(line, sizeof(line), f)) {
		char *end, *type, *name;
		unsigned long addr = strtoul(line, &end, 16);

		/* "c0100000 T name": the address, one type letter, the name. */
		if (end == line || end[0] != ' ' || !end[1] || end[2] != ' ')
			continue;
		type = end + 1;
		name = end + 3;
		name[strcspn(name, " \t\n")] = 0;
		if (!strchr("tTwW", *type) || !*name)
			continue;
		if (len == cap)
			s = grow(s, (cap *= 2) * sizeof(*s));
		s[len].addr = addr;
		snprintf(s[len].name, sizeof(s[len].name), "%s", name);
		len++;
	}
	fclose(f);
	if (!len) {
		fprintf(stderr, "readprofile: %s: no text symbols\n", path);
		exit(1);
	}
	*n = len;
	return s;
}

int main(int argc, char **argv)
{
	const char *map = "/proc/kallsyms", *pro = "/proc/profile";
	int all = 0, reset = 0, c;
	unsigned int *prof, step;
	unsigned long total = 0;
	size_t nprof, nsym;
	struct sym *syms;

	while ((c = getopt(argc, argv, "arm:p:")) != -1) {
		switch (c) {
		case 'a': all = 1; break;
		case 'r': reset = 1; break;
		case 'm': map = optarg; break;
		case 'p': pro = optarg; break;
		default:
			fprintf(stderr, "usage: readprofile [-a] [-r] [-m map] [-p profile]\n");
			return 2;
		}
	}
	if (reset) {
		int fd = open(pro, O_WRONLY);

		if (fd < 0 || write(fd, "0", 1) != 1) {
			perror(pro);
			return 1;
		}
		close(fd);
		return 0;
	}
	prof = read_profile(pro, &nprof);
	syms = read_map(map, &nsym);
	step = prof[0];
	if (!step) {
		fprintf(stderr, "readprofile: %s: step 0\n", pro);
		return 1;
	}
	/* Word k+1 of the file counts [k*step, (k+1)*step) from the first
	 * symbol, the kernel's first byte; each goes to the function its
	 * slice starts in. */
	for (size_t i = 0; i < nsym; i++) {
		unsigned long start = syms[i].addr - syms[0].addr;
		unsigned long end = i + 1 < nsym ? syms[i + 1].addr - syms[0].addr : (nprof - 1) * step;
		unsigned long ticks = 0;

		for (unsigned long k = (start + step - 1) / step; k < (end + step - 1) / step && k + 1 < nprof; k++)
			ticks += prof[k + 1];
		total += ticks;
		if (ticks || all)
			printf("%6lu %-40s %8.4f\n", ticks, syms[i].name,
			       end > start ? (double)ticks / (end - start) : 0.0);
	}
	printf("%6lu %-40s %8.4f\n", total, "total", (double)total / ((nprof - 1) * (double)step));
	return 0;
}
