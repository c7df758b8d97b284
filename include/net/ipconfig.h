/*
 * Boot-time IP configuration: Linux's ip= parameter and the in-kernel
 * DHCP client (net/ipv4/ipconfig.c, net/ipv4/dhcp.c).
 *
 *   ip=<client>:<server>:<gw>:<netmask>:<hostname>:<device>:<autoconf>
 *   ip=dhcp
 *
 * ip_auto_config() (declared in linux/netdevice.h) parses it; static
 * settings are applied at once, DHCP runs as a state machine on timers and
 * a packet_type of its own (raw frames: the client has no address yet,
 * and UDP is not required), so boot does not wait on the network.
 */
#ifndef _NET_IPCONFIG_H
#define _NET_IPCONFIG_H

#include <linux/netdevice.h>
#include <linux/timer.h>

/* Parsed ip= (network order). */
struct ipconfig {
	__be32	client, server, gateway, netmask;
	char	hostname[64];
	char	device[IFNAMSIZ];
	int	autoconf;		/* IC_AUTO_* */
};
#define IC_AUTO_OFF	0
#define IC_AUTO_DHCP	1

int ipconfig_parse(const char *arg, struct ipconfig *ic);	/* 0 or -EINVAL */
int ipconfig_apply_static(const struct ipconfig *ic);

enum dhcp_state {
	DHCP_INIT,		/* nothing sent yet */
	DHCP_SELECTING,		/* DISCOVER sent, waiting for an OFFER */
	DHCP_REQUESTING,	/* REQUEST sent, waiting for ACK */
	DHCP_BOUND,		/* lease held; T1 timer armed */
	DHCP_RENEWING,		/* T1 passed: unicast REQUEST to the server */
	DHCP_FAILED,		/* gave up (retries exhausted) */
};
const char *dhcp_state_name(enum dhcp_state s);

/* Backoff: 4 s, 8 s, 16 s, ... capped, DHCP_MAX_TRIES before giving up (RFC 2131 4.1). */
#define DHCP_INITIAL_TIMEOUT	(4 * HZ)
#define DHCP_MAX_TIMEOUT	(64 * HZ)
#define DHCP_MAX_TRIES		6

struct dhcp_client {
	struct net_device	*dev;
	enum dhcp_state		state;
	u32			xid;		/* transaction id of the exchange in flight */
	int			tries;
	unsigned long		timeout;	/* current backoff, jiffies */
	__be32			offered_ip, server_id, router, netmask, dns;
	u32			lease_secs;
	unsigned long		bound_at;	/* jiffies */
	struct timer_list	timer;		/* retransmit or T1 */
	struct packet_type	pt;		/* our ETH_P_IP listener while awaiting replies */
	bool			pt_added;	/* pt is hooked: not while BOUND, INIT, FAILED */
	unsigned long		rx_bad;		/* malformed / not for us replies ignored */
};

int dhcp_start(struct dhcp_client *c, struct net_device *dev);
void dhcp_stop(struct dhcp_client *c);
unsigned long dhcp_secs_to_jiffies(u32 secs);	/* saturating: a lease of any length */
extern struct dhcp_client ic_dhcp;	/* the boot-time client */

#endif
