/*
 * ps: list processes from /proc. Every numeric directory in /proc is a
 * process; /proc/PID/stat holds Linux's one-line format
 *     pid (comm) state ppid pgrp session ...
 * where comm may itself contain spaces or ')', so it is taken up to the
 * LAST ')' on the line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <fcntl.h>
#include <unistd.h>
#include <dirent.h>

struct proc {
	int pid, ppid;
	char state;
	char comm[64];
};

static int read_stat(const char *pid, struct proc *p)
{
	char path[64], buf[512], *open_paren, *close_paren;
	int fd;
	ssize_t n;

	snprintf(path, sizeof path, "/proc/%s/stat", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;		/* it exited between readdir and open */
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	open_paren = strchr(buf, '(');
	close_paren = strrchr(buf, ')');
	if (!open_paren || !close_paren || close_paren < open_paren || close_paren[1] != ' ')
		return -1;
	p->pid = atoi(buf);
	*close_paren = '\0';
	strlcpy(p->comm, open_paren + 1, sizeof p->comm);
	p->state = close_paren[2];
	p->ppid = atoi(close_paren + 4);
	return 0;
}

static int by_pid(const void *a, const void *b)
{
	return ((const struct proc *)a)->pid - ((const struct proc *)b)->pid;
}

int main(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	struct proc *procs = NULL;
	int n = 0, cap = 0;

	if (!d) {
		perror("ps: /proc");
		return 1;
	}
	while ((e = readdir(d))) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			procs = realloc(procs, cap * sizeof *procs);
			if (!procs) {
				fprintf(stderr, "ps: out of memory\n");
				return 1;
			}
		}
		if (read_stat(e->d_name, &procs[n]) == 0)
			n++;
	}
	closedir(d);
	qsort(procs, n, sizeof *procs, by_pid);
	printf("  PID  PPID S CMD\n");
	for (int i = 0; i < n; i++)
		printf("%5d %5d %c %s\n", procs[i].pid, procs[i].ppid, procs[i].state, procs[i].comm);
	free(procs);
	return 0;
}
