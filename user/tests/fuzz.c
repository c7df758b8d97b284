/*
 * fuzz: a seeded system-call fuzzer for Sockeye (and any Linux i386).
 *
 *   fuzz [-s] [-p] [-v] [-b FIRST] [-n PER_BATCH] [-w TW_WAIT] SEED CALLS
 *
 *   -s  socket mode (fuzz_net.c) instead of the whole system-call table
 *   -p  print "fuzz: batch N" as each batch starts (for long runs: if the
 *       kernel dies, replay that batch with -v -b N)
 *   -v  print every call on stderr before making it, to name the call
 *       that brings the kernel down
 *   -b  start at batch FIRST (batches replay from SEED and their number)
 *   -n  calls per batch (default 200)
 *   -w  seconds to wait for TIME_WAIT sockets to expire before the leak
 *       check (default 75; those left are accounted, see leak_check)
 *
 * Three processes. The top one measures free pages and slab objects,
 * starts the runner, waits for it, and measures again: it does nothing in
 * between, so its own stack and heap cannot read as a kernel leak. The
 * runner runs the batches one after another. A batch is a forked child in
 * its own process group and its own scratch directory: it builds its pool
 * (fuzz_pool.c), then makes PER_BATCH random calls. Before each call it
 * writes a record (number, arguments) down a pipe to the runner, which
 * keeps the last one, so whatever goes wrong is reported with the call
 * that did it:
 *   - the batch is killed by a signal a process cannot bring on itself
 *     with the calls it is allowed (expected_signal);
 *   - the batch makes no progress for STALL_SECS: blocking calls are
 *     broken by a 50 ms interval timer, so this means it is stuck; it is
 *     killed with SIGKILL, and if it is not gone HANG_SECS later the
 *     kernel is stuck (a hang: fatal);
 *   - the kernel log gains a WARNING, BUG or Oops line (an oops panics
 *     the machine: the serial console then has the panic, and -v the call);
 *   - free pages or slab objects do not return to the baseline.
 * A batch ended by an expected signal (a forged sigreturn frame, a handler
 * at a random address, SIGPIPE, SIGALRM, ...) just ends; the next starts.
 *
 * Output: one line per batch only if it failed, then
 *     fuzz: seed S mode M: N calls, B batches, X ended by signal, Y stalled, T s, R calls/s
 *     fuzz leak check: ok|FAILED (...)
 *     fuzz: PASS|FAIL seed S
 * Exit status 0 only on PASS.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
#include <termios.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <sys/klog.h>
#include "fuzz.h"
#include "drop_caches.h"

#define STALL_SECS	3
#define HANG_SECS	15
#define VERBOSE_FD	201

long __syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

static int socket_mode, verbose, progress_lines, per_batch = 200, tw_wait = 75;
static uint32_t seed;

static const char *call_name(int nr)
{
	return nr >= 0 && nr < fuzz_ncalls && fuzz_calls[nr].name ? fuzz_calls[nr].name : "?";
}

static void format_rec(char *buf, size_t size, const struct fuzz_rec *r)
{
	snprintf(buf, size, "batch %u call #%u: %d %s(%#x, %#x, %#x, %#x, %#x, %#x)",
		 r->batch, r->index, r->nr, call_name(r->nr), r->args[0], r->args[1],
		 r->args[2], r->args[3], r->args[4], r->args[5]);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---------- the batch (child) ---------- */

static void on_alarm(int sig)
{
	(void)sig;		/* only there to break blocking calls with EINTR */
}

static void arm_interrupts(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };	/* no SA_RESTART */
	struct itimerval it = { { 0, 50000 }, { 0, 50000 } };

	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
}

static int returns_fd(int nr)
{
	switch (nr) {
	case 5: case 8: case 41: case 55: case 63: case 221: case 254: case 295:
	case 329: case 330: case 359: case 364:
		return 1;
	}
	return 0;
}

