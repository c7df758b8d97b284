/*
 * TCP input: what an arriving segment does to a connection (RFC 9293
 * §3.10.7 "SEGMENT ARRIVES", in Linux's shape).
 *
 *   tcp_v4_do_rcv (tcp_ipv4.c, socket lock held or owner absent) ->
 *   tcp_rcv_state_process:
 *     LISTEN    -> tcp_v4_conn_request (a request_sock, SYN-ACK)
 *     SYN_SENT  -> tcp_rcv_synsent_state_process (SYN-ACK: established)
 *     otherwise -> tcp_validate_incoming (PAWS, sequence window, RST and
 *                  SYN rules of RFC 5961) -> tcp_ack (window, freeing the
 *                  retransmit queue, RTT, congestion window, fast
 *                  retransmit) -> the state's own step (FIN_WAIT1 ->
 *                  FIN_WAIT2 ...) -> tcp_data_queue (in order: receive
 *                  queue; early: out_of_order_queue) -> send what the
 *                  new window allows, ACK now or delayed.
 * Each dropped segment bumps a named counter.
 * Neighbours: tcp_data_queue.c (where the payload goes), tcp_output.c
 * (sending), tcp_minisocks.c (SYN_RECV, TIME_WAIT).
 */
#include <net/tcp.h>


/* ---- options ------------------------------------------------------------------------ */

/*
 * Parse what the peer sent. Malformed options (a length running past the
 * header, a zero length) end the parse without harm: the segment is
 * processed as if they were absent (RFC 9293 §3.1 asks us to survive them).
 */
void tcp_parse_options(const struct sk_buff *skb, struct tcp_options_received *opt_rx, bool estab)
{
	const struct tcphdr *th = tcp_hdr(skb);
	const u8 *ptr = (const u8 *)(th + 1);
	int length = __tcp_hdrlen(th) - sizeof(struct tcphdr);

	opt_rx->saw_tstamp = 0;
	opt_rx->num_sacks = 0;
	while (length > 0) {
		int opcode = *ptr++, opsize;

		if (opcode == TCPOPT_EOL)
			return;
		if (opcode == TCPOPT_NOP) {
			length--;
			continue;
		}
		if (length < 2)
			return;
		opsize = *ptr++;
		if (opsize < 2 || opsize > length)
			return;
		switch (opcode) {
		case TCPOPT_MSS:
			if (opsize == TCPOLEN_MSS && th->syn && !estab) {
				u16 in_mss = get_unaligned_be16(ptr);

				if (in_mss) {
					if (opt_rx->user_mss && opt_rx->user_mss < in_mss)
						in_mss = opt_rx->user_mss;
					opt_rx->mss_clamp = in_mss;
				}
			}
			break;
		case TCPOPT_WINDOW:
			if (opsize == TCPOLEN_WINDOW && th->syn && !estab &&
			    READ_ONCE(sysctl_tcp_window_scaling)) {
				opt_rx->wscale_ok = 1;
				opt_rx->snd_wscale = min_t(u8, *ptr, TCP_MAX_WSCALE);	/* RFC 7323 §2.3 */
			}
			break;
		case TCPOPT_TIMESTAMP:
			if (opsize == TCPOLEN_TIMESTAMP &&
			    ((estab && opt_rx->tstamp_ok) || (!estab && READ_ONCE(sysctl_tcp_timestamps)))) {
				opt_rx->saw_tstamp = 1;
				opt_rx->rcv_tsval = get_unaligned_be32(ptr);
				opt_rx->rcv_tsecr = get_unaligned_be32(ptr + 4);
			}
			break;
		case TCPOPT_SACK_PERM:
			if (opsize == TCPOLEN_SACK_PERM && th->syn && !estab && READ_ONCE(sysctl_tcp_sack))
				opt_rx->sack_ok = 1;
			break;
		case TCPOPT_SACK:
			if (opsize >= 10 && ((opsize - 2) % 8) == 0 && opt_rx->sack_ok) {
				opt_rx->num_sacks = (opsize - 2) >> 3;
				opt_rx->sack_off = (ptr - 2) - (const u8 *)th;
			}
			break;
		}
		ptr += opsize - 2;
		length -= opsize;
	}
}

