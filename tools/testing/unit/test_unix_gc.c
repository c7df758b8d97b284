// unit-sources: net/unix/*.c net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c
// unit-sources: tools/testing/unit/fake_netdev.c tools/testing/unit/unix_unit.c
/*
 * The in-flight garbage collector's graph walk (net/unix/garbage.c) over
 * real AF_UNIX sockets: each socket has a file, files travel in skbs as
 * sendmsg(SCM_RIGHTS) leaves them, "close" is the descriptor's fput. A
 * cycle nobody can read (2 sockets, 100, one socket holding itself) is
 * freed by unix_gc; the same cycle reachable from an open socket, or still
 * held by an open descriptor, is not - and its in-flight counts come back
 * untouched. unix_sockets_inuse() counts the struct socks alive; the
 * runner's leak check proves every file, inode, skb and sock was freed.
 */
#include "unit.h"
#include "unix_unit.h"
#include <linux/slab.h>
#include <net/sock.h>

UNIT_SETUP(uu_setup)

static long tot_inflight(void)
{
	long n;

	spin_lock(&unix_gc_lock);
	n = unix_tot_inflight;
	spin_unlock(&unix_gc_lock);
	return n;
}

static int inflight(struct socket *s)
{
	return unix_sk(s->sk)->inflight;
}

TEST(unix_gc_cycle_of_2_is_freed)
{
	int live = unix_sockets_inuse();
	unsigned long freed = unix_gc_freed;
	struct socket *a = uu_socket(SOCK_DGRAM), *b = uu_socket(SOCK_DGRAM);

	ASSERT(a && b);
	EXPECT_EQ(uu_pass(a, b, &a, 1), 0);	/* A rides in B's queue */
	EXPECT_EQ(uu_pass(b, a, &b, 1), 0);	/* B in A's */
	EXPECT_EQ(tot_inflight(), 2);
	uu_close(a);
	uu_close(b);
	/* Closed, but each file is still held by the other's queue. */
	EXPECT_EQ(unix_sockets_inuse(), live + 2);
	unix_gc();
	EXPECT_EQ(unix_gc_freed - freed, 2);
	EXPECT_EQ(unix_sockets_inuse(), live);
	EXPECT_EQ(tot_inflight(), 0);
}

TEST(unix_gc_self_cycle_is_freed)
{
	int live = unix_sockets_inuse();
	struct socket *a = uu_socket(SOCK_STREAM), *b = uu_socket(SOCK_STREAM);

	ASSERT(a && b);
	ASSERT(a->ops->socketpair(a, b) == 0);
	EXPECT_EQ(uu_pass(b, a, &a, 1), 0);	/* a socket sent to itself */
	uu_close(b);
	uu_close(a);
	/* b's sock lives on as a's peer (a holds a reference), a in its own queue. */
	EXPECT_EQ(unix_sockets_inuse(), live + 2);
	unix_gc();
	EXPECT_EQ(unix_sockets_inuse(), live);
	EXPECT_EQ(tot_inflight(), 0);
}

#define RING	100

TEST(unix_gc_cycle_of_100_is_freed)
{
	int live = unix_sockets_inuse();
	unsigned long freed = unix_gc_freed;
	struct socket **s = kcalloc(RING, sizeof(*s), GFP_KERNEL);
	int i;

	ASSERT(s);
	for (i = 0; i < RING; i++)
		ASSERT(s[i] = uu_socket(SOCK_DGRAM));
	for (i = 0; i < RING; i++)		/* s[i] carries s[i + 1]: one ring */
		EXPECT_EQ(uu_pass(s[i], s[i], &s[(i + 1) % RING], 1), 0);
	for (i = 0; i < RING; i++)
		uu_close(s[i]);
	EXPECT_EQ(unix_sockets_inuse(), live + RING);
	EXPECT_EQ(tot_inflight(), RING);
	unix_gc();
	EXPECT_EQ(unix_gc_freed - freed, RING);
	EXPECT_EQ(unix_sockets_inuse(), live);
	EXPECT_EQ(tot_inflight(), 0);
	kfree(s);
}

/*
 * L is open and holds B in its queue; A and B hold each other. A comes
 * first on the in-flight list, so step 3 passes it (no outside reference
 * left) before finding B reachable through L; only moving A back to the
 * tail when B's queue restores it saves A. Nothing is freed, and
 * the counts steps 2-3 took away and gave back are as before. Closing L
 * frees its queue, which leaves A and B a true cycle: collected then.
 */
