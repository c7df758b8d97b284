/*
 * e1000: the Intel 8254x driver (QEMU's default NIC): rings, the receive
 * half of the data path, the interrupt and the NAPI poll, open/close and
 * probe. The transmit half is e1000_tx.c.
 *
 * Call order:
 *   pci_init -> e1000_probe: enable the device, map BAR0, reset, MAC,
 *     register eth0.
 *   dev_open -> e1000_open: rings (256 RX descriptors with 2048-byte skbs
 *     preallocated, 256 TX), RX/TX units on, request_irq, napi_enable, unmask.
 *   RX: frame DMA'd into a ring buffer, descriptor DD set, ICR.RXT0 ->
 *     e1000_intr (read ICR = ack; mask with IMC; napi_schedule) ->
 *     NET_RX_SOFTIRQ -> net_rx_action -> e1000_poll(napi, budget):
 *       e1000_clean_tx_irq (reclaim sent skbs, wake the queue)
 *       e1000_clean_rx_irq (<= budget descriptors -> eth_type_trans ->
 *         napi_gro_receive (net/core/gro.c: TCP segments of one flow
 *         merged, sent up at the end of the poll; the rest netif_receive_skb
 *         at once); e1000_alloc_rx_buffers every 64 and at the end,
 *         one RDT write per batch)
 *       under budget: napi_complete_done, e1000_set_itr (dynamic moderation,
 *         e1000_hw.c), then unmask (IMS).
 *   TX: e1000_tx.c (e1000_xmit_frame, the doorbell, reclaim).
 *
 * The NAPI contract, kept here: the interrupt handler only acks, masks and
 * schedules; the poll never cleans more than `budget` RX descriptors and
 * returns exactly `budget` when there may be more (the core polls again
 * and the device stays masked); only a poll that finishes under budget
 * calls napi_complete_done and, if that returns true, unmasks. RX refills
 * go in batches and one TX descriptor is always left empty
 * (e1000_desc_unused) so head == tail always means "ring empty".
 *
 * Lock legend: see e1000_hw.h ([T] dev->tx_lock, [N] NAPI owner, [S]
 * stats_lock, [I] written in hard IRQ). The TX ring has one producer
 * (xmit, [T]) and one consumer (poll, [N]); queue stop/wake decisions are
 * made under tx_lock so a wake cannot be lost between them.
 * Neighbours: e1000_tx.c (transmit), e1000_hw.c (registers), e1000_stats.c (/proc), drivers/pci.c,
 * net/core/dev.c (dev_queue_xmit, qdisc), net/core/napi.c (net_rx_action).
 */
#include "e1000_hw.h"
#include <linux/etherdevice.h>
#include <net/busy_poll.h>
#include <linux/interrupt.h>
#include <linux/timer.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/tcp.h>
#include <net/checksum.h>

#define E1000_WATCHDOG_MS	2000

_Static_assert(E1000_RX_RING_SIZE * sizeof(struct e1000_rx_desc) <= PAGE_SIZE, "RX ring is one page");
_Static_assert(E1000_TX_RING_SIZE * sizeof(struct e1000_tx_desc) <= PAGE_SIZE, "TX ring is one page");
_Static_assert(sizeof(struct e1000_context_desc) == sizeof(struct e1000_tx_desc), "16-byte descriptors");

struct e1000_adapter *e1000_adapters;
static struct timer_list e1000_watchdog_timer;	/* one timer walks every adapter */

/* ---- rings ---- */

int e1000_setup_rings(struct e1000_adapter *a)
{
	struct e1000_rx_ring *rx = &a->rx_ring;
	struct e1000_tx_ring *tx = &a->tx_ring;

	memset(rx, 0, sizeof(*rx));
	memset(tx, 0, sizeof(*tx));
	rx->count = E1000_RX_RING_SIZE;
	tx->count = E1000_TX_RING_SIZE;
	/* Half a ring of spare buffers covers what the stack holds at once under a flood. */
	skb_pool_init(&a->rx_pool, a->netdev, E1000_RX_ALLOC_LEN, E1000_RX_RING_SIZE / 2);
	rx->desc = (void *)get_zeroed_page(GFP_KERNEL);
	tx->desc = (void *)get_zeroed_page(GFP_KERNEL);
	rx->buffer_info = kcalloc(rx->count, sizeof(*rx->buffer_info), GFP_KERNEL);
	tx->buffer_info = kcalloc(tx->count, sizeof(*tx->buffer_info), GFP_KERNEL);
	if (!rx->desc || !tx->desc || !rx->buffer_info || !tx->buffer_info) {
		e1000_free_rings(a);
		return -ENOMEM;
	}
	rx->dma = virt_to_phys(rx->desc);
	tx->dma = virt_to_phys(tx->desc);
	return 0;
}

