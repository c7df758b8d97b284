/*
 * Hard interrupts and softirqs.
 *
 * Hard IRQ handlers (request_irq) run with interrupts off and must be short:
 * ack the device, mask it, schedule deferred work (napi_schedule). Softirqs
 * run that deferred work: on irq_exit(), on a dedicated softirq stack, with
 * interrupts on; after MAX_SOFTIRQ_RESTART rounds the rest is handed to the
 * ksoftirqd thread so a packet flood cannot starve processes.
 * Implementation: kernel/irq.c, kernel/softirq.c.
 *
 * Context is tracked in preempt_count like Linux: HARDIRQ bits, SOFTIRQ bits.
 */
#ifndef _LINUX_INTERRUPT_H
#define _LINUX_INTERRUPT_H

#include "kernel.h"

typedef enum irqreturn { IRQ_NONE = 0, IRQ_HANDLED = 1 } irqreturn_t;
typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);

#define IRQF_SHARED	0x00000080

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev_id);
void free_irq(unsigned int irq, void *dev_id);
void disable_irq(unsigned int irq);
void enable_irq(unsigned int irq);

enum {
	HI_SOFTIRQ,
	TIMER_SOFTIRQ,
	NET_TX_SOFTIRQ,
	NET_RX_SOFTIRQ,
	TASKLET_SOFTIRQ,
	NR_SOFTIRQS
};
extern const char *const softirq_to_name[NR_SOFTIRQS];

struct softirq_action {
	void (*action)(struct softirq_action *);
};

void open_softirq(int nr, void (*action)(struct softirq_action *));
void raise_softirq(unsigned int nr);		/* any context */
void raise_softirq_irqoff(unsigned int nr);	/* interrupts already off */
void wakeup_softirqd(void);

/* preempt_count layout (as Linux): bits 8-15 softirq, 16-19 hardirq. */
#define SOFTIRQ_OFFSET		(1UL << 8)
#define SOFTIRQ_DISABLE_OFFSET	(2 * SOFTIRQ_OFFSET)
#define SOFTIRQ_MASK		(0xffUL << 8)
#define HARDIRQ_OFFSET		(1UL << 16)
#define HARDIRQ_MASK		(0xfUL << 16)
extern volatile unsigned long preempt_count;

static inline bool in_irq(void) { return preempt_count & HARDIRQ_MASK; }
static inline bool in_softirq(void) { return preempt_count & SOFTIRQ_MASK; }
static inline bool in_serving_softirq(void) { return preempt_count & SOFTIRQ_OFFSET; }
static inline bool in_interrupt(void) { return preempt_count & (HARDIRQ_MASK | SOFTIRQ_MASK); }

/* Per-IRQ counts for /proc/interrupts. */
extern unsigned long irq_count[16];

#endif
