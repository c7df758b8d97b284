/*
 * struct sock: the protocol side of a socket - addresses, queues, buffers,
 * error state and callbacks - shared by every protocol, with Linux's names.
 * A protocol's own socket embeds it first: struct sock ⊂ inet_sock ⊂
 * (udp_sock, raw_sock, ping_sock; later inet_connection_sock ⊂ tcp_sock),
 * and struct proto.obj_size says how big the whole is.
 *
 * Life cycle:
 *   sk_alloc (inet_create) -> sock_init_data (links socket <-> sock, default
 *   buffers and callbacks) -> prot->init -> ... -> prot->close at the
 *   socket's release -> sock_orphan (no more socket/wait queue) -> the last
 *   sock_put -> sk_free -> sk_destruct (purge queues, free).
 * Packets in flight hold a reference (sock_hold) while softirq code looks
 * at a sock it found in a hash table.
 *
 * Lock legend:
 *   sk->sk_lock.slock   (spinlock, BH) guards sk_lock.owned and sk_backlog.
 *   lock_sock(sk)       "the owner": process context holding the socket
 *                       across sleeps. Softirq input that finds the socket
 *                       owned queues to sk_backlog instead of touching the
 *                       socket; release_sock() runs sk_backlog_rcv on that
 *                       backlog before letting go. Guards the addresses,
 *                       options and state a system call changes.
 *   sk_receive_queue.lock, sk_error_queue.lock, sk_write_queue.lock
 *                       (irqsave, inside sk_buff_head) guard the queues.
 *   sk->sk_callback_lock (spinlock, BH) guards sk_socket/sk_wq against
 *                       sock_orphan while a callback wakes the wait queue.
 * Order: lock_sock -> a protocol's hash lock (udp_table.lock) -> slock.
 * Counters (sk_rmem_alloc, sk_wmem_alloc, sk_refcnt) are atomic.
 *
 * Implementation: net/core/sock.c (alloc, options, locking, buffers),
 * net/core/datagram.c (receiving and polling datagrams).
 */
#ifndef _NET_SOCK_H
#define _NET_SOCK_H

#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/skbuff.h>
#include <linux/wait.h>
#include <linux/net.h>
#include <linux/poll.h>
#include <linux/jiffies.h>
#include <linux/timer.h>
#include <net/route.h>

struct proto;
struct sock;

#ifndef INT_MAX
#define INT_MAX		0x7fffffff
#endif

/* The fields every socket (including TCP's time-wait minisocks, later) shares. */
struct sock_common {
	__be32			skc_daddr;	/* peer address (connected) */
	__be32			skc_rcv_saddr;	/* bound local address */
	__be16			skc_dport;	/* peer port */
	u16			skc_num;	/* local port, host order (the "port" of ping sockets: echo id) */
	unsigned short		skc_family;
	volatile unsigned char	skc_state;	/* TCP_* values; datagram sockets use TCP_CLOSE/ESTABLISHED */
	unsigned char		skc_reuse:4;	/* SO_REUSEADDR */
	unsigned char		skc_reuseport:1;
	int			skc_bound_dev_if;	/* SO_BINDTODEVICE ifindex, 0 = any */
	struct hlist_node	skc_node;	/* in the protocol's bind hash */
	const struct proto	*skc_prot;
	refcount_t		skc_refcnt;
};

/* States: TCP's numbering (Linux's include/net/tcp_states.h), shared by all. */
enum {
	TCP_ESTABLISHED = 1,
	TCP_SYN_SENT,
	TCP_SYN_RECV,
	TCP_FIN_WAIT1,
	TCP_FIN_WAIT2,
	TCP_TIME_WAIT,
	TCP_CLOSE,
	TCP_CLOSE_WAIT,
	TCP_LAST_ACK,
	TCP_LISTEN,
	TCP_CLOSING,
	TCP_NEW_SYN_RECV,
	TCP_MAX_STATES
};
const char *sk_state_name(int state);

typedef struct {
	spinlock_t		slock;
	int			owned;		/* slock: a process holds lock_sock */
	wait_queue_head_t	wq;		/* lock_sock waiters */
} socket_lock_t;

