/*
 * e1000: the transmit half of the data path (the receive half, interrupt,
 * NAPI poll, open/close and probe are in e1000_main.c).
 *
 * Call order: dev_queue_xmit -> e1000_xmit_frame: a context descriptor for
 * CHECKSUM_PARTIAL (e1000_tx_csum) or for TSO (e1000_tso), then the data
 * descriptor -> e1000_tx_kick when no more packets follow
 * (netdev_xmit_more): TDT, then reclaim what the NIC already sent (QEMU:
 * everything, inside the TDT write). Only if some is still outstanding:
 * TXDW unmasked ... ICR.TXDW -> e1000_poll -> e1000_clean_tx_irq. The
 * watchdog (e1000_main.c) kicks a doorbell an xmit_more left unrung.
 *
 * One TX descriptor is always left empty (e1000_desc_unused) so head ==
 * tail always means "ring empty".
 * Lock legend: see e1000_hw.h. The ring has one producer (xmit, [T]) and
 * two consumers (the poll and the doorbell), all under dev->tx_lock, so
 * queue stop/wake decisions cannot lose a wake between them.
 * Neighbours: e1000_main.c (rings, poll), e1000_hw.h (descriptor layouts),
 * net/core/dev.c (dev_queue_xmit, qdisc), net/ipv4/tcp_output.c (TSO skbs).
 */
#include "e1000_hw.h"
#include <linux/etherdevice.h>
#include <linux/mm.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/tcp.h>
#include <net/checksum.h>

#define E1000_CSUM_OFF_TCP	16	/* offsetof(struct tcphdr, check) */
#define E1000_CSUM_OFF_UDP	6	/* offsetof(struct udphdr, check) */
#define E1000_IP_CSUM_OFF	10	/* offsetof(struct iphdr, check) */

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
void e1000_tx_kick(struct e1000_adapter *a)
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
 * A context descriptor: where the IP header's checksum goes (ipcss/ipcso,
 * up to the L4 header), where the L4 sum starts and is stored (tucss,
 * tucso; tucse 0 = to the end of the packet), and for TSO the header
 * length and MSS the NIC cuts by.
 */
static void e1000_fill_ctx(struct e1000_context_desc *ctx, unsigned int ipcss, unsigned int tucss,
			   unsigned int tucso_off, u32 cmd_and_length, u8 hdr_len, u16 mss)
{
	ctx->ipcss = ipcss;
	ctx->ipcso = ipcss + E1000_IP_CSUM_OFF;
	ctx->ipcse = tucss - 1;
	ctx->tucss = tucss;
	ctx->tucso = tucss + tucso_off;
	ctx->tucse = 0;
	ctx->cmd_and_length = cmd_and_length;
	ctx->status = 0;
	ctx->hdr_len = hdr_len;
	ctx->mss = mss;
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
	e1000_fill_ctx(ctx, ipcss, tucss, off, cmd, 0, 0);
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

	e1000_fill_ctx(ctx, ipcss, tucss, E1000_CSUM_OFF_TCP,
		       E1000_TXD_CMD_DEXT | E1000_TXD_DTYP_C | E1000_TXD_CMD_IP |
		       E1000_TXD_CMD_TCP | E1000_TXD_CMD_TSE | (skb->len - hdr_len),
		       hdr_len, skb_shinfo(skb)->gso_size);
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
