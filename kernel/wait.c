/*
 * Wait queues (include/linux/wait.h has the contract and the sleeper's
 * loop). A wake-up walks the queue calling each entry's func; the default
 * ones wake the task, autoremove_wake_function also unlinks the entry so a
 * woken sleeper is not woken twice. Exclusive entries sit at the tail and
 * only nr_exclusive of them are woken (the accept / EPOLLEXCLUSIVE herd).
 * Lock: each queue's own lock, irqsave (wake-ups come from IRQ handlers).
 */
#include <linux/kernel.h>
#include <linux/wait.h>
#include <linux/sched.h>

void init_waitqueue_head(wait_queue_head_t *q)
{
	spin_lock_init(&q->lock);
	INIT_LIST_HEAD(&q->head);
}

struct task_struct *get_current(void)
{
	return current;
}

bool __signal_pending_current(void)
{
	return signal_pending(current);
}

int default_wake_function(wait_queue_entry_t *e, unsigned mode, int flags, void *key)
{
	struct task_struct *p = e->private;
	if (!(p->state & mode))
		return 0;
	return wake_up_process(p);
}

int autoremove_wake_function(wait_queue_entry_t *e, unsigned mode, int flags, void *key)
{
	int ret = default_wake_function(e, mode, flags, key);
	if (ret)
		list_del_init(&e->entry);
	return ret;
}

void add_wait_queue(wait_queue_head_t *q, wait_queue_entry_t *e)
{
	unsigned long flags;
	e->flags &= ~WQ_FLAG_EXCLUSIVE;
	spin_lock_irqsave(&q->lock, flags);
	list_add(&e->entry, &q->head);
	spin_unlock_irqrestore(&q->lock, flags);
}

void add_wait_queue_exclusive(wait_queue_head_t *q, wait_queue_entry_t *e)
{
	unsigned long flags;
	e->flags |= WQ_FLAG_EXCLUSIVE;
	spin_lock_irqsave(&q->lock, flags);
	list_add_tail(&e->entry, &q->head);
	spin_unlock_irqrestore(&q->lock, flags);
}

void remove_wait_queue(wait_queue_head_t *q, wait_queue_entry_t *e)
{
	unsigned long flags;
	spin_lock_irqsave(&q->lock, flags);
	list_del_init(&e->entry);
	spin_unlock_irqrestore(&q->lock, flags);
}

void prepare_to_wait(wait_queue_head_t *q, wait_queue_entry_t *e, int state)
{
	unsigned long flags;
	e->flags &= ~WQ_FLAG_EXCLUSIVE;
	spin_lock_irqsave(&q->lock, flags);
	if (list_empty(&e->entry))
		list_add(&e->entry, &q->head);
	set_current_state(state);
	spin_unlock_irqrestore(&q->lock, flags);
}

void prepare_to_wait_exclusive(wait_queue_head_t *q, wait_queue_entry_t *e, int state)
{
	unsigned long flags;
	e->flags |= WQ_FLAG_EXCLUSIVE;
	spin_lock_irqsave(&q->lock, flags);
	if (list_empty(&e->entry))
		list_add_tail(&e->entry, &q->head);
	set_current_state(state);
	spin_unlock_irqrestore(&q->lock, flags);
}

void finish_wait(wait_queue_head_t *q, wait_queue_entry_t *e)
{
	unsigned long flags;
	__set_current_state(TASK_RUNNING);
	if (!list_empty(&e->entry)) {
		spin_lock_irqsave(&q->lock, flags);
		list_del_init(&e->entry);
		spin_unlock_irqrestore(&q->lock, flags);
	}
}

bool waitqueue_active(wait_queue_head_t *q)
{
	return !list_empty(&q->head);
}

void __wake_up(wait_queue_head_t *q, unsigned mode, int nr_exclusive, void *key)
{
	unsigned long flags;
	wait_queue_entry_t *e, *n;

	spin_lock_irqsave(&q->lock, flags);
	list_for_each_entry_safe(e, n, &q->head, entry) {
		unsigned eflags = e->flags;
		int ret = e->func(e, mode, 0, key);
		if (ret < 0)
			break;
		if (ret && (eflags & WQ_FLAG_EXCLUSIVE) && !--nr_exclusive)
			break;
	}
	spin_unlock_irqrestore(&q->lock, flags);
}
