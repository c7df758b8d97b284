/*
 * IPv4 address classes for the kernel, on top of the socket ABI in
 * include/uapi/in.h (protocol numbers, sockaddr_in, INADDR_*).
 */
#ifndef _LINUX_IN_H
#define _LINUX_IN_H

#include "types.h"
#include "byteorder.h"
#include "../uapi/in.h"

#define IN_LOOPBACKNET		127

/* All take the address in network order. */
static inline bool ipv4_is_zeronet(__be32 a)	{ return (ntohl(a) & 0xff000000u) == 0; }
static inline bool ipv4_is_loopback(__be32 a)	{ return (ntohl(a) & 0xff000000u) == 0x7f000000u; }
static inline bool ipv4_is_multicast(__be32 a)	{ return (ntohl(a) & 0xf0000000u) == 0xe0000000u; }
static inline bool ipv4_is_lbcast(__be32 a)	{ return a == htonl(INADDR_BROADCAST); }

#endif
