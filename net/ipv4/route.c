/*
 * The IPv4 forwarding information base: one list of routes kept sorted by
 * prefix length (longest first, then metric), so the first match is the
 * longest-prefix match. A teaching-sized table: a few entries, a linear
 * scan, no cache.
 *
 * Output lookup (ip_route_output): our own addresses and 127/8 -> lo
 * (RTCF_LOCAL); 255.255.255.255 -> the first up device with an address
 * (RTCF_BROADCAST); otherwise the longest matching route gives the device
 * and, for gateway routes, the next hop.
 * Input classification lives in ip_input.c (it only needs "ours?").
 * /proc/net/route: Linux's format, addresses as raw hex of the network-
 * order word (so 10.0.2.2 prints 0202000A on little-endian i386).
 * SIOCADDRT/SIOCDELRT (route(8), busybox route) arrive at ip_rt_ioctl
 * from net/core/dev_ioctl.c; they become ip_route_add/ip_route_del.
 * Path MTU: a 64-set x 4-way table of learned MTUs (fib_pmtu), the set
 * chosen by a keyed hash of the destination so nobody can aim a flood of
 * forged ICMP at one set; its answer lowers rt->mtu in every lookup.
 * rt_genid: bumped by every change that could alter a lookup's answer, so
 * the routes connected sockets cache (struct sk_dst_cache, checked in
 * ip_output.c) are looked up again on their next packet.
 * Lock legend: fib_lock (BH) guards fib_table and every entry [F];
 * pmtu_lock (BH) guards pmtu_table [P]; never both at once.
 * ip_rt_ioctl holds rtnl (net/core/dev_ioctl.c) around a whole change.
 * rt_genid is atomic.
 */
#include <net/route.h>
#include <net/ip.h>
#include <net/dev_ioctl.h>
#include <linux/proc_fs.h>
#include <linux/uaccess.h>
#include <linux/siphash.h>
#include <linux/random.h>
#include <linux/jiffies.h>
#include <linux/capability.h>

static LIST_HEAD(fib_table);		/* [F] */
#define FIB_MAX_ROUTES	256		/* ip_route_add past it: -ENOBUFS */
static DEFINE_SPINLOCK(fib_lock);
static atomic_t rt_genid_val = ATOMIC_INIT(1);

u32 rt_genid(void)
{
	return atomic_read(&rt_genid_val);
}

/* 0 never appears: a cache with genid 0 is empty. */
void rt_genid_bump(void)
{
	if (atomic_inc_return(&rt_genid_val) == 0)
		atomic_inc(&rt_genid_val);
}

/* ---- learned path MTUs ---- */

int sysctl_ip_rt_mtu_expires = 600;	/* seconds, Linux's ip_rt_mtu_expires */
int sysctl_ip_rt_min_pmtu = 552;	/* 512 + 20 + 20, Linux's ip_rt_min_pmtu */

#define PMTU_SETS	64
#define PMTU_WAYS	4
struct fib_pmtu {
	__be32		daddr;		/* 0: free */
	u32		mtu;
	unsigned long	expires;	/* jiffies */
};
static struct fib_pmtu pmtu_table[PMTU_SETS][PMTU_WAYS];	/* [P] */
static DEFINE_SPINLOCK(pmtu_lock);
static siphash_key_t pmtu_key;		/* set once at ip_route_init */

/*
 * A route's MTU starts as its device's, but never above the largest IP
 * datagram (65535, Linux's IP_MAX_MTU in ipv4_mtu): lo's MTU is 65536,
 * and TCP's path MTU, MSS and ss -i's pmtu must agree at both ends.
 */
static unsigned int ip_dev_mtu(const struct net_device *dev)
{
	return min_t(unsigned int, dev->mtu, IP_MAX_TOT_LEN);
}

static struct fib_pmtu *pmtu_set(__be32 daddr)
{
	return pmtu_table[siphash_1u32(daddr, &pmtu_key) % PMTU_SETS];
}

static bool pmtu_live(const struct fib_pmtu *p)
{
	return p->daddr && time_before(jiffies, p->expires);
}

