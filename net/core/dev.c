/*
 * Network devices: allocation, registration, open/close, the device
 * event notifier, the transmit path with its bounded qdisc, and
 * /proc/net/dev.
 *
 * TX call order: ip_finish_output2 -> neigh_output -> dev_queue_xmit
 *   -> (queue running, qdisc empty) ndo_start_xmit, netdev_xmit_more()
 *      telling the driver whether the sender has another packet coming
 *      (skb->xmit_more: TCP mid-burst), so it may ring its doorbell once
 *   -> (queue stopped / driver busy) dev->qdisc, bounded by tx_queue_len
 *      -> netif_wake_queue -> __netif_schedule -> NET_TX_SOFTIRQ
 *      -> net_tx_action -> qdisc_run -> ndo_start_xmit
 * Neighbours: net/core/napi.c (receive side), net/ethernet/eth.c
 * (alloc_etherdev), drivers (the ndo_* implementations).
 *
 * Lock legend: dev_base_lock (BH) guards dev_base_head and ifindex [D];
 * netdev_chain_lock (BH) guards the notifier chain's links [C], but is
 * dropped around each callback (they may sleep: inet_set_ifaddr adds a
 * route with GFP_KERNEL), so a block may be unregistered meanwhile and
 * must stay valid memory (they are static);
 * dev->tx_lock (BH) guards dev->qdisc and serialises ndo_start_xmit [T];
 * the softnet output_queue is changed with interrupts off [I].
 * Order: dev_base_lock before tx_lock; neither is held across protocol code.
 */
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/proc_fs.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <asm/irqflags.h>

static LIST_HEAD(dev_base_head);
static DEFINE_SPINLOCK(dev_base_lock);
static int dev_ifindex_next = 1;
static struct notifier_block *netdev_chain;	/* [C] */
static DEFINE_SPINLOCK(netdev_chain_lock);

struct net_device *alloc_netdev(int sizeof_priv, const char *name_fmt,
				void (*setup)(struct net_device *dev))
{
	size_t size = ALIGN(sizeof(struct net_device), NETDEV_ALIGN) + sizeof_priv;
	struct net_device *dev = kzalloc(size, GFP_KERNEL);

	if (!dev)
		return NULL;
	strlcpy(dev->name, name_fmt, IFNAMSIZ);
	INIT_LIST_HEAD(&dev->dev_list);
	INIT_LIST_HEAD(&dev->napi_list);
	spin_lock_init(&dev->tx_lock);
	skb_queue_head_init(&dev->qdisc);
	dev->tx_queue_len = DEFAULT_TX_QUEUE_LEN;
	/* Queue stopped and carrier off until the driver says otherwise. */
	dev->state = (1UL << __QUEUE_STATE_DRV_XOFF) | (1UL << __LINK_STATE_NOCARRIER);
	if (setup)
		setup(dev);
	return dev;
}

void free_netdev(struct net_device *dev)
{
	if (!dev)
		return;
	WARN_ON(dev->registered);
	kfree(dev);
}

/* Expand "eth%d" to the first free ethN. Called with dev_base_lock held. */
static int dev_alloc_name(struct net_device *dev)
{
	char fmt[IFNAMSIZ], name[IFNAMSIZ];
	int i;

	if (!strchr(dev->name, '%'))
		return __dev_get_by_name(dev->name) ? -EEXIST : 0;
	strlcpy(fmt, dev->name, sizeof(fmt));
	for (i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), fmt, i);
		if (!__dev_get_by_name(name)) {
			strlcpy(dev->name, name, IFNAMSIZ);
			return 0;
		}
	}
	return -ENFILE;
}

static void call_netdevice_notifiers(unsigned long event, struct net_device *dev)
{
	struct notifier_block *nb;

	spin_lock_bh(&netdev_chain_lock);
	for (nb = netdev_chain; nb; nb = nb->next) {
		spin_unlock_bh(&netdev_chain_lock);
		nb->notifier_call(nb, event, dev);
		spin_lock_bh(&netdev_chain_lock);
	}
	spin_unlock_bh(&netdev_chain_lock);
}

