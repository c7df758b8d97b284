/*
 * inet_connection_sock: what a connection-oriented inet socket adds to
 * inet_sock - the accept queue of a listener, the port's bind bucket,
 * the retransmit and delayed-ACK timers with their backoff, and the
 * delayed-ACK state. TCP's tcp_sock embeds it first.
 *
 * The listen path as Linux walks it (docs/listen.md):
 *   sys_listen -> backlog clamped to somaxconn -> inet_listen ->
 *   inet_csk_listen_start -> reqsk_queue_alloc -> get_port (the bind
 *   bucket) -> sk_state = TCP_LISTEN -> hash (the listening hash).
 * accept4 -> inet_accept -> inet_csk_accept (wait, then the oldest child
 *   from the accept queue) -> sock_graft.
 *
 * Lock: fields are guarded by the socket lock; icsk_accept_queue has its
 * own (request_sock.h). Implementation: net/ipv4/inet_connection_sock.c.
 */
#ifndef _NET_INET_CONNECTION_SOCK_H
#define _NET_INET_CONNECTION_SOCK_H

#include <net/inet_sock.h>
#include <net/request_sock.h>
#include <net/inet_timewait_sock.h>
#include <linux/timer.h>

struct inet_bind_bucket;
struct tcp_congestion_ops;

/* icsk_pending: which event the retransmit timer is armed for. */
#define ICSK_TIME_RETRANS	1	/* retransmit (incl. SYN) */
#define ICSK_TIME_DACK		2	/* delayed ACK (its own timer) */
#define ICSK_TIME_PROBE0	3	/* zero window probe */
#define ICSK_TIME_LOSS_PROBE	5	/* tail loss probe (RFC 8985 §7) */
#define ICSK_TIME_REO_TIMEOUT	6	/* RACK reordering window (RFC 8985 §6.3) */

/* icsk_ack.pending bits */
#define ICSK_ACK_SCHED		1	/* an ACK is owed */
#define ICSK_ACK_TIMER		2	/* the delayed-ACK timer is armed */
#define ICSK_ACK_PUSHED		4	/* send it at the next read (the peer pushed) */

struct inet_connection_sock {
	struct inet_sock		icsk_inet;	/* must be first */
	struct request_sock_queue	icsk_accept_queue;
	struct inet_bind_bucket		*icsk_bind_hash;	/* the port we own */
	struct hlist_node		icsk_bind_node;		/* in its owners list */
	struct timer_list		icsk_retransmit_timer;	/* RTO, SYN, probe0 */
	struct timer_list		icsk_delack_timer;
	struct timer_list		icsk_keepalive_timer;	/* keepalive; FIN_WAIT2 timeout of a full orphan */
	unsigned long			icsk_timeout;		/* when the retransmit timer fires */
	u32				icsk_rto;		/* jiffies */
	u8				icsk_pending;		/* ICSK_TIME_* */
	u8				icsk_backoff;		/* exponent of the RTO backoff */
	u8				icsk_retransmits;	/* unrecovered RTO timeouts */
	u8				icsk_probes_out;	/* unanswered keepalive / probe0 */
	u8				icsk_syn_retries;
	u32				icsk_user_timeout;	/* TCP_USER_TIMEOUT, ms */
	const struct tcp_congestion_ops	*icsk_ca_ops;		/* Reno, CUBIC (TCP_CONGESTION) */
	u32				icsk_ca_priv[16];	/* the algorithm's per-connection state */
	u32				icsk_pmtu_cookie;	/* the path MTU mss_cache was computed for (lo: 65536) */
	struct {
		u8		pending;	/* ICSK_ACK_* */
		u8		quick;		/* segments still to ACK at once (slow start of the peer) */
		u8		pingpong;	/* interactive: delay ACKs to ride on replies */
		u32		ato;		/* delayed-ACK timeout, jiffies */
		unsigned long	timeout;	/* when it fires */
		u32		lrcvtime;
		u16		rcv_mss;	/* the peer's segment size as we see it */
	} icsk_ack;
};
static inline struct inet_connection_sock *inet_csk(const struct sock *sk)
{
	return (struct inet_connection_sock *)sk;
}

/* Listening and accepting. */
int inet_csk_listen_start(struct sock *sk);
void inet_csk_listen_stop(struct sock *sk);
struct sock *inet_csk_accept(struct sock *sk, int flags, int *err, bool kern);
int inet_csk_get_port(struct sock *sk, unsigned short snum);
struct sock *inet_csk_clone_lock(const struct sock *sk, const struct request_sock *req, gfp_t prio);
/* A child finished its handshake: onto the accept queue (false: the listener is closing). */
bool inet_csk_reqsk_queue_add(struct sock *sk, struct request_sock *req, struct sock *child);
void inet_csk_reqsk_queue_hash_add(struct sock *sk, struct request_sock *req, unsigned long timeout);
bool inet_csk_reqsk_queue_drop(struct sock *sk, struct request_sock *req);
void inet_csk_reqsk_queue_drop_and_put(struct sock *sk, struct request_sock *req);
void inet_csk_destroy_sock(struct sock *sk);

static inline bool sk_acceptq_is_full(const struct sock *sk)
{
	return READ_ONCE(sk->sk_ack_backlog) > READ_ONCE(sk->sk_max_ack_backlog);
}
static inline bool inet_csk_reqsk_queue_is_full(const struct sock *sk)
{
	return reqsk_queue_len(&inet_csk(sk)->icsk_accept_queue) >= (int)sk->sk_max_ack_backlog;
}

/* Timers. */
void inet_csk_init_xmit_timers(struct sock *sk, void (*retransmit)(struct timer_list *),
			       void (*delack)(struct timer_list *), void (*keepalive)(struct timer_list *));
void inet_csk_clear_xmit_timers(struct sock *sk);
void inet_csk_reset_xmit_timer(struct sock *sk, int what, unsigned long when, unsigned long max_when);
void inet_csk_clear_xmit_timer(struct sock *sk, int what);
void inet_csk_reset_keepalive_timer(struct sock *sk, unsigned long len);
void inet_csk_delete_keepalive_timer(struct sock *sk);
static inline void inet_csk_delack_init(struct sock *sk)
{
	memset(&inet_csk(sk)->icsk_ack, 0, sizeof(inet_csk(sk)->icsk_ack));
}
static inline void inet_csk_schedule_ack(struct sock *sk) { inet_csk(sk)->icsk_ack.pending |= ICSK_ACK_SCHED; }
static inline bool inet_csk_ack_scheduled(const struct sock *sk) { return inet_csk(sk)->icsk_ack.pending & ICSK_ACK_SCHED; }

#endif
