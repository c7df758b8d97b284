/*
 * Loss recovery: which segments are lost, how fast to resend them, and
 * taking it back when the loss was not one.
 *
 *   tcp_ack -> tcp_sacktag_write_queue: the SACK blocks of the ACK mark
 *     segments SACKED_ACKED (RFC 2018, the scoreboard of RFC 6675), and
 *     each newly delivered segment advances RACK (tcp_rack_advance);
 *   -> tcp_fastretrans_alert: leave a finished recovery; detect losses -
 *     RACK (RFC 8985 §6: a segment sent before one that was delivered,
 *     and older than an RTT plus a reordering window, is lost), or without
 *     SACK three duplicate ACKs and NewReno's partial ACKs (RFC 6582);
 *     enter Recovery (ssthresh from the congestion control); let PRR
 *     (RFC 6937) set cwnd so the sending rate falls smoothly to ssthresh;
 *     tcp_xmit_retransmit_queue resends what is lost.
 *   Tail loss probe (RFC 8985 §7): instead of waiting an RTO for the last
 *     segments of a burst, probe after ~2 RTTs; the ACK or SACK of the
 *     probe starts fast recovery. An RTO (tcp_timer.c) calls
 *     tcp_enter_loss: everything in flight is lost, cwnd 1.
 *   Undo (RFC 3522, Eifel): an ACK that echoes a timestamp older than our
 *     first retransmission acknowledged the original: the loss was
 *     spurious, cwnd and ssthresh go back (TCPFullUndo, TCPLossUndo).
 * Counters: TCPSackRecovery, TCPRenoRecovery, TCPFastRetrans, TCPLossProbes,
 * TCPLostRetransmit, TCPDSACKRecv, TCPSACKDiscard, TCPSACKReneging, TCPFullUndo ...
 * Neighbours: tcp_input.c (tcp_ack), tcp_output.c (retransmitting),
 * tcp_cong.c (ssthresh, undo_cwnd).
 */
#include <net/tcp.h>

#define TCP_DUPTHRESH		3	/* RFC 5681, RFC 6675's DupThresh */

/* ---- the SACK scoreboard ------------------------------------------------------------------------ */

static void tcp_skb_mark_lost(struct tcp_sock *tp, struct sk_buff *skb)
{
	struct tcp_skb_cb *scb = TCP_SKB_CB(skb);

	if (scb->sacked & TCPCB_SACKED_ACKED)
		return;
	if (scb->sacked & TCPCB_RETRANS) {
		/* The retransmission itself was lost (RACK sees it by time). */
		scb->sacked &= ~TCPCB_RETRANS;
		tp->retrans_out--;
		NET_INC_STATS(LINUX_MIB_TCPLOSTRETRANSMIT);
	}
	if (!(scb->sacked & TCPCB_LOST)) {
		scb->sacked |= TCPCB_LOST;
		tp->lost_out++;
	}
}

/* Does (t1, seq1) come after (t2, seq2) in send order? (RFC 8985 RACK_sent_after) */
static bool tcp_rack_sent_after(u64 t1, u64 t2, u32 seq1, u32 seq2)
{
	return t1 > t2 || (t1 == t2 && after(seq1, seq2));
}

void tcp_rack_advance(struct tcp_sock *tp, u8 sacked, u32 end_seq, u64 xmit_us)
{
	u64 now = tcp_clock_us();
	u32 rtt_us = now > xmit_us ? (u32)(now - xmit_us) : 1;

	/*
	 * A retransmitted segment acknowledged sooner than one RTT after it
	 * was resent may be the original's ACK: no sample from it (RFC 8985 §6.2).
	 */
	if ((sacked & TCPCB_RETRANS) && tp->min_rtt_us && rtt_us < tp->min_rtt_us)
		return;
	tp->rack.advanced = 1;
	tp->rack.rtt_us = rtt_us;
	if (tcp_rack_sent_after(xmit_us, tp->rack.mstamp, end_seq, tp->rack.end_seq)) {
		tp->rack.mstamp = xmit_us;
		tp->rack.end_seq = end_seq;
	}
}

/*
 * Mark what the ACK's SACK blocks cover. Blocks are checked as RFC 2018
 * and RFC 2883 ask: a first block below the cumulative ACK (or inside the
 * second) is a D-SACK - a duplicate arrived - counted, not marked;
 * blocks outside [snd_una, snd_nxt] are discarded and counted.
 * Returns FLAG_DATA_SACKED / FLAG_DSACKING_ACK; *delivered counts the
 * segments newly SACKed.
 */
