/*
 * t_lock.c: POSIX record locks (fcntl F_GETLK/F_SETLK/F_SETLKW and the
 * flock64 forms). Regression for "record locks are fake": F_SETLK
 * returned 0 to two processes asking for the same bytes.
 *
 * Locks belong to a process (its fd table): a forked child is another
 * owner, so each test pits the parent against children. A test that
 * needs a waiter asleep proves it is asleep from /proc/locks (its "->"
 * line) before it acts, never by sleeping.
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
#include <sys/syscall.h>
#include "ut.h"

static int lk_fd;

static int lk(int fd, int cmd, short type, long start, long len)
{
	struct flock l;

	memset(&l, 0, sizeof l);
	l.l_type = type;
	l.l_whence = SEEK_SET;
	l.l_start = start;
	l.l_len = len;
	return fcntl(fd, cmd, &l);
}

/* F_GETLK for a write lock on [start, start+len): the answer. */
static struct flock getlk(int fd, short type, long start, long len)
{
	struct flock l;

	memset(&l, 0, sizeof l);
	l.l_type = type;
	l.l_whence = SEEK_SET;
	l.l_start = start;
	l.l_len = len;
	CHECK_OK(fcntl(fd, F_GETLK, &l));
	return l;
}

static int open_file(void)
{
	int fd = CHECK_OK(open("lockfile", O_RDWR | O_CREAT, 0644));
	CHECK_EQ(write(fd, "0123456789", 10), 10);
	return fd;
}

/* Run fn in a forked child (another lock owner); its CHECKs report to the runner. */
static void in_child(void (*fn)(void))
{
	int st;
	pid_t pid = CHECK_OK(fork());

	if (pid == 0) {
		fn();
		_exit(0);
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st));
}

/* Poll /proc/locks until pid has a request asleep ("->"): proof it blocked. */
static void wait_blocked(pid_t pid)
{
	char line[256], want[32];

	snprintf(want, sizeof want, " %d ", pid);
	for (int i = 0; i < 200000; i++) {
		FILE *f = fopen("/proc/locks", "r");
		int found = 0;

		if (!f)
			ut_fail("no /proc/locks");
		while (fgets(line, sizeof line, f))
			if (strstr(line, "->") && strstr(line, want))
				found = 1;
		fclose(f);
		if (found)
			return;
		sched_yield();
	}
	ut_fail("pid %d never went to sleep on a lock", pid);
}

static void child_conflicts(void)
{
	CHECK_ERR(lk(lk_fd, F_SETLK, F_WRLCK, 5, 1), EAGAIN);
	CHECK_ERR(lk(lk_fd, F_SETLK, F_RDLCK, 0, 0), EAGAIN);
	CHECK_OK(lk(lk_fd, F_SETLK, F_WRLCK, 11, 5));		/* beside it: fine */
	struct flock l = getlk(lk_fd, F_WRLCK, 0, 0);
	CHECK_EQ(l.l_type, F_WRLCK);
	CHECK_EQ(l.l_pid, getppid());				/* names the holder */
	CHECK_EQ(l.l_start, 0);
	CHECK_EQ(l.l_len, 11);
	CHECK_EQ(l.l_whence, SEEK_SET);
	l = getlk(lk_fd, F_WRLCK, 20, 10);
	CHECK_EQ(l.l_type, F_UNLCK);				/* nothing there */
}

static void child_shares_read(void)
{
	CHECK_OK(lk(lk_fd, F_SETLK, F_RDLCK, 0, 4));
	CHECK_ERR(lk(lk_fd, F_SETLK, F_WRLCK, 3, 1), EAGAIN);
	struct flock l = getlk(lk_fd, F_RDLCK, 0, 4);
	CHECK_EQ(l.l_type, F_UNLCK);				/* readers share */
}

