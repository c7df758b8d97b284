/*
 * TCP's minisocks: the request_sock of a handshake in progress
 * (tcp_check_req, and the child it becomes: tcp_create_openreq_child,
 * tcp_child_process) and the TIME_WAIT remains of a closed connection
 * (tcp_time_wait, tcp_timewait_state_process).
 *
 *   SYN_RECV:  tcp_v4_rcv finds the request in ehash -> tcp_check_req:
 *              a retransmitted SYN gets the SYN-ACK again; an ACK of our
 *              SYN-ACK creates the child (tcp_v4_syn_recv_sock) and queues
 *              it for accept; a full accept queue drops the ACK (or RSTs
 *              with tcp_abort_on_overflow); RST or SYN in window ends it.
 *   TIME_WAIT: 60 s (TCP_TIMEWAIT_LEN) of answering the peer's
 *              retransmitted FIN, killed early by an RST (tcp_rfc1337 0,
 *              as Linux) or by a new SYN beyond the old sequence space
 *              (RFC 6191). At most tcp_max_tw_buckets of them; past that
 *              a closing connection skips TIME_WAIT (TCPTimeWaitOverflow).
 * Neighbours: tcp_ipv4.c, inet_connection_sock.c, inet_hashtables.c.
 */
#include <net/tcp.h>
#include <linux/slab.h>

static struct kmem_cache *tw_cachep;
static atomic_t tw_live = ATOMIC_INIT(0);

void inet_twsk_cache_init(void)
{
	tw_cachep = kmem_cache_create("tw_sock_TCP", sizeof(struct tcp_timewait_sock), 0, 0, NULL);
}

long tcp_tw_live_count(void)
{
	return atomic_read(&tw_live);
}

static bool tcp_in_window(u32 seq, u32 end_seq, u32 s_win, u32 e_win)
{
	if (seq == s_win)
		return true;
	if (after(end_seq, s_win) && before(seq, e_win))
		return true;
	return seq == e_win && seq == end_seq;
}

/* ---- TIME_WAIT ----------------------------------------------------------------------------- */

void inet_twsk_put(struct inet_timewait_sock *tw)
{
	if (refcount_dec_and_test(&tw->tw_refcnt)) {
		atomic_dec(&tw_live);
		kmem_cache_free(tw_cachep, tw);
	}
}

/* Out of ehash and the port's bucket; drops the hash's reference. */
static void inet_twsk_kill(struct inet_timewait_sock *tw)
{
	struct sock *sk = (struct sock *)tw;
	struct inet_bind_bucket *tb;
	bool hashed;

	spin_lock_bh(&tcp_hashinfo.lock);
	hashed = !hlist_unhashed(&sk->sk_node);
	if (hashed) {
		hlist_del_init(&sk->sk_node);
		tcp_hashinfo.ehash_count--;
	}
	tb = tw->tw_tb;
	if (tb) {
		hlist_del_init(&tw->tw_bind_node);
		tw->tw_tb = NULL;
		inet_bind_bucket_destroy(tb);
	}
	spin_unlock_bh(&tcp_hashinfo.lock);
	if (hashed)
		inet_twsk_put(tw);
}

static void inet_twsk_deschedule(struct inet_timewait_sock *tw)
{
	if (del_timer(&tw->tw_timer))
		inet_twsk_put(tw);	/* the timer's */
	inet_twsk_kill(tw);
}

/* Kill it now and drop the caller's reference (a lookup's). */
void inet_twsk_deschedule_put(struct inet_timewait_sock *tw)
{
	inet_twsk_deschedule(tw);
	inet_twsk_put(tw);
}

static void tw_timer_handler(struct timer_list *t)
{
	struct inet_timewait_sock *tw = from_timer(tw, t, tw_timer);

	NET_INC_STATS(LINUX_MIB_TIMEWAITED);
	inet_twsk_kill(tw);
	inet_twsk_put(tw);		/* the timer's */
}

static void inet_twsk_reschedule(struct inet_timewait_sock *tw, int timeo)
{
	if (!mod_timer(&tw->tw_timer, jiffies + timeo))
		refcount_inc(&tw->tw_refcnt);
}