void e1000_free_rings(struct e1000_adapter *a)
{
	struct e1000_rx_ring *rx = &a->rx_ring;
	struct e1000_tx_ring *tx = &a->tx_ring;

	skb_pool_drain(&a->rx_pool);	/* first: the ring's buffers below are really freed */
	for (unsigned int i = 0; rx->buffer_info && i < rx->count; i++)
		if (rx->buffer_info[i].skb)
			dev_kfree_skb_any(rx->buffer_info[i].skb);
	for (unsigned int i = 0; tx->buffer_info && i < tx->count; i++)
		if (tx->buffer_info[i].skb)
			dev_kfree_skb_any(tx->buffer_info[i].skb);
	if (rx->desc)
		free_page((unsigned long)rx->desc);
	if (tx->desc)
		free_page((unsigned long)tx->desc);
	kfree(rx->buffer_info);
	kfree(tx->buffer_info);
	memset(rx, 0, sizeof(*rx));
	memset(tx, 0, sizeof(*tx));
}

static void e1000_configure_tx(struct e1000_adapter *a)
{
	struct e1000_tx_ring *tx = &a->tx_ring;

	ew32(a, E1000_TDBAL, tx->dma);
	ew32(a, E1000_TDBAH, 0);
	ew32(a, E1000_TDLEN, tx->count * sizeof(struct e1000_tx_desc));
	ew32(a, E1000_TDH, 0);
	ew32(a, E1000_TDT, 0);
	ew32(a, E1000_TIDV, 0);
	ew32(a, E1000_TIPG, E1000_TIPG_IPGT | E1000_TIPG_IPGR1 << E1000_TIPG_IPGR1_SHIFT |
			    E1000_TIPG_IPGR2 << E1000_TIPG_IPGR2_SHIFT);
	ew32(a, E1000_TCTL, E1000_TCTL_EN | E1000_TCTL_PSP |
			    E1000_COLLISION_THRESHOLD << E1000_TCTL_CT_SHIFT |
			    E1000_COLLISION_DISTANCE_FD << E1000_TCTL_COLD_SHIFT);
}

static void e1000_configure_rx(struct e1000_adapter *a)
{
	struct e1000_rx_ring *rx = &a->rx_ring;

	ew32(a, E1000_RCTL, 0);		/* off while the ring is described */
	ew32(a, E1000_RDBAL, rx->dma);
	ew32(a, E1000_RDBAH, 0);
	ew32(a, E1000_RDLEN, rx->count * sizeof(struct e1000_rx_desc));
	ew32(a, E1000_RDH, 0);
	ew32(a, E1000_RDT, 0);		/* no buffers yet: the NIC holds frames */
	ew32(a, E1000_RDTR, 0);		/* moderation is ITR's job, not the RX delay timer */
	ew32(a, E1000_RADV, 0);
	ew32(a, E1000_RXCSUM, a->rx_csum ? E1000_RXCSUM_IPOFL | E1000_RXCSUM_TUOFL : 0);
	ew32(a, E1000_RCTL, E1000_RCTL_EN | E1000_RCTL_BAM | E1000_RCTL_SZ_2048 |
			    E1000_RCTL_SECRC | E1000_RCTL_LBM_NO | E1000_RCTL_RDMTS_HALF);
}

/*
 * Give the NIC buffers for up to cleaned_count slots starting at
 * next_to_use. A slot keeps its skb when the frame in it was copied out
 * (copybreak), so only slots whose skb went up the stack allocate. One
 * RDT write for the whole batch. Stops at the first allocation failure:
 * [ntc, ntu) always holds buffers, the rest is retried by the next poll.
 */
