// unit-sources: net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c tools/testing/unit/fake_netdev.c
/*
 * The IP level of setsockopt/getsockopt (net/ipv4/ip_sockglue.c) on a UDP
 * socket made as socket(2) makes it (sock_create; sock_shim.c gives it a
 * pseudo inode): IP_TTL's range (1..255, -1 = the sysctl), IP_TOS,
 * IP_PKTINFO and IP_RECVERR on and off (off purges the error queue), and
 * Linux's optlen rules - an int, or a single byte; zero is EINVAL; a
 * getsockopt buffer shorter than an int gets one byte.
 */
#include "unit.h"
#include "fake_netdev.h"
#include <linux/net.h>
#include <net/ip.h>
#include <net/inet_sock.h>

UNIT_SETUP(fake_net_setup)

static struct socket *udp_socket(void)
{
	struct socket *sock = NULL;

	if (sock_create(AF_INET, SOCK_DGRAM, 0, &sock))
		return NULL;
	return sock;
}

static int set_int(struct socket *s, int opt, int val)
{
	return s->ops->setsockopt(s, SOL_IP, opt, &val, sizeof(val));
}

static int get_int(struct socket *s, int opt)
{
	int val = -12345, len = sizeof(val);
	int err = s->ops->getsockopt(s, SOL_IP, opt, (char *)&val, &len);

	if (err)
		return err;
	return len == sizeof(val) ? val : -9999;
}

TEST(ip_ttl_range)
{
	struct socket *s = udp_socket();
	unsigned char byte = 200;

	ASSERT(s);
	EXPECT_EQ(get_int(s, IP_TTL), sysctl_ip_default_ttl);
	EXPECT_EQ(set_int(s, IP_TTL, 0), -EINVAL);
	EXPECT_EQ(set_int(s, IP_TTL, 256), -EINVAL);
	EXPECT_EQ(set_int(s, IP_TTL, -2), -EINVAL);
	EXPECT_EQ(set_int(s, IP_TTL, 1), 0);
	EXPECT_EQ(get_int(s, IP_TTL), 1);
	EXPECT_EQ(set_int(s, IP_TTL, 255), 0);
	EXPECT_EQ(get_int(s, IP_TTL), 255);
	EXPECT_EQ(set_int(s, IP_TTL, -1), 0);		/* back to the sysctl */
	EXPECT_EQ(get_int(s, IP_TTL), sysctl_ip_default_ttl);
	/* One byte is an option value too (Linux); zero bytes are not. */
	EXPECT_EQ(s->ops->setsockopt(s, SOL_IP, IP_TTL, &byte, 1), 0);
	EXPECT_EQ(get_int(s, IP_TTL), 200);
	EXPECT_EQ(s->ops->setsockopt(s, SOL_IP, IP_TTL, &byte, 0), -EINVAL);
	EXPECT_EQ(s->ops->setsockopt(s, SOL_IP, IP_TTL, NULL, sizeof(int)), -EFAULT);
	EXPECT_EQ(get_int(s, IP_TTL), 200);
	sock_release(s);
}

TEST(ip_tos_and_unknown_options)
{
	struct socket *s = udp_socket();

	ASSERT(s);
	EXPECT_EQ(get_int(s, IP_TOS), 0);
	EXPECT_EQ(set_int(s, IP_TOS, 0x10), 0);
	EXPECT_EQ(get_int(s, IP_TOS), 0x10);
	EXPECT_EQ(s->ops->setsockopt(s, SOL_IP, IP_TOS, "", 0), -EINVAL);
	EXPECT_EQ(set_int(s, 9999, 1), -ENOPROTOOPT);
	EXPECT_EQ(get_int(s, 9999), -ENOPROTOOPT);
	EXPECT_EQ(set_int(s, IP_MTU_DISCOVER, 5), -EINVAL);
	EXPECT_EQ(set_int(s, IP_MTU_DISCOVER, -1), -EINVAL);
	EXPECT_EQ(set_int(s, IP_HDRINCL, 1), -ENOPROTOOPT);	/* raw sockets only */
	sock_release(s);
}

TEST(ip_pktinfo_and_recverr_on_off)
{
	struct socket *s = udp_socket();
	struct sk_buff *skb;

	ASSERT(s);
	EXPECT_EQ(get_int(s, IP_PKTINFO), 0);
	EXPECT_EQ(set_int(s, IP_PKTINFO, 7), 0);		/* any nonzero is on */
	EXPECT_EQ(get_int(s, IP_PKTINFO), 1);
	EXPECT(inet_sk(s->sk)->cmsg_flags & IP_CMSG_PKTINFO);
	EXPECT_EQ(set_int(s, IP_RECVTTL, 1), 0);
	EXPECT_EQ(set_int(s, IP_PKTINFO, 0), 0);
	EXPECT_EQ(get_int(s, IP_PKTINFO), 0);
	EXPECT_EQ(get_int(s, IP_RECVTTL), 1);			/* its own bit */

	EXPECT_EQ(set_int(s, IP_RECVERR, 1), 0);
	EXPECT_EQ(get_int(s, IP_RECVERR), 1);
	skb = alloc_skb(64, GFP_KERNEL);
	ASSERT(skb);
	skb_queue_tail(&s->sk->sk_error_queue, skb);		/* as ip_icmp_error queues one */
	EXPECT_EQ(set_int(s, IP_RECVERR, 0), 0);		/* off: what was queued goes */
	EXPECT_EQ(get_int(s, IP_RECVERR), 0);
	EXPECT_EQ(skb_queue_len(&s->sk->sk_error_queue), 0);
	sock_release(s);
}

/* getsockopt's optlen: negative EINVAL; 1..3 bytes give one byte (when the value fits); 0 gives nothing. */
TEST(ip_getsockopt_optlen_rules)
{
	struct socket *s = udp_socket();
	unsigned char buf[4];
	int len;

	ASSERT(s);
	EXPECT_EQ(set_int(s, IP_TTL, 77), 0);
	len = -1;
	EXPECT_EQ(s->ops->getsockopt(s, SOL_IP, IP_TTL, (char *)buf, &len), -EINVAL);
	memset(buf, 0xee, sizeof(buf));
	len = 2;
	EXPECT_EQ(s->ops->getsockopt(s, SOL_IP, IP_TTL, (char *)buf, &len), 0);
	EXPECT_EQ(len, 1);
	EXPECT_EQ(buf[0], 77);
	EXPECT_EQ(buf[1], 0xee);
	len = 0;
	EXPECT_EQ(s->ops->getsockopt(s, SOL_IP, IP_TTL, (char *)buf, &len), 0);
	EXPECT_EQ(len, 0);
	len = 100;					/* longer than an int: an int */
	EXPECT_EQ(s->ops->getsockopt(s, SOL_IP, IP_TTL, (char *)buf, &len), 0);
	EXPECT_EQ(len, sizeof(int));
	sock_release(s);
}
