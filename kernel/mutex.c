/*
 * Sleeping mutexes for process context: a holder may sleep (copy to user,
 * wait for memory), waiters sleep instead of spinning. Never from IRQ or
 * softirq context. wait_lock guards owner; waiters queue exclusively so an
 * unlock wakes exactly one.
 */
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/interrupt.h>

void mutex_init_named(struct mutex *m, const char *name)
{
	spin_lock_init(&m->wait_lock);
	m->owner = NULL;
	init_waitqueue_head(&m->waiters);
	m->name = name;
}

bool mutex_trylock(struct mutex *m)
{
	unsigned long flags;
	bool got = false;
	spin_lock_irqsave(&m->wait_lock, flags);
	if (!m->owner) {
		m->owner = current;
		got = true;
	}
	spin_unlock_irqrestore(&m->wait_lock, flags);
	return got;
}

static int __mutex_lock(struct mutex *m, int state)
{
	DEFINE_WAIT(wait);
	int err = 0;

	BUG_ON(in_interrupt());
	if (m->owner == current)
		panic("mutex %s: recursive lock by %s", m->name, current->comm);
	for (;;) {
		prepare_to_wait_exclusive(&m->waiters, &wait, state);
		if (mutex_trylock(m))
			break;
		if (state == TASK_INTERRUPTIBLE && signal_pending(current)) {
			err = -EINTR;
			break;
		}
		schedule();
	}
	finish_wait(&m->waiters, &wait);
	return err;
}

void mutex_lock(struct mutex *m)
{
	if (!mutex_trylock(m))
		__mutex_lock(m, TASK_UNINTERRUPTIBLE);
}

int mutex_lock_interruptible(struct mutex *m)
{
	if (mutex_trylock(m))
		return 0;
	return __mutex_lock(m, TASK_INTERRUPTIBLE);
}

void mutex_unlock(struct mutex *m)
{
	unsigned long flags;
	spin_lock_irqsave(&m->wait_lock, flags);
	BUG_ON(m->owner != current);
	m->owner = NULL;
	spin_unlock_irqrestore(&m->wait_lock, flags);
	wake_up(&m->waiters);
}

bool mutex_is_locked(struct mutex *m)
{
	return READ_ONCE(m->owner) != NULL;
}
