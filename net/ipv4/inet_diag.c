/*
 * inet_diag: one struct inet_diag_msg per IPv4 socket, as Linux's `ss`
 * reads them (Linux's net/ipv4/inet_diag.c, the message part):
 *
 *   idiag_state     the TCP state (UDP: TCP_CLOSE, or TCP_ESTABLISHED
 *                   when connected); a request sock reports SYN_RECV
 *   idiag_timer     1 retransmit, 2 keepalive, 3 TIME_WAIT, 4 zero-window
 *                   probe, 0 none; idiag_expires in ms, idiag_retrans
 *   idiag_rqueue    a listener's accept queue length, else bytes unread
 *                   (TCP: rcv_nxt - copied_seq; UDP: receive memory)
 *   idiag_wqueue    a listener's backlog, else bytes not yet acknowledged
 *                   (TCP: write_seq - snd_una; UDP: send memory)
 *   idiag_uid, idiag_inode   the owner, and the socket inode that
 *                   /proc/<pid>/fd/N names as socket:[inode]; 0 for
 *                   minisocks, which no file holds
 *
 * Extensions a request asks for in idiag_ext: INET_DIAG_INFO (TCP: the
 * struct tcp_info getsockopt(TCP_INFO) returns, `ss -i`) and INET_DIAG_CONG
 * (the congestion control's name), full sockets only, as Linux. The others
 * (MEMINFO...) are not sent. Cookies are INET_DIAG_NOCOOKIE.
 *
 * Neighbours: tcp_diag.c, udp_diag.c (the walks), net/netlink/sock_diag.c,
 * net/ipv4/tcp_ipv4.c (/proc/net/tcp reports the same numbers).
 */
#include <linux/kernel.h>
#include <linux/jiffies.h>
#include <net/inet_diag.h>
#include <net/tcp.h>
#include <net/request_sock.h>
#include <net/inet_timewait_sock.h>
#include <uapi/in.h>

static struct inet_diag_msg *inet_diag_msg_put(struct sk_buff *skb, const struct netlink_callback *cb,
					       struct nlmsghdr **nlhp)
{
	struct nlmsghdr *nlh = nlmsg_put(skb, cb->portid, cb->seq, SOCK_DIAG_BY_FAMILY,
					 sizeof(struct inet_diag_msg), NLM_F_MULTI);
	struct inet_diag_msg *r;

	if (!nlh)
		return NULL;
	*nlhp = nlh;
	r = NLMSG_DATA(nlh);
	r->idiag_family = AF_INET;
	r->id.idiag_cookie[0] = r->id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
	return r;
}

static void inet_diag_msg_common_fill(struct inet_diag_msg *r, const struct sock_common *c)
{
	r->id.idiag_sport = htons(c->skc_num);
	r->id.idiag_dport = c->skc_dport;
	r->id.idiag_src[0] = c->skc_rcv_saddr;
	r->id.idiag_dst[0] = c->skc_daddr;
	r->id.idiag_if = c->skc_bound_dev_if;
}

static u32 expires_ms(unsigned long when)
{
	long d = (long)(when - jiffies);

	return d > 0 ? jiffies_to_msecs(d) : 0;
}

/*
 * The attributes idiag_ext asks for. The dump holds the hash lock with BHs
 * off, so the socket's owner may be mid-update in process context: the
 * figures are a snapshot, as Linux's are when ss reads them.
 */
static int inet_diag_put_ext(struct sock *sk, struct sk_buff *skb, u8 ext)
{
	if (sk->sk_protocol != IPPROTO_TCP)
		return 0;
	if (ext & (1 << (INET_DIAG_INFO - 1))) {
		struct tcp_info info;

		tcp_get_info(sk, &info);
		if (nla_put(skb, INET_DIAG_INFO, sizeof(info), &info))
			return -EMSGSIZE;
	}
	if ((ext & (1 << (INET_DIAG_CONG - 1))) && inet_csk(sk)->icsk_ca_ops) {
		const char *name = inet_csk(sk)->icsk_ca_ops->name;

		if (nla_put(skb, INET_DIAG_CONG, strlen(name) + 1, name))
			return -EMSGSIZE;
	}
	return 0;
}