/* ---- RTT and RTO (RFC 6298) ------------------------------------------------------------ */

static void tcp_rtt_estimator(struct sock *sk, long mrtt_us)
{
	struct tcp_sock *tp = tcp_sk(sk);
	long m = mrtt_us;

	if (m <= 0)
		m = 1;
	if (!tp->min_rtt_us || (u32)m < tp->min_rtt_us)
		tp->min_rtt_us = m;	/* RACK's reordering window is a quarter of it */
	if (tp->srtt_us) {
		/* SRTT = 7/8 SRTT + 1/8 R', RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R'| (§2.3) */
		m -= (tp->srtt_us >> 3);
		tp->srtt_us += m;
		if (m < 0)
			m = -m;
		m -= (tp->mdev_us >> 2);
		tp->mdev_us += m;
	} else {
		/* First sample: SRTT = R, RTTVAR = R/2 (§2.2) */
		tp->srtt_us = m << 3;
		tp->mdev_us = m << 1;
	}
	tp->rttvar_us = max_t(u32, tp->mdev_us, jiffies_to_msecs(TCP_RTO_MIN) * 1000);
}

/* RTO = SRTT + max(G, 4 * RTTVAR), with Linux's 200 ms floor on the variance term. */
static void tcp_set_rto(struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);
	u32 rto_us = (tp->srtt_us >> 3) + tp->rttvar_us;
	unsigned long rto = msecs_to_jiffies((rto_us + 999) / 1000);

	inet_csk(sk)->icsk_rto = min_t(unsigned long, rto, TCP_RTO_MAX);
}

static void tcp_ack_update_rtt(struct sock *sk, long seq_rtt_us)
{
	struct tcp_sock *tp = tcp_sk(sk);

	/* Timestamps give a sample even for retransmitted data (RFC 7323 §4). */
	if (tp->rx_opt.saw_tstamp && tp->rx_opt.rcv_tsecr) {
		u32 delta = tcp_time_stamp(tp) - tp->rx_opt.rcv_tsecr;

		if (delta < 60000)
			seq_rtt_us = (long)delta * 1000;
	}
	if (seq_rtt_us < 0)
		return;		/* Karn: no sample from a retransmission */
	tcp_rtt_estimator(sk, seq_rtt_us);
	tcp_set_rto(sk);
	inet_csk(sk)->icsk_backoff = 0;
}

void tcp_rearm_rto(struct sock *sk)
{
	if (!tcp_sk(sk)->packets_out) {
		inet_csk_clear_xmit_timer(sk, ICSK_TIME_RETRANS);
		return;
	}
	inet_csk_reset_xmit_timer(sk, ICSK_TIME_RETRANS, inet_csk(sk)->icsk_rto, TCP_RTO_MAX);
}

/* ---- ACK processing --------------------------------------------------------------------------- */

/*
 * Free what the peer acknowledged; returns FLAG_* and the RTT sample of the
 * newest original transmission, *acked the segments newly delivered: those
 * freed that were not SACKed before (SACKed ones were counted as delivered
 * when SACKed - RFC 6937's DeliveredData counts each segment once).
 */
