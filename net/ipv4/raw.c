/*
 * Raw IPv4 sockets: socket(AF_INET, SOCK_RAW, protocol), root only. What
 * Debian's busybox ping opens as root (protocol IPPROTO_ICMP).
 *
 *   socket -> inet_create: inet_num = protocol -> raw_hash_sk (joins raw_list)
 *   icmp_rcv -> raw_local_deliver(skb, IPPROTO_ICMP): a clone, pushed back
 *     to the IP header, to every raw socket of that protocol whose bound
 *     address, peer and device match and whose ICMP_FILTER lets the type in
 *   sendto -> inet_sendmsg -> raw_sendmsg: the kernel builds the IP header
 *     (ip_build_and_send_pkt); with IP_HDRINCL the user's header is sent
 *     as is, with the id, source, length and checksum filled in if zero.
 *     The payload's own checksum (ICMP's) is the user's job, as Linux.
 *   recvfrom -> raw_recvmsg: the whole IP packet.
 *
 * Lock legend: raw_list.lock (BH) guards the list.
 * Neighbours: af_inet.c (inetsw: SOCK_RAW, any protocol), icmp.c (hook),
 * ip_sockglue.c.
 */
#include <net/raw.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/route.h>
#include <net/checksum.h>
#include <linux/uaccess.h>
#include <linux/proc_fs.h>

static struct {
	struct hlist_head	head;
	spinlock_t		lock;
} raw_list;
static atomic_t raw_inuse = ATOMIC_INIT(0);

static inline struct raw_sock *raw_sk(const struct sock *sk) { return (struct raw_sock *)sk; }

int raw_sockstat_show(struct seq_file *m)
{
	seq_printf(m, "RAW: inuse %d\n", atomic_read(&raw_inuse));
	return 0;
}

static int raw_hash_sk(struct sock *sk)
{
	spin_lock_bh(&raw_list.lock);
	hlist_add_head(&sk->sk_node, &raw_list.head);
	sock_prot_inuse_add(sk->sk_prot, 1);
	spin_unlock_bh(&raw_list.lock);
	return 0;
}

static void raw_unhash_sk(struct sock *sk)
{
	spin_lock_bh(&raw_list.lock);
	if (!hlist_unhashed(&sk->sk_node)) {
		hlist_del_init(&sk->sk_node);
		sock_prot_inuse_add(sk->sk_prot, -1);
	}
	spin_unlock_bh(&raw_list.lock);
}

static bool icmp_filter_drops(const struct sock *sk, const struct sk_buff *skb)
{
	const struct icmphdr *icmph = (const struct icmphdr *)skb->data;

	if (skb->len < 1)
		return true;
	return icmph->type < 32 && (raw_sk(sk)->filter.data & (1U << icmph->type));
}

static bool raw_match(const struct sock *sk, const struct sk_buff *skb, int protocol)
{
	const struct iphdr *iph = ip_hdr(skb);

	if (sk->sk_num != protocol ||
	    (sk->sk_rcv_saddr && sk->sk_rcv_saddr != iph->daddr) ||
	    (sk->sk_daddr && sk->sk_daddr != iph->saddr) ||
	    (sk->sk_bound_dev_if && sk->sk_bound_dev_if != IPCB(skb)->iif))
		return false;
	return !(protocol == IPPROTO_ICMP && icmp_filter_drops(sk, skb));
}

/*
 * A copy to every raw socket of the protocol, however many: collected
 * under the list lock (a reference each), served after. Past the
 * on-stack array, an array of the counted size is allocated; only if
 * that fails do the rest miss their copy, counted (sk_drops, InDiscards).
 */
