/*
 * AF_UNIX stream sockets: moving bytes (Linux's unix_stream_sendmsg and
 * unix_stream_read_generic, from net/unix/af_unix.c).
 *
 *   send: scm_send -> checks (OOB, a name, no peer, shut down) -> per
 *         chunk: sock_alloc_send_skb (blocks on *our* SO_SNDBUF: the skb
 *         stays charged to us until the peer reads it) -> the files go
 *         with the first chunk (unix_attach_fds) -> copy -> under the
 *         peer's state lock: gone or shut for reading? EPIPE (+SIGPIPE) ->
 *         skb_queue_tail on the peer's receive queue -> sk_data_ready.
 *   recv: one reader at a time (lock_sock) -> peek the queue (a MSG_PEEK
 *         skips SO_PEEK_OFF's bytes first), wait for
 *         data (or EOF, error, timeout, signal) -> copy, skb_pull what was
 *         read, free the skb when empty -> files stop the read after their
 *         skb, so they arrive with the bytes they were sent with; with
 *         SO_PASSCRED a change of sender's credentials stops it too.
 * Neighbours: af_unix.c (connections), scm.c (files), include/net/af_unix.h.
 */
#include <linux/net.h>
#include <linux/sched.h>
#include <net/af_unix.h>

#define UNIX_STREAM_CHUNK	16384	/* bytes per skb: a 4-page buffer */

/* The last skb queued, or NULL (Linux's skb_peek_tail). */
static struct sk_buff *unix_queue_tail(struct sk_buff_head *q)
{
	return q->prev == (struct sk_buff *)q ? NULL : q->prev;
}

/* The cookie's credentials always, its files only for the first chunk. */
int unix_scm_to_skb(struct scm_cookie *scm, struct sk_buff *skb, bool send_fds)
{
	int err = 0;

	UNIXCB(skb).creds = scm->creds;
	UNIXCB(skb).fp = NULL;
	skb->destructor = unix_destruct_scm;	/* files, then sock_wfree */
	if (send_fds && scm->fp)
		err = unix_attach_fds(scm, skb);
	return err;
}

int unix_stream_sendmsg(struct socket *sock, struct msghdr *msg, size_t len)
{
	struct sock *sk = sock->sk, *other;
	struct scm_cookie scm;
	struct sk_buff *skb;
	bool fds_sent = false;
	int err, size, max_level;
	size_t sent = 0;

	err = scm_send(sock, msg, &scm);
	if (err < 0)
		return err;
	err = -EOPNOTSUPP;
	if (msg->msg_flags & MSG_OOB)
		goto out_err;
	if (msg->msg_namelen) {
		err = sk->sk_state == TCP_ESTABLISHED ? -EISCONN : -EOPNOTSUPP;
		goto out_err;
	}
	err = -ENOTCONN;
	other = unix_peer(sk);		/* fixed once connected; our reference keeps it */
	if (!other)
		goto out_err;
	if (sk->sk_shutdown & SEND_SHUTDOWN)
		goto pipe_err;

	while (sent < len) {
		size = min_t(size_t, len - sent, (sk->sk_sndbuf >> 1) - 64);
		size = min(size, UNIX_STREAM_CHUNK);
		skb = sock_alloc_send_skb(sk, size, msg->msg_flags & MSG_DONTWAIT, &err);
		if (!skb)
			goto out_err;
		err = unix_scm_to_skb(&scm, skb, !fds_sent);
		if (err < 0) {
			kfree_skb(skb);
			goto out_err;
		}
		max_level = err + 1;
		fds_sent = true;
		err = memcpy_from_msg(skb_put(skb, size), msg, size);
		if (err) {
			kfree_skb(skb);
			goto out_err;
		}

		unix_state_lock(other);
		if (sock_flag(other, SOCK_DEAD) || (other->sk_shutdown & RCV_SHUTDOWN))
			goto pipe_err_free;
		skb_queue_tail(&other->sk_receive_queue, skb);
		if (max_level > unix_sk(other)->recursion_level)
			unix_sk(other)->recursion_level = max_level;
		unix_state_unlock(other);
		other->sk_data_ready(other);
		sent += size;
	}
	scm_destroy(&scm);
	return sent;

pipe_err_free:
	unix_state_unlock(other);
	kfree_skb(skb);
pipe_err:
	if (!sent)
		unix_sock_pipe_error(msg->msg_flags);
	err = -EPIPE;
out_err:
	scm_destroy(&scm);
	return sent ? (int)sent : err;
}

