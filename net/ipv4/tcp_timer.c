/*
 * TCP's timers (all run in TIMER_SOFTIRQ, each holding a reference on
 * its sock while pending: sk_reset_timer):
 *   retransmit (icsk_retransmit_timer, icsk_pending says which use):
 *     ICSK_TIME_RETRANS  RTO expired (RFC 6298 §5): everything in flight
 *                        is lost, cwnd 1, resend from the oldest, back
 *                        off the RTO; tcp_syn_retries / tcp_retries2
 *                        retries end the connection with ETIMEDOUT
 *     ICSK_TIME_PROBE0   the peer's window is zero: probe it (persist)
 *     ICSK_TIME_LOSS_PROBE  tail loss probe, ICSK_TIME_REO_TIMEOUT  RACK's
 *                        reordering window (both tcp_recovery.c)
 *   delayed ACK (40 ms at first, RFC 1122 4.2.3.2 allows up to 500)
 *   keepalive (SO_KEEPALIVE, TCP_KEEPIDLE/KEEPINTVL/KEEPCNT), and the end
 *   of an orphan that had to stay a full socket in FIN_WAIT2
 * A timer that finds the socket owned by a system call leaves a flag in
 * tsq_flags and tcp_release_cb does the work at release_sock.
 * Neighbours: tcp_output.c (what is sent), inet_connection_sock.c.
 */
#include <net/tcp.h>

/* Leave timer work for tcp_release_cb; true the first time (take a reference). Under slock. */
static bool tcp_defer(struct sock *sk, int bit)
{
	unsigned long *flags = &tcp_sk(sk)->tsq_flags;

	if (*flags & (1UL << bit))
		return false;
	*flags |= 1UL << bit;
	return true;
}

/* Give up on the connection: the error the user sees is the last soft one, else ETIMEDOUT. */
static void tcp_write_err(struct sock *sk)
{
	sk->sk_err = sk->sk_err_soft ? sk->sk_err_soft : ETIMEDOUT;
	sk->sk_error_report(sk);
	tcp_write_queue_purge(sk);
	tcp_done(sk);
	NET_INC_STATS(LINUX_MIB_TCPABORTONTIMEOUT);
}

static int tcp_orphan_retries(void)
{
	int retries = READ_ONCE(sysctl_tcp_orphan_retries);

	return retries ? retries : 8;	/* Linux: 0 means 8 (about 100 s at RTO 200 ms) */
}

/* True when the retries are used up and the connection was ended. */
static bool tcp_write_timeout(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	int retry_until;

	if ((1 << sk->sk_state) & ((1 << TCP_SYN_SENT) | (1 << TCP_SYN_RECV)))
		retry_until = icsk->icsk_syn_retries ? icsk->icsk_syn_retries :
			      READ_ONCE(sysctl_tcp_syn_retries);
	else if (sock_flag(sk, SOCK_DEAD))
		retry_until = tcp_orphan_retries();
	else
		retry_until = READ_ONCE(sysctl_tcp_retries2);
	if (icsk->icsk_retransmits < retry_until)
		return false;
	tcp_write_err(sk);
	return true;
}

/* RTO: RFC 6298 §5.4-5.6; tcp_enter_loss (tcp_recovery.c) marks the flight lost, cwnd 1. */
void tcp_retransmit_timer(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);

	if (!tp->packets_out)
		return;
	if (tcp_write_timeout(sk))
		return;
	tcp_enter_loss(sk);
	NET_INC_STATS(LINUX_MIB_TCPTIMEOUTS);
	tcp_xmit_retransmit_queue(sk);
	icsk->icsk_backoff++;
	icsk->icsk_retransmits++;
	icsk->icsk_rto = min_t(u32, icsk->icsk_rto << 1, TCP_RTO_MAX);
	inet_csk_reset_xmit_timer(sk, ICSK_TIME_RETRANS, icsk->icsk_rto, TCP_RTO_MAX);
}

