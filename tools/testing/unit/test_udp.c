// unit-sources: net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c tools/testing/unit/fake_netdev.c
/*
 * UDP's port allocation and bind rules (udp_lib_get_port) and checksum
 * verification (udp_csum_ok), on struct socks built directly - no files
 * or fds (sock_shim.c has none). Every test closes what it made: the
 * runner's leak check counts socks and skbs.
 */
#include "unit.h"
#include "fake_netdev.h"
#include <net/udp.h>
#include <net/checksum.h>

UNIT_SETUP(fake_net_setup)

static struct sock *udp_sk(__be32 addr)
{
	struct sock *sk = sk_alloc(PF_INET, GFP_KERNEL, &udp_prot);

	if (!sk)
		return NULL;
	sock_init_data(NULL, sk);
	sk->sk_protocol = IPPROTO_UDP;
	sk->sk_backlog_rcv = udp_prot.backlog_rcv;
	inet_sk(sk)->uc_ttl = -1;
	sk->sk_rcv_saddr = addr;
	return sk;
}

static void udp_sk_close(struct sock *sk)
{
	udp_prot.close(sk, 0);
}

TEST(udp_ephemeral_ports_in_range_and_distinct)
{
	struct sock *a = udp_sk(0), *b = udp_sk(0);

	ASSERT(a && b);
	EXPECT_EQ(udp_lib_get_port(a, 0), 0);
	EXPECT_EQ(udp_lib_get_port(b, 0), 0);
	EXPECT(a->sk_num >= 32768 && a->sk_num <= 60999);
	EXPECT(b->sk_num >= 32768 && b->sk_num <= 60999);
	EXPECT_NE(a->sk_num, b->sk_num);
	EXPECT_EQ(inet_sk(a)->inet_sport, htons(a->sk_num));
	udp_sk_close(a);
	udp_sk_close(b);
	EXPECT_EQ(socks_in_use(), 0);
}

TEST(udp_ephemeral_range_exhausts)
{
	int saved0 = sysctl_ip_local_port_range[0], saved1 = sysctl_ip_local_port_range[1];
	struct sock *s[4];
	int i;

	sysctl_ip_local_port_range[0] = 40000;
	sysctl_ip_local_port_range[1] = 40002;
	for (i = 0; i < 4; i++)
		s[i] = udp_sk(0);
	for (i = 0; i < 3; i++)
		EXPECT_EQ(udp_lib_get_port(s[i], 0), 0);
	EXPECT_EQ(udp_lib_get_port(s[3], 0), 1);	/* all three taken */
	EXPECT_EQ(s[3]->sk_num, 0);
	for (i = 0; i < 4; i++)
		udp_sk_close(s[i]);
	sysctl_ip_local_port_range[0] = saved0;
	sysctl_ip_local_port_range[1] = saved1;
}

TEST(udp_bind_conflicts_follow_linux)
{
	struct sock *any = udp_sk(0), *lo = udp_sk(ip("127.0.0.1"));
	struct sock *eth = udp_sk(ip("10.0.2.15")), *lo2 = udp_sk(ip("127.0.0.1"));

	EXPECT_EQ(udp_lib_get_port(lo, 5000), 0);
	EXPECT_EQ(udp_lib_get_port(eth, 5000), 0);	/* different addresses: fine */
	EXPECT_EQ(udp_lib_get_port(any, 5000), 1);	/* any overlaps both */
	EXPECT_EQ(udp_lib_get_port(lo2, 5000), 1);	/* same address */
	lo->sk_reuse = lo2->sk_reuse = 1;
	EXPECT_EQ(udp_lib_get_port(lo2, 5000), 0);	/* SO_REUSEADDR on both */
	udp_sk_close(lo2);
	lo->sk_reuse = 0;
	lo->sk_reuseport = 1;
	lo2 = udp_sk(ip("127.0.0.1"));
	lo2->sk_reuseport = 1;
	EXPECT_EQ(udp_lib_get_port(lo2, 5000), 0);	/* SO_REUSEPORT, same owner */
	udp_sk_close(any);
	udp_sk_close(lo);
	udp_sk_close(eth);
	udp_sk_close(lo2);
}

