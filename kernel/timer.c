/*
 * The timer wheel: TIMER_WHEEL_SIZE buckets indexed by the low bits of a
 * timer's expiry jiffy. The tick (hard IRQ) only checks whether the
 * current bucket holds a due timer and raises TIMER_SOFTIRQ; run_timers
 * (softirq context) then walks every bucket from the last one processed up
 * to now and runs the due timers with the lock dropped. A timer further
 * than one lap away stays in its bucket and is skipped until its lap comes.
 *
 * del_timer_sync: on one CPU a handler cannot be running while process
 * context executes (softirqs finish before we return to it), so it is
 * del_timer() plus a check that it is not called from the handler itself.
 *
 * Lock: timer_lock (irqsave) guards the wheel and every timer's entry.
 */
#include <linux/kernel.h>
#include <linux/timer.h>
#include <linux/interrupt.h>
#include <linux/spinlock.h>
#include <linux/ktest.h>

#define TIMER_WHEEL_BITS	8
#define TIMER_WHEEL_SIZE	(1 << TIMER_WHEEL_BITS)
#define TIMER_WHEEL_MASK	(TIMER_WHEEL_SIZE - 1)

static struct list_head wheel[TIMER_WHEEL_SIZE];
static unsigned long wheel_clk;		/* next jiffy run_timers has to process */
static DEFINE_SPINLOCK(timer_lock);
static struct timer_list *running_timer;

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *), unsigned int flags)
{
	INIT_LIST_HEAD(&t->entry);
	t->function = fn;
	t->flags = flags;
	t->expires = 0;
}

static void enqueue(struct timer_list *t)
{
	/* Already-due timers go in the bucket run_timers looks at next. */
	unsigned long slot = time_before(t->expires, wheel_clk) ? wheel_clk : t->expires;
	list_add_tail(&t->entry, &wheel[slot & TIMER_WHEEL_MASK]);
}

int mod_timer(struct timer_list *t, unsigned long expires)
{
	unsigned long flags;
	int was_pending;

	spin_lock_irqsave(&timer_lock, flags);
	was_pending = timer_pending(t);
	if (was_pending)
		list_del_init(&t->entry);
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
		list_del_init(&t->entry);
	spin_unlock_irqrestore(&timer_lock, flags);
	return was_pending;
}

int del_timer_sync(struct timer_list *t)
{
	WARN_ON(running_timer == t);	/* would wait for itself forever on SMP */
	return del_timer(t);
}

/* Hard-IRQ half, from the PIT tick: is anything due? */
void timer_tick(void)
{
	struct timer_list *t;

	if (time_after(wheel_clk, jiffies))
		return;
	list_for_each_entry(t, &wheel[wheel_clk & TIMER_WHEEL_MASK], entry) {
		if (time_after_eq(jiffies, t->expires)) {
			raise_softirq_irqoff(TIMER_SOFTIRQ);
			return;
		}
	}
	/* Nothing due in this bucket: advance without a softirq. */
	if (!time_after(wheel_clk, jiffies))
		wheel_clk++;
}

static void run_timers(struct softirq_action *h)
{
	unsigned long flags;

	spin_lock_irqsave(&timer_lock, flags);
	while (!time_after(wheel_clk, jiffies)) {
		struct list_head *bucket = &wheel[wheel_clk & TIMER_WHEEL_MASK];
		struct timer_list *t, *n;
		bool ran;
		do {
			ran = false;
			list_for_each_entry_safe(t, n, bucket, entry) {
				if (!time_after_eq(jiffies, t->expires))
					continue;
				list_del_init(&t->entry);
				running_timer = t;
				spin_unlock_irqrestore(&timer_lock, flags);
				t->function(t);
				spin_lock_irqsave(&timer_lock, flags);
				running_timer = NULL;
				ran = true;	/* the handler may have changed the bucket: rescan */
				break;
			}
		} while (ran);
		wheel_clk++;
	}
	spin_unlock_irqrestore(&timer_lock, flags);
}

void timers_init(void)
{
	for (int i = 0; i < TIMER_WHEEL_SIZE; i++)
		INIT_LIST_HEAD(&wheel[i]);
	wheel_clk = jiffies;
	open_softirq(TIMER_SOFTIRQ, run_timers);
}

/* ---- self-tests ---- */
#include <linux/sched.h>

struct kt_timer { struct timer_list t; int order; };
static int kt_seq;
static void kt_timer_fn(struct timer_list *t)
{
	struct kt_timer *k = from_timer(k, t, t);
	k->order = ++kt_seq;
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
	mod_timer(&b.t, jiffies + 20 + TIMER_WHEEL_SIZE);	/* a lap later than it looks */
	mod_timer(&b.t, jiffies + 20);				/* re-arm moves it */
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
