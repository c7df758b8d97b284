// unit-sources: net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c
// unit-sources: tools/testing/unit/fake_netdev.c tools/testing/unit/tcp_unit.c
/*
 * Congestion control (tcp_cong.c, tcp_cubic.c) checked against its RFCs:
 * the interface (TCP_CONGESTION, the two text sysctls), Reno's slow start
 * and +1 segment per RTT (RFC 5681), CUBIC (RFC 9438): ssthresh = 0.7
 * cwnd, the window following W_cubic(t) = C (t - K)^3 + W_max after a
 * loss, fast convergence, the Reno-friendly region, and HyStart's delay
 * test (RFC 9406).
 *
 * The window's behaviour is measured over simulated time: the test is a
 * receiver at a fixed RTT that ACKs every segment (with SACK blocks, so a
 * dropped segment is recovered by RACK and PRR as on a real path); one
 * sim_round() is one RTT of fake time. The CUBIC reference is computed in
 * doubles right here: a kernel translation unit may use floating point on
 * the host (no -msoft-float here), it only lacks libm, and a cube root is
 * a few Newton steps - so the reference shares no fixed-point code with
 * tcp_cubic.c.
 */
#include "unit.h"
#include "tcp_unit.h"

UNIT_SETUP(fake_net_setup)

static u8 pattern[64 * 1024];

static int get_ca(struct socket *sock, char *name)
{
	int len = TCP_CA_NAME_MAX;

	memset(name, 0, TCP_CA_NAME_MAX);
	return sock->ops->getsockopt(sock, SOL_TCP, TCP_CONGESTION, name, &len);
}

static int set_ca(struct socket *sock, const char *name)
{
	return sock->ops->setsockopt(sock, SOL_TCP, TCP_CONGESTION, name, strlen(name));
}

/* ---- the interface --------------------------------------------------------------------------------- */

TEST(tcp_congestion_sockopt_default_cubic_reno_and_unknown)
{
	struct socket *sock = tu_socket();
	char name[TCP_CA_NAME_MAX];

	ASSERT(sock);
	EXPECT_EQ(get_ca(sock, name), 0);
	EXPECT_STREQ(name, "cubic");
	EXPECT_EQ(set_ca(sock, "reno"), 0);
	EXPECT_EQ(get_ca(sock, name), 0);
	EXPECT_STREQ(name, "reno");
	EXPECT_EQ(set_ca(sock, "vegas"), -ENOENT);	/* not built in, no modules to load */
	EXPECT_EQ(get_ca(sock, name), 0);
	EXPECT_STREQ(name, "reno");
	EXPECT_EQ(set_ca(sock, "cubic"), 0);
	EXPECT_EQ(get_ca(sock, name), 0);
	EXPECT_STREQ(name, "cubic");
	tu_release(sock);
	tu_end(tu_dev_up());
}

TEST(tcp_congestion_sysctls_read_and_write_text)
{
	const char *def = "sys/net/ipv4/tcp_congestion_control";
	char buf[64], name[TCP_CA_NAME_MAX];
	struct socket *sock;

	EXPECT(unit_proc_read(def, buf, sizeof(buf)) > 0);
	EXPECT_STREQ(buf, "cubic\n");
	EXPECT(unit_proc_read("sys/net/ipv4/tcp_available_congestion_control", buf, sizeof(buf)) > 0);
	EXPECT_STREQ(buf, "reno cubic\n");
	EXPECT_EQ(unit_sysctl_write(def, "reno\n"), 0);	/* as `echo reno >` writes it */
	EXPECT(unit_proc_read(def, buf, sizeof(buf)) > 0);
	EXPECT_STREQ(buf, "reno\n");
	sock = tu_socket();				/* new sockets take the default */
	ASSERT(sock);
	EXPECT_EQ(get_ca(sock, name), 0);
	EXPECT_STREQ(name, "reno");
	tu_release(sock);
	EXPECT_EQ(unit_sysctl_write(def, "westwood\n"), -ENOENT);
	EXPECT(unit_proc_read(def, buf, sizeof(buf)) > 0);
	EXPECT_STREQ(buf, "reno\n");
	EXPECT_EQ(unit_sysctl_write("sys/net/ipv4/tcp_available_congestion_control", "reno"), -EPERM);
	EXPECT_EQ(unit_sysctl_write(def, "cubic"), 0);
	EXPECT(unit_proc_read(def, buf, sizeof(buf)) > 0);
	EXPECT_STREQ(buf, "cubic\n");
	tu_end(tu_dev_up());
}

