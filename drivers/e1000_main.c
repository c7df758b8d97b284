/*
 * e1000: the data path of the Intel 8254x driver (QEMU's default NIC).
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
 *   TX: dev_queue_xmit -> e1000_xmit_frame (context descriptor for
 *     CHECKSUM_PARTIAL or for TSO (e1000_tso), data descriptor) ->
 *     e1000_tx_kick when no more packets follow (netdev_xmit_more): TDT,
 *     then reclaim what the NIC already sent (QEMU: everything). Only if
 *     some is still outstanding: TXDW unmasked ... ICR.TXDW -> e1000_poll
 *     -> e1000_clean_tx_irq.
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
 * Neighbours: e1000_hw.c (registers), e1000_stats.c (/proc), drivers/pci.c,
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
#define E1000_CSUM_OFF_TCP	16	/* offsetof(struct tcphdr, check) */
#define E1000_CSUM_OFF_UDP	6	/* offsetof(struct udphdr, check) */
#define E1000_IP_CSUM_OFF	10	/* offsetof(struct iphdr, check) */

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

/* ---- transmit ---- */

/*
 * Reclaim descriptors the NIC has sent (DD on each packet's EOP
 * descriptor; we set RS on every EOP). At most one ring's worth per call;
 * returns how many descriptors it freed. Caller holds dev->tx_lock: the
 * ring has two consumers, the poll and the doorbell (e1000_tx_kick).
 */
static unsigned int e1000_tx_reclaim(struct e1000_adapter *a)
{
	struct e1000_tx_ring *tx = &a->tx_ring;
	struct net_device *dev = a->netdev;
	unsigned int i = tx->next_to_clean, done = 0;

	while (i != tx->next_to_use && done < tx->count) {
		unsigned int eop = tx->buffer_info[i].next_to_watch;

		if (!tx->buffer_info[i].first || !(READ_ONCE(tx->desc[eop].upper) & E1000_TXD_STAT_DD))
			break;
		rmb();
		for (;;) {
			struct e1000_tx_buffer *bi = &tx->buffer_info[i];
			bool last = i == eop;

			if (bi->skb) {
				dev->stats.tx_packets += bi->segs;	/* frames on the wire, as Linux counts TSO */
				dev->stats.tx_bytes += bi->bytecount;
				a->total_tx_packets += bi->segs;
				a->total_tx_bytes += bi->bytecount;
				dev_kfree_skb_any(bi->skb);
			}
			memset(bi, 0, sizeof(*bi));
			memset(&tx->desc[i], 0, sizeof(tx->desc[i]));
			if (++i == tx->count)
				i = 0;
			done++;
			if (last)
				break;
		}
	}
	tx->next_to_clean = i;
	return done;
}

/*
 * The doorbell: write TDT if descriptors wait behind it, then reclaim at
 * once what the NIC has already sent - all of it under QEMU, whose e1000
 * transmits inside the TDT write - so a reply costs no TXDW interrupt and
 * its skb (and the socket's send-buffer charge) is freed now, not at the
 * next poll. Only while descriptors are still outstanding (a NIC that
 * sends after the doorbell returns, as real ones do) is TXDW wanted: the
 * kick that finds them unmasks it, the one that finds none (the poll's,
 * after its reclaim) lets the next e1000_irq_enable leave it masked.
 * Wakes the queue when enough is free. Caller holds dev->tx_lock, BHs off.
 */
static void e1000_tx_kick(struct e1000_adapter *a)
{
	struct e1000_tx_ring *tx = &a->tx_ring;
	struct net_device *dev = a->netdev;

	if (tx->tail != tx->next_to_use) {
		wmb();		/* descriptors before the doorbell */
		ew32(a, E1000_TDT, tx->next_to_use);
		tx->tail = tx->next_to_use;
		a->sw.tx_tail_writes++;
		a->sw.tx_reclaim_kick += e1000_tx_reclaim(a);
	}
	if (tx->next_to_clean == tx->next_to_use) {
		WRITE_ONCE(a->tx_irq_wanted, false);	/* e1000_irq_enable leaves TXDW masked */
	} else if (!a->tx_irq_wanted) {
		WRITE_ONCE(a->tx_irq_wanted, true);
		a->sw.tx_irq_armed++;
		ew32(a, E1000_IMS, E1000_ICR_TXDW);
	}
	if (netif_queue_stopped(dev) && netif_running(dev) &&
	    e1000_desc_unused(tx->count, tx->next_to_use, tx->next_to_clean) >= E1000_TX_WAKE_THRESH) {
		a->sw.tx_queue_wakes++;
		netif_wake_queue(dev);
	}
}

