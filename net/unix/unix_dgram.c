/*
 * AF_UNIX datagram and seqpacket sockets: moving records (Linux's
 * unix_dgram_sendmsg/recvmsg and unix_seqpacket_*, net/unix/af_unix.c).
 *
 *   send: scm_send -> the destination: msg_name (looked up per send) or
 *         the connected peer (ENOTCONN) -> EMSGSIZE past SO_SNDBUF ->
 *         sock_alloc_send_skb (our send buffer) -> files, creds, bytes ->
 *         under the receiver's state lock: may we send (EPERM: it is
 *         connected elsewhere)? is it dead (our peer: ECONNREFUSED and we
 *         disconnect)? shut (EPIPE)? its queue longer than
 *         max_dgram_qlen (unless it is connected back to us)? block on its
 *         peer_wait or EAGAIN -> skb_queue_tail -> sk_data_ready.
 *   recv: __skb_recv_datagram (a MSG_PEEK starts SO_PEEK_OFF bytes into
 *         the queue) -> wake a sender waiting for queue room ->
 *         the sender's name -> copy (MSG_TRUNC if it did not fit) -> creds
 *         and files through scm_recv.
 *   seqpacket: connected like stream (af_unix.c), records like datagrams.
 * Where 4.4BSD answered a full receiver with ENOBUFS (sbappendaddr
 * failing), Linux blocks the sender: see docs/af-unix.md.
 */
#include <linux/net.h>
#include <linux/sched.h>
#include <net/af_unix.h>

int sysctl_max_dgram_qlen = 512;	/* net.unix.max_dgram_qlen, Linux's default */

int unix_dgram_sendmsg(struct socket *sock, struct msghdr *msg, size_t len)
{
	struct sock *sk = sock->sk, *other = NULL;
	struct sockaddr_un *sunaddr = msg->msg_name;
	struct scm_cookie scm;
	struct sk_buff *skb;
	int namelen = 0, err, max_level;
	long timeo;

	err = scm_send(sock, msg, &scm);
	if (err < 0)
		return err;
	err = -EOPNOTSUPP;
	if (msg->msg_flags & MSG_OOB)
		goto out;
	if (msg->msg_namelen) {
		err = unix_mkname(sunaddr, msg->msg_namelen);
		if (err < 0)
			goto out;
		namelen = err;
	} else {
		sunaddr = NULL;
		err = -ENOTCONN;
		other = unix_peer_get(sk);
		if (!other)
			goto out;
	}
	if ((sock->flags & (1UL << SOCK_PASSCRED)) && !unix_sk(sk)->addr) {
		err = unix_autobind(sock);
		if (err)
			goto out;
	}
	err = -EMSGSIZE;
	if (len > (size_t)sk->sk_sndbuf - 32 || len > SKB_MAX_ALLOC - 64)
		goto out;

	skb = sock_alloc_send_skb(sk, len, msg->msg_flags & MSG_DONTWAIT, &err);
	if (!skb)
		goto out;
	err = unix_scm_to_skb(&scm, skb, true);
	if (err < 0)
		goto out_free;
	max_level = err + 1;
	err = memcpy_from_msg(skb_put(skb, len), msg, len);
	if (err)
		goto out_free;
	timeo = sock_sndtimeo(sk, msg->msg_flags & MSG_DONTWAIT);

restart:
	if (!other) {
		err = -ECONNRESET;
		if (!sunaddr)
			goto out_free;	/* our peer died and we were disconnected */
		other = unix_find_other(sunaddr, namelen, sk->sk_type, &err);
		if (!other)
			goto out_free;
	}
	unix_state_lock(other);
	err = -EPERM;
	if (unix_peer(other) && unix_peer(other) != sk)
		goto out_unlock;
	if (sock_flag(other, SOCK_DEAD)) {
		/* Closed: forget it if it was our peer (ECONNREFUSED), else look the name up again. */
		unix_state_unlock(other);
		err = 0;
		unix_state_lock(sk);
		if (unix_peer(sk) == other) {
			unix_peer(sk) = NULL;
			sk->sk_state = TCP_CLOSE;
			unix_state_unlock(sk);
			unix_dgram_peer_wake_disconnect(sk, other);
			sock_put(other);	/* the peer's reference */
			err = -ECONNREFUSED;
		} else {
			unix_state_unlock(sk);
		}
		sock_put(other);
		other = NULL;
		if (err)
			goto out_free;
		goto restart;
	}
	err = -EPIPE;
	if (other->sk_shutdown & RCV_SHUTDOWN)
		goto out_unlock;
	if (other != sk && unix_peer(other) != sk && unix_recvq_full(other)) {
		err = -EAGAIN;
		if (!timeo)
			goto out_unlock;
		timeo = unix_wait_for_peer(other, timeo);	/* unlocks other */
		err = sock_intr_errno(timeo);
		if (signal_pending(current))
			goto out_free;
		goto restart;
	}
	skb_queue_tail(&other->sk_receive_queue, skb);
	if (max_level > unix_sk(other)->recursion_level)
		unix_sk(other)->recursion_level = max_level;
	unix_state_unlock(other);
	other->sk_data_ready(other);
	sock_put(other);
	scm_destroy(&scm);
	return len;

out_unlock:
	unix_state_unlock(other);
out_free:
	kfree_skb(skb);
out:
	if (other)
		sock_put(other);
	scm_destroy(&scm);
	return err;
}

