/*
 * e1000 self-tests (boot with `ktest`): the ring bookkeeping and the NAPI
 * budget, without a NIC. The adapter's "BAR" is ordinary memory, so a
 * register write is just remembered (we read RDT/TDT back to see what the
 * driver told the hardware), and the test plays the NIC by setting DD on
 * descriptors itself. Every call goes through the real driver functions.
 *
 * e1000_tx_tso_descriptors checks the TSO context descriptor's layout
 * against the manual and the xmit_more doorbell deferral.
 * Call order of each test: e1000_ktest_adapter (fake dev, rings, buffers)
 * -> play the NIC -> e1000_clean_rx_irq / e1000_poll / e1000_xmit_frame /
 * e1000_clean_tx_irq -> check invariants -> e1000_ktest_free.
 * Frames carry an unassigned ethertype, so the stack drops them as
 * rx_nohandler without touching any protocol state.
 * Neighbours: e1000_main.c (what is tested), kernel/ktest.c (the runner).
 */
#include "e1000_hw.h"
#include <linux/etherdevice.h>
#include <linux/ktest.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/tcp.h>
#include <net/checksum.h>
#include <asm/irqflags.h>

#define KT_ETHERTYPE	0x88b5	/* IEEE "local experimental": no handler */

static struct e1000_adapter *e1000_ktest_adapter(struct ktest_ctx *kt)
{
	struct net_device *dev = alloc_etherdev(sizeof(struct e1000_adapter));
	struct e1000_adapter *a;

	if (!dev)
		return NULL;
	a = netdev_priv(dev);
	a->netdev = dev;
	a->rx_copybreak = E1000_RX_COPYBREAK;
	spin_lock_init(&a->stats_lock);
	a->hw_addr = vmalloc(E1000_REG_SPACE);
	if (!a->hw_addr || e1000_setup_rings(a)) {
		if (a->hw_addr)
			vfree(a->hw_addr);
		free_netdev(dev);
		return NULL;
	}
	memset(a->hw_addr, 0, E1000_REG_SPACE);
	dev->addr_len = ETH_ALEN;
	dev->dev_addr[0] = 0x02;
	dev->state |= 1UL << __LINK_STATE_START;
	netif_napi_add(dev, &a->napi, e1000_poll);
	napi_enable(&a->napi);
	return a;
}

static void e1000_ktest_free(struct e1000_adapter *a)
{
	struct net_device *dev = a->netdev;

	napi_disable(&a->napi);
	netif_napi_del(&a->napi);
	e1000_free_rings(a);
	vfree(a->hw_addr);
	free_netdev(dev);
}

/* Play the NIC: fill up to n slots from RDH on as received frames, stopping
 * at RDT like the hardware. Returns how many it filled. */
static int nic_receive(struct e1000_adapter *a, unsigned int *rdh, int n, unsigned int len)
{
	struct e1000_rx_ring *rx = &a->rx_ring;
	int k;

	for (k = 0; k < n && *rdh != er32(a, E1000_RDT); k++, *rdh = (*rdh + 1) % rx->count) {
		struct e1000_rx_desc *d = &rx->desc[*rdh];
		u8 *buf = phys_to_virt(d->buffer_addr);

		memset(buf, 0xff, ETH_ALEN);
		memset(buf + ETH_ALEN, 0x02, ETH_ALEN);
		buf[12] = KT_ETHERTYPE >> 8;
		buf[13] = KT_ETHERTYPE & 0xff;
		d->length = len;
		d->errors = 0;
		d->status = E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP | E1000_RXD_STAT_IXSM;
	}
	return k;
}

/* Slots holding a buffer. rx_alloc grows by exactly the buffers handed up
 * plus the growth of this number (the one always-empty slot moves around). */
static int rx_ring_skbs(struct e1000_adapter *a)
{
	int n = 0;

	for (unsigned int i = 0; i < a->rx_ring.count; i++)
		n += a->rx_ring.buffer_info[i].skb != NULL;
	return n;
}

/* [ntc, ntu) all hold a buffer whose address is in the descriptor. */
static bool rx_ring_consistent(struct e1000_adapter *a)
{
	struct e1000_rx_ring *rx = &a->rx_ring;

	for (unsigned int i = rx->next_to_clean; i != rx->next_to_use; i = (i + 1) % rx->count)
		if (!rx->buffer_info[i].skb || rx->desc[i].buffer_addr != rx->buffer_info[i].dma)
			return false;
	return true;
}

