/*
 * struct sock for every protocol: allocation and freeing, lock_sock and
 * its backlog, receive/send buffer accounting, the default wakeup
 * callbacks, SOL_SOCKET options, and the sock_no_* stubs.
 *
 * Call order through it:
 *   inet_create -> sk_alloc -> sock_init_data -> prot->init
 *   udp_rcv (softirq) -> bh_lock_sock -> owned? sk_add_backlog
 *                                      : prot->backlog_rcv -> sock_queue_rcv_skb
 *                                        -> skb_set_owner_r -> sk_data_ready
 *   a system call -> lock_sock ... release_sock (runs the backlog)
 *   sendmsg -> sock_alloc_send_skb (sleeps for sk_sndbuf) -> skb_set_owner_w;
 *              the skb's destructor sock_wfree gives the space back
 *   close -> prot->close -> sk_common_release -> sock_orphan -> sock_put
 *         -> sk_free (when the last packet lets go)
 * Neighbours: net/core/sockfs.c (struct socket), net/core/datagram.c
 * (receiving), net/socket.c (the system calls), include/net/sock.h (the
 * lock legend).
 */
#include <net/sock.h>
#include <net/busy_poll.h>
#include <linux/netdevice.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/interrupt.h>

/* net.core.{r,w}mem_{default,max}: Linux's defaults. */
int sysctl_rmem_default = 212992;
int sysctl_wmem_default = 212992;
int sysctl_rmem_max = 212992;
int sysctl_wmem_max = 212992;

static atomic_t socks_alive = ATOMIC_INIT(0);

long socks_in_use(void)
{
	return atomic_read(&socks_alive);
}

static const char *const sk_state_names[TCP_MAX_STATES] = {
	[0] = "UNKNOWN", [TCP_ESTABLISHED] = "ESTABLISHED", [TCP_SYN_SENT] = "SYN_SENT",
	[TCP_SYN_RECV] = "SYN_RECV", [TCP_FIN_WAIT1] = "FIN_WAIT1", [TCP_FIN_WAIT2] = "FIN_WAIT2",
	[TCP_TIME_WAIT] = "TIME_WAIT", [TCP_CLOSE] = "CLOSE", [TCP_CLOSE_WAIT] = "CLOSE_WAIT",
	[TCP_LAST_ACK] = "LAST_ACK", [TCP_LISTEN] = "LISTEN", [TCP_CLOSING] = "CLOSING",
	[TCP_NEW_SYN_RECV] = "NEW_SYN_RECV",
};

const char *sk_state_name(int state)
{
	return state >= 0 && state < TCP_MAX_STATES ? sk_state_names[state] : "?";
}

/* ---- allocation and freeing ------------------------------------------------ */

struct sock *sk_alloc(int family, gfp_t gfp, const struct proto *prot)
{
	struct sock *sk = kzalloc(prot->obj_size, gfp);

	if (!sk)
		return NULL;
	sk->sk_family = family;
	sk->sk_prot = prot;
	refcount_set(&sk->sk_refcnt, 1);
	sk->sk_uid = current ? current->euid : 0;
	atomic_inc(&socks_alive);
	return sk;
}

static void sk_destruct_default(struct sock *sk)
{
}

/* Link a fresh sock to its socket and give it Linux's defaults. */
void sock_init_data(struct socket *sock, struct sock *sk)
{
	skb_queue_head_init(&sk->sk_receive_queue);
	skb_queue_head_init(&sk->sk_write_queue);
	skb_queue_head_init(&sk->sk_error_queue);
	spin_lock_init(&sk->sk_lock.slock);
	init_waitqueue_head(&sk->sk_lock.wq);
	spin_lock_init(&sk->sk_callback_lock);
	sk->sk_rcvbuf = sysctl_rmem_default;
	sk->sk_sndbuf = sysctl_wmem_default;
	sk->sk_state = TCP_CLOSE;
	sk->sk_rcvtimeo = MAX_SCHEDULE_TIMEOUT;
	sk->sk_sndtimeo = MAX_SCHEDULE_TIMEOUT;
	sk->sk_rcvlowat = 1;
	sk->sk_peek_off = -1;
	sk->sk_ll_usec = READ_ONCE(sysctl_net_busy_read);
	sk->sk_state_change = sock_def_wakeup;
	sk->sk_data_ready = sock_def_readable;
	sk->sk_write_space = sock_def_write_space;
	sk->sk_error_report = sock_def_error_report;
	sk->sk_destruct = sk_destruct_default;
	if (sock) {
		sk->sk_type = sock->type;
		sk->sk_wq = &sock->wq;
		sk->sk_socket = sock;
		sk->sk_ino = sock->inode ? sock->inode->i_ino : 0;
		sock->sk = sk;
	} else {
		sock_set_flag(sk, SOCK_DEAD);
	}
}

