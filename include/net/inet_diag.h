/*
 * inet_diag inside the kernel: net/ipv4/inet_diag.c fills the messages
 * (one struct inet_diag_msg per socket, Linux's field meanings), the
 * protocol files walk their tables: tcp_diag.c (listen hash, then the
 * established hash with its TIME_WAIT and SYN_RECV minisocks) and
 * udp_diag.c. All fill functions run under the walked table's lock and
 * only read the socket, as /proc/net/tcp does.
 */
#ifndef _NET_INET_DIAG_H
#define _NET_INET_DIAG_H

#include <net/netlink.h>
#include <uapi/sock_diag.h>

struct inet_timewait_sock;
struct request_sock;

/* Each returns 0, or -EMSGSIZE when the skb is full (nothing of the message left in it). */
int inet_sk_diag_fill(struct sock *sk, struct sk_buff *skb, const struct netlink_callback *cb);
int inet_twsk_diag_fill(struct inet_timewait_sock *tw, struct sk_buff *skb,
			const struct netlink_callback *cb);
int inet_req_diag_fill(struct request_sock *req, struct sk_buff *skb,
		       const struct netlink_callback *cb);

/* The dumpers: skb->len while more remains (resume point in cb->args), 0 when done. */
int tcp_diag_dump(struct sk_buff *skb, struct netlink_callback *cb, const struct inet_diag_req_v2 *r);
int udp_diag_dump(struct sk_buff *skb, struct netlink_callback *cb, const struct inet_diag_req_v2 *r);

#endif