void ip_rt_update_pmtu(__be32 daddr, u32 mtu)
{
	struct fib_pmtu *set, *victim = NULL;
	unsigned long expires;
	int i;

	if (!daddr)
		return;
	mtu = max_t(u32, mtu, sysctl_ip_rt_min_pmtu);
	expires = jiffies + (unsigned long)sysctl_ip_rt_mtu_expires * HZ;
	expires = expires ? expires : 1;	/* 0 means "no expiry" in struct rtable */
	spin_lock_bh(&pmtu_lock);
	set = pmtu_set(daddr);
	for (i = 0; i < PMTU_WAYS; i++) {
		if (set[i].daddr == daddr) {
			if (pmtu_live(&set[i]) && mtu >= set[i].mtu) {
				spin_unlock_bh(&pmtu_lock);
				return;		/* only lower: a raise waits for expiry */
			}
			victim = &set[i];
			break;
		}
		/* Else a free or expired way, else the one closest to expiry. */
		if (!victim || (pmtu_live(victim) &&
				(!pmtu_live(&set[i]) || time_before(set[i].expires, victim->expires))))
			victim = &set[i];
	}
	victim->daddr = daddr;
	victim->mtu = mtu;
	victim->expires = expires;
	spin_unlock_bh(&pmtu_lock);
	rt_genid_bump();	/* connected sockets re-read their route's MTU */
}

/* The learned MTU for daddr (0 if none) and when it lapses. */
static u32 ip_rt_pmtu_get(__be32 daddr, unsigned long *expires)
{
	struct fib_pmtu *set;
	u32 mtu = 0;
	int i;

	spin_lock_bh(&pmtu_lock);
	set = pmtu_set(daddr);
	for (i = 0; i < PMTU_WAYS; i++) {
		if (set[i].daddr == daddr && pmtu_live(&set[i])) {
			mtu = set[i].mtu;
			*expires = set[i].expires;
			break;
		}
	}
	spin_unlock_bh(&pmtu_lock);
	return mtu;
}

void ip_rt_pmtu_flush(void)
{
	spin_lock_bh(&pmtu_lock);
	memset(pmtu_table, 0, sizeof(pmtu_table));
	spin_unlock_bh(&pmtu_lock);
	rt_genid_bump();
}

/* rt->mtu = min(dev mtu, learned path MTU). */
static void rt_set_pmtu(struct rtable *rt, __be32 daddr)
{
	unsigned long expires;
	u32 pmtu = ip_rt_pmtu_get(daddr, &expires);

	if (pmtu && pmtu < rt->mtu) {
		rt->mtu = pmtu;
		rt->expires = expires;
	}
}

static bool fib_before(const struct fib_entry *a, const struct fib_entry *b)
{
	if (a->prefixlen != b->prefixlen)
		return a->prefixlen > b->prefixlen;
	return a->metric < b->metric;
}

int ip_route_add(__be32 dst, u8 prefixlen, __be32 gw, struct net_device *dev, int metric)
{
	struct fib_entry *fe, *pos;
	unsigned int n = 0;

	if (prefixlen > 32 || !dev)
		return -EINVAL;
	fe = kzalloc(sizeof(*fe), GFP_KERNEL);
	if (!fe)
		return -ENOMEM;
	fe->mask = inet_make_mask(prefixlen);
	fe->dst = dst & fe->mask;
	fe->prefixlen = prefixlen;
	fe->gw = gw;
	fe->dev = dev;
	fe->metric = metric;
	fe->flags = RTF_UP | (gw ? RTF_GATEWAY : 0) | (prefixlen == 32 ? RTF_HOST : 0);

	spin_lock_bh(&fib_lock);
	list_for_each_entry(pos, &fib_table, list) {
		/* Same destination, next hop and metric (Linux: priority) is a
		 * duplicate; a different metric is a separate route. */
		if (pos->dst == fe->dst && pos->prefixlen == prefixlen && pos->gw == gw &&
		    pos->dev == dev && pos->metric == metric) {
			spin_unlock_bh(&fib_lock);
			kfree(fe);
			return -EEXIST;
		}
		n++;
	}
	if (n >= FIB_MAX_ROUTES) {
		spin_unlock_bh(&fib_lock);
		kfree(fe);
		return -ENOBUFS;
	}
	list_for_each_entry(pos, &fib_table, list)
		if (fib_before(fe, pos))
			break;
	list_add_tail(&fe->list, &pos->list);	/* before pos (or at the end) */
	spin_unlock_bh(&fib_lock);
	rt_genid_bump();
	return 0;
}

