/*
 * AF_UNIX sockets, the family and connection side (Linux's
 * net/unix/af_unix.c): creation and release, connect/listen/accept,
 * socketpair, poll, shutdown and ioctl. Names (bind, the bound-name table,
 * lookup, getname) are in unix_addr.c, moving data in unix_stream.c and
 * unix_dgram.c, files in flight in scm.c and garbage.c, /proc in
 * sysctl_net_unix.c.
 *
 *   socket(AF_UNIX) -> unix_create -> unix_create1 (sk_alloc, unbound bucket)
 *   bind   -> unix_bind (unix_addr.c)
 *   connect(stream) -> unix_stream_connect: make the embryo, find the
 *             listener (unix_find_other), wait while its queue is full,
 *             link the pair, queue the embryo's skb on the listener
 *   accept -> unix_accept: dequeue an embryo, sock_graft it
 *   close  -> unix_release -> unix_release_sock: unhash, orphan, hang up
 *             the peer, drop queued data (and embryos), maybe unix_gc
 * The lock legend is in include/net/af_unix.h.
 */
#include <linux/net.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/string.h>
#include <net/af_unix.h>

DEFINE_SPINLOCK(unix_table_lock);
struct hlist_head unix_socket_table[UNIX_HASH_SIZE + 1];	/* last: unbound sockets */
static atomic_t unix_nr_socks = ATOMIC_INIT(0);

static const struct proto_ops unix_stream_ops, unix_dgram_ops, unix_seqpacket_ops;

int unix_sockets_inuse(void)
{
	return atomic_read(&unix_nr_socks);
}

/* ---- creation and release ----------------------------------------------------- */

static struct proto unix_proto = {
	.name		= "UNIX",
	.obj_size	= sizeof(struct unix_sock),
};

static bool unix_writable(const struct sock *sk)
{
	return sk->sk_state != TCP_LISTEN && (atomic_read(&sk->sk_wmem_alloc) << 2) <= sk->sk_sndbuf;
}

/* A reader freed some of our send buffer: wake writers once a quarter is in use or less. */
static void unix_write_space(struct sock *sk)
{
	if (unix_writable(sk))
		sk_wake_async_poll(sk, POLLOUT | POLLWRNORM | POLLWRBAND);
}

static void unix_sock_destructor(struct sock *sk)
{
	struct unix_sock *u = unix_sk(sk);

	WARN_ON(u->peer);
	if (u->addr)
		unix_release_addr(u->addr);
	atomic_dec(&unix_nr_socks);
}

/*
 * Datagram poll and a full receiver (Linux's unix_dgram_peer_wake_*): a
 * poll that finds the connected receiver's queue full hooks our peer_wake
 * entry onto the receiver's peer_wait; the receiver's next recv (or its
 * close) runs this relay, which unhooks it and wakes our own pollers with
 * POLLOUT. The entry is only ever on our current peer's queue, which our
 * reference keeps alive; connect and release unhook it first.
 */
static int unix_dgram_peer_wake_relay(wait_queue_entry_t *q, unsigned mode, int flags, void *key)
{
	struct unix_sock *u = container_of(q, struct unix_sock, peer_wake);

	list_del_init(&q->entry);	/* the peer's peer_wait.lock is held by __wake_up */
	u->peer_wake.private = NULL;
	if (u->sk.sk_wq)
		wake_up_interruptible_poll(&u->sk.sk_wq->wait, POLLOUT | POLLWRNORM | POLLWRBAND);
	return 0;
}

static bool unix_dgram_peer_wake_connect(struct sock *sk, struct sock *other)
{
	struct unix_sock *u = unix_sk(sk), *u_other = unix_sk(other);
	unsigned long flags;
	bool hooked = false;

	spin_lock_irqsave(&u_other->peer_wait.lock, flags);
	if (!u->peer_wake.private) {
		u->peer_wake.private = other;
		list_add(&u->peer_wake.entry, &u_other->peer_wait.head);
		hooked = true;
	}
	spin_unlock_irqrestore(&u_other->peer_wait.lock, flags);
	return hooked;
}

