/*
 * tcp_diag: the TCP part of a NETLINK_SOCK_DIAG dump (Linux's
 * inet_diag_dump_icsk). Walks tcp_hashinfo as /proc/net/tcp does:
 * the listen hash, then the established hash, whose entries may be full
 * sockets, TIME_WAIT minisocks or request socks (state NEW_SYN_RECV,
 * reported as SYN_RECV). Only states in idiag_states are reported.
 *
 * Resume point (cb->args): [0] phase (0 listen, 1 established, 2 done),
 * [1] bucket, [2] entries of that bucket already passed. A step ends
 * when the skb is full; the next resumes at the entry that did not fit.
 * Sockets hashed or unhashed between steps may be missed or repeated,
 * as in Linux.
 *
 * Neighbours: inet_diag.c (the messages), inet_hashtables.c (the hashes).
 */
#include <linux/kernel.h>
#include <net/inet_diag.h>
#include <net/inet_hashtables.h>
#include <net/inet_timewait_sock.h>
#include <net/request_sock.h>
#include <net/tcp.h>

static int tcp_diag_fill_any(struct sock *sk, struct sk_buff *skb, const struct netlink_callback *cb)
{
	if (sk->sk_state == TCP_TIME_WAIT)
		return inet_twsk_diag_fill(inet_twsk(sk), skb, cb);
	if (sk->sk_state == TCP_NEW_SYN_RECV)
		return inet_req_diag_fill((struct request_sock *)sk, skb, cb);
	return inet_sk_diag_fill(sk, skb, cb);
}

/* Walk one table of nbuckets from the resume point; false if the skb filled up. */
static bool tcp_diag_walk(struct hlist_head *table, int nbuckets, u32 states,
			  struct sk_buff *skb, struct netlink_callback *cb)
{
	for (; cb->args[1] < nbuckets; cb->args[1]++, cb->args[2] = 0) {
		struct sock *sk;
		long num = 0;

		hlist_for_each_entry(sk, &table[cb->args[1]], sk_node) {
			if (num++ < cb->args[2])
				continue;
			/* A TIME_WAIT minisock reports its substate (FIN_WAIT2 for an orphan). */
			int st = sk->sk_state == TCP_TIME_WAIT ? inet_twsk(sk)->tw_substate : sk->sk_state;

			if (!(states & (1U << st)))
				continue;
			if (tcp_diag_fill_any(sk, skb, cb) < 0) {
				cb->args[2] = num - 1;
				return false;
			}
		}
	}
	return true;
}

int tcp_diag_dump(struct sk_buff *skb, struct netlink_callback *cb, const struct inet_diag_req_v2 *r)
{
	u32 states = r->idiag_states;
	bool more = false;

	if (states & (1U << TCP_SYN_RECV))
		states |= 1U << TCP_NEW_SYN_RECV;
	spin_lock_bh(&tcp_hashinfo.lock);
	if (cb->args[0] == 0) {
		if ((states & (1U << TCP_LISTEN)) &&
		    !tcp_diag_walk(tcp_hashinfo.lhash, INET_LHASH_SIZE, states, skb, cb)) {
			more = true;
			goto out;
		}
		cb->args[0] = 1;
		cb->args[1] = cb->args[2] = 0;
	}
	if (cb->args[0] == 1) {
		if ((states & ~(1U << TCP_LISTEN)) &&
		    !tcp_diag_walk(tcp_hashinfo.ehash, INET_EHASH_SIZE, states, skb, cb)) {
			more = true;
			goto out;
		}
		cb->args[0] = 2;
	}
out:
	spin_unlock_bh(&tcp_hashinfo.lock);
	/* An entry that does not fit even an empty skb cannot happen: a message is 92 bytes,
	 * about 330 with INET_DIAG_INFO and INET_DIAG_CONG. */
	return more ? (int)skb->len : 0;
}
