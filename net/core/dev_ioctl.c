/*
 * Interface ioctls: what ifconfig (ours and busybox's) asks a socket about
 * network devices, and the one lock every configuration change takes.
 *
 * Call order: ioctl(fd, SIOC..., &ifr) -> sys_ioctl -> sock_ioctl
 * (net/socket.c) -> dev_ioctl(cmd, arg):
 *   SIOCGIFCONF            dev_ifconf: one ifreq per device with an IPv4
 *                          address (inet_gifconf), or only the length
 *   SIOCGIFNAME            ifindex -> name
 *   SIOCADDRT/SIOCDELRT    ip_rt_ioctl (net/ipv4/route.c)
 *   everything else        copy the ifreq in, find the device by name
 *                          (-ENODEV), then dev_ifsioc (flags, MTU, HW
 *                          address, index, metric, queue length, map) or
 *                          devinet_ioctl (addresses, net/ipv4/devinet.c);
 *                          "get" commands copy the ifreq back out.
 * Every command that changes something needs CAP_NET_ADMIN (-EPERM).
 * Neighbours: net/core/dev.c (dev_open/dev_close, the device list),
 * include/uapi/if.h (the ABI), include/net/dev_ioctl.h (the prototypes).
 *
 * Lock: rtnl_mutex serialises configuration (Linux's RTNL): device up and
 * down, addresses, routes, MTU. It is a sleeping mutex because ndo_open
 * allocates rings and copy_*_user may fault. The packet path never takes
 * it; it reads the words we change (single aligned stores).
 */
#include <net/dev_ioctl.h>
#include <net/ip.h>
#include <linux/uaccess.h>
#include <linux/mutex.h>
#include <linux/capability.h>

static struct mutex rtnl_mutex = {
	.wait_lock = __SPIN_LOCK_UNLOCKED(rtnl_mutex.wait_lock),
	.owner = NULL,
	.waiters = __WAIT_QUEUE_HEAD_INITIALIZER(rtnl_mutex.waiters),
	.name = "rtnl_mutex",
};

void rtnl_lock(void)
{
	mutex_lock(&rtnl_mutex);
}

void rtnl_unlock(void)
{
	mutex_unlock(&rtnl_mutex);
}

/*
 * SIOCGIFCONF. Linux's contract: with ifc_buf NULL, report in ifc_len the
 * bytes a full answer needs; otherwise write whole ifreqs while they fit
 * and report the bytes written (none, not an error, for a negative
 * length). Devices without an IPv4 address are not
 * listed (ifconfig -a finds those in /proc/net/dev).
 */
static int dev_ifconf(struct ifconf __user *uifc)
{
	struct ifconf ifc;
	struct net_device *dev;
	struct ifreq ifr;
	int pos = 0, err = 0;

	if (copy_from_user(&ifc, uifc, sizeof(ifc)))
		return -EFAULT;
	/* A negative ifc_len is no room at all: 0 bytes, no error (Linux's inet_gifconf). */
	rtnl_lock();
	for (dev = dev_first(); dev; dev = dev_next(dev)) {
		memset(&ifr, 0, sizeof(ifr));
		if (!inet_gifconf(dev, &ifr))
			continue;
		if (ifc.ifc_buf) {
			if (ifc.ifc_len - pos < (int)sizeof(ifr))
				break;
			if (copy_to_user(ifc.ifc_buf + pos, &ifr, sizeof(ifr))) {
				err = -EFAULT;
				break;
			}
		}
		pos += sizeof(ifr);
	}
	rtnl_unlock();
	if (err)
		return err;
	ifc.ifc_len = pos;
	if (copy_to_user(&uifc->ifc_len, &ifc.ifc_len, sizeof(ifc.ifc_len)))
		return -EFAULT;
	return 0;
}

