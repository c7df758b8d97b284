/*
 * struct tcphdr (the wire header) and struct tcp_sock, TCP's socket:
 *   struct sock ⊂ inet_sock ⊂ inet_connection_sock ⊂ tcp_sock
 * with Linux's field names, so a student holding a Linux article finds
 * snd_una, snd_nxt, rcv_nxt, rcv_wnd, snd_cwnd ... where it says.
 *
 * Sequence space (RFC 9293 §3.3.1), all fields host order:
 *   snd_una <= snd_nxt <= write_seq        unacked, next to send, end of queued data
 *   copied_seq <= rcv_nxt                  read by the user, next expected from the peer
 *   rcv_wup + rcv_wnd                      the right edge we last advertised
 *
 * Lock: every field is guarded by the socket lock: lock_sock in process
 * context, bh_lock_sock (and !sock_owned_by_user) in softirq context.
 * Implementation: net/ipv4/tcp*.c; tunables and helpers in <net/tcp.h>.
 */
#ifndef _LINUX_TCP_H
#define _LINUX_TCP_H

#include <net/inet_connection_sock.h>
#include <uapi/tcp.h>

struct tcphdr {
	__be16	source;
	__be16	dest;
	__be32	seq;
	__be32	ack_seq;
	u16	res1:4, doff:4, fin:1, syn:1, rst:1, psh:1, ack:1, urg:1, ece:1, cwr:1;
	__be16	window;
	__sum16	check;
	__be16	urg_ptr;
};

static inline struct tcphdr *tcp_hdr(const struct sk_buff *skb)
{
	return (struct tcphdr *)skb_transport_header(skb);
}
static inline unsigned int __tcp_hdrlen(const struct tcphdr *th) { return th->doff * 4; }
static inline unsigned int tcp_hdrlen(const struct sk_buff *skb) { return __tcp_hdrlen(tcp_hdr(skb)); }

/* The flags byte (offset 13), for tracing and for RST/ACK decisions on raw bytes. */
#define TCPHDR_FIN	0x01
#define TCPHDR_SYN	0x02
#define TCPHDR_RST	0x04
#define TCPHDR_PSH	0x08
#define TCPHDR_ACK	0x10
#define TCPHDR_URG	0x20
#define tcp_flag_byte(th)	(((u8 *)(th))[13])

/* What the peer told us in its options (tcp_parse_options). */
struct tcp_options_received {
	u32	ts_recent_stamp;	/* jiffies when ts_recent was taken (PAWS ageing) */
	u32	ts_recent;		/* the peer's newest TSval we echo */
	u32	rcv_tsval;		/* this segment's TSval */
	u32	rcv_tsecr;		/* this segment's TSecr */
	u16	saw_tstamp:1,		/* this segment carried a timestamp */
		tstamp_ok:1,		/* timestamps negotiated (RFC 7323) */
		sack_ok:1,		/* SACK permitted (RFC 2018) */
		wscale_ok:1,		/* window scaling negotiated */
		num_sacks:3;		/* SACK blocks in this segment */
	u8	sack_off;		/* where they start, bytes from the TCP header */
	u8	snd_wscale:4,		/* the peer scales its windows by this */
		rcv_wscale:4;		/* we scale ours by this */
	u16	user_mss;		/* TCP_MAXSEG */
	u16	mss_clamp;		/* the peer's MSS option, clamped by user_mss */
};

struct tcp_sock {
	struct inet_connection_sock	inet_conn;	/* must be first */

	/* Receive side. */
	u32	rcv_nxt;	/* next sequence number we expect */
	u32	copied_seq;	/* head of data not yet read by the user */
	u32	rcv_wup;	/* rcv_nxt when we last sent a window */
	u32	rcv_wnd;	/* the window we last advertised (unscaled) */
	u32	window_clamp;	/* largest window we will ever offer */
	u32	rcv_ssthresh;	/* the window grows to here as the user proves it reads */
	u32	rcv_tstamp;	/* jiffies of the last segment received (keepalive) */
	u32	lrcvtime;	/* jiffies of the last data received */
	struct sk_buff_head out_of_order_queue;	/* segments beyond rcv_nxt, in order of seq */
	u32	ofo_bytes;	/* truesize held there (bounded by rcvbuf) */
	u8	scaling_ratio;	/* payload / truesize of full received segments, 1/256ths */
	struct {		/* receive-buffer autotuning (DRS): what the reader took per RTT */
		u32	space;	/* the most it read in one RTT so far */
		u32	seq;	/* copied_seq when this measurement began */
		u32	time;	/* jiffies when it began */
	} rcvq_space;

	/* Send side. */
	u32	snd_una;	/* oldest unacknowledged sequence number */
	u32	snd_nxt;	/* next sequence number to send */
	u32	write_seq;	/* end of the data the user gave us */
	u32	snd_wl1;	/* seq of the segment that last updated snd_wnd (RFC 9293) */
	u32	snd_wnd;	/* the peer's window, scaled */
	u32	max_window;	/* largest window the peer ever offered */
	u32	snd_sml;	/* end of the last small segment sent (Nagle) */
	u32	lsndtime;	/* jiffies of the last data sent */
	u32	mss_cache;	/* current effective send MSS */
	u32	tso_deferred;	/* 1 | jiffies << 1 when tcp_tso_should_defer held a burst back, else 0 */
	u16	advmss;		/* the MSS we advertise */
	u8	nonagle;	/* TCP_NAGLE_OFF | TCP_NAGLE_CORK | TCP_NAGLE_PUSH */
	u8	syn_data:1, repair:1;
	struct sk_buff *send_head;	/* first unsent skb on sk_write_queue, NULL when all sent */
	int	sk_wmem_queued;	/* truesize of everything on sk_write_queue */

