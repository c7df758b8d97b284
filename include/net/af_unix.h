/*
 * AF_UNIX sockets (Linux's include/net/af_unix.h): struct unix_sock, the
 * control block its skbs carry, and the entry points shared by
 * net/unix/{af_unix.c, unix_addr.c, unix_stream.c, unix_dgram.c,
 * garbage.c, scm.c, sysctl_net_unix.c}.
 *
 * A stream or seqpacket connection is two socks, each the other's
 * unix_peer(); connect() makes the server side (an "embryo") itself and
 * queues it on the listener's sk_receive_queue inside a 1-byte skb
 * (skb->sk = the embryo); accept() dequeues it and grafts it onto the new
 * socket. Data skbs go straight onto the receiver's sk_receive_queue and
 * stay charged to the sender's sk_wmem_alloc until read (so the sender's
 * SO_SNDBUF is the flow control). Datagrams to an unconnected receiver are
 * also bounded by its queue length (max_dgram_qlen).
 *
 * Lock legend:
 *   unix_table_lock        (spinlock) the bound-name table and every
 *                          socket's membership in it; u->addr is set
 *                          under it and never changes afterwards.
 *   unix_state_lock(sk)    (spinlock u->lock) sk_state, unix_peer(sk),
 *                          sk_shutdown, u->peer_cred, recursion_level.
 *                          Two at once: a listener before the socket
 *                          connecting to it; otherwise in address order
 *                          (unix_state_double_lock).
 *   lock_sock(sk)          u->iolock's role: one reader at a time in
 *                          stream recvmsg; bind and listen.
 *   unix_gc_lock           (spinlock, scm.c) inflight counts, the
 *                          in-flight list, gc_candidate, per-user counts.
 *   other's peer_wait.lock u->peer_wake's place on it and .private.
 *   unix_fput_lock         (scm.c) the deferred-fput list.
 * Order: lock_sock -> unix_state_lock -> sk_receive_queue.lock;
 * unix_state_lock(sk) -> other's peer_wait.lock -> sk's wait queue lock
 * (the datagram poll relay); unix_table_lock, unix_gc_lock and
 * unix_fput_lock are leaves.
 */
#ifndef _NET_AF_UNIX_H
#define _NET_AF_UNIX_H

#include <net/sock.h>
#include <net/scm.h>
#include <uapi/un.h>

#define UNIX_HASH_SIZE		256
#define UNIX_HASH_BITS		8
#define UNIX_AUTOBIND_MAX	0xFFFFF		/* "\0XXXXX": 5 hex digits */
#define MAX_RECURSION_LEVEL	4		/* sockets nested in flight (ETOOMANYREFS) */

/* A bound name, shared (refcnt) between a listener and its accepted sockets. */
struct unix_address {
	refcount_t		refcnt;
	int			len;		/* bytes of name, family included */
	unsigned int		hash;		/* bucket: name hash or inode number */
	struct sockaddr_un	name[];
};

struct unix_sock {
	struct sock		sk;		/* first: unix_sk() is a cast */
	struct unix_address	*addr;		/* unix_table_lock to set; NULL = unbound */
	struct dentry		*dentry;	/* the S_IFSOCK file of a path bind, +ref */
	struct sock		*peer;		/* unix_state_lock; holds a reference */
	spinlock_t		lock;		/* unix_state_lock */
	wait_queue_head_t	peer_wait;	/* senders waiting for room in our queue */
	wait_queue_entry_t	peer_wake;	/* on our peer's peer_wait while a poll found
						 * it full; .private = that peer (its lock) */
	struct list_head	link;		/* unix_gc_lock: in-flight list / candidates */
	long			inflight;	/* unix_gc_lock: copies of our file in skbs */
	bool			gc_candidate;	/* unix_gc_lock */
	bool			gc_maybe_cycle;	/* unix_gc_lock */
	unsigned char		recursion_level;	/* nesting of sockets in our queue */
	struct ucred		peer_cred;	/* SO_PEERCRED; unix_state_lock */
};

