/*
 * UDP over IPv4: the port hash, binding (explicit and ephemeral), input
 * with checksum checks and receive-buffer limits, output, ICMP errors,
 * and /proc/net/udp, /proc/net/snmp "Udp:", /proc/net/sockstat "UDP:".
 *
 * Call order:
 *   bind/autobind:  inet_bind / inet_autobind -> udp_lib_get_port
 *   input (softirq): ip_local_deliver -> udp_rcv -> (broadcast) every match
 *                    | __udp4_lib_lookup -> udp_queue_rcv_skb -> bh_lock_sock:
 *                    owned ? sk_add_backlog : __udp_queue_rcv_skb
 *                    -> sock_queue_rcv_skb -> sk_data_ready
 *                    | no socket: NoPorts, icmp_send(port unreachable)
 *   output:         inet_sendmsg -> udp_sendmsg -> ip_build_and_send_pkt
 *   receive:        inet_recvmsg -> udp_recvmsg -> __skb_recv_datagram
 *   ICMP errors:    icmp_unreach -> udp_err -> sk_err / ip_icmp_error
 *   close:          inet_release -> udp_lib_close -> sk_common_release
 *
 * Binding rules (Linux's for UDP): two sockets may share a port when their
 * bound devices or their bound addresses differ (0 = any overlaps all),
 * or when both set SO_REUSEADDR, or both set SO_REUSEPORT with the same
 * owner. Ephemeral ports come from net.ipv4.ip_local_port_range starting
 * at a random offset.
 * Delivery picks the most specific socket: each of bound address,
 * connected peer address, connected peer port and bound device that a
 * socket sets must match and scores a point; the highest score wins.
 *
 * Lock legend: udp_table.lock (BH) guards the buckets and the inet_num of
 * hashed socks; lookups take a reference (sock_hold) before dropping it.
 * Order: lock_sock -> udp_table.lock -> sk_lock.slock.
 * Counters: every drop bumps a Udp: MIB counter (and sk_drops).
 */
#include <net/udp.h>
#include <net/busy_poll.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/route.h>
#include <net/protocol.h>
#include <net/checksum.h>
#include <net/ipconfig.h>
#include <linux/random.h>
#include <linux/proc_fs.h>
#include <linux/uaccess.h>
#include <linux/sched.h>

struct udp_table udp_table;
unsigned long udp_statistics[UDP_MIB_MAX];
int sysctl_ip_local_port_range[2] = { 32768, 60999 };
static atomic_t udp_inuse = ATOMIC_INIT(0);

#define BOOTP_CLIENT_PORT	68

static inline struct hlist_head *udp_hashslot(unsigned short num)
{
	return &udp_table.hash[num & (UDP_HTABLE_SIZE - 1)];
}

void inet_get_local_port_range(int *low, int *high)
{
	int lo = READ_ONCE(sysctl_ip_local_port_range[0]);
	int hi = READ_ONCE(sysctl_ip_local_port_range[1]);

	if (lo < 1 || hi > 65535 || lo > hi) {	/* a nonsense write: Linux refuses it */
		lo = 32768;
		hi = 60999;
	}
	*low = lo;
	*high = hi;
}

/* Would sk bound to num clash with a socket already in the bucket? udp_table.lock held. */
static bool udp_lib_lport_inuse(unsigned short num, const struct sock *sk)
{
	struct sock *sk2;

	hlist_for_each_entry(sk2, udp_hashslot(num), sk_node) {
		if (sk2 == sk || sk2->sk_num != num)
			continue;
		if (sk2->sk_bound_dev_if && sk->sk_bound_dev_if &&
		    sk2->sk_bound_dev_if != sk->sk_bound_dev_if)
			continue;
		if (sk2->sk_rcv_saddr && sk->sk_rcv_saddr && sk2->sk_rcv_saddr != sk->sk_rcv_saddr)
			continue;
		if (sk2->sk_reuse && sk->sk_reuse)
			continue;
		if (sk2->sk_reuseport && sk->sk_reuseport && sk2->sk_uid == sk->sk_uid)
			continue;
		return true;
	}
	return false;
}

