/*
 * t_vfs.c: directory entries and executables that are in use. A removed
 * directory that is still someone's cwd (or an open fd) takes no new
 * entries (ENOENT, as Linux's IS_DEADDIR); the runner's slab count shows
 * that nothing leaks on the way. A program that is running cannot be
 * opened for writing, and a file open for writing cannot be run (ETXTBSY).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "ut.h"

/* Regression: mkdir/open(O_CREAT) in an rmdir'ed cwd succeeded, and the
 * new entries were never freed. */
void test_rmdir_cwd_no_new_entries(void)
{
	char top[256];

	CHECK(getcwd(top, sizeof top));
	CHECK_OK(close(CHECK_OK(open("f", O_WRONLY | O_CREAT, 0644))));
	for (int round = 0; round < 20; round++) {	/* a leak per round adds up */
		CHECK_OK(mkdir("gone", 0755));
		CHECK_OK(chdir("gone"));
		int dfd = CHECK_OK(open(".", O_RDONLY | O_DIRECTORY));
		char path[300];
		snprintf(path, sizeof path, "%s/gone", top);
		CHECK_OK(rmdir(path));

		CHECK_ERR(mkdir("x", 0755), ENOENT);
		CHECK_ERR(open("y", O_WRONLY | O_CREAT, 0644), ENOENT);
		CHECK_ERR(open("y", O_WRONLY | O_CREAT | O_EXCL, 0644), ENOENT);
		CHECK_ERR(symlink("target", "z"), ENOENT);
		CHECK_ERR(mkdirat(dfd, "x", 0755), ENOENT);
		CHECK_ERR(openat(dfd, "y", O_WRONLY | O_CREAT, 0644), ENOENT);
		CHECK_ERR(rename("../f", "w"), ENOENT);
		CHECK_ERR(open("y", O_RDONLY), ENOENT);
		CHECK_OK(close(dfd));
		CHECK_OK(chdir(top));
	}
	struct stat st;
	CHECK_OK(stat("f", &st));		/* the rename really did nothing */
}

/* Copy the usertests binary to path (mode 0755). */
static void copy_self(const char *path)
{
	char buf[4096];
	ssize_t n;
	int in = CHECK_OK(open(ut_self, O_RDONLY));
	int out = CHECK_OK(open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755));

	while ((n = read(in, buf, sizeof buf)) > 0)
		CHECK_EQ(write(out, buf, n), n);
	CHECK_OK(close(in));
	CHECK_OK(close(out));
}

/* Regression: a running program could truncate or open for writing its
 * own executable (Linux: ETXTBSY), and so could anyone else. */
void test_exec_text_busy(void)
{
	int to[2], from[2];
	char c;

	copy_self("prog");
	CHECK_ERR(open(ut_self, O_WRONLY), ETXTBSY);	/* we are running it */
	CHECK_OK(pipe(to));
	CHECK_OK(pipe(from));
	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		dup2(to[0], 0);
		dup2(from[1], 1);
		close(to[1]);
		execl("prog", "prog", "--run-until-eof", (char *)NULL);
		_exit(127);
	}
	close(to[0]);
	close(from[1]);
	CHECK_EQ(read(from[0], &c, 1), 1);		/* it runs */
	CHECK_ERR(open("prog", O_WRONLY), ETXTBSY);
	CHECK_ERR(open("prog", O_RDWR | O_TRUNC), ETXTBSY);
	CHECK_OK(close(CHECK_OK(open("prog", O_RDONLY))));	/* reading is fine */
	close(to[1]);					/* let it finish */
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);

	/* and the other way round: open for writing, it cannot be run */
	int w = CHECK_OK(open("prog", O_WRONLY));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		execl("prog", "prog", "--exit", "0", (char *)NULL);
		_exit(errno == ETXTBSY ? 42 : 43);
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 42);
	CHECK_OK(close(w));
	pid = CHECK_OK(fork());				/* closed: it runs again */
	if (pid == 0) {
		execl("prog", "prog", "--exit", "0", (char *)NULL);
		_exit(127);
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}
