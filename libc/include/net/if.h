/*
 * net/if.h: network interfaces for programs. struct ifreq / ifconf, IFF_*
 * and the SIOC*IF* numbers are the kernel's ABI (include/uapi/if.h);
 * the name <-> index helpers are libc/netif.c.
 */
#ifndef _NET_IF_H
#define _NET_IF_H

#include <sys/socket.h>
#include <uapi/if.h>

struct if_nameindex {
	unsigned int if_index;		/* 0 ends the array */
	char *if_name;
};

unsigned int if_nametoindex(const char *name);		/* 0 and errno if unknown */
char *if_indextoname(unsigned int index, char *name);	/* name: IF_NAMESIZE bytes */
struct if_nameindex *if_nameindex(void);		/* every device, from /proc/net/dev */
void if_freenameindex(struct if_nameindex *ptr);

#endif