void tcp_time_wait(struct sock *sk, int state, int timeo)
{
	const struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	struct inet_timewait_sock *tw = NULL;
	int rto = (icsk->icsk_rto << 2) - (icsk->icsk_rto >> 1);

	if (atomic_read(&tw_live) < READ_ONCE(sysctl_tcp_max_tw_buckets) && tw_cachep)
		tw = kmem_cache_alloc(tw_cachep, GFP_ATOMIC);
	if (tw) {
		struct tcp_timewait_sock *tcptw = (struct tcp_timewait_sock *)tw;
		struct sock_common *c = &tw->__tw_common;

		memset(tcptw, 0, sizeof(*tcptw));
		c->skc_daddr = sk->sk_daddr;
		c->skc_rcv_saddr = sk->sk_rcv_saddr;
		c->skc_dport = sk->sk_dport;
		c->skc_num = sk->sk_num;
		c->skc_family = sk->sk_family;
		c->skc_state = TCP_TIME_WAIT;
		c->skc_reuse = sk->sk_reuse;
		c->skc_reuseport = sk->sk_reuseport;
		c->skc_bound_dev_if = sk->sk_bound_dev_if;
		c->skc_prot = sk->sk_prot;
		INIT_HLIST_NODE(&c->skc_node);
		refcount_set(&c->skc_refcnt, 1);	/* the hash's */
		tw->tw_substate = state;
		tw->tw_sport = inet_sk(sk)->inet_sport;
		tcptw->tw_rcv_nxt = tp->rcv_nxt;
		tcptw->tw_snd_nxt = tp->snd_nxt;
		tcptw->tw_rcv_wnd = tcp_receive_window(tp);
		tcptw->tw_ts_recent = tp->rx_opt.ts_recent;
		tcptw->tw_ts_recent_stamp = tp->rx_opt.ts_recent_stamp;
		tcptw->tw_ts_offset = tp->tsoffset;
		tcptw->tw_tstamp_ok = tp->rx_opt.tstamp_ok;
		tcptw->tw_rcv_wscale = tp->rx_opt.rcv_wscale;
		atomic_inc(&tw_live);

		/* Into the port's bucket and sk's place in ehash, in one step under the lock. */
		spin_lock_bh(&tcp_hashinfo.lock);
		tw->tw_tb = icsk->icsk_bind_hash;
		if (tw->tw_tb)
			hlist_add_head(&tw->tw_bind_node, &tw->tw_tb->tw_owners);
		spin_unlock_bh(&tcp_hashinfo.lock);
		inet_ehash_insert((struct sock *)tw, sk);

		if (timeo < rto)
			timeo = rto;
		if (state == TCP_TIME_WAIT)
			timeo = TCP_TIMEWAIT_LEN;
		timer_setup(&tw->tw_timer, tw_timer_handler, 0);
		inet_twsk_reschedule(tw, timeo);
	} else {
		NET_INC_STATS(LINUX_MIB_TCPTIMEWAITOVERFLOW);
	}
	tcp_done(sk);
}

static void tcp_tw_send_ack(struct inet_timewait_sock *tw, struct sk_buff *skb)
{
	struct tcp_timewait_sock *tcptw = (struct tcp_timewait_sock *)tw;

	tcp_v4_send_ack((struct sock *)tw, skb, tcptw->tw_snd_nxt, tcptw->tw_rcv_nxt,
			tcptw->tw_rcv_wnd >> tcptw->tw_rcv_wscale,
			tcp_clock_ms() + tcptw->tw_ts_offset,
			tcptw->tw_tstamp_ok ? tcptw->tw_ts_recent : 0,
			tw->__tw_common.skc_bound_dev_if);
}

