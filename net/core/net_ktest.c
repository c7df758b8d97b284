/*
 * In-kernel self-tests of the network core (boot with `ktest`):
 *   net_loopback_icmp_echo: an ICMP echo to 127.0.0.1 goes out through
 *     ip_build_and_send_pkt -> lo -> netif_rx backlog -> NET_RX softirq ->
 *     icmp_rcv, whose reply takes the same way back; both are counted.
 *   net_napi_budget: a NAPI poll that always has more work never gets more
 *     than its weight per call, and one net_rx_action stops at netdev_budget.
 * They run in process context with BH enabled; softirqs run when the test
 * re-enables BH or on the next interrupt, so the loopback test waits a few
 * ticks for NET_RX to run.
 */
#include <linux/ktest.h>
#include <linux/netdevice.h>
#include <linux/sched.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/checksum.h>

KTEST(net_loopback_icmp_echo)
{
	unsigned long echos = icmp_statistics.in_type[ICMP_ECHO];
	unsigned long replies = icmp_statistics.in_type[ICMP_ECHOREPLY];
	unsigned long lo_rx;
	struct sk_buff *skb;
	struct icmphdr *h;
	int i, err;

	KT_ASSERT(loopback_dev != NULL);
	lo_rx = loopback_dev->stats.rx_packets;
	skb = alloc_skb(MAX_IP_HEADER + sizeof(*h) + 32, GFP_KERNEL);
	KT_ASSERT(skb != NULL);
	skb_reserve(skb, MAX_IP_HEADER);
	h = skb_put_zero(skb, sizeof(*h) + 32);
	h->type = ICMP_ECHO;
	h->un.echo.id = htons(0x5eed);
	h->un.echo.sequence = htons(1);
	h->checksum = ip_compute_csum(h, sizeof(*h) + 32);

	local_bh_disable();
	err = ip_build_and_send_pkt(skb, 0, htonl(INADDR_LOOPBACK), IPPROTO_ICMP, 0, 0, false);
	local_bh_enable();
	KT_EXPECT_EQ(err, 0);
	/* NET_RX runs on bh enable or the next interrupt: give it a few ticks. */
	for (i = 0; i < 100 && icmp_statistics.in_type[ICMP_ECHOREPLY] == replies; i++)
		msleep(1);
	KT_EXPECT_EQ(icmp_statistics.in_type[ICMP_ECHO], echos + 1);
	KT_EXPECT_EQ(icmp_statistics.in_type[ICMP_ECHOREPLY], replies + 1);
	KT_EXPECT(loopback_dev->stats.rx_packets >= lo_rx + 2);
}

static int kt_calls, kt_max;

static int kt_greedy_poll(struct napi_struct *napi, int budget)
{
	kt_calls++;
	if (budget > kt_max)
		kt_max = budget;
	return budget;	/* always more work */
}

KTEST(net_napi_budget)
{
	struct napi_struct napi;
	unsigned int squeeze = softnet_data.time_squeeze;

	kt_calls = kt_max = 0;
	netif_napi_add_weight(NULL, &napi, kt_greedy_poll, 16);
	napi_enable(&napi);
	/* BH off: we call net_rx_action ourselves, exactly once. */
	local_bh_disable();
	KT_EXPECT(napi_schedule(&napi));
	net_rx_action(NULL);
	napi_disable(&napi);
	local_bh_enable();
	KT_EXPECT_EQ(kt_max, 16);
	KT_EXPECT(kt_calls * 16 <= netdev_budget + 15);
	KT_EXPECT(kt_calls >= 1);
	KT_EXPECT(softnet_data.time_squeeze >= squeeze + 1);
}