struct sock {
	struct sock_common	__sk_common;
#define sk_daddr		__sk_common.skc_daddr
#define sk_rcv_saddr		__sk_common.skc_rcv_saddr
#define sk_dport		__sk_common.skc_dport
#define sk_num			__sk_common.skc_num
#define sk_family		__sk_common.skc_family
#define sk_state		__sk_common.skc_state
#define sk_reuse		__sk_common.skc_reuse
#define sk_reuseport		__sk_common.skc_reuseport
#define sk_bound_dev_if		__sk_common.skc_bound_dev_if
#define sk_node			__sk_common.skc_node
#define sk_prot			__sk_common.skc_prot
#define sk_refcnt		__sk_common.skc_refcnt
	socket_lock_t		sk_lock;
	struct {			/* input that arrived while the owner held the lock */
		struct sk_buff	*head, *tail;
		int		len;	/* truesize queued */
	} sk_backlog;
	struct sk_buff_head	sk_receive_queue;
	struct sk_buff_head	sk_write_queue;
	struct sk_buff_head	sk_error_queue;	/* IP_RECVERR, read with MSG_ERRQUEUE */
	atomic_t		sk_rmem_alloc;	/* truesize of skbs charged to receive */
	atomic_t		sk_wmem_alloc;	/* truesize of skbs charged to send, in flight */
	int			sk_rcvbuf;	/* SO_RCVBUF (the doubled value) */
	int			sk_sndbuf;
	unsigned int		sk_userlocks;	/* SOCK_*_LOCK: user set the size */
	int			sk_err;		/* pending error, reported once */
	int			sk_err_soft;	/* error kept for SO_ERROR only */
	unsigned char		sk_shutdown;	/* RCV_SHUTDOWN | SEND_SHUTDOWN */
	unsigned char		sk_protocol;
	unsigned short		sk_type;
	unsigned long		sk_flags;	/* SOCK_* bits below */
	long			sk_rcvtimeo;	/* jiffies, MAX_SCHEDULE_TIMEOUT = forever */
	long			sk_sndtimeo;
	int			sk_rcvlowat;
	int			sk_peek_off;	/* SO_PEEK_OFF: where MSG_PEEK reads; -1 off */
	u32			sk_priority;	/* SO_PRIORITY */
	u8			sk_no_check_tx;	/* SO_NO_CHECK: send UDP without a checksum */
	struct sk_dst_cache	sk_dst_cache;	/* connected route (net/route.h); socket lock */
	unsigned int		sk_ack_backlog;		/* children waiting in accept */
	unsigned int		sk_max_ack_backlog;	/* listen's backlog, clamped */
	struct linger_k { int onoff; int seconds; } sk_linger;
	unsigned long		sk_drops;	/* packets this socket dropped (/proc/net/udp) */
	spinlock_t		sk_callback_lock;
	struct socket		*sk_socket;	/* NULL once orphaned */
	struct socket_wq	*sk_wq;		/* &sk_socket->wq, NULL once orphaned */
	u32			sk_uid;		/* owner, for /proc/net/udp */
	unsigned int		sk_napi_id;	/* the NAPI our packets arrive by (busy polling) */
	unsigned int		sk_ll_usec;	/* SO_BUSY_POLL: spin this long for data, 0 = sleep */
	unsigned long		sk_ino;		/* the socket inode's number, for /proc/net/udp */
	void			(*sk_state_change)(struct sock *sk);
	void			(*sk_data_ready)(struct sock *sk);
	void			(*sk_write_space)(struct sock *sk);
	void			(*sk_error_report)(struct sock *sk);
	int			(*sk_backlog_rcv)(struct sock *sk, struct sk_buff *skb);
	void			(*sk_destruct)(struct sock *sk);
};

/* sk_shutdown */
#define RCV_SHUTDOWN		1
#define SEND_SHUTDOWN		2
#define SHUTDOWN_MASK		3