int ip_route_del(__be32 dst, u8 prefixlen, __be32 gw, struct net_device *dev)
{
	struct fib_entry *fe, *tmp;
	__be32 mask = inet_make_mask(prefixlen);
	int err = -ESRCH;

	spin_lock_bh(&fib_lock);
	list_for_each_entry_safe(fe, tmp, &fib_table, list) {
		if (fe->dst == (dst & mask) && fe->prefixlen == prefixlen &&
		    (!gw || fe->gw == gw) && (!dev || fe->dev == dev)) {
			list_del(&fe->list);
			kfree(fe);
			err = 0;
			break;
		}
	}
	spin_unlock_bh(&fib_lock);
	if (!err)
		rt_genid_bump();
	return err;
}

void ip_route_flush_dev(struct net_device *dev)
{
	struct fib_entry *fe, *tmp;

	spin_lock_bh(&fib_lock);
	list_for_each_entry_safe(fe, tmp, &fib_table, list) {
		if (fe->dev == dev) {
			list_del(&fe->list);
			kfree(fe);
		}
	}
	spin_unlock_bh(&fib_lock);
	rt_genid_bump();
}

/* Longest-prefix match among routes whose device is up. fib_lock held. */
/* Longest prefix first, so the first match wins; oif (if not 0) keeps only that device's routes. */
static struct fib_entry *__fib_lookup_oif(__be32 daddr, int oif)
{
	struct fib_entry *fe;

	list_for_each_entry(fe, &fib_table, list)
		if ((daddr & fe->mask) == fe->dst && (fe->dev->flags & IFF_UP) &&
		    (!oif || fe->dev->ifindex == oif))
			return fe;
	return NULL;
}

static struct fib_entry *__fib_lookup(__be32 daddr)
{
	return __fib_lookup_oif(daddr, 0);
}

const struct fib_entry *fib_lookup(__be32 daddr)
{
	const struct fib_entry *fe;

	spin_lock_bh(&fib_lock);
	fe = __fib_lookup(daddr);
	spin_unlock_bh(&fib_lock);
	return fe;
}

int ip_route_output(__be32 daddr, __be32 saddr, struct rtable *rt)
{
	return ip_route_output_oif(daddr, saddr, 0, rt);
}

/*
 * Route daddr, leaving by device oif if oif is not 0 (a socket bound with
 * SO_BINDTODEVICE). As Linux: only that device's routes count, and if none
 * matches the destination is taken to be on-link on that device; limited
 * broadcast leaves by it. Local addresses still go through lo.
 */
int ip_route_output_oif(__be32 daddr, __be32 saddr, int oif, struct rtable *rt)
{
	struct fib_entry *fe;
	struct net_device *dev;

	memset(rt, 0, sizeof(*rt));
	if (inet_addr_dev(daddr) && loopback_dev && (loopback_dev->flags & IFF_UP)) {
		rt->dev = loopback_dev;
		rt->rt_gateway = daddr;
		rt->rt_src = saddr ? saddr : daddr;	/* our own address, or 127.x: it answers itself */
		rt->rt_flags = RTCF_LOCAL;
		rt->mtu = ip_dev_mtu(loopback_dev);
		return 0;
	}
	if (ipv4_is_lbcast(daddr)) {
		/* Limited broadcast: the bound device, else the first real one that is up. */
		for (dev = dev_first(); dev; dev = dev_next(dev)) {
			if ((dev->flags & IFF_UP) && !(dev->flags & IFF_LOOPBACK) &&
			    (!oif || dev->ifindex == oif)) {
				rt->dev = dev;
				rt->rt_gateway = daddr;
				rt->rt_src = saddr ? saddr : dev->ip.ifa_address;
				rt->rt_flags = RTCF_BROADCAST;
				rt->mtu = ip_dev_mtu(dev);
				return 0;
			}
		}
		return -ENETUNREACH;
	}
	spin_lock_bh(&fib_lock);
	fe = __fib_lookup_oif(daddr, oif);
	if (!fe && oif) {
		spin_unlock_bh(&fib_lock);
		dev = dev_get_by_index(oif);	/* no route on it: treat daddr as on-link there */
		if (!dev || !(dev->flags & IFF_UP))
			return -ENETUNREACH;
		rt->dev = dev;
		rt->rt_gateway = daddr;
		rt->rt_src = saddr ? saddr : dev->ip.ifa_address;
		rt->mtu = ip_dev_mtu(dev);
		rt_set_pmtu(rt, daddr);
		return 0;
	}
	if (!fe) {
		spin_unlock_bh(&fib_lock);
		return -ENETUNREACH;
	}
	fe->use++;
	rt->dev = fe->dev;
	rt->rt_gateway = fe->gw ? fe->gw : daddr;
	rt->rt_src = saddr ? saddr : inet_select_addr(fe->dev, daddr);
	rt->mtu = ip_dev_mtu(fe->dev);
	if (fe->dev->ip.ifa_broadcast == daddr)
		rt->rt_flags |= RTCF_BROADCAST;
	spin_unlock_bh(&fib_lock);
	rt_set_pmtu(rt, daddr);
	return 0;
}

