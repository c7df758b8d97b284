/*
 * TCP for the whole stack: constants with Linux's values, the tunables
 * under /proc/sys/net/ipv4/tcp_*, the MIB counters (/proc/net/snmp Tcp:,
 * /proc/net/netstat TcpExt:), the per-skb control block, and the
 * functions the tcp*.c files offer each other.
 *
 * Files (as Linux splits them):
 *   tcp.c             the user side: sendmsg, recvmsg, close, shutdown, poll, options
 *   tcp_ipv4.c        tcp_v4_rcv (demux), connect, RST/ACK replies, tcp_prot, /proc/net/tcp
 *   tcp_input.c       the state machine for arriving segments, ACK processing, data queueing
 *   tcp_output.c      building and sending segments, windows, MSS, retransmission
 *   tcp_timer.c       retransmit, delayed ACK, zero-window probe, keepalive
 *   tcp_minisocks.c   request_sock checks (SYN_RECV) and TIME_WAIT
 *   syncookies.c      SYN cookies
 *   inet_connection_sock.c, inet_hashtables.c, request_sock.c  the listen/accept machinery
 */
#ifndef _NET_TCP_H
#define _NET_TCP_H

#include <linux/tcp.h>
#include <net/inet_hashtables.h>
#include <net/ip.h>
#include <net/snmp.h>

struct seq_file;

#define MAX_TCP_HEADER		(MAX_IP_HEADER + 60)	/* headroom of every skb TCP builds */
#define MAX_TCP_OPTION_SPACE	40
#define TCP_MIN_MSS		88
#define TCP_MSS_DEFAULT		536U	/* RFC 1122: no MSS option */
#define TCP_BASE_MSS		1024
#define TCP_INIT_CWND		10	/* RFC 6928, Linux */
#define TCP_MAX_WSCALE		14

#define TCP_RTO_MAX		(120 * HZ)
#define TCP_RTO_MIN		(HZ / 5)	/* 200 ms */
#define TCP_TIMEOUT_INIT	(1 * HZ)	/* RFC 6298 2.1 */
#define TCP_DELACK_MIN		(HZ / 25)	/* 40 ms */
#define TCP_DELACK_MAX		(HZ / 5)	/* 200 ms */
#define TCP_ATO_MIN		TCP_DELACK_MIN
#define TCP_TIMEWAIT_LEN	(60 * HZ)
#define TCP_FIN_TIMEOUT		TCP_TIMEWAIT_LEN
#define TCP_KEEPALIVE_TIME	(120 * 60 * HZ)
#define TCP_KEEPALIVE_INTVL	(75 * HZ)
#define TCP_KEEPALIVE_PROBES	9
#define TCP_RESOURCE_PROBE_INTERVAL (HZ / 2)
#define TCP_PAWS_24DAYS		(60 * 60 * 24 * 24)
#define TCP_PAWS_WINDOW		1
#define TCP_MAX_QUICKACKS	16
/* scaling_ratio is in 1/256ths; until measured, assume 1200 payload bytes per 4 KiB buffer, as Linux. */
#define TCP_RMEM_TO_WIN_SCALE	8
#define TCP_DEFAULT_SCALING_RATIO	((1200 << TCP_RMEM_TO_WIN_SCALE) / 4352)

/* Option kinds and lengths (RFC 9293, 7323, 2018). */
#define TCPOPT_NOP		1
#define TCPOPT_EOL		0
#define TCPOPT_MSS		2
#define TCPOPT_WINDOW		3
#define TCPOPT_SACK_PERM	4
#define TCPOPT_SACK		5
#define TCPOPT_TIMESTAMP	8
#define TCPOLEN_MSS		4
#define TCPOLEN_WINDOW		3
#define TCPOLEN_SACK_PERM	2
#define TCPOLEN_TIMESTAMP	10
#define TCPOLEN_TSTAMP_ALIGNED	12

