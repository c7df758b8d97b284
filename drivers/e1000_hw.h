/*
 * Intel 8254x (e1000) registers, bits, descriptors and the driver's
 * private state. Offsets and bit positions are the 8254x Software
 * Developer's Manual's; names follow Linux's e1000 so the manual, Linux and
 * this driver read alike. Every bit the driver touches has a name here.
 *
 * Files of the driver:
 *   e1000_main.c   probe, open/stop, rings, receive, e1000_intr, e1000_poll
 *   e1000_tx.c     e1000_xmit_frame (checksum and TSO context descriptors), doorbell, reclaim
 *   e1000_hw.c     reset, EEPROM/MAC, link, interrupt moderation, stats registers
 *   e1000_stats.c  /proc/net/e1000_stats, the itr sysctl
 *   e1000_ktest.c  ring accounting and NAPI budget self-tests (fake registers)
 *
 * Lock legend for struct e1000_adapter:
 *   [T]  dev->tx_lock: the TX producer side (e1000_xmit_frame) and queue stop/wake
 *   [N]  owned by whoever holds NAPI_STATE_SCHED (e1000_poll): the RX ring
 *   The TX consumer side (next_to_clean, reclaim) is [T] too: both the poll
 *   and e1000_xmit_frame (right after its doorbell) reclaim sent descriptors.
 *   [S]  stats_lock (irqsave): the accumulated hardware counters
 *   [-]  set at probe/open, read-only while the device is up
 */
#ifndef _DRIVERS_E1000_HW_H
#define _DRIVERS_E1000_HW_H

#include <linux/netdevice.h>
#include <linux/pci.h>
#include <asm/io.h>

/* PCI ids: the 8254x parts QEMU emulates. */
#define E1000_DEV_ID_82540EM		0x100e
#define E1000_DEV_ID_82545EM_COPPER	0x100f

/* ---- registers (byte offsets into BAR0) ---- */
#define E1000_CTRL	0x00000	/* device control */
#define E1000_STATUS	0x00008	/* device status (read only) */
#define E1000_EECD	0x00010	/* EEPROM control */
#define E1000_EERD	0x00014	/* EEPROM read */
#define E1000_CTRL_EXT	0x00018
#define E1000_ICR	0x000c0	/* interrupt cause read: reading clears (acks) it */
#define E1000_ITR	0x000c4	/* interrupt throttling, units of 256 ns */
#define E1000_ICS	0x000c8	/* interrupt cause set (software-raised interrupts) */
#define E1000_IMS	0x000d0	/* interrupt mask set: write 1s to enable causes */
#define E1000_IMC	0x000d8	/* interrupt mask clear: write 1s to disable causes */
#define E1000_RCTL	0x00100	/* receive control */
#define E1000_TCTL	0x00400	/* transmit control */
#define E1000_TIPG	0x00410	/* transmit inter-packet gap */
#define E1000_RDBAL	0x02800	/* RX descriptor ring base, low 32 bits */
#define E1000_RDBAH	0x02804
#define E1000_RDLEN	0x02808	/* ring length in bytes, multiple of 128 */
#define E1000_RDH	0x02810	/* head: the next descriptor the NIC fills */
#define E1000_RDT	0x02818	/* tail: the NIC stops before it */
#define E1000_RDTR	0x02820	/* RX delay timer */
#define E1000_RADV	0x0282c	/* RX absolute delay */
#define E1000_TDBAL	0x03800
#define E1000_TDBAH	0x03804
#define E1000_TDLEN	0x03808
#define E1000_TDH	0x03810	/* head: the next descriptor the NIC sends */
#define E1000_TDT	0x03818	/* tail: one past the last descriptor we queued */
#define E1000_TIDV	0x03820	/* TX interrupt delay */
#define E1000_RXCSUM	0x05000	/* RX checksum offload control */
#define E1000_MTA	0x05200	/* multicast table array, 128 dwords */
#define E1000_MTA_ENTRIES 128
#define E1000_RAL0	0x05400	/* receive address 0, low: MAC bytes 0-3 */
#define E1000_RAH0	0x05404	/* receive address 0, high: bytes 4-5 and AV */

