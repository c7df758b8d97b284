/*
 * TCP windows and segment size: what we offer the peer and how big a
 * segment we may send it.
 *
 *   Receive window: tcp_win_from_space turns buffer bytes into window
 *     bytes (the measured payload share, scaling_ratio); tcp_space is the
 *     free part; __tcp_select_window / tcp_select_window pick the window
 *     each outgoing segment carries, with receiver silly-window avoidance
 *     and never shrinking what was offered (RFC 9293 §3.8.6.2.2);
 *     tcp_select_initial_window the SYN's window and our scale (RFC 7323).
 *   MSS: tcp_advertised_mss (the SYN's option), tcp_sync_mss (the path
 *     MTU -> mss_cache, bounded by the peer's MSS and half its largest
 *     window); tcp_current_mss, in tcp_output_options.c beside the options it
 *     subtracts.
 * Neighbours: tcp_output.c (puts the window in each header), tcp_input.c
 * and tcp_data_queue.c (rcv_ssthresh, scaling_ratio), icmp via
 * tcp_ipv4.c (a smaller PMTU -> tcp_sync_mss).
 */
#include <net/tcp.h>

/*
 * How much window a buffer of space bytes can back (Linux 6.5's rule): the
 * share of each received skb's truesize that is payload, measured on the
 * connection (scaling_ratio, 1/256ths). A window promising more than that
 * would be overrun by the memory the segments really take.
 */
int tcp_win_from_space(const struct sock *sk, int space)
{
	return space <= 0 ? 0 : (int)(((s64)space * tcp_sk(sk)->scaling_ratio) >> TCP_RMEM_TO_WIN_SCALE);
}

int tcp_space(const struct sock *sk)
{
	return tcp_win_from_space(sk, READ_ONCE(sk->sk_rcvbuf) - atomic_read(&sk->sk_rmem_alloc));
}

int tcp_full_space(const struct sock *sk)
{
	return tcp_win_from_space(sk, READ_ONCE(sk->sk_rcvbuf));
}

/*
 * The window to offer now (Linux's __tcp_select_window), with receiver
 * silly-window avoidance (RFC 9293 §3.8.6.2.2): the window is not opened
 * by less than an MSS, and it is offered in whole MSS when unscaled.
 */
u32 __tcp_select_window(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	int mss = icsk->icsk_ack.rcv_mss ? icsk->icsk_ack.rcv_mss : tp->advmss;
	int free_space = tcp_space(sk);
	int full_space = min_t(int, tp->window_clamp, tcp_full_space(sk));
	int window;

	if (mss > full_space)
		mss = full_space;
	if (free_space < full_space / 2 && free_space < mss)
		return 0;
	if (free_space > (int)tp->rcv_ssthresh)
		free_space = tp->rcv_ssthresh;
	window = tp->rcv_wnd;
	if (tp->rx_opt.rcv_wscale) {
		window = free_space;
		/* Round up: a window scaled down to zero would stall the peer. */
		if (((window >> tp->rx_opt.rcv_wscale) << tp->rx_opt.rcv_wscale) != window)
			window = ((window >> tp->rx_opt.rcv_wscale) + 1) << tp->rx_opt.rcv_wscale;
	} else {
		if (window <= free_space - mss || window > free_space)
			window = (free_space / mss) * mss;
		else if (mss == full_space && free_space > window + (full_space >> 1))
			window = free_space;
	}
	return window;
}

u32 tcp_select_window(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 cur_win = tcp_receive_window(tp);
	u32 new_win = __tcp_select_window(sk);

	/* Never shrink the offered window (RFC 9293 §3.8.6.2.2 advises against it). */
	if (new_win < cur_win)
		new_win = ALIGN(cur_win, 1U << tp->rx_opt.rcv_wscale);
	tp->rcv_wnd = new_win;
	tp->rcv_wup = tp->rcv_nxt;
	new_win = min_t(u32, new_win, 65535U << tp->rx_opt.rcv_wscale);
	return new_win >> tp->rx_opt.rcv_wscale;
}

/* Linux's tcp_select_initial_window: the first window and our scale factor. */
void tcp_select_initial_window(int space, u32 mss, u32 *rcv_wnd, u32 *window_clamp,
			       int wscale_ok, u8 *rcv_wscale)
{
	if (*window_clamp == 0)
		*window_clamp = 65535U << TCP_MAX_WSCALE;
	space = min_t(u32, *window_clamp, (u32)space);
	if (space > (int)mss)
		space = rounddown(space, mss);
	*rcv_wnd = min_t(u32, space, 65535U);
	*rcv_wscale = 0;
	if (wscale_ok) {
		/* Enough scale for the largest buffer tcp_rmem/rmem_max allow. */
		space = max_t(u32, READ_ONCE(sysctl_tcp_rmem[2]), READ_ONCE(sysctl_rmem_max));
		while (space > 65535 && *rcv_wscale < TCP_MAX_WSCALE) {
			space >>= 1;
			(*rcv_wscale)++;
		}
	}
	/* Linux's initial receive window: 10 segments' worth (RFC 6928's spirit). */
	if (mss > (1 << *rcv_wscale))
		*rcv_wnd = min_t(u32, *rcv_wnd, TCP_INIT_CWND * mss * 2);
	*window_clamp = min_t(u32, 65535U << *rcv_wscale, *window_clamp);
}

/* The MSS option for a path of this MTU; 65495 at most (Linux's ipv4_default_advmss, lo's). */
u16 tcp_advertised_mss(u32 mtu)
{
	return min_t(u32, mtu, 65535) - sizeof(struct iphdr) - sizeof(struct tcphdr);
}

/*
 * The MSS we send with, for path MTU pmtu: what fits in one IP packet,
 * clamped by the peer's MSS option (or TCP_MAXSEG), less our options.
 */
unsigned int tcp_sync_mss(struct sock *sk, u32 pmtu)
{
	struct tcp_sock *tp = tcp_sk(sk);
	int mss = pmtu - sizeof(struct iphdr) - sizeof(struct tcphdr);

	if (tp->rx_opt.mss_clamp && mss > tp->rx_opt.mss_clamp)
		mss = tp->rx_opt.mss_clamp;
	if (mss < TCP_MIN_MSS - 40)
		mss = TCP_MIN_MSS - 40;
	if (tp->rx_opt.tstamp_ok)
		mss -= TCPOLEN_TSTAMP_ALIGNED;
	/*
	 * Never more than half the largest window the peer offered (Linux's
	 * tcp_bound_to_half_wnd): over lo the MSS is 64 KiB, and a segment
	 * bigger than the window could only ever go out as probes.
	 */
	if (tp->max_window > TCP_MSS_DEFAULT && mss > (int)(tp->max_window >> 1))
		mss = max_t(int, tp->max_window >> 1, TCP_MIN_MSS - 40);
	inet_csk(sk)->icsk_pmtu_cookie = pmtu;
	tp->mss_cache = mss;
	return mss;
}
