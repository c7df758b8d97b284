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
	void *holder;		/* the task that took it (current_task), likewise */
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(n)	{ .locked = 0, .name = #n }
#define DEFINE_SPINLOCK(n)	spinlock_t n = __SPIN_LOCK_UNLOCKED(n)

void spin_lock_init_named(spinlock_t *l, const char *name);
#define spin_lock_init(l)	spin_lock_init_named(l, #l)

/*
 * The fast paths are inline: under TCG every call costs a return, and a
 * return is a lookup of the next translated block, which for a lock taken
 * and dropped around a handful of instructions is most of its price. The
 * contended and misuse cases stay out of line (kernel/spinlock.c).
 */
extern struct task_struct *current_task;
void spin_lock_contended(spinlock_t *l, void *ip) __attribute__((noreturn));
void spin_unlock_not_held(spinlock_t *l, void *ip) __attribute__((noreturn));
#define _THIS_IP_	({ __label__ __here; __here: (void *)&&__here; })

static inline unsigned int spin_xchg(volatile unsigned int *p, unsigned int v)
{
	__asm__ __volatile__("xchgl %0, %1" : "+r"(v), "+m"(*p) :: "memory");
	return v;
}

static inline bool spin_trylock(spinlock_t *l)
{
	if (spin_xchg(&l->locked, 1))
		return false;
	l->holder_ip = _THIS_IP_;
	l->holder = current_task;
	return true;
}

static inline void spin_lock(spinlock_t *l)
{
	if (unlikely(!spin_trylock(l)))
		spin_lock_contended(l, _THIS_IP_);
}

static inline void spin_unlock(spinlock_t *l)
{
	if (unlikely(!l->locked))
		spin_unlock_not_held(l, _THIS_IP_);
	l->holder_ip = NULL;
	barrier();
	WRITE_ONCE(l->locked, 0);
}
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
