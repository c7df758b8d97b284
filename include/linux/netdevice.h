/*
 * Network devices and NAPI: the contract between a driver and the stack.
 *
 * A driver:
 *   dev = alloc_etherdev(sizeof(struct my_priv));  priv = netdev_priv(dev);
 *   dev->netdev_ops = &my_ops; fill dev->dev_addr; netif_napi_add(dev, &priv->napi, my_poll);
 *   register_netdev(dev);          -> "eth0", /proc/net/dev line, ifindex
 *   ndo_open:  allocate rings, request_irq, napi_enable, netif_start_queue,
 *              netif_carrier_on when the link is up
 *   IRQ:       read+ack the cause, mask the device, napi_schedule(&napi)
 *   poll(napi, budget): reclaim TX (netif_wake_queue if stopped and room),
 *              receive <= budget frames: skb->protocol = eth_type_trans(skb, dev);
 *              netif_receive_skb(skb); refill the ring in batches;
 *              if work < budget: napi_complete_done(napi, work) then unmask;
 *              return work (== budget means "call me again", never more)
 *   ndo_start_xmit(skb, dev): put it on the ring, return NETDEV_TX_OK (the
 *              skb is the driver's now: free it on TX completion); when the
 *              ring is full netif_stop_queue() (and return NETDEV_TX_BUSY
 *              only if this skb was not taken: the stack requeues it)
 *   stats:     the driver counts dev->stats.rx_packets/rx_bytes/tx_* itself.
 *
 * The stack: dev_queue_xmit() -> ndo_start_xmit, or, while the queue is
 * stopped, the device's bounded qdisc (tx_queue_len) which NET_TX_SOFTIRQ
 * drains after netif_wake_queue(). RX: napi_schedule -> NET_RX_SOFTIRQ ->
 * net_rx_action (netdev_budget packets / netdev_budget_usecs per run, then
 * time_squeeze and re-raise) -> poll -> netif_receive_skb -> packet_type
 * handlers (arp_rcv, ip_rcv). netif_rx() queues to the per-CPU backlog for
 * devices without NAPI (loopback), drained by process_backlog.
 * Implementation: net/core/dev.c (devices, xmit, qdisc, /proc/net/dev),
 * net/core/napi.c (softnet_data, NAPI, net_rx_action, receive, backlog).
 *
 * Lock legend: dev_base_lock guards the device list [D]; dev->tx_lock
 * guards the qdisc and the driver's xmit [T] (taken with BH off);
 * NAPI state and softnet poll_list are changed only with interrupts off [I].
 */
#ifndef _LINUX_NETDEVICE_H
#define _LINUX_NETDEVICE_H

#include "kernel.h"
#include "list.h"
#include "atomic.h"
#include "spinlock.h"
#include "skbuff.h"
#include "if_ether.h"
#include "interrupt.h"

#define IFNAMSIZ	16
#define MAX_ADDR_LEN	32

/* dev->flags (Linux's values, as ifconfig shows them). */
#define IFF_UP		0x1
#define IFF_BROADCAST	0x2
#define IFF_DEBUG	0x4
#define IFF_LOOPBACK	0x8
#define IFF_POINTOPOINT	0x10
#define IFF_RUNNING	0x40	/* up and carrier present */
#define IFF_NOARP	0x80
#define IFF_PROMISC	0x100
#define IFF_MULTICAST	0x1000

/* dev->type (ARPHRD_*), shown in /proc/net/arp's "HW type". */
#define ARPHRD_ETHER	1
#define ARPHRD_LOOPBACK	772

/* ndo_start_xmit results. */
typedef enum netdev_tx {
	NETDEV_TX_OK	= 0x00,	/* the driver took the skb */
	NETDEV_TX_BUSY	= 0x10,	/* ring full, skb NOT taken: the stack requeues it */
} netdev_tx_t;

/* dev_queue_xmit results; net_xmit_errno() turns them into -errno. */
#define NET_XMIT_SUCCESS	0x00
#define NET_XMIT_DROP		0x01	/* queue full: the skb was dropped */
#define net_xmit_errno(e)	((e) != NET_XMIT_SUCCESS ? -ENOBUFS : 0)

/* netif_receive_skb / packet_type handler results. */
#define NET_RX_SUCCESS		0
#define NET_RX_DROP		1

/* Default qdisc length for Ethernet (Linux's txqueuelen). */
#define DEFAULT_TX_QUEUE_LEN	1000
#define MAX_TX_QUEUE_LEN	10000	/* SIOCSIFTXQLEN above it: -EINVAL */
#define NAPI_POLL_WEIGHT	64

