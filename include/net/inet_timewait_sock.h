/*
 * inet_timewait_sock: a connection in TIME_WAIT, reduced to what 2*MSL
 * needs (RFC 9293 §3.6.1): the 4-tuple to answer stray segments, a place
 * in the established hash and in the port's bind bucket (so the port is
 * not reused too early), and a timer. Linux's "minisock".
 * Lifetime: tcp_time_wait creates it from the closing socket and arms
 * tw_timer (60 s, TCP_TIMEWAIT_LEN); the timer, an RST, or a new SYN that
 * may reuse the tuple kills it (inet_twsk_deschedule_put).
 * Implementation: net/ipv4/tcp_minisocks.c.
 */
#ifndef _NET_INET_TIMEWAIT_SOCK_H
#define _NET_INET_TIMEWAIT_SOCK_H

#include <net/sock.h>
#include <linux/timer.h>

struct inet_bind_bucket;

struct inet_timewait_sock {
	struct sock_common	__tw_common;	/* state TCP_TIME_WAIT, refcount: hash + timer */
#define tw_refcnt		__tw_common.skc_refcnt
#define tw_state		__tw_common.skc_state
	int			tw_timeout;	/* jiffies */
	u8			tw_substate;	/* TCP_TIME_WAIT, or TCP_FIN_WAIT2 for an orphan's timeout */
	u8			tw_kill:1;	/* the timer already ran */
	__be16			tw_sport;
	struct hlist_node	tw_bind_node;	/* in tw_tb's owners */
	struct inet_bind_bucket	*tw_tb;
	struct timer_list	tw_timer;
};
static inline struct inet_timewait_sock *inet_twsk(const struct sock *sk)
{
	return (struct inet_timewait_sock *)sk;
}

#endif
