/*
 * TCP over IPv4: the receive entry point and demultiplexer, connect(),
 * replies that have no full socket behind them (RST, the ACKs of
 * TIME_WAIT and of request_socks, SYN-ACKs), the listener's SYN handling,
 * ICMP errors, initial sequence numbers, tcp_prot, and /proc/net/tcp.
 *
 * Receive (softirq, NET_RX): ip_local_deliver -> tcp_v4_rcv: header and
 * checksum checks -> __inet_lookup (ehash, then lhash) ->
 *   TCP_NEW_SYN_RECV (a request_sock): tcp_check_req -> the child ->
 *     tcp_child_process;
 *   TCP_TIME_WAIT: tcp_timewait_state_process (ACK, RST, or a new SYN
 *     handed to the listener);
 *   a socket: bh_lock_sock -> owned by a system call ? sk_add_backlog
 *     (release_sock runs it later) : tcp_v4_do_rcv -> tcp_rcv_state_process.
 *   nothing: RST (RFC 9293 §3.10.7.1), counted.
 * Listener: tcp_v4_conn_request: the SYN queue full -> syn cookie (if
 *   tcp_syncookies) or drop; the accept queue full -> drop (Linux's
 *   ListenOverflows/ListenDrops); else a request_sock, hashed, SYN-ACK.
 * Initial sequence numbers follow RFC 6528: a keyed hash of the 4-tuple
 * (SipHash, per-boot secret) plus a 64 ns clock, as Linux.
 * Neighbours: tcp_input.c, tcp_minisocks.c, syncookies.c, inet_hashtables.c.
 */
#include <net/tcp.h>
#include <net/busy_poll.h>
#include <net/icmp.h>
#include <net/route.h>
#include <net/protocol.h>
#include <net/checksum.h>
#include <linux/siphash.h>
#include <linux/random.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/trace_events.h>

static siphash_key_t tcp_isn_secret;
static siphash_key_t tcp_ts_secret;

u32 secure_tcp_seq(__be32 saddr, __be32 daddr, __be16 sport, __be16 dport)
{
	u32 key[3] = { saddr, daddr, ((u32)sport << 16) | dport };
	u32 hash = (u32)siphash(key, sizeof(key), &tcp_isn_secret);

	/* RFC 6528: ISN = M + F(localip, localport, remoteip, remoteport, secretkey). */
	return hash + (u32)(ktime_get_real_ns() >> 6);
}

u32 secure_tcp_ts_off(__be32 saddr, __be32 daddr)
{
	u32 key[2] = { saddr, daddr };

	return (u32)siphash(key, sizeof(key), &tcp_ts_secret);
}

/* ---- replies without a socket ------------------------------------------------------------ */

/*
 * The RST for a segment nobody wants (RFC 9293 §3.10.7.1): if it had an
 * ACK, the RST takes its sequence number from it; otherwise seq 0 and an
 * ACK of everything the segment occupied. Never an RST for an RST.
 */
void tcp_v4_send_reset(const struct sock *sk, struct sk_buff *skb)
{
	const struct tcphdr *th = tcp_hdr(skb);
	const struct iphdr *iph = ip_hdr(skb);
	struct sk_buff *nskb;
	struct tcphdr *rth;

	if (th->rst)
		return;
	if (skb->pkt_type != PACKET_HOST && skb->pkt_type != PACKET_LOOPBACK &&
	    skb->pkt_type != PACKET_OUTGOING)
		return;		/* never to a broadcast or multicast */
	if (ipv4_is_multicast(iph->daddr) || inet_addr_is_broadcast(iph->daddr))
		return;
	nskb = alloc_skb(MAX_TCP_HEADER, GFP_ATOMIC);
	if (!nskb)
		return;
	skb_reserve(nskb, MAX_TCP_HEADER);
	rth = skb_push(nskb, sizeof(*rth));
	skb_reset_transport_header(nskb);
	memset(rth, 0, sizeof(*rth));
	rth->source = th->dest;
	rth->dest = th->source;
	rth->doff = sizeof(*rth) / 4;
	rth->rst = 1;
	if (th->ack) {
		rth->seq = th->ack_seq;
	} else {
		rth->ack = 1;
		rth->ack_seq = htonl(ntohl(th->seq) + th->syn + th->fin +
				     skb->len - (th->doff << 2));
	}
	rth->check = ~csum_tcpudp_magic(iph->daddr, iph->saddr, nskb->len, IPPROTO_TCP, 0);
	nskb->ip_summed = CHECKSUM_PARTIAL;
	memset(nskb->cb, 0, sizeof(nskb->cb));
	IPCB(nskb)->oif = sk ? sk->sk_bound_dev_if : 0;
	TCP_INC_STATS(TCP_MIB_OUTSEGS);
	TCP_INC_STATS(TCP_MIB_OUTRSTS);
	ip_build_and_send_pkt(nskb, iph->daddr, iph->saddr, IPPROTO_TCP, 0, 0, true);
}