/* The last reference is gone: nothing can find this sock any more. */
void sk_free(struct sock *sk)
{
	struct sk_buff *skb;

	sk->sk_destruct(sk);
	/* Backlog left by a dying owner (release_sock normally drains it). */
	while ((skb = sk->sk_backlog.head)) {
		sk->sk_backlog.head = skb->next;
		skb->next = NULL;
		kfree_skb(skb);
	}
	skb_queue_purge(&sk->sk_receive_queue);
	skb_queue_purge(&sk->sk_error_queue);
	skb_queue_purge(&sk->sk_write_queue);
	WARN_ON(atomic_read(&sk->sk_rmem_alloc));
	WARN_ON(atomic_read(&sk->sk_wmem_alloc));
	atomic_dec(&socks_alive);
	kfree(sk);
}

struct sock *sk_clone_lock(const struct sock *sk, gfp_t priority)
{
	struct sock *newsk = kmalloc(sk->sk_prot->obj_size, priority);

	if (!newsk)
		return NULL;
	memcpy(newsk, sk, sk->sk_prot->obj_size);
	refcount_set(&newsk->sk_refcnt, 1);
	INIT_HLIST_NODE(&newsk->sk_node);
	newsk->sk_backlog.head = newsk->sk_backlog.tail = NULL;
	newsk->sk_backlog.len = 0;
	skb_queue_head_init(&newsk->sk_receive_queue);
	skb_queue_head_init(&newsk->sk_write_queue);
	skb_queue_head_init(&newsk->sk_error_queue);
	spin_lock_init(&newsk->sk_lock.slock);
	init_waitqueue_head(&newsk->sk_lock.wq);
	newsk->sk_lock.owned = 0;
	spin_lock_init(&newsk->sk_callback_lock);
	atomic_set(&newsk->sk_rmem_alloc, 0);
	atomic_set(&newsk->sk_wmem_alloc, 0);
	newsk->sk_err = newsk->sk_err_soft = 0;
	newsk->sk_drops = 0;
	newsk->sk_ack_backlog = newsk->sk_max_ack_backlog = 0;
	newsk->sk_socket = NULL;
	newsk->sk_wq = NULL;
	newsk->sk_ino = 0;
	atomic_inc(&socks_alive);
	bh_lock_sock(newsk);
	return newsk;
}

void sock_graft(struct sock *sk, struct socket *parent)
{
	spin_lock_bh(&sk->sk_callback_lock);
	sk->sk_wq = &parent->wq;
	parent->sk = sk;
	sk->sk_socket = parent;
	sk->sk_type = parent->type;
	sk->sk_uid = current ? current->euid : sk->sk_uid;
	sk->sk_ino = parent->inode ? parent->inode->i_ino : 0;
	sock_reset_flag(sk, SOCK_DEAD);
	spin_unlock_bh(&sk->sk_callback_lock);
}

void sk_reset_timer(struct sock *sk, struct timer_list *timer, unsigned long expires)
{
	if (!mod_timer(timer, expires))
		sock_hold(sk);
}

void sk_stop_timer(struct sock *sk, struct timer_list *timer)
{
	if (del_timer(timer))
		__sock_put(sk);
}

/* Cut the sock from its socket: no more wakeups, no more file. */
void sock_orphan(struct sock *sk)
{
	spin_lock_bh(&sk->sk_callback_lock);
	sock_set_flag(sk, SOCK_DEAD);
	sk->sk_socket = NULL;
	sk->sk_wq = NULL;
	spin_unlock_bh(&sk->sk_callback_lock);
}

/* The close of a datagram protocol: unhash, drop queued data, orphan, put. */
void sk_common_release(struct sock *sk)
{
	sk->sk_prot->unhash(sk);
	sock_orphan(sk);
	skb_queue_purge(&sk->sk_receive_queue);
	skb_queue_purge(&sk->sk_error_queue);
	sock_put(sk);
}

void sock_prot_inuse_add(const struct proto *prot, int val)
{
	if (prot->inuse)
		atomic_add(val, prot->inuse);
}

/* ---- lock_sock and the backlog --------------------------------------------- */

