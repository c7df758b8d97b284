/*
 * net/route.h: the routing-table ioctls for programs (route(8)):
 * struct rtentry, RTF_*, SIOCADDRT/SIOCDELRT, all from the kernel's ABI
 * header include/uapi/route.h.
 */
#ifndef _NET_ROUTE_H
#define _NET_ROUTE_H

#include <sys/socket.h>
#include <netinet/in.h>
#include <uapi/route.h>

#endif
