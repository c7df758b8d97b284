/*
 * The fake Ethernet device and frame builders (see fake_netdev.h).
 * ndo_start_xmit captures the skb; with ring_slots >= 0 it models a ring
 * of that many descriptors so tests can exercise netif_stop_queue and the
 * qdisc path.
 */
#include "fake_netdev.h"
#include "unit.h"
#include <net/arp.h>
#include <net/checksum.h>
#include <net/icmp.h>
#include <linux/tcp.h>
#include <linux/in.h>

const u8 fake_mac_us[ETH_ALEN] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
const u8 fake_mac_peer[ETH_ALEN] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };
const u8 fake_mac_bcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static netdev_tx_t fake_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct fake_netdev *f = fake_priv(dev);

	if (f->ring_slots == 0) {
		netif_stop_queue(dev);
		return NETDEV_TX_BUSY;
	}
	if (f->ring_slots > 0 && --f->ring_slots == 0)
		netif_stop_queue(dev);
	dev->stats.tx_packets++;
	dev->stats.tx_bytes += skb->len;
	f->tx_total++;
	skb_queue_tail(&f->tx, skb);
	return NETDEV_TX_OK;
}

static int fake_open(struct net_device *dev)
{
	netif_start_queue(dev);
	netif_carrier_on(dev);
	return 0;
}

static int fake_stop(struct net_device *dev)
{
	netif_stop_queue(dev);
	return 0;
}

static const struct net_device_ops fake_ops = {
	.ndo_open	= fake_open,
	.ndo_stop	= fake_stop,
	.ndo_start_xmit	= fake_xmit,
};

/* What the e1000 tells the stack: a TCP/IPv4 checksum that verifies is CHECKSUM_UNNECESSARY. */
static void fake_rx_checksum(struct sk_buff *skb)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	unsigned int ihl, len;

	skb->ip_summed = CHECKSUM_NONE;
	if (skb->protocol != htons(ETH_P_IP) || skb->len < sizeof(*iph) || iph->protocol != IPPROTO_TCP)
		return;
	ihl = iph->ihl * 4;
	len = ntohs(iph->tot_len);
	if (ihl < sizeof(*iph) || len > skb->len || len < ihl + sizeof(struct tcphdr))
		return;
	if (!csum_tcpudp_magic(iph->saddr, iph->daddr, len - ihl, IPPROTO_TCP,
			       csum_partial(skb->data + ihl, len - ihl, 0)))
		skb->ip_summed = CHECKSUM_UNNECESSARY;
}

static int fake_poll(struct napi_struct *napi, int budget)
{
	struct fake_netdev *f = container_of(napi, struct fake_netdev, napi);
	struct net_device *dev = napi->dev;
	int work = 0;

	f->polls++;
	while (work < budget) {
		struct sk_buff *skb = skb_dequeue(&f->rx_burst);

		if (!skb)
			break;
		work++;
		skb->protocol = eth_type_trans(skb, dev);
		if (f->rx_csum)
			fake_rx_checksum(skb);
		else
			skb->ip_summed = CHECKSUM_NONE;	/* QEMU's e1000: no verdict (IXSM) */
		napi_gro_receive(napi, skb);
	}
	if (work < budget)
		napi_complete_done(napi, work);
	return work;
}

void fake_rx_burst_begin(struct net_device *dev)
{
	fake_priv(dev)->burst = true;
}

void fake_rx_burst_end(struct net_device *dev)
{
	struct fake_netdev *f = fake_priv(dev);

	f->burst = false;
	if (skb_queue_empty(&f->rx_burst))
		return;
	napi_schedule(&f->napi);
	run_softirqs();	/* net_rx_action polls until the queue is empty */
}

__be32 ip(const char *dotted)
{
	__be32 a = 0;

	if (!in_aton(dotted, &a))
		panic("bad address in test: %s", dotted);
	return a;
}

struct net_device *fake_netdev_create(const u8 mac[ETH_ALEN], const char *addr, int prefixlen)
{
	struct net_device *dev = alloc_etherdev(sizeof(struct fake_netdev));
	struct fake_netdev *f;

	if (!dev)
		return NULL;
	f = fake_priv(dev);
	skb_queue_head_init(&f->tx);
	f->ring_slots = -1;
	skb_queue_head_init(&f->rx_burst);
	memcpy(dev->dev_addr, mac, ETH_ALEN);
	dev->netdev_ops = &fake_ops;
	if (register_netdev(dev)) {
		free_netdev(dev);
		return NULL;
	}
	netif_napi_add(dev, &f->napi, fake_poll);
	napi_enable(&f->napi);
	if (addr)
		inet_set_ifaddr(dev, ip(addr), prefixlen);
	dev_open(dev);
	run_softirqs();
	return dev;
}