/* A bare ACK on behalf of a request_sock or a TIME_WAIT minisock. */
void tcp_v4_send_ack(const struct sock *sk, struct sk_buff *skb, u32 seq, u32 ack, u32 win,
		     u32 tsval, u32 tsecr, int oif)
{
	const struct tcphdr *th = tcp_hdr(skb);
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int size = sizeof(struct tcphdr) + (tsecr ? TCPOLEN_TSTAMP_ALIGNED : 0);
	struct sk_buff *nskb = alloc_skb(MAX_TCP_HEADER, GFP_ATOMIC);
	struct tcphdr *rth;

	if (!nskb)
		return;
	skb_reserve(nskb, MAX_TCP_HEADER);
	rth = skb_push(nskb, size);
	skb_reset_transport_header(nskb);
	memset(rth, 0, sizeof(*rth));
	rth->source = th->dest;
	rth->dest = th->source;
	rth->seq = htonl(seq);
	rth->ack_seq = htonl(ack);
	rth->ack = 1;
	rth->window = htons(win);
	rth->doff = size / 4;
	if (tsecr) {
		u8 *p = (u8 *)(rth + 1);

		p[0] = TCPOPT_NOP;
		p[1] = TCPOPT_NOP;
		p[2] = TCPOPT_TIMESTAMP;
		p[3] = TCPOLEN_TIMESTAMP;
		put_unaligned_be32(tsval, p + 4);
		put_unaligned_be32(tsecr, p + 8);
	}
	rth->check = ~csum_tcpudp_magic(iph->daddr, iph->saddr, nskb->len, IPPROTO_TCP, 0);
	nskb->ip_summed = CHECKSUM_PARTIAL;
	memset(nskb->cb, 0, sizeof(nskb->cb));
	IPCB(nskb)->oif = oif;
	TCP_INC_STATS(TCP_MIB_OUTSEGS);
	ip_build_and_send_pkt(nskb, iph->daddr, iph->saddr, IPPROTO_TCP, 0, 0, true);
}

int tcp_v4_send_synack(const struct sock *sk, struct request_sock *req)
{
	struct sk_buff *skb = tcp_make_synack(sk, req);

	if (!skb)
		return -ENOMEM;
	memset(skb->cb, 0, sizeof(skb->cb));
	IPCB(skb)->oif = req->__req_common.skc_bound_dev_if;
	return ip_build_and_send_pkt(skb, req->ir_loc_addr, req->ir_rmt_addr, IPPROTO_TCP,
				     inet_sk(sk)->tos, ip_ttl_of(inet_sk(sk)), true);
}

/* ---- the listener: a SYN arrives ------------------------------------------------------------- */

/*
 * Fill a request from the segment's addresses and the peer's options,
 * route it, and choose the MSS and the window we offer (Linux's
 * tcp_openreq_init). A syn cookie's returning ACK runs the same code, so
 * it arrives at the window scale the SYN-ACK promised. 0 or -ENETUNREACH.
 */
int tcp_openreq_init(const struct sock *sk, struct request_sock *req,
		     const struct tcp_options_received *opt, const struct sk_buff *skb,
		     u32 rcv_isn, u16 mss)
{
	const struct iphdr *iph = ip_hdr(skb);
	const struct tcphdr *th = tcp_hdr(skb);
	u32 rcv_wnd, clamp = tcp_sk(sk)->window_clamp;
	u16 user_mss = tcp_sk(sk)->rx_opt.user_mss;
	struct rtable rt;
	u8 rcv_wscale;

	req->ir_loc_addr = iph->daddr;
	req->ir_rmt_addr = iph->saddr;
	req->ir_num = ntohs(th->dest);
	req->ir_rmt_port = th->source;
	req->__req_common.skc_bound_dev_if = sk->sk_bound_dev_if;
	req->rcv_isn = rcv_isn;
	req->mss = mss;
	req->tstamp_ok = opt->saw_tstamp;
	req->ts_recent = opt->saw_tstamp ? opt->rcv_tsval : 0;
	req->sack_ok = opt->sack_ok;
	req->wscale_ok = opt->wscale_ok;
	req->snd_wscale = opt->snd_wscale;
	if (ip_route_output_oif(req->ir_rmt_addr, req->ir_loc_addr, sk->sk_bound_dev_if, &rt))
		return -ENETUNREACH;
	req->mss_adv = tcp_advertised_mss(rt.mtu ? rt.mtu : rt.dev->mtu);
	if (user_mss && user_mss < req->mss_adv)
		req->mss_adv = user_mss;
	tcp_select_initial_window(tcp_win_from_space(sk, READ_ONCE(sk->sk_rcvbuf)),
				  req->mss_adv - (req->tstamp_ok ? TCPOLEN_TSTAMP_ALIGNED : 0),
				  &rcv_wnd, &clamp, req->wscale_ok, &rcv_wscale);
	req->rcv_wnd = rcv_wnd;
	req->rcv_wscale = rcv_wscale;
	return 0;
}

