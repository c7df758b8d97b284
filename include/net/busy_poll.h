/*
 * Busy polling (Linux's net/busy_poll.h): a socket reader that finds its
 * queue empty may, instead of sleeping until the NIC's next interrupt,
 * spin for a few microseconds calling the NAPI poll of the device its
 * traffic arrives on. Under QEMU the e1000 spaces interrupts at least
 * 128 us apart, so an interrupt-driven round trip cannot beat ~150 us;
 * polling reaches what the emulator allows. It costs CPU while it spins,
 * so it is off unless asked for: SO_BUSY_POLL (us) per socket,
 * /proc/sys/net/core/busy_read as the default for new sockets (Linux's
 * names, default 0).
 *
 *   NAPI poll -> skb_mark_napi_id(skb, napi) -> tcp_v4_rcv / udp_rcv ->
 *   sk_mark_napi_id(sk, skb): the socket learns which NAPI feeds it;
 *   tcp_recvmsg / __skb_recv_datagram, queue empty -> sk_busy_loop ->
 *   napi_busy_loop (net/core/napi.c) until data, a signal, or sk_ll_usec.
 *
 * poll, select and epoll_wait spin too when /proc/sys/net/core/busy_poll
 * (us, Linux's name, default 0) is set, as Linux's do_poll and ep_poll:
 *   poll/select: the syscall puts POLL_BUSY_LOOP in the poll key; sock_poll
 *     on a socket that may busy-poll (sk_ll_usec and a NAPI id) polls its
 *     NAPI once and answers POLL_BUSY_LOOP, and while no fd is ready the
 *     syscall rescans instead of sleeping, for up to busy_poll us. As in
 *     Linux, only sockets with SO_BUSY_POLL (or busy_read) take part.
 *   epoll_wait: the instance remembers the NAPI id of the sockets it
 *     watches (ep_set_busy_poll_napi_id) and, before it sleeps, polls that
 *     NAPI until an event is ready or busy_poll us have passed.
 * Counters: /proc/net/softnet_stat is unchanged; busy_poll_calls and
 * busy_poll_packets are in /proc/net/busy_poll.
 */
#ifndef _NET_BUSY_POLL_H
#define _NET_BUSY_POLL_H

#include <net/sock.h>
#include <linux/netdevice.h>
#include <linux/jiffies.h>
#include <linux/poll.h>

extern int sysctl_net_busy_read;	/* us; the SO_BUSY_POLL of new sockets */
extern int sysctl_net_busy_poll;	/* us; poll/select/epoll_wait spin this long */

/*
 * In a poll key: "the syscall may busy-poll" (do_poll sets it); in a
 * ->poll answer: "this file can be busy-polled" (sock_poll sets it).
 * Kernel-internal, never reported to user space; Linux's value.
 */
#define POLL_BUSY_LOOP	((__poll_t)0x8000)

static inline bool net_busy_loop_on(void)
{
	return READ_ONCE(sysctl_net_busy_poll);
}

static inline u64 busy_loop_current_time(void)
{
	return ktime_get_us();
}

/* True once net.core.busy_poll us have passed since start. */
static inline bool busy_loop_timeout(u64 start)
{
	return busy_loop_current_time() - start > (u64)READ_ONCE(sysctl_net_busy_poll);
}

static inline void skb_mark_napi_id(struct sk_buff *skb, const struct napi_struct *napi)
{
	skb->napi_id = napi->napi_id;
}

static inline void sk_mark_napi_id(struct sock *sk, const struct sk_buff *skb)
{
	if (skb->napi_id && READ_ONCE(sk->sk_napi_id) != skb->napi_id)
		WRITE_ONCE(sk->sk_napi_id, skb->napi_id);
}

static inline bool sk_can_busy_loop(const struct sock *sk)
{
	return READ_ONCE(sk->sk_ll_usec) && READ_ONCE(sk->sk_napi_id);
}

/*
 * Poll the NAPI with this id until loop_end(arg) says stop, a signal is
 * pending, or usecs have passed. Process context, BH enabled.
 */
void napi_busy_loop(unsigned int napi_id, bool (*loop_end)(void *arg), void *arg,
		    unsigned int usecs);
void busy_poll_init(void);

/* Spin for data on sk (the caller holds no socket lock). */
void sk_busy_loop(struct sock *sk, int nonblock);

#endif
