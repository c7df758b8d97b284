/*
 * TCP's three hash tables (Linux's inet_hashinfo):
 *   bhash  port -> inet_bind_bucket -> its owners (sockets and TIME_WAIT
 *          minisocks bound to that port): what bind/listen/connect check
 *          for conflicts (SO_REUSEADDR, SO_REUSEPORT, TIME_WAIT rules);
 *   lhash  local port -> listening sockets;
 *   ehash  4-tuple -> established sockets, request_socks (NEW_SYN_RECV)
 *          and TIME_WAIT minisocks; keyed with SipHash and a per-boot
 *          secret so a peer cannot aim its tuples at one chain.
 * Input looks in ehash first, then lhash (__inet_lookup).
 *
 * Lock legend: tcp_hashinfo.lock (BH) guards all three tables, every
 * bucket's owners list and each sock's presence in them; a lookup takes
 * a reference before dropping it. Order: lock_sock -> tcp_hashinfo.lock
 * -> sk_lock.slock. Bounds: one bind bucket per port (65535 at most),
 * ehash entries bounded by sockets, tcp_max_tw_buckets and the SYN queues.
 * Implementation: net/ipv4/inet_hashtables.c.
 */
#ifndef _NET_INET_HASHTABLES_H
#define _NET_INET_HASHTABLES_H

#include <net/inet_connection_sock.h>

struct inet_bind_bucket {
	u16			port;
	struct hlist_node	node;		/* in its bhash chain */
	struct hlist_head	owners;		/* sockets (icsk_bind_node) */
	struct hlist_head	tw_owners;	/* TIME_WAIT minisocks (tw_bind_node) */
};

#define INET_EHASH_SIZE		4096
#define INET_LHASH_SIZE		32
#define INET_BHASH_SIZE		256

struct inet_hashinfo {
	spinlock_t		lock;
	struct hlist_head	ehash[INET_EHASH_SIZE];
	struct hlist_head	lhash[INET_LHASH_SIZE];
	struct hlist_head	bhash[INET_BHASH_SIZE];
	unsigned int		ehash_count;	/* entries in ehash, for /proc */
	unsigned int		bind_buckets;
};
extern struct inet_hashinfo tcp_hashinfo;

void inet_hashinfo_init(struct inet_hashinfo *h);
u32 inet_ehashfn(__be32 laddr, u16 lport, __be32 faddr, __be16 fport);

/* Lookups: a referenced sock (maybe a request or TIME_WAIT minisock), or NULL. */
struct sock *__inet_lookup_established(__be32 saddr, __be16 sport, __be32 daddr, u16 hnum, int dif);
struct sock *__inet_lookup_listener(__be32 saddr, __be16 sport, __be32 daddr, u16 hnum, int dif);
struct sock *__inet_lookup(__be32 saddr, __be16 sport, __be32 daddr, __be16 dport, int dif);

/* Insertion and removal (tcp_hashinfo.lock taken inside). */
int inet_hash(struct sock *sk);			/* listeners into lhash */
void inet_unhash(struct sock *sk);
bool inet_ehash_insert(struct sock *sk, struct sock *osk);	/* replace osk if given */
void inet_ehash_remove(struct sock *sk);
int __inet_hash_connect(struct sock *sk);	/* pick a source port, hash into ehash */

/* Bind buckets. */
struct inet_bind_bucket *inet_bind_bucket_find(u16 port);	/* lock held */
struct inet_bind_bucket *inet_bind_bucket_create(u16 port);	/* lock held; NULL on no memory */
void inet_bind_bucket_destroy(struct inet_bind_bucket *tb);	/* lock held; if it has no owners */
void inet_bind_hash(struct sock *sk, struct inet_bind_bucket *tb, u16 port);	/* lock held */
void inet_put_port(struct sock *sk);
int __inet_inherit_port(const struct sock *sk, struct sock *child);

#endif
