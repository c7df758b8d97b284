/*
 * Softirqs: deferred work raised by interrupt handlers (NET_RX after a NIC
 * interrupt, TIMER after a tick) and run with interrupts enabled.
 *
 * When: on irq_exit() if we interrupted neither a hard IRQ nor a softirq
 * nor a local_bh_disable() section; when local_bh_enable() re-opens a
 * section with work pending; and in the ksoftirqd thread.
 * Where: irq_exit runs them on a dedicated 16 KB softirq stack (as x86
 * Linux's do_softirq_own_stack), so a deep protocol path never runs on top
 * of whatever process stack the interrupt landed on.
 * How long: __do_softirq restarts at most MAX_SOFTIRQ_RESTART times or for
 * 2 ms; work still pending after that wakes ksoftirqd, which the scheduler
 * shares fairly with processes (a flood cannot starve user space).
 */
#include <linux/kernel.h>
#include <linux/interrupt.h>
#include <linux/sched.h>
#include <linux/jiffies.h>
#include <linux/ktest.h>
#include <asm/irqflags.h>

#define MAX_SOFTIRQ_RESTART	10
#define MAX_SOFTIRQ_TIME_NS	(2 * NSEC_PER_MSEC)
#define SOFTIRQ_STACK_SIZE	16384

const char *const softirq_to_name[NR_SOFTIRQS] = { "HI", "TIMER", "NET_TX", "NET_RX", "TASKLET" };
static struct softirq_action softirq_vec[NR_SOFTIRQS];
static volatile u32 softirq_pending;
unsigned long softirq_counts[NR_SOFTIRQS];
static struct task_struct *ksoftirqd;
u8 softirq_stack[SOFTIRQ_STACK_SIZE] __aligned(16);
const size_t softirq_stack_size = SOFTIRQ_STACK_SIZE;

void call_on_stack(void (*fn)(void), void *stack_top);

void open_softirq(int nr, void (*action)(struct softirq_action *))
{
	softirq_vec[nr].action = action;
}

void raise_softirq_irqoff(unsigned int nr)
{
	softirq_pending |= 1u << nr;
	/* Outside interrupt context nobody will reach irq_exit soon: hand it to the thread. */
	if (!in_interrupt())
		wakeup_softirqd();
}

void raise_softirq(unsigned int nr)
{
	unsigned long flags;
	local_irq_save(flags);
	raise_softirq_irqoff(nr);
	local_irq_restore(flags);
}

void wakeup_softirqd(void)
{
	if (ksoftirqd && ksoftirqd->state != TASK_RUNNING)
		wake_up_process(ksoftirqd);
}

/* Called with interrupts off and no softirq context; returns the same way. */
static void __do_softirq(void)
{
	u64 end = ktime_get_ns() + MAX_SOFTIRQ_TIME_NS;
	int restart = MAX_SOFTIRQ_RESTART;
	u32 pending;

	preempt_count += SOFTIRQ_OFFSET;
	while ((pending = softirq_pending)) {
		softirq_pending = 0;
		local_irq_enable();
		for (int nr = 0; pending; nr++, pending >>= 1) {
			if (!(pending & 1))
				continue;
			softirq_counts[nr]++;
			if (softirq_vec[nr].action)
				softirq_vec[nr].action(&softirq_vec[nr]);
		}
		local_irq_disable();
		if (--restart == 0 || ktime_get_ns() > end) {
			if (softirq_pending)
				wakeup_softirqd();
			break;
		}
	}
	preempt_count -= SOFTIRQ_OFFSET;
}

/* irq_exit's half: run pending softirqs on the softirq stack. */
void irq_exit_softirq(void)
{
	if (in_interrupt() || !softirq_pending)
		return;
	call_on_stack(__do_softirq, softirq_stack + SOFTIRQ_STACK_SIZE);
}

void local_bh_disable(void)
{
	preempt_count += SOFTIRQ_DISABLE_OFFSET;
	barrier();
}

void local_bh_enable(void)
{
	unsigned long flags;
	barrier();
	preempt_count -= SOFTIRQ_DISABLE_OFFSET;
	if (!in_interrupt() && softirq_pending) {
		local_irq_save(flags);
		__do_softirq();
		local_irq_restore(flags);
	}
}

static int ksoftirqd_fn(void *arg)
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!softirq_pending) {
			schedule();
			continue;
		}
		__set_current_state(TASK_RUNNING);
		local_irq_disable();
		__do_softirq();
		local_irq_enable();
		yield();	/* one round, then let processes run */
	}
	return 0;
}

void stack_usage_init(void);

void softirq_init(void)
{
	stack_usage_init();
	ksoftirqd = kthread_run(ksoftirqd_fn, NULL, "ksoftirqd/0");
}

static volatile int ktest_softirq_hits;
static void ktest_softirq_action(struct softirq_action *a)
{
	ktest_softirq_hits++;
}

KTEST(softirq_runs_on_bh_enable)
{
	open_softirq(TASKLET_SOFTIRQ, ktest_softirq_action);
	ktest_softirq_hits = 0;
	local_bh_disable();
	raise_softirq(TASKLET_SOFTIRQ);
	KT_EXPECT_EQ(ktest_softirq_hits, 0);	/* held off inside the bh section */
	local_bh_enable();
	KT_EXPECT_EQ(ktest_softirq_hits, 1);	/* and run as soon as it ends */
	open_softirq(TASKLET_SOFTIRQ, NULL);
}
