// unit-sources: net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c
// unit-sources: tools/testing/unit/fake_netdev.c tools/testing/unit/tcp_unit.c
/*
 * Loss recovery (net/ipv4/tcp_recovery.c) checked against its RFCs, the
 * test as the receiving peer: the SACK scoreboard (RFC 2018, 6675) and
 * D-SACK (RFC 2883), RACK's reordering window and lost retransmissions
 * (RFC 8985 §6), the tail loss probe (§7), Proportional Rate Reduction
 * (RFC 6937), Eifel undo (RFC 3522). The receiver's side (the SACK
 * blocks we send, PAWS, window scaling) is test_tcp_rcv_options.c.
 *
 * Every connection first takes one RTT sample of 100 ms (SRTT = min RTT
 * = 100 ms, RTO 300 ms, cwnd 10), so the RFCs' timers have round numbers:
 * RACK's reordering window min_RTT/4 = 25 ms, the probe timeout 2 SRTT =
 * 200 ms. check_scoreboard() recounts packets_out, sacked_out, lost_out
 * and retrans_out from the write queue's TCPCB_* bits after every ACK:
 * RFC 6675's pipe (tcp_packets_in_flight) is only as good as those four.
 */
#include "unit.h"
#include "tcp_unit.h"

UNIT_SETUP(fake_net_setup)

#define RTT_MS		100
#define NSEG		64	/* segments a test tracks */

static u8 pattern[40 * 1460];

/* One connection: our socket sends, the test is the peer that receives and ACKs. */
struct flight {
	struct net_device *dev;
	struct socket *l;
	struct tu_conn c;
	struct sock *sk;
	struct tcp_sock *tp;
	bool ts;
	u32 mss;
	u32 base;		/* sequence number of segment 0 */
	u32 peer_tsval;		/* the peer's timestamp clock */
	u32 tsecr;		/* what the peer echoes next */
	u32 first_tsval[NSEG];	/* TSval of each segment's first transmission */
	u32 last_tsval[NSEG];	/* and of its latest */
	int sent[NSEG];		/* transmissions of each segment */
};

static struct flight F;

/* Sequence number of segment i (all segments are full-sized). */
#define S(f, i)	((f)->base + (u32)(i) * (f)->mss)

static void recount(const struct sock *sk, u32 *out, u32 *sacked, u32 *lost, u32 *retrans)
{
	const struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;

	*out = *sacked = *lost = *retrans = 0;
	skb_queue_walk(&sk->sk_write_queue, skb) {
		u8 b = TCP_SKB_CB(skb)->sacked;

		if (skb == tp->send_head)
			break;
		(*out)++;
		*sacked += !!(b & TCPCB_SACKED_ACKED);
		*lost += !!(b & TCPCB_LOST);
		*retrans += !!(b & TCPCB_RETRANS);
		if ((b & TCPCB_SACKED_ACKED) && (b & (TCPCB_LOST | TCPCB_RETRANS)))
			unit_fail(__FILE__, __LINE__, "segment %u SACKed and lost/retransmitted (%#x)",
				  TCP_SKB_CB(skb)->seq, b);
	}
}

/* The counters tcp_packets_in_flight() is made of, against the write queue's bits. */
static void check_scoreboard(const struct flight *f, int line)
{
	const struct tcp_sock *tp = f->tp;
	u32 out, sacked, lost, retrans;

	recount(f->sk, &out, &sacked, &lost, &retrans);
	if (out != tp->packets_out || sacked != tp->sacked_out || lost != tp->lost_out ||
	    retrans != tp->retrans_out)
		unit_fail(__FILE__, line, "scoreboard: the queue has out %u sacked %u lost %u retrans %u, "
			  "tcp_sock says %u %u %u %u", out, sacked, lost, retrans, tp->packets_out,
			  tp->sacked_out, tp->lost_out, tp->retrans_out);
	if (sacked + lost > out)
		unit_fail(__FILE__, line, "scoreboard: sacked %u + lost %u > out %u", sacked, lost, out);
	else if (tcp_packets_in_flight(tp) != out - sacked - lost + retrans)
		unit_fail(__FILE__, line, "pipe %u, RFC 6675 says %u", tcp_packets_in_flight(tp),
			  out - sacked - lost + retrans);
}
#define CHECK_SB(f)	check_scoreboard(f, __LINE__)

/* Bit b of segment i's TCPCB_* flags. */
static bool seg_has(const struct flight *f, int i, u8 b)
{
	struct sk_buff *skb;

	skb_queue_walk(&f->sk->sk_write_queue, skb)
		if (TCP_SKB_CB(skb)->seq == S(f, i))
			return TCP_SKB_CB(skb)->sacked & b;
	return false;
}

/* Pop what the host sent; idx[] gets each data segment's number. Returns how many. */
static int pop_data(struct flight *f, int *idx, int max)
{
	struct tu_seg s;
	int n = 0;

	while (tu_pop(f->dev, &s)) {
		int i;

		if (!s.dlen)
			continue;
		i = (int)((s.seq - f->base) / f->mss);
		if (s.dlen != f->mss || (s.seq - f->base) % f->mss || i < 0 || i >= NSEG) {
			unit_fail(__FILE__, __LINE__, "unexpected segment seq %u len %u", s.seq, s.dlen);
			continue;
		}
		if (!f->sent[i])
			f->first_tsval[i] = s.tsval;
		f->last_tsval[i] = s.tsval;
		f->sent[i]++;
		if (idx && n < max)
			idx[n] = i;
		n++;
	}
	return n;
}