/* Statistics registers: clear on read, 32 bits (GORC/GOTC/TOR/TOT are 64, low then high). */
#define E1000_CRCERRS	0x04000	/* CRC errors */
#define E1000_ALGNERRC	0x04004	/* alignment errors */
#define E1000_SYMERRS	0x04008	/* symbol errors */
#define E1000_RXERRC	0x0400c	/* RX errors */
#define E1000_MPC	0x04010	/* missed packets: no RX descriptor free */
#define E1000_SCC	0x04014	/* single collisions */
#define E1000_ECOL	0x04018	/* excessive collisions */
#define E1000_MCC	0x0401c	/* multiple collisions */
#define E1000_LATECOL	0x04020
#define E1000_COLC	0x04028	/* collisions */
#define E1000_DC	0x04030	/* defers */
#define E1000_SEC	0x04038	/* sequence errors */
#define E1000_RLEC	0x04040	/* receive length errors */
#define E1000_GPRC	0x04074	/* good packets received */
#define E1000_BPRC	0x04078	/* broadcast packets received */
#define E1000_MPRC	0x0407c	/* multicast packets received */
#define E1000_GPTC	0x04080	/* good packets transmitted */
#define E1000_GORCL	0x04088	/* good octets received, low */
#define E1000_GORCH	0x0408c
#define E1000_GOTCL	0x04090	/* good octets transmitted, low */
#define E1000_GOTCH	0x04094
#define E1000_RNBC	0x040a0	/* receive no buffers */
#define E1000_RUC	0x040a4	/* receive undersize */
#define E1000_RFC	0x040a8	/* receive fragment */
#define E1000_ROC	0x040ac	/* receive oversize */
#define E1000_RJC	0x040b0	/* receive jabber */
#define E1000_TORL	0x040c0	/* total octets received, low */
#define E1000_TORH	0x040c4
#define E1000_TOTL	0x040c8	/* total octets transmitted, low */
#define E1000_TOTH	0x040cc
#define E1000_TPR	0x040d0	/* total packets received */
#define E1000_TPT	0x040d4	/* total packets transmitted */
#define E1000_MPTC	0x040f0	/* multicast packets transmitted */
#define E1000_BPTC	0x040f4	/* broadcast packets transmitted */
#define E1000_REG_SPACE	0x06000	/* everything above fits below this (the ktest's fake BAR) */

/* CTRL */
#define E1000_CTRL_FD		0x00000001	/* full duplex */
#define E1000_CTRL_LRST		0x00000008	/* link reset */
#define E1000_CTRL_ASDE		0x00000020	/* auto-speed detection */
#define E1000_CTRL_SLU		0x00000040	/* set link up */
#define E1000_CTRL_ILOS		0x00000080	/* invert loss-of-signal */
#define E1000_CTRL_RST		0x04000000	/* global reset, self-clearing */
#define E1000_CTRL_VME		0x40000000	/* VLAN mode */
#define E1000_CTRL_PHY_RST	0x80000000

/* STATUS */
#define E1000_STATUS_FD		0x00000001
#define E1000_STATUS_LU		0x00000002	/* link up */
#define E1000_STATUS_SPEED_MASK	0x000000c0
#define E1000_STATUS_SPEED_10	0x00000000
#define E1000_STATUS_SPEED_100	0x00000040
#define E1000_STATUS_SPEED_1000	0x00000080

/* EERD: start a read, wait for DONE, data in the high half. */
#define E1000_EERD_START	0x00000001
#define E1000_EERD_DONE		0x00000010
#define E1000_EERD_ADDR_SHIFT	8
#define E1000_EERD_DATA_SHIFT	16
#define E1000_EEPROM_MAC_WORDS	3		/* words 0-2: the MAC address */
#define E1000_EERD_TIMEOUT	10000		/* polls before giving up */

