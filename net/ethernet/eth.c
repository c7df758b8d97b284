/*
 * Ethernet framing: device setup (alloc_etherdev), classifying received
 * frames (eth_type_trans) and building headers (eth_header).
 *
 * RX: driver -> eth_type_trans (sets skb->dev, mac header, pkt_type,
 *     pulls the 14-byte header, returns the ethertype) -> netif_receive_skb.
 * TX: neigh_output -> dev_hard_header -> eth_header -> dev_queue_xmit.
 * Runt frames (shorter than a header) are counted and replaced by an
 * ethertype no handler owns, so netif_receive_skb drops them by the one
 * drop path it already has.
 */
#include <linux/etherdevice.h>
#include <linux/byteorder.h>

void ether_setup(struct net_device *dev)
{
	dev->header_ops = &eth_header_ops;
	dev->type = ARPHRD_ETHER;
	dev->hard_header_len = ETH_HLEN;
	dev->mtu = ETH_DATA_LEN;
	dev->min_mtu = 68;		/* RFC 791: every host takes 68-byte datagrams */
	dev->max_mtu = ETH_DATA_LEN;
	dev->addr_len = ETH_ALEN;
	dev->tx_queue_len = DEFAULT_TX_QUEUE_LEN;
	dev->flags = IFF_BROADCAST | IFF_MULTICAST;
	eth_broadcast_addr(dev->broadcast);
}

struct net_device *alloc_etherdev(int sizeof_priv)
{
	return alloc_netdev(sizeof_priv, "eth%d", ether_setup);
}

/* Ethertype reserved for nothing: runts get it so no handler matches. */
#define ETH_P_RUNT	0x0000

__be16 eth_type_trans(struct sk_buff *skb, struct net_device *dev)
{
	const struct ethhdr *eth;

	skb->dev = dev;
	skb_reset_mac_header(skb);
	if (unlikely(skb->len < ETH_HLEN)) {
		dev->stats.rx_length_errors++;
		dev->stats.rx_errors++;
		skb->pkt_type = PACKET_OTHERHOST;
		return htons(ETH_P_RUNT);
	}
	eth = (const struct ethhdr *)skb->data;
	skb_pull(skb, ETH_HLEN);

	if (unlikely(is_multicast_ether_addr(eth->h_dest))) {
		if (is_broadcast_ether_addr(eth->h_dest))
			skb->pkt_type = PACKET_BROADCAST;
		else
			skb->pkt_type = PACKET_MULTICAST;
		dev->stats.multicast++;
	} else if (!ether_addr_equal(eth->h_dest, dev->dev_addr)) {
		skb->pkt_type = PACKET_OTHERHOST;
	} else {
		skb->pkt_type = PACKET_HOST;
	}

	/* Below 0x0600 the field is an 802.3 length: no IP or ARP in there. */
	if (ntohs(eth->h_proto) >= ETH_P_802_3_MIN)
		return eth->h_proto;
	return htons(ETH_P_802_3);
}

int eth_header(struct sk_buff *skb, struct net_device *dev, unsigned short type,
	       const void *daddr, const void *saddr, unsigned int len)
{
	struct ethhdr *eth;

	/* The headroom may be shared with another clone (header-clone rule, skbuff.h). */
	if (skb_cow_head(skb, ETH_HLEN))
		return -ENOMEM;
	eth = skb_push(skb, ETH_HLEN);

	eth->h_proto = htons(type);
	memcpy(eth->h_source, saddr ? saddr : dev->dev_addr, ETH_ALEN);
	if (daddr)
		memcpy(eth->h_dest, daddr, ETH_ALEN);
	else
		memset(eth->h_dest, 0, ETH_ALEN);
	skb_reset_mac_header(skb);
	return ETH_HLEN;
}

const struct header_ops eth_header_ops = {
	.create = eth_header,
};

int eth_skb_pad(struct sk_buff *skb)
{
	unsigned int len = skb->len;

	if (len >= ETH_ZLEN)
		return 0;
	if (skb_tailroom(skb) < ETH_ZLEN - len) {
		kfree_skb(skb);
		return -ENOMEM;
	}
	skb_put_zero(skb, ETH_ZLEN - len);
	return 0;
}
