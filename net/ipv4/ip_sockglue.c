/*
 * The IP level of inet sockets: IP_* options, the control messages
 * recvmsg reports (IP_PKTINFO, IP_RECVTTL, IP_RECVTOS), the ICMP error
 * queue (IP_RECVERR, read with MSG_ERRQUEUE), and connect() for datagram
 * sockets (ip4_datagram_connect, shared by UDP, ping and raw).
 *
 *   setsockopt(SOL_IP) -> inet proto_ops -> udp/ping/raw_setsockopt -> ip_setsockopt
 *   udp_err / ping_err -> ip_icmp_error (a clone of the ICMP packet, queued
 *     on sk_error_queue) ... recvmsg(MSG_ERRQUEUE) -> ip_recv_error
 *   udp_recvmsg -> ip_cmsg_recv (IP header still reachable via ip_hdr)
 * Locking: options change under lock_sock; the error queue has its own lock.
 * Neighbours: af_inet.c, udp.c, ping.c, raw.c, net/core/datagram.c (put_cmsg).
 */
#include <net/inet_sock.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/route.h>
#include <linux/uaccess.h>

int ip_datagram_dest(struct sock *sk, const struct msghdr *msg, bool allow_unspec,
		     __be32 *daddr, __be16 *dport)
{
	const struct sockaddr_in *usin = msg->msg_name;
	const struct inet_sock *inet = inet_sk(sk);

	if (usin) {
		if (msg->msg_namelen < (int)sizeof(*usin))
			return -EINVAL;
		if (usin->sin_family != AF_INET && !(allow_unspec && usin->sin_family == AF_UNSPEC))
			return -EAFNOSUPPORT;
		*daddr = usin->sin_addr.s_addr;
		*dport = usin->sin_port;
		return 0;
	}
	if (sk->sk_state != TCP_ESTABLISHED)
		return -EDESTADDRREQ;
	*daddr = inet->inet_daddr;
	*dport = inet->inet_dport;
	return 0;
}

int ip_datagram_route(struct sock *sk, __be32 daddr, struct rtable *rt)
{
	int err = ip_route_output_oif(daddr, inet_sk(sk)->inet_saddr, sk->sk_bound_dev_if, rt);
	if (err) {
		IP_INC_STATS(IPSTATS_MIB_OUTNOROUTES);
		return err;
	}
	if (((rt->rt_flags & RTCF_BROADCAST) || inet_addr_is_broadcast(daddr)) &&
	    !sock_flag(sk, SOCK_BROADCAST))
		return -EACCES;
	return 0;
}

/*
 * What an ICMP error about one of our datagrams means to its socket, as
 * Linux's udp_err decides it: unreachables through icmp_err_convert[]
 * (port unreachable -> ECONNREFUSED, fatal), "fragmentation needed" only
 * when the socket does path-MTU discovery, time exceeded soft, parameter
 * problem fatal; source quench and the rest are ignored.
 */
bool icmp_err_classify(const struct icmphdr *icmph, const struct inet_sock *inet, int *err, bool *harderr)
{
	*harderr = false;
	switch (icmph->type) {
	case ICMP_DEST_UNREACH:
		if (icmph->code > NR_ICMP_UNREACH)
			return false;
		if (icmph->code == ICMP_FRAG_NEEDED) {
			if (inet->pmtudisc == IP_PMTUDISC_DONT)
				return false;
			*err = EMSGSIZE;
			*harderr = true;
			return true;
		}
		*err = icmp_err_convert[icmph->code].errno_val;
		*harderr = icmp_err_convert[icmph->code].fatal;
		return true;
	case ICMP_TIME_EXCEEDED:
		*err = EHOSTUNREACH;
		return true;
	case ICMP_PARAMETERPROB:
		*err = EPROTO;
		*harderr = true;
		return true;
	default:
		return false;
	}
}

