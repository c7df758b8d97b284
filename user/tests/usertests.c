/*
 * usertests: the in-guest test runner (xv6 usertests style).
 *
 *   usertests             run every test in tests.list, in order; then,
 *                         when run as root, the unprivileged pass
 *   usertests NAME...     run only the named tests
 *   usertests -u [NAME...]  only the unprivileged pass (all, TT() included, or the named)
 *
 * The unprivileged pass runs the tests again as uid/gid 1000 (UT_UID),
 * since privilege checks are part of the contract: what works as root
 * must work, or fail exactly as Linux fails, for an ordinary user. Its
 * lines read "test uid1000/NAME: ...". Two kinds of test stay out of it,
 * as tests.list declares: TR() tests need root by what they check
 * (reported "root only (skipped by design)", counted apart, never a
 * failure) and TT() tests are the slow ones (tcp_churn_10000, exec1000,
 * forkbomb: they would double the tier's time and check no privilege).
 *
 * Each test runs in a forked child, in its own process group, with a
 * report pipe for its failure reason (ut_fail in ut.h) and a deadline of
 * TEST_TIMEOUT seconds, after which the runner kills the whole group and
 * counts the test failed. Output: one line per test,
 *     test NAME: ok
 *     test NAME: FAILED (reason)
 * and last, exactly "N passed, N failed".
 *
 * Leak check: around a full run the runner compares free memory (MemFree
 * in /proc/meminfo) and allocated kernel objects (the active_objs column
 * of /proc/slabinfo, Linux's "slabinfo - version: 2.1"). Before the
 * baseline it runs a short warm-up (one fork/exec/pipe/file round) so that
 * caches the kernel fills once and keeps (slab pages, the page cache of
 * /bin/true) are already populated and do not read as a leak. The check is
 * enforced only on Sockeye: on a general-purpose Linux, other processes
 * move MemFree constantly. Set USERTESTS_LEAKCHECK=1 or 0 to force it.
 *
 * Every test starts in a fresh empty scratch directory (under /tmp if it
 * exists, else /), removed with its contents afterwards, so file tests can
 * use fixed names and a failing test leaves nothing behind.
 *
 * Hidden helper modes (used by tests that exec us again):
 *   usertests --fd-closed N    exit 0 if fd N is closed (close-on-exec)
 *   usertests --exit N         exit N
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <unistd.h>
#include <dirent.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/utsname.h>
#include "ut.h"

enum { TEST_FAILED, TEST_PASSED, TEST_SKIPPED };	/* what run_test returns */
enum { ROOT_PASS_ONLY = 1, ROOT_ONLY = 2 };		/* struct test's flags */
#define UT_UID 1000		/* the ordinary user of the unprivileged pass */
#define TEST_TIMEOUT 20		/* seconds; exec1000 on slow TCG fits comfortably */

struct test {
	void (*fn)(void);
	const char *name;
	int timeout;		/* seconds; TEST_TIMEOUT unless tests.list says TT(name, s) */
	int flags;		/* TT: ROOT_PASS_ONLY (slow); TR: ROOT_ONLY */
};

static const struct test tests[] = {
#define T(name) { test_##name, #name, TEST_TIMEOUT, 0 },
#define TT(name, secs) { test_##name, #name, secs, ROOT_PASS_ONLY },
#define TR(name) { test_##name, #name, TEST_TIMEOUT, ROOT_ONLY },
#include "tests.list"
#undef T
#undef TT
#undef TR
};
#define NTESTS ((int)(sizeof tests / sizeof tests[0]))

const char *ut_self = "/bin/usertests";
int ut_on_sockeye;
static int report_fd = -1;
static const char *pass_prefix = "";	/* "uid1000/" in the unprivileged pass */

/* ---------- the child's side ---------- */

void ut_fail(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof buf - 1)
		n = sizeof buf - 1;
	write(report_fd >= 0 ? report_fd : 2, buf, n);
	_exit(1);
}

