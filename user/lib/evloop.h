/*
 * evloop.h: a small libuv-shaped event loop over epoll, for user programs
 * (evecho, evchat, httpd). docs/event-loop.md walks libuv's accept path
 * beside this code and on down to accept4 in the kernel.
 *
 *   libuv                          here
 *   uv_loop_t, uv_run              struct ev_loop, ev_run
 *   uv__io_t (fd + watched events) struct ev_io
 *   uv_timer_t (a min-heap)        struct ev_timer (ev_heap.c)
 *   uv_signal_t (a self-pipe)      struct ev_signal
 *   uv_tcp_t as a server           struct ev_tcp_server: ev_tcp_bind, ev_listen
 *   uv__server_io                  server_io (evloop_tcp.c): accept4 until EAGAIN
 *   uv_accept, uv_read_start       ev_accept, ev_read_start
 *   uv_write, uv_shutdown          ev_write, ev_shutdown (ev_wq.c queues)
 *   uv_close (close_cb deferred)   ev_close (close_cb at the end of the turn)
 *
 * One loop per thread. The loop never allocates: every handle and request
 * is memory the caller owns and must keep until its close (or write)
 * callback. Callbacks get the handle; `data` is the user's.
 *
 * Trigger modes. By default every fd is registered level-triggered, as libuv
 * does: epoll reports a socket for as long as it is readable, so a stream
 * reads once per wake-up and a busy connection cannot starve the others.
 * EV_EDGE (to ev_tcp_bind, inherited by accepted streams) registers with
 * EPOLLET: epoll reports only a change, so the stream reads until read(2)
 * says EAGAIN (otherwise the rest would wait for the next packet), and the
 * listener accepts until EAGAIN - which it does in both modes anyway.
 * Pausing a stream (back-pressure, ev_read_stop) removes EPOLLIN; resuming
 * re-arms it with EPOLL_CTL_MOD, which re-checks readiness, so data that
 * arrived meanwhile is not lost in either mode.
 */
#ifndef _EVLOOP_H
#define _EVLOOP_H

#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include "ev_core.h"

#define EV_TIMERS_MAX	1024		/* active timers per loop: more is -ENOSPC */
#define EV_EVENTS_MAX	64		/* events taken per epoll_wait */
#define EV_READ_BUF	65536		/* one read's buffer, shared by all streams */
#define EV_HWM_DEFAULT	(256 * 1024)	/* write-queue bytes above which reading pauses */
#define EV_EOF		(-4095)		/* read_cb's nread at end of stream (UV_EOF) */

/* flags for ev_tcp_bind */
#define EV_EDGE		0x1		/* register with EPOLLET (see above) */
#define EV_REUSEPORT	0x2		/* SO_REUSEPORT before bind */

struct ev_loop;
struct ev_io;
struct ev_handle;

typedef void (*ev_io_cb)(struct ev_loop *loop, struct ev_io *io, unsigned int revents);
typedef void (*ev_close_cb)(struct ev_handle *h);

/* An fd in the epoll set and the events wanted (uv__io_t). */
struct ev_io {
	int fd;
	unsigned int events;		/* wanted: EPOLLIN/EPOLLOUT (+EPOLLET) */
	unsigned int registered;	/* what epoll has now; 0: not in the set */
	ev_io_cb cb;
	int internal;			/* the loop's own: does not keep ev_run going */
};

/* What a server and a stream share: closing. */
enum ev_handle_type { EV_TCP_SERVER = 1, EV_STREAM };

struct ev_handle {
	struct ev_loop *loop;
	enum ev_handle_type type;
	int closing;
	ev_close_cb close_cb;
	struct ev_handle *next_closing;
	void *data;			/* the user's */
};

/* Counters: every connection dropped or refused is counted here. */
struct ev_stats {
	unsigned long accepts;		/* connections handed to connection_cb */
	unsigned long accept_errors;	/* accept4 failed other than EAGAIN/EMFILE */
	unsigned long emfile_drops;	/* accepted and closed at once: out of fds */
	unsigned long unaccepted;	/* connection_cb did not call ev_accept */
	unsigned long read_pauses;	/* back-pressure stopped reading */
	unsigned long write_errors;
	unsigned long timer_full;	/* ev_timer_start found the heap full */
};

