/*
 * /proc/net/snmp: the Ip:, Icmp: and IcmpMsg: line pairs, and
 * /proc/net/netstat's IpExt: pair, in Linux's format (a header line of
 * names, then a line of values, same prefix), so netstat -s style tools
 * parse them. The UDP/TCP lines will be appended by their owners through
 * snmp_register_show(). /proc/net/stat/rt_cache carries in_martian_src,
 * where Linux counts martian sources; the input path's sysctls
 * (conf/all/log_martians, accept_local) are registered here too.
 */
#include <net/ip.h>
#include <net/icmp.h>
#include <net/snmp.h>
#include <net/tcp.h>
#include <linux/proc_fs.h>

unsigned long ip_statistics[IPSTATS_MIB_MAX];
struct icmp_mib icmp_statistics;

struct snmp_item {
	const char *name;
	int field;
};

static const struct snmp_item snmp4_ipstats_list[] = {
	{ "InReceives", IPSTATS_MIB_INRECEIVES },
	{ "InHdrErrors", IPSTATS_MIB_INHDRERRORS },
	{ "InAddrErrors", IPSTATS_MIB_INADDRERRORS },
	{ "ForwDatagrams", IPSTATS_MIB_FORWDATAGRAMS },
	{ "InUnknownProtos", IPSTATS_MIB_INUNKNOWNPROTOS },
	{ "InDiscards", IPSTATS_MIB_INDISCARDS },
	{ "InDelivers", IPSTATS_MIB_INDELIVERS },
	{ "OutRequests", IPSTATS_MIB_OUTREQUESTS },
	{ "OutDiscards", IPSTATS_MIB_OUTDISCARDS },
	{ "OutNoRoutes", IPSTATS_MIB_OUTNOROUTES },
	{ "ReasmTimeout", IPSTATS_MIB_REASMTIMEOUT },
	{ "ReasmReqds", IPSTATS_MIB_REASMREQDS },
	{ "ReasmOKs", IPSTATS_MIB_REASMOKS },
	{ "ReasmFails", IPSTATS_MIB_REASMFAILS },
	{ "FragOKs", IPSTATS_MIB_FRAGOKS },
	{ "FragFails", IPSTATS_MIB_FRAGFAILS },
	{ "FragCreates", IPSTATS_MIB_FRAGCREATES },
};

static const struct snmp_item snmp4_ipext_list[] = {
	{ "InNoRoutes", IPSTATS_MIB_INNOROUTES },
	{ "InTruncatedPkts", IPSTATS_MIB_INTRUNCATEDPKTS },
	{ "InBcastPkts", IPSTATS_MIB_INBCASTPKTS },
	{ "InCsumErrors", IPSTATS_MIB_CSUMERRORS },
};

/* Icmp: per-type columns, in Linux's order (In* then Out*). */
static const struct {
	int type;
	const char *name;
} icmpmibmap[] = {
	{ ICMP_DEST_UNREACH, "DestUnreachs" },
	{ ICMP_TIME_EXCEEDED, "TimeExcds" },
	{ ICMP_PARAMETERPROB, "ParmProbs" },
	{ ICMP_SOURCE_QUENCH, "SrcQuenchs" },
	{ ICMP_REDIRECT, "Redirects" },
	{ ICMP_ECHO, "Echos" },
	{ ICMP_ECHOREPLY, "EchoReps" },
	{ ICMP_TIMESTAMP, "Timestamps" },
	{ ICMP_TIMESTAMPREPLY, "TimestampReps" },
	{ ICMP_ADDRESS, "AddrMasks" },
	{ ICMP_ADDRESSREPLY, "AddrMaskReps" },
};

#define SNMP_MAX_EXTRA	4
static int (*snmp_extra[SNMP_MAX_EXTRA])(struct seq_file *m, void *v);

int snmp_register_show(int (*show)(struct seq_file *m, void *v))
{
	unsigned int i;

	for (i = 0; i < SNMP_MAX_EXTRA; i++) {
		if (!snmp_extra[i]) {
			snmp_extra[i] = show;
			return 0;
		}
	}
	return -ENOSPC;
}

static void icmp_show(struct seq_file *m)
{
	const struct icmp_mib *s = &icmp_statistics;
	unsigned int i;

	seq_puts(m, "\nIcmp: InMsgs InErrors InCsumErrors");
	for (i = 0; i < ARRAY_SIZE(icmpmibmap); i++)
		seq_printf(m, " In%s", icmpmibmap[i].name);
	seq_puts(m, " OutMsgs OutErrors OutRateLimitGlobal OutRateLimitHost");
	for (i = 0; i < ARRAY_SIZE(icmpmibmap); i++)
		seq_printf(m, " Out%s", icmpmibmap[i].name);
	seq_printf(m, "\nIcmp: %lu %lu %lu", s->mibs[ICMP_MIB_INMSGS],
		   s->mibs[ICMP_MIB_INERRORS], s->mibs[ICMP_MIB_CSUMERRORS]);
	for (i = 0; i < ARRAY_SIZE(icmpmibmap); i++)
		seq_printf(m, " %lu", s->in_type[icmpmibmap[i].type]);
	seq_printf(m, " %lu %lu %lu %lu", s->mibs[ICMP_MIB_OUTMSGS], s->mibs[ICMP_MIB_OUTERRORS],
		   s->mibs[ICMP_MIB_RATELIMITGLOBAL], s->mibs[ICMP_MIB_RATELIMITHOST]);
	for (i = 0; i < ARRAY_SIZE(icmpmibmap); i++)
		seq_printf(m, " %lu", s->out_type[icmpmibmap[i].type]);
}

