/*
 * TCP, the user's side: socket initialisation, send and receive, close
 * and shutdown, poll, state changes, and the tunables and counters
 * under /proc. Socket options, TCP_INFO and ioctls: tcp_sockopt.c.
 *
 *   send():  inet_sendmsg -> tcp_sendmsg: wait for the connection, cut the
 *            user's bytes into MSS-sized skbs on sk_write_queue (bounded
 *            by sk_sndbuf: sk_stream_wait_memory blocks or EAGAIN), then
 *            tcp_push -> tcp_write_xmit (tcp_output.c).
 *   recv():  inet_recvmsg -> tcp_recvmsg: copy from sk_receive_queue at
 *            copied_seq, sleep in sk_wait_data, then tcp_cleanup_rbuf
 *            sends a window update once reading reopened the window.
 *   close(): tcp_close: unread data -> RST (RFC 2525); SO_LINGER 0 -> RST;
 *            else FIN (tcp_close_state), optional linger wait, then the
 *            orphan finishes the close by itself (tcp_max_orphans bound).
 * Neighbours: af_inet.c (inet_stream_ops), tcp_output.c, tcp_input.c,
 * tcp_sockopt.c.
 */
#include <net/tcp.h>
#include <net/busy_poll.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/trace_events.h>

int sysctl_tcp_syn_retries = 6;
int sysctl_tcp_synack_retries = 5;
int sysctl_tcp_max_syn_backlog = 256;
int sysctl_tcp_syncookies = 1;
int sysctl_tcp_abort_on_overflow;
int sysctl_tcp_fin_timeout = TCP_FIN_TIMEOUT / HZ;
int sysctl_tcp_max_tw_buckets = INET_EHASH_SIZE / 2;	/* Linux: half the established hash */
int sysctl_tcp_max_orphans = 8192;
int sysctl_tcp_retries1 = 3;
int sysctl_tcp_retries2 = 15;
int sysctl_tcp_orphan_retries;
int sysctl_tcp_keepalive_time = TCP_KEEPALIVE_TIME / HZ;
int sysctl_tcp_keepalive_intvl = TCP_KEEPALIVE_INTVL / HZ;
int sysctl_tcp_keepalive_probes = TCP_KEEPALIVE_PROBES;
int sysctl_tcp_timestamps = 1;
int sysctl_tcp_window_scaling = 1;
int sysctl_tcp_sack = 1;
int sysctl_tcp_rmem[3] = { 4096, 131072, 6291456 };
int sysctl_tcp_wmem[3] = { 4096, 16384, 4194304 };
int sysctl_tcp_rfc1337;
int sysctl_tcp_tw_reuse = 2;
int sysctl_tcp_challenge_ack_limit = 1000;
int sysctl_tcp_invalid_ratelimit = 500;
int sysctl_tcp_base_mss = TCP_BASE_MSS;

unsigned long tcp_statistics[TCP_MIB_MAX];
unsigned long net_statistics[LINUX_MIB_MAX];
atomic_t tcp_orphan_count = ATOMIC_INIT(0);
atomic_t tcp_sockets_allocated = ATOMIC_INIT(0);

static const char *const tcp_state_names[TCP_MAX_STATES] = {
	[TCP_ESTABLISHED] = "ESTABLISHED", [TCP_SYN_SENT] = "SYN_SENT", [TCP_SYN_RECV] = "SYN_RECV",
	[TCP_FIN_WAIT1] = "FIN_WAIT1", [TCP_FIN_WAIT2] = "FIN_WAIT2", [TCP_TIME_WAIT] = "TIME_WAIT",
	[TCP_CLOSE] = "CLOSE", [TCP_CLOSE_WAIT] = "CLOSE_WAIT", [TCP_LAST_ACK] = "LAST_ACK",
	[TCP_LISTEN] = "LISTEN", [TCP_CLOSING] = "CLOSING", [TCP_NEW_SYN_RECV] = "NEW_SYN_RECV",
};

const char *tcp_state_name(int state)
{
	return state > 0 && state < TCP_MAX_STATES ? tcp_state_names[state] : "?";
}

/* Every state change goes through here: counters, and leaving the hashes at CLOSE. */
void tcp_set_state(struct sock *sk, int state)
{
	int oldstate = sk->sk_state;

	/* Before the CLOSE case gives the port back, so the event still shows it. */
	trace_event(inet_sock_set_state, inet_sk(sk)->inet_num, ntohs(sk->sk_dport), oldstate, state);
	switch (state) {
	case TCP_ESTABLISHED:
		if (oldstate != TCP_ESTABLISHED)
			TCP_INC_STATS(TCP_MIB_CURRESTAB);
		break;
	case TCP_CLOSE:
		if (oldstate == TCP_CLOSE_WAIT || oldstate == TCP_ESTABLISHED)
			TCP_INC_STATS(TCP_MIB_ESTABRESETS);
		sk->sk_prot->unhash(sk);
		if (inet_csk(sk)->icsk_bind_hash && !(sk->sk_userlocks & SOCK_BINDPORT_LOCK))
			inet_put_port(sk);
		/* fallthrough */
	default:
		if (oldstate == TCP_ESTABLISHED)
			TCP_DEC_STATS(TCP_MIB_CURRESTAB);
	}
	inet_sk_set_state(sk, state);
}