/* Buffers put into the ring: from the allocator or back from the pool. */
static unsigned long rx_refills(const struct e1000_adapter *a)
{
	return a->sw.rx_alloc + a->sw.rx_pool_reuse;
}

KTEST(e1000_rx_ring_accounting)
{
	struct e1000_adapter *a = e1000_ktest_adapter(kt);
	struct e1000_rx_ring *rx;
	unsigned int rdh = 0;
	unsigned long allocs;
	int work = 0, skbs;

	KT_ASSERT(a != NULL);
	rx = &a->rx_ring;
	/* Fill: every slot but one gets a buffer, one RDT write. */
	KT_EXPECT_EQ(e1000_alloc_rx_buffers(a, e1000_desc_unused(rx->count, 0, 0)), rx->count - 1);
	KT_EXPECT_EQ(e1000_desc_unused(rx->count, rx->next_to_use, rx->next_to_clean), 0);
	KT_EXPECT_EQ(er32(a, E1000_RDT), rx->count - 1);
	KT_EXPECT_EQ(a->sw.rx_tail_writes, 1);
	KT_EXPECT(rx_ring_consistent(a));

	/* A burst of 100 small frames: copied out, the ring buffers stay. */
	allocs = a->sw.rx_alloc;
	skbs = rx_ring_skbs(a);
	KT_EXPECT_EQ(nic_receive(a, &rdh, 100, 60), 100);
	e1000_clean_rx_irq(a, &work, 300);
	KT_EXPECT_EQ(work, 100);
	KT_EXPECT_EQ(a->sw.rx_alloc - allocs, 0 + rx_ring_skbs(a) - skbs);
	KT_EXPECT(a->sw.rx_alloc - allocs <= 1);
	KT_EXPECT_EQ(a->sw.rx_copybreak, 100);
	KT_EXPECT_EQ(e1000_desc_unused(rx->count, rx->next_to_use, rx->next_to_clean), 0);
	KT_EXPECT_EQ(er32(a, E1000_RDT), rx->next_to_use);
	/* Refilled in batches: 100 / E1000_RX_BUFFER_WRITE in the loop + the rest at the end. */
	KT_EXPECT_EQ(a->sw.rx_tail_writes, 1 + 100 / E1000_RX_BUFFER_WRITE + 1);
	KT_EXPECT(rx_ring_consistent(a));

	/*
	 * 300 large frames (wrapping the ring): each buffer goes up the stack and
	 * its slot is refilled; the stack drops these test frames at once, so
	 * the buffers come back through rx_pool and refills stop allocating.
	 */
	unsigned long refills = rx_refills(a);
	allocs = a->sw.rx_alloc;
	skbs = rx_ring_skbs(a);
	for (int round = 0; round < 3; round++) {
		work = 0;
		nic_receive(a, &rdh, 100, 1000);
		e1000_clean_rx_irq(a, &work, 300);
		KT_EXPECT_EQ(work, 100);
		KT_EXPECT(rx_ring_consistent(a));
		KT_EXPECT_EQ(e1000_desc_unused(rx->count, rx->next_to_use, rx->next_to_clean), 0);
	}
	KT_EXPECT_EQ(rx_refills(a) - refills, 300 + rx_ring_skbs(a) - skbs);
	KT_EXPECT(a->sw.rx_alloc - allocs <= E1000_RX_BUFFER_WRITE);	/* only until the pool fills */
	KT_EXPECT(a->sw.rx_pool_reuse >= 300 - E1000_RX_BUFFER_WRITE);
	KT_EXPECT_EQ(rx->next_to_clean, rdh);
	KT_EXPECT_EQ(a->netdev->stats.rx_packets, 400);

	/* A runt and an errored descriptor are dropped and counted, buffers kept. */
	refills = rx_refills(a);
	skbs = rx_ring_skbs(a);
	nic_receive(a, &rdh, 2, 60);
	rx->desc[(rdh + rx->count - 2) % rx->count].length = 10;
	rx->desc[(rdh + rx->count - 1) % rx->count].errors = E1000_RXD_ERR_CE;
	work = 0;
	e1000_clean_rx_irq(a, &work, 300);
	KT_EXPECT_EQ(a->sw.rx_short_frames, 1);
	KT_EXPECT_EQ(a->sw.rx_frame_errors, 1);
	KT_EXPECT_EQ(rx_refills(a) - refills, 0 + rx_ring_skbs(a) - skbs);
	KT_EXPECT_EQ(a->netdev->stats.rx_packets, 400);
	e1000_ktest_free(a);
}

