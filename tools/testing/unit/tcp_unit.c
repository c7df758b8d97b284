/*
 * The TCP tests' peer (see tcp_unit.h): segments built and injected,
 * segments captured and parsed, sockets made as socket(2) would, and the
 * end-of-test leak checks.
 */
#include "unit.h"
#include "tcp_unit.h"
#include <net/arp.h>
#include <net/checksum.h>
#include <net/sock.h>

struct net_device *tu_dev_up(void)
{
	struct net_device *dev = fake_netdev_create(fake_mac_us, TU_US, 24);
	struct neighbour *n = neigh_create(&arp_tbl, ip(TU_PEER), dev);

	/* Permanent: minutes of fake time must not age the peer into ARP probes. */
	neigh_update(n, fake_mac_peer, NUD_PERMANENT, NEIGH_UPDATE_F_OVERRIDE);
	neigh_release(n);
	fake_tx_purge(dev);
	return dev;
}

void tu_end(struct net_device *dev)
{
	fake_netdev_destroy(dev);
	EXPECT_EQ(socks_in_use(), 0);
	EXPECT_EQ(reqsk_live_count(), 0);
	EXPECT_EQ(tcp_tw_live_count(), 0);
	EXPECT_EQ(atomic_read(&tcp_orphan_count), 0);
}

/* ---- segments in ------------------------------------------------------------------ */

static u16 tu_ip_id;

void tu_ip_id_skip(unsigned int n)
{
	tu_ip_id += n;
}

void tu_rx(struct net_device *dev, const struct tu_in *in)
{
	static u8 seg[1600], frame[1700];
	struct tcphdr *th = (struct tcphdr *)seg;
	u8 *opt = seg + sizeof(*th);
	__be32 saddr = in->saddr ? in->saddr : ip(TU_PEER), daddr = ip(TU_US);
	unsigned int olen = 0, len;

	memset(seg, 0, sizeof(*th) + MAX_TCP_OPTION_SPACE);
	if (in->mss) {
		opt[olen++] = TCPOPT_MSS;
		opt[olen++] = TCPOLEN_MSS;
		opt[olen++] = in->mss >> 8;
		opt[olen++] = in->mss & 0xff;
	}
	if (in->ts) {
		opt[olen++] = in->sack_perm ? TCPOPT_SACK_PERM : TCPOPT_NOP;
		opt[olen++] = in->sack_perm ? TCPOLEN_SACK_PERM : TCPOPT_NOP;
		opt[olen++] = TCPOPT_TIMESTAMP;
		opt[olen++] = TCPOLEN_TIMESTAMP;
		put_unaligned_be32(in->tsval, opt + olen);
		put_unaligned_be32(in->tsecr, opt + olen + 4);
		olen += 8;
	} else if (in->sack_perm) {
		opt[olen++] = TCPOPT_NOP;
		opt[olen++] = TCPOPT_NOP;
		opt[olen++] = TCPOPT_SACK_PERM;
		opt[olen++] = TCPOLEN_SACK_PERM;
	}
	if (in->has_ws) {
		opt[olen++] = TCPOPT_NOP;
		opt[olen++] = TCPOPT_WINDOW;
		opt[olen++] = TCPOLEN_WINDOW;
		opt[olen++] = in->ws;
	}
	if (in->nsacks) {
		unsigned int i;

		opt[olen++] = TCPOPT_NOP;
		opt[olen++] = TCPOPT_NOP;
		opt[olen++] = TCPOPT_SACK;
		opt[olen++] = 2 + 8 * in->nsacks;
		for (i = 0; i < in->nsacks; i++) {
			put_unaligned_be32(in->sacks[i][0], opt + olen);
			put_unaligned_be32(in->sacks[i][1], opt + olen + 4);
			olen += 8;
		}
	}
	th->source = htons(in->sport ? in->sport : TU_PEER_PORT);
	th->dest = htons(in->dport ? in->dport : TU_PORT);
	th->seq = htonl(in->seq);
	th->ack_seq = htonl(in->ack);
	th->doff = (sizeof(*th) + olen) / 4;
	tcp_flag_byte(th) = in->flags;
	th->window = htons(in->win);
	len = sizeof(*th) + olen;
	if (in->len)
		memcpy(seg + len, in->data, in->len);
	len += in->len;
	th->check = csum_tcpudp_magic(saddr, daddr, len, IPPROTO_TCP, csum_partial(seg, len, 0));
	if (in->bad_csum)
		th->check ^= htons(0x0101);
	/* IP IDs count up, as a peer without DF numbers its packets (GRO checks them). */
	len = build_ipv4_frame(frame, fake_mac_us, fake_mac_peer, saddr, daddr, IPPROTO_TCP,
			       ++tu_ip_id, in->df ? IP_DF : 0, seg, len);
	fake_rx(dev, frame, len);
}