/* The connection is over (reset, timeout, final ACK): closed, and freed if orphaned. */
void tcp_done(struct sock *sk)
{
	if (sk->sk_state == TCP_SYN_SENT || sk->sk_state == TCP_SYN_RECV)
		TCP_INC_STATS(TCP_MIB_ATTEMPTFAILS);
	tcp_set_state(sk, TCP_CLOSE);
	tcp_clear_xmit_timers(sk);
	sk->sk_shutdown = SHUTDOWN_MASK;
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_state_change(sk);
	else
		inet_csk_destroy_sock(sk);
}

void tcp_write_queue_purge(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	skb_queue_purge(&sk->sk_write_queue);
	tp->sk_wmem_queued = 0;
	tp->send_head = NULL;
	tp->packets_out = tp->retrans_out = tp->lost_out = 0;
}

/* ---- buffers and waiting ------------------------------------------------------------------- */

static bool sk_stream_memory_free(const struct sock *sk)
{
	return tcp_sk(sk)->sk_wmem_queued < READ_ONCE(sk->sk_sndbuf);
}

/* Writable for poll: a third of the buffer free (Linux's sk_stream_wspace >= min_wspace). */
static bool sk_stream_is_writeable(const struct sock *sk)
{
	int queued = tcp_sk(sk)->sk_wmem_queued;

	return sk->sk_sndbuf - queued >= (queued >> 1);
}

static void sk_stream_write_space(struct sock *sk)
{
	struct socket *sock = sk->sk_socket;

	if (sock && sk_stream_is_writeable(sk)) {
		sock->flags &= ~(1UL << SOCK_NOSPACE);
		sk_wake_async_poll(sk, POLLOUT | POLLWRNORM | POLLWRBAND);
	}
}

/* Linux's tcp_sndbuf_expand: room for two congestion windows of full segments. */
static void tcp_sndbuf_expand(struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);
	int per_mss = tp->mss_cache + MAX_TCP_HEADER + (int)SK_MEM_OVERHEAD;
	int sndmem = 2 * max_t(u32, tp->snd_cwnd, TCP_INIT_CWND) * per_mss;

	if (sk->sk_userlocks & SOCK_SNDBUF_LOCK)
		return;
	sndmem = min_t(int, sndmem, READ_ONCE(sysctl_tcp_wmem[2]));
	if (sk->sk_sndbuf < sndmem)
		WRITE_ONCE(sk->sk_sndbuf, sndmem);
}

/*
 * Linux's tcp_new_space: an ACK freed queued data. A writer that ran out
 * of room (SOCK_NOSPACE) while the congestion window still had room
 * (Linux's tcp_should_expand_sndbuf) gets a buffer of two of today's
 * windows - the one set at connect holds two of the initial 10 segments,
 * and without this a sender stayed there however far cwnd grew: in bulk
 * guest-to-host the writer slept on a buffer smaller than slirp's 64 KiB
 * window and its TSO bursts averaged 14 segments; with it they are 43
 * and the stream 10 % faster. Then the writer is told (sk_write_space).
 */
void tcp_new_space(struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);

	if (sk->sk_socket && (sk->sk_socket->flags & (1UL << SOCK_NOSPACE)) &&
	    tcp_packets_in_flight(tp) < tp->snd_cwnd)
		tcp_sndbuf_expand(sk);
	sk->sk_write_space(sk);
}

/* Wait for send-buffer room: 0, or -EPIPE (closed/shut), -EAGAIN, -EINTR/-ERESTARTSYS. */
static int sk_stream_wait_memory(struct sock *sk, long *timeo_p)
{
	for (;;) {
		DEFINE_WAIT(wait);
		int err = 0;

		prepare_to_wait(sk_sleep(sk), &wait, TASK_INTERRUPTIBLE);
		if (sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN))
			err = -EPIPE;
		else if (!*timeo_p) {
			/* As Linux: the ACK that makes room looks for this (tcp_new_space). */
			sk->sk_socket->flags |= 1UL << SOCK_NOSPACE;
			err = -EAGAIN;
		} else if (signal_pending(current))
			err = sock_intr_errno(*timeo_p);
		else if (!sk_stream_memory_free(sk)) {
			sk->sk_socket->flags |= 1UL << SOCK_NOSPACE;
			sk_wait_event(sk, timeo_p, sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN) ||
					       sk_stream_memory_free(sk));
		}
		finish_wait(sk_sleep(sk), &wait);
		if (err)
			return err;
		if (sk_stream_memory_free(sk))
			return 0;
	}
}

