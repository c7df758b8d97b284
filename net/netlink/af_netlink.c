/*
 * AF_NETLINK sockets: a user program talking to the kernel in messages
 * (uapi/netlink.h). Sockeye serves one protocol, NETLINK_SOCK_DIAG, the
 * one `ss` uses to list sockets (net/netlink/sock_diag.c); SOCK_RAW and
 * SOCK_DGRAM are the same thing, as in Linux.
 *
 *   socket(AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG) -> netlink_create
 *   bind / first send      -> a port id (nl_pid): the caller's, or the
 *                             tgid, or a negative one if that is taken
 *   sendmsg(request)       -> netlink_sendmsg: each nlmsghdr in the buffer
 *                             to sock_diag_rcv_msg; errors (and NLM_F_ACK)
 *                             come back as NLMSG_ERROR in the receive queue
 *   a dump request         -> netlink_dump_start: remember the request in
 *                             nlk->cb, run the first step (netlink_dump)
 *   recvmsg                -> one queued skb (datagram semantics, MSG_TRUNC
 *                             when the buffer is short); then, if a dump
 *                             runs and the queue has drained below half of
 *                             SO_RCVBUF, its next step
 *
 * Bounded: a dump adds one skb per step and a step runs only from
 * sendmsg or after a recvmsg, so a socket whose owner never reads holds
 * one step (NLMSG_GOODSIZE) plus the error replies SO_RCVBUF lets in;
 * a reply that does not fit is dropped, counted in sk_drops, and the
 * reader gets ENOBUFS once (Linux's netlink_overrun). A second dump
 * while one runs is refused with EBUSY.
 *
 * /proc/net/netlink lists the bound sockets in Linux's format; its Drops
 * column is sk_drops, the replies lost to a full receive buffer.
 *
 * Locks: lock_sock(sk) guards the dump state (cb_running, cb);
 * nl_table_lock the table of bound port ids (a leaf).
 *
 * Neighbours: net/netlink/sock_diag.c, net/ipv4/inet_diag.c, net/unix/diag.c,
 * include/net/netlink.h, net/core/sockfs.c (sock_register).
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/net.h>
#include <net/sock.h>
#include <net/netlink.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <uapi/socket.h>

#define NETLINK_SEND_MAX	16384	/* the largest request buffer a sendmsg takes */

static DEFINE_SPINLOCK(nl_table_lock);
static LIST_HEAD(nl_table);		/* nl_table_lock: bound netlink sockets */
static s32 nl_rover = -4096;		/* nl_table_lock: next negative port id */
static atomic_t netlink_inuse = ATOMIC_INIT(0);

static struct proto netlink_proto = {
	.name		= "NETLINK",
	.obj_size	= sizeof(struct netlink_sock),
	.inuse		= &netlink_inuse,
};

/* ---- port ids ---- */

static bool portid_taken(u32 portid)
{
	struct netlink_sock *n;

	list_for_each_entry(n, &nl_table, node)
		if (n->portid == portid)
			return true;
	return false;
}

/* Bind to portid (0: pick one). -EADDRINUSE if taken, -EINVAL if already bound elsewhere. */
static int netlink_insert(struct netlink_sock *nlk, u32 portid)
{
	int err = 0;

	spin_lock(&nl_table_lock);
	if (nlk->portid) {
		err = portid && portid != nlk->portid ? -EINVAL : 0;
		goto out;
	}
	if (!portid) {
		portid = current->tgid;
		while (portid_taken(portid))
			portid = (u32)nl_rover--;
	} else if (portid_taken(portid)) {
		err = -EADDRINUSE;
		goto out;
	}
	nlk->portid = portid;
	list_add(&nlk->node, &nl_table);
out:
	spin_unlock(&nl_table_lock);
	return err;
}

/* ---- replies ---- */

/* Queue a reply; when the receive buffer is full drop it and report ENOBUFS once. */
static void netlink_unicast(struct sock *sk, struct sk_buff *skb)
{
	if (sock_queue_rcv_skb(sk, skb) < 0) {
		sk->sk_drops++;
		WRITE_ONCE(sk->sk_err, ENOBUFS);
		sk->sk_error_report(sk);
		kfree_skb(skb);
	}
}

