/*
 * TCP socket options, TCP_INFO and the ioctls: what setsockopt,
 * getsockopt and ioctl reach for a SOCK_STREAM socket in AF_INET.
 *
 *   setsockopt(fd, IPPROTO_TCP, ...) -> sock_common_setsockopt ->
 *     tcp_setsockopt: TCP_NODELAY/CORK push what they were holding back,
 *     TCP_KEEP* re-arm the keepalive timer, TCP_CONGESTION switches the
 *     congestion ops (tcp_cong.c); other levels go to ip_setsockopt.
 *   getsockopt -> tcp_getsockopt, TCP_INFO filled by tcp_get_info (also
 *     what ss-style tools and the self-tests read).
 *   ioctl SIOCINQ/SIOCOUTQ -> tcp_ioctl.
 * Neighbours: tcp.c (the rest of the user's side), tcp_output.c (tcp_push),
 * tcp_timer.c (keepalive).
 */
#include <net/tcp.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/string.h>

int tcp_setsockopt(struct sock *sk, int level, int optname, const void __user *optval, unsigned int optlen)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	int val, err = 0;

	if (level != SOL_TCP)
		return ip_setsockopt(sk, level, optname, optval, optlen);
	if (optname == TCP_CONGESTION) {
		char name[TCP_CA_NAME_MAX];
		unsigned int n = min_t(unsigned int, optlen, sizeof(name) - 1);

		if (copy_from_user(name, optval, n))
			return -EFAULT;
		name[n] = 0;
		lock_sock(sk);
		err = tcp_set_congestion_control(sk, name);
		release_sock(sk);
		return err;
	}
	if (optlen < sizeof(int))
		return -EINVAL;
	if (get_user(val, (const int __user *)optval))
		return -EFAULT;

	lock_sock(sk);
	switch (optname) {
	case TCP_MAXSEG:
		if (val && (val < TCP_MIN_MSS || val > 65535))
			err = -EINVAL;
		else
			tp->rx_opt.user_mss = val;
		break;
	case TCP_NODELAY:
		if (val) {
			tp->nonagle |= TCP_NAGLE_OFF | TCP_NAGLE_PUSH;
			tcp_push(sk, tp->nonagle);
			tp->nonagle &= ~TCP_NAGLE_PUSH;
		} else {
			tp->nonagle &= ~TCP_NAGLE_OFF;
		}
		break;
	case TCP_CORK:
		if (val) {
			tp->nonagle |= TCP_NAGLE_CORK;
		} else {
			tp->nonagle &= ~TCP_NAGLE_CORK;
			tcp_push(sk, tp->nonagle | TCP_NAGLE_PUSH);
		}
		break;
	case TCP_KEEPIDLE:
		if (val < 1 || val > 32767) {
			err = -EINVAL;
			break;
		}
		tp->keepalive_time = val * HZ;
		if (sock_flag(sk, SOCK_KEEPOPEN) &&
		    !((1 << sk->sk_state) & ((1 << TCP_CLOSE) | (1 << TCP_LISTEN))))
			inet_csk_reset_keepalive_timer(sk, tp->keepalive_time);
		break;
	case TCP_KEEPINTVL:
		if (val < 1 || val > 32767)
			err = -EINVAL;
		else
			tp->keepalive_intvl = val * HZ;
		break;
	case TCP_KEEPCNT:
		if (val < 1 || val > 127)
			err = -EINVAL;
		else
			tp->keepalive_probes = val;
		break;
	case TCP_SYNCNT:
		if (val < 1 || val > 127)
			err = -EINVAL;
		else
			icsk->icsk_syn_retries = val;
		break;
	case TCP_LINGER2:
		if (val < 0)
			tp->linger2 = -1;
		else if (val > READ_ONCE(sysctl_tcp_fin_timeout))
			tp->linger2 = 0;
		else
			tp->linger2 = val * HZ;
		break;
	case TCP_QUICKACK:
		if (val) {
			icsk->icsk_ack.pingpong = 0;
			if (inet_csk_ack_scheduled(sk) && sk->sk_state != TCP_CLOSE)
				tcp_send_ack(sk);
		} else {
			icsk->icsk_ack.pingpong = 1;
		}
		break;
	case TCP_USER_TIMEOUT:
		if (val < 0)
			err = -EINVAL;
		else
			icsk->icsk_user_timeout = val;
		break;
	case TCP_WINDOW_CLAMP:
		if (!val) {
			if (sk->sk_state != TCP_CLOSE)
				err = -EINVAL;
			else
				tp->window_clamp = 0;
		} else {
			tp->window_clamp = val < SOCK_MIN_RCVBUF / 2 ? SOCK_MIN_RCVBUF / 2 : val;
		}
		break;
	case TCP_DEFER_ACCEPT:
		break;		/* accepted, as a hint Sockeye does not act on: connections are queued at once */
	default:
		err = -ENOPROTOOPT;
	}
	release_sock(sk);
	return err;
}

