/*
 * exec.c: the exec family on top of execve(2).
 *   execv   execve with the current environ
 *   execvp  if the name has no '/', try each directory of $PATH (default
 *           "/bin:/usr/bin"); ENOENT moves on to the next, EACCES is
 *           remembered and reported if nothing else works (POSIX's rule)
 *   execl, execlp  collect the variadic list into an argv array
 */
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>

int execv(const char *path, char *const argv[])
{
	return execve(path, argv, environ);
}

int execvp(const char *file, char *const argv[])
{
	const char *path, *p;
	char buf[PATH_MAX];
	int saw_eacces = 0;
	size_t flen = strlen(file);

	if (!*file) {
		errno = ENOENT;
		return -1;
	}
	if (strchr(file, '/'))
		return execve(file, argv, environ);
	path = getenv("PATH");
	if (!path)
		path = "/bin:/usr/bin";
	for (p = path;; p++) {
		const char *end = strchr(p, ':');
		size_t dlen = end ? (size_t)(end - p) : strlen(p);

		if (dlen + flen + 2 <= sizeof buf) {
			memcpy(buf, p, dlen);
			if (dlen == 0)			/* empty entry means "." */
				buf[dlen++] = '.';
			buf[dlen] = '/';
			memcpy(buf + dlen + 1, file, flen + 1);
			execve(buf, argv, environ);
			if (errno == EACCES)
				saw_eacces = 1;
			else if (errno != ENOENT && errno != ENOTDIR)
				return -1;
		}
		if (!end)
			break;
		p = end;
	}
	errno = saw_eacces ? EACCES : ENOENT;
	return -1;
}

#define EXECL_MAX 64

static int collect(const char *arg, va_list ap, char **argv)
{
	int n = 0;

	argv[n++] = (char *)arg;
	while (arg && n < EXECL_MAX) {
		arg = va_arg(ap, const char *);
		argv[n++] = (char *)arg;
	}
	if (arg) {
		errno = E2BIG;
		return -1;
	}
	return 0;
}

int execl(const char *path, const char *arg, ...)
{
	char *argv[EXECL_MAX + 1];
	va_list ap;
	int r;

	va_start(ap, arg);
	r = collect(arg, ap, argv);
	va_end(ap);
	return r < 0 ? r : execv(path, argv);
}

int execlp(const char *file, const char *arg, ...)
{
	char *argv[EXECL_MAX + 1];
	va_list ap;
	int r;

	va_start(ap, arg);
	r = collect(arg, ap, argv);
	va_end(ap);
	return r < 0 ? r : execvp(file, argv);
}
