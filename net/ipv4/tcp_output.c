/*
 * TCP output: building segments and deciding when to send them.
 *
 *   tcp_sendmsg (tcp.c) queues MSS-sized skbs on sk_write_queue ->
 *   tcp_push -> tcp_write_xmit: for each unsent skb (send_head), send
 *   while the congestion window (packets_out < snd_cwnd), the peer's
 *   window (end_seq <= snd_una + snd_wnd) and Nagle allow ->
 *   tcp_transmit_skb: clone (the original stays queued until ACKed),
 *   push the header and options, checksum offloaded -> ip_queue_xmit.
 *   To a NETIF_F_TSO device, runs of full segments go as one TSO skb
 *   (tcp_tso_build), and every send but a burst's last is marked
 *   xmit_more so the driver rings its doorbell once.
 *
 * The write queue holds the payload only; headers live in each clone's
 * headroom, so a retransmission builds them afresh (RFC 9293 §3.10.7.4).
 * A clone still held by the driver when we retransmit makes us send a
 * private copy instead of a second clone (skb_cloned), so no two
 * transmissions ever write the same header bytes.
 *
 * Which options each segment carries, and tcp_current_mss, are in
 * tcp_output_options.c.
 * Replies without a full socket (SYN-ACK from a request_sock, RST, the
 * ACKs of TIME_WAIT) are built in tcp_ipv4.c and here (tcp_make_synack).
 * Neighbours: tcp_output_options.c, tcp_input.c (ACK processing calls back here), tcp_timer.c,
 * tcp_window.c (the window and MSS each segment uses).
 */
#include <net/tcp.h>
#include <net/route.h>
#include <net/checksum.h>

#include "tcp_output_options.h"

/* ---- transmitting one segment ---------------------------------------------------------- */

static void tcp_event_ack_sent(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);

	if (icsk->icsk_ack.quick)
		icsk->icsk_ack.quick--;
	if (icsk->icsk_ack.pending & ICSK_ACK_TIMER)
		inet_csk_clear_xmit_timer(sk, ICSK_TIME_DACK);
	icsk->icsk_ack.pending = 0;
}

/* Fill in the TCP header in front of skb->data for sk's connection. */
static void tcp_build_header(struct sock *sk, struct sk_buff *skb, const struct tcp_out_options *opts,
			     unsigned int header_size)
{
	struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);
	struct inet_sock *inet = inet_sk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcphdr *th;

	th = skb_push(skb, header_size);
	skb_reset_transport_header(skb);
	memset(th, 0, sizeof(*th));
	th->source = inet->inet_sport;
	th->dest = inet->inet_dport;
	th->seq = htonl(tcb->seq);
	th->ack_seq = htonl(tp->rcv_nxt);
	th->doff = header_size / 4;
	tcp_flag_byte(th) = tcb->tcp_flags;
	if (tcb->tcp_flags & TCPHDR_SYN)
		th->window = htons(min_t(u32, tp->rcv_wnd, 65535U));	/* never scaled (RFC 7323 §2.2) */
	else
		th->window = htons(tcp_select_window(sk));
	tcp_options_write((u8 *)(th + 1), opts);
	/* The NIC (or ip_output's software fallback) sums from here; we seed the pseudo-header. */
	th->check = ~csum_tcpudp_magic(inet->inet_saddr, inet->inet_daddr, skb->len, IPPROTO_TCP, 0);
	skb->ip_summed = CHECKSUM_PARTIAL;
}

/*
 * xmit_more: tcp_write_xmit knows another segment follows at once, so the
 * driver may leave its doorbell to that one (netdevice.h, netdev_xmit_more).
 * Set on what is sent, never on the queued original a retransmission
 * would clone again.
 */