/* The peer's ACK: cumulative ack, then n SACK blocks {start, end} (segment numbers). */
static void peer_ack(struct flight *f, u32 ack, int n, const int (*blk)[2])
{
	struct tu_in in = { .sport = f->c.rport, .dport = f->c.lport, .seq = f->c.pseq, .ack = ack,
			    .flags = TCPHDR_ACK, .win = 65535, .nsacks = n };
	int i;

	for (i = 0; i < n; i++) {
		in.sacks[i][0] = S(f, blk[i][0]);
		in.sacks[i][1] = S(f, blk[i][1]);
	}
	if (f->ts) {
		in.ts = true;
		in.tsval = ++f->peer_tsval;
		in.tsecr = f->tsecr;
	}
	tu_rx(f->dev, &in);
}

#define ACK(f, i)		peer_ack(f, S(f, i), 0, NULL)
#define SACK(f, i, ...)		do { const int __b[][2] = { __VA_ARGS__ };		\
		peer_ack(f, S(f, i), ARRAY_SIZE(__b), __b); } while (0)

static int set_ca(struct socket *sock, const char *name)
{
	return sock->ops->setsockopt(sock, SOL_TCP, TCP_CONGESTION, name, strlen(name));
}

/*
 * A server-side connection with SACK (and timestamps if ts), congestion
 * control ca, after one 100 ms RTT sample; segment 0 is the next to send.
 */
static int flight_open(struct flight *f, u16 port, bool ts, const char *ca)
{
	struct tu_in opts = { .mss = 1460, .sack_perm = true, .ts = ts, .tsval = 1000 };
	int sndbuf = 100000;
	struct tu_seg s;

	memset(f, 0, sizeof(*f));
	f->dev = tu_dev_up();
	f->l = tu_listener(TU_PORT, 4);
	if (!f->l || tu_passive_open(f->dev, f->l, port, &f->c, &opts))
		return -1;
	f->sk = tu_sk(&f->c);
	f->tp = tcp_sk(f->sk);
	f->ts = ts;
	f->peer_tsval = opts.tsval + 1;		/* the handshake's last ACK carried this */
	f->mss = f->tp->mss_cache;
	if (sock_setsockopt(f->c.sock, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf)))
		return -1;
	if (ca && set_ca(f->c.sock, ca))
		return -1;
	if (tu_send(f->c.sock, pattern, f->mss) != (int)f->mss || !tu_pop(f->dev, &s))
		return -1;
	unit_advance(RTT_MS);
	f->tsecr = s.tsval;
	f->base = s.seq + s.dlen;
	peer_ack(f, f->base, 0, NULL);
	tu_drain(f->dev);
	if (f->tp->srtt_us >> 3 != RTT_MS * 1000 || f->tp->min_rtt_us != RTT_MS * 1000 ||
	    f->tp->snd_cwnd != TCP_INIT_CWND || f->tp->packets_out)
		return -1;
	return 0;
}

/* Send nseg more full segments from the application. */
static void app_send(struct flight *f, int nseg)
{
	EXPECT_EQ(tu_send(f->c.sock, pattern, nseg * f->mss), nseg * f->mss);
}

static void flight_close(struct flight *f)
{
	tu_abort(f->c.sock);
	tu_release(f->l);
	tu_drain(f->dev);
	tu_end(f->dev);
}

#define STAT(x)		net_statistics[LINUX_MIB_##x]

/* ---- the SACK scoreboard (RFC 2018, RFC 6675) ---------------------------------------------------- */

TEST(sack_marks_exactly_the_whole_segments_covered)
{
	struct flight *f = &F;
	unsigned long discard = STAT(TCPSACKDISCARD);
	int i;

	ASSERT(flight_open(f, 47000, false, NULL) == 0);
	app_send(f, 10);
	EXPECT_EQ(pop_data(f, NULL, 0), 10);
	unit_advance(RTT_MS);
	/* A block that covers segment 3 whole and segment 2 in part marks 3 only. */
	{
		struct tu_in in = { .sport = f->c.rport, .dport = f->c.lport, .seq = f->c.pseq,
				    .ack = S(f, 0), .flags = TCPHDR_ACK, .win = 65535, .nsacks = 1 };

		in.sacks[0][0] = S(f, 2) + 1;
		in.sacks[0][1] = S(f, 4);
		tu_rx(f->dev, &in);
	}
	EXPECT_EQ(f->tp->sacked_out, 1);
	EXPECT(seg_has(f, 3, TCPCB_SACKED_ACKED));
	EXPECT(!seg_has(f, 2, TCPCB_SACKED_ACKED));
	CHECK_SB(f);
	SACK(f, 0, { 2, 3 });
	EXPECT_EQ(f->tp->sacked_out, 2);
	for (i = 0; i < 10; i++)
		EXPECT_EQ(seg_has(f, i, TCPCB_SACKED_ACKED), i == 2 || i == 3);
	CHECK_SB(f);
	EXPECT_EQ(STAT(TCPSACKDISCARD), discard);
	/* Beyond snd_nxt, and empty: discarded, counted, nothing marked (not even segment 9). */
	SACK(f, 0, { 9, 11 }, { 5, 5 });
	EXPECT_EQ(STAT(TCPSACKDISCARD), discard + 2);
	EXPECT_EQ(f->tp->sacked_out, 2);
	EXPECT(!seg_has(f, 9, TCPCB_SACKED_ACKED));
	CHECK_SB(f);
	/* Segment 0 arrives: a second block wholly below the new snd_una is discarded. */
	SACK(f, 1, { 2, 4 }, { 0, 1 });
	EXPECT_EQ(STAT(TCPSACKDISCARD), discard + 3);
	EXPECT_EQ(f->tp->packets_out, 9);
	EXPECT_EQ(f->tp->sacked_out, 2);
	EXPECT_EQ(f->tp->lost_out, 0);
	CHECK_SB(f);
	ACK(f, 10);
	EXPECT_EQ(f->tp->packets_out, 0);
	EXPECT_EQ(f->tp->sacked_out, 0);
	CHECK_SB(f);
	flight_close(f);
}