/* ---- segments out ---------------------------------------------------------------- */

static void tu_parse_options(struct tu_seg *s, const u8 *p, int length)
{
	s->mss = s->ws = -1;
	while (length > 0) {
		int op = *p++, size;

		if (op == TCPOPT_EOL)
			break;
		if (op == TCPOPT_NOP) {
			length--;
			continue;
		}
		size = *p++;
		if (size < 2 || size > length)
			break;
		if (op == TCPOPT_MSS && size == TCPOLEN_MSS)
			s->mss = get_unaligned_be16(p);
		else if (op == TCPOPT_WINDOW && size == TCPOLEN_WINDOW)
			s->ws = *p;
		else if (op == TCPOPT_SACK_PERM)
			s->sack_perm = true;
		else if (op == TCPOPT_TIMESTAMP && size == TCPOLEN_TIMESTAMP) {
			s->ts = true;
			s->tsval = get_unaligned_be32(p);
			s->tsecr = get_unaligned_be32(p + 4);
		} else if (op == TCPOPT_SACK && size >= 10 && (size - 2) % 8 == 0) {
			for (s->nsacks = 0; s->nsacks < (size - 2) / 8 && s->nsacks < 4; s->nsacks++) {
				s->sacks[s->nsacks][0] = get_unaligned_be32(p + 8 * s->nsacks);
				s->sacks[s->nsacks][1] = get_unaligned_be32(p + 8 * s->nsacks + 4);
			}
		}
		p += size - 2;
		length -= size;
	}
}

/* Pop frames until a TCP segment; ARP and other frames are dropped. */
bool tu_pop(struct net_device *dev, struct tu_seg *s)
{
	struct sk_buff *skb;

	while ((skb = fake_tx_pop(dev)) != NULL) {
		const struct iphdr *iph;
		const struct tcphdr *th;
		unsigned int iplen;

		if (skb->len < ETH_HLEN + sizeof(*iph) ||
		    get_unaligned_be16(skb->data + 2 * ETH_ALEN) != ETH_P_IP ||
		    ((struct iphdr *)(skb->data + ETH_HLEN))->protocol != IPPROTO_TCP) {
			kfree_skb(skb);
			continue;
		}
		memset(s, 0, sizeof(*s));
		iplen = min_t(unsigned int, skb->len - ETH_HLEN, sizeof(s->raw));
		memcpy(s->raw, skb->data + ETH_HLEN, iplen);
		kfree_skb(skb);
		iph = (const struct iphdr *)s->raw;
		iplen = min_t(unsigned int, iplen, ntohs(iph->tot_len));
		s->rawlen = iplen;
		th = (const struct tcphdr *)(s->raw + iph->ihl * 4);
		s->saddr = iph->saddr;
		s->daddr = iph->daddr;
		s->sport = ntohs(th->source);
		s->dport = ntohs(th->dest);
		s->seq = ntohl(th->seq);
		s->ack = ntohl(th->ack_seq);
		s->flags = tcp_flag_byte(th);
		s->win = ntohs(th->window);
		s->hdrlen = iph->ihl * 4 + th->doff * 4;
		s->dlen = iplen - s->hdrlen;
		s->data = s->raw + s->hdrlen;
		tu_parse_options(s, (const u8 *)(th + 1), th->doff * 4 - sizeof(*th));
		s->csum_ok = csum_tcpudp_magic(iph->saddr, iph->daddr, iplen - iph->ihl * 4, IPPROTO_TCP,
					       csum_partial(th, iplen - iph->ihl * 4, 0)) == 0;
		return true;
	}
	return false;
}

