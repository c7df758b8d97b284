/*
 * UDP (RFC 768) sockets: the port hash, the MIB counters and the proto.
 *
 * RX: ip_local_deliver -> udp_rcv (length, checksum) -> __udp4_lib_lookup
 *     (best match in the port's bucket) -> udp_queue_rcv_skb -> the socket's
 *     receive queue (or its backlog while a system call owns it); no
 *     socket: NoPorts + ICMP port unreachable.
 * TX: inet_sendmsg -> udp_sendmsg -> sock_alloc_send_skb -> UDP header and
 *     checksum -> ip_build_and_send_pkt.
 * Errors: icmp_unreach -> udp_err -> sk_err (connected) / sk_error_queue.
 * Implementation: net/ipv4/udp.c.
 */
#ifndef _NET_UDP_H
#define _NET_UDP_H

#include <net/inet_sock.h>
#include <linux/udp.h>

struct udp_sock {
	struct inet_sock	inet;		/* must be first */
};

#define UDP_HTABLE_SIZE		128	/* buckets, by local port */
struct udp_table {
	struct hlist_head	hash[UDP_HTABLE_SIZE];	/* lock */
	spinlock_t		lock;	/* BH: bucket lists and inet_num of hashed socks */
};
extern struct udp_table udp_table;

/* /proc/net/snmp "Udp:" counters, Linux's order. */
enum {
	UDP_MIB_INDATAGRAMS,
	UDP_MIB_NOPORTS,
	UDP_MIB_INERRORS,
	UDP_MIB_OUTDATAGRAMS,
	UDP_MIB_RCVBUFERRORS,
	UDP_MIB_SNDBUFERRORS,
	UDP_MIB_CSUMERRORS,
	UDP_MIB_IGNOREDMULTI,
	UDP_MIB_MAX
};
extern unsigned long udp_statistics[UDP_MIB_MAX];
#define UDP_INC_STATS(field)	(udp_statistics[field]++)

extern struct proto udp_prot;
extern int sysctl_ip_local_port_range[2];

void udp_init(void);
int udp_rcv(struct sk_buff *skb);
int udp_err(struct sk_buff *skb, u32 info);
__poll_t udp_poll(struct file *file, struct socket *sock, poll_table *wait);
int udp_lib_get_port(struct sock *sk, unsigned short snum);
void udp_lib_unhash(struct sock *sk);
/* The socket that should receive a datagram to daddr:dport from saddr:sport (+ref), or NULL. */
struct sock *__udp4_lib_lookup(__be32 saddr, __be16 sport, __be32 daddr, __be16 dport, int dif);
/* Verify a UDP checksum over skb->data (the UDP header) .. ulen; true if good. */
bool udp_csum_ok(struct sk_buff *skb, __be32 saddr, __be32 daddr, unsigned int ulen);

#endif
