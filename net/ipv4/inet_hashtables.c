/*
 * TCP's hash tables (include/net/inet_hashtables.h has the picture and the
 * lock legend): the bind buckets, the listening hash with SO_REUSEPORT
 * groups, the established hash, and the choice of a source port for
 * connect().
 *
 * Input:  tcp_v4_rcv -> __inet_lookup -> __inet_lookup_established (ehash:
 *         sockets, request_socks, TIME_WAIT) -> __inet_lookup_listener
 *         (lhash: best score wins; a reuseport group picks one member by a
 *         hash of the 4-tuple, so one peer's connection always lands on
 *         the same listener and different peers spread).
 * Output: tcp_v4_connect -> __inet_hash_connect: ephemeral ports from
 *         ip_local_port_range starting at a keyed hash of the destination
 *         (RFC 6056 algorithm 3), skipping ports whose tuple is taken; a
 *         TIME_WAIT holder of the tuple may be recycled (tcp_tw_reuse).
 * Neighbours: inet_connection_sock.c (bind rules, listen), tcp_ipv4.c.
 */
#include <net/tcp.h>
#include <linux/siphash.h>
#include <linux/jhash.h>
#include <linux/random.h>
#include <linux/slab.h>

struct inet_hashinfo tcp_hashinfo;
static u32 inet_ehash_secret;		/* jhash's initval: see include/linux/jhash.h */
static siphash_key_t inet_port_secret;
static struct kmem_cache *bind_bucket_cachep;

void inet_hashinfo_init(struct inet_hashinfo *h)
{
	spin_lock_init(&h->lock);
	memset(h->ehash, 0, sizeof(h->ehash));
	memset(h->lhash, 0, sizeof(h->lhash));
	memset(h->bhash, 0, sizeof(h->bhash));
	get_random_bytes(&inet_ehash_secret, sizeof(inet_ehash_secret));
	get_random_bytes(&inet_port_secret, sizeof(inet_port_secret));
	if (!bind_bucket_cachep)
		bind_bucket_cachep = kmem_cache_create("tcp_bind_bucket",
						       sizeof(struct inet_bind_bucket), 0, 0, NULL);
}

/* Linux's inet_ehashfn: jhash of the 4-tuple under a per-boot secret. */
u32 inet_ehashfn(__be32 laddr, u16 lport, __be32 faddr, __be16 fport)
{
	return jhash_3words(laddr, faddr, ((u32)lport << 16) | fport, inet_ehash_secret);
}

static struct hlist_head *ehash_bucket(__be32 laddr, u16 lport, __be32 faddr, __be16 fport)
{
	return &tcp_hashinfo.ehash[inet_ehashfn(laddr, lport, faddr, fport) & (INET_EHASH_SIZE - 1)];
}

static struct hlist_head *lhash_bucket(u16 port)
{
	return &tcp_hashinfo.lhash[port & (INET_LHASH_SIZE - 1)];
}

static struct hlist_head *bhash_bucket(u16 port)
{
	return &tcp_hashinfo.bhash[port & (INET_BHASH_SIZE - 1)];
}

/* ---- lookups ------------------------------------------------------------------ */

/* Does an ehash entry (socket, request or TIME_WAIT) carry this 4-tuple? */
static bool inet_match(const struct sock_common *c, __be32 saddr, __be16 sport,
		       __be32 daddr, u16 hnum, int dif)
{
	return c->skc_daddr == saddr && c->skc_dport == sport && c->skc_num == hnum &&
	       c->skc_rcv_saddr == daddr &&
	       (!c->skc_bound_dev_if || c->skc_bound_dev_if == dif);
}

struct sock *__inet_lookup_established(__be32 saddr, __be16 sport, __be32 daddr, u16 hnum, int dif)
{
	struct sock *sk;

	spin_lock_bh(&tcp_hashinfo.lock);
	hlist_for_each_entry(sk, ehash_bucket(daddr, hnum, saddr, sport), sk_node) {
		if (inet_match(&sk->__sk_common, saddr, sport, daddr, hnum, dif)) {
			sock_hold(sk);
			spin_unlock_bh(&tcp_hashinfo.lock);
			return sk;
		}
	}
	spin_unlock_bh(&tcp_hashinfo.lock);
	return NULL;
}