void raw_local_deliver(struct sk_buff *skb, int protocol)
{
	struct sock *sk, *stack[16], **socks = stack;
	unsigned int n = 0, i, max = ARRAY_SIZE(stack), want = 0;

	spin_lock_bh(&raw_list.lock);
	hlist_for_each_entry(sk, &raw_list.head, sk_node)
		want += raw_match(sk, skb, protocol);
	if (want > max) {
		socks = kcalloc(want, sizeof(*socks), GFP_ATOMIC);
		if (socks)
			max = want;
		else
			socks = stack;
	}
	hlist_for_each_entry(sk, &raw_list.head, sk_node) {
		if (!raw_match(sk, skb, protocol))
			continue;
		if (n == max) {
			sk->sk_drops++;
			IP_INC_STATS(IPSTATS_MIB_INDISCARDS);
			continue;
		}
		sock_hold(sk);
		socks[n++] = sk;
	}
	spin_unlock_bh(&raw_list.lock);

	for (i = 0; i < n; i++) {
		struct sk_buff *clone = skb_clone(skb, GFP_ATOMIC);

		if (clone) {
			skb_push(clone, clone->data - skb_network_header(clone));
			if (sock_queue_rcv_skb(socks[i], clone) < 0) {
				kfree_skb(clone);
				clone = NULL;
			}
		}
		if (!clone) {
			socks[i]->sk_drops++;
			IP_INC_STATS(IPSTATS_MIB_INDISCARDS);
		}
		sock_put(socks[i]);
	}
	if (socks != stack)
		kfree(socks);
}

static int raw_init_sock(struct sock *sk)
{
	raw_sk(sk)->filter.data = 0;
	return 0;
}

static void raw_close(struct sock *sk, long timeout)
{
	sk_common_release(sk);
}

static int raw_bind(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	struct sockaddr_in *addr = (struct sockaddr_in *)uaddr;
	struct inet_sock *inet = inet_sk(sk);
	__be32 a;
	int err = -EINVAL;

	lock_sock(sk);
	if (sk->sk_state != TCP_CLOSE || addr_len < (int)sizeof(*addr))
		goto out;
	err = -EADDRNOTAVAIL;
	a = addr->sin_addr.s_addr;
	if (a != htonl(INADDR_ANY) && !inet_addr_dev(a) && !ipv4_is_loopback(a) &&
	    !inet_addr_is_broadcast(a) && !ipv4_is_multicast(a))
		goto out;
	inet->inet_rcv_saddr = inet->inet_saddr = a;
	if (inet_addr_is_broadcast(a) || ipv4_is_multicast(a))
		inet->inet_saddr = 0;
	err = 0;
out:
	release_sock(sk);
	return err;
}

/* IP_HDRINCL: the user's IP header, completed where it left fields zero. */
static int raw_send_hdrinc(struct sock *sk, struct msghdr *msg, size_t len,
			   const struct rtable *rt, int flags)
{
	struct sk_buff *skb;
	struct iphdr *iph;
	int err;

	if (len < sizeof(struct iphdr))
		return -EINVAL;
	if (len > rt->mtu && rt->mtu)
		return -EMSGSIZE;
	skb = sock_alloc_send_skb(sk, MAX_HEADER + len, flags & MSG_DONTWAIT, &err);
	if (!skb)
		return err;
	skb_reserve(skb, MAX_HEADER);
	skb_reset_network_header(skb);
	iph = skb_put(skb, len);
	if (memcpy_from_msg(iph, msg, len)) {
		kfree_skb(skb);
		return -EFAULT;
	}
	if (iph->ihl * 4u < sizeof(struct iphdr) || iph->ihl * 4u > len) {
		kfree_skb(skb);
		return -EINVAL;
	}
	skb->transport_header = skb->network_header + iph->ihl * 4;
	if (!iph->saddr)
		iph->saddr = rt->rt_src;
	iph->tot_len = htons(len);
	if (!iph->id)
		ip_select_ident(iph);
	ip_send_check(iph);
	return ip_local_out(skb, rt);
}

