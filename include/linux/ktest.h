/*
 * In-kernel self-tests. Each KTEST() lands in the .ktest linker section;
 * booting with `ktest` on the command line runs them all after the core is
 * up, `ktest=NAME` runs one, and the serial console gets one line a test
 * and a last line "ktest: N passed, N failed". Implementation: kernel/ktest.c.
 *
 *	KTEST(slab_roundtrip)
 *	{
 *		void *p = kmalloc(100, GFP_KERNEL);
 *		KT_EXPECT(p != NULL);
 *		kfree(p);
 *	}
 */
#ifndef _LINUX_KTEST_H
#define _LINUX_KTEST_H

#include "kernel.h"

struct ktest_ctx {
	const char *name;
	int failures;
	long pages_kept;	/* pages the test keeps on purpose; the leak check allows them */
};

struct ktest {
	const char *name;
	void (*fn)(struct ktest_ctx *kt);
};

void ktest_fail(struct ktest_ctx *kt, const char *file, int line, const char *what);

#define KTEST(tname)								\
	static void ktest_fn_##tname(struct ktest_ctx *kt);			\
	static const struct ktest __ktest_##tname				\
		__section(".ktest") __used __aligned(4) = { #tname, ktest_fn_##tname }; \
	static void ktest_fn_##tname(struct ktest_ctx *kt)

#define KT_EXPECT(cond) \
	do { if (!(cond)) ktest_fail(kt, __FILE__, __LINE__, #cond); } while (0)
#define KT_EXPECT_EQ(a, b) \
	do { long __a = (long)(a), __b = (long)(b); if (__a != __b) { \
		char __m[128]; snprintf(__m, sizeof(__m), "%s == %s (%ld != %ld)", #a, #b, __a, __b); \
		ktest_fail(kt, __FILE__, __LINE__, __m); } } while (0)
#define KT_ASSERT(cond) \
	do { if (!(cond)) { ktest_fail(kt, __FILE__, __LINE__, #cond); return; } } while (0)

#endif
