/*
 * Private to tcp_output.c and tcp_output_options.c: the options a segment
 * we send carries, chosen by tcp_*_options and written by
 * tcp_options_write (tcp_output_options.c has the layouts).
 */
#ifndef _NET_IPV4_TCP_OUTPUT_OPTIONS_H
#define _NET_IPV4_TCP_OUTPUT_OPTIONS_H

#include <net/tcp.h>

struct request_sock;

#define OPTION_SACK_ADVERTISE	(1 << 0)
#define OPTION_TS		(1 << 1)
#define OPTION_MSS		(1 << 2)
#define OPTION_WSCALE		(1 << 3)

struct tcp_out_options {
	u16 options;
	u16 mss;
	u8 ws;
	u8 num_sack_blocks;		/* D-SACK first, then the newest run */
	u32 tsval, tsecr;
	const struct tcp_sack_block *sacks[4];
};

void tcp_syn_options(struct sock *sk, struct tcp_out_options *opts);
void tcp_synack_options(const struct request_sock *req, struct tcp_out_options *opts);
void tcp_established_options(struct sock *sk, struct tcp_out_options *opts);
unsigned int tcp_options_size(const struct tcp_out_options *opts);
void tcp_options_write(u8 *p, const struct tcp_out_options *opts);

#endif
