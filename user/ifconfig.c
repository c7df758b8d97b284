/*
 * ifconfig: show and configure network interfaces, net-tools style.
 *
 *   ifconfig [-a]                    every interface that is up (-a: all)
 *   ifconfig IF                      one interface
 *   ifconfig IF [inet] [ADDR] [netmask MASK] [broadcast BRD] [mtu N]
 *                [txqueuelen N] [up|down]
 *
 * Where it gets things: the list of interfaces and their packet counters
 * from /proc/net/dev (net/core/dev.c), plus SIOCGIFCONF for any interface
 * only it lists; everything else from interface
 * ioctls on a UDP socket, answered by net/core/dev_ioctl.c:
 *   SIOCGIFFLAGS, SIOCGIFMTU, SIOCGIFHWADDR, SIOCGIFTXQLEN (the device),
 *   SIOCGIFADDR, SIOCGIFNETMASK, SIOCGIFBRDADDR (devinet_ioctl).
 * Changes are made in the order written, like net-tools: the address
 * first (SIOCSIFADDR gives it a classful mask), then netmask, broadcast,
 * mtu, and up/down (SIOCSIFFLAGS with IFF_UP toggled) last.
 * Output format follows net-tools 2.x (`eth0: flags=4163<UP,...>  mtu 1500`).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>

struct if_stats {
	unsigned long long rx_bytes, tx_bytes;
	unsigned long rx_packets, rx_errs, rx_drop, rx_fifo, rx_frame;
	unsigned long tx_packets, tx_errs, tx_drop, tx_fifo, tx_colls, tx_carrier;
};

static int sockfd;

static int ifreq_get(const char *name, unsigned long cmd, struct ifreq *ifr)
{
	memset(ifr, 0, sizeof(*ifr));
	strncpy(ifr->ifr_name, name, IFNAMSIZ - 1);
	return ioctl(sockfd, cmd, ifr);
}

/* /proc/net/dev's counters for one interface; 0 if found. */
static int read_stats(const char *name, struct if_stats *s)
{
	FILE *f = fopen("/proc/net/dev", "r");
	char line[512];
	int found = -1;

	memset(s, 0, sizeof(*s));
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *colon = strchr(line, ':');
		unsigned long long v[16];
		char *q;
		int i;

		if (!colon)
			continue;
		while (*p == ' ')
			p++;
		*colon = '\0';
		if (strcmp(p, name))
			continue;
		/* rx: bytes packets errs drop fifo frame compressed multicast; tx: bytes
		 * packets errs drop fifo colls carrier compressed */
		for (i = 0, q = colon + 1; i < 16; i++)
			v[i] = strtoull(q, &q, 10);
		s->rx_bytes = v[0]; s->rx_packets = v[1]; s->rx_errs = v[2]; s->rx_drop = v[3];
		s->rx_fifo = v[4]; s->rx_frame = v[5];
		s->tx_bytes = v[8]; s->tx_packets = v[9]; s->tx_errs = v[10]; s->tx_drop = v[11];
		s->tx_fifo = v[12]; s->tx_colls = v[13]; s->tx_carrier = v[14];
		found = 0;
		break;
	}
	fclose(f);
	return found;
}

static const char *sin_str(const struct sockaddr *sa)
{
	return inet_ntoa(((const struct sockaddr_in *)sa)->sin_addr);
}

/* net-tools prints byte counts scaled: "(1.2 KiB)". */
static void print_scaled(unsigned long long v)
{
	static const char *unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	unsigned long long whole = v;
	unsigned int frac = 0, i = 0;

	while (whole >= 1024 && i < 4) {
		frac = (whole % 1024) * 10 / 1024;
		whole /= 1024;
		i++;
	}
	printf("(%llu.%u %s)", whole, frac, unit[i]);
}

static void print_flags(unsigned int flags)
{
	static const struct { unsigned int bit; const char *name; } names[] = {
		{ IFF_UP, "UP" }, { IFF_BROADCAST, "BROADCAST" }, { IFF_DEBUG, "DEBUG" },
		{ IFF_LOOPBACK, "LOOPBACK" }, { IFF_POINTOPOINT, "POINTOPOINT" },
		{ IFF_NOTRAILERS, "NOTRAILERS" }, { IFF_RUNNING, "RUNNING" },
		{ IFF_NOARP, "NOARP" }, { IFF_PROMISC, "PROMISC" }, { IFF_ALLMULTI, "ALLMULTI" },
		{ IFF_MULTICAST, "MULTICAST" }, { IFF_DYNAMIC, "DYNAMIC" },
	};
	const char *sep = "";
	unsigned int i;

	printf("flags=%u<", flags);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (flags & names[i].bit) {
			printf("%s%s", sep, names[i].name);
			sep = ",";
		}
	}
	printf(">");
}