static int __tcp_transmit_skb(struct sock *sk, struct sk_buff *skb, bool clone_it, bool xmit_more)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_out_options opts;
	unsigned int header_size;
	u8 flags = TCP_SKB_CB(skb)->tcp_flags;
	int err;

	if (clone_it) {
		TCP_SKB_CB(skb)->when = jiffies;
		TCP_SKB_CB(skb)->tx_us = tcp_clock_us();
		/* Still in the driver from the last transmission: send a private copy. */
		skb = skb_cloned(skb) ? pskb_copy(skb, GFP_ATOMIC) : skb_clone(skb, GFP_ATOMIC);
		if (!skb)
			return -ENOBUFS;
	}
	skb->sk = NULL;
	skb->destructor = NULL;
	skb->xmit_more = xmit_more;
	memset(&opts, 0, sizeof(opts));
	if (flags & TCPHDR_SYN)
		tcp_syn_options(sk, &opts);
	else
		tcp_established_options(sk, &opts);
	header_size = sizeof(struct tcphdr) + tcp_options_size(&opts);
	tcp_build_header(sk, skb, &opts, header_size);
	if (opts.num_sack_blocks && tp->dsack)
		tp->dsack = 0;		/* a D-SACK is reported once (RFC 2883 §4) */

	if (flags & TCPHDR_ACK)
		tcp_event_ack_sent(sk);
	if (skb->len != header_size) {
		/*
		 * Data with nothing in flight: the congestion control hears of it
		 * before lsndtime moves, so it can tell how long the sender was
		 * idle (Linux's tcp_event_data_sent; CUBIC shifts its epoch by it).
		 */
		if (!tcp_packets_in_flight(tp) && inet_csk(sk)->icsk_ca_ops->cwnd_event)
			inet_csk(sk)->icsk_ca_ops->cwnd_event(sk, CA_EVENT_TX_START);
		tp->lsndtime = jiffies;
	}
	/* A TSO skb is gso_segs segments on the wire, and counts so (as Linux). */
	TCP_ADD_STATS(TCP_MIB_OUTSEGS, skb_is_gso(skb) ? skb_shinfo(skb)->gso_segs : 1);
	if (flags & TCPHDR_RST)
		TCP_INC_STATS(TCP_MIB_OUTRSTS);
	err = ip_queue_xmit(sk, skb);
	/* A local congestion drop is like a loss on the wire: the timers recover it. */
	return err == -ENOBUFS ? 0 : err;
}

int tcp_transmit_skb(struct sock *sk, struct sk_buff *skb, bool clone_it)
{
	return __tcp_transmit_skb(sk, skb, clone_it, false);
}

/* An skb for a segment we build: all TCP/IP/link headroom reserved. */
static struct sk_buff *tcp_alloc_skb(unsigned int payload)
{
	struct sk_buff *skb = alloc_skb(MAX_TCP_HEADER + payload, GFP_ATOMIC);

	if (skb)
		skb_reserve(skb, MAX_TCP_HEADER);
	return skb;
}

static void tcp_init_nondata_skb(struct sk_buff *skb, u32 seq, u8 flags)
{
	memset(skb->cb, 0, sizeof(skb->cb));
	TCP_SKB_CB(skb)->tcp_flags = flags;
	TCP_SKB_CB(skb)->seq = seq;
	if (flags & (TCPHDR_SYN | TCPHDR_FIN))
		seq++;
	TCP_SKB_CB(skb)->end_seq = seq;
}

/* ---- the write queue ---------------------------------------------------------------------- */

static int tcp_fragment(struct sock *sk, struct sk_buff *skb, unsigned int len);

/* Queue a segment behind the others; the first unsent one becomes send_head. */
static void tcp_queue_skb(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);

	tp->write_seq = TCP_SKB_CB(skb)->end_seq;
	tp->sk_wmem_queued += skb->truesize;
	skb_header_release(skb);	/* the original never writes headroom: clones may */
	__skb_queue_tail(&sk->sk_write_queue, skb);
	if (!tp->send_head)
		tp->send_head = skb;
}

static void tcp_advance_send_head(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);

	tp->send_head = skb->next == (struct sk_buff *)&sk->sk_write_queue ? NULL : skb->next;
}

/* A segment went out for the first time: it is in flight now. */
static void tcp_event_new_data_sent(struct sock *sk, struct sk_buff *skb)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	unsigned int prior_packets = tp->packets_out;

	tcp_advance_send_head(sk, skb);
	tp->snd_nxt = TCP_SKB_CB(skb)->end_seq;
	tp->packets_out++;
	if (tp->packets_out > tp->max_packets_out)
		tp->max_packets_out = tp->packets_out;
	if (tp->ca_state == TCP_CA_Recovery)
		tp->prr_out++;
	if (!prior_packets || icsk->icsk_pending == ICSK_TIME_PROBE0 ||
	    icsk->icsk_pending == ICSK_TIME_LOSS_PROBE) {
		if (!tcp_schedule_loss_probe(sk))
			tcp_rearm_rto(sk);
	}
	NET_INC_STATS(LINUX_MIB_TCPORIGDATASENT);
}

