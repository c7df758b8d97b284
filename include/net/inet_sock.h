/*
 * struct inet_sock: what every IPv4 socket adds to struct sock - the
 * source address and port it sends from, TTL/TOS, and the IP-level option
 * bits (IP_PKTINFO, IP_RECVERR, IP_HDRINCL). UDP, ping and raw sockets
 * embed it first; TCP will embed it through inet_connection_sock.
 *
 * Addresses, as Linux keeps them (all network order except inet_num):
 *   sk_rcv_saddr  the address bound to (0 = any): what input matches
 *   inet_saddr    the address we send from (set by bind, or by connect's
 *                 route when bound to any)
 *   inet_num      the local port, host order (sk_num); inet_sport the same
 *                 in network order
 *   sk_daddr/sk_dport  the peer of a connected socket
 *
 * Implementation: net/ipv4/af_inet.c (inet_create, the proto_ops),
 * net/ipv4/ip_sockglue.c (IP_* options, cmsgs, the error queue).
 */
#ifndef _NET_INET_SOCK_H
#define _NET_INET_SOCK_H

#include <net/sock.h>
#include <linux/in.h>

struct inet_sock {
	struct sock		sk;		/* must be first */
#define inet_daddr		sk.__sk_common.skc_daddr
#define inet_rcv_saddr		sk.__sk_common.skc_rcv_saddr
#define inet_dport		sk.__sk_common.skc_dport
#define inet_num		sk.__sk_common.skc_num
	__be32			inet_saddr;	/* source address of what we send */
	__be16			inet_sport;	/* == htons(inet_num) */
	__s16			uc_ttl;		/* IP_TTL; -1: sysctl ip_default_ttl */
	__u8			tos;		/* IP_TOS */
	__u8			hdrincl:1,	/* IP_HDRINCL: raw sender writes the IP header */
				recverr:1,	/* IP_RECVERR: queue ICMP errors on sk_error_queue */
				is_icsk:1;	/* an inet_connection_sock (TCP) */
	__u8			cmsg_flags;	/* IP_CMSG_*: what recvmsg reports */
	__u8			pmtudisc;	/* IP_MTU_DISCOVER */
	__u16			inet_id;	/* next IP ID of a connected socket; random at creation */
};
#define IP_CMSG_PKTINFO		(1 << 0)
#define IP_CMSG_TTL		(1 << 1)
#define IP_CMSG_TOS		(1 << 2)

static inline struct inet_sock *inet_sk(const struct sock *sk) { return (struct inet_sock *)sk; }
/* A bare state store, for the transitions that must not run tcp_set_state's side effects. */
static inline void inet_sk_set_state(struct sock *sk, int state) { WRITE_ONCE(sk->sk_state, state); }

/* af_inet.c: the pieces of the inet proto_ops datagram types share. */
extern const struct proto_ops inet_dgram_ops;
extern const struct proto_ops inet_sockraw_ops;
extern const struct proto_ops inet_stream_ops;
int inet_stream_connect(struct socket *sock, struct sockaddr *uaddr, int addr_len, int flags);
int inet_accept(struct socket *sock, struct socket *newsock, int flags, bool kern);
int inet_release(struct socket *sock);
int inet_bind(struct socket *sock, struct sockaddr *uaddr, int addr_len);
int inet_dgram_connect(struct socket *sock, struct sockaddr *uaddr, int addr_len, int flags);
int inet_getname(struct socket *sock, struct sockaddr *uaddr, int peer);
int inet_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg);
int inet_listen(struct socket *sock, int backlog);
int inet_shutdown(struct socket *sock, int how);
int inet_sendmsg(struct socket *sock, struct msghdr *msg, size_t size);
int inet_recvmsg(struct socket *sock, struct msghdr *msg, size_t size, int flags);
int sock_common_setsockopt(struct socket *sock, int level, int optname,
			   const void __user *optval, unsigned int optlen);
int sock_common_getsockopt(struct socket *sock, int level, int optname,
			   char __user *optval, int __user *optlen);

/* (type, protocol) -> (proto_ops, proto): one entry per kind of inet socket. */
struct inet_protosw {
	unsigned short		type;		/* SOCK_DGRAM, SOCK_RAW, SOCK_STREAM */
	unsigned short		protocol;	/* IPPROTO_*; IPPROTO_IP = wildcard (raw) */
	struct proto		*prot;
	const struct proto_ops	*ops;
	unsigned char		flags;		/* INET_PROTOSW_* */
};
#define INET_PROTOSW_REUSE	0x01	/* bound port may be reused at once */
#define INET_PROTOSW_PERMANENT	0x02
#define INET_PROTOSW_ICSK	0x04	/* an inet_connection_sock */
void inet_register_protosw(struct inet_protosw *p);

/* ip_sockglue.c */
int ip_setsockopt(struct sock *sk, int level, int optname, const void __user *optval,
		  unsigned int optlen);
int ip_getsockopt(struct sock *sk, int level, int optname, char __user *optval,
		  int __user *optlen);
void ip_cmsg_recv(struct msghdr *msg, struct sk_buff *skb);
void ip_icmp_error(struct sock *sk, struct sk_buff *skb, int err, __be16 port, u32 info,
		   const u8 *payload);
int ip_recv_error(struct sock *sk, struct msghdr *msg, int len, int *addr_len);
int ip4_datagram_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len);
int udp_disconnect(struct sock *sk, int flags);

int ip_ttl_of(const struct inet_sock *inet);
/* recvmsg for sockets whose datagrams are whole IP payloads (ping, raw). */
int ip_recv_datagram(struct sock *sk, struct msghdr *msg, size_t len, int flags, int *addr_len);

struct rtable;
struct icmphdr;
/* sendmsg's destination: msg_name if given (checked), else the connected peer. */
int ip_datagram_dest(struct sock *sk, const struct msghdr *msg, bool allow_unspec,
		     __be32 *daddr, __be16 *dport);
/* sendmsg's first step for UDP, ping and raw: route daddr, refuse broadcast without SO_BROADCAST. */
int ip_datagram_route(struct sock *sk, __be32 daddr, struct rtable *rt);
/* An ICMP error for sk's traffic: the errno it means and whether it is fatal; false = ignore. */
bool icmp_err_classify(const struct icmphdr *icmph, const struct inet_sock *inet, int *err, bool *harderr);
/* Report it: queue it for IP_RECVERR, and set sk_err when the socket should hear of it. */
void ip_sk_report_icmp_error(struct sock *sk, struct sk_buff *skb, int err, bool harderr,
			     __be16 port, u32 info, const u8 *payload);

#endif