static void kt_napi_own(struct e1000_adapter *a)
{
	unsigned long flags;

	local_irq_save(flags);
	a->napi.state |= 1UL << NAPI_STATE_SCHED;
	local_irq_restore(flags);
}

KTEST(e1000_napi_budget)
{
	struct e1000_adapter *a = e1000_ktest_adapter(kt);
	struct e1000_rx_ring *rx;
	unsigned int rdh = 0;
	int ret;

	KT_ASSERT(a != NULL);
	rx = &a->rx_ring;
	e1000_alloc_rx_buffers(a, e1000_desc_unused(rx->count, 0, 0));
	nic_receive(a, &rdh, 20, 60);
	/* Own the napi as net_rx_action would, without putting it on the
	 * softnet poll list (the real softirq would poll it with weight 64
	 * behind our back). */
	kt_napi_own(a);

	/* 20 waiting, budget 8: exactly 8 twice (stay scheduled), then 4 and complete. */
	ret = e1000_poll(&a->napi, 8);
	KT_EXPECT_EQ(ret, 8);
	KT_EXPECT_EQ(rx->next_to_clean, 8);
	KT_EXPECT(a->napi.state & (1UL << NAPI_STATE_SCHED));
	ret = e1000_poll(&a->napi, 8);
	KT_EXPECT_EQ(ret, 8);
	ret = e1000_poll(&a->napi, 8);
	KT_EXPECT_EQ(ret, 4);
	KT_EXPECT(!(a->napi.state & (1UL << NAPI_STATE_SCHED)));
	KT_EXPECT_EQ(a->sw.poll_budget_exhausted, 2);

	/* A whole ring waiting and a budget of 1: never more than 1 per poll. */
	KT_EXPECT_EQ(nic_receive(a, &rdh, rx->count, 60), rx->count - 1);
	kt_napi_own(a);
	for (int i = 0; i < 300; i++) {
		unsigned int before = rx->next_to_clean;
		ret = e1000_poll(&a->napi, 1);
		KT_EXPECT(ret <= 1);
		KT_EXPECT((rx->next_to_clean + rx->count - before) % rx->count <= 1);
		if (ret < 1)
			break;
	}
	KT_EXPECT_EQ(rx->next_to_clean, rdh);
	e1000_ktest_free(a);
}

/* One interrupt's worth of traffic, then the end-of-poll update. */
static void kt_itr_after(struct e1000_adapter *a, unsigned int rx_packets, unsigned int rx_bytes)
{
	a->total_rx_packets = rx_packets;
	a->total_rx_bytes = rx_bytes;
	a->total_tx_packets = a->total_tx_bytes = 0;
	e1000_set_itr(a);
}

/*
 * Dynamic moderation, Linux's rules: a bulk burst drops the rate to 4000
 * interrupts/s at once; small traffic climbs back by a quarter of 20000
 * per interrupt; conservative mode never goes to 70000, mode 1 does.
 */
