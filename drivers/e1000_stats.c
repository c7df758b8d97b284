/*
 * What the e1000 driver shows users (the role Linux's e1000_ethtool.c plays):
 *
 *   /proc/net/e1000_stats     one "name value" line per counter, per device:
 *                             the hardware's clear-on-read registers folded
 *                             into 64-bit totals, and the driver's own counters
 *                             (buffer allocations, copybreak, checksum verdicts,
 *                             TSO skbs and the segments they became, doorbells
 *                             deferred by xmit_more, tail writes, interrupts,
 *                             polls, queue stops/wakes); its first line the
 *                             rings' free slots, the receive buffers the
 *                             driver holds (in ring slots, a copybreak slot
 *                             keeping its own, and in rx_pool for the next
 *                             refills: caches the wire fuzzer counts apart
 *                             from leaked skbs)
 *   /proc/sys/net/e1000/itr   interrupt moderation, for every e1000, as Linux's
 *                             e1000 reads `ethtool -C rx-usecs`: 0 off, 1 dynamic,
 *                             3 dynamic conservative (the default: e1000_set_itr
 *                             picks 4000 or 20000 interrupts/s from the traffic),
 *                             10-10000 a fixed interval in microseconds; a write
 *                             is applied by the next e1000_poll (or the 2 s
 *                             watchdog if the device is idle)
 *   /proc/sys/net/e1000/tso   1: advertise NETIF_F_TSO (default), 0: TCP sends
 *                             one skb per segment (Linux's ethtool -K eth0 tso
 *                             off); applied like itr
 *   /proc/sys/net/e1000/gro   1: NETIF_F_GRO: napi_gro_receive merges TCP
 *                             bursts (net/core/gro.c, counters in
 *                             /proc/net/gro) (default, see below); 0: each
 *                             frame goes up alone; applied like itr
 *
 * Call order: e1000_probe -> e1000_stats_init (once); a read of the file ->
 * e1000_stats_show -> e1000_update_stats (fresh register snapshot) -> print.
 * Neighbours: e1000_hw.c (e1000_update_stats, e1000_set_itr), e1000_main.c.
 * The bench (tools/bench/run.sh) reads rx_alloc and intr from here.
 */
#include "e1000_hw.h"
#include <linux/proc_fs.h>

int e1000_itr_sysctl = E1000_DEFAULT_ITR;

static int e1000_itr_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%d\n", READ_ONCE(e1000_itr_sysctl));
	return 0;
}

/* Refused as Linux's e1000 refuses them: 2 and 5-9; also 4, Linux's
 * "simplified" mode, which this driver does not have. */
static int e1000_itr_store(const char *text)
{
	char *end;
	long v = simple_strtol(text, &end, 10);

	/* At most 5 digits (10000): a longer number must not wrap into range. */
	if (end == text || end - text > 5 || *end || !e1000_itr_setting_valid(v))
		return -EINVAL;
	WRITE_ONCE(e1000_itr_sysctl, v);
	return 0;
}

int e1000_tso_sysctl = 1;
/*
 * On by default, as Linux's. It was off for a while: two Sockeye guests
 * echoing 16 MiB stalled in about 1 run in 4 with it on. The causes were
 * not GRO but two TCP bugs: tcp_current_mss ignored the SACK blocks a
 * segment carries (a full segment plus blocks exceeded the MTU and was
 * refused at every RTO), and an RTO after SACK reneging resent nothing.
 * GRO only made the receive drops that start SACKing more likely.
 */
int e1000_gro_sysctl = 1;

#define HW(name)	{ #name, offsetof(struct e1000_hw_stats, name) }
#define SW(name)	{ #name, offsetof(struct e1000_sw_stats, name) }

