/*
 * Tracepoints: named events on the paths the seed articles walk, recorded
 * into one ring (kernel/trace.c) when switched on, and read live from
 * /proc/tracing/trace_pipe. The shape follows Linux's tracefs:
 *
 *   /proc/tracing/events/<system>/<event>/enable   0 or 1 (root writes)
 *   /proc/tracing/available_events                  "system:event" per line
 *   /proc/tracing/tracing_on                        1: record, 0: pause
 *   /proc/tracing/trace                             the ring, not consumed; a write clears it
 *   /proc/tracing/trace_pipe                        consuming, blocking read
 *
 * A call site is one line: trace_event(napi_poll, work, budget). When the
 * event is off it costs a load and a branch the CPU predicts (the flag is
 * tested with unlikely()); the arguments are not even evaluated. Each event
 * carries up to four 32-bit fields whose names and kinds (below) tell the
 * reader how to print them, so the ring stays fixed-size: no format
 * strings are run at record time.
 *
 * Adding an event: one TE() line below, one trace_event() at the site.
 * The user tool is user/trace.c; docs/tracing.md lists every event.
 */
#ifndef _LINUX_TRACE_EVENTS_H
#define _LINUX_TRACE_EVENTS_H

#include "types.h"
#include "compiler.h"

/* How a field prints. */
enum trace_field_kind {
	TF_NONE,	/* no field */
	TF_U,		/* unsigned decimal */
	TF_X,		/* hex */
	TF_IP,		/* an IPv4 address in network order: dotted quad */
	TF_ERR,		/* a return value: a number, or -ENAME for a known errno */
	TF_STATE,	/* a TCP state: its name */
	TF_STEP,	/* an accept4 step (enum trace_accept4_step): its Linux function's name */
};

/*
 * The events: TE(system, name, field, field, field, field), each field
 * F(kind, label) or NOF. Ports are passed in host order, addresses in
 * network order.
 */
#define SOCKEYE_TRACE_EVENTS(TE)							\
	/* socket creation: __sock_create -> pf->create (inet_create) */		\
	TE(sock, sock_create, F(U, family), F(U, type), F(U, protocol), F(U, kern))	\
	TE(sock, inet_create, F(U, type), F(U, protocol), F(U, kern), NOF)		\
	/* the listen path: __sys_listen clamps, inet_listen, inet_csk_listen_start */	\
	TE(sock, sys_listen, F(U, fd), F(U, backlog), F(U, somaxconn), F(U, clamped))	\
	TE(sock, inet_listen, F(U, port), F(STATE, old_state), F(U, backlog), NOF)	\
	TE(sock, inet_csk_listen_start, F(U, port), F(ERR, ret), NOF, NOF)		\
	/* accept4, each step of __sys_accept4 and where it unwound from */		\
	TE(sock, accept4_enter, F(U, fd), F(X, flags), NOF, NOF)			\
	TE(sock, accept4_step, F(STEP, step), F(ERR, ret), NOF, NOF)			\
	TE(sock, accept4_exit, F(ERR, ret), NOF, NOF, NOF)				\
	/* the SYN queue (request socks) and the accept queue */			\
	TE(tcp, syn_queue_add, F(U, lport), F(IP, raddr), F(U, rport), F(U, qlen))	\
	TE(tcp, syn_queue_remove, F(U, lport), F(IP, raddr), F(U, rport), F(U, qlen))	\
	TE(tcp, syn_drop, F(U, lport), F(IP, raddr), F(U, rport), F(U, qlen))		\
	TE(tcp, accept_queue_add, F(U, lport), F(IP, raddr), F(U, rport), F(U, backlog)) \
	TE(tcp, accept_queue_overflow, F(U, lport), F(IP, raddr), F(U, backlog), F(U, max)) \
	TE(tcp, syncookie_send, F(U, lport), F(IP, raddr), F(U, rport), F(U, mss))	\
	TE(tcp, syncookie_check, F(U, lport), F(IP, raddr), F(U, rport), F(U, ok))	\
	/* every TCP state change (Linux's sock:inet_sock_set_state) */			\
	TE(tcp, inet_sock_set_state, F(U, sport), F(U, dport), F(STATE, oldstate), F(STATE, newstate)) \
	/* NAPI and NET_RX */								\
	TE(napi, napi_schedule, F(X, napi), NOF, NOF, NOF)				\
	TE(napi, napi_poll, F(X, napi), F(U, work), F(U, budget), NOF)			\
	TE(napi, napi_complete, F(X, napi), F(U, work), NOF, NOF)			\
	TE(napi, napi_budget_exhausted, F(X, napi), F(U, work), NOF, NOF)		\
	TE(napi, net_rx_time_squeeze, F(U, budget_left), F(U, usecs), NOF, NOF)	\
	/* AF_UNIX descriptor passing */						\
	TE(unix, scm_rights_attach, F(U, nfds), F(U, inflight), NOF, NOF)		\
	TE(unix, scm_rights_detach, F(U, nfds), F(U, inflight), NOF, NOF)		\
	/* epoll: a watched file became ready and woke (or queued for) a waiter */	\
	TE(epoll, ep_poll_callback, F(X, ep), F(U, fd), F(X, events), F(U, exclusive))

#define TE_ENUM(sys, name, ...)	TRACE_##name,
enum trace_event_id {
	SOCKEYE_TRACE_EVENTS(TE_ENUM)
	TRACE_NR_EVENTS
};
#undef TE_ENUM

/* The steps of __sys_accept4, named after the function that does each (docs/accept4.md). */
enum trace_accept4_step {
	A4_SOCK_ALLOC = 1,		/* sock_alloc */
	A4_GET_UNUSED_FD,		/* get_unused_fd_flags */
	A4_SOCK_ALLOC_FILE,		/* sock_alloc_file */
	A4_OPS_ACCEPT,			/* sock->ops->accept */
	A4_MOVE_ADDR,			/* move_addr_to_user */
	A4_FD_INSTALL,			/* fd_install */
};

/* Per-event switches; /proc/tracing/events/<sys>/<name>/enable writes them. */
extern int trace_event_on[TRACE_NR_EVENTS];

void trace_event_record(enum trace_event_id id, const u32 args[4]);

/*
 * trace_event(name, a, b, ...): up to four values, converted to u32 (pass
 * pointers through (u32)(unsigned long)). The compound literal zero-fills
 * what is not given.
 */
#define trace_event(name, ...)								\
	do {										\
		if (unlikely(READ_ONCE(trace_event_on[TRACE_##name])))			\
			trace_event_record(TRACE_##name, (const u32[4]){ __VA_ARGS__ });	\
	} while (0)

void trace_init(void);

#endif