/* sk_flags bits */
enum sock_flags {
	SOCK_DEAD,		/* orphaned: no socket, no wakeups */
	SOCK_DONE,
	SOCK_URGINLINE,
	SOCK_KEEPOPEN,		/* SO_KEEPALIVE */
	SOCK_LINGER,		/* SO_LINGER */
	SOCK_BROADCAST,		/* SO_BROADCAST */
	SOCK_RCVTSTAMP,
	SOCK_DBG,
	SOCK_ZAPPED,		/* raw/ping: not bound to a hash yet */
};
static inline bool sock_flag(const struct sock *sk, enum sock_flags f) { return sk->sk_flags & (1UL << f); }
static inline void sock_set_flag(struct sock *sk, enum sock_flags f) { sk->sk_flags |= 1UL << f; }
static inline void sock_reset_flag(struct sock *sk, enum sock_flags f) { sk->sk_flags &= ~(1UL << f); }
static inline void sock_valbool_flag(struct sock *sk, enum sock_flags f, int v)
{
	if (v)
		sock_set_flag(sk, f);
	else
		sock_reset_flag(sk, f);
}

/* sk_userlocks */
#define SOCK_SNDBUF_LOCK	1
#define SOCK_RCVBUF_LOCK	2
#define SOCK_BINDADDR_LOCK	4
#define SOCK_BINDPORT_LOCK	8

/*
 * Buffer sizes, Linux's: setsockopt(SO_RCVBUF, n) stores 2n (the other half
 * is bookkeeping overhead), clamped to [SOCK_MIN_RCVBUF, 2 * rmem_max];
 * SO_RCVBUFFORCE ignores rmem_max. Defaults are the sysctls
 * net.core.{r,w}mem_default.
 */
#define SK_MEM_OVERHEAD		(sizeof(struct sk_buff) + 256)
#define TCP_SKB_MIN_TRUESIZE	(2048 + SK_MEM_OVERHEAD)
#define SOCK_MIN_SNDBUF		(TCP_SKB_MIN_TRUESIZE * 2)
#define SOCK_MIN_RCVBUF		TCP_SKB_MIN_TRUESIZE
extern int sysctl_rmem_default, sysctl_wmem_default, sysctl_rmem_max, sysctl_wmem_max;

/*
 * struct proto: one transport protocol's socket operations (udp_prot,
 * ping_prot, raw_prot, later tcp_prot), called by the family's proto_ops.
 */
struct proto {
	const char		*name;
	unsigned int		obj_size;	/* the protocol's whole socket struct */
	int			(*init)(struct sock *sk);
	void			(*close)(struct sock *sk, long timeout);
	int			(*connect)(struct sock *sk, struct sockaddr *uaddr, int addr_len);
	int			(*disconnect)(struct sock *sk, int flags);
	int			(*bind)(struct sock *sk, struct sockaddr *uaddr, int addr_len);	/* optional */
	int			(*ioctl)(struct sock *sk, int cmd, unsigned long arg);
	int			(*setsockopt)(struct sock *sk, int level, int optname,
					      const void __user *optval, unsigned int optlen);
	int			(*getsockopt)(struct sock *sk, int level, int optname,
					      char __user *optval, int __user *optlen);
	int			(*sendmsg)(struct sock *sk, struct msghdr *msg, size_t len);
	int			(*recvmsg)(struct sock *sk, struct msghdr *msg, size_t len,
					   int flags, int *addr_len);
	int			(*backlog_rcv)(struct sock *sk, struct sk_buff *skb);
	int			(*hash)(struct sock *sk);
	void			(*unhash)(struct sock *sk);
	int			(*get_port)(struct sock *sk, unsigned short snum);
	/* Connection-oriented protocols (TCP) add these; datagram ones leave them NULL. */
	struct sock		*(*accept)(struct sock *sk, int flags, int *err, bool kern);
	void			(*shutdown)(struct sock *sk, int how);
	void			(*destroy)(struct sock *sk);	/* free protocol state (inet_csk_destroy_sock) */
	void			(*release_cb)(struct sock *sk);	/* release_sock: work deferred while owned */
	void			(*keepalive)(struct sock *sk, int valbool);	/* SO_KEEPALIVE */
	atomic_t		*inuse;		/* /proc/net/sockstat "inuse" */
};

