/* Ethernet devices: allocation, address helpers, eth_type_trans (net/ethernet/eth.c). */
#ifndef _LINUX_ETHERDEVICE_H
#define _LINUX_ETHERDEVICE_H

#include "netdevice.h"
#include "if_ether.h"

struct net_device *alloc_etherdev(int sizeof_priv);	/* "eth%d", mtu 1500, broadcast ff:.. */
void ether_setup(struct net_device *dev);
__be16 eth_type_trans(struct sk_buff *skb, struct net_device *dev);
int eth_header(struct sk_buff *skb, struct net_device *dev, unsigned short type,
	       const void *daddr, const void *saddr, unsigned int len);
extern const struct header_ops eth_header_ops;

static inline struct ethhdr *eth_hdr(const struct sk_buff *skb)
{
	return (struct ethhdr *)skb_mac_header(skb);
}
static inline bool is_zero_ether_addr(const u8 *a)
{
	return !(a[0] | a[1] | a[2] | a[3] | a[4] | a[5]);
}
static inline bool is_multicast_ether_addr(const u8 *a) { return a[0] & 0x01; }	/* I/G bit */
static inline bool is_broadcast_ether_addr(const u8 *a)
{
	return (a[0] & a[1] & a[2] & a[3] & a[4] & a[5]) == 0xff;
}
static inline bool is_valid_ether_addr(const u8 *a)
{
	return !is_multicast_ether_addr(a) && !is_zero_ether_addr(a);
}
static inline bool ether_addr_equal(const u8 *a, const u8 *b) { return !memcmp(a, b, ETH_ALEN); }
static inline void ether_addr_copy(u8 *dst, const u8 *src) { memcpy(dst, src, ETH_ALEN); }
static inline void eth_broadcast_addr(u8 *a) { memset(a, 0xff, ETH_ALEN); }

/* Runt frames are padded by the sender to ETH_ZLEN; returns 0 or -ENOMEM (skb freed). */
int eth_skb_pad(struct sk_buff *skb);

#endif
