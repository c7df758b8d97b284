/*
 * Receiving datagrams: waiting for one, taking it off sk_receive_queue (or
 * peeking), copying it into the caller's iovec, and poll() for datagram
 * sockets. Shared by UDP, ping and raw sockets.
 *
 *   udp_recvmsg -> __skb_recv_datagram -> (queue empty) __skb_wait_for_more_packets
 *               -> skb_copy_datagram_msg -> skb_free_datagram
 *   sock_poll -> ops->poll == datagram_poll
 *
 * The message helpers (memcpy_to_msg, memcpy_from_msg, put_cmsg) walk the
 * kernel copy of the caller's iovec that net/socket.c built in struct
 * msghdr; each call consumes what it copied.
 * Locking: the receive queue's own lock; no lock_sock (as Linux UDP).
 * Neighbours: net/core/sock.c (sock_queue_rcv_skb fills the queue),
 * include/net/sock.h.
 */
#include <net/sock.h>
#include <net/busy_poll.h>
#include <linux/sched.h>
#include <linux/uaccess.h>

/* ---- the iovec of a msghdr ---------------------------------------------- */

static int msg_iter_copy(struct msghdr *msg, void *kbuf, int len, bool to_user)
{
	while (len > 0 && msg->msg_iovlen) {
		struct iovec *iov = msg->msg_iov;
		size_t n = min_t(size_t, (size_t)len, iov->iov_len);
		unsigned long left;

		if (n) {
			if (msg->msg_kernel) {
				/* sendfile's bounce buffer: the kernel's own memory. */
				memcpy(to_user ? iov->iov_base : kbuf,
				       to_user ? kbuf : iov->iov_base, n);
				left = 0;
			} else {
				left = to_user ? copy_to_user(iov->iov_base, kbuf, n)
					       : copy_from_user(kbuf, iov->iov_base, n);
			}
			if (left)
				return -EFAULT;
			iov->iov_base = (char *)iov->iov_base + n;
			iov->iov_len -= n;
			kbuf = (char *)kbuf + n;
			len -= n;
		}
		if (!iov->iov_len) {
			msg->msg_iov++;
			msg->msg_iovlen--;
		}
	}
	return len ? -EFAULT : 0;
}

int memcpy_to_msg(struct msghdr *msg, const void *data, int len)
{
	return msg_iter_copy(msg, (void *)data, len, true);
}

int memcpy_from_msg(void *data, struct msghdr *msg, int len)
{
	return msg_iter_copy(msg, data, len, false);
}

/*
 * Append one control message to the user's msg_control. No room for the
 * header: MSG_CTRUNC and nothing written; room for part: truncated, also
 * MSG_CTRUNC (Linux's rules).
 */
int put_cmsg(struct msghdr *msg, int level, int type, int len, const void *data)
{
	struct cmsghdr cm;
	int cmlen = CMSG_LEN(len);

	if (!msg->msg_control || msg->msg_controllen < sizeof(struct cmsghdr)) {
		msg->msg_flags |= MSG_CTRUNC;
		return 0;
	}
	if (msg->msg_controllen < (size_t)cmlen) {
		msg->msg_flags |= MSG_CTRUNC;
		cmlen = msg->msg_controllen;
	}
	cm.cmsg_len = cmlen;
	cm.cmsg_level = level;
	cm.cmsg_type = type;
	if (copy_to_user(msg->msg_control, &cm, sizeof(cm)))
		return -EFAULT;
	if (copy_to_user((char __user *)msg->msg_control + sizeof(cm), data,
			 cmlen - sizeof(cm)))
		return -EFAULT;
	cmlen = min_t(size_t, CMSG_SPACE(len), msg->msg_controllen);
	msg->msg_control = (char __user *)msg->msg_control + cmlen;
	msg->msg_controllen -= cmlen;
	return 0;
}

/* ---- waiting and dequeuing -------------------------------------------------- */

/*
 * Sleep until a packet is queued after last (the tail we saw: the queue
 * itself when it was empty), an error or shutdown, a signal or the
 * timeout. 0: look again; else the error to return.
 */
static int __skb_wait_for_more_packets(struct sock *sk, struct sk_buff_head *queue,
				       long *timeo_p, const struct sk_buff *last)
{
	DEFINE_WAIT(wait);
	int error;

	prepare_to_wait_exclusive(sk_sleep(sk), &wait, TASK_INTERRUPTIBLE);
	error = sock_error(sk);
	if (error)
		goto out;
	if (READ_ONCE(queue->prev) != last)
		goto out;
	error = 0;
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		goto out_noerr;
	error = -ERESTARTSYS;
	if (signal_pending(current)) {
		error = sock_intr_errno(*timeo_p);
		goto out;
	}
	*timeo_p = schedule_timeout(*timeo_p);
	error = 0;
out:
	finish_wait(sk_sleep(sk), &wait);
	return error;
out_noerr:
	error = 1;
	goto out;
}

