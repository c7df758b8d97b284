/*
 * The machinery of connection-oriented inet sockets, as Linux names it:
 * port ownership (inet_csk_get_port and the bind-conflict rules), the
 * listen path (inet_csk_listen_start/stop), the accept queue
 * (inet_csk_reqsk_queue_add, inet_csk_accept), the child socket
 * (inet_csk_clone_lock), and the connection timers.
 *
 *   listen(): inet_listen -> inet_csk_listen_start -> reqsk_queue_alloc
 *             -> get_port (re-checks the port now that sk will listen;
 *             EADDRINUSE puts the state back) -> TCP_LISTEN -> hash
 *   accept(): inet_accept -> inet_csk_accept -> wait (exclusive: one
 *             connection wakes one acceptor) -> reqsk_queue_remove
 *
 * Bind conflicts (Linux's inet_csk_bind_conflict): two owners of a port
 * clash when their bound devices and bound addresses overlap (0 overlaps
 * everything), unless both set SO_REUSEADDR and the other is not
 * listening, or both set SO_REUSEPORT with the same owner uid (or the
 * other is in TIME_WAIT). TIME_WAIT minisocks are owners too: a port with
 * a connection in TIME_WAIT can be bound again only with SO_REUSEADDR.
 * Neighbours: inet_hashtables.c (tables), request_sock.c, af_inet.c.
 */
#include <net/tcp.h>
#include <linux/sched.h>
#include <linux/random.h>
#include <linux/trace_events.h>

static bool addrs_overlap(__be32 a, __be32 b) { return !a || !b || a == b; }
static bool devs_overlap(int a, int b) { return !a || !b || a == b; }

static bool inet_bind_conflict(const struct sock *sk, const struct inet_bind_bucket *tb)
{
	const struct inet_connection_sock *icsk;
	const struct inet_timewait_sock *tw;
	bool reuse = sk->sk_reuse, reuseport = sk->sk_reuseport;

	hlist_for_each_entry(icsk, &tb->owners, icsk_bind_node) {
		const struct sock *sk2 = (const struct sock *)icsk;

		if (sk2 == sk)
			continue;
		if (!devs_overlap(sk->sk_bound_dev_if, sk2->sk_bound_dev_if) ||
		    !addrs_overlap(sk->sk_rcv_saddr, sk2->sk_rcv_saddr))
			continue;
		if (reuse && sk2->sk_reuse && sk2->sk_state != TCP_LISTEN)
			continue;
		if (reuseport && sk2->sk_reuseport && sk->sk_uid == sk2->sk_uid)
			continue;
		return true;
	}
	hlist_for_each_entry(tw, &tb->tw_owners, tw_bind_node) {
		const struct sock_common *c = &tw->__tw_common;

		if (!devs_overlap(sk->sk_bound_dev_if, c->skc_bound_dev_if) ||
		    !addrs_overlap(sk->sk_rcv_saddr, c->skc_rcv_saddr))
			continue;
		if ((reuse && c->skc_reuse) || (reuseport && c->skc_reuseport))
			continue;
		return true;
	}
	return false;
}

/*
 * Take port snum for sk (0: any free one from ip_local_port_range).
 * Also called by listen for a socket that already owns its port, to
 * re-check the conflicts that listening adds. 0 or -EADDRINUSE.
 *
 * For port 0, as Linux's inet_csk_find_open_port: first a port nobody
 * holds, then, only if there is none, one whose owners the rules let us
 * share. Else a SO_REUSEADDR socket could be given a port a connection
 * in TIME_WAIT still holds, and find a stranger in its /proc/net/tcp.
 */
int inet_csk_get_port(struct sock *sk, unsigned short snum)
{
	struct inet_bind_bucket *tb;
	int low, high, remaining, i, relax, err = -EADDRINUSE;
	u32 offset;

	spin_lock_bh(&tcp_hashinfo.lock);
	if (!snum) {
		inet_get_local_port_range(&low, &high);
		remaining = high - low + 1;
		offset = get_random_u32();
		for (relax = 0; relax < 2; relax++)
			for (i = 0; i < remaining; i++) {
				u16 port = low + (offset + i) % remaining;

				tb = inet_bind_bucket_find(port);
				if (!tb || (relax && !inet_bind_conflict(sk, tb))) {
					snum = port;
					goto have_port;
				}
			}
		goto out;
	}
	tb = inet_bind_bucket_find(snum);
	if (tb && inet_bind_conflict(sk, tb))
		goto out;
have_port:
	if (inet_csk(sk)->icsk_bind_hash) {	/* listen's re-check: already an owner */
		err = 0;
		goto out;
	}
	tb = inet_bind_bucket_find(snum);
	if (!tb)
		tb = inet_bind_bucket_create(snum);
	err = -ENOBUFS;
	if (!tb)
		goto out;
	inet_bind_hash(sk, tb, snum);
	err = 0;
out:
	spin_unlock_bh(&tcp_hashinfo.lock);
	return err;
}

