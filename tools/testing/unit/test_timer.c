// unit-sources:
/*
 * The timer wheel (kernel/timer.c, linked into every unit test) on the fake
 * clock: order, re-arm, delete, handlers that change the wheel, cascading
 * from every level, the jiffies wrap, 10,000 random timers each firing at
 * exactly its jiffy, the cost of far-away timers counted in list
 * entries touched (timer_stats), not timed, and the saturating timeout
 * conversions (jiffies.h) every user-supplied timeout goes through.
 */
#include "unit.h"
#include <linux/timer.h>
#include <linux/slab.h>

struct tt {
	struct timer_list t;
	int fired;			/* times the handler ran */
	unsigned long at;		/* jiffies when it last ran */
	int order;			/* global sequence number of its last run */
};
static int seq;

static void tt_fn(struct timer_list *t)
{
	struct tt *x = from_timer(x, t, t);

	x->fired++;
	x->at = jiffies;
	x->order = ++seq;
}

static void tt_init(struct tt *x, void (*fn)(struct timer_list *))
{
	timer_setup(&x->t, fn, 0);
	x->fired = 0;
	x->at = 0;
	x->order = 0;
}

/* Advance the fake clock to jiffy j (tick by tick). */
static void advance_to(unsigned long j)
{
	if (time_after(j, jiffies))
		unit_advance(j - jiffies);
}

static u32 rnd_state = 2463534242u;
static u32 rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

/* First, while the shim's jiffies are still below the wrap. */
TEST(timers_fire_across_jiffies_wrap)
{
	struct tt x[6];
	unsigned long base;
	int i;

	ASSERT((long)jiffies < 0);		/* not wrapped yet */
	advance_to(-1000UL);			/* a second before the wrap */
	base = jiffies;
	const unsigned long at[6] = { -10UL, -1UL, 0, 1, 300, 20000 };	/* around 0 */
	for (i = 0; i < 6; i++) {
		tt_init(&x[i], tt_fn);
		mod_timer(&x[i].t, at[i]);
	}
	advance_to(base + 2000);		/* past the wrap and the first laps */
	for (i = 0; i < 5; i++) {
		EXPECT_EQ(x[i].fired, 1);
		EXPECT_EQ(x[i].at, at[i]);
	}
	EXPECT_EQ(x[5].fired, 0);
	advance_to(20000);
	EXPECT_EQ(x[5].fired, 1);
	EXPECT_EQ(x[5].at, 20000);
}

TEST(timers_fire_in_expiry_order_at_their_jiffy)
{
	struct tt x[5];
	unsigned long now = jiffies;
	const int due[5] = { 30, 10, 255, 256, 20 };
	int i;

	seq = 0;
	for (i = 0; i < 5; i++) {
		tt_init(&x[i], tt_fn);
		x[i].t.expires = now + due[i];
		add_timer(&x[i].t);
		EXPECT(timer_pending(&x[i].t));
	}
	unit_advance(300);
	for (i = 0; i < 5; i++) {
		EXPECT_EQ(x[i].fired, 1);
		EXPECT_EQ(x[i].at, now + due[i]);
		EXPECT(!timer_pending(&x[i].t));
	}
	EXPECT_EQ(x[1].order, 1);
	EXPECT_EQ(x[4].order, 2);
	EXPECT_EQ(x[0].order, 3);
	EXPECT_EQ(x[2].order, 4);
	EXPECT_EQ(x[3].order, 5);
}

TEST(timer_due_or_past_fires_on_next_tick)
{
	struct tt a, b;

	tt_init(&a, tt_fn);
	tt_init(&b, tt_fn);
	mod_timer(&a.t, jiffies);
	mod_timer(&b.t, jiffies - 1000);
	unit_advance(1);
	EXPECT_EQ(a.fired, 1);
	EXPECT_EQ(b.fired, 1);
}

static void add_pending_twice(void *arg)
{
	add_timer(arg);
}

TEST(mod_timer_moves_a_pending_timer)
{
	struct tt a, b;
	unsigned long now = jiffies;

	tt_init(&a, tt_fn);
	tt_init(&b, tt_fn);
	EXPECT_EQ(mod_timer(&a.t, now + 5000), 0);
	EXPECT_EQ(mod_timer(&a.t, now + 50), 1);		/* earlier, and a level down */
	EXPECT_EQ(mod_timer(&b.t, now + 40), 0);
	EXPECT_EQ(mod_timer(&b.t, now + 70000), 1);		/* later, two levels up */
	EXPECT(unit_expect_bug(add_pending_twice, &b.t));	/* add_timer of a pending one */
	unit_advance(100);
	EXPECT_EQ(a.fired, 1);
	EXPECT_EQ(a.at, now + 50);
	EXPECT_EQ(b.fired, 0);
	advance_to(now + 70000);
	EXPECT_EQ(b.fired, 1);
	EXPECT_EQ(b.at, now + 70000);
}

