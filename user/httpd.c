/*
 * httpd: a small HTTP/1.1 static file server on the event loop
 * (user/lib/evloop.h). init starts it at boot on port 80 serving /var/www
 * (user/init.c), and `make run` forwards 127.0.0.1:8080 on the host to it,
 * so a browser or curl on the host reads a page served by this kernel.
 *
 *   httpd [-p port] [-r docroot] [-f] [-v]
 *
 * -p port (80), -r document root (/var/www), -f stay in the foreground (by
 * default, like echod, the process init waits for binds the port, reports
 * any error, forks the server and exits), -v one log line per request.
 *
 * What it speaks (RFC 9110/9112, the part a static server needs):
 *   GET and HEAD of regular files; "/" and directories mean index.html.
 *   Content-Length always right: HEAD gets the same headers as GET, no body.
 *   Keep-alive: HTTP/1.1 unless "Connection: close", HTTP/1.0 only with
 *   "Connection: keep-alive"; pipelined requests are answered in order.
 *   404 for a missing file (the connection stays open); 400 for a malformed
 *   request, a missing Host in HTTP/1.1, a request with a body, or any path
 *   with a ".." segment (after %-decoding, so %2e%2e too): nothing outside
 *   the document root can be named; 405 (with Allow) for other methods.
 *   After a 400 or 405 we close: the request's framing cannot be trusted.
 *   Range requests are not supported (the whole file, 200, as RFC 9110
 *   allows a server to do).
 *
 * Bounds: a request head of 8 KiB (more is 400), 240 connections (more
 * are closed at accept, counted in the loop's `unaccepted`), 75 s idle on a
 * keep-alive connection or a slow request head, one 16 KiB body chunk per
 * connection in flight: the next is read from the file when the socket has
 * taken the last (its write callback), so a slow client costs 16 KiB.
 * File descriptors: a process has 256, and 240 connections leave no room
 * for a file each, so no file stays open between chunks: each chunk is
 * open + pread + close at the remembered offset. A file that shrinks
 * under a response ends the connection (the promised length cannot be
 * kept; file_errors). Out of descriptors at open: 503.
 * SIGUSR1 prints the counters; SIGTERM prints them and exits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include "evloop.h"

#define HEAD_MAX	8192
#define CHUNK		16384
#define MAX_CONNS	240
#define IDLE_MS		75000		/* nginx's keepalive_timeout */
#define PATH_MAX_LEN	1024
#define BACKLOG		511		/* nginx's and libuv users' usual: a burst of 200 clients fits */

struct hconn {
	struct ev_stream s;		/* first: the close callback frees through it */
	struct ev_timer idle;
	char in[HEAD_MAX];
	size_t inlen;
	int busy;			/* a response is being written */
	int close_after;		/* ... and then the connection closes */
	char path[PATH_MAX_LEN];	/* the body's file, */
	off_t off, left;		/* where the next chunk starts, bytes still to send */
	struct ev_write_req hreq, breq;
	char head[1024];
	char body[CHUNK];
};

static struct ev_loop loop;
static const char *docroot = "/var/www";
static int verbose;
static unsigned long nconns;
static struct {
	unsigned long requests, ok, not_found, bad_request, bad_method, unavailable, file_errors;
} hst;

static void process(struct hconn *c);

static void on_close(struct ev_handle *h)
{
	struct hconn *c = (struct hconn *)h;

	ev_timer_stop(&c->idle);
	nconns--;
	free(c);
}

static void conn_close(struct hconn *c)
{
	ev_close(&c->s.h, on_close);
}

static void on_idle(struct ev_timer *t)
{
	conn_close(t->data);
}

static void on_shutdown(struct ev_stream *s, int status)
{
	conn_close((struct hconn *)s);
}

/* The response is out: close, or wait for (or answer) the next request. */
static void finish_response(struct hconn *c)
{
	c->busy = 0;
	if (c->close_after) {
		ev_shutdown(&c->s, on_shutdown);
		return;
	}
	if (ev_timer_start(&c->idle, IDLE_MS, 0) < 0) {
		conn_close(c);		/* no timer, no idle bound: do not keep it */
		return;
	}
	process(c);			/* a pipelined request may be waiting already */
	if (!c->busy && !c->s.h.closing)
		ev_read_start(&c->s, c->s.read_cb);
}

static void send_chunk(struct hconn *c);

/* The head or a chunk of the body is out: the next chunk, or the response is done. */
static void on_written(struct ev_write_req *req, int status)
{
	struct hconn *c = req->data;

	if (status < 0) {
		if (status != -ECANCELED)
			conn_close(c);
		return;
	}
	if (c->left > 0)
		send_chunk(c);
	else
		finish_response(c);
}

