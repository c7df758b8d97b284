/*
 * tcpsvcd: the small TCP services of inetd, in one process and one poll loop.
 *
 *   tcpsvcd [-f] [-s] [-b base] [-n maxconn]
 *
 *   echo     7   RFC 862: every byte back; after the peer's FIN, what is
 *                left in our buffer still goes back, then we close
 *   discard  9   RFC 863: read and forget
 *   daytime 13   RFC 867: one line "Fri Dec  4 12:34:56 2026\r\n" (UTC),
 *                then we close first
 *   chargen 19   RFC 864: 72 printable characters per line, each line
 *                starting one character later, until the peer's FIN or RST
 *   backlog 5000 a listener with backlog 1 that never accepts: the accept
 *                queue fills (2 connections, as Linux counts), and later
 *                SYNs are dropped and counted (ListenOverflows in
 *                /proc/net/netstat) - the queue-overflow lab
 *
 * -b adds base to every port (-b 17000: echo on 17007), so the program can
 * be tried on a host without root; -n lowers the connection bound (64);
 * -f stays in the foreground; -s waits in select(2) instead of poll(2), as
 * inetd always did (the same set, as fd_sets: compare the two in strace,
 * and net.core.busy_poll works for both). UDP echo is user/echod.c.
 *
 * init starts us at boot (user/init.c, start_services) unless the kernel
 * command line says `noservices`. As echod, we bind every port first and
 * report a failure from the process init waits for; then fork, and the
 * child serves.
 *
 * The loop: one pollfd per listener and per connection, rebuilt each
 * round from the connections' state (what a connection waits for follows
 * from its buffer: echo wants POLLIN while it has room and POLLOUT while
 * it holds bytes). Every socket is nonblocking, so a slow or vanished
 * peer never stalls the others, and keepalive probes find one that has
 * vanished without a word. A connection ends on the peer's FIN (when
 * the service has nothing left to say), on POLLERR/POLLHUP (RST: there is
 * nobody left to talk to), or on any read/send error; SIGPIPE is ignored
 * so a send to a reset peer is EPIPE, not our death. When maxconn
 * connections are open the listeners drop out of the poll set: new
 * connections wait in the kernel's accept queue until one closes.
 *
 * System calls to watch: socket, setsockopt(SO_REUSEADDR), bind, listen,
 * poll -> sock_poll -> tcp_poll, accept4(SOCK_NONBLOCK),
 * setsockopt(SO_KEEPALIVE, TCP_KEEPIDLE...), recv, send, close.
 */
#define _GNU_SOURCE		/* accept4 and SOCK_NONBLOCK, when built against glibc */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <signal.h>
#include <poll.h>
#include <time.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#define MAX_CONNS	64		/* open connections, all services together */
#define BUF_SIZE	4096		/* per connection: echo's queue, daytime's line */

/* A peer silent this long is probed; after KEEPCNT unanswered probes its
 * connection fails with ETIMEDOUT and frees its slot (90 s in all). */
#define KEEPIDLE	60
#define KEEPINTVL	10
#define KEEPCNT		3

#define CHARGEN_LINE	74		/* 72 characters + CR LF */
#define CHARGEN_LINES	95		/* the pattern repeats after 95 lines */

enum svc_kind { SVC_ECHO, SVC_DISCARD, SVC_DAYTIME, SVC_CHARGEN, SVC_BACKLOG };

struct service {
	const char *name;
	enum svc_kind kind;
	int port;
	int backlog;
	int fd;				/* the listener */
};

static struct service services[] = {
	{ "echo",    SVC_ECHO,    7,    16, -1 },
	{ "discard", SVC_DISCARD, 9,    16, -1 },
	{ "daytime", SVC_DAYTIME, 13,   16, -1 },
	{ "chargen", SVC_CHARGEN, 19,   16, -1 },
	{ "backlog", SVC_BACKLOG, 5000, 1,  -1 },	/* never accepted from */
};
#define NR_SERVICES	(int)(sizeof(services) / sizeof(services[0]))

struct conn {
	int fd;				/* -1: free slot */
	struct service *svc;
	int peer_eof;			/* the peer sent FIN */
	size_t len, off;		/* echo, daytime: bytes in buf, bytes of it sent */
	size_t pos;			/* chargen: where in chargen_ring the next byte is */
	char buf[BUF_SIZE];
};

static struct conn conns[MAX_CONNS];
static int max_conns = MAX_CONNS;
static int nr_conns;
static int use_select;			/* -s */

/* 95 lines of the RFC 864 pattern; line i, column j is ' ' + (i + j) % 95. */
static char chargen_ring[CHARGEN_LINES * CHARGEN_LINE];

static void chargen_init(void)
{
	for (int i = 0; i < CHARGEN_LINES; i++) {
		char *line = chargen_ring + i * CHARGEN_LINE;

		for (int j = 0; j < CHARGEN_LINE - 2; j++)
			line[j] = ' ' + (i + j) % 95;
		line[CHARGEN_LINE - 2] = '\r';
		line[CHARGEN_LINE - 1] = '\n';
	}
}