/* One interface, net-tools layout. Returns -1 if the kernel does not know it. */
static int show_interface(const char *name, int all)
{
	struct ifreq ifr;
	struct if_stats st;
	unsigned int flags;
	int mtu = 0, qlen = 0;
	unsigned char *hw;

	if (ifreq_get(name, SIOCGIFFLAGS, &ifr) < 0) {
		fprintf(stderr, "%s: error fetching interface information: %s\n", name,
			errno == ENODEV ? "Device not found" : strerror(errno));
		return -1;
	}
	flags = (unsigned short)ifr.ifr_flags;
	if (!all && !(flags & IFF_UP))
		return 0;
	if (ifreq_get(name, SIOCGIFMTU, &ifr) == 0)
		mtu = ifr.ifr_mtu;
	printf("%s: ", name);
	print_flags(flags);
	printf("  mtu %d\n", mtu);

	if (ifreq_get(name, SIOCGIFADDR, &ifr) == 0) {
		printf("        inet %s", sin_str(&ifr.ifr_addr));
		if (ifreq_get(name, SIOCGIFNETMASK, &ifr) == 0)
			printf("  netmask %s", sin_str(&ifr.ifr_netmask));
		if ((flags & IFF_BROADCAST) && ifreq_get(name, SIOCGIFBRDADDR, &ifr) == 0 &&
		    ((struct sockaddr_in *)&ifr.ifr_broadaddr)->sin_addr.s_addr)
			printf("  broadcast %s", sin_str(&ifr.ifr_broadaddr));
		printf("\n");
	}
	if (ifreq_get(name, SIOCGIFTXQLEN, &ifr) == 0)
		qlen = ifr.ifr_qlen;
	if (ifreq_get(name, SIOCGIFHWADDR, &ifr) == 0) {
		hw = (unsigned char *)ifr.ifr_hwaddr.sa_data;
		if (ifr.ifr_hwaddr.sa_family == ARPHRD_LOOPBACK)
			printf("        loop  txqueuelen %d  (Local Loopback)\n", qlen);
		else if (ifr.ifr_hwaddr.sa_family == ARPHRD_ETHER)
			printf("        ether %02x:%02x:%02x:%02x:%02x:%02x  txqueuelen %d  (Ethernet)\n",
			       hw[0], hw[1], hw[2], hw[3], hw[4], hw[5], qlen);
		else
			printf("        unspec  txqueuelen %d  (UNSPEC)\n", qlen);
	}
	if (read_stats(name, &st) == 0) {
		printf("        RX packets %lu  bytes %llu ", st.rx_packets, st.rx_bytes);
		print_scaled(st.rx_bytes);
		printf("\n        RX errors %lu  dropped %lu  overruns %lu  frame %lu\n",
		       st.rx_errs, st.rx_drop, st.rx_fifo, st.rx_frame);
		printf("        TX packets %lu  bytes %llu ", st.tx_packets, st.tx_bytes);
		print_scaled(st.tx_bytes);
		printf("\n        TX errors %lu  dropped %lu overruns %lu  carrier %lu  collisions %lu\n",
		       st.tx_errs, st.tx_drop, st.tx_fifo, st.tx_carrier, st.tx_colls);
	}
	printf("\n");
	return 0;
}

/*
 * Interfaces with an address that /proc/net/dev does not list (Linux's
 * "eth0:1" aliases), from SIOCGIFCONF as net-tools does it: once with a
 * NULL buffer to learn the length, then for real. Sockeye has no aliases,
 * so today this finds nothing new; a failure is still worth a warning.
 */
static void show_conf_extras(const struct if_nameindex *seen, int all)
{
	struct ifconf ifc = { 0 };
	struct ifreq *req;
	const struct if_nameindex *p;
	int i, n;

	if (ioctl(sockfd, SIOCGIFCONF, &ifc) < 0 || ifc.ifc_len < 0) {
		fprintf(stderr, "ifconfig: SIOCGIFCONF: %s\n", strerror(errno));
		return;
	}
	ifc.ifc_buf = malloc(ifc.ifc_len + sizeof(struct ifreq));
	if (!ifc.ifc_buf)
		return;
	ifc.ifc_len += sizeof(struct ifreq);	/* room to spare, in case one appeared */
	if (ioctl(sockfd, SIOCGIFCONF, &ifc) < 0) {
		fprintf(stderr, "ifconfig: SIOCGIFCONF: %s\n", strerror(errno));
		free(ifc.ifc_buf);
		return;
	}
	req = ifc.ifc_req;
	n = ifc.ifc_len / sizeof(struct ifreq);
	for (i = 0; i < n; i++) {
		for (p = seen; p->if_index; p++)
			if (!strncmp(p->if_name, req[i].ifr_name, IFNAMSIZ))
				break;
		if (!p->if_index)
			show_interface(req[i].ifr_name, all);
	}
	free(ifc.ifc_buf);
}

