/*
 * evloop_tcp.c: TCP servers and streams on the loop of evloop.c.
 *
 * The accept path (libuv's, walked side by side in docs/event-loop.md):
 *   ev_tcp_bind   socket(SOCK_NONBLOCK|SOCK_CLOEXEC), SO_REUSEADDR, bind
 *   ev_listen     listen(2), then the listener's io watcher wants EPOLLIN
 *   server_io     (uv__server_io) the listener is readable: accept4 with
 *                 SOCK_NONBLOCK|SOCK_CLOEXEC until EAGAIN, calling
 *                 connection_cb for each; the callback calls
 *   ev_accept     (uv_accept) which makes the fd a stream, and then
 *   ev_read_start (uv_read_start) puts EPOLLIN on it.
 *
 * Streams read into the loop's one buffer and hand it to read_cb; writes
 * go through the queue of ev_wq.c. Back-pressure: when the queue holds more
 * than the stream's high-water mark, reading pauses (EPOLLIN off) until a
 * flush brings the queue under half of it - a peer that sends but does not
 * read cannot make us buffer without bound.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include "evloop.h"

static unsigned int mode_bits(unsigned int flags)
{
	return flags & EV_EDGE ? EPOLLET : 0;
}

/* ---- servers ---- */

static void server_io(struct ev_loop *loop, struct ev_io *io, unsigned int revents);

int ev_tcp_bind(struct ev_loop *loop, struct ev_tcp_server *srv,
		const struct sockaddr_in *addr, unsigned int flags)
{
	int one = 1;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	memset(srv, 0, sizeof(*srv));
	srv->h.loop = loop;
	srv->h.type = EV_TCP_SERVER;
	srv->flags = flags;
	srv->accepted_fd = -1;
	ev_io_init(&srv->io, fd, server_io);
	/* A restarted server must not wait out its old connections' TIME_WAIT. */
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    ((flags & EV_REUSEPORT) && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) < 0) ||
	    bind(fd, (const struct sockaddr *)addr, sizeof(*addr)) < 0) {
		int err = -errno;

		close(fd);
		srv->io.fd = -1;
		return err;
	}
	return 0;
}

int ev_listen(struct ev_tcp_server *srv, int backlog, ev_connection_cb cb)
{
	if (listen(srv->io.fd, backlog) < 0)
		return -errno;
	srv->connection_cb = cb;
	return ev_io_start(srv->h.loop, &srv->io, EPOLLIN | mode_bits(srv->flags));
}

/*
 * Out of file descriptors (EMFILE), the connection stays in the accept
 * queue, the listener stays readable, and a level-triggered loop would spin
 * on it. libuv's answer (uv__emfile_trick): give back the spare fd we keep
 * open for this, accept the waiting connections and close them at once -
 * the peers see an orderly close instead of a hang - then take the spare
 * again. Each such connection is counted in emfile_drops.
 * Afterwards server_io returns rather than trying accept4 again: Linux
 * allocates the new fd before it looks at the queue (do_accept), so at the
 * limit accept4 says EMFILE even when the queue is empty, and retrying
 * would run the trick forever. A connection that comes later makes the
 * listener readable again.
 */
static int emfile_trick(struct ev_loop *loop, int lfd)
{
	int fd;

	if (loop->emfile_fd < 0)
		return -EMFILE;
	close(loop->emfile_fd);
	loop->emfile_fd = -1;
	for (;;) {
		fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd >= 0) {
			close(fd);
			loop->stats.emfile_drops++;
			continue;
		}
		if (errno != EINTR && errno != ECONNABORTED)
			break;
	}
	loop->emfile_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	return 0;
}