enum tcp_tw_status tcp_timewait_state_process(struct inet_timewait_sock *tw, struct sk_buff *skb,
					      const struct tcphdr *th)
{
	struct tcp_timewait_sock *tcptw = (struct tcp_timewait_sock *)tw;
	struct tcp_options_received tmp_opt;
	u32 seq = TCP_SKB_CB(skb)->seq, end_seq = TCP_SKB_CB(skb)->end_seq;
	bool paws_reject = false;

	memset(&tmp_opt, 0, sizeof(tmp_opt));
	if (th->doff > sizeof(*th) / 4 && tcptw->tw_tstamp_ok) {
		tmp_opt.tstamp_ok = 1;
		tcp_parse_options(skb, &tmp_opt, true);
		if (tmp_opt.saw_tstamp) {
			tmp_opt.ts_recent = tcptw->tw_ts_recent;
			tmp_opt.ts_recent_stamp = tcptw->tw_ts_recent_stamp;
			paws_reject = !th->rst && !tcp_paws_check(&tmp_opt, TCP_PAWS_WINDOW);
		}
	}

	if (tw->tw_substate == TCP_FIN_WAIT2) {
		/* An orphan waiting for the peer's FIN (its close() already returned). */
		if (paws_reject || !tcp_in_window(seq, end_seq, tcptw->tw_rcv_nxt,
						  tcptw->tw_rcv_nxt + tcptw->tw_rcv_wnd)) {
			tcp_tw_send_ack(tw, skb);
			return TCP_TW_ACK;
		}
		if (th->rst)
			goto kill;
		if (th->syn && !before(seq, tcptw->tw_rcv_nxt))
			return TCP_TW_RST;
		if (!th->ack || !after(end_seq, tcptw->tw_rcv_nxt) || end_seq == seq)
			return TCP_TW_SUCCESS;
		/* Data for nobody is answered with RST; the FIN moves us to TIME_WAIT. */
		if (!th->fin || end_seq != tcptw->tw_rcv_nxt + 1)
			return TCP_TW_RST;
		tw->tw_substate = TCP_TIME_WAIT;
		tcptw->tw_rcv_nxt = end_seq;
		if (tmp_opt.saw_tstamp) {
			tcptw->tw_ts_recent_stamp = jiffies ? jiffies : 1;
			tcptw->tw_ts_recent = tmp_opt.rcv_tsval;
		}
		inet_twsk_reschedule(tw, TCP_TIMEWAIT_LEN);
		tcp_tw_send_ack(tw, skb);
		return TCP_TW_ACK;
	}

	/* TIME_WAIT proper (RFC 9293 §3.10.7.4 with RFC 1337 and RFC 6191). */
	if (!paws_reject && seq == tcptw->tw_rcv_nxt && (seq == end_seq || th->rst)) {
		if (th->rst) {
			if (!READ_ONCE(sysctl_tcp_rfc1337))
				goto kill;	/* TIME-WAIT assassination, allowed as Linux's default */
		} else {
			inet_twsk_reschedule(tw, TCP_TIMEWAIT_LEN);
		}
		if (tmp_opt.saw_tstamp) {
			tcptw->tw_ts_recent = tmp_opt.rcv_tsval;
			tcptw->tw_ts_recent_stamp = jiffies ? jiffies : 1;
		}
		return TCP_TW_SUCCESS;
	}
	/* A new SYN past the old sequence space (or with a newer timestamp) may reopen. */
	if (th->syn && !th->rst && !th->ack && !paws_reject &&
	    (after(seq, tcptw->tw_rcv_nxt) ||
	     (tmp_opt.saw_tstamp && (s32)(tcptw->tw_ts_recent - tmp_opt.rcv_tsval) < 0)))
		return TCP_TW_SYN;
	if (paws_reject)
		NET_INC_STATS(LINUX_MIB_PAWSESTABREJECTED);
	if (!th->rst) {
		/* A retransmitted FIN (our ACK was lost) or an old duplicate: ACK again. */
		if (paws_reject || th->ack)
			inet_twsk_reschedule(tw, TCP_TIMEWAIT_LEN);
		tcp_tw_send_ack(tw, skb);
		return TCP_TW_ACK;
	}
	return TCP_TW_SUCCESS;
kill:
	inet_twsk_deschedule(tw);
	return TCP_TW_SUCCESS;
}

/* ---- SYN_RECV: the request and its child ------------------------------------------------------ */

