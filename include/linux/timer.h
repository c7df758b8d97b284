/*
 * Kernel timers (timer_list) on a cascading timer wheel driven by jiffies;
 * expired timers run from TIMER_SOFTIRQ, never in hard-IRQ context.
 * Networking's retransmit, delayed-ACK, TIME_WAIT and ARP timers all run on
 * these. add_timer, mod_timer and del_timer are O(1), and a pending timer
 * costs the tick nothing however many there are. A handler may re-arm or
 * delete itself or any other timer. Implementation: kernel/timer.c.
 *
 * del_timer_sync() also waits for a running handler to finish; on one CPU
 * that means: never call it from the handler itself.
 */
#ifndef _LINUX_TIMER_H
#define _LINUX_TIMER_H

#include "list.h"
#include "jiffies.h"

struct timer_list {
	struct list_head entry;		/* in a wheel bucket while pending, else empty */
	unsigned long expires;		/* in jiffies */
	void (*function)(struct timer_list *);
	u32 flags;
};

#define from_timer(var, timer, field)	container_of(timer, __typeof__(*var), field)

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *), unsigned int flags);
void add_timer(struct timer_list *t);
int mod_timer(struct timer_list *t, unsigned long expires);	/* 1 if it was pending */
int del_timer(struct timer_list *t);				/* 1 if it was pending */
int del_timer_sync(struct timer_list *t);
/* What the wheel has done, for its self-tests and the unit tests' cost checks. */
struct timer_wheel_stats {
	unsigned long pending;		/* timers armed now */
	unsigned long ticks;		/* timer_tick calls */
	unsigned long runs;		/* TIMER_SOFTIRQ runs */
	unsigned long cascaded;		/* timer entries moved down a level */
	unsigned long expired;		/* handlers run */
};
extern struct timer_wheel_stats timer_stats;

static inline bool timer_pending(const struct timer_list *t) { return !list_empty(&t->entry); }

#endif
