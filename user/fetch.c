/*
 * fetch: an HTTP/1.1 client (what wget and curl do for a GET).
 *
 *   fetch [-q] [-o FILE | -O] [-T secs] http://host[:port]/path
 *     (no -o/-O)  the body to stdout
 *     -o FILE     the body to FILE, written as FILE.part and renamed when
 *                 complete (removed on failure), so FILE is never partial
 *     -O          to the last component of the path (index.html for "/")
 *     -q          no progress and no messages except errors
 *     -T secs     give up on a server silent that long (default 30)
 *
 * The request is one GET with Host, User-Agent and Connection: close. The
 * body's end is known from Content-Length, from Transfer-Encoding: chunked
 * (each chunk "size-in-hex CRLF data CRLF", a 0 chunk, trailers), or, with
 * neither, from the server closing. A body shorter than its Content-Length
 * or a chunk cut off is an error, not a success. Redirects (301 302 303 307
 * 308) to http:// URLs are followed, at most 5.
 *
 * A progress bar (percent, bytes, rate) is drawn on stderr when stderr is a
 * terminal and -q is not given; otherwise fetch is silent.
 *
 * Exit status, as wget's: 0 ok; 1 usage or other error; 3 file I/O
 * error; 4 network failure (resolve, connect, reset, timeout); 7 protocol
 * error (a malformed reply, a short body); 8 the server answered with an
 * error (status >= 400).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <time.h>
#include <ctype.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netdb.h>

enum { EXIT_OK = 0, EXIT_GENERIC = 1, EXIT_FILEIO = 3, EXIT_NETWORK = 4, EXIT_PROTOCOL = 7,
       EXIT_SERVER = 8 };

struct conn {
	int fd;
	char buf[16384];
	size_t off, len;		/* unread bytes are buf[off .. len) */
};

struct dl {
	int out_fd;
	long long got, total;		/* total: -1 when unknown */
	long long t0_ms, last_draw_ms;
	int progress;
};

static int quiet;
static const char *prog_url;
static const char *part_path;		/* FILE.part while it is being written */