void ut_skip(const char *why)
{
	char buf[256];
	int n = snprintf(buf, sizeof buf, "SKIP:%s", why);

	write(report_fd >= 0 ? report_fd : 2, buf, n);
	_exit(0);
}

const char *ut_errname(int e)
{
	static const char *const names[] = {
		[0] = "0", [EPERM] = "EPERM", [ENOENT] = "ENOENT", [ESRCH] = "ESRCH",
		[EINTR] = "EINTR", [EIO] = "EIO", [E2BIG] = "E2BIG", [ENOEXEC] = "ENOEXEC",
		[EBADF] = "EBADF", [ECHILD] = "ECHILD", [EAGAIN] = "EAGAIN",
		[ENOMEM] = "ENOMEM", [EACCES] = "EACCES", [EFAULT] = "EFAULT",
		[EBUSY] = "EBUSY", [EEXIST] = "EEXIST", [EXDEV] = "EXDEV",
		[ENOTDIR] = "ENOTDIR", [EISDIR] = "EISDIR", [EINVAL] = "EINVAL",
		[ENFILE] = "ENFILE", [EMFILE] = "EMFILE", [ENOTTY] = "ENOTTY",
		[ENOSPC] = "ENOSPC", [ESPIPE] = "ESPIPE", [EROFS] = "EROFS",
		[EPIPE] = "EPIPE", [ERANGE] = "ERANGE", [ENAMETOOLONG] = "ENAMETOOLONG",
		[ENOSYS] = "ENOSYS", [ENOTEMPTY] = "ENOTEMPTY", [ELOOP] = "ELOOP",
	};
	static char buf[16];

	if (e >= 0 && e < (int)(sizeof names / sizeof names[0]) && names[e])
		return names[e];
	snprintf(buf, sizeof buf, "errno %d", e);
	return buf;
}

/* ---------- the runner's side ---------- */

static volatile sig_atomic_t timed_out;

static void on_alarm(int sig)
{
	timed_out = 1;
}

static char scratch[PATH_MAX];

static void make_scratch(const char *name)
{
	struct stat st;
	const char *base = stat("/tmp", &st) == 0 && S_ISDIR(st.st_mode) ? "/tmp" : "";

	snprintf(scratch, sizeof scratch, "%s/usertests.%d.%s", base, getpid(), name);
	if (mkdir(scratch, 0777) < 0)
		scratch[0] = '\0';
}

static void remove_tree(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;
		while (d && (e = readdir(d))) {
			char child[PATH_MAX];
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(child, sizeof child, "%s/%s", path, e->d_name);
			chmod(child, 0700);		/* tests may leave read-only dirs */
			remove_tree(child);
		}
		if (d)
			closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

/* Run one test; returns 1 if it passed. */
static int run_test(const struct test *t)
{
	char reason[512];
	int rep[2], status, n = 0;
	pid_t pid;

	make_scratch(t->name);
	if (pipe2(rep, O_CLOEXEC) < 0) {
		printf("test %s%s: FAILED (runner: pipe: %s)\n", pass_prefix, t->name, strerror(errno));
		return 0;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		printf("test %s%s: FAILED (runner: fork: %s)\n", pass_prefix, t->name, strerror(errno));
		close(rep[0]);
		close(rep[1]);
		return 0;
	}
	if (pid == 0) {
		setpgid(0, 0);
		close(rep[0]);
		/* Park the report pipe out of the way so tests see the usual
		 * lowest-free descriptor numbers (3, 4, ...). */
		report_fd = fcntl(rep[1], F_DUPFD_CLOEXEC, 30);
		if (report_fd >= 0)
			close(rep[1]);
		else
			report_fd = rep[1];
		if (!scratch[0] || chdir(scratch) < 0)
			ut_fail("runner: no scratch directory");
		signal(SIGALRM, SIG_DFL);
		t->fn();
		_exit(0);
	}
	setpgid(pid, pid);		/* both sides, so there is no window */
	close(rep[1]);

	timed_out = 0;
	alarm(t->timeout);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			break;
		if (timed_out) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
		}
	}
	alarm(0);
	kill(-pid, SIGKILL);		/* leftovers of the test's own children */

	for (;;) {
		ssize_t r = read(rep[0], reason + n, sizeof reason - 1 - n);
		if (r <= 0)
			break;
		n += r;
	}
	close(rep[0]);
	reason[n] = '\0';
	if (scratch[0])
		remove_tree(scratch);

	if (timed_out) {
		printf("test %s%s: FAILED (timeout after %d s%s%s)\n", pass_prefix, t->name, t->timeout,
		       n ? ": " : "", reason);
		return 0;
	}
	if (WIFSIGNALED(status)) {
		printf("test %s%s: FAILED (killed by signal %d, %s)\n", pass_prefix, t->name,
		       WTERMSIG(status), strsignal(WTERMSIG(status)));
		return 0;
	}
	if (WEXITSTATUS(status) != 0 || (n && strncmp(reason, "SKIP:", 5))) {
		printf("test %s%s: FAILED (%s)\n", pass_prefix, t->name, n ? reason : "exit status != 0");
		return 0;
	}
	if (n) {
		/* Not a pass: counted apart, and the tier decides whether it may happen. */
		printf("test %s%s: skipped (%s)\n", pass_prefix, t->name, reason + 5);
		return TEST_SKIPPED;
	}
	printf("test %s%s: ok\n", pass_prefix, t->name);
	return TEST_PASSED;
}

