/*
 * t_file.c: file and directory system calls and their Linux errnos:
 * open/openat/close/read/write/lseek/_llseek/dup/dup2/dup3/fcntl64,
 * stat64/lstat64/fstat64, mkdir/rmdir/unlink/rename, getdents64,
 * getcwd/chdir, umask, readlink, and EFAULT/EMFILE edge cases.
 * Each test runs in its own empty scratch directory (usertests.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <dirent.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/resource.h>
#include "ut.h"

static int make_file(const char *name, const char *text)
{
	int fd = CHECK_OK(open(name, O_CREAT | O_TRUNC | O_WRONLY, 0644));

	CHECK_EQ(write(fd, text, strlen(text)), strlen(text));
	CHECK_OK(close(fd));
	return 0;
}

void test_open_close(void)
{
	int fd = CHECK_OK(open("f", O_CREAT | O_RDWR, 0644));
	int fd2 = CHECK_OK(open("f", O_RDONLY));

	CHECK(fd >= 3);
	CHECK_EQ(fd2, fd + 1);			/* lowest free descriptor */
	CHECK_OK(close(fd));
	CHECK_EQ(CHECK_OK(open("f", O_RDONLY)), fd);
	CHECK_OK(close(fd));
	CHECK_OK(close(fd2));
	CHECK_ERR(close(fd2), EBADF);
	CHECK_ERR(close(-1), EBADF);
	CHECK_ERR(close(100000), EBADF);
}

