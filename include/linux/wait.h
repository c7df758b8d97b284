/*
 * Wait queues with Linux's contract. A sleeper:
 *
 *	DEFINE_WAIT(wait);
 *	for (;;) {
 *		prepare_to_wait(&wq, &wait, TASK_INTERRUPTIBLE);
 *		if (condition) break;
 *		if (signal_pending(current)) { err = -ERESTARTSYS; break; }
 *		schedule();
 *	}
 *	finish_wait(&wq, &wait);
 *
 * A waker changes the condition first, then calls wake_up(&wq). Setting the
 * task state before testing the condition is what closes the lost-wakeup
 * race. Exclusive waiters (prepare_to_wait_exclusive, EPOLLEXCLUSIVE) are
 * queued at the tail and wake_up() wakes only one of them.
 * Implementation: kernel/wait.c.
 */
#ifndef _LINUX_WAIT_H
#define _LINUX_WAIT_H

#include "list.h"
#include "spinlock.h"

struct wait_queue_entry;
typedef int (*wait_queue_func_t)(struct wait_queue_entry *wq_entry, unsigned mode, int flags, void *key);

#define WQ_FLAG_EXCLUSIVE	0x01

typedef struct wait_queue_entry {
	unsigned int flags;
	void *private;			/* the task to wake, for the default functions */
	wait_queue_func_t func;
	struct list_head entry;
} wait_queue_entry_t;

typedef struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;
} wait_queue_head_t;

#define __WAIT_QUEUE_HEAD_INITIALIZER(name) \
	{ .lock = __SPIN_LOCK_UNLOCKED(name.lock), .head = LIST_HEAD_INIT(name.head) }
#define DECLARE_WAIT_QUEUE_HEAD(name) \
	wait_queue_head_t name = __WAIT_QUEUE_HEAD_INITIALIZER(name)

void init_waitqueue_head(wait_queue_head_t *wq_head);
int default_wake_function(wait_queue_entry_t *wq_entry, unsigned mode, int flags, void *key);
int autoremove_wake_function(wait_queue_entry_t *wq_entry, unsigned mode, int flags, void *key);

static inline void init_waitqueue_func_entry(wait_queue_entry_t *e, wait_queue_func_t func)
{
	e->flags = 0;
	e->private = NULL;
	e->func = func;
	INIT_LIST_HEAD(&e->entry);
}

struct task_struct;
struct task_struct *get_current(void);
#define DEFINE_WAIT_FUNC(name, function) \
	wait_queue_entry_t name = { .private = get_current(), .func = function, \
				    .entry = LIST_HEAD_INIT(name.entry) }
#define DEFINE_WAIT(name) DEFINE_WAIT_FUNC(name, autoremove_wake_function)

void add_wait_queue(wait_queue_head_t *wq_head, wait_queue_entry_t *wq_entry);
void add_wait_queue_exclusive(wait_queue_head_t *wq_head, wait_queue_entry_t *wq_entry);
void remove_wait_queue(wait_queue_head_t *wq_head, wait_queue_entry_t *wq_entry);
void prepare_to_wait(wait_queue_head_t *wq_head, wait_queue_entry_t *wq_entry, int state);
void prepare_to_wait_exclusive(wait_queue_head_t *wq_head, wait_queue_entry_t *wq_entry, int state);
void finish_wait(wait_queue_head_t *wq_head, wait_queue_entry_t *wq_entry);
bool waitqueue_active(wait_queue_head_t *wq_head);

/* nr_exclusive: how many exclusive waiters to wake (0 = all). key: poll mask, passed to func. */
void __wake_up(wait_queue_head_t *wq_head, unsigned mode, int nr_exclusive, void *key);

#define TASK_RUNNING		0x0000
#define TASK_INTERRUPTIBLE	0x0001
#define TASK_UNINTERRUPTIBLE	0x0002
#define TASK_NORMAL		(TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)

#define wake_up(x)			__wake_up(x, TASK_NORMAL, 1, NULL)
#define wake_up_nr(x, nr)		__wake_up(x, TASK_NORMAL, nr, NULL)
#define wake_up_all(x)			__wake_up(x, TASK_NORMAL, 0, NULL)
#define wake_up_interruptible(x)	__wake_up(x, TASK_INTERRUPTIBLE, 1, NULL)
#define wake_up_interruptible_all(x)	__wake_up(x, TASK_INTERRUPTIBLE, 0, NULL)
#define wake_up_interruptible_poll(x, m) \
	__wake_up(x, TASK_INTERRUPTIBLE, 1, (void *)(uintptr_t)(m))
#define wake_up_poll(x, m)		__wake_up(x, TASK_NORMAL, 1, (void *)(uintptr_t)(m))

/*
 * wait_event_interruptible_timeout(wq, cond, timeout): sleep until cond,
 * a signal (-ERESTARTSYS) or timeout jiffies pass (0). Returns the jiffies
 * left (at least 1) when cond became true. MAX_SCHEDULE_TIMEOUT = forever.
 */
long schedule_timeout(long timeout);
bool __signal_pending_current(void);
#define MAX_SCHEDULE_TIMEOUT	0x7fffffffL

#define ___wait_event(wq, cond, state, ret_init)				\
({										\
	long __ret = (ret_init);						\
	DEFINE_WAIT(__wait);							\
	for (;;) {								\
		prepare_to_wait(&(wq), &__wait, state);				\
		if (cond)							\
			break;							\
		if ((state) == TASK_INTERRUPTIBLE && __signal_pending_current()) { \
			__ret = -ERESTARTSYS;					\
			break;							\
		}								\
		__ret = schedule_timeout(__ret);				\
		if (!__ret) {							\
			__ret = (cond) ? 1 : 0;					\
			break;							\
		}								\
	}									\
	finish_wait(&(wq), &__wait);						\
	__ret;									\
})
#define wait_event(wq, cond) \
	do { if (!(cond)) ___wait_event(wq, cond, TASK_UNINTERRUPTIBLE, MAX_SCHEDULE_TIMEOUT); } while (0)
#define wait_event_interruptible(wq, cond) \
	((cond) ? 0 : ({ long __r = ___wait_event(wq, cond, TASK_INTERRUPTIBLE, MAX_SCHEDULE_TIMEOUT); \
			 __r < 0 ? (int)__r : 0; }))
#define wait_event_timeout(wq, cond, timeout) \
	((cond) ? max(1L, (long)(timeout)) : ___wait_event(wq, cond, TASK_UNINTERRUPTIBLE, timeout))
#define wait_event_interruptible_timeout(wq, cond, timeout) \
	((cond) ? max(1L, (long)(timeout)) : ___wait_event(wq, cond, TASK_INTERRUPTIBLE, timeout))

#endif