/* ---------- resource accounting (the counters: ut_helpers.c) ---------- */

static void detect_kernel(void)
{
	struct utsname u;
	const char *force = getenv("USERTESTS_LEAKCHECK");

	if (uname(&u) == 0)
		ut_on_sockeye = strstr(u.sysname, "Sockeye") || strstr(u.release, "sockeye") ||
				strstr(u.version, "Sockeye") || strstr(u.release, "Sockeye");
	if (force)
		ut_on_sockeye = atoi(force);
}

/* One round of the common kernel paths, so the baseline sees warm caches. */
static void warm_up(void)
{
	static const char *const names[] = { "fork_wait", "execve", "pipe", "open_close" };

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		for (int j = 0; j < NTESTS; j++) {
			if (strcmp(tests[j].name, names[i]))
				continue;
			make_scratch(tests[j].name);	/* tests create files: never in our cwd */
			pid_t pid = fork();
			if (pid == 0) {
				int devnull = open("/dev/null", O_WRONLY);
				if (devnull >= 0)
					report_fd = devnull;	/* silence */
				if (!scratch[0] || chdir(scratch) < 0)
					_exit(1);
				tests[j].fn();
				_exit(0);
			}
			if (pid > 0)
				waitpid(pid, NULL, 0);
			if (scratch[0])
				remove_tree(scratch);
		}
	}
}

static int helper_mode(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--fd-closed")) {
		int fd = atoi(argv[2]);
		return fcntl(fd, F_GETFD) == -1 && errno == EBADF ? 0 : 1;
	}
	/* t_procstat.c: run by a freshly exec'd program, so Linux counts it dumpable. */
	if (argc == 2 && !strcmp(argv[1], "--proc-owner"))
		return proc_owner_check();
	if (argc == 3 && !strcmp(argv[1], "--exit"))
		exit(atoi(argv[2]));
	/* t_unix_exec.c: receive a file and a socket over SCM_RIGHTS after execve. */
	if (argc >= 2 && !strcmp(argv[1], "--unix-fd-child"))
		return unix_fd_child(argc, argv);
	/* t_vfs.c: a program that runs until told to stop (stdin closed). */
	if (argc == 2 && !strcmp(argv[1], "--run-until-eof")) {
		char c;
		write(1, "r", 1);
		while (read(0, &c, 1) > 0)
			;
		return 0;
	}
	/* t_clone.c's exec tests: show exactly what the kernel handed over. */
	if ((argc >= 2 && !strcmp(argv[1], "--argv")) || getenv("UT_PRINT_ARGV")) {
		for (int i = 0; i < argc; i++)
			printf("argv %s\n", argv[i]);
		for (char **e = environ; *e; e++)
			printf("env %s\n", *e);
		return 0;
	}
	return -1;
}

