/*
 * The IPv4 header (RFC 791) and the values of its fields. ip_hdr(skb)
 * lives in include/net/ip.h next to the code that uses it.
 */
#ifndef _LINUX_IP_H
#define _LINUX_IP_H

#include "types.h"
#include "compiler.h"

#define IPVERSION	4
#define IPDEFTTL	64
#define IP_MIN_HLEN	20	/* ihl == 5 */
#define IP_MAX_HLEN	60	/* ihl == 15: 40 bytes of options */
#define IP_MAX_TOT_LEN	65535

/* frag_off field (host order after ntohs). */
#define IP_CE		0x8000	/* reserved "evil" bit */
#define IP_DF		0x4000	/* don't fragment */
#define IP_MF		0x2000	/* more fragments follow */
#define IP_OFFSET	0x1FFF	/* fragment offset, in 8-byte units */
#define IP_FRAG_UNIT	8

/* Type of service / DSCP values used by the stack. */
#define IPTOS_TOS_MASK	0x1E
#define IPTOS_PREC_INTERNETCONTROL 0xc0	/* ICMP errors go out with this precedence */

struct iphdr {
	u8	ihl:4,		/* header length in 32-bit words (bitfield order: little endian) */
		version:4;
	u8	tos;
	__be16	tot_len;	/* header + payload, bytes */
	__be16	id;
	__be16	frag_off;	/* flags (IP_DF, IP_MF) and offset */
	u8	ttl;
	u8	protocol;
	__sum16	check;		/* header checksum only */
	__be32	saddr;
	__be32	daddr;
} __packed;

#endif