static int listen_on(struct service *s, int base)
{
	struct sockaddr_in sin;
	int on = 1, port = base + s->port;

	s->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (s->fd < 0) {
		fprintf(stderr, "tcpsvcd: socket: %s\n", strerror(errno));
		return -1;
	}
	/* A restart must not wait out the old connections' TIME_WAIT. */
	setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_ANY);
	if (bind(s->fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    listen(s->fd, s->backlog) < 0) {
		fprintf(stderr, "tcpsvcd: %s on port %d: %s\n", s->name, port, strerror(errno));
		return -1;
	}
	return 0;
}

static void conn_close(struct conn *c)
{
	close(c->fd);
	c->fd = -1;
	nr_conns--;
}

/*
 * A peer that vanishes without a FIN or RST (powered off, unplugged) would
 * hold its slot forever: discard and an idle echo never send, so nothing
 * would ever time out. Keepalive probes find it.
 */
static void keepalive(int fd)
{
	int on = 1, idle = KEEPIDLE, intvl = KEEPINTVL, cnt = KEEPCNT;

	setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on));
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof(idle));
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof(intvl));
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof(cnt));
}

/* A new connection: daytime's whole answer is ready at once. */
static void conn_start(struct conn *c, int fd, struct service *s)
{
	keepalive(fd);
	c->fd = fd;
	c->svc = s;
	c->peer_eof = 0;
	c->len = c->off = c->pos = 0;
	nr_conns++;
	if (s->kind == SVC_DAYTIME) {
		time_t now = time(NULL);
		struct tm tm;

		gmtime_r(&now, &tm);
		asctime_r(&tm, c->buf);			/* "...2026\n" */
		c->len = strlen(c->buf) - 1;
		memcpy(c->buf + c->len, "\r\n", 2);	/* network text ends lines with CR LF */
		c->len += 2;
	}
}

/* Accept until the queue is empty or we are full. */
static void accept_all(struct service *s)
{
	while (nr_conns < max_conns) {
		int fd = accept4(s->fd, NULL, NULL, SOCK_NONBLOCK);
		int i;

		if (fd < 0) {
			/* EAGAIN: the queue is empty. ECONNABORTED: the peer gave
			 * up while queued. */
			if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ECONNABORTED ||
			    errno == EINTR)
				return;
			/* Out of descriptors or memory: the listener stays readable,
			 * so back off a little rather than spin on poll. */
			fprintf(stderr, "tcpsvcd: accept %s: %s\n", s->name, strerror(errno));
			poll(NULL, 0, 100);
			return;
		}
		for (i = 0; conns[i].fd >= 0; i++)
			;			/* nr_conns < max_conns: a free slot exists */
		conn_start(&conns[i], fd, s);
	}
}

/* What the connection waits for, from its state. */
static short conn_events(const struct conn *c)
{
	/* Input is echoed, or thrown away (RFC 863, 864, 867); until the
	 * FIN, which ends discard and chargen and lets the others finish. */
	short ev = c->peer_eof ? 0 : POLLIN;

	switch (c->svc->kind) {
	case SVC_ECHO:
		if (c->len == BUF_SIZE)
			ev = 0;			/* full: the peer waits (TCP's window closes) */
		return ev | (c->len > c->off ? POLLOUT : 0);
	case SVC_DAYTIME:
	case SVC_CHARGEN:
		return ev | POLLOUT;
	default:
		return ev;
	}
}

/*
 * Readable. Echo keeps what arrives; the others throw it away (RFC 863,
 * 864, 867). Returns -1 when the connection is over.
 */