static int tcp_clean_rtx_queue(struct sock *sk, long *seq_rtt_us, u32 *acked)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;
	u64 now = tcp_clock_us();
	int flag = 0;

	*seq_rtt_us = -1;
	*acked = 0;
	while ((skb = skb_peek(&sk->sk_write_queue)) != NULL && skb != tp->send_head) {
		struct tcp_skb_cb *scb = TCP_SKB_CB(skb);

		if (after(scb->end_seq, tp->snd_una))
			break;
		if (scb->sacked & TCPCB_LOST)
			tp->lost_out--;
		if (scb->sacked & TCPCB_SACKED_ACKED)
			tp->sacked_out--;
		if (scb->sacked & TCPCB_RETRANS) {
			tp->retrans_out--;
			flag |= FLAG_RETRANS_DATA_ACKED;
			*seq_rtt_us = -1;
		} else if (!(scb->sacked & TCPCB_SACKED_ACKED)) {
			*seq_rtt_us = now > scb->tx_us ? (long)(now - scb->tx_us) : 1;
			flag |= FLAG_ORIG_SACK_ACKED;
		}
		if (!(scb->sacked & TCPCB_SACKED_ACKED))
			tcp_rack_advance(tp, scb->sacked, scb->end_seq, scb->tx_us);
		flag |= (scb->tcp_flags & TCPHDR_SYN) ? FLAG_SYN_ACKED : FLAG_DATA_ACKED;
		tp->packets_out--;
		if (!(scb->sacked & TCPCB_SACKED_ACKED))
			(*acked)++;
		__skb_unlink(skb, &sk->sk_write_queue);
		tp->sk_wmem_queued -= skb->truesize;
		consume_skb(skb);
	}
	return flag;
}

/* Linux's tcp_set_xmit_timer: a tail loss probe if one fits before the RTO, else the RTO. */
static void tcp_set_xmit_timer(struct sock *sk)
{
	if (!tcp_schedule_loss_probe(sk))
		tcp_rearm_rto(sk);
}

/* Grow cwnd, unless recovery (PRR) is in charge of it. */
static void tcp_cong_control(struct sock *sk, u32 ack, u32 acked_sacked, int flag)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (tp->ca_state == TCP_CA_Open && (flag & FLAG_DATA_ACKED))
		inet_csk(sk)->icsk_ca_ops->cong_avoid(sk, ack, acked_sacked);
	else if (tp->ca_state == TCP_CA_Loss && (flag & FLAG_DATA_ACKED))
		tcp_slow_start(tp, acked_sacked);	/* after an RTO: slow start to ssthresh */
}

static bool tcp_may_update_window(const struct tcp_sock *tp, u32 ack, u32 ack_seq, u32 nwin)
{
	return after(ack, tp->snd_una) || after(ack_seq, tp->snd_wl1) ||
	       (ack_seq == tp->snd_wl1 && nwin > tp->snd_wnd);
}

/*
 * An ACK arrived. Returns 1 if it acknowledged something new or was a
 * fine duplicate, 0 for an old ACK (ignored), -1 for an ACK of data we
 * never sent (RFC 9293: the segment is dropped and answered with an ACK).
 */