/* Without IP_RECVERR only a fatal error on a connected socket is reported (as Linux). */
void ip_sk_report_icmp_error(struct sock *sk, struct sk_buff *skb, int err, bool harderr,
			     __be16 port, u32 info, const u8 *payload)
{
	if (!inet_sk(sk)->recverr) {
		if (!harderr || sk->sk_state != TCP_ESTABLISHED)
			return;
	} else {
		ip_icmp_error(sk, skb, err, port, info, payload);
	}
	sk->sk_err = err;
	sk->sk_error_report(sk);
}

/*
 * recvmsg for ping and raw sockets: one queued datagram per call, the part
 * that does not fit is dropped and flagged MSG_TRUNC (with MSG_TRUNC in
 * flags the real length is returned, as Linux); the sender's address, then
 * the IP_PKTINFO/TTL/TOS control messages. UDP has its own (it strips its
 * header and reports the port).
 */
int ip_recv_datagram(struct sock *sk, struct msghdr *msg, size_t len, int flags, int *addr_len)
{
	struct sockaddr_in *sin = msg->msg_name;
	struct sk_buff *skb;
	size_t copied;
	int err;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (flags & MSG_ERRQUEUE)
		return ip_recv_error(sk, msg, len, addr_len);
	skb = skb_recv_datagram(sk, flags, flags & MSG_DONTWAIT, &err);
	if (!skb)
		return err;
	copied = skb->len;
	if (copied > len) {
		msg->msg_flags |= MSG_TRUNC;
		copied = len;
	}
	err = skb_copy_datagram_msg(skb, 0, msg, copied);
	if (err)
		goto done;
	if (sin) {
		memset(sin, 0, sizeof(*sin));
		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = ip_hdr(skb)->saddr;
		*addr_len = sizeof(*sin);
	}
	if (inet_sk(sk)->cmsg_flags)
		ip_cmsg_recv(msg, skb);
	err = (flags & MSG_TRUNC) ? (int)skb->len : (int)copied;
done:
	skb_free_datagram(sk, skb);
	return err;
}

int ip_ttl_of(const struct inet_sock *inet)
{
	return inet->uc_ttl < 0 ? 0 : inet->uc_ttl;	/* 0: ip_build_and_send_pkt uses the sysctl */
}

int ip4_datagram_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	struct inet_sock *inet = inet_sk(sk);
	struct sockaddr_in *usin = (struct sockaddr_in *)uaddr;
	struct rtable rt;
	int err;

	if (addr_len < (int)sizeof(*usin))
		return -EINVAL;
	if (usin->sin_family != AF_INET)
		return -EAFNOSUPPORT;
	lock_sock(sk);
	err = ip_route_output(usin->sin_addr.s_addr, inet->inet_saddr, &rt);
	if (err) {
		IP_INC_STATS(IPSTATS_MIB_OUTNOROUTES);
		goto out;
	}
	if (((rt.rt_flags & RTCF_BROADCAST) || inet_addr_is_broadcast(usin->sin_addr.s_addr)) &&
	    !sock_flag(sk, SOCK_BROADCAST)) {
		err = -EACCES;
		goto out;
	}
	if (!inet->inet_saddr)
		inet->inet_saddr = rt.rt_src;
	if (!inet->inet_rcv_saddr)
		inet->inet_rcv_saddr = rt.rt_src;
	inet->inet_daddr = usin->sin_addr.s_addr;
	inet->inet_dport = usin->sin_port;
	sk->sk_state = TCP_ESTABLISHED;
	err = 0;
out:
	release_sock(sk);
	return err;
}

