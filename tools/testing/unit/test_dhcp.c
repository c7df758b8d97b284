// unit-sources: net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c tools/testing/unit/fake_netdev.c
/* The DHCP client against a scripted server on the fake device; ip= parsing. */
#include "unit.h"
#include "fake_netdev.h"
#include <net/ipconfig.h>
#include <net/route.h>
#include <net/arp.h>
#include <linux/udp.h>
#include <net/checksum.h>

UNIT_SETUP(fake_net_setup)

#define IPH(skb)	((struct iphdr *)((skb)->data + ETH_HLEN))
#define UDPH(skb)	((struct udphdr *)((skb)->data + ETH_HLEN + 20))
#define BOOTP(skb)	((u8 *)(skb)->data + ETH_HLEN + 28)
#define BOOTP_OPTS	240
static const u8 server_mac[ETH_ALEN] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };

/* The value of option code in a captured client message, or NULL. */
static const u8 *opt(struct sk_buff *skb, u8 code)
{
	const u8 *p = BOOTP(skb) + BOOTP_OPTS, *end = skb->data + skb->len;

	while (p < end && *p != 255) {
		if (*p == 0) {
			p++;
			continue;
		}
		if (*p == code)
			return p + 2;
		p += 2 + p[1];
	}
	return NULL;
}

static u32 xid_of(struct sk_buff *skb)
{
	__be32 x;

	memcpy(&x, BOOTP(skb) + 4, 4);
	return ntohl(x);
}

/* Pop frames until a DHCP (UDP 68->67) one; ARP requests for the server get answered. */
static struct sk_buff *next_dhcp(struct net_device *dev)
{
	struct sk_buff *skb;

	while ((skb = fake_tx_pop(dev)) != NULL) {
		const struct ethhdr *eth = (const struct ethhdr *)skb->data;

		if (eth->h_proto == htons(ETH_P_IP) && IPH(skb)->protocol == IPPROTO_UDP &&
		    UDPH(skb)->dest == htons(67))
			return skb;
		if (eth->h_proto == htons(ETH_P_ARP)) {
			const struct arphdr *a = (const struct arphdr *)(skb->data + ETH_HLEN);

			if (a->ar_tip == ip("10.0.2.2")) {
				u8 f[ETH_ZLEN];

				build_arp_frame(f, ARPOP_REPLY, server_mac, ip("10.0.2.2"),
						dev->dev_addr, dev->dev_addr, a->ar_sip);
				kfree_skb(skb);
				fake_rx(dev, f, sizeof(f));
				continue;
			}
		}
		kfree_skb(skb);
	}
	return NULL;
}

/* The server's reply: type, lease seconds, to broadcast or to our address. */
static void server_reply(struct net_device *dev, u32 xid, u8 type, u32 lease, bool unicast)
{
	static u8 frame[600];
	u8 msg[300];
	u8 *o = msg + BOOTP_OPTS;
	__be32 v;
	unsigned int len;

	memset(msg, 0, sizeof(msg));
	msg[0] = 2;			/* BOOTREPLY */
	msg[1] = 1;
	msg[2] = 6;
	v = htonl(xid);
	memcpy(msg + 4, &v, 4);
	v = ip("10.0.2.15");
	memcpy(msg + 16, &v, 4);	/* yiaddr */
	memcpy(msg + 28, dev->dev_addr, ETH_ALEN);
	v = htonl(0x63825363);
	memcpy(msg + 236, &v, 4);
	*o++ = 53; *o++ = 1; *o++ = type;
	*o++ = 54; *o++ = 4; v = ip("10.0.2.2"); memcpy(o, &v, 4); o += 4;
	*o++ = 1; *o++ = 4; v = ip("255.255.255.0"); memcpy(o, &v, 4); o += 4;
	*o++ = 3; *o++ = 4; v = ip("10.0.2.2"); memcpy(o, &v, 4); o += 4;
	*o++ = 51; *o++ = 4; v = htonl(lease); memcpy(o, &v, 4); o += 4;
	*o++ = 255;

	/* UDP header in front of the message; checksum 0 = none (legal for IPv4). */
	u8 udp[8 + sizeof(msg)];
	struct udphdr *uh = (struct udphdr *)udp;

	uh->source = htons(67);
	uh->dest = htons(68);
	uh->len = htons(sizeof(udp));
	uh->check = 0;
	memcpy(udp + 8, msg, sizeof(msg));
	len = build_ipv4_frame(frame, unicast ? dev->dev_addr : fake_mac_bcast, server_mac,
			       ip("10.0.2.2"), unicast ? ip("10.0.2.15") : ip("255.255.255.255"),
			       IPPROTO_UDP, 1, 0, udp, sizeof(udp));
	fake_rx(dev, frame, len);
}

