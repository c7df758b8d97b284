/*
 * CUBIC congestion control (RFC 9438), Linux's default, with HyStart's
 * delay test to leave slow start before it overshoots.
 *
 * After a loss at window W_max, cwnd follows a cubic in the time t since
 * the loss (RFC 9438 §4.2):
 *     W_cubic(t) = C * (t - K)^3 + W_max,   K = cbrt(W_max * (1 - beta) / C)
 * with C = 0.4 and beta = 0.7: concave back up to W_max, a plateau
 * there, then convex probing beyond it. Below the Reno-friendly estimate
 * W_est (§4.3) CUBIC grows like Reno would. Fast convergence (§4.7)
 * lowers W_max when losses come before it was reached again.
 * Fixed point as Linux: t in 2^-10 s, beta 717/1024, C as 410/1024 of
 * 2^-10 units; cwnd grows by 1 after every `cnt` segments ACKed.
 * HyStart (RFC 9406's delay idea): in slow start, if this round's
 * minimum RTT exceeds the last round's by an eighth (4..16 ms), the
 * queue is building - ssthresh becomes cwnd.
 * Neighbours: tcp_cong.c (the interface, Reno's helpers).
 */
#include <net/tcp.h>

#define BICTCP_BETA_SCALE	1024
#define BICTCP_HZ		10	/* t in 2^-10 s */
#define CUBIC_BETA		717	/* 0.7 * 1024 */
#define CUBIC_C_SCALED		410	/* 0.4 * 1024 */
#define HYSTART_MIN_SAMPLES	8
#define HYSTART_DELAY_MIN_US	4000
#define HYSTART_DELAY_MAX_US	16000
#define HYSTART_LOW_WINDOW	16

/* (1 << (10 + 3 * 10)) / 410: turns (W_max - cwnd) into K^3 in 2^-30 s^3 units. */
static const u64 cube_factor = (1ULL << (10 + 3 * BICTCP_HZ)) / CUBIC_C_SCALED;
/* 8 * (1 + beta) / 3 / (1 - beta), scaled: the Reno-friendly growth per ACK (RFC 9438 §4.3). */
static const u32 beta_scale = 8 * (BICTCP_BETA_SCALE + CUBIC_BETA) / 3 / (BICTCP_BETA_SCALE - CUBIC_BETA);

struct bictcp {
	u32 cnt;		/* grow cwnd by one after this many ACKed segments */
	u32 last_max_cwnd;	/* W_max */
	u32 last_cwnd;
	u32 last_time;		/* jiffies of the last update */
	u32 bic_origin_point;	/* the plateau: W_max, or cwnd if above it */
	u32 bic_K;		/* K, 2^-10 s */
	u32 delay_min;		/* min RTT, us */
	u32 epoch_start;	/* jiffies when this growth epoch began, 0 = none */
	u32 ack_cnt;		/* segments ACKed, for W_est */
	u32 tcp_cwnd;		/* W_est: what Reno would have */
	u32 round_start;	/* HyStart: jiffies at the start of this round */
	u32 end_seq;		/* the round ends when this is ACKed */
	u32 curr_rtt;		/* this round's min RTT, us */
	u32 last_round_rtt;	/* the previous round's */
	u8 sample_cnt;
	u8 found;		/* HyStart left slow start */
};

/* Integer cube root of a (a < 2^63): Newton's method from a power-of-two guess. */
static u32 cubic_root(u64 a)
{
	u64 x, y;
	int bits = 0;

	if (!a)
		return 0;
	for (x = a; x; x >>= 1)
		bits++;
	x = 1ULL << ((bits + 2) / 3);	/* >= the root */
	for (;;) {
		y = (2 * x + a / (x * x)) / 3;
		if (y >= x)
			return (u32)x;
		x = y;
	}
}

static void bictcp_reset(struct bictcp *ca)
{
	u32 delay_min = ca->delay_min;

	memset(ca, 0, sizeof(*ca));
	ca->delay_min = delay_min;
}

