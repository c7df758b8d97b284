/*
 * The loopback device "lo": every packet it transmits is received again.
 *
 * Call order: ip_finish_output2 (route said RTCF_LOCAL) -> dev_queue_xmit
 *   -> loopback_xmit -> eth_type_trans -> netif_rx (backlog) -> NET_RX
 *   softirq -> process_backlog -> netif_receive_skb -> ip_rcv.
 * Checksums: lo advertises NETIF_F_HW_CSUM, so TCP/UDP leave theirs
 * CHECKSUM_PARTIAL and it arrives so (see loopback_setup).
 * Going through the backlog instead of calling ip_rcv directly keeps the
 * send path from recursing into the receive path (a reply generated while
 * receiving would otherwise nest one stack frame deeper per packet).
 * Linux keeps this in drivers/net/loopback.c; Sockeye keeps it with the
 * core because nothing about it is hardware.
 */
#include <linux/netdevice.h>
#include <linux/etherdevice.h>

struct net_device *loopback_dev;

/* Same as Linux: 64K so a maximal IP datagram is never fragmented on lo. */
#define LOOPBACK_MTU	(64 * 1024)

static netdev_tx_t loopback_xmit(struct sk_buff *skb, struct net_device *dev)
{
	unsigned int len = skb->len;

	/* Handed up as it is, even a clone sharing TCP's retransmit queue:
	 * loopback writes no byte, and input only reads (reassembly builds a
	 * new skb), so the header-clone rule (skbuff.h) holds without a copy.
	 * A CHECKSUM_PARTIAL packet stays so: nothing computes its checksum,
	 * and TCP/UDP input accept it unverified (skb_csum_unnecessary). */
	/* The sending socket's accounting ends here; the receiver takes over. */
	skb_orphan(skb);
	skb->protocol = eth_type_trans(skb, dev);
	if (netif_rx(skb) == NET_RX_SUCCESS) {
		dev->stats.tx_packets++;
		dev->stats.tx_bytes += len;
		dev->stats.rx_packets++;
		dev->stats.rx_bytes += len;
	}
	return NETDEV_TX_OK;
}

static int loopback_open(struct net_device *dev)
{
	netif_start_queue(dev);
	netif_carrier_on(dev);
	return 0;
}

static const struct net_device_ops loopback_ops = {
	.ndo_open	= loopback_open,
	.ndo_start_xmit	= loopback_xmit,
};

static void loopback_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->mtu = LOOPBACK_MTU;
	dev->max_mtu = LOOPBACK_MTU;
	dev->type = ARPHRD_LOOPBACK;
	dev->flags = IFF_LOOPBACK;	/* as Linux: no ARP because it is loopback, not IFF_NOARP */
	dev->tx_queue_len = 0;		/* never queues: xmit always succeeds */
	memset(dev->dev_addr, 0, ETH_ALEN);
	memset(dev->broadcast, 0, ETH_ALEN);
	dev->netdev_ops = &loopback_ops;
	/* As Linux's lo: "hardware" checksumming, i.e. none - a packet that
	 * never leaves memory cannot be corrupted on a wire, so TCP and UDP
	 * over lo are never summed, on either side. */
	dev->features = NETIF_F_HW_CSUM;
}

int loopback_init(void)
{
	struct net_device *dev = alloc_netdev(0, "lo", loopback_setup);
	int err;

	if (!dev)
		return -ENOMEM;
	err = register_netdev(dev);
	if (err) {
		free_netdev(dev);
		return err;
	}
	loopback_dev = dev;
	return dev_open(dev);
}