/* Nagle (RFC 896, RFC 9293 §3.7.4): hold a small segment while data is unacknowledged. */
static bool tcp_nagle_test(const struct tcp_sock *tp, const struct sk_buff *skb,
			   unsigned int mss_now, int nonagle)
{
	if (nonagle & TCP_NAGLE_PUSH)
		return true;
	if (TCP_SKB_CB(skb)->tcp_flags & TCPHDR_FIN)
		return true;
	if (skb->len >= mss_now)
		return true;
	if (nonagle & TCP_NAGLE_CORK)
		return false;
	if (nonagle & TCP_NAGLE_OFF)
		return true;
	/* Minshall's variant, as Linux: only one small segment in flight. */
	return !(after(tp->snd_sml, tp->snd_una) && !after(tp->snd_sml, tp->snd_nxt));
}

static bool tcp_skb_is_last(const struct sock *sk, const struct sk_buff *skb)
{
	return skb->next == (const struct sk_buff *)&sk->sk_write_queue;
}

/* May skb go now, with `extra` more segments already in flight? (cwnd, peer's window, Nagle) */
static bool tcp_snd_test(struct sock *sk, const struct sk_buff *skb, unsigned int mss_now,
			 int nonagle, unsigned int extra)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (tcp_packets_in_flight(tp) + extra >= tp->snd_cwnd)
		return false;
	if (after(TCP_SKB_CB(skb)->end_seq, tcp_wnd_end(tp)) &&
	    skb->len)		/* a bare FIN may go into a closed window */
		return false;
	return tcp_nagle_test(tp, skb, mss_now, tcp_skb_is_last(sk, skb) ? nonagle : TCP_NAGLE_PUSH);
}

/*
 * TCP segmentation offload. The write queue keeps one skb per MSS, so
 * everything that counts segments (packets_out, SACK-less loss marking,
 * retransmission of a single lost segment) is unchanged. Only at send
 * time are consecutive full-MSS segments that cwnd and the peer's window
 * let go now copied into one fresh skb with gso_size = mss, which the NIC
 * cuts back into the same segments (Linux's tcp_tso_autosize idea: up to
 * 64 KiB, a multiple of the MSS). The copy costs one memcpy of the
 * payload; it saves the per-segment clone, TCP/IP headers, route, neighbour,
 * qdisc and descriptor work of all segments but one. The copy is owned by
 * no socket, like a clone: it lives until the NIC has sent it.
 */
#define TCP_GSO_MAX_SIZE	65536	/* Linux's GSO_LEGACY_MAX_SIZE: the IP length field */

/* Does sk's route go to a device that segments? (the cached route: no lookup) */
static bool tcp_tso_ok(struct sock *sk)
{
	const struct rtable *rt;

	return !ip_sk_route(sk, &rt) && (rt->dev->features & NETIF_F_TSO);
}

/* The most segments one TSO skb carries. */
static unsigned int tcp_tso_max_segs(unsigned int mss_now)
{
	return (TCP_GSO_MAX_SIZE - 1 - MAX_TCP_HEADER) / mss_now;
}

/*
 * tcp_sendmsg pushes when this much unsent data is queued (and at the end
 * of the call): one MSS without TSO, a full TSO skb's worth with it -
 * pushing every MSS would hand tcp_write_xmit one segment at a time and
 * leave nothing to coalesce (Linux's size_goal, from tcp_send_mss).
 */
unsigned int tcp_size_goal(struct sock *sk, unsigned int mss_now)
{
	return tcp_tso_ok(sk) ? tcp_tso_max_segs(mss_now) * mss_now : mss_now;
}

/*
 * Linux's tcp_tso_should_defer, simplified: with segments in flight (so an
 * ACK, or the retransmission timer, will call tcp_write_xmit again) and
 * more queued than cwnd and the peer's window let go now, wait until a
 * third of what they allow can go at once, at most one jiffy. Without it
 * each ACK would release a TSO skb of one or two segments.
 */