/* send() before the handshake finished: wait for it (Linux's sk_stream_wait_connect). */
static int sk_stream_wait_connect(struct sock *sk, long *timeo_p)
{
	for (;;) {
		DEFINE_WAIT(wait);
		int err = sock_error(sk);

		if (err)
			return err;
		if (!((1 << sk->sk_state) & ((1 << TCP_SYN_SENT) | (1 << TCP_SYN_RECV))))
			return -EPIPE;
		if (!*timeo_p)
			return -EAGAIN;
		if (signal_pending(current))
			return sock_intr_errno(*timeo_p);
		prepare_to_wait(sk_sleep(sk), &wait, TASK_INTERRUPTIBLE);
		sk_wait_event(sk, timeo_p, sk->sk_err ||
			      ((1 << sk->sk_state) & ~((1 << TCP_SYN_SENT) | (1 << TCP_SYN_RECV))));
		finish_wait(sk_sleep(sk), &wait);
		if ((1 << sk->sk_state) & ((1 << TCP_ESTABLISHED) | (1 << TCP_CLOSE_WAIT)))
			return 0;
	}
}

/* EPIPE becomes the pending error if there is one, and SIGPIPE unless MSG_NOSIGNAL. */
static int sk_stream_error(struct sock *sk, int flags, int err)
{
	if (err == -EPIPE) {
		int soft = sock_error(sk);

		err = soft ? soft : -EPIPE;
	}
	if (err == -EPIPE && !(flags & MSG_NOSIGNAL))
		send_sig(SIGPIPE, current, 0);
	return err;
}

/* ---- send ------------------------------------------------------------------------------------ */

int tcp_sendmsg(struct sock *sk, struct msghdr *msg, size_t size)
{
	struct tcp_sock *tp = tcp_sk(sk);
	int flags = msg->msg_flags;
	int copied = 0, err;
	unsigned int mss_now, size_goal;
	long timeo;

	lock_sock(sk);
	timeo = sock_sndtimeo(sk, flags & MSG_DONTWAIT);
	if (!((1 << sk->sk_state) & ((1 << TCP_ESTABLISHED) | (1 << TCP_CLOSE_WAIT)))) {
		err = sk_stream_wait_connect(sk, &timeo);
		if (err)
			goto do_error;
	}
	mss_now = tcp_current_mss(sk);
	size_goal = tcp_size_goal(sk, mss_now);
	err = -EPIPE;
	if (sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN))
		goto do_error;

	while (copied < (int)size) {
		struct sk_buff *skb = skb_queue_empty(&sk->sk_write_queue) ? NULL : sk->sk_write_queue.prev;
		int copy;

		/* Fill the last unsent segment before starting another (fewer, fuller segments). */
		if (!skb || !tcp_send_head(sk) || skb->len >= mss_now || !skb_tailroom(skb) ||
		    (TCP_SKB_CB(skb)->tcp_flags & (TCPHDR_FIN | TCPHDR_SYN)) || skb_cloned(skb)) {
			if (!sk_stream_memory_free(sk)) {
				tcp_push(sk, tp->nonagle | TCP_NAGLE_PUSH);
				err = sk_stream_wait_memory(sk, &timeo);
				if (err)
					goto do_error;
				mss_now = tcp_current_mss(sk);
				size_goal = tcp_size_goal(sk, mss_now);
				continue;
			}
			skb = alloc_skb(MAX_TCP_HEADER + mss_now, GFP_KERNEL);
			if (!skb) {
				err = -ENOBUFS;
				goto do_error;
			}
			skb_reserve(skb, MAX_TCP_HEADER);
			memset(skb->cb, 0, sizeof(skb->cb));
			TCP_SKB_CB(skb)->seq = TCP_SKB_CB(skb)->end_seq = tp->write_seq;
			TCP_SKB_CB(skb)->tcp_flags = TCPHDR_ACK;
			skb_header_release(skb);	/* payload only: each clone builds its own headers */
			__skb_queue_tail(&sk->sk_write_queue, skb);
			tp->sk_wmem_queued += skb->truesize;
			if (!tp->send_head)
				tp->send_head = skb;
		}
		copy = min_t(int, (int)size - copied, (int)(mss_now - skb->len));
		if (copy > (int)skb_tailroom(skb))
			copy = skb_tailroom(skb);
		if (memcpy_from_msg(skb_put(skb, copy), msg, copy)) {
			skb_trim(skb, skb->len - copy);
			err = -EFAULT;
			goto do_error;
		}
		TCP_SKB_CB(skb)->end_seq += copy;
		tp->write_seq += copy;
		copied += copy;
		/* Enough full segments for one transmission (one TSO skb): no reason to hold them. */
		if (skb->len >= mss_now && tp->write_seq - tp->snd_nxt >= size_goal)
			tcp_push(sk, tp->nonagle);
	}
	tcp_push(sk, (flags & MSG_MORE) ? TCP_NAGLE_CORK : tp->nonagle);
	release_sock(sk);
	return copied;

do_error:
	if (copied) {
		tcp_push(sk, tp->nonagle);
		release_sock(sk);
		return copied;
	}
	err = sk_stream_error(sk, flags, err);
	release_sock(sk);
	return err;
}

/* ---- receive --------------------------------------------------------------------------------- */

/*
 * After reading: if the window we can offer now is at least twice what
 * the peer last heard, say so (a window update) - else a sender stopped
 * by our zero window would only learn of it from its persist timer.
 */