int tcp_v4_conn_request(struct sock *sk, struct sk_buff *skb)
{
	const struct tcphdr *th = tcp_hdr(skb);
	const struct iphdr *iph = ip_hdr(skb);
	struct tcp_options_received tmp_opt;
	struct request_sock *req;
	int syncookies = READ_ONCE(sysctl_tcp_syncookies);
	bool want_cookie = false;
	u16 cookie_mss = 0;
	u32 isn;

	if (skb->pkt_type != PACKET_HOST && skb->pkt_type != PACKET_LOOPBACK)
		goto drop;	/* never accept a connection addressed to a broadcast */
	if (ipv4_is_multicast(iph->daddr) || inet_addr_is_broadcast(iph->daddr))
		goto drop;

	/* The SYN queue is full: syn cookies take over, or the SYN is dropped (RFC 4987). */
	if (syncookies == 2 || inet_csk_reqsk_queue_is_full(sk)) {
		if (!syncookies) {
			NET_INC_STATS(LINUX_MIB_TCPREQQFULLDROP);
			goto drop;
		}
		want_cookie = true;
		NET_INC_STATS(LINUX_MIB_TCPREQQFULLDOCOOKIES);
	} else if (!syncookies) {
		/* Without cookies, keep the last quarter of tcp_max_syn_backlog free, as Linux. */
		int max_syn = READ_ONCE(sysctl_tcp_max_syn_backlog);

		if (max_syn - reqsk_queue_len(&inet_csk(sk)->icsk_accept_queue) < (max_syn >> 2))
			goto drop;	/* counted as ListenDrops only, as Linux */
	}
	/* The accept queue is full: a new connection could not be queued anyway. */
	if (sk_acceptq_is_full(sk)) {
		NET_INC_STATS(LINUX_MIB_LISTENOVERFLOWS);
		trace_event(accept_queue_overflow, ntohs(th->dest), iph->saddr,
			    sk->sk_ack_backlog, sk->sk_max_ack_backlog);
		goto drop;
	}

	memset(&tmp_opt, 0, sizeof(tmp_opt));
	tmp_opt.mss_clamp = TCP_MSS_DEFAULT;
	tmp_opt.user_mss = tcp_sk(sk)->rx_opt.user_mss;
	tcp_parse_options(skb, &tmp_opt, false);
	if (want_cookie && !tmp_opt.saw_tstamp)
		tmp_opt.wscale_ok = tmp_opt.sack_ok = 0;	/* no room to remember them */

	req = reqsk_alloc(sk);
	if (!req)
		goto drop;
	if (tcp_openreq_init(sk, req, &tmp_opt, skb, ntohl(th->seq), tmp_opt.mss_clamp))
		goto drop_and_free;
	if (want_cookie) {
		isn = cookie_v4_init_sequence(skb, &cookie_mss);
		req->cookie = 1;
		trace_event(syncookie_send, ntohs(th->dest), iph->saddr, ntohs(th->source), cookie_mss);
		if (req->tstamp_ok)
			req->snt_tsval = cookie_init_timestamp(req, tcp_clock_ms());
		NET_INC_STATS(LINUX_MIB_SYNCOOKIESSENT);
	} else {
		isn = secure_tcp_seq(iph->daddr, iph->saddr, th->dest, th->source);
	}
	req->snt_isn = isn;
	req->ts_off = secure_tcp_ts_off(iph->daddr, iph->saddr);

	if (want_cookie) {
		/* Nothing is kept: the cookie in the SYN-ACK is all the state there is. */
		req->ts_off = 0;
		tcp_sk(sk)->rx_opt.ts_recent_stamp = jiffies ? jiffies : 1;	/* "cookies sent lately" */
		tcp_v4_send_synack(sk, req);
		reqsk_put(req);
		return 0;
	}
	inet_csk_reqsk_queue_hash_add(sk, req, TCP_TIMEOUT_INIT);
	tcp_v4_send_synack(sk, req);
	reqsk_put(req);
	return 0;

drop_and_free:
	reqsk_put(req);
drop:
	NET_INC_STATS(LINUX_MIB_LISTENDROPS);
	trace_event(syn_drop, ntohs(th->dest), iph->saddr, ntohs(th->source),
		    reqsk_queue_len(&inet_csk(sk)->icsk_accept_queue));
	return 0;
}