static bool tcp_tso_should_defer(struct sock *sk, struct sk_buff *skb, unsigned int segs,
				 unsigned int mss_now)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 limit = min_t(u32, tp->snd_wnd, tp->snd_cwnd * mss_now) / 3;

	if (!tp->packets_out || tp->ca_state != TCP_CA_Open ||
	    segs >= tcp_tso_max_segs(mss_now) || segs * mss_now >= limit ||
	    tp->write_seq - TCP_SKB_CB(skb)->seq <= segs * mss_now)	/* all that is queued can go */
		goto send_now;
	/* Linux's encoding: 1 | jiffies << 1, so a deferral at jiffies 0 is not "none". */
	if (!tp->tso_deferred) {
		tp->tso_deferred = 1 | (u32)jiffies << 1;
		return true;
	}
	if ((((u32)jiffies - (tp->tso_deferred >> 1)) & 0x7fffffff) < 1)
		return true;
send_now:
	tp->tso_deferred = 0;
	return false;
}

/* How many queued full-MSS data segments, skb first, may go out now as one. */
static unsigned int tcp_tso_segs(struct sock *sk, struct sk_buff *skb, unsigned int mss_now)
{
	struct tcp_sock *tp = tcp_sk(sk);
	unsigned int max_segs = tcp_tso_max_segs(mss_now);
	unsigned int segs = 0;

	max_segs = min_t(unsigned int, max_segs, tp->snd_cwnd - tcp_packets_in_flight(tp));
	while (segs < max_segs && skb->len == mss_now &&
	       TCP_SKB_CB(skb)->tcp_flags == TCPHDR_ACK &&	/* no SYN, FIN, PSH, URG */
	       !after(TCP_SKB_CB(skb)->end_seq, tcp_wnd_end(tp))) {
		segs++;
		if (tcp_skb_is_last(sk, skb))
			break;
		skb = skb->next;
	}
	return segs;
}

/* One skb holding the payload of segs queued segments from first on; NULL if no memory. */
static struct sk_buff *tcp_tso_build(struct sk_buff *first, unsigned int segs, unsigned int mss_now)
{
	struct sk_buff *nskb = tcp_alloc_skb(segs * mss_now), *skb = first;

	if (!nskb)
		return NULL;
	memset(nskb->cb, 0, sizeof(nskb->cb));
	TCP_SKB_CB(nskb)->seq = TCP_SKB_CB(first)->seq;
	TCP_SKB_CB(nskb)->tcp_flags = TCPHDR_ACK;
	for (unsigned int i = 0; i < segs; i++, skb = skb->next) {
		skb_put_data(nskb, skb->data, skb->len);
		TCP_SKB_CB(nskb)->end_seq = TCP_SKB_CB(skb)->end_seq;
	}
	skb_shinfo(nskb)->gso_size = mss_now;
	skb_shinfo(nskb)->gso_segs = segs;
	return nskb;
}

/* The queued segment segs after skb, or NULL past the end of the queue. */
static struct sk_buff *tcp_skb_after(struct sock *sk, struct sk_buff *skb, unsigned int segs)
{
	while (segs--) {
		if (tcp_skb_is_last(sk, skb))
			return NULL;
		skb = skb->next;
	}
	return skb;
}