static void netlink_ack(struct sock *sk, const struct nlmsghdr *req, int err)
{
	struct sk_buff *skb = alloc_skb(NLMSG_SPACE(sizeof(struct nlmsgerr)), GFP_KERNEL);
	struct nlmsghdr *nlh;
	struct nlmsgerr *e;

	if (!skb) {
		sk->sk_drops++;
		WRITE_ONCE(sk->sk_err, ENOBUFS);
		sk->sk_error_report(sk);
		return;
	}
	nlh = nlmsg_put(skb, nlk_sk(sk)->portid, req->nlmsg_seq, NLMSG_ERROR, sizeof(*e), 0);
	e = NLMSG_DATA(nlh);
	e->error = err;
	e->msg = *req;
	netlink_unicast(sk, skb);
}

/*
 * One step of the running dump (lock_sock held): one skb of messages, or
 * the last ones plus NLMSG_DONE. Not while the reader is behind.
 */
static int netlink_dump(struct sock *sk)
{
	struct netlink_sock *nlk = nlk_sk(sk);
	struct netlink_callback *cb = &nlk->cb;
	struct nlmsghdr *nlh;
	struct sk_buff *skb;
	int len;

	if (!nlk->cb_running)
		return 0;
	if (atomic_read(&sk->sk_rmem_alloc) >= sk->sk_rcvbuf)
		return 0;			/* recvmsg calls again once there is room */
	skb = alloc_skb(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return -ENOBUFS;		/* the dump stays; the next recvmsg retries */
	len = cb->dump(skb, cb);
	if (len > 0) {
		netlink_unicast(sk, skb);
		return 0;
	}
	/* Done (or failed): NLMSG_DONE carries the result, in this skb if it fits. */
	nlh = nlmsg_put(skb, nlk->portid, cb->seq, NLMSG_DONE, sizeof(len), NLM_F_MULTI);
	if (!nlh) {
		netlink_unicast(sk, skb);
		skb = alloc_skb(NLMSG_GOODSIZE, GFP_KERNEL);
		if (!skb)
			return -ENOBUFS;	/* still running: DONE goes out next time */
		nlh = nlmsg_put(skb, nlk->portid, cb->seq, NLMSG_DONE, sizeof(len), NLM_F_MULTI);
	}
	memcpy(NLMSG_DATA(nlh), &len, sizeof(len));
	nlk->cb_running = false;
	netlink_unicast(sk, skb);
	return 0;
}

int netlink_dump_start(struct sock *sk, const struct nlmsghdr *nlh,
		       int (*dump)(struct sk_buff *, struct netlink_callback *), u16 family)
{
	struct netlink_sock *nlk = nlk_sk(sk);
	struct netlink_callback *cb = &nlk->cb;
	int payload = nlh->nlmsg_len - NLMSG_HDRLEN;

	if (nlk->cb_running)
		return -EBUSY;
	memset(cb, 0, sizeof(*cb));
	cb->dump = dump;
	cb->portid = nlk->portid;
	cb->seq = nlh->nlmsg_seq;
	cb->family = family;
	memcpy(cb->req, NLMSG_DATA(nlh), min_t(int, payload, NETLINK_REQ_MAX));
	nlk->cb_running = true;
	return netlink_dump(sk);
}

/* ---- proto_ops ---- */

static int netlink_sendmsg(struct socket *sock, struct msghdr *msg, size_t len)
{
	struct sock *sk = sock->sk;
	struct netlink_sock *nlk = nlk_sk(sk);
	struct sockaddr_nl *addr = msg->msg_name;
	struct nlmsghdr *nlh;
	char *buf;
	int err, left;

	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (msg->msg_namelen) {
		if (msg->msg_namelen < (int)sizeof(*addr) || addr->nl_family != AF_NETLINK)
			return -EINVAL;
		if (addr->nl_pid || addr->nl_groups)
			return -EOPNOTSUPP;	/* only the kernel (port 0) is served */
	}
	if (len > NETLINK_SEND_MAX)
		return -EMSGSIZE;
	err = netlink_insert(nlk, 0);
	if (err)
		return err;
	buf = kmalloc(len ? len : 1, GFP_KERNEL);
	if (!buf)
		return -ENOBUFS;
	err = memcpy_from_msg(buf, msg, len);
	if (err)
		goto out;

	lock_sock(sk);
	nlh = (struct nlmsghdr *)buf;
	left = len;
	while (NLMSG_OK(nlh, left)) {
		int e = 0;

		/* Only requests to the kernel, and no control messages, are acted on. */
		if ((nlh->nlmsg_flags & NLM_F_REQUEST) && nlh->nlmsg_type >= NLMSG_MIN_TYPE) {
			e = sock_diag_rcv_msg(sk, nlh);
			if (e == -EINTR)	/* a dump started: its replies are the answer */
				e = 0;
			else if (e || (nlh->nlmsg_flags & NLM_F_ACK))
				netlink_ack(sk, nlh, e);
		}
		nlh = NLMSG_NEXT(nlh, left);
	}
	release_sock(sk);
	err = len;
out:
	kfree(buf);
	return err;
}

static int netlink_recvmsg(struct socket *sock, struct msghdr *msg, size_t len, int flags)
{
	struct sock *sk = sock->sk;
	struct sockaddr_nl *addr = msg->msg_name;
	struct sk_buff *skb;
	size_t copied;
	int err;

	if (flags & (MSG_OOB | MSG_ERRQUEUE))
		return -EOPNOTSUPP;
	skb = skb_recv_datagram(sk, flags, flags & MSG_DONTWAIT, &err);
	if (!skb)
		return err;
	copied = min_t(size_t, len, skb->len);
	if (copied < skb->len)
		msg->msg_flags |= MSG_TRUNC;
	err = skb_copy_datagram_msg(skb, 0, msg, copied);
	if (!err) {
		err = (flags & MSG_TRUNC) ? (int)skb->len : (int)copied;
		if (addr) {
			memset(addr, 0, sizeof(*addr));
			addr->nl_family = AF_NETLINK;	/* from the kernel: port 0 */
			msg->msg_namelen = sizeof(*addr);
		}
	}
	skb_free_datagram(sk, skb);

	/* The reader has caught up: the dump's next step (Linux's netlink_recvmsg). */
	lock_sock(sk);
	if (nlk_sk(sk)->cb_running && atomic_read(&sk->sk_rmem_alloc) <= sk->sk_rcvbuf / 2) {
		int e = netlink_dump(sk);
		if (e) {
			WRITE_ONCE(sk->sk_err, -e);
			sk->sk_error_report(sk);
		}
	}
	release_sock(sk);
	return err;
}

static int netlink_bind(struct socket *sock, struct sockaddr *uaddr, int addr_len)
{
	struct sockaddr_nl *nladdr = (struct sockaddr_nl *)uaddr;

	if (addr_len < (int)sizeof(*nladdr) || nladdr->nl_family != AF_NETLINK)
		return -EINVAL;
	if (nladdr->nl_groups)
		return -EOPNOTSUPP;		/* NETLINK_SOCK_DIAG has no multicast groups here */
	return netlink_insert(nlk_sk(sock->sk), nladdr->nl_pid);
}

static int netlink_connect(struct socket *sock, struct sockaddr *uaddr, int addr_len, int flags)
{
	struct sockaddr_nl *nladdr = (struct sockaddr_nl *)uaddr;

	if (addr_len < (int)sizeof(nladdr->nl_family))
		return -EINVAL;
	if (nladdr->nl_family == AF_UNSPEC)
		return 0;
	if (addr_len < (int)sizeof(*nladdr) || nladdr->nl_family != AF_NETLINK)
		return -EINVAL;
	if (nladdr->nl_pid || nladdr->nl_groups)
		return -EOPNOTSUPP;
	return netlink_insert(nlk_sk(sock->sk), 0);
}

static int netlink_getname(struct socket *sock, struct sockaddr *addr, int peer)
{
	struct sockaddr_nl *nladdr = (struct sockaddr_nl *)addr;

	memset(nladdr, 0, sizeof(*nladdr));
	nladdr->nl_family = AF_NETLINK;
	if (!peer)
		nladdr->nl_pid = nlk_sk(sock->sk)->portid;
	return sizeof(*nladdr);
}

static int netlink_setsockopt(struct socket *sock, int level, int optname,
			      const void __user *optval, unsigned int optlen)
{
	return -ENOPROTOOPT;		/* SOL_NETLINK options: none served */
}

static int netlink_getsockopt(struct socket *sock, int level, int optname,
			      char __user *optval, int __user *optlen)
{
	return -ENOPROTOOPT;
}

static int netlink_release(struct socket *sock)
{
	struct sock *sk = sock->sk;
	struct netlink_sock *nlk;

	if (!sk)
		return 0;
	nlk = nlk_sk(sk);
	spin_lock(&nl_table_lock);
	if (nlk->portid)
		list_del(&nlk->node);
	spin_unlock(&nl_table_lock);
	lock_sock(sk);
	nlk->cb_running = false;	/* a dump in progress just stops */
	release_sock(sk);
	sock->sk = NULL;
	sock_prot_inuse_add(sk->sk_prot, -1);
	sock_orphan(sk);
	skb_queue_purge(&sk->sk_receive_queue);
	sock_put(sk);
	return 0;
}

static const struct proto_ops netlink_ops = {
	.family		= PF_NETLINK,
	.release	= netlink_release,
	.bind		= netlink_bind,
	.connect	= netlink_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= sock_no_accept,
	.getname	= netlink_getname,
	.poll		= datagram_poll,
	.ioctl		= sock_no_ioctl,
	.listen		= sock_no_listen,
	.shutdown	= sock_no_shutdown,
	.setsockopt	= netlink_setsockopt,
	.getsockopt	= netlink_getsockopt,
	.sendmsg	= netlink_sendmsg,
	.recvmsg	= netlink_recvmsg,
};

static int netlink_create(struct socket *sock, int protocol, int kern)
{
	struct sock *sk;

	if (sock->type != SOCK_RAW && sock->type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (protocol != NETLINK_SOCK_DIAG)
		return -EPROTONOSUPPORT;	/* the only netlink protocol served */
	sk = sk_alloc(AF_NETLINK, GFP_KERNEL, &netlink_proto);
	if (!sk)
		return -ENOBUFS;
	sock->state = SS_UNCONNECTED;
	sock->ops = &netlink_ops;
	sock_init_data(sock, sk);
	sk->sk_protocol = protocol;
	INIT_LIST_HEAD(&nlk_sk(sk)->node);
	sock_prot_inuse_add(sk->sk_prot, 1);
	return 0;
}

/* Linux's columns; sk is the kernel address, shown as zeros (%pK for the unprivileged). */
static int netlink_seq_show(struct seq_file *m, void *v)
{
	struct netlink_sock *nlk;

	seq_puts(m, "sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    "
		    "Drops    Inode\n");
	spin_lock(&nl_table_lock);
	list_for_each_entry(nlk, &nl_table, node) {
		struct sock *sk = &nlk->sk;

		seq_printf(m, "%016x %-3d %-10u %08x %-8d %-8d %-5d %-8d %-8lu %-8lu\n", 0u,
			   sk->sk_protocol, nlk->portid, 0u, sk_rmem_alloc_get(sk),
			   sk_wmem_alloc_get(sk), nlk->cb_running, refcount_read(&sk->sk_refcnt),
			   sk->sk_drops, sk->sk_ino);
	}
	spin_unlock(&nl_table_lock);
	return 0;
}

static const struct net_proto_family netlink_family_ops = {
	.family	= PF_NETLINK,
	.create	= netlink_create,
};

void af_netlink_init(void)
{
	sock_register(&netlink_family_ops);
	proc_create_single("net/netlink", netlink_seq_show, NULL);
}