/*
 * Run the tests of the given phases named on the command line (or all),
 * counting into counts[passed, failed, skipped, root only]. In the
 * unprivileged pass a TR() test is root only.
 */
enum { PHASE_MAIN = 1, PHASE_SLOW = 2 };	/* run_selected's phases: T/TR tests, TT tests */

static void run_selected(int argc, char **argv, int all, int unpriv, int phases, int counts[4])
{
	for (int i = 0; i < NTESTS; i++) {
		int named = 0, slow = tests[i].flags & ROOT_PASS_ONLY;
		for (int a = 1; a < argc; a++)
			if (!strcmp(argv[a], tests[i].name))
				named = 1;
		if (!(phases & (slow ? PHASE_SLOW : PHASE_MAIN)))
			continue;
		if (!named && !all)
			continue;
		if (unpriv && (tests[i].flags & ROOT_ONLY)) {
			printf("test %s%s: root only (skipped by design)\n", pass_prefix, tests[i].name);
			counts[3]++;
			continue;
		}
		switch (run_test(&tests[i])) {
		case TEST_PASSED:
			counts[0]++;
			break;
		case TEST_SKIPPED:
			counts[2]++;
			break;
		default:
			counts[1]++;
		}
	}
	for (int a = 1; a < argc && (phases & PHASE_SLOW); a++) {
		int known = 0;
		for (int i = 0; i < NTESTS; i++)
			known |= !strcmp(argv[a], tests[i].name);
		if (!known) {
			printf("test %s%s: FAILED (no such test)\n", pass_prefix, argv[a]);
			counts[1]++;
		}
	}
}

/* Become uid/gid UT_UID for good (Sockeye has no supplementary groups to drop). */
static int drop_to_ordinary_user(void)
{
	return setgid(UT_UID) == 0 && setuid(UT_UID) == 0 &&
	       geteuid() == UT_UID && getegid() == UT_UID;
}

/*
 * The unprivileged pass, in a child of the suite process that drops to
 * UT_UID for good; its counts come back through a pipe and are added.
 */