int e1000_alloc_rx_buffers(struct e1000_adapter *a, int cleaned_count)
{
	struct e1000_rx_ring *rx = &a->rx_ring;
	unsigned int i = rx->next_to_use;
	int n = 0;

	while (cleaned_count-- > 0) {
		struct e1000_rx_buffer *bi = &rx->buffer_info[i];
		struct e1000_rx_desc *desc = &rx->desc[i];

		if (!bi->skb) {
			unsigned long allocs = a->rx_pool.allocs;
			struct sk_buff *skb = skb_pool_alloc(&a->rx_pool);
			if (!skb) {
				a->sw.rx_alloc_failed++;
				break;
			}
			bi->skb = skb;
			bi->dma = virt_to_phys(skb->data);
			if (a->rx_pool.allocs != allocs)
				a->sw.rx_alloc++;
			else
				a->sw.rx_pool_reuse++;
		}
		desc->buffer_addr = bi->dma;
		desc->length = 0;
		desc->status = 0;
		desc->errors = 0;
		if (++i == rx->count)
			i = 0;
		n++;
	}
	if (i != rx->next_to_use) {
		rx->next_to_use = i;
		/* Descriptors must be in memory before the NIC may read them. */
		wmb();
		ew32(a, E1000_RDT, i);
		a->sw.rx_tail_writes++;
	}
	return n;
}

/* What the NIC's checksum bits let us tell the stack. Only an L4 checksum
 * the NIC verified counts: ICMP is never covered, so the stack checks it. */
static void e1000_rx_checksum(struct e1000_adapter *a, u8 status, u8 errors, struct sk_buff *skb)
{
	skb->ip_summed = CHECKSUM_NONE;
	if (!a->rx_csum || (status & E1000_RXD_STAT_IXSM)) {
		a->sw.rx_csum_ignored++;
	} else if (errors & (E1000_RXD_ERR_TCPE | E1000_RXD_ERR_IPE)) {
		a->sw.rx_csum_error++;	/* the stack re-checks, drops and counts it */
	} else if (status & E1000_RXD_STAT_TCPCS) {
		skb->ip_summed = CHECKSUM_UNNECESSARY;
		a->sw.rx_csum_good++;
	} else {
		a->sw.rx_csum_ignored++;
	}
}

/*
 * One completed descriptor -> an skb for the stack, or NULL when the frame
 * is dropped (each reason counted). A dropped or copied frame leaves its
 * buffer in the slot for reuse.
 */
static struct sk_buff *e1000_receive_one(struct e1000_adapter *a, struct e1000_rx_buffer *bi,
					 u8 status, u8 errors, unsigned int length)
{
	struct e1000_rx_ring *rx = &a->rx_ring;
	struct sk_buff *skb;

	if (rx->discarding || !(status & E1000_RXD_STAT_EOP)) {
		/* Larger than one buffer (we never enable long packets, so this
		 * is a misbehaving peer or NIC): drop every piece up to EOP. */
		if (!rx->discarding)
			a->sw.rx_long_frames++;
		rx->discarding = !(status & E1000_RXD_STAT_EOP);
		return NULL;
	}
	if (errors & E1000_RXD_ERR_FRAME_ERR_MASK) {
		a->sw.rx_frame_errors++;
		return NULL;
	}
	if (length < ETH_HLEN) {
		a->sw.rx_short_frames++;
		return NULL;
	}
	if (length > E1000_RX_ALLOC_LEN) {
		a->sw.rx_long_frames++;
		return NULL;
	}
	if (length < a->rx_copybreak) {
		skb = netdev_alloc_skb(a->netdev, length);
		if (skb) {
			skb_put_data(skb, bi->skb->data, length);
			a->sw.rx_copybreak++;
			a->sw.rx_recycled++;
			goto out;
		}
		/* No memory for the copy: hand the ring buffer up instead. */
	}
	skb = bi->skb;
	bi->skb = NULL;
	skb_put(skb, length);
out:
	e1000_rx_checksum(a, status, errors, skb);
	return skb;
}