void unix_dgram_peer_wake_disconnect(struct sock *sk, struct sock *other)
{
	struct unix_sock *u = unix_sk(sk), *u_other = unix_sk(other);
	unsigned long flags;

	spin_lock_irqsave(&u_other->peer_wait.lock, flags);
	if (u->peer_wake.private == other) {
		list_del_init(&u->peer_wake.entry);
		u->peer_wake.private = NULL;
	}
	spin_unlock_irqrestore(&u_other->peer_wait.lock, flags);
}

/* Full (and alive): stay hooked, report "not writable". Otherwise unhook again. */
static bool unix_dgram_peer_wake_me(struct sock *sk, struct sock *other)
{
	bool hooked = unix_dgram_peer_wake_connect(sk, other);

	if (unix_recvq_full(other) && !sock_flag(other, SOCK_DEAD))
		return true;
	if (hooked)
		unix_dgram_peer_wake_disconnect(sk, other);
	return false;
}

static struct sock *unix_create1(struct socket *sock, int type)
{
	struct unix_sock *u;
	struct sock *sk;

	sk = sk_alloc(AF_UNIX, GFP_KERNEL, &unix_proto);
	if (!sk)
		return NULL;
	sock_init_data(sock, sk);
	sk->sk_type = type;
	sk->sk_max_ack_backlog = sysctl_max_dgram_qlen;
	sk->sk_write_space = unix_write_space;
	sk->sk_destruct = unix_sock_destructor;
	u = unix_sk(sk);
	spin_lock_init(&u->lock);
	init_waitqueue_head(&u->peer_wait);
	init_waitqueue_func_entry(&u->peer_wake, unix_dgram_peer_wake_relay);
	INIT_LIST_HEAD(&u->link);
	u->peer_cred.uid = u->peer_cred.gid = 65534;	/* overflowuid: nobody until connected */
	atomic_inc(&unix_nr_socks);
	spin_lock(&unix_table_lock);
	hlist_add_head(&sk->sk_node, &unix_socket_table[UNIX_HASH_SIZE]);
	spin_unlock(&unix_table_lock);
	return sk;
}

static int unix_create(struct socket *sock, int protocol, int kern)
{
	if (protocol && protocol != PF_UNIX)
		return -EPROTONOSUPPORT;
	sock->state = SS_UNCONNECTED;
	switch (sock->type) {
	case SOCK_STREAM:
		sock->ops = &unix_stream_ops;
		break;
	case SOCK_RAW:			/* Linux: SOCK_RAW is believed to be SOCK_DGRAM */
		sock->type = SOCK_DGRAM;
		/* fall through */
	case SOCK_DGRAM:
		sock->ops = &unix_dgram_ops;
		break;
	case SOCK_SEQPACKET:
		sock->ops = &unix_seqpacket_ops;
		break;
	default:
		return -ESOCKTNOSUPPORT;
	}
	return unix_create1(sock, sock->type) ? 0 : -ENOMEM;
}

static bool unix_connection_based(const struct sock *sk)
{
	return sk->sk_type == SOCK_STREAM || sk->sk_type == SOCK_SEQPACKET;
}

/*
 * The socket is going (close, or a listener's unaccepted embryo: embrion).
 * A connected peer sees end of file, and ECONNRESET if data we never read
 * or a connection never accepted is thrown away.
 */