/* The handshake completed: a full socket for the connection (Linux's tcp_v4_syn_recv_sock). */
struct sock *tcp_v4_syn_recv_sock(const struct sock *sk, struct sk_buff *skb,
				  struct request_sock *req, bool *own_req)
{
	struct sock *newsk;

	*own_req = false;
	if (sk_acceptq_is_full(sk)) {
		NET_INC_STATS(LINUX_MIB_LISTENOVERFLOWS);
		trace_event(accept_queue_overflow, req->ir_num, req->ir_rmt_addr,
			    sk->sk_ack_backlog, sk->sk_max_ack_backlog);
		goto drop;
	}
	newsk = tcp_create_openreq_child(sk, req, skb);
	if (!newsk)
		goto drop;
	inet_sk(newsk)->inet_id = (u16)get_random_u32();	/* not the listener's sequence */
	if (__inet_inherit_port(sk, newsk) < 0)
		goto put_and_exit;
	/*
	 * The child takes the request's place in ehash. A cookie's request was
	 * never hashed; any other must still be there, or another segment
	 * completed (or reset) it first and this one loses.
	 */
	*own_req = req->cookie || inet_csk_reqsk_queue_drop((struct sock *)sk, req);
	if (!*own_req) {
		inet_put_port(newsk);
		goto put_and_exit;
	}
	inet_ehash_insert(newsk, NULL);
	return newsk;

put_and_exit:
	bh_unlock_sock(newsk);
	inet_sk_set_state(newsk, TCP_CLOSE);
	sk_free(newsk);
drop:
	NET_INC_STATS(LINUX_MIB_LISTENDROPS);
	return NULL;
}

/* ---- receive ------------------------------------------------------------------------------- */

/*
 * What the backlog of a socket busy in a system call may hold (Linux's
 * tcp_add_backlog since 6.10): twice the receive buffer plus the send
 * buffer plus 64 KiB. The check counts sk_rmem_alloc too, and while
 * release_sock works through one backlog, segments it already queued are
 * counted in both until it ends; with one buffer's worth a slow reader
 * (TCG copying a window to user space) saw invited segments dropped
 * (TCPBacklogDrop) and the sender wait out an RTO for each.
 */
static unsigned int tcp_backlog_limit(const struct sock *sk)
{
	return 2 * READ_ONCE(sk->sk_rcvbuf) + READ_ONCE(sk->sk_sndbuf) + 64 * 1024;
}

/* Process a segment for a socket nobody else is using (socket lock or owner absent). */
int tcp_v4_do_rcv(struct sock *sk, struct sk_buff *skb)
{
	if (sk->sk_state == TCP_LISTEN) {
		const struct tcphdr *th = tcp_hdr(skb);

		/* A bare ACK may carry a syn cookie: the connection was never queued. */
		if (!th->syn && th->ack && !th->rst) {
			struct sock *nsk = cookie_v4_check(sk, skb);

			if (!nsk)
				goto discard;
			if (nsk != sk) {
				if (tcp_child_process(sk, nsk, skb)) {
					tcp_v4_send_reset(nsk, skb);
					goto discard;
				}
				return 0;
			}
		}
	}
	if (tcp_rcv_state_process(sk, skb)) {
		tcp_v4_send_reset(sk, skb);
		goto discard;
	}
	return 0;
discard:
	kfree_skb(skb);
	return 0;
}

static bool tcp_checksum_ok(struct sk_buff *skb, const struct iphdr *iph)
{
	if (skb_csum_unnecessary(skb))
		return true;
	return csum_tcpudp_magic(iph->saddr, iph->daddr, skb->len, IPPROTO_TCP,
				 csum_partial(skb->data, skb->len, 0)) == 0;
}

