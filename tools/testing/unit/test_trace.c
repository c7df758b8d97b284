// unit-sources: net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c
// unit-sources: tools/testing/unit/fake_netdev.c tools/testing/unit/tcp_unit.c
/*
 * The listener's tracepoints (include/linux/trace_events.h) fire where
 * docs/tracing.md says, with the fields it says: the SYN queue, the
 * accept queue and its overflow, a dropped SYN, syn cookies sent and
 * checked; and an event that is off records nothing. The shim counts
 * each event and keeps its last fields (unit_trace_count/last).
 */
#include "unit.h"
#include "tcp_unit.h"
#include <linux/trace_events.h>

UNIT_SETUP(fake_net_setup)

extern unsigned long unit_trace_count[TRACE_NR_EVENTS];
extern u32 unit_trace_last[TRACE_NR_EVENTS][4];

static void tu_syn(struct net_device *dev, u16 port, u32 seq)
{
	struct tu_in in = { .sport = port, .dport = TU_PORT, .flags = TCPHDR_SYN, .win = 65535,
			    .seq = seq, .mss = 1460 };

	tu_rx(dev, &in);
}

static void tu_ack(struct net_device *dev, u16 port, u32 seq, u32 ack)
{
	struct tu_in in = { .sport = port, .dport = TU_PORT, .flags = TCPHDR_ACK, .win = 1000,
			    .seq = seq, .ack = ack };

	tu_rx(dev, &in);
}

static void all_events(int on)
{
	for (int i = 0; i < TRACE_NR_EVENTS; i++)
		trace_event_on[i] = on;
	if (on)
		memset(unit_trace_count, 0, sizeof(unit_trace_count));
}

TEST(trace_listener_queues_fire_with_their_fields)
{
	struct net_device *dev = tu_dev_up();
	struct socket *l = tu_listener(TU_PORT, 1), *child;	/* backlog 1 holds two */
	struct tu_seg s;
	int err;

	ASSERT(l);
	all_events(1);
	tu_syn(dev, 44000, 100);
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(unit_trace_count[TRACE_syn_queue_add], 1);
	EXPECT_EQ(unit_trace_last[TRACE_syn_queue_add][0], TU_PORT);
	EXPECT_EQ(unit_trace_last[TRACE_syn_queue_add][1], ip(TU_PEER));
	EXPECT_EQ(unit_trace_last[TRACE_syn_queue_add][2], 44000);
	EXPECT_EQ(unit_trace_last[TRACE_syn_queue_add][3], 1);		/* qlen */

	tu_ack(dev, 44000, 101, s.seq + 1);
	EXPECT_EQ(unit_trace_count[TRACE_syn_queue_remove], 1);
	EXPECT_EQ(unit_trace_last[TRACE_syn_queue_remove][3], 0);
	EXPECT_EQ(unit_trace_count[TRACE_accept_queue_add], 1);
	EXPECT_EQ(unit_trace_last[TRACE_accept_queue_add][2], 44000);
	EXPECT_EQ(unit_trace_last[TRACE_accept_queue_add][3], 1);	/* sk_ack_backlog */
	EXPECT_EQ(unit_trace_count[TRACE_inet_sock_set_state], 1);	/* the child: SYN_RECV -> ESTABLISHED */
	EXPECT_EQ(unit_trace_last[TRACE_inet_sock_set_state][2], TCP_SYN_RECV);
	EXPECT_EQ(unit_trace_last[TRACE_inet_sock_set_state][3], TCP_ESTABLISHED);

	/* A second connection fills it (2 > 1): the next SYN overflows and is dropped. */
	tu_syn(dev, 44001, 200);
	ASSERT(tu_pop(dev, &s));
	tu_ack(dev, 44001, 201, s.seq + 1);
	EXPECT_EQ(unit_trace_count[TRACE_accept_queue_add], 2);
	tu_syn(dev, 44002, 300);
	EXPECT_EQ(tu_pending(dev), 0);
	EXPECT_EQ(unit_trace_count[TRACE_accept_queue_overflow], 1);
	EXPECT_EQ(unit_trace_last[TRACE_accept_queue_overflow][2], 2);	/* backlog */
	EXPECT_EQ(unit_trace_last[TRACE_accept_queue_overflow][3], 1);	/* max */
	EXPECT_EQ(unit_trace_count[TRACE_syn_drop], 1);
	EXPECT_EQ(unit_trace_last[TRACE_syn_drop][2], 44002);

	/* Off: the same drop again records nothing. */
	all_events(0);
	tu_syn(dev, 44003, 400);
	EXPECT_EQ(unit_trace_count[TRACE_syn_drop], 1);
	EXPECT_EQ(unit_trace_count[TRACE_accept_queue_overflow], 1);

	while ((child = tu_accept(l, &err)) != NULL)
		tu_abort(child);
	tu_release(l);
	unit_advance(TCP_RTO_MAX / HZ * 1000);
	tu_drain(dev);
	tu_end(dev);
}

TEST(trace_syncookie_send_and_check)
{
	struct net_device *dev = tu_dev_up();
	struct socket *l = tu_listener(TU_PORT, 8), *child;
	struct tu_seg s;
	int err;

	ASSERT(l);
	sysctl_tcp_syncookies = 2;		/* cookies always */
	all_events(1);
	tu_syn(dev, 44100, 100);
	ASSERT(tu_pop(dev, &s));
	EXPECT_EQ(unit_trace_count[TRACE_syncookie_send], 1);
	EXPECT_EQ(unit_trace_count[TRACE_syn_queue_add], 0);		/* nothing queued for a cookie */
	EXPECT_EQ(unit_trace_last[TRACE_syncookie_send][2], 44100);
	EXPECT(unit_trace_last[TRACE_syncookie_send][3] > 0 &&
	       unit_trace_last[TRACE_syncookie_send][3] <= 1460);	/* the MSS the cookie encodes */

	tu_ack(dev, 44100, 101, s.seq + 1 + 1);		/* a forged cookie */
	EXPECT_EQ(unit_trace_count[TRACE_syncookie_check], 1);
	EXPECT_EQ(unit_trace_last[TRACE_syncookie_check][3], 0);
	tu_drain(dev);
	tu_ack(dev, 44100, 101, s.seq + 1);		/* the real one */
	EXPECT_EQ(unit_trace_count[TRACE_syncookie_check], 2);
	EXPECT_EQ(unit_trace_last[TRACE_syncookie_check][3], 1);
	EXPECT_EQ(unit_trace_count[TRACE_accept_queue_add], 1);
	all_events(0);

	child = tu_accept(l, &err);
	EXPECT(child);
	if (child)
		tu_abort(child);
	sysctl_tcp_syncookies = 1;
	tu_release(l);
	tu_drain(dev);
	tu_end(dev);
}
