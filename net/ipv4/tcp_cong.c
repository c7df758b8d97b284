/*
 * Pluggable congestion control, Linux's interface: each algorithm is a
 * struct tcp_congestion_ops (ssthresh after a loss, cong_avoid on each
 * ACK, undo_cwnd when a loss proves spurious, optional init/set_state/
 * cwnd_event/pkts_acked) registered at boot; a socket takes the default
 * named by /proc/sys/net/ipv4/tcp_congestion_control (CUBIC) and may
 * choose another with setsockopt(TCP_CONGESTION). The list is in
 * tcp_available_congestion_control. Reno (RFC 5681) lives here as the
 * reference every other algorithm falls back on.
 *
 *   tcp_ack -> tcp_cong_control: in recovery PRR decides (tcp_recovery.c);
 *   otherwise, when the sender was limited by cwnd, ca_ops->cong_avoid.
 *   a loss -> ca_ops->ssthresh (tcp_enter_recovery, tcp_enter_loss).
 * Lock: tcp_cong_list_lock guards the list; the ops are never freed.
 * Neighbours: tcp_cubic.c, tcp_recovery.c, tcp.c (the socket option).
 */
#include <net/tcp.h>
#include <linux/seq_file.h>
#include <linux/proc_fs.h>
#include <linux/string.h>

static LIST_HEAD(tcp_cong_list);
static DEFINE_SPINLOCK(tcp_cong_list_lock);
static char tcp_default_ca[TCP_CA_NAME_MAX] = "cubic";

/* ---- Reno: RFC 5681 ---------------------------------------------------------------------------------- */

/* Slow start: one segment per segment acknowledged, up to ssthresh; returns what is left over. */
u32 tcp_slow_start(struct tcp_sock *tp, u32 acked)
{
	u32 cwnd = min_t(u32, tp->snd_cwnd + acked, tp->snd_ssthresh);

	acked -= cwnd - tp->snd_cwnd;
	tp->snd_cwnd = cwnd;
	return acked;
}

/* Congestion avoidance: one segment per w segments acknowledged (w = cwnd: one per RTT). */
void tcp_cong_avoid_ai(struct tcp_sock *tp, u32 w, u32 acked)
{
	if (tp->snd_cwnd_cnt >= w) {
		tp->snd_cwnd_cnt = 0;
		tp->snd_cwnd++;
	}
	tp->snd_cwnd_cnt += acked;
	if (tp->snd_cwnd_cnt >= w) {
		u32 delta = tp->snd_cwnd_cnt / w;

		tp->snd_cwnd_cnt -= delta * w;
		tp->snd_cwnd += delta;
	}
}

/*
 * Grow cwnd only when it was what held the sender back (RFC 7661's
 * point): an application-limited flow would otherwise inflate a window
 * it never used. In slow start "held back" means using half of it.
 */
bool tcp_is_cwnd_limited(const struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);

	if (tcp_in_slow_start(tp))
		return tp->snd_cwnd < 2 * tp->max_packets_out;
	return tp->is_cwnd_limited;
}

static void tcp_reno_cong_avoid(struct sock *sk, u32 ack, u32 acked)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (!tcp_is_cwnd_limited(sk))
		return;
	if (tcp_in_slow_start(tp)) {
		acked = tcp_slow_start(tp, acked);
		if (!acked)
			return;
	}
	tcp_cong_avoid_ai(tp, tp->snd_cwnd, acked);
}

/* RFC 5681 (4): ssthresh = max(FlightSize / 2, 2 * SMSS), in segments. */
u32 tcp_reno_ssthresh(struct sock *sk)
{
	return max_t(u32, tcp_sk(sk)->snd_cwnd >> 1, 2);
}

u32 tcp_reno_undo_cwnd(struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);

	return max_t(u32, tp->snd_cwnd, tp->prior_cwnd);
}

struct tcp_congestion_ops tcp_reno = {
	.name		= "reno",
	.ssthresh	= tcp_reno_ssthresh,
	.cong_avoid	= tcp_reno_cong_avoid,
	.undo_cwnd	= tcp_reno_undo_cwnd,
};