/* Tunables, Linux's names and defaults (/proc/sys/net/ipv4/...). */
extern int sysctl_tcp_syn_retries;		/* 6 */
extern int sysctl_tcp_synack_retries;		/* 5 */
extern int sysctl_tcp_max_syn_backlog;		/* 128..: Linux scales by memory; 256 here */
extern int sysctl_tcp_syncookies;		/* 1: only when the SYN queue overflows */
extern int sysctl_tcp_abort_on_overflow;	/* 0 */
extern int sysctl_tcp_fin_timeout;		/* seconds, 60 */
extern int sysctl_tcp_max_tw_buckets;
extern int sysctl_tcp_max_orphans;
extern int sysctl_tcp_retries1, sysctl_tcp_retries2;	/* 3, 15 */
extern int sysctl_tcp_orphan_retries;		/* 0 means 8, as Linux */
extern int sysctl_tcp_keepalive_time, sysctl_tcp_keepalive_intvl, sysctl_tcp_keepalive_probes;
extern int sysctl_tcp_timestamps, sysctl_tcp_window_scaling, sysctl_tcp_sack;
extern int sysctl_tcp_rmem[3], sysctl_tcp_wmem[3];
extern int sysctl_tcp_rfc1337;
extern int sysctl_tcp_tw_reuse;			/* 2: loopback only */
extern int sysctl_tcp_challenge_ack_limit;	/* per second, 1000 */
extern int sysctl_tcp_invalid_ratelimit;	/* ms, 500 */
extern int sysctl_tcp_base_mss;

/* /proc/net/snmp Tcp: */
enum {
	TCP_MIB_RTOALGORITHM, TCP_MIB_RTOMIN, TCP_MIB_RTOMAX, TCP_MIB_MAXCONN,
	TCP_MIB_ACTIVEOPENS, TCP_MIB_PASSIVEOPENS, TCP_MIB_ATTEMPTFAILS, TCP_MIB_ESTABRESETS,
	TCP_MIB_CURRESTAB, TCP_MIB_INSEGS, TCP_MIB_OUTSEGS, TCP_MIB_RETRANSSEGS,
	TCP_MIB_INERRS, TCP_MIB_OUTRSTS, TCP_MIB_CSUMERRORS,
	TCP_MIB_MAX
};
/* /proc/net/netstat TcpExt: (the subset Sockeye keeps, Linux's names). */
enum {
	LINUX_MIB_SYNCOOKIESSENT, LINUX_MIB_SYNCOOKIESRECV, LINUX_MIB_SYNCOOKIESFAILED,
	LINUX_MIB_EMBRYONICRSTS, LINUX_MIB_OFOPRUNED, LINUX_MIB_OUTOFWINDOWICMPS,
	LINUX_MIB_LOCKDROPPEDICMPS, LINUX_MIB_TIMEWAITED, LINUX_MIB_TIMEWAITRECYCLED,
	LINUX_MIB_TIMEWAITKILLED, LINUX_MIB_PAWSACTIVEREJECTED, LINUX_MIB_PAWSESTABREJECTED,
	LINUX_MIB_DELAYEDACKS, LINUX_MIB_DELAYEDACKLOCKED, LINUX_MIB_LISTENOVERFLOWS,
	LINUX_MIB_LISTENDROPS, LINUX_MIB_TCPRENORECOVERY, LINUX_MIB_TCPTIMEOUTS,
	LINUX_MIB_TCPLOSSPROBES, LINUX_MIB_TCPABORTONDATA, LINUX_MIB_TCPABORTONCLOSE,
	LINUX_MIB_TCPABORTONMEMORY, LINUX_MIB_TCPABORTONTIMEOUT, LINUX_MIB_TCPABORTONLINGER,
	LINUX_MIB_TCPABORTFAILED, LINUX_MIB_TCPMEMORYPRESSURES, LINUX_MIB_TCPBACKLOGDROP,
	LINUX_MIB_TCPMINTTLDROP, LINUX_MIB_TCPREQQFULLDOCOOKIES, LINUX_MIB_TCPREQQFULLDROP,
	LINUX_MIB_TCPRCVQDROP, LINUX_MIB_TCPOFOQUEUE, LINUX_MIB_TCPOFODROP,
	LINUX_MIB_TCPCHALLENGEACK, LINUX_MIB_TCPSYNCHALLENGE, LINUX_MIB_TCPWINPROBE,
	LINUX_MIB_TCPKEEPALIVE, LINUX_MIB_TCPACKSKIPPEDSYNRECV, LINUX_MIB_TCPACKSKIPPEDPAWS,
	LINUX_MIB_TCPACKSKIPPEDSEQ, LINUX_MIB_TCPACKSKIPPEDCHALLENGE, LINUX_MIB_TCPACKSKIPPEDTIMEWAIT,
	LINUX_MIB_TCPORIGDATASENT, LINUX_MIB_TCPHPHITS, LINUX_MIB_TCPPUREACKS,
	LINUX_MIB_TCPFASTRETRANS, LINUX_MIB_TCPSLOWSTARTRETRANS, LINUX_MIB_TCPDSACKRECV,
	LINUX_MIB_TCPTIMEWAITOVERFLOW, LINUX_MIB_TCPBADSEGS,
	LINUX_MIB_TCPSACKRECOVERY, LINUX_MIB_TCPSACKRENEGING, LINUX_MIB_TCPDSACKOLDSENT,
	LINUX_MIB_TCPDSACKOFOSENT, LINUX_MIB_TCPFULLUNDO, LINUX_MIB_TCPPARTIALUNDO,
	LINUX_MIB_TCPDSACKUNDO, LINUX_MIB_TCPLOSSUNDO, LINUX_MIB_TCPSPURIOUSRTOS,
	LINUX_MIB_TCPLOSSPROBERECOVERY, LINUX_MIB_TCPSACKDISCARD, LINUX_MIB_TCPLOSTRETRANSMIT,
	LINUX_MIB_MAX
};
extern unsigned long tcp_statistics[TCP_MIB_MAX];
extern unsigned long net_statistics[LINUX_MIB_MAX];
#define TCP_INC_STATS(f)	(tcp_statistics[f]++)
#define TCP_DEC_STATS(f)	(tcp_statistics[f]--)
#define TCP_ADD_STATS(f, n)	(tcp_statistics[f] += (n))
#define NET_INC_STATS(f)	(net_statistics[f]++)
#define NET_ADD_STATS(f, n)	(net_statistics[f] += (n))