void test_record_lock_conflicts(void)
{
	lk_fd = open_file();
	CHECK_OK(lk(lk_fd, F_SETLK, F_WRLCK, 0, 11));
	CHECK_OK(lk(lk_fd, F_SETLK, F_WRLCK, 0, 11));		/* our own: no conflict */
	struct flock l = getlk(lk_fd, F_WRLCK, 0, 0);
	CHECK_EQ(l.l_type, F_UNLCK);				/* F_GETLK ignores our own */
	in_child(child_conflicts);
	CHECK_OK(lk(lk_fd, F_SETLK, F_RDLCK, 0, 11));		/* downgrade */
	in_child(child_shares_read);
	CHECK_OK(lk(lk_fd, F_SETLK, F_UNLCK, 0, 0));
}

void test_record_lock_errors(void)
{
	struct flock l;

	lk_fd = open_file();
	int ro = CHECK_OK(open("lockfile", O_RDONLY));
	int wo = CHECK_OK(open("lockfile", O_WRONLY));
	CHECK_ERR(lk(ro, F_SETLK, F_WRLCK, 0, 1), EBADF);
	CHECK_ERR(lk(wo, F_SETLK, F_RDLCK, 0, 1), EBADF);
	CHECK_ERR(lk(lk_fd, F_SETLK, 7, 0, 1), EINVAL);
	CHECK_ERR(lk(lk_fd, F_GETLK, F_UNLCK, 0, 1), EINVAL);
	CHECK_ERR(lk(lk_fd, F_SETLK, F_WRLCK, -1, 1), EINVAL);
	CHECK_ERR(lk(lk_fd, F_SETLK, F_WRLCK, 2, -3), EINVAL);	/* before byte 0 */
	memset(&l, 0, sizeof l);
	l.l_type = F_WRLCK;
	l.l_whence = 9;
	CHECK_ERR(fcntl(lk_fd, F_SETLK, &l), EINVAL);
	CHECK_ERR(fcntl(lk_fd, F_SETLK, BAD_KERNEL), EFAULT);
	/* plain fcntl has no flock64 commands on i386 (fcntl64 does) */
	CHECK_ERR(syscall(__NR_fcntl, lk_fd, F_SETLK64, &l), EINVAL);
}

static void child_sees_pieces(void)
{
	/* held: W [0,20) R [20,30) W [30,100), the middle [40,60) cut out */
	struct flock l = getlk(lk_fd, F_WRLCK, 10, 1);
	CHECK_EQ(l.l_type, F_WRLCK);
	CHECK_EQ(l.l_start, 0);
	CHECK_EQ(l.l_len, 20);
	l = getlk(lk_fd, F_WRLCK, 25, 1);
	CHECK_EQ(l.l_type, F_RDLCK);
	CHECK_EQ(l.l_start, 20);
	CHECK_EQ(l.l_len, 10);
	l = getlk(lk_fd, F_RDLCK, 20, 10);
	CHECK_EQ(l.l_type, F_UNLCK);
	l = getlk(lk_fd, F_WRLCK, 40, 20);
	CHECK_EQ(l.l_type, F_UNLCK);
	l = getlk(lk_fd, F_WRLCK, 35, 1);
	CHECK_EQ(l.l_start, 30);
	CHECK_EQ(l.l_len, 10);
	l = getlk(lk_fd, F_WRLCK, 60, 1);
	CHECK_EQ(l.l_start, 60);
	CHECK_EQ(l.l_len, 40);
}

static void child_sees_merged(void)
{
	struct flock l = getlk(lk_fd, F_WRLCK, 50, 1);
	CHECK_EQ(l.l_type, F_WRLCK);
	CHECK_EQ(l.l_start, 0);
	CHECK_EQ(l.l_len, 100);		/* one lock again */
}

/* Setting part of a range splits a lock; setting it back merges them. */
void test_record_lock_split_merge(void)
{
	lk_fd = open_file();
	CHECK_OK(lk(lk_fd, F_SETLK, F_WRLCK, 0, 100));
	CHECK_OK(lk(lk_fd, F_SETLK, F_UNLCK, 40, 20));
	CHECK_OK(lk(lk_fd, F_SETLK, F_RDLCK, 20, 10));
	in_child(child_sees_pieces);
	CHECK_OK(lk(lk_fd, F_SETLK, F_WRLCK, 20, 10));
	CHECK_OK(lk(lk_fd, F_SETLK, F_WRLCK, 40, 20));
	in_child(child_sees_merged);
}

