/*
 * In-kernel self-tests of TCP (boot with `ktest`, or `ktest=tcp_loopback_handshake`):
 *   tcp_loopback_handshake: two kernel sockets over lo do the whole life
 *     of a connection - listen, connect (blocking, so the handshake runs
 *     through NET_RX and wakes us), accept, close by the client first
 *     (FIN_WAIT -> TIME_WAIT minisock), close by the server - and every
 *     request_sock and socket is gone afterwards; the counters saw one
 *     active and one passive open.
 * Neighbours: net/core/net_ktest.c (lo itself), the usertests for the
 * user-visible contract.
 */
#include <linux/ktest.h>
#include <linux/sched.h>
#include <net/tcp.h>

KTEST(tcp_loopback_handshake)
{
	unsigned long active = tcp_statistics[TCP_MIB_ACTIVEOPENS];
	unsigned long passive = tcp_statistics[TCP_MIB_PASSIVEOPENS];
	long tw_before = tcp_tw_live_count(), socks_before = socks_in_use();
	struct socket *srv, *cli, *acc;
	struct sockaddr_in sin;
	struct sock *csk, *ask;
	int err, i;
	u16 cport;

	KT_ASSERT(sock_create(AF_INET, SOCK_STREAM, 0, &srv) == 0);
	KT_ASSERT(sock_create(AF_INET, SOCK_STREAM, 0, &cli) == 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons(4999);
	KT_EXPECT_EQ(srv->ops->bind(srv, (struct sockaddr *)&sin, sizeof(sin)), 0);
	KT_EXPECT_EQ(srv->ops->listen(srv, 4), 0);
	KT_EXPECT_EQ(srv->sk->sk_state, TCP_LISTEN);

	err = cli->ops->connect(cli, (struct sockaddr *)&sin, sizeof(sin), 0);
	KT_EXPECT_EQ(err, 0);
	csk = cli->sk;
	cport = csk->sk_num;
	KT_EXPECT_EQ(csk->sk_state, TCP_ESTABLISHED);
	KT_EXPECT_EQ(tcp_statistics[TCP_MIB_ACTIVEOPENS], active + 1);

	/* The final ACK went through lo too: the child waits in the accept queue. */
	for (i = 0; i < 100 && !srv->sk->sk_ack_backlog; i++)
		msleep(1);
	KT_EXPECT_EQ(srv->sk->sk_ack_backlog, 1);
	KT_ASSERT(sock_create_lite(AF_INET, SOCK_STREAM, IPPROTO_TCP, &acc) == 0);
	acc->ops = srv->ops;
	KT_EXPECT_EQ(srv->ops->accept(srv, acc, O_NONBLOCK, true), 0);
	ask = acc->sk;
	KT_ASSERT(ask != NULL);
	KT_EXPECT_EQ(ask->sk_state, TCP_ESTABLISHED);
	KT_EXPECT_EQ(ask->sk_dport, htons(csk->sk_num));
	KT_EXPECT_EQ(tcp_sk(ask)->rcv_nxt, tcp_sk(csk)->snd_nxt);
	KT_EXPECT_EQ(tcp_statistics[TCP_MIB_PASSIVEOPENS], passive + 1);
	KT_EXPECT_EQ(srv->sk->sk_ack_backlog, 0);

	/* Active close by the client: it ends in TIME_WAIT once the server closes too. */
	sock_release(cli);
	for (i = 0; i < 100 && ask->sk_state != TCP_CLOSE_WAIT; i++)
		msleep(1);
	KT_EXPECT_EQ(ask->sk_state, TCP_CLOSE_WAIT);
	sock_release(acc);
	for (i = 0; i < 200 && tcp_tw_live_count() == tw_before; i++)
		msleep(1);
	KT_EXPECT_EQ(tcp_tw_live_count(), tw_before + 1);
	{
		/* Kill the TIME_WAIT remains now rather than in 60 s, so the leak check can count. */
		struct sock *tw = __inet_lookup_established(htonl(INADDR_LOOPBACK), sin.sin_port,
							    htonl(INADDR_LOOPBACK), cport, 1);

		KT_ASSERT(tw != NULL);
		KT_EXPECT_EQ(tw->sk_state, TCP_TIME_WAIT);
		inet_twsk_deschedule_put(inet_twsk(tw));
		KT_EXPECT_EQ(tcp_tw_live_count(), tw_before);
	}
	sock_release(srv);
	for (i = 0; i < 200 && socks_in_use() != socks_before; i++)
		msleep(1);
	KT_EXPECT_EQ(socks_in_use(), socks_before);
	KT_EXPECT_EQ(reqsk_live_count(), 0);
}