void tcp_cleanup_rbuf(struct sock *sk, int copied)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	bool time_to_ack = false;

	if (inet_csk_ack_scheduled(sk) &&
	    ((icsk->icsk_ack.pending & ICSK_ACK_PUSHED) ||
	     tp->rcv_nxt - tp->rcv_wup > icsk->icsk_ack.rcv_mss))
		time_to_ack = true;
	if (copied > 0 && !time_to_ack && !(sk->sk_shutdown & RCV_SHUTDOWN)) {
		u32 rcv_window_now = tcp_receive_window(tp);

		if (2 * rcv_window_now <= tp->window_clamp) {
			u32 new_window = __tcp_select_window(sk);

			if (new_window && new_window >= 2 * rcv_window_now)
				time_to_ack = true;
		}
	}
	if (time_to_ack)
		tcp_send_ack(sk);
}

/*
 * Receive-buffer autotuning (Linux's tcp_rcv_space_adjust, "DRS"): once per
 * RTT, look at how much the reader consumed; if it beat its record, give
 * the socket a buffer that can back twice that as window, up to
 * tcp_rmem[2]. A reader that keeps up so earns a window that covers the
 * path's bandwidth-delay product; a slow one keeps the small default.
 */
static void tcp_rcv_space_adjust(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 rtt = max_t(u32, usecs_to_jiffies(tp->srtt_us >> 3), 1);
	u32 copied;
	int rcvbuf;

	if ((u32)jiffies - tp->rcvq_space.time < rtt)
		return;
	copied = tp->copied_seq - tp->rcvq_space.seq;
	if (copied > tp->rcvq_space.space) {
		tp->rcvq_space.space = copied;
		if (!(sk->sk_userlocks & SOCK_RCVBUF_LOCK)) {
			rcvbuf = (int)min_t(u64, ((u64)copied * 2 << TCP_RMEM_TO_WIN_SCALE) / tp->scaling_ratio,
					    READ_ONCE(sysctl_tcp_rmem[2]));
			if (rcvbuf > sk->sk_rcvbuf) {
				WRITE_ONCE(sk->sk_rcvbuf, rcvbuf);
				tp->window_clamp = min_t(u32, 65535U << tp->rx_opt.rcv_wscale,
							 tcp_win_from_space(sk, rcvbuf));
			}
		}
	}
	tp->rcvq_space.seq = tp->copied_seq;
	tp->rcvq_space.time = jiffies;
}

static void sk_wait_data(struct sock *sk, long *timeo, u32 seq)
{
	DEFINE_WAIT(wait);

	prepare_to_wait(sk_sleep(sk), &wait, TASK_INTERRUPTIBLE);
	sk_wait_event(sk, timeo, tcp_sk(sk)->rcv_nxt != seq || sk->sk_err ||
		      (sk->sk_shutdown & RCV_SHUTDOWN) || sock_flag(sk, SOCK_DONE));
	finish_wait(sk_sleep(sk), &wait);
}

static void sk_eat_skb(struct sock *sk, struct sk_buff *skb)
{
	__skb_unlink(skb, &sk->sk_receive_queue);
	consume_skb(skb);
}

int tcp_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags, int *addr_len)
{
	struct tcp_sock *tp = tcp_sk(sk);
	int copied = 0, target, err;
	u32 peek_seq, *seq;
	long timeo;

	if (flags & MSG_ERRQUEUE)
		return ip_recv_error(sk, msg, len, addr_len);
	if (flags & MSG_OOB)
		return -EINVAL;		/* no urgent data: RFC 6093 advises against using it */
	/* Nothing queued: spin on the NIC a little before sleeping (SO_BUSY_POLL). */
	if (sk_can_busy_loop(sk) && skb_queue_empty(&sk->sk_receive_queue) &&
	    sk->sk_state == TCP_ESTABLISHED)
		sk_busy_loop(sk, flags & MSG_DONTWAIT);
	lock_sock(sk);
	err = -ENOTCONN;
	if (sk->sk_state == TCP_LISTEN)
		goto out;
	timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	seq = &tp->copied_seq;
	if (flags & MSG_PEEK) {
		peek_seq = tp->copied_seq;
		seq = &peek_seq;
	}
	target = (flags & MSG_WAITALL) ? (int)len : min_t(int, READ_ONCE(sk->sk_rcvlowat), (int)len);
	if (target < 1)
		target = 1;

	do {
		struct sk_buff *skb;
		u32 offset;

		skb_queue_walk(&sk->sk_receive_queue, skb) {
			offset = *seq - TCP_SKB_CB(skb)->seq;
			if (offset < skb->len)
				goto found_ok_skb;
			if (TCP_SKB_CB(skb)->tcp_flags & TCPHDR_FIN)
				goto found_fin_ok;
		}
		if (copied >= target)
			break;
		if (copied) {
			if (sk->sk_err || sk->sk_state == TCP_CLOSE || (sk->sk_shutdown & RCV_SHUTDOWN) ||
			    !timeo || signal_pending(current))
				break;
		} else {
			if (sock_flag(sk, SOCK_DONE))
				break;
			if (sk->sk_err) {
				copied = sock_error(sk);
				break;
			}
			if (sk->sk_shutdown & RCV_SHUTDOWN)
				break;
			if (sk->sk_state == TCP_CLOSE) {
				copied = -ENOTCONN;	/* never connected (a reset one reported sk_err above) */
				break;
			}
			if (!timeo) {
				copied = -EAGAIN;
				break;
			}
			if (signal_pending(current)) {
				copied = sock_intr_errno(timeo);
				break;
			}
		}
		tcp_cleanup_rbuf(sk, copied);
		sk_wait_data(sk, &timeo, *seq);
		continue;

found_ok_skb: {
		u32 used = skb->len - offset;

		if (len < used)
			used = len;
		if (!(flags & MSG_TRUNC) && memcpy_to_msg(msg, skb->data + offset, used)) {
			if (!copied)
				copied = -EFAULT;
			break;
		}
		*seq += used;
		copied += used;
		len -= used;
		if (used + offset < skb->len)
			continue;
		if (TCP_SKB_CB(skb)->tcp_flags & TCPHDR_FIN)
			goto found_fin_ok;
		if (!(flags & MSG_PEEK))
			sk_eat_skb(sk, skb);
		continue;
	}
found_fin_ok:
		++*seq;
		if (!(flags & MSG_PEEK))
			sk_eat_skb(sk, skb);
		break;
	} while (len > 0);

	if (copied > 0 && !(flags & MSG_PEEK))
		tcp_rcv_space_adjust(sk);
	tcp_cleanup_rbuf(sk, copied);
	err = copied;
out:
	release_sock(sk);
	return err;
}