int inet_sk_diag_fill(struct sock *sk, struct sk_buff *skb, const struct netlink_callback *cb)
{
	const struct inet_diag_req_v2 *req = (const struct inet_diag_req_v2 *)cb->req;
	struct nlmsghdr *nlh;
	struct inet_diag_msg *r = inet_diag_msg_put(skb, cb, &nlh);

	if (!r)
		return -EMSGSIZE;
	inet_diag_msg_common_fill(r, &sk->__sk_common);
	r->idiag_state = sk->sk_state;
	r->idiag_uid = sk->sk_uid;
	r->idiag_inode = sk->sk_ino;
	if (sk->sk_protocol == IPPROTO_TCP) {
		struct inet_connection_sock *icsk = inet_csk(sk);
		struct tcp_sock *tp = tcp_sk(sk);

		if (sk->sk_state == TCP_LISTEN) {
			r->idiag_rqueue = READ_ONCE(sk->sk_ack_backlog);
			r->idiag_wqueue = READ_ONCE(sk->sk_max_ack_backlog);
		} else {
			r->idiag_rqueue = max_t(int, tp->rcv_nxt - tp->copied_seq, 0);
			r->idiag_wqueue = tp->write_seq - tp->snd_una;
		}
		if (icsk->icsk_pending == ICSK_TIME_RETRANS) {
			r->idiag_timer = 1;
			r->idiag_retrans = icsk->icsk_retransmits;
			r->idiag_expires = expires_ms(icsk->icsk_timeout);
		} else if (icsk->icsk_pending == ICSK_TIME_PROBE0) {
			r->idiag_timer = 4;
			r->idiag_retrans = icsk->icsk_probes_out;
			r->idiag_expires = expires_ms(icsk->icsk_timeout);
		} else if (timer_pending(&icsk->icsk_keepalive_timer)) {
			r->idiag_timer = 2;
			r->idiag_retrans = icsk->icsk_probes_out;
			r->idiag_expires = expires_ms(icsk->icsk_keepalive_timer.expires);
		}
	} else {
		r->idiag_rqueue = sk_rmem_alloc_get(sk);
		r->idiag_wqueue = sk_wmem_alloc_get(sk);
	}
	if (inet_diag_put_ext(sk, skb, req->idiag_ext)) {
		nlmsg_cancel(skb, nlh);		/* the whole message goes into the next part */
		return -EMSGSIZE;
	}
	nlmsg_end(skb, nlh);
	return 0;
}

int inet_twsk_diag_fill(struct inet_timewait_sock *tw, struct sk_buff *skb,
			const struct netlink_callback *cb)
{
	struct nlmsghdr *nlh;
	struct inet_diag_msg *r = inet_diag_msg_put(skb, cb, &nlh);

	if (!r)
		return -EMSGSIZE;
	inet_diag_msg_common_fill(r, &tw->__tw_common);
	r->idiag_state = tw->tw_substate;
	r->idiag_timer = 3;
	r->idiag_expires = expires_ms(tw->tw_timer.expires);
	nlmsg_end(skb, nlh);
	return 0;
}

int inet_req_diag_fill(struct request_sock *req, struct sk_buff *skb,
		       const struct netlink_callback *cb)
{
	struct nlmsghdr *nlh;
	struct inet_diag_msg *r = inet_diag_msg_put(skb, cb, &nlh);

	if (!r)
		return -EMSGSIZE;
	inet_diag_msg_common_fill(r, &req->__req_common);
	r->idiag_state = TCP_SYN_RECV;
	r->idiag_timer = 1;
	r->idiag_retrans = req->num_retrans;
	r->idiag_expires = expires_ms(req->rsk_timer.expires);
	r->idiag_uid = req->rsk_listener ? req->rsk_listener->sk_uid : 0;
	nlmsg_end(skb, nlh);
	return 0;
}

int inet_diag_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct inet_diag_req_v2 *r = (const struct inet_diag_req_v2 *)cb->req;

	if (r->sdiag_protocol == IPPROTO_TCP)
		return tcp_diag_dump(skb, cb, r);
	return udp_diag_dump(skb, cb, r);
}
