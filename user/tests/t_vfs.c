/*
 * t_vfs.c: directory entries and executables that are in use. A removed
 * directory that is still someone's cwd (or an open fd) takes no new
 * entries (ENOENT, as Linux's IS_DEADDIR); the runner's slab count shows
 * that nothing leaks on the way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
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