TEST(dsack_is_counted_and_marks_nothing)
{
	struct flight *f = &F;
	unsigned long dsack = STAT(TCPDSACKRECV), discard = STAT(TCPSACKDISCARD);

	ASSERT(flight_open(f, 47001, false, NULL) == 0);
	app_send(f, 10);
	EXPECT_EQ(pop_data(f, NULL, 0), 10);
	unit_advance(RTT_MS);
	ACK(f, 1);
	/* RFC 2883 §4: a first block below the cumulative ACK reports a duplicate. */
	SACK(f, 1, { 0, 1 });
	EXPECT_EQ(STAT(TCPDSACKRECV), dsack + 1);
	EXPECT_EQ(f->tp->sacked_out, 0);
	CHECK_SB(f);
	/* A first block inside the second: a duplicate of SACKed data; the second still marks. */
	SACK(f, 1, { 3, 4 }, { 2, 5 });
	EXPECT_EQ(STAT(TCPDSACKRECV), dsack + 2);
	EXPECT_EQ(f->tp->sacked_out, 3);
	EXPECT_EQ(STAT(TCPSACKDISCARD), discard);	/* a D-SACK is not an invalid block */
	CHECK_SB(f);
	ACK(f, 10);
	CHECK_SB(f);
	flight_close(f);
}

TEST(scoreboard_stays_consistent_through_sack_loss_retransmit_rto_and_ack)
{
	struct flight *f = &F;
	int idx[NSEG], n;

	ASSERT(flight_open(f, 47002, false, NULL) == 0);
	app_send(f, 20);
	EXPECT_EQ(pop_data(f, NULL, 0), 10);
	CHECK_SB(f);
	unit_advance(RTT_MS);
	SACK(f, 0, { 2, 3 });
	CHECK_SB(f);
	EXPECT_EQ(pop_data(f, idx, NSEG), 1);	/* pipe 9 < cwnd: new data (RFC 6675 §5) */
	EXPECT_EQ(idx[0], 10);
	CHECK_SB(f);
	SACK(f, 0, { 2, 4 });
	EXPECT_EQ(pop_data(f, idx, NSEG), 1);
	CHECK_SB(f);
	SACK(f, 0, { 2, 5 });			/* DupThresh: 0 and 1 are lost */
	CHECK_SB(f);
	EXPECT_EQ(f->tp->ca_state, TCP_CA_Recovery);
	EXPECT(seg_has(f, 0, TCPCB_LOST) && seg_has(f, 1, TCPCB_LOST));
	n = pop_data(f, idx, NSEG);
	ASSERT(n >= 1);
	EXPECT_EQ(idx[0], 0);
	CHECK_SB(f);
	SACK(f, 0, { 2, 6 });
	pop_data(f, NULL, 0);
	CHECK_SB(f);
	SACK(f, 1, { 2, 7 });			/* the retransmitted 0 arrived */
	pop_data(f, NULL, 0);
	CHECK_SB(f);
	/* Then silence: the RTO marks everything not SACKed lost and resends the head. */
	n = 0;
	while (!tu_pending(f->dev) && n++ < 2000)
		unit_advance(1);
	EXPECT_EQ(f->tp->ca_state, TCP_CA_Loss);
	CHECK_SB(f);
	EXPECT(f->tp->lost_out > 0);
	n = pop_data(f, idx, NSEG);
	ASSERT(n >= 1);
	EXPECT_EQ(idx[0], 1);
	CHECK_SB(f);
	ACK(f, 7);
	pop_data(f, NULL, 0);
	CHECK_SB(f);
	for (n = 0; n < 10 && f->tp->packets_out; n++) {
		ACK(f, (tu_snd_nxt(&f->c) - f->base) / f->mss);
		pop_data(f, NULL, 0);
		CHECK_SB(f);
	}
	EXPECT_EQ(f->tp->packets_out, 0);
	EXPECT_EQ(f->tp->sacked_out + f->tp->lost_out + f->tp->retrans_out, 0);
	flight_close(f);
}

/* ---- RACK (RFC 8985 §6) --------------------------------------------------------------------------- */

/* Milliseconds until the host sends something, at most max. */
static unsigned int ms_until_sent(struct flight *f, unsigned int max)
{
	unsigned int ms = 0;

	while (!tu_pending(f->dev) && ms < max) {
		unit_advance(1);
		ms++;
	}
	return ms;
}

