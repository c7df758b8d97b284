/*
 * The in-kernel DHCP client (RFC 2131) used at boot by ipconfig.c.
 *
 *   INIT --DISCOVER (bcast)--> SELECTING --OFFER / REQUEST (bcast)--> REQUESTING
 *     ^                                                                   |
 *     +-- NAK, or renewal retries exhausted         ACK: address, routes, T1
 *     |                                                                   v
 *   RENEWING <--------------------------- T1 (lease/2) ------------------ BOUND
 *     \--ACK: new lease, back to BOUND
 *
 * Until the ACK the device has no address, so like Linux's ipconfig the
 * client sends and receives raw frames: it builds Ethernet/IP/UDP/BOOTP
 * itself, sends with dev_queue_xmit, and listens with a packet_type of its
 * own for ETH_P_IP on its device (ip_rcv sees the same frames and drops
 * them as not addressed to us). Renewal is unicast to the server through
 * the normal IP output path (routing + ARP), once an address exists.
 * The listener is there only while an answer is awaited (dhcp_listen):
 * while BOUND every IPv4 frame would otherwise reach two handlers and
 * ip_rcv would get a shared skb it must copy (skb_share_check).
 * Retransmission: 4 s, doubling to 64 s, DHCP_MAX_TRIES times, then FAILED.
 * Context: the receive handler runs in NET_RX softirq, the timer in
 * TIMER_SOFTIRQ; dhcp_start/stop take BH off, so the state is only ever
 * touched with BH off on one CPU (no lock needed; SMP would add one).
 */
#include <net/ipconfig.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/checksum.h>
#include <linux/etherdevice.h>
#include <linux/udp.h>

#define BOOTP_SERVER_PORT	67
#define BOOTP_CLIENT_PORT	68
#define BOOTP_REQUEST		1
#define BOOTP_REPLY		2
#define BOOTP_FLAG_BROADCAST	0x8000
#define DHCP_MAGIC_COOKIE	0x63825363
#define BOOTP_MIN_LEN		300	/* RFC 951: shorter BOOTP messages may be ignored */

/* DHCP options (RFC 2132). */
#define DHCP_OPT_PAD		0
#define DHCP_OPT_SUBNET		1
#define DHCP_OPT_ROUTER		3
#define DHCP_OPT_DNS		6
#define DHCP_OPT_HOSTNAME	12
#define DHCP_OPT_REQUESTED_IP	50
#define DHCP_OPT_LEASE_TIME	51
#define DHCP_OPT_MSG_TYPE	53
#define DHCP_OPT_SERVER_ID	54
#define DHCP_OPT_PARAM_REQ	55
#define DHCP_OPT_T1		58
#define DHCP_OPT_END		255

/* DHCP message types (option 53). */
#define DHCPDISCOVER	1
#define DHCPOFFER	2
#define DHCPREQUEST	3
#define DHCPDECLINE	4
#define DHCPACK		5
#define DHCPNAK		6

struct bootp_msg {
	u8	op, htype, hlen, hops;
	__be32	xid;
	__be16	secs, flags;
	__be32	ciaddr;		/* our address, when renewing */
	__be32	yiaddr;		/* "your" address: the offer */
	__be32	siaddr, giaddr;
	u8	chaddr[16];
	u8	sname[64];
	u8	file[128];
	__be32	cookie;
	u8	options[60];	/* what we send fits; received options are parsed in place */
} __packed;
#define BOOTP_FIXED_LEN	offsetof(struct bootp_msg, options)

struct dhcp_client ic_dhcp;

const char *dhcp_state_name(enum dhcp_state s)
{
	switch (s) {
	case DHCP_INIT:		return "INIT";
	case DHCP_SELECTING:	return "SELECTING";
	case DHCP_REQUESTING:	return "REQUESTING";
	case DHCP_BOUND:	return "BOUND";
	case DHCP_RENEWING:	return "RENEWING";
	case DHCP_FAILED:	return "FAILED";
	}
	return "?";
}

