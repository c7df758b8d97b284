// unit-sources: net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c
// unit-sources: tools/testing/unit/fake_netdev.c tools/testing/unit/tcp_unit.c
/*
 * The listener: SYN cookies (what the cookie carries, forged and expired
 * ones), the accept queue when full (ListenOverflows, ListenDrops,
 * tcp_abort_on_overflow), and the request_sock's SYN-ACK retransmission
 * timer (1, 2, 4 ... s, then given up after tcp_synack_retries).
 */
#include "unit.h"
#include "tcp_unit.h"

UNIT_SETUP(fake_net_setup)

static unsigned long mib(int f) { return net_statistics[f]; }

static void syn_from(struct net_device *dev, u16 port, u32 seq, const struct tu_in *opts)
{
	struct tu_in in = { .sport = port, .dport = TU_PORT, .flags = TCPHDR_SYN, .win = 65535,
			    .seq = seq, .mss = 1460 };

	if (opts) {
		in.mss = opts->mss;
		in.has_ws = opts->has_ws;
		in.ws = opts->ws;
		in.sack_perm = opts->sack_perm;
		in.ts = opts->ts;
		in.tsval = opts->tsval;
	}
	tu_rx(dev, &in);
}

static void ack_from(struct net_device *dev, u16 port, u32 seq, u32 ack, bool ts, u32 tsval, u32 tsecr)
{
	struct tu_in in = { .sport = port, .dport = TU_PORT, .flags = TCPHDR_ACK, .win = 1000,
			    .seq = seq, .ack = ack, .ts = ts, .tsval = tsval, .tsecr = tsecr };

	tu_rx(dev, &in);
}

/* Close a listener and let its leftover requests' timers find it gone. */
static void listener_done(struct net_device *dev, struct socket *l)
{
	tu_release(l);
	unit_advance(TCP_RTO_MAX / HZ * 1000);
	tu_drain(dev);
}

/* ---- syn cookies ------------------------------------------------------------------------- */

/*
 * First in this file on purpose: it needs the fake clock still short of
 * the jiffies wrap (they start 5 minutes below it, as the kernel's do).
 */
TEST(tcp_syncookie_valid_across_the_jiffies_wrap)
{
	struct net_device *dev = tu_dev_up();
	struct socket *l = tu_listener(TU_PORT, 8), *child = NULL;
	struct tu_seg s;
	int err;

	ASSERT(l);
	ASSERT((long)jiffies < -15 * HZ);
	unit_advance((unsigned long)(-(long)jiffies) - 10 * HZ);	/* 10 s before the wrap */
	sysctl_tcp_syncookies = 2;
	syn_from(dev, 41999, 100, NULL);
	ASSERT(tu_pop(dev, &s));
	unit_advance(20 * 1000);				/* 10 s after it */
	ack_from(dev, 41999, 101, s.seq + 1, false, 0, 0);
	child = tu_accept(l, &err);
	EXPECT(child);						/* a 20 s old cookie is good */
	if (child)
		tu_abort(child);
	sysctl_tcp_syncookies = 1;
	tu_release(l);
	tu_drain(dev);
	tu_end(dev);
}