static void fail(int code, const char *fmt, const char *arg)
{
	if (part_path)
		unlink(part_path);	/* never leave a partial download behind */
	fprintf(stderr, "fetch: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	exit(code);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- the connection: buffered reads ---- */

/* Refill; 0 at EOF. A timeout (SO_RCVTIMEO) or reset is a network failure. */
static ssize_t conn_fill(struct conn *c)
{
	ssize_t n;

	if (c->off == c->len)
		c->off = c->len = 0;
	do
		n = read(c->fd, c->buf + c->len, sizeof(c->buf) - c->len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		fail(EXIT_NETWORK, "read: %s", errno == EAGAIN ? "timed out" : strerror(errno));
	c->len += n;
	return n;
}

/* One header line without its CRLF into line; 0 at EOF before any byte. */
static int conn_line(struct conn *c, char *line, size_t size)
{
	size_t n = 0;

	for (;;) {
		while (c->off < c->len) {
			char ch = c->buf[c->off++];
			if (ch == '\n') {
				if (n && line[n - 1] == '\r')
					n--;
				line[n] = 0;
				return 1;
			}
			if (n + 1 >= size)
				fail(EXIT_PROTOCOL, "%s: header line too long", prog_url);
			line[n++] = ch;
		}
		if (c->len == sizeof(c->buf))
			c->off = c->len = 0;
		if (!conn_fill(c)) {
			if (n)
				fail(EXIT_PROTOCOL, "%s: connection closed mid-line", prog_url);
			return 0;
		}
	}
}

/* ---- output and progress ---- */

static void draw_progress(struct dl *d, int final)
{
	long long t = now_ms(), dt = t - d->t0_ms;
	double rate = dt > 0 ? d->got * 1000.0 / dt : 0;
	char bar[31];

	if (!d->progress || (!final && t - d->last_draw_ms < 200))
		return;
	d->last_draw_ms = t;
	if (d->total > 0) {
		int pct = (int)(d->got * 100 / d->total), fill = pct * 30 / 100;
		memset(bar, '=', fill);
		memset(bar + fill, ' ', 30 - fill);
		bar[30] = 0;
		fprintf(stderr, "\r%3d%% [%s] %lld/%lld bytes %.1f KB/s ", pct, bar, d->got,
			d->total, rate / 1024);
	} else {
		fprintf(stderr, "\r%lld bytes %.1f KB/s ", d->got, rate / 1024);
	}
	if (final)
		fprintf(stderr, "\n");
}

static void emit(struct dl *d, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(d->out_fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			fail(EXIT_FILEIO, "write: %s", strerror(errno));
		p += w;
		n -= w;
	}
}

/* Move up to want bytes (want < 0: until EOF) from the connection to the output. */
static long long copy_body(struct conn *c, struct dl *d, long long want)
{
	long long moved = 0;

	while (want < 0 || moved < want) {
		size_t avail = c->len - c->off;

		if (!avail) {
			if (!conn_fill(c))
				break;
			continue;
		}
		if (want >= 0 && (long long)avail > want - moved)
			avail = want - moved;
		emit(d, c->buf + c->off, avail);
		c->off += avail;
		moved += avail;
		d->got += avail;
		draw_progress(d, 0);
	}
	return moved;
}

static void read_chunked(struct conn *c, struct dl *d)
{
	char line[256];

	for (;;) {
		char *end;
		long long size;

		if (!conn_line(c, line, sizeof line))
			fail(EXIT_PROTOCOL, "%s: body ends inside a chunked transfer", prog_url);
		size = strtoll(line, &end, 16);
		if (end == line || size < 0 || (*end && *end != ';' && *end != ' '))
			fail(EXIT_PROTOCOL, "%s: bad chunk size", prog_url);
		if (!size)
			break;
		if (copy_body(c, d, size) != size)
			fail(EXIT_PROTOCOL, "%s: chunk cut short", prog_url);
		if (!conn_line(c, line, sizeof line) || line[0])
			fail(EXIT_PROTOCOL, "%s: no CRLF after a chunk", prog_url);
	}
	/* Trailers up to the empty line (or the close). */
	while (conn_line(c, line, sizeof line) && line[0])
		;
}

/* ---- the request ---- */

struct url {
	char host[256];
	int port;
	char path[2048];
};

static int parse_url(const char *s, struct url *u)
{
	const char *h, *slash, *colon;
	size_t hl;

	if (strncmp(s, "http://", 7))
		return -1;
	h = s + 7;
	slash = strchr(h, '/');
	hl = slash ? (size_t)(slash - h) : strlen(h);
	colon = memchr(h, ':', hl);
	u->port = 80;
	if (colon) {
		u->port = atoi(colon + 1);
		if (u->port <= 0 || u->port > 65535)
			return -1;
		hl = colon - h;
	}
	if (!hl || hl >= sizeof(u->host))
		return -1;
	memcpy(u->host, h, hl);
	u->host[hl] = 0;
	snprintf(u->path, sizeof u->path, "%s", slash ? slash : "/");
	return 0;
}

static int http_connect(const struct url *u, int timeout_s)
{
	struct hostent *he = gethostbyname(u->host);
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(u->port) };
	struct timeval tv = { timeout_s, 0 };
	int fd;

	if (!he)
		fail(EXIT_NETWORK, "%s: Name or service not known", u->host);
	memcpy(&sin.sin_addr, he->h_addr, sizeof(sin.sin_addr));
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		fail(EXIT_NETWORK, "socket: %s", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	if (connect(fd, (struct sockaddr *)&sin, sizeof sin) < 0)
		fail(EXIT_NETWORK, "connect: %s", strerror(errno));
	return fd;
}

static void send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			fail(EXIT_NETWORK, "send: %s", strerror(errno));
		p += w;
		n -= w;
	}
}

/*
 * One GET. Returns the status; on a redirect *location gets the new URL.
 * The body goes through d when the status is 2xx.
 */
static int http_get(const struct url *u, int timeout_s, struct dl *d, char *location, size_t locsize)
{
	static struct conn c;
	char req[2600], line[4096];
	long long length = -1;
	int chunked = 0, status, major, minor;
	char *p;

	c.fd = http_connect(u, timeout_s);
	c.off = c.len = 0;
	snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: %s:%d\r\nUser-Agent: sockeye-fetch/1\r\n"
		 "Accept: */*\r\nConnection: close\r\n\r\n", u->path, u->host, u->port);
	send_all(c.fd, req, strlen(req));

	if (!conn_line(&c, line, sizeof line))
		fail(EXIT_PROTOCOL, "%s: no response", prog_url);
	if (strncmp(line, "HTTP/", 5) || !isdigit((unsigned char)line[5]))
		fail(EXIT_PROTOCOL, "%s: not an HTTP response", prog_url);
	major = strtol(line + 5, &p, 10);
	minor = *p == '.' ? strtol(p + 1, &p, 10) : 0;
	status = strtol(p, &p, 10);
	(void)major;
	(void)minor;
	if (status < 100 || status > 999)
		fail(EXIT_PROTOCOL, "%s: bad status line", prog_url);
	location[0] = 0;
	while (conn_line(&c, line, sizeof line) && line[0]) {
		char *v = strchr(line, ':');
		if (!v)
			continue;
		*v++ = 0;
		while (*v == ' ' || *v == '\t')
			v++;
		if (!strcasecmp(line, "Content-Length"))
			length = strtoll(v, NULL, 10);
		else if (!strcasecmp(line, "Transfer-Encoding") && strstr(v, "chunked"))
			chunked = 1;
		else if (!strcasecmp(line, "Location"))
			snprintf(location, locsize, "%s", v);
	}
	if (status / 100 != 2) {
		close(c.fd);
		return status;
	}
	d->total = chunked ? -1 : length;
	d->t0_ms = now_ms();
	if (chunked)
		read_chunked(&c, d);
	else if (copy_body(&c, d, length) != length && length >= 0)
		fail(EXIT_PROTOCOL, "%s: connection closed before the whole body arrived", prog_url);
	draw_progress(d, 1);
	close(c.fd);
	return status;
}

