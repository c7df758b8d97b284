/*
 * free: memory summary from /proc/meminfo (Linux format, "Key:  N kB"
 * lines), printed in KiB in procps's column layout.
 */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

struct field {
	const char *key;
	long long kb;
	int found;
};

int main(void)
{
	struct field f[] = {
		{ .key = "MemTotal" }, { .key = "MemFree" }, { .key = "MemAvailable" },
		{ .key = "Buffers" }, { .key = "Cached" }, { .key = "Shmem" },
		{ .key = "SwapTotal" }, { .key = "SwapFree" }, { .key = "SReclaimable" },
	};
	enum { TOTAL, FREE, AVAIL, BUFFERS, CACHED, SHMEM, SWAPTOTAL, SWAPFREE, SRECLAIM };
	char line[256];
	FILE *fp = fopen("/proc/meminfo", "r");

	if (!fp) {
		perror("free: /proc/meminfo");
		return 1;
	}
	while (fgets(line, sizeof line, fp)) {
		char *colon = strchr(line, ':');
		if (!colon)
			continue;
		*colon = '\0';
		for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
			if (!strcmp(line, f[i].key)) {
				f[i].kb = strtoll(colon + 1, NULL, 10);
				f[i].found = 1;
			}
		}
	}
	fclose(fp);
	if (!f[TOTAL].found || !f[FREE].found) {
		fprintf(stderr, "free: /proc/meminfo lacks MemTotal/MemFree\n");
		return 1;
	}
	long long cache = f[BUFFERS].kb + f[CACHED].kb + f[SRECLAIM].kb;
	long long used = f[TOTAL].kb - f[FREE].kb - cache;
	long long avail = f[AVAIL].found ? f[AVAIL].kb : f[FREE].kb + cache;

	if (used < 0)
		used = f[TOTAL].kb - f[FREE].kb;
	printf("%15s %11s %11s %11s %11s %11s\n", "total", "used", "free", "shared",
	       "buff/cache", "available");
	printf("Mem:    %11lld %11lld %11lld %11lld %11lld %11lld\n", f[TOTAL].kb, used,
	       f[FREE].kb, f[SHMEM].kb, cache, avail);
	printf("Swap:   %11lld %11lld %11lld\n", f[SWAPTOTAL].kb,
	       f[SWAPTOTAL].kb - f[SWAPFREE].kb, f[SWAPFREE].kb);
	return 0;
}
