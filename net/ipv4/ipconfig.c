/*
 * Boot-time IP configuration: ip_auto_config() reads the kernel's ip=
 * parameter (Linux's nfsroot form) and either sets a static address and
 * default route or starts the DHCP client (dhcp.c).
 *
 *   ip=<client>:<server>:<gw>:<netmask>:<hostname>:<device>:<autoconf>
 *     e.g. ip=10.0.2.15::10.0.2.2:255.255.255.0::eth0:off
 *   ip=dhcp (also "on", "any", "bootp")   ip=off / ip=none: leave devices alone
 *   no ip= at all: DHCP on the first Ethernet device (a teaching kernel
 *   should come up on QEMU's network without ceremony; Linux needs ip=).
 * Call order: kernel init -> net_init -> drivers register -> ip_auto_config
 *   -> ipconfig_parse -> dev_open -> ipconfig_apply_static | dhcp_start.
 */
#include <net/ipconfig.h>
#include <net/ip.h>
#include <net/route.h>

static int ic_autoconf_kind(const char *s)
{
	if (!strcmp(s, "dhcp") || !strcmp(s, "on") || !strcmp(s, "any") || !strcmp(s, "bootp"))
		return IC_AUTO_DHCP;
	return IC_AUTO_OFF;	/* "off", "none", "" */
}

/* Copy the next ':'-separated field of *s into buf; advances *s. */
static void ic_field(const char **s, char *buf, size_t size)
{
	size_t n = 0;

	while (**s && **s != ':') {
		if (n + 1 < size)
			buf[n++] = **s;
		(*s)++;
	}
	buf[n] = 0;
	if (**s == ':')
		(*s)++;
}

int ipconfig_parse(const char *arg, struct ipconfig *ic)
{
	char f[64];
	__be32 *addrs[4] = { &ic->client, &ic->server, &ic->gateway, &ic->netmask };
	int i;

	memset(ic, 0, sizeof(*ic));
	if (!arg)
		return -EINVAL;
	if (!strchr(arg, ':')) {
		/* A bare word: "dhcp", "off"... */
		ic->autoconf = ic_autoconf_kind(arg);
		if (ic->autoconf == IC_AUTO_OFF && strcmp(arg, "off") && strcmp(arg, "none"))
			return -EINVAL;
		return 0;
	}
	for (i = 0; i < 4; i++) {
		ic_field(&arg, f, sizeof(f));
		if (f[0] && !in_aton(f, addrs[i]))
			return -EINVAL;
	}
	ic_field(&arg, ic->hostname, sizeof(ic->hostname));
	ic_field(&arg, ic->device, sizeof(ic->device));
	ic_field(&arg, f, sizeof(f));
	ic->autoconf = ic_autoconf_kind(f);
	if (ic->autoconf == IC_AUTO_OFF && !ic->client)
		return -EINVAL;		/* static needs at least an address */
	if (ic->netmask && inet_mask_len(ic->netmask) < 0)
		return -EINVAL;
	return 0;
}

/* The device ip= names, or the first up-able non-loopback one. */
static struct net_device *ic_pick_dev(const char *name)
{
	struct net_device *dev;

	if (name && name[0])
		return __dev_get_by_name(name);
	for (dev = dev_first(); dev; dev = dev_next(dev))
		if (!(dev->flags & IFF_LOOPBACK))
			return dev;
	return NULL;
}

/* Classful default mask when ip= gives none (as Linux's ipconfig does). */
static int ic_default_prefix(__be32 addr)
{
	u32 a = ntohl(addr);

	if ((a >> 31) == 0)
		return 8;	/* class A */
	if ((a >> 30) == 2)
		return 16;	/* class B */
	return 24;
}

int ipconfig_apply_static(const struct ipconfig *ic)
{
	struct net_device *dev = ic_pick_dev(ic->device);
	int prefix = ic->netmask ? inet_mask_len(ic->netmask) : ic_default_prefix(ic->client);
	char a[16], g[16];
	int err;

	if (!dev)
		return -ENODEV;
	err = dev_open(dev);
	if (err)
		return err;
	err = inet_set_ifaddr(dev, ic->client, prefix);
	if (err)
		return err;
	if (ic->gateway)
		ip_route_add(0, 0, ic->gateway, dev, 0);
	pr_info("ipconfig: %s: %s/%d gw %s (static)\n", dev->name, in_ntoa(ic->client, a),
		prefix, in_ntoa(ic->gateway, g));
	return 0;
}

void ip_auto_config(void)
{
	const char *arg = cmdline_get("ip");
	struct ipconfig ic;
	struct net_device *dev;
	int err;

	if (!arg) {
		memset(&ic, 0, sizeof(ic));
		ic.autoconf = IC_AUTO_DHCP;
	} else if (ipconfig_parse(arg, &ic)) {
		pr_err("ipconfig: cannot parse ip=%s\n", arg);
		return;
	} else if (ic.autoconf == IC_AUTO_OFF && !ic.client) {
		return;		/* ip=off */
	}
	if (ic.autoconf == IC_AUTO_OFF) {
		err = ipconfig_apply_static(&ic);
		if (err)
			pr_err("ipconfig: static configuration failed: %d\n", err);
		return;
	}
	dev = ic_pick_dev(ic.device);
	if (!dev) {
		pr_info("ipconfig: no network device for DHCP\n");
		return;
	}
	err = dev_open(dev);
	if (err) {
		pr_err("ipconfig: %s: open failed: %d\n", dev->name, err);
		return;
	}
	pr_info("ipconfig: %s: starting DHCP\n", dev->name);
	dhcp_start(&ic_dhcp, dev);
}