/* ---- SIOCADDRT / SIOCDELRT ---- */

/*
 * The device through which gw is on-link: a connected (gateway-less) route
 * covers it, on dev if the caller named one. NULL: -ENETUNREACH, as Linux
 * answers "route add ... gw X" for an X no interface reaches directly.
 */
static struct net_device *fib_gw_dev(__be32 gw, struct net_device *dev)
{
	struct fib_entry *fe;
	struct net_device *found = NULL;

	spin_lock_bh(&fib_lock);
	list_for_each_entry(fe, &fib_table, list) {
		if (!fe->gw && (gw & fe->mask) == fe->dst && (!dev || fe->dev == dev) &&
		    !(fe->dev->flags & IFF_LOOPBACK)) {
			found = fe->dev;
			break;
		}
	}
	spin_unlock_bh(&fib_lock);
	return found;
}

/*
 * SIOCDELRT: like ip_route_del, but a metric the user gave must match too
 * (metric < 0: any), so "route del default gw X metric 3" leaves the
 * metric-0 default alone, as in Linux.
 */
static int fib_del_ioctl(__be32 dst, u8 prefixlen, __be32 gw, struct net_device *dev, int metric)
{
	struct fib_entry *fe, *tmp;
	__be32 mask = inet_make_mask(prefixlen);
	int err = -ESRCH;

	spin_lock_bh(&fib_lock);
	list_for_each_entry_safe(fe, tmp, &fib_table, list) {
		if (fe->dst == (dst & mask) && fe->prefixlen == prefixlen &&
		    (!gw || fe->gw == gw) && (!dev || fe->dev == dev) &&
		    (metric < 0 || fe->metric == metric)) {
			list_del(&fe->list);
			kfree(fe);
			err = 0;
			break;
		}
	}
	spin_unlock_bh(&fib_lock);
	if (!err)
		rt_genid_bump();
	return err;
}

static __be32 rt_sin_addr(const struct sockaddr *sa)
{
	return ((const struct sockaddr_in *)sa)->sin_addr.s_addr;
}

/*
 * struct rtentry -> a route, with Linux's checks (rtentry_to_fib_config):
 * rt_dst must be AF_INET (-EAFNOSUPPORT); RTF_HOST means /32, otherwise
 * rt_genmask is the mask, contiguous and covering rt_dst (-EINVAL);
 * RTF_GATEWAY needs an AF_INET gateway (-EINVAL); rt_dev names a device
 * (-ENODEV); rt_metric is route(8)'s metric + 1.
 */
