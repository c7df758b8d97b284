/*
 * AF_INET: IPv4 initialisation, and the family's sockets - inetsw, the
 * (type, protocol) -> (proto_ops, proto) switch, inet_create, and the
 * proto_ops every inet socket type shares.
 *
 * Init (inet_init, called from net_init): the IP packet type, the device
 * notifier, ARP, routes, ICMP, reassembly, the /proc/net files and the
 * net.ipv4 sysctls, in that order (ARP and routes must exist before the
 * first device event can reach them); then sockets: sock_init (sockfs,
 * net.core sysctls), UDP, ping and raw (their hashes, /proc files and
 * inet_protos[] entries), inetsw, and sock_register(&inet_family_ops).
 *
 * socket(AF_INET, type, protocol) -> __sock_create -> inet_create:
 *   inetsw[type] lookup (protocol 0 = the type's default) -> EPERM for raw
 *   without root -> sock->ops = the entry's proto_ops -> sk_alloc(prot) ->
 *   sock_init_data -> raw: inet_num = protocol and hash now -> prot->init.
 * The proto_ops then route each call to the proto: inet_bind ->
 * prot->get_port (or prot->bind for raw), inet_dgram_connect ->
 * prot->connect, inet_sendmsg -> (autobind) prot->sendmsg, ...
 *
 * Neighbours: net/socket.c (system calls), net/core/sockfs.c, udp.c,
 * ping.c, raw.c, ip_sockglue.c (IP_* options). TCP adds inet_stream_ops
 * and an inetsw entry here; inet_listen already checks what it needs.
 */
#include <net/ip.h>
#include <net/arp.h>
#include <net/route.h>
#include <net/icmp.h>
#include <net/inet_sock.h>
#include <net/udp.h>
#include <net/ping.h>
#include <net/raw.h>
#include <net/tcp.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/capability.h>
#include <linux/uaccess.h>
#include <linux/trace_events.h>
#include <linux/random.h>

static struct packet_type ip_packet_type = {
	.type = __constant_htons(ETH_P_IP),
	.func = ip_rcv,
};

/* inetsw: one list per socket type; registered at init, read by every inet_create. */
#define SOCK_MAX	(SOCK_PACKET + 1)
static struct inet_protosw *inetsw[SOCK_MAX][4];
static DEFINE_SPINLOCK(inetsw_lock);

void inet_register_protosw(struct inet_protosw *p)
{
	unsigned int i;

	if (p->type >= SOCK_MAX)
		return;
	spin_lock(&inetsw_lock);
	for (i = 0; i < ARRAY_SIZE(inetsw[0]); i++) {
		if (!inetsw[p->type][i]) {
			inetsw[p->type][i] = p;
			break;
		}
	}
	spin_unlock(&inetsw_lock);
}

static bool capable_net_raw(void)
{
	return capable(CAP_NET_RAW);
}

static int inet_create(struct socket *sock, int protocol, int kern)
{
	struct inet_protosw *answer = NULL;
	struct inet_sock *inet;
	struct sock *sk;
	unsigned int i;
	int err;

	trace_event(inet_create, sock->type, protocol, kern);
	if (protocol < 0 || protocol >= IPPROTO_MAX)
		return -EINVAL;
	sock->state = SS_UNCONNECTED;

	/* An exact protocol match, or a wildcard on either side. */
	err = -ESOCKTNOSUPPORT;
	spin_lock(&inetsw_lock);
	for (i = 0; i < ARRAY_SIZE(inetsw[0]) && inetsw[sock->type][i]; i++) {
		struct inet_protosw *p = inetsw[sock->type][i];

		err = 0;
		if (protocol == p->protocol && protocol != IPPROTO_IP) {
			answer = p;
			break;
		}
		if (protocol == IPPROTO_IP && p->protocol != IPPROTO_IP) {
			protocol = p->protocol;
			answer = p;
			break;
		}
		if (p->protocol == IPPROTO_IP && protocol != IPPROTO_IP) {
			answer = p;
			break;
		}
		err = -EPROTONOSUPPORT;
	}
	spin_unlock(&inetsw_lock);
	if (!answer)
		return err ? err : -EPROTONOSUPPORT;

	if (sock->type == SOCK_RAW && !kern && !capable_net_raw())
		return -EPERM;

	sock->ops = answer->ops;
	sk = sk_alloc(PF_INET, GFP_KERNEL, answer->prot);
	if (!sk)
		return -ENOBUFS;
	if (answer->flags & INET_PROTOSW_REUSE)
		sk->sk_reuse = 1;
	inet = inet_sk(sk);
	inet->is_icsk = (answer->flags & INET_PROTOSW_ICSK) != 0;
	if (sock->type == SOCK_RAW) {
		inet->inet_num = protocol;	/* a raw socket's "port" is its protocol */
		if (protocol == IPPROTO_RAW)
			inet->hdrincl = 1;
	}

	sock_init_data(sock, sk);
	sk->sk_protocol = protocol;
	sk->sk_backlog_rcv = sk->sk_prot->backlog_rcv;
	inet->uc_ttl = -1;
	inet->pmtudisc = IP_PMTUDISC_WANT;
	inet->inet_id = (u16)get_random_u32();

	if (inet->inet_num) {
		inet->inet_sport = htons(inet->inet_num);
		err = sk->sk_prot->hash(sk);
		if (err)
			goto out_release;
	}
	if (sk->sk_prot->init) {
		err = sk->sk_prot->init(sk);
		if (err)
			goto out_release;
	}
	return 0;

out_release:
	sock->sk = NULL;
	sk_common_release(sk);
	return err;
}