/* Interrupt causes (ICR/ICS/IMS/IMC share the layout). */
#define E1000_ICR_TXDW		0x00000001	/* TX descriptor written back */
#define E1000_ICR_TXQE		0x00000002	/* TX queue empty */
#define E1000_ICR_LSC		0x00000004	/* link status change */
#define E1000_ICR_RXSEQ		0x00000008	/* RX sequence error */
#define E1000_ICR_RXDMT0	0x00000010	/* RX descriptors below minimum threshold */
#define E1000_ICR_RXO		0x00000040	/* RX overrun */
#define E1000_ICR_RXT0		0x00000080	/* RX timer: a frame arrived */
/*
 * TXDW is not in the mask the driver unmasks after every poll: the transmit
 * path reclaims what the NIC has already sent right after its doorbell
 * (QEMU's e1000 sends inside the TDT write), and asks for TXDW only while
 * descriptors are still outstanding (e1000_tx_kick). An interrupt per
 * reply would cost more than its handler: QEMU's e1000 holds any further
 * interrupt back for 128 us after raising one, so a TXDW raised after a
 * reply delays the interrupt for the next request behind it.
 */
#define E1000_IMS_ENABLE_MASK	(E1000_ICR_LSC | E1000_ICR_RXSEQ | E1000_ICR_RXDMT0 | \
				 E1000_ICR_RXO | E1000_ICR_RXT0)
#define E1000_IMC_ALL		0xffffffff

/*
 * ITR: interval in 256 ns units; 0 turns moderation off. The setting
 * (/proc/sys/net/e1000/itr) reads as Linux's e1000 `ethtool -C rx-usecs`:
 * 0 off, 1 dynamic, 3 dynamic conservative (Linux's default, ours), 10 to
 * E1000_ITR_MAX_USECS a fixed interval in microseconds.
 */
#define E1000_ITR_UNIT_NS	256
#define E1000_ITR_MIN_USECS	10
#define E1000_ITR_MAX_USECS	10000
#define E1000_ITR_DYNAMIC	1
#define E1000_ITR_CONSERVATIVE	3
#define E1000_DEFAULT_ITR	E1000_ITR_CONSERVATIVE

/* The traffic classes of dynamic moderation (e1000_set_itr); their rates are e1000_itr_rate[]. */
enum e1000_latency_range {
	lowest_latency = 0,	/* not in conservative mode */
	low_latency = 1,	/* round trips, small packets */
	bulk_latency = 2,	/* full frames, many per interrupt */
};

static inline bool e1000_itr_dynamic(int setting)
{
	return setting == E1000_ITR_DYNAMIC || setting == E1000_ITR_CONSERVATIVE;
}

/* RCTL */
#define E1000_RCTL_EN		0x00000002	/* receiver enable */
#define E1000_RCTL_SBP		0x00000004	/* store bad packets */
#define E1000_RCTL_UPE		0x00000008	/* unicast promiscuous */
#define E1000_RCTL_MPE		0x00000010	/* multicast promiscuous */
#define E1000_RCTL_LPE		0x00000020	/* long packets */
#define E1000_RCTL_LBM_NO	0x00000000	/* no loopback */
#define E1000_RCTL_RDMTS_HALF	0x00000000	/* RXDMT0 when half the ring is free */
#define E1000_RCTL_BAM		0x00008000	/* accept broadcast */
#define E1000_RCTL_SZ_2048	0x00000000	/* buffer size 2048 (BSEX clear) */
#define E1000_RCTL_SECRC	0x04000000	/* strip the Ethernet CRC */

/* TCTL */
#define E1000_TCTL_EN		0x00000002
#define E1000_TCTL_PSP		0x00000008	/* pad short packets */
#define E1000_TCTL_CT_SHIFT	4		/* collision threshold */
#define E1000_TCTL_COLD_SHIFT	12		/* collision distance */
#define E1000_COLLISION_THRESHOLD 15
#define E1000_COLLISION_DISTANCE_FD 64		/* full duplex, in byte times */

/* TIPG for copper 8254x (manual's recommended IPGT/IPGR1/IPGR2). */
#define E1000_TIPG_IPGT		10
#define E1000_TIPG_IPGR1_SHIFT	10
#define E1000_TIPG_IPGR1	8
#define E1000_TIPG_IPGR2_SHIFT	20
#define E1000_TIPG_IPGR2	6