void lock_sock(struct sock *sk)
{
	spin_lock_bh(&sk->sk_lock.slock);
	while (sk->sk_lock.owned) {
		DEFINE_WAIT(wait);

		prepare_to_wait_exclusive(&sk->sk_lock.wq, &wait, TASK_UNINTERRUPTIBLE);
		spin_unlock_bh(&sk->sk_lock.slock);
		schedule();
		finish_wait(&sk->sk_lock.wq, &wait);
		spin_lock_bh(&sk->sk_lock.slock);
	}
	sk->sk_lock.owned = 1;
	spin_unlock_bh(&sk->sk_lock.slock);
}

/* Feed what softirq queued while we owned the socket to the protocol, in order. */
static void __release_sock(struct sock *sk)
{
	struct sk_buff *skb;

	while ((skb = sk->sk_backlog.head)) {
		sk->sk_backlog.head = sk->sk_backlog.tail = NULL;
		spin_unlock_bh(&sk->sk_lock.slock);
		do {
			struct sk_buff *next = skb->next;

			skb->next = NULL;
			local_bh_disable();
			sk->sk_backlog_rcv(sk, skb);
			local_bh_enable();
			skb = next;
		} while (skb);
		spin_lock_bh(&sk->sk_lock.slock);
	}
	sk->sk_backlog.len = 0;
}

void release_sock(struct sock *sk)
{
	spin_lock_bh(&sk->sk_lock.slock);
	if (sk->sk_backlog.tail)
		__release_sock(sk);
	/* Timer work that found the socket owned (TCP's deferred retransmits). */
	if (sk->sk_prot->release_cb)
		sk->sk_prot->release_cb(sk);
	sk->sk_lock.owned = 0;
	if (waitqueue_active(&sk->sk_lock.wq))
		wake_up(&sk->sk_lock.wq);
	spin_unlock_bh(&sk->sk_lock.slock);
}

/* Caller holds slock (bh_lock_sock) and found the socket owned. */
int sk_add_backlog(struct sock *sk, struct sk_buff *skb, unsigned int limit)
{
	if (sk->sk_backlog.len + atomic_read(&sk->sk_rmem_alloc) + skb->truesize > limit)
		return -ENOBUFS;
	skb->next = NULL;
	if (sk->sk_backlog.tail)
		sk->sk_backlog.tail->next = skb;
	else
		sk->sk_backlog.head = skb;
	sk->sk_backlog.tail = skb;
	sk->sk_backlog.len += skb->truesize;
	return 0;
}

/* ---- buffers --------------------------------------------------------------- */

void sock_rfree(struct sk_buff *skb)
{
	atomic_sub(skb->truesize, &skb->sk->sk_rmem_alloc);
}

void skb_set_owner_r(struct sk_buff *skb, struct sock *sk)
{
	skb_orphan(skb);
	skb->sk = sk;
	skb->destructor = sock_rfree;
	atomic_add(skb->truesize, &sk->sk_rmem_alloc);
}

/*
 * A sent skb gives its space back when the device (or loopback) is done
 * with it. The skb holds a reference on the sock so a close in between
 * cannot free it under the destructor.
 */
void sock_wfree(struct sk_buff *skb)
{
	struct sock *sk = skb->sk;

	atomic_sub(skb->truesize, &sk->sk_wmem_alloc);
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_write_space(sk);
	sock_put(sk);
}

void skb_set_owner_w(struct sk_buff *skb, struct sock *sk)
{
	skb_orphan(skb);
	sock_hold(sk);
	skb->sk = sk;
	skb->destructor = sock_wfree;
	atomic_add(skb->truesize, &sk->sk_wmem_alloc);
}

/* Sleep until the send buffer has room, a signal, an error or the timeout. */
static long sock_wait_for_wmem(struct sock *sk, long timeo)
{
	DEFINE_WAIT(wait);

	sk->sk_socket->flags |= 1UL << SOCK_NOSPACE;
	for (;;) {
		if (!timeo)
			break;
		if (signal_pending(current))
			break;
		prepare_to_wait(sk_sleep(sk), &wait, TASK_INTERRUPTIBLE);
		if (atomic_read(&sk->sk_wmem_alloc) < sk->sk_sndbuf)
			break;
		if (sk->sk_shutdown & SEND_SHUTDOWN)
			break;
		if (sk->sk_err)
			break;
		timeo = schedule_timeout(timeo);
	}
	finish_wait(sk_sleep(sk), &wait);
	return timeo;
}

struct sk_buff *sock_alloc_send_skb(struct sock *sk, unsigned long size, int noblock, int *errcode)
{
	long timeo = sock_sndtimeo(sk, noblock);
	struct sk_buff *skb;
	int err;