static const struct net_proto_family inet_family_ops = {
	.family = PF_INET,
	.create = inet_create,
};

/* ---- proto_ops shared by the inet datagram types ------------------------------ */

int inet_release(struct socket *sock)
{
	struct sock *sk = sock->sk;

	if (sk) {
		/* SO_LINGER with a zero time on close: Linux's "abort" (TCP); datagrams ignore it. */
		long timeout = 0;

		/* Linux's sk_lingertime: a huge l_linger lingers forever, never wraps. */
		if (sock_flag(sk, SOCK_LINGER))
			timeout = (unsigned int)sk->sk_linger.seconds >= MAX_SCHEDULE_TIMEOUT / HZ ?
				  MAX_SCHEDULE_TIMEOUT : (long)sk->sk_linger.seconds * HZ;

		sock->sk = NULL;
		sk->sk_prot->close(sk, timeout);
	}
	return 0;
}

static int inet_autobind(struct sock *sk)
{
	struct inet_sock *inet = inet_sk(sk);

	lock_sock(sk);
	if (!inet->inet_num) {
		if (sk->sk_prot->get_port(sk, 0)) {
			release_sock(sk);
			return -EAGAIN;
		}
		inet->inet_sport = htons(inet->inet_num);
	}
	release_sock(sk);
	return 0;
}

int inet_bind(struct socket *sock, struct sockaddr *uaddr, int addr_len)
{
	struct sockaddr_in *addr = (struct sockaddr_in *)uaddr;
	struct sock *sk = sock->sk;
	struct inet_sock *inet = inet_sk(sk);
	unsigned short snum;
	bool local, bcast, mcast;
	int err;

	if (sk->sk_prot->bind)		/* raw sockets bind their own way */
		return sk->sk_prot->bind(sk, uaddr, addr_len);
	if (addr_len < (int)sizeof(struct sockaddr_in))
		return -EINVAL;
	if (addr->sin_family != AF_INET) {
		/* Linux accepts AF_UNSPEC with INADDR_ANY for compatibility. */
		if (addr->sin_family != AF_UNSPEC || addr->sin_addr.s_addr != htonl(INADDR_ANY))
			return -EAFNOSUPPORT;
	}
	local = addr->sin_addr.s_addr == htonl(INADDR_ANY) ||
		inet_addr_dev(addr->sin_addr.s_addr) || ipv4_is_loopback(addr->sin_addr.s_addr);
	bcast = inet_addr_is_broadcast(addr->sin_addr.s_addr);
	mcast = ipv4_is_multicast(addr->sin_addr.s_addr);
	if (!local && !bcast && !mcast)
		return -EADDRNOTAVAIL;
	snum = ntohs(addr->sin_port);
	if (snum && snum < 1024 && !capable(CAP_NET_BIND_SERVICE))
		return -EACCES;

	lock_sock(sk);
	err = -EINVAL;
	if (sk->sk_state != TCP_CLOSE || inet->inet_num)
		goto out_release_sock;
	inet->inet_rcv_saddr = inet->inet_saddr = addr->sin_addr.s_addr;
	if (bcast || mcast)
		inet->inet_saddr = 0;	/* send from the route's address */
	if (sk->sk_prot->get_port(sk, snum)) {
		inet->inet_saddr = inet->inet_rcv_saddr = 0;
		err = -EADDRINUSE;
		goto out_release_sock;
	}
	if (inet->inet_rcv_saddr)
		sk->sk_userlocks |= SOCK_BINDADDR_LOCK;
	if (snum)
		sk->sk_userlocks |= SOCK_BINDPORT_LOCK;
	inet->inet_sport = htons(inet->inet_num);
	inet->inet_daddr = 0;
	inet->inet_dport = 0;
	err = 0;
out_release_sock:
	release_sock(sk);
	return err;
}

