/*
 * t_proc.c: processes and identity: getpid/getppid/gettid/
 * set_tid_address/getuid32..., fork/wait4/waitpid/exit statuses, ECHILD,
 * execve and its errors, close-on-exec across execve, a child killed by
 * SIGSEGV, orphans re-parented, uname, rlimits, prctl names, getrandom,
 * ENOSYS, sched_yield; and the heavy ones: 1,000 fork/exec/wait cycles and
 * a fork bomb that must end in EAGAIN without breaking the system.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sched.h>
#include <unistd.h>
#include <sys/wait.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <uapi/misc.h>
#include "ut.h"

static int wait_status(pid_t pid)
{
	int status;

	CHECK_EQ(waitpid(pid, &status, 0), pid);
	return status;
}

void test_ids(void)
{
	pid_t me = getpid();
	int p[2];

	CHECK(me > 1);
	CHECK_EQ(syscall(__NR_getpid), me);
	CHECK_EQ(gettid(), me);				/* single-threaded: tid == pid */
	CHECK_EQ(syscall(__NR_set_tid_address, NULL), me);
	CHECK(getppid() > 0);
	CHECK_EQ(syscall(__NR_getuid32), (long)getuid());
	CHECK_EQ(syscall(__NR_geteuid32), (long)geteuid());
	CHECK_EQ(syscall(__NR_getgid32), (long)getgid());
	CHECK_EQ(syscall(__NR_getegid32), (long)getegid());

	/* a child sees us as its parent and has a new pid */
	CHECK_OK(pipe(p));
	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		pid_t ids[2] = { getpid(), getppid() };
		write(p[1], ids, sizeof ids);
		_exit(0);
	}
	pid_t ids[2];
	CHECK_EQ(read(p[0], ids, sizeof ids), sizeof ids);
	CHECK_EQ(ids[0], pid);
	CHECK_EQ(ids[1], me);
	CHECK(pid != me);
	wait_status(pid);
}

void test_fork_wait(void)
{
	enum { N = 10 };
	pid_t pids[N];
	int seen = 0;
	static int shared = 1;

	for (int i = 0; i < N; i++) {
		pids[i] = CHECK_OK(fork());
		if (pids[i] == 0) {
			shared = 99;			/* copy-on-write: parent must not see this */
			_exit(i);
		}
	}
	for (int i = 0; i < N; i++) {
		int status;
		pid_t pid = CHECK_OK(wait(&status));
		CHECK(WIFEXITED(status));
		int k = WEXITSTATUS(status);
		CHECK(k >= 0 && k < N);
		CHECK_EQ(pids[k], pid);
		CHECK(!(seen & (1 << k)));
		seen |= 1 << k;
	}
	CHECK_EQ(seen, (1 << N) - 1);
	CHECK_EQ(shared, 1);
	CHECK_ERR(wait(NULL), ECHILD);
}

void test_wait_errors(void)
{
	int status;

	CHECK_ERR(waitpid(-1, &status, 0), ECHILD);
	CHECK_ERR(waitpid(1, &status, 0), ECHILD);	/* not our child */
	CHECK_ERR(waitpid(-1, &status, 0x12340000), EINVAL);
	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		int p[2];
		pipe(p);
		char c;
		read(p[0], &c, 1);			/* blocks until killed */
		_exit(0);
	}
	CHECK_EQ(waitpid(pid, &status, WNOHANG), 0);	/* still running */
	CHECK_OK(kill(pid, SIGKILL));
	/* Linux reaps the child first, then fails copying the status out. */
	CHECK_ERR(wait4(pid, BAD_KERNEL, 0, NULL), EFAULT);
	CHECK_ERR(waitpid(pid, &status, 0), ECHILD);
}

