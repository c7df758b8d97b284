/*
 * Network interfaces as user space sees them, i386 Linux's ABI: interface
 * flags (IFF_*), hardware types (ARPHRD_*), struct ifreq / ifconf / ifmap,
 * and the SIOC*IF* ioctl numbers (Linux's <linux/sockios.h> values).
 *
 * Who uses it: net/core/dev_ioctl.c answers the ioctls (any socket's fd
 * reaches it through sock_ioctl in net/socket.c); libc/include/net/if.h
 * gives programs (user/ifconfig.c, user/ip.c, busybox) the same names.
 * The routing-table ioctls (SIOCADDRT, struct rtentry) are in route.h.
 * The kernel's include/linux/netdevice.h defines a few of the same names
 * with the same tokens, so including both is harmless.
 */
#ifndef _UAPI_IF_H
#define _UAPI_IF_H

#include "types.h"
#include "socket.h"		/* struct sockaddr */

#define IFNAMSIZ	16
#define IF_NAMESIZE	16

/* ifr_flags: the ones a program may set are UP, DEBUG, NOARP, PROMISC,
 * ALLMULTI, MULTICAST; RUNNING and LOWER_UP report the carrier. */
#define IFF_UP		0x1
#define IFF_BROADCAST	0x2
#define IFF_DEBUG	0x4
#define IFF_LOOPBACK	0x8
#define IFF_POINTOPOINT	0x10
#define IFF_NOTRAILERS	0x20
#define IFF_RUNNING	0x40
#define IFF_NOARP	0x80
#define IFF_PROMISC	0x100
#define IFF_ALLMULTI	0x200
#define IFF_MASTER	0x400
#define IFF_SLAVE	0x800
#define IFF_MULTICAST	0x1000
#define IFF_PORTSEL	0x2000
#define IFF_AUTOMEDIA	0x4000
#define IFF_DYNAMIC	0x8000
#define IFF_LOWER_UP	0x10000
#define IFF_DORMANT	0x20000
#define IFF_ECHO	0x40000

/* ifr_hwaddr.sa_family */
#define ARPHRD_ETHER	1
#define ARPHRD_LOOPBACK	772
#define ARPHRD_NONE	0xFFFE

/* Interface ioctls (on any socket). Linux's numbers. */
#define SIOCGIFNAME	0x8910		/* ifindex -> name */
#define SIOCGIFCONF	0x8912		/* list interfaces with an IPv4 address */
#define SIOCGIFFLAGS	0x8913
#define SIOCSIFFLAGS	0x8914
#define SIOCGIFADDR	0x8915
#define SIOCSIFADDR	0x8916
#define SIOCGIFDSTADDR	0x8917
#define SIOCSIFDSTADDR	0x8918
#define SIOCGIFBRDADDR	0x8919
#define SIOCSIFBRDADDR	0x891a
#define SIOCGIFNETMASK	0x891b
#define SIOCSIFNETMASK	0x891c
#define SIOCGIFMETRIC	0x891d
#define SIOCSIFMETRIC	0x891e
#define SIOCGIFMTU	0x8921
#define SIOCSIFMTU	0x8922
#define SIOCSIFNAME	0x8923
#define SIOCSIFHWADDR	0x8924
#define SIOCGIFHWADDR	0x8927
#define SIOCGIFINDEX	0x8933
#define SIOGIFINDEX	SIOCGIFINDEX	/* the old misspelling, still in Linux */
#define SIOCGIFCOUNT	0x8938
#define SIOCGIFTXQLEN	0x8942
#define SIOCSIFTXQLEN	0x8943
#define SIOCGIFMAP	0x8970
#define SIOCSIFMAP	0x8971

/* Device I/O resources (SIOCGIFMAP); 16 bytes on i386 with the padding. */
struct ifmap {
	unsigned long mem_start;
	unsigned long mem_end;
	unsigned short base_addr;
	unsigned char irq;
	unsigned char dma;
	unsigned char port;
};

/* One request about one interface: a name plus one 16-byte answer. 32 bytes. */
struct ifreq {
	union {
		char ifrn_name[IFNAMSIZ];
	} ifr_ifrn;
	union {
		struct sockaddr ifru_addr;
		struct sockaddr ifru_dstaddr;
		struct sockaddr ifru_broadaddr;
		struct sockaddr ifru_netmask;
		struct sockaddr ifru_hwaddr;
		short ifru_flags;
		int ifru_ivalue;
		int ifru_mtu;
		struct ifmap ifru_map;
		char ifru_slave[IFNAMSIZ];
		char ifru_newname[IFNAMSIZ];
		void *ifru_data;
	} ifr_ifru;
};

#define ifr_name	ifr_ifrn.ifrn_name
#define ifr_hwaddr	ifr_ifru.ifru_hwaddr
#define ifr_addr	ifr_ifru.ifru_addr
#define ifr_dstaddr	ifr_ifru.ifru_dstaddr
#define ifr_broadaddr	ifr_ifru.ifru_broadaddr
#define ifr_netmask	ifr_ifru.ifru_netmask
#define ifr_flags	ifr_ifru.ifru_flags
#define ifr_metric	ifr_ifru.ifru_ivalue
#define ifr_mtu		ifr_ifru.ifru_mtu
#define ifr_map		ifr_ifru.ifru_map
#define ifr_slave	ifr_ifru.ifru_slave
#define ifr_data	ifr_ifru.ifru_data
#define ifr_ifindex	ifr_ifru.ifru_ivalue
#define ifr_bandwidth	ifr_ifru.ifru_ivalue
#define ifr_qlen	ifr_ifru.ifru_ivalue
#define ifr_newname	ifr_ifru.ifru_newname

/* SIOCGIFCONF: a buffer of ifreqs. ifc_buf NULL asks only for the length. */
struct ifconf {
	int ifc_len;			/* in: buffer size; out: bytes used (or needed) */
	union {
		char *ifcu_buf;
		struct ifreq *ifcu_req;
	} ifc_ifcu;
};
#define ifc_buf	ifc_ifcu.ifcu_buf
#define ifc_req	ifc_ifcu.ifcu_req

#endif
