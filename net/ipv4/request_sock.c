/*
 * request_socks and the SYN queue (include/net/request_sock.h has the
 * picture): allocation, the accept queue's removal end, and the timer
 * that retransmits a SYN-ACK until the handshake completes or the
 * retries run out.
 *
 * References on a request_sock: one for whoever holds it in hand
 * (reqsk_alloc's caller, a lookup), one for the established hash while
 * it is there, one for the pending timer; the last reqsk_put frees it
 * and releases the listener it pins.
 *
 * RFC 4987 (SYN flooding): when the SYN queue is more than half full the
 * timer gives requests that were never answered fewer retries (Linux's
 * "young" rule), so a flood of spoofed SYNs ages out in seconds instead
 * of the full 63 s of tcp_synack_retries, and syn cookies
 * (syncookies.c) take over when it is full.
 * Neighbours: inet_connection_sock.c (queue add/drop), tcp_minisocks.c.
 */
#include <net/tcp.h>
#include <linux/slab.h>

static struct kmem_cache *request_sock_cachep;
static atomic_t reqsk_live = ATOMIC_INIT(0);

long reqsk_live_count(void)
{
	return atomic_read(&reqsk_live);
}

void reqsk_queue_alloc(struct request_sock_queue *queue)
{
	spin_lock_init(&queue->rskq_lock);
	atomic_set(&queue->qlen, 0);
	atomic_set(&queue->young, 0);
	queue->rskq_accept_head = queue->rskq_accept_tail = NULL;
}

void reqsk_cache_init(void)
{
	request_sock_cachep = kmem_cache_create("request_sock_TCP", sizeof(struct request_sock), 0, 0, NULL);
}

struct request_sock *reqsk_alloc(struct sock *listener)
{
	struct request_sock *req;

	req = request_sock_cachep ? kmem_cache_alloc(request_sock_cachep, GFP_ATOMIC) : NULL;
	if (!req)
		return NULL;
	memset(req, 0, sizeof(*req));
	refcount_set(&req->rsk_refcnt, 1);
	req->__req_common.skc_state = TCP_NEW_SYN_RECV;
	req->__req_common.skc_family = AF_INET;
	req->__req_common.skc_prot = listener->sk_prot;
	INIT_HLIST_NODE(&req->__req_common.skc_node);
	req->rsk_listener = listener;
	sock_hold(listener);
	atomic_inc(&reqsk_live);
	return req;
}

void reqsk_put(struct request_sock *req)
{
	if (!refcount_dec_and_test(&req->rsk_refcnt))
		return;
	if (req->rsk_listener)
		sock_put(req->rsk_listener);
	atomic_dec(&reqsk_live);
	kmem_cache_free(request_sock_cachep, req);
}

struct request_sock *reqsk_queue_remove(struct request_sock_queue *queue, struct sock *parent)
{
	struct request_sock *req;

	spin_lock_bh(&queue->rskq_lock);
	req = queue->rskq_accept_head;
	if (req) {
		queue->rskq_accept_head = req->dl_next;
		if (!queue->rskq_accept_head)
			queue->rskq_accept_tail = NULL;
		req->dl_next = NULL;
		parent->sk_ack_backlog--;
	}
	spin_unlock_bh(&queue->rskq_lock);
	return req;
}

/*
 * The SYN-ACK retransmission timer (Linux's reqsk_timer_handler). Runs
 * in TIMER_SOFTIRQ holding the timer's reference on req.
 */
void reqsk_timer_handler(struct timer_list *t)
{
	struct request_sock *req = from_timer(req, t, rsk_timer);
	struct sock *sk_listener = req->rsk_listener;
	struct request_sock_queue *queue = &inet_csk(sk_listener)->icsk_accept_queue;
	int max_retries = READ_ONCE(sysctl_tcp_synack_retries);
	int qlen, young;
	unsigned long timeo;

	if (sk_listener->sk_state != TCP_LISTEN)
		goto drop;
	/*
	 * The queue is more than half full: requests that were answered once
	 * and never came back are likely spoofed; give them fewer tries the
	 * fewer of the queue's requests are still young.
	 */
	qlen = reqsk_queue_len(queue);
	if ((qlen << 1) > (int)max_t(u32, 8, sk_listener->sk_max_ack_backlog)) {
		young = reqsk_queue_len_young(queue) << 1;
		while (max_retries > 2) {
			if (qlen < young)
				break;
			max_retries--;
			young <<= 1;
		}
	}
	if (req->num_timeout >= max_retries)
		goto drop;
	if (tcp_v4_send_synack(sk_listener, req) == 0)
		req->num_retrans++;
	if (req->num_timeout++ == 0)
		atomic_dec(&queue->young);
	timeo = min_t(unsigned long, (unsigned long)TCP_TIMEOUT_INIT << req->num_timeout, TCP_RTO_MAX);
	mod_timer(&req->rsk_timer, jiffies + timeo);
	return;
drop:
	inet_csk_reqsk_queue_drop_and_put(sk_listener, req);
}