void test_exit_status(void)
{
	static const int codes[] = { 0, 1, 42, 255, 256 + 7 };

	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		pid_t pid = CHECK_OK(fork());
		if (pid == 0)
			_exit(codes[i]);
		int status = wait_status(pid);
		CHECK(WIFEXITED(status));
		CHECK(!WIFSIGNALED(status));
		CHECK_EQ(WEXITSTATUS(status), codes[i] & 0xff);
	}
	/* the raw exit(2) call too, and a signal death */
	pid_t pid = CHECK_OK(fork());
	if (pid == 0)
		syscall(__NR_exit, 9);
	CHECK_EQ(wait_status(pid), 9 << 8);
	pid = CHECK_OK(fork());
	if (pid == 0) {
		kill(getpid(), SIGTERM);
		_exit(0);
	}
	int status = wait_status(pid);
	CHECK(WIFSIGNALED(status));
	CHECK_EQ(WTERMSIG(status), SIGTERM);
}

void test_execve(void)
{
	char *argv[] = { (char *)ut_self, "--exit", "77", NULL };
	char *envp[] = { "A=1", NULL };

	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		execve(ut_self, argv, envp);
		_exit(200);
	}
	int status = wait_status(pid);
	CHECK(WIFEXITED(status));
	CHECK_EQ(WEXITSTATUS(status), 77);

	pid = CHECK_OK(fork());
	if (pid == 0) {
		char *targv[] = { "true", NULL };
		execve("/bin/true", targv, envp);
		_exit(200);
	}
	CHECK_EQ(wait_status(pid), 0);
}

void test_execve_errors(void)
{
	char *argv[] = { "x", NULL };
	int fd;

	CHECK_ERR(execve("/nonexistent", argv, NULL), ENOENT);
	CHECK_ERR(execve("/", argv, NULL), EACCES);		/* a directory */
	CHECK_ERR(execve(BAD_KERNEL, argv, NULL), EFAULT);
	CHECK_ERR(execve(ut_self, BAD_KERNEL, NULL), EFAULT);
	fd = CHECK_OK(open("notexec", O_CREAT | O_WRONLY, 0644));
	close(fd);
	CHECK_ERR(execve("notexec", argv, NULL), EACCES);	/* no x bit */
	fd = CHECK_OK(open("garbage", O_CREAT | O_WRONLY, 0755));
	CHECK_EQ(write(fd, "\x7f" "ELFjunkjunkjunk", 16), 16);
	close(fd);
	CHECK_ERR(execve("garbage", argv, NULL), ENOEXEC);
	CHECK_ERR(execve("notexec/x", argv, NULL), ENOTDIR);
}

void test_cloexec(void)
{
	int keep = CHECK_OK(open("/", O_RDONLY));
	int gone = CHECK_OK(open("/", O_RDONLY | O_CLOEXEC));
	int gone2 = CHECK_OK(dup(keep));
	char kbuf[16], gbuf[16], g2buf[16];

	CHECK_OK(fcntl(gone2, F_SETFD, FD_CLOEXEC));
	snprintf(kbuf, sizeof kbuf, "%d", keep);
	snprintf(gbuf, sizeof gbuf, "%d", gone);
	snprintf(g2buf, sizeof g2buf, "%d", gone2);

	char *argv_gone[] = { (char *)ut_self, "--fd-closed", gbuf, NULL };
	char *argv_gone2[] = { (char *)ut_self, "--fd-closed", g2buf, NULL };
	char *argv_keep[] = { (char *)ut_self, "--fd-closed", kbuf, NULL };
	char **cases[] = { argv_gone, argv_gone2, argv_keep };
	int want[] = { 0, 0, 1 };			/* helper exits 0 iff the fd is closed */

	for (int i = 0; i < 3; i++) {
		pid_t pid = CHECK_OK(fork());
		if (pid == 0) {
			execve(ut_self, cases[i], environ);
			_exit(100);
		}
		int status = wait_status(pid);
		CHECK(WIFEXITED(status));
		if (WEXITSTATUS(status) != want[i])
			ut_fail("fd %s after exec: helper said %d, want %d", cases[i][2],
				WEXITSTATUS(status), want[i]);
	}
	close(keep);
	close(gone);
	close(gone2);
}

