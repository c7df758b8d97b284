/*
 * route: show and change the IPv4 routing table, net-tools style.
 *
 *   route [-n]                                   the table
 *   route add|del default gw GW [metric N] [dev IF]
 *   route add|del -net NET netmask MASK [gw GW] [metric N] [dev IF]
 *   route add|del -net NET/LEN ...               (same, prefix length)
 *   route add|del -host ADDR [gw GW] [metric N] [dev IF]
 *
 * Reading: /proc/net/route (net/ipv4/route.c, route_seq_show), whose
 * addresses are the raw hex of the network-order word, so a little-endian
 * reader converts them with plain strtoul and stores them back as is.
 * Writing: one struct rtentry through SIOCADDRT / SIOCDELRT on a UDP
 * socket -> sock_ioctl -> dev_ioctl -> ip_rt_ioctl. rt_metric is the
 * metric + 1 (0 means "none given"), as net-tools passes it.
 * Errors print like net-tools: "SIOCADDRT: File exists".
 * There is no DNS: names are never looked up, so -n changes nothing
 * except that without it the all-zero destination prints as "default".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <net/route.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>

static const char *addr_str(unsigned long a, char *buf)
{
	struct in_addr in = { a };

	strcpy(buf, inet_ntoa(in));
	return buf;
}

static int show(int numeric)
{
	FILE *f = fopen("/proc/net/route", "r");
	char line[256];
	int first = 1;

	if (!f) {
		perror("route: /proc/net/route");
		return 1;
	}
	printf("Kernel IP routing table\n");
	printf("Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n");
	while (fgets(line, sizeof(line), f)) {
		char iface[IFNAMSIZ + 1], *p = line, *q;
		unsigned long v[10];
		char d[16], g[16], m[16], flags[8];
		int i = 0, n;

		if (first) {		/* the header line */
			first = 0;
			continue;
		}
		n = strcspn(p, "\t ");
		if (!n || n > IFNAMSIZ)
			continue;
		memcpy(iface, p, n);
		iface[n] = '\0';
		p += n;
		/* Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT */
		for (i = 0; i < 10; i++) {
			v[i] = strtoul(p, &q, i == 0 || i == 1 || i == 2 || i == 6 ? 16 : 10);
			p = q;
		}
		n = 0;
		if (v[2] & RTF_UP)
			flags[n++] = 'U';
		if (v[2] & RTF_GATEWAY)
			flags[n++] = 'G';
		if (v[2] & RTF_HOST)
			flags[n++] = 'H';
		if (v[2] & RTF_DYNAMIC)
			flags[n++] = 'D';
		if (v[2] & RTF_MODIFIED)
			flags[n++] = 'M';
		if (v[2] & RTF_REJECT)
			flags[n++] = '!';
		flags[n] = '\0';
		addr_str(v[0], d);
		if (!numeric && !v[0] && !v[6])
			strcpy(d, "default");
		printf("%-15s %-15s %-15s %-6s%-6lu %-3lu %6lu %s\n", d, addr_str(v[1], g),
		       addr_str(v[6], m), flags, v[5], v[3], v[4], iface);
	}
	fclose(f);
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: route [-n]\n"
		"       route {add|del} default gw GW [metric N] [dev IF]\n"
		"       route {add|del} -net NET netmask MASK [gw GW] [metric N] [dev IF]\n"
		"       route {add|del} -net NET/LEN [gw GW] [metric N] [dev IF]\n"
		"       route {add|del} -host ADDR [gw GW] [metric N] [dev IF]\n");
	exit(1);
}

static void set_sin(struct sockaddr *sa, in_addr_t a)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)sa;

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = a;
}

static in_addr_t parse_addr(const char *s)
{
	struct in_addr a;

	if (!inet_aton(s, &a)) {
		fprintf(stderr, "route: %s: bad address\n", s);
		exit(1);
	}
	return a.s_addr;
}

static int change(int add, int argc, char **argv)
{
	struct rtentry rt;
	char dev[IFNAMSIZ];
	in_addr_t dst = 0, mask = 0;
	int i = 0, host = 0, have_mask = 0, fd;

	memset(&rt, 0, sizeof(rt));
	rt.rt_flags = RTF_UP;
	if (i >= argc)
		usage();
	if (!strcmp(argv[i], "-net")) {
		i++;
	} else if (!strcmp(argv[i], "-host")) {
		host = 1;
		i++;
	}
	if (i >= argc)
		usage();
	if (!strcmp(argv[i], "default")) {
		have_mask = 1;
	} else {
		char *slash = strchr(argv[i], '/');

		if (slash) {
			int len = atoi(slash + 1);

			if (len < 0 || len > 32)
				usage();
			*slash = '\0';
			mask = len ? htonl(0xffffffffu << (32 - len)) : 0;
			have_mask = 1;
		}
		dst = parse_addr(argv[i]);
	}
	for (i++; i < argc; i++) {
		const char *w = argv[i];

		if (i + 1 >= argc)
			usage();
		if (!strcmp(w, "gw")) {
			set_sin(&rt.rt_gateway, parse_addr(argv[++i]));
			rt.rt_flags |= RTF_GATEWAY;
		} else if (!strcmp(w, "netmask") || !strcmp(w, "genmask")) {
			mask = parse_addr(argv[++i]);
			have_mask = 1;
		} else if (!strcmp(w, "metric")) {
			rt.rt_metric = atoi(argv[++i]) + 1;
		} else if (!strcmp(w, "dev")) {
			snprintf(dev, sizeof(dev), "%s", argv[++i]);
			rt.rt_dev = dev;
		} else {
			usage();
		}
	}
	if (host) {
		rt.rt_flags |= RTF_HOST;
		mask = 0xffffffffu;
	} else if (!have_mask) {
		/* net-tools would guess a classful mask; a host route is the honest default. */
		rt.rt_flags |= RTF_HOST;
		mask = 0xffffffffu;
	}
	if (dst & ~mask) {
		fprintf(stderr, "route: netmask doesn't match route address\n");
		return 1;
	}
	set_sin(&rt.rt_dst, dst);
	set_sin(&rt.rt_genmask, mask);

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("route: socket");
		return 1;
	}
	if (ioctl(fd, add ? SIOCADDRT : SIOCDELRT, &rt) < 0) {
		fprintf(stderr, "%s: %s\n", add ? "SIOCADDRT" : "SIOCDELRT", strerror(errno));
		close(fd);
		return 1;
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	int numeric = 0, i = 1;

	while (i < argc && argv[i][0] == '-' && strcmp(argv[i], "-net") && strcmp(argv[i], "-host")) {
		if (!strcmp(argv[i], "-n") || !strcmp(argv[i], "-e") || !strcmp(argv[i], "-A"))
			numeric |= !strcmp(argv[i], "-n");
		else
			usage();
		if (!strcmp(argv[i], "-A"))
			i++;		/* -A inet: the only family there is */
		i++;
	}
	if (i >= argc)
		return show(numeric);
	if (!strcmp(argv[i], "add"))
		return change(1, argc - i - 1, argv + i + 1);
	if (!strcmp(argv[i], "del") || !strcmp(argv[i], "delete"))
		return change(0, argc - i - 1, argv + i + 1);
	usage();
	return 1;
}