/* Parsed options of one reply. */
struct dhcp_reply {
	int	type;
	__be32	server_id, netmask, router, dns;
	u32	lease, t1;
};

static u8 *opt_put(u8 *p, u8 code, u8 len, const void *data)
{
	*p++ = code;
	*p++ = len;
	memcpy(p, data, len);
	return p + len;
}

/* Build BOOTP into skb (data at the BOOTP message); returns the message. */
static struct bootp_msg *dhcp_fill(struct dhcp_client *c, struct sk_buff *skb, int type)
{
	static const u8 params[] = { DHCP_OPT_SUBNET, DHCP_OPT_ROUTER, DHCP_OPT_DNS,
				     DHCP_OPT_LEASE_TIME, DHCP_OPT_T1 };
	struct bootp_msg *b = skb_put_zero(skb, sizeof(*b));
	u8 *p = b->options;
	u8 t = type;

	b->op = BOOTP_REQUEST;
	b->htype = ARPHRD_ETHER;
	b->hlen = ETH_ALEN;
	b->xid = htonl(c->xid);
	b->secs = htons((u16)min_t(unsigned long, 0xffff, c->tries * c->timeout / HZ));
	memcpy(b->chaddr, c->dev->dev_addr, ETH_ALEN);
	b->cookie = htonl(DHCP_MAGIC_COOKIE);
	p = opt_put(p, DHCP_OPT_MSG_TYPE, 1, &t);
	if (type == DHCPREQUEST && c->state == DHCP_RENEWING) {
		b->ciaddr = c->offered_ip;	/* RFC 2131 4.3.2: renewing carries ciaddr, no options 50/54 */
	} else if (type == DHCPREQUEST) {
		p = opt_put(p, DHCP_OPT_REQUESTED_IP, 4, &c->offered_ip);
		p = opt_put(p, DHCP_OPT_SERVER_ID, 4, &c->server_id);
	} else {
		b->flags = htons(BOOTP_FLAG_BROADCAST);	/* no address yet: answer by broadcast */
	}
	if (type == DHCPREQUEST && c->state != DHCP_RENEWING)
		b->flags = htons(BOOTP_FLAG_BROADCAST);
	p = opt_put(p, DHCP_OPT_PARAM_REQ, sizeof(params), params);
	*p = DHCP_OPT_END;
	return b;
}

/* Broadcast a DHCP message as a raw frame: 0.0.0.0:68 -> 255.255.255.255:67. */
static int dhcp_send_raw(struct dhcp_client *c, int type)
{
	struct net_device *dev = c->dev;
	unsigned int len = sizeof(struct udphdr) + sizeof(struct bootp_msg);
	struct sk_buff *skb = alloc_skb(MAX_IP_HEADER + len, GFP_ATOMIC);
	struct udphdr *uh;
	struct iphdr *iph;

	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, MAX_IP_HEADER + sizeof(struct udphdr));
	dhcp_fill(c, skb, type);
	uh = skb_push(skb, sizeof(*uh));
	uh->source = htons(BOOTP_CLIENT_PORT);
	uh->dest = htons(BOOTP_SERVER_PORT);
	uh->len = htons(len);
	uh->check = 0;
	uh->check = csum_tcpudp_magic(0, htonl(INADDR_BROADCAST), len, IPPROTO_UDP,
				      csum_partial(uh, len, 0));
	if (!uh->check)
		uh->check = 0xffff;	/* 0 means "no checksum" in UDP */

	iph = skb_push(skb, sizeof(*iph));
	skb_reset_network_header(skb);
	memset(iph, 0, sizeof(*iph));
	iph->version = IPVERSION;
	iph->ihl = 5;
	iph->tot_len = htons(sizeof(*iph) + len);
	iph->ttl = IPDEFTTL;
	iph->protocol = IPPROTO_UDP;
	iph->saddr = 0;
	iph->daddr = htonl(INADDR_BROADCAST);
	ip_select_ident(iph);
	ip_send_check(iph);

	skb->dev = dev;
	skb->protocol = htons(ETH_P_IP);
	if (dev_hard_header(skb, dev, ETH_P_IP, dev->broadcast, NULL, skb->len) < 0) {
		kfree_skb(skb);
		return -EINVAL;
	}
	return net_xmit_errno(dev_queue_xmit(skb));
}

