/*
 * The TCP part of the Linux i386 ABI: the IPPROTO_TCP socket options
 * (Linux's include/uapi/linux/tcp.h numbers), the TCP_INFO structure in
 * Linux's layout, and the state numbers tcpi_state reports. Shared by
 * the kernel (net/ipv4/tcp.c) and libc (<netinet/tcp.h>).
 */
#ifndef _UAPI_TCP_H
#define _UAPI_TCP_H

#include "types.h"

/* setsockopt/getsockopt(IPPROTO_TCP, ...) */
#define TCP_NODELAY		1	/* no Nagle */
#define TCP_MAXSEG		2	/* MSS clamp */
#define TCP_CORK		3	/* hold partial segments */
#define TCP_KEEPIDLE		4	/* idle seconds before the first keepalive probe */
#define TCP_KEEPINTVL		5	/* seconds between probes */
#define TCP_KEEPCNT		6	/* probes before the connection is dropped */
#define TCP_SYNCNT		7	/* SYN retransmits before connect() gives up */
#define TCP_LINGER2		8	/* FIN_WAIT2 lifetime of an orphan */
#define TCP_DEFER_ACCEPT	9
#define TCP_WINDOW_CLAMP	10
#define TCP_INFO		11	/* struct tcp_info */
#define TCP_QUICKACK		12
#define TCP_CONGESTION		13	/* congestion control name */
#define TCP_USER_TIMEOUT	18
#define TCP_FASTOPEN		23

/* tcpi_options bits */
#define TCPI_OPT_TIMESTAMPS	1
#define TCPI_OPT_SACK		2
#define TCPI_OPT_WSCALE		4
#define TCPI_OPT_ECN		8

/* tcpi_ca_state */
enum tcp_ca_state {
	TCP_CA_Open = 0,
	TCP_CA_Disorder = 1,
	TCP_CA_CWR = 2,
	TCP_CA_Recovery = 3,
	TCP_CA_Loss = 4
};

/* The prefix of Linux's struct tcp_info that every tool reads (104 bytes, up to tcpi_total_retrans). */
struct tcp_info {
	__u8	tcpi_state;
	__u8	tcpi_ca_state;
	__u8	tcpi_retransmits;
	__u8	tcpi_probes;
	__u8	tcpi_backoff;
	__u8	tcpi_options;
	__u8	tcpi_snd_wscale : 4, tcpi_rcv_wscale : 4;
	__u8	tcpi_delivery_rate_app_limited : 1, tcpi_fastopen_client_fail : 2;

	__u32	tcpi_rto;		/* microseconds */
	__u32	tcpi_ato;
	__u32	tcpi_snd_mss;
	__u32	tcpi_rcv_mss;

	__u32	tcpi_unacked;
	__u32	tcpi_sacked;
	__u32	tcpi_lost;
	__u32	tcpi_retrans;
	__u32	tcpi_fackets;

	/* Times, milliseconds. */
	__u32	tcpi_last_data_sent;
	__u32	tcpi_last_ack_sent;
	__u32	tcpi_last_data_recv;
	__u32	tcpi_last_ack_recv;

	/* Metrics. */
	__u32	tcpi_pmtu;
	__u32	tcpi_rcv_ssthresh;
	__u32	tcpi_rtt;		/* microseconds */
	__u32	tcpi_rttvar;
	__u32	tcpi_snd_ssthresh;
	__u32	tcpi_snd_cwnd;
	__u32	tcpi_advmss;
	__u32	tcpi_reordering;

	__u32	tcpi_rcv_rtt;
	__u32	tcpi_rcv_space;

	__u32	tcpi_total_retrans;
};

#endif
