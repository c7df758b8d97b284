/*
 * Kernel timers: a cascading timer wheel, Linux's classic one (2.6 to 4.7).
 *
 * Five levels of buckets. Level 0 (tv1) has 256 buckets of one jiffy each;
 * levels 1..4 (tv2..tv5) have 64 buckets each, every bucket 64 times wider
 * than one of the level below. A timer goes to the lowest level whose
 * span covers its distance from wheel.clk, in the bucket chosen by the
 * matching bits of its expiry:
 *
 *	level	bucket width	reaches up to	(at HZ=1000)
 *	tv1	1 jiffy		2^8  jiffies	256 ms
 *	tv2	2^8		2^14		16 s
 *	tv3	2^14		2^20		17 min
 *	tv4	2^20		2^26		18.6 h
 *	tv5	2^26		2^32		49.7 days
 *
 * Every time wheel.clk's low 8 bits come back to 0, the tv2 bucket for the
 * next 256 jiffies is emptied and its timers re-added ("cascaded"), now
 * landing in tv1 at their exact jiffy; when tv2's index comes back to 0,
 * a tv3 bucket cascades into tv2, and so on. So a timer is touched at most
 * once per level on its way down (four times at most, however far away),
 * never on every lap, and still fires exactly at its jiffy.
 *
 * Call order:
 *   timer_setup -> add_timer / mod_timer (enqueue, O(1)) -> del_timer (O(1))
 *   PIT IRQ: jiffies++ -> timer_tick (hard IRQ, O(1): one list_empty)
 *	-> raise TIMER_SOFTIRQ -> run_timers (softirq): for each jiffy from
 *	wheel.clk to jiffies: cascade if at a level boundary, detach that tv1
 *	bucket whole, run its timers one by one with the lock dropped.
 * A handler may re-arm or delete itself or any other timer: the bucket
 * being run has been detached onto a private list, and del_timer/mod_timer
 * unlink from whichever list the timer is on. A timer re-armed for now or
 * the past goes to the bucket wheel.clk points at, so it runs on the next
 * pass, never in a loop within this one.
 *
 * del_timer_sync: on one CPU a handler cannot be running while process
 * context executes (softirqs finish before we return to it), so it is
 * del_timer() plus a check that it is not called from the handler itself.
 *
 * Neighbours: drivers/pit.c calls timer_tick; kernel/softirq.c runs the
 * softirq; kernel/sched.c's schedule_timeout sleeps on a timer.
 *
 * Lock: timer_lock (irqsave; plain in the hard-IRQ tick, where IRQs are
 * already off) guards the whole of `wheel` and every pending timer's entry
 * and expires.
 */
#include <linux/kernel.h>
#include <linux/timer.h>
#include <linux/interrupt.h>
#include <linux/spinlock.h>
#include <linux/ktest.h>

#define TVR_BITS	8			/* level 0: one jiffy a bucket */
#define TVN_BITS	6			/* levels 1..4 */
#define TVR_SIZE	(1 << TVR_BITS)
#define TVN_SIZE	(1 << TVN_BITS)
#define TVR_MASK	(TVR_SIZE - 1)
#define TVN_MASK	(TVN_SIZE - 1)
#define TV_LEVELS	4			/* of TVN_SIZE buckets, above tv1 */
/* The widest distance the wheel can hold: 2^32 - 1 jiffies (~49.7 days). */
#define WHEEL_MAX_DELTA	0xffffffffUL

static struct {
	unsigned long clk;			/* next jiffy run_timers processes */
	struct list_head tv1[TVR_SIZE];
	struct list_head tvn[TV_LEVELS][TVN_SIZE];
	struct timer_list *running;		/* handler being run, if any */
} wheel;					/* timer_lock */
static DEFINE_SPINLOCK(timer_lock);

struct timer_wheel_stats timer_stats;		/* timer_lock */

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *), unsigned int flags)
{
	INIT_LIST_HEAD(&t->entry);
	t->function = fn;
	t->flags = flags;
	t->expires = 0;
}

/* Bucket index on level n (0 = tv2) of jiffy j. */
static unsigned int tvn_index(unsigned long j, int n)
{
	return (j >> (TVR_BITS + n * TVN_BITS)) & TVN_MASK;
}