struct net_device_stats {
	unsigned long rx_packets, tx_packets;
	unsigned long rx_bytes, tx_bytes;
	unsigned long rx_errors, tx_errors;
	unsigned long rx_dropped, tx_dropped;	/* no buffer / queue full / no handler */
	unsigned long multicast, collisions;
	unsigned long rx_length_errors, rx_over_errors, rx_crc_errors;
	unsigned long rx_frame_errors, rx_fifo_errors, rx_missed_errors;
	unsigned long tx_aborted_errors, tx_carrier_errors, tx_fifo_errors;
	unsigned long tx_heartbeat_errors, tx_window_errors;
	unsigned long rx_compressed, tx_compressed;
	unsigned long rx_nohandler;		/* no packet_type for the ethertype */
};

struct net_device;

struct net_device_ops {
	int		(*ndo_open)(struct net_device *dev);
	int		(*ndo_stop)(struct net_device *dev);
	netdev_tx_t	(*ndo_start_xmit)(struct sk_buff *skb, struct net_device *dev);
	int		(*ndo_change_mtu)(struct net_device *dev, int new_mtu);	/* optional */
	void		(*ndo_tx_timeout)(struct net_device *dev);		/* optional */
};

/* Link-layer header construction (eth_header_ops for Ethernet). */
struct header_ops {
	int (*create)(struct sk_buff *skb, struct net_device *dev, unsigned short type,
		      const void *daddr, const void *saddr, unsigned int len);
};

/*
 * IPv4 configuration of a device (Linux keeps a list of in_ifaddr per
 * in_device; Sockeye has one address per device). All in network order;
 * ifa_address == 0 means "not configured yet" (e.g. during DHCP).
 */
struct in_device {
	__be32	ifa_address;
	__be32	ifa_mask;
	__be32	ifa_broadcast;
	u8	ifa_prefixlen;
};

/* dev->state bits. */
enum netdev_state_t {
	__LINK_STATE_START,	/* opened (IFF_UP) */
	__LINK_STATE_NOCARRIER,	/* link down */
	__QUEUE_STATE_DRV_XOFF,	/* driver stopped the TX queue (ring full) */
	__QUEUE_STATE_SCHED,	/* on softnet_data.output_queue, NET_TX will run the qdisc */
};

/* Offloads a driver advertises in dev->features. */
#define NETIF_F_IP_CSUM		0x00000001	/* fills TCP/UDP checksums over IPv4 (CHECKSUM_PARTIAL) */
#define NETIF_F_HW_CSUM		0x00000002	/* fills any checksum (lo: none is needed at all) */
#define NETIF_F_TSO		0x00000004	/* cuts a TCP skb (skb_is_gso) into gso_size segments */
#define NETIF_F_GRO		0x00000008	/* receive: napi_gro_receive merges a flow's segments (net/core/gro.c) */
#define NETIF_F_CSUM_MASK	(NETIF_F_IP_CSUM | NETIF_F_HW_CSUM)

struct net_device {
	char			name[IFNAMSIZ];		/* "eth0", "lo" */
	struct list_head	dev_list;		/* [D] in dev_base_head */
	int			ifindex;
	unsigned int		flags;			/* IFF_* */
	unsigned long		state;			/* netdev_state_t bits */
	unsigned int		mtu, min_mtu, max_mtu;
	u32			features;		/* NETIF_F_*: what the hardware can do for us */
	unsigned short		type;			/* ARPHRD_* */
	unsigned short		hard_header_len;	/* ETH_HLEN */
	unsigned char		addr_len;		/* ETH_ALEN */
	u8			dev_addr[MAX_ADDR_LEN];	/* our MAC */
	u8			broadcast[MAX_ADDR_LEN];
	const struct net_device_ops *netdev_ops;
	const struct header_ops	*header_ops;
	struct net_device_stats	stats;			/* counted by the driver (and the stack's drops) */

	/* TX: the qdisc holds what the driver could not take yet. */
	spinlock_t		tx_lock;		/* [T] */
	struct sk_buff_head	qdisc;			/* [T] bounded by tx_queue_len */
	unsigned int		tx_queue_len;
	struct net_device	*next_sched;		/* [I] on softnet output_queue */
	unsigned long		trans_start;		/* jiffies of the last xmit, for a watchdog */
	int			watchdog_timeo;

	struct list_head	napi_list;		/* this device's NAPI instances */
	struct in_device	ip;			/* IPv4 address (net/ipv4/devinet.c) */
	/* The last source ip_rcv_finish let in from this device, valid while
	 * inet_addr_genid still equals rx_saddr_genid (net/ipv4/ip_input.c).
	 * Written only by this device's receive path (softirq). */
	__be32			rx_saddr_ok;
	unsigned int		rx_saddr_genid;
	atomic_t		refcnt;			/* dev_hold/dev_put */
	bool			registered;
	/* driver private area follows, aligned: netdev_priv() */
};