/*
 * The next piece of the file: one chunk in flight per connection. The file
 * is opened again for each chunk, so a connection holds no descriptor
 * between chunks (slow clients cost a socket each, not two); the price is
 * an open per 16 KiB chunk.
 */
static void send_chunk(struct hconn *c)
{
	int fd = open(c->path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : pread(fd, c->body, c->left < CHUNK ? (size_t)c->left : CHUNK, c->off);

	if (fd >= 0)
		close(fd);
	if (n <= 0) {
		/* The file shrank or failed under us: the promised length cannot be kept. */
		hst.file_errors++;
		conn_close(c);
		return;
	}
	c->left -= n;
	c->off += n;
	c->breq.data = c;
	if (ev_write(&c->s, &c->breq, c->body, n, on_written) < 0)
		conn_close(c);
}

static const char *reason(int code)
{
	switch (code) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 503: return "Service Unavailable";
	default:  return "Internal Server Error";
	}
}

static const char *content_type(const char *path)
{
	static const char *const types[][2] = {
		{ ".html", "text/html" }, { ".htm", "text/html" }, { ".txt", "text/plain" },
		{ ".css", "text/css" }, { ".js", "text/javascript" }, { ".png", "image/png" },
		{ ".jpg", "image/jpeg" }, { ".svg", "image/svg+xml" },
	};
	const char *dot = strrchr(path, '.');

	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(dot, types[i][0]))
			return types[i][1];
	return "application/octet-stream";
}

/*
 * Queue the status line and headers (and, for an error, its short text
 * body); body_len is the Content-Length, sent only if send_body.
 */
static void respond(struct hconn *c, int code, const char *ctype, off_t body_len,
		    int send_body, const char *extra)
{
	char text[64] = "";
	int n;

	if (code != 200) {
		snprintf(text, sizeof(text), "%d %s\n", code, reason(code));
		body_len = strlen(text);
		ctype = "text/plain";
	}
	n = snprintf(c->head, sizeof(c->head),
		     "HTTP/1.1 %d %s\r\nServer: sockeye-httpd\r\nContent-Type: %s\r\n"
		     "Content-Length: %lld\r\nConnection: %s\r\n%s\r\n%s",
		     code, reason(code), ctype, (long long)body_len,
		     c->close_after ? "close" : "keep-alive", extra ? extra : "",
		     send_body && code != 200 ? text : "");
	c->left = send_body && code == 200 ? body_len : 0;
	c->busy = 1;
	c->hreq.data = c;
	if (ev_write(&c->s, &c->hreq, c->head, n, on_written) < 0)
		conn_close(c);
}

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

/*
 * The request target to a path under docroot, or -1 (a 400): origin-form
 * only ("/..."), %XX decoded (a NUL is refused), query dropped, and no
 * segment may be ".." - checked after decoding, so no spelling of it
 * escapes. "." segments and repeated slashes are harmless and kept.
 */
static int target_to_path(const char *target, size_t tlen, char *out, size_t outlen)
{
	char dec[PATH_MAX_LEN];
	size_t d = 0;

	if (tlen == 0 || target[0] != '/')
		return -1;
	for (size_t i = 0; i < tlen && target[i] != '?' && target[i] != '#'; i++) {
		int ch = (unsigned char)target[i];

		if (ch == '%') {
			int hi = i + 2 < tlen ? hexval(target[i + 1]) : -1;
			int lo = hi >= 0 ? hexval(target[i + 2]) : -1;
			if (lo < 0)
				return -1;
			ch = hi * 16 + lo;
			i += 2;
		}
		if (ch == 0 || ch == '\\' || d + 1 >= sizeof(dec))
			return -1;
		dec[d++] = (char)ch;
	}
	dec[d] = '\0';
	for (const char *p = dec; (p = strstr(p, "..")); p += 2)
		if (p[-1] == '/' && (p[2] == '/' || p[2] == '\0'))
			return -1;
	if (snprintf(out, outlen, "%s%s%s", docroot, dec,
		     dec[d - 1] == '/' ? "index.html" : "") >= (int)outlen)
		return -1;
	return 0;
}

/*
 * Find a regular file (a directory means its index.html) and its size;
 * 0, or -ENOENT (404) or the errno of a failed open (EMFILE: 503).
 */
static int find_file(char *path, size_t len, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd >= 0 && fstat(fd, st) == 0 && S_ISDIR(st->st_mode)) {
		close(fd);
		if (strlen(path) + sizeof("/index.html") > len)
			return -1;
		strcat(path, "/index.html");
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0)
		return errno == EMFILE || errno == ENFILE || errno == ENOMEM ? -errno : -ENOENT;
	int ok = fstat(fd, st) == 0 && S_ISREG(st->st_mode);
	close(fd);
	return ok ? 0 : -ENOENT;
}

