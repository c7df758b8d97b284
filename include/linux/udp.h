/* The UDP header (RFC 768). */
#ifndef _LINUX_UDP_H
#define _LINUX_UDP_H

#include "types.h"
#include "compiler.h"

struct udphdr {
	__be16	source;
	__be16	dest;
	__be16	len;		/* header + payload */
	__sum16	check;		/* over pseudo header + datagram; 0 = none (IPv4 only) */
} __packed;

#endif