static void usage(void)
{
	fprintf(stderr, "usage: fetch [-q] [-o FILE | -O] [-T secs] http://host[:port]/path\n");
	exit(EXIT_GENERIC);
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	char part[1100], location[2048], url_buf[2048];
	int opt, use_name = 0, timeout_s = 30, status, hops;
	struct dl d = { .out_fd = 1 };
	struct url u;

	while ((opt = getopt(argc, argv, "qo:OT:")) != -1) {
		switch (opt) {
		case 'q': quiet = 1; break;
		case 'o': out = optarg; break;
		case 'O': use_name = 1; break;
		case 'T': timeout_s = atoi(optarg); break;
		default: usage();
		}
	}
	if (optind != argc - 1 || (out && use_name) || timeout_s <= 0)
		usage();
	snprintf(url_buf, sizeof url_buf, "%s", argv[optind]);
	prog_url = url_buf;
	if (parse_url(url_buf, &u))
		fail(EXIT_GENERIC, "%s: not an http:// URL", url_buf);
	if (use_name) {
		const char *base = strrchr(u.path, '/');
		out = base && base[1] ? base + 1 : "index.html";
	}
	if (out) {
		if (strlen(out) > sizeof(part) - 6)
			fail(EXIT_GENERIC, "%s: name too long", out);
		snprintf(part, sizeof part, "%s.part", out);
		d.out_fd = open(part, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (d.out_fd < 0)
			fail(EXIT_FILEIO, "%s: cannot create", part);
		part_path = part;
	}
	d.progress = !quiet && isatty(2);

	for (hops = 0;; hops++) {
		status = http_get(&u, timeout_s, &d, location, sizeof location);
		if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308)
			break;
		if (hops == 5 || !location[0])
			break;
		if (location[0] == '/')
			snprintf(u.path, sizeof u.path, "%s", location);
		else if (parse_url(location, &u))
			break;			/* not http://: report the redirect as it is */
		if (!quiet)
			fprintf(stderr, "fetch: redirected to %s\n", location);
	}
	if (status / 100 != 2) {
		if (out)
			unlink(part);
		fprintf(stderr, "fetch: %s: server answered %d\n", url_buf, status);
		return EXIT_SERVER;
	}
	if (out) {
		if (fsync(d.out_fd) < 0 || close(d.out_fd) < 0 || rename(part, out) < 0)
			fail(EXIT_FILEIO, "%s: cannot complete", out);
		part_path = NULL;
	}
	return EXIT_OK;
}