int inet_dgram_connect(struct socket *sock, struct sockaddr *uaddr, int addr_len, int flags)
{
	struct sock *sk = sock->sk;

	if (addr_len < (int)sizeof(uaddr->sa_family))
		return -EINVAL;
	if (uaddr->sa_family == AF_UNSPEC)
		return sk->sk_prot->disconnect(sk, flags);
	if (!inet_sk(sk)->inet_num && inet_autobind(sk))
		return -EAGAIN;
	return sk->sk_prot->connect(sk, uaddr, addr_len);
}

int inet_getname(struct socket *sock, struct sockaddr *uaddr, int peer)
{
	struct sock *sk = sock->sk;
	struct inet_sock *inet = inet_sk(sk);
	struct sockaddr_in *sin = (struct sockaddr_in *)uaddr;

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	if (peer) {
		if (!inet->inet_dport ||
		    (((1 << sk->sk_state) & ((1 << TCP_CLOSE) | (1 << TCP_SYN_SENT))) && peer == 1))
			return -ENOTCONN;
		sin->sin_port = inet->inet_dport;
		sin->sin_addr.s_addr = inet->inet_daddr;
	} else {
		__be32 addr = inet->inet_rcv_saddr;

		if (!addr)
			addr = inet->inet_saddr;
		sin->sin_port = inet->inet_sport;
		sin->sin_addr.s_addr = addr;
	}
	return sizeof(*sin);
}

int inet_sendmsg(struct socket *sock, struct msghdr *msg, size_t size)
{
	struct sock *sk = sock->sk;

	if (!inet_sk(sk)->inet_num && sk->sk_type != SOCK_RAW && inet_autobind(sk))
		return -EAGAIN;
	return sk->sk_prot->sendmsg(sk, msg, size);
}

int inet_recvmsg(struct socket *sock, struct msghdr *msg, size_t size, int flags)
{
	struct sock *sk = sock->sk;
	int addr_len = 0;
	int err;

	err = sk->sk_prot->recvmsg(sk, msg, size, flags, &addr_len);
	if (err >= 0)
		msg->msg_namelen = addr_len;
	return err;
}

int inet_shutdown(struct socket *sock, int how)
{
	struct sock *sk = sock->sk;
	int err = 0;

	/* SHUT_RD 0 -> RCV_SHUTDOWN 1, SHUT_WR 1 -> SEND_SHUTDOWN 2, SHUT_RDWR 2 -> 3 */
	how++;
	if ((how & ~SHUTDOWN_MASK) || !how)
		return -EINVAL;
	lock_sock(sk);
	if (sock->state == SS_CONNECTING) {
		if ((1 << sk->sk_state) & ((1 << TCP_SYN_SENT) | (1 << TCP_SYN_RECV) | (1 << TCP_CLOSE)))
			sock->state = SS_DISCONNECTING;
		else
			sock->state = SS_CONNECTED;
	}
	switch (sk->sk_state) {
	case TCP_CLOSE:
		err = -ENOTCONN;
		/* Still mark it: pollers of an unconnected UDP socket see the hangup. */
		/* fallthrough */
	default:
		sk->sk_shutdown |= how;
		if (sk->sk_prot->shutdown)
			sk->sk_prot->shutdown(sk, how);
		break;
	case TCP_LISTEN:
		/* Shutting a listener's read side stops it listening, as Linux. */
		if (!(how & RCV_SHUTDOWN))
			break;
		/* fallthrough */
	case TCP_SYN_SENT:
		err = sk->sk_prot->disconnect(sk, O_NONBLOCK);
		sock->state = err ? SS_DISCONNECTING : SS_UNCONNECTED;
		break;
	}
	sk->sk_state_change(sk);
	release_sock(sk);
	return err;
}

/*
 * listen(2), as seed article 001 walks it: only an unconnected stream
 * socket that is closed or already listening; a second listen() just
 * changes the backlog (already clamped to somaxconn by __sys_listen);
 * the first one starts the queues and takes the port (EADDRINUSE).
 */
