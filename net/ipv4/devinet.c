/*
 * IPv4 addresses on devices (one per device, dev->ip), the questions the
 * rest of IP asks about them ("is this address ours?", "which source
 * address?"), and the reaction to device events: a device coming up with
 * an address announces it (gratuitous ARP); a device going away takes its
 * neighbours and routes with it. lo gets 127.0.0.1/8 when it registers.
 * Neighbours: route.c (connected routes), arp.c, ipconfig.c (sets addresses).
 * Lock: addresses change from process context at configuration time; the
 * packet path reads them (single aligned words) without a lock.
 */
#include <net/ip.h>
#include <net/route.h>
#include <net/arp.h>

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
}

struct net_device *inet_addr_dev(__be32 addr)
{
	struct net_device *dev;

	if (!addr)
		return NULL;
	if (ipv4_is_loopback(addr))
		return loopback_dev;
	for (dev = dev_first(); dev; dev = dev_next(dev))
		if (dev->ip.ifa_address == addr)
			return dev;
	return NULL;
}

bool inet_addr_is_broadcast(__be32 addr)
{
	struct net_device *dev;

	if (ipv4_is_lbcast(addr))
		return true;
	for (dev = dev_first(); dev; dev = dev_next(dev))
		if (dev->ip.ifa_address && dev->ip.ifa_broadcast == addr)
			return true;
	return false;
}

__be32 inet_select_addr(const struct net_device *dev, __be32 dst)
{
	struct net_device *d;

	if (dev && dev->ip.ifa_address)
		return dev->ip.ifa_address;
	if (ipv4_is_loopback(dst))
		return htonl(INADDR_LOOPBACK);
	/* Any configured address will do (Linux prefers one on the same scope). */
	for (d = dev_first(); d; d = dev_next(d))
		if (d->ip.ifa_address && !(d->flags & IFF_LOOPBACK))
			return d->ip.ifa_address;
	return 0;
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