unsigned int tu_pending(struct net_device *dev)
{
	struct sk_buff *skb;
	unsigned int n = 0;

	skb_queue_walk(&fake_priv(dev)->tx, skb)
		if (skb->len >= ETH_HLEN + sizeof(struct iphdr) &&
		    get_unaligned_be16(skb->data + 2 * ETH_ALEN) == ETH_P_IP &&
		    ((struct iphdr *)(skb->data + ETH_HLEN))->protocol == IPPROTO_TCP)
			n++;
	return n;
}

void tu_drain(struct net_device *dev)
{
	fake_tx_purge(dev);
}

/* ---- sockets ------------------------------------------------------------------------ */

/* socket(AF_INET, SOCK_STREAM, 0) without the file: inet_create's steps for TCP. */
struct socket *tu_socket(void)
{
	struct socket *sock = kzalloc(sizeof(*sock), GFP_KERNEL);
	struct sock *sk;

	if (!sock)
		return NULL;
	init_waitqueue_head(&sock->wq.wait);
	sock->type = SOCK_STREAM;
	sock->state = SS_UNCONNECTED;
	sock->ops = &inet_stream_ops;
	sk = sk_alloc(PF_INET, GFP_KERNEL, &tcp_prot);
	if (!sk) {
		kfree(sock);
		return NULL;
	}
	inet_sk(sk)->is_icsk = 1;
	sock_init_data(sock, sk);
	sk->sk_protocol = IPPROTO_TCP;
	sk->sk_backlog_rcv = tcp_prot.backlog_rcv;
	inet_sk(sk)->uc_ttl = -1;
	inet_sk(sk)->pmtudisc = IP_PMTUDISC_WANT;
	tcp_prot.init(sk);
	return sock;
}

void tu_release(struct socket *sock)
{
	sock->ops->release(sock);
	kfree(sock);
}

void tu_abort(struct socket *sock)
{
	struct linger l = { .l_onoff = 1, .l_linger = 0 };

	EXPECT_EQ(sock_setsockopt(sock, SOL_SOCKET, SO_LINGER, &l, sizeof(l)), 0);
	tu_release(sock);
}

int tu_bind(struct socket *sock, const char *addr, u16 port, bool reuse)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };
	int one = 1;

	sin.sin_addr.s_addr = addr ? ip(addr) : 0;
	if (reuse)
		sock_setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	return sock->ops->bind(sock, (struct sockaddr *)&sin, sizeof(sin));
}

struct socket *tu_listener(u16 port, int backlog)
{
	struct socket *sock = tu_socket();

	if (!sock)
		return NULL;
	if (tu_bind(sock, NULL, port, false) || sock->ops->listen(sock, backlog)) {
		tu_release(sock);
		return NULL;
	}
	return sock;
}

struct socket *tu_accept(struct socket *listener, int *err)
{
	struct socket *newsock = kzalloc(sizeof(*newsock), GFP_KERNEL);

	init_waitqueue_head(&newsock->wq.wait);
	newsock->type = SOCK_STREAM;
	newsock->ops = listener->ops;
	*err = listener->ops->accept(listener, newsock, O_NONBLOCK, false);
	if (*err) {
		kfree(newsock);
		return NULL;
	}
	return newsock;
}

int tu_send(struct socket *sock, const void *buf, size_t len)
{
	struct iovec iov = { .iov_base = (void __user *)buf, .iov_len = len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_len = len,
			      .msg_flags = MSG_DONTWAIT };

	return sock->ops->sendmsg(sock, &msg, len);
}

int tu_recv(struct socket *sock, void *buf, size_t len)
{
	struct iovec iov = { .iov_base = (void __user *)buf, .iov_len = len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_len = len };

	return sock->ops->recvmsg(sock, &msg, len, MSG_DONTWAIT);
}

/* ---- handshakes ------------------------------------------------------------------------ */

