/*
 * ip: an iproute2-like front end for links, addresses and routes.
 *
 *   ip link [show [dev] IF]            ip link set [dev] IF up|down|mtu N
 *   ip addr [show [dev] IF]            ip addr add|del ADDR/LEN dev IF
 *   ip route [show]                    ip route add|del PREFIX|default
 *                                           [via GW] [dev IF] [metric N]
 *   (abbreviations as iproute2: l, a, addr, r, ro; -4 accepted)
 *
 * Real iproute2 speaks rtnetlink, which Sockeye does not have; this one
 * reads the same facts from /proc/net/dev and /proc/net/route and makes
 * the changes with the net-tools ioctls (SIOCGIF*, SIOCSIFFLAGS,
 * SIOCSIFMTU, SIOCSIFADDR + SIOCSIFNETMASK, SIOCADDRT/SIOCDELRT), so what
 * it shows and does matches ifconfig and route exactly. Sockeye keeps one
 * IPv4 address per device: `ip addr add` replaces it, `del` removes it.
 * Output is a subset of iproute2's (no qdisc, group, lifetimes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <arpa/inet.h>

static int sockfd;

static int ifreq_ioctl(const char *name, unsigned long cmd, struct ifreq *ifr)
{
	memset(ifr, 0, sizeof(*ifr));
	strncpy(ifr->ifr_name, name, IFNAMSIZ - 1);
	return ioctl(sockfd, cmd, ifr);
}

static in_addr_t sin_addr(const struct sockaddr *sa)
{
	return ((const struct sockaddr_in *)sa)->sin_addr.s_addr;
}

static const char *ntoa(in_addr_t a)
{
	struct in_addr in = { a };

	return inet_ntoa(in);
}

static int mask_len(in_addr_t mask)
{
	unsigned int m = ntohl(mask);
	int len = 0;

	while (m & 0x80000000u) {
		len++;
		m <<= 1;
	}
	return len;
}

static void fail(const char *what)
{
	fprintf(stderr, "ip: %s: %s\n", what, strerror(errno));
	exit(errno == ENODEV ? 1 : 2);
}

/* "ADDR/LEN" (LEN defaults to 32); exits on nonsense. */
static void parse_prefix(const char *s, in_addr_t *addr, int *len)
{
	char buf[32], *slash;
	struct in_addr a;

	snprintf(buf, sizeof(buf), "%s", s);
	*len = 32;
	slash = strchr(buf, '/');
	if (slash) {
		char *end;

		*slash = '\0';
		*len = strtol(slash + 1, &end, 10);
		if (end == slash + 1 || *end || *len < 0 || *len > 32)
			goto bad;
	}
	if (!inet_aton(buf, &a))
		goto bad;
	*addr = a.s_addr;
	return;
bad:
	fprintf(stderr, "ip: invalid prefix \"%s\"\n", s);
	exit(1);
}

static in_addr_t len_mask(int len)
{
	return len ? htonl(0xffffffffu << (32 - len)) : 0;
}

/* ---- link and addr ---- */

static void print_link_flags(unsigned int flags)
{
	static const struct { unsigned int bit; const char *name; } names[] = {
		{ IFF_LOOPBACK, "LOOPBACK" }, { IFF_BROADCAST, "BROADCAST" },
		{ IFF_POINTOPOINT, "POINTOPOINT" }, { IFF_MULTICAST, "MULTICAST" },
		{ IFF_NOARP, "NOARP" }, { IFF_ALLMULTI, "ALLMULTI" }, { IFF_PROMISC, "PROMISC" },
		{ IFF_DEBUG, "DEBUG" }, { IFF_UP, "UP" },
	};
	const char *sep = "";
	unsigned int i;

	printf("<");
	if ((flags & IFF_UP) && !(flags & IFF_RUNNING)) {
		printf("NO-CARRIER");
		sep = ",";
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (flags & names[i].bit) {
			printf("%s%s", sep, names[i].name);
			sep = ",";
		}
	}
	if (flags & IFF_RUNNING)
		printf("%sLOWER_UP", sep);
	printf(">");
}