static void run_unprivileged(int argc, char **argv, int all, int phases, int counts[4])
{
	static char prefix[32];
	int sub[4] = { 0, 0, 0, 0 }, p[2];

	if (pipe(p) < 0) {
		printf("test uid%d/pass: FAILED (pipe: %s)\n", UT_UID, strerror(errno));
		counts[1]++;
		return;
	}
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		int out = fcntl(p[1], F_DUPFD, 201);	/* out of the tests' way, as the suite's */
		close(p[0]);
		close(p[1]);
		snprintf(prefix, sizeof prefix, "uid%d/", UT_UID);
		pass_prefix = prefix;
		if (!drop_to_ordinary_user()) {
			printf("test %spass: FAILED (cannot become uid %d: %s)\n", pass_prefix, UT_UID,
			       strerror(errno));
			sub[1]++;
		} else {
			run_selected(argc, argv, all, 1, phases, sub);
		}
		write(out, sub, sizeof sub);
		_exit(0);
	}
	close(p[1]);
	if (pid < 0 || read(p[0], sub, sizeof sub) != sizeof sub) {
		printf("test uid%d/pass: FAILED (the pass died)\n", UT_UID);
		sub[1]++;
	}
	close(p[0]);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	for (int i = 0; i < 4; i++)
		counts[i] += sub[i];
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0, skipped = 0, all, unpriv_only = argc > 1 && !strcmp(argv[1], "-u");
	long mem_before = -1, slab_before = -1;
	struct sigaction sa = { .sa_handler = on_alarm };	/* no SA_RESTART */
	int r;

	if ((r = helper_mode(argc, argv)) >= 0)
		return r;
	if (argc == 2 && !strcmp(argv[1], "--list")) {	/* every test, in run order */
		for (int i = 0; i < NTESTS; i++)
			printf("%s\n", tests[i].name);
		return 0;
	}
	/* Tests re-exec us from their own scratch directories: keep an absolute path. */
	static char self[512];
	if (argv[0][0] == '/') {
		ut_self = argv[0];
	} else if (strchr(argv[0], '/') && getcwd(self, sizeof(self) - strlen(argv[0]) - 2)) {
		strcat(self, "/");
		strcat(self, argv[0]);
		ut_self = self;
	}
	if (unpriv_only) {		/* the names follow -u */
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	all = argc < 2;
	sigaction(SIGALRM, &sa, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	detect_kernel();

	if (all) {
		warm_up();
		/* Read both once first: their own stack and buffers must not count as a leak. */
		ut_mem_free_kb();
		ut_slab_objects();
		mem_before = ut_mem_free_kb();
		slab_before = ut_slab_objects();
	}
	/*
	 * The tests run in a child; this process only forks, waits and reads a
	 * pipe between the two measurements. Otherwise the runner's own stack
	 * and heap, which grow on demand during the run, would look like a
	 * kernel leak in MemFree.
	 */
	int counts[4] = { 0, 0, 0, 0 }, cp[2];
	if (pipe(cp) < 0) {
		perror("usertests: pipe");
		return 1;
	}
	pid_t suite = fork();
	if (suite == 0) {
		/* Move the result pipe out of the way: tests expect fds from 3 up to be free. */
		int out = fcntl(cp[1], F_DUPFD, 200);
		close(cp[0]);
		close(cp[1]);
		/* The slow tests last: tcp_churn_10000 waits out the TIME_WAIT
		 * sockets of both passes before the leak check. */
		if (!unpriv_only)
			run_selected(argc, argv, all, 0, PHASE_MAIN, counts);
		if (unpriv_only)
			run_unprivileged(argc, argv, all, PHASE_MAIN | PHASE_SLOW, counts);
		else if (all && geteuid() == 0)
			run_unprivileged(argc, argv, all, PHASE_MAIN, counts);
		else if (all)
			printf("usertests: not root, so no unprivileged pass (this one was)\n");
		if (!unpriv_only)
			run_selected(argc, argv, all, 0, PHASE_SLOW, counts);
		write(out, counts, sizeof counts);
		_exit(0);
	}
	close(cp[1]);
	if (suite < 0 || read(cp[0], counts, sizeof counts) != sizeof counts) {
		printf("test suite: FAILED (the suite process died)\n");
		counts[1]++;
	}
	close(cp[0]);
	if (suite > 0)
		waitpid(suite, NULL, 0);
	passed = counts[0];
	failed = counts[1];
	skipped = counts[2];

	if (all) {
		long mem_after = ut_mem_free_kb(), slab_after = ut_slab_objects();
		int leak_mem = mem_before >= 0 && mem_after != mem_before;
		int leak_slab = slab_before >= 0 && slab_after != slab_before;

		if (!ut_on_sockeye) {
			printf("test leaks: skipped (not Sockeye; MemFree %ld -> %ld kB, "
			       "slab objects %ld -> %ld)\n", mem_before, mem_after,
			       slab_before, slab_after);
			skipped++;
		} else if (mem_before < 0) {
			printf("test leaks: FAILED (cannot read MemFree from /proc/meminfo)\n");
			failed++;
		} else if (leak_mem || leak_slab) {
			printf("test leaks: FAILED (MemFree %ld -> %ld kB, slab objects %ld -> %ld)\n",
			       mem_before, mem_after, slab_before, slab_after);
			failed++;
		} else {
			printf("test leaks: ok\n");
			passed++;
		}
	}
	printf("%d passed, %d failed, %d skipped, %d root only\n", passed, failed, skipped, counts[3]);
	return failed ? 1 : 0;
}