static void tcp_probe_timer(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	int max_probes = sock_flag(sk, SOCK_DEAD) ? tcp_orphan_retries() : READ_ONCE(sysctl_tcp_retries2);

	if (tp->packets_out || !tcp_send_head(sk)) {
		icsk->icsk_probes_out = 0;
		return;
	}
	/* The peer answers our probes with a zero window forever: that is allowed (RFC 9293 §3.8.6.1). */
	if (icsk->icsk_probes_out >= max_probes && sock_flag(sk, SOCK_DEAD)) {
		tcp_write_err(sk);
		return;
	}
	tcp_send_probe0(sk);
}

void tcp_write_timer_handler(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	int event;

	if (sk->sk_state == TCP_CLOSE || !icsk->icsk_pending)
		return;
	if (time_after(icsk->icsk_timeout, jiffies)) {
		sk_reset_timer(sk, &icsk->icsk_retransmit_timer, icsk->icsk_timeout);
		return;
	}
	event = icsk->icsk_pending;
	icsk->icsk_pending = 0;
	switch (event) {
	case ICSK_TIME_REO_TIMEOUT:
		tcp_rack_reo_timeout(sk);
		break;
	case ICSK_TIME_LOSS_PROBE:
		tcp_send_loss_probe(sk);
		break;
	case ICSK_TIME_RETRANS:
		tcp_retransmit_timer(sk);
		break;
	case ICSK_TIME_PROBE0:
		tcp_probe_timer(sk);
		break;
	}
}

static void tcp_write_timer(struct timer_list *t)
{
	struct inet_connection_sock *icsk = from_timer(icsk, t, icsk_retransmit_timer);
	struct sock *sk = &icsk->icsk_inet.sk;

	bh_lock_sock(sk);
	if (!sock_owned_by_user(sk)) {
		tcp_write_timer_handler(sk);
	} else if (tcp_defer(sk, TCP_WRITE_TIMER_DEFERRED)) {
		sock_hold(sk);		/* tcp_release_cb drops it */
	}
	bh_unlock_sock(sk);
	sock_put(sk);
}

void tcp_delack_timer_handler(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);

	if (sk->sk_state == TCP_CLOSE || !(icsk->icsk_ack.pending & ICSK_ACK_TIMER))
		return;
	if (time_after(icsk->icsk_ack.timeout, jiffies)) {
		sk_reset_timer(sk, &icsk->icsk_delack_timer, icsk->icsk_ack.timeout);
		return;
	}
	icsk->icsk_ack.pending &= ~ICSK_ACK_TIMER;
	if (inet_csk_ack_scheduled(sk)) {
		if (!icsk->icsk_ack.pingpong) {
			/* Delayed ACKs keep expiring: the peer is slow; wait longer next time. */
			icsk->icsk_ack.ato = min_t(u32, icsk->icsk_ack.ato << 1, icsk->icsk_rto);
		} else {
			/* Our reply did not come in time to carry the ACK: not interactive after all. */
			icsk->icsk_ack.pingpong = 0;
			icsk->icsk_ack.ato = TCP_ATO_MIN;
		}
		if (icsk->icsk_ack.ato > TCP_DELACK_MAX)
			icsk->icsk_ack.ato = TCP_DELACK_MAX;
		tcp_send_ack(sk);
		NET_INC_STATS(LINUX_MIB_DELAYEDACKS);
	}
}

static void tcp_delack_timer(struct timer_list *t)
{
	struct inet_connection_sock *icsk = from_timer(icsk, t, icsk_delack_timer);
	struct sock *sk = &icsk->icsk_inet.sk;

	bh_lock_sock(sk);
	if (!sock_owned_by_user(sk)) {
		tcp_delack_timer_handler(sk);
	} else {
		NET_INC_STATS(LINUX_MIB_DELAYEDACKLOCKED);
		if (tcp_defer(sk, TCP_DELACK_TIMER_DEFERRED))
			sock_hold(sk);
	}
	bh_unlock_sock(sk);
	sock_put(sk);
}