/* IcmpMsg: only the types that were seen, like Linux. */
static void icmpmsg_show(struct seq_file *m)
{
	const struct icmp_mib *s = &icmp_statistics;
	char names[256], vals[256];
	size_t nl = 0, vl = 0;
	int i, dir, count = 0;

	for (dir = 0; dir < 2; dir++) {
		const unsigned long *v = dir ? s->out_type : s->in_type;

		for (i = 0; i < ICMPMSG_MIB_MAX; i++) {
			if (!v[i])
				continue;
			if (nl < sizeof(names))
				nl += snprintf(names + nl, sizeof(names) - nl, " %sType%d",
					       dir ? "Out" : "In", i);
			if (vl < sizeof(vals))
				vl += snprintf(vals + vl, sizeof(vals) - vl, " %lu", v[i]);
			count++;
		}
	}
	if (count)
		seq_printf(m, "\nIcmpMsg:%s\nIcmpMsg:%s", names, vals);
}

static int snmp_seq_show(struct seq_file *m, void *v)
{
	unsigned int i;

	seq_puts(m, "Ip: Forwarding DefaultTTL");
	for (i = 0; i < ARRAY_SIZE(snmp4_ipstats_list); i++)
		seq_printf(m, " %s", snmp4_ipstats_list[i].name);
	/* Forwarding: 1 = router, 2 = host (RFC 1213). */
	seq_printf(m, "\nIp: %d %d", 2, sysctl_ip_default_ttl);
	for (i = 0; i < ARRAY_SIZE(snmp4_ipstats_list); i++)
		seq_printf(m, " %lu", ip_statistics[snmp4_ipstats_list[i].field]);
	icmp_show(m);
	icmpmsg_show(m);
	seq_putc(m, '\n');
	for (i = 0; i < SNMP_MAX_EXTRA; i++)
		if (snmp_extra[i])
			snmp_extra[i](m, v);
	return 0;
}

static int netstat_seq_show(struct seq_file *m, void *v)
{
	unsigned int i;

	tcp_netstat_show(m);		/* TcpExt: comes first, as in Linux */
	seq_puts(m, "IpExt:");
	for (i = 0; i < ARRAY_SIZE(snmp4_ipext_list); i++)
		seq_printf(m, " %s", snmp4_ipext_list[i].name);
	seq_puts(m, "\nIpExt:");
	for (i = 0; i < ARRAY_SIZE(snmp4_ipext_list); i++)
		seq_printf(m, " %lu", ip_statistics[snmp4_ipext_list[i].field]);
	seq_putc(m, '\n');
	return 0;
}

void snmp_reset_counters(void)
{
	memset(ip_statistics, 0, sizeof(ip_statistics));
	memset(&icmp_statistics, 0, sizeof(icmp_statistics));
}

/*
 * Linux's rt_cache statistics, one line (one CPU), hex. Sockeye has no
 * route cache: the columns it has no counter for print 0.
 */
static int rt_cache_stat_seq_show(struct seq_file *m, void *v)
{
	seq_puts(m, "entries  in_hit   in_slow_tot in_slow_mc in_no_route in_brd   "
		    "in_martian_dst in_martian_src  out_hit  out_slow_tot out_slow_mc  "
		    "gc_total gc_ignored gc_goal_miss gc_dst_overflow in_hlist_search "
		    "out_hlist_search\n");
	seq_printf(m, "%08x  %08x %08lx %08x %08x %08lx %08x %08lx  %08x %08x %08x "
		      "%08x %08x %08x %08x %08x %08x \n",
		   0, 0, ip_statistics[IPSTATS_MIB_INRECEIVES], 0, 0,
		   ip_statistics[IPSTATS_MIB_INBCASTPKTS], 0,
		   ip_statistics[IPSTATS_MIB_INMARTIANSRC], 0, 0, 0, 0, 0, 0, 0, 0, 0);
	return 0;
}

void ip_proc_init(void)
{
	proc_create_single("net/stat/rt_cache", rt_cache_stat_seq_show, NULL);
	proc_sysctl_int("sys/net/ipv4/conf/all/log_martians", &sysctl_ip_log_martians, 0, 1);
	proc_sysctl_int("sys/net/ipv4/conf/all/accept_local", &sysctl_ip_accept_local, 0, 1);
	proc_create_single("net/snmp", snmp_seq_show, NULL);
	proc_create_single("net/netstat", netstat_seq_show, NULL);
}