/* ---- poll ------------------------------------------------------------------------------------- */

__poll_t tcp_poll(struct file *file, struct socket *sock, poll_table *wait)
{
	struct sock *sk = sock->sk;
	const struct tcp_sock *tp = tcp_sk(sk);
	int state = READ_ONCE(sk->sk_state);
	__poll_t mask = 0;

	poll_wait(file, sk_sleep(sk), wait);
	if (state == TCP_LISTEN)
		return reqsk_queue_empty(&inet_csk(sk)->icsk_accept_queue) ? 0 : POLLIN | POLLRDNORM;

	if (sk->sk_shutdown == SHUTDOWN_MASK || state == TCP_CLOSE)
		mask |= POLLHUP;
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		mask |= POLLIN | POLLRDNORM | POLLRDHUP;
	if (state != TCP_SYN_SENT && state != TCP_SYN_RECV) {
		int target = READ_ONCE(sk->sk_rcvlowat) > 0 ? READ_ONCE(sk->sk_rcvlowat) : 1;

		if ((int)(READ_ONCE(tp->rcv_nxt) - READ_ONCE(tp->copied_seq)) >= target)
			mask |= POLLIN | POLLRDNORM;
		if (!(sk->sk_shutdown & SEND_SHUTDOWN)) {
			if (sk_stream_is_writeable(sk))
				mask |= POLLOUT | POLLWRNORM;
			else
				sock->flags |= 1UL << SOCK_NOSPACE;
		} else {
			mask |= POLLOUT | POLLWRNORM;
		}
	}
	if (READ_ONCE(sk->sk_err) || !skb_queue_empty(&sk->sk_error_queue))
		mask |= POLLERR;
	return mask;
}

/* ---- close and shutdown --------------------------------------------------------------------------- */

/*
 * The state a close moves to, and whether that takes a FIN
 * (RFC 9293 §3.10.4; Linux's new_state table).
 */
static bool tcp_close_state(struct sock *sk)
{
	static const unsigned char new_state[TCP_MAX_STATES] = {
		[0]			= TCP_CLOSE,
		[TCP_ESTABLISHED]	= TCP_FIN_WAIT1 | 0x80,
		[TCP_SYN_SENT]		= TCP_CLOSE,
		[TCP_SYN_RECV]		= TCP_FIN_WAIT1 | 0x80,
		[TCP_FIN_WAIT1]		= TCP_FIN_WAIT1,
		[TCP_FIN_WAIT2]		= TCP_FIN_WAIT2,
		[TCP_TIME_WAIT]		= TCP_CLOSE,
		[TCP_CLOSE]		= TCP_CLOSE,
		[TCP_CLOSE_WAIT]	= TCP_LAST_ACK | 0x80,
		[TCP_LAST_ACK]		= TCP_LAST_ACK,
		[TCP_LISTEN]		= TCP_CLOSE,
		[TCP_CLOSING]		= TCP_CLOSING,
		[TCP_NEW_SYN_RECV]	= TCP_CLOSE,
	};
	int next = new_state[sk->sk_state];

	tcp_set_state(sk, next & 0x7f);
	return next & 0x80;
}

void tcp_shutdown(struct sock *sk, int how)
{
	if (!(how & SEND_SHUTDOWN))
		return;
	if ((1 << sk->sk_state) & ((1 << TCP_ESTABLISHED) | (1 << TCP_SYN_SENT) |
				   (1 << TCP_SYN_RECV) | (1 << TCP_CLOSE_WAIT))) {
		if (tcp_close_state(sk))
			tcp_send_fin(sk);
	}
}