/* RXCSUM */
#define E1000_RXCSUM_PCSS_MASK	0x000000ff
#define E1000_RXCSUM_IPOFL	0x00000100	/* IPv4 header checksum offload */
#define E1000_RXCSUM_TUOFL	0x00000200	/* TCP/UDP checksum offload */

/* RAH */
#define E1000_RAH_AV		0x80000000	/* address valid */

/* ---- descriptors ---- */

/* Legacy receive descriptor: the NIC writes length, csum, status, errors. */
struct e1000_rx_desc {
	u64 buffer_addr;
	u16 length;
	u16 csum;
	u8 status;
	u8 errors;
	u16 special;
} __packed;

#define E1000_RXD_STAT_DD	0x01	/* descriptor done: the NIC filled it */
#define E1000_RXD_STAT_EOP	0x02	/* end of packet */
#define E1000_RXD_STAT_IXSM	0x04	/* ignore the checksum indications */
#define E1000_RXD_STAT_VP	0x08	/* 802.1Q packet */
#define E1000_RXD_STAT_UDPCS	0x10	/* UDP checksum computed */
#define E1000_RXD_STAT_TCPCS	0x20	/* TCP/UDP checksum computed */
#define E1000_RXD_STAT_IPCS	0x40	/* IPv4 header checksum computed */
#define E1000_RXD_STAT_PIF	0x80	/* passed in-exact filter */

#define E1000_RXD_ERR_CE	0x01	/* CRC or alignment error */
#define E1000_RXD_ERR_SE	0x02	/* symbol error */
#define E1000_RXD_ERR_SEQ	0x04	/* sequence error */
#define E1000_RXD_ERR_CXE	0x10	/* carrier extension error */
#define E1000_RXD_ERR_TCPE	0x20	/* TCP/UDP checksum error */
#define E1000_RXD_ERR_IPE	0x40	/* IPv4 header checksum error */
#define E1000_RXD_ERR_RXE	0x80	/* RX data error */
#define E1000_RXD_ERR_FRAME_ERR_MASK (E1000_RXD_ERR_CE | E1000_RXD_ERR_SE | \
				      E1000_RXD_ERR_SEQ | E1000_RXD_ERR_CXE | E1000_RXD_ERR_RXE)

/* Transmit descriptor, legacy view: we only use the extended ones below, but
 * the layout is what TDBAL points at either way (16 bytes each). */
struct e1000_tx_desc {
	u64 buffer_addr;
	u32 lower;	/* data: length | DTYP | DCMD */
	u32 upper;	/* data: status | popts << 8 | special << 16 */
} __packed;

/* TCP/IP context descriptor: tells the NIC where checksums start and go. */
struct e1000_context_desc {
	u8 ipcss;	/* IP checksum start (offset from the frame start) */
	u8 ipcso;	/* IP checksum offset: where the result goes */
	u16 ipcse;	/* IP checksum end, inclusive; 0 = to the end */
	u8 tucss;	/* TCP/UDP checksum start */
	u8 tucso;	/* TCP/UDP checksum offset */
	u16 tucse;	/* TCP/UDP checksum end; 0 = to the end of the packet */
	u32 cmd_and_length;	/* TUCMD << 24 | DTYP_C | PAYLEN (TSO: bytes after the headers) */
	u8 status;
	u8 hdr_len;	/* TSO: HDRLEN, the headers (Ethernet + IP + TCP) copied into every segment */
	u16 mss;	/* TSO: MSS, payload bytes per segment */
} __packed;

