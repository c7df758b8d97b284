// unit-sources: net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c
// unit-sources: tools/testing/unit/fake_netdev.c tools/testing/unit/tcp_unit.c
/*
 * lo does no checksum work (net/core/loopback.c: NETIF_F_HW_CSUM, as
 * Linux's): a TCP segment sent to 127.0.0.1 is handed up still
 * CHECKSUM_PARTIAL - its checksum field holds only the pseudo-header seed
 * TCP put there, so no layer summed it on the way down - and TCP input
 * accepts it unverified (skb_csum_unnecessary): the bytes arrive and
 * InCsumErrors does not move.
 */
#include "unit.h"
#include "tcp_unit.h"
#include <net/udp.h>
#include <net/checksum.h>

UNIT_SETUP(fake_net_setup)

/* Does the TCP checksum of this received skb (data at the payload) verify? */
static bool tcp_rx_csum_verifies(const struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	const u8 *th = skb_transport_header(skb);
	unsigned int len = skb->tail - th;

	return csum_tcpudp_magic(iph->saddr, iph->daddr, len, IPPROTO_TCP, csum_partial(th, len, 0)) == 0;
}

TEST(lo_tcp_segment_is_never_summed)
{
	static char msg[20000];	/* big enough that the receiver queues it as it came (no condensing copy) */
	unsigned long csum_errors = tcp_statistics[TCP_MIB_CSUMERRORS];
	struct socket *l = tu_listener(5101, 4), *cli = tu_socket(), *acc;
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(5101),
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sk_buff *skb;
	static char buf[32768];
	int err;

	for (unsigned int i = 0; i < sizeof(msg); i++)
		msg[i] = "over lo, nobody sums this "[i % 26];
	ASSERT(l && cli);
	EXPECT(loopback_dev->features & NETIF_F_HW_CSUM);
	err = cli->ops->connect(cli, (struct sockaddr *)&sin, sizeof(sin), O_NONBLOCK);
	EXPECT(err == 0 || err == -EINPROGRESS);
	unit_advance(1);
	acc = tu_accept(l, &err);
	ASSERT(acc);
	EXPECT_EQ(tu_send(cli, msg, sizeof(msg)), (int)sizeof(msg));
	unit_advance(1);
	skb = skb_peek(&acc->sk->sk_receive_queue);
	ASSERT(skb);
	EXPECT_EQ(skb->ip_summed, CHECKSUM_PARTIAL);
	EXPECT(!tcp_rx_csum_verifies(skb));	/* the seed, not a checksum: nobody summed */
	{
		int got = 0, r;

		while (got < (int)sizeof(msg) && (r = tu_recv(acc, buf + got, sizeof(buf) - got)) > 0)
			got += r;
		EXPECT_EQ(got, (int)sizeof(msg));
	}
	EXPECT_MEMEQ(buf, msg, sizeof(msg));
	EXPECT_EQ(tcp_statistics[TCP_MIB_CSUMERRORS], csum_errors);
	tu_abort(cli);
	tu_abort(acc);
	tu_release(l);
	unit_advance(1);
	EXPECT_EQ(socks_in_use(), 0);
}