void unix_release_sock(struct sock *sk, int embrion)
{
	struct unix_sock *u = unix_sk(sk);
	struct dentry *dentry;
	struct sock *skpair;
	struct sk_buff *skb;
	int state;

	spin_lock(&unix_table_lock);
	hlist_del_init(&sk->sk_node);
	spin_unlock(&unix_table_lock);

	/* Off our peer's peer_wait before the wait queue it would wake goes. */
	unix_state_lock(sk);
	skpair = unix_peer(sk);
	unix_state_unlock(sk);
	if (skpair)
		unix_dgram_peer_wake_disconnect(sk, skpair);

	unix_state_lock(sk);
	sock_orphan(sk);
	sk->sk_shutdown = SHUTDOWN_MASK;
	dentry = u->dentry;
	u->dentry = NULL;
	state = sk->sk_state;
	sk->sk_state = TCP_CLOSE;
	skpair = unix_peer(sk);
	unix_peer(sk) = NULL;
	unix_state_unlock(sk);

	wake_up_interruptible_all(&u->peer_wait);

	if (skpair) {
		if (unix_connection_based(sk)) {
			unix_state_lock(skpair);
			skpair->sk_shutdown = SHUTDOWN_MASK;
			if (!skb_queue_empty(&sk->sk_receive_queue) || embrion)
				skpair->sk_err = ECONNRESET;
			unix_state_unlock(skpair);
			skpair->sk_state_change(skpair);
		}
		sock_put(skpair);
	}

	/* Drop what nobody will read; a listener's queue holds embryos. */
	while ((skb = skb_dequeue(&sk->sk_receive_queue))) {
		if (state == TCP_LISTEN)
			unix_release_sock(skb->sk, 1);
		kfree_skb(skb);
	}
	if (dentry)
		dput(dentry);		/* the node stays in the tree until unlink, as Linux */
	sock_put(sk);

	/* Closing may have left only in-flight references to some sockets: collect cycles. */
	if (READ_ONCE(unix_tot_inflight))
		unix_gc();
}

static int unix_release(struct socket *sock)
{
	struct sock *sk = sock->sk;

	if (!sk)
		return 0;
	sock->sk = NULL;
	unix_release_sock(sk, 0);
	return 0;
}

/* ---- connecting --------------------------------------------------------------- */

struct sock *unix_peer_get(struct sock *s)
{
	struct sock *peer;

	unix_state_lock(s);
	peer = unix_peer(s);
	if (peer)
		sock_hold(peer);
	unix_state_unlock(s);
	return peer;
}

/* Linux's: more queued than the backlog (listener) or max_dgram_qlen (datagram). */
bool unix_recvq_full(const struct sock *sk)
{
	return skb_queue_len(&sk->sk_receive_queue) > sk->sk_max_ack_backlog;
}

/* unix_state_lock(other) held, dropped here. Sleep until other's queue has room. */
long unix_wait_for_peer(struct sock *other, long timeo)
{
	struct unix_sock *u = unix_sk(other);
	DEFINE_WAIT(wait);
	int sched;

	prepare_to_wait_exclusive(&u->peer_wait, &wait, TASK_INTERRUPTIBLE);
	sched = !sock_flag(other, SOCK_DEAD) && !(other->sk_shutdown & RCV_SHUTDOWN) &&
		unix_recvq_full(other);
	unix_state_unlock(other);
	if (sched)
		timeo = schedule_timeout(timeo);
	finish_wait(&u->peer_wait, &wait);
	return timeo;
}

static void init_peercred(struct ucred *c)
{
	c->pid = current->tgid;
	c->uid = current->euid;
	c->gid = current->egid;
}

static int unix_listen(struct socket *sock, int backlog)
{
	struct sock *sk = sock->sk;
	struct unix_sock *u = unix_sk(sk);
	int err;

	err = -EOPNOTSUPP;
	if (sock->type != SOCK_STREAM && sock->type != SOCK_SEQPACKET)
		return err;
	err = -EINVAL;
	lock_sock(sk);
	if (!u->addr)
		goto out;		/* not bound: Linux does not autobind here */
	unix_state_lock(sk);
	if (sk->sk_state != TCP_CLOSE && sk->sk_state != TCP_LISTEN) {
		unix_state_unlock(sk);
		goto out;
	}
	if ((unsigned int)backlog > sk->sk_max_ack_backlog)
		wake_up_interruptible_all(&u->peer_wait);
	sk->sk_max_ack_backlog = backlog;
	sk->sk_state = TCP_LISTEN;
	init_peercred(&u->peer_cred);	/* what connecting clients see as SO_PEERCRED */
	unix_state_unlock(sk);
	err = 0;
out:
	release_sock(sk);
	return err;
}