TEST(dhcp_discover_offer_request_ack)
{
	struct net_device *dev = fake_netdev_create(fake_mac_us, NULL, 0);
	struct dhcp_client c;
	struct sk_buff *skb;
	struct rtable rt;
	u32 xid;

	memset(&c, 0, sizeof(c));
	unit_log_clear();
	dhcp_start(&c, dev);
	skb = next_dhcp(dev);
	ASSERT(skb);
	EXPECT(is_broadcast_ether_addr(skb->data));
	EXPECT_EQ(IPH(skb)->saddr, 0);
	EXPECT_EQ(IPH(skb)->daddr, ip("255.255.255.255"));
	EXPECT_EQ(ip_fast_csum(IPH(skb), 5), 0);
	EXPECT(opt(skb, 53) && *opt(skb, 53) == 1);	/* DISCOVER */
	EXPECT_MEMEQ(BOOTP(skb) + 28, fake_mac_us, ETH_ALEN);
	EXPECT(skb->len - ETH_HLEN - 28 >= 300);
	xid = xid_of(skb);
	kfree_skb(skb);
	EXPECT_EQ(c.state, DHCP_SELECTING);

	server_reply(dev, xid + 1, 2, 86400, false);	/* wrong xid: ignored */
	EXPECT_EQ(c.state, DHCP_SELECTING);
	server_reply(dev, xid, 2, 86400, false);	/* OFFER */
	EXPECT_EQ(c.state, DHCP_REQUESTING);
	skb = next_dhcp(dev);
	ASSERT(skb);
	EXPECT(opt(skb, 53) && *opt(skb, 53) == 3);	/* REQUEST */
	EXPECT(opt(skb, 50) && !memcmp(opt(skb, 50), "\x0a\x00\x02\x0f", 4));
	EXPECT(opt(skb, 54) && !memcmp(opt(skb, 54), "\x0a\x00\x02\x02", 4));
	kfree_skb(skb);

	server_reply(dev, xid, 5, 86400, false);	/* ACK */
	EXPECT_EQ(c.state, DHCP_BOUND);
	EXPECT_EQ(dev->ip.ifa_address, ip("10.0.2.15"));
	EXPECT_EQ(dev->ip.ifa_prefixlen, 24);
	EXPECT_EQ(ip_route_output(ip("1.2.3.4"), 0, &rt), 0);
	EXPECT_EQ(rt.rt_gateway, ip("10.0.2.2"));
	EXPECT(unit_log_contains("ipconfig: eth0: DHCP lease 10.0.2.15/24 gw 10.0.2.2 lease 86400s"));
	dhcp_stop(&c);
	fake_netdev_destroy(dev);
}