/* Put t in the bucket for its distance from wheel.clk; O(1). */
static void enqueue(struct timer_list *t)
{
	unsigned long expires = t->expires;
	unsigned long delta = expires - wheel.clk;
	struct list_head *bucket;
	int n;

	if ((long)delta < 0) {
		/* Due already (or armed for "now" from a handler): next pass. */
		bucket = &wheel.tv1[wheel.clk & TVR_MASK];
	} else if (delta < TVR_SIZE) {
		bucket = &wheel.tv1[expires & TVR_MASK];
	} else {
		/*
		 * On a 64-bit host (the unit tests) a delta can exceed what the
		 * wheel spans; park such a timer at the wheel's far edge, where
		 * cascading will re-file it by its real expiry.
		 */
		if (delta > WHEEL_MAX_DELTA)
			expires = wheel.clk + WHEEL_MAX_DELTA;
		delta = expires - wheel.clk;
		for (n = 0; n < TV_LEVELS - 1; n++)
			if (delta < 1UL << (TVR_BITS + (n + 1) * TVN_BITS))
				break;
		bucket = &wheel.tvn[n][tvn_index(expires, n)];
	}
	list_add_tail(&t->entry, bucket);
	timer_stats.pending++;
}

static void detach(struct timer_list *t)
{
	list_del_init(&t->entry);
	timer_stats.pending--;
}

int mod_timer(struct timer_list *t, unsigned long expires)
{
	unsigned long flags;
	int was_pending;

	spin_lock_irqsave(&timer_lock, flags);
	was_pending = timer_pending(t);
	if (was_pending)
		detach(t);
	t->expires = expires;
	enqueue(t);
	spin_unlock_irqrestore(&timer_lock, flags);
	return was_pending;
}

void add_timer(struct timer_list *t)
{
	BUG_ON(timer_pending(t));
	mod_timer(t, t->expires);
}

int del_timer(struct timer_list *t)
{
	unsigned long flags;
	int was_pending;

	spin_lock_irqsave(&timer_lock, flags);
	was_pending = timer_pending(t);
	if (was_pending)
		detach(t);
	spin_unlock_irqrestore(&timer_lock, flags);
	return was_pending;
}

int del_timer_sync(struct timer_list *t)
{
	WARN_ON(wheel.running == t);	/* would wait for itself forever on SMP */
	return del_timer(t);
}

/*
 * Hard-IRQ half, from the PIT tick: O(1) whatever is pending. A jiffy
 * whose tv1 bucket is empty and that is no cascade point needs no work, so
 * the tick steps over it itself; otherwise the softirq does the work.
 */
void timer_tick(void)
{
	spin_lock(&timer_lock);
	timer_stats.ticks++;
	if (!time_after(wheel.clk, jiffies)) {
		unsigned int idx = wheel.clk & TVR_MASK;

		if (idx && list_empty(&wheel.tv1[idx]))
			wheel.clk++;
		if (!time_after(wheel.clk, jiffies))
			raise_softirq_irqoff(TIMER_SOFTIRQ);
	}
	spin_unlock(&timer_lock);
}

/* Move a whole bucket onto the (uninitialised) head `to`; O(1). */
static void bucket_take(struct list_head *bucket, struct list_head *to)
{
	INIT_LIST_HEAD(to);
	if (list_empty(bucket))
		return;
	to->next = bucket->next;
	to->prev = bucket->prev;
	to->next->prev = to;
	to->prev->next = to;
	INIT_LIST_HEAD(bucket);
}

/* Re-file every timer of bucket (n, idx) one level down; false if idx is 0. */
static bool cascade(int n, unsigned int idx)
{
	struct list_head list;
	struct timer_list *t, *next;

	bucket_take(&wheel.tvn[n][idx], &list);
	list_for_each_entry_safe(t, next, &list, entry) {
		list_del_init(&t->entry);
		timer_stats.pending--;
		enqueue(t);
		timer_stats.cascaded++;
	}
	return idx != 0;
}

static void run_timers(struct softirq_action *h)
{
	unsigned long flags;

	spin_lock_irqsave(&timer_lock, flags);
	timer_stats.runs++;
	while (!time_after(wheel.clk, jiffies)) {
		unsigned int idx = wheel.clk & TVR_MASK;
		struct list_head due;

		/* At a level boundary, the next bucket up comes down. */
		for (int n = 0; !idx && n < TV_LEVELS; n++)
			if (cascade(n, tvn_index(wheel.clk, n)))
				break;
		wheel.clk++;

		/* Detach the bucket whole: handlers may then change the wheel freely. */
		bucket_take(&wheel.tv1[idx], &due);
		while (!list_empty(&due)) {
			struct timer_list *t = list_first_entry(&due, struct timer_list, entry);

			detach(t);
			timer_stats.expired++;
			wheel.running = t;
			spin_unlock_irqrestore(&timer_lock, flags);
			t->function(t);
			spin_lock_irqsave(&timer_lock, flags);
			wheel.running = NULL;
		}
	}
	spin_unlock_irqrestore(&timer_lock, flags);
}