void test_segv_child(void)
{
	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		*(volatile int *)0 = 1;
		_exit(0);
	}
	int status = wait_status(pid);
	CHECK(WIFSIGNALED(status));
	CHECK_EQ(WTERMSIG(status), SIGSEGV);

	/* the kernel half is off limits too, for reads as well as writes */
	pid = CHECK_OK(fork());
	if (pid == 0) {
		(void)*(volatile int *)0xC0001000;
		_exit(0);
	}
	status = wait_status(pid);
	CHECK(WIFSIGNALED(status));
	CHECK_EQ(WTERMSIG(status), SIGSEGV);

	/* an illegal instruction is SIGILL (ud2) */
	pid = CHECK_OK(fork());
	if (pid == 0) {
		__asm__ volatile("ud2");
		_exit(0);
	}
	status = wait_status(pid);
	CHECK(WIFSIGNALED(status));
	CHECK_EQ(WTERMSIG(status), SIGILL);
}

/*
 * A child whose parent exits is re-parented (to init, or a subreaper), and
 * its old parent can no longer wait for it. Linux closes the dying
 * parent's files before it re-parents the children, so the grandchild
 * polls getppid() after the pipe EOF rather than assuming an order.
 */
void test_orphans(void)
{
	int p[2], result[2];
	char c;

	CHECK_OK(pipe(p));
	CHECK_OK(pipe(result));
	pid_t mid = CHECK_OK(fork());
	if (mid == 0) {
		pid_t before = getpid();		/* the grandchild's first parent */
		pid_t grandchild = fork();
		if (grandchild == 0) {
			close(p[1]);
			while (read(p[0], &c, 1) > 0)	/* EOF: our parent is exiting */
				;
			while (getppid() == before)
				sched_yield();
			c = getppid() > 0 ? 'R' : '?';
			write(result[1], &c, 1);
			_exit(0);
		}
		_exit(grandchild > 0 ? 0 : 1);
	}
	close(p[0]);
	close(p[1]);
	close(result[1]);
	CHECK_EQ(wait_status(mid), 0);
	CHECK_EQ(read(result[0], &c, 1), 1);
	CHECK_EQ(c, 'R');
	/* we cannot wait for the grandchild: it is no longer ours */
	CHECK_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
	close(result[0]);
}

void test_uname(void)
{
	struct utsname u;

	CHECK_OK(uname(&u));
	CHECK(u.sysname[0] != '\0');
	CHECK(u.release[0] != '\0');
	CHECK(!strcmp(u.machine, "i686") || !strcmp(u.machine, "i386") ||
	      !strcmp(u.machine, "x86_64"));		/* a 64-bit host running us */
	CHECK(memchr(u.nodename, '\0', sizeof u.nodename));
	CHECK_ERR(uname(BAD_KERNEL), EFAULT);
}

void test_rlimit(void)
{
	struct rlimit rl;
	struct rlimit64 r64, old64;

	CHECK_OK(getrlimit(RLIMIT_NOFILE, &rl));
	CHECK(rl.rlim_cur > 3 && rl.rlim_cur <= rl.rlim_max);
	CHECK_OK(getrlimit(RLIMIT_STACK, &rl));
	CHECK_ERR(getrlimit(1000, &rl), EINVAL);
	CHECK_ERR(getrlimit(RLIMIT_NOFILE, BAD_KERNEL), EFAULT);
	CHECK_OK(prlimit64(0, RLIMIT_NOFILE, NULL, &old64));
	CHECK_OK(getrlimit(RLIMIT_NOFILE, &rl));
	CHECK_EQ(old64.rlim_cur, rl.rlim_cur);
	r64 = old64;
	r64.rlim_cur = 64;
	CHECK_OK(prlimit64(0, RLIMIT_NOFILE, &r64, NULL));
	CHECK_OK(getrlimit(RLIMIT_NOFILE, &rl));
	CHECK_EQ(rl.rlim_cur, 64);
	CHECK_ERR(dup2(0, 64), EBADF);		/* the new limit is enforced */
	CHECK_EQ(dup2(0, 63), 63);
	r64.rlim_cur = r64.rlim_max + 1;
	if (r64.rlim_max != RLIM64_INFINITY)
		CHECK_ERR(prlimit64(0, RLIMIT_NOFILE, &r64, NULL), EINVAL);	/* cur > max */
	CHECK_ERR(prlimit64(0, 1000, NULL, &old64), EINVAL);
	CHECK_ERR(prlimit64(999999, RLIMIT_NOFILE, NULL, &old64), ESRCH);
}

