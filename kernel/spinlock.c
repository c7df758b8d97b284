/*
 * Spinlocks that remember their holder, and the kernel's lock order.
 *
 * Lock order (take left before right, never the reverse):
 *   mutexes (process context) -> lock_sock -> tasklist_lock -> rq_lock
 *   -> wait-queue locks -> timer_lock -> slab/page locks -> logbuf_lock
 * IRQ-safe locks (taken from hard-IRQ handlers) are always taken with
 * interrupts off: rq_lock, wait-queue locks, timer_lock, irq_desc_lock,
 * logbuf_lock, the allocators' locks.
 *
 * On one CPU a contended spinlock is always a bug (nothing else can release
 * it while we spin), so spin_lock() panics naming the holder instead of
 * hanging. When SMP comes this becomes a real spin with the same API.
 */
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <linux/sched.h>

void spin_lock_init_named(spinlock_t *l, const char *name)
{
	l->locked = 0;
	l->name = name;
	l->holder_ip = NULL;
	l->holder = NULL;
}

/* spin_lock found it held: on one CPU nobody can let go while we spin. */
void spin_lock_contended(spinlock_t *l, void *ip)
{
	struct task_struct *holder = l->holder;

	panic("spinlock %s already held (taken at %pS by pid %d), wanted at %pS",
	      l->name ? l->name : "?", l->holder_ip, holder ? holder->pid : -1, ip);
}

void spin_unlock_not_held(spinlock_t *l, void *ip)
{
	panic("spinlock %s unlocked at %pS but not held", l->name ? l->name : "?", ip);
}