/* ---- the simulated path ------------------------------------------------------------------------------ */

#define SIM_MAX		2048	/* segments in one round */

struct sim {
	struct net_device *dev;
	struct socket *l;
	struct tu_conn c;
	struct tcp_sock *tp;
	int saved_wmem_max;
	/* the receiver: rcv_nxt and out-of-order runs, the newest first */
	u32 rcv_nxt;
	int nblk;
	u32 blk[16][2];
	/* segments sent in the last round, ACKed in the next */
	int n, next_n;
	u32 seq[SIM_MAX], len[SIM_MAX], next_seq[SIM_MAX], next_len[SIM_MAX];
	unsigned long t0;	/* jiffies when the last recovery ended */
	u32 cwnd_t0;		/* and cwnd then */
	bool recovered;
};

static struct sim SIM;

/* Keep four windows of unsent data queued: the sender is limited by cwnd only. */
static void sim_top_up(struct sim *s)
{
	while (s->tp->write_seq - s->tp->snd_nxt < 4 * s->tp->snd_cwnd * s->tp->mss_cache)
		if (tu_send(s->c.sock, pattern, sizeof(pattern)) <= 0)
			break;
}

static void sim_collect(struct sim *s)
{
	struct tu_seg seg;

	while (tu_pop(s->dev, &seg)) {
		if (!seg.dlen)
			continue;
		if (s->next_n == SIM_MAX) {
			unit_fail(__FILE__, __LINE__, "more than %d segments in a round", SIM_MAX);
			continue;
		}
		s->next_seq[s->next_n] = seg.seq;
		s->next_len[s->next_n++] = seg.dlen;
	}
}

static void sim_next_round(struct sim *s)
{
	memcpy(s->seq, s->next_seq, s->next_n * sizeof(u32));
	memcpy(s->len, s->next_len, s->next_n * sizeof(u32));
	s->n = s->next_n;
	s->next_n = 0;
}

/* The receiver gets [seq, end): advance rcv_nxt or record a run, newest first. */
static void sim_receive(struct sim *s, u32 seq, u32 end)
{
	int i, j;

	if (!after(seq, s->rcv_nxt)) {
		if (after(end, s->rcv_nxt))
			s->rcv_nxt = end;
		for (i = 0; i < s->nblk; i++) {
			if (after(s->blk[i][0], s->rcv_nxt))
				continue;
			if (after(s->blk[i][1], s->rcv_nxt))
				s->rcv_nxt = s->blk[i][1];
			for (j = i; j + 1 < s->nblk; j++)
				memcpy(s->blk[j], s->blk[j + 1], sizeof(s->blk[j]));
			s->nblk--;
			i = -1;		/* rcv_nxt moved: look again */
		}
		return;
	}
	for (i = 0; i < s->nblk; i++) {
		if (after(s->blk[i][0], end) || after(seq, s->blk[i][1]))
			continue;
		if (before(s->blk[i][0], seq))
			seq = s->blk[i][0];
		if (after(s->blk[i][1], end))
			end = s->blk[i][1];
		for (j = i; j + 1 < s->nblk; j++)
			memcpy(s->blk[j], s->blk[j + 1], sizeof(s->blk[j]));
		s->nblk--;
		i = -1;
	}
	if (s->nblk == ARRAY_SIZE(s->blk))
		s->nblk--;
	memmove(s->blk[1], s->blk[0], s->nblk * sizeof(s->blk[0]));
	s->blk[0][0] = seq;
	s->blk[0][1] = end;
	s->nblk++;
}

static void sim_ack(struct sim *s)
{
	struct tu_in in = { .sport = s->c.rport, .dport = s->c.lport, .seq = s->c.pseq,
			    .ack = s->rcv_nxt, .flags = TCPHDR_ACK, .win = 65535 };
	int i;

	in.nsacks = min(s->nblk, 4);
	for (i = 0; i < in.nsacks; i++) {
		in.sacks[i][0] = s->blk[i][0];
		in.sacks[i][1] = s->blk[i][1];
	}
	tu_rx(s->dev, &in);
}

/*
 * One RTT: every segment of the last round arrives (but the one numbered
 * drop, if >= 0) and is ACKed; what the ACKs release is the next round.
 */