/* TX descriptor command/type bits (in "lower" / cmd_and_length). */
#define E1000_TXD_DTYP_D	0x00100000	/* extended data descriptor */
#define E1000_TXD_DTYP_C	0x00000000	/* context descriptor */
#define E1000_TXD_CMD_EOP	0x01000000	/* end of packet */
#define E1000_TXD_CMD_IFCS	0x02000000	/* insert the Ethernet FCS */
#define E1000_TXD_CMD_IC	0x04000000	/* insert checksum (legacy) */
#define E1000_TXD_CMD_RS	0x08000000	/* report status: write DD back */
#define E1000_TXD_CMD_DEXT	0x20000000	/* extended descriptor format */
#define E1000_TXD_CMD_IDE	0x80000000	/* interrupt delay enable */
#define E1000_TXD_CMD_TCP	0x01000000	/* context: L4 is TCP (else UDP) */
#define E1000_TXD_CMD_IP	0x02000000	/* context: L3 is IPv4 */
#define E1000_TXD_CMD_TSE	0x04000000	/* context TUCMD.TSE / data DCMD.TSE: segment this packet */
#define E1000_TXD_LEN_MASK	0x000fffff
/* One data descriptor's most: DTALEN has 20 bits, but QEMU's e1000 reads only
 * the low 16 (the legacy layout), and TCP's TSO skbs stay below 64 KiB. */
#define E1000_MAX_TXD_LEN	0xffff
/* upper */
#define E1000_TXD_STAT_DD	0x00000001	/* descriptor done */
#define E1000_TXD_POPTS_SHIFT	8
#define E1000_TXD_POPTS_IXSM	0x01		/* insert the IP checksum */
#define E1000_TXD_POPTS_TXSM	0x02		/* insert the TCP/UDP checksum */

/* ---- driver state ---- */

#define E1000_RX_RING_SIZE	256	/* descriptors; 16 bytes each = one page */
#define E1000_TX_RING_SIZE	256
#define E1000_RXBUFFER_2048	2048	/* matches RCTL_SZ_2048 */
/*
 * What a receive buffer really holds: with long packets off (no RCTL.LPE)
 * the NIC stores at most a 1522-byte frame (1518 + VLAN tag) whatever
 * BSIZE says, so the buffer is sized to fit the 2 KiB skb data class with
 * its headroom and skb_shared_info. A 4 KiB buffer per 1.5 KiB frame would
 * make every TCP segment cost 2.9 times its payload in receive memory.
 */
#define E1000_RX_ALLOC_LEN	(E1000_RXBUFFER_2048 - NET_SKB_PAD - NET_IP_ALIGN - sizeof(struct skb_shared_info))
/*
 * Refill (and write RDT) once per this many cleaned: once per full poll.
 * Linux's e1000 says 16, for a real NIC that must never starve at line
 * rate; 192 of 256 descriptors stay posted here either way. Under QEMU an
 * RDT write is an exit to the device model, which flushes its queue and
 * wakes its main loop (qemu_flush_queued_packets), so each one costs the
 * guest host time: host-to-guest bulk 242-245 MB/s at 16, 257-258 at 64
 * (two boots each, back to back).
 */
#define E1000_RX_BUFFER_WRITE	NAPI_POLL_WEIGHT
#define E1000_RX_COPYBREAK	256	/* frames shorter than this are copied; the ring buffer stays */
#define E1000_TX_DESC_PER_PKT	2	/* a context descriptor + one data descriptor (linear skbs) */
#define E1000_TX_STOP_THRESH	(E1000_TX_DESC_PER_PKT + 1)	/* stop the queue below this */
#define E1000_TX_WAKE_THRESH	32	/* wake it when this many are free again */

struct e1000_rx_buffer {
	struct sk_buff	*skb;		/* NULL: slot needs a buffer */
	dma_addr_t	dma;		/* virt_to_phys(skb->data) */
};

struct e1000_tx_buffer {
	struct sk_buff	*skb;		/* on the packet's last (EOP) slot only */
	u32		bytecount;	/* with skb: bytes on the wire, every TSO segment's headers included */
	u16		segs;		/* with skb: frames it became (gso_segs for TSO, else 1) */
	u16		next_to_watch;	/* on a packet's first slot: index of its EOP descriptor */
	bool		first;		/* this slot starts a packet */
};