/*
 * The control block while TCP owns an skb (overlays IPCB, so TCP clears
 * it before handing a segment to IP). seq..end_seq is the sequence space
 * the segment occupies (SYN and FIN count one each).
 */
struct tcp_skb_cb {
	u32	seq;
	u32	end_seq;
	u32	when;		/* jiffies at (re)transmission, for RTT and RACK-style checks */
	u8	tcp_flags;	/* TCPHDR_* */
	u8	sacked;		/* TCPCB_* */
	u32	ack_seq;	/* input: the segment's ACK field */
	u64	tx_us;		/* output: last transmission, us of ktime (RACK) */
};
#define TCPCB_RETRANS		0x01	/* retransmitted, not yet acknowledged (Karn) */
#define TCPCB_LOST		0x02	/* judged lost: retransmit when the window allows */
#define TCPCB_SACKED_ACKED	0x04	/* the peer SACKed it (RFC 2018) */
#define TCP_SKB_CB(skb)		((struct tcp_skb_cb *)&((skb)->cb[0]))

/* Sequence arithmetic modulo 2^32 (RFC 9293 §3.4). */
static inline bool before(u32 seq1, u32 seq2) { return (s32)(seq1 - seq2) < 0; }
#define after(seq2, seq1)	before(seq1, seq2)
static inline bool between(u32 seq1, u32 seq2, u32 seq3) { return seq3 - seq2 >= seq1 - seq2; }

extern struct proto tcp_prot;
extern atomic_t tcp_orphan_count;
extern atomic_t tcp_sockets_allocated;
extern struct percpu_tw_count { int count; } tcp_tw_count;

/* The clock of our timestamps: milliseconds (Linux's tcp_time_stamp_ms). */
static inline u32 tcp_clock_ms(void) { return (u32)jiffies_to_msecs(jiffies); }
static inline u32 tcp_time_stamp(const struct tcp_sock *tp) { return tcp_clock_ms() + tp->tsoffset; }