/* SO_LINGER with a time: close blocks until the FIN is acknowledged or the time runs out. */
static void sk_stream_wait_close(struct sock *sk, long timeout)
{
	while (timeout && !signal_pending(current) &&
	       ((1 << sk->sk_state) & ((1 << TCP_FIN_WAIT1) | (1 << TCP_CLOSING) | (1 << TCP_LAST_ACK)))) {
		DEFINE_WAIT(wait);

		prepare_to_wait(sk_sleep(sk), &wait, TASK_INTERRUPTIBLE);
		sk_wait_event(sk, &timeout, !((1 << sk->sk_state) &
					      ((1 << TCP_FIN_WAIT1) | (1 << TCP_CLOSING) | (1 << TCP_LAST_ACK))));
		finish_wait(sk_sleep(sk), &wait);
	}
}

void tcp_close(struct sock *sk, long timeout)
{
	struct sk_buff *skb;
	int data_was_unread = 0;
	int state;

	lock_sock(sk);
	sk->sk_shutdown = SHUTDOWN_MASK;
	if (sk->sk_state == TCP_LISTEN) {
		tcp_set_state(sk, TCP_CLOSE);
		inet_csk_listen_stop(sk);
		goto adjudge_to_death;
	}
	while ((skb = __skb_dequeue(&sk->sk_receive_queue)) != NULL) {
		u32 len = TCP_SKB_CB(skb)->end_seq - TCP_SKB_CB(skb)->seq;

		if (TCP_SKB_CB(skb)->tcp_flags & TCPHDR_FIN)
			len--;
		data_was_unread += len;
		kfree_skb(skb);
	}
	if (sk->sk_state == TCP_CLOSE)
		goto adjudge_to_death;
	if (data_was_unread) {
		/* RFC 2525 2.17: the peer must learn its data was not read. */
		NET_INC_STATS(LINUX_MIB_TCPABORTONCLOSE);
		tcp_set_state(sk, TCP_CLOSE);
		tcp_send_active_reset(sk);
	} else if (sock_flag(sk, SOCK_LINGER) && !sk->sk_linger.seconds) {
		/* SO_LINGER {1, 0}: abort (Linux counts it as TCPAbortOnData). */
		sk->sk_prot->disconnect(sk, 0);
		NET_INC_STATS(LINUX_MIB_TCPABORTONDATA);
	} else if (tcp_close_state(sk)) {
		tcp_send_fin(sk);
	}
	sk_stream_wait_close(sk, timeout);

adjudge_to_death:
	state = sk->sk_state;
	sock_hold(sk);
	sock_orphan(sk);
	atomic_inc(&tcp_orphan_count);
	release_sock(sk);

	local_bh_disable();
	bh_lock_sock(sk);
	if (state != TCP_CLOSE && sk->sk_state == TCP_CLOSE)
		goto out;	/* the backlog closed it meanwhile (and destroyed it) */
	if (sk->sk_state == TCP_FIN_WAIT2) {
		struct tcp_sock *tp = tcp_sk(sk);

		if (tp->linger2 < 0) {
			tcp_set_state(sk, TCP_CLOSE);
			tcp_send_active_reset(sk);
			NET_INC_STATS(LINUX_MIB_TCPABORTONLINGER);
		} else {
			tcp_time_wait(sk, TCP_FIN_WAIT2, tcp_fin_time(sk));
			goto out;
		}
	}
	if (sk->sk_state != TCP_CLOSE &&
	    atomic_read(&tcp_orphan_count) > READ_ONCE(sysctl_tcp_max_orphans)) {
		/* Too many orphans hold memory: this one is reset instead (Linux's tcp_too_many_orphans). */
		tcp_set_state(sk, TCP_CLOSE);
		tcp_send_active_reset(sk);
		NET_INC_STATS(LINUX_MIB_TCPABORTONMEMORY);
	}
	if (sk->sk_state == TCP_CLOSE)
		inet_csk_destroy_sock(sk);
out:
	bh_unlock_sock(sk);
	local_bh_enable();
	sock_put(sk);
}

static bool tcp_need_reset(int state)
{
	return (1 << state) & ((1 << TCP_ESTABLISHED) | (1 << TCP_CLOSE_WAIT) | (1 << TCP_FIN_WAIT1) |
			       (1 << TCP_FIN_WAIT2) | (1 << TCP_SYN_RECV));
}

