/*
 * IPv4 addresses on devices (one per device, dev->ip), the questions the
 * rest of IP asks about them ("is this address ours?", "which source
 * address?"), and the reaction to device events: a device coming up with
 * an address announces it (gratuitous ARP); a device going away takes its
 * neighbours and routes with it. lo gets 127.0.0.1/8 when it registers.
 * The address ioctls (SIOC[GS]IFADDR/NETMASK/BRDADDR, SIOCGIFCONF's
 * entries) arrive here from net/core/dev_ioctl.c with rtnl held.
 * Neighbours: route.c (connected routes), arp.c, ipconfig.c (sets addresses).
 * Lock: addresses change from process context at configuration time; the
 * packet path reads them (single aligned words) without a lock, but walks
 * the device list only under dev_base_lock (dev_find).
 */
#include <net/ip.h>
#include <net/route.h>
#include <net/arp.h>
#include <net/dev_ioctl.h>

__be32 inet_make_mask(int prefixlen)
{
	if (prefixlen <= 0)
		return 0;
	if (prefixlen >= 32)
		return htonl(0xffffffffu);
	return htonl(~((1u << (32 - prefixlen)) - 1));
}

int inet_mask_len(__be32 mask)
{
	u32 m = ntohl(mask);
	int len = 0;

	while (m & 0x80000000u) {
		len++;
		m <<= 1;
	}
	return m ? -1 : len;
}

char *in_ntoa(__be32 addr, char *buf)
{
	const u8 *p = (const u8 *)&addr;

	snprintf(buf, 16, "%u.%u.%u.%u", p[0], p[1], p[2], p[3]);
	return buf;
}

bool in_aton(const char *s, __be32 *addr)
{
	u32 v = 0;
	int part;

	for (part = 0; part < 4; part++) {
		unsigned int octet = 0;
		int digits = 0;

		while (*s >= '0' && *s <= '9') {
			octet = octet * 10 + (*s++ - '0');
			if (++digits > 3 || octet > 255)
				return false;
		}
		if (!digits)
			return false;
		v = (v << 8) | octet;
		if (part < 3 && *s++ != '.')
			return false;
	}
	if (*s)
		return false;
	*addr = htonl(v);
	return true;
}

/* Starts at 1: a device's zeroed rx_saddr_genid must never match it. */
unsigned int inet_addr_genid = 1;

static void inet_addr_changed(void)
{
	WRITE_ONCE(inet_addr_genid, inet_addr_genid + 1);
}

int inet_set_ifaddr(struct net_device *dev, __be32 addr, u8 prefixlen)
{
	struct in_device *in = __in_dev_get(dev);
	__be32 mask = inet_make_mask(prefixlen);

	if (prefixlen > 32)
		return -EINVAL;
	if (in->ifa_address)
		inet_clear_ifaddr(dev);
	in->ifa_address = addr;
	in->ifa_mask = mask;
	in->ifa_prefixlen = prefixlen;
	in->ifa_broadcast = prefixlen < 31 ? (addr | ~mask) : 0;
	inet_addr_changed();
	/* The connected subnet: reachable directly on dev. */
	ip_route_add(addr & mask, prefixlen, 0, dev, 0);
	if (dev->flags & IFF_UP)
		arp_announce(dev);
	return 0;
}

void inet_clear_ifaddr(struct net_device *dev)
{
	struct in_device *in = __in_dev_get(dev);

	if (!in->ifa_address)
		return;
	ip_route_flush_dev(dev);
	neigh_ifdown(&arp_tbl, dev);
	memset(in, 0, sizeof(*in));
	inet_addr_changed();
}

/* The address questions walk the device list with dev_find (under dev_base_lock). */
static bool dev_has_addr(const struct net_device *dev, const void *addr)
{
	return dev->ip.ifa_address == *(const __be32 *)addr;
}

static bool dev_has_broadcast(const struct net_device *dev, const void *addr)
{
	return dev->ip.ifa_address && dev->ip.ifa_broadcast == *(const __be32 *)addr;
}

static bool dev_has_global_addr(const struct net_device *dev, const void *unused)
{
	return dev->ip.ifa_address && !(dev->flags & IFF_LOOPBACK);
}

struct net_device *inet_addr_dev(__be32 addr)
{
	if (!addr)
		return NULL;
	if (ipv4_is_loopback(addr))
		return loopback_dev;
	return dev_find(dev_has_addr, &addr);
}

bool inet_addr_is_broadcast(__be32 addr)
{
	if (ipv4_is_lbcast(addr))
		return true;
	return dev_find(dev_has_broadcast, &addr) != NULL;
}