/* tcp.c */
void tcp_set_state(struct sock *sk, int state);
const char *tcp_state_name(int state);
void tcp_done(struct sock *sk);
int tcp_disconnect(struct sock *sk, int flags);
void tcp_close(struct sock *sk, long timeout);
void tcp_shutdown(struct sock *sk, int how);
__poll_t tcp_poll(struct file *file, struct socket *sock, struct poll_table_struct *wait);
int tcp_init_sock(struct sock *sk);
void tcp_cleanup_rbuf(struct sock *sk, int copied);
void tcp_init_buffer_space(struct sock *sk);
void tcp_new_space(struct sock *sk);	/* ACKed data freed room: grow sndbuf (Linux's rule), wake the writer */
int tcp_netstat_show(struct seq_file *m);
int tcp_sockstat_show(struct seq_file *m);
int tcp_sendmsg(struct sock *sk, struct msghdr *msg, size_t size);
int tcp_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags, int *addr_len);
int tcp_setsockopt(struct sock *sk, int level, int optname, const void __user *optval, unsigned int optlen);
int tcp_getsockopt(struct sock *sk, int level, int optname, char __user *optval, int __user *optlen);
int tcp_ioctl(struct sock *sk, int cmd, unsigned long arg);
void tcp_write_queue_purge(struct sock *sk);
void tcp_init(void);
void tcp_proc_init(void);
void tcp_get_info(struct sock *sk, struct tcp_info *info);
static inline int keepalive_time_when(const struct tcp_sock *tp)
{
	return tp->keepalive_time ? tp->keepalive_time : sysctl_tcp_keepalive_time * HZ;
}
static inline int keepalive_intvl_when(const struct tcp_sock *tp)
{
	return tp->keepalive_intvl ? tp->keepalive_intvl : sysctl_tcp_keepalive_intvl * HZ;
}
static inline int keepalive_probes(const struct tcp_sock *tp)
{
	return tp->keepalive_probes ? tp->keepalive_probes : sysctl_tcp_keepalive_probes;
}
static inline int tcp_fin_time(const struct sock *sk)
{
	int t = tcp_sk(sk)->linger2 ? tcp_sk(sk)->linger2 : sysctl_tcp_fin_timeout * HZ;
	int rto = inet_csk(sk)->icsk_rto;

	return t < (rto << 2) - (rto >> 1) ? (rto << 2) - (rto >> 1) : t;
}

/* tcp_ipv4.c */
int tcp_v4_rcv(struct sk_buff *skb);
int tcp_v4_err(struct sk_buff *skb, u32 info);
int tcp_v4_do_rcv(struct sock *sk, struct sk_buff *skb);
int tcp_v4_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len);
void tcp_v4_send_reset(const struct sock *sk, struct sk_buff *skb);
void tcp_v4_send_ack(const struct sock *sk, struct sk_buff *skb, u32 seq, u32 ack, u32 win,
		     u32 tsval, u32 tsecr, int oif);
int tcp_v4_conn_request(struct sock *sk, struct sk_buff *skb);
int tcp_openreq_init(const struct sock *sk, struct request_sock *req,
		     const struct tcp_options_received *opt, const struct sk_buff *skb,
		     u32 rcv_isn, u16 mss);
struct sock *tcp_v4_syn_recv_sock(const struct sock *sk, struct sk_buff *skb,
				  struct request_sock *req, bool *own_req);
int tcp_v4_send_synack(const struct sock *sk, struct request_sock *req);
u32 secure_tcp_seq(__be32 saddr, __be32 daddr, __be16 sport, __be16 dport);
u32 secure_tcp_ts_off(__be32 saddr, __be32 daddr);
void tcp_v4_init(void);

/* tcp_input.c */
int tcp_rcv_state_process(struct sock *sk, struct sk_buff *skb);
void tcp_parse_options(const struct sk_buff *skb, struct tcp_options_received *opt_rx, bool estab);
void tcp_init_transfer(struct sock *sk);

/* tcp_data_queue.c */
void tcp_data_queue(struct sock *sk, struct sk_buff *skb);
void tcp_dsack_set(struct sock *sk, u32 seq, u32 end_seq);
void tcp_fin(struct sock *sk);

/* tcp_input.c, continued */
bool tcp_oow_rate_limited(struct sock *sk, u32 *last_oow_ack_time);
void tcp_send_challenge_ack(struct sock *sk);
void tcp_reset(struct sock *sk);
void tcp_rearm_rto(struct sock *sk);
static inline bool tcp_paws_check(const struct tcp_options_received *rx, int paws_win)
{
	if ((s32)(rx->ts_recent - rx->rcv_tsval) <= paws_win)
		return true;
	/* A TS.Recent 24 days old is no reference (RFC 7323 §5.5); elapsed jiffies, wrap-safe. */
	if ((u32)jiffies - rx->ts_recent_stamp >= (u32)TCP_PAWS_24DAYS * HZ)
		return true;
	return !rx->ts_recent_stamp;
}