/*
 * The first datagram on queue: unlinked, or with MSG_PEEK an extra
 * reference. A peek with *off > 0 (SO_PEEK_OFF) passes over the datagrams
 * the offset covers whole and leaves in *off where to start inside the
 * one returned; otherwise *off becomes 0 (Linux's
 * __skb_try_recv_from_queue). Nothing (left) to return: wait for a
 * datagram queued after the last one seen.
 */
struct sk_buff *__skb_recv_datagram(struct sock *sk, struct sk_buff_head *queue,
				    unsigned int flags, int *off, int *err)
{
	long timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	int peek_off = (flags & MSG_PEEK) && *off > 0 ? *off : 0;
	bool busy_looped = false;
	struct sk_buff *skb, *last;
	unsigned long irqflags;
	int error, skip;

	do {
		error = sock_error(sk);
		if (error)
			goto no_packet;
		skip = peek_off;
		spin_lock_irqsave(&queue->lock, irqflags);
		last = queue->prev;
		for (skb = skb_peek(queue); skb; skb = skb_peek_next(skb, queue)) {
			if (!skip || skip < (int)skb->len)
				break;
			skip -= skb->len;
		}
		if (skb) {
			if (flags & MSG_PEEK)
				skb_get(skb);
			else
				__skb_unlink(skb, queue);
		}
		spin_unlock_irqrestore(&queue->lock, irqflags);
		if (skb) {
			*off = skip;
			return skb;
		}
		/* Nothing queued: spin on the NIC a little before sleeping (SO_BUSY_POLL). */
		if (sk_can_busy_loop(sk) && !busy_looped) {
			busy_looped = true;
			sk_busy_loop(sk, !timeo);
			continue;
		}
		error = -EAGAIN;	/* nonblocking: EAGAIN even after shutdown, as Linux */
		if (!timeo)
			goto no_packet;
		error = __skb_wait_for_more_packets(sk, queue, &timeo, last);
		if (error < 0)
			goto no_packet;
		if (error > 0) {
			error = 0;
			goto no_packet;
		}
		if (!timeo) {
			/* The timeout ran out while we slept: one last look. */
			if (READ_ONCE(queue->prev) != last)
				continue;
			error = -EAGAIN;
			goto no_packet;
		}
	} while (1);

no_packet:
	*err = error;
	return NULL;
}

struct sk_buff *skb_recv_datagram(struct sock *sk, unsigned int flags, int noblock, int *err)
{
	int off = 0;

	return __skb_recv_datagram(sk, &sk->sk_receive_queue,
				   flags | (noblock ? MSG_DONTWAIT : 0), &off, err);
}

/* Done with a received datagram (or a peeked reference to one). */
void skb_free_datagram(struct sock *sk, struct sk_buff *skb)
{
	consume_skb(skb);
}

int skb_copy_datagram_msg(const struct sk_buff *skb, int offset, struct msghdr *msg, int size)
{
	if (offset < 0 || size < 0 || (unsigned int)(offset + size) > skb->len)
		return -EFAULT;
	return memcpy_to_msg(msg, skb->data + offset, size);
}

/* ---- poll ----------------------------------------------------------------- */

__poll_t datagram_poll(struct file *file, struct socket *sock, poll_table *wait)
{
	struct sock *sk = sock->sk;
	__poll_t mask = 0;

	poll_wait(file, sk_sleep(sk), wait);

	if (READ_ONCE(sk->sk_err) || !skb_queue_empty(&sk->sk_error_queue))
		mask |= POLLERR;
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		mask |= POLLRDHUP | POLLIN | POLLRDNORM;
	if (sk->sk_shutdown == SHUTDOWN_MASK)
		mask |= POLLHUP;
	if (!skb_queue_empty(&sk->sk_receive_queue))
		mask |= POLLIN | POLLRDNORM;
	if (sock_writeable(sk))
		mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
	else
		sock->flags |= 1UL << SOCK_NOSPACE;
	return mask;
}

/*
 * sk_backlog_rcv for datagram sockets with nothing to do but queue (ping,
 * raw): what softirq parked while the owner held lock_sock goes to the
 * receive queue now, or is dropped and counted if the buffer is full.
 */
int datagram_backlog_rcv(struct sock *sk, struct sk_buff *skb)
{
	if (sock_queue_rcv_skb(sk, skb) < 0) {
		sk->sk_drops++;
		kfree_skb(skb);
		return -1;
	}
	return 0;
}
