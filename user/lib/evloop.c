/*
 * evloop.c: the loop itself - the epoll set, one turn of ev_run, timers on
 * the heap of ev_heap.c, signals through a self-pipe, and deferred close
 * callbacks. TCP servers and streams are in evloop_tcp.c; the API and the
 * trigger modes are described in evloop.h, the whole walk in
 * docs/event-loop.md.
 *
 * One turn, in libuv's order (uv_run in src/unix/core.c):
 *   1. update the cached time, run every due timer;
 *   2. run pending write callbacks (requests a flush finished);
 *   3. epoll_wait, with a timeout that reaches the next timer (0 if
 *      callbacks are pending or handles are closing, -1 with no timer);
 *   4. call each ready fd's io callback;
 *   5. run close callbacks of the handles closed this turn.
 * A handle closed in step 4 may still have an event later in the same batch:
 * its io has left the epoll set (registered == 0) and its memory is the
 * user's until its close callback in step 5, so the stale event is skipped.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include "evloop.h"

void ev_update_time(struct ev_loop *loop)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	loop->now = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

uint64_t ev_now(const struct ev_loop *loop)
{
	return loop->now;
}

int ev_loop_init(struct ev_loop *loop)
{
	memset(loop, 0, sizeof(*loop));
	loop->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (loop->epfd < 0)
		return -errno;
	ev_heap_init(&loop->timers, loop->timer_slots, EV_TIMERS_MAX);
	/* The reserve fd for the EMFILE trick (evloop_tcp.c, server_io). */
	loop->emfile_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	loop->sig_io.fd = -1;
	ev_update_time(loop);
	return 0;
}

static int sig_pipe_w = -1;	/* the signal self-pipe's write end (below) */

void ev_loop_close(struct ev_loop *loop)
{
	if (loop->sig_io.fd >= 0) {
		close(loop->sig_io.fd);
		close(sig_pipe_w);
		sig_pipe_w = -1;
	}
	if (loop->emfile_fd >= 0)
		close(loop->emfile_fd);
	close(loop->epfd);
}

void ev_stop(struct ev_loop *loop)
{
	loop->stop = 1;
}

/* ---- io watchers ---- */

void ev_io_init(struct ev_io *io, int fd, ev_io_cb cb)
{
	io->fd = fd;
	io->events = 0;
	io->registered = 0;
	io->cb = cb;
	io->internal = 0;
}

/*
 * Make epoll's view match io->events. No wanted events means out of the set
 * altogether (libuv does the same): a level-triggered fd left in with an
 * empty mask would still report EPOLLERR/EPOLLHUP on every turn.
 */
static int io_sync(struct ev_loop *loop, struct ev_io *io)
{
	struct epoll_event ev;
	unsigned int want = io->events & (EPOLLIN | EPOLLOUT) ? io->events : 0;
	int op;

	if (want == io->registered)
		return 0;
	memset(&ev, 0, sizeof(ev));
	ev.events = want;
	ev.data.ptr = io;
	if (!want)
		op = EPOLL_CTL_DEL;
	else
		op = io->registered ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
	if (epoll_ctl(loop->epfd, op, io->fd, &ev) < 0)
		return -errno;
	if (!io->internal) {
		if (!io->registered && want)
			loop->active++;
		else if (io->registered && !want)
			loop->active--;
	}
	io->registered = want;
	return 0;
}

int ev_io_start(struct ev_loop *loop, struct ev_io *io, unsigned int events)
{
	io->events |= events;
	return io_sync(loop, io);
}

int ev_io_stop(struct ev_loop *loop, struct ev_io *io, unsigned int events)
{
	io->events &= ~events;
	return io_sync(loop, io);
}

/* ---- timers ---- */

void ev_timer_init(struct ev_loop *loop, struct ev_timer *t, void (*cb)(struct ev_timer *))
{
	memset(t, 0, sizeof(*t));
	t->loop = loop;
	t->cb = cb;
	t->index = -1;
}

int ev_timer_active(const struct ev_timer *t)
{
	return t->index >= 0;
}

int ev_timer_start(struct ev_timer *t, uint64_t timeout, uint64_t repeat)
{
	struct ev_loop *loop = t->loop;
	int err;

	ev_timer_stop(t);
	t->due = loop->now + timeout;
	t->repeat = repeat;
	err = ev_heap_insert(&loop->timers, t);
	if (err) {
		loop->stats.timer_full++;
		return err;
	}
	loop->active++;
	return 0;
}

void ev_timer_stop(struct ev_timer *t)
{
	if (!ev_timer_active(t))
		return;
	ev_heap_remove(&t->loop->timers, t);
	t->loop->active--;
}

