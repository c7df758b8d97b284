/*
 * The unit-test runner: the only part that uses the host C library (so it
 * is compiled as its own translation unit, never mixed with kernel
 * headers). It owns main(), the test list, failure reporting, BUG()
 * trapping with setjmp/longjmp, and the host services shim.c calls
 * (memory, stderr). Output: one line per test, then
 * "unit: N passed, N failed" - build.mk sums these over all binaries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct unit_test {
	const char *name;
	void (*fn)(void);
	struct unit_test *next;
};

/* From shim.c (kernel side), declared by hand: no shared headers across the line. */
long unit_live_objects(void);
long skb_live_count(void) __attribute__((weak));
void unit_shim_reset(void);

static struct unit_test *tests, **tests_tail = &tests;
static void (*setups[8])(void);
static int nsetups;
static int cur_failures;
static const char *cur_name;
static jmp_buf bug_jmp;
static bool bug_armed;

void unit_register(struct unit_test *t)
{
	t->next = NULL;
	*tests_tail = t;
	tests_tail = &t->next;
}

void unit_register_setup(void (*fn)(void))
{
	if (nsetups < 8)
		setups[nsetups++] = fn;
}

void unit_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	cur_failures++;
	fprintf(stdout, "    %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

/* Called by the shim's panic()/__bug(): back to unit_expect_bug, or give up. */
void host_bug(const char *msg)
{
	if (bug_armed) {
		bug_armed = false;
		longjmp(bug_jmp, 1);
	}
	fprintf(stdout, "    BUG in %s: %s\n", cur_name ? cur_name : "(setup)", msg);
	fflush(stdout);
	abort();
}

bool unit_expect_bug(void (*fn)(void *), void *arg)
{
	if (setjmp(bug_jmp)) {
		return true;
	}
	bug_armed = true;
	fn(arg);
	bug_armed = false;
	return false;
}

void *host_calloc(size_t n) { return calloc(1, n); }
void host_free(void *p) { free(p); }
void host_log(const char *s) { fputs(s, stderr); }
int host_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return vsnprintf(buf, size, fmt, ap);
}
unsigned long host_strtoul(const char *s, char **end, int base) { return strtoul(s, end, base); }
long host_strtol(const char *s, char **end, int base) { return strtol(s, end, base); }

int main(int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : NULL;
	const char *prog = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	struct unit_test *t;
	int passed = 0, failed = 0, i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (only && !strcmp(only, "--list")) {
		for (t = tests; t; t = t->next)
			printf("%s\n", t->name);
		return 0;
	}
	for (i = 0; i < nsetups; i++)
		setups[i]();
	for (t = tests; t; t = t->next) {
		long objs, skbs;

		if (only && strcmp(only, t->name))
			continue;
		cur_name = t->name;
		cur_failures = 0;
		unit_shim_reset();
		objs = unit_live_objects();
		skbs = skb_live_count ? skb_live_count() : 0;
		t->fn();
		if (skb_live_count && skb_live_count() != skbs)
			unit_fail(__FILE__, __LINE__, "leak: %ld sk_buffs before, %ld after",
				  skbs, skb_live_count());
		if (unit_live_objects() != objs)
			unit_fail(__FILE__, __LINE__, "leak: %ld slab/kmalloc objects before, %ld after",
				  objs, unit_live_objects());
		if (cur_failures) {
			printf("FAIL %s.%s\n", prog, t->name);
			failed++;
		} else {
			printf("PASS %s.%s\n", prog, t->name);
			passed++;
		}
	}
	if (only && passed + failed == 0) {	/* a typo must not look like a pass */
		fprintf(stderr, "%s: no test named %s (--list shows them)\n", prog, only);
		return 2;
	}
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
