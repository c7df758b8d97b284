/*
 * IPv4 initialisation: registers the IP packet type, the device
 * notifier, ARP, routes, ICMP, reassembly, the /proc/net files and the
 * net.ipv4 sysctls, in that order (ARP and routes must exist before the
 * first device event can reach them). Called from net_init().
 * The socket engineer's inetsw / inet_create will live here too.
 */
#include <net/ip.h>
#include <net/arp.h>
#include <net/route.h>
#include <net/icmp.h>
#include <linux/proc_fs.h>

static struct packet_type ip_packet_type = {
	.type = __constant_htons(ETH_P_IP),
	.func = ip_rcv,
};

void inet_init(void)
{
	devinet_init();
	arp_init();
	ip_route_init();
	icmp_init();
	ipfrag_init();
	ip_proc_init();
	proc_sysctl_int("sys/net/ipv4/ip_default_ttl", &sysctl_ip_default_ttl, 1, 255);
	dev_add_pack(&ip_packet_type);
}
