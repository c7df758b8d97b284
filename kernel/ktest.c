/*
 * The in-kernel self-test runner. Tests are KTEST() functions gathered by
 * the linker into the .ktest section (boot/linker.ld). Booting with
 * `ktest` runs them all in a kernel thread once the core is up; `ktest=NAME`
 * runs one. Each prints "ktest NAME: ok" or the failed expectations; the
 * last line is "ktest: N passed, N failed", then the machine powers off so
 * a host script can read the verdict from the serial log.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/ktest.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/mm.h>

extern const struct ktest __ktest_start[], __ktest_end[];
void machine_power_off(void);

void ktest_fail(struct ktest_ctx *kt, const char *file, int line, const char *what)
{
	kt->failures++;
	printk(KERN_ERR "ktest %s: FAILED at %s:%d: %s\n", kt->name, file, line, what);
}

/*
 * Run every test, or the one named (ktest=NAME); ktest=list prints the
 * names. A name that matches no test is a failure, never an empty pass.
 */
int ktest_run_all(const char *only)
{
	int passed = 0, failed = 0, matched = 0;

	if (only && !strcmp(only, "list")) {
		for (const struct ktest *t = __ktest_start; t < __ktest_end; t++)
			printk("ktest %s\n", t->name);
		return 0;
	}
	for (const struct ktest *t = __ktest_start; t < __ktest_end; t++) {
		if (only && *only && strcmp(only, t->name))
			continue;
		matched++;
		struct ktest_ctx kt = { t->name, 0, 0 };
		unsigned long pages;

		kmem_cache_shrink_all();	/* kept empty slabs are not a test's (slab.c) */
		pages = nr_free_pages();
		t->fn(&kt);
		kmem_cache_shrink_all();
		if (!kt.failures && nr_free_pages() + kt.pages_kept != pages) {
			/* Tolerate nothing else: a self-test that leaks pages fails. */
			char m[96];
			snprintf(m, sizeof(m), "leaked %ld pages",
				 (long)(pages - nr_free_pages()) - kt.pages_kept);
			ktest_fail(&kt, __FILE__, __LINE__, m);
		}
		if (kt.failures) {
			failed++;
		} else {
			passed++;
			printk("ktest %s: ok\n", t->name);
		}
	}
	if (!matched) {
		printk(KERN_ERR "ktest %s: FAILED (no such test)\n", only);
		failed++;
	}
	printk("ktest: %d passed, %d failed\n", passed, failed);
	return failed;
}