/* Every interface in /proc/net/dev order, then any only SIOCGIFCONF knows. */
static int show_all(int all)
{
	struct if_nameindex *list = if_nameindex(), *p;
	int ret = 0;

	if (!list) {
		perror("ifconfig: /proc/net/dev");
		return 1;
	}
	for (p = list; p->if_index; p++)
		if (show_interface(p->if_name, all) < 0)
			ret = 1;
	show_conf_extras(list, all);
	if_freenameindex(list);
	return ret;
}

static int set_addr(const char *name, unsigned long cmd, const char *cmdname, const char *text)
{
	struct ifreq ifr;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;

	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	sin->sin_family = AF_INET;
	if (!inet_aton(text, &sin->sin_addr)) {
		fprintf(stderr, "ifconfig: %s: bad address\n", text);
		return -1;
	}
	if (ioctl(sockfd, cmd, &ifr) < 0) {
		fprintf(stderr, "%s: %s\n", cmdname, strerror(errno));
		return -1;
	}
	return 0;
}

static int set_int(const char *name, unsigned long cmd, const char *cmdname, const char *text)
{
	struct ifreq ifr;
	char *end;
	long v = strtol(text, &end, 10);

	if (end == text || *end) {
		fprintf(stderr, "ifconfig: %s: not a number\n", text);
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	ifr.ifr_mtu = v;		/* ifr_mtu and ifr_qlen are the same int */
	if (ioctl(sockfd, cmd, &ifr) < 0) {
		fprintf(stderr, "%s: %s\n", cmdname, strerror(errno));
		return -1;
	}
	return 0;
}

static int set_up(const char *name, int up)
{
	struct ifreq ifr;

	if (ifreq_get(name, SIOCGIFFLAGS, &ifr) < 0) {
		fprintf(stderr, "SIOCGIFFLAGS: %s\n", strerror(errno));
		return -1;
	}
	if (up)
		ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	else
		ifr.ifr_flags &= ~IFF_UP;
	if (ioctl(sockfd, SIOCSIFFLAGS, &ifr) < 0) {
		fprintf(stderr, "SIOCSIFFLAGS: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/* The words after the interface name, applied left to right. */
static int configure(const char *name, int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		const char *w = argv[i], *arg = i + 1 < argc ? argv[i + 1] : NULL;
		int err;

		if (!strcmp(w, "up")) {
			err = set_up(name, 1);
		} else if (!strcmp(w, "down")) {
			err = set_up(name, 0);
		} else if (!strcmp(w, "inet")) {
			continue;
		} else if (!strcmp(w, "netmask") || !strcmp(w, "broadcast") ||
			   !strcmp(w, "mtu") || !strcmp(w, "txqueuelen")) {
			if (!arg) {
				fprintf(stderr, "ifconfig: %s needs an argument\n", w);
				return 1;
			}
			i++;
			if (!strcmp(w, "netmask"))
				err = set_addr(name, SIOCSIFNETMASK, "SIOCSIFNETMASK", arg);
			else if (!strcmp(w, "broadcast"))
				err = set_addr(name, SIOCSIFBRDADDR, "SIOCSIFBRDADDR", arg);
			else if (!strcmp(w, "mtu"))
				err = set_int(name, SIOCSIFMTU, "SIOCSIFMTU", arg);
			else
				err = set_int(name, SIOCSIFTXQLEN, "SIOCSIFTXQLEN", arg);
		} else if (strchr(w, '.') || (w[0] >= '0' && w[0] <= '9')) {
			err = set_addr(name, SIOCSIFADDR, "SIOCSIFADDR", w);
		} else {
			fprintf(stderr, "ifconfig: unknown option '%s'\n", w);
			return 1;
		}
		if (err)
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int all = 0, i = 1;

	if (i < argc && !strcmp(argv[i], "-a")) {
		all = 1;
		i++;
	}
	if (i < argc && (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))) {
		fprintf(stderr, "usage: ifconfig [-a] [IF [ADDR] [netmask M] [broadcast B] "
			"[mtu N] [txqueuelen N] [up|down]]\n");
		return 1;
	}
	sockfd = socket(AF_INET, SOCK_DGRAM, 0);
	if (sockfd < 0) {
		perror("ifconfig: socket");
		return 1;
	}
	if (i >= argc)
		return show_all(all);
	if (i == argc - 1)
		return show_interface(argv[i], 1) < 0 ? 1 : 0;
	return configure(argv[i], argc - i - 1, argv + i + 1);
}
