/*
 * IPv4 socket ABI: protocol numbers, struct sockaddr_in, IP_* options,
 * in_pktinfo and the extended error of IP_RECVERR. include/linux/in.h
 * adds the kernel's address helpers on top of this file.
 */
#ifndef _UAPI_IN_H
#define _UAPI_IN_H

#include "types.h"
#include "socket.h"

enum {
	IPPROTO_IP = 0,
	IPPROTO_ICMP = 1,
	IPPROTO_IGMP = 2,
	IPPROTO_TCP = 6,
	IPPROTO_UDP = 17,
	IPPROTO_IPV6 = 41,
	IPPROTO_ICMPV6 = 58,
	IPPROTO_RAW = 255,
	IPPROTO_MAX = 256
};

struct in_addr {
	__u32 s_addr;			/* network byte order */
};

struct sockaddr_in {
	sa_family_t sin_family;
	__u16 sin_port;			/* network byte order */
	struct in_addr sin_addr;
	unsigned char sin_zero[8];
};

#define INADDR_ANY		((__u32)0x00000000)
#define INADDR_BROADCAST	((__u32)0xffffffff)
#define INADDR_NONE		((__u32)0xffffffff)
#define INADDR_LOOPBACK		((__u32)0x7f000001)

#define IP_TOS			1
#define IP_TTL			2
#define IP_HDRINCL		3
#define IP_OPTIONS		4
#define IP_RECVOPTS		6
#define IP_RETOPTS		7
#define IP_PKTINFO		8
#define IP_MTU_DISCOVER		10
#define IP_RECVERR		11
#define IP_RECVTTL		12
#define IP_RECVTOS		13
#define IP_MTU			14
#define IP_MULTICAST_IF		32
#define IP_MULTICAST_TTL	33
#define IP_MULTICAST_LOOP	34
#define IP_ADD_MEMBERSHIP	35
#define IP_DROP_MEMBERSHIP	36

#define IP_PMTUDISC_DONT	0
#define IP_PMTUDISC_WANT	1
#define IP_PMTUDISC_DO		2

struct in_pktinfo {
	int ipi_ifindex;
	struct in_addr ipi_spec_dst;
	struct in_addr ipi_addr;
};

/* IP_RECVERR: what recvmsg(MSG_ERRQUEUE) returns in its cmsg. */
struct sock_extended_err {
	__u32 ee_errno;
	__u8 ee_origin;
	__u8 ee_type;
	__u8 ee_code;
	__u8 ee_pad;
	__u32 ee_info;
	__u32 ee_data;
};
#define SO_EE_ORIGIN_NONE	0
#define SO_EE_ORIGIN_LOCAL	1
#define SO_EE_ORIGIN_ICMP	2

/* SOCK_RAW IPPROTO_ICMP: a filter of ICMP types to drop (bit n = type n). */
#define ICMP_FILTER		1
struct icmp_filter {
	__u32 data;
};

#endif