/* Bind sk to snum, or to a free ephemeral port if snum is 0. 0, or 1 if none. */
int udp_lib_get_port(struct sock *sk, unsigned short snum)
{
	int low, high, remaining, i;
	unsigned short first;

	spin_lock_bh(&udp_table.lock);
	if (!snum) {
		inet_get_local_port_range(&low, &high);
		remaining = high - low + 1;
		first = low + get_random_u32() % remaining;
		for (i = 0; i < remaining; i++) {
			snum = low + (first - low + i) % remaining;
			if (!udp_lib_lport_inuse(snum, sk))
				goto found;
		}
		goto fail;
	}
	if (udp_lib_lport_inuse(snum, sk))
		goto fail;
found:
	sk->sk_num = snum;
	inet_sk(sk)->inet_sport = htons(snum);
	if (hlist_unhashed(&sk->sk_node)) {
		hlist_add_head(&sk->sk_node, udp_hashslot(snum));
		sock_prot_inuse_add(sk->sk_prot, 1);
	}
	spin_unlock_bh(&udp_table.lock);
	return 0;
fail:
	spin_unlock_bh(&udp_table.lock);
	return 1;
}

void udp_lib_unhash(struct sock *sk)
{
	spin_lock_bh(&udp_table.lock);
	if (!hlist_unhashed(&sk->sk_node)) {
		hlist_del_init(&sk->sk_node);
		sk->sk_num = 0;
		sock_prot_inuse_add(sk->sk_prot, -1);
	}
	spin_unlock_bh(&udp_table.lock);
}

static int udp_hash(struct sock *sk)
{
	return 0;	/* udp_lib_get_port hashes */
}

/* -1: sk cannot take it; else how specifically it matches. */
static int compute_score(struct sock *sk, __be32 saddr, __be16 sport, __be32 daddr,
			 unsigned short hnum, int dif)
{
	int score = 0;

	if (sk->sk_num != hnum)
		return -1;
	if (sk->sk_rcv_saddr) {
		if (sk->sk_rcv_saddr != daddr)
			return -1;
		score += 4;
	}
	if (sk->sk_daddr) {
		if (sk->sk_daddr != saddr)
			return -1;
		score += 4;
	}
	if (sk->sk_dport) {
		if (sk->sk_dport != sport)
			return -1;
		score += 4;
	}
	if (sk->sk_bound_dev_if) {
		if (sk->sk_bound_dev_if != dif)
			return -1;
		score += 4;
	}
	return score;
}

struct sock *__udp4_lib_lookup(__be32 saddr, __be16 sport, __be32 daddr, __be16 dport, int dif)
{
	unsigned short hnum = ntohs(dport);
	struct sock *sk, *result = NULL;
	int score, badness = -1;

	spin_lock_bh(&udp_table.lock);
	hlist_for_each_entry(sk, udp_hashslot(hnum), sk_node) {
		score = compute_score(sk, saddr, sport, daddr, hnum, dif);
		if (score > badness) {
			result = sk;
			badness = score;
		}
	}
	if (result)
		sock_hold(result);
	spin_unlock_bh(&udp_table.lock);
	return result;
}

/* ---- input ---------------------------------------------------------------------- */

bool udp_csum_ok(struct sk_buff *skb, __be32 saddr, __be32 daddr, unsigned int ulen)
{
	const struct udphdr *uh = (const struct udphdr *)skb->data;

	if (!uh->check)
		return true;		/* the sender did not checksum (allowed over IPv4) */
	if (skb_csum_unnecessary(skb))
		return true;		/* the NIC verified it, or it never left memory (lo) */
	return csum_tcpudp_magic(saddr, daddr, ulen, IPPROTO_UDP, csum_partial(uh, ulen, 0)) == 0;
}