/* Does a comma-separated header value contain token (case-insensitive)? */
static int has_token(const char *v, size_t vlen, const char *token)
{
	size_t tl = strlen(token);

	for (size_t i = 0; i + tl <= vlen; i++)
		if (!strncasecmp(v + i, token, tl) && (i == 0 || v[i - 1] == ' ' || v[i - 1] == ',') &&
		    (i + tl == vlen || v[i + tl] == ' ' || v[i + tl] == ',' || v[i + tl] == '\r'))
			return 1;
	return 0;
}

/* Parse the request head in c->in[0..hlen) and queue its response. */
static void handle_request(struct hconn *c, size_t hlen)
{
	char *req = c->in, *eol = memchr(req, '\r', hlen);
	char *sp1, *sp2, path[PATH_MAX_LEN];
	int head_only, http11, has_host = 0, has_body = 0, want_close = 0, want_keep = 0;
	struct stat st;

	hst.requests++;
	c->close_after = 1;		/* until the request proves well-formed */
	sp1 = eol ? memchr(req, ' ', eol - req) : NULL;
	sp2 = sp1 ? memchr(sp1 + 1, ' ', eol - sp1 - 1) : NULL;
	if (!sp2 || eol - sp2 - 1 != 8 || strncmp(sp2 + 1, "HTTP/1.", 7) ||
	    (sp2[8] != '0' && sp2[8] != '1')) {
		hst.bad_request++;
		respond(c, 400, NULL, 0, 1, NULL);
		return;
	}
	http11 = sp2[8] == '1';
	/* Headers: one per CRLF-terminated line up to the blank one. */
	for (char *line = eol + 2; line < req + hlen - 2;) {
		char *end = memchr(line, '\r', req + hlen - line);
		char *colon = memchr(line, ':', end - line);

		if (!colon) {
			hst.bad_request++;
			respond(c, 400, NULL, 0, 1, NULL);
			return;
		}
		char *v = colon + 1;
		while (v < end && (*v == ' ' || *v == '\t'))
			v++;
		size_t nlen = colon - line, vlen = end - v;
		if (nlen == 4 && !strncasecmp(line, "Host", 4))
			has_host = 1;
		else if (nlen == 10 && !strncasecmp(line, "Connection", 10)) {
			want_close |= has_token(v, vlen, "close");
			want_keep |= has_token(v, vlen, "keep-alive");
		} else if (nlen == 14 && !strncasecmp(line, "Content-Length", 14))
			has_body |= !(vlen == 1 && v[0] == '0');
		else if (nlen == 17 && !strncasecmp(line, "Transfer-Encoding", 17))
			has_body = 1;
		line = end + 2;
	}
	head_only = sp1 - req == 4 && !strncmp(req, "HEAD", 4);
	if (!head_only && !(sp1 - req == 3 && !strncmp(req, "GET", 3))) {
		hst.bad_method++;
		respond(c, 405, NULL, 0, 1, "Allow: GET, HEAD\r\n");
		return;
	}
	if ((http11 && !has_host) || has_body) {
		hst.bad_request++;
		respond(c, 400, NULL, 0, 1, NULL);
		return;
	}
	if (target_to_path(sp1 + 1, sp2 - sp1 - 1, path, sizeof(path)) < 0) {
		hst.bad_request++;
		respond(c, 400, NULL, 0, !head_only, NULL);
		return;
	}
	c->close_after = want_close || (!http11 && !want_keep);
	int err = find_file(path, sizeof(path), &st);
	int code = !err ? 200 : err == -ENOENT ? 404 : 503;
	if (verbose)
		printf("httpd: %s %.*s %d\n", inet_ntoa(c->s.peer.sin_addr), (int)(sp2 - req), req, code);
	if (code != 200) {
		if (code == 404)
			hst.not_found++;
		else
			hst.unavailable++;
		respond(c, code, NULL, 0, !head_only, NULL);
		return;
	}
	hst.ok++;
	strcpy(c->path, path);
	c->off = 0;
	respond(c, 200, content_type(path), st.st_size, !head_only, NULL);
}

/* The end of the request head (the blank line), or NULL. */
static char *head_end(char *buf, size_t len)
{
	for (size_t i = 0; i + 4 <= len; i++)
		if (buf[i] == '\r' && !memcmp(buf + i, "\r\n\r\n", 4))
			return buf + i;
	return NULL;
}