static void run_batch(uint32_t batch, const char *dir)
{
	struct fuzz_rec rec = { .batch = batch };
	uint32_t a[6];

	setpgid(0, 0);
	if (chdir(dir) < 0)
		_exit(3);
	fuzz_rng = (seed * 2654435761u) ^ (batch * 40503u + 0x9e3779b9u);
	if (!fuzz_rng)
		fuzz_rng = 1;
	if (verbose)
		dup2(2, VERBOSE_FD);
	pool_setup(socket_mode);
	arm_interrupts();
	for (uint32_t i = 0; i < (uint32_t)per_batch; i++) {
		int nr;
		if (i % 32 == 31)
			arm_interrupts();	/* the calls may have changed either */
		if (socket_mode) {
			nr = net_pick_call(a);
		} else {
			do
				nr = rnd_below(fuzz_ncalls);
			while (!fuzz_calls[nr].name || fuzz_denied(nr));
			fuzz_make_args(nr, a);
		}
		rec.index = i;
		rec.nr = nr;
		memcpy(rec.args, a, sizeof a);
		if (write(FUZZ_REPORT_FD, &rec, sizeof rec) != sizeof rec)
			_exit(4);		/* the runner is gone or our pipe was taken */
		if (verbose) {
			char line[200];
			format_rec(line, sizeof line, &rec);
			strcat(line, "\n");
			write(VERBOSE_FD, line, strlen(line));
		}
		if (nr == 11 || nr == 358) {	/* execve, execveat: in a grandchild */
			pid_t pid = fork();
			if (pid == 0) {
				__syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
				_exit(127);
			}
			if (pid > 0)
				waitpid(pid, NULL, 0);	/* the interval timer bounds it */
			continue;
		}
		long r = __syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		if ((nr == 2 || nr == 120) && r == 0)
			_exit(0);		/* a fork or clone child: only the kernel's side matters */
		if (returns_fd(nr) && r >= 0)
			pool_note_fd(r);
	}
	_exit(0);
}

/* ---------- the runner ---------- */

static int expected_signal(int sig)
{
	switch (sig) {
	case SIGSEGV: case SIGBUS: case SIGILL: case SIGFPE: case SIGTRAP: case SIGSYS:
	case SIGPIPE: case SIGALRM: case SIGVTALRM: case SIGPROF: case SIGXCPU: case SIGXFSZ:
	case SIGUSR1: case SIGUSR2: case SIGIO:
		return 1;
	}
	return sig >= 32 && sig <= 64;	/* real-time signals the batch may send itself */
}

static void remove_tree(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	chmod(path, 0700);
	DIR *d = opendir(path);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		char child[512];
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(child, sizeof child, "%s/%s", path, e->d_name);
		remove_tree(child);
	}
	if (d)
		closedir(d);
	rmdir(path);
}

/* Lines in the kernel log that mean the kernel found itself wrong. */
static int klog_bad_lines(void)
{
	static char buf[65536];
	int n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, sizeof buf - 1), count = 0;

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	for (char *p = buf; (p = strstr(p, "WARNING: ")) || 0; p++)
		count++;
	for (char *p = buf; (p = strstr(p, "BUG")); p++)
		count++;
	for (char *p = buf; (p = strstr(p, "Oops")); p++)
		count++;
	return count;
}

/* Kill fuzz processes that outlived their batch (forks that changed group). */
static void kill_strays(pid_t keep1, pid_t keep2)
{
	DIR *d = opendir("/proc");
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char path[64], stat[128];
		pid_t pid = atoi(e->d_name);
		if (pid <= 1 || pid == keep1 || pid == keep2)
			continue;
		snprintf(path, sizeof path, "/proc/%d/stat", pid);
		int fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		int n = read(fd, stat, sizeof stat - 1);
		close(fd);
		if (n > 0) {
			stat[n] = '\0';
			if (strstr(stat, "(fuzz)"))
				kill(pid, SIGKILL);
		}
	}
	if (d)
		closedir(d);
}

struct totals {
	uint32_t calls, batches, by_signal, stalled, failed;
};