static void child_sees_unlocked(void)
{
	CHECK_EQ(getlk(lk_fd, F_WRLCK, 0, 0).l_type, F_UNLCK);
}

/* POSIX: closing any descriptor of the file drops all our locks on it. */
void test_record_lock_released_on_close(void)
{
	lk_fd = open_file();
	int other = CHECK_OK(open("lockfile", O_RDONLY));
	CHECK_OK(lk(lk_fd, F_SETLK, F_WRLCK, 0, 5));
	CHECK_OK(lk(lk_fd, F_SETLK, F_WRLCK, 8, 0));
	CHECK_OK(close(other));
	in_child(child_sees_unlocked);
	/* and dup2 over a descriptor of the file is a close too */
	CHECK_OK(lk(lk_fd, F_SETLK, F_WRLCK, 0, 5));
	other = CHECK_OK(open("lockfile", O_RDONLY));
	CHECK_OK(dup2(lk_fd, other));
	in_child(child_sees_unlocked);
}

/* A process that exits holding locks leaves none behind. */
void test_record_lock_released_on_exit(void)
{
	int go[2], ready[2];
	char c;

	lk_fd = open_file();
	CHECK_OK(pipe(go));
	CHECK_OK(pipe(ready));
	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		close(go[1]);
		if (lk(lk_fd, F_SETLK, F_WRLCK, 0, 0))
			ut_fail("child lock: %s", ut_errname(errno));
		write(ready[1], "r", 1);
		read(go[0], &c, 1);	/* until the parent has seen the lock */
		_exit(0);
	}
	close(go[0]);
	CHECK_EQ(read(ready[0], &c, 1), 1);
	CHECK_EQ(getlk(lk_fd, F_WRLCK, 3, 1).l_pid, pid);
	close(go[1]);
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK_EQ(getlk(lk_fd, F_WRLCK, 0, 0).l_type, F_UNLCK);
	CHECK_OK(lk(lk_fd, F_SETLK, F_WRLCK, 0, 0));
}

/* F_SETLKW sleeps while the bytes are taken and wakes with them when freed. */
void test_record_lock_setlkw_wakes(void)
{
	int done[2], go[2];
	char c;

	lk_fd = open_file();
	CHECK_OK(pipe(done));
	CHECK_OK(pipe(go));
	CHECK_OK(lk(lk_fd, F_SETLK, F_WRLCK, 0, 10));
	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		if (lk(lk_fd, F_SETLKW, F_WRLCK, 5, 1))
			ut_fail("F_SETLKW: %s", ut_errname(errno));
		write(done[1], "w", 1);
		read(go[0], &c, 1);	/* hold it until the parent has looked */
		_exit(0);
	}
	wait_blocked(pid);				/* it is asleep on our lock */
	CHECK_OK(fcntl(done[0], F_SETFL, O_NONBLOCK));
	CHECK_ERR(read(done[0], &c, 1), EAGAIN);	/* and has not got it */
	CHECK_OK(lk(lk_fd, F_SETLK, F_UNLCK, 4, 2));	/* free just its byte (and one more) */
	CHECK_OK(fcntl(done[0], F_SETFL, 0));
	CHECK_EQ(read(done[0], &c, 1), 1);		/* it woke with the lock */
	struct flock l = getlk(lk_fd, F_WRLCK, 5, 1);
	CHECK_EQ(l.l_pid, pid);
	CHECK_EQ(lk(lk_fd, F_SETLK, F_WRLCK, 0, 4), 0);	/* ours still */
	CHECK_EQ(write(go[1], "x", 1), 1);
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static void on_usr1(int sig)
{
	(void)sig;
}