void test_open_errors(void)
{
	make_file("f", "x");
	CHECK_OK(mkdir("d", 0755));
	CHECK_ERR(open("missing", O_RDONLY), ENOENT);
	CHECK_ERR(open("nodir/x", O_CREAT | O_WRONLY, 0644), ENOENT);
	CHECK_ERR(open("f/x", O_RDONLY), ENOTDIR);
	CHECK_ERR(open("f", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
	CHECK_ERR(open("d", O_WRONLY), EISDIR);
	CHECK_ERR(open("d", O_RDWR), EISDIR);
	CHECK_ERR(open("f", O_RDONLY | O_DIRECTORY), ENOTDIR);
	CHECK_ERR(open("", O_RDONLY), ENOENT);
	CHECK_ERR(open(BAD_LOW, O_RDONLY), EFAULT);
	CHECK_ERR(open(BAD_KERNEL, O_RDONLY), EFAULT);

	char longname[NAME_MAX + 2];
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	CHECK_ERR(open(longname, O_CREAT | O_WRONLY, 0644), ENAMETOOLONG);

	int fd = CHECK_OK(open("d", O_RDONLY | O_DIRECTORY));
	char c;
	CHECK_ERR(read(fd, &c, 1), EISDIR);
	close(fd);
}

void test_openat(void)
{
	CHECK_OK(mkdir("d", 0755));
	int dfd = CHECK_OK(open("d", O_RDONLY | O_DIRECTORY));
	int fd = CHECK_OK(openat(dfd, "inside", O_CREAT | O_WRONLY, 0644));
	struct stat st;

	close(fd);
	CHECK_OK(stat("d/inside", &st));
	fd = CHECK_OK(openat(AT_FDCWD, "d/inside", O_RDONLY));
	close(fd);
	CHECK_ERR(openat(dfd, "missing", O_RDONLY), ENOENT);
	CHECK_ERR(openat(999, "x", O_RDONLY), EBADF);
	fd = CHECK_OK(open("d/inside", O_RDONLY));
	CHECK_ERR(openat(fd, "x", O_RDONLY), ENOTDIR);
	/* an absolute path ignores dirfd, even a bad one */
	int r = openat(999, "/", O_RDONLY | O_DIRECTORY);
	CHECK(r >= 0);
	close(r);
	close(fd);
	close(dfd);
}

void test_read_write(void)
{
	char buf[64];
	int fd = CHECK_OK(open("f", O_CREAT | O_RDWR | O_TRUNC, 0644));

	CHECK_EQ(write(fd, "hello, world", 12), 12);
	CHECK_EQ(read(fd, buf, sizeof buf), 0);		/* at EOF */
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_EQ(read(fd, buf, 5), 5);
	CHECK(!memcmp(buf, "hello", 5));
	CHECK_EQ(read(fd, buf, sizeof buf), 7);
	CHECK(!memcmp(buf, ", world", 7));
	CHECK_EQ(write(fd, "", 0), 0);
	CHECK_EQ(read(fd, buf, 0), 0);
	close(fd);

	/* O_APPEND writes land at the end whatever the offset */
	fd = CHECK_OK(open("f", O_WRONLY | O_APPEND));
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_EQ(write(fd, "!", 1), 1);
	close(fd);
	fd = CHECK_OK(open("f", O_RDONLY));
	CHECK_EQ(read(fd, buf, sizeof buf), 13);
	CHECK_EQ(buf[12], '!');
	close(fd);

	/* O_TRUNC empties */
	fd = CHECK_OK(open("f", O_WRONLY | O_TRUNC));
	close(fd);
	struct stat st;
	CHECK_OK(stat("f", &st));
	CHECK_EQ(st.st_size, 0);

	/* a large write and read back across many pages */
	static char big[20000], back[20000];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)(i * 7 + 3);
	fd = CHECK_OK(open("big", O_CREAT | O_RDWR, 0644));
	CHECK_EQ(write(fd, big, sizeof big), sizeof big);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	size_t got = 0;
	while (got < sizeof back) {
		ssize_t n = CHECK_OK(read(fd, back + got, sizeof back - got));
		CHECK(n > 0);
		got += n;
	}
	CHECK(!memcmp(big, back, sizeof big));
	close(fd);
}

void test_rw_errors(void)
{
	char c = 'x';
	int fd = CHECK_OK(open("f", O_CREAT | O_WRONLY, 0644));
	int rfd = CHECK_OK(open("f", O_RDONLY));

	CHECK_ERR(read(fd, &c, 1), EBADF);		/* write-only */
	CHECK_ERR(write(rfd, &c, 1), EBADF);		/* read-only */
	CHECK_ERR(read(-1, &c, 1), EBADF);
	CHECK_ERR(write(555, &c, 1), EBADF);
	close(fd);
	close(rfd);
}

void test_efault(void)
{
	int fd = CHECK_OK(open("f", O_CREAT | O_RDWR, 0644));
	int p[2];

	CHECK_EQ(write(fd, "abc", 3), 3);
	CHECK_ERR(write(fd, BAD_LOW, 3), EFAULT);
	CHECK_ERR(write(fd, BAD_KERNEL, 3), EFAULT);
	lseek(fd, 0, SEEK_SET);
	CHECK_ERR(read(fd, BAD_LOW, 3), EFAULT);
	lseek(fd, 0, SEEK_SET);
	CHECK_ERR(read(fd, BAD_KERNEL, 3), EFAULT);
	CHECK_ERR(syscall(__NR_fstat64, fd, BAD_KERNEL), EFAULT);
	CHECK_ERR(syscall(__NR_stat64, "f", BAD_LOW), EFAULT);
	CHECK_ERR(syscall(__NR_pipe, BAD_KERNEL), EFAULT);
	CHECK_ERR(syscall(__NR_getcwd, BAD_KERNEL, 100), EFAULT);
	CHECK_ERR(syscall(__NR_uname, BAD_LOW), EFAULT);
	CHECK_ERR(syscall(__NR_clock_gettime, 0, BAD_KERNEL), EFAULT);
	CHECK_ERR(syscall(__NR_gettimeofday, BAD_KERNEL, 0), EFAULT);
	CHECK_ERR(syscall(__NR_mkdir, BAD_KERNEL, 0755), EFAULT);
	CHECK_ERR(syscall(__NR_execve, BAD_LOW, 0, 0), EFAULT);
	/* a buffer that starts mapped and runs into the kernel half */
	CHECK_OK(pipe(p));
	CHECK_ERR(write(p[1], (char *)0xBFFFFFF0, 64), EFAULT);
	close(p[0]);
	close(p[1]);
	close(fd);
}

void test_lseek(void)
{
	int fd = CHECK_OK(open("f", O_CREAT | O_RDWR, 0644));
	int p[2];
	char c;

	CHECK_EQ(write(fd, "0123456789", 10), 10);
	CHECK_EQ(lseek(fd, 3, SEEK_SET), 3);
	CHECK_EQ(lseek(fd, 2, SEEK_CUR), 5);
	CHECK_EQ(read(fd, &c, 1), 1);
	CHECK_EQ(c, '5');
	CHECK_EQ(lseek(fd, -1, SEEK_END), 9);
	CHECK_EQ(lseek(fd, 20, SEEK_SET), 20);		/* past EOF is allowed */
	CHECK_EQ(read(fd, &c, 1), 0);
	CHECK_EQ(write(fd, "x", 1), 1);			/* leaves a zero-filled hole */
	struct stat st;
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 21);
	CHECK_EQ(lseek(fd, 15, SEEK_SET), 15);
	CHECK_EQ(read(fd, &c, 1), 1);
	CHECK_EQ(c, 0);
	CHECK_ERR(lseek(fd, -1, SEEK_SET), EINVAL);
	CHECK_ERR(lseek(fd, 0, 7), EINVAL);
	CHECK_ERR(lseek(99, 0, SEEK_SET), EBADF);
	CHECK_OK(pipe(p));
	CHECK_ERR(lseek(p[0], 0, SEEK_SET), ESPIPE);
	close(p[0]);
	close(p[1]);
	close(fd);
}