static int tcp_ack(struct sock *sk, const struct sk_buff *skb, int flag)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	const struct tcphdr *th = tcp_hdr(skb);
	u32 ack = TCP_SKB_CB(skb)->ack_seq, ack_seq = TCP_SKB_CB(skb)->seq;
	u32 prior_snd_una = tp->snd_una, prior_packets = tp->packets_out;
	u32 nwin = ntohs(th->window), acked = 0, sacked = 0;
	const struct tcp_congestion_ops *ca = icsk->icsk_ca_ops;
	bool is_dupack;
	long seq_rtt_us = -1;

	if (before(ack, prior_snd_una)) {
		/* RFC 5961 §5.2: an ACK older than the window we ever offered is an attack. */
		if (before(ack, prior_snd_una - tp->max_window)) {
			if (!(flag & FLAG_SLOWPATH))
				tcp_send_challenge_ack(sk);
			return -1;
		}
		return 0;
	}
	if (after(ack, tp->snd_nxt))
		return -1;

	if (TCP_SKB_CB(skb)->end_seq != ack_seq)
		flag |= FLAG_DATA;
	if (!th->syn)
		nwin <<= tp->rx_opt.snd_wscale;
	if (tcp_may_update_window(tp, ack, ack_seq, nwin)) {
		if (nwin != tp->snd_wnd)
			flag |= FLAG_WIN_UPDATE;
		tp->snd_wl1 = ack_seq;
		tp->snd_wnd = nwin;
		if (nwin > tp->max_window)
			tp->max_window = nwin;
	}
	tp->snd_una = ack;
	tp->rcv_tstamp = jiffies;
	icsk->icsk_probes_out = 0;
	if (tp->rx_opt.sack_ok && tp->rx_opt.num_sacks && prior_packets)
		flag |= tcp_sacktag_write_queue(sk, skb, prior_snd_una, &sacked);
	if (!prior_packets)
		goto no_queue;

	flag |= tcp_clean_rtx_queue(sk, &seq_rtt_us, &acked);
	/* RFC 5681's duplicate ACK: nothing new, no data, no window change, data outstanding. */
	is_dupack = ack == prior_snd_una && !(flag & (FLAG_DATA | FLAG_WIN_UPDATE)) && !th->fin;
	if (flag & (FLAG_DATA_ACKED | FLAG_SYN_ACKED)) {
		icsk->icsk_retransmits = 0;
		tcp_ack_update_rtt(sk, (flag & FLAG_RETRANS_DATA_ACKED) && !tp->rx_opt.saw_tstamp ?
				   -1 : seq_rtt_us);
	}
	if (ca->pkts_acked && (acked || sacked))
		ca->pkts_acked(sk, acked, (flag & FLAG_RETRANS_DATA_ACKED) ? -1 : (s32)seq_rtt_us);
	if (tp->tlp_high_seq)
		tcp_process_tlp_ack(sk, ack, flag);
	if (is_dupack || (flag & (FLAG_DATA_SACKED | FLAG_DSACKING_ACK)) || tp->ca_state != TCP_CA_Open)
		tcp_fastretrans_alert(sk, prior_snd_una, is_dupack, flag, acked + sacked);
	tcp_cong_control(sk, ack, acked + sacked, flag);
	if (!before(tp->snd_una, tp->cwnd_usage_seq)) {
		/* A window of data went by: measure the next one's use of cwnd afresh. */
		tp->max_packets_out = tp->packets_out;
		tp->cwnd_usage_seq = tp->snd_nxt;
	}
	if (icsk->icsk_pending != ICSK_TIME_REO_TIMEOUT || !tp->packets_out)
		tcp_set_xmit_timer(sk);
	if ((flag & FLAG_DATA_ACKED) && tcp_sack_reneged(sk)) {
		/*
		 * The ACK stops short of a segment the peer SACKed: it threw
		 * that away (RFC 2018 §8). Give a late ACK half an RTT (10 ms
		 * at least), then let the RTO path resend (tcp_enter_loss sees
		 * the same head) instead of waiting a whole RTO (Linux's
		 * tcp_check_sack_reneging).
		 */
		unsigned long delay = max_t(unsigned long, usecs_to_jiffies(tp->srtt_us >> 4),
					    msecs_to_jiffies(10));

		inet_csk_reset_xmit_timer(sk, ICSK_TIME_RETRANS, delay, TCP_RTO_MAX);
	}
	if (flag & FLAG_DATA_ACKED)
		tcp_new_space(sk);
	return 1;

no_queue:
	/* A window probe got its answer: if the window opened, stop probing. */
	if (tcp_send_head(sk) && icsk->icsk_pending == ICSK_TIME_PROBE0 &&
	    !after(TCP_SKB_CB(tcp_send_head(sk))->end_seq, tcp_wnd_end(tp))) {
		inet_csk_clear_xmit_timer(sk, ICSK_TIME_PROBE0);
		icsk->icsk_backoff = 0;
	}
	return 1;
}

/* ---- RFC 5961 and other answers that must not become a flood ----------------------------- */

bool tcp_oow_rate_limited(struct sock *sk, u32 *last_oow_ack_time)
{
	u32 now = jiffies;

	if (*last_oow_ack_time &&
	    (s32)(now - *last_oow_ack_time) < (s32)msecs_to_jiffies(READ_ONCE(sysctl_tcp_invalid_ratelimit))) {
		NET_INC_STATS(LINUX_MIB_TCPACKSKIPPEDSEQ);
		return true;
	}
	*last_oow_ack_time = now ? now : 1;
	return false;
}