/*
 * The poll's share of TX: reclaim what was sent, then the kick writes a
 * tail left unwritten (no packet followed a batch) and stops asking for
 * TXDW once nothing is outstanding. Returns false if there may be more.
 */
bool e1000_clean_tx_irq(struct e1000_adapter *a)
{
	struct net_device *dev = a->netdev;
	unsigned int done;

	spin_lock(&dev->tx_lock);
	done = e1000_tx_reclaim(a);
	e1000_tx_kick(a);
	spin_unlock(&dev->tx_lock);
	return done < a->tx_ring.count;
}

/*
 * CHECKSUM_PARTIAL: the stack left the pseudo-header sum in the L4
 * checksum field; a context descriptor tells the NIC where the L4 header
 * starts and where to store the final sum. struct sk_buff carries no
 * csum_offset, so the field's place comes from the IPv4 protocol number.
 * Returns the descriptor count used (1), or 0 if the packet is not one we
 * can describe (then the checksum is finished in software).
 */
static int e1000_tx_csum(struct e1000_adapter *a, struct sk_buff *skb, unsigned int i)
{
	struct e1000_context_desc *ctx = (struct e1000_context_desc *)&a->tx_ring.desc[i];
	unsigned int ipcss = skb_network_offset(skb), tucss = skb_transport_offset(skb), off;
	struct iphdr *iph;
	u32 cmd = E1000_TXD_CMD_DEXT | E1000_TXD_DTYP_C | E1000_TXD_CMD_IP;

	if (skb->protocol != htons(ETH_P_IP) || !skb_transport_header_was_set(skb) ||
	    tucss <= ipcss || tucss > 255)
		return 0;
	iph = (struct iphdr *)skb_network_header(skb);
	if (iph->protocol == IPPROTO_TCP) {
		off = E1000_CSUM_OFF_TCP;
		cmd |= E1000_TXD_CMD_TCP;
	} else if (iph->protocol == IPPROTO_UDP) {
		off = E1000_CSUM_OFF_UDP;
	} else {
		return 0;
	}
	/* The checksum field must lie inside the frame (a UDP header is shorter than TCP's). */
	if (tucss + off + 2 > skb->len)
		return 0;
	ctx->ipcss = ipcss;
	ctx->ipcso = ipcss + E1000_IP_CSUM_OFF;
	ctx->ipcse = tucss - 1;
	ctx->tucss = tucss;
	ctx->tucso = tucss + off;
	ctx->tucse = 0;
	ctx->cmd_and_length = cmd;
	ctx->status = 0;
	ctx->hdr_len = 0;
	ctx->mss = 0;
	return 1;
}

/* Software fallback for a CHECKSUM_PARTIAL we cannot describe: a plain
 * Internet checksum from the transport header on (pseudo sum already in).
 * The field may lie in bytes a clone shares (TCP's retransmit queue): then
 * the buffer is copied first (skbuff.h's header-clone rule). 0 or -ENOMEM. */
static int e1000_tx_csum_sw(struct sk_buff *skb)
{
	struct iphdr *iph = (struct iphdr *)skb_network_header(skb);
	int tucss = skb_transport_offset(skb);
	unsigned int off = iph->protocol == IPPROTO_TCP ? E1000_CSUM_OFF_TCP : E1000_CSUM_OFF_UDP;

	if (tucss > 0 && tucss + off + 2 <= skb->len) {
		__sum16 *field;

		if (skb_cloned(skb) && !skb_clone_writable(skb, tucss + off + 2) &&
		    pskb_expand_head(skb, 0, 0, GFP_ATOMIC))
			return -ENOMEM;
		field = (__sum16 *)(skb->data + tucss + off);
		*field = csum_fold(csum_partial(skb->data + tucss, skb->len - tucss, 0));
	}
	skb->ip_summed = CHECKSUM_NONE;
	return 0;
}