TEST(tcp_syncookie_round_trip_keeps_mss_wscale_sack)
{
	struct net_device *dev = tu_dev_up();
	struct socket *l = tu_listener(TU_PORT, 8), *child;
	struct tu_in opts = { .mss = 1400, .has_ws = true, .ws = 7, .sack_perm = true,
			      .ts = true, .tsval = 5000 };
	unsigned long sent = mib(LINUX_MIB_SYNCOOKIESSENT), recv = mib(LINUX_MIB_SYNCOOKIESRECV);
	struct tcp_sock *tp;
	struct tu_seg s;
	int err;

	ASSERT(l);
	sysctl_tcp_syncookies = 2;		/* always, as if the SYN queue were full */
	syn_from(dev, 42000, 7000, &opts);
	EXPECT_EQ(reqsk_live_count(), 0);	/* nothing kept */
	EXPECT_EQ(mib(LINUX_MIB_SYNCOOKIESSENT), sent + 1);
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(s.flags, TCPHDR_SYN | TCPHDR_ACK);
	EXPECT_EQ(s.ack, 7001);
	EXPECT(s.ts && s.sack_perm && s.ws >= 0);
	EXPECT_EQ(s.tsecr, 5000);
	EXPECT_EQ(s.tsval & 0xf, 7);		/* the peer's wscale ... */
	EXPECT(s.tsval & 0x10);			/* ... and SACK, in the TSval's low bits */
	EXPECT(s.tsval <= tcp_clock_ms());	/* never ahead of our clock */

	ack_from(dev, 42000, 7001, s.seq + 1, true, 5001, s.tsval);
	EXPECT_EQ(mib(LINUX_MIB_SYNCOOKIESRECV), recv + 1);
	EXPECT_EQ(tu_pending(dev), 0);
	EXPECT_EQ(l->sk->sk_ack_backlog, 1);
	child = tu_accept(l, &err);
	ASSERT(child);
	tp = tcp_sk(child->sk);
	EXPECT_EQ(child->sk->sk_state, TCP_ESTABLISHED);
	EXPECT_EQ(tp->rx_opt.mss_clamp, 1300);	/* msstab: the largest not above 1400 */
	EXPECT_EQ(tp->rx_opt.snd_wscale, 7);
	EXPECT(tp->rx_opt.sack_ok);
	EXPECT(tp->rx_opt.tstamp_ok);
	EXPECT_EQ(tp->snd_wnd, 1000 << 7);
	EXPECT_EQ(tp->rcv_nxt, 7001);
	EXPECT_EQ(tp->snd_nxt, s.seq + 1);
	EXPECT_EQ(tp->rx_opt.rcv_wscale, s.ws);	/* the scale we promised comes out again */
	sysctl_tcp_syncookies = 1;
	tu_abort(child);
	tu_release(l);
	tu_drain(dev);
	tu_end(dev);
}

TEST(tcp_syncookie_without_timestamps_keeps_only_mss)
{
	struct net_device *dev = tu_dev_up();
	struct socket *l = tu_listener(TU_PORT, 8), *child;
	struct tu_in opts = { .mss = 536, .has_ws = true, .ws = 3, .sack_perm = true };
	struct tu_seg s;
	int err;

	ASSERT(l);
	sysctl_tcp_syncookies = 2;
	syn_from(dev, 42001, 1, &opts);
	ASSERT(tu_pop(dev, &s));
	EXPECT(!s.ts && s.ws < 0 && !s.sack_perm);	/* nowhere to remember them: not offered */
	ack_from(dev, 42001, 2, s.seq + 1, false, 0, 0);
	child = tu_accept(l, &err);
	ASSERT(child);
	EXPECT_EQ(tcp_sk(child->sk)->rx_opt.mss_clamp, 536);
	EXPECT(!tcp_sk(child->sk)->rx_opt.wscale_ok);
	sysctl_tcp_syncookies = 1;
	tu_abort(child);
	tu_release(l);
	tu_drain(dev);
	tu_end(dev);
}

TEST(tcp_syncookie_forged_fails_and_is_reset)
{
	struct net_device *dev = tu_dev_up();
	struct socket *l = tu_listener(TU_PORT, 8);
	unsigned long failed = mib(LINUX_MIB_SYNCOOKIESFAILED);
	struct tu_seg s;

	ASSERT(l);
	sysctl_tcp_syncookies = 2;
	syn_from(dev, 42002, 100, NULL);
	ASSERT(tu_pop(dev, &s));
	ack_from(dev, 42002, 101, s.seq + 1 + 0x12345, false, 0, 0);	/* a guess */
	EXPECT_EQ(mib(LINUX_MIB_SYNCOOKIESFAILED), failed + 1);
	EXPECT_EQ(l->sk->sk_ack_backlog, 0);
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(s.flags, TCPHDR_RST);		/* no connection: the listener resets it */
	ack_from(dev, 42003, 101, s.seq + 1, false, 0, 0);	/* right cookie, wrong tuple */
	EXPECT_EQ(mib(LINUX_MIB_SYNCOOKIESFAILED), failed + 2);
	EXPECT_EQ(l->sk->sk_ack_backlog, 0);
	sysctl_tcp_syncookies = 1;
	tu_release(l);
	tu_drain(dev);
	tu_end(dev);
}