int tcp_v4_rcv(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	const struct tcphdr *th;
	struct sock *sk;
	int dif = IPCB(skb)->iif;
	int ret = 0;

	if (skb->pkt_type != PACKET_HOST && skb->pkt_type != PACKET_LOOPBACK &&
	    skb->pkt_type != PACKET_OUTGOING)
		goto discard_it;	/* TCP is unicast only */
	TCP_INC_STATS(TCP_MIB_INSEGS);
	if (!pskb_may_pull(skb, sizeof(struct tcphdr)))
		goto bad_packet;
	skb_reset_transport_header(skb);
	th = tcp_hdr(skb);
	if (th->doff < sizeof(struct tcphdr) / 4 || !pskb_may_pull(skb, __tcp_hdrlen(th)))
		goto bad_packet;
	if (!tcp_checksum_ok(skb, iph)) {
		TCP_INC_STATS(TCP_MIB_CSUMERRORS);
		goto bad_packet;
	}
	/* A SYN+FIN or SYN+RST is nonsense; RFC 9293 has no state that wants one. */
	if (th->syn && (th->fin || th->rst)) {
		NET_INC_STATS(LINUX_MIB_TCPBADSEGS);
		goto discard_it;
	}

	memset(skb->cb, 0, sizeof(skb->cb));	/* IPCB ends here: TCP_SKB_CB overlays it */
	TCP_SKB_CB(skb)->seq = ntohl(th->seq);
	TCP_SKB_CB(skb)->end_seq = TCP_SKB_CB(skb)->seq + th->syn + th->fin +
				   skb->len - __tcp_hdrlen(th);
	TCP_SKB_CB(skb)->ack_seq = ntohl(th->ack_seq);
	TCP_SKB_CB(skb)->tcp_flags = tcp_flag_byte(th);

lookup:
	sk = __inet_lookup(iph->saddr, th->source, iph->daddr, th->dest, dif);
	if (!sk)
		goto no_tcp_socket;

	if (sk->sk_state == TCP_TIME_WAIT)
		goto do_time_wait;

	if (sk->sk_state == TCP_NEW_SYN_RECV) {
		struct request_sock *req = (struct request_sock *)sk;
		struct sock *listener = req->rsk_listener;
		bool req_stolen = false;
		struct sock *nsk;

		sock_hold(listener);
		if (listener->sk_state != TCP_LISTEN) {
			/* The listener closed: the request dies with it (this drops our lookup's too). */
			inet_csk_reqsk_queue_drop_and_put(listener, req);
			sock_put(listener);
			goto lookup;
		}
		bh_lock_sock(listener);
		nsk = tcp_check_req(listener, skb, req, &req_stolen);
		bh_unlock_sock(listener);
		reqsk_put(req);		/* the lookup's */
		if (!nsk) {
			sock_put(listener);
			if (req_stolen)
				goto lookup;	/* another segment completed it: go to the child */
			goto discard_it;
		}
		if (nsk == listener) {
			/* tcp_check_req wants the listener to answer (an RST). */
			sock_put(listener);
			tcp_v4_send_reset(NULL, skb);
			goto discard_it;
		}
		ret = tcp_child_process(listener, nsk, skb);
		if (ret) {
			tcp_v4_send_reset(nsk, skb);
			kfree_skb(skb);
		}
		sock_put(listener);
		return 0;
	}

	sk_mark_napi_id(sk, skb);
	bh_lock_sock(sk);
	if (!sock_owned_by_user(sk)) {
		ret = tcp_v4_do_rcv(sk, skb);
	} else if (sk_add_backlog(sk, skb, tcp_backlog_limit(sk))) {
		bh_unlock_sock(sk);
		NET_INC_STATS(LINUX_MIB_TCPBACKLOGDROP);
		sock_put(sk);
		goto discard_it;
	}
	bh_unlock_sock(sk);
	sock_put(sk);
	return ret;

no_tcp_socket:
	tcp_v4_send_reset(NULL, skb);
	goto discard_it;
bad_packet:
	TCP_INC_STATS(TCP_MIB_INERRS);
discard_it:
	kfree_skb(skb);
	return 0;

do_time_wait:
	switch (tcp_timewait_state_process(inet_twsk(sk), skb, th)) {
	case TCP_TW_SYN: {
		/* A new incarnation of the connection may start (RFC 6191): find the listener. */
		struct sock *sk2 = __inet_lookup_listener(iph->saddr, th->source, iph->daddr,
							  ntohs(th->dest), dif);

		if (sk2) {
			inet_twsk_deschedule_put(inet_twsk(sk));
			sk = sk2;
			bh_lock_sock(sk);
			if (!sock_owned_by_user(sk))
				tcp_v4_do_rcv(sk, skb);
			else if (sk_add_backlog(sk, skb, tcp_backlog_limit(sk)))
				kfree_skb(skb);
			bh_unlock_sock(sk);
			sock_put(sk);
			return 0;
		}
		inet_twsk_put(inet_twsk(sk));
		goto discard_it;
	}
	case TCP_TW_ACK:
		inet_twsk_put(inet_twsk(sk));
		goto discard_it;
	case TCP_TW_RST:
		tcp_v4_send_reset(NULL, skb);
		inet_twsk_deschedule_put(inet_twsk(sk));
		goto discard_it;
	case TCP_TW_SUCCESS:
		inet_twsk_put(inet_twsk(sk));
		goto discard_it;
	}
	goto discard_it;
}

