/*
 * epoll: epoll_create/epoll_create1, epoll_ctl, epoll_wait/epoll_pwait,
 * with Linux's names and semantics (fs/eventpoll.c), on the same
 * f_op->poll + wait-queue contract as poll/select (include/linux/poll.h).
 *
 * The objects:
 *   struct eventpoll  one per epoll instance (the epoll file's private_data)
 *   struct epitem     one per watched (file, fd) in that instance
 *   struct eppoll_entry  one per wait queue an epitem is hooked on (a pipe
 *                     end has one queue, a socket one); its wait entry's
 *                     function is ep_poll_callback
 *
 * How readiness travels (docs/poll-epoll.md walks it in gdb):
 *   ep_insert → ep_item_poll → f_op->poll → poll_wait → ep_ptable_queue_proc
 *       hooks an eppoll_entry on the file's wait queue (exclusive for
 *       EPOLLEXCLUSIVE);
 *   a pipe write / sk_data_ready → wake_up_interruptible_poll(wq, key) →
 *       ep_poll_callback: put the epitem on ep->rdllist, wake ep->wq (the
 *       tasks in epoll_wait) and ep->poll_wait (poll/select/an outer epoll
 *       watching this epoll file);
 *   epoll_wait → ep_poll: (net.core.busy_poll: first poll the watched
 *       sockets' NAPI a while, ep_busy_loop) sleep on ep->wq until rdllist
 *       is non-empty →
 *       ep_send_events: ask each ready item's ->poll again (the callback
 *       only says "maybe"), copy what is really ready to user space, and
 *       put level-triggered items back on rdllist so they are asked again
 *       next time; edge-triggered ones wait for the next callback;
 *       EPOLLONESHOT ones are disabled until EPOLL_CTL_MOD.
 * So epoll_wait costs O(ready items), never a scan of every watched fd.
 *
 * Closing: a watched file holds no reference from its epitems; __fput
 * calls eventpoll_release(file) first, which removes every epitem on that
 * file from every instance (found through ep_file_hash, our stand-in for
 * Linux's file->f_ep list). Closing the epoll file itself (ep_free) removes
 * all of its epitems.
 *
 * Lock legend (outermost first):
 *   epmutex (mutex)      the shape of the epoll graph: every epitem's
 *                        insertion and removal (ctl, eventpoll_release,
 *                        ep_free), so the loop check can walk instances.
 *   ep->mtx (mutex)      ep->items and everyone who consumes the ready
 *                        list (ep_send_events, ep_eventpoll_poll). An outer
 *                        instance's mtx is taken before an inner one's.
 *   file wait-queue lock (spinlock, irqsave) held by __wake_up while
 *                        ep_poll_callback runs - maybe in IRQ or softirq
 *                        context, so the callback never sleeps, never
 *                        takes a mutex, never allocates.
 *   ep->lock (spinlock, irqsave)  ep->rdllist, every epi->rdllink and the
 *                        epi->event.events an item is reported with. Taken
 *                        inside a wait-queue lock by the callback.
 *   ep_files_lock (spinlock, irqsave)  ep_file_hash.
 *
 * This file is the machinery; eventpoll_sys.c has the system calls
 * (argument checks in Linux's order, the loop check) and
 * eventpoll_internal.h the structures both share.
 *
 * Neighbours: select.c (vfs_poll, deadlines, signal masks), file_table.c
 * (__fput → eventpoll_release), pipe.c, tty.c, net/socket.c (->poll and
 * the wake-ups), kernel/wait.c (__wake_up and exclusive entries).
 */
#include <linux/eventpoll.h>
#include <linux/poll.h>
#include <linux/fdtable.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/mutex.h>
#include <linux/uaccess.h>
#include <linux/trace_events.h>
#include <linux/net.h>
#include <net/busy_poll.h>
#include "eventpoll_internal.h"

struct mutex epmutex;
static struct kmem_cache *epi_cache, *pwq_cache;
static bool ep_initialized;