/* The socket is ours (not owned by a system call): charge and queue. */
static int __udp_queue_rcv_skb(struct sock *sk, struct sk_buff *skb)
{
	if (sock_queue_rcv_skb(sk, skb) < 0) {
		UDP_INC_STATS(UDP_MIB_RCVBUFERRORS);
		UDP_INC_STATS(UDP_MIB_INERRORS);
		sk->sk_drops++;
		kfree_skb(skb);
		return -1;
	}
	return 0;
}

static int udp_queue_rcv_skb(struct sock *sk, struct sk_buff *skb)
{
	sk_mark_napi_id(sk, skb);	/* busy polling learns which NAPI feeds this socket */
	int rc = 0;

	bh_lock_sock(sk);
	if (!sock_owned_by_user(sk)) {
		rc = __udp_queue_rcv_skb(sk, skb);
	} else if (sk_add_backlog(sk, skb, sk->sk_rcvbuf)) {
		UDP_INC_STATS(UDP_MIB_RCVBUFERRORS);
		UDP_INC_STATS(UDP_MIB_INERRORS);
		sk->sk_drops++;
		kfree_skb(skb);
		rc = -1;
	}
	bh_unlock_sock(sk);
	return rc;
}

static bool udp_broadcast_match(const struct sock *sk, unsigned short hnum, const struct udphdr *uh,
				__be32 saddr, __be32 daddr, int dif)
{
	return sk->sk_num == hnum && (!sk->sk_rcv_saddr || sk->sk_rcv_saddr == daddr) &&
	       (!sk->sk_daddr || sk->sk_daddr == saddr) && (!sk->sk_dport || sk->sk_dport == uh->source) &&
	       (!sk->sk_bound_dev_if || sk->sk_bound_dev_if == dif);
}

/*
 * A broadcast: a copy to every socket bound to the port that accepts it,
 * however many. The receivers are collected under the table lock (a
 * reference each) and served after it is dropped; past the on-stack
 * array an array of the counted size is allocated. Only if that
 * allocation fails do the receivers beyond the first few miss their copy,
 * counted as for a failed clone (RcvbufErrors, InErrors, sk_drops).
 */
static void udp_broadcast_deliver(struct sk_buff *skb, const struct udphdr *uh,
				  __be32 saddr, __be32 daddr, int dif)
{
	unsigned short hnum = ntohs(uh->dest);
	struct sock *sk, *stack[16], **socks = stack;
	unsigned int n = 0, i, max = ARRAY_SIZE(stack), want = 0;

	spin_lock_bh(&udp_table.lock);
	hlist_for_each_entry(sk, udp_hashslot(hnum), sk_node)
		want += udp_broadcast_match(sk, hnum, uh, saddr, daddr, dif);
	if (want > max) {
		socks = kcalloc(want, sizeof(*socks), GFP_ATOMIC);
		if (socks)
			max = want;
		else
			socks = stack;
	}
	hlist_for_each_entry(sk, udp_hashslot(hnum), sk_node) {
		if (!udp_broadcast_match(sk, hnum, uh, saddr, daddr, dif))
			continue;
		if (n == max) {
			UDP_INC_STATS(UDP_MIB_RCVBUFERRORS);
			UDP_INC_STATS(UDP_MIB_INERRORS);
			sk->sk_drops++;
			continue;
		}
		sock_hold(sk);
		socks[n++] = sk;
	}
	spin_unlock_bh(&udp_table.lock);

	if (!n) {
		UDP_INC_STATS(UDP_MIB_IGNOREDMULTI);
		consume_skb(skb);
		return;
	}
	for (i = 0; i < n; i++) {
		struct sk_buff *c = i + 1 == n ? skb : skb_clone(skb, GFP_ATOMIC);

		if (!c) {
			UDP_INC_STATS(UDP_MIB_RCVBUFERRORS);
			UDP_INC_STATS(UDP_MIB_INERRORS);
			socks[i]->sk_drops++;
		} else {
			udp_queue_rcv_skb(socks[i], c);
		}
		sock_put(socks[i]);
	}
	if (socks != stack)
		kfree(socks);
}

