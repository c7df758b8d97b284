/*
 * ev_wq.c: a stream's write queue - what ev_write() accepted and the socket
 * has not yet taken.
 *
 * A nonblocking socket takes what fits in its send buffer: write(2) may take
 * all of a request, part of it (a short write), or nothing (EAGAIN). The
 * queue keeps each request's progress (`done`), so the next flush, when
 * epoll says EPOLLOUT, carries on exactly where the socket stopped, and
 * requests leave in the order they came. This is libuv's uv__write /
 * uv__write_req_finish split: a finished request moves to the done list, and
 * its callback runs later from the loop (ev_wq_pop_done), never inside the
 * flush, because a callback may queue another write or close the stream.
 *
 * Pure data structure: the write itself is a function pointer, so the host
 * unit test (tools/testing/unit/test_evloop_wq.c) feeds it short writes,
 * EAGAIN and errors.
 */
#include <errno.h>
#include "ev_core.h"

void ev_wq_init(struct ev_write_queue *q)
{
	q->head = NULL;
	q->tail = &q->head;
	q->done_head = NULL;
	q->done_tail = &q->done_head;
	q->bytes = 0;
}

void ev_wq_push(struct ev_write_queue *q, struct ev_write_req *req)
{
	req->next = NULL;
	req->done = 0;
	req->status = 0;
	*q->tail = req;
	q->tail = &req->next;
	q->bytes += req->len;
}

static void finish_head(struct ev_write_queue *q, int status)
{
	struct ev_write_req *req = q->head;

	q->head = req->next;
	if (!q->head)
		q->tail = &q->head;
	q->bytes -= req->len - req->done;
	req->status = status;
	req->next = NULL;
	*q->done_tail = req;
	q->done_tail = &req->next;
}

/*
 * Write from the head until the queue is empty (0), the socket is full
 * (-EAGAIN: wait for EPOLLOUT), or write fails (its negative errno; the
 * queue is left as it was, the caller cancels it with that error).
 * EINTR is retried. A zero-length request finishes without a write.
 */
int ev_wq_flush(struct ev_write_queue *q, ev_writefn fn, void *ctx)
{
	while (q->head) {
		struct ev_write_req *req = q->head;
		ssize_t n;

		if (req->done == req->len) {
			finish_head(q, 0);
			continue;
		}
		n = fn(ctx, req->buf + req->done, req->len - req->done);
		if (n == -EINTR)
			continue;
		if (n < 0)
			return (int)n;
		if (n == 0)
			return -EAGAIN;		/* took nothing: treat as full */
		req->done += (size_t)n;
		q->bytes -= (size_t)n;
	}
	return 0;
}

/* Every queued request finishes with `status` (-ECANCELED on close). */
void ev_wq_cancel(struct ev_write_queue *q, int status)
{
	while (q->head)
		finish_head(q, status);
}

struct ev_write_req *ev_wq_pop_done(struct ev_write_queue *q)
{
	struct ev_write_req *req = q->done_head;

	if (req) {
		q->done_head = req->next;
		if (!q->done_head)
			q->done_tail = &q->done_head;
		req->next = NULL;
	}
	return req;
}