void test_llseek(void)
{
	int fd = CHECK_OK(open("f", O_CREAT | O_RDWR, 0644));
	long long result = -1;

	CHECK_EQ(write(fd, "abcdef", 6), 6);
	CHECK_OK(syscall(__NR__llseek, fd, 0, 2, &result, SEEK_SET));
	CHECK_EQ(result, 2);
	CHECK_OK(syscall(__NR__llseek, fd, 0, 1, &result, SEEK_CUR));
	CHECK_EQ(result, 3);
	CHECK_EQ(lseek64(fd, 0, SEEK_END), 6);
	CHECK_ERR(syscall(__NR__llseek, fd, 0xffffffff, 0xfffffff0, &result, SEEK_SET), EINVAL);
	CHECK_ERR(syscall(__NR__llseek, fd, 0, 0, BAD_KERNEL, SEEK_SET), EFAULT);
	CHECK_ERR(syscall(__NR__llseek, 77, 0, 0, &result, SEEK_SET), EBADF);
	close(fd);
}

void test_dup(void)
{
	int fd = CHECK_OK(open("f", O_CREAT | O_RDWR, 0644));
	int d = CHECK_OK(dup(fd));
	char c;

	CHECK_EQ(d, fd + 1);
	/* the two descriptors share one open file: one offset */
	CHECK_EQ(write(fd, "ab", 2), 2);
	CHECK_EQ(lseek(d, 0, SEEK_CUR), 2);
	CHECK_EQ(lseek(d, 1, SEEK_SET), 1);
	CHECK_EQ(read(fd, &c, 1), 1);
	CHECK_EQ(c, 'b');
	/* closing one leaves the other working */
	close(fd);
	CHECK_EQ(lseek(d, 0, SEEK_SET), 0);
	CHECK_EQ(read(d, &c, 1), 1);
	CHECK_ERR(dup(fd), EBADF);
	CHECK_ERR(dup(-1), EBADF);
	close(d);
}