static inline struct unix_sock *unix_sk(const struct sock *sk) { return (struct unix_sock *)sk; }
#define unix_peer(sk)		(unix_sk(sk)->peer)
#define unix_state_lock(s)	spin_lock(&unix_sk(s)->lock)
#define unix_state_unlock(s)	spin_unlock(&unix_sk(s)->lock)

/* What a queued skb carries besides its bytes (skb->cb). skb->sk is the sender. */
struct unix_skb_parms {
	struct ucred		creds;		/* the sender's (or what SCM_CREDENTIALS claimed) */
	struct scm_fp_list	*fp;		/* files in flight, NULL if none */
};
#define UNIXCB(skb)		(*(struct unix_skb_parms *)&((skb)->cb))

extern int sysctl_max_dgram_qlen;

/* unix_addr.c */
int unix_mkname(struct sockaddr_un *sunaddr, int len);	/* significant length or -EINVAL */
struct sock *unix_find_other(struct sockaddr_un *sunaddr, int len, int type, int *error);
int unix_bind(struct socket *sock, struct sockaddr *uaddr, int addr_len);
int unix_autobind(struct socket *sock);
int unix_getname(struct socket *sock, struct sockaddr *uaddr, int peer);
void unix_copy_addr(struct msghdr *msg, struct sock *sk);
void unix_release_addr(struct unix_address *addr);

/* af_unix.c */
struct sock *unix_peer_get(struct sock *sk);
int unix_inq_len(struct sock *sk);		/* unread bytes, or the next datagram's size */
bool unix_recvq_full(const struct sock *sk);
long unix_wait_for_peer(struct sock *other, long timeo);	/* unix_state_lock(other) held; drops it */
void unix_release_sock(struct sock *sk, int embrion);
void unix_sock_pipe_error(int flags);
void unix_dgram_peer_wake_disconnect(struct sock *sk, struct sock *other);	/* SIGPIPE unless MSG_NOSIGNAL */
extern spinlock_t unix_table_lock;
extern struct hlist_head unix_socket_table[UNIX_HASH_SIZE + 1];

/* unix_stream.c, unix_dgram.c */
int unix_scm_to_skb(struct scm_cookie *scm, struct sk_buff *skb, bool send_fds);
int unix_stream_sendmsg(struct socket *sock, struct msghdr *msg, size_t len);
int unix_stream_recvmsg(struct socket *sock, struct msghdr *msg, size_t size, int flags);
int unix_dgram_sendmsg(struct socket *sock, struct msghdr *msg, size_t len);
int unix_dgram_recvmsg(struct socket *sock, struct msghdr *msg, size_t size, int flags);
int unix_seqpacket_sendmsg(struct socket *sock, struct msghdr *msg, size_t len);
int unix_seqpacket_recvmsg(struct socket *sock, struct msghdr *msg, size_t size, int flags);

/* scm.c (net/unix): files in flight */
int unix_attach_fds(struct scm_cookie *scm, struct sk_buff *skb);	/* max nesting level or -errno */
void unix_detach_fds(struct scm_cookie *scm, struct sk_buff *skb);
void unix_peek_fds(struct scm_cookie *scm, struct sk_buff *skb);	/* MSG_PEEK: copies */
void unix_destruct_scm(struct sk_buff *skb);
struct sock *unix_get_socket(struct file *filp);	/* the unix sock behind a file, or NULL */
void unix_inflight(uid_t uid, struct file *fp);
void unix_notinflight(uid_t uid, struct file *fp);
extern long unix_tot_inflight;		/* unix_gc_lock */
extern spinlock_t unix_gc_lock;

/* garbage.c */
void unix_gc(void);
extern unsigned long unix_gc_runs, unix_gc_freed;	/* unix_gc_lock; /proc/net/unix_stat */

/* af_unix.c: sock_register(PF_UNIX), /proc; kernel/main.c calls it after net_init */
void af_unix_init(void);

/* sysctl_net_unix.c */
void unix_sysctl_register(void);
int unix_sockets_inuse(void);

#endif