/* Clean at most `budget - *work_done` RX descriptors; true if the ring ran dry. */
bool e1000_clean_rx_irq(struct e1000_adapter *a, int *work_done, int budget)
{
	struct e1000_rx_ring *rx = &a->rx_ring;
	struct net_device *dev = a->netdev;
	unsigned int i = rx->next_to_clean;
	int cleaned_count = 0;
	bool dry = false;

	while (*work_done < budget) {
		struct e1000_rx_desc *desc = &rx->desc[i];
		struct e1000_rx_buffer *bi = &rx->buffer_info[i];
		struct sk_buff *skb;
		u8 status = READ_ONCE(desc->status), errors;
		unsigned int length;

		if (!(status & E1000_RXD_STAT_DD)) {
			dry = true;
			break;
		}
		/* Read length/errors only after seeing DD: the NIC writes them first. */
		rmb();
		length = desc->length;
		errors = desc->errors;
		(*work_done)++;
		a->total_rx_packets++;
		a->total_rx_bytes += length;
		desc->status = 0;
		if (++i == rx->count)
			i = 0;
		rx->next_to_clean = i;
		cleaned_count++;

		skb = e1000_receive_one(a, bi, status, errors, length);
		if (skb) {
			dev->stats.rx_packets++;
			dev->stats.rx_bytes += skb->len;
			skb->protocol = eth_type_trans(skb, dev);
			skb_mark_napi_id(skb, &a->napi);	/* for busy polling (net/busy_poll.h) */
			napi_gro_receive(&a->napi, skb);
		}
		if (cleaned_count >= E1000_RX_BUFFER_WRITE) {
			e1000_alloc_rx_buffers(a, cleaned_count);
			cleaned_count = 0;
		}
	}
	/* Everything free, not just what this call cleaned: retries earlier
	 * allocation failures. */
	cleaned_count = e1000_desc_unused(rx->count, rx->next_to_use, rx->next_to_clean);
	if (cleaned_count)
		e1000_alloc_rx_buffers(a, cleaned_count);
	return dry;
}

/*
 * /proc/sys/net/e1000/{tso,gro} (Linux's ethtool -K eth0 tso/gro).
 * TCP looks at NETIF_F_TSO before building a TSO skb; one built just
 * before a switch-off still reaches us and is still cut (the hardware
 * can), or ip_output discards it, counted, and TCP retransmits from its
 * per-MSS queue. NETIF_F_GRO is read by napi_gro_receive per frame, and
 * only changes between polls (we apply it from the poll or the watchdog,
 * and a poll ends with nothing held).
 */
static void e1000_apply_features(struct e1000_adapter *a)
{
	struct net_device *dev = a->netdev;
	u32 want = dev->features & ~(NETIF_F_TSO | NETIF_F_GRO);

	if (READ_ONCE(e1000_tso_sysctl))
		want |= NETIF_F_TSO;
	if (READ_ONCE(e1000_gro_sysctl))
		want |= NETIF_F_GRO;
	if (unlikely(want != dev->features))
		WRITE_ONCE(dev->features, want);
}

/* ---- interrupt and NAPI ---- */

static void e1000_check_link(struct e1000_adapter *a)
{
	struct net_device *dev = a->netdev;
	bool up = e1000_link_up(a);

	if (up && !netif_carrier_ok(dev)) {
		pr_info("e1000: %s: link up, %u Mbps\n", dev->name, e1000_link_speed(a));
		netif_carrier_on(dev);
	} else if (!up && netif_carrier_ok(dev)) {
		pr_info("e1000: %s: link down\n", dev->name);
		netif_carrier_off(dev);
	}
}

