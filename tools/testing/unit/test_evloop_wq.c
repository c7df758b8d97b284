// unit-user-sources: user/lib/ev_wq.c
/*
 * A stream's write queue (user/lib/ev_wq.c) against a fake write(2) that
 * takes what a script says: short writes continue where the socket
 * stopped, in order; EAGAIN stops the flush with the queue intact; EINTR is
 * retried; an error leaves the queue for the caller to cancel with it;
 * callbacks never run inside a flush, and `bytes` (what back-pressure
 * compares with the high-water mark) is right after every step.
 */
#include <errno.h>
#include "unit.h"
#include "ev_core.h"

/* The fake socket: each call takes min(len, script[i]) bytes, or returns script[i] if negative. */
struct fake {
	const long *script;
	int calls, nscript;
	char out[32768];
	size_t outlen;
};

static ssize_t fake_write(void *ctx, const void *buf, size_t len)
{
	struct fake *f = ctx;
	long s = f->calls < f->nscript ? f->script[f->calls] : 1L << 30;

	f->calls++;
	if (s < 0)
		return s;
	if ((size_t)s < len)
		len = (size_t)s;
	memcpy(f->out + f->outlen, buf, len);
	f->outlen += len;
	return (ssize_t)len;
}

static int order[8], norder, last_status;

static void cb(struct ev_write_req *req, int status)
{
	order[norder++] = (int)(long)req->data;
	last_status = status;
}

static void req_init(struct ev_write_req *r, const char *buf, size_t len, int id)
{
	memset(r, 0, sizeof(*r));
	r->buf = buf;
	r->len = len;
	r->cb = cb;
	r->data = (void *)(long)id;
}

static void run_done(struct ev_write_queue *q)
{
	struct ev_write_req *r;

	while ((r = ev_wq_pop_done(q)))
		r->cb(r, r->status);
}

static char big[10000];

TEST(wq_short_writes_resume_in_order)
{
	static const long script[] = { 3, 2, 3998, -EAGAIN };
	struct fake f = { .script = script, .nscript = 4 };
	struct ev_write_queue q;
	struct ev_write_req a, b, c;
	char want[10009];

	for (int i = 0; i < (int)sizeof(big); i++)
		big[i] = (char)(i * 7);
	norder = 0;
	ev_wq_init(&q);
	req_init(&a, "hello", 5, 1);
	req_init(&b, big, sizeof(big), 2);
	req_init(&c, "tail", 4, 3);
	ev_wq_push(&q, &a);
	ev_wq_push(&q, &b);
	ev_wq_push(&q, &c);
	EXPECT_EQ(q.bytes, 10009);
	EXPECT_EQ(ev_wq_flush(&q, fake_write, &f), -EAGAIN);
	EXPECT_EQ(f.outlen, 4003);		/* "hel", "lo", 3998 of big, then full */
	EXPECT_EQ(q.bytes, 10009 - 4003);
	EXPECT_EQ(norder, 0);			/* no callback inside a flush */
	EXPECT(q.head == &b && b.done == 3998);
	run_done(&q);
	EXPECT(norder == 1 && order[0] == 1 && last_status == 0);
	EXPECT(!ev_wq_empty(&q));
	EXPECT_EQ(ev_wq_flush(&q, fake_write, &f), 0);	/* the socket drained: the rest goes */
	EXPECT(ev_wq_empty(&q));
	EXPECT_EQ(q.bytes, 0);
	run_done(&q);
	EXPECT(norder == 3 && order[1] == 2 && order[2] == 3);
	memcpy(want, "hello", 5);
	memcpy(want + 5, big, sizeof(big));
	memcpy(want + 10005, "tail", 4);
	EXPECT_EQ(f.outlen, sizeof(want));
	EXPECT_MEMEQ(f.out, want, sizeof(want));
}

TEST(wq_eintr_retried_zero_is_full)
{
	static const long script[] = { -EINTR, 2, 0 };
	struct fake f = { .script = script, .nscript = 3 };
	struct ev_write_queue q;
	struct ev_write_req a;

	ev_wq_init(&q);
	req_init(&a, "abcdef", 6, 1);
	ev_wq_push(&q, &a);
	EXPECT_EQ(ev_wq_flush(&q, fake_write, &f), -EAGAIN);	/* a write that takes 0 waits for EPOLLOUT */
	EXPECT_EQ(f.calls, 3);
	EXPECT_EQ(a.done, 2);
	EXPECT_EQ(q.bytes, 4);
	EXPECT_EQ(ev_wq_flush(&q, fake_write, &f), 0);
	EXPECT_MEMEQ(f.out, "abcdef", 6);
}

TEST(wq_error_then_cancel_fails_every_request)
{
	static const long script[] = { 1, -EPIPE };
	struct fake f = { .script = script, .nscript = 2 };
	struct ev_write_queue q;
	struct ev_write_req a, b;

	norder = 0;
	ev_wq_init(&q);
	req_init(&a, "xy", 2, 1);
	req_init(&b, "z", 1, 2);
	ev_wq_push(&q, &a);
	ev_wq_push(&q, &b);
	EXPECT_EQ(ev_wq_flush(&q, fake_write, &f), -EPIPE);
	EXPECT(q.head == &a && q.bytes == 2);		/* left as it was: the caller decides */
	ev_wq_cancel(&q, -EPIPE);
	EXPECT(ev_wq_empty(&q));
	EXPECT_EQ(q.bytes, 0);
	run_done(&q);
	EXPECT(norder == 2 && order[0] == 1 && order[1] == 2 && last_status == -EPIPE);
	EXPECT(ev_wq_pop_done(&q) == NULL);
	/* The queue is usable again afterwards (its tails were reset). */
	req_init(&a, "ok", 2, 3);
	ev_wq_push(&q, &a);
	f.outlen = 0;
	EXPECT_EQ(ev_wq_flush(&q, fake_write, &f), 0);
	EXPECT_MEMEQ(f.out, "ok", 2);
}

TEST(wq_zero_length_request_completes)
{
	struct fake f = { .script = NULL };
	struct ev_write_queue q;
	struct ev_write_req a;

	norder = 0;
	ev_wq_init(&q);
	req_init(&a, "", 0, 7);
	ev_wq_push(&q, &a);
	EXPECT_EQ(ev_wq_flush(&q, fake_write, &f), 0);
	EXPECT_EQ(f.calls, 0);
	run_done(&q);
	EXPECT(norder == 1 && order[0] == 7 && last_status == 0);
}

/* A callback that queues the next write (httpd's next chunk) while the done list is drained. */
static struct ev_write_queue *cq;
static struct ev_write_req chained;

static void cb_chain(struct ev_write_req *req, int status)
{
	cb(req, status);
	req_init(&chained, "next", 4, 9);
	ev_wq_push(cq, &chained);
}

TEST(wq_callback_may_queue_more)
{
	struct fake f = { .script = NULL };
	struct ev_write_queue q;
	struct ev_write_req a;

	norder = 0;
	cq = &q;
	ev_wq_init(&q);
	req_init(&a, "first", 5, 1);
	a.cb = cb_chain;
	ev_wq_push(&q, &a);
	EXPECT_EQ(ev_wq_flush(&q, fake_write, &f), 0);
	run_done(&q);
	EXPECT(q.head == &chained && q.bytes == 4);
	EXPECT_EQ(ev_wq_flush(&q, fake_write, &f), 0);
	run_done(&q);
	EXPECT(norder == 2 && order[1] == 9);
	EXPECT_MEMEQ(f.out, "firstnext", 9);
}