void test_prctl_name(void)
{
	char name[32];

	CHECK_OK(prctl(PR_SET_NAME, (unsigned long)"utest-name", 0, 0, 0));
	memset(name, 'x', sizeof name);
	CHECK_OK(prctl(PR_GET_NAME, (unsigned long)name, 0, 0, 0));
	CHECK(!strcmp(name, "utest-name"));
	/* longer names are cut to 15 characters + NUL (TASK_COMM_LEN 16) */
	CHECK_OK(prctl(PR_SET_NAME, (unsigned long)"0123456789abcdefghij", 0, 0, 0));
	CHECK_OK(prctl(PR_GET_NAME, (unsigned long)name, 0, 0, 0));
	CHECK(!strcmp(name, "0123456789abcde"));
	/* /proc/self/stat shows it as comm */
	int fd = open("/proc/self/stat", O_RDONLY);
	if (fd >= 0) {
		char buf[256];
		ssize_t n = read(fd, buf, sizeof buf - 1);
		close(fd);
		CHECK(n > 0);
		buf[n] = '\0';
		CHECK(strstr(buf, "(0123456789abcde)"));
	}
	CHECK_ERR(prctl(PR_GET_NAME, (unsigned long)BAD_KERNEL, 0, 0, 0), EFAULT);
	CHECK_ERR(prctl(9999, 0, 0, 0, 0), EINVAL);
}

void test_getrandom(void)
{
	unsigned char a[64], b[64];

	CHECK_EQ(getrandom(a, sizeof a, 0), sizeof a);
	CHECK_EQ(getrandom(b, sizeof b, GRND_NONBLOCK), sizeof b);
	CHECK(memcmp(a, b, sizeof a));			/* 2^-512 chance of a false failure */
	int zeros = 0;
	for (size_t i = 0; i < sizeof a; i++)
		zeros += a[i] == 0;
	CHECK(zeros < 16);
	CHECK_EQ(getrandom(a, 0, 0), 0);
	CHECK_ERR(getrandom(a, sizeof a, 0x100), EINVAL);
	CHECK_ERR(getrandom(BAD_KERNEL, 16, 0), EFAULT);
}

void test_enosys(void)
{
	CHECK_ERR(syscall(449 + 100), ENOSYS);
	CHECK_ERR(syscall(100000), ENOSYS);
	CHECK_ERR(syscall(-1), ENOSYS);
	CHECK_ERR(syscall(0x7fffffff), ENOSYS);
	/* a hole inside the table (Linux's 17, "break", was never implemented) */
	CHECK_ERR(syscall(17), ENOSYS);
}

void test_sched_yield(void)
{
	for (int i = 0; i < 100; i++)
		CHECK_EQ(sched_yield(), 0);
}

void test_exec1000(void)
{
	char *argv[] = { "true", NULL };

	for (int i = 0; i < 1000; i++) {
		pid_t pid = fork();
		if (pid < 0)
			ut_fail("fork %d: %s", i, ut_errname(errno));
		if (pid == 0) {
			execve("/bin/true", argv, environ);
			_exit(127);
		}
		int status;
		pid_t r = waitpid(pid, &status, 0);
		if (r != pid || status != 0)
			ut_fail("cycle %d: waitpid %d status %#x", i, r, status);
	}
}

/*
 * Fork until the kernel says EAGAIN, exponentially (every process keeps
 * forking), then make sure everything can be killed and reaped and that
 * fork works again afterwards. RLIMIT_NPROC bounds it on Linux for
 * non-root users; Sockeye's process table bounds it for everyone. Linux
 * exempts root from RLIMIT_NPROC, so as root on Linux the bomb would run
 * until the machine's pid space is gone: skip there.
 */
