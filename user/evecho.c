/*
 * evecho: the echo service (RFC 862) on the event loop of user/lib/evloop.h
 * - the smallest complete program on it, and the one to read first.
 *
 *   evecho [-p port] [-e] [-n nofile]
 *
 * -p the port (default 7007); -e edge-triggered epoll (EV_EDGE) instead of
 * level-triggered; -n lowers RLIMIT_NOFILE, so a few connections run the
 * listener out of descriptors and the EMFILE trick (evloop_tcp.c) shows:
 * the extra connections are accepted and closed at once, counted in
 * emfile_drops, and the open ones carry on.
 *
 * Every byte read is queued back with ev_write; a peer that sends without
 * reading fills the queue past the high-water mark and reading pauses
 * (back-pressure) until the queue drains. After the peer's FIN, what is
 * queued still goes out, then ev_shutdown sends our FIN and we close.
 * SIGUSR1 prints the loop's counters; SIGTERM/SIGINT print them and exit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <sys/resource.h>
#include <netinet/in.h>
#include "evloop.h"

struct conn {
	struct ev_stream s;
};

struct echo_write {
	struct ev_write_req req;
	char data[];
};

static struct ev_loop loop;
static unsigned long conns_open;

static void on_close(struct ev_handle *h)
{
	conns_open--;
	free(h);		/* struct conn starts with its stream, which starts with the handle */
}

static void on_written(struct ev_write_req *req, int status)
{
	free(req);		/* the echo_write it heads */
}

static void on_shutdown(struct ev_stream *s, int status)
{
	ev_close(&s->h, on_close);
}

static void on_read(struct ev_stream *s, ssize_t nread, const char *buf)
{
	if (nread == EV_EOF) {
		ev_shutdown(s, on_shutdown);	/* after what is queued */
		return;
	}
	if (nread < 0) {
		ev_close(&s->h, on_close);
		return;
	}
	struct echo_write *w = malloc(sizeof(*w) + nread);
	if (!w) {
		ev_close(&s->h, on_close);
		return;
	}
	memcpy(w->data, buf, nread);
	if (ev_write(s, &w->req, w->data, nread, on_written) < 0)
		free(w);
}

static void on_connection(struct ev_tcp_server *srv, int status)
{
	struct conn *c;

	if (status < 0)
		return;			/* counted in accept_errors */
	c = malloc(sizeof(*c));
	if (!c)
		return;			/* not accepted: the loop closes it, counted */
	ev_accept(srv, &c->s);
	conns_open++;
	ev_read_start(&c->s, on_read);
}

static void on_signal(struct ev_signal *sig, int signum)
{
	ev_print_stats(&loop, "evecho");
	if (signum != SIGUSR1)
		exit(0);
}

int main(int argc, char **argv)
{
	struct ev_tcp_server srv;
	struct ev_signal s_usr1, s_term, s_int;
	struct sockaddr_in a;
	unsigned int flags = 0;
	int port = 7007, opt, err;

	while ((opt = getopt(argc, argv, "p:en:")) != -1) {
		switch (opt) {
		case 'p': port = atoi(optarg); break;
		case 'e': flags |= EV_EDGE; break;
		case 'n': {
			struct rlimit rl = { atoi(optarg), atoi(optarg) };
			if (setrlimit(RLIMIT_NOFILE, &rl) < 0) {
				perror("evecho: setrlimit");
				return 1;
			}
			break;
		}
		default:
			fprintf(stderr, "usage: evecho [-p port] [-e] [-n nofile]\n");
			return 2;
		}
	}
	signal(SIGPIPE, SIG_IGN);	/* a write to a reset peer is EPIPE, not our death */
	if ((err = ev_loop_init(&loop)) < 0) {
		fprintf(stderr, "evecho: loop: %s\n", strerror(-err));
		return 1;
	}
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	if ((err = ev_tcp_bind(&loop, &srv, &a, flags)) < 0 ||
	    (err = ev_listen(&srv, 128, on_connection)) < 0) {
		fprintf(stderr, "evecho: port %d: %s\n", port, strerror(-err));
		return 1;
	}
	ev_signal_start(&loop, &s_usr1, SIGUSR1, on_signal);
	ev_signal_start(&loop, &s_term, SIGTERM, on_signal);
	ev_signal_start(&loop, &s_int, SIGINT, on_signal);
	printf("evecho[%d]: listening on port %d (%s-triggered)\n", (int)getpid(), port,
	       flags & EV_EDGE ? "edge" : "level");
	fflush(stdout);
	ev_run(&loop);
	return 0;
}