/* tcp_output.c */
int tcp_transmit_skb(struct sock *sk, struct sk_buff *skb, bool clone_it);
void tcp_push(struct sock *sk, int nonagle);
bool tcp_write_xmit(struct sock *sk, int nonagle);
void tcp_send_ack(struct sock *sk);
void tcp_send_delayed_ack(struct sock *sk);
void tcp_send_fin(struct sock *sk);
void tcp_send_active_reset(struct sock *sk);
int tcp_connect(struct sock *sk);
struct sk_buff *tcp_make_synack(const struct sock *sk, struct request_sock *req);
int tcp_retransmit_skb(struct sock *sk, struct sk_buff *skb);
void tcp_send_probe0(struct sock *sk);
int tcp_write_wakeup(struct sock *sk);
unsigned int tcp_size_goal(struct sock *sk, unsigned int mss_now);	/* bytes to queue before pushing */
void tcp_connect_init(struct sock *sk);
void tcp_set_skb_tso_segs(struct sk_buff *skb, unsigned int mss);
static inline struct sk_buff *tcp_send_head(const struct sock *sk) { return tcp_sk(sk)->send_head; }
/* Segments in the network: sent, minus those SACKed or judged lost, plus retransmissions (RFC 6675's pipe). */
static inline u32 tcp_packets_in_flight(const struct tcp_sock *tp)
{
	return tp->packets_out - (tp->sacked_out + tp->lost_out) + tp->retrans_out;
}
static inline u64 tcp_clock_us(void) { return ktime_get_us(); }
void tcp_xmit_retransmit_queue(struct sock *sk);
void tcp_mark_head_lost(struct sock *sk);
bool tcp_sack_reneged(const struct sock *sk);	/* the oldest unacknowledged segment is SACKed */
static inline u32 tcp_wnd_end(const struct tcp_sock *tp) { return tp->snd_una + tp->snd_wnd; }

/* tcp_window.c */
int tcp_win_from_space(const struct sock *sk, int space);
int tcp_space(const struct sock *sk);
int tcp_full_space(const struct sock *sk);
u32 __tcp_select_window(struct sock *sk);
u32 tcp_select_window(struct sock *sk);
void tcp_select_initial_window(int space, u32 mss, u32 *rcv_wnd, u32 *window_clamp,
			       int wscale_ok, u8 *rcv_wscale);
u16 tcp_advertised_mss(u32 mtu);
unsigned int tcp_sync_mss(struct sock *sk, u32 pmtu);
unsigned int tcp_current_mss(struct sock *sk);
static inline u32 tcp_receive_window(const struct tcp_sock *tp)
{
	s32 win = tp->rcv_wup + tp->rcv_wnd - tp->rcv_nxt;

	return win < 0 ? 0 : win;
}

/*
 * Congestion control behind Linux's interface (tcp_cong.c): Reno and CUBIC
 * (tcp_cubic.c) register themselves; net.ipv4.tcp_congestion_control
 * names the default, TCP_CONGESTION chooses per socket.
 */
#define TCP_CA_NAME_MAX		16
enum tcp_ca_event { CA_EVENT_TX_START, CA_EVENT_CWND_RESTART, CA_EVENT_COMPLETE_CWR, CA_EVENT_LOSS };
struct tcp_congestion_ops {
	struct list_head	list;
	const char		*name;
	u32	(*ssthresh)(struct sock *sk);			/* the slow-start threshold after a loss */
	void	(*cong_avoid)(struct sock *sk, u32 ack, u32 acked);	/* grow cwnd on an ACK */
	u32	(*undo_cwnd)(struct sock *sk);			/* cwnd when a loss proves spurious */
	void	(*init)(struct sock *sk);			/* optional */
	void	(*set_state)(struct sock *sk, u8 new_state);	/* optional: TCP_CA_* changes */
	void	(*cwnd_event)(struct sock *sk, enum tcp_ca_event ev);	/* optional */
	void	(*pkts_acked)(struct sock *sk, u32 acked, s32 rtt_us);	/* optional: RTT samples */
};
extern struct tcp_congestion_ops tcp_reno;
int tcp_register_congestion_control(struct tcp_congestion_ops *ca);
void tcp_assign_congestion_control(struct sock *sk);
void tcp_init_congestion_control(struct sock *sk);
int tcp_set_congestion_control(struct sock *sk, const char *name);
void tcp_cong_init(void);
u32 tcp_slow_start(struct tcp_sock *tp, u32 acked);
void tcp_cong_avoid_ai(struct tcp_sock *tp, u32 w, u32 acked);
u32 tcp_reno_ssthresh(struct sock *sk);
u32 tcp_reno_undo_cwnd(struct sock *sk);
bool tcp_is_cwnd_limited(const struct sock *sk);
static inline void *inet_csk_ca(const struct sock *sk) { return (void *)inet_csk(sk)->icsk_ca_priv; }
static inline bool tcp_in_slow_start(const struct tcp_sock *tp) { return tp->snd_cwnd < tp->snd_ssthresh; }
void tcp_set_ca_state(struct sock *sk, u8 ca_state);
void cubictcp_register(void);

