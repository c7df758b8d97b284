/*
 * printf.c: the printf family. One formatter, __format, walks the format
 * string and hands finished pieces of output to an emit callback; the
 * callers differ only in where the pieces go:
 *   printf/fprintf/vfprintf -> a FILE (stdio.c's fwrite)
 *   dprintf                 -> a file descriptor, via a small local buffer
 *   snprintf/sprintf        -> a char array, truncating but still counting
 * Supported: flags "-+ 0#", width and precision (numbers or *), lengths
 * hh h l ll z t j, conversions d i u o x X c s p % and a basic f.
 */
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <unistd.h>
#include "internal.h"

struct spec {
	int left, plus, space, zero, alt;
	int width, prec;		/* prec < 0: not given */
};

static void pad(__emit_fn emit, void *ctx, char c, int n)
{
	char buf[16];

	memset(buf, c, sizeof buf);
	while (n > 0) {
		int k = n < 16 ? n : 16;
		emit(ctx, buf, k);
		n -= k;
	}
}

/* Lay out [prefix][zeros][body] within the field width; returns chars emitted. */
static int field(__emit_fn emit, void *ctx, const struct spec *sp,
		 const char *prefix, const char *body, int len, int zeros)
{
	int plen = strlen(prefix);
	int total = plen + zeros + len;
	int fill = sp->width > total ? sp->width - total : 0;

	if (!sp->left && !sp->zero)
		pad(emit, ctx, ' ', fill);
	emit(ctx, prefix, plen);
	if (!sp->left && sp->zero)
		pad(emit, ctx, '0', fill);
	pad(emit, ctx, '0', zeros);
	emit(ctx, body, len);
	if (sp->left)
		pad(emit, ctx, ' ', fill);
	return total + fill;
}

static int format_int(__emit_fn emit, void *ctx, struct spec *sp, char conv,
		      unsigned long long v, int negative)
{
	char buf[24], *end = buf + sizeof buf, *p = end;
	const char *digits = conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
	unsigned base = conv == 'o' ? 8 : (conv == 'x' || conv == 'X' || conv == 'p') ? 16 : 10;
	const char *prefix = "";
	int len, zeros = 0;

	while (v) {
		*--p = digits[v % base];
		v /= base;
	}
	len = end - p;
	if (sp->prec >= 0) {
		sp->zero = 0;			/* C: a precision disables the 0 flag */
		if (sp->prec > len)
			zeros = sp->prec - len;
	} else if (len == 0) {
		zeros = 1;			/* plain zero prints "0" */
	}
	if (negative)
		prefix = "-";
	else if (sp->plus && (conv == 'd' || conv == 'i'))
		prefix = "+";
	else if (sp->space && (conv == 'd' || conv == 'i'))
		prefix = " ";
	else if ((sp->alt && len && (conv == 'x' || conv == 'X')) || conv == 'p')
		prefix = conv == 'X' ? "0X" : "0x";
	else if (sp->alt && conv == 'o' && zeros == 0)
		zeros = 1;
	return field(emit, ctx, sp, prefix, p, len, zeros);
}

/* %f without a floating-point library: enough for "%.2f"-style reports. */
static int format_float(__emit_fn emit, void *ctx, struct spec *sp, double d)
{
	char buf[64];
	int n = 0, prec = sp->prec < 0 ? 6 : (sp->prec > 9 ? 9 : sp->prec);
	const char *prefix = "";
	unsigned long long ip, scale = 1, fp;

	if (d < 0) {
		prefix = "-";
		d = -d;
	} else if (sp->plus) {
		prefix = "+";
	}
	for (int i = 0; i < prec; i++)
		scale *= 10;
	ip = (unsigned long long)d;
	fp = (unsigned long long)((d - (double)ip) * (double)scale + 0.5);
	if (fp >= scale) {			/* rounding carried into the integer part */
		ip++;
		fp -= scale;
	}
	n = snprintf(buf, sizeof buf, "%llu", ip);
	if (prec > 0)
		n += snprintf(buf + n, sizeof buf - n, ".%0*llu", prec, fp);
	sp->prec = -1;
	return field(emit, ctx, sp, prefix, buf, n, 0);
}

