/*
 * The receive side of the core: NAPI scheduling, the NET_RX softirq
 * (net_rx_action), protocol demultiplexing (netif_receive_skb ->
 * packet_type handlers) and the netif_rx backlog used by loopback.
 *
 * Call order:
 *   driver IRQ -> napi_schedule -> raise NET_RX_SOFTIRQ
 *   net_rx_action: for each scheduled napi, poll(napi, weight) while the
 *     total budget (netdev_budget packets) and time (netdev_budget_usecs)
 *     last; a poll that used its whole weight goes back on the list; when
 *     budget or time runs out with work left: time_squeeze++, re-raise
 *     (the softirq core hands repeated rounds to ksoftirqd).
 *   poll -> netif_receive_skb -> ptype handler (arp_rcv, ip_rcv, dhcp),
 *     or napi_gro_receive (gro.c) which holds TCP segments to merge them
 *     and sends them up by netif_receive_skb at napi_complete_done or
 *     when the poll returns (napi_poll), whichever comes first
 *   netif_rx -> input_pkt_queue -> napi_schedule(backlog) ->
 *     process_backlog -> netif_receive_skb
 * Neighbours: net/core/dev.c (devices, TX), drivers/ (poll functions),
 * net/ethernet/eth.c (eth_type_trans sets protocol/pkt_type).
 *
 * Lock legend: softnet_data.poll_list and every napi->state change happen
 * with interrupts off, because napi_schedule runs in hard IRQ [I];
 * input_pkt_queue has its own lock (irqsave); ptype_base is changed only
 * at init, with BH off [P].
 */
#include <linux/netdevice.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/proc_fs.h>
#include <linux/trace_events.h>
#include <asm/irqflags.h>
#include <net/busy_poll.h>
#include <net/gro.h>

struct softnet_data softnet_data;

int netdev_budget = 300;
int netdev_budget_usecs = 2000;
int netdev_max_backlog = 1000;

static LIST_HEAD(ptype_base);		/* [P] specific ethertypes */
static LIST_HEAD(ptype_all);		/* [P] ETH_P_ALL taps */

#define NAPIF_STATE_SCHED	(1UL << NAPI_STATE_SCHED)
#define NAPIF_STATE_DISABLE	(1UL << NAPI_STATE_DISABLE)

/* list.h has no splice: move all of src to the tail of dst, leave src empty. */
static void list_splice_tail_init(struct list_head *src, struct list_head *dst)
{
	if (list_empty(src))
		return;
	src->next->prev = dst->prev;
	dst->prev->next = src->next;
	src->prev->next = dst;
	dst->prev = src->prev;
	INIT_LIST_HEAD(src);
}

void netif_napi_add_weight(struct net_device *dev, struct napi_struct *napi,
			   int (*poll)(struct napi_struct *, int), int weight)
{
	INIT_LIST_HEAD(&napi->poll_list);
	napi->poll = poll;
	napi->weight = weight;
	napi->dev = dev;
	napi->poll_calls = 0;
	/* Born disabled: nobody can schedule it until napi_enable(). */
	napi->state = NAPIF_STATE_SCHED;
	INIT_LIST_HEAD(&napi->napi_hash_node);
	napi->napi_id = 0;
	napi->gro_list = NULL;
	napi->gro_count = 0;
	if (dev) {
		list_add_tail(&napi->dev_list, &dev->napi_list);
		napi_hash_add(napi);	/* a device's NAPI can be busy-polled by id */
	} else {
		INIT_LIST_HEAD(&napi->dev_list);
	}
}

void netif_napi_add(struct net_device *dev, struct napi_struct *napi,
		    int (*poll)(struct napi_struct *, int))
{
	netif_napi_add_weight(dev, napi, poll, NAPI_POLL_WEIGHT);
}

void netif_napi_del(struct napi_struct *napi)
{
	napi_hash_del(napi);
	napi_disable(napi);
	list_del_init(&napi->dev_list);
}

void napi_enable(struct napi_struct *napi)
{
	unsigned long flags;

	local_irq_save(flags);
	napi->state &= ~(NAPIF_STATE_SCHED | NAPIF_STATE_DISABLE);
	local_irq_restore(flags);
}

/*
 * One CPU: called from process context, so net_rx_action is not in the
 * middle of polling this napi; take it off the poll list and keep SCHED
 * set so napi_schedule() fails until napi_enable(). (With SMP this must
 * wait for a running poll to finish, as Linux's does.)
 */
void napi_disable(struct napi_struct *napi)
{
	unsigned long flags;

	local_irq_save(flags);
	napi->state |= NAPIF_STATE_DISABLE | NAPIF_STATE_SCHED;
	list_del_init(&napi->poll_list);
	local_irq_restore(flags);
}