int register_netdevice_notifier(struct notifier_block *nb)
{
	spin_lock_bh(&netdev_chain_lock);
	nb->next = netdev_chain;
	netdev_chain = nb;
	spin_unlock_bh(&netdev_chain_lock);
	return 0;
}

int unregister_netdevice_notifier(struct notifier_block *nb)
{
	struct notifier_block **p;
	int err = -ENOENT;

	spin_lock_bh(&netdev_chain_lock);
	for (p = &netdev_chain; *p; p = &(*p)->next) {
		if (*p == nb) {
			*p = nb->next;	/* nb->next kept: a walk paused on nb goes on */
			err = 0;
			break;
		}
	}
	spin_unlock_bh(&netdev_chain_lock);
	return err;
}

int register_netdev(struct net_device *dev)
{
	int err;

	if (!dev->netdev_ops || !dev->netdev_ops->ndo_start_xmit)
		return -EINVAL;
	spin_lock_bh(&dev_base_lock);
	err = dev_alloc_name(dev);
	if (!err) {
		dev->ifindex = dev_ifindex_next++;
		list_add_tail(&dev->dev_list, &dev_base_head);
		dev->registered = true;
	}
	spin_unlock_bh(&dev_base_lock);
	if (err)
		return err;
	call_netdevice_notifiers(NETDEV_REGISTER, dev);
	return 0;
}

void unregister_netdev(struct net_device *dev)
{
	if (!dev->registered)
		return;
	dev_close(dev);
	call_netdevice_notifiers(NETDEV_UNREGISTER, dev);
	spin_lock_bh(&dev_base_lock);
	list_del_init(&dev->dev_list);
	dev->registered = false;
	spin_unlock_bh(&dev_base_lock);
	WARN_ON(atomic_read(&dev->refcnt) != 0);
}

int dev_open(struct net_device *dev)
{
	int err = 0;

	if (dev->flags & IFF_UP)
		return 0;
	if (dev->netdev_ops->ndo_open)
		err = dev->netdev_ops->ndo_open(dev);
	if (err)
		return err;
	dev->state |= 1UL << __LINK_STATE_START;
	dev->flags |= IFF_UP;
	if (netif_carrier_ok(dev))
		dev->flags |= IFF_RUNNING;
	call_netdevice_notifiers(NETDEV_UP, dev);
	return 0;
}

int dev_close(struct net_device *dev)
{
	if (!(dev->flags & IFF_UP))
		return 0;
	call_netdevice_notifiers(NETDEV_DOWN, dev);
	if (dev->netdev_ops->ndo_stop)
		dev->netdev_ops->ndo_stop(dev);
	dev->flags &= ~(IFF_UP | IFF_RUNNING);
	dev->state &= ~(1UL << __LINK_STATE_START);
	spin_lock_bh(&dev->tx_lock);
	__skb_queue_purge(&dev->qdisc);
	spin_unlock_bh(&dev->tx_lock);
	return 0;
}

struct net_device *__dev_get_by_name(const char *name)
{
	struct net_device *dev;

	list_for_each_entry(dev, &dev_base_head, dev_list)
		if (!strncmp(dev->name, name, IFNAMSIZ))
			return dev;
	return NULL;
}

struct net_device *dev_get_by_name(const char *name)
{
	struct net_device *dev;

	spin_lock_bh(&dev_base_lock);
	dev = __dev_get_by_name(name);
	if (dev)
		dev_hold(dev);
	spin_unlock_bh(&dev_base_lock);
	return dev;
}

/* No reference is taken: registered devices outlive the packet and socket paths that ask. */
struct net_device *dev_get_by_index(int ifindex)
{
	struct net_device *dev, *found = NULL;

	spin_lock_bh(&dev_base_lock);
	list_for_each_entry(dev, &dev_base_head, dev_list)
		if (dev->ifindex == ifindex) {
			found = dev;
			break;
		}
	spin_unlock_bh(&dev_base_lock);
	return found;
}