/* Renewal: a unicast REQUEST to the server through the normal IP path. */
static int dhcp_send_renew(struct dhcp_client *c)
{
	unsigned int len = sizeof(struct udphdr) + sizeof(struct bootp_msg);
	struct sk_buff *skb = alloc_skb(MAX_IP_HEADER + len, GFP_ATOMIC);
	struct udphdr *uh;

	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, MAX_IP_HEADER + sizeof(struct udphdr));
	dhcp_fill(c, skb, DHCPREQUEST);
	uh = skb_push(skb, sizeof(*uh));
	uh->source = htons(BOOTP_CLIENT_PORT);
	uh->dest = htons(BOOTP_SERVER_PORT);
	uh->len = htons(len);
	uh->check = 0;
	uh->check = csum_tcpudp_magic(c->offered_ip, c->server_id, len, IPPROTO_UDP,
				      csum_partial(uh, len, 0));
	if (!uh->check)
		uh->check = 0xffff;
	return ip_build_and_send_pkt(skb, c->offered_ip, c->server_id, IPPROTO_UDP, 0, 0, false);
}

static void dhcp_transmit(struct dhcp_client *c)
{
	switch (c->state) {
	case DHCP_SELECTING:
		dhcp_send_raw(c, DHCPDISCOVER);
		break;
	case DHCP_REQUESTING:
		dhcp_send_raw(c, DHCPREQUEST);
		break;
	case DHCP_RENEWING:
		dhcp_send_renew(c);
		break;
	default:
		break;
	}
}

/*
 * Listen for replies, or stop. BH is off (dhcp_start/stop, the timer, or
 * dhcp_recv itself: netif_receive_skb has walked past a handler before
 * calling it, so it may unhook itself).
 */
static void dhcp_listen(struct dhcp_client *c, bool on)
{
	if (on && !c->pt_added)
		dev_add_pack(&c->pt);
	else if (!on && c->pt_added)
		dev_remove_pack(&c->pt);
	c->pt_added = on;
}

/*
 * Seconds to a timer delay. A timer can be at most MAX_JIFFY_OFFSET ahead
 * (time_after compares signed differences): a longer T1 (a lease above
 * about 24 days at HZ 1000, or secs * HZ wrapping past 49.7 days) would
 * fire at once and renew in a storm. Saturate instead: renewing early is
 * always allowed (RFC 2131 4.4.5), and the next ACK re-arms the timer.
 */
#define DHCP_MAX_JIFFY_OFFSET	0x3ffffffeul	/* Linux's MAX_JIFFY_OFFSET on 32 bits: ~12.4 days */
unsigned long dhcp_secs_to_jiffies(u32 secs)
{
	u64 j = (u64)secs * HZ;		/* cannot wrap: 2^32 s * HZ < 2^64 */

	return j > DHCP_MAX_JIFFY_OFFSET ? DHCP_MAX_JIFFY_OFFSET : (unsigned long)j;
}

/* Send for the current state and arm the retransmit timer. */
static void dhcp_begin(struct dhcp_client *c, enum dhcp_state s)
{
	dhcp_listen(c, true);
	c->state = s;
	c->tries = 0;
	c->timeout = DHCP_INITIAL_TIMEOUT;
	if (s == DHCP_SELECTING)
		c->xid = c->xid * 1103515245u + 12345u + (u32)jiffies;	/* a fresh exchange */
	dhcp_transmit(c);
	mod_timer(&c->timer, jiffies + c->timeout);
}

