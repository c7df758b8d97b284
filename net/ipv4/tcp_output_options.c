/*
 * TCP options on the segments we send, in Linux's layouts (so traces
 * match a Linux peer's):
 *   SYN with timestamps:     mss, sackOK, TS, nop, wscale
 *   SYN without timestamps:  mss, nop, nop, sackOK, nop, wscale
 *   SYN-ACK:                 the same, with what the peer's SYN offered
 *   established:             nop, nop, TS, then nop, nop, SACK blocks while
 *                            we owe the peer any
 * tcp_*_options choose them, tcp_options_size sizes the header,
 * tcp_options_write lays them out; tcp_current_mss gives the payload what
 * the options leave of the MTU.
 * Neighbours: tcp_output.c (builds the headers), tcp_data_queue.c (the
 * SACK blocks we owe), tcp_input.c (parses the peer's options).
 */
#include <net/tcp.h>
#include <net/request_sock.h>
#include "tcp_output_options.h"

/* Write the options in Linux's order; returns nothing, the size was computed before. */
void tcp_options_write(u8 *p, const struct tcp_out_options *opts)
{
	u16 o = opts->options;

	if (o & OPTION_MSS) {
		*p++ = TCPOPT_MSS;
		*p++ = TCPOLEN_MSS;
		*p++ = opts->mss >> 8;
		*p++ = opts->mss & 0xff;
	}
	if (o & OPTION_TS) {
		if (o & OPTION_SACK_ADVERTISE) {
			*p++ = TCPOPT_SACK_PERM;
			*p++ = TCPOLEN_SACK_PERM;
		} else {
			*p++ = TCPOPT_NOP;
			*p++ = TCPOPT_NOP;
		}
		*p++ = TCPOPT_TIMESTAMP;
		*p++ = TCPOLEN_TIMESTAMP;
		put_unaligned_be32(opts->tsval, p);
		put_unaligned_be32(opts->tsecr, p + 4);
		p += 8;
	} else if (o & OPTION_SACK_ADVERTISE) {
		*p++ = TCPOPT_NOP;
		*p++ = TCPOPT_NOP;
		*p++ = TCPOPT_SACK_PERM;
		*p++ = TCPOLEN_SACK_PERM;
	}
	if (o & OPTION_WSCALE) {
		*p++ = TCPOPT_NOP;
		*p++ = TCPOPT_WINDOW;
		*p++ = TCPOLEN_WINDOW;
		*p++ = opts->ws;
	}
	if (opts->num_sack_blocks) {
		int i;

		*p++ = TCPOPT_NOP;
		*p++ = TCPOPT_NOP;
		*p++ = TCPOPT_SACK;
		*p++ = 2 + 8 * opts->num_sack_blocks;
		for (i = 0; i < opts->num_sack_blocks; i++) {
			put_unaligned_be32(opts->sacks[i]->start_seq, p);
			put_unaligned_be32(opts->sacks[i]->end_seq, p + 4);
			p += 8;
		}
	}
}

unsigned int tcp_options_size(const struct tcp_out_options *opts)
{
	unsigned int size = 0;

	if (opts->options & OPTION_MSS)
		size += 4;
	if (opts->options & OPTION_TS)
		size += TCPOLEN_TSTAMP_ALIGNED;
	else if (opts->options & OPTION_SACK_ADVERTISE)
		size += 4;
	if (opts->options & OPTION_WSCALE)
		size += 4;
	if (opts->num_sack_blocks)
		size += 4 + 8 * opts->num_sack_blocks;
	return size;
}

/* What a SYN we send (connect) carries. */
void tcp_syn_options(struct sock *sk, struct tcp_out_options *opts)
{
	struct tcp_sock *tp = tcp_sk(sk);

	opts->options = OPTION_MSS;
	opts->mss = tp->advmss;
	if (READ_ONCE(sysctl_tcp_timestamps)) {
		opts->options |= OPTION_TS;
		opts->tsval = tcp_time_stamp(tp);
		opts->tsecr = tp->rx_opt.ts_recent;
	}
	if (READ_ONCE(sysctl_tcp_window_scaling)) {
		opts->options |= OPTION_WSCALE;
		opts->ws = tp->rx_opt.rcv_wscale;
	}
	if (READ_ONCE(sysctl_tcp_sack))
		opts->options |= OPTION_SACK_ADVERTISE;
}

/* What our SYN-ACK for a request_sock carries: what its SYN offered, as the request recorded it. */
void tcp_synack_options(const struct request_sock *req, struct tcp_out_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->options = OPTION_MSS;
	opts->mss = req->mss_adv;
	if (req->tstamp_ok) {
		opts->options |= OPTION_TS;
		opts->tsval = req->cookie ? req->snt_tsval : tcp_clock_ms() + req->ts_off;
		opts->tsecr = req->ts_recent;
	}
	if (req->wscale_ok) {
		opts->options |= OPTION_WSCALE;
		opts->ws = req->rcv_wscale;
	}
	if (req->sack_ok)
		opts->options |= OPTION_SACK_ADVERTISE;
}

void tcp_established_options(struct sock *sk, struct tcp_out_options *opts)
{
	struct tcp_sock *tp = tcp_sk(sk);

	unsigned int room = MAX_TCP_OPTION_SPACE, i;

	opts->options = 0;
	opts->num_sack_blocks = 0;
	if (tp->rx_opt.tstamp_ok) {
		opts->options |= OPTION_TS;
		opts->tsval = tcp_time_stamp(tp);
		opts->tsecr = tp->rx_opt.ts_recent;
		room -= TCPOLEN_TSTAMP_ALIGNED;
	}
	/* SACK blocks, as many as fit (3 beside timestamps, 4 without). */
	if (tp->rx_opt.sack_ok && (tp->num_sacks || tp->dsack)) {
		unsigned int max = (room - 4) / 8;

		if (tp->dsack)
			opts->sacks[opts->num_sack_blocks++] = &tp->duplicate_sack[0];
		for (i = 0; i < tp->num_sacks && opts->num_sack_blocks < max; i++)
			opts->sacks[opts->num_sack_blocks++] = &tp->selective_acks[i];
	}
}

/*
 * The payload of a segment sent now (Linux's tcp_current_mss). mss_cache
 * counts the timestamp option only; SACK blocks, while we have any to
 * report, take their room from the data. Without this a full segment that
 * carries them exceeds the path MTU, ip_output refuses it (EMSGSIZE, IP
 * OutDiscards) and a retransmission refused so is refused again at every
 * RTO: the connection stalls until the peer stops needing SACKs.
 */
unsigned int tcp_current_mss(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	unsigned int assumed = tp->rx_opt.tstamp_ok ? TCPOLEN_TSTAMP_ALIGNED : 0;
	struct tcp_out_options opts;
	unsigned int size;

	tcp_established_options(sk, &opts);
	size = tcp_options_size(&opts);
	return size > assumed ? tp->mss_cache - (size - assumed) : tp->mss_cache;
}