#define NETDEV_ALIGN	32
static inline void *netdev_priv(const struct net_device *dev)
{
	return (char *)dev + ALIGN(sizeof(struct net_device), NETDEV_ALIGN);
}
static inline void dev_hold(struct net_device *dev) { atomic_inc(&dev->refcnt); }
static inline void dev_put(struct net_device *dev) { atomic_dec(&dev->refcnt); }
static inline struct in_device *__in_dev_get(struct net_device *dev) { return &dev->ip; }

/* Device lifetime. */
struct net_device *alloc_netdev(int sizeof_priv, const char *name_fmt,
				void (*setup)(struct net_device *dev));	/* name_fmt: "eth%d" */
void free_netdev(struct net_device *dev);
int register_netdev(struct net_device *dev);		/* assigns name (eth%d), ifindex */
void unregister_netdev(struct net_device *dev);		/* closes it, flushes neighbours/routes */
int dev_open(struct net_device *dev);			/* ndo_open, IFF_UP, NETDEV_UP event */
int dev_close(struct net_device *dev);
struct net_device *dev_get_by_name(const char *name);	/* with a reference: dev_put() it */
struct net_device *__dev_get_by_name(const char *name);	/* no reference (caller holds RTNL-ish) */
struct net_device *dev_get_by_index(int ifindex);
struct net_device *dev_find(bool (*match)(const struct net_device *dev, const void *arg),
			    const void *arg);		/* first match, walked under dev_base_lock */
struct net_device *dev_first(void);			/* iteration for /proc and ipconfig */
struct net_device *dev_next(struct net_device *dev);
extern struct net_device *loopback_dev;

/* Device events for the protocols (arp announce, route flush). */
#define NETDEV_UP		0x0001
#define NETDEV_DOWN		0x0002
#define NETDEV_REGISTER		0x0005
#define NETDEV_UNREGISTER	0x0006
#define NETDEV_CHANGE		0x0004	/* carrier changed */
struct notifier_block {
	int (*notifier_call)(struct notifier_block *nb, unsigned long event, void *ptr);
	struct notifier_block *next;
};
int register_netdevice_notifier(struct notifier_block *nb);
int unregister_netdevice_notifier(struct notifier_block *nb);

/* TX queue flow control (driver side). */
void netif_start_queue(struct net_device *dev);
void netif_stop_queue(struct net_device *dev);
void netif_wake_queue(struct net_device *dev);		/* restart, reschedule the qdisc */
static inline bool netif_queue_stopped(const struct net_device *dev)
{
	return READ_ONCE(dev->state) & (1UL << __QUEUE_STATE_DRV_XOFF);
}
static inline bool netif_running(const struct net_device *dev)
{
	return READ_ONCE(dev->state) & (1UL << __LINK_STATE_START);
}
static inline bool netif_carrier_ok(const struct net_device *dev)
{
	return !(READ_ONCE(dev->state) & (1UL << __LINK_STATE_NOCARRIER));
}
void netif_carrier_on(struct net_device *dev);
void netif_carrier_off(struct net_device *dev);

/* Transmit: consumes skb always. Returns NET_XMIT_SUCCESS or NET_XMIT_DROP. */
int dev_queue_xmit(struct sk_buff *skb);
/*
 * For ndo_start_xmit: does another packet for this device follow at once?
 * Then the driver may leave its doorbell (e1000: TDT) for that packet to
 * ring, one MMIO write per batch. True for an skb its sender marked
 * xmit_more (TCP, mid-burst) and while the qdisc still holds packets.
 * A driver that defers must ring anyway when it stops its queue, and
 * should ring a doorbell left pending from its poll or watchdog: a sender
 * that promised more may fail to deliver it (no memory, route gone).
 */
bool netdev_xmit_more(void);
int dev_hard_header(struct sk_buff *skb, struct net_device *dev, unsigned short type,
		    const void *daddr, const void *saddr, unsigned int len);

/*
 * NAPI. state bits: SCHED is owned by whoever set it (napi_schedule, or a
 * disabled napi); only the owner polls. A new napi starts disabled (SCHED
 * set) until napi_enable().
 */