TEST(tcp_syncookie_expires_after_two_minutes)
{
	struct net_device *dev = tu_dev_up();
	struct socket *l = tu_listener(TU_PORT, 8);
	unsigned long failed = mib(LINUX_MIB_SYNCOOKIESFAILED);
	struct tu_seg s;
	u32 cookie;

	ASSERT(l);
	sysctl_tcp_syncookies = 2;
	syn_from(dev, 42004, 100, NULL);
	ASSERT(tu_pop(dev, &s));
	cookie = s.seq;
	unit_advance(2 * 60 * 1000 + 1000);
	/* Another flood SYN keeps "cookies sent lately" true, so the old one is checked. */
	syn_from(dev, 42005, 100, NULL);
	tu_drain(dev);
	ack_from(dev, 42004, 101, cookie + 1, false, 0, 0);
	EXPECT_EQ(mib(LINUX_MIB_SYNCOOKIESFAILED), failed + 1);
	EXPECT_EQ(l->sk->sk_ack_backlog, 0);
	sysctl_tcp_syncookies = 1;
	tu_release(l);
	tu_drain(dev);
	tu_end(dev);
}

TEST(tcp_syncookie_still_valid_a_minute_later)
{
	struct net_device *dev = tu_dev_up();
	struct socket *l = tu_listener(TU_PORT, 8), *child;
	struct tu_seg s;
	int err;

	ASSERT(l);
	sysctl_tcp_syncookies = 2;
	syn_from(dev, 42006, 100, NULL);
	ASSERT(tu_pop(dev, &s));
	unit_advance(60 * 1000 + 500);
	ack_from(dev, 42006, 101, s.seq + 1, false, 0, 0);
	child = tu_accept(l, &err);
	EXPECT(child);
	if (child)
		tu_abort(child);
	sysctl_tcp_syncookies = 1;
	tu_release(l);
	tu_drain(dev);
	tu_end(dev);
}

/* ---- the accept queue full ------------------------------------------------------------------ */

static void overflow_test(int abort_on_overflow)
{
	struct net_device *dev = tu_dev_up();
	struct socket *l = tu_listener(TU_PORT, 2), *child;
	unsigned long ovf = mib(LINUX_MIB_LISTENOVERFLOWS), drops = mib(LINUX_MIB_LISTENDROPS);
	u32 isn[4];
	struct tu_seg s;
	int i, err;

	ASSERT(l);
	sysctl_tcp_abort_on_overflow = abort_on_overflow;
	/* Two complete, two more wait for their last ACK. */
	for (i = 0; i < 4; i++) {
		syn_from(dev, 43000 + i, 1000 * i, NULL);
		ASSERT(tu_pop(dev, &s));
		EXPECT_EQ(s.flags, TCPHDR_SYN | TCPHDR_ACK);
		isn[i] = s.seq;
		if (i < 2)
			ack_from(dev, 43000 + i, 1000 * i + 1, isn[i] + 1, false, 0, 0);
	}
	EXPECT_EQ(l->sk->sk_ack_backlog, 2);
	EXPECT_EQ(reqsk_queue_len(&inet_csk(l->sk)->icsk_accept_queue), 2);
	/* backlog 2 holds 3 (full means sk_ack_backlog > sk_max_ack_backlog, as Linux). */
	ack_from(dev, 43002, 2001, isn[2] + 1, false, 0, 0);
	EXPECT_EQ(l->sk->sk_ack_backlog, 3);
	EXPECT_EQ(mib(LINUX_MIB_LISTENOVERFLOWS), ovf);
	EXPECT_EQ(tu_pending(dev), 0);
	/* The fourth final ACK finds it full. */
	ack_from(dev, 43003, 3001, isn[3] + 1, false, 0, 0);
	EXPECT_EQ(l->sk->sk_ack_backlog, 3);
	EXPECT_EQ(mib(LINUX_MIB_LISTENOVERFLOWS), ovf + 1);
	EXPECT_EQ(mib(LINUX_MIB_LISTENDROPS), drops + 1);
	if (abort_on_overflow) {
		ASSERT(tu_pop(dev, &s));
		EXPECT_EQ(s.flags, TCPHDR_RST);
		EXPECT_EQ(s.seq, isn[3] + 1);
		EXPECT_EQ(reqsk_queue_len(&inet_csk(l->sk)->icsk_accept_queue), 0);
	} else {
		/* Dropped silently: the request stays for the peer's retransmitted ACK. */
		EXPECT_EQ(tu_pending(dev), 0);
		EXPECT_EQ(reqsk_queue_len(&inet_csk(l->sk)->icsk_accept_queue), 1);
	}
	/* A new SYN while the accept queue is full is dropped and counted. */
	syn_from(dev, 43010, 1, NULL);
	EXPECT_EQ(tu_pending(dev), 0);
	EXPECT_EQ(mib(LINUX_MIB_LISTENOVERFLOWS), ovf + 2);
	EXPECT_EQ(mib(LINUX_MIB_LISTENDROPS), drops + 2);

	if (!abort_on_overflow) {
		/* Room again: the retransmitted last ACK is taken. */
		child = tu_accept(l, &err);
		ASSERT(child);
		tu_abort(child);
		ack_from(dev, 43003, 3001, isn[3] + 1, false, 0, 0);
		EXPECT_EQ(l->sk->sk_ack_backlog, 3);
		EXPECT_EQ(reqsk_queue_len(&inet_csk(l->sk)->icsk_accept_queue), 0);
	}
	while ((child = tu_accept(l, &err)) != NULL)
		tu_abort(child);
	sysctl_tcp_abort_on_overflow = 0;
	listener_done(dev, l);
	tu_end(dev);
}