int inet_listen(struct socket *sock, int backlog)
{
	/* LAB(listen) BEGIN: inet_listen */
	struct sock *sk = sock->sk;
	unsigned char old_state;
	int err = -EINVAL;

	lock_sock(sk);
	if (sock->state != SS_UNCONNECTED || sock->type != SOCK_STREAM)
		goto out;
	old_state = sk->sk_state;
	trace_event(inet_listen, inet_sk(sk)->inet_num, old_state, backlog);
	if (!((1 << old_state) & ((1 << TCP_CLOSE) | (1 << TCP_LISTEN))))
		goto out;
	WRITE_ONCE(sk->sk_max_ack_backlog, backlog);
	if (old_state != TCP_LISTEN) {
		err = inet_csk_listen_start(sk);
		if (err)
			goto out;
	}
	err = 0;
out:
	release_sock(sk);
	return err;
	/* LAB(listen) END: inet_listen */
}

/* Sleep while the handshake is in progress; returns the time left (0: timed out). */
static long inet_wait_for_connect(struct sock *sk, long timeo)
{
	DEFINE_WAIT(wait);

	prepare_to_wait(sk_sleep(sk), &wait, TASK_INTERRUPTIBLE);
	while ((1 << sk->sk_state) & ((1 << TCP_SYN_SENT) | (1 << TCP_SYN_RECV))) {
		release_sock(sk);
		timeo = schedule_timeout(timeo);
		lock_sock(sk);
		if (signal_pending(current) || !timeo)
			break;
		prepare_to_wait(sk_sleep(sk), &wait, TASK_INTERRUPTIBLE);
	}
	finish_wait(sk_sleep(sk), &wait);
	return timeo;
}

/*
 * connect(2) for stream sockets (Linux's __inet_stream_connect): start the
 * handshake, then wait for it unless nonblocking (EINPROGRESS; poll for
 * POLLOUT, the result in SO_ERROR). A second call while it runs is
 * EALREADY, after it succeeded EISCONN; AF_UNSPEC disconnects.
 */
int inet_stream_connect(struct socket *sock, struct sockaddr *uaddr, int addr_len, int flags)
{
	struct sock *sk = sock->sk;
	long timeo;
	int err;

	if (addr_len < (int)sizeof(uaddr->sa_family))
		return -EINVAL;
	lock_sock(sk);
	if (uaddr->sa_family == AF_UNSPEC) {
		err = sk->sk_prot->disconnect(sk, flags);
		sock->state = err ? SS_DISCONNECTING : SS_UNCONNECTED;
		goto out;
	}
	switch (sock->state) {
	default:
		err = -EINVAL;
		goto out;
	case SS_CONNECTED:
		err = -EISCONN;
		goto out;
	case SS_CONNECTING:
		err = -EALREADY;
		break;
	case SS_UNCONNECTED:
		err = -EISCONN;
		if (sk->sk_state != TCP_CLOSE)
			goto out;
		err = sk->sk_prot->connect(sk, uaddr, addr_len);
		if (err < 0)
			goto out;
		sock->state = SS_CONNECTING;
		err = -EINPROGRESS;
		break;
	}
	timeo = sock_sndtimeo(sk, flags & O_NONBLOCK);
	if ((1 << sk->sk_state) & ((1 << TCP_SYN_SENT) | (1 << TCP_SYN_RECV))) {
		if (!timeo || !inet_wait_for_connect(sk, timeo))
			goto out;	/* EINPROGRESS / EALREADY, or the timeout as EINPROGRESS */
		err = sock_intr_errno(timeo);
		if (signal_pending(current))
			goto out;
	}
	/* Closed by RST, timeout or ICMP error while we waited. */
	if (sk->sk_state == TCP_CLOSE) {
		err = sock_error(sk);
		if (!err)
			err = -ECONNABORTED;
		sock->state = SS_UNCONNECTED;
		if (sk->sk_prot->disconnect(sk, flags))
			sock->state = SS_DISCONNECTING;
		goto out;
	}
	sock->state = SS_CONNECTED;
	err = 0;
out:
	release_sock(sk);
	return err;
}

/* accept(2): the protocol dequeues a child; it becomes newsock's. */
int inet_accept(struct socket *sock, struct socket *newsock, int flags, bool kern)
{
	struct sock *sk1 = sock->sk, *sk2;
	int err = -EINVAL;

	sk2 = sk1->sk_prot->accept(sk1, flags, &err, kern);
	if (!sk2)
		return err;
	lock_sock(sk2);
	WARN_ON(!((1 << sk2->sk_state) & ((1 << TCP_ESTABLISHED) | (1 << TCP_SYN_RECV) |
					  (1 << TCP_CLOSE_WAIT) | (1 << TCP_CLOSE))));
	sock_graft(sk2, newsock);
	newsock->state = SS_CONNECTED;
	release_sock(sk2);
	return 0;
}

