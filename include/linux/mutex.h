/* A sleeping mutex for process context (never from IRQ or softirq): kernel/mutex.c. */
#ifndef _LINUX_MUTEX_H
#define _LINUX_MUTEX_H

#include "wait.h"

struct mutex {
	spinlock_t wait_lock;
	struct task_struct *owner;	/* NULL when free */
	wait_queue_head_t waiters;
	const char *name;
};

void mutex_init_named(struct mutex *m, const char *name);
#define mutex_init(m) mutex_init_named(m, #m)
void mutex_lock(struct mutex *m);
int mutex_lock_interruptible(struct mutex *m);	/* 0 or -EINTR */
bool mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);
bool mutex_is_locked(struct mutex *m);

#endif