bool napi_schedule(struct napi_struct *napi)
{
	unsigned long flags;
	bool scheduled = false;

	local_irq_save(flags);
	if (!(napi->state & NAPIF_STATE_SCHED)) {
		napi->state |= NAPIF_STATE_SCHED;
		list_add_tail(&napi->poll_list, &softnet_data.poll_list);
		raise_softirq_irqoff(NET_RX_SOFTIRQ);
		scheduled = true;
	}
	local_irq_restore(flags);
	if (scheduled)
		trace_event(napi_schedule, (u32)(unsigned long)napi);
	return scheduled;
}

/* Put a NAPI whose SCHED bit the caller already owns (busy polling) on the poll list. */
void __napi_schedule(struct napi_struct *napi)
{
	unsigned long flags;

	local_irq_save(flags);
	list_add_tail(&napi->poll_list, &softnet_data.poll_list);
	raise_softirq_irqoff(NET_RX_SOFTIRQ);
	local_irq_restore(flags);
}

/*
 * The driver is done (work_done < budget): release SCHED so the next IRQ
 * can schedule it again. The driver unmasks its interrupt after this.
 * Returns false if the napi is being disabled (driver must not unmask).
 */
bool napi_complete_done(struct napi_struct *napi, int work_done)
{
	unsigned long flags;
	bool ok = true;

	/* What GRO held goes up before the next IRQ may start a new poll. */
	napi_gro_flush(napi);
	local_irq_save(flags);
	/*
	 * Disabled, or a busy poller owns it (busy_poll.c): it stays
	 * scheduled and the driver keeps its interrupt masked - the poller
	 * calls again at once, and hands it back to NET_RX when it stops.
	 */
	if (napi->state & (NAPIF_STATE_DISABLE | (1UL << NAPI_STATE_IN_BUSY_POLL)))
		ok = false;
	else
		napi->state &= ~NAPIF_STATE_SCHED;
	local_irq_restore(flags);
	trace_event(napi_complete, (u32)(unsigned long)napi, work_done);
	return ok;
}

/* Poll one napi; put it on repoll if it used its whole weight. Returns work. */
static int napi_poll(struct napi_struct *n, struct list_head *repoll)
{
	int weight = n->weight;
	int work = 0;

	if (n->state & NAPIF_STATE_SCHED) {
		n->poll_calls++;
		work = n->poll(n, weight);
		trace_event(napi_poll, (u32)(unsigned long)n, work, weight);
		/* A poll that used its whole weight did not complete: flush here. */
		napi_gro_flush(n);
	}
	/* A poll that reports more than it was given broke the contract. */
	if (WARN_ON_ONCE(work > weight))
		work = weight;
	if (work < weight)
		return work;	/* the driver completed (napi_complete_done) */
	/* Used everything: more work is waiting. Keep it scheduled. */
	trace_event(napi_budget_exhausted, (u32)(unsigned long)n, work);
	if (n->state & NAPIF_STATE_DISABLE) {
		n->state &= ~NAPIF_STATE_SCHED;
		return work;
	}
	list_add_tail(&n->poll_list, repoll);
	return work;
}

void net_rx_action(struct softirq_action *h)
{
	struct softnet_data *sd = &softnet_data;
	unsigned long start = jiffies, time_limit = start + usecs_to_jiffies(netdev_budget_usecs);
	int budget = netdev_budget;
	LIST_HEAD(list);
	LIST_HEAD(repoll);

	local_irq_disable();
	list_splice_tail_init(&sd->poll_list, &list);
	local_irq_enable();

	for (;;) {
		struct napi_struct *n;

		if (list_empty(&list)) {
			if (list_empty(&repoll))
				break;
			/* Everyone got a turn; start another round. */
			list_splice_tail_init(&repoll, &list);
		}
		n = list_first_entry(&list, struct napi_struct, poll_list);
		list_del_init(&n->poll_list);
		budget -= napi_poll(n, &repoll);

		if (unlikely(budget <= 0 || time_after_eq(jiffies, time_limit))) {
			if (!list_empty(&list) || !list_empty(&repoll)) {
				sd->time_squeeze++;
				trace_event(net_rx_time_squeeze, budget > 0 ? budget : 0,
					    jiffies_to_msecs(jiffies - start) * 1000);
			}
			break;
		}
	}

	/* Leftovers go first next time, then anything scheduled meanwhile. */
	local_irq_disable();
	list_splice_tail_init(&repoll, &list);
	list_splice_tail_init(&sd->poll_list, &list);
	list_splice_tail_init(&list, &sd->poll_list);
	if (!list_empty(&sd->poll_list))
		raise_softirq_irqoff(NET_RX_SOFTIRQ);
	local_irq_enable();
}

/* ---- protocol demultiplexing ---- */