int ip_setsockopt(struct sock *sk, int level, int optname, const void __user *optval,
		  unsigned int optlen)
{
	struct inet_sock *inet = inet_sk(sk);
	int val = 0, err = 0;

	if (level != SOL_IP)
		return -ENOPROTOOPT;
	/* Integer options accept an int or (Linux compatibility) a single byte. */
	if (optlen >= sizeof(int)) {
		if (get_user(val, (int __user *)optval))
			return -EFAULT;
	} else if (optlen >= sizeof(char)) {
		unsigned char ucval;

		if (get_user(ucval, (unsigned char __user *)optval))
			return -EFAULT;
		val = ucval;
	}

	lock_sock(sk);
	switch (optname) {
	case IP_TTL:
		if (optlen < 1 || (val != -1 && (val < 1 || val > 255)))
			err = -EINVAL;
		else
			inet->uc_ttl = val;
		break;
	case IP_TOS:
		if (optlen < 1)
			err = -EINVAL;
		else
			inet->tos = val;
		break;
	case IP_PKTINFO:
	case IP_RECVTTL:
	case IP_RECVTOS: {
		int bit = optname == IP_PKTINFO ? IP_CMSG_PKTINFO :
			  optname == IP_RECVTTL ? IP_CMSG_TTL : IP_CMSG_TOS;

		if (optlen < 1) {
			err = -EINVAL;
			break;
		}
		if (val)
			inet->cmsg_flags |= bit;
		else
			inet->cmsg_flags &= ~bit;
		break;
	}
	case IP_RECVERR:
		if (optlen < 1) {
			err = -EINVAL;
			break;
		}
		inet->recverr = !!val;
		if (!val)
			skb_queue_purge(&sk->sk_error_queue);
		break;
	case IP_HDRINCL:
		if (sk->sk_type != SOCK_RAW) {
			err = -ENOPROTOOPT;
			break;
		}
		if (optlen < 1)
			err = -EINVAL;
		else
			inet->hdrincl = !!val;
		break;
	case IP_MTU_DISCOVER:
		if (optlen < 1 || val < IP_PMTUDISC_DONT || val > 4)
			err = -EINVAL;
		else
			inet->pmtudisc = val;
		break;
	default:
		err = -ENOPROTOOPT;
		break;
	}
	release_sock(sk);
	return err;
}

int ip_getsockopt(struct sock *sk, int level, int optname, char __user *optval,
		  int __user *optlen)
{
	struct inet_sock *inet = inet_sk(sk);
	int val, len;

	if (level != SOL_IP)
		return -EOPNOTSUPP;
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;

	switch (optname) {
	case IP_TTL:
		val = inet->uc_ttl < 0 ? sysctl_ip_default_ttl : inet->uc_ttl;
		break;
	case IP_TOS:		val = inet->tos; break;
	case IP_PKTINFO:	val = !!(inet->cmsg_flags & IP_CMSG_PKTINFO); break;
	case IP_RECVTTL:	val = !!(inet->cmsg_flags & IP_CMSG_TTL); break;
	case IP_RECVTOS:	val = !!(inet->cmsg_flags & IP_CMSG_TOS); break;
	case IP_RECVERR:	val = inet->recverr; break;
	case IP_MTU_DISCOVER:	val = inet->pmtudisc; break;
	case IP_HDRINCL:	val = inet->hdrincl; break;
	default:
		return -ENOPROTOOPT;
	}
	/* Linux: a caller with room for less than an int gets one byte if it fits. */
	if (len < (int)sizeof(int) && len > 0 && val >= 0 && val <= 255) {
		unsigned char ucval = (unsigned char)val;

		len = 1;
		if (put_user(len, optlen))
			return -EFAULT;
		if (copy_to_user(optval, &ucval, 1))
			return -EFAULT;
		return 0;
	}
	len = min_t(int, sizeof(int), len);
	if (put_user(len, optlen))
		return -EFAULT;
	if (copy_to_user(optval, &val, len))
		return -EFAULT;
	return 0;
}

/* The control messages a received datagram carries (its IP header is still in the skb). */
void ip_cmsg_recv(struct msghdr *msg, struct sk_buff *skb)
{
	struct inet_sock *inet = inet_sk(skb->sk);
	const struct iphdr *iph = ip_hdr(skb);

	if (inet->cmsg_flags & IP_CMSG_PKTINFO) {
		struct in_pktinfo info;
		__be32 spec = iph->daddr;

		if (IPCB(skb)->flags & IPSKB_LOCAL_BCAST) {
			struct net_device *dev = dev_get_by_index(IPCB(skb)->iif);

			spec = dev ? inet_select_addr(dev, iph->saddr) : 0;
		}
		info.ipi_ifindex = IPCB(skb)->iif;
		info.ipi_spec_dst.s_addr = spec;
		info.ipi_addr.s_addr = iph->daddr;
		put_cmsg(msg, SOL_IP, IP_PKTINFO, sizeof(info), &info);
	}
	if (inet->cmsg_flags & IP_CMSG_TTL) {
		int ttl = iph->ttl;

		put_cmsg(msg, SOL_IP, IP_TTL, sizeof(ttl), &ttl);
	}
	if (inet->cmsg_flags & IP_CMSG_TOS)
		put_cmsg(msg, SOL_IP, IP_TOS, 1, &iph->tos);
}