static void sim_round_ex(struct sim *s, unsigned int rtt_ms, int drop, bool top_up)
{
	int i;

	unit_advance(rtt_ms);
	for (i = 0; i < s->n; i++) {
		u8 state = s->tp->ca_state;

		if (i == drop)
			continue;
		sim_receive(s, s->seq[i], s->seq[i] + s->len[i]);
		sim_ack(s);
		sim_collect(s);
		if (state != TCP_CA_Open && s->tp->ca_state == TCP_CA_Open) {
			s->t0 = jiffies;
			s->cwnd_t0 = s->tp->snd_cwnd;
			s->recovered = true;
		}
	}
	if (top_up)
		sim_top_up(s);
	sim_collect(s);
	sim_next_round(s);
}

static void sim_round(struct sim *s, unsigned int rtt_ms, int drop)
{
	sim_round_ex(s, rtt_ms, drop, true);
}

static int sim_open(struct sim *s, u16 port, const char *ca)
{
	struct tu_in opts = { .mss = 1460, .sack_perm = true, .has_ws = true, .ws = 7 };
	int *wmem_max = unit_sysctl("sys/net/core/wmem_max"), sndbuf = 4 << 20;

	memset(s, 0, sizeof(*s));
	if (!wmem_max)
		return -1;
	s->saved_wmem_max = *wmem_max;
	*wmem_max = sndbuf;
	s->dev = tu_dev_up();
	s->l = tu_listener(TU_PORT, 4);
	if (!s->l || tu_passive_open(s->dev, s->l, port, &s->c, &opts))
		return -1;
	s->tp = tcp_sk(tu_sk(&s->c));
	s->rcv_nxt = s->c.iss + 1;
	if (sock_setsockopt(s->c.sock, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf)))
		return -1;
	if (ca && set_ca(s->c.sock, ca))
		return -1;
	sim_top_up(s);
	sim_collect(s);
	sim_next_round(s);
	return s->n == TCP_INIT_CWND ? 0 : -1;
}

static void sim_close(struct sim *s)
{
	*unit_sysctl("sys/net/core/wmem_max") = s->saved_wmem_max;
	tu_abort(s->c.sock);
	tu_release(s->l);
	tu_drain(s->dev);
	tu_end(s->dev);
}

/* A round with its first segment lost, then rounds until recovery is over. */
static void sim_loss(struct sim *s, unsigned int rtt_ms)
{
	int i;

	s->recovered = false;
	sim_round(s, rtt_ms, 0);
	EXPECT_EQ(s->tp->ca_state, TCP_CA_Recovery);
	for (i = 0; i < 5 && !s->recovered; i++)
		sim_round(s, rtt_ms, -1);
	EXPECT(s->recovered);
}

/* ---- Reno (RFC 5681) ------------------------------------------------------------------------------ */

TEST(reno_slow_start_doubles_per_rtt_then_one_segment_per_rtt)
{
	struct sim *s = &SIM;
	u32 cwnd, ssthresh;
	int i;

	ASSERT(sim_open(s, 48000, "reno") == 0);
	for (cwnd = TCP_INIT_CWND; cwnd < 80; cwnd *= 2) {
		sim_round(s, 100, -1);
		EXPECT_EQ(s->tp->snd_cwnd, 2 * cwnd);	/* +1 per segment ACKed */
	}
	EXPECT_EQ(s->tp->snd_ssthresh, 0x7fffffff);
	sim_loss(s, 100);
	ssthresh = s->tp->snd_ssthresh;
	EXPECT_EQ(ssthresh, 40);			/* FlightSize / 2 */
	sim_round(s, 100, -1);
	for (i = 0; i < 6; i++) {
		cwnd = s->tp->snd_cwnd;
		sim_round(s, 100, -1);
		EXPECT_EQ(s->tp->snd_cwnd, cwnd + 1);
	}
	sim_close(s);
}

/* ---- CUBIC (RFC 9438) ------------------------------------------------------------------------------ */

#define CUBIC_C		0.4
#define CUBIC_BETA	0.7

static double dcbrt(double x)
{
	double y = x > 1 ? x / 3 : 1;
	int i;

	for (i = 0; i < 200; i++)
		y = (2 * y + x / (y * y)) / 3;
	return y;
}

/* RFC 9438 §4.2 (2): the window t seconds into the epoch that began at cwnd_epoch. */
static double w_cubic(double t, double w_max, double cwnd_epoch)
{
	double k = dcbrt((w_max - cwnd_epoch) / CUBIC_C);	/* (2): K, cwnd_epoch = beta W_max */

	return CUBIC_C * (t - k) * (t - k) * (t - k) + w_max;
}

/* §4.3 (4): the Reno-friendly estimate t seconds into the epoch. */
static double w_est(double t, double cwnd_epoch, unsigned int rtt_ms)
{
	return cwnd_epoch + 3 * (1 - CUBIC_BETA) / (1 + CUBIC_BETA) * t * 1000 / rtt_ms;
}

