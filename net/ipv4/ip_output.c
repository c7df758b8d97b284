/*
 * IPv4 transmit: from a transport payload to dev_queue_xmit.
 *
 * Call order:
 *   ip_build_and_send_pkt: route (ip_route_output), push the IP header
 *     (ID, TTL, DF, checksum) -> ip_local_out (OutRequests)
 *   -> ip_output: bigger than the route's MTU? DF: -EMSGSIZE (FragFails);
 *     else ip_fragment (ip_fragment.c) calls back ip_finish_output2 per piece;
 *     a TSO skb (skb_is_gso) goes whole to a NETIF_F_TSO device (ip_output_gso)
 *   -> ip_finish_output2: lo / broadcast -> no resolution; else
 *     ip_neigh_gw4(next hop) -> neigh_output (ARP resolve, or queue while
 *     INCOMPLETE) -> dev_hard_header -> dev_queue_xmit.
 *   ip_queue_xmit (TCP): the socket's cached route (ip_sk_route: no lookup
 *     while rt_genid has not moved), the IP header from inet_sock
 *     -> ip_local_out.
 * Neighbours: route.c, neighbour.c + arp.c, ip_fragment.c.
 */
#include <net/ip.h>
#include <net/route.h>
#include <net/inet_sock.h>
#include <net/arp.h>
#include <net/checksum.h>
#include <linux/tcp.h>
#include <linux/siphash.h>
#include <linux/random.h>
#include <linux/jiffies.h>

int sysctl_ip_default_ttl = IPDEFTTL;

/*
 * IP IDs (RFC 7739, Linux's ip_idents_reserve): one counter per bucket of
 * a keyed hash of (daddr, saddr, protocol), so a host cannot learn from its
 * own packets' IDs how many we send to others (the idle-scan side channel
 * a single global counter opens), and a random jump proportional to the
 * bucket's idle time keeps one destination's IDs from being predictable
 * after a pause. The key is secret and per boot. Counters and stamps are
 * atomic; any context.
 */
#define IP_IDENTS_SZ	2048u
static atomic_t ip_idents[IP_IDENTS_SZ];
static atomic_t ip_tstamps[IP_IDENTS_SZ];	/* jiffies the bucket was last used */
static siphash_key_t ip_id_key;

static void ip_id_key_init(void)
{
	static DEFINE_SPINLOCK(key_lock);

	spin_lock_bh(&key_lock);
	while (siphash_key_is_zero(&ip_id_key)) {
		ip_id_key.key[0] = (u64)get_random_u32() << 32 | get_random_u32();
		ip_id_key.key[1] = (u64)get_random_u32() << 32 | get_random_u32();
	}
	spin_unlock_bh(&key_lock);
}

/* Reserve segs consecutive IDs in bucket hash; returns the first. */
static u32 ip_idents_reserve(u32 hash, int segs)
{
	u32 bucket = hash % IP_IDENTS_SZ;
	u32 now = (u32)jiffies;
	u32 old = atomic_xchg(&ip_tstamps[bucket], now);
	u32 delta = 0;

	if (old != now)
		delta = get_random_u32() % (now - old);
	return atomic_add_return(segs + delta, &ip_idents[bucket]) - segs;
}

void ip_select_ident_segs(struct iphdr *iph, int segs)
{
	u32 hash;

	if (iph->frag_off & htons(IP_DF)) {
		iph->id = 0;
		return;
	}
	if (unlikely(siphash_key_is_zero(&ip_id_key)))
		ip_id_key_init();
	hash = siphash_3u32(iph->daddr, iph->saddr, iph->protocol, &ip_id_key);
	iph->id = htons((u16)ip_idents_reserve(hash, segs));
}

void ip_send_check(struct iphdr *iph)
{
	iph->check = 0;
	iph->check = ip_fast_csum(iph, iph->ihl);
}

