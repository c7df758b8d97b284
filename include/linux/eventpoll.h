/*
 * epoll's kernel-side interface (kernel/fs/eventpoll.c), and the small
 * helpers poll/select and epoll share (kernel/fs/select.c).
 *
 *   eventpoll_release(file)  called by __fput (file_table.c) before
 *                            ->release: every epoll set watching this file
 *                            forgets it, so a closed fd never fires and
 *                            nothing points at a freed file.
 *   is_file_epoll(file)      is this an epoll instance?
 *
 * The ABI (EPOLL* bits, struct epoll_event) is in uapi/eventpoll.h.
 */
#ifndef _LINUX_EVENTPOLL_H
#define _LINUX_EVENTPOLL_H

#include "types.h"
#include "../uapi/eventpoll.h"
#include "../uapi/signal.h"

struct file;

void eventpoll_release(struct file *file);
int eventpoll_init(void);		/* boot: the epoll caches (kernel/main.c) */
bool is_file_epoll(struct file *file);

/* select.c: the cache poll/select hooks come from (made once, at boot). */
void poll_table_cache_init(void);

/*
 * A timeout as a deadline on the monotonic clock (select.c). forever: no
 * timeout; zero: look once and never sleep; else end_ns = ktime_get_ns()
 * at which the wait is over.
 */
struct poll_deadline {
	u64 end_ns;
	bool forever;
	bool zero;
};
void poll_deadline_forever(struct poll_deadline *d);
void poll_deadline_set(struct poll_deadline *d, s64 sec, s64 nsec);
void poll_deadline_ms(struct poll_deadline *d, int msecs);	/* < 0: forever */
long poll_deadline_jiffies(const struct poll_deadline *d);	/* 0 once passed */

/*
 * ppoll, pselect6, epoll_pwait: swap in the caller's signal mask for the
 * call (current->saved_sigmask keeps the old one), and put it back on
 * return unless a signal interrupted the call - then signal delivery puts
 * it back after building the handler's frame (kernel/signal_frame.c).
 * Linux keeps these in kernel/signal.c; they live in select.c here.
 */
int set_user_sigmask(const kernel_sigset_t __user *umask, size_t sigsetsize);
void restore_saved_sigmask_unless(bool interrupted);

#endif