void test_dup2_dup3(void)
{
	int fd = CHECK_OK(open("f", O_CREAT | O_RDWR, 0644));

	CHECK_EQ(dup2(fd, 20), 20);
	CHECK_EQ(dup2(fd, 20), 20);			/* onto itself again: fine */
	CHECK_EQ(dup2(fd, fd), fd);			/* same fd: returns it */
	CHECK_EQ(fcntl(20, F_GETFD), 0);		/* dup2 clears close-on-exec */
	CHECK_ERR(dup2(99, 21), EBADF);
	CHECK_ERR(dup2(fd, -1), EBADF);
	CHECK_ERR(dup2(fd, 1 << 20), EBADF);
	CHECK_ERR(dup2(-5, -5), EBADF);

	CHECK_EQ(dup3(fd, 21, O_CLOEXEC), 21);
	CHECK_EQ(fcntl(21, F_GETFD), FD_CLOEXEC);
	CHECK_ERR(dup3(fd, fd, 0), EINVAL);		/* unlike dup2 */
	CHECK_ERR(dup3(fd, 22, 0x1234), EINVAL);
	CHECK_ERR(dup3(99, 22, 0), EBADF);
	close(20);
	close(21);
	close(fd);
}

void test_emfile(void)
{
	struct rlimit rl;
	int first = -1, last = -1, n = 0;

	CHECK_OK(getrlimit(RLIMIT_NOFILE, &rl));
	if (rl.rlim_cur > 65536) {		/* a host with a huge limit: shrink it */
		rl.rlim_cur = 1024;
		CHECK_OK(setrlimit(RLIMIT_NOFILE, &rl));
	}
	/* Fill the table; bounded so a kernel without a limit cannot loop forever. */
	for (int i = 0; i < 70000; i++) {
		int fd = dup(0);
		if (fd < 0) {
			CHECK_EQ(errno, EMFILE);
			break;
		}
		if (first < 0)
			first = fd;
		last = fd;
		n++;
	}
	CHECK(n > 0 && n < 70000);
	CHECK_EQ(last + 1, (long)rl.rlim_cur);		/* the limit is the table size */
	CHECK_ERR(open("/", O_RDONLY), EMFILE);
	int p[2];
	CHECK_ERR(pipe(p), EMFILE);
	CHECK_ERR(fcntl(0, F_DUPFD, 0), EMFILE);
	CHECK_ERR(dup2(0, (int)rl.rlim_cur), EBADF);	/* beyond the table */
	/* a freed slot is reused at once */
	CHECK_OK(close(first + 5));
	CHECK_EQ(dup(0), first + 5);
	for (int fd = first; fd <= last; fd++)
		close(fd);
	CHECK_EQ(CHECK_OK(dup(0)), first);
}

void test_fcntl(void)
{
	int fd = CHECK_OK(open("f", O_CREAT | O_RDWR, 0644));

	CHECK_EQ(fcntl(fd, F_GETFD), 0);
	CHECK_OK(fcntl(fd, F_SETFD, FD_CLOEXEC));
	CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK_OK(fcntl(fd, F_SETFD, 0));
	CHECK_EQ(fcntl(fd, F_GETFD), 0);

	CHECK_EQ(fcntl(fd, F_GETFL) & (O_ACCMODE | O_NONBLOCK | O_APPEND), O_RDWR);
	CHECK_OK(fcntl(fd, F_SETFL, O_NONBLOCK | O_APPEND));
	CHECK_EQ(fcntl(fd, F_GETFL) & (O_ACCMODE | O_NONBLOCK | O_APPEND),
		 O_RDWR | O_NONBLOCK | O_APPEND);
	CHECK_OK(fcntl(fd, F_SETFL, O_WRONLY));		/* access mode cannot change */
	CHECK_EQ(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);

	int d = CHECK_OK(fcntl(fd, F_DUPFD, 10));
	CHECK(d >= 10);
	CHECK_EQ(fcntl(d, F_GETFD), 0);
	int d2 = CHECK_OK(fcntl(fd, F_DUPFD, 10));
	CHECK_EQ(d2, d + 1);
	int d3 = CHECK_OK(fcntl(fd, F_DUPFD_CLOEXEC, 0));
	CHECK_EQ(fcntl(d3, F_GETFD), FD_CLOEXEC);
	CHECK_ERR(fcntl(fd, F_DUPFD, -1), EINVAL);
	CHECK_ERR(fcntl(99, F_GETFD), EBADF);
	CHECK_ERR(fcntl(fd, 9999), EINVAL);
	close(d);
	close(d2);
	close(d3);
	close(fd);
}