int __format(__emit_fn emit, void *ctx, const char *fmt, va_list ap)
{
	int count = 0;

	while (*fmt) {
		const char *start = fmt;
		struct spec sp = { .prec = -1 };
		int lng = 0;		/* -2 hh, -1 h, 0 int, 1 long, 2 long long */

		while (*fmt && *fmt != '%')
			fmt++;
		if (fmt > start) {
			emit(ctx, start, fmt - start);
			count += fmt - start;
		}
		if (!*fmt)
			break;
		fmt++;

		for (;; fmt++) {
			if (*fmt == '-') sp.left = 1;
			else if (*fmt == '+') sp.plus = 1;
			else if (*fmt == ' ') sp.space = 1;
			else if (*fmt == '0') sp.zero = 1;
			else if (*fmt == '#') sp.alt = 1;
			else break;
		}
		if (*fmt == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {
				sp.left = 1;
				sp.width = -sp.width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				sp.width = sp.width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			sp.prec = 0;
			if (*fmt == '*') {
				sp.prec = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					sp.prec = sp.prec * 10 + (*fmt++ - '0');
			}
		}
		if (sp.left)
			sp.zero = 0;

		for (;; fmt++) {
			if (*fmt == 'h') lng--;
			else if (*fmt == 'l') lng++;
			else if (*fmt == 'j' || *fmt == 'L' || *fmt == 'q') lng = 2;
			else if (*fmt == 'z' || *fmt == 't') lng = 0;	/* 32-bit on i386 */
			else break;
		}

		char conv = *fmt ? *fmt++ : '\0';
		switch (conv) {
		case 'd': case 'i': {
			long long v = lng >= 2 ? va_arg(ap, long long) :
				      lng == 1 ? va_arg(ap, long) : va_arg(ap, int);
			if (lng == -1) v = (short)v;
			if (lng <= -2) v = (signed char)v;
			count += format_int(emit, ctx, &sp, conv,
					    v < 0 ? -(unsigned long long)v : (unsigned long long)v, v < 0);
			break;
		}
		case 'u': case 'x': case 'X': case 'o': {
			unsigned long long v = lng >= 2 ? va_arg(ap, unsigned long long) :
					       lng == 1 ? va_arg(ap, unsigned long) :
							  va_arg(ap, unsigned int);
			if (lng == -1) v = (unsigned short)v;
			if (lng <= -2) v = (unsigned char)v;
			count += format_int(emit, ctx, &sp, conv, v, 0);
			break;
		}
		case 'p': {
			void *p = va_arg(ap, void *);
			if (!p) {
				sp.prec = -1;
				count += field(emit, ctx, &sp, "", "(nil)", 5, 0);
			} else {
				count += format_int(emit, ctx, &sp, 'p', (uintptr_t)p, 0);
			}
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);
			sp.zero = 0;
			count += field(emit, ctx, &sp, "", &c, 1, 0);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			int len = sp.prec >= 0 ? (int)strnlen(s, sp.prec) : (int)strlen(s);
			sp.zero = 0;
			count += field(emit, ctx, &sp, "", s, len, 0);
			break;
		}
		case 'f': case 'F': case 'g': case 'e':
			count += format_float(emit, ctx, &sp, va_arg(ap, double));
			break;
		case '%':
			emit(ctx, "%", 1);
			count++;
			break;
		default:		/* unknown conversion: print it literally */
			emit(ctx, start, fmt - start);
			count += fmt - start;
			break;
		}
	}
	return count;
}

/* ---- into a char array ---- */

struct strbuf {
	char *s;
	size_t room;		/* bytes we may still write, keeping one for the NUL */
};

static void emit_str(void *ctx, const char *s, int n)
{
	struct strbuf *b = ctx;
	size_t k = (size_t)n < b->room ? (size_t)n : b->room;

	memcpy(b->s, s, k);
	b->s += k;
	b->room -= k;
}

int vsnprintf(char *s, size_t n, const char *fmt, va_list ap)
{
	struct strbuf b = { s, n ? n - 1 : 0 };
	int count = __format(emit_str, &b, fmt, ap);

	if (n)
		*b.s = '\0';
	return count;
}

int vsprintf(char *s, const char *fmt, va_list ap)
{
	return vsnprintf(s, (size_t)-1 / 2, fmt, ap);
}

int snprintf(char *s, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vsnprintf(s, n, fmt, ap);
	va_end(ap);
	return r;
}

int sprintf(char *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vsprintf(s, fmt, ap);
	va_end(ap);
	return r;
}

/* ---- into a file descriptor, unbuffered apart from one local block ---- */

struct fdbuf {
	int fd, len, err;
	char buf[256];
};

static void fdbuf_flush(struct fdbuf *b)
{
	int off = 0;

	while (off < b->len) {
		int w = write(b->fd, b->buf + off, b->len - off);
		if (w <= 0) {
			b->err = 1;
			break;
		}
		off += w;
	}
	b->len = 0;
}

static void emit_fd(void *ctx, const char *s, int n)
{
	struct fdbuf *b = ctx;

	while (n > 0) {
		int k = (int)sizeof b->buf - b->len;
		if (k > n)
			k = n;
		memcpy(b->buf + b->len, s, k);
		b->len += k;
		s += k;
		n -= k;
		if (b->len == (int)sizeof b->buf)
			fdbuf_flush(b);
	}
}

int vdprintf(int fd, const char *fmt, va_list ap)
{
	struct fdbuf b = { .fd = fd };
	int count = __format(emit_fd, &b, fmt, ap);

	fdbuf_flush(&b);
	return b.err ? -1 : count;
}

int dprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vdprintf(fd, fmt, ap);
	va_end(ap);
	return r;
}

/* ---- into a FILE ---- */

static void emit_file(void *ctx, const char *s, int n)
{
	fwrite(s, 1, n, ctx);
}

int vfprintf(FILE *f, const char *fmt, va_list ap)
{
	int count = __format(emit_file, f, fmt, ap);

	return ferror(f) ? -1 : count;
}

int fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vfprintf(f, fmt, ap);
	va_end(ap);
	return r;
}

int vprintf(const char *fmt, va_list ap)
{
	return vfprintf(stdout, fmt, ap);
}

int printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return r;
}