int udp_rcv(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	const struct udphdr *uh;
	unsigned int ulen;
	struct sock *sk;

	if (!pskb_may_pull(skb, sizeof(struct udphdr)))
		goto drop;
	uh = (const struct udphdr *)skb->data;
	ulen = ntohs(uh->len);
	if (ulen > skb->len || ulen < sizeof(struct udphdr))
		goto drop;		/* short or lying length */
	pskb_trim(skb, ulen);
	if (!udp_csum_ok(skb, iph->saddr, iph->daddr, ulen))
		goto csum_error;

	if (IPCB(skb)->flags & IPSKB_LOCAL_BCAST) {
		udp_broadcast_deliver(skb, uh, iph->saddr, iph->daddr, IPCB(skb)->iif);
		return NET_RX_SUCCESS;
	}
	sk = __udp4_lib_lookup(iph->saddr, uh->source, iph->daddr, uh->dest, IPCB(skb)->iif);
	if (sk) {
		udp_queue_rcv_skb(sk, skb);
		sock_put(sk);
		return NET_RX_SUCCESS;
	}

	UDP_INC_STATS(UDP_MIB_NOPORTS);
	/*
	 * The boot DHCP client reads port 68 through its own packet handler
	 * (dhcp.c), not a socket: a unicast renewal ACK must not also draw a
	 * port unreachable back to the server.
	 */
	if (!(uh->dest == htons(BOOTP_CLIENT_PORT) && ic_dhcp.pt_added))
		icmp_send(skb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0);
	kfree_skb(skb);
	return NET_RX_DROP;

csum_error:
	UDP_INC_STATS(UDP_MIB_CSUMERRORS);
drop:
	UDP_INC_STATS(UDP_MIB_INERRORS);
	kfree_skb(skb);
	return NET_RX_DROP;
}

/*
 * An ICMP error about a datagram we sent: skb->data at the quoted IP
 * header. The sender is the socket bound to the quoted source, looked up
 * as Linux does with the device the error arrived on, so that a socket
 * bound with SO_BINDTODEVICE is found. An error we made ourselves (ARP
 * failed: arp_error_report) arrives on lo: then the device is the one
 * the quoted datagram left by.
 */
int udp_err(struct sk_buff *skb, u32 info)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	const struct udphdr *uh = (const struct udphdr *)(skb->data + iph->ihl * 4);
	const struct icmphdr *icmph = icmp_hdr(skb);
	int dif = IPCB(skb)->iif;
	bool harderr = false;
	struct rtable rt;
	struct sock *sk;
	int err;

	sk = __udp4_lib_lookup(iph->daddr, uh->dest, iph->saddr, uh->source, dif);
	if (!sk && dif == loopback_dev->ifindex &&
	    !ip_route_output(iph->daddr, iph->saddr, &rt) && rt.dev->ifindex != dif)
		sk = __udp4_lib_lookup(iph->daddr, uh->dest, iph->saddr, uh->source, rt.dev->ifindex);
	if (!sk) {
		ICMP_INC_STATS(ICMP_MIB_INERRORS);
		return -ENOENT;
	}
	/* Learn the path MTU whatever the socket's IP_MTU_DISCOVER (Linux's ipv4_sk_update_pmtu). */
	if (icmph->type == ICMP_DEST_UNREACH && icmph->code == ICMP_FRAG_NEEDED)
		ip_rt_update_pmtu(iph->daddr, info);
	if (icmp_err_classify(icmph, inet_sk(sk), &err, &harderr))
		ip_sk_report_icmp_error(sk, skb, err, harderr, uh->dest, info, (const u8 *)(uh + 1));
	sock_put(sk);
	return 0;
}