static int ip_finish_output2(struct sk_buff *skb, const struct rtable *rt)
{
	struct net_device *dev = rt->dev;
	struct neighbour *n;
	int rc;

	skb->dev = dev;
	skb->protocol = htons(ETH_P_IP);
	/* The link header goes into the headroom: it must be ours to write. */
	if (skb_cow_head(skb, dev->hard_header_len)) {
		IP_INC_STATS(IPSTATS_MIB_OUTDISCARDS);
		kfree_skb(skb);
		return -ENOBUFS;
	}
	if ((rt->rt_flags & RTCF_BROADCAST) || (dev->flags & (IFF_NOARP | IFF_LOOPBACK))) {
		if (dev_hard_header(skb, dev, ETH_P_IP, dev->broadcast, NULL, skb->len) < 0)
			goto discard;
		return net_xmit_errno(dev_queue_xmit(skb));
	}
	n = ip_neigh_gw4(dev, rt->rt_gateway);
	if (!n)
		goto discard;
	rc = neigh_output(n, skb);
	neigh_release(n);
	if (rc)
		IP_INC_STATS(IPSTATS_MIB_OUTDISCARDS);
	return rc;

discard:
	IP_INC_STATS(IPSTATS_MIB_OUTDISCARDS);
	kfree_skb(skb);
	return -ENOBUFS;
}

/*
 * Finish a CHECKSUM_PARTIAL packet in software (Linux's skb_checksum_help):
 * for fragments, whose pieces the NIC cannot sum as one datagram, and for
 * a device without checksum offload (NETIF_F_CSUM_MASK: lo has HW_CSUM, so
 * nothing over lo is ever summed). The field holds the pseudo-header seed.
 * A clone may write the field only inside its own header area (TCP's
 * header in front of a header-released original); else the buffer is
 * copied first. 0 or -ENOMEM.
 */
static int ip_checksum_help(struct sk_buff *skb)
{
	unsigned int off = skb_transport_offset(skb);
	unsigned int field = ip_hdr(skb)->protocol == IPPROTO_TCP ? 16 : 6;	/* offset of check in the L4 header */
	__sum16 *check;

	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return 0;
	if (off + field + 2 <= skb->len) {
		if (skb_cloned(skb) && !skb_clone_writable(skb, off + field + 2) &&
		    pskb_expand_head(skb, 0, 0, GFP_ATOMIC))
			return -ENOMEM;
		check = (__sum16 *)(skb->data + off + field);
		*check = csum_fold(csum_partial(skb->data + off, skb->len - off, 0));
		if (ip_hdr(skb)->protocol == IPPROTO_UDP && !*check)
			*check = (__sum16)0xffff;
	}
	skb->ip_summed = CHECKSUM_NONE;
	return 0;
}

/*
 * A TSO skb (TCP built it for a NETIF_F_TSO route) goes to the device
 * whole if the device cuts it and each segment fits the MTU. Else - the
 * route changed between TCP's look and ours - it is discarded, counted:
 * there is no software segmentation (GSO) here, and TCP's queue still
 * holds every segment, so its retransmission timer resends them one by
 * one.
 */
static int ip_output_gso(struct sk_buff *skb, const struct rtable *rt, unsigned int mtu)
{
	unsigned int hlen = skb_transport_offset(skb) + tcp_hdrlen(skb);

	if ((rt->dev->features & NETIF_F_TSO) && hlen + skb_shinfo(skb)->gso_size <= mtu)
		return ip_finish_output2(skb, rt);
	IP_INC_STATS(IPSTATS_MIB_OUTDISCARDS);
	kfree_skb(skb);
	return -ENOBUFS;
}