TEST(del_timer_cancels)
{
	struct tt near, far;

	tt_init(&near, tt_fn);
	tt_init(&far, tt_fn);
	mod_timer(&near.t, jiffies + 3);
	mod_timer(&far.t, jiffies + 3 * 3600 * HZ);		/* tv4 */
	EXPECT_EQ(del_timer(&near.t), 1);
	EXPECT_EQ(del_timer_sync(&far.t), 1);
	EXPECT_EQ(del_timer(&near.t), 0);
	EXPECT(!timer_pending(&near.t) && !timer_pending(&far.t));
	unit_advance(10);
	EXPECT_EQ(near.fired, 0);
}

/* A periodic handler: re-arms itself every 7 jiffies, five times. */
static void periodic_fn(struct timer_list *t)
{
	struct tt *x = from_timer(x, t, t);

	EXPECT(!timer_pending(t));		/* detached before its handler runs */
	tt_fn(t);
	if (x->fired < 5)
		EXPECT_EQ(mod_timer(t, jiffies + 7), 0);
}

TEST(handler_rearms_itself)
{
	struct tt x;
	unsigned long now = jiffies;

	tt_init(&x, periodic_fn);
	mod_timer(&x.t, now + 7);
	unit_advance(34);
	EXPECT_EQ(x.fired, 4);
	EXPECT_EQ(x.at, now + 28);
	unit_advance(100);
	EXPECT_EQ(x.fired, 5);
	EXPECT_EQ(x.at, now + 35);
	EXPECT(!timer_pending(&x.t));
}

/* Re-arming for "now" from the handler runs again on the next tick, not in a loop. */
static void rearm_now_fn(struct timer_list *t)
{
	struct tt *x = from_timer(x, t, t);

	tt_fn(t);
	if (x->fired < 3)
		mod_timer(t, jiffies);
}

TEST(handler_rearming_for_now_runs_next_tick)
{
	struct tt x;
	unsigned long now = jiffies;

	tt_init(&x, rearm_now_fn);
	mod_timer(&x.t, now + 1);
	unit_advance(1);
	EXPECT_EQ(x.fired, 1);
	unit_advance(1);
	EXPECT_EQ(x.fired, 2);
	EXPECT_EQ(x.at, now + 2);
	unit_advance(5);
	EXPECT_EQ(x.fired, 3);
}

/* A handler that deletes one timer due on the same jiffy and postpones another. */
static struct tt victim, postponed;
static void meddler_fn(struct timer_list *t)
{
	tt_fn(t);
	EXPECT_EQ(del_timer(&victim.t), 1);
	EXPECT_EQ(mod_timer(&postponed.t, jiffies + 20), 1);
}

TEST(handler_deletes_and_rearms_others_in_its_bucket)
{
	struct tt meddler;
	unsigned long now = jiffies;

	tt_init(&meddler, meddler_fn);
	tt_init(&victim, tt_fn);
	tt_init(&postponed, tt_fn);
	mod_timer(&meddler.t, now + 5);
	mod_timer(&victim.t, now + 5);
	mod_timer(&postponed.t, now + 5);
	unit_advance(5);
	EXPECT_EQ(meddler.fired, 1);
	EXPECT_EQ(victim.fired, 0);
	EXPECT_EQ(postponed.fired, 0);
	unit_advance(20);
	EXPECT_EQ(postponed.fired, 1);
	EXPECT_EQ(postponed.at, now + 25);
	EXPECT_EQ(victim.fired, 0);
}

/* Every level boundary, and a 2-hour keepalive: each fires at exactly its jiffy. */
TEST(timers_beyond_a_lap_cascade_to_their_jiffy)
{
	const unsigned long d[] = {
		255, 256, 257, 511, 512,			/* tv1 / tv2 */
		(1UL << 14) - 1, 1UL << 14, (1UL << 14) + 1,	/* tv2 / tv3 */
		60 * HZ,					/* TIME_WAIT */
		(1UL << 20) - 1, 1UL << 20, (1UL << 20) + 1,	/* tv3 / tv4 */
		2 * 3600 * HZ, 2 * 3600 * HZ + 1,		/* keepalive */
	};	/* in increasing order */
	enum { N = sizeof(d) / sizeof(d[0]) };
	struct tt x[N];
	unsigned long now = jiffies;
	int i;

	for (i = 0; i < N; i++) {
		tt_init(&x[i], tt_fn);
		mod_timer(&x[i].t, now + d[i]);
	}
	for (i = 0; i < N; i++) {
		advance_to(now + d[i] - 1);
		EXPECT_EQ(x[i].fired, 0);		/* not early */
		unit_advance(1);
		EXPECT_EQ(x[i].fired, 1);		/* not late */
		EXPECT_EQ(x[i].at, now + d[i]);
	}
}

