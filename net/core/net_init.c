/*
 * Bringing the network stack up at boot, in dependency order:
 *   skb caches -> softnet (NET_RX/NET_TX softirqs, backlog, /proc/net/dev)
 *   -> IPv4 (notifier, ARP, routes, ICMP, fragments, /proc/net/{arp,route,snmp})
 *   -> lo (which the IPv4 notifier gives 127.0.0.1/8 when it comes up).
 * The kernel's init calls net_init() before drivers probe, and
 * ip_auto_config() (net/ipv4/ipconfig.c) after they have registered.
 */
#include <linux/netdevice.h>
#include <net/ip.h>

int loopback_init(void);

void net_init(void)
{
	int err;

	skb_init();
	net_dev_init();
	inet_init();
	err = loopback_init();
	if (err)
		pr_err("net: loopback init failed: %d\n", err);
	pr_info("net: sockeye IPv4 stack up (netdev_budget %d, %d us)\n",
		netdev_budget, netdev_budget_usecs);
}