static struct hlist_head ep_file_hash[EP_FILE_HASH_SIZE];
DEFINE_SPINLOCK(ep_files_lock);

/*
 * The caches and epmutex. Run by the first eventpoll_release (the first
 * __fput, early in boot) so the caches exist before any leak-check
 * baseline; epoll_create calls it too in case nothing was closed yet.
 */
int eventpoll_init(void)
{
	static bool mutex_ready;

	if (ep_initialized)
		return 0;
	if (!mutex_ready) {
		mutex_init(&epmutex);
		mutex_ready = true;
	}
	if (!epi_cache)
		epi_cache = kmem_cache_create("eventpoll_epi", sizeof(struct epitem), 0, 0, NULL);
	if (!pwq_cache)
		pwq_cache = kmem_cache_create("eventpoll_pwq", sizeof(struct eppoll_entry), 0, 0, NULL);
	poll_table_cache_init();
	if (!epi_cache || !pwq_cache)
		return -ENOMEM;		/* tried again by the next epoll_create */
	ep_initialized = true;
	return 0;
}

bool is_file_epoll(struct file *f)
{
	return f->f_op == &eventpoll_fops;
}

/* Move every entry of from to the head of to, leaving from empty (our list.h has no splice). */
static void ep_list_splice_init(struct list_head *from, struct list_head *to)
{
	struct list_head *first = from->next, *last = from->prev, *at = to->next;

	if (list_empty(from))
		return;
	first->prev = to;
	to->next = first;
	last->next = at;
	at->prev = last;
	INIT_LIST_HEAD(from);
}

static inline bool ep_events_available(struct eventpoll *ep)
{
	return !list_empty(&ep->rdllist);
}

/* ---- the watched-file hash (Linux keeps this list in struct file) ---- */

struct hlist_head *ep_file_bucket(struct file *file)
{
	return &ep_file_hash[((uintptr_t)file >> 6) % EP_FILE_HASH_SIZE];
}

/* The first epitem on file in any instance, or NULL. */
static struct epitem *ep_first_watch(struct file *file)
{
	struct epitem *epi, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&ep_files_lock, flags);
	hlist_for_each_entry(epi, ep_file_bucket(file), fllink)
		if (epi->file == file) {
			found = epi;
			break;
		}
	spin_unlock_irqrestore(&ep_files_lock, flags);
	return found;
}

/* ---- the wake-up side (IRQ-safe: no sleeping from here to ep_poll_callback's end) ---- */

/* Queue epi as maybe-ready, once. Caller holds ep->lock. */
static void ep_set_ready(struct epitem *epi)
{
	assert_spin_locked(&epi->ep->lock);
	if (list_empty(&epi->rdllink))
		list_add_tail(&epi->rdllink, &epi->ep->rdllist);
}

/* Tell the instance's sleepers and watchers that rdllist has something. */
static void ep_wake_waiters(struct eventpoll *ep)
{
	if (waitqueue_active(&ep->wq))
		wake_up(&ep->wq);
	if (waitqueue_active(&ep->poll_wait))
		wake_up_poll(&ep->poll_wait, EPOLLIN | EPOLLRDNORM);
}

/*
 * Called by __wake_up on a watched file's queue, with that queue's lock
 * held, maybe in IRQ context. key is the mask the waker passed (0 = any).
 * The return value matters for exclusive hooks: nonzero means "I woke a
 * waiter", and __wake_up stops after nr_exclusive such answers - that is
 * EPOLLEXCLUSIVE: one blocked epoll_wait woken, not the whole herd.
 */
/*
 * For an EPOLLEXCLUSIVE item: does this wake-up count as "woke a waiter"
 * (stopping __wake_up after nr_exclusive of them)? Only if the instance's
 * sleeper wants this kind of event; a keyless wake-up (0) always counts.
 */
static int ep_exclusive_wake(__poll_t events, __poll_t pollflags)
{
	/* LAB(epoll) BEGIN: ep_exclusive_wake */
	switch (pollflags & EPOLLINOUT_BITS) {
	case EPOLLIN:
		return !!(events & EPOLLIN);
	case EPOLLOUT:
		return !!(events & EPOLLOUT);
	case 0:
		return 1;
	}
	return 0;
	/* LAB(epoll) END: ep_exclusive_wake */
}