/* Answer the first complete request in the buffer, if there is one and no response is in flight. */
static void process(struct hconn *c)
{
	char *end;

	if (c->busy || c->s.h.closing)
		return;
	end = head_end(c->in, c->inlen);
	if (!end) {
		if (c->inlen == sizeof(c->in)) {	/* a head that does not fit */
			hst.bad_request++;
			c->close_after = 1;
			c->inlen = 0;
			respond(c, 400, NULL, 0, 1, NULL);
		}
		return;
	}
	size_t hlen = end - c->in + 4;

	ev_timer_stop(&c->idle);
	ev_read_stop(&c->s);		/* one response at a time; the rest waits in the buffer or the socket */
	handle_request(c, hlen);
	memmove(c->in, c->in + hlen, c->inlen - hlen);
	c->inlen -= hlen;
}

static void on_read(struct ev_stream *s, ssize_t nread, const char *buf)
{
	struct hconn *c = (struct hconn *)s;

	if (nread < 0) {		/* EOF or error: the peer is done with us */
		conn_close(c);
		return;
	}
	while (nread > 0 && !c->busy) {
		size_t n = sizeof(c->in) - c->inlen;

		if (n > (size_t)nread)
			n = nread;
		memcpy(c->in + c->inlen, buf, n);
		c->inlen += n;
		buf += n;
		nread -= n;
		process(c);
		if (c->s.h.closing)
			return;
	}
	if (nread > 0) {
		/* A pipelined request arrived with the one now in flight: keep it for later. */
		size_t room = sizeof(c->in) - c->inlen;
		size_t n = (size_t)nread < room ? (size_t)nread : room;

		memcpy(c->in + c->inlen, buf, n);
		c->inlen += n;
		if (n < (size_t)nread)
			conn_close(c);	/* more pipelined bytes than a head may hold */
	}
}

static void on_connection(struct ev_tcp_server *srv, int status)
{
	struct hconn *c;

	if (status < 0 || nconns >= MAX_CONNS)
		return;				/* counted by the loop (accept_errors, unaccepted) */
	c = malloc(sizeof(*c));
	if (!c)
		return;
	ev_accept(srv, &c->s);
	c->inlen = 0;
	c->busy = 0;
	c->close_after = 0;
	c->left = 0;
	ev_timer_init(&loop, &c->idle, on_idle);
	c->idle.data = c;
	nconns++;
	if (ev_timer_start(&c->idle, IDLE_MS, 0) < 0) {
		conn_close(c);
		return;
	}
	ev_read_start(&c->s, on_read);
}

static void on_signal(struct ev_signal *sig, int signum)
{
	printf("httpd: requests %lu ok %lu not_found %lu bad_request %lu bad_method %lu "
	       "unavailable %lu file_errors %lu conns %lu\n", hst.requests, hst.ok, hst.not_found,
	       hst.bad_request, hst.bad_method, hst.unavailable, hst.file_errors, nconns);
	ev_print_stats(&loop, "httpd");
	if (signum != SIGUSR1)
		exit(0);
}

int main(int argc, char **argv)
{
	struct ev_tcp_server srv;
	struct ev_signal s_usr1, s_term;
	struct sockaddr_in a;
	int port = 80, foreground = 0, opt, err;

	while ((opt = getopt(argc, argv, "p:r:fv")) != -1) {
		switch (opt) {
		case 'p': port = atoi(optarg); break;
		case 'r': docroot = optarg; break;
		case 'f': foreground = 1; break;
		case 'v': verbose = 1; break;
		default:
			fprintf(stderr, "usage: httpd [-p port] [-r docroot] [-f] [-v]\n");
			return 2;
		}
	}
	signal(SIGPIPE, SIG_IGN);
	if ((err = ev_loop_init(&loop)) < 0) {
		fprintf(stderr, "httpd: loop: %s\n", strerror(-err));
		return 1;
	}
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	if ((err = ev_tcp_bind(&loop, &srv, &a, 0)) < 0 || (err = ev_listen(&srv, BACKLOG, on_connection)) < 0) {
		fprintf(stderr, "httpd: port %d: %s\n", port, strerror(-err));
		return 1;
	}
	pid_t pid = foreground ? getpid() : fork();

	if (pid < 0) {
		perror("httpd: fork");
		return 1;
	}
	if (pid > 0) {
		printf("httpd[%d]: serving %s on port %d\n", (int)pid, docroot, port);
		fflush(stdout);
		if (!foreground)
			return 0;	/* init waits for this; the child serves */
	}
	/* The loop's epoll set is inherited through fork; only the child uses it. */
	ev_signal_start(&loop, &s_usr1, SIGUSR1, on_signal);
	ev_signal_start(&loop, &s_term, SIGTERM, on_signal);
	ev_run(&loop);
	return 0;
}
