/*
 * The 8254 Programmable Interval Timer, channel 0, programmed to interrupt
 * HZ times a second on IRQ 0: the kernel's tick. Each tick advances
 * jiffies, charges the running task, expires timers (by raising
 * TIMER_SOFTIRQ) and may end the task's time slice.
 *
 * Also used once at boot as a known clock to measure the TSC frequency.
 * Neighbours: kernel/time.c (clocks), kernel/timer.c, kernel/sched.c,
 * kernel/profile.c (profile=N samples each tick).
 */
#include <linux/kernel.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/profile.h>
#include <asm/io.h>

#define PIT_CH0		0x40
#define PIT_CH2		0x42
#define PIT_MODE	0x43
#define PIT_GATE	0x61		/* keyboard controller port B: channel 2 gate */
#define PIT_FREQ	1193182
#define PIT_MODE_RATE	0x34		/* channel 0, lo/hi byte, mode 2 (rate generator) */
#define PIT_MODE_ONESHOT_CH2 0xB0	/* channel 2, lo/hi byte, mode 0 */
#define PIT_GATE_OUT2	0x20

volatile unsigned long jiffies;
void timer_tick(void);
void scheduler_tick(void);

static irqreturn_t timer_interrupt(int irq, void *dev)
{
	jiffies++;
	profile_tick();		/* profile=N: where the tick found the kernel */
	timer_tick();
	scheduler_tick();
	return IRQ_HANDLED;
}

void pit_init(void)
{
	u16 latch = (PIT_FREQ + HZ / 2) / HZ;

	outb(PIT_MODE_RATE, PIT_MODE);
	outb(latch & 0xff, PIT_CH0);
	outb(latch >> 8, PIT_CH0);
	request_irq(0, timer_interrupt, 0, "timer", NULL);
}

/* Busy-wait about ms milliseconds on channel 2 (boot-time calibration only). */
void pit_busy_wait_ms(unsigned int ms)
{
	u16 count = PIT_FREQ / 1000 * ms;

	outb((inb(PIT_GATE) & ~0x02) | 0x01, PIT_GATE);	/* gate on, speaker off */
	outb(PIT_MODE_ONESHOT_CH2, PIT_MODE);
	outb(count & 0xff, PIT_CH2);
	outb(count >> 8, PIT_CH2);
	while (!(inb(PIT_GATE) & PIT_GATE_OUT2))
		;
}