TEST(rack_marks_a_reordered_segment_lost_only_after_rtt_plus_reo_wnd)
{
	struct flight *f = &F;
	unsigned long rec = STAT(TCPSACKRECOVERY);
	int idx[4];

	ASSERT(flight_open(f, 47010, false, NULL) == 0);
	app_send(f, 10);
	EXPECT_EQ(pop_data(f, NULL, 0), 10);
	unit_advance(RTT_MS);
	/* Segment 1 delivered, 0 not: lost only after RACK.rtt + reo_wnd (min_RTT / 4 = 25 ms). */
	SACK(f, 0, { 1, 2 });
	EXPECT_EQ(f->tp->lost_out, 0);
	EXPECT_EQ(tu_pending(f->dev), 0);
	EXPECT_EQ(inet_csk(f->sk)->icsk_pending, ICSK_TIME_REO_TIMEOUT);
	CHECK_SB(f);
	/* The REO timer fires then (one jiffy of rounding up allowed), marks 0, retransmits it. */
	EXPECT_EQ(ms_until_sent(f, 1000), 26);
	EXPECT_EQ(f->tp->ca_state, TCP_CA_Recovery);
	EXPECT_EQ(STAT(TCPSACKRECOVERY), rec + 1);
	EXPECT_EQ(pop_data(f, idx, 4), 1);
	EXPECT_EQ(idx[0], 0);
	EXPECT(seg_has(f, 0, TCPCB_LOST | TCPCB_RETRANS));
	EXPECT(!seg_has(f, 2, TCPCB_LOST));		/* sent after 1: not judged */
	CHECK_SB(f);
	ACK(f, 10);
	EXPECT_EQ(f->tp->ca_state, TCP_CA_Open);
	CHECK_SB(f);
	flight_close(f);
}

TEST(rack_marks_nothing_when_the_reordering_resolves_in_time)
{
	struct flight *f = &F;
	unsigned long rec = STAT(TCPSACKRECOVERY), retr = tcp_statistics[TCP_MIB_RETRANSSEGS];

	ASSERT(flight_open(f, 47011, false, NULL) == 0);
	app_send(f, 10);
	EXPECT_EQ(pop_data(f, NULL, 0), 10);
	unit_advance(RTT_MS);
	SACK(f, 0, { 1, 2 });
	unit_advance(10);
	ACK(f, 2);				/* 0 was only late */
	unit_advance(50);			/* past the reordering window */
	EXPECT_EQ(tu_pending(f->dev), 0);
	EXPECT_EQ(f->tp->lost_out, 0);
	EXPECT_EQ(f->tp->ca_state, TCP_CA_Open);
	EXPECT_EQ(STAT(TCPSACKRECOVERY), rec);
	EXPECT_EQ(tcp_statistics[TCP_MIB_RETRANSSEGS], retr);
	CHECK_SB(f);
	ACK(f, 10);
	flight_close(f);
}

TEST(rack_reo_wnd_is_zero_after_dupthresh_sacks)
{
	struct flight *f = &F;
	int idx[4];

	ASSERT(flight_open(f, 47012, false, NULL) == 0);
	app_send(f, 10);
	EXPECT_EQ(pop_data(f, NULL, 0), 10);
	unit_advance(RTT_MS);
	SACK(f, 0, { 1, 2 });
	SACK(f, 0, { 1, 3 });
	EXPECT_EQ(f->tp->lost_out, 0);
	EXPECT_EQ(tu_pending(f->dev), 0);
	/* The third SACKed segment (DupThresh): no reordering window, 0 is lost now. */
	SACK(f, 0, { 1, 4 });
	EXPECT_EQ(f->tp->lost_out, 1);
	EXPECT_EQ(f->tp->ca_state, TCP_CA_Recovery);
	ASSERT(pop_data(f, idx, 4) >= 1);
	EXPECT_EQ(idx[0], 0);
	CHECK_SB(f);
	ACK(f, 10);
	flight_close(f);
}

TEST(rack_detects_a_lost_retransmission)
{
	struct flight *f = &F;
	unsigned long lostrtx = STAT(TCPLOSTRETRANSMIT);
	int idx[NSEG], n;

	ASSERT(flight_open(f, 47013, false, NULL) == 0);
	app_send(f, 20);
	EXPECT_EQ(pop_data(f, NULL, 0), 10);
	unit_advance(RTT_MS);
	SACK(f, 0, { 1, 4 });			/* 0 lost: fast retransmit at t = 100 */
	ASSERT(pop_data(f, idx, NSEG) >= 1);
	EXPECT_EQ(idx[0], 0);
	CHECK_SB(f);
	unit_advance(1);
	SACK(f, 0, { 1, 5 });			/* PRR lets new data go: segment 10 at t = 101 */
	n = pop_data(f, idx, NSEG);
	ASSERT(n >= 1);
	EXPECT_EQ(idx[n - 1], 10);
	CHECK_SB(f);
	/*
	 * One RTT later segment 10 is SACKed, the retransmission of 0 (sent
	 * before it) is not: RACK says it was lost too (§6.2 step 5).
	 */
	unit_advance(RTT_MS);
	SACK(f, 0, { 10, 11 }, { 1, 5 });
	EXPECT_EQ(STAT(TCPLOSTRETRANSMIT), lostrtx + 1);
	n = pop_data(f, idx, NSEG);
	ASSERT(n >= 1);
	EXPECT_EQ(idx[0], 0);
	EXPECT_EQ(f->sent[0], 3);
	CHECK_SB(f);
	flight_close(f);
}

/* ---- tail loss probe (RFC 8985 §7) -------------------------------------------------------------- */