struct e1000_rx_ring {
	struct e1000_rx_desc	*desc;		/* [-] one page, DMA'd by the NIC */
	dma_addr_t		dma;
	unsigned int		count;		/* [-] */
	unsigned int		next_to_use;	/* [N] first slot without a buffer given to the NIC */
	unsigned int		next_to_clean;	/* [N] next slot the NIC will complete */
	struct e1000_rx_buffer	*buffer_info;	/* [N] */
	bool			discarding;	/* [N] inside a frame that overflowed a buffer */
};

struct e1000_tx_ring {
	struct e1000_tx_desc	*desc;
	dma_addr_t		dma;
	unsigned int		count;
	unsigned int		next_to_use;	/* [T] where xmit puts the next descriptor */
	unsigned int		next_to_clean;	/* [T] oldest descriptor not yet reclaimed */
	unsigned int		tail;		/* [T] what TDT was last set to */
	struct e1000_tx_buffer	*buffer_info;
};

/* Hardware counters accumulated across clear-on-read snapshots. [S] */
struct e1000_hw_stats {
	u64 crcerrs, algnerrc, symerrs, rxerrc, mpc, scc, ecol, mcc, latecol, colc, dc, sec, rlec;
	u64 gprc, bprc, mprc, gptc, gorc, gotc, rnbc, ruc, rfc, roc, rjc, tor, tot, tpr, tpt;
	u64 mptc, bptc;
};

/* Software counters: every dropped frame and every decision the bench measures. */
struct e1000_sw_stats {
	unsigned long rx_alloc;		/* ring buffers taken from the allocator at refill */
	unsigned long rx_pool_reuse;	/* ring buffers refilled from rx_pool: no allocation */
	unsigned long rx_alloc_failed;	/* refill could not allocate: slot left empty */
	unsigned long rx_copybreak;	/* small frames copied into a fresh small skb */
	unsigned long rx_recycled;	/* ring buffers re-armed without allocating */
	unsigned long rx_csum_good;	/* NIC verified the L4 checksum */
	unsigned long rx_csum_error;	/* NIC says bad IP/L4 checksum: left to the stack */
	unsigned long rx_csum_ignored;	/* IXSM or offload off */
	unsigned long rx_frame_errors;	/* descriptor error bits set: dropped */
	unsigned long rx_long_frames;	/* frame spanned buffers: dropped */
	unsigned long rx_short_frames;	/* shorter than an Ethernet header: dropped */
	unsigned long tx_busy;		/* xmit found no room (should not happen: we stop first) */
	unsigned long tx_queue_stops;
	unsigned long tx_queue_wakes;
	unsigned long tx_csum_offload;	/* packets sent with a context descriptor */
	unsigned long tx_bad_csum_offsets;	/* CHECKSUM_PARTIAL we could not describe: software sum */
	unsigned long tx_tso;		/* TSO skbs: one context + one data descriptor each */
	unsigned long tx_tso_segs;	/* frames the NIC cut them into */
	unsigned long tx_tso_drop;	/* skb_is_gso we could not describe: dropped (TCP resends) */
	unsigned long tx_xmit_more;	/* packets queued with the doorbell left for the next one */
	unsigned long tx_tail_writes;	/* TDT writes (batching shows as < tx packets) */
	unsigned long tx_reclaim_kick;	/* packets reclaimed right after the doorbell, no interrupt */
	unsigned long tx_irq_armed;	/* times TXDW was unmasked: descriptors outstanding after a kick */
	unsigned long rx_tail_writes;
	unsigned long intr;		/* e1000_intr calls that were ours */
	unsigned long intr_none;	/* shared-line calls with ICR == 0 */
	unsigned long polls;
	unsigned long poll_budget_exhausted;	/* polls that used their whole budget */
	unsigned long lsc;		/* link status changes */
	unsigned long itr_changes;	/* ITR writes by dynamic moderation (e1000_set_itr) */
	unsigned long itr_bulk;		/* ... of them to the bulk rate, 4000/s */
};

