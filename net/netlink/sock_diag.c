/*
 * NETLINK_SOCK_DIAG: the requests `ss` sends, dispatched by family.
 * Linux keeps this in net/core/sock_diag.c; here it sits beside
 * af_netlink.c, so the protocol unit tests, which link all of net/core,
 * need neither netlink nor AF_UNIX. One message type, SOCK_DIAG_BY_FAMILY,
 * whose payload starts with struct sock_diag_req:
 *
 *   AF_INET  + struct inet_diag_req_v2, NLM_F_DUMP -> inet_diag_dump
 *            (TCP or UDP: net/ipv4/inet_diag.c, tcp_diag.c, udp_diag.c)
 *   AF_UNIX  + struct unix_diag_req, NLM_F_DUMP    -> unix_diag_dump
 *            (net/unix/diag.c)
 *
 * Errnos as Linux's: a short payload or a family >= AF_MAX EINVAL, a
 * family with no dumper ENOENT, another message type EINVAL. A
 * single-socket lookup (no NLM_F_DUMP) is not implemented: EOPNOTSUPP.
 * A started dump answers -EINTR, which af_netlink.c takes to mean
 * "no ACK: the replies follow".
 *
 * Neighbours: net/netlink/af_netlink.c (the socket, netlink_dump_start).
 */
#include <linux/kernel.h>
#include <net/netlink.h>
#include <uapi/sock_diag.h>
#include <uapi/in.h>
#include <uapi/socket.h>

static int sock_diag_start(struct sock *sk, struct nlmsghdr *nlh, size_t need,
			   int (*dump)(struct sk_buff *, struct netlink_callback *), u16 family)
{
	int err;

	if (nlh->nlmsg_len < NLMSG_LENGTH(need))
		return -EINVAL;
	if ((nlh->nlmsg_flags & NLM_F_DUMP) != NLM_F_DUMP)
		return -EOPNOTSUPP;
	err = netlink_dump_start(sk, nlh, dump, family);
	return err ? err : -EINTR;
}

int sock_diag_rcv_msg(struct sock *sk, struct nlmsghdr *nlh)
{
	struct sock_diag_req *req = NLMSG_DATA(nlh);

	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY)
		return -EINVAL;
	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*req)))
		return -EINVAL;
	if (req->sdiag_family >= AF_MAX)
		return -EINVAL;
	switch (req->sdiag_family) {
	case AF_INET:
		if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(struct inet_diag_req_v2)) &&
		    req->sdiag_protocol != IPPROTO_TCP && req->sdiag_protocol != IPPROTO_UDP)
			return -ENOENT;
		return sock_diag_start(sk, nlh, sizeof(struct inet_diag_req_v2),
				       inet_diag_dump, AF_INET);
	case AF_UNIX:
		return sock_diag_start(sk, nlh, sizeof(struct unix_diag_req),
				       unix_diag_dump, AF_UNIX);
	default:
		return -ENOENT;
	}
}