enum {
	NAPI_STATE_SCHED,	/* on a poll list or being polled */
	NAPI_STATE_DISABLE,	/* napi_disable() in progress / done */
	NAPI_STATE_IN_BUSY_POLL,	/* a reader is busy polling it: polls do not complete */
};
struct napi_struct {
	struct list_head	poll_list;	/* [I] on softnet_data.poll_list */
	unsigned long		state;		/* [I] NAPI_STATE_* bits */
	int			weight;		/* budget per poll call */
	int			(*poll)(struct napi_struct *napi, int budget);
	struct net_device	*dev;
	struct list_head	dev_list;	/* in dev->napi_list */
	unsigned long		poll_calls;	/* statistics, for tests and debugging */
	unsigned int		napi_id;	/* busy polling finds it by this (net/busy_poll.h) */
	struct list_head	napi_hash_node;	/* in the busy-poll table, by napi_id */
	/* [N] GRO (net/core/gro.c): flows held during one poll, newest first,
	 * chained through skb->next; empty whenever no poll is running. */
	struct sk_buff		*gro_list;
	unsigned int		gro_count;	/* skbs on gro_list, at most MAX_GRO_SKBS */
};

void netif_napi_add(struct net_device *dev, struct napi_struct *napi,
		    int (*poll)(struct napi_struct *, int));	/* weight NAPI_POLL_WEIGHT */
void netif_napi_add_weight(struct net_device *dev, struct napi_struct *napi,
			   int (*poll)(struct napi_struct *, int), int weight);
void netif_napi_del(struct napi_struct *napi);
void __napi_schedule(struct napi_struct *napi);	/* caller owns SCHED already */
void napi_hash_add(struct napi_struct *napi);		/* busy_poll.c: give it an id */
void napi_hash_del(struct napi_struct *napi);
void napi_enable(struct napi_struct *napi);
void napi_disable(struct napi_struct *napi);		/* process context; leaves it unschedulable */
bool napi_schedule(struct napi_struct *napi);		/* any context incl. hard IRQ; false if already scheduled */
bool napi_complete_done(struct napi_struct *napi, int work_done);
static inline bool napi_complete(struct napi_struct *napi) { return napi_complete_done(napi, 0); }

/* Receive. Call from softirq (NAPI poll) context. */
int netif_receive_skb(struct sk_buff *skb);	/* consumes skb; NET_RX_SUCCESS / NET_RX_DROP */
int netif_rx(struct sk_buff *skb);		/* any context: queue to the backlog */
/* GRO (net/core/gro.c): a driver's poll hands frames here instead of to
 * netif_receive_skb; they go up at the latest when the poll ends. */
int napi_gro_receive(struct napi_struct *napi, struct sk_buff *skb);	/* GRO_* */
void napi_gro_flush(struct napi_struct *napi);	/* everything held goes up now */

struct packet_type {
	__be16			type;	/* htons(ETH_P_*), or htons(ETH_P_ALL) */
	struct net_device	*dev;	/* NULL: any device */
	int			(*func)(struct sk_buff *skb, struct net_device *dev,
					struct packet_type *pt, struct net_device *orig_dev);
	void			*af_packet_priv;
	struct list_head	list;
};
void dev_add_pack(struct packet_type *pt);
void dev_remove_pack(struct packet_type *pt);

/*
 * Per-CPU (one CPU today) receive state, like Linux's softnet_data.
 * Counters show in /proc/net/softnet_stat.
 */
struct softnet_data {
	struct list_head	poll_list;	/* [I] napi_structs with work */
	struct net_device	*output_queue;	/* [I] devices whose qdisc needs running */
	struct net_device	**output_queue_tailp;
	struct sk_buff_head	input_pkt_queue;	/* netif_rx backlog */
	struct napi_struct	backlog;	/* process_backlog drains input_pkt_queue */
	unsigned int		processed;	/* packets handed to netif_receive_skb */
	unsigned int		dropped;	/* backlog full */
	unsigned int		time_squeeze;	/* net_rx_action ran out of budget or time with work left */
	bool			xmit_more;	/* [T] netdev_xmit_more() for the ndo_start_xmit running now */
};
extern struct softnet_data softnet_data;

/* Tunables: /proc/sys/net/core/{netdev_budget,netdev_budget_usecs,netdev_max_backlog}. */
extern int netdev_budget;		/* 300 packets per net_rx_action */
extern int netdev_budget_usecs;		/* 2000 us per net_rx_action */
extern int netdev_max_backlog;		/* 1000 packets in the netif_rx backlog */

void net_rx_action(struct softirq_action *h);
void net_tx_action(struct softirq_action *h);
void net_dev_init(void);		/* softirqs, backlog, /proc/net/dev, softnet_stat */
void dev_proc_init(void);

/* Boot entry points, called by the kernel's init in this order. */
void net_init(void);		/* before drivers probe: softirqs, caches, lo, /proc, sysctls */
void ip_auto_config(void);	/* after drivers registered: ip= / DHCP (net/ipv4/ipconfig.c) */

#endif