/* RFC 5961 §7: a global budget of challenge ACKs per second, plus the per-socket limit. */
void tcp_send_challenge_ack(struct sock *sk)
{
	static unsigned long window_start;	/* the second (jiffies / HZ) the budget is for */
	static unsigned int count;
	struct tcp_sock *tp = tcp_sk(sk);
	unsigned long now = jiffies / HZ;

	if (tcp_oow_rate_limited(sk, &tp->last_oow_ack_time)) {
		NET_INC_STATS(LINUX_MIB_TCPACKSKIPPEDCHALLENGE);
		return;
	}
	/*
	 * A new second, a new budget. Compared for equality, as Linux does:
	 * time_after() against a stale start is wrong half the time (from boot,
	 * when jiffies start 5 minutes below the wrap, and after 2^31 ticks).
	 */
	if (now != window_start) {
		window_start = now;
		count = 0;
	}
	if (++count > (unsigned int)READ_ONCE(sysctl_tcp_challenge_ack_limit))
		return;
	NET_INC_STATS(LINUX_MIB_TCPCHALLENGEACK);
	tcp_send_ack(sk);
}


/*
 * Answer a segment we could not accept. Data below rcv_nxt arrived twice
 * (our ACK was lost, or the retransmission was spurious): report it with a
 * D-SACK (RFC 2883 §4) so the sender can tell. Segments with data are
 * answered every time - they are no ACK loop, and a sender whose ACKs were
 * lost needs ours (Linux's tcp_oow_rate_limited exempts them the same way).
 */
static void tcp_send_dupack(struct sock *sk, const struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 seq = TCP_SKB_CB(skb)->seq, end_seq = TCP_SKB_CB(skb)->end_seq;

	if (seq != end_seq) {
		if (before(seq, tp->rcv_nxt))
			tcp_dsack_set(sk, seq, after(end_seq, tp->rcv_nxt) ? tp->rcv_nxt : end_seq);
		tcp_send_ack(sk);
		return;
	}
	if (!tcp_oow_rate_limited(sk, &tp->last_oow_ack_time))
		tcp_send_ack(sk);
}

/* The connection was reset: report it once, drop everything. */
void tcp_reset(struct sock *sk)
{
	switch (sk->sk_state) {
	case TCP_SYN_SENT:
		sk->sk_err = ECONNREFUSED;
		break;
	case TCP_CLOSE_WAIT:
		sk->sk_err = EPIPE;
		break;
	case TCP_CLOSE:
		return;
	default:
		sk->sk_err = ECONNRESET;
	}
	tcp_write_queue_purge(sk);
	tcp_done(sk);
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_error_report(sk);
}

/* Sequence acceptability (RFC 9293 §3.10.7.4 "first check sequence number"). */
static bool tcp_sequence(const struct tcp_sock *tp, u32 seq, u32 end_seq)
{
	return !before(end_seq, tp->rcv_wup) && !after(seq, tp->rcv_nxt + tcp_receive_window(tp));
}

static void tcp_store_ts_recent(struct tcp_sock *tp)
{
	tp->rx_opt.ts_recent = tp->rx_opt.rcv_tsval;
	tp->rx_opt.ts_recent_stamp = jiffies ? jiffies : 1;
}

/* False: the segment was dropped (and maybe answered). */
static bool tcp_validate_incoming(struct sock *sk, struct sk_buff *skb, const struct tcphdr *th)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 seq = TCP_SKB_CB(skb)->seq;

	/* PAWS (RFC 7323 §5): an older timestamp than the newest seen is an old duplicate. */
	if (tp->rx_opt.saw_tstamp && tp->rx_opt.tstamp_ok && !th->rst &&
	    !tcp_paws_check(&tp->rx_opt, TCP_PAWS_WINDOW)) {
		NET_INC_STATS(LINUX_MIB_PAWSESTABREJECTED);
		tcp_send_dupack(sk, skb);
		return false;
	}
	if (!tcp_sequence(tp, seq, TCP_SKB_CB(skb)->end_seq)) {
		if (!th->rst) {
			if (th->syn)
				goto syn_challenge;
			tcp_send_dupack(sk, skb);
		}
		return false;
	}
	if (th->rst) {
		/* RFC 5961 §3.2: only an RST exactly at rcv_nxt resets; others in window get a challenge. */
		if (seq == tp->rcv_nxt)
			tcp_reset(sk);
		else
			tcp_send_challenge_ack(sk);
		return false;
	}
	if (tp->rx_opt.saw_tstamp && !after(seq, tp->rcv_wup))
		tcp_store_ts_recent(tp);
	if (th->syn) {
syn_challenge:
		/* RFC 5961 §4.2: a SYN in a synchronized state is answered with a challenge ACK. */
		NET_INC_STATS(LINUX_MIB_TCPSYNCHALLENGE);
		tcp_send_challenge_ack(sk);
		return false;
	}
	return true;
}