void dev_add_pack(struct packet_type *pt)
{
	local_bh_disable();
	if (pt->type == htons(ETH_P_ALL))
		list_add_tail(&pt->list, &ptype_all);
	else
		list_add_tail(&pt->list, &ptype_base);
	local_bh_enable();
}

void dev_remove_pack(struct packet_type *pt)
{
	local_bh_disable();
	list_del_init(&pt->list);
	local_bh_enable();
}

/*
 * Hand skb to every matching handler. All but the last get a reference
 * of their own (skb_get): handlers that modify the packet call
 * skb_share_check() first, as ip_rcv does.
 */
int netif_receive_skb(struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;
	struct packet_type *pt, *last = NULL;
	int ret = NET_RX_DROP;

	softnet_data.processed++;
	skb_reset_network_header(skb);
	skb_reset_transport_header(skb);

	list_for_each_entry(pt, &ptype_all, list) {
		if (pt->dev && pt->dev != dev)
			continue;
		if (last)
			last->func(skb_get(skb), dev, last, dev);
		last = pt;
	}
	list_for_each_entry(pt, &ptype_base, list) {
		if (pt->type != skb->protocol || (pt->dev && pt->dev != dev))
			continue;
		if (last)
			last->func(skb_get(skb), dev, last, dev);
		last = pt;
	}
	if (last)
		return last->func(skb, dev, last, dev);

	/* Nobody speaks this ethertype. */
	if (dev)
		dev->stats.rx_nohandler++;
	kfree_skb(skb);
	return ret;
}

/* ---- the backlog: receive for devices without NAPI (loopback) ---- */

int netif_rx(struct sk_buff *skb)
{
	struct softnet_data *sd = &softnet_data;
	unsigned long flags;

	local_irq_save(flags);
	if (skb_queue_len(&sd->input_pkt_queue) >= (u32)netdev_max_backlog)
		goto drop;
	skb_queue_tail(&sd->input_pkt_queue, skb);
	napi_schedule(&sd->backlog);
	local_irq_restore(flags);
	return NET_RX_SUCCESS;

drop:
	sd->dropped++;
	local_irq_restore(flags);
	if (skb->dev)
		skb->dev->stats.rx_dropped++;
	kfree_skb(skb);
	return NET_RX_DROP;
}

static int process_backlog(struct napi_struct *napi, int quota)
{
	struct softnet_data *sd = container_of(napi, struct softnet_data, backlog);
	int work = 0;

	while (work < quota) {
		struct sk_buff *skb = skb_dequeue(&sd->input_pkt_queue);

		if (!skb)
			break;
		netif_receive_skb(skb);
		work++;
	}
	if (work < quota) {
		/*
		 * Queue looked empty: complete, then look again with IRQs off
		 * so a packet queued in between is not stranded.
		 */
		unsigned long flags;

		local_irq_save(flags);
		napi_complete_done(napi, work);
		if (!skb_queue_empty(&sd->input_pkt_queue))
			napi_schedule(napi);
		local_irq_restore(flags);
	}
	return work;
}

/* ---- /proc/net/softnet_stat: Linux's columns, in hex ---- */

static int softnet_seq_show(struct seq_file *m, void *v)
{
	struct softnet_data *sd = &softnet_data;

	/* processed dropped time_squeeze 0*5 cpu_collision received_rps flow_limit backlog cpu */
	seq_printf(m, "%08x %08x %08x %08x %08x %08x %08x %08x %08x %08x %08x %08x %08x\n",
		   sd->processed, sd->dropped, sd->time_squeeze, 0, 0, 0, 0, 0, 0, 0, 0,
		   skb_queue_len(&sd->input_pkt_queue), 0);
	return 0;
}

void net_dev_init(void)
{
	struct softnet_data *sd = &softnet_data;

	INIT_LIST_HEAD(&sd->poll_list);
	sd->output_queue = NULL;
	sd->output_queue_tailp = &sd->output_queue;
	skb_queue_head_init(&sd->input_pkt_queue);
	netif_napi_add_weight(NULL, &sd->backlog, process_backlog, NAPI_POLL_WEIGHT);
	napi_enable(&sd->backlog);

	open_softirq(NET_TX_SOFTIRQ, net_tx_action);
	open_softirq(NET_RX_SOFTIRQ, net_rx_action);

	dev_proc_init();
	gro_init();
	proc_create_single("net/softnet_stat", softnet_seq_show, NULL);
	busy_poll_init();
	proc_sysctl_int("sys/net/core/netdev_budget", &netdev_budget, 1, 100000);
	proc_sysctl_int("sys/net/core/netdev_budget_usecs", &netdev_budget_usecs, 1, 1000000);
	proc_sysctl_int("sys/net/core/netdev_max_backlog", &netdev_max_backlog, 1, 100000);
}