/* ---- ICMP errors ------------------------------------------------------------------------ */

int tcp_v4_err(struct sk_buff *skb, u32 info)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	const struct tcphdr *th = (const struct tcphdr *)(skb->data + iph->ihl * 4);
	const struct icmphdr *icmph = icmp_hdr(skb);
	struct tcp_sock *tp;
	struct sock *sk;
	bool harderr;
	int err;
	u32 seq;

	sk = __inet_lookup(iph->daddr, th->dest, iph->saddr, th->source, 0);
	if (!sk) {
		ICMP_INC_STATS(ICMP_MIB_INERRORS);
		return -ENOENT;
	}
	if (sk->sk_state == TCP_TIME_WAIT) {
		inet_twsk_put(inet_twsk(sk));
		return 0;
	}
	seq = ntohl(th->seq);
	if (sk->sk_state == TCP_NEW_SYN_RECV) {
		struct request_sock *req = (struct request_sock *)sk;

		/* Only an error about our SYN-ACK (its exact sequence number) may end the request. */
		if (seq == req->snt_isn && icmph->type == ICMP_DEST_UNREACH)
			inet_csk_reqsk_queue_drop(req->rsk_listener, req);
		else
			NET_INC_STATS(LINUX_MIB_OUTOFWINDOWICMPS);
		reqsk_put(req);
		return 0;
	}
	bh_lock_sock(sk);
	tp = tcp_sk(sk);
	if (sk->sk_state == TCP_CLOSE || sk->sk_state == TCP_LISTEN)
		goto out;
	/* RFC 5927: believe only an error quoting a sequence number we have in flight. */
	if (sk->sk_state != TCP_SYN_SENT && !between(seq, tp->snd_una, tp->snd_nxt)) {
		NET_INC_STATS(LINUX_MIB_OUTOFWINDOWICMPS);
		goto out;
	}
	if (icmph->type == ICMP_DEST_UNREACH && icmph->code == ICMP_FRAG_NEEDED) {
		/* Path MTU discovery (RFC 1191): remember it, shrink the MSS, resend smaller. */
		if (inet_sk(sk)->pmtudisc != IP_PMTUDISC_DONT) {
			ip_rt_update_pmtu(sk->sk_daddr, info);
			if (info && info < inet_csk(sk)->icsk_pmtu_cookie) {
				struct sk_buff *head = skb_peek(&sk->sk_write_queue);

				tcp_sync_mss(sk, max_t(u32, info, 552));
				if (!sock_owned_by_user(sk) && head && head != tp->send_head)
					tcp_retransmit_skb(sk, head);
			}
		}
		goto out;
	}
	if (!icmp_err_classify(icmph, inet_sk(sk), &err, &harderr))
		goto out;
	switch (sk->sk_state) {
	case TCP_SYN_SENT:
	case TCP_SYN_RECV:
		/* A hard error during connect ends it: ECONNREFUSED for port unreachable. */
		if (harderr && !sock_owned_by_user(sk)) {
			sk->sk_err = err;
			sk->sk_error_report(sk);
			tcp_done(sk);
		} else {
			sk->sk_err_soft = err;
		}
		goto out;
	}
	/* RFC 1122 4.2.3.9: soft errors on an established connection are only reported. */
	if (!sock_owned_by_user(sk) && inet_sk(sk)->recverr) {
		sk->sk_err = err;
		sk->sk_error_report(sk);
	} else {
		sk->sk_err_soft = err;
	}
out:
	bh_unlock_sock(sk);
	sock_put(sk);
	return 0;
}

/* ---- connect ------------------------------------------------------------------------------ */