__be32 inet_select_addr(const struct net_device *dev, __be32 dst)
{
	struct net_device *d;

	if (dev && dev->ip.ifa_address)
		return dev->ip.ifa_address;
	if (ipv4_is_loopback(dst))
		return htonl(INADDR_LOOPBACK);
	/* Any configured address will do (Linux prefers one on the same scope). */
	d = dev_find(dev_has_global_addr, NULL);
	return d ? d->ip.ifa_address : 0;
}

/*
 * The classful prefix length of an address: what SIOCSIFADDR gives a new
 * address until SIOCSIFNETMASK says otherwise (Linux's inet_abc_len).
 * -1 for multicast and class E, which cannot be an interface address.
 */
static int inet_abc_len(__be32 addr)
{
	u32 a = ntohl(addr);

	if (ipv4_is_zeronet(addr) || ipv4_is_lbcast(addr))
		return 0;
	if ((a & 0x80000000u) == 0)
		return 8;
	if ((a & 0xc0000000u) == 0x80000000u)
		return 16;
	if ((a & 0xe0000000u) == 0xc0000000u)
		return 24;
	return -1;
}

bool inet_gifconf(struct net_device *dev, struct ifreq *ifr)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr->ifr_addr;

	if (!dev->ip.ifa_address)
		return false;
	strlcpy(ifr->ifr_name, dev->name, IFNAMSIZ);
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = dev->ip.ifa_address;
	return true;
}

/*
 * Address ioctls. A "get" without an address is -EADDRNOTAVAIL (ifconfig
 * then prints no inet line); a "set" needs an AF_INET sockaddr. Changing
 * the address or the mask re-installs it through inet_set_ifaddr, which
 * replaces the connected route - and, as in Linux, drops the other routes
 * through the device (the default gateway must be added again).
 */
int devinet_ioctl(struct net_device *dev, unsigned int cmd, struct ifreq *ifr)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr->ifr_addr;
	struct in_device *in = __in_dev_get(dev);
	__be32 addr = sin->sin_addr.s_addr;
	int len;

	switch (cmd) {
	case SIOCGIFADDR:
	case SIOCGIFNETMASK:
	case SIOCGIFBRDADDR:
	case SIOCGIFDSTADDR:
		if (!in->ifa_address)
			return -EADDRNOTAVAIL;
		memset(sin, 0, sizeof(*sin));
		sin->sin_family = AF_INET;
		if (cmd == SIOCGIFNETMASK)
			sin->sin_addr.s_addr = in->ifa_mask;
		else if (cmd == SIOCGIFBRDADDR)
			sin->sin_addr.s_addr = in->ifa_broadcast;
		else
			sin->sin_addr.s_addr = in->ifa_address;	/* no point-to-point peers */
		return 0;
	}

	if (sin->sin_family != AF_INET)
		return -EINVAL;
	switch (cmd) {
	case SIOCSIFADDR:
		if (!addr) {			/* ifconfig eth0 0.0.0.0: remove it */
			inet_clear_ifaddr(dev);
			return 0;
		}
		len = inet_abc_len(addr);
		if (len <= 0)			/* 0.x.x.x, broadcast, multicast, class E */
			return -EINVAL;
		if (addr == in->ifa_address)
			return 0;
		return inet_set_ifaddr(dev, addr, len);
	case SIOCSIFNETMASK:
		len = inet_mask_len(addr);
		if (len < 0)
			return -EINVAL;
		if (!in->ifa_address)
			return -EADDRNOTAVAIL;
		if (addr == in->ifa_mask)
			return 0;
		return inet_set_ifaddr(dev, in->ifa_address, len);
	case SIOCSIFBRDADDR:
		if (!in->ifa_address)
			return -EADDRNOTAVAIL;
		in->ifa_broadcast = addr;
		inet_addr_changed();
		return 0;
	case SIOCSIFDSTADDR:
		return -EOPNOTSUPP;		/* no point-to-point devices */
	}
	return -ENOTTY;
}

static int inetdev_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct net_device *dev = ptr;

	switch (event) {
	case NETDEV_UP:
		if (dev->flags & IFF_LOOPBACK && !dev->ip.ifa_address)
			inet_set_ifaddr(dev, htonl(INADDR_LOOPBACK), 8);
		else
			arp_announce(dev);
		break;
	case NETDEV_DOWN:
		neigh_ifdown(&arp_tbl, dev);
		break;
	case NETDEV_UNREGISTER:
		inet_clear_ifaddr(dev);
		ip_route_flush_dev(dev);
		neigh_ifdown(&arp_tbl, dev);
		break;
	}
	return 0;
}

static struct notifier_block inetdev_notifier = {
	.notifier_call = inetdev_event,
};

void devinet_init(void)
{
	register_netdevice_notifier(&inetdev_notifier);
}