static int ip_output(struct sk_buff *skb, const struct rtable *rt)
{
	unsigned int mtu = rt->mtu ? rt->mtu : rt->dev->mtu;

	if (skb_is_gso(skb))
		return ip_output_gso(skb, rt, mtu);
	if (!(rt->dev->features & NETIF_F_CSUM_MASK) || skb->len > mtu) {
		if (ip_checksum_help(skb)) {
			IP_INC_STATS(IPSTATS_MIB_OUTDISCARDS);
			kfree_skb(skb);
			return -ENOBUFS;
		}
	}
	if (skb->len <= mtu)
		return ip_finish_output2(skb, rt);
	if (ip_hdr(skb)->frag_off & htons(IP_DF)) {
		/* A local sender asked for DF: it gets EMSGSIZE (path MTU discovery). */
		IP_INC_STATS(IPSTATS_MIB_FRAGFAILS);
		kfree_skb(skb);
		return -EMSGSIZE;
	}
	/* Reads skb, writes only the fresh pieces: no header-clone concern. */
	return ip_fragment(skb, rt, mtu, ip_finish_output2);
}

int ip_local_out(struct sk_buff *skb, const struct rtable *rt)
{
	IP_INC_STATS(IPSTATS_MIB_OUTREQUESTS);
	return ip_output(skb, rt);
}

int ip_build_and_send_pkt(struct sk_buff *skb, __be32 saddr, __be32 daddr,
			  u8 protocol, u8 tos, int ttl, bool df)
{
	struct rtable rt;
	struct iphdr *iph;
	unsigned int len;
	int err;

	err = ip_route_output_oif(daddr, saddr, IPCB(skb)->oif, &rt);
	if (err) {
		IP_INC_STATS(IPSTATS_MIB_OUTNOROUTES);
		kfree_skb(skb);
		return err;
	}
	len = skb->len + sizeof(struct iphdr);
	if (len > IP_MAX_TOT_LEN) {
		IP_INC_STATS(IPSTATS_MIB_OUTDISCARDS);
		kfree_skb(skb);
		return -EMSGSIZE;
	}
	/* IP and link headers go into the headroom: make it ours. */
	if (skb_cow_head(skb, sizeof(struct iphdr) + rt.dev->hard_header_len)) {
		IP_INC_STATS(IPSTATS_MIB_OUTDISCARDS);
		kfree_skb(skb);
		return -ENOBUFS;
	}
	skb_reset_transport_header(skb);
	iph = skb_push(skb, sizeof(struct iphdr));
	skb_reset_network_header(skb);
	iph->version = IPVERSION;
	iph->ihl = sizeof(struct iphdr) / 4;
	iph->tos = tos;
	iph->tot_len = htons(len);
	iph->frag_off = df ? htons(IP_DF) : 0;
	iph->ttl = ttl > 0 ? ttl : sysctl_ip_default_ttl;
	iph->protocol = protocol;
	iph->saddr = rt.rt_src;
	iph->daddr = daddr;
	ip_select_ident(iph);
	ip_send_check(iph);
	return ip_local_out(skb, &rt);
}

/* ---- connected sockets: the cached route and ip_queue_xmit ---- */

const struct rtable *__sk_dst_check(struct sock *sk)
{
	struct sk_dst_cache *c = &sk->sk_dst_cache;
	const struct inet_sock *inet = inet_sk(sk);
	u32 genid = READ_ONCE(c->genid);

	if (!genid)
		return NULL;
	/* genid first: an unregistered device bumps it, so rt.dev is only
	 * looked at while it still exists. connect looks up with saddr 0 and
	 * then adopts the route's source, which still matches. */
	if (genid != rt_genid() || c->daddr != inet->inet_daddr ||
	    (inet->inet_saddr != c->saddr && inet->inet_saddr != c->rt.rt_src) ||
	    c->oif != sk->sk_bound_dev_if || c->dev_mtu != c->rt.dev->mtu ||
	    (c->rt.expires && time_after_eq(jiffies, c->rt.expires))) {
		WRITE_ONCE(c->genid, 0);
		return NULL;
	}
	return &c->rt;
}

void __sk_dst_reset(struct sock *sk)
{
	sk->sk_dst_cache.genid = 0;
}

void sk_dst_reset(struct sock *sk)
{
	WRITE_ONCE(sk->sk_dst_cache.genid, 0);
}