static void bictcp_hystart_reset(struct sock *sk)
{
	struct bictcp *ca = inet_csk_ca(sk);

	ca->round_start = jiffies;
	ca->end_seq = tcp_sk(sk)->snd_nxt;
	ca->last_round_rtt = ca->curr_rtt;
	ca->curr_rtt = ~0U;
	ca->sample_cnt = 0;
}

static void cubictcp_init(struct sock *sk)
{
	struct bictcp *ca = inet_csk_ca(sk);

	bictcp_reset(ca);
	ca->curr_rtt = ~0U;
	bictcp_hystart_reset(sk);
	ca->last_round_rtt = 0;
}

/* RFC 9438 §4.2-4.3: how many ACKed segments per cwnd increment. */
static void bictcp_update(struct bictcp *ca, u32 cwnd, u32 acked)
{
	u32 delta, bic_target, max_cnt;
	u64 offs, t;

	ca->ack_cnt += acked;
	if (ca->last_cwnd == cwnd && (s32)((u32)jiffies - ca->last_time) <= HZ / 32)
		return;
	ca->last_cwnd = cwnd;
	ca->last_time = jiffies;
	if (ca->epoch_start == 0) {
		ca->epoch_start = jiffies ? jiffies : 1;
		ca->ack_cnt = acked;
		ca->tcp_cwnd = cwnd;
		if (ca->last_max_cwnd <= cwnd) {
			ca->bic_K = 0;
			ca->bic_origin_point = cwnd;
		} else {
			ca->bic_K = cubic_root(cube_factor * (ca->last_max_cwnd - cwnd));
			ca->bic_origin_point = ca->last_max_cwnd;
		}
	}
	/* t: time since the epoch plus one min RTT (where cwnd will be when this ACK's data lands). */
	t = (u32)jiffies - ca->epoch_start + usecs_to_jiffies(ca->delay_min);
	t = (t << BICTCP_HZ) / HZ;
	offs = t < ca->bic_K ? ca->bic_K - t : t - ca->bic_K;
	delta = (u32)((CUBIC_C_SCALED * offs * offs * offs) >> (10 + 3 * BICTCP_HZ));
	bic_target = t < ca->bic_K ? ca->bic_origin_point - delta : ca->bic_origin_point + delta;
	if (bic_target > cwnd)
		ca->cnt = cwnd / (bic_target - cwnd);
	else
		ca->cnt = 100 * cwnd;		/* at the plateau: hardly grow */
	if (ca->last_max_cwnd == 0 && ca->cnt > 20)
		ca->cnt = 20;			/* no loss yet: at least 5% per RTT */

	/* The Reno-friendly region (§4.3): never slower than Reno would be. */
	delta = (cwnd * beta_scale) >> 3;
	while (delta && ca->ack_cnt > delta) {
		ca->ack_cnt -= delta;
		ca->tcp_cwnd++;
	}
	if (ca->tcp_cwnd > cwnd) {
		delta = ca->tcp_cwnd - cwnd;
		max_cnt = cwnd / delta;
		if (ca->cnt > max_cnt)
			ca->cnt = max_cnt;
	}
	if (ca->cnt < 2)
		ca->cnt = 2;
}

static void cubictcp_cong_avoid(struct sock *sk, u32 ack, u32 acked)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct bictcp *ca = inet_csk_ca(sk);

	if (!tcp_is_cwnd_limited(sk))
		return;
	if (tcp_in_slow_start(tp)) {
		if (after(ack, ca->end_seq))
			bictcp_hystart_reset(sk);
		acked = tcp_slow_start(tp, acked);
		if (!acked)
			return;
	}
	bictcp_update(ca, tp->snd_cwnd, acked);
	tcp_cong_avoid_ai(tp, ca->cnt, acked);
}

/* §4.6 and §4.7: multiplicative decrease by beta, W_max lowered if the last one was not reached. */
static u32 cubictcp_recalc_ssthresh(struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);
	struct bictcp *ca = inet_csk_ca(sk);

	ca->epoch_start = 0;
	if (tp->snd_cwnd < ca->last_max_cwnd)
		ca->last_max_cwnd = (tp->snd_cwnd * (BICTCP_BETA_SCALE + CUBIC_BETA)) / (2 * BICTCP_BETA_SCALE);
	else
		ca->last_max_cwnd = tp->snd_cwnd;
	return max_t(u32, (tp->snd_cwnd * CUBIC_BETA) / BICTCP_BETA_SCALE, 2);
}