void timers_init(void)
{
	for (int i = 0; i < TVR_SIZE; i++)
		INIT_LIST_HEAD(&wheel.tv1[i]);
	for (int n = 0; n < TV_LEVELS; n++)
		for (int i = 0; i < TVN_SIZE; i++)
			INIT_LIST_HEAD(&wheel.tvn[n][i]);
	wheel.clk = jiffies;
	open_softirq(TIMER_SOFTIRQ, run_timers);
}

/* ---- self-tests ---- */
#include <linux/sched.h>
#include <linux/slab.h>

struct kt_timer { struct timer_list t; int order; unsigned long fired_at; };
static int kt_seq;
static void kt_timer_fn(struct timer_list *t)
{
	struct kt_timer *k = from_timer(k, t, t);
	k->order = ++kt_seq;
	k->fired_at = jiffies;
}

KTEST(timers_fire_in_order)
{
	struct kt_timer a, b, c;
	kt_seq = 0;
	timer_setup(&a.t, kt_timer_fn, 0);
	timer_setup(&b.t, kt_timer_fn, 0);
	timer_setup(&c.t, kt_timer_fn, 0);
	a.order = b.order = c.order = 0;
	mod_timer(&c.t, jiffies + 30);
	mod_timer(&a.t, jiffies + 10);
	mod_timer(&b.t, jiffies + 20 + TVR_SIZE);	/* a lap later than it looks */
	mod_timer(&b.t, jiffies + 20);			/* re-arm moves it */
	msleep(60);
	KT_EXPECT_EQ(a.order, 1);
	KT_EXPECT_EQ(b.order, 2);
	KT_EXPECT_EQ(c.order, 3);
}

KTEST(timer_cancel)
{
	struct kt_timer a;
	kt_seq = 0;
	a.order = 0;
	timer_setup(&a.t, kt_timer_fn, 0);
	mod_timer(&a.t, jiffies + 5);
	KT_EXPECT(timer_pending(&a.t));
	KT_EXPECT_EQ(del_timer_sync(&a.t), 1);
	msleep(20);
	KT_EXPECT_EQ(a.order, 0);
	KT_EXPECT_EQ(del_timer(&a.t), 0);
}

static void kt_never_fn(struct timer_list *t) { }

/*
 * 40,000 timers a minute to an hour away (a TCP server's keepalive and
 * TIME_WAIT timers) must cost the tick nothing: count the timer entries
 * the wheel touched while 200 ticks pass, and check that near timers
 * armed on top still fire at their jiffy.
 */
#define KT_FAR_CHUNKS	40
#define KT_FAR_PER	1000
KTEST(timer_wheel_scale)
{
	struct timer_list *far[KT_FAR_CHUNKS];
	struct kt_timer near[5];
	unsigned long touched, ticks, now = jiffies;
	u32 seed = 12345;
	int c, i;

	for (c = 0; c < KT_FAR_CHUNKS; c++) {
		far[c] = kmalloc(KT_FAR_PER * sizeof(**far), GFP_KERNEL);
		KT_ASSERT(far[c]);
		for (i = 0; i < KT_FAR_PER; i++) {
			seed = seed * 1103515245 + 12345;
			timer_setup(&far[c][i], kt_never_fn, 0);
			mod_timer(&far[c][i], now + 60 * HZ + seed % (3540 * HZ));
		}
	}
	KT_EXPECT(timer_stats.pending >= KT_FAR_CHUNKS * KT_FAR_PER);

	kt_seq = 0;
	for (i = 0; i < 5; i++) {
		near[i].order = 0;
		timer_setup(&near[i].t, kt_timer_fn, 0);
		mod_timer(&near[i].t, jiffies + 10 + 30 * i);
	}
	touched = timer_stats.cascaded + timer_stats.expired;
	ticks = timer_stats.ticks;
	msleep(200);
	ticks = timer_stats.ticks - ticks;
	touched = timer_stats.cascaded + timer_stats.expired - touched;
	printk("ktest timer_wheel_scale: %lu ticks, %lu timer entries touched, %lu pending\n",
	       ticks, touched, timer_stats.pending);
	KT_EXPECT(ticks >= 200);
	/* The five near timers, plus at most the few other timers the system has. */
	KT_EXPECT(touched < 5 + 50);
	for (i = 0; i < 5; i++) {
		KT_EXPECT_EQ(near[i].order, i + 1);
		/* Never early; late only if the softirq was held off a tick or two. */
		KT_EXPECT(!time_before(near[i].fired_at, near[i].t.expires));
		KT_EXPECT(!time_after(near[i].fired_at, near[i].t.expires + 2));
	}

	for (c = 0; c < KT_FAR_CHUNKS; c++) {
		for (i = 0; i < KT_FAR_PER; i++)
			KT_EXPECT_EQ(del_timer(&far[c][i]), 1);
		kfree(far[c]);
	}
}