/*
 * Rounds for secs seconds; after each, cwnd against RFC 9438's target:
 * W_cubic one RTT ahead (§4.2 aims each RTT's growth at W_cubic(t + RTT)),
 * or W_est where that is larger (§4.3). The tolerance, 2 segments, is the
 * integer arithmetic's: W_est is counted in whole segments and cwnd
 * chases a target one RTT behind. Returns the largest difference seen.
 */
static int follow_curve(struct sim *s, double w_max, double cwnd_epoch, unsigned int rtt_ms,
			double secs, int line)
{
	int worst = 0, r;

	for (r = 0; r < secs * 1000 / rtt_ms; r++) {
		double t, want;
		int diff;

		sim_round(s, rtt_ms, -1);
		t = (double)(jiffies - s->t0) / 1000;
		want = max(w_cubic(t + rtt_ms / 1000.0, w_max, cwnd_epoch), w_est(t, cwnd_epoch, rtt_ms));
		diff = (int)s->tp->snd_cwnd - (int)(want + 0.5);
		if ((diff < 0 ? -diff : diff) > (worst < 0 ? -worst : worst))
			worst = diff;
		if (diff > 2 || diff < -2)
			unit_fail(__FILE__, line, "t = %d ms: cwnd %u, RFC 9438 says %d", (int)(t * 1000),
				  s->tp->snd_cwnd, (int)(want + 0.5));
	}
	printk("follow_curve(W_max %d, from %d): worst cwnd - target %d\n", (int)w_max,
	       (int)cwnd_epoch, worst);
	return worst;
}

/* Slow start to 80 segments at a 100 ms RTT, then lose one: W_max = 80. */
static void cubic_to_first_loss(struct sim *s, u16 port)
{
	u32 cwnd;

	ASSERT(sim_open(s, port, NULL) == 0);
	for (cwnd = TCP_INIT_CWND; cwnd < 80; cwnd *= 2) {
		sim_round(s, 100, -1);
		EXPECT_EQ(s->tp->snd_cwnd, 2 * cwnd);
	}
	sim_loss(s, 100);
}

TEST(cubic_ssthresh_is_0_7_cwnd_and_the_window_follows_w_cubic)
{
	struct sim *s = &SIM;

	cubic_to_first_loss(s, 48010);
	/* §4.6: ssthresh = cwnd * beta_cubic; recovery ends with cwnd = ssthresh. */
	EXPECT_EQ(s->tp->snd_ssthresh, 56);
	EXPECT_EQ(s->cwnd_t0, 56);
	/* Concave up to W_max at K = cbrt(80 * 0.3 / 0.4) = 3.9 s, then convex beyond it. */
	follow_curve(s, 80, 56, 100, 6.0, __LINE__);
	EXPECT(s->tp->snd_cwnd > 85);
	sim_close(s);
}

TEST(cubic_fast_convergence_lowers_w_max)
{
	struct sim *s = &SIM;
	u32 cwnd;

	cubic_to_first_loss(s, 48011);
	follow_curve(s, 80, 56, 100, 1.5, __LINE__);
	/* A loss below the last W_max: W_max = cwnd (1 + beta) / 2 (§4.7), not cwnd. */
	cwnd = s->tp->snd_cwnd;
	EXPECT(cwnd < 80);
	sim_loss(s, 100);
	EXPECT_EQ(s->tp->snd_ssthresh, cwnd * 7 / 10);
	follow_curve(s, cwnd * (1 + CUBIC_BETA) / 2, s->tp->snd_ssthresh, 100, 4.0, __LINE__);
	sim_close(s);
}

/*
 * RFC 9438 §5.8 (Linux's cubictcp_cwnd_event, CA_EVENT_TX_START): time
 * the application left the connection idle is not time on the curve. The
 * writer stops, the queue drains, 3 s pass with nothing in flight; when
 * it writes again the window continues W_cubic as if the idle time had
 * not been there (the reference's epoch moves by exactly the idle time),
 * rather than restarting at the curve's foot.
 */
TEST(cubic_idle_time_shifts_the_epoch)
{
	struct sim *s = &SIM;
	u32 idle;
	int i;

	cubic_to_first_loss(s, 48014);
	follow_curve(s, 80, 56, 100, 1.0, __LINE__);
	for (i = 0; i < 20 && (s->n || s->tp->packets_out); i++)
		sim_round_ex(s, 100, -1, false);
	EXPECT_EQ(s->tp->packets_out, 0);
	EXPECT_EQ(s->tp->write_seq, s->tp->snd_nxt);
	unit_advance(3000);
	idle = (u32)jiffies - s->tp->lsndtime;
	EXPECT(idle >= 3000);
	s->t0 += idle;
	sim_top_up(s);
	sim_collect(s);
	sim_next_round(s);
	follow_curve(s, 80, 56, 100, 3.0, __LINE__);
	sim_close(s);
}