/* SIOCGIFNAME: the one lookup by index rather than by name. */
static int dev_ifname(struct ifreq __user *uifr)
{
	struct net_device *dev;
	struct ifreq ifr;

	if (copy_from_user(&ifr, uifr, sizeof(ifr)))
		return -EFAULT;
	rtnl_lock();
	dev = dev_get_by_index(ifr.ifr_ifindex);
	if (dev)
		strlcpy(ifr.ifr_name, dev->name, IFNAMSIZ);
	rtnl_unlock();
	if (!dev)
		return -ENODEV;
	if (copy_to_user(uifr, &ifr, sizeof(ifr)))
		return -EFAULT;
	return 0;
}

/*
 * The flags a program sees: the device's own, with RUNNING only while the
 * device is up and has carrier (dev_get_flags in Linux). LOWER_UP does not
 * fit in ifr_flags (a short), as in Linux.
 */
static unsigned int dev_get_flags(const struct net_device *dev)
{
	unsigned int flags = dev->flags & ~IFF_RUNNING;

	if (netif_running(dev) && netif_carrier_ok(dev))
		flags |= IFF_RUNNING;
	return flags;
}

/*
 * SIOCSIFFLAGS. IFF_UP opens or closes the device; a few bookkeeping bits
 * may be toggled; the rest (LOOPBACK, BROADCAST, RUNNING...) describe the
 * device and are ignored, as Linux ignores them. PROMISC and ALLMULTI need
 * a driver hook (e1000 RCTL.UPE/MPE) that does not exist yet: ignored too.
 */
#define IFF_USER_CHANGEABLE	(IFF_DEBUG | IFF_NOTRAILERS | IFF_DYNAMIC)

static int dev_change_flags(struct net_device *dev, unsigned int flags)
{
	int err = 0;

	dev->flags = (dev->flags & ~IFF_USER_CHANGEABLE) | (flags & IFF_USER_CHANGEABLE);
	if ((flags & IFF_UP) && !(dev->flags & IFF_UP))
		err = dev_open(dev);
	else if (!(flags & IFF_UP) && (dev->flags & IFF_UP))
		err = dev_close(dev);
	return err;
}

/* SIOCSIFMTU: within the device's limits (dev_set_mtu in Linux). */
static int dev_set_mtu(struct net_device *dev, int new_mtu)
{
	if (new_mtu == (int)dev->mtu)
		return 0;
	if (new_mtu < 0 || new_mtu < (int)dev->min_mtu ||
	    (dev->max_mtu && new_mtu > (int)dev->max_mtu))
		return -EINVAL;
	if (dev->netdev_ops->ndo_change_mtu)
		return dev->netdev_ops->ndo_change_mtu(dev, new_mtu);
	dev->mtu = new_mtu;
	return 0;
}

/* Device-level commands on a named device; rtnl held, ifr in kernel memory. */
static int dev_ifsioc(struct net_device *dev, unsigned int cmd, struct ifreq *ifr)
{
	switch (cmd) {
	case SIOCGIFFLAGS:
		ifr->ifr_flags = (short)dev_get_flags(dev);
		return 0;
	case SIOCSIFFLAGS:
		return dev_change_flags(dev, (unsigned short)ifr->ifr_flags);
	case SIOCGIFMETRIC:
		ifr->ifr_metric = 0;		/* Linux keeps none either */
		return 0;
	case SIOCGIFMTU:
		ifr->ifr_mtu = dev->mtu;
		return 0;
	case SIOCSIFMTU:
		return dev_set_mtu(dev, ifr->ifr_mtu);
	case SIOCGIFHWADDR:
		memset(&ifr->ifr_hwaddr, 0, sizeof(ifr->ifr_hwaddr));
		ifr->ifr_hwaddr.sa_family = dev->type;
		memcpy(ifr->ifr_hwaddr.sa_data, dev->dev_addr,
		       min_t(size_t, dev->addr_len, sizeof(ifr->ifr_hwaddr.sa_data)));
		return 0;
	case SIOCGIFINDEX:
		ifr->ifr_ifindex = dev->ifindex;
		return 0;
	case SIOCGIFTXQLEN:
		ifr->ifr_qlen = dev->tx_queue_len;
		return 0;
	case SIOCSIFTXQLEN:
		/* Linux has no upper bound; here the qdisc's bound must stay one. */
		if (ifr->ifr_qlen < 0 || ifr->ifr_qlen > MAX_TX_QUEUE_LEN)
			return -EINVAL;
		dev->tx_queue_len = ifr->ifr_qlen;
		return 0;
	case SIOCGIFMAP:
		/* No ISA-style resources to report (busybox prints them if nonzero). */
		memset(&ifr->ifr_map, 0, sizeof(ifr->ifr_map));
		return 0;
	case SIOCSIFMETRIC:
	case SIOCSIFHWADDR:
	case SIOCSIFNAME:
	case SIOCSIFMAP:
		return -EOPNOTSUPP;
	}
	return -ENOTTY;
}