void test_stat(void)
{
	struct stat st, st2;
	int fd;

	make_file("f", "12345");
	CHECK_OK(mkdir("d", 0755));
	CHECK_OK(stat("f", &st));
	CHECK(S_ISREG(st.st_mode));
	CHECK_EQ(st.st_size, 5);
	CHECK_EQ(st.st_nlink, 1);
	CHECK(st.st_ino != 0);
	CHECK_OK(stat("d", &st2));
	CHECK(S_ISDIR(st2.st_mode));
	CHECK(st2.st_ino != st.st_ino);
	fd = CHECK_OK(open("f", O_RDONLY));
	CHECK_OK(fstat(fd, &st2));
	CHECK_EQ(st2.st_ino, st.st_ino);
	CHECK_EQ(st2.st_dev, st.st_dev);
	CHECK_EQ(st2.st_size, 5);
	close(fd);
	CHECK_OK(lstat("f", &st2));
	CHECK_EQ(st2.st_ino, st.st_ino);
	CHECK_OK(stat("/", &st));
	CHECK(S_ISDIR(st.st_mode));
	CHECK_OK(stat("/dev/null", &st));
	CHECK(S_ISCHR(st.st_mode));

	CHECK_ERR(stat("missing", &st), ENOENT);
	CHECK_ERR(stat("f/x", &st), ENOTDIR);
	CHECK_ERR(lstat("", &st), ENOENT);
	CHECK_ERR(fstat(99, &st), EBADF);
	/* a pipe is a FIFO */
	int p[2];
	CHECK_OK(pipe(p));
	CHECK_OK(fstat(p[0], &st));
	CHECK(S_ISFIFO(st.st_mode));
	close(p[0]);
	close(p[1]);
}

void test_dirs(void)
{
	struct stat st;

	CHECK_OK(mkdir("d", 0755));
	CHECK_ERR(mkdir("d", 0755), EEXIST);
	CHECK_ERR(mkdir("nope/d", 0755), ENOENT);
	make_file("f", "x");
	CHECK_ERR(mkdir("f", 0755), EEXIST);
	CHECK_ERR(mkdir("f/d", 0755), ENOTDIR);
	CHECK_OK(mkdir("d/e", 0755));
	CHECK_OK(stat("d/e/..", &st));
	CHECK_ERR(rmdir("d"), ENOTEMPTY);
	CHECK_ERR(rmdir("f"), ENOTDIR);
	CHECK_ERR(rmdir("missing"), ENOENT);
	CHECK_ERR(rmdir("d/e/."), EINVAL);
	CHECK_OK(rmdir("d/e"));
	CHECK_OK(rmdir("d"));
	CHECK_ERR(stat("d", &st), ENOENT);
	CHECK_ERR(unlink("f/"), ENOTDIR);
	CHECK_OK(unlink("f"));
}

