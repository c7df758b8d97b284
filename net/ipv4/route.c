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
 * Lock legend: fib_lock (BH) guards fib_table and every entry [F].
 */
#include <net/route.h>
#include <net/ip.h>
#include <linux/proc_fs.h>

static LIST_HEAD(fib_table);		/* [F] */
static DEFINE_SPINLOCK(fib_lock);

static bool fib_before(const struct fib_entry *a, const struct fib_entry *b)
{
	if (a->prefixlen != b->prefixlen)
		return a->prefixlen > b->prefixlen;
	return a->metric < b->metric;
}

int ip_route_add(__be32 dst, u8 prefixlen, __be32 gw, struct net_device *dev, int metric)
{
	struct fib_entry *fe, *pos;

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
		if (pos->dst == fe->dst && pos->prefixlen == prefixlen && pos->gw == gw &&
		    pos->dev == dev) {
			spin_unlock_bh(&fib_lock);
			kfree(fe);
			return -EEXIST;
		}
	}
	list_for_each_entry(pos, &fib_table, list)
		if (fib_before(fe, pos))
			break;
	list_add_tail(&fe->list, &pos->list);	/* before pos (or at the end) */
	spin_unlock_bh(&fib_lock);
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
}

/* Longest-prefix match among routes whose device is up. fib_lock held. */
static struct fib_entry *__fib_lookup(__be32 daddr)
{
	struct fib_entry *fe;

	list_for_each_entry(fe, &fib_table, list)
		if ((daddr & fe->mask) == fe->dst && (fe->dev->flags & IFF_UP))
			return fe;
	return NULL;
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
	struct fib_entry *fe;
	struct net_device *dev;

	memset(rt, 0, sizeof(*rt));
	if (inet_addr_dev(daddr) && loopback_dev && (loopback_dev->flags & IFF_UP)) {
		rt->dev = loopback_dev;
		rt->rt_gateway = daddr;
		rt->rt_src = saddr ? saddr : (ipv4_is_loopback(daddr) ? daddr : daddr);
		rt->rt_flags = RTCF_LOCAL;
		rt->mtu = loopback_dev->mtu;
		return 0;
	}
	if (ipv4_is_lbcast(daddr)) {
		/* Limited broadcast: the first real device that is up (DHCP uses its own path). */
		for (dev = dev_first(); dev; dev = dev_next(dev)) {
			if ((dev->flags & IFF_UP) && !(dev->flags & IFF_LOOPBACK)) {
				rt->dev = dev;
				rt->rt_gateway = daddr;
				rt->rt_src = saddr ? saddr : dev->ip.ifa_address;
				rt->rt_flags = RTCF_BROADCAST;
				rt->mtu = dev->mtu;
				return 0;
			}
		}
		return -ENETUNREACH;
	}
	spin_lock_bh(&fib_lock);
	fe = __fib_lookup(daddr);
	if (!fe) {
		spin_unlock_bh(&fib_lock);
		return -ENETUNREACH;
	}
	fe->use++;
	rt->dev = fe->dev;
	rt->rt_gateway = fe->gw ? fe->gw : daddr;
	rt->rt_src = saddr ? saddr : inet_select_addr(fe->dev, daddr);
	rt->mtu = fe->dev->mtu;
	if (fe->dev->ip.ifa_broadcast == daddr)
		rt->rt_flags |= RTCF_BROADCAST;
	spin_unlock_bh(&fib_lock);
	return 0;
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

void ip_route_init(void)
{
	proc_create_single("net/route", route_seq_show, NULL);
}