/* Hard IRQ: ack (reading ICR clears it), mask, hand the work to NAPI. */
static irqreturn_t e1000_intr(int irq, void *data)
{
	struct e1000_adapter *a = data;
	u32 icr = er32(a, E1000_ICR);

	if (!icr) {
		a->sw.intr_none++;	/* another device on a shared line */
		return IRQ_NONE;
	}
	a->sw.intr++;
	a->irq_icr = icr;
	if (icr & E1000_ICR_LSC) {
		a->sw.lsc++;
		WRITE_ONCE(a->link_check, true);	/* carrier changes run in the poll */
	}
	e1000_irq_disable(a);
	if (napi_schedule(&a->napi)) {
		/* A new interrupt's traffic, for dynamic moderation. */
		a->total_rx_packets = a->total_rx_bytes = 0;
		a->total_tx_packets = a->total_tx_bytes = 0;
	}
	return IRQ_HANDLED;
}

int e1000_poll(struct napi_struct *napi, int budget)
{
	struct e1000_adapter *a = container_of(napi, struct e1000_adapter, napi);
	bool tx_done;
	int work_done = 0;

	a->sw.polls++;
	/* /proc/sys/net/e1000/itr is a plain integer: apply a new value here,
	 * at the next interrupt, rather than polling for it. */
	if (unlikely(READ_ONCE(e1000_itr_sysctl) != a->itr_setting) && a->pdev)
		e1000_set_coalesce(a, READ_ONCE(e1000_itr_sysctl));
	e1000_apply_features(a);
	tx_done = e1000_clean_tx_irq(a);
	e1000_clean_rx_irq(a, &work_done, budget);
	if (READ_ONCE(a->link_check)) {
		WRITE_ONCE(a->link_check, false);
		e1000_check_link(a);
	}
	if (!tx_done || work_done >= budget) {
		/* More to do: stay masked, the core calls us again. */
		a->sw.poll_budget_exhausted++;
		return budget;
	}
	if (napi_complete_done(napi, work_done) && a->pdev) {
		if (e1000_itr_dynamic(a->itr_setting))
			e1000_set_itr(a);
		e1000_irq_enable(a);
	}
	return work_done;
}

/* ---- open / stop ---- */

static void e1000_watchdog(struct timer_list *t)
{
	for (struct e1000_adapter *a = e1000_adapters; a; a = a->next) {
		if (!netif_running(a->netdev))
			continue;
		e1000_check_link(a);
		e1000_update_stats(a);
		/* A doorbell deferred for a packet that never came (netdev_xmit_more). */
		spin_lock(&a->netdev->tx_lock);		/* timer: softirq, like e1000_poll */
		e1000_tx_kick(a);
		spin_unlock(&a->netdev->tx_lock);
		if (READ_ONCE(e1000_itr_sysctl) != a->itr_setting)
			e1000_set_coalesce(a, READ_ONCE(e1000_itr_sysctl));
		e1000_apply_features(a);
		/* Buffers missing after allocation failures: let the poll refill. */
		if (e1000_desc_unused(a->rx_ring.count, a->rx_ring.next_to_use,
				      a->rx_ring.next_to_clean) > a->rx_ring.count / 2)
			napi_schedule(&a->napi);
	}
	mod_timer(&e1000_watchdog_timer, jiffies + msecs_to_jiffies(E1000_WATCHDOG_MS));
}

static int e1000_open(struct net_device *dev)
{
	struct e1000_adapter *a = netdev_priv(dev);
	int err;

	err = e1000_setup_rings(a);
	if (err)
		return err;
	e1000_configure_tx(a);
	e1000_configure_rx(a);
	if (!e1000_alloc_rx_buffers(a, e1000_desc_unused(a->rx_ring.count, 0, 0))) {
		err = -ENOMEM;
		goto out_free_rings;
	}
	e1000_setup_link(a);
	e1000_set_coalesce(a, a->itr_setting);
	err = request_irq(a->pdev->irq, e1000_intr, IRQF_SHARED, dev->name, a);
	if (err)
		goto out_free_rings;
	napi_enable(&a->napi);
	netif_start_queue(dev);
	a->tx_irq_wanted = false;	/* the rings are new: nothing outstanding */
	e1000_irq_enable(a);
	e1000_check_link(a);
	if (!timer_pending(&e1000_watchdog_timer))
		mod_timer(&e1000_watchdog_timer, jiffies + msecs_to_jiffies(E1000_WATCHDOG_MS));
	return 0;

out_free_rings:
	ew32(a, E1000_RCTL, 0);
	ew32(a, E1000_TCTL, 0);
	e1000_free_rings(a);
	return err;
}