static int unix_stream_connect(struct socket *sock, struct sockaddr *uaddr, int addr_len, int flags)
{
	struct sockaddr_un *sunaddr = (struct sockaddr_un *)uaddr;
	struct sock *sk = sock->sk, *newsk, *other = NULL;
	struct unix_sock *u = unix_sk(sk), *newu, *otheru;
	struct sk_buff *skb;
	long timeo;
	int err, st;

	err = unix_mkname(sunaddr, addr_len);
	if (err < 0)
		return err;
	addr_len = err;
	if ((sock->flags & (1UL << SOCK_PASSCRED)) && !u->addr) {
		err = unix_autobind(sock);
		if (err)
			return err;
	}
	timeo = sock_sndtimeo(sk, flags & O_NONBLOCK);

	/* The server's end, made first so nothing can fail once the listener is locked. */
	err = -ENOMEM;
	newsk = unix_create1(NULL, sk->sk_type);
	if (!newsk)
		return err;
	skb = alloc_skb(1, GFP_KERNEL);
	if (!skb)
		goto out_free_newsk;
	skb_set_owner_w(skb, newsk);	/* skb->sk: the embryo accept() will take */

restart:
	other = unix_find_other(sunaddr, addr_len, sk->sk_type, &err);
	if (!other)
		goto out;
	unix_state_lock(other);
	if (sock_flag(other, SOCK_DEAD)) {	/* closed under us: look the name up again */
		unix_state_unlock(other);
		sock_put(other);
		goto restart;
	}
	err = -ECONNREFUSED;
	if (other->sk_state != TCP_LISTEN || (other->sk_shutdown & RCV_SHUTDOWN))
		goto out_unlock;
	if (unix_recvq_full(other)) {
		err = -EAGAIN;
		if (!timeo)
			goto out_unlock;
		timeo = unix_wait_for_peer(other, timeo);
		err = sock_intr_errno(timeo);
		if (signal_pending(current))
			goto out;
		sock_put(other);
		goto restart;
	}

	st = sk->sk_state;
	if (st != TCP_CLOSE) {
		err = st == TCP_ESTABLISHED ? -EISCONN : -EINVAL;
		goto out_unlock;
	}
	unix_state_lock(sk);		/* order: the listener, then us */
	if (sk->sk_state != st) {
		unix_state_unlock(sk);
		unix_state_unlock(other);
		sock_put(other);
		goto restart;
	}

	sock_hold(sk);
	unix_peer(newsk) = sk;
	newsk->sk_state = TCP_ESTABLISHED;
	newu = unix_sk(newsk);
	init_peercred(&newu->peer_cred);	/* the server sees the connecting process */
	otheru = unix_sk(other);
	if (otheru->addr) {			/* accepted sockets carry the listener's name */
		refcount_inc(&otheru->addr->refcnt);
		newu->addr = otheru->addr;
	}
	u->peer_cred = otheru->peer_cred;
	sock->state = SS_CONNECTED;
	sk->sk_state = TCP_ESTABLISHED;
	sock_hold(newsk);
	unix_peer(sk) = newsk;
	unix_state_unlock(sk);

	skb_queue_tail(&other->sk_receive_queue, skb);
	unix_state_unlock(other);
	other->sk_data_ready(other);
	sock_put(other);
	return 0;

out_unlock:
	unix_state_unlock(other);
out:
	kfree_skb(skb);
out_free_newsk:
	unix_release_sock(newsk, 0);
	if (other)
		sock_put(other);
	return err;
}

/* Two locks at once in address order, so two connects cannot deadlock. */
static void unix_state_double_lock(struct sock *sk1, struct sock *sk2)
{
	if (!sk2 || sk1 == sk2) {
		unix_state_lock(sk1);
		return;
	}
	if (sk1 > sk2) {
		struct sock *t = sk1;

		sk1 = sk2;
		sk2 = t;
	}
	unix_state_lock(sk1);
	unix_state_lock(sk2);
}