/* connect(AF_UNSPEC), SO_LINGER 0, and children of a closing listener: abort to CLOSE. */
int tcp_disconnect(struct sock *sk, int flags)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	int old_state = sk->sk_state;

	if (old_state == TCP_LISTEN) {
		tcp_set_state(sk, TCP_CLOSE);
		inet_csk_listen_stop(sk);
	} else if (tcp_need_reset(old_state) ||
		   (tp->snd_nxt != tp->write_seq &&
		    (1 << old_state) & ((1 << TCP_CLOSING) | (1 << TCP_LAST_ACK)))) {
		tcp_send_active_reset(sk);
		sk->sk_err = ECONNRESET;
	} else if (old_state == TCP_SYN_SENT) {
		sk->sk_err = ECONNRESET;
	}
	if (sk->sk_state != TCP_CLOSE)
		tcp_set_state(sk, TCP_CLOSE);
	tcp_clear_xmit_timers(sk);
	skb_queue_purge(&sk->sk_receive_queue);
	tcp_write_queue_purge(sk);
	skb_queue_purge(&tp->out_of_order_queue);
	tp->ofo_bytes = 0;
	inet_sk(sk)->inet_dport = 0;
	if (!(sk->sk_userlocks & SOCK_BINDADDR_LOCK))
		inet_sk(sk)->inet_saddr = sk->sk_rcv_saddr = 0;
	sk->sk_shutdown = 0;
	sock_reset_flag(sk, SOCK_DONE);
	tp->srtt_us = tp->mdev_us = 0;
	tp->write_seq += tp->max_window + 2;	/* a new connection starts past the old one's data */
	if (!tp->write_seq)
		tp->write_seq = 1;
	tp->snd_cwnd = TCP_INIT_CWND;
	tp->snd_ssthresh = 0x7fffffff;
	tp->ca_state = TCP_CA_Open;
	tp->dup_acks = 0;
	tp->snd_wnd = tp->max_window = 0;
	icsk->icsk_backoff = icsk->icsk_probes_out = icsk->icsk_retransmits = 0;
	icsk->icsk_rto = TCP_TIMEOUT_INIT;
	inet_csk_delack_init(sk);
	tp->rx_opt.ts_recent = tp->rx_opt.ts_recent_stamp = 0;
	sk_dst_reset(sk);
	sk->sk_error_report(sk);
	return 0;
}

/* ---- the socket's birth ---------------------------------------------------------------------------- */

int tcp_init_sock(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);

	skb_queue_head_init(&tp->out_of_order_queue);
	tcp_init_xmit_timers(sk);
	reqsk_queue_alloc(&icsk->icsk_accept_queue);
	INIT_HLIST_NODE(&icsk->icsk_bind_node);
	icsk->icsk_rto = TCP_TIMEOUT_INIT;
	tp->mdev_us = jiffies_to_msecs(TCP_TIMEOUT_INIT) * 1000;
	tp->snd_cwnd = TCP_INIT_CWND;
	tp->snd_ssthresh = 0x7fffffff;
	tp->mss_cache = TCP_MSS_DEFAULT;
	tp->rx_opt.mss_clamp = TCP_MSS_DEFAULT;
	tp->scaling_ratio = TCP_DEFAULT_SCALING_RATIO;
	tcp_assign_congestion_control(sk);
	sk->sk_state = TCP_CLOSE;
	sk->sk_write_space = sk_stream_write_space;
	sk->sk_sndbuf = READ_ONCE(sysctl_tcp_wmem[1]);
	sk->sk_rcvbuf = READ_ONCE(sysctl_tcp_rmem[1]);
	atomic_inc(&tcp_sockets_allocated);
	return 0;
}

void tcp_init_buffer_space(struct sock *sk)
{
	tcp_sndbuf_expand(sk);
}

/* ---- /proc ------------------------------------------------------------------------------------------ */

static const char *const tcp_mib_names[TCP_MIB_MAX] = {
	"RtoAlgorithm", "RtoMin", "RtoMax", "MaxConn", "ActiveOpens", "PassiveOpens",
	"AttemptFails", "EstabResets", "CurrEstab", "InSegs", "OutSegs", "RetransSegs",
	"InErrs", "OutRsts", "InCsumErrors",
};

static int tcp_snmp_show(struct seq_file *m, void *v)
{
	int i;

	seq_puts(m, "Tcp:");
	for (i = 0; i < TCP_MIB_MAX; i++)
		seq_printf(m, " %s", tcp_mib_names[i]);
	seq_puts(m, "\nTcp:");
	for (i = 0; i < TCP_MIB_MAX; i++) {
		if (i == TCP_MIB_MAXCONN)
			seq_puts(m, " -1");	/* Linux prints MaxConn signed: no limit */
		else
			seq_printf(m, " %lu", tcp_statistics[i]);
	}
	seq_putc(m, '\n');
	return 0;
}

static const char *const net_mib_names[LINUX_MIB_MAX] = {
	"SyncookiesSent", "SyncookiesRecv", "SyncookiesFailed", "EmbryonicRsts", "OfoPruned",
	"OutOfWindowIcmps", "LockDroppedIcmps", "TW", "TWRecycled", "TWKilled",
	"PAWSActive", "PAWSEstab", "DelayedACKs", "DelayedACKLocked", "ListenOverflows",
	"ListenDrops", "TCPRenoRecovery", "TCPTimeouts", "TCPLossProbes", "TCPAbortOnData",
	"TCPAbortOnClose", "TCPAbortOnMemory", "TCPAbortOnTimeout", "TCPAbortOnLinger",
	"TCPAbortFailed", "TCPMemoryPressures", "TCPBacklogDrop", "TCPMinTTLDrop",
	"TCPReqQFullDoCookies", "TCPReqQFullDrop", "TCPRcvQDrop", "TCPOFOQueue", "TCPOFODrop",
	"TCPChallengeACK", "TCPSYNChallenge", "TCPWinProbe", "TCPKeepAlive", "TCPACKSkippedSynRecv",
	"TCPACKSkippedPAWS", "TCPACKSkippedSeq", "TCPACKSkippedChallenge", "TCPACKSkippedTimeWait",
	"TCPOrigDataSent", "TCPHPHits", "TCPPureAcks", "TCPFastRetrans", "TCPSlowStartRetrans",
	"TCPDSACKRecv", "TCPTimeWaitOverflow", "TCPBadSegs",
	"TCPSackRecovery", "TCPSACKReneging", "TCPDSACKOldSent", "TCPDSACKOfoSent", "TCPFullUndo",
	"TCPPartialUndo", "TCPDSACKUndo", "TCPLossUndo", "TCPSpuriousRTOs", "TCPLossProbeRecovery",
	"TCPSACKDiscard", "TCPLostRetransmit",
};