/*
 * The first device match() accepts, walked under dev_base_lock: what the
 * packet path uses ("which device owns this address?"), since it runs in
 * softirq while register/unregister may change the list. match() must not
 * take dev_base_lock or sleep. No reference is taken (as above).
 */
struct net_device *dev_find(bool (*match)(const struct net_device *dev, const void *arg),
			    const void *arg)
{
	struct net_device *dev, *found = NULL;

	spin_lock_bh(&dev_base_lock);
	list_for_each_entry(dev, &dev_base_head, dev_list)
		if (match(dev, arg)) {
			found = dev;
			break;
		}
	spin_unlock_bh(&dev_base_lock);
	return found;
}

struct net_device *dev_first(void)
{
	return list_first_entry_or_null(&dev_base_head, struct net_device, dev_list);
}

struct net_device *dev_next(struct net_device *dev)
{
	if (dev->dev_list.next == &dev_base_head)
		return NULL;
	return list_entry(dev->dev_list.next, struct net_device, dev_list);
}

void netif_carrier_on(struct net_device *dev)
{
	if (netif_carrier_ok(dev))
		return;
	dev->state &= ~(1UL << __LINK_STATE_NOCARRIER);
	if (dev->flags & IFF_UP)
		dev->flags |= IFF_RUNNING;
	call_netdevice_notifiers(NETDEV_CHANGE, dev);
}

void netif_carrier_off(struct net_device *dev)
{
	if (!netif_carrier_ok(dev))
		return;
	dev->state |= 1UL << __LINK_STATE_NOCARRIER;
	dev->flags &= ~IFF_RUNNING;
	call_netdevice_notifiers(NETDEV_CHANGE, dev);
}

/* ---- transmit ---- */

/* Put dev on the softnet output queue so NET_TX_SOFTIRQ runs its qdisc. */
static void __netif_schedule(struct net_device *dev)
{
	struct softnet_data *sd = &softnet_data;
	unsigned long flags;

	local_irq_save(flags);
	if (!(dev->state & (1UL << __QUEUE_STATE_SCHED))) {
		dev->state |= 1UL << __QUEUE_STATE_SCHED;
		dev->next_sched = NULL;
		*sd->output_queue_tailp = dev;
		sd->output_queue_tailp = &dev->next_sched;
		raise_softirq_irqoff(NET_TX_SOFTIRQ);
	}
	local_irq_restore(flags);
}

void netif_start_queue(struct net_device *dev)
{
	dev->state &= ~(1UL << __QUEUE_STATE_DRV_XOFF);
}

void netif_stop_queue(struct net_device *dev)
{
	dev->state |= 1UL << __QUEUE_STATE_DRV_XOFF;
}

void netif_wake_queue(struct net_device *dev)
{
	dev->state &= ~(1UL << __QUEUE_STATE_DRV_XOFF);
	if (!skb_queue_empty(&dev->qdisc))
		__netif_schedule(dev);
}

bool netdev_xmit_more(void)
{
	return softnet_data.xmit_more;
}

/*
 * Hand one skb to the driver, telling it (netdev_xmit_more) whether more
 * follows. Called with dev->tx_lock held and BHs off, so the flag, one for
 * the one CPU, belongs to this call alone.
 */
static netdev_tx_t xmit_one(struct sk_buff *skb, struct net_device *dev, bool more)
{
	netdev_tx_t rc;

	softnet_data.xmit_more = more;
	rc = dev->netdev_ops->ndo_start_xmit(skb, dev);
	softnet_data.xmit_more = false;
	if (rc == NETDEV_TX_OK)
		dev->trans_start = jiffies;
	return rc;
}

/* Drain the qdisc while the driver takes packets. Called with tx_lock held. */
static void qdisc_run(struct net_device *dev)
{
	struct sk_buff *skb;

	while (!netif_queue_stopped(dev) && (skb = __skb_dequeue(&dev->qdisc)) != NULL) {
		/* Only what is really queued counts as "more" here. */
		if (xmit_one(skb, dev, !skb_queue_empty(&dev->qdisc)) != NETDEV_TX_OK) {
			/* Driver refused it: keep order, retry on the next wake. */
			__skb_queue_head(&dev->qdisc, skb);
			break;
		}
	}
}