void test_getdents(void)
{
	char buf[4096];
	int seen_dot = 0, seen_dotdot = 0, seen_a = 0, seen_b = 0, seen_sub = 0;
	int fd, n;

	make_file("a", "1");
	make_file("b", "2");
	CHECK_OK(mkdir("sub", 0755));
	fd = CHECK_OK(open(".", O_RDONLY | O_DIRECTORY));
	CHECK_ERR(getdents64(fd, buf, 4), EINVAL);	/* too small for any record */
	CHECK_ERR(getdents64(fd, BAD_KERNEL, sizeof buf), EFAULT);
	while ((n = CHECK_OK(getdents64(fd, buf, sizeof buf))) > 0) {
		for (int off = 0; off < n;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
			CHECK(d->d_reclen >= sizeof *d + 1 && d->d_reclen % 8 == 0);
			if (!strcmp(d->d_name, ".")) {
				seen_dot++;
			} else if (!strcmp(d->d_name, "..")) {
				seen_dotdot++;
			} else if (!strcmp(d->d_name, "a")) {
				seen_a++;
				CHECK_EQ(d->d_type, DT_REG);
			} else if (!strcmp(d->d_name, "b")) {
				seen_b++;
			} else if (!strcmp(d->d_name, "sub")) {
				seen_sub++;
				CHECK_EQ(d->d_type, DT_DIR);
			} else {
				ut_fail("unexpected entry '%s'", d->d_name);
			}
			off += d->d_reclen;
		}
	}
	CHECK(seen_dot == 1 && seen_dotdot == 1 && seen_a == 1 && seen_b == 1 && seen_sub == 1);
	CHECK_EQ(getdents64(fd, buf, sizeof buf), 0);	/* stays at the end */
	close(fd);
	fd = CHECK_OK(open("a", O_RDONLY));
	CHECK_ERR(getdents64(fd, buf, sizeof buf), ENOTDIR);
	close(fd);
	CHECK_ERR(getdents64(99, buf, sizeof buf), EBADF);
}

void test_unlink_rename(void)
{
	struct stat st;
	char c;

	make_file("f", "data");
	int fd = CHECK_OK(open("f", O_RDONLY));
	CHECK_OK(unlink("f"));
	CHECK_ERR(stat("f", &st), ENOENT);
	CHECK_EQ(read(fd, &c, 1), 1);		/* still readable while open */
	CHECK_EQ(c, 'd');
	close(fd);
	CHECK_ERR(unlink("f"), ENOENT);
	CHECK_OK(mkdir("d", 0755));
	CHECK_ERR(unlink("d"), EISDIR);

	make_file("x", "X");
	make_file("y", "Y");
	CHECK_OK(rename("x", "y"));		/* replaces y */
	CHECK_ERR(stat("x", &st), ENOENT);
	fd = CHECK_OK(open("y", O_RDONLY));
	CHECK_EQ(read(fd, &c, 1), 1);
	CHECK_EQ(c, 'X');
	close(fd);
	CHECK_OK(rename("y", "d/z"));		/* into a directory */
	CHECK_OK(stat("d/z", &st));
	CHECK_OK(rename("d", "e"));		/* directories move too */
	CHECK_OK(stat("e/z", &st));
	CHECK_ERR(rename("missing", "q"), ENOENT);
	CHECK_OK(mkdir("empty", 0755));
	make_file("g", "g");
	CHECK_ERR(rename("g", "e"), EISDIR);
	CHECK_ERR(rename("e", "g"), ENOTDIR);
	CHECK_ERR(rename("empty", "e"), ENOTEMPTY);
	CHECK_ERR(rename("e", "e/sub"), EINVAL);	/* into itself */
	CHECK_OK(rename("g", "g"));			/* same name: no-op */
	CHECK_OK(unlink("e/z"));
	CHECK_OK(rmdir("e"));
}

void test_cwd(void)
{
	char buf[PATH_MAX], start[PATH_MAX], sub[PATH_MAX + 8];

	CHECK(getcwd(start, sizeof start) == start);
	CHECK_EQ(start[0], '/');
	CHECK_OK(mkdir("d", 0755));
	CHECK_OK(chdir("d"));
	CHECK(getcwd(buf, sizeof buf));
	snprintf(sub, sizeof sub, "%s/d", start);
	CHECK(!strcmp(buf, sub));
	CHECK_OK(chdir(".."));
	CHECK(getcwd(buf, sizeof buf));
	CHECK(!strcmp(buf, start));
	/* the raw call returns the length including the NUL */
	CHECK_EQ(syscall(__NR_getcwd, buf, sizeof buf), strlen(start) + 1);
	CHECK_ERR(syscall(__NR_getcwd, buf, 1), ERANGE);
	CHECK_ERR(chdir("missing"), ENOENT);
	int fd = CHECK_OK(open("f", O_CREAT | O_WRONLY, 0644));
	close(fd);
	CHECK_ERR(chdir("f"), ENOTDIR);
	CHECK_ERR(chdir(BAD_KERNEL), EFAULT);
	CHECK_OK(chdir("/"));
	CHECK(getcwd(buf, sizeof buf) && !strcmp(buf, "/"));
	fd = CHECK_OK(open(start, O_RDONLY | O_DIRECTORY));
	CHECK_OK(fchdir(fd));
	CHECK(getcwd(buf, sizeof buf) && !strcmp(buf, start));
	close(fd);
}

