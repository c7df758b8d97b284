/*
 * t_procstat.c: the /proc files busybox's top, ps and uptime read, in
 * proc(5)'s formats: /proc/stat, /proc/loadavg, /proc/cpuinfo,
 * /proc/self/maps, /proc/self/stat's vsize and rss, and who owns /proc/<pid>. Pinned to Linux:
 * they pass on the host kernel too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/sysinfo.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "ut.h"

static char buf[65536];

static char *slurp(const char *path)
{
	int fd = CHECK_OK(open(path, O_RDONLY)), n = 0, r;

	while (n < (int)sizeof buf - 1 && (r = read(fd, buf + n, sizeof buf - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = '\0';
	return buf;
}

/* Up to max unsigned numbers from p, separated by spaces, '.' or '/'; how many were read. */
static int numbers(const char *p, unsigned long long *v, int max)
{
	int n = 0;

	while (n < max) {
		char *end;

		while (*p == ' ' || *p == '.' || *p == '/')
			p++;
		v[n] = strtoull(p, &end, 10);
		if (end == p)
			break;
		n++;
		p = end;
	}
	return n;
}

static unsigned long long field_after(const char *text, const char *key)
{
	const char *p = strstr(text, key);

	if (!p)
		ut_fail("no \"%s\" in:\n%.400s", key, text);
	return strtoull(p + strlen(key), NULL, 10);
}

void test_proc_stat_format(void)
{
	char *s = slurp("/proc/stat");
	unsigned long long v[7], busy;
	int n;

	/* "cpu  user nice system idle iowait irq softirq ..." (two spaces, as Linux) */
	CHECK(strncmp(s, "cpu  ", 5) == 0);
	n = numbers(s + 5, v, 7);
	CHECK_EQ(n, 7);
	busy = v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6];
	CHECK(busy > 0);				/* time has passed since boot */
	CHECK(strstr(s, "\ncpu0 ") != NULL);
	CHECK(field_after(s, "\nctxt ") > 0);
	CHECK(field_after(s, "\nbtime ") > 1500000000ULL);	/* after 2017: a real epoch time */
	CHECK(field_after(s, "\nprocesses ") > 0);
	CHECK(field_after(s, "\nprocs_running ") >= 1);	/* this test */
	CHECK(strstr(s, "\nintr ") != NULL && strstr(s, "\nsoftirq ") != NULL);
}

void test_proc_loadavg_format(void)
{
	char *s = slurp("/proc/loadavg");
	unsigned long long v[9];
	struct sysinfo si;

	/* "0.12 0.05 0.01 1/23 456": three averages with two decimals each */
	CHECK_EQ(numbers(s, v, 9), 9);
	CHECK(strchr(s, '.') == s + strcspn(s, ".") && s[strcspn(s, ".") + 3] == ' ');
	CHECK(v[6] >= 1 && v[6] <= v[7]);		/* running <= total */
	CHECK(v[8] > 0);				/* the last pid */
	CHECK_OK(sysinfo(&si));
	/* The same 1-minute average through sysinfo (16-bit fractions). */
	CHECK(si.loads[0] / 65536 <= v[0] + 1);
}

void test_proc_cpuinfo_format(void)
{
	char *s = slurp("/proc/cpuinfo");

	CHECK(strncmp(s, "processor\t: 0\n", 14) == 0);
	CHECK(strstr(s, "\nvendor_id\t: ") != NULL);
	CHECK(strstr(s, "\nmodel name\t: ") != NULL);
	CHECK(strstr(s, "\ncpu MHz\t\t: ") != NULL);
	CHECK(strstr(s, "\nflags\t\t: ") != NULL);
	CHECK(strstr(s, " fpu ") != NULL || strstr(s, ": fpu ") != NULL);
	CHECK(strstr(s, "\nbogomips\t: ") != NULL);
}

/* The map line that contains addr, or fail. */
static const char *map_of(const char *maps, unsigned long addr)
{
	for (const char *l = maps; *l; ) {
		char *e;
		unsigned long lo = strtoul(l, &e, 16), hi = *e == '-' ? strtoul(e + 1, NULL, 16) : 0;

		if (addr >= lo && addr < hi)
			return l;
		l = strchr(l, '\n');
		if (!l)
			break;
		l++;
	}
	ut_fail("no mapping holds %#lx:\n%s", addr, maps);
}

void test_proc_self_maps(void)
{
	char exe[256], line[512];
	const char *maps = slurp("/proc/self/maps"), *l;
	int local, n;
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);

	CHECK(len > 0);
	exe[len] = '\0';
	/* Our code: r-x, named by the program's path. */
	l = map_of(maps, (unsigned long)&test_proc_self_maps);
	n = strcspn(l, "\n");
	snprintf(line, sizeof line, "%.*s", n, l);
	CHECK(strstr(line, " r-xp ") != NULL);
	CHECK(strstr(line, exe) != NULL);
	/* Our stack: rw-, [stack]. */
	l = map_of(maps, (unsigned long)&local);
	n = strcspn(l, "\n");
	snprintf(line, sizeof line, "%.*s", n, l);
	CHECK(strstr(line, " rw-p ") != NULL);
	CHECK(strstr(line, "[stack]") != NULL);
}

void test_proc_self_stat_vsize_rss(void)
{
	char *s = slurp("/proc/self/stat"), *p = strrchr(s, ')');
	unsigned long long vsize = 0, rss = 0;
	int i;

	CHECK(p != NULL);
	/* After "(comm)" come fields 3..; vsize is field 23, rss field 24. */
	p += 2;
	for (i = 3; i < 23; i++) {
		p = strchr(p, ' ');
		CHECK(p != NULL);
		p++;
	}
	vsize = strtoull(p, &p, 10);
	rss = strtoull(p, NULL, 10);
	CHECK(vsize >= 64 * 1024);			/* at least our text, data and stack */
	CHECK(rss > 0 && rss * 4096 <= vsize);
}

/*
 * /proc/<pid> belongs to the process's owner, who may read its fd/ (0500),
 * as Linux (task_dump_owner). Checked after an exec: Linux gives a process
 * that changed its uid to root until it execs (it is not "dumpable").
 */
int proc_owner_check(void)
{
	struct stat st;
	int fd;

	if (stat("/proc/self/fd", &st) || st.st_uid != geteuid() || st.st_gid != getegid())
		return 3;
	fd = open("/proc/self/fd", O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return 4;
	close(fd);
	if (stat("/proc/1", &st) || st.st_uid != 0)
		return 5;			/* init stays root's */
	return 0;
}

void test_proc_pid_owner(void)
{
	pid_t pid = CHECK_OK(fork());

	if (pid == 0) {
		if (geteuid() == 0 && (setgid(1000) || setuid(1000)))
			_exit(2);
		execl(ut_self, ut_self, "--proc-owner", (char *)NULL);
		_exit(127);
	}
	int status;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status));
	CHECK_EQ(WEXITSTATUS(status), 0);
}