bool tcp_write_xmit(struct sock *sk, int nonagle)
{
	struct tcp_sock *tp = tcp_sk(sk);
	unsigned int mss_now = tcp_current_mss(sk);
	bool tso = tcp_tso_ok(sk);
	struct sk_buff *skb;
	bool sent = false;

	tp->is_cwnd_limited = 0;
	while ((skb = tcp_send_head(sk)) != NULL) {
		struct sk_buff *next, *nskb = NULL;
		unsigned int segs = 1;
		bool more;

		if (tcp_packets_in_flight(tp) >= tp->snd_cwnd)
			tp->is_cwnd_limited = 1;	/* cong_avoid may grow cwnd on the next ACKs */
		/* Queued when the MSS was larger (path MTU, TCP_MAXSEG): cut it to size first. */
		if (skb->len > mss_now && tcp_fragment(sk, skb, mss_now))
			break;
		/*
		 * The peer's window ends inside this segment: send what fits if
		 * that is at least half the largest window it ever offered (the
		 * sender's silly-window rule, RFC 9293 §3.8.6.2.1) - a receiver
		 * with a small buffer would otherwise never see a segment again.
		 */
		if (skb->len && after(TCP_SKB_CB(skb)->end_seq, tcp_wnd_end(tp)) &&
		    before(TCP_SKB_CB(skb)->seq, tcp_wnd_end(tp)) &&
		    tcp_wnd_end(tp) - TCP_SKB_CB(skb)->seq >= (tp->max_window >> 1) &&
		    tcp_fragment(sk, skb, tcp_wnd_end(tp) - TCP_SKB_CB(skb)->seq))
			break;
		if (!tcp_snd_test(sk, skb, mss_now, nonagle, 0))
			break;
		/* segs is 0 for a full segment that carries FIN (or PSH): it goes alone, at once. */
		if (tso && skb->len == mss_now && (segs = tcp_tso_segs(sk, skb, mss_now)) > 0) {
			if (!sent && tcp_tso_should_defer(sk, skb, segs, mss_now))
				break;
			if (segs > 1)
				nskb = tcp_tso_build(skb, segs, mss_now);
		}
		if (!nskb)
			segs = 1;	/* one segment, or no memory for the copy: the plain way */
		/* Will the loop send another at once? Then the doorbell can wait for it. */
		next = tcp_skb_after(sk, skb, segs);
		more = next && next->len >= mss_now && tcp_snd_test(sk, next, mss_now, nonagle, segs);
		if (nskb ? __tcp_transmit_skb(sk, nskb, false, more) : __tcp_transmit_skb(sk, skb, true, more))
			break;
		for (unsigned int i = 0; i < segs; i++) {
			next = skb->next;
			TCP_SKB_CB(skb)->when = jiffies;	/* tcp_transmit_skb does this for a clone */
			TCP_SKB_CB(skb)->tx_us = tcp_clock_us();	/* and this, RACK's send time */
			tcp_event_new_data_sent(sk, skb);
			if (skb->len < mss_now)
				tp->snd_sml = TCP_SKB_CB(skb)->end_seq;
			skb = next;
		}
		sent = true;
	}
	/*
	 * After a burst, a tail loss probe 2 SRTT on (RFC 8985 §7.2), instead
	 * of the RTO the first segment armed: nothing may come back to SACK a
	 * lost tail (Linux's tcp_write_xmit does the same).
	 */
	if (sent)
		tcp_schedule_loss_probe(sk);
	/* Data waits for a window the peer closed: the persist timer probes it (RFC 9293 §3.8.6.1). */
	if (!sent && tcp_send_head(sk) && !tp->packets_out && !inet_csk(sk)->icsk_pending)
		inet_csk_reset_xmit_timer(sk, ICSK_TIME_PROBE0, inet_csk(sk)->icsk_rto, TCP_RTO_MAX);
	return !tp->packets_out && tcp_send_head(sk);
}

void tcp_push(struct sock *sk, int nonagle)
{
	if (tcp_send_head(sk))
		tcp_write_xmit(sk, nonagle);
}

/* Retransmit the head segment (RTO or fast retransmit). */
/*
 * Cut skb after len bytes into two segments (Linux's tcp_fragment): the
 * path MTU shrank (ICMP "fragmentation needed") or TCP_MAXSEG changed
 * after the data was queued. The tail moves into a new skb right behind
 * it, with the FIN/PSH and the scoreboard state; a segment in flight
 * becomes two in flight. 0 or -ENOMEM.
 */
static int tcp_fragment(struct sock *sk, struct sk_buff *skb, unsigned int len)
{
	struct tcp_sock *tp = tcp_sk(sk);
	unsigned int rest = skb->len - len;
	struct tcp_skb_cb *tcb = TCP_SKB_CB(skb), *ncb;
	bool in_flight = !tp->send_head || before(tcb->seq, TCP_SKB_CB(tp->send_head)->seq);
	struct sk_buff *n = alloc_skb(MAX_TCP_HEADER + rest, GFP_ATOMIC);

	if (!n)
		return -ENOMEM;
	skb_reserve(n, MAX_TCP_HEADER);
	skb_put_data(n, skb->data + len, rest);
	skb_trim(skb, len);
	memcpy(n->cb, skb->cb, sizeof(n->cb));
	ncb = TCP_SKB_CB(n);
	ncb->seq = tcb->seq + len;
	ncb->end_seq = tcb->end_seq;
	tcb->end_seq = ncb->seq;
	tcb->tcp_flags &= ~(TCPHDR_FIN | TCPHDR_PSH);
	skb_header_release(n);
	tp->sk_wmem_queued += n->truesize;
	__skb_insert(n, skb, skb->next, &sk->sk_write_queue);
	if (in_flight) {
		tp->packets_out++;
		if (ncb->sacked & TCPCB_LOST)
			tp->lost_out++;
		if (ncb->sacked & TCPCB_RETRANS)
			tp->retrans_out++;
		if (ncb->sacked & TCPCB_SACKED_ACKED)
			tp->sacked_out++;
	}
	return 0;
}

