/*
 * Spinlocks. Sockeye runs on one CPU today, but every shared structure is
 * guarded as if it did not, so SMP can come without a rewrite. On one CPU
 * a spinlock that is already held can only mean a bug (a recursion, or an
 * IRQ handler taking a lock its interrupted code holds without irqsave):
 * spin_lock() panics with the holder's address instead of hanging silently.
 *
 * Rules: a lock taken in hard-IRQ context must be taken with the _irqsave
 * form everywhere else; a lock taken in softirq context with the _bh form.
 * The global lock order is written in kernel/spinlock.c.
 */
#ifndef _LINUX_SPINLOCK_H
#define _LINUX_SPINLOCK_H

#include "kernel.h"
#include "../asm/irqflags.h"

typedef struct spinlock {
	volatile unsigned int locked;
	const char *name;
	void *holder_ip;	/* where it was taken, for the panic message */
	int holder_pid;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(n)	{ .locked = 0, .name = #n }
#define DEFINE_SPINLOCK(n)	spinlock_t n = __SPIN_LOCK_UNLOCKED(n)

void spin_lock_init_named(spinlock_t *l, const char *name);
#define spin_lock_init(l)	spin_lock_init_named(l, #l)
void spin_lock(spinlock_t *l);
void spin_unlock(spinlock_t *l);
bool spin_trylock(spinlock_t *l);
static inline bool spin_is_locked(const spinlock_t *l) { return READ_ONCE(l->locked); }
#define assert_spin_locked(l)	BUG_ON(!spin_is_locked(l))

#define spin_lock_irqsave(l, flags) \
	do { local_irq_save(flags); spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, flags) \
	do { spin_unlock(l); local_irq_restore(flags); } while (0)
static inline void spin_lock_irq(spinlock_t *l) { local_irq_disable(); spin_lock(l); }
static inline void spin_unlock_irq(spinlock_t *l) { spin_unlock(l); local_irq_enable(); }

/* _bh: also keep softirqs (the network stack) off this CPU while held. */
void local_bh_disable(void);
void local_bh_enable(void);
static inline void spin_lock_bh(spinlock_t *l) { local_bh_disable(); spin_lock(l); }
static inline void spin_unlock_bh(spinlock_t *l) { spin_unlock(l); local_bh_enable(); }

#endif