static int ep_poll_callback(wait_queue_entry_t *wait, unsigned mode, int sync, void *key)
{
	struct eppoll_entry *pwq = container_of(wait, struct eppoll_entry, wait);
	struct epitem *epi = pwq->base;
	struct eventpoll *ep = epi->ep;
	__poll_t pollflags = (__poll_t)(uintptr_t)key;
	__poll_t events;
	unsigned long flags;
	int ewake = 0;

	spin_lock_irqsave(&ep->lock, flags);
	events = epi->event.events;
	/* EPOLLONESHOT already fired: disabled until EPOLL_CTL_MOD. */
	if (!(events & ~EP_PRIVATE_BITS))
		goto out_unlock;
	/* A keyed wake-up for events this item does not watch. */
	if (pollflags && !(pollflags & events))
		goto out_unlock;
	ep_set_ready(epi);
	spin_unlock_irqrestore(&ep->lock, flags);

	if (waitqueue_active(&ep->wq)) {
		/* Otherwise the waker moves on to the next instance's hook. */
		if (events & EPOLLEXCLUSIVE)
			ewake = ep_exclusive_wake(events, pollflags);
		wake_up(&ep->wq);
	}
	if (waitqueue_active(&ep->poll_wait))
		wake_up_poll(&ep->poll_wait, EPOLLIN | EPOLLRDNORM);
	if (!(events & EPOLLEXCLUSIVE))
		ewake = 1;
	trace_event(ep_poll_callback, (u32)(unsigned long)ep, epi->fd, pollflags,
		    !!(events & EPOLLEXCLUSIVE));
	return ewake;

out_unlock:
	spin_unlock_irqrestore(&ep->lock, flags);
	return !(events & EPOLLEXCLUSIVE);
}

/* poll_wait() from the watched file's ->poll during ep_insert: hook on whead. */
static void ep_ptable_queue_proc(struct file *file, wait_queue_head_t *whead, poll_table *pt)
{
	struct epitem *epi = container_of(pt, struct ep_pqueue, pt)->epi;
	struct eppoll_entry *pwq;

	if (epi->nwait < 0)
		return;
	pwq = kmem_cache_alloc(pwq_cache, GFP_KERNEL);
	if (!pwq) {
		epi->nwait = -1;
		return;
	}
	init_waitqueue_func_entry(&pwq->wait, ep_poll_callback);
	pwq->whead = whead;
	pwq->base = epi;
	if (epi->event.events & EPOLLEXCLUSIVE)
		add_wait_queue_exclusive(whead, &pwq->wait);
	else
		add_wait_queue(whead, &pwq->wait);
	pwq->next = epi->pwqlist;
	epi->pwqlist = pwq;
	epi->nwait++;
}

/* ---- asking a watched file what is ready ---- */

static __poll_t __ep_eventpoll_poll(struct file *file, poll_table *wait, int depth);

/*
 * The item's current events, masked by what it watches. pt NULL: just
 * look; otherwise register through pt (ep_insert only).
 */
static __poll_t ep_item_poll(struct epitem *epi, poll_table *pt, int depth)
{
	poll_table look;
	__poll_t res;

	if (!pt) {
		init_poll_funcptr(&look, NULL);
		pt = &look;
	}
	pt->_key = epi->event.events;
	if (is_file_epoll(epi->file))
		res = __ep_eventpoll_poll(epi->file, pt, depth + 1);
	else
		res = vfs_poll(epi->file, pt);
	return res & epi->event.events;
}

/*
 * Start and end of a pass over the ready list, both under ep->mtx: take
 * the whole list as txlist, and give back what the pass did not consume.
 * While an item sits on txlist its rdllink is not empty, so the callback
 * leaves it alone; every item is unlinked (under ep->lock) before it is
 * polled, so a wake-up after that poll queues it again and is not lost.
 */
