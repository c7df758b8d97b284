/*
 * e1000 hardware access that is not the data path: reset, the MAC address
 * (EEPROM through EERD, or what firmware left in RAL0/RAH0), the link,
 * interrupt mask and moderation (ITR: the setting, and Linux's dynamic
 * moderation that follows the traffic), and the clear-on-read statistics
 * registers folded into 64-bit counters.
 *
 * Call order: e1000_probe -> e1000_reset_hw -> e1000_read_mac_addr ->
 * e1000_set_rar; e1000_open -> e1000_setup_link -> e1000_set_coalesce ->
 * e1000_irq_enable; e1000_watchdog (every 2 s) and /proc reads ->
 * e1000_update_stats; e1000_intr/e1000_poll -> e1000_irq_disable/enable;
 * e1000_poll, its interrupt done -> e1000_set_itr -> e1000_update_itr.
 * Neighbours: e1000_hw.h (names and bits), e1000_main.c (the data path),
 * e1000_stats.c (what users see).
 */
#include "e1000_hw.h"
#include <linux/spinlock.h>

#define E1000_RESET_POLLS	100000

/* Global reset: every register back to its power-on value, rings off. */
int e1000_reset_hw(struct e1000_adapter *a)
{
	int i;

	/* Mask everything first so a half-reset device cannot interrupt us. */
	ew32(a, E1000_IMC, E1000_IMC_ALL);
	ew32(a, E1000_RCTL, 0);
	ew32(a, E1000_TCTL, E1000_TCTL_PSP);
	e1000_write_flush(a);

	ew32(a, E1000_CTRL, er32(a, E1000_CTRL) | E1000_CTRL_RST);
	/* RST clears itself when the reset is done (at once under QEMU; the
	 * manual allows a few microseconds on silicon). Bounded: a device that
	 * never finishes is reported, not waited for forever. */
	for (i = 0; i < E1000_RESET_POLLS; i++)
		if (!(er32(a, E1000_CTRL) & E1000_CTRL_RST))
			break;
	if (i == E1000_RESET_POLLS)
		return -ETIMEDOUT;

	ew32(a, E1000_IMC, E1000_IMC_ALL);
	(void)er32(a, E1000_ICR);	/* drop causes latched before the reset */
	return 0;
}

/* One 16-bit EEPROM word through EERD; -1 if the EEPROM never answers. */
static int e1000_read_eeprom(struct e1000_adapter *a, unsigned int word)
{
	ew32(a, E1000_EERD, (word << E1000_EERD_ADDR_SHIFT) | E1000_EERD_START);
	for (int i = 0; i < E1000_EERD_TIMEOUT; i++) {
		u32 v = er32(a, E1000_EERD);
		if (v & E1000_EERD_DONE)
			return (v >> E1000_EERD_DATA_SHIFT) & 0xffff;
	}
	return -1;
}

/*
 * The MAC lives in EEPROM words 0-2, little-endian byte pairs. If the
 * EEPROM does not answer, firmware may already have loaded receive address
 * 0; use that if it is marked valid.
 */
void e1000_read_mac_addr(struct e1000_adapter *a, u8 *mac)
{
	for (int w = 0; w < E1000_EEPROM_MAC_WORDS; w++) {
		int v = e1000_read_eeprom(a, w);
		if (v < 0)
			goto from_rar;
		mac[2 * w] = v & 0xff;
		mac[2 * w + 1] = v >> 8;
	}
	return;
from_rar: {
		u32 lo = er32(a, E1000_RAL0), hi = er32(a, E1000_RAH0);
		if (!(hi & E1000_RAH_AV))
			pr_warn("e1000: no EEPROM and no valid RAL0: MAC may be zero\n");
		for (int i = 0; i < 4; i++)
			mac[i] = lo >> (8 * i);
		mac[4] = hi;
		mac[5] = hi >> 8;
	}
}

/* Receive address 0 = our MAC: the unicast filter the NIC matches against. */
void e1000_set_rar(struct e1000_adapter *a, const u8 *mac)
{
	u32 lo = mac[0] | mac[1] << 8 | mac[2] << 16 | (u32)mac[3] << 24;
	u32 hi = mac[4] | mac[5] << 8 | E1000_RAH_AV;

	ew32(a, E1000_RAL0, lo);
	ew32(a, E1000_RAH0, hi);
	/* No multicast groups yet: an empty table. */
	for (int i = 0; i < E1000_MTA_ENTRIES; i++)
		ew32(a, E1000_MTA + 4 * i, 0);
}

