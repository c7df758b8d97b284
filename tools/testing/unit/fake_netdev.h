/*
 * A fake Ethernet device for protocol tests: frames the stack transmits
 * are captured on a queue the test inspects; frames the test injects go
 * through eth_type_trans and netif_receive_skb in softirq context, as a
 * NAPI poll would deliver them. Plus frame builders for the tests.
 * Link tools/testing/unit/fake_netdev.c (and the net/ sources it needs).
 */
#ifndef _UNIT_FAKE_NETDEV_H
#define _UNIT_FAKE_NETDEV_H

#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/ip.h>
#include <linux/icmp.h>
#include <net/ip.h>

struct fake_netdev {
	struct sk_buff_head	tx;		/* captured frames, oldest first */
	unsigned int		tx_total;
	int			ring_slots;	/* < 0: unlimited; else stop the queue when 0 */
	/* Receive in bursts, through NAPI and GRO (fake_rx_burst_begin/end). */
	bool			burst;		/* fake_rx queues instead of delivering */
	struct sk_buff_head	rx_burst;	/* frames for the next poll */
	struct napi_struct	napi;
	unsigned int		polls;
	bool			rx_csum;	/* bursts: the NIC verifies TCP checksums (real
						 * 8254x); false, the default, as QEMU's gives no verdict */
};

/* Registers, opens (carrier on) and optionally addresses the device. */
struct net_device *fake_netdev_create(const u8 mac[ETH_ALEN], const char *ip, int prefixlen);
/* 10.0.2.15/24 with the peer 10.0.2.2 already resolved and the tx queue empty: a send leaves at once. */
struct net_device *fake_netdev_up(void);
void fake_netdev_destroy(struct net_device *dev);
static inline struct fake_netdev *fake_priv(struct net_device *dev) { return netdev_priv(dev); }

struct sk_buff *fake_tx_pop(struct net_device *dev);	/* oldest captured frame or NULL */
unsigned int fake_tx_count(struct net_device *dev);
void fake_tx_purge(struct net_device *dev);

/* Deliver a frame (Ethernet header included) as the driver would, then run softirqs. */
void fake_rx(struct net_device *dev, const void *frame, unsigned int len);

/*
 * Bursts, as a NIC's ring fills between two polls: after
 * fake_rx_burst_begin, fake_rx only queues; fake_rx_burst_end delivers
 * everything queued by NAPI polls of up to 64 frames (net_rx_action ->
 * poll -> napi_gro_receive), with CHECKSUM_NONE as QEMU's e1000 gives
 * them, or, with rx_csum set, CHECKSUM_UNNECESSARY on a TCP checksum that
 * verifies, as a real 8254x does. GRO merges only if
 * the device has NETIF_F_GRO (set it in dev->features).
 */
void fake_rx_burst_begin(struct net_device *dev);
void fake_rx_burst_end(struct net_device *dev);

/* The whole stack up once per test binary (net_init), for UNIT_SETUP. */
void fake_net_setup(void);

__be32 ip(const char *dotted);

/*
 * Build Ethernet + IPv4 header + payload into buf; returns the frame
 * length. frag_off is host order (IP_MF | offset/8); the checksum is
 * filled. Tests then break what they want to test.
 */
unsigned int build_ipv4_frame(u8 *buf, const u8 *dst_mac, const u8 *src_mac,
			      __be32 saddr, __be32 daddr, u8 proto, u16 id, u16 frag_off,
			      const void *payload, unsigned int plen);
/* An ICMP echo request payload (header + data, checksummed) into buf; returns length. */
unsigned int build_icmp_echo(u8 *buf, u16 id, u16 seq, const void *data, unsigned int dlen);
unsigned int build_arp_frame(u8 *buf, int op, const u8 *src_mac, __be32 sip,
			     const u8 *dst_mac, const u8 *tha, __be32 tip);

extern const u8 fake_mac_us[ETH_ALEN];
extern const u8 fake_mac_peer[ETH_ALEN];
extern const u8 fake_mac_bcast[ETH_ALEN];

#endif