/* ---- output ----------------------------------------------------------------------- */

static int udp_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	struct inet_sock *inet = inet_sk(sk);
	unsigned int ulen = len + sizeof(struct udphdr);
	__be32 daddr, saddr;
	__be16 dport;
	struct rtable rt;
	struct sk_buff *skb;
	struct udphdr *uh;
	int err;

	if (len > 0xFFFF - sizeof(struct udphdr) - sizeof(struct iphdr))
		return -EMSGSIZE;
	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;

	err = ip_datagram_dest(sk, msg, true, &daddr, &dport);
	if (err)
		return err;
	if (!dport)
		return -EINVAL;

	err = ip_datagram_route(sk, daddr, &rt);
	if (err)
		return err;
	saddr = inet->inet_saddr ? inet->inet_saddr : rt.rt_src;

	skb = sock_alloc_send_skb(sk, MAX_IP_HEADER + ulen, msg->msg_flags & MSG_DONTWAIT, &err);
	if (!skb) {
		if (err == -ENOBUFS || err == -EAGAIN)
			UDP_INC_STATS(UDP_MIB_SNDBUFERRORS);
		return err;
	}
	skb_reserve(skb, MAX_IP_HEADER);
	uh = skb_put(skb, sizeof(*uh));
	uh->source = inet->inet_sport;
	uh->dest = dport;
	uh->len = htons(ulen);
	uh->check = 0;
	if (memcpy_from_msg(skb_put(skb, len), msg, len)) {
		kfree_skb(skb);
		return -EFAULT;
	}
	skb->ip_summed = CHECKSUM_NONE;
	if (sk->sk_no_check_tx) {
		/* SO_NO_CHECK: send without a checksum (0), as Linux allows for UDP */
	} else if ((rt.dev->features & NETIF_F_CSUM_MASK) &&
		   ulen + sizeof(struct iphdr) <= (rt.mtu ? rt.mtu : rt.dev->mtu)) {
		/*
		 * Checksum offload: the NIC sums from the UDP header to the end and
		 * folds in what the field holds, so the field starts as the
		 * pseudo-header sum (CHECKSUM_PARTIAL, as Linux). Fragments would
		 * each need their own sum, so only whole datagrams are offloaded.
		 */
		uh->check = ~csum_tcpudp_magic(saddr, daddr, ulen, IPPROTO_UDP, 0);
		skb->ip_summed = CHECKSUM_PARTIAL;
	} else {
		uh->check = csum_tcpudp_magic(saddr, daddr, ulen, IPPROTO_UDP,
					      csum_partial(uh, ulen, 0));
		if (!uh->check)
			uh->check = (__sum16)0xffff;	/* 0 would mean "no checksum" */
	}
	IPCB(skb)->oif = sk->sk_bound_dev_if;	/* SO_BINDTODEVICE steers the route */
	err = ip_build_and_send_pkt(skb, saddr, daddr, IPPROTO_UDP, inet->tos,
				    ip_ttl_of(inet), inet->pmtudisc == IP_PMTUDISC_DO);
	if (err) {
		if (err == -ENOBUFS && !inet->recverr) {
			UDP_INC_STATS(UDP_MIB_SNDBUFERRORS);
			err = 0;	/* Linux: a full queue is a silent drop for UDP */
		} else {
			return err;
		}
	} else {
		UDP_INC_STATS(UDP_MIB_OUTDATAGRAMS);
	}
	return len;
}

/* ---- receive ---------------------------------------------------------------------- */