TEST(tlp_probe_sends_new_data_after_2_srtt_when_no_ack_comes)
{
	struct flight *f = &F;
	unsigned long probes = STAT(TCPLOSSPROBES), retr = tcp_statistics[TCP_MIB_RETRANSSEGS];
	int idx[4];

	ASSERT(flight_open(f, 47020, false, NULL) == 0);
	EXPECT_EQ(jiffies_to_msecs(inet_csk(f->sk)->icsk_rto), 300);
	app_send(f, 11);			/* cwnd 10: segment 10 waits */
	EXPECT_EQ(pop_data(f, NULL, 0), 10);
	/* PTO = 2 SRTT = 200 ms (+ a jiffy of rounding), before the RTO. */
	EXPECT_EQ(ms_until_sent(f, 1000), 201);
	EXPECT_EQ(pop_data(f, idx, 4), 1);
	EXPECT_EQ(idx[0], 10);			/* new data, as §7.3 prefers */
	EXPECT_EQ(STAT(TCPLOSSPROBES), probes + 1);
	EXPECT_EQ(tcp_statistics[TCP_MIB_RETRANSSEGS], retr);
	EXPECT_EQ(f->tp->tlp_high_seq, S(f, 11));
	CHECK_SB(f);
	ACK(f, 11);
	EXPECT_EQ(f->tp->tlp_high_seq, 0);
	flight_close(f);
}

TEST(tlp_probe_retransmits_the_tail_and_its_sack_starts_recovery)
{
	struct flight *f = &F;
	unsigned long probes = STAT(TCPLOSSPROBES), rec = STAT(TCPSACKRECOVERY);
	int idx[NSEG], n;

	ASSERT(flight_open(f, 47021, false, NULL) == 0);
	app_send(f, 10);
	EXPECT_EQ(pop_data(f, NULL, 0), 10);
	unit_advance(RTT_MS);
	ACK(f, 7);				/* 7, 8, 9 were lost */
	EXPECT_EQ(inet_csk(f->sk)->icsk_pending, ICSK_TIME_LOSS_PROBE);
	EXPECT_EQ(ms_until_sent(f, 1000), 201);	/* 2 SRTT, not the 300 ms RTO */
	EXPECT_EQ(pop_data(f, idx, NSEG), 1);
	EXPECT_EQ(idx[0], 9);			/* nothing new to send: the last segment again */
	EXPECT_EQ(STAT(TCPLOSSPROBES), probes + 1);
	CHECK_SB(f);
	/* The probe arrives; its SACK shows 7 and 8 missing: fast recovery, not an RTO. */
	unit_advance(RTT_MS);
	SACK(f, 7, { 9, 10 });
	EXPECT_EQ(f->tp->ca_state, TCP_CA_Recovery);
	EXPECT_EQ(STAT(TCPSACKRECOVERY), rec + 1);
	EXPECT(seg_has(f, 7, TCPCB_LOST) && seg_has(f, 8, TCPCB_LOST));
	n = pop_data(f, idx, NSEG);
	ASSERT(n >= 1);
	EXPECT_EQ(idx[0], 7);
	CHECK_SB(f);
	flight_close(f);
}

/* ---- PRR (RFC 6937) ------------------------------------------------------------------------------ */

/*
 * RFC 6937 §3, what one ACK lets PRR send: the proportional part while
 * pipe > ssthresh, else the reduction bound, PRR-SSRB (with the +1 only
 * on an ACK that advances snd.una, as RFC 6937bis and Linux have it).
 */
static int prr_sndcnt(int ssthresh, int recover_fs, int prr_delivered, int prr_out, int pipe,
		      int delivered, bool una_advanced)
{
	int sndcnt;

	if (pipe > ssthresh) {
		sndcnt = (prr_delivered * ssthresh + recover_fs - 1) / recover_fs - prr_out;
	} else {
		int limit = max(prr_delivered - prr_out, delivered) + (una_advanced ? 1 : 0);

		sndcnt = min(ssthresh - pipe, limit);
	}
	return max(sndcnt, prr_out ? 0 : 1);	/* the first ACK: the fast retransmit */
}

/* One cwnd-20 round trip, so ssthresh (Reno) is 10 and RecoverFS 20. */
static void grow_to_20(struct flight *f)
{
	app_send(f, 10);
	EXPECT_EQ(pop_data(f, NULL, 0), 10);
	unit_advance(RTT_MS);
	ACK(f, 10);
	EXPECT_EQ(f->tp->snd_cwnd, 20);
	f->base = S(f, 10);
	memset(f->sent, 0, sizeof(f->sent));
}

