/*
 * Busy polling: the NAPI table by id and the loop that polls a NAPI from
 * a reader's process context (include/net/busy_poll.h has the picture).
 *
 * napi_busy_loop claims the NAPI the way napi_schedule would (the SCHED
 * bit, so NET_RX and the IRQ keep off it), calls its poll with a small
 * budget, and lets it complete as usual - the driver then unmasks its
 * interrupt as after any poll. A poll that used its whole budget leaves
 * the NAPI scheduled, and it is handed to NET_RX like any other. BH is
 * off around the poll, as in NET_RX, so protocol input runs in the same
 * context it always does; enabling BH afterwards runs what it raised.
 *
 * Lock: napi_hash_lock guards the table (NAPIs come and go with devices);
 * the SCHED bit is changed with interrupts off [I], as in napi.c.
 */
#include <net/busy_poll.h>
#include <net/gro.h>
#include <linux/interrupt.h>
#include <linux/sched.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <asm/irqflags.h>

#define BUSY_POLL_BUDGET	8	/* packets per poll call, Linux's */

int sysctl_net_busy_read;
int sysctl_net_busy_poll;
static LIST_HEAD(napi_hash);
static DEFINE_SPINLOCK(napi_hash_lock);
static unsigned int napi_gen_id = 1;
static unsigned long busy_poll_calls, busy_poll_packets;

void napi_hash_add(struct napi_struct *napi)
{
	spin_lock_bh(&napi_hash_lock);
	napi->napi_id = napi_gen_id++;
	list_add_tail(&napi->napi_hash_node, &napi_hash);
	spin_unlock_bh(&napi_hash_lock);
}

void napi_hash_del(struct napi_struct *napi)
{
	spin_lock_bh(&napi_hash_lock);
	if (napi->napi_id) {
		list_del_init(&napi->napi_hash_node);
		napi->napi_id = 0;
	}
	spin_unlock_bh(&napi_hash_lock);
}

static struct napi_struct *napi_by_id(unsigned int napi_id)
{
	struct napi_struct *napi, *found = NULL;

	spin_lock_bh(&napi_hash_lock);
	list_for_each_entry(napi, &napi_hash, napi_hash_node)
		if (napi->napi_id == napi_id) {
			found = napi;
			break;
		}
	spin_unlock_bh(&napi_hash_lock);
	return found;
}

/* Take napi for busy polling if nobody has it scheduled. BH off. */
static bool busy_poll_claim(struct napi_struct *napi)
{
	unsigned long flags;
	bool claimed = false;

	local_irq_save(flags);
	if (!(napi->state & (1UL << NAPI_STATE_SCHED))) {
		napi->state |= (1UL << NAPI_STATE_SCHED) | (1UL << NAPI_STATE_IN_BUSY_POLL);
		claimed = true;
	}
	local_irq_restore(flags);
	return claimed;
}

/*
 * Give it back: no longer in busy poll, still SCHED, so NET_RX polls it
 * once more - that poll completes as usual and unmasks the interrupt
 * (Linux's busy_poll_stop). BH off.
 */
static void busy_poll_stop(struct napi_struct *napi)
{
	unsigned long flags;

	local_irq_save(flags);
	napi->state &= ~(1UL << NAPI_STATE_IN_BUSY_POLL);
	local_irq_restore(flags);
	__napi_schedule(napi);
}

void napi_busy_loop(unsigned int napi_id, bool (*loop_end)(void *arg), void *arg,
		    unsigned int usecs)
{
	struct napi_struct *napi = napi_by_id(napi_id);
	u64 end = ktime_get_ns() + (u64)usecs * 1000;
	bool owned = false;

	if (!napi)
		return;
	busy_poll_calls++;
	for (;;) {
		local_bh_disable();
		if (!owned)
			owned = busy_poll_claim(napi);	/* else the IRQ got there: NET_RX polls it */
		if (owned) {
			napi->poll_calls++;
			busy_poll_packets += napi->poll(napi, BUSY_POLL_BUDGET);
			napi_gro_flush(napi);	/* its polls never complete (napi_complete_done refuses) */
		}
		local_bh_enable();
		if (!loop_end || loop_end(arg) || signal_pending(current) || need_resched ||
		    ktime_get_ns() >= end)
			break;
		__asm__ __volatile__("pause");	/* the spin-wait hint; a no-op that says what we do */
	}
	if (owned) {
		local_bh_disable();
		busy_poll_stop(napi);
		local_bh_enable();
	}
}

static bool sk_busy_loop_end(void *arg)
{
	struct sock *sk = arg;

	return !skb_queue_empty(&sk->sk_receive_queue) || READ_ONCE(sk->sk_err) ||
	       (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN);
}

void sk_busy_loop(struct sock *sk, int nonblock)
{
	/* Nonblocking: one look at the ring, never a spin. */
	napi_busy_loop(READ_ONCE(sk->sk_napi_id), nonblock ? NULL : sk_busy_loop_end, sk,
		       nonblock ? 0 : READ_ONCE(sk->sk_ll_usec));
}

static int busy_poll_show(struct seq_file *m, void *v)
{
	seq_printf(m, "busy_poll_calls %lu\nbusy_poll_packets %lu\n", busy_poll_calls, busy_poll_packets);
	return 0;
}

void busy_poll_init(void)
{
	proc_sysctl_int("sys/net/core/busy_read", &sysctl_net_busy_read, 0, 1000000);
	proc_sysctl_int("sys/net/core/busy_poll", &sysctl_net_busy_poll, 0, 1000000);
	proc_create_single("net/busy_poll", busy_poll_show, NULL);
}
