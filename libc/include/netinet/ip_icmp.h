/*
 * netinet/ip_icmp.h: ICMP for ping programs -- Linux's struct icmphdr, the
 * message types and codes. Ping sockets (SOCK_DGRAM, IPPROTO_ICMP) read and
 * write the ICMP header without an IP header; SOCK_RAW reads include the
 * IP header (netinet/ip.h). ICMP_FILTER / struct icmp_filter are in
 * include/uapi/in.h.
 */
#ifndef _NETINET_IP_ICMP_H
#define _NETINET_IP_ICMP_H

#include <stdint.h>
#include <netinet/ip.h>

struct icmphdr {
	uint8_t type;
	uint8_t code;
	uint16_t checksum;
	union {
		struct { uint16_t id; uint16_t sequence; } echo;
		uint32_t gateway;
		struct { uint16_t __unused; uint16_t mtu; } frag;
	} un;
};

#define ICMP_ECHOREPLY		0
#define ICMP_DEST_UNREACH	3
#define ICMP_SOURCE_QUENCH	4
#define ICMP_REDIRECT		5
#define ICMP_ECHO		8
#define ICMP_TIME_EXCEEDED	11
#define ICMP_PARAMETERPROB	12
#define ICMP_TIMESTAMP		13
#define ICMP_TIMESTAMPREPLY	14

#define ICMP_NET_UNREACH	0
#define ICMP_HOST_UNREACH	1
#define ICMP_PROT_UNREACH	2
#define ICMP_PORT_UNREACH	3
#define ICMP_FRAG_NEEDED	4
#define ICMP_EXC_TTL		0
#define ICMP_EXC_FRAGTIME	1

#define ICMP_MINLEN		8

#endif