int tcp_retransmit_skb(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);
	int err;

	/* Partly acknowledged since: send only what is still missing (Linux's tcp_trim_head). */
	if (before(TCP_SKB_CB(skb)->seq, tp->snd_una)) {
		u32 acked = tp->snd_una - TCP_SKB_CB(skb)->seq;

		if (TCP_SKB_CB(skb)->tcp_flags & TCPHDR_SYN)
			acked--;
		if (acked > skb->len)
			acked = skb->len;
		skb_pull(skb, acked);
		TCP_SKB_CB(skb)->seq = tp->snd_una;
		TCP_SKB_CB(skb)->tcp_flags &= ~TCPHDR_SYN;
	}
	/* The MSS shrank since it was sent (path MTU): resend it in pieces that fit. */
	if (skb->len > tcp_current_mss(sk) && !(TCP_SKB_CB(skb)->tcp_flags & TCPHDR_SYN) &&
	    tcp_fragment(sk, skb, tcp_current_mss(sk)))
		return -ENOMEM;
	err = tcp_transmit_skb(sk, skb, true);
	if (!err) {
		if (!(TCP_SKB_CB(skb)->sacked & TCPCB_RETRANS))
			tp->retrans_out++;
		TCP_SKB_CB(skb)->sacked |= TCPCB_RETRANS;
		TCP_SKB_CB(skb)->when = jiffies;
		if (!tp->retrans_stamp)
			tp->retrans_stamp = tcp_time_stamp(tp);	/* Eifel's reference (RFC 3522) */
		if (tp->ca_state == TCP_CA_Recovery)
			tp->prr_out++;
		tp->total_retrans++;
		TCP_INC_STATS(TCP_MIB_RETRANSSEGS);
	}
	return err;
}

/* The oldest segment in flight is lost (three duplicate ACKs, or a NewReno partial ACK). */
void tcp_mark_head_lost(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb = skb_peek(&sk->sk_write_queue);

	if (!skb || skb == tp->send_head)
		return;
	if (TCP_SKB_CB(skb)->sacked & TCPCB_RETRANS) {
		TCP_SKB_CB(skb)->sacked &= ~TCPCB_RETRANS;	/* its retransmission was lost too */
		tp->retrans_out--;
	}
	if (!(TCP_SKB_CB(skb)->sacked & TCPCB_LOST)) {
		TCP_SKB_CB(skb)->sacked |= TCPCB_LOST;
		tp->lost_out++;
	}
}

/*
 * Resend what is judged lost and not yet resent, oldest first, as far as
 * the congestion window allows (Linux's tcp_xmit_retransmit_queue).
 */
void tcp_xmit_retransmit_queue(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;

	skb_queue_walk(&sk->sk_write_queue, skb) {
		if (skb == tp->send_head)
			break;
		if (tcp_packets_in_flight(tp) >= tp->snd_cwnd)
			break;
		if ((TCP_SKB_CB(skb)->sacked & (TCPCB_LOST | TCPCB_RETRANS | TCPCB_SACKED_ACKED)) != TCPCB_LOST)
			continue;
		if (tcp_retransmit_skb(sk, skb))
			break;
		if (tp->ca_state != TCP_CA_Loss)
			NET_INC_STATS(LINUX_MIB_TCPFASTRETRANS);
		else
			NET_INC_STATS(LINUX_MIB_TCPSLOWSTARTRETRANS);
	}
}

/* ---- control segments ------------------------------------------------------------------------ */

void tcp_send_ack(struct sock *sk)
{
	struct sk_buff *skb;

	if (sk->sk_state == TCP_CLOSE)
		return;
	skb = tcp_alloc_skb(0);
	if (!skb) {
		/* No memory: try again from the delayed-ACK timer. */
		inet_csk_schedule_ack(sk);
		inet_csk_reset_xmit_timer(sk, ICSK_TIME_DACK, TCP_DELACK_MAX, TCP_RTO_MAX);
		return;
	}
	tcp_init_nondata_skb(skb, tcp_sk(sk)->snd_nxt, TCPHDR_ACK);
	tcp_transmit_skb(sk, skb, false);
}