static int e1000_close(struct net_device *dev)
{
	struct e1000_adapter *a = netdev_priv(dev);

	netif_stop_queue(dev);
	e1000_irq_disable(a);
	napi_disable(&a->napi);
	free_irq(a->pdev->irq, a);
	/* Reset stops both DMA engines before the rings are freed. */
	e1000_reset_hw(a);
	e1000_set_rar(a, dev->dev_addr);
	e1000_update_stats(a);
	e1000_free_rings(a);
	netif_carrier_off(dev);
	return 0;
}

static const struct net_device_ops e1000_netdev_ops = {
	.ndo_open	= e1000_open,
	.ndo_stop	= e1000_close,
	.ndo_start_xmit	= e1000_xmit_frame,
};

/* ---- probe ---- */

static int e1000_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct net_device *dev;
	struct e1000_adapter *a;
	u8 *mac;
	int err;

	if (!(pci_resource_flags(pdev, 0) & IORESOURCE_MEM) || !pdev->irq)
		return -ENODEV;
	pci_enable_device(pdev);
	pci_set_master(pdev);

	dev = alloc_etherdev(sizeof(*a));
	if (!dev)
		return -ENOMEM;
	a = netdev_priv(dev);
	a->netdev = dev;
	a->pdev = pdev;
	a->device_id = pdev->device;
	a->rx_copybreak = E1000_RX_COPYBREAK;
	a->rx_csum = true;
	a->itr_setting = e1000_itr_sysctl;
	spin_lock_init(&a->stats_lock);
	a->hw_addr = ioremap(pci_resource_start(pdev, 0), pci_resource_len(pdev, 0));
	err = -ENOMEM;
	if (!a->hw_addr)
		goto out_free;
	err = e1000_reset_hw(a);
	if (err)
		goto out_free;

	mac = dev->dev_addr;
	e1000_read_mac_addr(a, mac);
	err = -EIO;
	if (!is_valid_ether_addr(mac)) {
		pr_err("e1000: invalid MAC %02x:%02x:%02x:%02x:%02x:%02x\n",
		       mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
		goto out_free;
	}
	e1000_set_rar(a, mac);
	/* Clear the statistics registers' power-on garbage. */
	e1000_update_stats(a);
	memset(&a->hw, 0, sizeof(a->hw));

	dev->netdev_ops = &e1000_netdev_ops;
	dev->features |= NETIF_F_IP_CSUM;	/* context descriptors: e1000_tx_csum */
	if (e1000_tso_sysctl)
		dev->features |= NETIF_F_TSO;	/* and e1000_tso */
	if (e1000_gro_sysctl)
		dev->features |= NETIF_F_GRO;	/* e1000_clean_rx_irq -> napi_gro_receive */
	netif_napi_add(dev, &a->napi, e1000_poll);
	dev->state |= 1UL << __LINK_STATE_NOCARRIER;	/* until the PHY says otherwise */
	err = register_netdev(dev);
	if (err)
		goto out_free;
	pci_set_drvdata(pdev, dev);
	if (!e1000_adapters)
		timer_setup(&e1000_watchdog_timer, e1000_watchdog, 0);
	a->next = e1000_adapters;
	e1000_adapters = a;
	e1000_stats_init();
	pr_info("e1000: %s: %04x:%04x at %08x irq %u, MAC %02x:%02x:%02x:%02x:%02x:%02x\n",
		dev->name, pdev->vendor, pdev->device, pci_resource_start(pdev, 0), pdev->irq,
		mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	return 0;

out_free:
	free_netdev(dev);
	return err;
}

static const struct pci_device_id e1000_pci_tbl[] = {
	{ PCI_VENDOR_ID_INTEL, E1000_DEV_ID_82540EM, 0 },
	{ PCI_VENDOR_ID_INTEL, E1000_DEV_ID_82545EM_COPPER, 0 },
	{ 0, 0, 0 }
};

struct pci_driver e1000_driver = {
	.name		= "e1000",
	.id_table	= e1000_pci_tbl,
	.probe		= e1000_probe,
};