/* uv__server_io: the listener is readable; accept until the queue is empty. */
static void server_io(struct ev_loop *loop, struct ev_io *io, unsigned int revents)
{
	struct ev_tcp_server *srv = (struct ev_tcp_server *)((char *)io - offsetof(struct ev_tcp_server, io));

	while (!srv->h.closing) {
		int fd = accept4(io->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0) {
			int err = errno;

			if (err == EAGAIN)
				return;			/* the queue is empty: done */
			if (err == EINTR || err == ECONNABORTED)
				continue;		/* that one went away; try the next */
			if ((err == EMFILE || err == ENFILE) && emfile_trick(loop, io->fd) == 0)
				return;			/* the queue is drained (see below) */
			loop->stats.accept_errors++;
			srv->connection_cb(srv, -err);
			return;
		}
		loop->stats.accepts++;
		srv->accepted_fd = fd;
		srv->connection_cb(srv, 0);
		if (srv->accepted_fd >= 0) {	/* the callback did not take it */
			close(srv->accepted_fd);
			srv->accepted_fd = -1;
			loop->stats.unaccepted++;
		}
	}
}

/* ---- streams ---- */

static void stream_io(struct ev_loop *loop, struct ev_io *io, unsigned int revents);

static struct ev_stream *io_stream(struct ev_io *io)
{
	return (struct ev_stream *)((char *)io - offsetof(struct ev_stream, io));
}

int ev_accept(struct ev_tcp_server *srv, struct ev_stream *s)
{
	socklen_t len = sizeof(s->peer);

	if (srv->accepted_fd < 0)
		return -EAGAIN;
	memset(s, 0, sizeof(*s));
	s->h.loop = srv->h.loop;
	s->h.type = EV_STREAM;
	s->flags = srv->flags & EV_EDGE;
	s->hwm = EV_HWM_DEFAULT;
	ev_wq_init(&s->wq);
	ev_io_init(&s->io, srv->accepted_fd, stream_io);
	srv->accepted_fd = -1;
	getpeername(s->io.fd, (struct sockaddr *)&s->peer, &len);
	return 0;
}

/* What epoll should watch: EPOLLIN while reading and not paused, EPOLLOUT while writes wait. */
static void stream_update(struct ev_stream *s)
{
	unsigned int want = 0;

	if (s->h.closing)
		return;
	if (s->reading && !s->paused)
		want |= EPOLLIN;
	if (!ev_wq_empty(&s->wq))
		want |= EPOLLOUT;
	s->io.events = want ? want | mode_bits(s->flags) : 0;
	ev_io_start(s->h.loop, &s->io, 0);
}

int ev_read_start(struct ev_stream *s, ev_read_cb cb)
{
	if (s->h.closing)
		return -EINVAL;
	s->read_cb = cb;
	s->reading = 1;
	stream_update(s);
	return 0;
}

void ev_read_stop(struct ev_stream *s)
{
	s->reading = 0;
	stream_update(s);
}

static void add_pending(struct ev_stream *s)
{
	struct ev_loop *loop = s->h.loop;

	if (s->on_pending)
		return;
	s->on_pending = 1;
	s->next_pending = loop->pending;
	loop->pending = s;
}

static ssize_t sock_write(void *ctx, const void *buf, size_t len)
{
	ssize_t n = write(*(int *)ctx, buf, len);

	return n < 0 ? -errno : n;
}

/* The queue changed size: pause reading above the high-water mark, resume under half. */
static void backpressure(struct ev_stream *s)
{
	if (!s->paused && s->wq.bytes > s->hwm) {
		s->paused = 1;
		s->h.loop->stats.read_pauses++;
	} else if (s->paused && s->wq.bytes <= s->hwm / 2) {
		s->paused = 0;
	}
}

static void stream_flush(struct ev_stream *s)
{
	int err = ev_wq_flush(&s->wq, sock_write, &s->io.fd);

	if (err && err != -EAGAIN) {
		s->h.loop->stats.write_errors++;
		ev_wq_cancel(&s->wq, err);	/* EPIPE, ECONNRESET: every request fails with it */
	}
	if (s->wq.done_head || (s->shutdown_cb && ev_wq_empty(&s->wq)))
		add_pending(s);
	backpressure(s);
	stream_update(s);
}

