/*
 * The AF_UNIX in-flight garbage collector (Linux's net/unix/garbage.c, the
 * algorithm of Linux 2.6.26 - 6.9). A socket whose file is only referenced
 * from skbs queued on other sockets ("in flight") can still be received
 * and used - unless those skbs sit on sockets that are themselves only in
 * flight: a cycle nobody can ever read. Example: A and B, each sent to the
 * other, both closed. Their files never reach a zero count by themselves.
 *
 * unix_gc(), run when a unix socket is released while files are in flight:
 *  1. candidates: in-flight sockets whose every file reference is an
 *     in-flight one (file_count == u->inflight);
 *  2. for each candidate, scan its receive queue (a listener: its embryos'
 *     queues) and decrement the inflight count of every candidate found
 *     there - what is left counts references from outside the candidates;
 *  3. a candidate with inflight > 0 is reachable from outside: it and
 *     everything reachable from it (scanned again, counts restored, moved
 *     to the tail so they are revisited) is not garbage;
 *  4. the rest is garbage: restore its counts while moving the skbs that
 *     carry candidates onto a hit list, then free the hit list outside the
 *     lock - the fput()s release the sockets, their releases free the rest.
 * Lock legend: unix_gc_lock (scm.c) for the lists and counts; each
 * queue's lock while it is scanned. gc_in_progress makes a nested call
 * (a release during step 4) return at once.
 * Counters: unix_gc_runs, unix_gc_freed (sockets found in cycles).
 */
#include <linux/net.h>
#include <linux/fs.h>
#include <net/af_unix.h>

extern struct list_head gc_inflight_list;
static LIST_HEAD(gc_candidates);
static bool gc_in_progress;			/* unix_gc_lock */
unsigned long unix_gc_runs, unix_gc_freed;	/* unix_gc_lock */

/* Call func on every candidate whose file is in an skb on x; move those skbs to hitlist. */
static void scan_inflight(struct sock *x, void (*func)(struct unix_sock *),
			  struct sk_buff_head *hitlist)
{
	struct sk_buff *skb, *next;
	unsigned long flags;

	spin_lock_irqsave(&x->sk_receive_queue.lock, flags);
	skb_queue_walk_safe(&x->sk_receive_queue, skb, next) {
		struct scm_fp_list *fpl = UNIXCB(skb).fp;
		bool hit = false;
		int i;

		if (!fpl)
			continue;
		for (i = 0; i < fpl->count; i++) {
			struct sock *sk = unix_get_socket(fpl->fp[i]);

			if (sk && unix_sk(sk)->gc_candidate) {
				hit = true;
				func(unix_sk(sk));
			}
		}
		if (hit && hitlist) {
			__skb_unlink(skb, &x->sk_receive_queue);
			__skb_queue_tail(hitlist, skb);
		}
	}
	spin_unlock_irqrestore(&x->sk_receive_queue.lock, flags);
}

/* A listener's queue holds embryos, whose own queues may hold files (sent before accept). */
static void scan_children(struct sock *x, void (*func)(struct unix_sock *),
			  struct sk_buff_head *hitlist)
{
	struct sk_buff *skb;
	unsigned long flags;

	if (x->sk_state != TCP_LISTEN) {
		scan_inflight(x, func, hitlist);
		return;
	}
	spin_lock_irqsave(&x->sk_receive_queue.lock, flags);
	skb_queue_walk(&x->sk_receive_queue, skb)
		scan_inflight(skb->sk, func, hitlist);	/* an embryo's lock nests inside */
	spin_unlock_irqrestore(&x->sk_receive_queue.lock, flags);
}

static void dec_inflight(struct unix_sock *u)
{
	u->inflight--;
}

static void inc_inflight(struct unix_sock *u)
{
	u->inflight++;
}

static void inc_inflight_move_tail(struct unix_sock *u)
{
	u->inflight++;
	/* Reachable from outside: revisit it (step 3) so what it holds is kept too. */
	if (u->gc_maybe_cycle)
		list_move_tail(&u->link, &gc_candidates);
}

void unix_gc(void)
{
	struct unix_sock *u, *next;
	struct sk_buff_head hitlist;
	struct list_head cursor;
	LIST_HEAD(not_cycle_list);

	spin_lock(&unix_gc_lock);
	if (gc_in_progress)
		goto out;
	gc_in_progress = true;
	unix_gc_runs++;

	/* 1. Candidates: sockets only reachable through files in flight. */
	list_for_each_entry_safe(u, next, &gc_inflight_list, link) {
		struct socket *sock = u->sk.sk_socket;

		if (!sock || !sock->file)
			continue;
		if (atomic_read(&sock->file->f_count) == u->inflight) {
			list_move_tail(&u->link, &gc_candidates);
			u->gc_candidate = true;
			u->gc_maybe_cycle = true;
		}
	}

	/* 2. Take away the references candidates hold on each other. */
	list_for_each_entry(u, &gc_candidates, link)
		scan_children(&u->sk, dec_inflight, NULL);

	/* 3. Whatever still has references is alive, and so is all it holds. */
	list_add(&cursor, &gc_candidates);
	while (cursor.next != &gc_candidates) {
		u = list_entry(cursor.next, struct unix_sock, link);
		list_move(&cursor, &u->link);	/* the cursor follows u */
		if (u->inflight) {
			list_move_tail(&u->link, &not_cycle_list);
			u->gc_maybe_cycle = false;
			scan_children(&u->sk, inc_inflight_move_tail, NULL);
		}
	}
	list_del(&cursor);

	/* 4. The rest is garbage: restore counts, collect the skbs that hold it. */
	skb_queue_head_init(&hitlist);
	list_for_each_entry(u, &gc_candidates, link) {
		scan_children(&u->sk, inc_inflight, &hitlist);
		unix_gc_freed++;
	}
	while (!list_empty(&not_cycle_list)) {
		u = list_entry(not_cycle_list.next, struct unix_sock, link);
		u->gc_candidate = false;
		list_move_tail(&u->link, &gc_inflight_list);
	}
	spin_unlock(&unix_gc_lock);

	/* Freeing the skbs drops the in-flight references: the cycle's sockets go. */
	__skb_queue_purge(&hitlist);

	spin_lock(&unix_gc_lock);
	/* Every garbage socket was freed, which took it off the candidates. */
	WARN_ON(!list_empty(&gc_candidates));
	gc_in_progress = false;
out:
	spin_unlock(&unix_gc_lock);
}
