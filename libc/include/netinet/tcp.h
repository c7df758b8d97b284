/*
 * netinet/tcp.h: the TCP socket options and struct tcp_info for user
 * programs; the ABI itself is include/uapi/tcp.h.
 */
#ifndef _NETINET_TCP_H
#define _NETINET_TCP_H

#include <uapi/tcp.h>

#endif
