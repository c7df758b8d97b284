/*
 * dirent.c: directory streams. A DIR holds an open directory descriptor
 * and a buffer of raw struct linux_dirent64 records from getdents64(2);
 * readdir walks the records and copies one into a struct dirent, refilling
 * the buffer when it runs out. getdents64 returns 0 at the end.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>

#define DIRBUF 2048

struct __dir {
	int fd;
	int pos, len;			/* records in buf[pos..len) not yet returned */
	struct dirent ent;
	char buf[DIRBUF];
};

DIR *fdopendir(int fd)
{
	DIR *d = calloc(1, sizeof *d);

	if (d)
		d->fd = fd;
	return d;
}

DIR *opendir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d;

	if (fd < 0)
		return NULL;
	d = fdopendir(fd);
	if (!d)
		close(fd);
	return d;
}

struct dirent *readdir(DIR *d)
{
	struct linux_dirent64 *k;

	if (d->pos >= d->len) {
		int n = getdents64(d->fd, d->buf, sizeof d->buf);
		if (n <= 0)		/* 0: end of directory; <0: errno is set */
			return NULL;
		d->pos = 0;
		d->len = n;
	}
	k = (struct linux_dirent64 *)(d->buf + d->pos);
	d->pos += k->d_reclen;
	d->ent.d_ino = k->d_ino;
	d->ent.d_off = k->d_off;
	d->ent.d_reclen = sizeof d->ent;
	d->ent.d_type = k->d_type;
	strlcpy(d->ent.d_name, k->d_name, sizeof d->ent.d_name);
	return &d->ent;
}

int closedir(DIR *d)
{
	int r = close(d->fd);

	free(d);
	return r;
}

void rewinddir(DIR *d)
{
	lseek(d->fd, 0, SEEK_SET);
	d->pos = d->len = 0;
}

int dirfd(DIR *d)
{
	return d->fd;
}
