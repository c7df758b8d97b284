/*
 * TCP input, receiving data: where a segment's payload goes once
 * tcp_input.c has accepted the segment (sequence, PAWS, ACK).
 *
 *   tcp_data_queue: in order -> sk_receive_queue (condensed when its
 *     memory is over twice its payload, tcp_condense_skb), then whatever
 *     the out-of-order queue now continues (tcp_ofo_queue); early ->
 *     out_of_order_queue (bounded by the receive buffer, pruned, counted
 *     as TCPOFOQueue/TCPOFODrop); old -> a D-SACK and an immediate ACK.
 *   tcp_fin: the peer's FIN, the state it moves us to (RFC 9293 §3.10.7.4
 *     eighth step).
 *   The SACK blocks we send (RFC 2018 §4) and D-SACK (RFC 2883):
 *     tcp_sack_new_ofo_skb / tcp_sack_remove / tcp_dsack_set.
 *   tcp_event_data_recv: per data segment, schedule the ACK, learn the
 *     peer's MSS and our payload-to-memory ratio, grow the offered window
 *     (rcv_ssthresh); quick-ack mode after a hole, a duplicate or an overrun.
 * Neighbours: tcp_input.c (calls tcp_data_queue, tcp_dsack_set),
 * tcp_output.c (the ACK that carries the blocks), tcp.c (the reader).
 */
#include <net/tcp.h>

void tcp_fin(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	inet_csk_schedule_ack(sk);
	sk->sk_shutdown |= RCV_SHUTDOWN;
	sock_set_flag(sk, SOCK_DONE);
	switch (sk->sk_state) {
	case TCP_SYN_RECV:
	case TCP_ESTABLISHED:
		tcp_set_state(sk, TCP_CLOSE_WAIT);
		inet_csk(sk)->icsk_ack.pingpong = 1;
		break;
	case TCP_CLOSE_WAIT:
	case TCP_CLOSING:
	case TCP_LAST_ACK:
		break;		/* a retransmitted FIN */
	case TCP_FIN_WAIT1:
		/* Simultaneous close (RFC 9293 figure 13). */
		tcp_send_ack(sk);
		tcp_set_state(sk, TCP_CLOSING);
		break;
	case TCP_FIN_WAIT2:
		tcp_send_ack(sk);
		tcp_time_wait(sk, TCP_TIME_WAIT, 0);
		break;
	}
	skb_queue_purge(&tp->out_of_order_queue);
	tp->ofo_bytes = 0;
	tp->num_sacks = 0;
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_state_change(sk);
}

static void tcp_enter_quickack_mode(struct sock *sk)
{
	inet_csk(sk)->icsk_ack.quick = TCP_MAX_QUICKACKS;
	inet_csk(sk)->icsk_ack.pingpong = 0;
	inet_csk(sk)->icsk_ack.ato = TCP_ATO_MIN;
}

static void tcp_event_data_recv(struct sock *sk, struct sk_buff *skb)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);

	/* A GRO skb (net/core/gro.c) stands for gso_segs segments of gso_size. */
	u32 seglen = skb_shinfo(skb)->gso_size ? skb_shinfo(skb)->gso_size : skb->len;

	inet_csk_schedule_ack(sk);
	if (seglen >= icsk->icsk_ack.rcv_mss) {
		/* A full segment: learn what share of its memory is payload (tcp_measure_rcv_mss). */
		u32 val = ((u32)skb->len << TCP_RMEM_TO_WIN_SCALE) / skb->truesize;

		tp->scaling_ratio = val ? min_t(u32, val, 255) : 1;
		icsk->icsk_ack.rcv_mss = min_t(u32, seglen, tp->advmss);
	}
	if (!icsk->icsk_ack.ato)
		tcp_enter_quickack_mode(sk);
	tp->lrcvtime = jiffies;
	/*
	 * The reader keeps up (memory left): let the offered window grow by two
	 * segments per segment received, up to what the buffer can back
	 * (Linux's tcp_grow_window, which starts small to catch senders that
	 * overrun a window before it trusts them with more). A GRO skb of
	 * many segments grows it by twice its length, as Linux's does.
	 */
	if (tp->rcv_ssthresh < tp->window_clamp && tcp_space(sk) > (int)tp->rcv_ssthresh) {
		u32 full = tcp_win_from_space(sk, sk->sk_rcvbuf);
		u32 incr = max_t(u32, 2 * tp->advmss, 2 * skb->len);

		tp->rcv_ssthresh = min_t(u32, tp->rcv_ssthresh + incr, min_t(u32, tp->window_clamp, full));
	}
}

/*
 * The SACK blocks we send (RFC 2018 §4): one per contiguous run of data
 * in out_of_order_queue, the one holding the newest arrival first, at
 * most four. tcp_sack_new_ofo_skb records an arrival, tcp_sack_remove
 * drops what rcv_nxt has passed, tcp_dsack_set reports a duplicate
 * (RFC 2883) in the next ACK.
 */
