/*
 * ev_core.h: the two data structures under the event loop that need no
 * system call - the timer min-heap and a stream's write queue - so the host
 * unit tests (tools/testing/unit/test_evloop_heap.c, test_evloop_wq.c) can
 * build them with the host's compiler and drive them with a fake clock and a
 * fake write(2). evloop.h (the loop, TCP, streams) builds on these.
 *
 * Neither allocates: a timer and a write request live in memory the caller
 * owns (as libuv's uv_timer_t and uv_write_t do), and the heap's slot array
 * is given to it, so its bound is the caller's choice and a full heap is an
 * error (-ENOSPC) the caller sees, never a silent drop.
 */
#ifndef _EV_CORE_H
#define _EV_CORE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* ---- timer heap (ev_heap.c) ---- */

struct ev_timer;

/*
 * A binary min-heap of timers ordered by (due, seq): seq is a start counter,
 * so two timers due at the same millisecond fire in the order they were
 * started (libuv's start_id). Each timer records its slot index, which makes
 * removing a timer from the middle O(log n) rather than a search.
 */
struct ev_heap {
	struct ev_timer **slot;		/* slot[0] is the earliest */
	unsigned int n, cap;
	uint64_t next_seq;
};

struct ev_timer {
	uint64_t due;			/* loop time (ms) at which it fires */
	uint64_t seq;
	uint64_t repeat;		/* ms; 0: one-shot */
	int index;			/* slot in the heap, -1 when not in it */
	void (*cb)(struct ev_timer *t);
	struct ev_loop *loop;
	void *data;			/* the user's */
};

void ev_heap_init(struct ev_heap *h, struct ev_timer **slots, unsigned int cap);
int ev_heap_insert(struct ev_heap *h, struct ev_timer *t);	/* 0 or -ENOSPC */
void ev_heap_remove(struct ev_heap *h, struct ev_timer *t);	/* no-op if not queued */
struct ev_timer *ev_heap_min(const struct ev_heap *h);		/* NULL when empty */

/* ---- write queue (ev_wq.c) ---- */

struct ev_write_req;
typedef void (*ev_write_cb)(struct ev_write_req *req, int status);

/*
 * One ev_write(): the caller's buffer (it must stay valid until the callback),
 * how much of it the kernel has taken, and the callback, called once with 0
 * when every byte is written, or a negative errno (-ECANCELED when the
 * stream closed first, or the error write(2) gave).
 */
struct ev_write_req {
	struct ev_write_req *next;
	const char *buf;
	size_t len, done;
	int status;
	ev_write_cb cb;
	struct ev_stream *stream;
	void *data;			/* the user's */
};

/*
 * Requests waiting for the socket (head..tail, in order) and requests
 * finished whose callbacks have not run yet (done_head..). Callbacks are
 * never run from inside a flush: a callback may write again or close the
 * stream, and neither may happen while the flush walks the queue. `bytes`
 * counts what is still to be written: back-pressure compares it with the
 * stream's high-water mark.
 */
struct ev_write_queue {
	struct ev_write_req *head, **tail;
	struct ev_write_req *done_head, **done_tail;
	size_t bytes;
};

/* write(2)'s shape: bytes taken, or a negative errno (-EAGAIN: socket full). */
typedef ssize_t (*ev_writefn)(void *ctx, const void *buf, size_t len);

void ev_wq_init(struct ev_write_queue *q);
void ev_wq_push(struct ev_write_queue *q, struct ev_write_req *req);
int ev_wq_flush(struct ev_write_queue *q, ev_writefn fn, void *ctx);
void ev_wq_cancel(struct ev_write_queue *q, int status);
struct ev_write_req *ev_wq_pop_done(struct ev_write_queue *q);

static inline int ev_wq_empty(const struct ev_write_queue *q)
{
	return q->head == NULL;
}

#endif