struct sock *tcp_create_openreq_child(const struct sock *sk, struct request_sock *req,
				      struct sk_buff *skb)
{
	struct sock *newsk = inet_csk_clone_lock(sk, req, GFP_ATOMIC);
	struct tcp_sock *newtp;

	if (!newsk)
		return NULL;
	newtp = tcp_sk(newsk);
	newtp->rcv_nxt = req->rcv_isn + 1;
	newtp->rcv_wup = newtp->copied_seq = newtp->rcv_nxt;
	newtp->snd_sml = newtp->snd_una = newtp->snd_nxt = newtp->write_seq = req->snt_isn + 1;
	newtp->snd_wl1 = req->rcv_isn;
	skb_queue_head_init(&newtp->out_of_order_queue);
	newtp->ofo_bytes = 0;
	newtp->send_head = NULL;
	newtp->sk_wmem_queued = 0;
	tcp_init_xmit_timers(newsk);
	newtp->srtt_us = newtp->mdev_us = newtp->rttvar_us = 0;
	inet_csk(newsk)->icsk_rto = TCP_TIMEOUT_INIT;
	newtp->packets_out = newtp->retrans_out = newtp->total_retrans = 0;
	newtp->dup_acks = 0;
	newtp->ca_state = TCP_CA_Open;
	newtp->snd_cwnd = TCP_INIT_CWND;
	newtp->snd_cwnd_cnt = 0;
	newtp->snd_ssthresh = 0x7fffffff;
	newtp->last_oow_ack_time = 0;
	newtp->tsq_flags = 0;
	newtp->lsndtime = newtp->rcv_tstamp = jiffies;

	newtp->rx_opt.tstamp_ok = req->tstamp_ok;
	newtp->rx_opt.sack_ok = req->sack_ok;
	newtp->rx_opt.wscale_ok = req->wscale_ok;
	newtp->rx_opt.snd_wscale = req->wscale_ok ? req->snd_wscale : 0;
	newtp->rx_opt.rcv_wscale = req->wscale_ok ? req->rcv_wscale : 0;
	newtp->rcv_wnd = req->rcv_wnd;
	newtp->rcv_ssthresh = req->rcv_wnd;
	newtp->window_clamp = 65535U << newtp->rx_opt.rcv_wscale;
	newtp->snd_wnd = ntohs(tcp_hdr(skb)->window) << newtp->rx_opt.snd_wscale;
	newtp->max_window = newtp->snd_wnd;
	if (req->tstamp_ok) {
		newtp->rx_opt.ts_recent = req->ts_recent;
		newtp->rx_opt.ts_recent_stamp = jiffies ? jiffies : 1;
		newtp->tsoffset = req->ts_off;
	} else {
		newtp->rx_opt.ts_recent_stamp = 0;
	}
	newtp->rx_opt.mss_clamp = req->mss;
	newtp->advmss = req->mss_adv;
	tcp_sync_mss(newsk, req->mss_adv + sizeof(struct iphdr) + sizeof(struct tcphdr));
	inet_csk(newsk)->icsk_ack.rcv_mss = min_t(u32, req->mss, newtp->advmss);
	atomic_inc(&tcp_sockets_allocated);
	TCP_INC_STATS(TCP_MIB_PASSIVEOPENS);
	return newsk;
}

/*
 * A segment for a request_sock in the listener's SYN queue (Linux's
 * tcp_check_req). Returns the child for tcp_child_process, the listener
 * itself when the caller should answer with an RST, or NULL (dropped).
 * *req_stolen: another segment completed this request first.
 */
