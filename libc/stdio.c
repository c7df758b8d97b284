/*
 * stdio.c: buffered streams.
 *
 * A FILE wraps one file descriptor and one buffer. The buffer is in one of
 * two states: holding unread input (rpos..rend) or holding output not yet
 * written (wlen bytes); switching direction first flushes or discards it.
 * Buffering modes follow C/POSIX practice:
 *   stderr            unbuffered
 *   stdout            line-buffered if it is a terminal, else fully buffered
 *                     (decided on first use, with isatty)
 *   everything else   fully buffered
 * Reading from a line-buffered or unbuffered stream first flushes stdout, so
 * a prompt printed without a newline appears before the program blocks.
 * exit() calls __stdio_flush_all. The printf family lives in printf.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include "internal.h"

#define F_READ	1
#define F_WRITE	2
#define F_EOF	4
#define F_ERR	8

#define MODE_UNDECIDED (-1)

struct __file {
	int fd;
	int flags;
	int mode;			/* _IOFBF, _IOLBF, _IONBF or MODE_UNDECIDED */
	char *buf;
	int size;
	int rpos, rend;			/* unread input is buf[rpos..rend) */
	int wlen;			/* pending output is buf[0..wlen) */
	int ungot;			/* ungetc'd byte or EOF */
	int heap;			/* FILE and buf came from malloc */
	char onebyte;			/* the buffer of an unbuffered reader */
	struct __file *next;		/* all open streams, for flush-all */
};

static char stdin_buf[BUFSIZ], stdout_buf[BUFSIZ];
static struct __file std_files[3] = {
	{ .fd = 0, .flags = F_READ, .mode = MODE_UNDECIDED, .buf = stdin_buf,
	  .size = BUFSIZ, .ungot = EOF, .next = &std_files[1] },
	{ .fd = 1, .flags = F_WRITE, .mode = MODE_UNDECIDED, .buf = stdout_buf,
	  .size = BUFSIZ, .ungot = EOF, .next = &std_files[2] },
	{ .fd = 2, .flags = F_WRITE, .mode = _IONBF, .buf = NULL,
	  .size = 0, .ungot = EOF, .next = NULL },
};
FILE *stdin = &std_files[0], *stdout = &std_files[1], *stderr = &std_files[2];
static FILE *open_files = &std_files[0];

static void decide_mode(FILE *f)
{
	if (f->mode == MODE_UNDECIDED)
		f->mode = isatty(f->fd) ? _IOLBF : _IOFBF;
}

static int write_all(FILE *f, const char *p, int n)
{
	while (n > 0) {
		int w = write(f->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			f->flags |= F_ERR;
			return EOF;
		}
		p += w;
		n -= w;
	}
	return 0;
}

int fflush(FILE *f)
{
	if (!f) {
		__stdio_flush_all();
		return 0;
	}
	if (f->wlen) {
		int n = f->wlen;
		f->wlen = 0;
		return write_all(f, f->buf, n);
	}
	/* Give back read-ahead so the fd offset matches what the program
	 * consumed; on a pipe or tty that is impossible, so keep the data. */
	if (f->rpos < f->rend && lseek(f->fd, f->rpos - f->rend, SEEK_CUR) >= 0)
		f->rpos = f->rend = 0;
	return 0;
}

void __stdio_flush_all(void)
{
	for (FILE *f = open_files; f; f = f->next)
		if (f->wlen)
			fflush(f);
}

static int parse_mode(const char *mode, int *flags)
{
	int acc = mode[0];
	int plus = strchr(mode, '+') != NULL;
	int o;

	if (acc == 'r')
		o = plus ? O_RDWR : O_RDONLY;
	else if (acc == 'w')
		o = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC;
	else if (acc == 'a')
		o = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_APPEND;
	else
		return -1;
	if (strchr(mode, 'e'))
		o |= O_CLOEXEC;
	*flags = plus ? F_READ | F_WRITE : acc == 'r' ? F_READ : F_WRITE;
	return o;
}

FILE *fdopen(int fd, const char *mode)
{
	int flags;
	FILE *f;

	if (parse_mode(mode, &flags) < 0) {
		errno = EINVAL;
		return NULL;
	}
	f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	f->buf = malloc(BUFSIZ);
	if (!f->buf) {
		free(f);
		return NULL;
	}
	f->fd = fd;
	f->flags = flags;
	f->mode = MODE_UNDECIDED;
	f->size = BUFSIZ;
	f->ungot = EOF;
	f->heap = 1;
	f->next = open_files;
	open_files = f;
	return f;
}

FILE *fopen(const char *path, const char *mode)
{
	int flags, o = parse_mode(mode, &flags);
	FILE *f;
	int fd;

	if (o < 0) {
		errno = EINVAL;
		return NULL;
	}
	fd = open(path, o, 0666);
	if (fd < 0)
		return NULL;
	f = fdopen(fd, mode);
	if (!f)
		close(fd);
	return f;
}

int fclose(FILE *f)
{
	int r = fflush(f);

	if (close(f->fd) < 0)
		r = EOF;
	for (FILE **pp = &open_files; *pp; pp = &(*pp)->next) {
		if (*pp == f) {
			*pp = f->next;
			break;
		}
	}
	if (f->heap) {
		free(f->buf);
		free(f);
	}
	return r;
}