/* ---- after a segment: send what we can, ACK what we owe ------------------------------------------ */

static void tcp_data_snd_check(struct sock *sk)
{
	tcp_push(sk, tcp_sk(sk)->nonagle);
}

static void tcp_ack_snd_check(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);

	if (!inet_csk_ack_scheduled(sk))
		return;
	/* More than one full segment unacknowledged, quick-ACK mode, or a hole: ACK now (RFC 5681 §4.2). */
	if ((tp->rcv_nxt - tp->rcv_wup > icsk->icsk_ack.rcv_mss &&
	     __builtin_expect(tcp_receive_window(tp) <= tp->rcv_wnd, 1)) ||
	    (icsk->icsk_ack.quick && !icsk->icsk_ack.pingpong) ||
	    !skb_queue_empty(&tp->out_of_order_queue)) {
		tcp_send_ack(sk);
		return;
	}
	tcp_send_delayed_ack(sk);
}

/* ---- connection establishment -------------------------------------------------------------------- */

void tcp_init_transfer(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	tp->snd_cwnd = TCP_INIT_CWND;
	tp->snd_ssthresh = 0x7fffffff;
	tp->snd_cwnd_cnt = 0;
	tp->ca_state = TCP_CA_Open;
	tcp_init_congestion_control(sk);
	tp->rcv_ssthresh = min_t(u32, tp->window_clamp, tcp_space(sk));
	if (tp->rcv_ssthresh < tp->rcv_wnd)
		tp->rcv_ssthresh = tp->rcv_wnd;
	tp->lsndtime = jiffies;
	tp->rcv_tstamp = jiffies;
	tp->rcvq_space.space = tp->rcv_wnd;
	tp->rcvq_space.seq = tp->copied_seq;
	tp->rcvq_space.time = jiffies;
	inet_csk(sk)->icsk_ack.rcv_mss = min_t(u32, tp->advmss, tp->mss_cache);
	tcp_init_buffer_space(sk);
	if (sock_flag(sk, SOCK_KEEPOPEN))
		inet_csk_reset_keepalive_timer(sk, keepalive_time_when(tp));
}

static void tcp_finish_connect(struct sock *sk, struct sk_buff *skb)
{
	tcp_set_state(sk, TCP_ESTABLISHED);
	tcp_init_transfer(sk);
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_state_change(sk);
}

