/*
 * proto.c: the ftx protocol's building blocks, for fsend and frecv.
 *
 *   ftx_read_full / ftx_write_full   all n bytes or an error: short reads
 *                                    and writes continued, EINTR retried
 *   ftx_send / ftx_recv              one frame (ftx.h has the layout)
 *   ftx_name_ok                      the receiver's file-name rule
 *   ftx_progress_*                   the progress line on a terminal
 *
 * A read timeout (SO_RCVTIMEO) shows up as -EAGAIN from read; a peer that
 * closes mid-frame as -EPIPE. The callers turn those into exit codes with
 * ftx_errno_exit. The frame format is in ftx.h; tools/ftx.py mirrors it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include "ftx.h"

static const char *const err_names[] = {
	[FTX_E_BADNAME] = "bad name",
	[FTX_E_EXIST] = "file exists",
	[FTX_E_NOTREG] = "not a regular file",
	[FTX_E_TOOBIG] = "too big",
	[FTX_E_BUSY] = "busy",
	[FTX_E_DIGEST] = "digest mismatch",
	[FTX_E_IO] = "receiver I/O error",
	[FTX_E_PROTO] = "protocol error",
	[FTX_E_VERSION] = "version mismatch",
	[FTX_E_TIMEOUT] = "timeout",
};

const char *ftx_err_name(int code)
{
	if (code <= 0 || code > FTX_E_MAX)
		return "unknown error";
	return err_names[code];
}

const char *ftx_type_name(int type)
{
	static const char *const names[] = {
		[FTX_OFFER] = "OFFER", [FTX_RESUME] = "RESUME", [FTX_START] = "START",
		[FTX_DATA] = "DATA", [FTX_DONE] = "DONE", [FTX_ERR] = "ERR",
	};

	if (type <= 0 || type > FTX_ERR)
		return "?";
	return names[type];
}

/*
 * A bare file name that lands in the receiver's own directory and nowhere
 * else: no '/', so no other directory; no leading '.', so neither "." nor
 * ".." nor a hidden file nor our own ".ftx-*.part" temporaries; no control
 * bytes (a name is printed in logs and on terminals); no NUL inside.
 * Whether the name already exists as a device or directory is the
 * receiver's check (FTX_E_NOTREG), since that depends on its directory.
 */
int ftx_name_ok(const char *name, size_t len)
{
	size_t i;

	if (len == 0 || len > FTX_NAME_MAX || name[0] == '.')
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char ch = name[i];

		if (ch == '/' || ch < 0x20 || ch == 0x7f)
			return 0;
	}
	return 1;
}

int ftx_read_full(int fd, void *buf, size_t n)
{
	uint8_t *p = buf;

	while (n) {
		ssize_t r = read(fd, p, n);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (r == 0)
			return -EPIPE;		/* the peer closed before the whole frame */
		p += r;
		n -= r;
	}
	return 0;
}

int ftx_write_full(int fd, const void *buf, size_t n)
{
	const uint8_t *p = buf;

	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		n -= w;
	}
	return 0;
}

void ftx_put64(uint8_t *p, uint64_t v)
{
	ftx_put32(p, v >> 32);
	ftx_put32(p + 4, (uint32_t)v);
}

void ftx_put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

uint32_t ftx_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

uint64_t ftx_get64(const uint8_t *p)
{
	return (uint64_t)ftx_get32(p) << 32 | ftx_get32(p + 4);
}

/*
 * One frame, header and payload in a single write. payload may already
 * sit at ftx_payload(c) (fsend reads file data straight there); memmove
 * copes with that.
 */
int ftx_send(struct ftx_conn *c, int type, const void *payload, uint32_t len)
{
	if (len > FTX_MAX_PAYLOAD)
		return -EMSGSIZE;
	c->buf[0] = FTX_VERSION;
	c->buf[1] = type;
	c->buf[2] = c->buf[3] = 0;
	ftx_put32(c->buf + 4, len);
	if (len && payload != ftx_payload(c))
		memmove(ftx_payload(c), payload, len);
	return ftx_write_full(c->fd, c->buf, FTX_HDR_LEN + len);
}

int ftx_send_err(struct ftx_conn *c, int code, const char *text)
{
	uint8_t p[4 + 200];
	size_t n = strlen(text);

	if (n > sizeof(p) - 4)
		n = sizeof(p) - 4;
	ftx_put32(p, code);
	memcpy(p + 4, text, n);
	return ftx_send(c, FTX_ERR, p, 4 + n);
}

/* -EPROTONOSUPPORT for another version, -EPROTO for a malformed header. */
int ftx_recv(struct ftx_conn *c)
{
	int err = ftx_read_full(c->fd, c->buf, FTX_HDR_LEN);

	if (err)
		return err;
	if (c->buf[0] != FTX_VERSION)
		return -EPROTONOSUPPORT;
	c->type = c->buf[1];
	c->len = ftx_get32(c->buf + 4);
	if (c->buf[2] || c->buf[3] || c->len > FTX_MAX_PAYLOAD || c->type < FTX_OFFER || c->type > FTX_ERR)
		return -EPROTO;
	return ftx_read_full(c->fd, ftx_payload(c), c->len);
}

/* Both directions: a peer silent for `seconds` makes read/write fail with EAGAIN. */
int ftx_set_timeout(int fd, int seconds)
{
	struct timeval tv = { .tv_sec = seconds, .tv_usec = 0 };

	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) < 0)
		return -errno;
	return 0;
}

/* A failed frame read or write (-errno) as an exit code. */
int ftx_errno_exit(int err)
{
	switch (-err) {
	case EAGAIN:
	case ETIMEDOUT:
		return FTX_EXIT_TIMEOUT;
	case EPROTO:
	case EPROTONOSUPPORT:
	case EMSGSIZE:
		return FTX_EXIT_PROTO;
	default:
		return FTX_EXIT_NET;
	}
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void ftx_progress_init(struct ftx_progress *p, int quiet, const char *name, uint64_t total, uint64_t start)
{
	p->on = !quiet && isatty(2);
	p->name = name;
	p->total = total;
	p->done = p->start_at = start;
	p->t0_ms = p->last_ms = now_ms();
}

/* Tenths of a MiB, so "3.2" needs no floating point. */
static void mib(char *out, size_t n, uint64_t bytes)
{
	uint64_t t = bytes * 10 / (1 << 20);

	snprintf(out, n, "%llu.%llu", (unsigned long long)(t / 10), (unsigned long long)(t % 10));
}

/* Redraws at most four times a second, and once more at the end. */
void ftx_progress_update(struct ftx_progress *p, uint64_t done, int last)
{
	long long t = now_ms(), el;
	uint64_t rate, eta;
	char a[24], b[24], r[24];

	p->done = done;
	if (!p->on || (!last && t - p->last_ms < 250))
		return;
	p->last_ms = t;
	el = t - p->t0_ms;
	rate = el > 0 ? (done - p->start_at) * 1000 / el : 0;	/* bytes/s this run */
	eta = rate ? (p->total - done) / rate : 0;
	mib(a, sizeof(a), done);
	mib(b, sizeof(b), p->total);
	mib(r, sizeof(r), rate);
	fprintf(stderr, "\r%s  %s/%s MiB  %3llu%%  %s MiB/s  ETA %llu:%02llu   %s",
		p->name, a, b,
		(unsigned long long)(p->total ? done * 100 / p->total : 100), r,
		(unsigned long long)(eta / 60), (unsigned long long)(eta % 60), last ? "\n" : "");
}