/* Refill the read buffer; returns bytes now available, 0 at EOF/error. */
static int refill(FILE *f)
{
	int n;

	if (f->wlen)
		fflush(f);
	decide_mode(f);
	if (f->mode != _IOFBF)
		fflush(stdout);
	if (!f->buf) {			/* unbuffered input: one byte at a time */
		f->buf = &f->onebyte;
		f->size = 1;
	}
	do {
		n = read(f->fd, f->buf, f->size);
	} while (n < 0 && errno == EINTR);
	if (n <= 0) {
		f->flags |= n == 0 ? F_EOF : F_ERR;
		f->rpos = f->rend = 0;
		return 0;
	}
	f->rpos = 0;
	f->rend = n;
	return n;
}

int fgetc(FILE *f)
{
	if (f->ungot != EOF) {
		int c = f->ungot;
		f->ungot = EOF;
		return c;
	}
	if (f->rpos == f->rend && !refill(f))
		return EOF;
	return (unsigned char)f->buf[f->rpos++];
}

int getc(FILE *f)	{ return fgetc(f); }
int getchar(void)	{ return fgetc(stdin); }

int ungetc(int c, FILE *f)
{
	if (c == EOF)
		return EOF;
	f->ungot = (unsigned char)c;
	f->flags &= ~F_EOF;
	return c;
}

size_t fread(void *buf, size_t size, size_t n, FILE *f)
{
	size_t want = size * n, got = 0;
	char *p = buf;

	if (!want)
		return 0;
	if (f->ungot != EOF) {
		p[got++] = (char)f->ungot;
		f->ungot = EOF;
	}
	while (got < want) {
		if (f->rpos == f->rend && !refill(f))
			break;
		size_t k = f->rend - f->rpos;
		if (k > want - got)
			k = want - got;
		memcpy(p + got, f->buf + f->rpos, k);
		f->rpos += k;
		got += k;
	}
	return got / size;
}

char *fgets(char *s, int size, FILE *f)
{
	int i = 0;

	while (i < size - 1) {
		int c = fgetc(f);
		if (c == EOF)
			break;
		s[i++] = (char)c;
		if (c == '\n')
			break;
	}
	if (i == 0 || size <= 0)
		return NULL;
	s[i] = '\0';
	return s;
}

ssize_t getline(char **line, size_t *cap, FILE *f)
{
	size_t len = 0;
	int c;

	for (;;) {
		if (!*line || len + 2 > *cap) {
			size_t ncap = *cap ? *cap * 2 : 128;
			char *p = realloc(*line, ncap);
			if (!p)
				return -1;
			*line = p;
			*cap = ncap;
		}
		c = fgetc(f);
		if (c == EOF)
			break;
		(*line)[len++] = (char)c;
		if (c == '\n')
			break;
	}
	(*line)[len] = '\0';
	return len ? (ssize_t)len : -1;
}

size_t fwrite(const void *buf, size_t size, size_t n, FILE *f)
{
	size_t total = size * n;
	const char *p = buf;

	if (!total)
		return 0;
	if (f->rpos < f->rend)
		fflush(f);
	decide_mode(f);
	if (f->mode == _IONBF || !f->buf) {
		if (write_all(f, p, total))
			return 0;
		return n;
	}
	for (size_t i = 0; i < total; i++) {
		f->buf[f->wlen++] = p[i];
		if (f->wlen == f->size || (f->mode == _IOLBF && p[i] == '\n'))
			if (fflush(f))
				return i / size;
	}
	return n;
}

int fputc(int c, FILE *f)
{
	unsigned char ch = (unsigned char)c;

	return fwrite(&ch, 1, 1, f) == 1 ? ch : EOF;
}

int putc(int c, FILE *f)	{ return fputc(c, f); }
int putchar(int c)		{ return fputc(c, stdout); }

int fputs(const char *s, FILE *f)
{
	size_t n = strlen(s);

	return fwrite(s, 1, n, f) == n ? 0 : EOF;
}

int puts(const char *s)
{
	if (fputs(s, stdout) == EOF || fputc('\n', stdout) == EOF)
		return EOF;
	return 0;
}

int fseek(FILE *f, long off, int whence)
{
	if (fflush(f))
		return -1;
	f->rpos = f->rend = 0;
	f->ungot = EOF;
	if (lseek(f->fd, off, whence) < 0)
		return -1;
	f->flags &= ~F_EOF;
	return 0;
}

long ftell(FILE *f)
{
	long pos = lseek(f->fd, 0, SEEK_CUR);

	if (pos < 0)
		return -1;
	return pos - (f->rend - f->rpos) + f->wlen - (f->ungot != EOF);
}

void rewind(FILE *f)		{ fseek(f, 0, SEEK_SET); clearerr(f); }
int feof(FILE *f)		{ return (f->flags & F_EOF) != 0; }
int ferror(FILE *f)		{ return (f->flags & F_ERR) != 0; }
void clearerr(FILE *f)		{ f->flags &= ~(F_EOF | F_ERR); }
int fileno(FILE *f)		{ return f->fd; }

int setvbuf(FILE *f, char *buf, int mode, size_t size)
{
	fflush(f);
	f->mode = mode;
	if (mode == _IONBF) {
		f->buf = NULL;
		f->size = 0;
	} else if (buf) {
		f->buf = buf;
		f->size = (int)size;
	}
	return 0;
}

void setbuf(FILE *f, char *buf)
{
	setvbuf(f, buf, buf ? _IOFBF : _IONBF, BUFSIZ);
}

void perror(const char *s)
{
	const char *msg = strerror(errno);

	if (s && *s)
		fprintf(stderr, "%s: %s\n", s, msg);
	else
		fprintf(stderr, "%s\n", msg);
}

int remove(const char *path)
{
	if (unlink(path) == 0)
		return 0;
	if (errno == EISDIR)
		return rmdir(path);
	return -1;
}