KTEST(e1000_dynamic_itr)
{
	struct e1000_adapter *a = e1000_ktest_adapter(kt);
	static const int valid[] = { 0, 1, 3, 10, 128, 10000 }, invalid[] = { -1, 2, 4, 9, 10001 };

	KT_ASSERT(a != NULL);
	for (unsigned int i = 0; i < ARRAY_SIZE(valid); i++)
		KT_EXPECT(e1000_itr_setting_valid(valid[i]));
	for (unsigned int i = 0; i < ARRAY_SIZE(invalid); i++)
		KT_EXPECT(!e1000_itr_setting_valid(invalid[i]));
	KT_EXPECT_EQ(e1000_set_coalesce(a, 2), -EINVAL);

	KT_EXPECT_EQ(e1000_set_coalesce(a, E1000_ITR_CONSERVATIVE), 0);
	KT_EXPECT_EQ(a->itr, 20000);
	kt_itr_after(a, 44, 44 * 1514);			/* a 64 KiB window of full frames */
	KT_EXPECT_EQ(a->itr, 4000);
	KT_EXPECT_EQ(er32(a, E1000_ITR), 1000000000u / (4000 * E1000_ITR_UNIT_NS));
	kt_itr_after(a, 1, 60);				/* a round trip again */
	KT_EXPECT_EQ(a->itr, 9000);
	kt_itr_after(a, 1, 60);
	kt_itr_after(a, 1, 60);
	KT_EXPECT_EQ(a->itr, 19000);
	kt_itr_after(a, 1, 60);
	KT_EXPECT_EQ(a->itr, 20000);
	kt_itr_after(a, 2, 120);			/* lowest latency, refused by conservative */
	KT_EXPECT_EQ(a->itr, 20000);
	kt_itr_after(a, 0, 0);				/* an interrupt with nothing moved: no change */
	KT_EXPECT_EQ(a->itr, 20000);

	/* Mode 1: lowest latency once both directions are small (the slower
	 * class wins: no TX at all leaves TX's class where it was). */
	KT_EXPECT_EQ(e1000_set_coalesce(a, E1000_ITR_DYNAMIC), 0);
	kt_itr_after(a, 2, 120);
	KT_EXPECT_EQ(a->itr, 20000);
	a->total_rx_packets = a->total_tx_packets = 2;
	a->total_rx_bytes = a->total_tx_bytes = 120;
	e1000_set_itr(a);
	KT_EXPECT_EQ(a->itr, 20000 + 70000 / 4);

	KT_EXPECT_EQ(e1000_set_coalesce(a, 250), 0);	/* fixed: 250 us */
	KT_EXPECT_EQ(a->itr, 4000);
	KT_EXPECT_EQ(e1000_set_coalesce(a, 0), 0);
	KT_EXPECT_EQ(er32(a, E1000_ITR), 0);
	e1000_ktest_free(a);
}

static struct sk_buff *kt_tx_skb(struct net_device *dev, unsigned int len)
{
	struct sk_buff *skb = alloc_skb(len + MAX_HEADER, GFP_KERNEL);

	if (!skb)
		return NULL;
	skb_reserve(skb, MAX_HEADER);
	skb_put_zero(skb, len);
	skb->dev = dev;
	return skb;
}

KTEST(e1000_tx_ring_accounting)
{
	struct e1000_adapter *a = e1000_ktest_adapter(kt);
	struct net_device *dev;
	struct e1000_tx_ring *tx;
	unsigned int sent = 0;
	long live;

	KT_ASSERT(a != NULL);
	dev = a->netdev;
	tx = &a->tx_ring;
	live = skb_live_count();
	netif_start_queue(dev);
	/* Fill until the driver stops the queue; it must stop before the ring is full. */
	while (!netif_queue_stopped(dev) && sent < 2 * tx->count) {
		struct sk_buff *skb = kt_tx_skb(dev, 100);
		KT_ASSERT(skb != NULL);
		KT_EXPECT_EQ(e1000_xmit_frame(skb, dev), NETDEV_TX_OK);
		sent++;
	}
	KT_EXPECT(netif_queue_stopped(dev));
	KT_EXPECT(e1000_desc_unused(tx->count, tx->next_to_use, tx->next_to_clean) >= 1);
	KT_EXPECT(e1000_desc_unused(tx->count, tx->next_to_use, tx->next_to_clean) < E1000_TX_STOP_THRESH);
	KT_EXPECT_EQ(sent, tx->count - E1000_TX_STOP_THRESH);
	KT_EXPECT_EQ(er32(a, E1000_TDT), tx->next_to_use);	/* stopping flushes the tail */
	/* This NIC sends after the doorbell returns: TXDW is asked for, once. */
	KT_EXPECT(a->tx_irq_wanted);
	KT_EXPECT_EQ(a->sw.tx_irq_armed, 1);
	KT_EXPECT(er32(a, E1000_IMS) & E1000_ICR_TXDW);
	KT_EXPECT_EQ(a->sw.tx_reclaim_kick, 0);

	/* The NIC sends the first half: reclaim exactly those, no wake below threshold... */
	for (unsigned int i = 0; i < 16; i++)
		tx->desc[i].upper |= E1000_TXD_STAT_DD;
	e1000_clean_tx_irq(a);
	KT_EXPECT_EQ(tx->next_to_clean, 16);
	KT_EXPECT_EQ(dev->stats.tx_packets, 16);
	KT_EXPECT(netif_queue_stopped(dev));
	/* ...then everything: all free again, queue woken, no skb leaked. */
	for (unsigned int i = 0; i < tx->count; i++)
		tx->desc[i].upper |= E1000_TXD_STAT_DD;
	e1000_clean_tx_irq(a);
	KT_EXPECT_EQ(e1000_desc_unused(tx->count, tx->next_to_use, tx->next_to_clean), tx->count - 1);
	KT_EXPECT(!netif_queue_stopped(dev));
	KT_EXPECT(!a->tx_irq_wanted);	/* nothing outstanding: the next unmask leaves TXDW off */
	KT_EXPECT_EQ(dev->stats.tx_packets, sent);
	KT_EXPECT_EQ(skb_live_count(), live);

	/* CHECKSUM_PARTIAL UDP: a context descriptor naming the UDP checksum field. */
	{
		struct sk_buff *skb = kt_tx_skb(dev, ETH_HLEN + 20 + 8 + 16);
		struct e1000_context_desc *ctx;
		struct iphdr *iph;
		unsigned int at = tx->next_to_use;

		KT_ASSERT(skb != NULL);
		skb->protocol = htons(ETH_P_IP);
		skb_set_network_header(skb, ETH_HLEN);
		skb_set_transport_header(skb, ETH_HLEN + 20);
		iph = (struct iphdr *)skb_network_header(skb);
		iph->version = 4;
		iph->ihl = 5;
		iph->protocol = IPPROTO_UDP;
		skb->ip_summed = CHECKSUM_PARTIAL;
		KT_EXPECT_EQ(e1000_xmit_frame(skb, dev), NETDEV_TX_OK);
		ctx = (struct e1000_context_desc *)&tx->desc[at];
		KT_EXPECT_EQ(ctx->tucss, ETH_HLEN + 20);
		KT_EXPECT_EQ(ctx->tucso, ETH_HLEN + 20 + 6);
		KT_EXPECT_EQ(ctx->ipcso, ETH_HLEN + 10);
		KT_EXPECT(tx->desc[(at + 1) % tx->count].upper & (E1000_TXD_POPTS_TXSM << E1000_TXD_POPTS_SHIFT));
		KT_EXPECT_EQ(a->sw.tx_csum_offload, 1);
		KT_EXPECT_EQ(tx->buffer_info[at].next_to_watch, (at + 1) % tx->count);
	}
	e1000_ktest_free(a);
	KT_EXPECT_EQ(skb_live_count(), live);
}