static void dhcp_timer(struct timer_list *t)
{
	struct dhcp_client *c = from_timer(c, t, timer);

	if (c->state == DHCP_BOUND) {
		/* T1: time to renew with the server that gave us the lease. */
		dhcp_begin(c, DHCP_RENEWING);
		return;
	}
	if (c->state != DHCP_SELECTING && c->state != DHCP_REQUESTING &&
	    c->state != DHCP_RENEWING)
		return;
	if (++c->tries >= DHCP_MAX_TRIES) {
		if (c->state == DHCP_RENEWING) {
			/* Server gone: start over (RFC 2131's REBINDING, simplified). */
			pr_warn("ipconfig: %s: DHCP renewal unanswered, rediscovering\n", c->dev->name);
			dhcp_begin(c, DHCP_SELECTING);
			return;
		}
		pr_warn("ipconfig: %s: DHCP: no answer after %d tries, giving up\n",
			c->dev->name, c->tries);
		c->state = DHCP_FAILED;
		dhcp_listen(c, false);
		return;
	}
	/* RFC 2131 4.1: exponential backoff. */
	c->timeout = min_t(unsigned long, c->timeout * 2, DHCP_MAX_TIMEOUT);
	dhcp_transmit(c);
	mod_timer(&c->timer, jiffies + c->timeout);
}

static bool dhcp_parse_options(const u8 *p, const u8 *end, struct dhcp_reply *r)
{
	while (p < end) {
		u8 code = *p++, len;

		if (code == DHCP_OPT_PAD)
			continue;
		if (code == DHCP_OPT_END)
			return true;
		if (p >= end)
			return false;
		len = *p++;
		if (p + len > end)
			return false;
		switch (code) {
		case DHCP_OPT_MSG_TYPE:
			if (len == 1)
				r->type = p[0];
			break;
		case DHCP_OPT_SERVER_ID:
			if (len == 4)
				memcpy(&r->server_id, p, 4);
			break;
		case DHCP_OPT_SUBNET:
			if (len == 4)
				memcpy(&r->netmask, p, 4);
			break;
		case DHCP_OPT_ROUTER:
			if (len >= 4)
				memcpy(&r->router, p, 4);	/* first router */
			break;
		case DHCP_OPT_DNS:
			if (len >= 4)
				memcpy(&r->dns, p, 4);
			break;
		case DHCP_OPT_LEASE_TIME:
			if (len == 4) {
				__be32 v;

				memcpy(&v, p, 4);
				r->lease = ntohl(v);
			}
			break;
		case DHCP_OPT_T1:
			if (len == 4) {
				__be32 v;

				memcpy(&v, p, 4);
				r->t1 = ntohl(v);
			}
			break;
		}
		p += len;
	}
	return true;	/* no END: tolerated */
}

static void dhcp_bound(struct dhcp_client *c, const struct dhcp_reply *r, __be32 yiaddr)
{
	struct net_device *dev = c->dev;
	int prefix = r->netmask ? inet_mask_len(r->netmask) : 24;
	u32 t1;
	char a[16], g[16];

	if (prefix < 0)
		prefix = 24;
	if (c->state != DHCP_RENEWING || dev->ip.ifa_address != yiaddr ||
	    c->netmask != r->netmask || c->router != r->router) {
		inet_set_ifaddr(dev, yiaddr, prefix);
		if (r->router)
			ip_route_add(0, 0, r->router, dev, 0);
	}
	c->offered_ip = yiaddr;
	c->netmask = r->netmask;
	c->router = r->router;
	c->dns = r->dns;
	if (r->server_id)
		c->server_id = r->server_id;
	c->lease_secs = r->lease ? r->lease : 3600;
	c->bound_at = jiffies;
	c->state = DHCP_BOUND;
	dhcp_listen(c, false);
	pr_info("ipconfig: %s: DHCP lease %s/%d gw %s lease %us\n", dev->name,
		in_ntoa(yiaddr, a), prefix, in_ntoa(r->router, g), c->lease_secs);
	/* T1 defaults to half the lease (RFC 2131 4.4.5); 0xffffffff means infinite. */
	if (c->lease_secs == 0xffffffffu)
		return;
	t1 = r->t1 && r->t1 < c->lease_secs ? r->t1 : c->lease_secs / 2;
	mod_timer(&c->timer, jiffies + dhcp_secs_to_jiffies(t1));
}