static void ep_start_scan(struct eventpoll *ep, struct list_head *txlist)
{
	unsigned long flags;

	spin_lock_irqsave(&ep->lock, flags);
	ep_list_splice_init(&ep->rdllist, txlist);
	spin_unlock_irqrestore(&ep->lock, flags);
}

static void ep_done_scan(struct eventpoll *ep, struct list_head *txlist)
{
	unsigned long flags;

	spin_lock_irqsave(&ep->lock, flags);
	ep_list_splice_init(txlist, &ep->rdllist);
	spin_unlock_irqrestore(&ep->lock, flags);
	/*
	 * Items left over (maxevents reached, or level-triggered): another
	 * epoll_wait on this instance may take them. Not poll_wait: watchers
	 * of this file were told when the items first became ready.
	 */
	if (ep_events_available(ep) && waitqueue_active(&ep->wq))
		wake_up(&ep->wq);
}

static void ep_unlink_ready(struct epitem *epi)
{
	unsigned long flags;

	spin_lock_irqsave(&epi->ep->lock, flags);
	list_del_init(&epi->rdllink);
	spin_unlock_irqrestore(&epi->ep->lock, flags);
}

/*
 * ->poll of an epoll file: readable when some queued item really is ready.
 * Items that turn out not to be (a level-triggered fd drained since) drop
 * off the ready list here, as in ep_send_events. depth bounds the
 * recursion through nested instances (the loop check keeps it finite).
 */
static __poll_t __ep_eventpoll_poll(struct file *file, poll_table *wait, int depth)
{
	struct eventpoll *ep = file->private_data;
	struct epitem *epi, *tmp;
	LIST_HEAD(txlist);
	__poll_t res = 0;

	poll_wait(file, &ep->poll_wait, wait);
	if (depth > EP_MAX_NESTS + 1)
		return 0;
	mutex_lock(&ep->mtx);
	ep_start_scan(ep, &txlist);
	list_for_each_entry_safe(epi, tmp, &txlist, rdllink) {
		if (ep_item_poll(epi, NULL, depth)) {
			res = EPOLLIN | EPOLLRDNORM;
			break;
		}
		ep_unlink_ready(epi);
	}
	ep_done_scan(ep, &txlist);
	mutex_unlock(&ep->mtx);
	return res;
}

static __poll_t ep_eventpoll_poll(struct file *file, poll_table *wait)
{
	return __ep_eventpoll_poll(file, wait, 0);
}

/* ---- insert / modify / remove (ep->mtx held) ---- */

struct epitem *ep_find(struct eventpoll *ep, struct file *file, int fd)
{
	struct epitem *epi;

	list_for_each_entry(epi, &ep->items, link)
		if (epi->file == file && epi->fd == fd)
			return epi;
	return NULL;
}

/* Unhook from every wait queue; after this no callback can run for epi. */
static void ep_unregister_pollwait(struct epitem *epi)
{
	struct eppoll_entry *pwq = epi->pwqlist;

	while (pwq) {
		struct eppoll_entry *next = pwq->next;

		remove_wait_queue(pwq->whead, &pwq->wait);
		kmem_cache_free(pwq_cache, pwq);
		pwq = next;
	}
	epi->pwqlist = NULL;
}

void ep_remove(struct eventpoll *ep, struct epitem *epi)
{
	unsigned long flags;

	ep_unregister_pollwait(epi);
	spin_lock_irqsave(&ep_files_lock, flags);
	hlist_del_init(&epi->fllink);
	spin_unlock_irqrestore(&ep_files_lock, flags);
	list_del_init(&epi->link);
	ep_unlink_ready(epi);
	kmem_cache_free(epi_cache, epi);
}

/*
 * net.core.busy_poll: remember the NAPI a watched socket's packets come
 * by, so epoll_wait can poll it before sleeping: at insert and whenever
 * ep_send_events reports a socket (Linux's). The last one seen wins.
 */
