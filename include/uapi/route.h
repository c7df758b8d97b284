/*
 * The routing-table ioctls of i386 Linux: SIOCADDRT / SIOCDELRT with a
 * struct rtentry (the net-tools `route` interface; iproute2 uses netlink,
 * which Sockeye does not have), and the RTF_* flags that also make up
 * /proc/net/route's Flags column.
 *
 * Who uses it: net/ipv4/route.c (ip_rt_ioctl, reached from sock_ioctl in
 * net/socket.c), libc/include/net/route.h, user/route.c, user/ip.c.
 */
#ifndef _UAPI_ROUTE_H
#define _UAPI_ROUTE_H

#include "types.h"
#include "socket.h"		/* struct sockaddr */

#define SIOCADDRT	0x890B
#define SIOCDELRT	0x890C

/* rt_flags; the kernel's include/net/route.h spells the first three the same. */
#define RTF_UP		0x0001		/* usable */
#define RTF_GATEWAY	0x0002		/* via rt_gateway, not on-link */
#define RTF_HOST	0x0004		/* rt_dst is a host (/32), rt_genmask ignored */
#define RTF_REINSTATE	0x0008
#define RTF_DYNAMIC	0x0010		/* made by a redirect */
#define RTF_MODIFIED	0x0020
#define RTF_MTU		0x0040
#define RTF_MSS		RTF_MTU
#define RTF_WINDOW	0x0080
#define RTF_IRTT	0x0100
#define RTF_REJECT	0x0200

/*
 * 64 bytes on i386. rt_metric is route(8)'s metric plus one (0 means "not
 * given"); the kernel stores rt_metric - 1, which /proc/net/route shows.
 */
struct rtentry {
	unsigned long	rt_pad1;
	struct sockaddr	rt_dst;		/* AF_INET sockaddr_in: the target network or host */
	struct sockaddr	rt_gateway;	/* AF_INET, with RTF_GATEWAY */
	struct sockaddr	rt_genmask;	/* AF_INET netmask (ignored with RTF_HOST) */
	unsigned short	rt_flags;
	short		rt_pad2;
	unsigned long	rt_pad3;
	void		*rt_pad4;
	short		rt_metric;
	char		*rt_dev;	/* NULL, or a user-space interface name */
	unsigned long	rt_mtu;
	unsigned long	rt_window;
	unsigned short	rt_irtt;
};

#endif