TEST(ten_thousand_random_timers_fire_at_their_jiffy)
{
	enum { N = 10000 };
	struct tt *x = kmalloc(N * sizeof(*x), GFP_KERNEL);
	unsigned long now = jiffies, last = 0;
	int i, early = 0, late = 0, twice = 0;

	ASSERT(x);
	for (i = 0; i < N; i++) {
		/* Mostly within 20 minutes (tv1..tv4), some on the same jiffy. */
		unsigned long d = i % 10 == 0 ? 1 + rnd() % 300 : 1 + rnd() % (1200 * HZ);

		tt_init(&x[i], tt_fn);
		mod_timer(&x[i].t, now + d);
		if (time_after(now + d, last))
			last = now + d;
	}
	/* Re-arm a tenth of them, deleting another tenth, before any fires. */
	for (i = 1; i < N; i += 10)
		mod_timer(&x[i].t, now + 1 + rnd() % (1200 * HZ));
	for (i = 2; i < N; i += 10)
		EXPECT_EQ(del_timer(&x[i].t), 1);
	for (i = 1; i < N; i += 10)
		if (time_after(x[i].t.expires, last))
			last = x[i].t.expires;
	advance_to(last);
	for (i = 0; i < N; i++) {
		if (i % 10 == 2) {
			EXPECT_EQ(x[i].fired, 0);
			continue;
		}
		twice += x[i].fired > 1;
		if (!x[i].fired || time_after(x[i].at, x[i].t.expires))
			late++;
		else if (time_before(x[i].at, x[i].t.expires))
			early++;
	}
	EXPECT_EQ(early, 0);
	EXPECT_EQ(late, 0);
	EXPECT_EQ(twice, 0);
	kfree(x);
}

/*
 * 40,000 timers an hour or two away (10,000 sockets x keepalive, TIME_WAIT,
 * ...): ten seconds of ticks must touch none of them, and the tick must
 * mostly not even raise the softirq. Then all of them: each is moved at
 * most once per level on its way down (three times from tv4).
 */
TEST(far_timers_cost_nothing_per_tick)
{
	enum { N = 40000 };
	struct tt *x = kmalloc(N * sizeof(*x), GFP_KERNEL);
	struct timer_wheel_stats s0;
	unsigned long now = jiffies, touched, worst = 0, last = 0;
	int i, fired0;

	ASSERT(x);
	for (i = 0; i < N; i++) {
		tt_init(&x[i], tt_fn);
		mod_timer(&x[i].t, now + 3600 * HZ + rnd() % (3600 * HZ));
		if (time_after(x[i].t.expires, last))
			last = x[i].t.expires;
	}
	EXPECT_EQ(unit_timers_pending(), N);
	s0 = timer_stats;
	for (i = 0; i < 10 * HZ; i++) {
		unsigned long before = timer_stats.cascaded + timer_stats.expired;

		unit_advance(1);
		touched = timer_stats.cascaded + timer_stats.expired - before;
		if (touched > worst)
			worst = touched;
	}
	EXPECT_EQ(timer_stats.ticks - s0.ticks, 10 * HZ);
	EXPECT_EQ(worst, 0);
	/* The softirq runs only at the 256-jiffy cascade points. */
	EXPECT(timer_stats.runs - s0.runs <= 10 * HZ / 256 + 2);

	s0 = timer_stats;
	fired0 = seq;
	advance_to(last);
	EXPECT_EQ(seq - fired0, N);
	EXPECT_EQ(timer_stats.expired - s0.expired, N);
	EXPECT(timer_stats.cascaded - s0.cascaded <= 3 * N);
	for (i = 0; i < N; i++)
		if (x[i].at != x[i].t.expires || x[i].fired != 1)
			break;
	EXPECT_EQ(i, N);
	EXPECT_EQ(unit_timers_pending(), 0);
	kfree(x);
}

/* The one conversion user timeouts go through saturates, as Linux's does. */
TEST(timeout_conversions_saturate_at_max_jiffy_offset)
{
	struct tt x;

	EXPECT_EQ(nsecs_to_jiffies_timeout(0), 0);
	EXPECT_EQ(nsecs_to_jiffies_timeout(1), 1);			/* rounded up */
	EXPECT_EQ(nsecs_to_jiffies_timeout(TICK_NSEC), 1);
	EXPECT_EQ(nsecs_to_jiffies_timeout(TICK_NSEC + 1), 2);
	EXPECT_EQ(nsecs_to_jiffies_timeout(30ULL * 86400 * NSEC_PER_SEC), MAX_JIFFY_OFFSET);
	EXPECT_EQ(nsecs_to_jiffies_timeout((u64)-1), MAX_JIFFY_OFFSET);
	EXPECT_EQ(msecs_to_jiffies(1000), HZ);
	EXPECT_EQ(msecs_to_jiffies(0x7fffffffu), MAX_JIFFY_OFFSET);
	EXPECT_EQ(msecs_to_jiffies(0x80000000u), MAX_JIFFY_OFFSET);	/* not a small number */

	/* The longest timeout is not mistaken for one already due. */
	tt_init(&x, tt_fn);
	mod_timer(&x.t, jiffies + MAX_JIFFY_OFFSET);
	unit_advance(1000);
	EXPECT_EQ(x.fired, 0);
	EXPECT_EQ(del_timer(&x.t), 1);
}