static void ep_set_busy_poll_napi_id(struct eventpoll *ep, struct file *file)
{
	struct socket *sock;
	unsigned int napi_id;

	if (!net_busy_loop_on())
		return;
	sock = sock_from_file(file);
	if (!sock || !sock->sk)
		return;
	napi_id = READ_ONCE(sock->sk->sk_napi_id);
	if (napi_id && napi_id != READ_ONCE(ep->napi_id))
		WRITE_ONCE(ep->napi_id, napi_id);
}

static bool ep_busy_loop_end(void *arg)
{
	return ep_events_available(arg);
}

/*
 * Before epoll_wait sleeps: poll the remembered NAPI until an event is
 * ready or net.core.busy_poll us have passed. True if one is ready. A
 * spin that found nothing forgets the NAPI until a socket reports again,
 * so an idle instance does not spin on every call (Linux's ep_busy_loop).
 */
static bool ep_busy_loop(struct eventpoll *ep)
{
	unsigned int napi_id = READ_ONCE(ep->napi_id);

	if (!napi_id || !net_busy_loop_on())
		return false;
	napi_busy_loop(napi_id, ep_busy_loop_end, ep, READ_ONCE(sysctl_net_busy_poll));
	if (ep_events_available(ep))
		return true;
	WRITE_ONCE(ep->napi_id, 0);
	return false;
}

int ep_insert(struct eventpoll *ep, const struct epoll_event *event,
		     struct file *tfile, int fd)
{
	struct ep_pqueue epq;
	struct epitem *epi;
	unsigned long flags;
	__poll_t revents;

	epi = kmem_cache_zalloc(epi_cache, GFP_KERNEL);
	if (!epi)
		return -ENOMEM;
	INIT_LIST_HEAD(&epi->link);
	INIT_LIST_HEAD(&epi->rdllink);
	INIT_HLIST_NODE(&epi->fllink);
	epi->ep = ep;
	epi->file = tfile;
	epi->fd = fd;
	epi->event = *event;
	list_add_tail(&epi->link, &ep->items);
	spin_lock_irqsave(&ep_files_lock, flags);
	hlist_add_head(&epi->fllink, ep_file_bucket(tfile));
	spin_unlock_irqrestore(&ep_files_lock, flags);

	/* Hook onto the file's queues and learn its state in the same call. */
	epq.epi = epi;
	init_poll_funcptr(&epq.pt, ep_ptable_queue_proc);
	revents = ep_item_poll(epi, &epq.pt, 1);
	if (epi->nwait < 0) {
		ep_remove(ep, epi);
		return -ENOMEM;
	}
	ep_set_busy_poll_napi_id(ep, tfile);
	if (revents) {
		spin_lock_irqsave(&ep->lock, flags);
		ep_set_ready(epi);
		spin_unlock_irqrestore(&ep->lock, flags);
		ep_wake_waiters(ep);
	}
	return 0;
}

/* New events and data; re-arms a fired EPOLLONESHOT. Reports a state already there. */
int ep_modify(struct eventpoll *ep, struct epitem *epi, const struct epoll_event *event)
{
	unsigned long flags;

	spin_lock_irqsave(&ep->lock, flags);
	epi->event = *event;
	spin_unlock_irqrestore(&ep->lock, flags);
	if (ep_item_poll(epi, NULL, 1)) {
		spin_lock_irqsave(&ep->lock, flags);
		ep_set_ready(epi);
		spin_unlock_irqrestore(&ep->lock, flags);
		ep_wake_waiters(ep);
	}
	return 0;
}

static void ep_free(struct eventpoll *ep)
{
	struct epitem *epi;

	mutex_lock(&epmutex);
	mutex_lock(&ep->mtx);
	while ((epi = list_first_entry_or_null(&ep->items, struct epitem, link)))
		ep_remove(ep, epi);
	mutex_unlock(&ep->mtx);
	mutex_unlock(&epmutex);
	kfree(ep);
}

static int ep_eventpoll_release(struct inode *inode, struct file *file)
{
	if (file->private_data)
		ep_free(file->private_data);
	return 0;
}

