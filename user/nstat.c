/*
 * nstat: the kernel's protocol counters, one per line, as Linux's
 * `nstat -a` prints them (absolute values; Sockeye keeps no history file,
 * so there are no deltas):
 *
 *   nstat [-z] [PATTERN...]
 *     -z        also the counters that are zero
 *     PATTERN   only counters whose name contains one of these (TcpExt, Retrans ...)
 *
 * The sources are /proc/net/snmp and /proc/net/netstat, where each group
 * is two lines: "Tcp: name name ..." then "Tcp: value value ...". A name is
 * the group and the field joined (TcpActiveOpens, TcpExtListenDrops), as
 * nstat and `netstat -s` use them. Exit status 1 if neither file reads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int opt_zero;
static char **patterns;
static int npatterns;

static int wanted(const char *name)
{
	if (!npatterns)
		return 1;
	for (int i = 0; i < npatterns; i++)
		if (strstr(name, patterns[i]))
			return 1;
	return 0;
}

/* Print one "Group: names" / "Group: values" pair. */
static void print_group(char *names, char *values)
{
	char *ns, *vs, *n, *v;
	char *group = names;
	char *colon = strchr(names, ':');

	if (!colon || strncmp(names, values, colon - names + 1))
		return;				/* not a matching pair */
	*colon = 0;
	n = strtok_r(colon + 1, " \n", &ns);
	v = strtok_r(strchr(values, ':') + 1, " \n", &vs);
	while (n && v) {
		char full[128];
		long long val = strtoll(v, NULL, 10);

		snprintf(full, sizeof full, "%s%s", group, n);
		if ((val || opt_zero) && wanted(full))
			printf("%-32s %lld\n", full, val);
		n = strtok_r(NULL, " \n", &ns);
		v = strtok_r(NULL, " \n", &vs);
	}
}

static int show_file(const char *path)
{
	char names[4096], values[4096];
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(names, sizeof names, f) && fgets(values, sizeof values, f))
		print_group(names, values);
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	int c, ok = 0;

	while ((c = getopt(argc, argv, "az")) != -1) {
		switch (c) {
		case 'a':			/* nstat's "absolute": always, here */
			break;
		case 'z':
			opt_zero = 1;
			break;
		default:
			fprintf(stderr, "usage: nstat [-az] [PATTERN...]\n");
			return 1;
		}
	}
	patterns = argv + optind;
	npatterns = argc - optind;
	printf("#kernel\n");
	ok |= show_file("/proc/net/snmp") == 0;
	ok |= show_file("/proc/net/netstat") == 0;
	return ok ? 0 : 1;
}