struct sock *tcp_check_req(struct sock *sk, struct sk_buff *skb, struct request_sock *req,
			   bool *req_stolen)
{
	const struct tcphdr *th = tcp_hdr(skb);
	struct tcp_options_received tmp_opt;
	u8 flg = tcp_flag_byte(th) & (TCPHDR_SYN | TCPHDR_ACK | TCPHDR_RST);
	u32 seq = TCP_SKB_CB(skb)->seq;
	bool paws_reject = false, own_req;
	struct sock *child;

	memset(&tmp_opt, 0, sizeof(tmp_opt));
	if (th->doff > sizeof(*th) / 4 && req->tstamp_ok) {
		tmp_opt.tstamp_ok = 1;
		tcp_parse_options(skb, &tmp_opt, true);
		if (tmp_opt.saw_tstamp) {
			tmp_opt.ts_recent = req->ts_recent;
			tmp_opt.ts_recent_stamp = jiffies - HZ * req->num_timeout;
			paws_reject = !tcp_paws_check(&tmp_opt, TCP_PAWS_WINDOW);
		}
	}

	/* The peer's SYN again (our SYN-ACK was lost): answer again, at most every 500 ms. */
	if (seq == req->rcv_isn && flg == TCPHDR_SYN && !paws_reject) {
		if (!tcp_oow_rate_limited(sk, &req->last_oow_ack_time) && tcp_v4_send_synack(sk, req) == 0)
			req->num_retrans++;
		return NULL;
	}
	/* RFC 9293: an ACK in SYN_RECV must acknowledge our SYN-ACK exactly. */
	if ((flg & TCPHDR_ACK) && TCP_SKB_CB(skb)->ack_seq != req->snt_isn + 1)
		return sk;
	if (paws_reject || !tcp_in_window(seq, TCP_SKB_CB(skb)->end_seq, req->rcv_isn + 1,
					  req->rcv_isn + 1 + req->rcv_wnd)) {
		if (!(flg & TCPHDR_RST))
			tcp_v4_send_ack(sk, skb, req->snt_isn + 1, req->rcv_isn + 1,
					req->rcv_wnd >> req->rcv_wscale,
					tcp_clock_ms() + req->ts_off, req->ts_recent,
					req->__req_common.skc_bound_dev_if);
		if (paws_reject)
			NET_INC_STATS(LINUX_MIB_PAWSESTABREJECTED);
		return NULL;
	}
	if (tmp_opt.saw_tstamp && !after(seq, req->rcv_isn + 1))
		req->ts_recent = tmp_opt.rcv_tsval;
	if (flg & (TCPHDR_RST | TCPHDR_SYN)) {
		NET_INC_STATS(LINUX_MIB_EMBRYONICRSTS);
		goto embryonic_reset;
	}
	if (!(flg & TCPHDR_ACK))
		return NULL;

	child = tcp_v4_syn_recv_sock(sk, skb, req, &own_req);
	if (!child)
		goto listen_overflow;
	/* The accept queue takes its own reference to the request. */
	refcount_inc(&req->rsk_refcnt);
	if (!inet_csk_reqsk_queue_add(sk, req, child)) {
		bh_unlock_sock(child);
		reqsk_put(req);
		return NULL;
	}
	return child;

listen_overflow:
	if (!own_req && !inet_csk_reqsk_queue_is_full(sk) && hlist_unhashed(&((struct sock *)req)->sk_node)) {
		*req_stolen = true;
		return NULL;
	}
	/* The accept queue is full: forget this ACK; the peer will resend it (Linux's default). */
	if (!READ_ONCE(sysctl_tcp_abort_on_overflow))
		return NULL;
embryonic_reset:
	if (!(flg & TCPHDR_RST))
		tcp_v4_send_reset(sk, skb);
	inet_csk_reqsk_queue_drop(sk, req);
	return NULL;
}

/*
 * Feed the completing segment to the new child (returned by tcp_check_req
 * or cookie_v4_check with its bh lock held). When it became established,
 * wake an acceptor of the listener. Non-zero: answer with an RST.
 */
int tcp_child_process(struct sock *parent, struct sock *child, struct sk_buff *skb)
{
	int state = child->sk_state;
	int ret = 0;

	if (!sock_owned_by_user(child)) {
		ret = tcp_rcv_state_process(child, skb);
		if (state == TCP_SYN_RECV && child->sk_state != state)
			parent->sk_data_ready(parent);
	} else if (sk_add_backlog(child, skb, child->sk_rcvbuf + child->sk_sndbuf + 64 * 1024)) {
		kfree_skb(skb);
	}
	bh_unlock_sock(child);
	return ret;
}
