/*
 * fuzz_net.c: the socket mode (fuzz -s).
 *
 * Instead of the whole table, each call is drawn from the socket calls and
 * the generic calls that reach socket code (read/write/readv/writev/poll/
 * epoll/fcntl/ioctl/dup/close), weighted toward the ones with the most
 * parsing: sendmsg/recvmsg with lying msghdrs and cmsgs (arg_msghdr),
 * setsockopt/getsockopt with random levels, names, values and lengths,
 * and socketcall(2) with random call numbers and argument blocks. The
 * pool (fuzz_pool.c) holds several connected TCP pairs and a listener in
 * this mode, and sockets the calls create join it, so sequences such as
 * socket, bind, listen, connect, accept, send, shutdown, close happen on
 * the same descriptors.
 *
 * Neighbours: fuzz_calls.c builds the arguments; fuzz.c runs the calls.
 */
#include <stdint.h>
#include <limits.h>
#include "fuzz.h"

static const struct { int nr; int weight; } net_calls[] = {
	{ 359, 6 },	/* socket */
	{ 360, 1 },	/* socketpair */
	{ 361, 4 },	/* bind */
	{ 362, 5 },	/* connect */
	{ 363, 3 },	/* listen */
	{ 364, 4 },	/* accept4 */
	{ 365, 8 },	/* getsockopt */
	{ 366, 12 },	/* setsockopt */
	{ 367, 2 },	/* getsockname */
	{ 368, 2 },	/* getpeername */
	{ 369, 6 },	/* sendto */
	{ 370, 12 },	/* sendmsg */
	{ 371, 4 },	/* recvfrom */
	{ 372, 10 },	/* recvmsg */
	{ 373, 3 },	/* shutdown */
	{ 102, 10 },	/* socketcall */
	{ 345, 2 },	/* sendmmsg */
	{ 337, 2 },	/* recvmmsg */
	{ 6, 3 },	/* close */
	{ 3, 3 },	/* read */
	{ 4, 3 },	/* write */
	{ 145, 1 },	/* readv */
	{ 146, 1 },	/* writev */
	{ 168, 2 },	/* poll */
	{ 255, 2 },	/* epoll_ctl */
	{ 256, 1 },	/* epoll_wait */
	{ 221, 2 },	/* fcntl64 */
	{ 54, 3 },	/* ioctl */
	{ 41, 1 },	/* dup */
};

/* An option value and length that look plausible as often as not. */
static void sockopt_value(uint32_t a[6], int get)
{
	static const int32_t vals[] = { 0, 1, -1, 2, 255, 256, 65535, 65536, INT_MAX, INT_MIN, 1460, 88 };
	static const uint32_t lens[] = { 0, 1, 2, 3, 4, 4, 4, 8, 12, 16, 32, 0xffffffffu, 0x80000000u };

	if (rnd_below(3) == 0)
		return;			/* keep fill_args' random pointer and length */
	int32_t *v = (int32_t *)arena_alloc(64);
	for (int i = 0; i < 16; i++)
		v[i] = vals[rnd_below(sizeof vals / sizeof vals[0])];
	a[3] = (uint32_t)v;
	uint32_t len = lens[rnd_below(sizeof lens / sizeof lens[0])];
	if (get) {
		uint32_t *lp = (uint32_t *)arena_alloc(4);
		*lp = len;
		a[4] = (uint32_t)lp;
	} else {
		a[4] = len;
	}
}

int net_pick_call(uint32_t a[6])
{
	int total = 0, nr = 0;

	for (unsigned i = 0; i < sizeof net_calls / sizeof net_calls[0]; i++)
		total += net_calls[i].weight;
	int r = rnd_below(total);
	for (unsigned i = 0; i < sizeof net_calls / sizeof net_calls[0]; i++) {
		r -= net_calls[i].weight;
		if (r < 0) {
			nr = net_calls[i].nr;
			break;
		}
	}
	fuzz_make_args(nr, a);
	switch (nr) {
	case 365: sockopt_value(a, 1); break;
	case 366: sockopt_value(a, 0); break;
	case 369: case 370: case 371: case 372:
		/* mostly non-blocking, so sequences keep moving */
		if (rnd_below(4))
			a[nr == 370 || nr == 372 ? 2 : 3] = 0x40 /* MSG_DONTWAIT */ | (rnd_below(4) ? 0 : arg_flags());
		break;
	case 54:			/* the socket ioctls and their neighbours */
		a[1] = rnd_below(4) ? 0x8900 + rnd_below(0x40) : rnd_below(2) ? 0x541B : arg_flags();
		break;
	}
	return nr;
}