TEST(prr_proportional_part_sends_ssthresh_over_recoverfs_per_delivery)
{
	struct flight *f = &F;
	int idx[NSEG], n, prr_out = 0;

	ASSERT(flight_open(f, 47030, false, "reno") == 0);
	grow_to_20(f);
	app_send(f, 40);
	EXPECT_EQ(pop_data(f, NULL, 0), 20);
	unit_advance(RTT_MS);
	/* 0 and 4 are lost. ACK 1: 3 delivered; pipe = 20 - 3 - 1 = 16 > ssthresh 10. */
	SACK(f, 0, { 1, 4 });
	EXPECT_EQ(f->tp->snd_ssthresh, 10);
	n = pop_data(f, idx, NSEG);
	EXPECT_EQ(n, prr_sndcnt(10, 20, 3, 0, 16, 3, false));		/* ceil(3 * 10 / 20) = 2 */
	EXPECT_EQ(idx[0], 0);
	prr_out += n;
	CHECK_SB(f);
	/* ACK 2: 5 delivered, 4 now lost; pipe = 21 - 4 - 2 + 1 = 16. */
	SACK(f, 0, { 1, 4 }, { 5, 6 });
	n = pop_data(f, idx, NSEG);
	EXPECT_EQ(n, prr_sndcnt(10, 20, 4, prr_out, 16, 1, false));	/* ceil(40 / 20) - 2 = 0 */
	prr_out += n;
	CHECK_SB(f);
	/*
	 * ACK 3, the retransmitted 0 arrives: snd.una moves 4 segments, 3 of
	 * which were SACKed - DeliveredData is 1 (§3: the change in snd.una
	 * plus the change in SACKed). pipe = 17 - 1 - 1 = 15.
	 */
	SACK(f, 4, { 5, 6 });
	n = pop_data(f, idx, NSEG);
	EXPECT_EQ(n, prr_sndcnt(10, 20, 5, prr_out, 15, 1, true));	/* ceil(50 / 20) - 2 = 1 */
	if (n)
		EXPECT_EQ(idx[0], 4);
	prr_out += n;
	CHECK_SB(f);
	/* ACKs 4..: one more delivered each; pipe 15, 14, ... stays above 10 for a while. */
	SACK(f, 4, { 5, 7 });
	n = pop_data(f, idx, NSEG);
	EXPECT_EQ(n, prr_sndcnt(10, 20, 6, prr_out, tcp_packets_in_flight(f->tp) - n, 1, false));
	prr_out += n;
	CHECK_SB(f);
	EXPECT_EQ(f->tp->prr_delivered, 6);
	EXPECT_EQ(f->tp->prr_out, prr_out);
	flight_close(f);
}

TEST(prr_reduction_bound_first_ack_retransmits_and_recovery_ends_at_ssthresh)
{
	struct flight *f = &F;
	int idx[NSEG], n, prr_out = 0, i;

	ASSERT(flight_open(f, 47031, false, "reno") == 0);
	app_send(f, 30);
	EXPECT_EQ(pop_data(f, NULL, 0), 10);
	unit_advance(RTT_MS);
	/*
	 * 0..4 lost, 5..9 SACKed. ACK 1 (5, 6, 7): five lost, pipe = 10 - 3 - 5
	 * = 2 <= ssthresh 5: PRR-SSRB sends min(5 - 2, max(3 - 0, 3)) = 3.
	 */
	SACK(f, 0, { 5, 8 });
	EXPECT_EQ(f->tp->snd_ssthresh, 5);
	EXPECT_EQ(f->tp->lost_out, 5);
	n = pop_data(f, idx, NSEG);
	EXPECT_EQ(n, prr_sndcnt(5, 10, 3, 0, 2, 3, false));
	for (i = 0; i < n; i++)
		EXPECT_EQ(idx[i], i);
	prr_out += n;
	CHECK_SB(f);
	/* ACK 2 (8): pipe = 10 - 4 - 5 + 3 = 4: min(1, max(4 - 3, 1)) = 1. */
	SACK(f, 0, { 5, 9 });
	n = pop_data(f, idx, NSEG);
	EXPECT_EQ(n, prr_sndcnt(5, 10, 4, prr_out, 4, 1, false));
	prr_out += n;
	/* ACK 3 (9): pipe = 10 - 5 - 5 + 4 = 4: 1, the last retransmission. */
	SACK(f, 0, { 5, 10 });
	n = pop_data(f, idx, NSEG);
	EXPECT_EQ(n, prr_sndcnt(5, 10, 5, prr_out, 4, 1, false));
	prr_out += n;
	EXPECT_EQ(f->sent[4], 2);
	CHECK_SB(f);
	/* The retransmissions arrive one by one; each ACK advances snd.una by one. */
	for (i = 1; i <= 4; i++) {
		int pipe;

		unit_advance(i == 1 ? RTT_MS : 1);
		SACK(f, i, { 5, 10 });
		n = pop_data(f, idx, NSEG);
		/* pipe before sending: out 10 - i + (new sent so far), SACKed 5, lost = retrans = 5 - i. */
		pipe = (10 - i + (prr_out - 5)) - 5;
		EXPECT_EQ(n, prr_sndcnt(5, 10, 5 + i, prr_out, pipe, 1, true));
		prr_out += n;
		CHECK_SB(f);
	}
	EXPECT_EQ(f->tp->ca_state, TCP_CA_Recovery);
	/* The last hole fills (snd.una passes the recovery point): cwnd = ssthresh (§3). */
	ACK(f, 10);
	EXPECT_EQ(f->tp->ca_state, TCP_CA_Open);
	EXPECT_EQ(f->tp->snd_cwnd, 5);
	CHECK_SB(f);
	flight_close(f);
}

TEST(prr_first_ack_always_allows_the_fast_retransmit)
{
	struct flight *f = &F;
	int idx[NSEG];

	ASSERT(flight_open(f, 47032, false, "reno") == 0);
	app_send(f, 20);
	EXPECT_EQ(pop_data(f, NULL, 0), 10);
	unit_advance(RTT_MS);
	/* 0 and 1 lost, 2..4 SACKed: pipe = 10 - 3 - 2 = 5 = ssthresh, so SSRB allows 0 - but one goes. */
	SACK(f, 0, { 2, 5 });
	EXPECT_EQ(prr_sndcnt(5, 10, 3, 0, 5, 3, false), 1);
	EXPECT_EQ(pop_data(f, idx, NSEG), 1);
	EXPECT_EQ(idx[0], 0);
	EXPECT_EQ(f->tp->snd_cwnd, 6);
	CHECK_SB(f);
	flight_close(f);
}

