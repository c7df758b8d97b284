/*
 * evchat: a line-based chat server on the event loop (user/lib/evloop.h):
 * every line one client sends goes to every other client.
 *
 *   evchat [-p port]            (port 7777)
 *
 * A client is told "* welcome #N (K online)" on arrival; the others see
 * "* #N joined", then "<#N> text" for each line it sends, and "* #N left".
 * Lines longer than 1 KiB are cut into 1 KiB pieces.
 *
 * What it shows on top of evecho: one read fanning out into many writes.
 * A message is built once and shared by the write requests of all its
 * recipients (a reference count frees it after the last write callback).
 * A recipient that does not read would make its queue grow with everybody
 * else's traffic; above 64 KiB queued it is disconnected and counted
 * (slow_kicks) - the server's memory is bounded by clients x 64 KiB, and
 * one stuck client does not hold up the rest.
 * SIGUSR1 prints the counters; SIGTERM/SIGINT print them and exit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <netinet/in.h>
#include "evloop.h"

#define LINE_MAX_LEN	1024
#define QUEUE_MAX	(64 * 1024)
#define MAX_CLIENTS	200

struct client {
	struct ev_stream s;		/* first: the close callback frees through it */
	struct client *prev, *next;
	int id;
	size_t len;
	char line[LINE_MAX_LEN];
};

struct msg {
	int refs;
	size_t len;
	char text[];
};

struct msg_write {
	struct ev_write_req req;
	struct msg *m;
};

static struct ev_loop loop;
static struct client *clients;
static int next_id = 1, online;
static unsigned long lines, slow_kicks, oom_drops;

static void on_close(struct ev_handle *h)
{
	free(h);
}

static void leave(struct client *c);

static void drop_client(struct client *c)
{
	if (c->s.h.closing)
		return;
	if (c->prev)
		c->prev->next = c->next;
	else
		clients = c->next;
	if (c->next)
		c->next->prev = c->prev;
	online--;
	ev_close(&c->s.h, on_close);
	leave(c);
}

static void msg_put(struct msg *m)
{
	if (--m->refs == 0)
		free(m);
}

static void on_msg_written(struct ev_write_req *req, int status)
{
	struct msg_write *w = (struct msg_write *)req;

	msg_put(w->m);
	free(w);
}

/* Queue m to c; a client whose queue is already over the bound is dropped instead. */
static void send_to(struct client *c, struct msg *m)
{
	struct msg_write *w;

	if (c->s.h.closing)
		return;
	if (c->s.wq.bytes + m->len > QUEUE_MAX) {
		slow_kicks++;
		drop_client(c);
		return;
	}
	w = malloc(sizeof(*w));
	if (!w) {
		oom_drops++;
		return;
	}
	w->m = m;
	m->refs++;
	if (ev_write(&c->s, &w->req, m->text, m->len, on_msg_written) < 0) {
		msg_put(m);
		free(w);
	}
}

/* To everyone but `except` (NULL: everyone). */
static void broadcast(struct client *except, const char *fmt, int id, const char *text, size_t tlen)
{
	struct msg *m = malloc(sizeof(*m) + tlen + 32);
	struct client *c, *next;

	if (!m) {
		oom_drops++;
		return;
	}
	m->refs = 1;			/* ours, until every send_to has taken one */
	m->len = snprintf(m->text, tlen + 32, fmt, id, (int)tlen, text);
	for (c = clients; c; c = next) {
		next = c->next;		/* send_to may drop c */
		if (c != except)
			send_to(c, m);
	}
	msg_put(m);
}

static void leave(struct client *c)
{
	broadcast(NULL, "* #%d left%.*s\n", c->id, "", 0);
}

static void on_read(struct ev_stream *s, ssize_t nread, const char *buf)
{
	struct client *c = (struct client *)s;

	if (nread < 0) {
		drop_client(c);
		return;
	}
	for (ssize_t i = 0; i < nread && !c->s.h.closing; i++) {
		if (buf[i] != '\n')
			c->line[c->len++] = buf[i];
		if (buf[i] == '\n' || c->len == sizeof(c->line)) {
			size_t len = c->len;

			if (len && c->line[len - 1] == '\r')
				len--;
			lines++;
			broadcast(c, "<#%d> %.*s\n", c->id, c->line, len);
			c->len = 0;
		}
	}
}

static void on_connection(struct ev_tcp_server *srv, int status)
{
	struct client *c;
	char hello[64];

	if (status < 0 || online >= MAX_CLIENTS)
		return;				/* counted by the loop */
	c = calloc(1, sizeof(*c));
	if (!c)
		return;
	ev_accept(srv, &c->s);
	c->id = next_id++;
	broadcast(NULL, "* #%d joined%.*s\n", c->id, "", 0);
	c->next = clients;
	if (clients)
		clients->prev = c;
	clients = c;
	online++;
	int n = snprintf(hello, sizeof(hello), "* welcome #%d (%d online)\n", c->id, online);
	struct msg *m = malloc(sizeof(*m) + n);
	if (m) {
		m->refs = 1;
		m->len = n;
		memcpy(m->text, hello, n);
		send_to(c, m);
		msg_put(m);
	}
	ev_read_start(&c->s, on_read);
}

static void on_signal(struct ev_signal *sig, int signum)
{
	printf("evchat: online %d lines %lu slow_kicks %lu oom_drops %lu\n", online, lines,
	       slow_kicks, oom_drops);
	ev_print_stats(&loop, "evchat");
	if (signum != SIGUSR1)
		exit(0);
}

int main(int argc, char **argv)
{
	struct ev_tcp_server srv;
	struct ev_signal s_usr1, s_term, s_int;
	struct sockaddr_in a;
	int port = 7777, opt, err;

	while ((opt = getopt(argc, argv, "p:")) != -1) {
		if (opt != 'p') {
			fprintf(stderr, "usage: evchat [-p port]\n");
			return 2;
		}
		port = atoi(optarg);
	}
	signal(SIGPIPE, SIG_IGN);
	if ((err = ev_loop_init(&loop)) < 0) {
		fprintf(stderr, "evchat: loop: %s\n", strerror(-err));
		return 1;
	}
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	if ((err = ev_tcp_bind(&loop, &srv, &a, 0)) < 0 || (err = ev_listen(&srv, 128, on_connection)) < 0) {
		fprintf(stderr, "evchat: port %d: %s\n", port, strerror(-err));
		return 1;
	}
	ev_signal_start(&loop, &s_usr1, SIGUSR1, on_signal);
	ev_signal_start(&loop, &s_term, SIGTERM, on_signal);
	ev_signal_start(&loop, &s_int, SIGINT, on_signal);
	printf("evchat[%d]: listening on port %d\n", (int)getpid(), port);
	fflush(stdout);
	ev_run(&loop);
	return 0;
}