int tcp_v4_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	struct sockaddr_in *usin = (struct sockaddr_in *)uaddr;
	struct inet_sock *inet = inet_sk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	__be32 daddr;
	struct rtable rt;
	int err;

	if (addr_len < (int)sizeof(struct sockaddr_in))
		return -EINVAL;
	if (usin->sin_family != AF_INET)
		return -EAFNOSUPPORT;
	daddr = usin->sin_addr.s_addr;
	if (!daddr)
		daddr = htonl(INADDR_LOOPBACK);		/* Linux: connecting to 0.0.0.0 means this host */
	if (ipv4_is_multicast(daddr) || inet_addr_is_broadcast(daddr))
		return -ENETUNREACH;
	err = ip_route_output_oif(daddr, inet->inet_saddr, sk->sk_bound_dev_if, &rt);
	if (err) {
		IP_INC_STATS(IPSTATS_MIB_OUTNOROUTES);
		return err;
	}
	if (!inet->inet_saddr)
		inet->inet_saddr = rt.rt_src;
	sk->sk_rcv_saddr = inet->inet_saddr;
	if (tp->rx_opt.ts_recent_stamp && sk->sk_daddr != daddr) {
		tp->rx_opt.ts_recent = 0;
		tp->rx_opt.ts_recent_stamp = 0;
		tp->write_seq = 0;
	}
	inet->inet_dport = usin->sin_port;
	sk->sk_daddr = daddr;
	inet_csk(sk)->icsk_pmtu_cookie = rt.mtu ? rt.mtu : rt.dev->mtu;

	/* SYN_SENT before the port is chosen, so the ehash entry is never seen half-made. */
	tcp_set_state(sk, TCP_SYN_SENT);
	err = __inet_hash_connect(sk);
	if (err)
		goto failure;
	sk_dst_reset(sk);	/* the first segment routes afresh with the final addresses */
	if (!tp->write_seq)
		tp->write_seq = secure_tcp_seq(inet->inet_saddr, daddr, inet->inet_sport, usin->sin_port);
	tp->tsoffset = secure_tcp_ts_off(inet->inet_saddr, daddr);
	err = tcp_connect(sk);
	if (err)
		goto failure;
	return 0;

failure:
	/* Back to CLOSE; the port is released unless bind() chose it. */
	tcp_set_state(sk, TCP_CLOSE);
	if (!(sk->sk_userlocks & SOCK_BINDADDR_LOCK))
		inet->inet_saddr = sk->sk_rcv_saddr = 0;
	sk->sk_daddr = 0;
	inet->inet_dport = 0;
	return err;
}

/* ---- tcp_prot ----------------------------------------------------------------------------------- */

static void tcp_v4_destroy_sock(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	tcp_clear_xmit_timers(sk);
	tcp_write_queue_purge(sk);
	skb_queue_purge(&tp->out_of_order_queue);
	tp->ofo_bytes = 0;
	if (inet_csk(sk)->icsk_bind_hash)
		inet_put_port(sk);
	atomic_dec(&tcp_sockets_allocated);
}

static int tcp_v4_hash(struct sock *sk)
{
	return inet_hash(sk);
}

static atomic_t tcp_inuse = ATOMIC_INIT(0);

struct proto tcp_prot = {
	.name		= "TCP",
	.obj_size	= sizeof(struct tcp_sock),
	.init		= tcp_init_sock,
	.close		= tcp_close,
	.connect	= tcp_v4_connect,
	.disconnect	= tcp_disconnect,
	.accept		= inet_csk_accept,
	.shutdown	= tcp_shutdown,
	.destroy	= tcp_v4_destroy_sock,
	.release_cb	= tcp_release_cb,
	.keepalive	= tcp_set_keepalive,
	.ioctl		= tcp_ioctl,
	.setsockopt	= tcp_setsockopt,
	.getsockopt	= tcp_getsockopt,
	.sendmsg	= tcp_sendmsg,
	.recvmsg	= tcp_recvmsg,
	.backlog_rcv	= tcp_v4_do_rcv,
	.hash		= tcp_v4_hash,
	.unhash		= inet_unhash,
	.get_port	= inet_csk_get_port,
	.inuse		= &tcp_inuse,
};

int tcp_sockstat_show(struct seq_file *m)
{
	seq_printf(m, "TCP: inuse %d orphan %d tw %ld alloc %d mem %d\n", atomic_read(&tcp_inuse),
		   atomic_read(&tcp_orphan_count), tcp_tw_live_count(),
		   atomic_read(&tcp_sockets_allocated), 0);
	return 0;
}

/* ---- /proc/net/tcp (Linux's format, lines padded to 149 columns) ---------------------------- */

static void tcp_format_line(struct seq_file *m, const char *line)
{
	seq_printf(m, "%-149s\n", line);
}