static const struct { const char *name; size_t off; } e1000_hw_names[] = {
	HW(crcerrs), HW(algnerrc), HW(symerrs), HW(rxerrc), HW(mpc), HW(scc), HW(ecol),
	HW(mcc), HW(latecol), HW(colc), HW(dc), HW(sec), HW(rlec), HW(gprc), HW(bprc),
	HW(mprc), HW(gptc), HW(gorc), HW(gotc), HW(rnbc), HW(ruc), HW(rfc), HW(roc),
	HW(rjc), HW(tor), HW(tot), HW(tpr), HW(tpt), HW(mptc), HW(bptc),
};

static const struct { const char *name; size_t off; } e1000_sw_names[] = {
	SW(rx_alloc), SW(rx_pool_reuse), SW(rx_alloc_failed), SW(rx_copybreak), SW(rx_recycled),
	SW(rx_csum_good), SW(rx_csum_error), SW(rx_csum_ignored), SW(rx_frame_errors),
	SW(rx_long_frames), SW(rx_short_frames), SW(tx_busy), SW(tx_queue_stops),
	SW(tx_queue_wakes), SW(tx_csum_offload), SW(tx_bad_csum_offsets),
	SW(tx_tso), SW(tx_tso_segs), SW(tx_tso_drop), SW(tx_xmit_more), SW(tx_tail_writes), SW(tx_reclaim_kick), SW(tx_irq_armed), SW(rx_tail_writes), SW(intr), SW(intr_none), SW(polls),
	SW(itr_changes), SW(itr_bulk),
	SW(poll_budget_exhausted), SW(lsc),
};

static int e1000_stats_show(struct seq_file *m, void *v)
{
	for (struct e1000_adapter *a = e1000_adapters; a; a = a->next) {
		struct net_device *dev = a->netdev;
		struct e1000_hw_stats hw;
		unsigned long flags;

		e1000_update_stats(a);
		spin_lock_irqsave(&a->stats_lock, flags);
		hw = a->hw;
		spin_unlock_irqrestore(&a->stats_lock, flags);

		unsigned int ring_bufs = 0;

		/* A racy count (the poll refills as we read): exact when idle. */
		for (unsigned int i = 0; i < a->rx_ring.count; i++)
			ring_bufs += READ_ONCE(a->rx_ring.buffer_info[i].skb) != NULL;
		seq_printf(m, "%s: itr %d (%u/s) link %s rx_ring %u/%u tx_ring %u/%u free "
			   "rx_buffers %u in the ring, %u/%u in rx_pool\n",
			   dev->name, a->itr_setting, a->itr, netif_carrier_ok(dev) ? "up" : "down",
			   e1000_desc_unused(a->rx_ring.count, a->rx_ring.next_to_use, a->rx_ring.next_to_clean),
			   a->rx_ring.count,
			   e1000_desc_unused(a->tx_ring.count, a->tx_ring.next_to_use, a->tx_ring.next_to_clean),
			   a->tx_ring.count, ring_bufs, skb_queue_len(&a->rx_pool.free), a->rx_pool.max);
		for (unsigned int i = 0; i < ARRAY_SIZE(e1000_hw_names); i++)
			seq_printf(m, "%s %llu\n", e1000_hw_names[i].name,
				   (unsigned long long)*(u64 *)((char *)&hw + e1000_hw_names[i].off));
		for (unsigned int i = 0; i < ARRAY_SIZE(e1000_sw_names); i++)
			seq_printf(m, "%s %lu\n", e1000_sw_names[i].name,
				   *(unsigned long *)((char *)&a->sw + e1000_sw_names[i].off));
	}
	return 0;
}

void e1000_stats_init(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	proc_create_single("net/e1000_stats", e1000_stats_show, NULL);
	proc_sysctl_string("sys/net/e1000/itr", e1000_itr_show, e1000_itr_store);
	proc_sysctl_int("sys/net/e1000/tso", &e1000_tso_sysctl, 0, 1);
	proc_sysctl_int("sys/net/e1000/gro", &e1000_gro_sysctl, 0, 1);
}
