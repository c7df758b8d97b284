/*
 * SYN cookies (D. J. Bernstein; Linux's scheme): when the SYN queue is
 * full, the listener keeps nothing and puts the request into its
 * SYN-ACK's sequence number instead:
 *   ISN = H0(4-tuple) + peer ISN + (minute << 24) + (H1(4-tuple, minute) + mss index) mod 2^24
 * The returning ACK acknowledges ISN + 1; cookie_v4_check recomputes the
 * hashes for the last two minutes and recovers the MSS index. With
 * timestamps on, the low 6 bits of our TSval carry the peer's window
 * scale (4 bits) and SACK permission, so those options survive too.
 * Counters: SyncookiesSent (tcp_ipv4.c), SyncookiesRecv, SyncookiesFailed.
 * Neighbours: tcp_ipv4.c (tcp_v4_conn_request, tcp_v4_do_rcv).
 */
#include <net/tcp.h>
#include <net/route.h>
#include <linux/siphash.h>
#include <linux/random.h>
#include <linux/trace_events.h>

#define COOKIEBITS		24
#define COOKIEMASK		((1U << COOKIEBITS) - 1)
#define MAX_SYNCOOKIE_AGE	2	/* minutes */
#define TSBITS			6
#define TSMASK			((1U << TSBITS) - 1)
#define TS_OPT_WSCALE_MASK	0xf
#define TS_OPT_SACK		(1U << 4)
#define TCP_SYNCOOKIE_VALID	(2 * 60 * HZ)

/* The MSS values a cookie can say (Linux's msstab): the peer gets the largest not above its own. */
static const u16 msstab[] = { 536, 1300, 1440, 1460 };
static siphash_key_t syncookie_secret[2];
static bool secret_ready;

/* __unused: lab syncookies' starter tree has no caller yet (labs/syncookies). */
static __unused u32 cookie_hash(__be32 saddr, __be32 daddr, __be16 sport, __be16 dport, u32 count, int c)
{
	u32 key[4] = { saddr, daddr, ((u32)sport << 16) | dport, count };

	if (!secret_ready) {
		get_random_bytes(syncookie_secret, sizeof(syncookie_secret));
		secret_ready = true;
	}
	return (u32)siphash(key, sizeof(key), &syncookie_secret[c]);
}

/*
 * Minutes since boot, from the 64-bit clock (Linux divides jiffies_64).
 * Not jiffies: they start 5 minutes below their wrap, and a minute count
 * divided out of them jumps there, failing every cookie sent before it.
 */
static __unused u32 tcp_cookie_time(void)
{
	return (u32)(ktime_get_ns() / (60 * NSEC_PER_SEC));
}

static u32 secure_tcp_syn_cookie(__be32 saddr, __be32 daddr, __be16 sport, __be16 dport,
				 u32 sseq, u32 data)
{
	/* LAB(syncookies) BEGIN: secure_tcp_syn_cookie */
	u32 count = tcp_cookie_time();

	return cookie_hash(saddr, daddr, sport, dport, 0, 0) + sseq + (count << COOKIEBITS) +
	       ((cookie_hash(saddr, daddr, sport, dport, count, 1) + data) & COOKIEMASK);
	/* LAB(syncookies) END: secure_tcp_syn_cookie */
}

/* The MSS index, or (u32)-1 for a forged or expired cookie. */
static u32 check_tcp_syn_cookie(u32 cookie, __be32 saddr, __be32 daddr, __be16 sport, __be16 dport,
				u32 sseq)
{
	/* LAB(syncookies) BEGIN: check_tcp_syn_cookie */
	u32 diff, count = tcp_cookie_time();

	cookie -= cookie_hash(saddr, daddr, sport, dport, 0, 0) + sseq;
	diff = (count - (cookie >> COOKIEBITS)) & ((u32)-1 >> COOKIEBITS);
	if (diff >= MAX_SYNCOOKIE_AGE)
		return (u32)-1;
	return (cookie - cookie_hash(saddr, daddr, sport, dport, count - diff, 1)) & COOKIEMASK;
	/* LAB(syncookies) END: check_tcp_syn_cookie */
}