/* Delay the ACK by the ack timeout (40 ms at first), unless one is already pending sooner. */
void tcp_send_delayed_ack(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	unsigned long ato = icsk->icsk_ack.ato ? icsk->icsk_ack.ato : TCP_ATO_MIN;
	unsigned long timeout = jiffies + ato;

	if (icsk->icsk_ack.pending & ICSK_ACK_TIMER) {
		if (time_before_eq(icsk->icsk_ack.timeout, jiffies + (ato >> 2))) {
			tcp_send_ack(sk);	/* it was due anyway */
			return;
		}
		if (!time_before(timeout, icsk->icsk_ack.timeout))
			timeout = icsk->icsk_ack.timeout;
	}
	icsk->icsk_ack.pending |= ICSK_ACK_SCHED | ICSK_ACK_TIMER;
	icsk->icsk_ack.timeout = timeout;
	sk_reset_timer(sk, &icsk->icsk_delack_timer, timeout);
}

/* Our FIN: on the last queued segment if it is unsent, else a segment of its own. */
void tcp_send_fin(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *tail = skb_queue_empty(&sk->sk_write_queue) ? NULL : sk->sk_write_queue.prev;

	if (tail && tcp_send_head(sk)) {
		TCP_SKB_CB(tail)->tcp_flags |= TCPHDR_FIN;
		TCP_SKB_CB(tail)->end_seq++;
		tp->write_seq++;
	} else {
		struct sk_buff *skb = alloc_skb(MAX_TCP_HEADER, GFP_KERNEL);

		if (!skb) {
			/* Out of memory even for 200 bytes: the peer learns by keepalive or timeout. */
			NET_INC_STATS(LINUX_MIB_TCPABORTONMEMORY);
			return;
		}
		skb_reserve(skb, MAX_TCP_HEADER);
		tcp_init_nondata_skb(skb, tp->write_seq, TCPHDR_ACK | TCPHDR_FIN);
		tcp_queue_skb(sk, skb);
	}
	tcp_push(sk, TCP_NAGLE_OFF);
}

/* An RST for our own connection (abort, close with unread data, SO_LINGER 0). */
void tcp_send_active_reset(struct sock *sk)
{
	struct sk_buff *skb = tcp_alloc_skb(0);

	if (!skb) {
		NET_INC_STATS(LINUX_MIB_TCPABORTFAILED);
		return;
	}
	tcp_init_nondata_skb(skb, tcp_sk(sk)->snd_nxt, TCPHDR_ACK | TCPHDR_RST);
	tcp_transmit_skb(sk, skb, false);
}

/* ---- connect --------------------------------------------------------------------------------- */

void tcp_connect_init(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 mtu = inet_csk(sk)->icsk_pmtu_cookie;
	u8 rcv_wscale;

	tp->rx_opt.tstamp_ok = READ_ONCE(sysctl_tcp_timestamps) ? 1 : 0;	/* hoped for; the SYN-ACK decides */
	tp->advmss = tcp_advertised_mss(mtu);
	if (tp->rx_opt.user_mss && tp->rx_opt.user_mss < tp->advmss)
		tp->advmss = tp->rx_opt.user_mss;
	tp->rx_opt.mss_clamp = tp->rx_opt.user_mss ? tp->rx_opt.user_mss : TCP_MSS_DEFAULT;
	tcp_sync_mss(sk, mtu);
	tp->rx_opt.tstamp_ok = 0;
	tp->window_clamp = 0;
	tcp_select_initial_window(tcp_full_space(sk), tp->advmss, &tp->rcv_wnd, &tp->window_clamp,
				  READ_ONCE(sysctl_tcp_window_scaling), &rcv_wscale);
	tp->rx_opt.rcv_wscale = rcv_wscale;
	tp->rcv_ssthresh = tp->rcv_wnd;
	sk->sk_err = 0;
	sock_reset_flag(sk, SOCK_DONE);
	tp->snd_wnd = 0;
	tp->snd_una = tp->write_seq;
	tp->snd_sml = tp->write_seq;
	tp->snd_nxt = tp->write_seq;
	tp->rcv_nxt = 0;
	tp->rcv_wup = 0;
	tp->copied_seq = 0;
	inet_csk(sk)->icsk_rto = TCP_TIMEOUT_INIT;
	inet_csk(sk)->icsk_retransmits = 0;
	inet_csk(sk)->icsk_ack.rcv_mss = TCP_MSS_DEFAULT;
}