static int conn_read(struct conn *c)
{
	char sink[BUF_SIZE];
	int echo = c->svc->kind == SVC_ECHO;
	ssize_t n;

	if (echo && c->off == c->len)
		c->off = c->len = 0;		/* all sent: start the buffer over */
	n = recv(c->fd, echo ? c->buf + c->len : sink, echo ? BUF_SIZE - c->len : BUF_SIZE, 0);
	if (n < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : -1;
	if (n == 0) {
		c->peer_eof = 1;
		/* Echo still owes the peer its buffer; daytime its line. */
		return (echo || c->svc->kind == SVC_DAYTIME) && c->len > c->off ? 0 : -1;
	}
	if (echo)
		c->len += n;
	return 0;
}

/* Writable. Returns -1 when the connection is over. */
static int conn_write(struct conn *c)
{
	const char *p;
	size_t want;
	ssize_t n;

	if (c->svc->kind == SVC_CHARGEN) {
		p = chargen_ring + c->pos;
		want = sizeof(chargen_ring) - c->pos;	/* to the ring's end; wrap next time */
	} else {
		p = c->buf + c->off;
		want = c->len - c->off;
	}
	n = send(c->fd, p, want, 0);
	if (n < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : -1;
	if (c->svc->kind == SVC_CHARGEN) {
		c->pos = (c->pos + n) % sizeof(chargen_ring);
		return 0;
	}
	c->off += n;
	if (c->off < c->len)
		return 0;
	/* Everything said: daytime closes first; echo after the peer's FIN. */
	if (c->svc->kind == SVC_DAYTIME || c->peer_eof)
		return -1;
	c->off = c->len = 0;
	return 0;
}

/*
 * -s: the same wait through select(2). Readable covers POLLIN and the
 * ends (a FIN reads 0, an RST fails the read), so select needs no
 * POLLERR/POLLHUP of its own: the read that follows closes the connection.
 */
static int select_wait(struct pollfd *pfd, int n)
{
	fd_set rd, wr;
	int maxfd = -1, r;

	FD_ZERO(&rd);
	FD_ZERO(&wr);
	for (int i = 0; i < n; i++) {
		if (pfd[i].events & POLLIN)
			FD_SET(pfd[i].fd, &rd);
		if (pfd[i].events & POLLOUT)
			FD_SET(pfd[i].fd, &wr);
		if (pfd[i].fd > maxfd)
			maxfd = pfd[i].fd;
	}
	r = select(maxfd + 1, &rd, &wr, NULL, NULL);
	for (int i = 0; r > 0 && i < n; i++)
		pfd[i].revents = (FD_ISSET(pfd[i].fd, &rd) ? POLLIN : 0) |
				 (FD_ISSET(pfd[i].fd, &wr) ? POLLOUT : 0);
	return r;
}

/*
 * One round: build the poll set, wait, act. Listeners come first in the
 * set, so accept_all only fills slots that were free when the set was
 * built - never one that a later entry of the same round still describes.
 */
static void serve(void)
{
	struct pollfd pfd[NR_SERVICES + MAX_CONNS];
	struct {
		struct service *listener;	/* one of these two */
		struct conn *conn;
	} what[NR_SERVICES + MAX_CONNS];

	for (;;) {
		int n = 0;

		/* Listeners only while there is room: when full, the kernel queues. */
		for (int i = 0; i < NR_SERVICES && nr_conns < max_conns; i++) {
			if (services[i].kind == SVC_BACKLOG)
				continue;
			pfd[n] = (struct pollfd){ services[i].fd, POLLIN, 0 };
			what[n].listener = &services[i];
			what[n++].conn = NULL;
		}
		for (int i = 0; i < MAX_CONNS; i++) {
			if (conns[i].fd < 0)
				continue;
			pfd[n] = (struct pollfd){ conns[i].fd, conn_events(&conns[i]), 0 };
			what[n].listener = NULL;
			what[n++].conn = &conns[i];
		}
		if ((use_select ? select_wait(pfd, n) : poll(pfd, n, -1)) < 0) {
			if (errno != EINTR)
				fprintf(stderr, "tcpsvcd: %s: %s\n", use_select ? "select" : "poll",
					strerror(errno));
			continue;
		}
		for (int i = 0; i < n; i++) {
			struct conn *c = what[i].conn;
			short re = pfd[i].revents;

			if (!re)
				continue;
			if (what[i].listener) {
				accept_all(what[i].listener);
				continue;
			}
			if ((re & (POLLERR | POLLHUP)) ||
			    ((re & POLLIN) && conn_read(c) < 0) ||
			    ((re & POLLOUT) && conn_write(c) < 0))
				conn_close(c);
		}
	}
}

int main(int argc, char **argv)
{
	int opt, base = 0, foreground = 0;
	pid_t pid;

	while ((opt = getopt(argc, argv, "fsb:n:")) != -1) {
		switch (opt) {
		case 'f':
			foreground = 1;
			break;
		case 's':
			use_select = 1;
			break;
		case 'b':
			base = atoi(optarg);
			if (base < 0 || base + 5000 > 65535) {
				fprintf(stderr, "tcpsvcd: bad port base %s\n", optarg);
				return 2;
			}
			break;
		case 'n':
			max_conns = atoi(optarg);
			if (max_conns < 1 || max_conns > MAX_CONNS) {
				fprintf(stderr, "tcpsvcd: maxconn must be 1..%d\n", MAX_CONNS);
				return 2;
			}
			break;
		default:
			fprintf(stderr, "usage: tcpsvcd [-f] [-s] [-b base] [-n maxconn]\n");
			return 2;
		}
	}
	for (int i = 0; i < NR_SERVICES; i++)
		if (listen_on(&services[i], base) < 0)
			return 1;
	for (int i = 0; i < MAX_CONNS; i++)
		conns[i].fd = -1;
	chargen_init();
	signal(SIGPIPE, SIG_IGN);	/* a reset peer: send says EPIPE */
	if (!foreground) {
		pid = fork();
		if (pid < 0) {
			fprintf(stderr, "tcpsvcd: fork: %s\n", strerror(errno));
			return 1;
		}
		if (pid > 0)
			return 0;		/* listening: tell init we are up */
		setsid();			/* no controlling terminal: ^C at the shell is not for us */
		signal(SIGHUP, SIG_IGN);
	}
	serve();
	return 0;
}