/* A signal with a handler (no SA_RESTART) ends the wait with EINTR. */
void test_record_lock_setlkw_eintr(void)
{
	lk_fd = open_file();
	CHECK_OK(lk(lk_fd, F_SETLK, F_WRLCK, 0, 1));
	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_usr1;
		sigaction(SIGUSR1, &sa, NULL);
		CHECK_ERR(lk(lk_fd, F_SETLKW, F_WRLCK, 0, 1), EINTR);
		CHECK_ERR(lk(lk_fd, F_SETLK, F_WRLCK, 0, 1), EAGAIN);	/* still ours */
		_exit(0);
	}
	wait_blocked(pid);
	CHECK_OK(kill(pid, SIGUSR1));
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* Two owners each waiting for the other: the second to ask gets EDEADLK. */
void test_record_lock_deadlock(void)
{
	int ready[2];
	char c;

	lk_fd = open_file();
	CHECK_OK(pipe(ready));
	CHECK_OK(lk(lk_fd, F_SETLK, F_WRLCK, 0, 1));		/* we hold byte 0 */
	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		if (lk(lk_fd, F_SETLK, F_WRLCK, 1, 1))		/* it holds byte 1 */
			ut_fail("child lock: %s", ut_errname(errno));
		write(ready[1], "r", 1);
		if (lk(lk_fd, F_SETLKW, F_WRLCK, 0, 1))		/* and waits for byte 0 */
			ut_fail("child F_SETLKW: %s", ut_errname(errno));
		_exit(0);
	}
	CHECK_EQ(read(ready[0], &c, 1), 1);
	wait_blocked(pid);
	CHECK_ERR(lk(lk_fd, F_SETLKW, F_WRLCK, 1, 1), EDEADLK);
	CHECK_ERR(lk(lk_fd, F_SETLK, F_WRLCK, 1, 1), EAGAIN);	/* plain F_SETLK never deadlocks */
	CHECK_OK(lk(lk_fd, F_SETLK, F_UNLCK, 0, 1));		/* let it through */
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static int lk64(int fd, int cmd, struct flock64 *l)
{
	return syscall(__NR_fcntl64, fd, cmd, l);
}

static void child_sees_high_lock(void)
{
	struct flock64 l;

	memset(&l, 0, sizeof l);
	l.l_type = F_WRLCK;
	l.l_start = 0;
	l.l_len = 0;
	CHECK_OK(lk64(lk_fd, F_GETLK64, &l));
	CHECK_EQ(l.l_type, F_WRLCK);
	CHECK_EQ(l.l_start, 5LL << 30);
	CHECK_EQ(l.l_len, 4096);
	CHECK_EQ(l.l_pid, getppid());
	/* the 32-bit struct cannot say where it is */
	struct flock s;
	memset(&s, 0, sizeof s);
	s.l_type = F_WRLCK;
	CHECK_ERR(fcntl(lk_fd, F_GETLK, &s), EOVERFLOW);
	l.l_type = F_WRLCK;
	l.l_start = (5LL << 30) + 4095;
	l.l_len = 1;
	CHECK_ERR(lk64(lk_fd, F_SETLK64, &l), EAGAIN);
	l.l_start = (5LL << 30) + 4096;
	CHECK_OK(lk64(lk_fd, F_SETLK64, &l));
}

/* fcntl64 with struct flock64: offsets past 4 GB, as i386 Linux. */
void test_record_lock_flock64(void)
{
	struct flock64 l;

	lk_fd = open_file();
	memset(&l, 0, sizeof l);
	l.l_type = F_WRLCK;
	l.l_whence = SEEK_SET;
	l.l_start = 5LL << 30;
	l.l_len = 4096;
	CHECK_OK(lk64(lk_fd, F_SETLK64, &l));
	in_child(child_sees_high_lock);
}

/* Sockeye bounds the lock table: many disjoint locks end in ENOLCK, and
 * closing the file gives every one back (the runner counts slab objects). */
void test_record_lock_table_bounded(void)
{
	if (!ut_on_sockeye)
		ut_skip("Linux bounds locks by memory only");
	lk_fd = open_file();
	int n = 0, err = 0;
	for (int i = 0; i < 5000 && !err; i++) {
		if (lk(lk_fd, F_SETLK, F_WRLCK, 2 * i, 1) == 0)
			n++;
		else
			err = errno;
	}
	CHECK_EQ(err, ENOLCK);
	CHECK(n > 500);
	CHECK_OK(close(lk_fd));
	lk_fd = open_file();
	CHECK_OK(lk(lk_fd, F_SETLK, F_WRLCK, 0, 1));	/* all were freed */
}