TEST(unix_gc_cycle_reachable_from_live_socket_is_kept)
{
	int live = unix_sockets_inuse();
	unsigned long freed = unix_gc_freed, runs = unix_gc_runs;
	struct socket *l = uu_socket(SOCK_DGRAM);
	struct socket *a = uu_socket(SOCK_DGRAM), *b = uu_socket(SOCK_DGRAM);

	ASSERT(l && a && b);
	EXPECT_EQ(uu_pass(a, b, &a, 1), 0);
	EXPECT_EQ(uu_pass(b, a, &b, 1), 0);
	EXPECT_EQ(uu_pass(b, l, &b, 1), 0);
	uu_close(a);
	uu_close(b);
	unix_gc();
	EXPECT_EQ(unix_gc_runs - runs, 1);
	EXPECT_EQ(unix_gc_freed - freed, 0);
	EXPECT_EQ(unix_sockets_inuse(), live + 3);
	EXPECT_EQ(inflight(a), 1);
	EXPECT_EQ(inflight(b), 2);
	EXPECT_EQ(skb_queue_len(&a->sk->sk_receive_queue), 1);
	EXPECT_EQ(skb_queue_len(&b->sk->sk_receive_queue), 1);
	EXPECT(!unix_sk(a->sk)->gc_candidate && !unix_sk(b->sk)->gc_candidate);

	uu_close(l);		/* its release runs the collector: A and B go */
	EXPECT_EQ(unix_gc_freed - freed, 2);
	EXPECT_EQ(unix_sockets_inuse(), live);
	EXPECT_EQ(tot_inflight(), 0);
}

/* One end still open: its file count exceeds its in-flight count, so no candidate - nothing is freed. */
TEST(unix_gc_cycle_with_an_open_descriptor_is_kept)
{
	int live = unix_sockets_inuse();
	unsigned long freed = unix_gc_freed;
	struct socket *a = uu_socket(SOCK_DGRAM), *b = uu_socket(SOCK_DGRAM);

	ASSERT(a && b);
	EXPECT_EQ(uu_pass(a, b, &a, 1), 0);
	EXPECT_EQ(uu_pass(b, a, &b, 1), 0);
	uu_close(a);
	unix_gc();
	EXPECT_EQ(unix_gc_freed - freed, 0);
	EXPECT_EQ(inflight(a), 1);
	EXPECT_EQ(inflight(b), 1);
	EXPECT_EQ(unix_sockets_inuse(), live + 2);
	uu_close(b);		/* now a cycle, but no release ran the collector */
	EXPECT_EQ(unix_sockets_inuse(), live + 2);
	unix_gc();
	EXPECT_EQ(unix_gc_freed - freed, 2);
	EXPECT_EQ(unix_sockets_inuse(), live);
}

/*
 * A file sent before accept sits in the embryo's queue, which hangs off
 * the listener's queue: scan_children must look there. The listener and
 * the embryo's client each carry the other; both closed is garbage.
 */
TEST(unix_gc_cycle_through_an_embryo_is_freed)
{
	int live = unix_sockets_inuse();
	struct socket *lsn = uu_socket(SOCK_STREAM), *cli = uu_socket(SOCK_STREAM);
	struct sockaddr_un sun = { .sun_family = AF_UNIX, .sun_path = "\0gc-embryo" };
	int alen = offsetof(struct sockaddr_un, sun_path) + 10;

	ASSERT(lsn && cli);
	ASSERT(lsn->ops->bind(lsn, (struct sockaddr *)&sun, alen) == 0);
	ASSERT(lsn->ops->listen(lsn, 4) == 0);
	ASSERT(cli->ops->connect(cli, (struct sockaddr *)&sun, alen, O_NONBLOCK) == 0);
	/* The embryo is the client's peer: a send from the client lands in its queue. */
	EXPECT_EQ(uu_pass(cli, (struct socket *)&(struct socket){ .sk = unix_peer(cli->sk) }, &lsn, 1), 0);
	EXPECT_EQ(uu_pass(lsn, cli, &cli, 1), 0);
	uu_close(lsn);
	uu_close(cli);
	EXPECT(unix_sockets_inuse() > live);
	unix_gc();
	EXPECT_EQ(unix_sockets_inuse(), live);
	EXPECT_EQ(tot_inflight(), 0);
}