/*
 * TCP segmentation offload (8254x manual 3.5, "TCP Segmentation"): one
 * context descriptor with TUCMD.TSE, HDRLEN (Ethernet + IP + TCP headers),
 * MSS and PAYLEN (what follows the headers), then the data descriptor(s)
 * with DCMD.TSE. The NIC sends HDRLEN + MSS bytes at a time, each with a
 * copy of the headers in which it sets IP total length, IP ID (+1 per
 * segment), TCP sequence number, clears PSH/FIN on all but the last, and
 * fills both checksums (POPTS IXSM|TXSM). So, as Linux's e1000_tso: the
 * IP checksum and total length are zeroed and the TCP checksum seeded
 * with the pseudo-header sum *without* a length, which the NIC adds per
 * segment. QEMU's emulation (hw/net/e1000.c) adds one header-only frame
 * after the last segment when PAYLEN is a whole number of MSS - always,
 * for TCP's runs of full segments: the peer sees a repeated pure ACK,
 * harmless to a receiver, but one RFC 5681 counts toward a fast
 * retransmit if the peer has data in flight to us; gptc counts it. Real
 * 8254x hardware sends no such frame.
 * Returns the descriptor count used (1), or 0 if skb is not an
 * IPv4/TCP packet we can describe. The headers are written: skb_cow_head
 * makes sure they are this skb's alone (the header-clone rule).
 */
static int e1000_tso(struct e1000_adapter *a, struct sk_buff *skb, unsigned int i)
{
	struct e1000_context_desc *ctx = (struct e1000_context_desc *)&a->tx_ring.desc[i];
	unsigned int ipcss = skb_network_offset(skb), tucss = skb_transport_offset(skb), hdr_len;
	struct iphdr *iph = (struct iphdr *)skb_network_header(skb);
	struct tcphdr *th;

	if (skb->protocol != htons(ETH_P_IP) || !skb_transport_header_was_set(skb) ||
	    iph->protocol != IPPROTO_TCP || tucss <= ipcss || tucss + sizeof(*th) > skb->len)
		return 0;
	th = tcp_hdr(skb);
	hdr_len = tucss + __tcp_hdrlen(th);
	if (hdr_len > 255 || hdr_len >= skb->len || skb_cow_head(skb, 0))
		return 0;
	iph = (struct iphdr *)skb_network_header(skb);	/* skb_cow_head may have moved it */
	th = tcp_hdr(skb);
	iph->tot_len = 0;
	iph->check = 0;
	th->check = ~csum_tcpudp_magic(iph->saddr, iph->daddr, 0, IPPROTO_TCP, 0);

	ctx->ipcss = ipcss;
	ctx->ipcso = ipcss + E1000_IP_CSUM_OFF;
	ctx->ipcse = tucss - 1;
	ctx->tucss = tucss;
	ctx->tucso = tucss + E1000_CSUM_OFF_TCP;
	ctx->tucse = 0;
	ctx->cmd_and_length = E1000_TXD_CMD_DEXT | E1000_TXD_DTYP_C | E1000_TXD_CMD_IP |
			      E1000_TXD_CMD_TCP | E1000_TXD_CMD_TSE | (skb->len - hdr_len);
	ctx->status = 0;
	ctx->hdr_len = hdr_len;
	ctx->mss = skb_shinfo(skb)->gso_size;
	return 1;
}

/*
 * ndo_start_xmit, called with dev->tx_lock held and BHs off. The tail
 * (TDT) is written only when no more packets follow (netdev_xmit_more():
 * TCP mid-burst, or the core's qdisc still holding packets) and the queue
 * is not stopped: one MMIO write, and one pass of QEMU's TX emulation,
 * per batch. A tail left behind (a promised packet that never came) is
 * written by e1000_clean_tx_irq or the watchdog, so no frame is stranded.
 */