/* ---- listen ------------------------------------------------------------------------ */

int inet_csk_listen_start(struct sock *sk)
{
	/* LAB(listen) BEGIN: inet_csk_listen_start */
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct inet_sock *inet = inet_sk(sk);
	int err;

	reqsk_queue_alloc(&icsk->icsk_accept_queue);
	sk->sk_ack_backlog = 0;
	inet_csk_delack_init(sk);

	/*
	 * Set the state first, so a concurrent bind() of another socket sees
	 * a listener; if the port check fails, put it back (Linux's order).
	 */
	inet_sk_set_state(sk, TCP_LISTEN);
	err = -EADDRINUSE;
	if (!sk->sk_prot->get_port(sk, inet->inet_num)) {
		inet->inet_sport = htons(inet->inet_num);
		err = sk->sk_prot->hash(sk);
		if (!err)
			goto out;
	}
	inet_sk_set_state(sk, TCP_CLOSE);
out:
	trace_event(inet_csk_listen_start, inet->inet_num, err);
	return err;
	/* LAB(listen) END: inet_csk_listen_start */
}

/* A child that will never be accepted: reset it and let it go. */
static void inet_child_forget(struct sock *sk, struct request_sock *req, struct sock *child)
{
	sk->sk_prot->disconnect(child, O_NONBLOCK);
	sock_orphan(child);
	atomic_inc(&tcp_orphan_count);
	if (child->sk_state != TCP_CLOSE)
		tcp_set_state(child, TCP_CLOSE);
	inet_csk_destroy_sock(child);
}

/*
 * close() of a listener: every connection still in the accept queue is
 * reset and freed. Requests still in the SYN queue die by themselves:
 * they find their listener no longer listening (reqsk_timer_handler,
 * tcp_v4_rcv).
 */
void inet_csk_listen_stop(struct sock *sk)
{
	struct request_sock_queue *queue = &inet_csk(sk)->icsk_accept_queue;
	struct request_sock *req;

	while ((req = reqsk_queue_remove(queue, sk)) != NULL) {
		struct sock *child = req->sk;

		/* BH off: NET_RX must not find the child half torn down (or spin on its lock). */
		local_bh_disable();
		bh_lock_sock(child);
		WARN_ON(sock_owned_by_user(child));
		sock_hold(child);
		inet_child_forget(sk, req, child);
		reqsk_put(req);
		bh_unlock_sock(child);
		local_bh_enable();
		sock_put(child);
	}
	WARN_ON(sk->sk_ack_backlog);
}

bool inet_csk_reqsk_queue_add(struct sock *sk, struct request_sock *req, struct sock *child)
{
	struct request_sock_queue *queue = &inet_csk(sk)->icsk_accept_queue;

	spin_lock(&queue->rskq_lock);
	if (unlikely(sk->sk_state != TCP_LISTEN)) {
		spin_unlock(&queue->rskq_lock);
		inet_child_forget(sk, req, child);
		return false;
	}
	req->sk = child;
	req->dl_next = NULL;
	if (queue->rskq_accept_head)
		queue->rskq_accept_tail->dl_next = req;
	else
		queue->rskq_accept_head = req;
	queue->rskq_accept_tail = req;
	sk->sk_ack_backlog++;
	spin_unlock(&queue->rskq_lock);
	trace_event(accept_queue_add, req->ir_num, req->ir_rmt_addr, ntohs(req->ir_rmt_port),
		    sk->sk_ack_backlog);
	return true;
}

