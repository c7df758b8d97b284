/* dirent.h: directory streams over getdents64 (libc/dirent.c). */
#ifndef _DIRENT_H
#define _DIRENT_H

#include <sys/types.h>
#include <uapi/stat.h>		/* DT_* */

struct dirent {
	ino_t		d_ino;
	off64_t		d_off;
	unsigned short	d_reclen;
	unsigned char	d_type;
	char		d_name[256];
};

typedef struct __dir DIR;

DIR *opendir(const char *path);
DIR *fdopendir(int fd);
struct dirent *readdir(DIR *d);
int closedir(DIR *d);
void rewinddir(DIR *d);
int dirfd(DIR *d);
int getdents64(int fd, void *buf, size_t n);

#endif