const struct file_operations eventpoll_fops = {
	.llseek		= no_llseek,
	.poll		= ep_eventpoll_poll,
	.release	= ep_eventpoll_release,
};

/* __fput calls this before ->release: forget file in every instance. */
void eventpoll_release(struct file *file)
{
	struct epitem *epi;

	if (!ep_initialized)
		eventpoll_init();
	if (!ep_first_watch(file))
		return;			/* the common case: nobody watches it */
	mutex_lock(&epmutex);
	while ((epi = ep_first_watch(file))) {
		struct eventpoll *ep = epi->ep;

		mutex_lock(&ep->mtx);
		ep_remove(ep, epi);
		mutex_unlock(&ep->mtx);
	}
	mutex_unlock(&epmutex);
}

/*
 * Hand up to maxevents ready events to user space (ep->mtx held for the
 * pass). Returns how many, or -EFAULT if the first copy failed.
 */
static int ep_send_events(struct eventpoll *ep, struct epoll_event __user *events, int maxevents)
{
	LIST_HEAD(txlist);
	unsigned long flags;
	int res = 0;

	mutex_lock(&ep->mtx);
	ep_start_scan(ep, &txlist);
	while (res < maxevents && !list_empty(&txlist)) {
		struct epitem *epi = list_first_entry(&txlist, struct epitem, rdllink);
		struct epoll_event ev;
		__poll_t revents;

		ep_unlink_ready(epi);
		revents = ep_item_poll(epi, NULL, 1);
		if (!revents)
			continue;	/* woken, but nothing there now */
		ev.events = revents;
		ev.data = epi->event.data;
		if (copy_to_user(&events[res], &ev, sizeof(ev))) {
			spin_lock_irqsave(&ep->lock, flags);
			if (list_empty(&epi->rdllink))
				list_add(&epi->rdllink, &txlist);	/* not delivered: keep it */
			spin_unlock_irqrestore(&ep->lock, flags);
			if (!res)
				res = -EFAULT;
			break;
		}
		res++;
		ep_set_busy_poll_napi_id(ep, epi->file);
		spin_lock_irqsave(&ep->lock, flags);
		if (epi->event.events & EPOLLONESHOT)
			epi->event.events &= EP_PRIVATE_BITS;	/* disarmed until MOD */
		else if (!(epi->event.events & EPOLLET))
			ep_set_ready(epi);	/* level-triggered: ask again next time */
		spin_unlock_irqrestore(&ep->lock, flags);
	}
	ep_done_scan(ep, &txlist);
	mutex_unlock(&ep->mtx);
	return res;
}

/*
 * epoll_wait's loop: deliver what is ready, else sleep on ep->wq
 * (exclusive: threads sharing one instance are woken one at a time) until
 * a callback, a signal or the deadline. Never restarted: -EINTR, as Linux.
 */
int ep_poll(struct eventpoll *ep, struct epoll_event __user *events, int maxevents,
		   const struct poll_deadline *end)
{
	bool timed_out = end->zero;
	wait_queue_entry_t wait;

	for (;;) {
		if (ep_events_available(ep)) {
			int res = ep_send_events(ep, events, maxevents);

			if (res)
				return res;
		}
		if (timed_out)
			return 0;
		if (signal_pending(current))
			return -EINTR;
		if (ep_busy_loop(ep))
			continue;

		init_waitqueue_func_entry(&wait, default_wake_function);
		wait.private = current;
		set_current_state(TASK_INTERRUPTIBLE);
		add_wait_queue_exclusive(&ep->wq, &wait);
		/* Re-check after queueing: a callback before this point found no sleeper. */
		if (!ep_events_available(ep) && !signal_pending(current)) {
			long j = poll_deadline_jiffies(end);

			if (j)
				schedule_timeout(j);
		}
		__set_current_state(TASK_RUNNING);
		remove_wait_queue(&ep->wq, &wait);
		if (!poll_deadline_jiffies(end))
			timed_out = true;
	}
}

