/*
 * Private to kernel/fs/eventpoll.c (the machinery: callbacks, ready list,
 * insert/remove, ep_poll) and kernel/fs/eventpoll_sys.c (the system
 * calls and the loop check): the objects, their locks, and what one file
 * calls in the other. The lock legend is at the top of eventpoll.c.
 */
#ifndef _FS_EVENTPOLL_INTERNAL_H
#define _FS_EVENTPOLL_INTERNAL_H

#include <linux/eventpoll.h>
#include <linux/poll.h>
#include <linux/mutex.h>

/* Bits that say how to report, not what happened. */
#define EP_PRIVATE_BITS		(EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)
#define EPOLLINOUT_BITS		(EPOLLIN | EPOLLOUT)
/* What may accompany EPOLLEXCLUSIVE (Linux's rule). */
#define EPOLLEXCLUSIVE_OK_BITS	(EPOLLINOUT_BITS | EPOLLERR | EPOLLHUP | EPOLLWAKEUP | \
				 EPOLLET | EPOLLEXCLUSIVE)
/* Longest chain of epoll instances inside one another, past the top one. */
#define EP_MAX_NESTS		4
#define EP_FILE_HASH_SIZE	64	/* buckets of ep_file_hash */
#define EP_MAX_EVENTS		((int)(~0U >> 1) / (int)sizeof(struct epoll_event))	/* INT_MAX / 12 */

struct eventpoll {
	struct mutex mtx;
	spinlock_t lock;
	wait_queue_head_t wq;		/* tasks in epoll_wait, exclusive */
	wait_queue_head_t poll_wait;	/* poll/select/outer epoll on this file */
	struct list_head rdllist;	/* lock: epitems that may be ready */
	struct list_head items;		/* mtx: every epitem (Linux: an rbtree) */
	struct file *file;
	unsigned int napi_id;		/* busy polling (ep_busy_loop): a watched socket's NAPI; racy, as Linux's */
};

struct eppoll_entry {
	struct eppoll_entry *next;	/* the epitem's other hooks */
	struct epitem *base;
	wait_queue_entry_t wait;	/* on *whead; func = ep_poll_callback */
	wait_queue_head_t *whead;
};

struct epitem {
	struct list_head link;		/* mtx: in ep->items */
	struct list_head rdllink;	/* lock: in ep->rdllist or a scan's txlist */
	struct hlist_node fllink;	/* ep_files_lock: in ep_file_hash */
	struct file *file;		/* no reference: eventpoll_release unhooks us */
	int fd;
	int nwait;			/* hooks made; -1 if one could not be allocated */
	struct eventpoll *ep;
	struct eppoll_entry *pwqlist;	/* mtx */
	struct epoll_event event;	/* written under mtx + lock; the callback reads it */
};

/* poll_table wrapper for ep_insert's first ->poll: which item is hooking. */
struct ep_pqueue {
	poll_table pt;
	struct epitem *epi;
};

static inline bool ep_op_has_event(int op)
{
	return op != EPOLL_CTL_DEL;
}

extern struct mutex epmutex;		/* the graph: every insert and remove */
extern spinlock_t ep_files_lock;	/* ep_file_hash */
extern const struct file_operations eventpoll_fops;

int eventpoll_init(void);			/* caches + epmutex, once; -ENOMEM */
struct hlist_head *ep_file_bucket(struct file *file);	/* ep_files_lock */
/* ep->mtx held (and epmutex for insert/remove): */
struct epitem *ep_find(struct eventpoll *ep, struct file *file, int fd);
int ep_insert(struct eventpoll *ep, const struct epoll_event *event, struct file *tfile, int fd);
int ep_modify(struct eventpoll *ep, struct epitem *epi, const struct epoll_event *event);
void ep_remove(struct eventpoll *ep, struct epitem *epi);
/* No locks held; sleeps. */
int ep_poll(struct eventpoll *ep, struct epoll_event __user *events, int maxevents,
	    const struct poll_deadline *end);

#endif
