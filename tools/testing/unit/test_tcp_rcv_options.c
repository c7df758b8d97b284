// unit-sources: net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c
// unit-sources: tools/testing/unit/fake_netdev.c tools/testing/unit/tcp_unit.c
/*
 * The receiver's side of the options loss recovery depends on, the test
 * as the sending peer: the SACK blocks we send (RFC 2018 §4: newest
 * first, merged, dropped as rcv_nxt passes them; three beside timestamps)
 * and D-SACK for a duplicate (RFC 2883); PAWS (RFC 7323 §5) and window
 * scaling both ways (§2). The sender's side is test_tcp_recovery.c.
 */
#include "unit.h"
#include "tcp_unit.h"

UNIT_SETUP(fake_net_setup)

static u8 pattern[40 * 1460];	/* payload; its bytes do not matter here */
#define STAT(x)		net_statistics[LINUX_MIB_##x]

/* ---- the receiver's SACK blocks (RFC 2018 §4, RFC 2883) -------------------------------------------- */

struct rcv {
	struct net_device *dev;
	struct tu_conn c;
	bool ts;
	u32 tsval;
	u32 base;
};

static void rcv_open(struct rcv *r, bool ts)
{
	struct tu_in opts = { .mss = 1460, .sack_perm = true, .ts = ts, .tsval = 500 };

	memset(r, 0, sizeof(*r));
	r->dev = tu_dev_up();
	r->ts = ts;
	r->tsval = 500;
	EXPECT_EQ(tu_active_open(r->dev, &r->c, &opts), 0);
	r->base = r->c.pseq;
}

/* The peer sends bytes [from, to) of its stream (offsets from base); we answer with s. */
static bool rcv_data(struct rcv *r, u32 from, u32 to, struct tu_seg *s)
{
	struct tu_in in = { .sport = r->c.rport, .dport = r->c.lport, .seq = r->base + from,
			    .ack = tu_snd_nxt(&r->c), .flags = TCPHDR_ACK, .win = 65535,
			    .data = pattern, .len = to - from };

	if (r->ts) {
		in.ts = true;
		in.tsval = ++r->tsval;
	}
	tu_rx(r->dev, &in);
	return tu_pop(r->dev, s);
}

/* The blocks of s, as offsets, against the expected list {start, end, ...}. */
static void expect_blocks(struct rcv *r, const struct tu_seg *s, int line, int n, const u32 *want)
{
	int i;

	if (s->nsacks != n) {
		unit_fail(__FILE__, line, "%d SACK blocks, want %d", s->nsacks, n);
		return;
	}
	for (i = 0; i < n; i++)
		if (s->sacks[i][0] - r->base != want[2 * i] || s->sacks[i][1] - r->base != want[2 * i + 1])
			unit_fail(__FILE__, line, "block %d is [%u, %u), want [%u, %u)", i,
				  s->sacks[i][0] - r->base, s->sacks[i][1] - r->base, want[2 * i],
				  want[2 * i + 1]);
}
#define BLOCKS(r, s, ...) do { const u32 __w[] = { __VA_ARGS__ };			\
		expect_blocks(r, s, __LINE__, ARRAY_SIZE(__w) / 2, __w); } while (0)
#define NO_BLOCKS(r, s)	expect_blocks(r, s, __LINE__, 0, NULL)

TEST(receiver_sack_blocks_newest_first_merged_and_removed_as_rcv_nxt_passes)
{
	struct rcv r;
	struct tu_seg s;

	rcv_open(&r, false);
	ASSERT(rcv_data(&r, 200, 300, &s));
	EXPECT_EQ(s.ack, r.base);
	BLOCKS(&r, &s, 200, 300);
	ASSERT(rcv_data(&r, 400, 500, &s));
	BLOCKS(&r, &s, 400, 500, 200, 300);
	ASSERT(rcv_data(&r, 300, 400, &s));		/* joins both */
	BLOCKS(&r, &s, 200, 500);
	ASSERT(rcv_data(&r, 600, 700, &s));
	ASSERT(rcv_data(&r, 800, 900, &s));
	ASSERT(rcv_data(&r, 1000, 1100, &s));
	BLOCKS(&r, &s, 1000, 1100, 800, 900, 600, 700, 200, 500);	/* four without timestamps */
	ASSERT(rcv_data(&r, 1200, 1300, &s));
	BLOCKS(&r, &s, 1200, 1300, 1000, 1100, 800, 900, 600, 700);
	/* The hole at the front fills: rcv_nxt passes 200..500, that block goes. */
	ASSERT(rcv_data(&r, 0, 200, &s));
	EXPECT_EQ(s.ack, r.base + 500);
	BLOCKS(&r, &s, 1200, 1300, 1000, 1100, 800, 900, 600, 700);
	ASSERT(rcv_data(&r, 500, 600, &s));
	EXPECT_EQ(s.ack, r.base + 700);
	BLOCKS(&r, &s, 1200, 1300, 1000, 1100, 800, 900);
	tu_drain(r.dev);
	tu_abort(r.c.sock);
	tu_drain(r.dev);
	tu_end(r.dev);
}

TEST(receiver_sends_three_sack_blocks_beside_timestamps)
{
	struct rcv r;
	struct tu_seg s;

	rcv_open(&r, true);
	ASSERT(rcv_data(&r, 100, 200, &s));
	ASSERT(rcv_data(&r, 300, 400, &s));
	ASSERT(rcv_data(&r, 500, 600, &s));
	ASSERT(rcv_data(&r, 700, 800, &s));
	EXPECT(s.ts);
	BLOCKS(&r, &s, 700, 800, 500, 600, 300, 400);
	tu_abort(r.c.sock);
	tu_drain(r.dev);
	tu_end(r.dev);
}