int tcp_sacktag_write_queue(struct sock *sk, const struct sk_buff *ack_skb, u32 prior_snd_una,
			    u32 *delivered)
{
	struct tcp_sock *tp = tcp_sk(sk);
	const u8 *ptr = (const u8 *)tcp_hdr(ack_skb) + tp->rx_opt.sack_off;
	int i, num = tp->rx_opt.num_sacks, flag = 0;

	*delivered = 0;
	for (i = 0; i < num; i++) {
		u32 start = get_unaligned_be32(ptr + 2 + 8 * i);
		u32 end = get_unaligned_be32(ptr + 6 + 8 * i);
		struct sk_buff *skb;

		if (i == 0) {
			bool dsack = before(start, TCP_SKB_CB(ack_skb)->ack_seq);

			if (!dsack && num > 1) {
				u32 s1 = get_unaligned_be32(ptr + 10), e1 = get_unaligned_be32(ptr + 14);

				dsack = !after(end, e1) && !before(start, s1);
			}
			if (dsack) {
				NET_INC_STATS(LINUX_MIB_TCPDSACKRECV);
				flag |= FLAG_DSACKING_ACK;
				continue;
			}
		}
		if (!after(end, start) || after(end, tp->snd_nxt) || !after(end, tp->snd_una) ||
		    before(start, prior_snd_una - tp->max_window)) {
			NET_INC_STATS(LINUX_MIB_TCPSACKDISCARD);
			continue;
		}
		skb_queue_walk(&sk->sk_write_queue, skb) {
			struct tcp_skb_cb *scb = TCP_SKB_CB(skb);

			if (skb == tp->send_head || !before(scb->seq, end))
				break;
			if (before(scb->seq, start) || after(scb->end_seq, end))
				continue;	/* only whole segments count as delivered */
			if (scb->sacked & TCPCB_SACKED_ACKED)
				continue;
			if (scb->sacked & TCPCB_LOST) {
				scb->sacked &= ~TCPCB_LOST;
				tp->lost_out--;
			}
			if (scb->sacked & TCPCB_RETRANS) {
				scb->sacked &= ~TCPCB_RETRANS;
				tp->retrans_out--;
			} else {
				flag |= FLAG_ORIG_SACK_ACKED;
			}
			tcp_rack_advance(tp, scb->sacked, scb->end_seq, scb->tx_us);
			scb->sacked |= TCPCB_SACKED_ACKED;
			tp->sacked_out++;
			(*delivered)++;
			flag |= FLAG_DATA_SACKED;
		}
	}
	return flag;
}

/* ---- RACK: loss by time -------------------------------------------------------------------------------- */

void tcp_rack_mark_lost(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u64 now = tcp_clock_us();
	s64 timeout = 0;
	u32 reo_wnd;
	struct sk_buff *skb;

	if (!tp->rack.advanced)
		return;
	tp->rack.advanced = 0;
	/*
	 * The reordering window: a quarter of the minimum RTT (§6.2), none once
	 * DupThresh segments were SACKed or recovery began - by then reordering
	 * is no longer the likely story.
	 */
	reo_wnd = (tp->sacked_out >= TCP_DUPTHRESH || tp->ca_state >= TCP_CA_Recovery) ?
		  0 : tp->min_rtt_us / 4;
	skb_queue_walk(&sk->sk_write_queue, skb) {
		struct tcp_skb_cb *scb = TCP_SKB_CB(skb);
		s64 remaining;

		if (skb == tp->send_head)
			break;
		if ((scb->sacked & TCPCB_SACKED_ACKED) ||
		    (scb->sacked & (TCPCB_LOST | TCPCB_RETRANS)) == TCPCB_LOST)
			continue;
		if (!tcp_rack_sent_after(tp->rack.mstamp, scb->tx_us, tp->rack.end_seq, scb->end_seq))
			continue;
		remaining = (s64)(scb->tx_us + tp->rack.rtt_us + reo_wnd) - (s64)now;
		if (remaining <= 0)
			tcp_skb_mark_lost(tp, skb);
		else if (remaining > timeout)
			timeout = remaining;
	}
	if (timeout)
		inet_csk_reset_xmit_timer(sk, ICSK_TIME_REO_TIMEOUT,
					  usecs_to_jiffies((u32)timeout) + 1, inet_csk(sk)->icsk_rto);
}