/* Sleep until the queue's tail is no longer last, EOF, an error, a signal or the timeout. */
static long unix_stream_data_wait(struct sock *sk, long timeo, struct sk_buff *last)
{
	DEFINE_WAIT(wait);

	unix_state_lock(sk);
	for (;;) {
		prepare_to_wait(sk_sleep(sk), &wait, TASK_INTERRUPTIBLE);
		if (unix_queue_tail(&sk->sk_receive_queue) != last || sk->sk_err ||
		    (sk->sk_shutdown & RCV_SHUTDOWN) || signal_pending(current) || !timeo)
			break;
		unix_state_unlock(sk);
		timeo = schedule_timeout(timeo);
		unix_state_lock(sk);
	}
	finish_wait(sk_sleep(sk), &wait);
	unix_state_unlock(sk);
	return timeo;
}

static bool unix_creds_eq(const struct ucred *a, const struct ucred *b)
{
	return a->pid == b->pid && a->uid == b->uid && a->gid == b->gid;
}

int unix_stream_recvmsg(struct socket *sock, struct msghdr *msg, size_t size, int flags)
{
	struct sock *sk = sock->sk;
	struct sk_buff *skb;
	struct scm_cookie scm;
	bool check_creds = false;
	int copied = 0, err = 0, chunk, target, peek_base, skip;
	long timeo;

	if (sk->sk_state != TCP_ESTABLISHED)
		return -EINVAL;
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	target = (flags & MSG_WAITALL) ? (int)size : min_t(int, max(sk->sk_rcvlowat, 1), (int)size);
	timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	memset(&scm, 0, sizeof(scm));

	lock_sock(sk);
	peek_base = max(sk_peek_offset(sk, flags), 0);
	do {
		/*
		 * A peek starts past SO_PEEK_OFF's bytes and what this call
		 * already peeked; every pass walks from the head, since a
		 * wait below lets go of the socket. A real read starts at 0.
		 */
		skip = (flags & MSG_PEEK) ? peek_base + copied : 0;
		unix_state_lock(sk);
		skb = skb_peek(&sk->sk_receive_queue);
		while (skb && skip && skip >= (int)skb->len) {
			skip -= skb->len;
			skb = skb_peek_next(skb, &sk->sk_receive_queue);
		}
		if (!skb) {
			if (skb_queue_empty(&sk->sk_receive_queue))
				unix_sk(sk)->recursion_level = 0;
			if (copied >= target)
				goto unlock;
			err = sock_error(sk);
			if (err)
				goto unlock;
			if (sk->sk_shutdown & RCV_SHUTDOWN)
				goto unlock;
			unix_state_unlock(sk);
			if (!timeo) {
				err = -EAGAIN;
				break;
			}
			release_sock(sk);
			timeo = unix_stream_data_wait(sk, timeo, unix_queue_tail(&sk->sk_receive_queue));
			lock_sock(sk);
			if (signal_pending(current)) {
				err = sock_intr_errno(timeo);
				break;
			}
			continue;
unlock:
			unix_state_unlock(sk);
			break;
		}
		unix_state_unlock(sk);

		if (check_creds) {
			if (!unix_creds_eq(&UNIXCB(skb).creds, &scm.creds))
				break;		/* another sender's bytes: the next read */
		} else if (sock->flags & (1UL << SOCK_PASSCRED)) {
			scm.creds = UNIXCB(skb).creds;
			check_creds = true;
		}
		if (msg->msg_name && !copied)
			unix_copy_addr(msg, skb->sk);

		chunk = min_t(int, skb->len - skip, size - copied);
		if (memcpy_to_msg(msg, skb->data + skip, chunk)) {
			if (!copied)
				copied = -EFAULT;
			break;
		}
		copied += chunk;

		if (!(flags & MSG_PEEK)) {
			sk_peek_offset_bwd(sk, chunk);
			skb_pull(skb, chunk);
			if (UNIXCB(skb).fp)
				unix_detach_fds(&scm, skb);
			if (skb->len)
				break;
			skb_unlink(skb, &sk->sk_receive_queue);
			consume_skb(skb);
			if (scm.fp)
				break;
		} else {
			sk_peek_offset_fwd(sk, chunk);
			if (UNIXCB(skb).fp) {
				unix_peek_fds(&scm, skb);
				break;
			}
		}
	} while (copied < (int)size);
	release_sock(sk);

	if (copied > 0)
		scm_recv(sock, msg, &scm, flags);
	else
		scm_destroy(&scm);
	return copied ? copied : err;
}