/* SYN_SENT: RFC 9293 §3.10.7.3. Returns 1 when the caller should answer with an RST. */
static int tcp_rcv_synsent_state_process(struct sock *sk, struct sk_buff *skb, const struct tcphdr *th)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	u32 ack = TCP_SKB_CB(skb)->ack_seq;

	tcp_parse_options(skb, &tp->rx_opt, false);
	if (th->ack) {
		/* An ACK of something other than our SYN: RST it (unless it is one). */
		if (!after(ack, tp->snd_una) || after(ack, tp->snd_nxt))
			return th->rst ? 0 : 1;
		if (th->rst) {
			tcp_reset(sk);
			return 0;
		}
		if (!th->syn)
			return 0;
		/* The SYN-ACK. */
		tp->snd_wl1 = TCP_SKB_CB(skb)->seq;
		tcp_ack(sk, skb, FLAG_SLOWPATH);
		tp->rcv_nxt = TCP_SKB_CB(skb)->seq + 1;
		tp->rcv_wup = tp->rcv_nxt;
		tp->copied_seq = tp->rcv_nxt;
		tp->snd_wnd = ntohs(th->window);	/* a SYN's window is never scaled */
		tp->max_window = tp->snd_wnd;
		if (!tp->rx_opt.wscale_ok) {
			tp->rx_opt.snd_wscale = tp->rx_opt.rcv_wscale = 0;
			tp->window_clamp = min_t(u32, tp->window_clamp, 65535U);
		}
		if (tp->rx_opt.saw_tstamp) {
			tp->rx_opt.tstamp_ok = 1;
			tcp_store_ts_recent(tp);
		} else {
			tp->rx_opt.tstamp_ok = 0;
		}
		tcp_sync_mss(sk, icsk->icsk_pmtu_cookie);
		tcp_finish_connect(sk, skb);
		tcp_send_ack(sk);
		tcp_push(sk, tp->nonagle);
		return 0;
	}
	if (th->rst)
		return 0;
	if (th->syn) {
		/* Simultaneous open (RFC 9293 figure 7): SYN_RECV, and our SYN again with an ACK. */
		struct sk_buff *syn = skb_peek(&sk->sk_write_queue);

		tcp_set_state(sk, TCP_SYN_RECV);
		if (tp->rx_opt.saw_tstamp) {
			tp->rx_opt.tstamp_ok = 1;
			tcp_store_ts_recent(tp);
		}
		tp->rcv_nxt = TCP_SKB_CB(skb)->seq + 1;
		tp->rcv_wup = tp->rcv_nxt;
		tp->copied_seq = tp->rcv_nxt;
		tp->snd_wnd = ntohs(th->window);
		tp->snd_wl1 = TCP_SKB_CB(skb)->seq;
		tp->max_window = tp->snd_wnd;
		if (!tp->rx_opt.wscale_ok)
			tp->rx_opt.snd_wscale = tp->rx_opt.rcv_wscale = 0;
		tcp_sync_mss(sk, icsk->icsk_pmtu_cookie);
		if (syn) {
			TCP_SKB_CB(syn)->tcp_flags |= TCPHDR_ACK;
			tcp_transmit_skb(sk, syn, true);
		}
	}
	return 0;
}

/*
 * The state machine for every state but ESTABLISHED's fast path (which
 * this small stack does not split off). The skb is consumed. Returns 1
 * when the caller (tcp_v4_do_rcv) must answer with an RST.
 */