/* ---- recovery ------------------------------------------------------------------------------------------ */

static void tcp_init_undo(struct tcp_sock *tp)
{
	tp->undo_marker = tp->snd_una ? tp->snd_una : 1;
	tp->retrans_stamp = 0;
	tp->prior_ssthresh = tp->snd_ssthresh;
}

static void tcp_enter_recovery(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	NET_INC_STATS(tp->rx_opt.sack_ok ? LINUX_MIB_TCPSACKRECOVERY : LINUX_MIB_TCPRENORECOVERY);
	tcp_init_undo(tp);
	tp->prior_cwnd = tp->snd_cwnd;
	tp->prr_delivered = 0;
	tp->prr_out = 0;
	tp->snd_ssthresh = inet_csk(sk)->icsk_ca_ops->ssthresh(sk);
	tp->high_seq = tp->snd_nxt;
	tcp_set_ca_state(sk, TCP_CA_Recovery);
}

/* Recovery is over: cwnd is ssthresh (RFC 6937 §3, the end of the reduction). */
static void tcp_end_cwnd_reduction(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (tp->snd_ssthresh < 0x7fffffff)
		tp->snd_cwnd = tp->snd_ssthresh;
	tp->snd_cwnd_cnt = 0;
	tp->dup_acks = 0;
	tp->undo_marker = 0;
	tcp_set_ca_state(sk, TCP_CA_Open);
}

/*
 * Proportional Rate Reduction (RFC 6937): while the pipe is above
 * ssthresh, send prr_delivered * ssthresh / prior_cwnd minus what was
 * sent; once below, slow-start back up to ssthresh (PRR-SSRB). The
 * first ACK of recovery always allows one segment: the fast retransmit.
 */
static void tcp_cwnd_reduction(struct sock *sk, u32 newly_acked_sacked, int flag)
{
	struct tcp_sock *tp = tcp_sk(sk);
	int delta = (int)tp->snd_ssthresh - (int)tcp_packets_in_flight(tp);
	int sndcnt;

	if (!newly_acked_sacked || !tp->prior_cwnd)
		return;
	tp->prr_delivered += newly_acked_sacked;
	if (delta < 0) {
		u64 dividend = (u64)tp->snd_ssthresh * tp->prr_delivered + tp->prior_cwnd - 1;

		sndcnt = (int)(dividend / tp->prior_cwnd) - (int)tp->prr_out;
	} else {
		sndcnt = max_t(int, (int)tp->prr_delivered - (int)tp->prr_out, (int)newly_acked_sacked);
		if (flag & FLAG_DATA_ACKED)
			sndcnt++;
		sndcnt = min_t(int, delta, sndcnt);
	}
	sndcnt = max_t(int, sndcnt, tp->prr_out ? 0 : 1);
	tp->snd_cwnd = tcp_packets_in_flight(tp) + sndcnt;
}

/* Eifel (RFC 3522): does this ACK echo a timestamp from before our first retransmission? */
static bool tcp_packet_delayed(const struct tcp_sock *tp)
{
	return tp->retrans_stamp && tp->rx_opt.saw_tstamp && tp->rx_opt.rcv_tsecr &&
	       before(tp->rx_opt.rcv_tsecr, tp->retrans_stamp);
}

/* The loss was spurious: cwnd and ssthresh as before it, nothing lost after all. */
static void tcp_undo_cwnd_reduction(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;

	skb_queue_walk(&sk->sk_write_queue, skb) {
		if (skb == tp->send_head)
			break;
		TCP_SKB_CB(skb)->sacked &= ~(TCPCB_LOST | TCPCB_RETRANS);
	}
	tp->lost_out = 0;
	tp->retrans_out = 0;
	tp->snd_cwnd = inet_csk(sk)->icsk_ca_ops->undo_cwnd(sk);
	if (tp->prior_ssthresh > tp->snd_ssthresh)
		tp->snd_ssthresh = tp->prior_ssthresh;
	tp->undo_marker = 0;
	tp->dup_acks = 0;
}

static bool tcp_try_undo(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (!tp->undo_marker || !tcp_packet_delayed(tp))
		return false;
	if (tp->ca_state == TCP_CA_Loss) {
		NET_INC_STATS(LINUX_MIB_TCPLOSSUNDO);
		NET_INC_STATS(LINUX_MIB_TCPSPURIOUSRTOS);
	} else {
		NET_INC_STATS(LINUX_MIB_TCPFULLUNDO);
	}
	tcp_undo_cwnd_reduction(sk);
	tcp_set_ca_state(sk, TCP_CA_Open);
	return true;
}