struct ev_loop {
	int epfd;
	int stop;
	uint64_t now;			/* ms, CLOCK_MONOTONIC, cached per turn (uv_now) */
	unsigned long active;		/* started user io watchers and timers */
	struct ev_heap timers;
	struct ev_timer *timer_slots[EV_TIMERS_MAX];
	struct ev_stream *pending;	/* streams with write callbacks to run */
	struct ev_handle *closing;	/* close callbacks to run at the end of the turn */
	int emfile_fd;			/* the spare fd (/dev/null) of the EMFILE trick */
	struct ev_io sig_io;		/* read end of the signal self-pipe */
	struct ev_stats stats;
	char readbuf[EV_READ_BUF];
};

int ev_loop_init(struct ev_loop *loop);
int ev_run(struct ev_loop *loop);	/* until ev_stop or nothing is active */
void ev_stop(struct ev_loop *loop);
void ev_loop_close(struct ev_loop *loop);
uint64_t ev_now(const struct ev_loop *loop);
void ev_update_time(struct ev_loop *loop);
void ev_print_stats(const struct ev_loop *loop, const char *who);

/* Raw fd watchers (what servers and streams are built on). */
void ev_io_init(struct ev_io *io, int fd, ev_io_cb cb);
int ev_io_start(struct ev_loop *loop, struct ev_io *io, unsigned int events);
int ev_io_stop(struct ev_loop *loop, struct ev_io *io, unsigned int events);

/* Timers: cb runs once `timeout` ms from now, then every `repeat` ms if nonzero. */
void ev_timer_init(struct ev_loop *loop, struct ev_timer *t, void (*cb)(struct ev_timer *));
int ev_timer_start(struct ev_timer *t, uint64_t timeout, uint64_t repeat);	/* 0 or -ENOSPC */
void ev_timer_stop(struct ev_timer *t);
int ev_timer_active(const struct ev_timer *t);

/*
 * Signals through a self-pipe: the handler only sets a flag and writes a
 * byte; the loop reads the pipe and runs cb from ev_run, where anything is
 * allowed. One loop per process may watch signals.
 */
struct ev_signal {
	int signum;
	void (*cb)(struct ev_signal *s, int signum);
	struct ev_loop *loop;
	void *data;
};
int ev_signal_start(struct ev_loop *loop, struct ev_signal *s, int signum,
		    void (*cb)(struct ev_signal *, int));

/* ---- TCP (evloop_tcp.c) ---- */

struct ev_stream;
struct ev_tcp_server;
typedef void (*ev_connection_cb)(struct ev_tcp_server *srv, int status);
typedef void (*ev_read_cb)(struct ev_stream *s, ssize_t nread, const char *buf);
typedef void (*ev_shutdown_cb)(struct ev_stream *s, int status);

struct ev_tcp_server {
	struct ev_handle h;		/* first: (struct ev_handle *)srv works */
	struct ev_io io;
	unsigned int flags;		/* EV_EDGE, EV_REUSEPORT */
	int accepted_fd;		/* from server_io to ev_accept, else -1 */
	ev_connection_cb connection_cb;
};

struct ev_stream {
	struct ev_handle h;
	struct ev_io io;
	unsigned int flags;
	int reading;			/* the user wants reads (ev_read_start) */
	int paused;			/* ... but back-pressure stopped them */
	size_t hwm;			/* write-queue bytes that pause reading */
	ev_read_cb read_cb;
	struct ev_write_queue wq;
	ev_shutdown_cb shutdown_cb;	/* set while a shutdown waits for the queue */
	int shut;
	struct ev_stream *next_pending;
	int on_pending;
	struct sockaddr_in peer;
};

int ev_tcp_bind(struct ev_loop *loop, struct ev_tcp_server *srv,
		const struct sockaddr_in *addr, unsigned int flags);
int ev_listen(struct ev_tcp_server *srv, int backlog, ev_connection_cb cb);
int ev_accept(struct ev_tcp_server *srv, struct ev_stream *s);
int ev_read_start(struct ev_stream *s, ev_read_cb cb);
void ev_read_stop(struct ev_stream *s);
int ev_write(struct ev_stream *s, struct ev_write_req *req, const void *buf, size_t len,
	     ev_write_cb cb);
int ev_shutdown(struct ev_stream *s, ev_shutdown_cb cb);
void ev_close(struct ev_handle *h, ev_close_cb cb);

/* internal, shared by evloop.c and evloop_tcp.c */
void ev__stream_run_pending(struct ev_loop *loop);
void ev__stream_closed(struct ev_stream *s);

#endif
