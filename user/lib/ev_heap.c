/*
 * ev_heap.c: the event loop's timers, a binary min-heap in an array.
 *
 * The loop (evloop.c) asks for the earliest timer to compute epoll_wait's
 * timeout, and after the wait pops every timer that is due. An array heap
 * gives both: the minimum is slot 0, insert and remove are O(log n) sift-ups
 * and sift-downs. libuv uses the same ordering (timeout, then start_id) with
 * a pointer-linked heap (src/heap-inl.h); an array is easier to read and, as
 * its size is given by the caller, bounded: insert into a full heap fails
 * with -ENOSPC (ev_timer_start passes that on).
 *
 * Pure data structure: no system calls, no allocation; the host unit test
 * tools/testing/unit/test_evloop_heap.c checks it against a sorted model.
 */
#include <errno.h>
#include "ev_core.h"

static int before(const struct ev_timer *a, const struct ev_timer *b)
{
	if (a->due != b->due)
		return a->due < b->due;
	return a->seq < b->seq;
}

static void put(struct ev_heap *h, unsigned int i, struct ev_timer *t)
{
	h->slot[i] = t;
	t->index = (int)i;
}

static void sift_up(struct ev_heap *h, unsigned int i)
{
	struct ev_timer *t = h->slot[i];

	while (i > 0) {
		unsigned int parent = (i - 1) / 2;

		if (!before(t, h->slot[parent]))
			break;
		put(h, i, h->slot[parent]);
		i = parent;
	}
	put(h, i, t);
}

static void sift_down(struct ev_heap *h, unsigned int i)
{
	struct ev_timer *t = h->slot[i];

	for (;;) {
		unsigned int c = 2 * i + 1;

		if (c >= h->n)
			break;
		if (c + 1 < h->n && before(h->slot[c + 1], h->slot[c]))
			c++;
		if (!before(h->slot[c], t))
			break;
		put(h, i, h->slot[c]);
		i = c;
	}
	put(h, i, t);
}

void ev_heap_init(struct ev_heap *h, struct ev_timer **slots, unsigned int cap)
{
	h->slot = slots;
	h->n = 0;
	h->cap = cap;
	h->next_seq = 0;
}

int ev_heap_insert(struct ev_heap *h, struct ev_timer *t)
{
	if (h->n == h->cap)
		return -ENOSPC;
	t->seq = h->next_seq++;
	h->slot[h->n] = t;
	t->index = (int)h->n;
	h->n++;
	sift_up(h, t->index);
	return 0;
}

void ev_heap_remove(struct ev_heap *h, struct ev_timer *t)
{
	unsigned int i;
	struct ev_timer *last;

	if (t->index < 0 || (unsigned int)t->index >= h->n || h->slot[t->index] != t)
		return;
	i = (unsigned int)t->index;
	t->index = -1;
	last = h->slot[--h->n];
	if (i == h->n)
		return;			/* it was the last slot */
	/* The last element fills the hole; it may belong above or below it. */
	put(h, i, last);
	if (i > 0 && before(last, h->slot[(i - 1) / 2]))
		sift_up(h, i);
	else
		sift_down(h, i);
}

struct ev_timer *ev_heap_min(const struct ev_heap *h)
{
	return h->n ? h->slot[0] : NULL;
}