static void tu_copy_opts(struct tu_in *in, const struct tu_in *opts)
{
	in->mss = 1460;
	if (!opts)
		return;
	in->mss = opts->mss;
	in->has_ws = opts->has_ws;
	in->ws = opts->ws;
	in->sack_perm = opts->sack_perm;
	in->ts = opts->ts;
	in->tsval = opts->tsval;
	in->tsecr = opts->tsecr;
}

int tu_active_open(struct net_device *dev, struct tu_conn *c, const struct tu_in *opts)
{
	return tu_active_open_sock(dev, c, NULL, opts);
}

int tu_active_open_sock(struct net_device *dev, struct tu_conn *c, struct socket *sock,
			const struct tu_in *opts)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(TU_PORT) };
	struct tu_in in = { .flags = TCPHDR_SYN | TCPHDR_ACK, .win = 65535 };
	struct tu_seg s;
	int err;

	memset(c, 0, sizeof(*c));
	c->sock = sock ? sock : tu_socket();
	if (!c->sock)
		return -ENOMEM;
	sin.sin_addr.s_addr = ip(TU_PEER);
	err = c->sock->ops->connect(c->sock, (struct sockaddr *)&sin, sizeof(sin), O_NONBLOCK);
	if (err != -EINPROGRESS)
		return err ? err : -EINVAL;
	if (!tu_pop(dev, &s) || s.flags != TCPHDR_SYN)
		return -EPROTO;
	c->lport = s.sport;
	c->rport = TU_PORT;
	c->iss = s.seq;
	c->irs = 1000000;
	tu_copy_opts(&in, opts);
	in.sport = c->rport;
	in.dport = c->lport;
	in.seq = c->irs;
	in.ack = c->iss + 1;
	if (in.ts)
		in.tsecr = s.tsval;
	tu_rx(dev, &in);
	c->pseq = c->irs + 1;
	if (!tu_pop(dev, &s) || s.flags != TCPHDR_ACK || s.ack != c->pseq || s.seq != c->iss + 1)
		return -EPROTO;
	if (tu_pending(dev))
		return -EPROTO;
	/* connect() again reports the outcome, as a poller's second call would. */
	err = c->sock->ops->connect(c->sock, (struct sockaddr *)&sin, sizeof(sin), O_NONBLOCK);
	return err == -EALREADY || err == 0 || err == -EISCONN ? 0 : err;
}

int tu_passive_open(struct net_device *dev, struct socket *listener, u16 peer_port,
		    struct tu_conn *c, const struct tu_in *opts)
{
	struct tu_in in = { .flags = TCPHDR_SYN, .win = 65535 };
	struct tu_seg s;
	int err;

	memset(c, 0, sizeof(*c));
	c->rport = peer_port;
	c->lport = ntohs(inet_sk(listener->sk)->inet_sport);
	c->irs = 5000000 + peer_port;
	tu_copy_opts(&in, opts);
	in.sport = c->rport;
	in.dport = c->lport;
	in.seq = c->irs;
	tu_rx(dev, &in);
	if (!tu_pop(dev, &s) || s.flags != (TCPHDR_SYN | TCPHDR_ACK) || s.ack != c->irs + 1)
		return -EPROTO;
	c->iss = s.seq;
	c->pseq = c->irs + 1;
	memset(&in, 0, sizeof(in));
	in.sport = c->rport;
	in.dport = c->lport;
	in.seq = c->pseq;
	in.ack = c->iss + 1;
	in.flags = TCPHDR_ACK;
	in.win = 65535;
	if (opts && opts->ts) {
		in.ts = true;
		in.tsval = opts->tsval + 1;
		in.tsecr = s.tsval;
	}
	tu_rx(dev, &in);
	if (tu_pending(dev))
		return -EPROTO;
	c->sock = tu_accept(listener, &err);
	return c->sock ? 0 : err;
}

void tu_peer_send(struct net_device *dev, struct tu_conn *c, u8 flags, u32 ack, u16 win,
		  const void *data, unsigned int len)
{
	struct tu_in in = {
		.sport = c->rport, .dport = c->lport, .seq = c->pseq, .ack = ack,
		.flags = flags, .win = win, .data = data, .len = len,
	};

	tu_rx(dev, &in);
	c->pseq += len + !!(flags & TCPHDR_SYN) + !!(flags & TCPHDR_FIN);
}