void inet_csk_reqsk_queue_hash_add(struct sock *sk, struct request_sock *req, unsigned long timeout)
{
	timer_setup(&req->rsk_timer, reqsk_timer_handler, 0);
	refcount_inc(&req->rsk_refcnt);		/* the hash's */
	refcount_inc(&req->rsk_refcnt);		/* the timer's */
	inet_ehash_insert((struct sock *)req, NULL);
	mod_timer(&req->rsk_timer, jiffies + timeout);
	reqsk_queue_added(&inet_csk(sk)->icsk_accept_queue);
	trace_event(syn_queue_add, req->ir_num, req->ir_rmt_addr, ntohs(req->ir_rmt_port),
		    reqsk_queue_len(&inet_csk(sk)->icsk_accept_queue));
}

/*
 * Out of the SYN queue (completed, expired or reset); each reference dropped
 * once. False if it was already out (someone else got there first).
 */
bool inet_csk_reqsk_queue_drop(struct sock *sk, struct request_sock *req)
{
	struct sock *rsk = (struct sock *)req;
	bool hashed;

	spin_lock_bh(&tcp_hashinfo.lock);
	hashed = !hlist_unhashed(&rsk->sk_node);
	if (hashed) {
		hlist_del_init(&rsk->sk_node);
		tcp_hashinfo.ehash_count--;
	}
	spin_unlock_bh(&tcp_hashinfo.lock);
	if (!hashed)
		return false;
	reqsk_queue_removed(&inet_csk(sk)->icsk_accept_queue, req);
	trace_event(syn_queue_remove, req->ir_num, req->ir_rmt_addr, ntohs(req->ir_rmt_port),
		    reqsk_queue_len(&inet_csk(sk)->icsk_accept_queue));
	if (del_timer(&req->rsk_timer))
		reqsk_put(req);		/* the timer's */
	reqsk_put(req);			/* the hash's */
	return true;
}

void inet_csk_reqsk_queue_drop_and_put(struct sock *sk, struct request_sock *req)
{
	inet_csk_reqsk_queue_drop(sk, req);
	reqsk_put(req);
}

/* ---- accept ------------------------------------------------------------------------ */

/*
 * Sleep until the accept queue has a connection. Exclusive: a new
 * connection wakes one sleeper (EPOLLEXCLUSIVE-like), the rest sleep on.
 */
static int inet_csk_wait_for_connect(struct sock *sk, long timeo)
{
	int err;

	for (;;) {
		DEFINE_WAIT(wait);

		prepare_to_wait_exclusive(sk_sleep(sk), &wait, TASK_INTERRUPTIBLE);
		release_sock(sk);
		if (reqsk_queue_empty(&inet_csk(sk)->icsk_accept_queue))
			timeo = schedule_timeout(timeo);
		lock_sock(sk);
		finish_wait(sk_sleep(sk), &wait);
		err = 0;
		if (!reqsk_queue_empty(&inet_csk(sk)->icsk_accept_queue))
			break;
		err = -EINVAL;
		if (sk->sk_state != TCP_LISTEN)
			break;
		err = sock_intr_errno(timeo);
		if (signal_pending(current))
			break;
		err = -EAGAIN;
		if (!timeo)
			break;
	}
	return err;
}

struct sock *inet_csk_accept(struct sock *sk, int flags, int *err, bool kern)
{
	struct request_sock_queue *queue = &inet_csk(sk)->icsk_accept_queue;
	struct request_sock *req;
	struct sock *newsk;
	int error;

	lock_sock(sk);
	error = -EINVAL;
	if (sk->sk_state != TCP_LISTEN)
		goto out_err;
	if (reqsk_queue_empty(queue)) {
		long timeo = sock_rcvtimeo(sk, flags & O_NONBLOCK);

		error = -EAGAIN;
		if (!timeo)
			goto out_err;
		error = inet_csk_wait_for_connect(sk, timeo);
		if (error)
			goto out_err;
	}
	req = reqsk_queue_remove(queue, sk);
	newsk = req->sk;
	release_sock(sk);
	reqsk_put(req);
	return newsk;
out_err:
	release_sock(sk);
	*err = error;
	return NULL;
}

/* ---- the child ---------------------------------------------------------------------- */

struct sock *inet_csk_clone_lock(const struct sock *sk, const struct request_sock *req, gfp_t prio)
{
	struct sock *newsk = sk_clone_lock(sk, prio);
	struct inet_connection_sock *newicsk;