static void unix_state_double_unlock(struct sock *sk1, struct sock *sk2)
{
	unix_state_unlock(sk1);
	if (sk2 && sk1 != sk2)
		unix_state_unlock(sk2);
}

/* A datagram may go to osk unless osk is connected to someone else. */
static bool unix_may_send(struct sock *sk, struct sock *osk)
{
	return !unix_peer(osk) || unix_peer(osk) == sk;
}

/* connect() on a datagram socket: a default destination and a filter; AF_UNSPEC undoes it. */
static int unix_dgram_connect(struct socket *sock, struct sockaddr *addr, int alen, int flags)
{
	struct sock *sk = sock->sk, *other, *old;
	int err;

	if (alen < (int)sizeof(short))
		return -EINVAL;
	if (addr->sa_family != AF_UNSPEC) {
		err = unix_mkname((struct sockaddr_un *)addr, alen);
		if (err < 0)
			return err;
		alen = err;
		if ((sock->flags & (1UL << SOCK_PASSCRED)) && !unix_sk(sk)->addr) {
			err = unix_autobind(sock);
			if (err)
				return err;
		}
restart:
		other = unix_find_other((struct sockaddr_un *)addr, alen, sock->type, &err);
		if (!other)
			return err;
		unix_state_double_lock(sk, other);
		if (sock_flag(other, SOCK_DEAD)) {
			unix_state_double_unlock(sk, other);
			sock_put(other);
			goto restart;
		}
		if (!unix_may_send(sk, other)) {
			unix_state_double_unlock(sk, other);
			sock_put(other);
			return -EPERM;
		}
	} else {
		other = NULL;
		unix_state_double_lock(sk, other);
	}
	old = unix_peer(sk);
	unix_peer(sk) = other;		/* takes the lookup's reference */
	sk->sk_state = other ? TCP_ESTABLISHED : TCP_CLOSE;
	unix_state_double_unlock(sk, other);
	if (old) {
		if (old != other) {	/* a poll waiting on the old peer: let it look again */
			unix_dgram_peer_wake_disconnect(sk, old);
			wake_up_interruptible_poll(sk_sleep(sk), POLLOUT | POLLWRNORM | POLLWRBAND);
		}
		sock_put(old);
	}
	return 0;
}

static int unix_socketpair(struct socket *socka, struct socket *sockb)
{
	struct sock *ska = socka->sk, *skb = sockb->sk;

	sock_hold(ska);
	sock_hold(skb);
	unix_peer(ska) = skb;
	unix_peer(skb) = ska;
	init_peercred(&unix_sk(ska)->peer_cred);
	init_peercred(&unix_sk(skb)->peer_cred);
	if (ska->sk_type != SOCK_DGRAM) {
		ska->sk_state = TCP_ESTABLISHED;
		skb->sk_state = TCP_ESTABLISHED;
		socka->state = SS_CONNECTED;
		sockb->state = SS_CONNECTED;
	}
	return 0;
}

static int unix_accept(struct socket *sock, struct socket *newsock, int flags, bool kern)
{
	struct sock *sk = sock->sk, *tsk;
	struct sk_buff *skb;
	int err;

	if (sock->type != SOCK_STREAM && sock->type != SOCK_SEQPACKET)
		return -EOPNOTSUPP;
	if (sk->sk_state != TCP_LISTEN)
		return -EINVAL;
	skb = skb_recv_datagram(sk, 0, flags & O_NONBLOCK, &err);
	if (!skb)
		return err ? err : -EINVAL;	/* 0: the listener was shut down */
	tsk = skb->sk;
	sock_hold(tsk);
	skb_free_datagram(sk, skb);
	wake_up_interruptible(&unix_sk(sk)->peer_wait);	/* a connect may wait for room */

	unix_state_lock(tsk);
	newsock->state = SS_CONNECTED;
	sock_graft(tsk, newsock);
	unix_state_unlock(tsk);
	__sock_put(tsk);
	return 0;
}

