/*
 * The poll contract, with Linux's shape, shared by poll(2) today and by
 * select/epoll and sockets later. A file's ->poll(file, pt):
 *
 *	poll_wait(file, &my_wait_queue, pt);	// register, never sleeps
 *	return mask of what is ready now;	// POLLIN | POLLOUT | ...
 *
 * poll_wait() calls pt->_qproc, which the waiter (fs/select.c) uses to hook
 * a wait_queue_entry onto every queue the file may be woken through. A
 * NULL pt (or NULL _qproc) means "just tell me the mask". Wakers call
 * wake_up_interruptible_poll(wq, POLLIN | ...) after changing state; the
 * key lets a waiter ignore wakeups for events it did not ask for.
 */
#ifndef _LINUX_POLL_H
#define _LINUX_POLL_H

#include "fs.h"
#include "wait.h"
#include "../uapi/misc.h"

typedef struct poll_table_struct {
	void (*_qproc)(struct file *, wait_queue_head_t *, struct poll_table_struct *);
	__poll_t _key;			/* the events the waiter cares about */
} poll_table;

static inline void poll_wait(struct file *filp, wait_queue_head_t *wqh, poll_table *p)
{
	if (p && p->_qproc && wqh)
		p->_qproc(filp, wqh, p);
}
static inline bool poll_does_not_wait(const poll_table *p) { return !p || !p->_qproc; }
static inline __poll_t poll_requested_events(const poll_table *p) { return p ? p->_key : ~0U; }
static inline void init_poll_funcptr(poll_table *pt,
				     void (*qproc)(struct file *, wait_queue_head_t *, poll_table *))
{
	pt->_qproc = qproc;
	pt->_key = ~0U;
}

/* What a file with no ->poll reports: always readable and writable (Linux's). */
#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

/* Ask one file for its mask (registering through pt when non-NULL). */
__poll_t vfs_poll(struct file *file, poll_table *pt);

#endif