/*
 * The oldest unacknowledged segment is marked SACKed: a receiver still
 * holding it would have acknowledged it, so it reneged. tcp_ack asks after
 * each ACK (and brings the RTO forward), tcp_enter_loss at the RTO.
 */
bool tcp_sack_reneged(const struct sock *sk)
{
	const struct sk_buff *skb = skb_peek(&sk->sk_write_queue);

	return skb && skb != tcp_sk(sk)->send_head && (TCP_SKB_CB(skb)->sacked & TCPCB_SACKED_ACKED);
}

/*
 * An RTO: everything in flight is lost (RFC 6298 §5.5, RFC 5681 §3.1's cwnd
 * of one segment) but what the peer SACKed - unless the oldest segment is
 * among those. Then the receiver threw away data it had SACKed (RFC 2018
 * §8 allows it; our own tcp_data_queue prunes its out-of-order queue
 * under memory pressure), and trusting its SACKs would leave nothing to
 * resend, at this RTO and every later one: the connection would stall for
 * good. As Linux's tcp_timeout_mark_lost, forget every SACK then
 * (TCPSACKReneging).
 */
void tcp_enter_loss(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	bool reneged = tcp_sack_reneged(sk);
	struct sk_buff *skb;

	if (tp->ca_state != TCP_CA_Loss || inet_csk(sk)->icsk_retransmits == 0) {
		tcp_init_undo(tp);
		tp->prior_cwnd = tp->snd_cwnd;
		tp->snd_ssthresh = inet_csk(sk)->icsk_ca_ops->ssthresh(sk);
	}
	tp->snd_cwnd = 1;
	tp->snd_cwnd_cnt = 0;
	tp->high_seq = tp->snd_nxt;
	tp->dup_acks = 0;
	tp->tlp_high_seq = 0;
	tp->retrans_out = 0;
	tp->lost_out = 0;
	if (reneged) {
		NET_INC_STATS(LINUX_MIB_TCPSACKRENEGING);
		tp->sacked_out = 0;
	}
	skb_queue_walk(&sk->sk_write_queue, skb) {
		if (skb == tp->send_head)
			break;
		TCP_SKB_CB(skb)->sacked &= ~TCPCB_RETRANS;
		if (reneged)
			TCP_SKB_CB(skb)->sacked &= ~TCPCB_SACKED_ACKED;
		if (!(TCP_SKB_CB(skb)->sacked & TCPCB_SACKED_ACKED)) {
			TCP_SKB_CB(skb)->sacked |= TCPCB_LOST;
			tp->lost_out++;
		}
	}
	tcp_set_ca_state(sk, TCP_CA_Loss);
}

/*
 * The per-ACK decisions when anything is unusual (a duplicate ACK, SACK
 * information, or a recovery in progress).
 */
void tcp_fastretrans_alert(struct sock *sk, u32 prior_snd_una, bool is_dupack, int flag,
			   u32 acked_sacked)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (!tp->packets_out)
		tp->sacked_out = 0;

	/*
	 * Undo first: a spurious episode ends here with the window restored.
	 * Only an ACK that acknowledges new data is evidence (RFC 3522 §3.2
	 * step 5, the first acceptable ACK): a duplicate ACK echoes TS.Recent,
	 * the TSval of the last in-order segment, older than any retransmission.
	 */
	if (tp->ca_state >= TCP_CA_Recovery && (flag & FLAG_DATA_ACKED) && tcp_try_undo(sk))
		return;

	switch (tp->ca_state) {
	case TCP_CA_Recovery:
		if (!before(tp->snd_una, tp->high_seq)) {
			tcp_end_cwnd_reduction(sk);
			break;
		}
		/* NewReno without SACK: a partial ACK means the next hole is lost too. */
		if (!tp->rx_opt.sack_ok && (flag & FLAG_DATA_ACKED))
			tcp_mark_head_lost(sk);
		break;
	case TCP_CA_Loss:
		if (!before(tp->snd_una, tp->high_seq)) {
			tp->undo_marker = 0;
			tcp_set_ca_state(sk, TCP_CA_Open);
		}
		break;
	}

	if (tp->rx_opt.sack_ok) {
		tcp_rack_mark_lost(sk);
	} else if (is_dupack) {
		if (++tp->dup_acks >= TCP_DUPTHRESH && tp->ca_state < TCP_CA_Recovery)
			tcp_mark_head_lost(sk);
	} else if (flag & FLAG_DATA_ACKED) {
		tp->dup_acks = 0;
	}

	if (tp->ca_state < TCP_CA_Recovery && tp->lost_out)
		tcp_enter_recovery(sk);
	if (tp->ca_state == TCP_CA_Recovery) {
		tcp_cwnd_reduction(sk, acked_sacked ? acked_sacked : (is_dupack ? 1 : 0), flag);
		tcp_xmit_retransmit_queue(sk);
	} else if (tp->ca_state == TCP_CA_Loss) {
		tcp_xmit_retransmit_queue(sk);
	}
}

