/*
 * Internet protocol numbers and IPv4 address classes, for the kernel.
 * (The socket ABI - sockaddr_in, in_addr - belongs in include/uapi/ and
 * comes with the socket layer; these values are the same as there.)
 */
#ifndef _LINUX_IN_H
#define _LINUX_IN_H

#include "types.h"
#include "byteorder.h"

enum {
	IPPROTO_IP = 0,
	IPPROTO_ICMP = 1,
	IPPROTO_TCP = 6,
	IPPROTO_UDP = 17,
	IPPROTO_RAW = 255,
	IPPROTO_MAX = 256
};

#define INADDR_ANY		((u32)0x00000000)
#define INADDR_BROADCAST	((u32)0xffffffff)
#define INADDR_LOOPBACK		((u32)0x7f000001)
#define IN_LOOPBACKNET		127

/* All take the address in network order. */
static inline bool ipv4_is_zeronet(__be32 a)	{ return (ntohl(a) & 0xff000000u) == 0; }
static inline bool ipv4_is_loopback(__be32 a)	{ return (ntohl(a) & 0xff000000u) == 0x7f000000u; }
static inline bool ipv4_is_multicast(__be32 a)	{ return (ntohl(a) & 0xf0000000u) == 0xe0000000u; }
static inline bool ipv4_is_lbcast(__be32 a)	{ return a == htonl(INADDR_BROADCAST); }

#endif
