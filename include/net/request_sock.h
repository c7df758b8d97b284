/*
 * request_sock: a connection in the SYN queue - the listener received a
 * SYN and answered SYN-ACK, and waits for the final ACK. It is small (no
 * buffers, no socket) so that a flood of SYNs costs little; it sits in
 * the established hash with state TCP_NEW_SYN_RECV (as in Linux since
 * 4.4), so the returning ACK finds it by its 4-tuple, and its timer
 * retransmits the SYN-ACK (tcp_synack_retries, exponential backoff).
 *
 * request_sock_queue: the listener's two queues (Linux's names):
 *   SYN queue     qlen counts the request_socks alive (young: not yet
 *                 retransmitted); bounded by the backlog and
 *                 tcp_max_syn_backlog (tcp_conn_request);
 *   accept queue  rskq_accept_head..tail: completed handshakes, each
 *                 req->sk the child socket, taken by accept();
 *                 sk_ack_backlog counts them, full when
 *                 sk_ack_backlog > sk_max_ack_backlog.
 * Lock: rskq_lock (BH) guards the accept queue links; qlen/young are
 * atomics. Implementation: net/ipv4/request_sock.c, inet_connection_sock.c.
 */
#ifndef _NET_REQUEST_SOCK_H
#define _NET_REQUEST_SOCK_H

#include <net/sock.h>
#include <linux/timer.h>

struct request_sock {
	struct sock_common	__req_common;	/* 4-tuple, state TCP_NEW_SYN_RECV, refcount */
#define rsk_refcnt		__req_common.skc_refcnt
#define ir_loc_addr		__req_common.skc_rcv_saddr
#define ir_rmt_addr		__req_common.skc_daddr
#define ir_num			__req_common.skc_num
#define ir_rmt_port		__req_common.skc_dport
	struct request_sock	*dl_next;	/* accept queue link */
	struct sock		*rsk_listener;	/* holds a reference */
	struct sock		*sk;		/* the child, once the handshake completed */
	struct timer_list	rsk_timer;	/* SYN-ACK retransmission; holds a reference */
	u32			rcv_isn;	/* the peer's ISN */
	u32			snt_isn;	/* ours */
	u32			ts_recent;	/* the peer's TSval, echoed in the SYN-ACK */
	u32			ts_off;		/* our TSval offset for this connection */
	u16			mss;		/* the peer's MSS option (536 without it) */
	u16			mss_adv;	/* the MSS we advertise */
	u32			snt_tsval;	/* a syn cookie's TSval (it encodes options) */
	u8			num_retrans;	/* SYN-ACKs retransmitted */
	u8			num_timeout;	/* timer expiries (backoff exponent) */
	u8			snd_wscale:4, rcv_wscale:4;
	u8			tstamp_ok:1, sack_ok:1, wscale_ok:1, cookie:1;
	u32			rcv_wnd;	/* the window we offered */
	u32			last_oow_ack_time;	/* answers to repeated SYNs, rate limited */
};

struct request_sock_queue {
	spinlock_t		rskq_lock;
	atomic_t		qlen;		/* request_socks in the SYN queue */
	atomic_t		young;		/* of those, not yet retransmitted */
	struct request_sock	*rskq_accept_head;
	struct request_sock	*rskq_accept_tail;
};

void reqsk_cache_init(void);					/* boot: the request_sock_TCP cache */
void reqsk_queue_alloc(struct request_sock_queue *queue);
struct request_sock *reqsk_alloc(struct sock *listener);	/* refcount 1, listener held */
void reqsk_put(struct request_sock *req);			/* frees at zero */
long reqsk_live_count(void);					/* leak checks */

static inline bool reqsk_queue_empty(const struct request_sock_queue *q)
{
	return READ_ONCE(q->rskq_accept_head) == NULL;
}
static inline int reqsk_queue_len(const struct request_sock_queue *q) { return atomic_read(&q->qlen); }
static inline int reqsk_queue_len_young(const struct request_sock_queue *q) { return atomic_read(&q->young); }
static inline void reqsk_queue_added(struct request_sock_queue *q)
{
	atomic_inc(&q->young);
	atomic_inc(&q->qlen);
}
static inline void reqsk_queue_removed(struct request_sock_queue *q, const struct request_sock *req)
{
	if (req->num_timeout == 0)
		atomic_dec(&q->young);
	atomic_dec(&q->qlen);
}
/* The oldest completed connection, or NULL. Caller then owns the reference the queue held. */
struct request_sock *reqsk_queue_remove(struct request_sock_queue *q, struct sock *parent);

#endif