u32 cookie_v4_init_sequence(const struct sk_buff *skb, u16 *mssp)
{
	const struct iphdr *iph = ip_hdr(skb);
	const struct tcphdr *th = tcp_hdr(skb);
	struct tcp_options_received opt;
	u32 mssind;

	memset(&opt, 0, sizeof(opt));
	opt.mss_clamp = TCP_MSS_DEFAULT;
	tcp_parse_options(skb, &opt, false);
	for (mssind = ARRAY_SIZE(msstab) - 1; mssind; mssind--)
		if (opt.mss_clamp >= msstab[mssind])
			break;
	*mssp = msstab[mssind];
	return secure_tcp_syn_cookie(iph->saddr, iph->daddr, th->source, th->dest, ntohl(th->seq), mssind);
}

u32 cookie_init_timestamp(struct request_sock *req, u32 now)
{
	u32 options = req->wscale_ok ? req->snd_wscale : TS_OPT_WSCALE_MASK;
	u32 ts;

	if (req->sack_ok)
		options |= TS_OPT_SACK;
	ts = (now & ~TSMASK) | options;
	if (ts > now) {		/* never ahead of our clock: step back one slot */
		ts >>= TSBITS;
		ts--;
		ts <<= TSBITS;
		ts |= options;
	}
	return ts;
}

bool cookie_timestamp_decode(struct tcp_options_received *tcp_opt)
{
	u32 options;

	if (!tcp_opt->saw_tstamp) {
		tcp_opt->wscale_ok = tcp_opt->sack_ok = tcp_opt->tstamp_ok = 0;
		return true;
	}
	options = tcp_opt->rcv_tsecr & TSMASK;
	tcp_opt->snd_wscale = options & TS_OPT_WSCALE_MASK;
	tcp_opt->wscale_ok = tcp_opt->snd_wscale != TS_OPT_WSCALE_MASK;
	if (tcp_opt->wscale_ok && tcp_opt->snd_wscale > TCP_MAX_WSCALE)
		return false;
	tcp_opt->sack_ok = (options & TS_OPT_SACK) ? 1 : 0;
	tcp_opt->tstamp_ok = 1;
	return true;
}

/*
 * A bare ACK reached a listener: is it the end of a cookie handshake?
 * Returns the new child (bh-locked, queued for accept), NULL to drop the
 * segment, or sk itself when this is no cookie (the listener answers RST).
 */
struct sock *cookie_v4_check(struct sock *sk, struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	const struct tcphdr *th = tcp_hdr(skb);
	u32 cookie = ntohl(th->ack_seq) - 1, seq = ntohl(th->seq) - 1, mssind;
	struct tcp_options_received tcp_opt;
	struct request_sock *req;
	struct sock *child;
	bool own_req;

	if (!READ_ONCE(sysctl_tcp_syncookies))
		return sk;
	/* No cookie went out lately: do not even look (Linux's tcp_synq_no_recent_overflow). */
	if (!tcp_sk(sk)->rx_opt.ts_recent_stamp ||
	    time_after(jiffies, (unsigned long)tcp_sk(sk)->rx_opt.ts_recent_stamp + TCP_SYNCOOKIE_VALID))
		return sk;
	mssind = check_tcp_syn_cookie(cookie, iph->saddr, iph->daddr, th->source, th->dest, seq);
	trace_event(syncookie_check, ntohs(th->dest), iph->saddr, ntohs(th->source),
		    mssind < ARRAY_SIZE(msstab));
	if (mssind >= ARRAY_SIZE(msstab)) {
		NET_INC_STATS(LINUX_MIB_SYNCOOKIESFAILED);
		return sk;
	}
	memset(&tcp_opt, 0, sizeof(tcp_opt));
	tcp_parse_options(skb, &tcp_opt, false);
	if (!cookie_timestamp_decode(&tcp_opt)) {
		NET_INC_STATS(LINUX_MIB_SYNCOOKIESFAILED);
		return NULL;
	}
	NET_INC_STATS(LINUX_MIB_SYNCOOKIESRECV);

	req = reqsk_alloc(sk);
	if (!req)
		return NULL;
	if (tcp_openreq_init(sk, req, &tcp_opt, skb, seq, msstab[mssind])) {
		reqsk_put(req);
		return NULL;
	}
	req->snt_isn = cookie;
	req->ts_off = 0;	/* the cookie's TSval was taken from the bare clock */
	req->cookie = 1;
	child = tcp_v4_syn_recv_sock(sk, skb, req, &own_req);
	if (!child) {
		reqsk_put(req);
		return NULL;
	}
	/* The accept queue keeps the reference reqsk_alloc gave us. */
	if (!inet_csk_reqsk_queue_add(sk, req, child)) {
		bh_unlock_sock(child);
		reqsk_put(req);
		return NULL;
	}
	return child;
}