TEST(udp_lookup_prefers_specific_socket)
{
	struct sock *any = udp_sk(0), *lo = udp_sk(ip("127.0.0.1")), *found;

	any->sk_reuse = lo->sk_reuse = 1;
	EXPECT_EQ(udp_lib_get_port(any, 6000), 0);
	EXPECT_EQ(udp_lib_get_port(lo, 6000), 0);
	found = __udp4_lib_lookup(ip("127.0.0.1"), htons(1), ip("127.0.0.1"), htons(6000), 1);
	EXPECT(found == lo);
	if (found)
		sock_put(found);
	found = __udp4_lib_lookup(ip("10.0.2.2"), htons(1), ip("10.0.2.15"), htons(6000), 2);
	EXPECT(found == any);
	if (found)
		sock_put(found);
	EXPECT(!__udp4_lib_lookup(ip("10.0.2.2"), htons(1), ip("10.0.2.15"), htons(6001), 2));
	udp_sk_close(any);
	udp_sk_close(lo);
}

static struct sk_buff *udp_skb(__be32 saddr, __be32 daddr, bool fill_csum)
{
	struct sk_buff *skb = alloc_skb(64, GFP_KERNEL);
	struct udphdr *uh;

	if (!skb)
		return NULL;
	uh = skb_put_zero(skb, sizeof(*uh) + 5);
	uh->source = htons(1234);
	uh->dest = htons(53);
	uh->len = htons(sizeof(*uh) + 5);
	memcpy(uh + 1, "hello", 5);
	if (fill_csum) {
		uh->check = csum_tcpudp_magic(saddr, daddr, sizeof(*uh) + 5, IPPROTO_UDP,
					      csum_partial(uh, sizeof(*uh) + 5, 0));
		if (!uh->check)
			uh->check = 0xffff;
	}
	return skb;
}

TEST(udp_checksum_good_bad_zero_offloaded)
{
	__be32 s = ip("10.0.2.2"), d = ip("10.0.2.15");
	struct sk_buff *skb = udp_skb(s, d, true);

	ASSERT(skb);
	EXPECT(udp_csum_ok(skb, s, d, skb->len));
	skb->data[sizeof(struct udphdr)] ^= 1;		/* flip a payload bit */
	EXPECT(!udp_csum_ok(skb, s, d, skb->len));
	skb->ip_summed = CHECKSUM_UNNECESSARY;		/* the NIC vouched for it */
	EXPECT(udp_csum_ok(skb, s, d, skb->len));
	kfree_skb(skb);

	skb = udp_skb(s, d, false);			/* check == 0: "no checksum" */
	ASSERT(skb);
	EXPECT(udp_csum_ok(skb, s, d, skb->len));
	EXPECT(udp_csum_ok(skb, ip("1.2.3.4"), d, skb->len));
	kfree_skb(skb);
}

TEST(udp_rcvbuf_limit_drops_and_counts)
{
	struct sock *sk = udp_sk(0);
	unsigned long before = udp_statistics[UDP_MIB_RCVBUFERRORS];
	int queued = 0, i;

	ASSERT(sk);
	sk->sk_rcvbuf = SOCK_MIN_RCVBUF;
	for (i = 0; i < 20; i++) {
		struct sk_buff *skb = udp_skb(0, 0, false);

		if (udp_prot.backlog_rcv(sk, skb) == 0)
			queued++;
	}
	EXPECT(queued > 0 && queued < 20);
	EXPECT_EQ(udp_statistics[UDP_MIB_RCVBUFERRORS] - before, 20 - queued);
	EXPECT_EQ(sk->sk_drops, 20 - queued);
	udp_sk_close(sk);		/* purges the queue: no skb leaks */
}