	for (;;) {
		err = sock_error(sk);
		if (err)
			goto failure;
		err = -EPIPE;
		if (sk->sk_shutdown & SEND_SHUTDOWN)
			goto failure;
		if (atomic_read(&sk->sk_wmem_alloc) < sk->sk_sndbuf)
			break;
		err = -EAGAIN;
		if (!timeo)
			goto failure;
		if (signal_pending(current))
			goto interrupted;
		timeo = sock_wait_for_wmem(sk, timeo);
	}
	skb = alloc_skb(size, GFP_KERNEL);
	if (!skb) {
		err = -ENOBUFS;
		goto failure;
	}
	skb_set_owner_w(skb, sk);
	return skb;

interrupted:
	err = sock_intr_errno(timeo);
failure:
	*errcode = err;
	return NULL;
}

/*
 * Charge skb to sk's receive buffer and queue it; -ENOMEM when the buffer
 * is full (the caller counts the drop: RcvbufErrors for UDP).
 */
int sock_queue_rcv_skb(struct sock *sk, struct sk_buff *skb)
{
	if (atomic_read(&sk->sk_rmem_alloc) >= sk->sk_rcvbuf)
		return -ENOMEM;
	skb_set_owner_r(skb, sk);
	skb_queue_tail(&sk->sk_receive_queue, skb);
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_data_ready(sk);
	return 0;
}

int sock_queue_err_skb(struct sock *sk, struct sk_buff *skb)
{
	if (atomic_read(&sk->sk_rmem_alloc) + skb->truesize >= (unsigned int)sk->sk_rcvbuf)
		return -ENOMEM;
	skb_set_owner_r(skb, sk);
	skb_queue_tail(&sk->sk_error_queue, skb);
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_error_report(sk);
	return 0;
}

/* ---- default callbacks ----------------------------------------------------- */

/*
 * Wake sleepers and pollers with the events that just became true. Every
 * non-exclusive waiter is woken; of the exclusive ones (EPOLLEXCLUSIVE,
 * accept's wait) only nr_exclusive, 0 meaning all. New data or space wakes
 * one exclusive waiter, as Linux's sock_def_readable does: one datagram or
 * connection can only be taken by one of them, so waking the rest is the
 * thundering herd. A state change (shutdown, reset) concerns everyone.
 */
static void sk_wake(struct sock *sk, __poll_t mask, int nr_exclusive)
{
	spin_lock_bh(&sk->sk_callback_lock);
	if (sk->sk_wq && waitqueue_active(&sk->sk_wq->wait))
		__wake_up(&sk->sk_wq->wait, TASK_INTERRUPTIBLE, nr_exclusive, (void *)(uintptr_t)mask);
	spin_unlock_bh(&sk->sk_callback_lock);
}

void sk_wake_async_poll(struct sock *sk, __poll_t mask)
{
	sk_wake(sk, mask, 1);
}

void sock_def_readable(struct sock *sk)
{
	sk_wake(sk, POLLIN | POLLPRI | POLLRDNORM | POLLRDBAND, 1);
}

void sock_def_wakeup(struct sock *sk)
{
	sk_wake(sk, POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM | POLLHUP | POLLRDHUP, 0);
}

void sock_def_error_report(struct sock *sk)
{
	sk_wake_async_poll(sk, POLLERR);
}

void sock_def_write_space(struct sock *sk)
{
	/* Wake writers only once half the buffer is free, as Linux, to batch wakeups. */
	if ((atomic_read(&sk->sk_wmem_alloc) << 1) <= sk->sk_sndbuf)
		sk_wake_async_poll(sk, POLLOUT | POLLWRNORM | POLLWRBAND);
}

/* ---- the stubs for what a socket type does not do --------------------------- */

int sock_no_bind(struct socket *s, struct sockaddr *a, int l) { return -EOPNOTSUPP; }
int sock_no_connect(struct socket *s, struct sockaddr *a, int l, int f) { return -EOPNOTSUPP; }
int sock_no_socketpair(struct socket *a, struct socket *b) { return -EOPNOTSUPP; }
int sock_no_accept(struct socket *s, struct socket *n, int f, bool k) { return -EOPNOTSUPP; }
int sock_no_getname(struct socket *s, struct sockaddr *a, int p) { return -EOPNOTSUPP; }
int sock_no_ioctl(struct socket *s, unsigned int c, unsigned long a) { return -EOPNOTSUPP; }
int sock_no_listen(struct socket *s, int b) { return -EOPNOTSUPP; }
int sock_no_shutdown(struct socket *s, int h) { return -EOPNOTSUPP; }
int sock_no_sendmsg(struct socket *s, struct msghdr *m, size_t l) { return -EOPNOTSUPP; }
int sock_no_recvmsg(struct socket *s, struct msghdr *m, size_t l, int f) { return -EOPNOTSUPP; }