	/* Congestion control (Reno, RFC 5681) and loss detection. */
	u32	snd_cwnd;	/* congestion window, in segments */
	u32	snd_cwnd_cnt;	/* ACKs counted toward the next increase in avoidance */
	u32	snd_ssthresh;
	u32	prior_ssthresh;
	u32	packets_out;	/* segments sent and not yet acknowledged */
	u32	retrans_out;	/* of those, retransmitted and not yet acknowledged */
	u32	lost_out;	/* of those, judged lost (RTO, fast retransmit) */
	u32	total_retrans;
	u32	high_seq;	/* snd_nxt when recovery began (NewReno, RFC 6582) */
	u8	dup_acks;	/* duplicate ACKs in a row */
	u8	ca_state;	/* TCP_CA_Open, TCP_CA_Disorder, TCP_CA_Recovery, TCP_CA_Loss */
	u8	is_cwnd_limited;	/* the last send stopped at cwnd (grow it only then) */
	u32	max_packets_out;	/* most in flight this window */
	u32	cwnd_usage_seq;		/* the window ends when snd_una passes this */
	u32	sacked_out;	/* segments the peer SACKed (RFC 2018), not yet cumulatively acked */
	u32	prior_cwnd;	/* cwnd when recovery began (PRR, undo) */
	u32	prr_delivered;	/* RFC 6937: segments delivered since recovery began */
	u32	prr_out;	/* and segments sent since */
	u32	undo_marker;	/* snd_una when the episode began: 0 = nothing to undo */
	u32	retrans_stamp;	/* TSval of the first retransmission of the episode (Eifel, RFC 3522) */
	u32	tlp_high_seq;	/* snd_nxt at the last tail loss probe, 0 if none pending */
	u32	min_rtt_us;	/* smallest RTT seen (RACK's reordering window) */
	struct {		/* RACK (RFC 8985): the most recently sent segment known delivered */
		u64	mstamp;	/* its transmit time, us */
		u32	rtt_us;	/* its RTT */
		u32	end_seq;
		u8	advanced;
	} rack;

	/* SACK blocks we send (RFC 2018): what sits in out_of_order_queue, newest first. */
	struct tcp_sack_block {
		u32	start_seq;
		u32	end_seq;
	} selective_acks[4], duplicate_sack[1];	/* and one D-SACK (RFC 2883) */
	u8	num_sacks;
	u8	dsack;

	/* RTT estimation (RFC 6298), microseconds. srtt_us is 8 x SRTT, mdev_us 4 x RTTVAR. */
	u32	srtt_us;
	u32	mdev_us;
	u32	rttvar_us;
	u32	rtt_seq;

	/* Options. */
	struct tcp_options_received rx_opt;
	u32	tsoffset;	/* per-connection offset of our TSval clock (RFC 7323 §7.1) */

	/* Keepalive and other knobs (0 = the sysctl's value). */
	int	keepalive_time;		/* jiffies */
	int	keepalive_intvl;
	u8	keepalive_probes;
	int	linger2;		/* TCP_LINGER2: FIN_WAIT2 time of an orphan, jiffies; <0: none */
	u8	syn_retries_user;	/* TCP_SYNCNT */

	/* RFC 5961 challenge ACKs and other out-of-window answers, rate limited. */
	u32	last_oow_ack_time;

	/* Work a softirq timer found the socket owned for: done by tcp_release_cb. */
	unsigned long	tsq_flags;
};
#define TCP_NAGLE_OFF		1	/* TCP_NODELAY */
#define TCP_NAGLE_CORK		2	/* TCP_CORK */
#define TCP_NAGLE_PUSH		4	/* push what is queued now, once */

/* tsq_flags bits: deferred timer work. */
enum {
	TCP_WRITE_TIMER_DEFERRED,	/* retransmit / probe timer fired while owned */
	TCP_DELACK_TIMER_DEFERRED,
	TCP_KEEPALIVE_TIMER_DEFERRED,
};

static inline struct tcp_sock *tcp_sk(const struct sock *sk) { return (struct tcp_sock *)sk; }

/*
 * TIME_WAIT: what is left of a closed connection for 2*MSL, small enough
 * that thousands cost little (Linux's tcp_timewait_sock in one).
 */
struct tcp_timewait_sock {
	struct inet_timewait_sock tw_sk;	/* must be first */
	u32	tw_rcv_nxt;
	u32	tw_snd_nxt;
	u32	tw_rcv_wnd;
	u32	tw_ts_recent;
	u32	tw_ts_recent_stamp;
	u32	tw_ts_offset;
	u8	tw_tstamp_ok:1;
	u8	tw_rcv_wscale;
};
static inline struct tcp_timewait_sock *tcp_twsk(const struct sock *sk)
{
	return (struct tcp_timewait_sock *)sk;
}

#endif