/* Every timer due by now, earliest first; a repeating one is re-queued first. */
static void run_timers(struct ev_loop *loop)
{
	struct ev_timer *t;

	while ((t = ev_heap_min(&loop->timers)) && t->due <= loop->now) {
		ev_timer_stop(t);
		if (t->repeat)
			ev_timer_start(t, t->repeat, t->repeat);
		t->cb(t);
	}
}

/* ms until the next timer, for epoll_wait: -1 (none), 0, or a positive int. */
static int next_timeout(struct ev_loop *loop)
{
	struct ev_timer *t;

	if (loop->pending || loop->closing || loop->stop)
		return 0;
	t = ev_heap_min(&loop->timers);
	if (!t)
		return -1;
	if (t->due <= loop->now)
		return 0;
	if (t->due - loop->now > INT_MAX)
		return INT_MAX;
	return (int)(t->due - loop->now);
}

/* ---- signals: the self-pipe ---- */

static struct ev_signal *sig_watchers[_NSIG];
static volatile sig_atomic_t sig_caught[_NSIG];

/*
 * The handler runs between any two instructions of the program, so it does
 * only what is async-signal-safe: a flag and a write(2) to wake epoll_wait.
 * If the pipe is full the byte is dropped, but the flag is not: the loop
 * reads the pipe dry and then looks at every flag, so no signal is lost.
 */
static void sig_handler(int sig)
{
	int saved = errno;
	char c = (char)sig;

	sig_caught[sig] = 1;
	if (write(sig_pipe_w, &c, 1) < 0) {
		/* full (EAGAIN): the flag above is enough */
	}
	errno = saved;
}

static void sig_io_cb(struct ev_loop *loop, struct ev_io *io, unsigned int revents)
{
	char buf[64];

	while (read(io->fd, buf, sizeof(buf)) > 0)
		;
	for (int sig = 1; sig < _NSIG; sig++) {
		if (sig_caught[sig] && sig_watchers[sig]) {
			sig_caught[sig] = 0;
			sig_watchers[sig]->cb(sig_watchers[sig], sig);
		}
	}
}

int ev_signal_start(struct ev_loop *loop, struct ev_signal *s, int signum,
		    void (*cb)(struct ev_signal *, int))
{
	struct sigaction sa;

	if (signum <= 0 || signum >= _NSIG)
		return -EINVAL;
	if (loop->sig_io.fd < 0) {
		int p[2];

		if (pipe2(p, O_NONBLOCK | O_CLOEXEC) < 0)
			return -errno;
		sig_pipe_w = p[1];
		ev_io_init(&loop->sig_io, p[0], sig_io_cb);
		loop->sig_io.internal = 1;	/* watching signals alone does not keep ev_run going */
		int err = ev_io_start(loop, &loop->sig_io, EPOLLIN);
		if (err)
			return err;
	}
	s->signum = signum;
	s->cb = cb;
	s->loop = loop;
	sig_watchers[signum] = s;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = sig_handler;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(signum, &sa, NULL) < 0)
		return -errno;
	return 0;
}

/* ---- close ---- */

/*
 * Close callbacks, each after the write callbacks still owed to it (a
 * closed stream's cancelled writes): once close_cb has run the user may
 * free the handle, so nothing may refer to it afterwards.
 */
static void run_closing(struct ev_loop *loop)
{
	for (;;) {
		ev__stream_run_pending(loop);
		struct ev_handle *h = loop->closing;
		if (!h)
			break;
		loop->closing = h->next_closing;
		if (h->close_cb)
			h->close_cb(h);
	}
}

/* ---- the loop ---- */

int ev_run(struct ev_loop *loop)
{
	struct epoll_event events[EV_EVENTS_MAX];

	loop->stop = 0;
	while (!loop->stop && (loop->active || loop->pending || loop->closing)) {
		ev_update_time(loop);
		run_timers(loop);
		ev__stream_run_pending(loop);

		int n = epoll_wait(loop->epfd, events, EV_EVENTS_MAX, next_timeout(loop));
		if (n < 0 && errno != EINTR)
			return -errno;
		ev_update_time(loop);
		for (int i = 0; i < n; i++) {
			struct ev_io *io = events[i].data.ptr;

			if (!io->registered)
				continue;	/* stopped or closed earlier in this batch */
			io->cb(loop, io, events[i].events);
		}
		run_closing(loop);
	}
	run_closing(loop);
	return 0;
}

/* One line of counters, for a program's SIGUSR1 handler and exit. */
void ev_print_stats(const struct ev_loop *loop, const char *who)
{
	const struct ev_stats *st = &loop->stats;

	printf("%s: accepts %lu accept_errors %lu emfile_drops %lu unaccepted %lu "
	       "read_pauses %lu write_errors %lu timer_full %lu\n", who,
	       st->accepts, st->accept_errors, st->emfile_drops, st->unaccepted,
	       st->read_pauses, st->write_errors, st->timer_full);
	fflush(stdout);
}