/* Run one batch; returns 0, or -1 if it failed, -2 if the kernel hung. */
static int one_batch(uint32_t batch, struct totals *t, int *bad_lines)
{
	char dir[128], line[256];
	struct fuzz_rec rec, last = { .batch = batch, .nr = -1 };
	int p[2], status = 0, got = 0, stalled = 0;
	const char *base = access("/tmp", W_OK) == 0 ? "/tmp" : "";

	snprintf(dir, sizeof dir, "%s/fuzz.%d.%u", base, getpid(), batch);
	remove_tree(dir);
	if (mkdir(dir, 0777) < 0 || pipe(p) < 0 || fcntl(p[0], F_SETFL, O_NONBLOCK) < 0) {
		printf("fuzz: FAIL batch %u: runner setup: %s\n", batch, strerror(errno));
		return -1;
	}
	if (progress_lines)
		printf("fuzz: batch %u\n", batch);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		if (dup2(p[1], FUZZ_REPORT_FD) < 0)
			_exit(3);
		close(p[1]);
		run_batch(batch, dir);
	}
	close(p[1]);
	if (pid < 0) {
		close(p[0]);
		printf("fuzz: FAIL batch %u: fork: %s\n", batch, strerror(errno));
		return -1;
	}
	setpgid(pid, pid);
	double progress = now(), killed_at = 0;
	for (;;) {
		struct pollfd pfd = { .fd = p[0], .events = POLLIN };
		if (poll(&pfd, 1, 200) > 0) {
			int n = read(p[0], (char *)&rec + got, sizeof rec - got);
			if (n > 0) {
				got += n;
				if (got == sizeof rec) {
					last = rec;
					got = 0;
					t->calls++;
					progress = now();
				}
			}
		}
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			break;
		if (!stalled && now() - progress > STALL_SECS) {
			stalled = 1;
			killed_at = now();
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
		}
		if (stalled && now() - killed_at > HANG_SECS) {
			format_rec(line, sizeof line, &last);
			printf("fuzz: FAIL seed %u HANG: batch not gone %d s after SIGKILL; last %s\n",
			       seed, HANG_SECS, line);
			return -2;
		}
	}
	/* The batch's forks hold the pipe too: end them, then take the
	 * records written just before the end (the read end never blocks). */
	kill(-pid, SIGKILL);
	kill_strays(getpid(), getppid());
	for (int n; (n = read(p[0], (char *)&rec + got, sizeof rec - got)) > 0; ) {
		got += n;
		if (got == sizeof rec) {
			last = rec;
			got = 0;
			t->calls++;
		}
	}
	close(p[0]);
	remove_tree(dir);
	t->batches++;

	int bad = klog_bad_lines(), ret = 0;
	format_rec(line, sizeof line, &last);
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL && stalled) {
		t->stalled++;
	} else if (WIFSIGNALED(status) && expected_signal(WTERMSIG(status))) {
		t->by_signal++;
	} else if (WIFSIGNALED(status)) {
		printf("fuzz: FAIL seed %u: killed by signal %d (%s); last %s\n", seed,
		       WTERMSIG(status), strsignal(WTERMSIG(status)), line);
		ret = -1;
	} else if (WEXITSTATUS(status) != 0) {
		printf("fuzz: FAIL seed %u: batch exited %d; last %s\n", seed, WEXITSTATUS(status), line);
		ret = -1;
	}
	if (bad > *bad_lines) {
		printf("fuzz: FAIL seed %u: kernel log gained WARNING/BUG/Oops; last %s\n", seed, line);
		ret = -1;
	}
	*bad_lines = bad;
	if (ret)
		t->failed++;
	return ret;
}

static int run_all(uint32_t first, uint32_t calls)
{
	struct totals t = { 0 };
	int bad_lines = klog_bad_lines(), hung = 0;
	double t0 = now();

	for (uint32_t b = first; t.calls < calls && b < first + calls + 1; b++)
		if (one_batch(b, &t, &bad_lines) == -2) {
			hung = 1;
			break;
		}
	double secs = now() - t0;
	printf("fuzz: seed %u mode %s: %u calls, %u batches, %u ended by signal, %u stalled, "
	       "%u failed, %.1f s, %.0f calls/s\n", seed, socket_mode ? "socket" : "syscall",
	       t.calls, t.batches, t.by_signal, t.stalled, t.failed, secs, secs > 0 ? t.calls / secs : 0);
	fflush(stdout);
	return hung ? 2 : t.failed ? 1 : 0;
}

/* ---------- the top process: leak check ---------- */

struct kstate {
	long free_kb, slab_objs, tw, tw_objs, tw_kb;
};

static long sockstat_tw(void)
{
	char buf[512];
	int fd = open("/proc/net/sockstat", O_RDONLY), n;
	long tw = 0;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n > 0) {
		buf[n] = '\0';
		char *p = strstr(buf, " tw ");
		if (p)
			tw = strtol(p + 4, NULL, 10);
	}
	return tw;
}

static void measure(struct kstate *k)
{
	char line[256];
	FILE *f;

	drop_kernel_caches("fuzz");
	f = fopen("/proc/meminfo", "r");

	memset(k, 0, sizeof *k);
	k->free_kb = -1;
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "MemFree:", 8))
			k->free_kb = strtol(line + 8, NULL, 10);
	if (f)
		fclose(f);
	f = fopen("/proc/slabinfo", "r");
	while (f && fgets(line, sizeof line, f)) {
		long v[5], aslabs, nslabs;
		char *q = line, *sd = strstr(line, "slabdata");
		if (line[0] == '#' || !sd)
			continue;
		while (*q && *q != ' ')		/* the cache name */
			q++;
		*q++ = '\0';
		for (int i = 0; i < 5; i++)	/* active, num, objsize, objperslab, pagesperslab */
			v[i] = strtol(q, &q, 10);
		aslabs = strtol(sd + 8, &q, 10);
		nslabs = strtol(q, NULL, 10);
		(void)aslabs;
		const char *name = line;
		long active = v[0], pages = v[4];
		/* TIME_WAIT sockets and the port buckets they hold expire on
		 * their own clock: counted apart, see leak_check. */
		if (!strcmp(name, "tw_sock_TCP") || !strcmp(name, "tcp_bind_bucket")) {
			k->tw_objs += active;
			k->tw_kb += nslabs * pages * 4;
		} else {
			k->slab_objs += active;
		}
	}
	if (f)
		fclose(f);
	k->tw = sockstat_tw();
}