TEST(dhcp_retries_with_backoff_then_fails)
{
	struct net_device *dev = fake_netdev_create(fake_mac_us, NULL, 0);
	struct dhcp_client c;
	static const unsigned long at[] = { 0, 4000, 12000, 28000, 60000, 124000 };
	unsigned long now = 0;
	unsigned int i;

	memset(&c, 0, sizeof(c));
	dhcp_start(&c, dev);
	for (i = 0; i < ARRAY_SIZE(at); i++) {
		struct sk_buff *skb;

		if (at[i] > now) {
			unit_advance(at[i] - now - 1);
			EXPECT(next_dhcp(dev) == NULL);		/* not a tick early */
			unit_advance(1);
			now = at[i];
		}
		skb = next_dhcp(dev);
		EXPECT(skb != NULL);
		kfree_skb(skb);
	}
	unit_advance(64000);
	EXPECT_EQ(c.state, DHCP_FAILED);
	EXPECT(next_dhcp(dev) == NULL);
	dhcp_stop(&c);
	fake_netdev_destroy(dev);
}

TEST(dhcp_renews_at_t1)
{
	struct net_device *dev = fake_netdev_create(fake_mac_us, NULL, 0);
	struct dhcp_client c;
	struct sk_buff *skb;
	u32 xid;

	memset(&c, 0, sizeof(c));
	dhcp_start(&c, dev);
	skb = next_dhcp(dev);
	ASSERT(skb);
	xid = xid_of(skb);
	kfree_skb(skb);
	server_reply(dev, xid, 2, 20, false);
	kfree_skb(next_dhcp(dev));
	server_reply(dev, xid, 5, 20, false);
	ASSERT(c.state == DHCP_BOUND);
	fake_tx_purge(dev);

	unit_advance(9999);
	EXPECT(next_dhcp(dev) == NULL);
	unit_advance(1);				/* T1 = lease / 2 */
	EXPECT_EQ(c.state, DHCP_RENEWING);
	skb = next_dhcp(dev);				/* answers the ARP for the server on the way */
	ASSERT(skb);
	EXPECT_MEMEQ(skb->data, server_mac, ETH_ALEN);	/* unicast to the server */
	EXPECT_EQ(IPH(skb)->saddr, ip("10.0.2.15"));
	EXPECT_EQ(IPH(skb)->daddr, ip("10.0.2.2"));
	EXPECT(!memcmp(BOOTP(skb) + 12, "\x0a\x00\x02\x0f", 4));	/* ciaddr */
	xid = xid_of(skb);
	kfree_skb(skb);
	server_reply(dev, xid, 5, 20, true);
	EXPECT_EQ(c.state, DHCP_BOUND);
	EXPECT_EQ(dev->ip.ifa_address, ip("10.0.2.15"));
	fake_tx_purge(dev);
	dhcp_stop(&c);
	fake_netdev_destroy(dev);
}

/* DISCOVER, OFFER, REQUEST, ACK with the given lease; the tx queue left empty. */
static void bind_lease(struct dhcp_client *c, struct net_device *dev, u32 lease)
{
	struct sk_buff *skb;
	u32 xid;

	memset(c, 0, sizeof(*c));
	dhcp_start(c, dev);
	skb = next_dhcp(dev);
	xid = xid_of(skb);
	kfree_skb(skb);
	server_reply(dev, xid, 2, lease, false);
	kfree_skb(next_dhcp(dev));
	server_reply(dev, xid, 5, lease, false);
	fake_tx_purge(dev);
}

TEST(dhcp_long_lease_t1_does_not_overflow_into_a_renew_storm)
{
	struct net_device *dev = fake_netdev_create(fake_mac_us, NULL, 0);
	struct dhcp_client c;

	/* 100 days: T1 = 50 days = 4,320,000 s; * HZ wraps 32 bits. */
	bind_lease(&c, dev, 100 * 86400);
	ASSERT(c.state == DHCP_BOUND);
	/* T1 waits as long as a timer can: about 12.4 days, saturated, not wrapped. */
	EXPECT_EQ(c.timer.expires - jiffies, 0x3ffffffeul);
	unit_advance(600000);				/* ten minutes */
	EXPECT_EQ(c.state, DHCP_BOUND);
	EXPECT(next_dhcp(dev) == NULL);			/* no renewal, let alone a storm */
	dhcp_stop(&c);
	fake_netdev_destroy(dev);
}