netdev_tx_t e1000_xmit_frame(struct sk_buff *skb, struct net_device *dev)
{
	struct e1000_adapter *a = netdev_priv(dev);
	struct e1000_tx_ring *tx = &a->tx_ring;
	struct e1000_tx_desc *desc;
	unsigned int first = tx->next_to_use, i = first, needed = 1;
	unsigned int segs = 1, bytecount = skb->len;
	u32 popts = 0, dcmd = 0;

	if (unlikely(skb->len == 0 || (skb->len > dev->mtu + ETH_HLEN && !skb_is_gso(skb)) ||
		     skb->len > E1000_MAX_TXD_LEN)) {
		dev->stats.tx_dropped++;
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	if (skb->ip_summed == CHECKSUM_PARTIAL || skb_is_gso(skb))
		needed++;
	if (unlikely(e1000_desc_unused(tx->count, tx->next_to_use, tx->next_to_clean) < needed)) {
		/* We stop before this can happen; if it does, the stack requeues. */
		a->sw.tx_busy++;
		netif_stop_queue(dev);
		e1000_tx_kick(a);
		return NETDEV_TX_BUSY;
	}

	if (skb_is_gso(skb)) {
		if (!e1000_tso(a, skb, i)) {
			/* Not ours to cut, and too big to send whole. */
			a->sw.tx_tso_drop++;
			dev->stats.tx_dropped++;
			dev_kfree_skb_any(skb);
			return NETDEV_TX_OK;
		}
		segs = skb_shinfo(skb)->gso_segs;
		/* Every segment after the first carries its own copy of the headers. */
		bytecount += (segs - 1) * ((struct e1000_context_desc *)&tx->desc[i])->hdr_len;
		popts = E1000_TXD_POPTS_IXSM | E1000_TXD_POPTS_TXSM;
		dcmd = E1000_TXD_CMD_TSE;
		a->sw.tx_tso++;
		a->sw.tx_tso_segs += segs;
		if (++i == tx->count)
			i = 0;
	} else if (skb->ip_summed == CHECKSUM_PARTIAL) {
		if (e1000_tx_csum(a, skb, i)) {
			popts = E1000_TXD_POPTS_TXSM;
			a->sw.tx_csum_offload++;
			if (++i == tx->count)
				i = 0;
		} else {
			a->sw.tx_bad_csum_offsets++;
			if (e1000_tx_csum_sw(skb)) {
				dev->stats.tx_dropped++;
				dev_kfree_skb_any(skb);
				return NETDEV_TX_OK;
			}
		}
	}

	desc = &tx->desc[i];
	desc->buffer_addr = virt_to_phys(skb->data);
	desc->lower = skb->len | E1000_TXD_DTYP_D | E1000_TXD_CMD_DEXT | E1000_TXD_CMD_EOP |
		      E1000_TXD_CMD_IFCS | E1000_TXD_CMD_RS | dcmd;
	desc->upper = popts << E1000_TXD_POPTS_SHIFT;
	tx->buffer_info[i].skb = skb;
	tx->buffer_info[i].segs = segs;
	tx->buffer_info[i].bytecount = bytecount;
	tx->buffer_info[first].first = true;
	tx->buffer_info[first].next_to_watch = i;
	if (++i == tx->count)
		i = 0;
	tx->next_to_use = i;

	if (e1000_desc_unused(tx->count, tx->next_to_use, tx->next_to_clean) < E1000_TX_STOP_THRESH) {
		netif_stop_queue(dev);
		a->sw.tx_queue_stops++;
	}
	if (netif_queue_stopped(dev) || !netdev_xmit_more())
		e1000_tx_kick(a);
	else
		a->sw.tx_xmit_more++;
	return NETDEV_TX_OK;
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
		if (a->itr_setting == E1000_ITR_DYNAMIC || a->itr_setting == E1000_ITR_CONSERVATIVE)
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