	if (!newsk)
		return NULL;
	newicsk = inet_csk(newsk);
	inet_sk_set_state(newsk, TCP_SYN_RECV);
	newsk->sk_daddr = req->ir_rmt_addr;
	newsk->sk_dport = req->ir_rmt_port;
	newsk->sk_rcv_saddr = req->ir_loc_addr;
	inet_sk(newsk)->inet_saddr = req->ir_loc_addr;
	newsk->sk_num = req->ir_num;
	inet_sk(newsk)->inet_sport = htons(req->ir_num);
	newsk->sk_bound_dev_if = req->__req_common.skc_bound_dev_if;
	newsk->sk_userlocks = sk->sk_userlocks & ~SOCK_BINDPORT_LOCK;
	newicsk->icsk_bind_hash = NULL;
	INIT_HLIST_NODE(&newicsk->icsk_bind_node);
	newicsk->icsk_retransmits = 0;
	newicsk->icsk_backoff = 0;
	newicsk->icsk_probes_out = 0;
	newicsk->icsk_pending = 0;
	memset(&newicsk->icsk_ack, 0, sizeof(newicsk->icsk_ack));
	reqsk_queue_alloc(&newicsk->icsk_accept_queue);
	return newsk;
}

/* The end of a closed, orphaned socket: protocol state freed, the base reference dropped. */
void inet_csk_destroy_sock(struct sock *sk)
{
	WARN_ON(sk->sk_state != TCP_CLOSE);
	WARN_ON(!sock_flag(sk, SOCK_DEAD));
	WARN_ON(!hlist_unhashed(&sk->sk_node));
	sk->sk_prot->destroy(sk);
	atomic_dec(&tcp_orphan_count);
	sock_put(sk);
}

/* ---- timers ------------------------------------------------------------------------ */

void inet_csk_init_xmit_timers(struct sock *sk, void (*retransmit)(struct timer_list *),
			       void (*delack)(struct timer_list *), void (*keepalive)(struct timer_list *))
{
	struct inet_connection_sock *icsk = inet_csk(sk);

	timer_setup(&icsk->icsk_retransmit_timer, retransmit, 0);
	timer_setup(&icsk->icsk_delack_timer, delack, 0);
	timer_setup(&icsk->icsk_keepalive_timer, keepalive, 0);
	icsk->icsk_pending = icsk->icsk_ack.pending = 0;
}

void inet_csk_clear_xmit_timers(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);

	icsk->icsk_pending = icsk->icsk_ack.pending = 0;
	sk_stop_timer(sk, &icsk->icsk_retransmit_timer);
	sk_stop_timer(sk, &icsk->icsk_delack_timer);
	sk_stop_timer(sk, &icsk->icsk_keepalive_timer);
}

void inet_csk_reset_xmit_timer(struct sock *sk, int what, unsigned long when, unsigned long max_when)
{
	struct inet_connection_sock *icsk = inet_csk(sk);

	if (when > max_when)
		when = max_when;
	if (what == ICSK_TIME_DACK) {
		icsk->icsk_ack.pending |= ICSK_ACK_TIMER;
		icsk->icsk_ack.timeout = jiffies + when;
		sk_reset_timer(sk, &icsk->icsk_delack_timer, icsk->icsk_ack.timeout);
		return;
	}
	icsk->icsk_pending = what;
	icsk->icsk_timeout = jiffies + when;
	sk_reset_timer(sk, &icsk->icsk_retransmit_timer, icsk->icsk_timeout);
}

void inet_csk_clear_xmit_timer(struct sock *sk, int what)
{
	struct inet_connection_sock *icsk = inet_csk(sk);

	if (what == ICSK_TIME_DACK) {
		icsk->icsk_ack.pending = 0;
		sk_stop_timer(sk, &icsk->icsk_delack_timer);
		return;
	}
	icsk->icsk_pending = 0;
	sk_stop_timer(sk, &icsk->icsk_retransmit_timer);
}

void inet_csk_reset_keepalive_timer(struct sock *sk, unsigned long len)
{
	sk_reset_timer(sk, &inet_csk(sk)->icsk_keepalive_timer, jiffies + len);
}

void inet_csk_delete_keepalive_timer(struct sock *sk)
{
	sk_stop_timer(sk, &inet_csk(sk)->icsk_keepalive_timer);
}