/* ---- poll, shutdown, ioctl ----------------------------------------------- */


static __poll_t unix_poll(struct file *file, struct socket *sock, poll_table *wait)
{
	struct sock *sk = sock->sk;
	__poll_t mask = 0;

	poll_wait(file, sk_sleep(sk), wait);
	if (READ_ONCE(sk->sk_err))
		mask |= POLLERR;
	if (sk->sk_shutdown == SHUTDOWN_MASK)
		mask |= POLLHUP;
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		mask |= POLLRDHUP | POLLIN | POLLRDNORM;
	if (!skb_queue_empty(&sk->sk_receive_queue))
		mask |= POLLIN | POLLRDNORM;
	if (unix_connection_based(sk) && sk->sk_state == TCP_CLOSE)
		mask |= POLLHUP;
	if (unix_writable(sk))
		mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
	return mask;
}

/*
 * Datagram (and seqpacket) poll. Writable: room in our own send buffer
 * and, when we are connected to a receiver that is not connected back,
 * room in its queue (max_dgram_qlen) - if not, the relay above wakes us.
 */
static __poll_t unix_dgram_poll(struct file *file, struct socket *sock, poll_table *wait)
{
	struct sock *sk = sock->sk;
	__poll_t mask = 0;
	bool writable;

	poll_wait(file, sk_sleep(sk), wait);
	if (READ_ONCE(sk->sk_err))
		mask |= POLLERR;
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		mask |= POLLRDHUP | POLLIN | POLLRDNORM;
	if (sk->sk_shutdown == SHUTDOWN_MASK)
		mask |= POLLHUP;
	if (!skb_queue_empty(&sk->sk_receive_queue))
		mask |= POLLIN | POLLRDNORM;
	if (sk->sk_type == SOCK_SEQPACKET && sk->sk_state == TCP_CLOSE)
		mask |= POLLHUP;
	writable = unix_writable(sk);
	if (writable) {
		struct sock *other;

		unix_state_lock(sk);
		other = unix_peer(sk);
		if (other && unix_peer(other) != sk && unix_recvq_full(other) &&
		    unix_dgram_peer_wake_me(sk, other))
			writable = false;
		unix_state_unlock(sk);
	}
	if (writable)
		mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
	return mask;
}

static int unix_shutdown(struct socket *sock, int mode)
{
	struct sock *sk = sock->sk, *other;

	if (mode < SHUT_RD || mode > SHUT_RDWR)
		return -EINVAL;
	mode++;		/* SHUT_RD -> RCV_SHUTDOWN, SHUT_WR -> SEND_SHUTDOWN, both */

	unix_state_lock(sk);
	sk->sk_shutdown |= mode;
	other = unix_peer(sk);
	if (other)
		sock_hold(other);
	unix_state_unlock(sk);
	sk->sk_state_change(sk);

	if (other && unix_connection_based(sk)) {
		int peer_mode = 0;

		if (mode & RCV_SHUTDOWN)
			peer_mode |= SEND_SHUTDOWN;
		if (mode & SEND_SHUTDOWN)
			peer_mode |= RCV_SHUTDOWN;
		unix_state_lock(other);
		other->sk_shutdown |= peer_mode;
		unix_state_unlock(other);
		other->sk_state_change(other);
	}
	if (other)
		sock_put(other);
	return 0;
}

/* Unread bytes (stream) or the next datagram's size: SIOCINQ, and unix_diag's rqueue. */
int unix_inq_len(struct sock *sk)
{
	struct sk_buff *skb;
	unsigned long flags;
	int amount = 0;

	spin_lock_irqsave(&sk->sk_receive_queue.lock, flags);
	if (sk->sk_type == SOCK_STREAM) {
		skb_queue_walk(&sk->sk_receive_queue, skb)
			amount += skb->len;
	} else {
		skb = skb_peek(&sk->sk_receive_queue);
		if (skb)
			amount = skb->len;
	}
	spin_unlock_irqrestore(&sk->sk_receive_queue.lock, flags);
	return amount;
}