/* Allocation and references (sock.c). */
struct sock *sk_alloc(int family, gfp_t gfp, const struct proto *prot);
void sock_init_data(struct socket *sock, struct sock *sk);
void sk_free(struct sock *sk);
static inline void sock_hold(struct sock *sk) { refcount_inc(&sk->sk_refcnt); }
static inline void sock_put(struct sock *sk)
{
	if (refcount_dec_and_test(&sk->sk_refcnt))
		sk_free(sk);
}
void sock_orphan(struct sock *sk);
void sk_common_release(struct sock *sk);
long socks_in_use(void);		/* struct socks alive (leak checks) */

/*
 * A copy of a listening sock for a new connection (TCP's child): the
 * protocol's whole struct copied, then every queue, lock, counter and
 * link made its own. Returned with bh_lock_sock held (Linux's contract),
 * one reference, no socket until sock_graft (not SOCK_DEAD: a child
 * waiting in an accept queue is alive, and wakes nobody).
 */
struct sock *sk_clone_lock(const struct sock *sk, gfp_t priority);
/* accept(): attach sk to the new struct socket. */
void sock_graft(struct sock *sk, struct socket *parent);

/*
 * Timers that belong to a sock hold a reference while pending, so the
 * sock cannot be freed under a running handler: sk_reset_timer takes one
 * when it arms an idle timer, sk_stop_timer drops it when it cancels a
 * pending one, and the handler drops it when it ran (sock_put).
 */
void sk_reset_timer(struct sock *sk, struct timer_list *timer, unsigned long expires);
void sk_stop_timer(struct sock *sk, struct timer_list *timer);

/* lock_sock (sock.c). */
void lock_sock(struct sock *sk);
void release_sock(struct sock *sk);
static inline bool sock_owned_by_user(const struct sock *sk) { return sk->sk_lock.owned; }
#define bh_lock_sock(sk)	spin_lock(&(sk)->sk_lock.slock)
#define bh_unlock_sock(sk)	spin_unlock(&(sk)->sk_lock.slock)
/* Softirq: queue skb for release_sock; -ENOBUFS when the backlog is over limit. */
int sk_add_backlog(struct sock *sk, struct sk_buff *skb, unsigned int limit);

/* Buffers (sock.c). */
void skb_set_owner_r(struct sk_buff *skb, struct sock *sk);
void skb_set_owner_w(struct sk_buff *skb, struct sock *sk);
void sock_rfree(struct sk_buff *skb);
void sock_wfree(struct sk_buff *skb);
struct sk_buff *sock_alloc_send_skb(struct sock *sk, unsigned long size, int noblock, int *errcode);
int sock_queue_rcv_skb(struct sock *sk, struct sk_buff *skb);	/* 0, -ENOMEM (rcvbuf full) */
int sock_queue_err_skb(struct sock *sk, struct sk_buff *skb);
static inline int sk_rmem_alloc_get(const struct sock *sk) { return atomic_read(&sk->sk_rmem_alloc); }
static inline int sk_wmem_alloc_get(const struct sock *sk) { return atomic_read(&sk->sk_wmem_alloc); }
static inline bool sock_writeable(const struct sock *sk)
{
	return atomic_read(&sk->sk_wmem_alloc) < (sk->sk_sndbuf >> 1);
}

static inline int xchg_int(int *p, int v)
{
	__asm__ __volatile__("xchgl %0,%1" : "+r"(v), "+m"(*p) :: "memory");
	return v;
}

/* Errors: sock_error() takes sk_err (reporting it once), as SO_ERROR does. */
static inline int sock_error(struct sock *sk)
{
	int err;

	if (likely(!READ_ONCE(sk->sk_err)))
		return 0;
	err = xchg_int(&sk->sk_err, 0);
	return -err;
}

/*
 * SO_PEEK_OFF (AF_UNIX here; Linux also has it on TCP and UDP): a peek
 * starts sk_peek_off bytes in and moves it forward by what it returned; a
 * real read moves it back by what it consumed, never below 0. -1 is off.
 * Written under lock_sock, read locklessly by datagram receivers.
 */