/*
 * Free pages and slab objects must come back to the baseline once every
 * batch is gone. TIME_WAIT sockets (60 s) are waited for, up to tw_wait
 * seconds; any still there are accounted: their two caches are left out
 * of the object count and the pages those caches grew by are allowed off
 * MemFree. Otherwise nothing may grow: free memory may only come back
 * (a cache that was full at the baseline may have shrunk), never shrink.
 */
/* Measure once the TIME_WAIT sockets are gone, or tw_wait seconds on. */
static void measure_settled(struct kstate *k)
{
	double t0 = now();

	for (;;) {
		measure(k);
		if (k->tw == 0 || now() - t0 >= tw_wait)
			break;
		struct timespec ts = { 1, 0 };	/* a bounded poll of a timer-driven count */
		nanosleep(&ts, NULL);
	}
	measure(k);
}

static int leak_check(const struct kstate *before)
{
	struct kstate after;

	measure_settled(&after);
	long slack_kb = after.tw ? after.tw_kb - before->tw_kb : 0;
	int ok = after.slab_objs <= before->slab_objs &&
		 after.free_kb + slack_kb >= before->free_kb &&
		 (after.tw || after.tw_objs <= before->tw_objs);
	printf("fuzz leak check: %s (MemFree %ld -> %ld kB, slab objects %ld -> %ld, "
	       "TIME_WAIT %ld accounted: %ld objects, %ld kB)\n", ok ? "ok" : "FAILED",
	       before->free_kb, after.free_kb, before->slab_objs, after.slab_objs,
	       after.tw, after.tw_objs - before->tw_objs, slack_kb);
	return ok;
}

static int usage(void)
{
	fprintf(stderr, "usage: fuzz [-s] [-p] [-v] [-b FIRST] [-n PER_BATCH] [-w TW_WAIT] SEED CALLS\n");
	return 2;
}

int main(int argc, char **argv)
{
	uint32_t first = 0, calls;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *o = argv[i];
		if (!strcmp(o, "-s"))
			socket_mode = 1;
		else if (!strcmp(o, "-p"))
			progress_lines = 1;
		else if (!strcmp(o, "-v"))
			verbose = 1;
		else if (!strcmp(o, "-b") && i + 1 < argc)
			first = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(o, "-n") && i + 1 < argc)
			per_batch = atoi(argv[++i]);
		else if (!strcmp(o, "-w") && i + 1 < argc)
			tw_wait = atoi(argv[++i]);
		else
			return usage();
	}
	if (argc - i != 2 || per_batch <= 0)
		return usage();
	seed = strtoul(argv[i], NULL, 0);
	calls = strtoul(argv[i + 1], NULL, 0);
	signal(SIGPIPE, SIG_IGN);
	/* The batches' ioctls may leave the tty raw, with VMIN 0 (reads return
	 * 0: the shell would see end of file): put it back as we found it. */
	struct termios tty;
	int have_tty = tcgetattr(0, &tty) == 0;

	struct kstate before;
	/* Once to warm its own buffers, then for real. An earlier run's
	 * TIME_WAIT sockets would expire during this one and move the
	 * baseline (the tier runs seeds back to back): let them go first. */
	measure(&before);
	measure_settled(&before);
	fflush(stdout);
	pid_t runner = fork();
	if (runner == 0)
		_exit(run_all(first, calls));
	int status = 0;
	while (runner > 0 && waitpid(runner, &status, 0) < 0 && errno == EINTR)
		;
	int rc = runner < 0 ? 1 : WIFEXITED(status) ? WEXITSTATUS(status) : 1;
	if (have_tty)
		tcsetattr(0, TCSANOW, &tty);
	int ok = rc == 2 ? 0 : leak_check(&before);	/* after a hang, nothing is baseline */
	printf("fuzz: %s seed %u\n", rc == 0 && ok ? "PASS" : "FAIL", seed);
	return rc == 0 && ok ? 0 : 1;
}