int ev_write(struct ev_stream *s, struct ev_write_req *req, const void *buf, size_t len,
	     ev_write_cb cb)
{
	int idle = ev_wq_empty(&s->wq);

	if (s->h.closing || s->shut)
		return -EPIPE;
	req->buf = buf;
	req->len = len;
	req->cb = cb;
	req->stream = s;
	ev_wq_push(&s->wq, req);
	if (idle)
		stream_flush(s);	/* try now, as uv_write does; EPOLLOUT if it does not all fit */
	else {
		backpressure(s);
		stream_update(s);
	}
	return 0;
}

/* SHUT_WR once everything queued before it is written. */
int ev_shutdown(struct ev_stream *s, ev_shutdown_cb cb)
{
	if (s->h.closing || s->shut || s->shutdown_cb)
		return -EINVAL;
	s->shutdown_cb = cb;
	if (ev_wq_empty(&s->wq))
		add_pending(s);
	return 0;
}

/* Finished writes' callbacks, then a shutdown whose queue has drained. */
static void stream_callbacks(struct ev_stream *s)
{
	struct ev_write_req *req;

	while ((req = ev_wq_pop_done(&s->wq)))
		if (req->cb)
			req->cb(req, req->status);
	if (s->shutdown_cb && ev_wq_empty(&s->wq) && !s->h.closing) {
		ev_shutdown_cb cb = s->shutdown_cb;
		int err = shutdown(s->io.fd, SHUT_WR) < 0 ? -errno : 0;

		s->shutdown_cb = NULL;
		s->shut = 1;
		cb(s, err);
	}
}

void ev__stream_run_pending(struct ev_loop *loop)
{
	while (loop->pending) {
		struct ev_stream *s = loop->pending;

		loop->pending = s->next_pending;
		s->on_pending = 0;
		stream_callbacks(s);
	}
}

/* One read, or in edge-triggered mode reads until EAGAIN; the user may stop or close in read_cb. */
static void stream_read(struct ev_stream *s)
{
	struct ev_loop *loop = s->h.loop;

	while (s->reading && !s->paused && !s->h.closing) {
		ssize_t n = read(s->io.fd, loop->readbuf, sizeof(loop->readbuf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n == 0) {
			s->reading = 0;		/* nothing more will come */
			stream_update(s);
			s->read_cb(s, EV_EOF, NULL);
			return;
		}
		if (n < 0) {
			s->reading = 0;
			stream_update(s);
			s->read_cb(s, -errno, NULL);
			return;
		}
		s->read_cb(s, n, loop->readbuf);
		if (!(s->flags & EV_EDGE))
			return;			/* level-triggered: epoll will say if there is more */
	}
}

static void stream_io(struct ev_loop *loop, struct ev_io *io, unsigned int revents)
{
	struct ev_stream *s = io_stream(io);

	/* An error or hangup is reported to whichever side is waiting: a read sees it as EOF or the errno. */
	if (revents & (EPOLLIN | EPOLLERR | EPOLLHUP) && s->reading)
		stream_read(s);
	if (s->h.closing)
		return;
	if (revents & (EPOLLOUT | EPOLLERR | EPOLLHUP) && !ev_wq_empty(&s->wq))
		stream_flush(s);
}

/* ---- close ---- */

/*
 * The fd is closed now; close_cb runs at the end of this loop turn, after
 * any event already fetched for the handle has been skipped, and only then
 * may the user free it. Queued writes finish with -ECANCELED before it.
 */
void ev_close(struct ev_handle *h, ev_close_cb cb)
{
	struct ev_loop *loop = h->loop;
	struct ev_io *io;

	if (h->closing)
		return;
	if (h->type == EV_STREAM) {
		struct ev_stream *s = (struct ev_stream *)h;

		ev_wq_cancel(&s->wq, -ECANCELED);
		s->shutdown_cb = NULL;
		io = &s->io;
		/* Cancelled writes' callbacks run from the pending list, before close_cb. */
		if (s->wq.done_head)
			add_pending(s);
	} else {
		io = &((struct ev_tcp_server *)h)->io;
	}
	if (io->fd >= 0) {
		ev_io_stop(loop, io, ~0u);
		close(io->fd);
		io->fd = -1;
	}
	h->closing = 1;
	h->close_cb = cb;
	h->next_closing = loop->closing;
	loop->closing = h;
}