void test_forkbomb(void)
{
	int hold[2], report[2];
	struct rlimit rl = { 128, 128 };
	char c;

	if (!ut_on_sockeye && geteuid() == 0)
		ut_skip("root on Linux ignores RLIMIT_NPROC");
	setrlimit(RLIMIT_NPROC, &rl);			/* Sockeye may lack it: fine */
	CHECK_OK(pipe(hold));
	CHECK_OK(pipe(report));

	pid_t root = CHECK_OK(fork());
	if (root == 0) {
		setpgid(0, 0);
		close(hold[1]);
		close(report[0]);
		for (;;) {
			pid_t pid = fork();
			if (pid < 0) {
				c = errno == EAGAIN ? 'E' : 'X';
				write(report[1], &c, 1);
				read(hold[0], &c, 1);	/* park until killed */
				_exit(0);
			}
		}
	}
	setpgid(root, root);
	close(hold[0]);
	close(report[1]);
	CHECK_EQ(read(report[0], &c, 1), 1);
	if (c != 'E')
		ut_fail("fork failed with something other than EAGAIN");

	/* Clean up: kill the group until nobody in it is left. */
	CHECK_OK(kill(-root, SIGKILL));
	CHECK_EQ(wait_status(root), SIGKILL);
	while (kill(-root, 0) == 0) {			/* zombies reaped by init */
		kill(-root, SIGKILL);
		sched_yield();
	}
	CHECK_EQ(errno, ESRCH);
	close(hold[1]);
	close(report[0]);

	/* the system still works */
	pid_t pid = CHECK_OK(fork());
	if (pid == 0)
		_exit(5);
	CHECK_EQ(wait_status(pid), 5 << 8);
}

/*
 * Regression: exec with a TLS selector loaded in %gs (as every glibc
 * program has). exec clears the TLS descriptors; an interrupt arriving
 * later in exec used to save the stale selector and fault restoring it,
 * nesting until the kernel stack overflowed. Many execs make an interrupt
 * inside that window a certainty.
 */
void test_exec_with_tls_in_gs(void)
{
	for (int i = 0; i < 60; i++) {
		pid_t pid = CHECK_OK(fork());
		if (pid == 0) {
			struct user_desc d = {
				.entry_number = -1, .base_addr = 0, .limit = 0xfffff,
				.seg_32bit = 1, .limit_in_pages = 1, .useable = 1,
			};
			if (syscall(__NR_set_thread_area, &d) != 0)
				_exit(2);
			unsigned short sel = (unsigned short)(d.entry_number * 8 + 3);
			__asm__ __volatile__("movw %0, %%gs" :: "r"(sel));
			char *argv[] = { "true", NULL };
			execve("/bin/true", argv, NULL);
			_exit(3);
		}
		CHECK_EQ(wait_status(pid), 0);
	}
}

/* /proc/<pid>/cmdline is the argv exec received, NUL-separated (ps reads it). */
void test_proc_cmdline(void)
{
	int p[2];
	char buf[256];
	CHECK_OK(pipe(p));
	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		char *argv[] = { "sleep", "7", NULL };
		close(p[0]);
		close(p[1]);
		execve("/bin/sleep", argv, NULL);
		_exit(3);
	}
	close(p[1]);
	/* Wait for the exec to have happened: the cmdline changes from ours to sleep's. */
	snprintf(buf, sizeof(buf), "/proc/%d/cmdline", pid);
	static const char want[] = "sleep\0" "7";
	ssize_t n = 0;
	for (int tries = 0; tries < 2000; tries++) {
		int fd = open(buf, O_RDONLY);
		char got[64];
		n = fd >= 0 ? read(fd, got, sizeof(got)) : -1;
		if (fd >= 0)
			close(fd);
		if (n == (ssize_t)sizeof(want) && !memcmp(got, want, sizeof(want)))
			break;
		sched_yield();
	}
	CHECK_EQ(n, (long)sizeof(want));
	kill(pid, SIGKILL);
	CHECK_EQ(wait_status(pid), SIGKILL);
	close(p[0]);
	CHECK_ERR(open(buf, O_RDONLY), ENOENT);	/* reaped: gone */
}
