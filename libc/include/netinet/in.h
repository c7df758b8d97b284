/*
 * netinet/in.h: IPv4 addresses and ports for user programs. The ABI
 * (IPPROTO_*, struct sockaddr_in, IP_* options, in_pktinfo,
 * sock_extended_err) is include/uapi/in.h; the byte-order helpers are
 * libc/inet.c, also offered as inline functions here.
 */
#ifndef _NETINET_IN_H
#define _NETINET_IN_H

#include <stdint.h>
#include <sys/socket.h>
#include <uapi/in.h>

typedef uint16_t in_port_t;
typedef uint32_t in_addr_t;

#define INET_ADDRSTRLEN		16
#define INADDR_ALLHOSTS_GROUP	((in_addr_t)0xe0000001)

#define IN_LOOPBACK(a)		((((in_addr_t)(a)) & 0xff000000) == 0x7f000000)
#define IN_MULTICAST(a)		((((in_addr_t)(a)) & 0xf0000000) == 0xe0000000)

uint32_t htonl(uint32_t x);
uint16_t htons(uint16_t x);
uint32_t ntohl(uint32_t x);
uint16_t ntohs(uint16_t x);

#define htonl(x)	__builtin_bswap32((uint32_t)(x))
#define ntohl(x)	__builtin_bswap32((uint32_t)(x))
#define htons(x)	__builtin_bswap16((uint16_t)(x))
#define ntohs(x)	__builtin_bswap16((uint16_t)(x))

#endif