void tcp_get_info(struct sock *sk, struct tcp_info *info)
{
	const struct inet_connection_sock *icsk = inet_csk(sk);
	const struct tcp_sock *tp = tcp_sk(sk);
	u32 now = jiffies;

	memset(info, 0, sizeof(*info));
	info->tcpi_state = sk->sk_state;
	info->tcpi_ca_state = tp->ca_state;
	info->tcpi_retransmits = icsk->icsk_retransmits;
	info->tcpi_probes = icsk->icsk_probes_out;
	info->tcpi_backoff = icsk->icsk_backoff;
	if (tp->rx_opt.tstamp_ok)
		info->tcpi_options |= TCPI_OPT_TIMESTAMPS;
	if (tp->rx_opt.sack_ok)
		info->tcpi_options |= TCPI_OPT_SACK;
	if (tp->rx_opt.wscale_ok) {
		info->tcpi_options |= TCPI_OPT_WSCALE;
		info->tcpi_snd_wscale = tp->rx_opt.snd_wscale;
		info->tcpi_rcv_wscale = tp->rx_opt.rcv_wscale;
	}
	info->tcpi_rto = jiffies_to_msecs(icsk->icsk_rto) * 1000;
	info->tcpi_ato = jiffies_to_msecs(icsk->icsk_ack.ato) * 1000;
	info->tcpi_snd_mss = tp->mss_cache;
	info->tcpi_rcv_mss = icsk->icsk_ack.rcv_mss;
	if (sk->sk_state == TCP_LISTEN) {
		info->tcpi_unacked = sk->sk_ack_backlog;	/* Linux reuses these for listeners */
		info->tcpi_sacked = sk->sk_max_ack_backlog;
	} else {
		info->tcpi_unacked = tp->packets_out;
	}
	info->tcpi_lost = tp->lost_out;
	info->tcpi_sacked = sk->sk_state == TCP_LISTEN ? info->tcpi_sacked : tp->sacked_out;
	info->tcpi_retrans = tp->retrans_out;
	info->tcpi_last_data_sent = jiffies_to_msecs(now - tp->lsndtime);
	info->tcpi_last_data_recv = jiffies_to_msecs(now - tp->lrcvtime);
	info->tcpi_last_ack_recv = jiffies_to_msecs(now - tp->rcv_tstamp);
	info->tcpi_pmtu = icsk->icsk_pmtu_cookie;
	info->tcpi_rcv_ssthresh = tp->rcv_ssthresh;
	info->tcpi_rtt = tp->srtt_us >> 3;
	info->tcpi_rttvar = tp->mdev_us >> 2;
	info->tcpi_snd_ssthresh = tp->snd_ssthresh;
	info->tcpi_snd_cwnd = tp->snd_cwnd;
	info->tcpi_advmss = tp->advmss;
	info->tcpi_reordering = 3;
	info->tcpi_rcv_space = tp->rcv_wnd;
	info->tcpi_total_retrans = tp->total_retrans;
}

int tcp_getsockopt(struct sock *sk, int level, int optname, char __user *optval, int __user *optlen)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	int val, len;

	if (level != SOL_TCP)
		return ip_getsockopt(sk, level, optname, optval, optlen);
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	switch (optname) {
	case TCP_INFO: {
		struct tcp_info info;

		tcp_get_info(sk, &info);
		len = min_t(int, len, sizeof(info));
		if (put_user(len, optlen) || copy_to_user(optval, &info, len))
			return -EFAULT;
		return 0;
	}
	case TCP_CONGESTION: {
		char name[TCP_CA_NAME_MAX] = { 0 };

		strlcpy(name, icsk->icsk_ca_ops->name, sizeof(name));
		len = min_t(int, len, TCP_CA_NAME_MAX);
		if (put_user(len, optlen) || copy_to_user(optval, name, len))
			return -EFAULT;
		return 0;
	}
	case TCP_MAXSEG:
		val = tp->mss_cache;
		if (!val || (1 << sk->sk_state) & ((1 << TCP_CLOSE) | (1 << TCP_LISTEN)))
			val = tp->rx_opt.user_mss ? tp->rx_opt.user_mss : TCP_MSS_DEFAULT;
		break;
	case TCP_NODELAY:	val = !!(tp->nonagle & TCP_NAGLE_OFF); break;
	case TCP_CORK:		val = !!(tp->nonagle & TCP_NAGLE_CORK); break;
	case TCP_KEEPIDLE:	val = keepalive_time_when(tp) / HZ; break;
	case TCP_KEEPINTVL:	val = keepalive_intvl_when(tp) / HZ; break;
	case TCP_KEEPCNT:	val = keepalive_probes(tp); break;
	case TCP_SYNCNT:
		val = icsk->icsk_syn_retries ? icsk->icsk_syn_retries : READ_ONCE(sysctl_tcp_syn_retries);
		break;
	case TCP_LINGER2:
		val = tp->linger2;
		if (val >= 0)
			val = (val ? val : READ_ONCE(sysctl_tcp_fin_timeout) * HZ) / HZ;
		break;
	case TCP_QUICKACK:	val = !icsk->icsk_ack.pingpong; break;
	case TCP_USER_TIMEOUT:	val = icsk->icsk_user_timeout; break;
	case TCP_WINDOW_CLAMP:	val = tp->window_clamp; break;
	case TCP_DEFER_ACCEPT:	val = 0; break;
	default:
		return -ENOPROTOOPT;
	}
	len = min_t(int, len, sizeof(int));
	if (put_user(len, optlen) || copy_to_user(optval, &val, len))
		return -EFAULT;
	return 0;
}

int tcp_ioctl(struct sock *sk, int cmd, unsigned long arg)
{
	struct tcp_sock *tp = tcp_sk(sk);
	int answ;

	switch (cmd) {
	case SIOCINQ:
		if (sk->sk_state == TCP_LISTEN)
			return -EINVAL;
		lock_sock(sk);
		answ = tp->rcv_nxt - tp->copied_seq;
		if (answ && sock_flag(sk, SOCK_DONE))
			answ--;		/* the FIN is not a byte the user can read */
		release_sock(sk);
		break;
	case SIOCOUTQ:
		if (sk->sk_state == TCP_LISTEN)
			return -EINVAL;
		answ = ((1 << sk->sk_state) & ((1 << TCP_SYN_SENT) | (1 << TCP_SYN_RECV))) ? 0 :
		       tp->write_seq - tp->snd_una;
		break;
	default:
		return -ENOTTY;
	}
	return put_user(answ, (int __user *)arg);
}
