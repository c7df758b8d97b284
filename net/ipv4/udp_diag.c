/*
 * udp_diag: the UDP part of a NETLINK_SOCK_DIAG dump (Linux's
 * net/ipv4/udp_diag.c). Walks udp_table as /proc/net/udp does; a socket
 * reports TCP_CLOSE (bound) or TCP_ESTABLISHED (connected), which the
 * request's idiag_states filters like TCP states. Resume point in
 * cb->args: [1] bucket, [2] entries of it already passed.
 *
 * Neighbours: inet_diag.c (the messages), udp.c (the table).
 */
#include <linux/kernel.h>
#include <net/inet_diag.h>
#include <net/udp.h>

int udp_diag_dump(struct sk_buff *skb, struct netlink_callback *cb, const struct inet_diag_req_v2 *r)
{
	bool more = false;

	spin_lock_bh(&udp_table.lock);
	for (; cb->args[1] < UDP_HTABLE_SIZE; cb->args[1]++, cb->args[2] = 0) {
		struct sock *sk;
		long num = 0;

		hlist_for_each_entry(sk, &udp_table.hash[cb->args[1]], sk_node) {
			if (num++ < cb->args[2])
				continue;
			if (!(r->idiag_states & (1U << sk->sk_state)))
				continue;
			if (inet_sk_diag_fill(sk, skb, cb) < 0) {
				cb->args[2] = num - 1;
				more = true;
				goto out;
			}
		}
	}
out:
	spin_unlock_bh(&udp_table.lock);
	return more ? (int)skb->len : 0;
}
