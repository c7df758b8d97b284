/* netinet/ip.h: the IPv4 header as raw sockets see it (Linux's struct iphdr). */
#ifndef _NETINET_IP_H
#define _NETINET_IP_H

#include <stdint.h>
#include <netinet/in.h>

struct iphdr {
	uint8_t ihl:4, version:4;	/* little-endian bitfield order */
	uint8_t tos;
	uint16_t tot_len;
	uint16_t id;
	uint16_t frag_off;
	uint8_t ttl;
	uint8_t protocol;
	uint16_t check;
	uint32_t saddr;
	uint32_t daddr;
};

#define IPVERSION	4
#define IP_DF		0x4000
#define IP_MF		0x2000
#define IP_OFFMASK	0x1fff
#define IP_MAXPACKET	65535

#endif