/* Look daddr up for sk and cache the answer under the genid read first, so
 * a change racing with the lookup leaves the entry stale, not wrong. */
static int sk_dst_fill(struct sock *sk, __be32 daddr, __be32 saddr)
{
	struct sk_dst_cache *c = &sk->sk_dst_cache;
	u32 genid = rt_genid();
	int err;

	WRITE_ONCE(c->genid, 0);
	err = ip_route_output_oif(daddr, saddr, sk->sk_bound_dev_if, &c->rt);
	if (err)
		return err;
	c->daddr = daddr;
	c->saddr = saddr;
	c->oif = sk->sk_bound_dev_if;
	c->dev_mtu = c->rt.dev->mtu;
	WRITE_ONCE(c->genid, genid);
	return 0;
}

int ip_sk_route(struct sock *sk, const struct rtable **rtp)
{
	const struct inet_sock *inet = inet_sk(sk);
	const struct rtable *rt = __sk_dst_check(sk);
	int err;

	if (!rt) {
		err = sk_dst_fill(sk, inet->inet_daddr, inet->inet_saddr);
		if (err)
			return err;
		rt = &sk->sk_dst_cache.rt;
	}
	*rtp = rt;
	return 0;
}

int ip_route_connect(struct sock *sk, __be32 daddr, __be32 saddr, struct rtable *rt)
{
	int err = sk_dst_fill(sk, daddr, saddr);

	if (err) {
		IP_INC_STATS(IPSTATS_MIB_OUTNOROUTES);
		return err;
	}
	*rt = sk->sk_dst_cache.rt;
	return 0;
}

int ip_queue_xmit(struct sock *sk, struct sk_buff *skb)
{
	struct inet_sock *inet = inet_sk(sk);
	const struct rtable *rt;
	struct iphdr *iph;
	unsigned int len;
	int err;

	/* TCP's control block overlays IPCB: nothing of it means anything here. */
	memset(IPCB(skb), 0, sizeof(struct inet_skb_parm));
	err = ip_sk_route(sk, &rt);
	if (err) {
		IP_INC_STATS(IPSTATS_MIB_OUTNOROUTES);
		kfree_skb(skb);
		return err;
	}
	len = skb->len + sizeof(struct iphdr);
	if (len > IP_MAX_TOT_LEN) {
		IP_INC_STATS(IPSTATS_MIB_OUTDISCARDS);
		kfree_skb(skb);
		return -EMSGSIZE;
	}
	/* TCP sends clones of its retransmit queue: a second clone in flight
	 * shares this header area, and then it is copied, not overwritten. */
	if (skb_cow_head(skb, sizeof(struct iphdr) + rt->dev->hard_header_len)) {
		IP_INC_STATS(IPSTATS_MIB_OUTDISCARDS);
		kfree_skb(skb);
		return -ENOBUFS;
	}
	skb_reset_transport_header(skb);
	iph = skb_push(skb, sizeof(struct iphdr));
	skb_reset_network_header(skb);
	iph->version = IPVERSION;
	iph->ihl = sizeof(struct iphdr) / 4;
	iph->tos = inet->tos;
	iph->tot_len = htons(len);
	iph->frag_off = inet->pmtudisc == IP_PMTUDISC_DONT ? 0 : htons(IP_DF);
	iph->ttl = ip_ttl_of(inet) > 0 ? ip_ttl_of(inet) : sysctl_ip_default_ttl;
	iph->protocol = sk->sk_protocol;
	iph->saddr = inet->inet_saddr ? inet->inet_saddr : rt->rt_src;
	iph->daddr = inet->inet_daddr;
	/* The socket's own sequence; a TSO skb becomes gso_segs packets on the
	 * wire, numbered consecutively by the NIC. */
	iph->id = htons(inet->inet_id);
	inet->inet_id += skb_is_gso(skb) ? skb_shinfo(skb)->gso_segs : 1;
	ip_send_check(iph);
	return ip_local_out(skb, rt);
}
