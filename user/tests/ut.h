/*
 * ut.h: the contract between usertests.c (the runner) and the test files
 * (t_*.c). A test is `void fn(void)` running in its own forked child; it
 * passes by returning. It fails by calling ut_fail() (via the macros
 * below), which sends the reason to the runner over a pipe and exits.
 *
 *   CHECK(cond)                  cond must hold
 *   CHECK_OK(call)               call must not return -1 (reports errno)
 *   CHECK_ERR(call, ERRNO)       call must return -1 with exactly ERRNO
 *   CHECK_EQ(a, b)               two integers must be equal (both printed)
 *   ut_skip("why")               the test cannot run here: counted as skipped,
 *                                never as passed (on Sockeye the tier fails it)
 *
 * Address constants for EFAULT probes: BAD_LOW is never mapped on i386
 * Linux (the first page), BAD_KERNEL is the kernel half above 0xC0000000.
 * USER_END is beyond user space both on Sockeye (kernel above 0xC0000000)
 * and for a 32-bit process on a 64-bit Linux host (user space to
 * 0xFFFFE000), for tests that expect brk/mmap to refuse an address.
 */
#ifndef USERTESTS_UT_H
#define USERTESTS_UT_H

#include <errno.h>
#include <sys/types.h>
#include <string.h>

#define BAD_LOW		((void *)1)
#define BAD_KERNEL	((void *)0xC0000000)
#define USER_END	0xFFFFF000UL

void ut_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void ut_skip(const char *why) __attribute__((noreturn));
const char *ut_errname(int e);

/* t_procstat.c's helper mode (--proc-owner): 0 when /proc/self is ours. */
int proc_owner_check(void);

/* Where usertests lives, for tests that exec it again in a helper mode. */
extern const char *ut_self;
int unix_fd_child(int argc, char **argv);	/* t_unix_exec.c's exec'd helper */
/* Nonzero when the kernel is Sockeye (enforce Sockeye-only expectations). */
extern int ut_on_sockeye;

/* ut_helpers.c: shared by the poll/epoll/timeout tests. */
pid_t ut_later(int fd, int delay_ms, int close_it);
void ut_reap(pid_t pid);
extern volatile int ut_sig_count;
void ut_catch(int sig, int flags);
void ut_alarm_in_ms(int ms);
char ut_proc_state(pid_t pid);		/* 'S' asleep, 'R', 'Z', ... '?' gone */
int ut_wait_asleep(pid_t pid);		/* 1 once pid sleeps; fails the test after 10 s */
long ut_meminfo_kb(const char *field);	/* a /proc/meminfo field ("MemAvailable"), -1 if unreadable */
long ut_mem_free_kb(void);		/* MemFree after drop_caches (the leak checks), -1 if unreadable */
long ut_slab_objects(void);		/* active objects of /proc/slabinfo, -1 if absent */

/*
 * ut_helpers.c: TCP over lo, shared by t_tcp*.c. Addresses are
 * struct sockaddr_in (declared by <netinet/in.h> in the caller).
 *   ut_lo_addr        127.0.0.1:port
 *   ut_tcp_listener   a socket bound to 127.0.0.1:0 and listening; *addr its name
 *   ut_tcp_connect    a blocking connect to *to, which must succeed
 *   ut_tcp_pair       a connected pair over lo (the listener is gone)
 *   ut_tcp_queued     connections ready for accept on a listener (TCP_INFO)
 *   ut_wait_queued    until ut_tcp_queued(fd) == n (fails after 10 s)
 *   ut_port_range     net.ipv4.ip_local_port_range (Linux's default if unreadable)
 *   ut_sockstat       one number of /proc/net/sockstat ("sockets:", "used "), -1 if absent
 *   ut_proc_tcp       lines of /proc/net/tcp with this local port in this state (0x0A LISTEN)
 */
struct sockaddr_in;
void ut_lo_addr(struct sockaddr_in *a, unsigned short port);
int ut_tcp_listener(struct sockaddr_in *addr, int backlog);
int ut_tcp_connect(const struct sockaddr_in *to);
void ut_tcp_pair(int *client, int *server);
int ut_tcp_queued(int listener);
void ut_wait_queued(int listener, int n);
void ut_port_range(int *lo, int *hi);
long long ut_now_ms(void);
long ut_sockstat(const char *key, const char *field);
int ut_proc_tcp(unsigned short port, int state);

/* Run body() through the direct socket calls, then through socketcall(2). */
#define UT_BOTH_PATHS(body)						\
	do {								\
		__socketcall_only = 0;					\
		body();							\
		__socketcall_only = 1;					\
		body();							\
		__socketcall_only = 0;					\
	} while (0)

#define CHECK(cond)							\
	do {								\
		if (!(cond))						\
			ut_fail("%s:%d: %s", __FILE__, __LINE__, #cond);	\
	} while (0)

#define CHECK_OK(call)							\
	({								\
		long _r = (long)(call);					\
		if (_r == -1)						\
			ut_fail("%s:%d: %s failed: %s", __FILE__, __LINE__,	\
				#call, ut_errname(errno));		\
		_r;							\
	})

#define CHECK_ERR(call, err)						\
	do {								\
		errno = 0;						\
		long _r = (long)(call);					\
		int _e = errno;						\
		if (_r != -1 || _e != (err))				\
			ut_fail("%s:%d: %s: want -1 %s, got %ld %s",	\
				__FILE__, __LINE__, #call, ut_errname(err),	\
				_r, _r == -1 ? ut_errname(_e) : "");	\
	} while (0)

#define CHECK_EQ(a, b)							\
	do {								\
		long long _a = (long long)(a), _b = (long long)(b);	\
		if (_a != _b)						\
			ut_fail("%s:%d: %s == %lld, want %s == %lld",	\
				__FILE__, __LINE__, #a, _a, #b, _b);	\
	} while (0)

/* Test declarations, grouped by file; the table is in usertests.c. */
#define T(name) void test_##name(void);
#define TT(name, secs) void test_##name(void);
#define TR(name) void test_##name(void);
#include "tests.list"
#undef T
#undef TT
#undef TR

#endif