int unix_dgram_recvmsg(struct socket *sock, struct msghdr *msg, size_t size, int flags)
{
	struct sock *sk = sock->sk;
	struct unix_sock *u = unix_sk(sk);
	struct scm_cookie scm;
	struct sk_buff *skb;
	int err, skip;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	/* SO_PEEK_OFF: a peek passes over whole datagrams, then starts skip bytes in. */
	skip = sk_peek_offset(sk, flags);
	skb = __skb_recv_datagram(sk, &sk->sk_receive_queue, flags, &skip, &err);
	if (!skb) {
		/* End of file on a disconnected nonblocking seqpacket socket, as Linux. */
		if (sk->sk_type == SOCK_SEQPACKET && err == -EAGAIN &&
		    (sk->sk_shutdown & RCV_SHUTDOWN))
			err = 0;
		return err;
	}
	if (!(flags & MSG_PEEK)) {
		sk_peek_offset_bwd(sk, skb->len);
		wake_up_interruptible(&u->peer_wait);	/* room for one more datagram */
		if (skb_queue_empty(&sk->sk_receive_queue))
			u->recursion_level = 0;
	}
	if (msg->msg_name)
		unix_copy_addr(msg, skb->sk);
	if (size > skb->len - skip)
		size = skb->len - skip;
	else if (size < skb->len - skip)
		msg->msg_flags |= MSG_TRUNC;
	err = skb_copy_datagram_msg(skb, skip, msg, size);
	if (err)
		goto out_free;

	memset(&scm, 0, sizeof(scm));
	scm.creds = UNIXCB(skb).creds;
	if (!(flags & MSG_PEEK)) {
		if (UNIXCB(skb).fp)
			unix_detach_fds(&scm, skb);
	} else {
		sk_peek_offset_fwd(sk, size);
		if (UNIXCB(skb).fp)
			unix_peek_fds(&scm, skb);
	}
	err = (flags & MSG_TRUNC) ? (int)(skb->len - skip) : (int)size;
	scm_recv(sock, msg, &scm, flags);
out_free:
	skb_free_datagram(sk, skb);
	return err;
}

int unix_seqpacket_sendmsg(struct socket *sock, struct msghdr *msg, size_t len)
{
	struct sock *sk = sock->sk;

	if (sk->sk_state != TCP_ESTABLISHED)
		return -ENOTCONN;
	msg->msg_namelen = 0;		/* a connected socket: the name is ignored, as Linux */
	return unix_dgram_sendmsg(sock, msg, len);
}

int unix_seqpacket_recvmsg(struct socket *sock, struct msghdr *msg, size_t size, int flags)
{
	if (sock->sk->sk_state != TCP_ESTABLISHED)
		return -ENOTCONN;
	return unix_dgram_recvmsg(sock, msg, size, flags);
}