/*
 * Queue an ICMP error for IP_RECVERR. skb: the ICMP packet, data at the
 * quoted IP header; payload: where the quoted datagram's data starts,
 * which is what recvmsg(MSG_ERRQUEUE) returns as the message.
 */
void ip_icmp_error(struct sock *sk, struct sk_buff *skb, int err, __be16 port, u32 info,
		   const u8 *payload)
{
	const struct iphdr *inner = (const struct iphdr *)skb->data;
	struct sock_exterr_skb *serr;

	if (!inet_sk(sk)->recverr)
		return;
	skb = skb_clone(skb, GFP_ATOMIC);
	if (!skb)
		return;
	serr = SKB_EXT_ERR(skb);
	memset(serr, 0, sizeof(*serr));
	serr->ee.ee_errno = err;
	serr->ee.ee_origin = SO_EE_ORIGIN_ICMP;
	serr->ee.ee_type = icmp_hdr(skb)->type;
	serr->ee.ee_code = icmp_hdr(skb)->code;
	serr->ee.ee_info = info;
	serr->addr_offset = (const u8 *)&inner->daddr - skb_network_header(skb);
	serr->port = port;
	if (payload > skb->data && payload <= skb->tail)
		skb_pull(skb, payload - skb->data);
	else
		skb_pull(skb, skb->len);
	if (sock_queue_err_skb(sk, skb))
		kfree_skb(skb);
}

/* recvmsg(MSG_ERRQUEUE): the oldest queued error, as data + sock_extended_err cmsg. */
int ip_recv_error(struct sock *sk, struct msghdr *msg, int len, int *addr_len)
{
	struct sockaddr_in *sin = msg->msg_name;
	struct sock_exterr_skb *serr;
	struct {
		struct sock_extended_err ee;
		struct sockaddr_in offender;
	} errhdr;
	struct sk_buff *skb;
	int copied, err;

	skb = skb_dequeue(&sk->sk_error_queue);
	if (!skb)
		return -EAGAIN;
	copied = skb->len;
	if (copied > len) {
		msg->msg_flags |= MSG_TRUNC;
		copied = len;
	}
	err = skb_copy_datagram_msg(skb, 0, msg, copied);
	if (err)
		goto out_free_skb;
	serr = SKB_EXT_ERR(skb);
	if (sin) {
		memset(sin, 0, sizeof(*sin));
		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr.s_addr, skb_network_header(skb) + serr->addr_offset, 4);
		sin->sin_port = serr->port;
		*addr_len = sizeof(*sin);
	}
	memset(&errhdr, 0, sizeof(errhdr));
	errhdr.ee.ee_errno = serr->ee.ee_errno;
	errhdr.ee.ee_origin = serr->ee.ee_origin;
	errhdr.ee.ee_type = serr->ee.ee_type;
	errhdr.ee.ee_code = serr->ee.ee_code;
	errhdr.ee.ee_info = serr->ee.ee_info;
	errhdr.ee.ee_data = serr->ee.ee_data;
	if (serr->ee.ee_origin == SO_EE_ORIGIN_ICMP) {
		errhdr.offender.sin_family = AF_INET;
		errhdr.offender.sin_addr.s_addr = ip_hdr(skb)->saddr;	/* who sent the ICMP */
	}
	put_cmsg(msg, SOL_IP, IP_RECVERR, sizeof(errhdr), &errhdr);
	msg->msg_flags |= MSG_ERRQUEUE;
	err = copied;
out_free_skb:
	kfree_skb(skb);
	return err;
}