void fake_netdev_destroy(struct net_device *dev)
{
	netif_napi_del(&fake_priv(dev)->napi);
	skb_queue_purge(&fake_priv(dev)->rx_burst);
	unregister_netdev(dev);
	run_softirqs();
	fake_tx_purge(dev);
	free_netdev(dev);
}

struct sk_buff *fake_tx_pop(struct net_device *dev)
{
	return skb_dequeue(&fake_priv(dev)->tx);
}

unsigned int fake_tx_count(struct net_device *dev)
{
	return skb_queue_len(&fake_priv(dev)->tx);
}

void fake_tx_purge(struct net_device *dev)
{
	skb_queue_purge(&fake_priv(dev)->tx);
}

void fake_rx(struct net_device *dev, const void *frame, unsigned int len)
{
	struct sk_buff *skb = netdev_alloc_skb(dev, len);

	if (!skb)
		panic("fake_rx: no memory");
	skb_put_data(skb, frame, len);
	if (fake_priv(dev)->burst) {
		skb_queue_tail(&fake_priv(dev)->rx_burst, skb);
		return;
	}
	dev->stats.rx_packets++;
	dev->stats.rx_bytes += len;
	/* As a NAPI poll would: in softirq context. */
	preempt_count += SOFTIRQ_OFFSET;
	skb->protocol = eth_type_trans(skb, dev);
	netif_receive_skb(skb);
	preempt_count -= SOFTIRQ_OFFSET;
	run_softirqs();
}

void fake_net_setup(void)
{
	net_init();
	run_softirqs();
	/* Errors are rate limited by default; tests that check limits turn it back on. */
	sysctl_icmp_ratelimit = 0;
}

unsigned int build_ipv4_frame(u8 *buf, const u8 *dst_mac, const u8 *src_mac,
			      __be32 saddr, __be32 daddr, u8 proto, u16 id, u16 frag_off,
			      const void *payload, unsigned int plen)
{
	struct ethhdr *eth = (struct ethhdr *)buf;
	struct iphdr *iph = (struct iphdr *)(buf + ETH_HLEN);

	memcpy(eth->h_dest, dst_mac, ETH_ALEN);
	memcpy(eth->h_source, src_mac, ETH_ALEN);
	eth->h_proto = htons(ETH_P_IP);
	memset(iph, 0, sizeof(*iph));
	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(sizeof(*iph) + plen);
	iph->id = htons(id);
	iph->frag_off = htons(frag_off);
	iph->ttl = 64;
	iph->protocol = proto;
	iph->saddr = saddr;
	iph->daddr = daddr;
	iph->check = ip_fast_csum(iph, iph->ihl);
	memcpy(buf + ETH_HLEN + sizeof(*iph), payload, plen);
	return ETH_HLEN + sizeof(*iph) + plen;
}

unsigned int build_icmp_echo(u8 *buf, u16 id, u16 seq, const void *data, unsigned int dlen)
{
	struct icmphdr *h = (struct icmphdr *)buf;

	memset(h, 0, sizeof(*h));
	h->type = ICMP_ECHO;
	h->un.echo.id = htons(id);
	h->un.echo.sequence = htons(seq);
	memcpy(buf + sizeof(*h), data, dlen);
	h->checksum = ip_compute_csum(buf, sizeof(*h) + dlen);
	return sizeof(*h) + dlen;
}

unsigned int build_arp_frame(u8 *buf, int op, const u8 *src_mac, __be32 sip,
			     const u8 *dst_mac, const u8 *tha, __be32 tip)
{
	struct ethhdr *eth = (struct ethhdr *)buf;
	struct arphdr *arp = (struct arphdr *)(buf + ETH_HLEN);

	memset(buf, 0, ETH_ZLEN);
	memcpy(eth->h_dest, dst_mac, ETH_ALEN);
	memcpy(eth->h_source, src_mac, ETH_ALEN);
	eth->h_proto = htons(ETH_P_ARP);
	arp->ar_hrd = htons(ARPHRD_ETHER);
	arp->ar_pro = htons(ETH_P_IP);
	arp->ar_hln = ETH_ALEN;
	arp->ar_pln = 4;
	arp->ar_op = htons(op);
	memcpy(arp->ar_sha, src_mac, ETH_ALEN);
	arp->ar_sip = sip;
	if (tha)
		memcpy(arp->ar_tha, tha, ETH_ALEN);
	arp->ar_tip = tip;
	return ETH_ZLEN;	/* padded like a real NIC would send it */
}

struct net_device *fake_netdev_up(void)
{
	struct net_device *dev = fake_netdev_create(fake_mac_us, "10.0.2.15", 24);
	struct neighbour *n = neigh_create(&arp_tbl, ip("10.0.2.2"), dev);

	neigh_update(n, fake_mac_peer, NUD_REACHABLE, NEIGH_UPDATE_F_OVERRIDE);
	neigh_release(n);
	fake_tx_purge(dev);
	return dev;
}