/* SIOCINQ: unix_inq_len; SIOCOUTQ: bytes sent, unread. */
static int unix_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg)
{
	struct sock *sk = sock->sk;
	int amount = 0;

	switch (cmd) {
	case SIOCOUTQ:
		amount = sk_wmem_alloc_get(sk);
		break;
	case SIOCINQ:
		if (sk->sk_state == TCP_LISTEN)
			return -EINVAL;
		amount = unix_inq_len(sk);
		break;
	default:
		return -ENOTTY;
	}
	return put_user(amount, (int __user *)arg);
}

/* SO_PEEK_OFF: sock_setsockopt holds lock_sock, which the stream reader holds too. */
static int unix_set_peek_off(struct sock *sk, int val)
{
	WRITE_ONCE(sk->sk_peek_off, val);
	return 0;
}

static int unix_setsockopt(struct socket *sock, int level, int optname,
			   const void __user *optval, unsigned int optlen)
{
	return -EOPNOTSUPP;		/* AF_UNIX has no options outside SOL_SOCKET */
}

static int unix_getsockopt(struct socket *sock, int level, int optname,
			   char __user *optval, int __user *optlen)
{
	return -EOPNOTSUPP;
}

/* EPIPE's signal: SIGPIPE unless the caller asked for MSG_NOSIGNAL. */
void unix_sock_pipe_error(int flags)
{
	if (!(flags & MSG_NOSIGNAL))
		send_sig(SIGPIPE, current, 0);
}

static const struct proto_ops unix_stream_ops = {
	.family		= AF_UNIX,
	.release	= unix_release,
	.bind		= unix_bind,
	.connect	= unix_stream_connect,
	.socketpair	= unix_socketpair,
	.accept		= unix_accept,
	.getname	= unix_getname,
	.poll		= unix_poll,
	.ioctl		= unix_ioctl,
	.listen		= unix_listen,
	.shutdown	= unix_shutdown,
	.setsockopt	= unix_setsockopt,
	.getsockopt	= unix_getsockopt,
	.sendmsg	= unix_stream_sendmsg,
	.recvmsg	= unix_stream_recvmsg,
	.set_peek_off	= unix_set_peek_off,
};

static const struct proto_ops unix_dgram_ops = {
	.family		= AF_UNIX,
	.release	= unix_release,
	.bind		= unix_bind,
	.connect	= unix_dgram_connect,
	.socketpair	= unix_socketpair,
	.accept		= sock_no_accept,
	.getname	= unix_getname,
	.poll		= unix_dgram_poll,
	.ioctl		= unix_ioctl,
	.listen		= sock_no_listen,
	.shutdown	= unix_shutdown,
	.setsockopt	= unix_setsockopt,
	.getsockopt	= unix_getsockopt,
	.sendmsg	= unix_dgram_sendmsg,
	.recvmsg	= unix_dgram_recvmsg,
	.set_peek_off	= unix_set_peek_off,
};

static const struct proto_ops unix_seqpacket_ops = {
	.family		= AF_UNIX,
	.release	= unix_release,
	.bind		= unix_bind,
	.connect	= unix_stream_connect,
	.socketpair	= unix_socketpair,
	.accept		= unix_accept,
	.getname	= unix_getname,
	.poll		= unix_dgram_poll,
	.ioctl		= unix_ioctl,
	.listen		= unix_listen,
	.shutdown	= unix_shutdown,
	.setsockopt	= unix_setsockopt,
	.getsockopt	= unix_getsockopt,
	.sendmsg	= unix_seqpacket_sendmsg,
	.recvmsg	= unix_seqpacket_recvmsg,
	.set_peek_off	= unix_set_peek_off,
};

static const struct net_proto_family unix_family_ops = {
	.family		= PF_UNIX,
	.create		= unix_create,
};

void af_unix_init(void)
{
	unix_sysctl_register();
	sock_register(&unix_family_ops);
}