static inline int sk_peek_offset(const struct sock *sk, int flags)
{
	return (flags & MSG_PEEK) ? READ_ONCE(sk->sk_peek_off) : 0;
}
static inline void sk_peek_offset_fwd(struct sock *sk, int val)
{
	int off = READ_ONCE(sk->sk_peek_off);

	if (off >= 0)
		WRITE_ONCE(sk->sk_peek_off, off + val);
}
static inline void sk_peek_offset_bwd(struct sock *sk, int val)
{
	int off = READ_ONCE(sk->sk_peek_off);

	if (off >= 0)
		WRITE_ONCE(sk->sk_peek_off, off > val ? off - val : 0);
}

/* Timeouts and waiting. */
static inline long sock_rcvtimeo(const struct sock *sk, bool noblock) { return noblock ? 0 : sk->sk_rcvtimeo; }
static inline long sock_sndtimeo(const struct sock *sk, bool noblock) { return noblock ? 0 : sk->sk_sndtimeo; }
static inline int sock_intr_errno(long timeo) { return timeo == MAX_SCHEDULE_TIMEOUT ? -ERESTARTSYS : -EINTR; }
static inline wait_queue_head_t *sk_sleep(struct sock *sk) { return &sk->sk_wq->wait; }
static inline bool sk_has_sleeper(struct sock *sk) { return sk->sk_wq && waitqueue_active(&sk->sk_wq->wait); }
void sk_wake_async_poll(struct sock *sk, __poll_t mask);
/*
 * Sleep on sk_sleep(sk) (the caller did prepare_to_wait) with the socket
 * lock released, until __condition holds, the timeout ends or a signal
 * comes; the lock is held again on return. Evaluates to the condition.
 */
#define sk_wait_event(__sk, __timeo, __condition)			\
	({	int __rc;						\
		release_sock(__sk);					\
		__rc = (__condition);					\
		if (!__rc)						\
			*(__timeo) = schedule_timeout(*(__timeo));	\
		lock_sock(__sk);					\
		__rc = (__condition);					\
		__rc;							\
	})
static inline void __sock_put(struct sock *sk) { refcount_dec(&sk->sk_refcnt); }

/* SOL_SOCKET options (sock.c), called by net/socket.c for level SOL_SOCKET. */
int sock_setsockopt(struct socket *sock, int level, int op, const void __user *optval, unsigned int optlen);
int sock_getsockopt(struct socket *sock, int level, int op, char __user *optval, int __user *optlen);

/* The default callbacks (sock.c). */
void sock_def_readable(struct sock *sk);
void sock_def_wakeup(struct sock *sk);
void sock_def_write_space(struct sock *sk);
void sock_def_error_report(struct sock *sk);

/* Datagrams (datagram.c). */
struct sk_buff *__skb_recv_datagram(struct sock *sk, struct sk_buff_head *queue,
				    unsigned int flags, int *off, int *err);
struct sk_buff *skb_recv_datagram(struct sock *sk, unsigned int flags, int noblock, int *err);
void skb_free_datagram(struct sock *sk, struct sk_buff *skb);
int skb_copy_datagram_msg(const struct sk_buff *skb, int offset, struct msghdr *msg, int size);
int datagram_backlog_rcv(struct sock *sk, struct sk_buff *skb);	/* queue or drop (counted) */
__poll_t datagram_poll(struct file *file, struct socket *sock, struct poll_table_struct *wait);
int sock_recv_errqueue(struct sock *sk, struct msghdr *msg, int len, int level, int type);

/* The control block while an skb sits on a socket's error queue (IP_RECVERR). */
struct sock_exterr_skb {
	struct sock_extended_err_k {
		u32 ee_errno;
		u8 ee_origin, ee_type, ee_code, ee_pad;
		u32 ee_info, ee_data;
	} ee;
	u16	addr_offset;	/* offender's address, offset from the network header */
	__be16	port;		/* the destination port of the packet in error */
};
#define SKB_EXT_ERR(skb)	((struct sock_exterr_skb *)((skb)->cb))

/* /proc/net/sockstat's per-protocol "inuse" counters. */
void sock_prot_inuse_add(const struct proto *prot, int val);


#endif