static void show_one(const struct if_nameindex *ni, int with_addr)
{
	struct ifreq ifr;
	unsigned int flags = 0;
	int mtu = 0, qlen = 0;
	const unsigned char *hw;
	const char *state;

	if (ifreq_ioctl(ni->if_name, SIOCGIFFLAGS, &ifr) == 0)
		flags = (unsigned short)ifr.ifr_flags;
	if (ifreq_ioctl(ni->if_name, SIOCGIFMTU, &ifr) == 0)
		mtu = ifr.ifr_mtu;
	if (ifreq_ioctl(ni->if_name, SIOCGIFTXQLEN, &ifr) == 0)
		qlen = ifr.ifr_qlen;
	if (flags & IFF_LOOPBACK)
		state = "UNKNOWN";
	else
		state = (flags & IFF_UP) && (flags & IFF_RUNNING) ? "UP" : "DOWN";
	printf("%u: %s: ", ni->if_index, ni->if_name);
	print_link_flags(flags);
	printf(" mtu %d state %s qlen %d\n", mtu, state, qlen);
	if (ifreq_ioctl(ni->if_name, SIOCGIFHWADDR, &ifr) == 0) {
		hw = (const unsigned char *)ifr.ifr_hwaddr.sa_data;
		printf("    link/%s %02x:%02x:%02x:%02x:%02x:%02x brd ",
		       ifr.ifr_hwaddr.sa_family == ARPHRD_LOOPBACK ? "loopback" : "ether",
		       hw[0], hw[1], hw[2], hw[3], hw[4], hw[5]);
		printf(ifr.ifr_hwaddr.sa_family == ARPHRD_LOOPBACK ? "00:00:00:00:00:00\n"
								     : "ff:ff:ff:ff:ff:ff\n");
	}
	if (!with_addr || ifreq_ioctl(ni->if_name, SIOCGIFADDR, &ifr) < 0)
		return;
	{
		in_addr_t addr = sin_addr(&ifr.ifr_addr), mask = 0, brd = 0;

		if (ifreq_ioctl(ni->if_name, SIOCGIFNETMASK, &ifr) == 0)
			mask = sin_addr(&ifr.ifr_netmask);
		if (ifreq_ioctl(ni->if_name, SIOCGIFBRDADDR, &ifr) == 0)
			brd = sin_addr(&ifr.ifr_broadaddr);
		printf("    inet %s/%d", ntoa(addr), mask_len(mask));
		if (brd && (flags & IFF_BROADCAST))
			printf(" brd %s", ntoa(brd));
		printf(" scope %s %s\n", (flags & IFF_LOOPBACK) ? "host" : "global", ni->if_name);
	}
}

static int show_links(int argc, char **argv, int with_addr)
{
	struct if_nameindex *list, *p;
	const char *only = NULL;
	int found = 0;

	if (argc > 0 && !strcmp(argv[0], "show")) {
		argc--;
		argv++;
	}
	if (argc > 0 && !strcmp(argv[0], "dev")) {
		argc--;
		argv++;
	}
	if (argc > 0)
		only = argv[0];
	list = if_nameindex();
	if (!list)
		fail("/proc/net/dev");
	for (p = list; p->if_index; p++) {
		if (only && strcmp(only, p->if_name))
			continue;
		show_one(p, with_addr);
		found = 1;
	}
	if_freenameindex(list);
	if (only && !found) {
		fprintf(stderr, "Device \"%s\" does not exist.\n", only);
		return 1;
	}
	return 0;
}

static int link_set(int argc, char **argv)
{
	struct ifreq ifr;
	const char *dev;
	int i = 0;

	if (i < argc && !strcmp(argv[i], "dev"))
		i++;
	if (i >= argc) {
		fprintf(stderr, "ip: link set needs a device\n");
		return 1;
	}
	dev = argv[i++];
	for (; i < argc; i++) {
		if (!strcmp(argv[i], "up") || !strcmp(argv[i], "down")) {
			if (ifreq_ioctl(dev, SIOCGIFFLAGS, &ifr) < 0)
				fail("SIOCGIFFLAGS");
			if (argv[i][0] == 'u')
				ifr.ifr_flags |= IFF_UP;
			else
				ifr.ifr_flags &= ~IFF_UP;
			if (ioctl(sockfd, SIOCSIFFLAGS, &ifr) < 0)
				fail("SIOCSIFFLAGS");
		} else if (!strcmp(argv[i], "mtu") && i + 1 < argc) {
			int mtu = atoi(argv[++i]);

			ifreq_ioctl(dev, SIOCGIFMTU, &ifr);
			ifr.ifr_mtu = mtu;
			if (ioctl(sockfd, SIOCSIFMTU, &ifr) < 0)
				fail("SIOCSIFMTU");
		} else {
			fprintf(stderr, "ip: link set: unknown argument \"%s\"\n", argv[i]);
			return 1;
		}
	}
	return 0;
}