void test_umask(void)
{
	struct stat st;

	umask(022);
	CHECK_EQ(umask(077), 022);
	int fd = CHECK_OK(open("f", O_CREAT | O_WRONLY, 0666));
	close(fd);
	CHECK_OK(stat("f", &st));
	CHECK_EQ(st.st_mode & 0777, 0600);
	CHECK_OK(mkdir("d", 0777));
	CHECK_OK(stat("d", &st));
	CHECK_EQ(st.st_mode & 0777, 0700);
	CHECK_EQ(umask(0), 077);
	CHECK_EQ(umask(01777), 0);
	CHECK_EQ(umask(022), 0777);		/* only the permission bits are kept */
}

void test_readlink_self(void)
{
	char buf[PATH_MAX], tiny[4];
	ssize_t n = CHECK_OK(readlink("/proc/self/exe", buf, sizeof buf - 1));
	struct stat a, b;

	buf[n] = '\0';
	CHECK_EQ(buf[0], '/');
	/* it names the file we are running: same inode as our own path */
	CHECK_OK(stat(buf, &a));
	CHECK_OK(stat(ut_self, &b));
	CHECK_EQ(a.st_ino, b.st_ino);
	CHECK_EQ(readlink("/proc/self/exe", tiny, sizeof tiny), sizeof tiny);	/* truncates */
	CHECK_ERR(readlink("/proc/self/exe", buf, 0), EINVAL);
	make_file("f", "x");
	CHECK_ERR(readlink("f", buf, sizeof buf), EINVAL);	/* not a link */
	CHECK_ERR(readlink("missing", buf, sizeof buf), ENOENT);
}

/* statx(2) reports what stat64 reports, and rejects what Linux rejects. */
void test_statx(void)
{
	struct statx sx;
	struct stat st;

	CHECK_OK(stat("/bin/true", &st));
	CHECK_OK(syscall(__NR_statx, AT_FDCWD, "/bin/true", 0, STATX_BASIC_STATS, &sx));
	CHECK(sx.stx_mask & STATX_SIZE);
	CHECK_EQ((long)sx.stx_size, (long)st.st_size);
	CHECK_EQ((long)sx.stx_mode, (long)st.st_mode);
	CHECK_EQ((long)sx.stx_ino, (long)st.st_ino);
	CHECK_EQ((long)sx.stx_nlink, (long)st.st_nlink);
	/* AT_EMPTY_PATH on an fd, even a pipe */
	int p[2];
	CHECK_OK(pipe(p));
	CHECK_OK(syscall(__NR_statx, p[0], "", AT_EMPTY_PATH, STATX_BASIC_STATS, &sx));
	CHECK(S_ISFIFO(sx.stx_mode));
	close(p[0]);
	close(p[1]);
	CHECK_ERR(syscall(__NR_statx, AT_FDCWD, "/nonexistent", 0, STATX_BASIC_STATS, &sx), ENOENT);
	CHECK_ERR(syscall(__NR_statx, AT_FDCWD, "/bin/true", 0, 0x80000000u, &sx), EINVAL);
	CHECK_ERR(syscall(__NR_statx, AT_FDCWD, "/bin/true", 0x6000, STATX_BASIC_STATS, &sx), EINVAL);
	CHECK_ERR(syscall(__NR_statx, AT_FDCWD, "/bin/true", 0, STATX_BASIC_STATS, (void *)1), EFAULT);
}