void tcp_keepalive_handler(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	u32 elapsed;

	/* An orphan that stayed a full socket in FIN_WAIT2 ran out of time (tcp_fin_time). */
	if (sk->sk_state == TCP_FIN_WAIT2 && sock_flag(sk, SOCK_DEAD)) {
		int tmo = tcp_fin_time(sk) - TCP_TIMEWAIT_LEN;

		if (tp->linger2 >= 0 && tmo > 0) {
			tcp_time_wait(sk, TCP_FIN_WAIT2, tmo);
			return;
		}
		tcp_send_active_reset(sk);
		tcp_done(sk);
		return;
	}
	if (!sock_flag(sk, SOCK_KEEPOPEN) ||
	    ((1 << sk->sk_state) & ((1 << TCP_CLOSE) | (1 << TCP_SYN_SENT) | (1 << TCP_LISTEN))))
		return;
	elapsed = keepalive_time_when(tp);
	/* Data in flight: the retransmit timer watches the peer already. */
	if (tp->packets_out || tcp_send_head(sk))
		goto resched;
	elapsed = jiffies - max_t(u32, tp->rcv_tstamp, tp->lrcvtime);
	if (elapsed >= (u32)keepalive_time_when(tp)) {
		if (icsk->icsk_probes_out >= keepalive_probes(tp)) {
			tcp_send_active_reset(sk);
			tcp_write_err(sk);
			return;
		}
		if (tcp_write_wakeup(sk) <= 0) {
			icsk->icsk_probes_out++;
			elapsed = keepalive_intvl_when(tp);
		} else {
			elapsed = TCP_RESOURCE_PROBE_INTERVAL;
		}
		NET_INC_STATS(LINUX_MIB_TCPKEEPALIVE);
	} else {
		elapsed = keepalive_time_when(tp) - elapsed;
	}
resched:
	inet_csk_reset_keepalive_timer(sk, elapsed);
}

static void tcp_keepalive_timer(struct timer_list *t)
{
	struct inet_connection_sock *icsk = from_timer(icsk, t, icsk_keepalive_timer);
	struct sock *sk = &icsk->icsk_inet.sk;

	bh_lock_sock(sk);
	if (!sock_owned_by_user(sk))
		tcp_keepalive_handler(sk);
	else if (tcp_defer(sk, TCP_KEEPALIVE_TIMER_DEFERRED))
		sock_hold(sk);
	bh_unlock_sock(sk);
	sock_put(sk);
}

/* release_sock: the timer work that found the socket owned. slock held, BH off. */
void tcp_release_cb(struct sock *sk)
{
	unsigned long flags = tcp_sk(sk)->tsq_flags;

	if (!flags)
		return;
	tcp_sk(sk)->tsq_flags = 0;
	if (flags & (1UL << TCP_WRITE_TIMER_DEFERRED)) {
		tcp_write_timer_handler(sk);
		__sock_put(sk);
	}
	if (flags & (1UL << TCP_DELACK_TIMER_DEFERRED)) {
		tcp_delack_timer_handler(sk);
		__sock_put(sk);
	}
	if (flags & (1UL << TCP_KEEPALIVE_TIMER_DEFERRED)) {
		tcp_keepalive_handler(sk);
		__sock_put(sk);
	}
}

void tcp_set_keepalive(struct sock *sk, int val)
{
	if ((1 << sk->sk_state) & ((1 << TCP_CLOSE) | (1 << TCP_LISTEN)))
		return;
	if (val && !sock_flag(sk, SOCK_KEEPOPEN))
		inet_csk_reset_keepalive_timer(sk, keepalive_time_when(tcp_sk(sk)));
	else if (!val)
		inet_csk_delete_keepalive_timer(sk);
}

void tcp_init_xmit_timers(struct sock *sk)
{
	inet_csk_init_xmit_timers(sk, tcp_write_timer, tcp_delack_timer, tcp_keepalive_timer);
}