static int addr_change(int add, int argc, char **argv)
{
	struct ifreq ifr;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
	const char *dev = NULL;
	in_addr_t addr;
	int len, i;

	if (argc < 1)
		goto usage;
	parse_prefix(argv[0], &addr, &len);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "dev") && i + 1 < argc)
			dev = argv[++i];
		else if (!strcmp(argv[i], "broadcast") || !strcmp(argv[i], "brd"))
			i++;		/* always the subnet's: computed by the kernel */
		else
			goto usage;
	}
	if (!dev)
		goto usage;
	if (ifreq_ioctl(dev, SIOCGIFFLAGS, &ifr) < 0)
		fail(dev);
	ifreq_ioctl(dev, SIOCGIFADDR, &ifr);
	if (!add) {
		if (sin_addr(&ifr.ifr_addr) != addr) {
			fprintf(stderr, "ip: %s is not an address of %s\n", ntoa(addr), dev);
			return 2;
		}
		addr = 0;
	}
	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, dev, IFNAMSIZ - 1);
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = addr;
	if (ioctl(sockfd, SIOCSIFADDR, &ifr) < 0)
		fail("SIOCSIFADDR");
	if (!add)
		return 0;
	sin->sin_addr.s_addr = len_mask(len);
	if (ioctl(sockfd, SIOCSIFNETMASK, &ifr) < 0)
		fail("SIOCSIFNETMASK");
	return 0;
usage:
	fprintf(stderr, "usage: ip addr {add|del} ADDR/LEN dev IF\n");
	return 1;
}

/* ---- route ---- */

/* The address of dev, for "src" on its connected route; 0 if none. */
static in_addr_t dev_addr(const char *dev, in_addr_t *mask)
{
	struct ifreq ifr;

	*mask = 0;
	if (ifreq_ioctl(dev, SIOCGIFADDR, &ifr) < 0)
		return 0;
	in_addr_t a = sin_addr(&ifr.ifr_addr);
	if (ifreq_ioctl(dev, SIOCGIFNETMASK, &ifr) == 0)
		*mask = sin_addr(&ifr.ifr_netmask);
	return a;
}

static int route_show(void)
{
	FILE *f = fopen("/proc/net/route", "r");
	char line[256];
	int first = 1;

	if (!f)
		fail("/proc/net/route");
	while (fgets(line, sizeof(line), f)) {
		char dev[IFNAMSIZ + 1], *p = line, *q;
		unsigned long v[10];
		in_addr_t ifa, ifmask;
		int i, n;

		if (first) {
			first = 0;
			continue;
		}
		n = strcspn(p, "\t ");
		if (!n || n > IFNAMSIZ)
			continue;
		memcpy(dev, p, n);
		dev[n] = '\0';
		p += n;
		for (i = 0; i < 10; i++) {	/* Destination Gateway Flags RefCnt Use Metric Mask ... */
			v[i] = strtoul(p, &q, i == 0 || i == 1 || i == 2 || i == 6 ? 16 : 10);
			p = q;
		}
		if (!v[0] && !v[6])
			printf("default");
		else
			printf("%s/%d", ntoa(v[0]), mask_len(v[6]));
		if (v[2] & RTF_GATEWAY)
			printf(" via %s", ntoa(v[1]));
		printf(" dev %s", dev);
		ifa = dev_addr(dev, &ifmask);
		if (!(v[2] & RTF_GATEWAY) && ifa && (ifa & ifmask) == v[0] && ifmask == v[6])
			printf(" proto kernel scope link src %s", ntoa(ifa));
		else if (!(v[2] & RTF_GATEWAY))
			printf(" scope link");
		if (v[5])
			printf(" metric %lu", v[5]);
		printf("\n");
	}
	fclose(f);
	return 0;
}