int inet_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg)
{
	struct sock *sk = sock->sk;

	if (sk->sk_prot->ioctl)
		return sk->sk_prot->ioctl(sk, cmd, arg);
	return -ENOTTY;
}

int sock_common_setsockopt(struct socket *sock, int level, int optname,
			   const void __user *optval, unsigned int optlen)
{
	return sock->sk->sk_prot->setsockopt(sock->sk, level, optname, optval, optlen);
}

int sock_common_getsockopt(struct socket *sock, int level, int optname,
			   char __user *optval, int __user *optlen)
{
	return sock->sk->sk_prot->getsockopt(sock->sk, level, optname, optval, optlen);
}

const struct proto_ops inet_dgram_ops = {
	.family		= PF_INET,
	.release	= inet_release,
	.bind		= inet_bind,
	.connect	= inet_dgram_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= sock_no_accept,
	.getname	= inet_getname,
	.poll		= udp_poll,
	.ioctl		= inet_ioctl,
	.listen		= sock_no_listen,
	.shutdown	= inet_shutdown,
	.setsockopt	= sock_common_setsockopt,
	.getsockopt	= sock_common_getsockopt,
	.sendmsg	= inet_sendmsg,
	.recvmsg	= inet_recvmsg,
};

/* Raw sockets: datagram_poll, no autobind (the protocol is the "port"). */
const struct proto_ops inet_sockraw_ops = {
	.family		= PF_INET,
	.release	= inet_release,
	.bind		= inet_bind,
	.connect	= inet_dgram_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= sock_no_accept,
	.getname	= inet_getname,
	.poll		= datagram_poll,
	.ioctl		= inet_ioctl,
	.listen		= sock_no_listen,
	.shutdown	= inet_shutdown,
	.setsockopt	= sock_common_setsockopt,
	.getsockopt	= sock_common_getsockopt,
	.sendmsg	= inet_sendmsg,
	.recvmsg	= inet_recvmsg,
};

const struct proto_ops inet_stream_ops = {
	.family		= PF_INET,
	.release	= inet_release,
	.bind		= inet_bind,
	.connect	= inet_stream_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= inet_accept,
	.getname	= inet_getname,
	.poll		= tcp_poll,
	.ioctl		= inet_ioctl,
	.listen		= inet_listen,
	.shutdown	= inet_shutdown,
	.setsockopt	= sock_common_setsockopt,
	.getsockopt	= sock_common_getsockopt,
	.sendmsg	= inet_sendmsg,
	.recvmsg	= inet_recvmsg,
};

static struct inet_protosw inetsw_array[] = {
	{ .type = SOCK_STREAM, .protocol = IPPROTO_TCP, .prot = &tcp_prot,
	  .ops = &inet_stream_ops, .flags = INET_PROTOSW_PERMANENT | INET_PROTOSW_ICSK },
	{ .type = SOCK_DGRAM, .protocol = IPPROTO_UDP, .prot = &udp_prot,
	  .ops = &inet_dgram_ops, .flags = INET_PROTOSW_PERMANENT },
	{ .type = SOCK_DGRAM, .protocol = IPPROTO_ICMP, .prot = &ping_prot,
	  .ops = &inet_sockraw_ops, .flags = INET_PROTOSW_REUSE },
	{ .type = SOCK_RAW, .protocol = IPPROTO_IP, .prot = &raw_prot,	/* wildcard */
	  .ops = &inet_sockraw_ops, .flags = INET_PROTOSW_REUSE },
};

void inet_init(void)
{
	unsigned int i;

	devinet_init();
	arp_init();
	ip_route_init();
	icmp_init();
	ipfrag_init();
	ip_proc_init();
	proc_sysctl_int("sys/net/ipv4/ip_default_ttl", &sysctl_ip_default_ttl, 1, 255);
	dev_add_pack(&ip_packet_type);

	sock_init();
	tcp_init();
	udp_init();
	ping_init();
	raw_init();
	for (i = 0; i < ARRAY_SIZE(inetsw_array); i++)
		inet_register_protosw(&inetsw_array[i]);
	sock_register(&inet_family_ops);
}
