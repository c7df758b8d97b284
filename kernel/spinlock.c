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
	l->holder_pid = -1;
}

static inline unsigned int xchg_lock(volatile unsigned int *p, unsigned int v)
{
	__asm__ __volatile__("xchgl %0, %1" : "+r"(v), "+m"(*p) :: "memory");
	return v;
}

bool spin_trylock(spinlock_t *l)
{
	if (xchg_lock(&l->locked, 1))
		return false;
	l->holder_ip = __builtin_return_address(0);
	l->holder_pid = current ? current->pid : -1;
	return true;
}

void spin_lock(spinlock_t *l)
{
	if (likely(!xchg_lock(&l->locked, 1))) {
		l->holder_ip = __builtin_return_address(0);
		l->holder_pid = current ? current->pid : -1;
		return;
	}
	panic("spinlock %s already held (taken at %pS by pid %d), wanted at %pS",
	      l->name ? l->name : "?", l->holder_ip, l->holder_pid, __builtin_return_address(0));
}

void spin_unlock(spinlock_t *l)
{
	BUG_ON(!l->locked);
	l->holder_ip = NULL;
	barrier();
	WRITE_ONCE(l->locked, 0);
}