/* ---- the registry ------------------------------------------------------------------------------------ */

static struct tcp_congestion_ops *tcp_ca_find(const char *name)
{
	struct tcp_congestion_ops *ca;

	list_for_each_entry(ca, &tcp_cong_list, list)
		if (!strcmp(ca->name, name))
			return ca;
	return NULL;
}

int tcp_register_congestion_control(struct tcp_congestion_ops *ca)
{
	int err = 0;

	if (!ca->ssthresh || !ca->cong_avoid || !ca->undo_cwnd)
		return -EINVAL;
	spin_lock(&tcp_cong_list_lock);
	if (tcp_ca_find(ca->name))
		err = -EEXIST;
	else
		list_add_tail(&ca->list, &tcp_cong_list);
	spin_unlock(&tcp_cong_list_lock);
	return err;
}

/* A new socket takes the default (tcp_init_sock); an accepted one inherits its listener's. */
void tcp_assign_congestion_control(struct sock *sk)
{
	struct tcp_congestion_ops *ca;

	spin_lock(&tcp_cong_list_lock);
	ca = tcp_ca_find(tcp_default_ca);
	spin_unlock(&tcp_cong_list_lock);
	inet_csk(sk)->icsk_ca_ops = ca ? ca : &tcp_reno;
}

/* When the connection is established: the algorithm's state starts afresh. */
void tcp_init_congestion_control(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);

	memset(icsk->icsk_ca_priv, 0, sizeof(icsk->icsk_ca_priv));
	if (icsk->icsk_ca_ops->init)
		icsk->icsk_ca_ops->init(sk);
}

/* setsockopt(TCP_CONGESTION): ENOENT for an unknown name, as Linux without module loading. */
int tcp_set_congestion_control(struct sock *sk, const char *name)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_congestion_ops *ca;

	spin_lock(&tcp_cong_list_lock);
	ca = tcp_ca_find(name);
	spin_unlock(&tcp_cong_list_lock);
	if (!ca)
		return -ENOENT;
	if (ca == icsk->icsk_ca_ops)
		return 0;
	icsk->icsk_ca_ops = ca;
	if (sk->sk_state != TCP_CLOSE && sk->sk_state != TCP_LISTEN)
		tcp_init_congestion_control(sk);
	return 0;
}

void tcp_set_ca_state(struct sock *sk, u8 ca_state)
{
	const struct tcp_congestion_ops *ca = inet_csk(sk)->icsk_ca_ops;

	if (ca->set_state)
		ca->set_state(sk, ca_state);
	tcp_sk(sk)->ca_state = ca_state;
}

/* ---- /proc/sys/net/ipv4 ------------------------------------------------------------------------------ */

static int tcp_ca_default_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", tcp_default_ca);
	return 0;
}

static int tcp_ca_default_store(const char *text)
{
	struct tcp_congestion_ops *ca;

	spin_lock(&tcp_cong_list_lock);
	ca = tcp_ca_find(text);
	if (ca)
		strlcpy(tcp_default_ca, ca->name, sizeof(tcp_default_ca));
	spin_unlock(&tcp_cong_list_lock);
	return ca ? 0 : -ENOENT;
}

static int tcp_ca_available_show(struct seq_file *m, void *v)
{
	struct tcp_congestion_ops *ca;
	bool first = true;

	spin_lock(&tcp_cong_list_lock);
	list_for_each_entry(ca, &tcp_cong_list, list) {
		seq_printf(m, "%s%s", first ? "" : " ", ca->name);
		first = false;
	}
	spin_unlock(&tcp_cong_list_lock);
	seq_putc(m, '\n');
	return 0;
}

void tcp_cong_init(void)
{
	tcp_register_congestion_control(&tcp_reno);
	cubictcp_register();
	proc_sysctl_string("sys/net/ipv4/tcp_congestion_control", tcp_ca_default_show,
			   tcp_ca_default_store);
	proc_sysctl_string("sys/net/ipv4/tcp_available_congestion_control", tcp_ca_available_show, NULL);
}
