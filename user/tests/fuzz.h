/*
 * fuzz.h: what the parts of /bin/fuzz share (see fuzz.c for the design).
 *
 *   fuzz.c        main, the batch loop in the parent, verdicts, leak check
 *   fuzz_pool.c   the child's world: scratch files, fds of every kind,
 *                 the pointer arena, and argument generators by kind
 *   fuzz_calls.c  the i386 system-call table (names, argument kinds),
 *                 the deny-list, and the per-call sanitizer
 *   fuzz_net.c    the socket mode (-s): socket call sequences, socketcall,
 *                 lying msghdrs and cmsgs, random socket options
 */
#ifndef USER_FUZZ_H
#define USER_FUZZ_H

#include <stdint.h>

#define FUZZ_REPORT_FD	200	/* the child's record pipe; no generator yields it */
#define FUZZ_MAX_FDS	48

/* One call as the child is about to make it; the parent keeps the last. */
struct fuzz_rec {
	uint32_t batch, index;
	int32_t nr;
	uint32_t args[6];
};

struct fuzz_call {
	const char *name;	/* NULL: no call has this number on Linux i386 */
	const char *kinds;	/* one letter per argument, see fuzz_calls.c */
};

extern const struct fuzz_call fuzz_calls[];
extern const int fuzz_ncalls;

/* xorshift32; every random choice in a batch comes from here, so a batch
 * replays from (seed, batch) alone. */
extern uint32_t fuzz_rng;
static inline uint32_t rnd(void)
{
	uint32_t x = fuzz_rng;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return fuzz_rng = x;
}
static inline uint32_t rnd_below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

/* fuzz_pool.c */
extern int fuzz_self_pid;
extern char *fuzz_arena;		/* FUZZ_ARENA_PAGES read-write pages */
#define FUZZ_ARENA_PAGES 8
void pool_setup(int socket_mode);
void pool_note_fd(long fd);		/* a call returned a new fd: maybe keep it */
uint32_t arg_fd(void);
uint32_t arg_ptr(void);
uint32_t arg_len(void);
uint32_t arg_flags(void);
uint32_t arg_int(void);
uint32_t arg_path(void);
uint32_t arg_mem(void);
uint32_t arg_sockaddr(uint32_t *len);
uint32_t arg_timespec(void);
uint32_t arg_iovec(uint32_t *cnt);
uint32_t arg_msghdr(void);
uint32_t arg_pid(void);
uint32_t arg_signal(void);
uint32_t arg_family(void);
uint32_t arg_socktype(void);
uint32_t arg_protocol(void);
uint32_t arg_sol_level(void);
uint32_t arg_sol_name(void);
uint32_t arg_socklen_ptr(void);
char *arena_alloc(uint32_t size);	/* the next piece of the arena (it wraps around) */
uint32_t fuzz_victim_clamp(uint32_t addr, uint32_t len, uint32_t *out_len);

/* fuzz_calls.c */
void fuzz_make_args(int nr, uint32_t a[6]);
int fuzz_denied(int nr);

/* fuzz_net.c */
int net_pick_call(uint32_t a[6]);	/* socket mode: the next call and its arguments */

#endif