/* tcp_recovery.c: SACK scoreboard, RACK-TLP, PRR, undo (RFC 2018, 6675, 8985, 6937, 3522). */
int tcp_sacktag_write_queue(struct sock *sk, const struct sk_buff *ack_skb, u32 prior_snd_una,
			    u32 *sacked_delivered);
void tcp_rack_advance(struct tcp_sock *tp, u8 sacked, u32 end_seq, u64 xmit_us);
void tcp_rack_mark_lost(struct sock *sk);
void tcp_rack_reo_timeout(struct sock *sk);
void tcp_fastretrans_alert(struct sock *sk, u32 prior_snd_una, bool is_dupack, int flag,
			   u32 acked_sacked);
void tcp_enter_loss(struct sock *sk);
bool tcp_schedule_loss_probe(struct sock *sk);
void tcp_send_loss_probe(struct sock *sk);
void tcp_process_tlp_ack(struct sock *sk, u32 ack, int flag);
/* tcp_ack's FLAG_* (shared with tcp_recovery.c) */
#define FLAG_DATA		0x01	/* the segment carried data */
#define FLAG_WIN_UPDATE		0x02
#define FLAG_DATA_ACKED		0x04	/* new data acknowledged */
#define FLAG_RETRANS_DATA_ACKED	0x08
#define FLAG_SYN_ACKED		0x10
#define FLAG_DATA_SACKED	0x20	/* new SACK information */
#define FLAG_DSACKING_ACK	0x40	/* a D-SACK block */
#define FLAG_SACK_RENEGING	0x80
#define FLAG_SLOWPATH		0x100
#define FLAG_ORIG_SACK_ACKED	0x200	/* a never-retransmitted segment was (S)ACKed */

/* tcp_timer.c */
void tcp_init_xmit_timers(struct sock *sk);
void tcp_retransmit_timer(struct sock *sk);
void tcp_delack_timer_handler(struct sock *sk);
void tcp_write_timer_handler(struct sock *sk);
void tcp_keepalive_handler(struct sock *sk);
void tcp_set_keepalive(struct sock *sk, int val);
void tcp_release_cb(struct sock *sk);
static inline void tcp_clear_xmit_timers(struct sock *sk) { inet_csk_clear_xmit_timers(sk); }

/* tcp_minisocks.c */
enum tcp_tw_status { TCP_TW_SUCCESS, TCP_TW_RST, TCP_TW_ACK, TCP_TW_SYN };
void tcp_time_wait(struct sock *sk, int state, int timeo);
enum tcp_tw_status tcp_timewait_state_process(struct inet_timewait_sock *tw, struct sk_buff *skb,
					      const struct tcphdr *th);
void inet_twsk_deschedule_put(struct inet_timewait_sock *tw);
void inet_twsk_put(struct inet_timewait_sock *tw);
struct sock *tcp_check_req(struct sock *sk, struct sk_buff *skb, struct request_sock *req,
			   bool *req_stolen);
struct sock *tcp_create_openreq_child(const struct sock *sk, struct request_sock *req,
				      struct sk_buff *skb);
int tcp_child_process(struct sock *parent, struct sock *child, struct sk_buff *skb);
void reqsk_timer_handler(struct timer_list *t);
long tcp_tw_live_count(void);
void inet_twsk_cache_init(void);

/* syncookies.c */
u32 cookie_v4_init_sequence(const struct sk_buff *skb, u16 *mssp);
struct sock *cookie_v4_check(struct sock *sk, struct sk_buff *skb);
u32 cookie_init_timestamp(struct request_sock *req, u32 now);
bool cookie_timestamp_decode(struct tcp_options_received *tcp_opt);

#endif