/* Linux's compute_score: a bound address and a bound device each beat a wildcard. */
static int listener_score(const struct sock *sk, __be32 daddr, u16 hnum, int dif)
{
	int score = 1;

	if (sk->sk_num != hnum)
		return -1;
	if (sk->sk_rcv_saddr) {
		if (sk->sk_rcv_saddr != daddr)
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

struct sock *__inet_lookup_listener(__be32 saddr, __be16 sport, __be32 daddr, u16 hnum, int dif)
{
	struct sock *sk, *result = NULL;
	int score, hiscore = 0, matches = 0;
	u32 phash = 0;

	spin_lock_bh(&tcp_hashinfo.lock);
	hlist_for_each_entry(sk, lhash_bucket(hnum), sk_node) {
		score = listener_score(sk, daddr, hnum, dif);
		if (score > hiscore) {
			result = sk;
			hiscore = score;
			matches = 1;
			if (sk->sk_reuseport)
				phash = inet_ehashfn(daddr, hnum, saddr, sport);
		} else if (score == hiscore && score > 0 && sk->sk_reuseport && result->sk_reuseport) {
			/* Reservoir choice by the flow hash: every member equally likely, stable per tuple. */
			matches++;
			if ((u32)(((u64)phash * matches) >> 32) == 0)
				result = sk;
			phash = phash * 1664525 + 1013904223;
		}
	}
	if (result)
		sock_hold(result);
	spin_unlock_bh(&tcp_hashinfo.lock);
	return result;
}

struct sock *__inet_lookup(__be32 saddr, __be16 sport, __be32 daddr, __be16 dport, int dif)
{
	u16 hnum = ntohs(dport);
	struct sock *sk = __inet_lookup_established(saddr, sport, daddr, hnum, dif);

	return sk ? sk : __inet_lookup_listener(saddr, sport, daddr, hnum, dif);
}

/* ---- insertion and removal -------------------------------------------------------- */

int inet_hash(struct sock *sk)
{
	if (sk->sk_state != TCP_LISTEN)
		return 0;
	spin_lock_bh(&tcp_hashinfo.lock);
	hlist_add_head(&sk->sk_node, lhash_bucket(sk->sk_num));
	spin_unlock_bh(&tcp_hashinfo.lock);
	sock_prot_inuse_add(sk->sk_prot, 1);
	return 0;
}

void inet_unhash(struct sock *sk)
{
	bool was_hashed;

	spin_lock_bh(&tcp_hashinfo.lock);
	was_hashed = !hlist_unhashed(&sk->sk_node);
	if (was_hashed) {
		if (sk->sk_state != TCP_LISTEN)
			tcp_hashinfo.ehash_count--;
		hlist_del_init(&sk->sk_node);
	}
	spin_unlock_bh(&tcp_hashinfo.lock);
	if (was_hashed)
		sock_prot_inuse_add(sk->sk_prot, -1);
}

/*
 * Put sk (a socket, request or TIME_WAIT minisock) into ehash, taking osk's
 * place if given. False when osk was no longer hashed (someone else won
 * the race for it) - the caller then drops sk.
 */
bool inet_ehash_insert(struct sock *sk, struct sock *osk)
{
	bool ok = true;

	spin_lock_bh(&tcp_hashinfo.lock);
	if (osk) {
		ok = !hlist_unhashed(&osk->sk_node);
		if (ok) {
			hlist_del_init(&osk->sk_node);
			tcp_hashinfo.ehash_count--;
		}
	}
	if (ok) {
		hlist_add_head(&sk->sk_node, ehash_bucket(sk->sk_rcv_saddr, sk->sk_num,
							  sk->sk_daddr, sk->sk_dport));
		tcp_hashinfo.ehash_count++;
	}
	spin_unlock_bh(&tcp_hashinfo.lock);
	/* /proc/net/sockstat counts full sockets only, not requests or TIME_WAIT. */
	if (ok && sk->sk_state != TCP_NEW_SYN_RECV && sk->sk_state != TCP_TIME_WAIT)
		sock_prot_inuse_add(sk->sk_prot, 1);
	if (ok && osk && osk->sk_state != TCP_NEW_SYN_RECV && osk->sk_state != TCP_TIME_WAIT)
		sock_prot_inuse_add(osk->sk_prot, -1);
	return ok;
}

void inet_ehash_remove(struct sock *sk)
{
	inet_unhash(sk);
}

/* ---- bind buckets ------------------------------------------------------------------ */

struct inet_bind_bucket *inet_bind_bucket_find(u16 port)
{
	struct inet_bind_bucket *tb;

	hlist_for_each_entry(tb, bhash_bucket(port), node)
		if (tb->port == port)
			return tb;
	return NULL;
}

struct inet_bind_bucket *inet_bind_bucket_create(u16 port)
{
	struct inet_bind_bucket *tb = kmem_cache_alloc(bind_bucket_cachep, GFP_ATOMIC);

	if (!tb)
		return NULL;
	memset(tb, 0, sizeof(*tb));
	tb->port = port;
	hlist_add_head(&tb->node, bhash_bucket(port));
	tcp_hashinfo.bind_buckets++;
	return tb;
}

void inet_bind_bucket_destroy(struct inet_bind_bucket *tb)
{
	if (!hlist_empty(&tb->owners) || !hlist_empty(&tb->tw_owners))
		return;
	hlist_del_init(&tb->node);
	tcp_hashinfo.bind_buckets--;
	kmem_cache_free(bind_bucket_cachep, tb);
}

void inet_bind_hash(struct sock *sk, struct inet_bind_bucket *tb, u16 port)
{
	inet_sk(sk)->inet_num = port;
	inet_sk(sk)->inet_sport = htons(port);
	hlist_add_head(&inet_csk(sk)->icsk_bind_node, &tb->owners);
	inet_csk(sk)->icsk_bind_hash = tb;
}

/* Give the port back: leave the bucket's owners, free an empty bucket. */
void inet_put_port(struct sock *sk)
{
	struct inet_bind_bucket *tb;

	spin_lock_bh(&tcp_hashinfo.lock);
	tb = inet_csk(sk)->icsk_bind_hash;
	if (tb) {
		hlist_del_init(&inet_csk(sk)->icsk_bind_node);
		inet_csk(sk)->icsk_bind_hash = NULL;
		inet_sk(sk)->inet_num = 0;
		inet_bind_bucket_destroy(tb);
	}
	spin_unlock_bh(&tcp_hashinfo.lock);
}

/* A child shares its listener's port: join the same bucket. */
int __inet_inherit_port(const struct sock *sk, struct sock *child)
{
	struct inet_bind_bucket *tb;

	spin_lock_bh(&tcp_hashinfo.lock);
	tb = inet_csk(sk)->icsk_bind_hash;
	if (!tb) {	/* the listener was closed under us */
		spin_unlock_bh(&tcp_hashinfo.lock);
		return -ENOENT;
	}
	inet_bind_hash(child, tb, tb->port);
	spin_unlock_bh(&tcp_hashinfo.lock);
	return 0;
}

/* ---- connect: a source port and a unique 4-tuple --------------------------------------- */

/*
 * Is (saddr, lport, daddr, dport) free in ehash? A TIME_WAIT minisock
 * holding it may be recycled when tcp_tw_reuse allows (2: loopback only)
 * and its timestamps let the new connection be told apart (RFC 7323
 * PAWS). *twp returns it so the caller can kill it after hashing.
 * tcp_hashinfo.lock held.
 */
static bool inet_tuple_free(struct sock *sk, u16 lport, struct inet_timewait_sock **twp)
{
	__be32 saddr = sk->sk_rcv_saddr, daddr = sk->sk_daddr;
	__be16 dport = sk->sk_dport;
	struct sock *sk2;

	hlist_for_each_entry(sk2, ehash_bucket(saddr, lport, daddr, dport), sk_node) {
		if (!inet_match(&sk2->__sk_common, daddr, dport, saddr, lport, sk->sk_bound_dev_if))
			continue;
		if (sk2->sk_state == TCP_TIME_WAIT) {
			struct tcp_timewait_sock *tcptw = tcp_twsk(sk2);
			int reuse = READ_ONCE(sysctl_tcp_tw_reuse);
			bool loopback = ipv4_is_loopback(saddr) || ipv4_is_loopback(daddr);

			if ((reuse == 1 || (reuse == 2 && loopback)) && tcptw->tw_ts_recent_stamp &&
			    tcp_sk(sk)->rx_opt.tstamp_ok != 0 &&
			    (u32)jiffies - tcptw->tw_ts_recent_stamp > HZ) {
				/* Start past the old incarnation's sequence space, as Linux. */
				tcp_sk(sk)->write_seq = tcptw->tw_snd_nxt + 65535 + 2;
				if (!tcp_sk(sk)->write_seq)
					tcp_sk(sk)->write_seq = 1;
				*twp = inet_twsk(sk2);
				refcount_inc(&sk2->sk_refcnt);	/* put by inet_twsk_deschedule_put */
				return true;
			}
		}
		return false;
	}
	return true;
}

int __inet_hash_connect(struct sock *sk)
{
	struct inet_timewait_sock *tw = NULL;
	struct inet_bind_bucket *tb;
	int low, high, remaining, i;
	u32 offset;

	spin_lock_bh(&tcp_hashinfo.lock);
	if (inet_csk(sk)->icsk_bind_hash) {
		/* bind() chose the port: the tuple must be free as it is. */
		u16 port = sk->sk_num;

		if (!inet_tuple_free(sk, port, &tw)) {
			spin_unlock_bh(&tcp_hashinfo.lock);
			return -EADDRNOTAVAIL;
		}
		goto hash;
	}
	inet_get_local_port_range(&low, &high);
	remaining = high - low + 1;
	{
		u32 key[3] = { sk->sk_rcv_saddr, sk->sk_daddr, sk->sk_dport };

		offset = (u32)siphash(key, sizeof(key), &inet_port_secret) + (u32)jiffies;
	}
	for (i = 0; i < remaining; i++) {
		u16 port = low + (offset + i) % remaining;
		struct inet_bind_bucket *tb2 = inet_bind_bucket_find(port);

		if (tb2) {
			/* Shared only among connect()ers, never with a bind() or a listener... */
			struct inet_connection_sock *owner;
			bool bound_explicitly = false;

			hlist_for_each_entry(owner, &tb2->owners, icsk_bind_node)
				if (((struct sock *)owner)->sk_userlocks & SOCK_BINDPORT_LOCK ||
				    ((struct sock *)owner)->sk_state == TCP_LISTEN)
					bound_explicitly = true;
			if (bound_explicitly)
				continue;
			/* ...and only if this 4-tuple is unique. */
			if (!inet_tuple_free(sk, port, &tw))
				continue;
			inet_bind_hash(sk, tb2, port);
			goto hash;
		}
		tb = inet_bind_bucket_create(port);
		if (!tb) {
			spin_unlock_bh(&tcp_hashinfo.lock);
			return -ENOMEM;
		}
		inet_bind_hash(sk, tb, port);
		goto hash;
	}
	spin_unlock_bh(&tcp_hashinfo.lock);
	return -EADDRNOTAVAIL;

hash:
	hlist_add_head(&sk->sk_node, ehash_bucket(sk->sk_rcv_saddr, sk->sk_num, sk->sk_daddr, sk->sk_dport));
	tcp_hashinfo.ehash_count++;
	spin_unlock_bh(&tcp_hashinfo.lock);
	sock_prot_inuse_add(sk->sk_prot, 1);
	if (tw) {
		NET_INC_STATS(LINUX_MIB_TIMEWAITRECYCLED);
		inet_twsk_deschedule_put(tw);	/* unhashes it and drops its references */
	}
	return 0;
}