/* Copper PHY with auto-negotiation: let the MAC follow what the PHY finds. */
void e1000_setup_link(struct e1000_adapter *a)
{
	u32 ctrl = er32(a, E1000_CTRL);

	ctrl &= ~(E1000_CTRL_LRST | E1000_CTRL_PHY_RST | E1000_CTRL_ILOS | E1000_CTRL_VME);
	ctrl |= E1000_CTRL_SLU | E1000_CTRL_ASDE;
	ew32(a, E1000_CTRL, ctrl);
	e1000_write_flush(a);
}

bool e1000_link_up(struct e1000_adapter *a)
{
	return er32(a, E1000_STATUS) & E1000_STATUS_LU;
}

unsigned int e1000_link_speed(struct e1000_adapter *a)
{
	switch (er32(a, E1000_STATUS) & E1000_STATUS_SPEED_MASK) {
	case E1000_STATUS_SPEED_10: return 10;
	case E1000_STATUS_SPEED_100: return 100;
	default: return 1000;
	}
}

/* Mask every cause: the NIC stops interrupting until e1000_irq_enable. */
void e1000_irq_disable(struct e1000_adapter *a)
{
	ew32(a, E1000_IMC, E1000_IMC_ALL);
	e1000_write_flush(a);
}

/* Unmask. A cause that arrived while masked is still latched in ICR and
 * raises the line as soon as IMS enables it, so nothing is lost. TXDW only
 * while the transmit side waits for the NIC (e1000_tx_kick). */
void e1000_irq_enable(struct e1000_adapter *a)
{
	ew32(a, E1000_IMS, E1000_IMS_ENABLE_MASK | (READ_ONCE(a->tx_irq_wanted) ? E1000_ICR_TXDW : 0));
	e1000_write_flush(a);
}

/*
 * Interrupt moderation: at most `itr` interrupts a second (0 = off, one
 * per event); ITR counts the interval in 256 ns units.
 */
static void e1000_write_itr(struct e1000_adapter *a, u32 ints_per_sec)
{
	a->itr = ints_per_sec;
	ew32(a, E1000_ITR, ints_per_sec ? 1000000000u / (ints_per_sec * E1000_ITR_UNIT_NS) : 0);
}

/* Interrupts/s for each traffic class (Linux's e1000_set_itr). */
static const u32 e1000_itr_rate[] = {
	[lowest_latency] = 70000, [low_latency] = 20000, [bulk_latency] = 4000,
};

/* What Linux's e1000_set_coalesce accepts as rx-usecs. */
bool e1000_itr_setting_valid(int setting)
{
	return setting == 0 || e1000_itr_dynamic(setting) ||
	       (setting >= E1000_ITR_MIN_USECS && setting <= E1000_ITR_MAX_USECS);
}

/*
 * A new setting from /proc/sys/net/e1000/itr (applied by the next poll,
 * e1000_stats.c). The dynamic modes start at the low-latency rate and
 * e1000_set_itr moves them from there, as Linux's driver does.
 */
int e1000_set_coalesce(struct e1000_adapter *a, int setting)
{
	if (!e1000_itr_setting_valid(setting))
		return -EINVAL;
	a->itr_setting = setting;
	a->rx_itr = a->tx_itr = low_latency;
	if (setting == 0)
		e1000_write_itr(a, 0);
	else if (e1000_itr_dynamic(setting))
		e1000_write_itr(a, e1000_itr_rate[low_latency]);
	else
		e1000_write_itr(a, 1000000 / setting);
	return 0;
}

/*
 * Dynamic moderation (Linux's e1000_update_itr): the class of what one
 * interrupt's polls moved, given the class it was in. Full frames by the
 * dozen are bulk: fewer interrupts, longer polls, GRO merging more. Few
 * small packets are a conversation: interrupt at once. The thresholds
 * are Linux's, so a student can compare the two drivers line by line.
 */
static u8 e1000_update_itr(u8 itr, unsigned int packets, unsigned int bytes)
{
	if (!packets)
		return itr;
	switch (itr) {
	case lowest_latency:
		if (bytes / packets > 8000)
			return bulk_latency;
		if (packets < 5 && bytes > 512)
			return low_latency;
		break;
	case low_latency:
		if (bytes > 10000) {
			if (bytes / packets > 8000 || packets < 10 || bytes / packets > 1200)
				return bulk_latency;
			if (packets > 35)
				return lowest_latency;
		} else if (bytes / packets > 2000) {
			return bulk_latency;
		} else if (packets <= 2 && bytes < 512) {
			return lowest_latency;
		}
		break;
	case bulk_latency:
		if (bytes > 25000) {
			if (packets > 35)
				return low_latency;
		} else if (bytes < 6000) {
			return low_latency;
		}
		break;
	}
	return itr;
}

