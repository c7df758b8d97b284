// unit-sources: net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c tools/testing/unit/fake_netdev.c
/*
 * Ping sockets (net/ipv4/ping.c) as socket(AF_INET, SOCK_DGRAM,
 * IPPROTO_ICMP) makes them: the echo identifier is the socket's "port";
 * sendmsg fills it in and checksums the request; an echo reply carrying
 * it reaches this socket's queue, one with another identifier does not;
 * a type other than ECHO is EINVAL; net.ipv4.ping_group_range decides who
 * may open one (EACCES). Every test closes what it made: the runner's
 * leak check counts socks and skbs.
 */
#include "unit.h"
#include "fake_netdev.h"
#include <linux/net.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/arp.h>
#include <net/inet_sock.h>
#include <net/checksum.h>

UNIT_SETUP(fake_net_setup)

static u8 frame[2048];

static int ping_send(struct socket *s, u8 type, u16 seq, const char *data)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr.s_addr = ip("10.0.2.2") };
	u8 buf[64] = { type, 0 };
	size_t len = 8 + strlen(data);
	struct iovec iov = { buf, len };
	struct msghdr msg = { .msg_name = &to, .msg_namelen = sizeof(to), .msg_iov = &iov,
			      .msg_iovlen = 1, .msg_len = len };

	buf[6] = seq >> 8;
	buf[7] = seq & 0xff;
	memcpy(buf + 8, data, strlen(data));
	return s->ops->sendmsg(s, &msg, len);
}

/* The peer's echo reply with this identifier and sequence, into dev. */
static void reply_from_peer(struct net_device *dev, u16 ident, u16 seq)
{
	u8 icmp[64];
	unsigned int ilen = build_icmp_echo(icmp, ident, seq, "pong", 4);

	icmp[0] = ICMP_ECHOREPLY;
	icmp[2] = icmp[3] = 0;
	*(u16 *)(icmp + 2) = ip_compute_csum(icmp, ilen);
	fake_rx(dev, frame, build_ipv4_frame(frame, fake_mac_us, fake_mac_peer, ip("10.0.2.2"),
					     ip("10.0.2.15"), IPPROTO_ICMP, 9, 0, icmp, ilen));
}

TEST(ping_socket_sends_our_identifier_and_gets_its_reply)
{
	struct net_device *dev = fake_netdev_up();
	struct socket *s = NULL, *other = NULL;
	struct sk_buff *skb;
	u16 ident;

	ASSERT(sock_create(AF_INET, SOCK_DGRAM, IPPROTO_ICMP, &s) == 0);
	ASSERT(sock_create(AF_INET, SOCK_DGRAM, IPPROTO_ICMP, &other) == 0);
	EXPECT_EQ(ping_send(s, ICMP_ECHO, 7, "ping"), 12);
	EXPECT_EQ(ping_send(other, ICMP_ECHO, 1, "ping"), 12);
	ASSERT(fake_tx_count(dev) == 2);
	skb = fake_tx_pop(dev);
	{
		const struct iphdr *iph = (const struct iphdr *)(skb->data + ETH_HLEN);
		const u8 *ic = (const u8 *)iph + iph->ihl * 4;

		EXPECT_EQ(iph->protocol, IPPROTO_ICMP);
		EXPECT_EQ(iph->daddr, ip("10.0.2.2"));
		EXPECT_EQ(ic[0], ICMP_ECHO);
		ident = (ic[4] << 8) | ic[5];
		EXPECT_EQ(ident, inet_sk(s->sk)->inet_num);	/* autobound: the identifier */
		EXPECT_EQ((ic[6] << 8) | ic[7], 7);
		EXPECT_EQ(ip_compute_csum(ic, 12), 0);		/* the kernel checksummed it */
	}
	kfree_skb(skb);
	fake_tx_purge(dev);
	EXPECT(inet_sk(other->sk)->inet_num != ident);		/* each socket its own */

	reply_from_peer(dev, ident, 7);
	EXPECT_EQ(skb_queue_len(&s->sk->sk_receive_queue), 1);
	EXPECT_EQ(skb_queue_len(&other->sk->sk_receive_queue), 0);
	reply_from_peer(dev, (u16)(ident + 1000), 7);		/* nobody's identifier */
	EXPECT_EQ(skb_queue_len(&s->sk->sk_receive_queue), 1);
	EXPECT_EQ(fake_tx_count(dev), 0);			/* a stray reply is not answered */

	sock_release(s);
	sock_release(other);
	fake_netdev_destroy(dev);
}

TEST(ping_socket_sends_only_echo_requests)
{
	struct net_device *dev = fake_netdev_up();
	struct socket *s = NULL;

	ASSERT(sock_create(AF_INET, SOCK_DGRAM, IPPROTO_ICMP, &s) == 0);
	EXPECT_EQ(ping_send(s, ICMP_ECHOREPLY, 1, "x"), -EINVAL);
	EXPECT_EQ(ping_send(s, ICMP_DEST_UNREACH, 1, "x"), -EINVAL);
	EXPECT_EQ(fake_tx_count(dev), 0);
	sock_release(s);
	fake_netdev_destroy(dev);
}

TEST(ping_group_range_decides_who_may_open)
{
	int *range = unit_sysctl("sys/net/ipv4/ping_group_range");
	struct socket *s = NULL;
	int saved[2];

	ASSERT(range);
	saved[0] = range[0];
	saved[1] = range[1];
	range[0] = 1;
	range[1] = 0;				/* Linux's default: nobody */
	EXPECT_EQ(sock_create(AF_INET, SOCK_DGRAM, IPPROTO_ICMP, &s), -EACCES);
	range[0] = 0;
	range[1] = 0;				/* only gid 0: the test runs as root */
	EXPECT_EQ(sock_create(AF_INET, SOCK_DGRAM, IPPROTO_ICMP, &s), 0);
	if (s)
		sock_release(s);
	range[0] = saved[0];
	range[1] = saved[1];
}