int dev_queue_xmit(struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;
	int rc = NET_XMIT_SUCCESS;

	local_bh_disable();
	if (unlikely(!dev || !(dev->flags & IFF_UP)))
		goto drop_nolock;
	spin_lock(&dev->tx_lock);
	if (skb_queue_empty(&dev->qdisc) && !netif_queue_stopped(dev)) {
		if (xmit_one(skb, dev, skb->xmit_more) == NETDEV_TX_OK)
			goto out;
		/* Busy: the skb is still ours, queue it below. */
	}
	if (skb_queue_len(&dev->qdisc) >= dev->tx_queue_len)
		goto drop;
	__skb_queue_tail(&dev->qdisc, skb);
	if (!netif_queue_stopped(dev))
		__netif_schedule(dev);
out:
	spin_unlock(&dev->tx_lock);
	local_bh_enable();
	return rc;

drop:
	spin_unlock(&dev->tx_lock);
drop_nolock:
	if (dev)
		dev->stats.tx_dropped++;
	kfree_skb(skb);
	local_bh_enable();
	return NET_XMIT_DROP;
}

void net_tx_action(struct softirq_action *h)
{
	struct softnet_data *sd = &softnet_data;
	struct net_device *head, *dev;
	unsigned long flags;

	local_irq_save(flags);
	head = sd->output_queue;
	sd->output_queue = NULL;
	sd->output_queue_tailp = &sd->output_queue;
	local_irq_restore(flags);

	while (head) {
		dev = head;
		head = dev->next_sched;
		dev->state &= ~(1UL << __QUEUE_STATE_SCHED);
		spin_lock(&dev->tx_lock);
		qdisc_run(dev);
		spin_unlock(&dev->tx_lock);
	}
}

int dev_hard_header(struct sk_buff *skb, struct net_device *dev, unsigned short type,
		    const void *daddr, const void *saddr, unsigned int len)
{
	if (!dev->header_ops || !dev->header_ops->create)
		return 0;
	return dev->header_ops->create(skb, dev, type, daddr, saddr, len);
}

/* ---- /proc/net/dev, Linux's exact layout ---- */

static int dev_seq_show(struct seq_file *m, void *v)
{
	struct net_device *dev;

	seq_puts(m, "Inter-|   Receive                            "
		    "                    |  Transmit\n"
		    " face |bytes    packets errs drop fifo frame "
		    "compressed multicast|bytes    packets errs "
		    "drop fifo colls carrier compressed\n");
	spin_lock_bh(&dev_base_lock);
	list_for_each_entry(dev, &dev_base_head, dev_list) {
		const struct net_device_stats *s = &dev->stats;

		seq_printf(m, "%6s: %7lu %7lu %4lu %4lu %4lu %5lu %10lu %9lu "
			   "%8lu %7lu %4lu %4lu %4lu %5lu %7lu %10lu\n",
			   dev->name, s->rx_bytes, s->rx_packets, s->rx_errors,
			   s->rx_dropped + s->rx_missed_errors + s->rx_nohandler,
			   s->rx_fifo_errors,
			   s->rx_length_errors + s->rx_over_errors + s->rx_crc_errors +
			   s->rx_frame_errors,
			   s->rx_compressed, s->multicast,
			   s->tx_bytes, s->tx_packets, s->tx_errors, s->tx_dropped,
			   s->tx_fifo_errors, s->collisions,
			   s->tx_carrier_errors + s->tx_aborted_errors +
			   s->tx_window_errors + s->tx_heartbeat_errors,
			   s->tx_compressed);
	}
	spin_unlock_bh(&dev_base_lock);
	return 0;
}

void dev_proc_init(void)
{
	proc_create_single("net/dev", dev_seq_show, NULL);
}