/*
 * A TSO skb as TCP builds it for eth0 (Ethernet + IP + TCP with the
 * timestamp option, 3 full segments and a short one) becomes a TSE
 * context descriptor with the manual's HDRLEN, MSS and PAYLEN, and a TSE
 * data descriptor asking for both checksums; the IP checksum and length
 * are zeroed and the TCP checksum seeded without a length, for the NIC to
 * redo per segment. netdev_xmit_more() defers TDT to the burst's last
 * packet. The completion counts frames on the wire, headers included.
 */
KTEST(e1000_tx_tso_descriptors)
{
	struct e1000_adapter *a = e1000_ktest_adapter(kt);
	const unsigned int hlen = ETH_HLEN + 20 + 32, mss = 1448, payload = 3 * mss + 100;
	struct e1000_context_desc *ctx;
	struct e1000_tx_desc *data;
	struct net_device *dev;
	struct e1000_tx_ring *tx;
	struct sk_buff *skb, *small;
	struct iphdr *iph;
	struct tcphdr *th;
	unsigned int at;
	long live;

	KT_ASSERT(a != NULL);
	dev = a->netdev;
	dev->mtu = 1500;
	tx = &a->tx_ring;
	live = skb_live_count();
	netif_start_queue(dev);

	skb = kt_tx_skb(dev, hlen + payload);
	KT_ASSERT(skb != NULL);
	skb->protocol = htons(ETH_P_IP);
	skb_set_network_header(skb, ETH_HLEN);
	skb_set_transport_header(skb, ETH_HLEN + 20);
	iph = (struct iphdr *)skb_network_header(skb);
	iph->version = 4;
	iph->ihl = 5;
	iph->protocol = IPPROTO_TCP;
	iph->tot_len = htons(skb->len - ETH_HLEN);
	iph->check = 0x1234;
	iph->saddr = htonl(0x0a00020f);
	iph->daddr = htonl(0x0a000202);
	th = tcp_hdr(skb);
	th->doff = 32 / 4;
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb_shinfo(skb)->gso_size = mss;
	skb_shinfo(skb)->gso_segs = 4;

	/* More follows: descriptors written, the doorbell not. */
	at = tx->next_to_use;
	softnet_data.xmit_more = true;
	KT_EXPECT_EQ(e1000_xmit_frame(skb, dev), NETDEV_TX_OK);
	softnet_data.xmit_more = false;
	KT_EXPECT_EQ(er32(a, E1000_TDT), 0);
	KT_EXPECT_EQ(a->sw.tx_xmit_more, 1);
	KT_EXPECT_EQ(a->sw.tx_tail_writes, 0);

	ctx = (struct e1000_context_desc *)&tx->desc[at];
	data = &tx->desc[(at + 1) % tx->count];
	KT_EXPECT(ctx->cmd_and_length & E1000_TXD_CMD_TSE);
	KT_EXPECT(ctx->cmd_and_length & E1000_TXD_CMD_TCP);
	KT_EXPECT(ctx->cmd_and_length & E1000_TXD_CMD_IP);
	KT_EXPECT(!(ctx->cmd_and_length & E1000_TXD_DTYP_D));
	KT_EXPECT_EQ(ctx->cmd_and_length & E1000_TXD_LEN_MASK, payload);	/* PAYLEN */
	KT_EXPECT_EQ(ctx->hdr_len, hlen);
	KT_EXPECT_EQ(ctx->mss, mss);
	KT_EXPECT_EQ(ctx->ipcss, ETH_HLEN);
	KT_EXPECT_EQ(ctx->ipcso, ETH_HLEN + 10);
	KT_EXPECT_EQ(ctx->ipcse, ETH_HLEN + 20 - 1);
	KT_EXPECT_EQ(ctx->tucss, ETH_HLEN + 20);
	KT_EXPECT_EQ(ctx->tucso, ETH_HLEN + 20 + 16);
	KT_EXPECT_EQ(ctx->tucse, 0);
	KT_EXPECT(data->lower & E1000_TXD_CMD_TSE);
	KT_EXPECT(data->lower & E1000_TXD_DTYP_D);
	KT_EXPECT(data->lower & E1000_TXD_CMD_EOP);
	KT_EXPECT_EQ(data->lower & E1000_TXD_LEN_MASK, hlen + payload);
	KT_EXPECT_EQ((data->upper >> E1000_TXD_POPTS_SHIFT) & 0xff,
		     E1000_TXD_POPTS_IXSM | E1000_TXD_POPTS_TXSM);
	iph = (struct iphdr *)skb_network_header(skb);
	KT_EXPECT_EQ(iph->tot_len, 0);
	KT_EXPECT_EQ(iph->check, 0);
	KT_EXPECT_EQ(tcp_hdr(skb)->check, (__sum16)~csum_tcpudp_magic(iph->saddr, iph->daddr, 0, IPPROTO_TCP, 0));
	KT_EXPECT_EQ(a->sw.tx_tso, 1);
	KT_EXPECT_EQ(a->sw.tx_tso_segs, 4);

	/* The burst's last packet rings once, for both. */
	small = kt_tx_skb(dev, 60);
	KT_ASSERT(small != NULL);
	KT_EXPECT_EQ(e1000_xmit_frame(small, dev), NETDEV_TX_OK);
	KT_EXPECT_EQ(er32(a, E1000_TDT), tx->next_to_use);
	KT_EXPECT_EQ(tx->next_to_use, (at + 3) % tx->count);
	KT_EXPECT_EQ(a->sw.tx_tail_writes, 1);

	/* A TSO skb that is not TCP cannot be described: dropped, counted. */
	{
		struct sk_buff *bad = kt_tx_skb(dev, 4000);

		KT_ASSERT(bad != NULL);
		skb_shinfo(bad)->gso_size = mss;
		skb_shinfo(bad)->gso_segs = 3;
		KT_EXPECT_EQ(e1000_xmit_frame(bad, dev), NETDEV_TX_OK);
		KT_EXPECT_EQ(a->sw.tx_tso_drop, 1);
		KT_EXPECT_EQ(tx->next_to_use, (at + 3) % tx->count);
	}

	/* Sent: 4 frames of the TSO skb (each with its headers) and the small one. */
	for (unsigned int i = 0; i < tx->count; i++)
		tx->desc[i].upper |= E1000_TXD_STAT_DD;
	e1000_clean_tx_irq(a);
	KT_EXPECT_EQ(dev->stats.tx_packets, 5);
	KT_EXPECT_EQ(dev->stats.tx_bytes, hlen + payload + 3 * hlen + 60);
	e1000_ktest_free(a);
	KT_EXPECT_EQ(skb_live_count(), live);
}