int tcp_connect(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;
	int err;

	tcp_connect_init(sk);
	skb = tcp_alloc_skb(0);
	if (!skb)
		return -ENOBUFS;
	tcp_init_nondata_skb(skb, tp->write_seq, TCPHDR_SYN);
	tcp_queue_skb(sk, skb);
	tp->send_head = NULL;		/* the SYN is sent below, not by tcp_write_xmit */
	tp->snd_nxt = tp->write_seq;
	tp->packets_out++;
	err = tcp_transmit_skb(sk, skb, true);
	if (err == -ECONNREFUSED)
		return err;
	TCP_INC_STATS(TCP_MIB_ACTIVEOPENS);
	/* Even if IP could not send it now (ARP pending, no buffer), the timer will. */
	inet_csk_reset_xmit_timer(sk, ICSK_TIME_RETRANS, inet_csk(sk)->icsk_rto, TCP_RTO_MAX);
	return 0;
}

/* The SYN-ACK for a request_sock, ready for ip_build_and_send_pkt. */
struct sk_buff *tcp_make_synack(const struct sock *sk, struct request_sock *req)
{
	struct tcp_out_options opts;
	struct sk_buff *skb = tcp_alloc_skb(0);
	unsigned int size;
	struct tcphdr *th;

	if (!skb)
		return NULL;
	tcp_synack_options(req, &opts);
	size = sizeof(struct tcphdr) + tcp_options_size(&opts);
	th = skb_push(skb, size);
	skb_reset_transport_header(skb);
	memset(th, 0, sizeof(*th));
	th->syn = 1;
	th->ack = 1;
	th->source = htons(req->ir_num);
	th->dest = req->ir_rmt_port;
	th->seq = htonl(req->snt_isn);
	th->ack_seq = htonl(req->rcv_isn + 1);
	th->window = htons(min_t(u32, req->rcv_wnd, 65535U));
	th->doff = size / 4;
	tcp_options_write((u8 *)(th + 1), &opts);
	th->check = ~csum_tcpudp_magic(req->ir_loc_addr, req->ir_rmt_addr, skb->len, IPPROTO_TCP, 0);
	skb->ip_summed = CHECKSUM_PARTIAL;
	TCP_INC_STATS(TCP_MIB_OUTSEGS);
	return skb;
}

/* ---- probes --------------------------------------------------------------------------------- */

/*
 * A segment the peer must answer with an ACK carrying its current
 * window: an old sequence number and no data (Linux's tcp_xmit_probe_skb).
 */
static int tcp_xmit_probe_skb(struct sock *sk)
{
	struct sk_buff *skb = tcp_alloc_skb(0);

	if (!skb)
		return -ENOBUFS;
	tcp_init_nondata_skb(skb, tcp_sk(sk)->snd_una - 1, TCPHDR_ACK);
	return tcp_transmit_skb(sk, skb, false);
}

/* Keepalive and zero-window probes: new data if the window allows, else the probe above. */
int tcp_write_wakeup(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb = tcp_send_head(sk);

	if (sk->sk_state == TCP_CLOSE)
		return -1;
	if (skb && before(TCP_SKB_CB(skb)->seq, tcp_wnd_end(tp))) {
		/* Only part fits: send that part (Linux's tcp_write_wakeup splits too). */
		if (after(TCP_SKB_CB(skb)->end_seq, tcp_wnd_end(tp)) && skb->len &&
		    tcp_fragment(sk, skb, tcp_wnd_end(tp) - TCP_SKB_CB(skb)->seq))
			return -1;
		if (tcp_transmit_skb(sk, skb, true))
			return -1;
		tcp_event_new_data_sent(sk, skb);
		return 0;
	}
	return tcp_xmit_probe_skb(sk);
}

void tcp_send_probe0(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	int err = tcp_write_wakeup(sk);

	if (tp->packets_out || !tcp_send_head(sk)) {
		/* The window opened (or nothing waits): the retransmit timer takes over. */
		icsk->icsk_probes_out = 0;
		icsk->icsk_backoff = 0;
		return;
	}
	NET_INC_STATS(LINUX_MIB_TCPWINPROBE);
	if (err <= 0) {
		if (icsk->icsk_backoff < READ_ONCE(sysctl_tcp_retries2))
			icsk->icsk_backoff++;
		icsk->icsk_probes_out++;
	}
	inet_csk_reset_xmit_timer(sk, ICSK_TIME_PROBE0,
				  min_t(unsigned long, (unsigned long)icsk->icsk_rto << icsk->icsk_backoff,
					TCP_RTO_MAX), TCP_RTO_MAX);
}