static void tcp_sack_new_ofo_skb(struct sock *sk, u32 seq, u32 end_seq)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_sack_block *sp = tp->selective_acks;
	struct tcp_sack_block cur = { seq, end_seq };
	int i, n = 0;
	struct tcp_sack_block keep[4];

	/* Fold every block touching the new data into it; keep the rest in order. */
	for (i = 0; i < tp->num_sacks; i++) {
		if (!after(sp[i].start_seq, cur.end_seq) && !after(cur.start_seq, sp[i].end_seq)) {
			if (before(sp[i].start_seq, cur.start_seq))
				cur.start_seq = sp[i].start_seq;
			if (after(sp[i].end_seq, cur.end_seq))
				cur.end_seq = sp[i].end_seq;
		} else if (n < 3) {
			keep[n++] = sp[i];
		}
	}
	sp[0] = cur;
	for (i = 0; i < n; i++)
		sp[i + 1] = keep[i];
	tp->num_sacks = n + 1;
}

static void tcp_sack_remove(struct tcp_sock *tp)
{
	int i, n = 0;

	for (i = 0; i < tp->num_sacks; i++) {
		if (!after(tp->selective_acks[i].end_seq, tp->rcv_nxt))
			continue;
		if (before(tp->selective_acks[i].start_seq, tp->rcv_nxt))
			tp->selective_acks[i].start_seq = tp->rcv_nxt;
		tp->selective_acks[n++] = tp->selective_acks[i];
	}
	tp->num_sacks = n;
}

void tcp_dsack_set(struct sock *sk, u32 seq, u32 end_seq)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (!tp->rx_opt.sack_ok)
		return;
	NET_INC_STATS(before(seq, tp->rcv_nxt) ? LINUX_MIB_TCPDSACKOLDSENT : LINUX_MIB_TCPDSACKOFOSENT);
	tp->duplicate_sack[0].start_seq = seq;
	tp->duplicate_sack[0].end_seq = end_seq;
	tp->dsack = 1;
}

/* Move segments the hole-filler made in-order from out_of_order_queue to the receive queue. */
static void tcp_ofo_queue(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;

	while ((skb = skb_peek(&tp->out_of_order_queue)) != NULL) {
		if (after(TCP_SKB_CB(skb)->seq, tp->rcv_nxt))
			break;
		__skb_unlink(skb, &tp->out_of_order_queue);
		tp->ofo_bytes -= skb->truesize;
		if (!after(TCP_SKB_CB(skb)->end_seq, tp->rcv_nxt)) {
			kfree_skb(skb);		/* all of it arrived again meanwhile */
			continue;
		}
		if (before(TCP_SKB_CB(skb)->seq, tp->rcv_nxt)) {
			skb_pull(skb, tp->rcv_nxt - TCP_SKB_CB(skb)->seq);
			TCP_SKB_CB(skb)->seq = tp->rcv_nxt;
		}
		__skb_queue_tail(&sk->sk_receive_queue, skb);
		tp->rcv_nxt = TCP_SKB_CB(skb)->end_seq;
		if (TCP_SKB_CB(skb)->tcp_flags & TCPHDR_FIN) {
			tcp_fin(sk);
			break;
		}
	}
}

/* Insert by sequence; a segment entirely covered by one already queued is a duplicate. */
static void tcp_data_queue_ofo(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 seq = TCP_SKB_CB(skb)->seq, end_seq = TCP_SKB_CB(skb)->end_seq;
	struct sk_buff *pos;

	/* Bounded by the receive buffer; when full the newest arrival is what we drop. */
	if (atomic_read(&sk->sk_rmem_alloc) + skb->truesize > (unsigned int)sk->sk_rcvbuf) {
		NET_INC_STATS(LINUX_MIB_TCPOFODROP);
		kfree_skb(skb);
		return;
	}
	NET_INC_STATS(LINUX_MIB_TCPOFOQUEUE);
	skb_queue_walk(&tp->out_of_order_queue, pos) {
		u32 pseq = TCP_SKB_CB(pos)->seq, pend = TCP_SKB_CB(pos)->end_seq;

		if (!before(seq, pseq) && !after(end_seq, pend)) {
			tcp_dsack_set(sk, seq, end_seq);
			kfree_skb(skb);		/* nothing new */
			return;
		}
		if (before(seq, pseq))
			break;
	}
	skb_set_owner_r(skb, sk);
	tp->ofo_bytes += skb->truesize;
	__skb_insert(skb, pos->prev, pos, &tp->out_of_order_queue);
	if (tp->rx_opt.sack_ok)
		tcp_sack_new_ofo_skb(sk, seq, end_seq);
}