/* ---- undo (RFC 3522, Eifel) ---------------------------------------------------------------------- */

TEST(undo_after_a_spurious_fast_retransmit_with_timestamps)
{
	struct flight *f = &F;
	unsigned long full = STAT(TCPFULLUNDO);
	u32 ssthresh;

	ASSERT(flight_open(f, 47040, true, NULL) == 0);
	ssthresh = f->tp->snd_ssthresh;
	app_send(f, 10);
	EXPECT_EQ(pop_data(f, NULL, 0), 10);
	unit_advance(RTT_MS);
	SACK(f, 0, { 1, 4 });			/* 0 only delayed, but RACK cannot know */
	EXPECT_EQ(f->tp->ca_state, TCP_CA_Recovery);
	EXPECT(f->tp->snd_ssthresh < ssthresh);
	EXPECT_EQ(pop_data(f, NULL, 0), 1);
	EXPECT_EQ(f->sent[0], 2);
	EXPECT(f->last_tsval[0] > f->first_tsval[0]);
	/* The original 0 arrives: the ACK echoes its TSval, older than the retransmission's. */
	unit_advance(5);
	f->tsecr = f->first_tsval[0];
	ACK(f, 10);
	EXPECT_EQ(STAT(TCPFULLUNDO), full + 1);
	EXPECT_EQ(f->tp->ca_state, TCP_CA_Open);
	EXPECT_EQ(f->tp->snd_ssthresh, ssthresh);
	EXPECT(f->tp->snd_cwnd >= TCP_INIT_CWND);
	CHECK_SB(f);
	flight_close(f);
}

TEST(no_undo_on_duplicate_acks_of_a_real_loss_with_timestamps)
{
	struct flight *f = &F;
	unsigned long full = STAT(TCPFULLUNDO);
	u32 ssthresh;

	ASSERT(flight_open(f, 47041, true, NULL) == 0);
	app_send(f, 10);
	EXPECT_EQ(pop_data(f, NULL, 0), 10);
	unit_advance(RTT_MS);
	SACK(f, 0, { 1, 4 });
	EXPECT_EQ(pop_data(f, NULL, 0), 1);
	ssthresh = f->tp->snd_ssthresh;
	/*
	 * 0 really was lost. The receiver's duplicate ACKs keep echoing
	 * TS.Recent - the TSval of the last in-order segment, older than our
	 * retransmission (RFC 7323 §4.3). That is no evidence of a spurious
	 * retransmission: Eifel judges only the first ACK that acknowledges
	 * the retransmitted data (RFC 3522 §3.2 step 5).
	 */
	unit_advance(1);
	SACK(f, 0, { 1, 5 });
	EXPECT_EQ(STAT(TCPFULLUNDO), full);
	EXPECT_EQ(f->tp->ca_state, TCP_CA_Recovery);
	EXPECT_EQ(f->tp->snd_ssthresh, ssthresh);
	CHECK_SB(f);
	pop_data(f, NULL, 0);
	/* The retransmission arrives: its TSval is echoed, no undo, recovery ends at ssthresh. */
	unit_advance(RTT_MS);
	f->tsecr = f->last_tsval[0];
	ACK(f, 10);
	EXPECT_EQ(STAT(TCPFULLUNDO), full);
	EXPECT_EQ(f->tp->ca_state, TCP_CA_Open);
	EXPECT_EQ(f->tp->snd_cwnd, ssthresh);
	CHECK_SB(f);
	flight_close(f);
}

TEST(undo_after_a_spurious_rto_with_timestamps)
{
	struct flight *f = &F;
	unsigned long lundo = STAT(TCPLOSSUNDO), spur = STAT(TCPSPURIOUSRTOS);

	ASSERT(flight_open(f, 47042, true, NULL) == 0);
	app_send(f, 1);				/* one segment: PTO > RTO, so the RTO fires */
	EXPECT_EQ(pop_data(f, NULL, 0), 1);
	EXPECT_EQ(ms_until_sent(f, 1000), 300);
	EXPECT_EQ(pop_data(f, NULL, 0), 1);
	EXPECT_EQ(f->tp->ca_state, TCP_CA_Loss);
	EXPECT_EQ(f->tp->snd_cwnd, 1);
	CHECK_SB(f);
	unit_advance(5);
	f->tsecr = f->first_tsval[0];		/* the original's ACK was only late */
	ACK(f, 1);
	EXPECT_EQ(STAT(TCPLOSSUNDO), lundo + 1);
	EXPECT_EQ(STAT(TCPSPURIOUSRTOS), spur + 1);
	EXPECT_EQ(f->tp->ca_state, TCP_CA_Open);
	EXPECT(f->tp->snd_cwnd >= TCP_INIT_CWND);
	EXPECT_EQ(f->tp->snd_ssthresh, 0x7fffffff);
	CHECK_SB(f);
	flight_close(f);
}