static void cubictcp_state(struct sock *sk, u8 new_state)
{
	if (new_state == TCP_CA_Loss) {
		bictcp_reset(inet_csk_ca(sk));
		bictcp_hystart_reset(sk);
	}
}

static void cubictcp_cwnd_event(struct sock *sk, enum tcp_ca_event event)
{
	struct bictcp *ca = inet_csk_ca(sk);

	/*
	 * Sending again after an application-limited (idle) spell: the idle
	 * time is not time on the curve (RFC 9438 §5.8), so the epoch moves
	 * forward by it and growth resumes where it stopped, never beyond now
	 * (Linux's cubictcp_cwnd_event). Restarting the epoch instead would
	 * put cwnd back at the curve's start, below where it already is.
	 */
	if (event == CA_EVENT_TX_START && ca->epoch_start) {
		s32 idle = (s32)((u32)jiffies - tcp_sk(sk)->lsndtime);

		if (idle > 0) {
			ca->epoch_start += idle;
			if ((s32)(ca->epoch_start - (u32)jiffies) > 0)
				ca->epoch_start = jiffies;
			if (!ca->epoch_start)
				ca->epoch_start = 1;	/* 0 means no epoch */
		}
	}
}

/* HyStart's delay test on each RTT sample during slow start. */
static void hystart_update(struct sock *sk, u32 delay)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct bictcp *ca = inet_csk_ca(sk);
	u32 thresh;

	if (ca->found || tp->snd_cwnd < HYSTART_LOW_WINDOW)
		return;
	/* RFC 9406 §4.2: every sample lowers the round's minimum; test once there are N_RTT_SAMPLE. */
	if (delay < ca->curr_rtt)
		ca->curr_rtt = delay;
	if (ca->sample_cnt < HYSTART_MIN_SAMPLES)
		ca->sample_cnt++;
	if (ca->sample_cnt < HYSTART_MIN_SAMPLES)
		return;
	/*
	 * Both rounds need a minimum: the first round has no predecessor, and
	 * a round without samples (~0U, "infinity") leaves the next one no
	 * baseline - adding the threshold to ~0U would wrap and end slow
	 * start on any RTT.
	 */
	if (!ca->last_round_rtt || ca->last_round_rtt == ~0U || ca->curr_rtt == ~0U)
		return;
	thresh = clamp_t(u32, ca->last_round_rtt >> 3, HYSTART_DELAY_MIN_US, HYSTART_DELAY_MAX_US);
	if (ca->curr_rtt >= ca->last_round_rtt + thresh) {
		ca->found = 1;
		tp->snd_ssthresh = tp->snd_cwnd;
	}
}

static void cubictcp_acked(struct sock *sk, u32 acked, s32 rtt_us)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct bictcp *ca = inet_csk_ca(sk);
	u32 delay;

	if (rtt_us < 0)
		return;
	delay = rtt_us ? rtt_us : 1;
	if (ca->epoch_start && (s32)((u32)jiffies - ca->epoch_start) < HZ)
		return;		/* the first second after a loss: RTTs include the queue it drained */
	if (!ca->delay_min || ca->delay_min > delay)
		ca->delay_min = delay;
	if (tcp_in_slow_start(tp))
		hystart_update(sk, delay);
}

static struct tcp_congestion_ops cubictcp = {
	.name		= "cubic",
	.init		= cubictcp_init,
	.ssthresh	= cubictcp_recalc_ssthresh,
	.cong_avoid	= cubictcp_cong_avoid,
	.set_state	= cubictcp_state,
	.undo_cwnd	= tcp_reno_undo_cwnd,
	.cwnd_event	= cubictcp_cwnd_event,
	.pkts_acked	= cubictcp_acked,
};

void cubictcp_register(void)
{
	BUILD_BUG_ON(sizeof(struct bictcp) > sizeof(((struct inet_connection_sock *)0)->icsk_ca_priv));
	tcp_register_congestion_control(&cubictcp);
}