TEST(receiver_reports_a_duplicate_once_with_dsack)
{
	unsigned long ofo = STAT(TCPDSACKOFOSENT), old = STAT(TCPDSACKOLDSENT);
	struct rcv r;
	struct tu_seg s;

	rcv_open(&r, false);
	ASSERT(rcv_data(&r, 300, 400, &s));
	/* The same out-of-order segment again: a D-SACK block first (RFC 2883 §4). */
	ASSERT(rcv_data(&r, 300, 400, &s));
	BLOCKS(&r, &s, 300, 400, 300, 400);
	EXPECT_EQ(STAT(TCPDSACKOFOSENT), ofo + 1);
	ASSERT(rcv_data(&r, 500, 600, &s));		/* the next ACK no longer carries it */
	BLOCKS(&r, &s, 500, 600, 300, 400);
	/* Duplicates below rcv_nxt: the last segment received, and an older one. */
	ASSERT(rcv_data(&r, 0, 100, &s));
	ASSERT(rcv_data(&r, 100, 200, &s));
	ASSERT(rcv_data(&r, 200, 300, &s));
	EXPECT_EQ(s.ack, r.base + 400);
	ASSERT(rcv_data(&r, 200, 300, &s));
	EXPECT_EQ(s.ack, r.base + 400);
	BLOCKS(&r, &s, 200, 300, 500, 600);
	EXPECT_EQ(STAT(TCPDSACKOLDSENT), old + 1);
	ASSERT(rcv_data(&r, 0, 100, &s));
	EXPECT_EQ(s.ack, r.base + 400);
	BLOCKS(&r, &s, 0, 100, 500, 600);
	EXPECT_EQ(STAT(TCPDSACKOLDSENT), old + 2);
	tu_abort(r.c.sock);
	tu_drain(r.dev);
	tu_end(r.dev);
}

/* ---- PAWS and window scaling (RFC 7323) ----------------------------------------------------------- */

TEST(paws_rejects_a_segment_with_an_old_timestamp)
{
	unsigned long paws = STAT(PAWSESTABREJECTED);
	struct rcv r;
	struct tu_seg s;
	char buf[256];

	rcv_open(&r, true);
	ASSERT(rcv_data(&r, 0, 100, &s) || true);
	tu_drain(r.dev);
	EXPECT_EQ(tcp_sk(tu_sk(&r.c))->rcv_nxt, r.base + 100);
	/* In sequence, but its TSval is older than TS.Recent: an old duplicate (§5.3). */
	r.tsval -= 10;
	ASSERT(rcv_data(&r, 100, 200, &s));
	EXPECT_EQ(STAT(PAWSESTABREJECTED), paws + 1);
	EXPECT_EQ(s.ack, r.base + 100);			/* answered with an ACK, data dropped */
	EXPECT_EQ(tcp_sk(tu_sk(&r.c))->rcv_nxt, r.base + 100);
	EXPECT_EQ(tu_recv(r.c.sock, buf, sizeof(buf)), 100);
	r.tsval += 20;
	rcv_data(&r, 100, 200, &s);
	EXPECT_EQ(tcp_sk(tu_sk(&r.c))->rcv_nxt, r.base + 200);
	EXPECT_EQ(STAT(PAWSESTABREJECTED), paws + 1);
	tu_drain(r.dev);
	tu_abort(r.c.sock);
	tu_drain(r.dev);
	tu_end(r.dev);
}

TEST(window_scaling_applies_both_ways)
{
	struct net_device *dev = tu_dev_up();
	struct tu_in opts = { .mss = 1460, .has_ws = true, .ws = 3 };
	struct tu_conn c;
	struct tu_seg s;
	struct tcp_sock *tp;
	int n = 0;

	ASSERT(tu_active_open(dev, &c, &opts) == 0);
	tp = tcp_sk(tu_sk(&c));
	EXPECT_EQ(tp->rx_opt.snd_wscale, 3);
	EXPECT(tp->rx_opt.rcv_wscale > 0);
	EXPECT_EQ(tp->snd_wnd, 65535);			/* the SYN-ACK's window is not scaled */
	/* Ours: the window field is rcv_wnd >> rcv_wscale. */
	tu_peer_send(dev, &c, TCPHDR_ACK, tu_snd_nxt(&c), 400, "x", 1);
	tu_drain(dev);
	unit_advance(200);
	EXPECT(tu_pop(dev, &s) || true);
	tu_peer_send(dev, &c, TCPHDR_ACK | TCPHDR_PSH, tu_snd_nxt(&c), 400, pattern, 1460);
	tu_peer_send(dev, &c, TCPHDR_ACK | TCPHDR_PSH, tu_snd_nxt(&c), 400, pattern, 1460);
	ASSERT(tu_pending(dev) > 0);
	while (tu_pending(dev))
		tu_pop(dev, &s);			/* the latest ACK */
	EXPECT_EQ((u32)s.win << tp->rx_opt.rcv_wscale, tp->rcv_wnd);
	EXPECT(s.win < tp->rcv_wnd);
	/* Theirs: a window of 400 is 400 << 3 = 3200 bytes: two 1460-byte segments. */
	EXPECT_EQ(tp->snd_wnd, 3200);
	tu_drain(dev);
	EXPECT_EQ(tu_send(c.sock, pattern, 4 * 1460), 4 * 1460);
	while (tu_pop(dev, &s))
		n += s.dlen ? 1 : 0;
	EXPECT_EQ(n, 2);
	tu_abort(c.sock);
	tu_drain(dev);
	tu_end(dev);
}