TEST(cubic_reno_friendly_region_grows_at_least_as_fast_as_reno)
{
	struct sim *s = &SIM;
	double alpha = 3 * (1 - CUBIC_BETA) / (1 + CUBIC_BETA);	/* §4.3 */
	u32 epoch, cwnd20 = 0;
	int r;

	/* A short RTT and a small W_max: Reno's AIMD outgrows the cubic here. */
	ASSERT(sim_open(s, 48012, NULL) == 0);
	sim_round(s, 10, -1);
	EXPECT_EQ(s->tp->snd_cwnd, 20);
	sim_loss(s, 10);
	epoch = s->tp->snd_cwnd;
	EXPECT_EQ(epoch, 14);
	for (r = 1; r <= 100; r++) {
		double t = (double)(jiffies + 10 - s->t0) / 1000;
		double w_est = epoch + alpha * t / 0.010;

		sim_round(s, 10, -1);
		if (r == 20)
			cwnd20 = s->tp->snd_cwnd;
		/*
		 * W_est (§4.3) where it is above W_cubic: cwnd keeps up with it,
		 * within 4 segments - the integer W_est, the one-RTT chase, and
		 * cnt recomputed at most every HZ/32 (Linux's), 3 RTTs here.
		 */
		if (w_est > w_cubic(t + 0.010, 20, epoch) && s->tp->snd_cwnd + 4 < w_est)
			unit_fail(__FILE__, __LINE__, "round %d: cwnd %u below W_est %d", r,
				  s->tp->snd_cwnd, (int)w_est);
	}
	/* Rounds 20..100: alpha = 0.53 per RTT makes 42; the cubic alone (19 at 1 s) about 2. */
	EXPECT(s->tp->snd_cwnd - cwnd20 >= 40);
	sim_close(s);
}

/* ---- HyStart (RFC 9406's delay test) --------------------------------------------------------------- */

/* Slow start at 100 ms, then rtt_rise ms more from the round that starts at 40 segments. */
static void hystart_run_at(struct sim *s, u16 port, unsigned int rtt, unsigned int rtt_rise)
{
	int r;

	ASSERT(sim_open(s, port, NULL) == 0);
	for (r = 0; r < 5 && s->tp->snd_ssthresh == 0x7fffffff; r++)
		sim_round(s, s->n >= 40 ? rtt + rtt_rise : rtt, -1);
}

static void hystart_run(struct sim *s, u16 port, unsigned int rtt_rise)
{
	hystart_run_at(s, port, 100, rtt_rise);
}

TEST(hystart_leaves_slow_start_when_the_rtt_rises_by_the_threshold)
{
	struct sim *s = &SIM;
	u32 cwnd;

	/* lastRoundMinRTT 100 ms: the threshold is clamp(100 / 8, 4, 16) = 12.5 ms. */
	hystart_run(s, 48020, 13);
	EXPECT(s->tp->snd_ssthresh < 0x7fffffff);
	EXPECT(s->tp->snd_ssthresh >= 40 && s->tp->snd_ssthresh <= 80);
	cwnd = s->tp->snd_cwnd;
	sim_round(s, 113, -1);
	EXPECT(s->tp->snd_cwnd < cwnd + cwnd / 4);	/* congestion avoidance now, not doubling */
	sim_close(s);
}

TEST(hystart_stays_in_slow_start_below_the_threshold)
{
	struct sim *s = &SIM;

	hystart_run(s, 48021, 10);
	EXPECT_EQ(s->tp->snd_ssthresh, 0x7fffffff);
	EXPECT_EQ(s->tp->snd_cwnd, 320);
	sim_close(s);
}

/* RFC 9406 §4.2: currentRoundMinRTT >= lastRoundMinRTT + RttThresh - a rise of exactly the threshold ends slow start. */
TEST(hystart_leaves_slow_start_at_exactly_the_threshold)
{
	struct sim *s = &SIM;

	/* lastRoundMinRTT 96 ms: RttThresh = clamp(96 / 8, 4, 16) = 12 ms exactly. */
	hystart_run_at(s, 48022, 96, 12);
	EXPECT(s->tp->snd_ssthresh < 0x7fffffff);
	sim_close(s);
}
