/*
 * Helpers for the TCP unit tests (test_tcp_*.c): a test plays the peer.
 *
 * The host under test is 10.0.2.15 on a fake Ethernet device; the peer
 * 10.0.2.2 is resolved permanently, so every segment the stack sends is
 * captured on the device (tu_pop parses it) and every segment the test
 * builds (tu_rx) arrives as the e1000's NAPI poll would deliver it.
 * Sockets are made the way socket(2) makes them (inet_stream_ops over
 * tcp_prot), but without files: struct socket is allocated here.
 * tu_end() is every test's last call: it tears the device down and checks
 * that no sock, request_sock or TIME_WAIT minisock is left (the runner
 * then checks kmalloc objects and skbs).
 * Link tools/testing/unit/tcp_unit.c and fake_netdev.c (see test_tcp_*.c).
 */
#ifndef _UNIT_TCP_UNIT_H
#define _UNIT_TCP_UNIT_H

#include "fake_netdev.h"
#include <net/tcp.h>
#include <net/request_sock.h>
#include <net/inet_sock.h>
#include <linux/net.h>

#define TU_US		"10.0.2.15"
#define TU_PEER		"10.0.2.2"
#define TU_PEER_PORT	40000	/* the peer's port unless a test says otherwise */
#define TU_PORT		8080	/* our listening / connecting-to port */

/* A segment the peer sends. Options are absent unless asked for. */
struct tu_in {
	__be32	saddr;		/* 0: the peer */
	u16	sport, dport;	/* host order */
	u32	seq, ack;
	u8	flags;		/* TCPHDR_* */
	u16	win;		/* as on the wire (scaled by the peer's factor) */
	u16	mss;		/* 0: no MSS option */
	bool	has_ws;
	u8	ws;
	bool	sack_perm;
	bool	ts;
	u32	tsval, tsecr;
	u8	nsacks;		/* SACK blocks (RFC 2018), sacks[i] = {start, end} */
	u32	sacks[4][2];
	const void *data;
	unsigned int len;
	bool	bad_csum;
	bool	df;		/* IP DF set (the IP ID then means nothing) */
};

/* A segment the host sent, parsed from a captured frame. */
struct tu_seg {
	__be32	saddr, daddr;
	u16	sport, dport;
	u32	seq, ack;
	u8	flags;
	u16	win;
	int	mss;		/* -1: no option */
	int	ws;		/* -1: no option */
	bool	sack_perm, ts;
	u32	tsval, tsecr;
	int	nsacks;		/* SACK blocks, in the order sent */
	u32	sacks[4][2];
	unsigned int dlen;
	const u8 *data;		/* into raw */
	bool	csum_ok;	/* the TCP checksum verifies */
	u8	raw[1600] __aligned(4);	/* the IP packet */
	unsigned int rawlen;
	unsigned int hdrlen;	/* IP + TCP headers */
};

/* A connection the test holds one end of. */
struct tu_conn {
	struct socket *sock;
	u16	lport, rport;	/* ours, the peer's */
	u32	iss;		/* our initial sequence number */
	u32	irs;		/* the peer's */
	u32	pseq;		/* the peer's next sequence number (what the test sends next) */
};

struct net_device *tu_dev_up(void);
void tu_end(struct net_device *dev);	/* destroy dev, then the leak checks */

void tu_rx(struct net_device *dev, const struct tu_in *in);	/* IP IDs count up from segment to segment */
void tu_ip_id_skip(unsigned int n);	/* the next segment's IP ID jumps by n */
bool tu_pop(struct net_device *dev, struct tu_seg *s);	/* next TCP segment sent, or false */
unsigned int tu_pending(struct net_device *dev);	/* TCP segments captured, not popped */
void tu_drain(struct net_device *dev);

struct socket *tu_socket(void);
void tu_release(struct socket *sock);	/* close(2) */
void tu_abort(struct socket *sock);	/* SO_LINGER {1, 0} then close: RST, freed now */
int tu_bind(struct socket *sock, const char *addr, u16 port, bool reuse);
struct socket *tu_listener(u16 port, int backlog);
struct socket *tu_accept(struct socket *listener, int *err);
int tu_send(struct socket *sock, const void *buf, size_t len);
int tu_recv(struct socket *sock, void *buf, size_t len);	/* nonblocking */
static inline struct sock *tu_sk(struct tu_conn *c) { return c->sock->sk; }
static inline int tu_state(struct tu_conn *c) { return c->sock->sk->sk_state; }

/*
 * Complete handshakes with the test as the peer, no options but MSS 1460
 * unless opts says otherwise (only its option fields are used).
 * Both leave nothing captured and return 0, or fail the test.
 * tu_active_open_sock connects a socket the caller made (bound, options set).
 */
int tu_active_open(struct net_device *dev, struct tu_conn *c, const struct tu_in *opts);
int tu_active_open_sock(struct net_device *dev, struct tu_conn *c, struct socket *sock,
			const struct tu_in *opts);
int tu_passive_open(struct net_device *dev, struct socket *listener, u16 peer_port,
		    struct tu_conn *c, const struct tu_in *opts);

/* A peer segment on connection c: seq c->pseq, ack ack; c->pseq advances by what it occupies. */
void tu_peer_send(struct net_device *dev, struct tu_conn *c, u8 flags, u32 ack, u16 win,
		  const void *data, unsigned int len);

/* The host's next sequence number on c (snd_nxt as the peer has seen it). */
static inline u32 tu_snd_nxt(struct tu_conn *c) { return tcp_sk(tu_sk(c))->snd_nxt; }

extern int unit_last_signal;

#endif