int tcp_rcv_state_process(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);
	const struct tcphdr *th = tcp_hdr(skb);
	int acceptable;

	switch (sk->sk_state) {
	case TCP_CLOSE:
		goto discard_rst;
	case TCP_LISTEN:
		if (th->ack)
			return 1;
		if (th->rst || !th->syn || th->fin)
			goto discard;
		tcp_v4_conn_request(sk, skb);
		consume_skb(skb);
		return 0;
	case TCP_SYN_SENT:
		acceptable = tcp_rcv_synsent_state_process(sk, skb, th);
		if (acceptable)
			return 1;
		goto discard;
	}

	tcp_parse_options(skb, &tp->rx_opt, true);
	if (!tcp_validate_incoming(sk, skb, th))
		goto discard;
	if (!th->ack)
		goto discard;		/* RFC 9293: "if the ACK bit is off drop the segment" */

	acceptable = tcp_ack(sk, skb, FLAG_SLOWPATH);
	if (acceptable <= 0) {
		if (sk->sk_state == TCP_SYN_RECV)
			return 1;
		if (acceptable < 0) {
			tcp_send_challenge_ack(sk);
			goto discard;
		}
		/*
		 * An old ACK (SEG.ACK < SND.UNA, within the window we offered):
		 * RFC 9293 §3.10.7.4 ignores the ACK, not the segment. Reordered
		 * data must not be thrown away for carrying it.
		 */
	}

	switch (sk->sk_state) {
	case TCP_SYN_RECV:
		tcp_set_state(sk, TCP_ESTABLISHED);
		tp->snd_una = TCP_SKB_CB(skb)->ack_seq;
		tp->snd_wnd = ntohs(th->window) << tp->rx_opt.snd_wscale;
		tp->snd_wl1 = TCP_SKB_CB(skb)->seq;
		tcp_init_transfer(sk);
		if (!sock_flag(sk, SOCK_DEAD))
			sk->sk_state_change(sk);
		break;
	case TCP_FIN_WAIT1:
		if (tp->snd_una != tp->write_seq)
			break;		/* our FIN is not acknowledged yet */
		tcp_set_state(sk, TCP_FIN_WAIT2);
		sk->sk_shutdown |= SEND_SHUTDOWN;
		if (!sock_flag(sk, SOCK_DEAD)) {
			sk->sk_state_change(sk);
			break;
		}
		/* An orphan: FIN_WAIT2 lasts tcp_fin_timeout at most. */
		if (tp->linger2 < 0) {
			tcp_done(sk);
			NET_INC_STATS(LINUX_MIB_TCPABORTONDATA);
			return 1;
		}
		if (TCP_SKB_CB(skb)->end_seq != TCP_SKB_CB(skb)->seq &&
		    after(TCP_SKB_CB(skb)->end_seq - th->fin, tp->rcv_nxt)) {
			/* Data for a socket nobody will read (RFC 1122 4.2.2.13): abort. */
			tcp_done(sk);
			NET_INC_STATS(LINUX_MIB_TCPABORTONDATA);
			return 1;
		}
		/*
		 * Become a FIN_WAIT2 minisock - unless this segment carries the
		 * peer's FIN too, or we run from release_sock's backlog (the
		 * socket is still owned): a FIN queued behind this ACK would then
		 * meet a closed socket and be answered with RST. Stay a full
		 * socket; the keepalive timer ends it if the FIN never comes
		 * (Linux's "bad case" in tcp_rcv_state_process).
		 */
		if (th->fin || sock_owned_by_user(sk))
			inet_csk_reset_keepalive_timer(sk, tcp_fin_time(sk));
		else
			tcp_time_wait(sk, TCP_FIN_WAIT2, tcp_fin_time(sk));
		break;
	case TCP_CLOSING:
		if (tp->snd_una == tp->write_seq) {
			tcp_time_wait(sk, TCP_TIME_WAIT, 0);
			goto discard;
		}
		break;
	case TCP_LAST_ACK:
		if (tp->snd_una == tp->write_seq) {
			tcp_done(sk);
			goto discard;
		}
		break;
	}

	switch (sk->sk_state) {
	case TCP_CLOSE_WAIT:
	case TCP_CLOSING:
	case TCP_LAST_ACK:
		if (!before(TCP_SKB_CB(skb)->seq, tp->rcv_nxt))
			goto discard_ack;	/* the peer's FIN came: nothing after it is data */
		/* fallthrough */
	case TCP_FIN_WAIT1:
	case TCP_FIN_WAIT2:
		/* We shut down reading: new data is answered with RST (RFC 1122 4.2.2.13). */
		if ((sk->sk_shutdown & RCV_SHUTDOWN) && sock_flag(sk, SOCK_DEAD) &&
		    TCP_SKB_CB(skb)->end_seq != TCP_SKB_CB(skb)->seq &&
		    after(TCP_SKB_CB(skb)->end_seq - th->fin, tp->rcv_nxt)) {
			NET_INC_STATS(LINUX_MIB_TCPABORTONDATA);
			tcp_reset(sk);
			return 1;
		}
		/* fallthrough */
	case TCP_ESTABLISHED:
		tcp_data_queue(sk, skb);
		break;
	default:
		goto discard_ack;
	}
	if (sk->sk_state != TCP_CLOSE) {
		tcp_data_snd_check(sk);
		tcp_ack_snd_check(sk);
	}
	return 0;

discard_ack:
	if (sk->sk_state != TCP_CLOSE) {
		tcp_data_snd_check(sk);
		tcp_ack_snd_check(sk);
	}
discard:
	kfree_skb(skb);
	return 0;
discard_rst:
	return 1;
}