TEST(no_undo_without_timestamps)
{
	struct flight *f = &F;
	unsigned long full = STAT(TCPFULLUNDO), lundo = STAT(TCPLOSSUNDO);
	u32 ssthresh;

	ASSERT(flight_open(f, 47043, false, NULL) == 0);
	app_send(f, 10);
	EXPECT_EQ(pop_data(f, NULL, 0), 10);
	unit_advance(RTT_MS);
	SACK(f, 0, { 1, 4 });
	EXPECT_EQ(pop_data(f, NULL, 0), 1);
	ssthresh = f->tp->snd_ssthresh;
	unit_advance(5);
	ACK(f, 10);				/* perhaps the original, perhaps not: nobody can tell */
	EXPECT_EQ(STAT(TCPFULLUNDO), full);
	EXPECT_EQ(f->tp->snd_cwnd, ssthresh);
	/* And after an RTO. */
	app_send(f, 1);
	EXPECT_EQ(pop_data(f, NULL, 0), 1);
	EXPECT(ms_until_sent(f, 2000) < 2000);
	EXPECT_EQ(f->tp->ca_state, TCP_CA_Loss);
	unit_advance(5);
	ACK(f, 11);
	EXPECT_EQ(STAT(TCPLOSSUNDO), lundo);
	EXPECT(f->tp->snd_cwnd < TCP_INIT_CWND);
	CHECK_SB(f);
	flight_close(f);
}

/* ---- options and the MTU --------------------------------------------------------------------- */

/* The peer's data with a 100-byte hole before it: we owe it a SACK block from now on. */
static void peer_data_after_a_hole(struct flight *f)
{
	static const u8 data[100];
	struct tu_in in = { .sport = f->c.rport, .dport = f->c.lport, .seq = f->c.pseq + 100,
			    .ack = f->base, .flags = TCPHDR_ACK, .win = 65535, .ts = true,
			    .tsval = ++f->peer_tsval, .tsecr = f->tsecr, .data = data, .len = sizeof(data) };

	tu_rx(f->dev, &in);
}

/*
 * While we owe the peer SACK blocks every segment carries them, so the
 * payload shrinks to keep the packet within the MTU - the RTO's
 * retransmission too. Full segments plus the blocks were refused with
 * EMSGSIZE at every RTO, and two guests echoing 16 MiB stalled for good.
 */
TEST(segments_carrying_sack_blocks_fit_the_mtu_even_when_retransmitted)
{
	struct flight *f = &F;
	unsigned int full;
	struct tu_seg s;
	int data = 0;

	ASSERT(flight_open(f, 47044, true, NULL) == 0);
	full = f->mss;
	peer_data_after_a_hole(f);
	ASSERT(tu_pop(f->dev, &s));		/* the duplicate ACK: it reports the block */
	EXPECT_EQ(s.nsacks, 1);
	EXPECT_EQ(tcp_current_mss(f->sk), full - 12);	/* nop, nop, SACK 10 bytes */
	tu_drain(f->dev);
	EXPECT_EQ(tu_send(f->c.sock, pattern, 2 * full), 2 * full);
	while (tu_pop(f->dev, &s)) {
		if (!s.dlen)
			continue;
		data++;
		EXPECT_EQ(s.nsacks, 1);
		EXPECT(s.rawlen <= 1500);
		EXPECT(s.dlen <= full - 12);
	}
	EXPECT(data >= 2);
	/* No ACK comes: the tail loss probe, then the RTO resends the first, block and all. */
	while (ms_until_sent(f, 3000) < 3000 && tu_pop(f->dev, &s)) {
		EXPECT_EQ(s.nsacks, 1);
		EXPECT(s.dlen > 0 && s.rawlen <= 1500);
		if (s.seq == f->base)
			break;
	}
	EXPECT_EQ(s.seq, f->base);
	EXPECT_EQ(f->tp->ca_state, TCP_CA_Loss);
	EXPECT_EQ(f->tp->retrans_out, 1);
	flight_close(f);
}

/* ---- SACK reneging (RFC 2018 §8) ---------------------------------------------------------------- */

/*
 * The peer SACKs 1-3, then acknowledges 0 alone and never more: it threw
 * 1-3 away (as our own receiver may under memory pressure). Half an RTT
 * later the RTO path must resend them; trusting the old SACKs left
 * nothing to resend at any RTO.
 */
TEST(rto_after_sack_reneging_resends_what_was_sacked)
{
	struct flight *f = &F;
	unsigned long reneg = STAT(TCPSACKRENEGING);
	int idx[8] = { -1 }, n;

	ASSERT(flight_open(f, 47045, false, NULL) == 0);
	app_send(f, 4);
	EXPECT_EQ(pop_data(f, NULL, 0), 4);
	unit_advance(RTT_MS);
	SACK(f, 0, { 1, 4 });
	EXPECT_EQ(pop_data(f, idx, 8), 1);	/* three SACKed past it: 0 is resent at once */
	EXPECT_EQ(idx[0], 0);
	EXPECT(seg_has(f, 1, TCPCB_SACKED_ACKED) && seg_has(f, 3, TCPCB_SACKED_ACKED));
	unit_advance(RTT_MS);
	ACK(f, 1);				/* 0 arrived; 1-3 are gone at the peer */
	CHECK_SB(f);
	/* Half an RTT for a late ACK (srtt 100 ms), not a whole RTO (>= 300 ms). */
	EXPECT_EQ(ms_until_sent(f, 3000), 50);
	n = pop_data(f, idx, 8);
	EXPECT(n >= 1);
	EXPECT_EQ(idx[0], 1);
	EXPECT_EQ(STAT(TCPSACKRENEGING), reneg + 1);
	EXPECT(!seg_has(f, 2, TCPCB_SACKED_ACKED) && seg_has(f, 2, TCPCB_LOST));
	EXPECT_EQ(f->tp->sacked_out, 0);
	CHECK_SB(f);
	unit_advance(RTT_MS);
	ACK(f, 4);
	EXPECT_EQ(f->tp->packets_out, 0);
	CHECK_SB(f);
	flight_close(f);
}