static int udp_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags, int *addr_len)
{
	struct sockaddr_in *sin = msg->msg_name;
	struct sk_buff *skb;
	unsigned int ulen, copied;
	int off = 0, err;

	if (flags & MSG_ERRQUEUE)
		return ip_recv_error(sk, msg, len, addr_len);

	skb = __skb_recv_datagram(sk, &sk->sk_receive_queue, flags, &off, &err);
	if (!skb)
		return err;
	ulen = skb->len - sizeof(struct udphdr);
	copied = len;
	if (copied > ulen)
		copied = ulen;
	else if (copied < ulen)
		msg->msg_flags |= MSG_TRUNC;

	err = skb_copy_datagram_msg(skb, sizeof(struct udphdr), msg, copied);
	if (err) {
		if (!(flags & MSG_PEEK)) {
			sk->sk_drops++;
			UDP_INC_STATS(UDP_MIB_INERRORS);
		}
		kfree_skb(skb);
		return err;
	}
	if (!(flags & MSG_PEEK))
		UDP_INC_STATS(UDP_MIB_INDATAGRAMS);

	if (sin) {
		memset(sin, 0, sizeof(*sin));
		sin->sin_family = AF_INET;
		sin->sin_port = ((const struct udphdr *)skb->data)->source;
		sin->sin_addr.s_addr = ip_hdr(skb)->saddr;
		*addr_len = sizeof(*sin);
	}
	if (inet_sk(sk)->cmsg_flags)
		ip_cmsg_recv(msg, skb);
	err = copied;
	if (flags & MSG_TRUNC)
		err = ulen;		/* the real length, as Linux */
	skb_free_datagram(sk, skb);
	return err;
}

__poll_t udp_poll(struct file *file, struct socket *sock, poll_table *wait)
{
	return datagram_poll(file, sock, wait);
}

static int udp_ioctl(struct sock *sk, int cmd, unsigned long arg)
{
	switch (cmd) {
	case SIOCOUTQ:
		return put_user(sk_wmem_alloc_get(sk), (int __user *)arg);
	case SIOCINQ: {
		struct sk_buff *skb;
		unsigned long flags;
		int amount = 0;

		spin_lock_irqsave(&sk->sk_receive_queue.lock, flags);
		skb = skb_peek(&sk->sk_receive_queue);
		if (skb)
			amount = skb->len - sizeof(struct udphdr);
		spin_unlock_irqrestore(&sk->sk_receive_queue.lock, flags);
		return put_user(amount, (int __user *)arg);
	}
	default:
		return -ENOTTY;
	}
}

int udp_disconnect(struct sock *sk, int flags)
{
	struct inet_sock *inet = inet_sk(sk);

	lock_sock(sk);
	sk->sk_state = TCP_CLOSE;
	inet->inet_daddr = 0;
	inet->inet_dport = 0;
	if (!(sk->sk_userlocks & SOCK_BINDADDR_LOCK))
		inet->inet_saddr = inet->inet_rcv_saddr = 0;
	if (!(sk->sk_userlocks & SOCK_BINDPORT_LOCK)) {
		sk->sk_prot->unhash(sk);
		inet->inet_sport = 0;
	}
	release_sock(sk);
	return 0;
}

static void udp_lib_close(struct sock *sk, long timeout)
{
	sk_common_release(sk);
}

static int udp_setsockopt(struct sock *sk, int level, int optname,
			  const void __user *optval, unsigned int optlen)
{
	if (level == SOL_UDP)
		return -ENOPROTOOPT;	/* no UDP_CORK / UDP_SEGMENT yet */
	return ip_setsockopt(sk, level, optname, optval, optlen);
}

static int udp_getsockopt(struct sock *sk, int level, int optname,
			  char __user *optval, int __user *optlen)
{
	if (level == SOL_UDP)
		return -ENOPROTOOPT;
	return ip_getsockopt(sk, level, optname, optval, optlen);
}

static int udp_backlog_rcv(struct sock *sk, struct sk_buff *skb)
{
	return __udp_queue_rcv_skb(sk, skb);
}

