// unit-user-sources: user/lib/ev_heap.c
/*
 * The event loop's timer heap (user/lib/ev_heap.c): the earliest timer is
 * always at the top, equal deadlines fire in start order, removal from the
 * middle keeps the heap a heap, a full heap refuses with -ENOSPC, and a
 * long random run agrees with a sorted-array model.
 */
#include <errno.h>
#include "unit.h"
#include "ev_core.h"

#define N 64

static struct ev_timer t[N];
static struct ev_timer *slots[N];
static struct ev_heap h;

static void reset(unsigned int cap)
{
	memset(t, 0, sizeof(t));
	for (int i = 0; i < N; i++)
		t[i].index = -1;
	ev_heap_init(&h, slots, cap);
}

static struct ev_timer *pop(void)
{
	struct ev_timer *m = ev_heap_min(&h);

	if (m)
		ev_heap_remove(&h, m);
	return m;
}

/* Every timer's recorded slot is where it is, and no child is before its parent. */
static int heap_ok(void)
{
	for (unsigned int i = 0; i < h.n; i++) {
		if (h.slot[i]->index != (int)i)
			return 0;
		if (i > 0) {
			struct ev_timer *p = h.slot[(i - 1) / 2], *c = h.slot[i];
			if (c->due < p->due || (c->due == p->due && c->seq < p->seq))
				return 0;
		}
	}
	return 1;
}

TEST(heap_earliest_first_ties_in_start_order)
{
	static const uint64_t due[] = { 50, 10, 30, 10, 20 };

	reset(N);
	EXPECT(ev_heap_min(&h) == NULL);
	for (int i = 0; i < 5; i++) {
		t[i].due = due[i];
		EXPECT_EQ(ev_heap_insert(&h, &t[i]), 0);
	}
	EXPECT(heap_ok());
	EXPECT(pop() == &t[1]);		/* 10, started first */
	EXPECT(pop() == &t[3]);		/* 10, started second */
	EXPECT(pop() == &t[4]);
	EXPECT(pop() == &t[2]);
	EXPECT(pop() == &t[0]);
	EXPECT(pop() == NULL);
	EXPECT_EQ(t[0].index, -1);
}

TEST(heap_remove_from_the_middle)
{
	uint64_t last = 0;
	int left = 0;

	reset(N);
	for (int i = 0; i < N; i++) {
		t[i].due = (uint64_t)((i * 37) % 23);
		ASSERT(ev_heap_insert(&h, &t[i]) == 0);
	}
	for (int i = 0; i < N; i += 3)
		ev_heap_remove(&h, &t[i]);
	EXPECT(heap_ok());
	ev_heap_remove(&h, &t[0]);		/* not in the heap any more: nothing happens */
	EXPECT(heap_ok());
	for (struct ev_timer *m; (m = pop()); left++) {
		EXPECT(m->due >= last);
		EXPECT((m - t) % 3 != 0);
		last = m->due;
	}
	EXPECT_EQ(left, N - (N + 2) / 3);
}

TEST(heap_full_is_enospc)
{
	reset(4);
	for (int i = 0; i < 4; i++) {
		t[i].due = 100 - i;
		EXPECT_EQ(ev_heap_insert(&h, &t[i]), 0);
	}
	t[4].due = 1;
	EXPECT_EQ(ev_heap_insert(&h, &t[4]), -ENOSPC);
	EXPECT_EQ(t[4].index, -1);
	EXPECT_EQ(h.n, 4);
	EXPECT(pop() == &t[3]);			/* the refused one never got in */
	EXPECT_EQ(ev_heap_insert(&h, &t[4]), 0);	/* room again */
	EXPECT(pop() == &t[4]);
}

/* Random inserts, removals and pops against a model: an array kept sorted by (due, seq). */
TEST(heap_agrees_with_a_sorted_model)
{
	struct ev_timer *model[N];
	int nm = 0;
	uint32_t rnd = 12345;

	reset(N);
	for (int step = 0; step < 5000; step++) {
		rnd = rnd * 1103515245 + 12345;
		int op = (rnd >> 16) % 3, k = (rnd >> 8) % N;

		if (op == 0 && t[k].index < 0) {
			t[k].due = (rnd >> 20) % 50;
			ASSERT(ev_heap_insert(&h, &t[k]) == 0);
			int j = nm++;
			while (j > 0 && (model[j - 1]->due > t[k].due ||
					 (model[j - 1]->due == t[k].due && model[j - 1]->seq > t[k].seq))) {
				model[j] = model[j - 1];
				j--;
			}
			model[j] = &t[k];
		} else if (op == 1 && t[k].index >= 0) {
			ev_heap_remove(&h, &t[k]);
			int j = 0;
			while (model[j] != &t[k])
				j++;
			memmove(model + j, model + j + 1, (nm - j - 1) * sizeof(model[0]));
			nm--;
		} else if (op == 2 && nm) {
			ASSERT(pop() == model[0]);
			memmove(model, model + 1, (nm - 1) * sizeof(model[0]));
			nm--;
		}
		ASSERT(h.n == (unsigned int)nm);
		ASSERT(heap_ok());
	}
}