/* /proc/net/netstat's TcpExt: pair (ip_proc's netstat_seq_show prints it first, as Linux). */
int tcp_netstat_show(struct seq_file *m)
{
	int i;

	seq_puts(m, "TcpExt:");
	for (i = 0; i < LINUX_MIB_MAX; i++)
		seq_printf(m, " %s", net_mib_names[i]);
	seq_puts(m, "\nTcpExt:");
	for (i = 0; i < LINUX_MIB_MAX; i++)
		seq_printf(m, " %lu", net_statistics[i]);
	seq_putc(m, '\n');
	return 0;
}

void tcp_init(void)
{
	tcp_statistics[TCP_MIB_RTOALGORITHM] = 1;
	tcp_statistics[TCP_MIB_RTOMIN] = jiffies_to_msecs(TCP_RTO_MIN);
	tcp_statistics[TCP_MIB_RTOMAX] = jiffies_to_msecs(TCP_RTO_MAX);
	tcp_v4_init();
	tcp_cong_init();
	snmp_register_show(tcp_snmp_show);
	proc_sysctl_int("sys/net/ipv4/tcp_syn_retries", &sysctl_tcp_syn_retries, 1, 127);
	proc_sysctl_int("sys/net/ipv4/tcp_synack_retries", &sysctl_tcp_synack_retries, 0, 255);
	proc_sysctl_int("sys/net/ipv4/tcp_max_syn_backlog", &sysctl_tcp_max_syn_backlog, 1, 65535);
	proc_sysctl_int("sys/net/ipv4/tcp_syncookies", &sysctl_tcp_syncookies, 0, 2);
	proc_sysctl_int("sys/net/ipv4/tcp_abort_on_overflow", &sysctl_tcp_abort_on_overflow, 0, 1);
	proc_sysctl_int("sys/net/ipv4/tcp_fin_timeout", &sysctl_tcp_fin_timeout, 1, 600);
	proc_sysctl_int("sys/net/ipv4/tcp_max_tw_buckets", &sysctl_tcp_max_tw_buckets, 0, 262144);
	proc_sysctl_int("sys/net/ipv4/tcp_max_orphans", &sysctl_tcp_max_orphans, 0, 262144);
	proc_sysctl_int("sys/net/ipv4/tcp_retries1", &sysctl_tcp_retries1, 0, 255);
	proc_sysctl_int("sys/net/ipv4/tcp_retries2", &sysctl_tcp_retries2, 0, 255);
	proc_sysctl_int("sys/net/ipv4/tcp_orphan_retries", &sysctl_tcp_orphan_retries, 0, 255);
	proc_sysctl_int("sys/net/ipv4/tcp_keepalive_time", &sysctl_tcp_keepalive_time, 1, 32767);
	proc_sysctl_int("sys/net/ipv4/tcp_keepalive_intvl", &sysctl_tcp_keepalive_intvl, 1, 32767);
	proc_sysctl_int("sys/net/ipv4/tcp_keepalive_probes", &sysctl_tcp_keepalive_probes, 1, 127);
	proc_sysctl_int("sys/net/ipv4/tcp_timestamps", &sysctl_tcp_timestamps, 0, 1);
	proc_sysctl_int("sys/net/ipv4/tcp_window_scaling", &sysctl_tcp_window_scaling, 0, 1);
	proc_sysctl_int("sys/net/ipv4/tcp_sack", &sysctl_tcp_sack, 0, 1);
	proc_sysctl_int("sys/net/ipv4/tcp_rfc1337", &sysctl_tcp_rfc1337, 0, 1);
	proc_sysctl_int("sys/net/ipv4/tcp_tw_reuse", &sysctl_tcp_tw_reuse, 0, 2);
	proc_sysctl_int("sys/net/ipv4/tcp_challenge_ack_limit", &sysctl_tcp_challenge_ack_limit, 0, 1 << 30);
	proc_sysctl_int("sys/net/ipv4/tcp_invalid_ratelimit", &sysctl_tcp_invalid_ratelimit, 0, 1 << 30);
	proc_sysctl_int("sys/net/ipv4/tcp_base_mss", &sysctl_tcp_base_mss, TCP_MIN_MSS, 65535);
	proc_sysctl_int_vec("sys/net/ipv4/tcp_rmem", sysctl_tcp_rmem, 3, 1, 1 << 30);
	proc_sysctl_int_vec("sys/net/ipv4/tcp_wmem", sysctl_tcp_wmem, 3, 1, 1 << 30);
}