static int route_change(int add, int argc, char **argv)
{
	struct rtentry rt;
	struct sockaddr_in *dst = (struct sockaddr_in *)&rt.rt_dst;
	struct sockaddr_in *gw = (struct sockaddr_in *)&rt.rt_gateway;
	struct sockaddr_in *mask = (struct sockaddr_in *)&rt.rt_genmask;
	char dev[IFNAMSIZ];
	in_addr_t addr = 0;
	int len = 0, i;

	if (argc < 1) {
		fprintf(stderr, "usage: ip route {add|del} PREFIX|default [via GW] [dev IF] [metric N]\n");
		return 1;
	}
	memset(&rt, 0, sizeof(rt));
	if (strcmp(argv[0], "default"))
		parse_prefix(argv[0], &addr, &len);
	if (addr & ~len_mask(len)) {
		fprintf(stderr, "ip: invalid prefix for the given prefix length\n");
		return 1;
	}
	dst->sin_family = mask->sin_family = AF_INET;
	dst->sin_addr.s_addr = addr;
	mask->sin_addr.s_addr = len_mask(len);
	rt.rt_flags = RTF_UP | (len == 32 ? RTF_HOST : 0);
	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "via")) {
			gw->sin_family = AF_INET;
			if (!inet_aton(argv[i + 1], &gw->sin_addr)) {
				fprintf(stderr, "ip: invalid gateway \"%s\"\n", argv[i + 1]);
				return 1;
			}
			rt.rt_flags |= RTF_GATEWAY;
		} else if (!strcmp(argv[i], "dev")) {
			snprintf(dev, sizeof(dev), "%s", argv[i + 1]);
			rt.rt_dev = dev;
		} else if (!strcmp(argv[i], "metric")) {
			rt.rt_metric = atoi(argv[i + 1]) + 1;
		} else {
			break;
		}
	}
	if (i < argc) {
		fprintf(stderr, "ip: route: unknown argument \"%s\"\n", argv[i]);
		return 1;
	}
	if (ioctl(sockfd, add ? SIOCADDRT : SIOCDELRT, &rt) < 0)
		fail(add ? "SIOCADDRT" : "SIOCDELRT");
	return 0;
}

/* ---- dispatch ---- */

static int matches(const char *word, const char *full, size_t min)
{
	size_t n = strlen(word);

	return n >= min && n <= strlen(full) && !strncmp(word, full, n);
}

static void usage(void)
{
	fprintf(stderr, "usage: ip [-4] {link|addr|route} [show|set|add|del ...]\n");
	exit(1);
}

int main(int argc, char **argv)
{
	int i = 1;

	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "-4"))
			usage();
		i++;
	}
	if (i >= argc)
		usage();
	sockfd = socket(AF_INET, SOCK_DGRAM, 0);
	if (sockfd < 0)
		fail("socket");
	const char *obj = argv[i++], *cmd = i < argc ? argv[i] : "show";
	int rest = argc - i - 1;
	char **rargv = argv + i + 1;

	if (i >= argc) {
		rest = 0;
		rargv = argv + i;
	}
	if (matches(obj, "link", 1)) {
		if (!strcmp(cmd, "set"))
			return link_set(rest, rargv);
		return show_links(argc - i, argv + i, 0);
	}
	if (matches(obj, "address", 1) || !strcmp(obj, "addr")) {
		if (!strcmp(cmd, "add"))
			return addr_change(1, rest, rargv);
		if (matches(cmd, "delete", 3))
			return addr_change(0, rest, rargv);
		return show_links(argc - i, argv + i, 1);
	}
	if (matches(obj, "route", 1)) {
		if (!strcmp(cmd, "add"))
			return route_change(1, rest, rargv);
		if (matches(cmd, "delete", 3))
			return route_change(0, rest, rargv);
		if (matches(cmd, "show", 1) || matches(cmd, "list", 1))
			return route_show();
		usage();
	}
	usage();
	return 1;
}
