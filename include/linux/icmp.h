/* ICMP for IPv4 (RFC 792): the header, message types and codes. */
#ifndef _LINUX_ICMP_H
#define _LINUX_ICMP_H

#include "types.h"
#include "compiler.h"

#define ICMP_ECHOREPLY		0
#define ICMP_DEST_UNREACH	3
#define ICMP_SOURCE_QUENCH	4
#define ICMP_REDIRECT		5
#define ICMP_ECHO		8
#define ICMP_TIME_EXCEEDED	11
#define ICMP_PARAMETERPROB	12
#define ICMP_TIMESTAMP		13
#define ICMP_TIMESTAMPREPLY	14
#define ICMP_INFO_REQUEST	15
#define ICMP_INFO_REPLY		16
#define ICMP_ADDRESS		17
#define ICMP_ADDRESSREPLY	18
#define NR_ICMP_TYPES		18

/* Codes for ICMP_DEST_UNREACH. */
#define ICMP_NET_UNREACH	0
#define ICMP_HOST_UNREACH	1
#define ICMP_PROT_UNREACH	2
#define ICMP_PORT_UNREACH	3
#define ICMP_FRAG_NEEDED	4	/* DF set and the packet is over the MTU; info = next-hop MTU */
#define ICMP_SR_FAILED		5
#define ICMP_NET_UNKNOWN	6
#define ICMP_HOST_UNKNOWN	7
#define ICMP_HOST_ISOLATED	8
#define ICMP_NET_ANO		9
#define ICMP_HOST_ANO		10
#define ICMP_NET_UNR_TOS	11
#define ICMP_HOST_UNR_TOS	12
#define ICMP_PKT_FILTERED	13
#define ICMP_PREC_VIOLATION	14
#define ICMP_PREC_CUTOFF	15
#define NR_ICMP_UNREACH		15

/* Codes for ICMP_TIME_EXCEEDED. */
#define ICMP_EXC_TTL		0
#define ICMP_EXC_FRAGTIME	1	/* reassembly timed out */

struct icmphdr {
	u8	type;
	u8	code;
	__sum16	checksum;	/* over the whole ICMP message */
	union {
		struct { __be16 id; __be16 sequence; } echo;
		__be32	gateway;
		struct { __be16 unused; __be16 mtu; } frag;
		u8	reserved[4];
	} un;
} __packed;

#endif