static int dhcp_recv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt,
		     struct net_device *orig_dev)
{
	struct dhcp_client *c = pt->af_packet_priv;
	const struct iphdr *iph;
	const struct udphdr *uh;
	const struct bootp_msg *b;
	struct dhcp_reply r;
	unsigned int ihl, len;

	/* Read-only: ip_rcv may hold the same skb. */
	if (!pskb_may_pull(skb, sizeof(*iph)))
		goto drop;
	iph = (const struct iphdr *)skb->data;
	ihl = iph->ihl * 4;
	if (iph->version != IPVERSION || ihl < IP_MIN_HLEN || iph->protocol != IPPROTO_UDP ||
	    ip_is_fragment(iph))
		goto ignore;
	len = ntohs(iph->tot_len);
	if (len > skb->len || len < ihl + sizeof(*uh) + BOOTP_FIXED_LEN ||
	    ip_fast_csum(iph, iph->ihl))
		goto drop;
	uh = (const struct udphdr *)(skb->data + ihl);
	if (uh->dest != htons(BOOTP_CLIENT_PORT) || uh->source != htons(BOOTP_SERVER_PORT))
		goto ignore;
	if (ntohs(uh->len) > len - ihl || ntohs(uh->len) < sizeof(*uh) + BOOTP_FIXED_LEN)
		goto drop;
	b = (const struct bootp_msg *)(uh + 1);
	if (b->op != BOOTP_REPLY || ntohl(b->xid) != c->xid ||
	    memcmp(b->chaddr, dev->dev_addr, ETH_ALEN) || b->cookie != htonl(DHCP_MAGIC_COOKIE))
		goto drop;

	memset(&r, 0, sizeof(r));
	if (!dhcp_parse_options(b->options, (const u8 *)uh + ntohs(uh->len), &r))
		goto drop;

	switch (r.type) {
	case DHCPOFFER:
		if (c->state != DHCP_SELECTING || !b->yiaddr || !r.server_id)
			goto drop;
		c->offered_ip = b->yiaddr;
		c->server_id = r.server_id;
		del_timer(&c->timer);
		dhcp_begin(c, DHCP_REQUESTING);
		break;
	case DHCPACK:
		if (c->state != DHCP_REQUESTING && c->state != DHCP_RENEWING)
			goto drop;
		del_timer(&c->timer);
		dhcp_bound(c, &r, b->yiaddr ? b->yiaddr : c->offered_ip);
		break;
	case DHCPNAK:
		if (c->state != DHCP_REQUESTING && c->state != DHCP_RENEWING)
			goto drop;
		pr_warn("ipconfig: %s: DHCP NAK, starting over\n", dev->name);
		del_timer(&c->timer);
		inet_clear_ifaddr(dev);
		dhcp_begin(c, DHCP_SELECTING);
		break;
	default:
		goto drop;
	}
ignore:
	consume_skb(skb);
	return NET_RX_SUCCESS;
drop:
	c->rx_bad++;
	kfree_skb(skb);
	return NET_RX_DROP;
}

int dhcp_start(struct dhcp_client *c, struct net_device *dev)
{
	local_bh_disable();
	c->dev = dev;
	c->rx_bad = 0;
	c->xid = ((u32)dev->dev_addr[2] << 24 | (u32)dev->dev_addr[3] << 16 |
		  (u32)dev->dev_addr[4] << 8 | dev->dev_addr[5]) ^ (u32)jiffies;
	timer_setup(&c->timer, dhcp_timer, 0);
	c->pt.type = htons(ETH_P_IP);
	c->pt.dev = dev;
	c->pt.func = dhcp_recv;
	c->pt.af_packet_priv = c;
	c->pt_added = false;
	dhcp_begin(c, DHCP_SELECTING);
	local_bh_enable();
	return 0;
}

void dhcp_stop(struct dhcp_client *c)
{
	local_bh_disable();
	del_timer(&c->timer);
	dhcp_listen(c, false);
	c->state = DHCP_INIT;
	local_bh_enable();
}
