/*
 * unix_diag: AF_UNIX sockets in a NETLINK_SOCK_DIAG dump (Linux's
 * net/unix/diag.c), what `ss -x` reads. One struct unix_diag_msg per
 * socket whose state is in udiag_states, followed by the attributes
 * udiag_show asks for:
 *
 *   UDIAG_SHOW_NAME   UNIX_DIAG_NAME   the bound name (sun_path bytes;
 *                                      abstract names start with NUL)
 *   UDIAG_SHOW_PEER   UNIX_DIAG_PEER   the connected peer's inode
 *   UDIAG_SHOW_RQLEN  UNIX_DIAG_RQLEN  a listener: connections waiting
 *                                      and the backlog; else unread
 *                                      bytes and bytes sent, unread
 *   UDIAG_SHOW_UID    UNIX_DIAG_UID    the owner
 *
 * VFS, ICONS and MEMINFO are not served (the message comes without them).
 *
 * Locking: unix_table_lock is a leaf here (af_unix.h), so the peer, which
 * needs unix_state_lock, cannot be read while walking the table. Each
 * pass therefore takes a reference on up to UNIX_DIAG_BATCH sockets under
 * the table lock, drops it, and fills their messages with the sockets'
 * own locks. cb->args: [1] bucket (the last one holds unbound sockets),
 * [2] entries of it already passed.
 *
 * Neighbours: af_unix.c (the table, unix_inq_len), sysctl_net_unix.c
 * (/proc/net/unix reports the same sockets), net/netlink/sock_diag.c.
 */
#include <linux/kernel.h>
#include <net/af_unix.h>
#include <net/netlink.h>
#include <uapi/sock_diag.h>

#define UNIX_DIAG_BATCH	16

struct unix_diag_pos {
	struct sock *sk;		/* +ref */
	long bucket, num;		/* where it was, to resume at it */
};

static int unix_diag_fill(struct sock *sk, struct sk_buff *skb, const struct netlink_callback *cb,
			  const struct unix_diag_req *req)
{
	struct unix_address *addr = unix_sk(sk)->addr;
	struct nlmsghdr *nlh;
	struct unix_diag_msg *m;
	struct sock *peer;

	nlh = nlmsg_put(skb, cb->portid, cb->seq, SOCK_DIAG_BY_FAMILY, sizeof(*m), NLM_F_MULTI);
	if (!nlh)
		return -EMSGSIZE;
	m = NLMSG_DATA(nlh);
	m->udiag_family = AF_UNIX;
	m->udiag_type = sk->sk_type;
	m->udiag_state = sk->sk_state;
	m->udiag_ino = sk->sk_socket ? sk->sk_ino : 0;
	m->udiag_cookie[0] = m->udiag_cookie[1] = INET_DIAG_NOCOOKIE;

	if ((req->udiag_show & UDIAG_SHOW_NAME) && addr &&
	    nla_put(skb, UNIX_DIAG_NAME, addr->len - sizeof(short), addr->name->sun_path))
		goto cancel;
	if ((req->udiag_show & UDIAG_SHOW_PEER) && (peer = unix_peer_get(sk))) {
		u32 ino = peer->sk_socket ? peer->sk_ino : 0;

		sock_put(peer);
		if (nla_put_u32(skb, UNIX_DIAG_PEER, ino))
			goto cancel;
	}
	if (req->udiag_show & UDIAG_SHOW_RQLEN) {
		struct unix_diag_rqlen rql;

		if (sk->sk_state == TCP_LISTEN) {
			rql.udiag_rqueue = skb_queue_len(&sk->sk_receive_queue);
			rql.udiag_wqueue = sk->sk_max_ack_backlog;
		} else {
			rql.udiag_rqueue = unix_inq_len(sk);
			rql.udiag_wqueue = sk_wmem_alloc_get(sk);
		}
		if (nla_put(skb, UNIX_DIAG_RQLEN, sizeof(rql), &rql))
			goto cancel;
	}
	if ((req->udiag_show & UDIAG_SHOW_UID) && nla_put_u32(skb, UNIX_DIAG_UID, sk->sk_uid))
		goto cancel;
	nlmsg_end(skb, nlh);
	return 0;

cancel:
	nlmsg_cancel(skb, nlh);
	return -EMSGSIZE;
}

/* Up to UNIX_DIAG_BATCH matching sockets from the resume point, referenced; the count. */
static int unix_diag_collect(struct netlink_callback *cb, const struct unix_diag_req *req,
			     struct unix_diag_pos *pos, bool *end)
{
	long bucket = cb->args[1], skip = cb->args[2];
	int n = 0;

	*end = false;
	spin_lock(&unix_table_lock);
	for (; bucket <= UNIX_HASH_SIZE; bucket++, skip = 0) {
		struct sock *sk;
		long num = 0;

		hlist_for_each_entry(sk, &unix_socket_table[bucket], sk_node) {
			if (num++ < skip)
				continue;
			if (!(req->udiag_states & (1U << sk->sk_state)))
				continue;
			if (n == UNIX_DIAG_BATCH) {
				cb->args[1] = bucket;
				cb->args[2] = num - 1;
				goto out;
			}
			sock_hold(sk);
			pos[n].sk = sk;
			pos[n].bucket = bucket;
			pos[n].num = num - 1;
			n++;
		}
	}
	cb->args[1] = bucket;
	cb->args[2] = 0;
	*end = true;
out:
	spin_unlock(&unix_table_lock);
	return n;
}

int unix_diag_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct unix_diag_req *req = (const struct unix_diag_req *)cb->req;
	struct unix_diag_pos pos[UNIX_DIAG_BATCH];
	bool end;

	for (;;) {
		int n = unix_diag_collect(cb, req, pos, &end), i;

		for (i = 0; i < n; i++) {
			if (unix_diag_fill(pos[i].sk, skb, cb, req) < 0)
				break;
		}
		if (i < n) {
			/* The skb is full: resume at the socket that did not fit. */
			cb->args[1] = pos[i].bucket;
			cb->args[2] = pos[i].num;
		}
		for (int j = 0; j < n; j++)
			sock_put(pos[j].sk);
		if (i < n)
			return skb->len;
		if (end)
			return 0;
	}
}
