/*
 * The IPv4 and ICMP MIB counters (RFC 4293 / RFC 2011 names) that
 * /proc/net/snmp prints, in Linux's order. Every drop in ip_input.c,
 * ip_output.c, ip_fragment.c and icmp.c bumps one of these by name.
 * Counters are plain longs bumped from softirq or with BH off.
 * Implementation: net/ipv4/proc.c prints them.
 */
#ifndef _NET_SNMP_H
#define _NET_SNMP_H

#include <linux/types.h>

enum {
	IPSTATS_MIB_INRECEIVES,		/* InReceives */
	IPSTATS_MIB_INHDRERRORS,	/* InHdrErrors: bad version/ihl/csum/length */
	IPSTATS_MIB_INADDRERRORS,	/* InAddrErrors: not for us (no forwarding), martian */
	IPSTATS_MIB_FORWDATAGRAMS,	/* ForwDatagrams (always 0) */
	IPSTATS_MIB_INUNKNOWNPROTOS,	/* InUnknownProtos: no inet_protos[] handler */
	IPSTATS_MIB_INDISCARDS,		/* InDiscards: fine packet, no memory / not wanted */
	IPSTATS_MIB_INDELIVERS,		/* InDelivers */
	IPSTATS_MIB_OUTREQUESTS,	/* OutRequests */
	IPSTATS_MIB_OUTDISCARDS,	/* OutDiscards: no memory, queue full, ARP failure */
	IPSTATS_MIB_OUTNOROUTES,	/* OutNoRoutes */
	IPSTATS_MIB_REASMTIMEOUT,	/* ReasmTimeout */
	IPSTATS_MIB_REASMREQDS,		/* ReasmReqds: fragments received */
	IPSTATS_MIB_REASMOKS,		/* ReasmOKs */
	IPSTATS_MIB_REASMFAILS,		/* ReasmFails */
	IPSTATS_MIB_FRAGOKS,		/* FragOKs */
	IPSTATS_MIB_FRAGFAILS,		/* FragFails: DF set, or no memory */
	IPSTATS_MIB_FRAGCREATES,	/* FragCreates */
	/* IpExt (Linux's extension line) */
	IPSTATS_MIB_INNOROUTES,		/* InNoRoutes */
	IPSTATS_MIB_INTRUNCATEDPKTS,	/* InTruncatedPkts: frame shorter than tot_len */
	IPSTATS_MIB_CSUMERRORS,		/* InCsumErrors */
	IPSTATS_MIB_INBCASTPKTS,	/* InBcastPkts */
	/* /proc/net/stat/rt_cache (Linux counts martians there, not in the MIB) */
	IPSTATS_MIB_INMARTIANSRC,	/* in_martian_src: impossible source (ip_input.c) */
	IPSTATS_MIB_MAX
};

enum {
	ICMP_MIB_INMSGS,
	ICMP_MIB_INERRORS,		/* too short, bad checksum */
	ICMP_MIB_CSUMERRORS,
	ICMP_MIB_OUTMSGS,
	ICMP_MIB_OUTERRORS,		/* could not send (no route, no memory) */
	ICMP_MIB_RATELIMITGLOBAL,	/* OutRateLimitGlobal: token bucket empty */
	ICMP_MIB_RATELIMITHOST,		/* OutRateLimitHost (per-host limiter: not used) */
	ICMP_MIB_MAX
};

/* Per-type in/out counts; the Icmp: In.. and Out.. columns are derived from these. */
#define ICMPMSG_MIB_MAX	256
struct icmp_mib {
	unsigned long mibs[ICMP_MIB_MAX];
	unsigned long in_type[ICMPMSG_MIB_MAX];
	unsigned long out_type[ICMPMSG_MIB_MAX];
};

extern unsigned long ip_statistics[IPSTATS_MIB_MAX];
extern struct icmp_mib icmp_statistics;

#define IP_INC_STATS(field)		(ip_statistics[field]++)
#define IP_ADD_STATS(field, n)		(ip_statistics[field] += (n))
#define ICMP_INC_STATS(field)		(icmp_statistics.mibs[field]++)
#define ICMPMSGIN_INC_STATS(type)	(icmp_statistics.in_type[(u8)(type)]++)
#define ICMPMSGOUT_INC_STATS(type)	(icmp_statistics.out_type[(u8)(type)]++)

void snmp_reset_counters(void);		/* for tests */
struct seq_file;
/* More /proc/net/snmp line pairs (Udp:, Tcp:) appended by their owners. */
int snmp_register_show(int (*show)(struct seq_file *m, void *v));

#endif