struct proto udp_prot = {
	.name		= "UDP",
	.obj_size	= sizeof(struct udp_sock),
	.close		= udp_lib_close,
	.connect	= ip4_datagram_connect,
	.disconnect	= udp_disconnect,
	.ioctl		= udp_ioctl,
	.setsockopt	= udp_setsockopt,
	.getsockopt	= udp_getsockopt,
	.sendmsg	= udp_sendmsg,
	.recvmsg	= udp_recvmsg,
	.backlog_rcv	= udp_backlog_rcv,
	.hash		= udp_hash,
	.unhash		= udp_lib_unhash,
	.get_port	= udp_lib_get_port,
	.inuse		= &udp_inuse,
};

/* ---- /proc ------------------------------------------------------------------------ */

static const char *const udp_mib_names[UDP_MIB_MAX] = {
	"InDatagrams", "NoPorts", "InErrors", "OutDatagrams", "RcvbufErrors",
	"SndbufErrors", "InCsumErrors", "IgnoredMulti",
};

static int udp_snmp_show(struct seq_file *m, void *v)
{
	int i;

	seq_puts(m, "Udp:");
	for (i = 0; i < UDP_MIB_MAX; i++)
		seq_printf(m, " %s", udp_mib_names[i]);
	seq_puts(m, "\nUdp:");
	for (i = 0; i < UDP_MIB_MAX; i++)
		seq_printf(m, " %lu", udp_statistics[i]);
	seq_puts(m, "\nUdpLite:");
	for (i = 0; i < UDP_MIB_MAX; i++)
		seq_printf(m, " %s", udp_mib_names[i]);
	seq_puts(m, "\nUdpLite:");
	for (i = 0; i < UDP_MIB_MAX; i++)
		seq_puts(m, " 0");
	seq_putc(m, '\n');
	return 0;
}

int udp_sockstat_show(struct seq_file *m)
{
	seq_printf(m, "UDP: inuse %d mem %d\n", atomic_read(&udp_inuse), 0);
	return 0;
}

/* Print a line padded to 127 columns, as Linux's seq_setwidth/seq_pad. */
static void udp_format_sock(struct seq_file *m, struct sock *sk, int bucket)
{
	char line[160];
	int n;

	n = snprintf(line, sizeof(line),
		     "%5d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu %d %08x %lu",
		     bucket, (u32)sk->sk_rcv_saddr, sk->sk_num, (u32)sk->sk_daddr, ntohs(sk->sk_dport),
		     sk->sk_state, sk_wmem_alloc_get(sk), sk_rmem_alloc_get(sk), 0, 0UL, 0,
		     sk->sk_uid, 0, sk->sk_ino, refcount_read(&sk->sk_refcnt), 0u, sk->sk_drops);
	seq_printf(m, "%-127s\n", n > 0 ? line : "");
}

static int udp_seq_show(struct seq_file *m, void *v)
{
	struct sock *sk;
	int i;

	seq_printf(m, "%-127s\n", "   sl  local_address rem_address   st tx_queue rx_queue tr "
		   "tm->when retrnsmt   uid  timeout inode ref pointer drops");
	spin_lock_bh(&udp_table.lock);
	for (i = 0; i < UDP_HTABLE_SIZE; i++)
		hlist_for_each_entry(sk, &udp_table.hash[i], sk_node)
			udp_format_sock(m, sk, i);
	spin_unlock_bh(&udp_table.lock);
	return 0;
}

static const struct net_protocol udp_protocol = {
	.handler	= udp_rcv,
	.err_handler	= udp_err,
};

void udp_init(void)
{
	int i;

	spin_lock_init(&udp_table.lock);
	for (i = 0; i < UDP_HTABLE_SIZE; i++)
		udp_table.hash[i].first = NULL;
	inet_add_protocol(&udp_protocol, IPPROTO_UDP);
	proc_sysctl_int_vec("sys/net/ipv4/ip_local_port_range", sysctl_ip_local_port_range, 2, 1, 65535);
	proc_create_single("net/udp", udp_seq_show, NULL);
	snmp_register_show(udp_snmp_show);
}