static int raw_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	struct inet_sock *inet = inet_sk(sk);
	struct sk_buff *skb;
	struct rtable rt;
	__be32 daddr, saddr;
	__be16 unused_port;
	int err;

	if (len > 0xFFFF)
		return -EMSGSIZE;
	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	err = ip_datagram_dest(sk, msg, true, &daddr, &unused_port);
	if (err)
		return err;
	err = ip_datagram_route(sk, daddr, &rt);
	if (err)
		return err;
	if (inet->hdrincl) {
		err = raw_send_hdrinc(sk, msg, len, &rt, msg->msg_flags);
		return err ? err : (int)len;
	}
	if (len > 0xFFFF - sizeof(struct iphdr))
		return -EMSGSIZE;
	saddr = inet->inet_saddr ? inet->inet_saddr : rt.rt_src;
	skb = sock_alloc_send_skb(sk, MAX_IP_HEADER + len, msg->msg_flags & MSG_DONTWAIT, &err);
	if (!skb)
		return err;
	skb_reserve(skb, MAX_IP_HEADER);
	if (memcpy_from_msg(skb_put(skb, len), msg, len)) {
		kfree_skb(skb);
		return -EFAULT;
	}
	if (inet->inet_num == IPPROTO_ICMP && len >= sizeof(struct icmphdr)) {
		const struct icmphdr *h = (const struct icmphdr *)skb->data;

		ICMP_INC_STATS(ICMP_MIB_OUTMSGS);
		ICMPMSGOUT_INC_STATS(h->type);
	}
	IPCB(skb)->oif = sk->sk_bound_dev_if;	/* SO_BINDTODEVICE steers the route */
	err = ip_build_and_send_pkt(skb, saddr, daddr, inet->inet_num, inet->tos,
				    ip_ttl_of(inet), inet->pmtudisc == IP_PMTUDISC_DO);
	return err ? err : (int)len;
}

static int raw_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags, int *addr_len)
{
	return ip_recv_datagram(sk, msg, len, flags, addr_len);
}

static int raw_setsockopt(struct sock *sk, int level, int optname,
			  const void __user *optval, unsigned int optlen)
{
	if (level != SOL_RAW)
		return ip_setsockopt(sk, level, optname, optval, optlen);
	if (optname != ICMP_FILTER)
		return -ENOPROTOOPT;
	if (inet_sk(sk)->inet_num != IPPROTO_ICMP)
		return -EOPNOTSUPP;
	if (optlen > sizeof(struct icmp_filter))
		optlen = sizeof(struct icmp_filter);
	if (copy_from_user(&raw_sk(sk)->filter, optval, optlen))
		return -EFAULT;
	return 0;
}

static int raw_getsockopt(struct sock *sk, int level, int optname,
			  char __user *optval, int __user *optlen)
{
	int len;

	if (level != SOL_RAW)
		return ip_getsockopt(sk, level, optname, optval, optlen);
	if (optname != ICMP_FILTER)
		return -ENOPROTOOPT;
	if (inet_sk(sk)->inet_num != IPPROTO_ICMP)
		return -EOPNOTSUPP;
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if (len > (int)sizeof(struct icmp_filter))
		len = sizeof(struct icmp_filter);
	if (put_user(len, optlen) || copy_to_user(optval, &raw_sk(sk)->filter, len))
		return -EFAULT;
	return 0;
}

static int raw_ioctl(struct sock *sk, int cmd, unsigned long arg)
{
	switch (cmd) {
	case SIOCOUTQ:
		return put_user(sk_wmem_alloc_get(sk), (int __user *)arg);
	case SIOCINQ: {
		struct sk_buff *skb = skb_peek(&sk->sk_receive_queue);

		return put_user(skb ? (int)skb->len : 0, (int __user *)arg);
	}
	default:
		return -ENOTTY;
	}
}

/* connect(AF_UNSPEC): forget the peer; the socket stays on raw_list (its protocol is its port). */
static int raw_disconnect(struct sock *sk, int flags)
{
	struct inet_sock *inet = inet_sk(sk);

	lock_sock(sk);
	sk->sk_state = TCP_CLOSE;
	inet->inet_daddr = 0;
	inet->inet_dport = 0;
	if (!(sk->sk_userlocks & SOCK_BINDADDR_LOCK))
		inet->inet_saddr = inet->inet_rcv_saddr = 0;
	release_sock(sk);
	return 0;
}

struct proto raw_prot = {
	.name		= "RAW",
	.obj_size	= sizeof(struct raw_sock),
	.init		= raw_init_sock,
	.close		= raw_close,
	.connect	= ip4_datagram_connect,
	.disconnect	= raw_disconnect,
	.bind		= raw_bind,
	.ioctl		= raw_ioctl,
	.setsockopt	= raw_setsockopt,
	.getsockopt	= raw_getsockopt,
	.sendmsg	= raw_sendmsg,
	.recvmsg	= raw_recvmsg,
	.backlog_rcv	= datagram_backlog_rcv,
	.hash		= raw_hash_sk,
	.unhash		= raw_unhash_sk,
	.inuse		= &raw_inuse,
};

void raw_init(void)
{
	spin_lock_init(&raw_list.lock);
	raw_list.head.first = NULL;
}