int ip_rt_ioctl(unsigned int cmd, void __user *arg)
{
	struct net_device *dev = NULL, *gw_dev;
	struct rtentry rt;
	char devname[IFNAMSIZ];
	__be32 dst, mask, gw = 0;
	int plen, metric, err;

	if (cmd != SIOCADDRT && cmd != SIOCDELRT)
		return -ENOTTY;
	if (!capable(CAP_NET_ADMIN))
		return -EPERM;
	if (copy_from_user(&rt, arg, sizeof(rt)))
		return -EFAULT;
	if (rt.rt_dst.sa_family != AF_INET)
		return -EAFNOSUPPORT;
	dst = rt_sin_addr(&rt.rt_dst);
	if (rt.rt_flags & RTF_HOST) {
		mask = htonl(0xffffffffu);
	} else if (rt.rt_genmask.sa_family == AF_INET) {
		mask = rt_sin_addr(&rt.rt_genmask);
	} else {
		if (rt.rt_genmask.sa_family != AF_UNSPEC)
			return -EAFNOSUPPORT;
		mask = 0;
	}
	plen = inet_mask_len(mask);
	if (plen < 0 || (dst & ~mask))
		return -EINVAL;
	if (rt.rt_gateway.sa_family == AF_INET)
		gw = rt_sin_addr(&rt.rt_gateway);
	if ((rt.rt_flags & RTF_GATEWAY) && !gw)
		return -EINVAL;
	if (rt.rt_flags & RTF_REJECT)
		return -EOPNOTSUPP;		/* no unreachable routes in this FIB */
	metric = rt.rt_metric > 0 ? rt.rt_metric - 1 : 0;

	if (rt.rt_dev) {
		long n = strncpy_from_user(devname, rt.rt_dev, sizeof(devname));

		if (n < 0)
			return -EFAULT;
		devname[sizeof(devname) - 1] = '\0';
		if (strchr(devname, ':'))	/* "eth0:1" aliases share eth0's table */
			*strchr(devname, ':') = '\0';
	}

	rtnl_lock();
	if (rt.rt_dev) {
		dev = dev_get_by_name(devname);
		if (!dev) {
			err = -ENODEV;
			goto out_unlock;
		}
	}
	if (cmd == SIOCDELRT) {
		err = fib_del_ioctl(dst, plen, gw, dev, rt.rt_metric > 0 ? metric : -1);
		goto out_put;
	}
	if (gw) {
		gw_dev = fib_gw_dev(gw, dev);
		if (!gw_dev) {
			err = -ENETUNREACH;
			goto out_put;
		}
	} else {
		gw_dev = dev;
		if (!gw_dev) {
			err = -ENODEV;		/* neither a gateway nor a device */
			goto out_put;
		}
	}
	err = ip_route_add(dst, plen, gw, gw_dev, metric);
out_put:
	if (dev)
		dev_put(dev);
out_unlock:
	rtnl_unlock();
	return err;
}

static int route_seq_show(struct seq_file *m, void *v)
{
	struct fib_entry *fe;

	seq_printf(m, "%-127s\n", "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\t"
		   "Metric\tMask\t\tMTU\tWindow\tIRTT");
	spin_lock_bh(&fib_lock);
	list_for_each_entry(fe, &fib_table, list) {
		char line[128];

		/* Linux's table "main" only: no lo host routes, those live in "local". */
		if (fe->dev->flags & IFF_LOOPBACK)
			continue;
		snprintf(line, sizeof(line), "%s\t%08X\t%08X\t%04X\t%d\t%u\t%d\t%08X\t%d\t%u\t%u",
			 fe->dev->name, fe->dst, fe->gw, fe->flags, 0, 0, fe->metric,
			 fe->mask, 0, 0, 0);
		seq_printf(m, "%-127s\n", line);
	}
	spin_unlock_bh(&fib_lock);
	return 0;
}

/*
 * A device going up or down changes which routes a lookup may use (only up
 * devices count), and one unregistering must not stay in any cached route.
 */
static int rt_netdev_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	if (event == NETDEV_UP || event == NETDEV_DOWN || event == NETDEV_UNREGISTER)
		rt_genid_bump();
	return 0;
}

static struct notifier_block rt_netdev_notifier = {
	.notifier_call = rt_netdev_event,
};

void ip_route_init(void)
{
	pmtu_key.key[0] = (u64)get_random_u32() << 32 | get_random_u32();
	pmtu_key.key[1] = (u64)get_random_u32() << 32 | get_random_u32();
	register_netdevice_notifier(&rt_netdev_notifier);
	proc_create_single("net/route", route_seq_show, NULL);
	proc_sysctl_int("sys/net/ipv4/route/mtu_expires", &sysctl_ip_rt_mtu_expires, 1, 7 * 86400);
	proc_sysctl_int("sys/net/ipv4/route/min_pmtu", &sysctl_ip_rt_min_pmtu, 68, 65535);
}