struct e1000_adapter {
	struct net_device	*netdev;	/* [-] */
	struct pci_dev		*pdev;		/* [-] NULL for the ktest's fake adapter */
	u8			*hw_addr;	/* [-] BAR0, ioremap'd */
	u16			device_id;
	struct napi_struct	napi;
	struct e1000_rx_ring	rx_ring;
	struct skb_pool		rx_pool;	/* buffers the stack has finished with come back here */
	struct e1000_tx_ring	tx_ring;
	unsigned int		rx_copybreak;	/* [-] */
	bool			rx_csum;	/* [-] RX checksum offload enabled */
	int			itr_setting;	/* [N] 0, 1, 3 or microseconds (E1000_ITR_*): e1000_set_coalesce */
	u32			itr;		/* [N] interrupts/s programmed now (0: off) */
	u8			rx_itr, tx_itr;	/* [N] e1000_latency_range of the last interrupt's traffic */
	/* [N] What the polls since the last interrupt moved, for e1000_set_itr. */
	unsigned int		total_rx_packets, total_rx_bytes;
	unsigned int		total_tx_packets, total_tx_bytes;
	bool			link_check;	/* [I] e1000_intr saw LSC; poll updates the carrier */
	bool			tx_irq_wanted;	/* [T] sent descriptors outstanding: keep TXDW unmasked */
	u32			irq_icr;	/* [I] last ICR, for gdb */
	spinlock_t		stats_lock;
	struct e1000_hw_stats	hw;		/* [S] */
	struct e1000_sw_stats	sw;		/* counted where the event happens */
	struct e1000_adapter	*next;		/* all adapters, for /proc and the sysctl */
};

static inline u32 er32(const struct e1000_adapter *a, u32 reg) { return readl(a->hw_addr + reg); }
static inline void ew32(const struct e1000_adapter *a, u32 reg, u32 v) { writel(v, a->hw_addr + reg); }
/* Push posted writes out: a read from the device orders after them. */
static inline void e1000_write_flush(const struct e1000_adapter *a) { (void)er32(a, E1000_STATUS); }

/* Free descriptors, always leaving one empty so head == tail means "empty". */
static inline unsigned int e1000_desc_unused(unsigned int count, unsigned int ntu, unsigned int ntc)
{
	return (ntc > ntu ? 0 : count) + ntc - ntu - 1;
}

/* e1000_hw.c */
int e1000_reset_hw(struct e1000_adapter *a);
void e1000_read_mac_addr(struct e1000_adapter *a, u8 *mac);
void e1000_set_rar(struct e1000_adapter *a, const u8 *mac);
void e1000_setup_link(struct e1000_adapter *a);
bool e1000_link_up(struct e1000_adapter *a);
unsigned int e1000_link_speed(struct e1000_adapter *a);
void e1000_irq_disable(struct e1000_adapter *a);
void e1000_irq_enable(struct e1000_adapter *a);
bool e1000_itr_setting_valid(int setting);
int e1000_set_coalesce(struct e1000_adapter *a, int setting);
void e1000_set_itr(struct e1000_adapter *a);
void e1000_update_stats(struct e1000_adapter *a);

/* e1000_main.c */
int e1000_setup_rings(struct e1000_adapter *a);
void e1000_free_rings(struct e1000_adapter *a);
int e1000_alloc_rx_buffers(struct e1000_adapter *a, int cleaned_count);
bool e1000_clean_rx_irq(struct e1000_adapter *a, int *work_done, int budget);
int e1000_poll(struct napi_struct *napi, int budget);
extern struct e1000_adapter *e1000_adapters;

/* e1000_tx.c */
bool e1000_clean_tx_irq(struct e1000_adapter *a);
void e1000_tx_kick(struct e1000_adapter *a);
netdev_tx_t e1000_xmit_frame(struct sk_buff *skb, struct net_device *dev);

/* e1000_stats.c */
void e1000_stats_init(void);
extern int e1000_itr_sysctl;	/* /proc/sys/net/e1000/itr: an itr_setting */
extern int e1000_tso_sysctl;	/* /proc/sys/net/e1000/tso: 1 = NETIF_F_TSO (ethtool -K tso) */
extern int e1000_gro_sysctl;	/* /proc/sys/net/e1000/gro: 1 = NETIF_F_GRO (ethtool -K gro) */

#endif