TEST(dhcp_secs_to_jiffies_saturates)
{
	EXPECT_EQ(dhcp_secs_to_jiffies(20), 20ul * HZ);
	EXPECT_EQ(dhcp_secs_to_jiffies(86400), 86400ul * HZ);
	EXPECT_EQ(dhcp_secs_to_jiffies(1073741), 1073741000ul);	/* the last exact one */
	/* Past what a 32-bit timer can wait: the longest wait, never a wrapped short one. */
	EXPECT_EQ(dhcp_secs_to_jiffies(1073742), 0x3ffffffeul);
	EXPECT_EQ(dhcp_secs_to_jiffies(50 * 86400), 0x3ffffffeul);
	EXPECT_EQ(dhcp_secs_to_jiffies(0xfffffffeu), 0x3ffffffeul);
}

TEST(dhcp_handler_unregistered_once_bound_back_for_renewal)
{
	struct net_device *dev = fake_netdev_create(fake_mac_us, NULL, 0);
	struct dhcp_client c;
	struct sk_buff *skb;

	bind_lease(&c, dev, 20);
	ASSERT(c.state == DHCP_BOUND);
	EXPECT(!c.pt_added);			/* IPv4 frames reach ip_rcv alone, unshared */
	unit_advance(10000);			/* T1 */
	EXPECT_EQ(c.state, DHCP_RENEWING);
	EXPECT(c.pt_added);			/* the unicast ACK must be heard */
	skb = next_dhcp(dev);
	ASSERT(skb);
	server_reply(dev, xid_of(skb), 5, 20, true);
	kfree_skb(skb);
	EXPECT_EQ(c.state, DHCP_BOUND);
	EXPECT(!c.pt_added);
	fake_tx_purge(dev);
	dhcp_stop(&c);
	fake_netdev_destroy(dev);
}

TEST(ipconfig_parse_nfsroot_form)
{
	struct ipconfig ic;

	EXPECT_EQ(ipconfig_parse("10.0.2.15::10.0.2.2:255.255.255.0::eth0:off", &ic), 0);
	EXPECT_EQ(ic.client, ip("10.0.2.15"));
	EXPECT_EQ(ic.server, 0);
	EXPECT_EQ(ic.gateway, ip("10.0.2.2"));
	EXPECT_EQ(ic.netmask, ip("255.255.255.0"));
	EXPECT_STREQ(ic.device, "eth0");
	EXPECT_EQ(ic.autoconf, IC_AUTO_OFF);
	EXPECT_EQ(ipconfig_parse("dhcp", &ic), 0);
	EXPECT_EQ(ic.autoconf, IC_AUTO_DHCP);
	EXPECT_EQ(ipconfig_parse(":::::eth0:dhcp", &ic), 0);
	EXPECT_EQ(ic.autoconf, IC_AUTO_DHCP);
	EXPECT(ipconfig_parse("10.0.2.300::::::off", &ic) != 0);
	EXPECT(ipconfig_parse("10.0.2.15:::255.0.255.0:::off", &ic) != 0);
	EXPECT(ipconfig_parse("bogus", &ic) != 0);
}

TEST(ip_auto_config_static)
{
	struct net_device *dev = fake_netdev_create(fake_mac_us, NULL, 0);
	struct rtable rt;

	unit_set_cmdline("console=ttyS0 ip=10.0.2.15::10.0.2.2:255.255.255.0::eth0:off quiet");
	ip_auto_config();
	EXPECT_EQ(dev->ip.ifa_address, ip("10.0.2.15"));
	EXPECT_EQ(ip_route_output(ip("1.2.3.4"), 0, &rt), 0);
	EXPECT_EQ(rt.rt_gateway, ip("10.0.2.2"));
	unit_set_cmdline("");
	fake_tx_purge(dev);
	fake_netdev_destroy(dev);
}