/* The reordering window ran out: mark what it was holding, then act on it. */
void tcp_rack_reo_timeout(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	tp->rack.advanced = 1;
	tcp_rack_mark_lost(sk);
	if (tp->lost_out) {
		if (tp->ca_state < TCP_CA_Recovery)
			tcp_enter_recovery(sk);
		tcp_cwnd_reduction(sk, 1, 0);
		tcp_xmit_retransmit_queue(sk);
	}
	if (inet_csk(sk)->icsk_pending != ICSK_TIME_REO_TIMEOUT)
		tcp_rearm_rto(sk);
}

/* ---- tail loss probe (RFC 8985 §7) -------------------------------------------------------------------- */

/*
 * Arm a probe timeout instead of the RTO when the tail of a flight could
 * be lost with nobody left to SACK it: PTO = 2 SRTT (plus a delayed
 * ACK's time when one segment is out), never later than the RTO.
 */
bool tcp_schedule_loss_probe(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	u32 pto_us;
	unsigned long timeout;

	if (!tp->rx_opt.sack_ok || tp->ca_state != TCP_CA_Open || tp->tlp_high_seq ||
	    !tp->packets_out || !tp->srtt_us || icsk->icsk_pending == ICSK_TIME_REO_TIMEOUT)
		return false;
	pto_us = (tp->srtt_us >> 3) * 2;
	if (tp->packets_out == 1)
		pto_us += jiffies_to_msecs(TCP_DELACK_MAX) * 1000;
	timeout = usecs_to_jiffies(pto_us) + 1;
	if (timeout >= icsk->icsk_rto)
		return false;
	inet_csk_reset_xmit_timer(sk, ICSK_TIME_LOSS_PROBE, timeout, TCP_RTO_MAX);
	return true;
}

/* The probe: one new segment if the window allows, else the last one again. */
void tcp_send_loss_probe(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb = tcp_send_head(sk);

	NET_INC_STATS(LINUX_MIB_TCPLOSSPROBES);
	if (skb && !after(TCP_SKB_CB(skb)->end_seq, tcp_wnd_end(tp))) {
		if (tcp_write_wakeup(sk) == 0)
			goto probe_sent;
	}
	skb = NULL;
	{
		struct sk_buff *it;

		skb_queue_walk(&sk->sk_write_queue, it) {
			if (it == tp->send_head)
				break;
			skb = it;
		}
	}
	if (!skb || (TCP_SKB_CB(skb)->sacked & TCPCB_SACKED_ACKED))
		goto rearm;
	if (tcp_retransmit_skb(sk, skb))
		goto rearm;
probe_sent:
	tp->tlp_high_seq = tp->snd_nxt;
rearm:
	inet_csk_reset_xmit_timer(sk, ICSK_TIME_RETRANS, inet_csk(sk)->icsk_rto, TCP_RTO_MAX);
}

/* The probe's episode ends with an ACK beyond it; if it repaired a real loss, slow down once. */
void tcp_process_tlp_ack(struct sock *sk, u32 ack, int flag)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (!before(ack, tp->tlp_high_seq) && !(flag & FLAG_DSACKING_ACK) &&
	    (flag & FLAG_RETRANS_DATA_ACKED) && tp->ca_state == TCP_CA_Open) {
		/* The probe carried the only copy that arrived: that was a loss (CWR). */
		tp->snd_ssthresh = inet_csk(sk)->icsk_ca_ops->ssthresh(sk);
		tp->snd_cwnd = max_t(u32, tp->snd_ssthresh, 2);
		NET_INC_STATS(LINUX_MIB_TCPLOSSPROBERECOVERY);
	}
	if (!before(ack, tp->tlp_high_seq))
		tp->tlp_high_seq = 0;
}