/*
 * After a poll completes, in the dynamic modes (Linux's e1000_set_itr):
 * classify both directions, take the slower class, and program its rate.
 * A rising rate climbs by a quarter of the target per interrupt, so one
 * quiet gap inside a bulk transfer does not undo its batching. Under QEMU
 * a rate above 7812/s is capped by the model's 128 us spacing anyway.
 */
void e1000_set_itr(struct e1000_adapter *a)
{
	u32 new_itr;

	a->tx_itr = e1000_update_itr(a->tx_itr, a->total_tx_packets, a->total_tx_bytes);
	a->rx_itr = e1000_update_itr(a->rx_itr, a->total_rx_packets, a->total_rx_bytes);
	if (a->itr_setting == E1000_ITR_CONSERVATIVE) {
		if (a->tx_itr == lowest_latency)
			a->tx_itr = low_latency;
		if (a->rx_itr == lowest_latency)
			a->rx_itr = low_latency;
	}
	new_itr = e1000_itr_rate[max(a->rx_itr, a->tx_itr)];
	if (new_itr == a->itr)
		return;
	if (new_itr > a->itr)
		new_itr = min(a->itr + (new_itr >> 2), new_itr);
	a->sw.itr_changes++;
	a->sw.itr_bulk += new_itr == e1000_itr_rate[bulk_latency];
	e1000_write_itr(a, new_itr);
}

/* Statistics registers clear when read: add each snapshot to the totals. */
void e1000_update_stats(struct e1000_adapter *a)
{
	struct e1000_hw_stats *s = &a->hw;
	struct net_device_stats *ns = &a->netdev->stats;
	unsigned long flags;

	spin_lock_irqsave(&a->stats_lock, flags);
	s->crcerrs += er32(a, E1000_CRCERRS);
	s->algnerrc += er32(a, E1000_ALGNERRC);
	s->symerrs += er32(a, E1000_SYMERRS);
	s->rxerrc += er32(a, E1000_RXERRC);
	s->mpc += er32(a, E1000_MPC);
	s->scc += er32(a, E1000_SCC);
	s->ecol += er32(a, E1000_ECOL);
	s->mcc += er32(a, E1000_MCC);
	s->latecol += er32(a, E1000_LATECOL);
	s->colc += er32(a, E1000_COLC);
	s->dc += er32(a, E1000_DC);
	s->sec += er32(a, E1000_SEC);
	s->rlec += er32(a, E1000_RLEC);
	s->gprc += er32(a, E1000_GPRC);
	s->bprc += er32(a, E1000_BPRC);
	s->mprc += er32(a, E1000_MPRC);
	s->gptc += er32(a, E1000_GPTC);
	/* 64-bit counters: the low half must be read first. */
	s->gorc += er32(a, E1000_GORCL);
	s->gorc += (u64)er32(a, E1000_GORCH) << 32;
	s->gotc += er32(a, E1000_GOTCL);
	s->gotc += (u64)er32(a, E1000_GOTCH) << 32;
	s->rnbc += er32(a, E1000_RNBC);
	s->ruc += er32(a, E1000_RUC);
	s->rfc += er32(a, E1000_RFC);
	s->roc += er32(a, E1000_ROC);
	s->rjc += er32(a, E1000_RJC);
	s->tor += er32(a, E1000_TORL);
	s->tor += (u64)er32(a, E1000_TORH) << 32;
	s->tot += er32(a, E1000_TOTL);
	s->tot += (u64)er32(a, E1000_TOTH) << 32;
	s->tpr += er32(a, E1000_TPR);
	s->tpt += er32(a, E1000_TPT);
	s->mptc += er32(a, E1000_MPTC);
	s->bptc += er32(a, E1000_BPTC);

	/* The generic counters /proc/net/dev shows, from the hardware's view. */
	ns->rx_crc_errors = s->crcerrs;
	ns->rx_missed_errors = s->mpc;
	ns->rx_length_errors = s->rlec + s->ruc + s->roc + a->sw.rx_long_frames + a->sw.rx_short_frames;
	ns->rx_frame_errors = s->algnerrc + a->sw.rx_frame_errors;
	ns->rx_fifo_errors = s->rnbc;
	ns->collisions = s->colc;
	ns->multicast = s->mprc;
	ns->rx_errors = s->crcerrs + s->algnerrc + s->symerrs + s->rxerrc + s->sec +
			ns->rx_length_errors + a->sw.rx_frame_errors;
	spin_unlock_irqrestore(&a->stats_lock, flags);
}
