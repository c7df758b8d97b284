/*
 * Ping sockets: socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP), Linux's way to
 * send ICMP echo requests without root.
 *
 *   socket -> inet_create -> ping_init_sock (gid in ping_group_range, else EACCES)
 *   bind/autobind -> ping_get_port: the "port" is the echo identifier
 *   sendto -> inet_sendmsg -> ping_v4_sendmsg: the user's echo header
 *     (type ICMP_ECHO, code 0) gets our identifier and a checksum
 *   icmp_rcv (echo reply) -> ping_rcv -> the socket whose identifier matches
 *   icmp_unreach -> ping_err (errors quoting our echo requests)
 *   recvfrom -> ping_recvmsg: the ICMP header + payload, no IP header
 *
 * Lock legend: ping_table.lock (BH) guards the list and hashed inet_num.
 * Neighbours: af_inet.c (inetsw), net/ipv4/icmp.c (the two hooks),
 * ip_sockglue.c (IP options, error queue), raw.c (the root-only cousin).
 */
#include <net/ping.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/route.h>
#include <net/checksum.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/uaccess.h>

struct ping_sock {
	struct inet_sock	inet;		/* must be first */
};

static struct {
	struct hlist_head	head;		/* lock: every bound ping socket */
	spinlock_t		lock;
	u16			rover;		/* last identifier handed out */
} ping_table;

/* net.ipv4.ping_group_range: Linux's "1 0" denies everyone; Sockeye lets all use it. */
static int sysctl_ping_group_range[2] = { 0, 2147483647 };
static atomic_t ping_inuse = ATOMIC_INIT(0);

static bool ping_ident_inuse(u16 ident, const struct sock *sk)
{
	struct sock *sk2;

	hlist_for_each_entry(sk2, &ping_table.head, sk_node) {
		if (sk2 == sk || sk2->sk_num != ident)
			continue;
		if (sk2->sk_reuse && sk->sk_reuse)
			continue;
		if (sk2->sk_rcv_saddr && sk->sk_rcv_saddr && sk2->sk_rcv_saddr != sk->sk_rcv_saddr)
			continue;
		return true;
	}
	return false;
}

static int ping_get_port(struct sock *sk, unsigned short ident)
{
	unsigned int i;

	spin_lock_bh(&ping_table.lock);
	if (!ident) {
		for (i = 0; i < 0xffff; i++) {
			u16 cand = ++ping_table.rover;

			if (cand && !ping_ident_inuse(cand, sk)) {
				ident = cand;
				break;
			}
		}
		if (!ident)
			goto fail;
	} else if (ping_ident_inuse(ident, sk)) {
		goto fail;
	}
	sk->sk_num = ident;
	inet_sk(sk)->inet_sport = htons(ident);
	if (hlist_unhashed(&sk->sk_node)) {
		hlist_add_head(&sk->sk_node, &ping_table.head);
		sock_prot_inuse_add(sk->sk_prot, 1);
	}
	spin_unlock_bh(&ping_table.lock);
	return 0;
fail:
	spin_unlock_bh(&ping_table.lock);
	return 1;
}

static void ping_unhash(struct sock *sk)
{
	spin_lock_bh(&ping_table.lock);
	if (!hlist_unhashed(&sk->sk_node)) {
		hlist_del_init(&sk->sk_node);
		sk->sk_num = 0;
		inet_sk(sk)->inet_sport = 0;
		sock_prot_inuse_add(sk->sk_prot, -1);
	}
	spin_unlock_bh(&ping_table.lock);
}

static int ping_hash(struct sock *sk)
{
	return 0;
}

/* The socket that owns echo identifier ident for a packet saddr -> daddr (+ref). */
static struct sock *ping_lookup(u16 ident, __be32 saddr, __be32 daddr, int dif)
{
	struct sock *sk, *found = NULL;

	spin_lock_bh(&ping_table.lock);
	hlist_for_each_entry(sk, &ping_table.head, sk_node) {
		if (sk->sk_num != ident)
			continue;
		if (sk->sk_rcv_saddr && sk->sk_rcv_saddr != daddr)
			continue;
		if (sk->sk_daddr && sk->sk_daddr != saddr)
			continue;
		if (sk->sk_bound_dev_if && dif && sk->sk_bound_dev_if != dif)
			continue;
		found = sk;
		sock_hold(sk);
		break;
	}
	spin_unlock_bh(&ping_table.lock);
	return found;
}

static int ping_init_sock(struct sock *sk)
{
	int gid = (int)current->egid;

	if (gid >= sysctl_ping_group_range[0] && gid <= sysctl_ping_group_range[1])
		return 0;
	return -EACCES;
}

static void ping_close(struct sock *sk, long timeout)
{
	sk_common_release(sk);
}

static int ping_bind(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	struct sockaddr_in *addr = (struct sockaddr_in *)uaddr;
	struct inet_sock *inet = inet_sk(sk);
	__be32 a;
	int err;

	if (addr_len < (int)sizeof(*addr))
		return -EINVAL;
	if (addr->sin_family != AF_INET)
		return -EAFNOSUPPORT;
	a = addr->sin_addr.s_addr;
	if (a != htonl(INADDR_ANY) && !inet_addr_dev(a) && !ipv4_is_loopback(a))
		return -EADDRNOTAVAIL;
	lock_sock(sk);
	err = -EINVAL;
	if (inet->inet_num)
		goto out;
	err = -EADDRINUSE;
	inet->inet_rcv_saddr = inet->inet_saddr = a;
	if (ping_get_port(sk, ntohs(addr->sin_port))) {
		inet->inet_rcv_saddr = inet->inet_saddr = 0;
		goto out;
	}
	if (a)
		sk->sk_userlocks |= SOCK_BINDADDR_LOCK;
	if (addr->sin_port)
		sk->sk_userlocks |= SOCK_BINDPORT_LOCK;
	inet->inet_daddr = 0;
	inet->inet_dport = 0;
	err = 0;
out:
	release_sock(sk);
	return err;
}

