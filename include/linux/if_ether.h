/*
 * Ethernet II framing: the 14-byte header and the ethertypes Sockeye
 * understands. Frame sizes exclude the 4-byte FCS, which the NIC strips.
 */
#ifndef _LINUX_IF_ETHER_H
#define _LINUX_IF_ETHER_H

#include "types.h"
#include "compiler.h"

#define ETH_ALEN	6	/* octets in one MAC address */
#define ETH_TLEN	2	/* octets in the type field */
#define ETH_HLEN	14	/* dest + source + type */
#define ETH_ZLEN	60	/* minimum frame without FCS; shorter is a runt */
#define ETH_DATA_LEN	1500	/* maximum payload (the MTU) */
#define ETH_FRAME_LEN	1514	/* maximum frame without FCS */
#define ETH_FCS_LEN	4

/* Values of h_proto (host order here; compare with htons()). */
#define ETH_P_LOOP	0x0060
#define ETH_P_IP	0x0800
#define ETH_P_ARP	0x0806
#define ETH_P_IPV6	0x86DD
#define ETH_P_802_3_MIN	0x0600	/* below this h_proto is an 802.3 length, not a type */
#define ETH_P_802_3	0x0001	/* what eth_type_trans returns for 802.3 frames */
#define ETH_P_ALL	0x0003	/* packet_type wildcard (every frame) */

struct ethhdr {
	u8	h_dest[ETH_ALEN];
	u8	h_source[ETH_ALEN];
	__be16	h_proto;
} __packed;

#endif