/*
 * The per-device commands: whether the answer is copied back to the caller
 * and whether IPv4 (devinet_ioctl) or the device itself (dev_ifsioc) owns it.
 */
static const struct dev_ioctl_cmd {
	unsigned int	cmd;
	bool		get;
	bool		inet;
} dev_ioctl_cmds[] = {
	{ SIOCGIFFLAGS, true, false },	{ SIOCSIFFLAGS, false, false },
	{ SIOCGIFMETRIC, true, false },	{ SIOCSIFMETRIC, false, false },
	{ SIOCGIFMTU, true, false },	{ SIOCSIFMTU, false, false },
	{ SIOCGIFHWADDR, true, false },	{ SIOCSIFHWADDR, false, false },
	{ SIOCGIFINDEX, true, false },	{ SIOCSIFNAME, false, false },
	{ SIOCGIFTXQLEN, true, false },	{ SIOCSIFTXQLEN, false, false },
	{ SIOCGIFMAP, true, false },	{ SIOCSIFMAP, false, false },
	{ SIOCGIFADDR, true, true },	{ SIOCSIFADDR, false, true },
	{ SIOCGIFNETMASK, true, true },	{ SIOCSIFNETMASK, false, true },
	{ SIOCGIFBRDADDR, true, true },	{ SIOCSIFBRDADDR, false, true },
	{ SIOCGIFDSTADDR, true, true },	{ SIOCSIFDSTADDR, false, true },
};

static const struct dev_ioctl_cmd *dev_ioctl_find(unsigned int cmd)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(dev_ioctl_cmds); i++)
		if (dev_ioctl_cmds[i].cmd == cmd)
			return &dev_ioctl_cmds[i];
	return NULL;
}

int dev_ioctl(unsigned int cmd, void __user *arg)
{
	const struct dev_ioctl_cmd *c;
	struct net_device *dev;
	struct ifreq ifr;
	int err;

	switch (cmd) {
	case SIOCGIFCONF:
		return dev_ifconf(arg);
	case SIOCGIFNAME:
		return dev_ifname(arg);
	case SIOCADDRT:
	case SIOCDELRT:
		return ip_rt_ioctl(cmd, arg);
	}
	c = dev_ioctl_find(cmd);
	if (!c)
		return -ENOTTY;

	if (copy_from_user(&ifr, arg, sizeof(ifr)))
		return -EFAULT;
	ifr.ifr_name[IFNAMSIZ - 1] = '\0';
	/* Anyone may look; changing a device or its addresses is the admin's. */
	if (!c->get && !capable(CAP_NET_ADMIN))
		return -EPERM;

	rtnl_lock();
	dev = dev_get_by_name(ifr.ifr_name);
	if (!dev) {
		err = -ENODEV;
		goto out_unlock;
	}
	if (c->inet)
		err = devinet_ioctl(dev, cmd, &ifr);
	else
		err = dev_ifsioc(dev, cmd, &ifr);
	dev_put(dev);
out_unlock:
	rtnl_unlock();
	if (!err && c->get && copy_to_user(arg, &ifr, sizeof(ifr)))
		err = -EFAULT;
	return err;
}