TEST(tcp_accept_queue_overflow_drops_final_ack)
{
	overflow_test(0);
}

TEST(tcp_accept_queue_overflow_resets_with_abort_on_overflow)
{
	overflow_test(1);
}

TEST(tcp_listener_close_resets_queued_children)
{
	struct net_device *dev = tu_dev_up();
	struct socket *l = tu_listener(TU_PORT, 4);
	struct tu_seg s;

	ASSERT(l);
	syn_from(dev, 44000, 1, NULL);
	ASSERT(tu_pop(dev, &s));
	ack_from(dev, 44000, 2, s.seq + 1, false, 0, 0);
	syn_from(dev, 44001, 1, NULL);			/* still in the SYN queue */
	tu_drain(dev);
	EXPECT_EQ(l->sk->sk_ack_backlog, 1);
	tu_release(l);
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(s.flags, TCPHDR_RST | TCPHDR_ACK);	/* the accepted-never child is reset */
	EXPECT_EQ(s.dport, 44000);
	unit_advance(1000);				/* the request's timer finds no listener */
	EXPECT_EQ(tu_pending(dev), 0);
	tu_end(dev);
}

/* ---- SYN-ACK retransmission ----------------------------------------------------------------- */

TEST(tcp_synack_retransmit_backoff_then_expire)
{
	struct net_device *dev = tu_dev_up();
	struct socket *l = tu_listener(TU_PORT, 16);
	unsigned int gaps[] = { 1, 2, 4, 8, 16 };	/* seconds, tcp_synack_retries = 5 */
	struct tu_seg s;
	unsigned int i;
	u32 isn;

	ASSERT(l);
	ASSERT(sysctl_tcp_synack_retries == 5);
	syn_from(dev, 45000, 77, NULL);
	ASSERT(tu_pop(dev, &s));
	isn = s.seq;
	for (i = 0; i < ARRAY_SIZE(gaps); i++) {
		unit_advance(gaps[i] * 1000 - 1);
		EXPECT_EQ(tu_pending(dev), 0);
		unit_advance(1);
		ASSERT(tu_pop(dev, &s));
		EXPECT_EQ(s.flags, TCPHDR_SYN | TCPHDR_ACK);
		EXPECT_EQ(s.seq, isn);
		EXPECT_EQ(s.ack, 78);
		EXPECT_EQ(reqsk_live_count(), 1);
	}
	unit_advance(32 * 1000 - 1);
	EXPECT_EQ(reqsk_live_count(), 1);
	unit_advance(1);
	EXPECT_EQ(reqsk_live_count(), 0);		/* given up, nothing sent */
	EXPECT_EQ(tu_pending(dev), 0);
	EXPECT_EQ(reqsk_queue_len(&inet_csk(l->sk)->icsk_accept_queue), 0);
	/* The peer's late ACK finds nothing: RST. */
	ack_from(dev, 45000, 78, isn + 1, false, 0, 0);
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(s.flags, TCPHDR_RST);
	tu_release(l);
	tu_end(dev);
}

TEST(tcp_retransmitted_syn_gets_synack_again)
{
	struct net_device *dev = tu_dev_up();
	struct socket *l = tu_listener(TU_PORT, 16);
	struct tu_seg s;
	u32 isn;

	ASSERT(l);
	syn_from(dev, 45001, 500, NULL);
	ASSERT(tu_pop(dev, &s));
	isn = s.seq;
	syn_from(dev, 45001, 500, NULL);
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(s.flags, TCPHDR_SYN | TCPHDR_ACK);
	EXPECT_EQ(s.seq, isn);
	EXPECT_EQ(reqsk_live_count(), 1);
	listener_done(dev, l);
	tu_end(dev);
}