/*
 * The window we offer is backed by sk_rcvbuf at the payload/truesize ratio
 * of full segments (scaling_ratio). A shorter segment in a full-size
 * receive buffer (a 600-byte tail in the e1000's 2 KiB buffer) costs far
 * more than that ratio says, and enough of them would overrun the buffer
 * and get invited data dropped. Copy such a segment into an skb sized for
 * its payload (what Linux gets from tcp_collapse, done at once); if that
 * fails, keep the original. Full segments are never copied.
 */
static struct sk_buff *tcp_condense_skb(struct sk_buff *skb)
{
	struct sk_buff *n;

	if (skb->truesize <= 2 * skb->len)
		return skb;
	n = alloc_skb(skb->len, GFP_ATOMIC);
	if (!n)
		return skb;
	if (n->truesize >= skb->truesize) {
		kfree_skb(n);
		return skb;
	}
	skb_put_data(n, skb->data, skb->len);
	memcpy(n->cb, skb->cb, sizeof(n->cb));	/* TCP_SKB_CB: seq, end_seq, flags */
	n->tstamp = skb->tstamp;
	consume_skb(skb);
	return n;
}

void tcp_data_queue(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);
	const struct tcphdr *th = tcp_hdr(skb);

	if (TCP_SKB_CB(skb)->seq == TCP_SKB_CB(skb)->end_seq) {
		consume_skb(skb);
		return;
	}
	skb_pull(skb, __tcp_hdrlen(th));
	tp->rx_opt.num_sacks = 0;

	if (!after(TCP_SKB_CB(skb)->end_seq, tp->rcv_nxt)) {
		/* All of it arrived before: our ACK was lost. Say so at once, with a D-SACK. */
		tcp_dsack_set(sk, TCP_SKB_CB(skb)->seq, TCP_SKB_CB(skb)->end_seq);
		tcp_enter_quickack_mode(sk);
		tcp_send_ack(sk);
		kfree_skb(skb);
		return;
	}
	if (!before(TCP_SKB_CB(skb)->seq, tp->rcv_nxt + tcp_receive_window(tp))) {
		/* Beyond the window (a probe, or a misbehaving peer): drop, ACK our window. */
		tcp_enter_quickack_mode(sk);
		inet_csk_schedule_ack(sk);
		kfree_skb(skb);
		return;
	}
	if (before(TCP_SKB_CB(skb)->seq, tp->rcv_nxt)) {
		/* Part old, part new: keep the new part. */
		skb_pull(skb, tp->rcv_nxt - TCP_SKB_CB(skb)->seq);
		TCP_SKB_CB(skb)->seq = tp->rcv_nxt;
	}
	skb = tcp_condense_skb(skb);
	if (TCP_SKB_CB(skb)->seq != tp->rcv_nxt) {
		tcp_enter_quickack_mode(sk);
		tcp_data_queue_ofo(sk, skb);
		tcp_send_ack(sk);	/* a duplicate ACK tells the sender about the hole */
		return;
	}
	/*
	 * In-order data must not be refused for memory that out-of-order data
	 * holds: drop the out-of-order queue from its far end first (Linux's
	 * tcp_prune_ofo_queue); the sender retransmits it later anyway.
	 */
	while (atomic_read(&sk->sk_rmem_alloc) + skb->truesize > (unsigned int)sk->sk_rcvbuf &&
	       !skb_queue_empty(&tp->out_of_order_queue)) {
		struct sk_buff *last = tp->out_of_order_queue.prev;

		__skb_unlink(last, &tp->out_of_order_queue);
		tp->ofo_bytes -= last->truesize;
		kfree_skb(last);
		NET_INC_STATS(LINUX_MIB_OFOPRUNED);
		tp->num_sacks = 0;	/* what we SACKed is gone: report no blocks (RFC 2018 §8) */
	}
	if (tcp_receive_window(tp) == 0 ||
	    atomic_read(&sk->sk_rmem_alloc) + skb->truesize > (unsigned int)sk->sk_rcvbuf + 2 * skb->truesize) {
		/* We offered no room: the sender overran the window (or memory ran out). */
		NET_INC_STATS(LINUX_MIB_TCPRCVQDROP);
		tcp_enter_quickack_mode(sk);
		inet_csk_schedule_ack(sk);
		kfree_skb(skb);
		return;
	}
	skb_set_owner_r(skb, sk);
	__skb_queue_tail(&sk->sk_receive_queue, skb);
	tp->rcv_nxt = TCP_SKB_CB(skb)->end_seq;
	tcp_event_data_recv(sk, skb);
	if (TCP_SKB_CB(skb)->tcp_flags & TCPHDR_FIN)
		tcp_fin(sk);
	if (!skb_queue_empty(&tp->out_of_order_queue)) {
		tcp_ofo_queue(sk);
		if (tp->num_sacks)
			tcp_sack_remove(tp);
		inet_csk(sk)->icsk_ack.pingpong = 0;
		tcp_send_ack(sk);	/* the hole is (partly) filled: tell the sender now */
	}
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_data_ready(sk);
}

