/*
 * Host unit tests for kernel code: the test macros and the host shim's
 * controls (fake clock, softirqs, /proc reader, leak counters).
 *
 * A test file is a kernel translation unit (kernel headers only, no libc):
 *
 *	// unit-sources: net/core/skbuff.c
 *	#include "unit.h"
 *	#include <linux/skbuff.h>
 *
 *	TEST(skb_put_grows_len)
 *	{
 *		struct sk_buff *skb = alloc_skb(100, GFP_KERNEL);
 *		ASSERT(skb);
 *		skb_put(skb, 10);
 *		EXPECT_EQ(skb->len, 10);
 *		kfree_skb(skb);
 *	}
 *
 * A test of user-space code (user/lib/) names it on a line
 * "// unit-user-sources: user/lib/ev_heap.c" instead: the test and those
 * sources are built against the host's C library with -DUNIT_USER.
 *
 * The runner (harness.c) runs each test, prints "PASS name" / "FAIL name",
 * and fails a test that leaves kmalloc/kmem_cache objects or sk_buffs
 * behind. See README.md.
 */
#ifndef _UNIT_H
#define _UNIT_H

#ifdef UNIT_USER
/* A test of user-space code (// unit-user-sources:): the host's C library. */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#define __printf(a, b) __attribute__((format(printf, a, b)))
#else
#include <linux/kernel.h>
#endif

struct unit_test {
	const char *name;
	void (*fn)(void);
	struct unit_test *next;
};
void unit_register(struct unit_test *t);
void unit_register_setup(void (*fn)(void));

#define TEST(tname)								\
	static void unit_test_##tname(void);					\
	static struct unit_test unit_t_##tname = { #tname, unit_test_##tname, NULL }; \
	__attribute__((constructor)) static void unit_reg_##tname(void)		\
	{ unit_register(&unit_t_##tname); }					\
	static void unit_test_##tname(void)

/* Runs once before the first test (e.g. net_init); what it allocates is not a leak. */
#define UNIT_SETUP(fn)								\
	__attribute__((constructor)) static void unit_setup_reg_##fn(void)	\
	{ unit_register_setup(fn); }

void unit_fail(const char *file, int line, const char *fmt, ...) __printf(3, 4);

#define EXPECT(c) \
	do { if (!(c)) unit_fail(__FILE__, __LINE__, "EXPECT(%s)", #c); } while (0)
#define ASSERT(c) \
	do { if (!(c)) { unit_fail(__FILE__, __LINE__, "ASSERT(%s)", #c); return; } } while (0)
#define EXPECT_EQ(a, b) \
	do { long long __a = (long long)(a), __b = (long long)(b); if (__a != __b) \
		unit_fail(__FILE__, __LINE__, "EXPECT_EQ(%s, %s): %lld != %lld", #a, #b, __a, __b); } while (0)
#define EXPECT_NE(a, b) \
	do { long long __a = (long long)(a), __b = (long long)(b); if (__a == __b) \
		unit_fail(__FILE__, __LINE__, "EXPECT_NE(%s, %s): both %lld", #a, #b, __a); } while (0)
#define EXPECT_STREQ(a, b) \
	do { const char *__a = (a), *__b = (b); if (strcmp(__a, __b)) \
		unit_fail(__FILE__, __LINE__, "EXPECT_STREQ(%s, %s): \"%s\" != \"%s\"", #a, #b, __a, __b); } while (0)
#define EXPECT_MEMEQ(a, b, n) \
	do { if (memcmp((a), (b), (n))) unit_fail(__FILE__, __LINE__, "EXPECT_MEMEQ(%s, %s, %s)", #a, #b, #n); } while (0)

/* Run fn(arg); true if it hit BUG()/panic() (which would stop a kernel). */
bool unit_expect_bug(void (*fn)(void *), void *arg);

/* The fake clock: jiffies start at a large value so wraparound bugs show. */
void unit_advance(unsigned long ms);	/* tick by tick: due timers, then softirqs */
void run_softirqs(void);		/* run every pending softirq until none is pending */
int unit_timers_pending(void);

/* Leak accounting (shim.c). */
long unit_live_objects(void);		/* kmalloc + kmem_cache objects */

/* /proc and the command line. */
int unit_proc_read(const char *path, char *buf, size_t size);	/* bytes, or -ENOENT */
int *unit_sysctl(const char *path);	/* the int behind a proc_sysctl_int, or NULL */
int unit_sysctl_write(const char *path, const char *text);	/* a text sysctl (proc_sysctl_string) */
void unit_set_cmdline(const char *cmdline);
/* printk lines are kept; tests can look for one. */
bool unit_log_contains(const char *needle);
void unit_log_clear(void);

#endif