static int ping_v4_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	struct inet_sock *inet = inet_sk(sk);
	struct icmphdr user_icmph, *icmph;
	struct sk_buff *skb;
	struct rtable rt;
	__be32 daddr, saddr;
	__be16 unused_port;
	int err;

	if (len > 0xFFFF - sizeof(struct iphdr))
		return -EMSGSIZE;
	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	err = ip_datagram_dest(sk, msg, false, &daddr, &unused_port);	/* ping: AF_INET only, as Linux */
	if (err)
		return err;
	if (len < sizeof(user_icmph))
		return -EINVAL;
	if (memcpy_from_msg(&user_icmph, msg, sizeof(user_icmph)))
		return -EFAULT;
	if (user_icmph.type != ICMP_ECHO || user_icmph.code != 0)
		return -EINVAL;

	err = ip_datagram_route(sk, daddr, &rt);
	if (err)
		return err;
	saddr = inet->inet_saddr ? inet->inet_saddr : rt.rt_src;

	skb = sock_alloc_send_skb(sk, MAX_IP_HEADER + len, msg->msg_flags & MSG_DONTWAIT, &err);
	if (!skb)
		return err;
	skb_reserve(skb, MAX_IP_HEADER);
	icmph = skb_put_data(skb, &user_icmph, sizeof(user_icmph));
	if (memcpy_from_msg(skb_put(skb, len - sizeof(user_icmph)), msg, len - sizeof(user_icmph))) {
		kfree_skb(skb);
		return -EFAULT;
	}
	icmph->un.echo.id = inet->inet_sport;	/* the kernel owns the identifier */
	icmph->checksum = 0;
	icmph->checksum = ip_compute_csum(skb->data, skb->len);
	ICMP_INC_STATS(ICMP_MIB_OUTMSGS);
	ICMPMSGOUT_INC_STATS(ICMP_ECHO);
	IPCB(skb)->oif = sk->sk_bound_dev_if;	/* SO_BINDTODEVICE steers the route */
	err = ip_build_and_send_pkt(skb, saddr, daddr, IPPROTO_ICMP, inet->tos,
				    ip_ttl_of(inet), inet->pmtudisc == IP_PMTUDISC_DO);
	if (err) {
		ICMP_INC_STATS(ICMP_MIB_OUTERRORS);
		return err;
	}
	return len;
}

static int ping_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags, int *addr_len)
{
	return ip_recv_datagram(sk, msg, len, flags, addr_len);
}

bool ping_rcv(struct sk_buff *skb)
{
	const struct icmphdr *icmph = (const struct icmphdr *)skb->data;
	const struct iphdr *iph = ip_hdr(skb);
	struct sk_buff *clone;
	struct sock *sk;

	sk = ping_lookup(ntohs(icmph->un.echo.id), iph->saddr, iph->daddr, IPCB(skb)->iif);
	if (!sk)
		return false;
	clone = skb_clone(skb, GFP_ATOMIC);
	if (!clone || sock_queue_rcv_skb(sk, clone) < 0) {
		sk->sk_drops++;
		ICMP_INC_STATS(ICMP_MIB_INERRORS);
		if (clone)
			kfree_skb(clone);
	}
	sock_put(sk);
	return true;
}

/* An ICMP error quoting an echo request one of our ping sockets sent. */
int ping_err(struct sk_buff *skb, u32 info)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	const struct icmphdr *inner = (const struct icmphdr *)(skb->data + iph->ihl * 4);
	const struct icmphdr *icmph = icmp_hdr(skb);
	bool harderr = false;
	struct sock *sk;
	int err;

	if (inner->type != ICMP_ECHO)
		return 0;
	sk = ping_lookup(ntohs(inner->un.echo.id), iph->daddr, iph->saddr, 0);
	if (!sk)
		return 0;
	/* One rule for UDP and ping (ip_sockglue.c): what the error means, then who hears it. */
	if (icmp_err_classify(icmph, inet_sk(sk), &err, &harderr))
		ip_sk_report_icmp_error(sk, skb, err, harderr, 0, info, (const u8 *)inner);
	sock_put(sk);
	return 0;
}

static int ping_setsockopt(struct sock *sk, int level, int optname,
			   const void __user *optval, unsigned int optlen)
{
	return ip_setsockopt(sk, level, optname, optval, optlen);
}

static int ping_getsockopt(struct sock *sk, int level, int optname,
			   char __user *optval, int __user *optlen)
{
	return ip_getsockopt(sk, level, optname, optval, optlen);
}

struct proto ping_prot = {
	.name		= "PING",
	.obj_size	= sizeof(struct ping_sock),
	.init		= ping_init_sock,
	.close		= ping_close,
	.connect	= ip4_datagram_connect,
	.disconnect	= udp_disconnect,
	.bind		= ping_bind,
	.setsockopt	= ping_setsockopt,
	.getsockopt	= ping_getsockopt,
	.sendmsg	= ping_v4_sendmsg,
	.recvmsg	= ping_recvmsg,
	.backlog_rcv	= datagram_backlog_rcv,
	.hash		= ping_hash,
	.unhash		= ping_unhash,
	.get_port	= ping_get_port,
	.inuse		= &ping_inuse,
};

void ping_init(void)
{
	spin_lock_init(&ping_table.lock);
	ping_table.head.first = NULL;
	proc_sysctl_int_vec("sys/net/ipv4/ping_group_range", sysctl_ping_group_range, 2,
			    0, 2147483647);
}