static void get_tcp4_sock(struct seq_file *m, struct sock *sk, int i)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	int timer_active;
	unsigned long timer_expires;
	int rx_queue, state = sk->sk_state;
	char line[200];

	if (icsk->icsk_pending == ICSK_TIME_RETRANS) {
		timer_active = 1;
		timer_expires = icsk->icsk_timeout;
	} else if (icsk->icsk_pending == ICSK_TIME_PROBE0) {
		timer_active = 4;
		timer_expires = icsk->icsk_timeout;
	} else if (timer_pending(&icsk->icsk_keepalive_timer)) {
		timer_active = 2;
		timer_expires = icsk->icsk_keepalive_timer.expires;
	} else {
		timer_active = 0;
		timer_expires = jiffies;
	}
	/* A listener's rx_queue is its accept queue, as Linux. */
	if (state == TCP_LISTEN)
		rx_queue = sk->sk_ack_backlog;
	else
		rx_queue = max_t(int, tp->rcv_nxt - tp->copied_seq, 0);
	snprintf(line, sizeof(line),
		 "%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu %d %p %lu %lu %u %u %d",
		 i, (u32)sk->sk_rcv_saddr, sk->sk_num, (u32)sk->sk_daddr, ntohs(sk->sk_dport), state,
		 tp->write_seq - tp->snd_una, rx_queue, timer_active,
		 (long)(timer_expires - jiffies) > 0 ? jiffies_to_clock_t(timer_expires - jiffies) : 0UL,
		 icsk->icsk_retransmits, sk->sk_uid, icsk->icsk_probes_out, sk->sk_ino,
		 refcount_read(&sk->sk_refcnt), (void *)0,
		 (unsigned long)jiffies_to_msecs(icsk->icsk_rto) / 10,
		 (unsigned long)jiffies_to_msecs(icsk->icsk_ack.ato) / 10,
		 (icsk->icsk_ack.quick << 1) | icsk->icsk_ack.pingpong, tp->snd_cwnd,
		 state == TCP_LISTEN ? (int)sk->sk_max_ack_backlog :
		 (tp->snd_ssthresh >= 0xffff ? -1 : (int)tp->snd_ssthresh));
	tcp_format_line(m, line);
}

static void get_openreq4(struct seq_file *m, const struct request_sock *req, int i)
{
	long ttd = (long)(req->rsk_timer.expires - jiffies);
	char line[200];

	snprintf(line, sizeof(line),
		 "%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %u %d %p",
		 i, (u32)req->ir_loc_addr, req->ir_num, (u32)req->ir_rmt_addr, ntohs(req->ir_rmt_port),
		 TCP_SYN_RECV, 0, 0, 1, ttd > 0 ? jiffies_to_clock_t(ttd) : 0UL, req->num_timeout,
		 req->rsk_listener->sk_uid, 0, 0, 0, (void *)0);
	tcp_format_line(m, line);
}

static void get_timewait4_sock(struct seq_file *m, const struct inet_timewait_sock *tw, int i)
{
	const struct sock_common *c = &tw->__tw_common;
	long delta = (long)(tw->tw_timer.expires - jiffies);
	char line[200];

	snprintf(line, sizeof(line),
		 "%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5d %8d %d %d %p",
		 i, (u32)c->skc_rcv_saddr, c->skc_num, (u32)c->skc_daddr, ntohs(c->skc_dport),
		 tw->tw_substate, 0, 0, 3, delta > 0 ? jiffies_to_clock_t(delta) : 0UL, 0, 0, 0, 0,
		 refcount_read(&c->skc_refcnt), (void *)0);
	tcp_format_line(m, line);
}

static int tcp4_seq_show(struct seq_file *m, void *v)
{
	struct sock *sk;
	int i, n = 0;

	tcp_format_line(m, "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
			   "retrnsmt   uid  timeout inode");
	spin_lock_bh(&tcp_hashinfo.lock);
	for (i = 0; i < INET_LHASH_SIZE; i++)
		hlist_for_each_entry(sk, &tcp_hashinfo.lhash[i], sk_node)
			get_tcp4_sock(m, sk, n++);
	for (i = 0; i < INET_EHASH_SIZE; i++) {
		hlist_for_each_entry(sk, &tcp_hashinfo.ehash[i], sk_node) {
			if (sk->sk_state == TCP_TIME_WAIT)
				get_timewait4_sock(m, inet_twsk(sk), n++);
			else if (sk->sk_state == TCP_NEW_SYN_RECV)
				get_openreq4(m, (struct request_sock *)sk, n++);
			else
				get_tcp4_sock(m, sk, n++);
		}
	}
	spin_unlock_bh(&tcp_hashinfo.lock);
	return 0;
}

static const struct net_protocol tcp_protocol = {
	.handler	= tcp_v4_rcv,
	.err_handler	= tcp_v4_err,
};

void tcp_v4_init(void)
{
	get_random_bytes(&tcp_isn_secret, sizeof(tcp_isn_secret));
	get_random_bytes(&tcp_ts_secret, sizeof(tcp_ts_secret));
	inet_hashinfo_init(&tcp_hashinfo);
	reqsk_cache_init();
	inet_twsk_cache_init();
	inet_add_protocol(&tcp_protocol, IPPROTO_TCP);
	proc_create_single("net/tcp", tcp4_seq_show, NULL);
}
