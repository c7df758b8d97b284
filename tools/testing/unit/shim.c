/*
 * The host shim: what the kernel's core would provide to net/ (and other
 * subsystems under test), implemented over a fake world.
 *   - kmalloc / kmem_cache over the host allocator, counting live objects
 *     (unit_live_objects) so every test can end with a leak check;
 *   - printk to stderr, kept in a small log tests can search;
 *   - spinlocks that catch recursion (on one CPU a held lock is a bug),
 *     local_bh_disable/enable and preempt_count like the kernel's;
 *   - a fake clock: jiffies advance only in unit_advance(), which calls
 *     the kernel's own timer_tick (kernel/timer.c, linked into every test)
 *     and then runs pending softirqs, tick by tick;
 *   - softirqs: raise_softirq only marks pending; run_softirqs() runs them
 *     (in "softirq context": SOFTIRQ_OFFSET in preempt_count);
 *   - /proc: proc_create_single/proc_sysctl_int register into a table that
 *     unit_proc_read()/unit_sysctl() read back;
 *   - tracepoints: trace_event_record counts per event
 *     (unit_trace_count[]); a test switches events on in trace_event_on[];
 *   - user memory is host memory (copy_*_user are memcpy; a NULL pointer
 *     faults), and mutexes only catch recursion, for the ioctl paths.
 * It is a kernel translation unit; the few libc services it needs come
 * through host_* functions in harness.c.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/interrupt.h>
#include <linux/proc_fs.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/ktest.h>
#include <linux/trace_events.h>
#include <linux/uaccess.h>
#include <linux/mutex.h>
#include "unit.h"

void *host_calloc(size_t n);
void host_free(void *p);
void host_log(const char *s);
int host_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
unsigned long host_strtoul(const char *s, char **end, int base);
long host_strtol(const char *s, char **end, int base);
void host_bug(const char *msg) __noreturn;

unsigned long unit_eflags = X86_EFLAGS_IF;
volatile unsigned long preempt_count;
volatile bool need_resched;		/* the scheduler's flag; nothing sets it on the host */
/* Start near the wrap so time_after() misuse shows up in tests. */
#define UNIT_INITIAL_JIFFIES	((unsigned long)-300000L)
volatile unsigned long jiffies = UNIT_INITIAL_JIFFIES;

/* ---- memory ---- */

static long kmalloc_live;

struct kmalloc_hdr {
	size_t size;
	size_t magic;
};
#define KMALLOC_MAGIC	0x6b6d616cUL

void *kmalloc(size_t size, gfp_t flags)
{
	struct kmalloc_hdr *h = host_calloc(sizeof(*h) + size);

	if (!h)
		return NULL;
	h->size = size;
	h->magic = KMALLOC_MAGIC;
	kmalloc_live++;
	return h + 1;
}
void *kzalloc(size_t size, gfp_t flags) { return kmalloc(size, flags); }
void *kcalloc(size_t n, size_t size, gfp_t flags) { return kmalloc(n * size, flags); }
size_t ksize(const void *p) { return p ? ((const struct kmalloc_hdr *)p - 1)->size : 0; }
void kfree(const void *p)
{
	struct kmalloc_hdr *h;

	if (!p)
		return;
	h = (struct kmalloc_hdr *)p - 1;
	if (h->magic != KMALLOC_MAGIC)
		panic("kfree of a pointer kmalloc did not return: %p", p);
	h->magic = 0;
	kmalloc_live--;
	host_free(h);
}
void *krealloc(void *p, size_t n, gfp_t flags)
{
	void *q = kmalloc(n, flags);

	if (q && p)
		memcpy(q, p, min(n, ksize(p)));
	kfree(p);
	return q;
}

struct kmem_cache {
	char name[32];
	size_t size;
	long live;
	struct kmem_cache *next;
};
static struct kmem_cache *caches;

struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align,
				     unsigned long flags, void (*ctor)(void *))
{
	struct kmem_cache *c = host_calloc(sizeof(*c));

	strlcpy(c->name, name, sizeof(c->name));
	c->size = size;
	c->next = caches;
	caches = c;
	return c;
}
void kmem_cache_destroy(struct kmem_cache *c) { }
void *kmem_cache_alloc(struct kmem_cache *c, gfp_t flags)
{
	/* Exactly size bytes: ASan then catches any write past an object. */
	void *p = host_calloc(c->size);

	if (p)
		c->live++;
	return p;
}
void *kmem_cache_zalloc(struct kmem_cache *c, gfp_t flags) { return kmem_cache_alloc(c, flags); }
void kmem_cache_free(struct kmem_cache *c, void *obj)
{
	if (!obj)
		return;
	c->live--;
	host_free(obj);
}
unsigned long slab_objects_in_use(void)
{
	struct kmem_cache *c;
	long n = 0;

	for (c = caches; c; c = c->next)
		n += c->live;
	return n;
}
long unit_live_objects(void) { return kmalloc_live + (long)slab_objects_in_use(); }

/* ---- strings and formatting the kernel has and libc lacks ---- */

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len >= size ? size - 1 : len;

		memcpy(dst, src, n);
		dst[n] = 0;
	}
	return len;
}
char *kstrdup(const char *s, gfp_t gfp)
{
	size_t n = strlen(s) + 1;
	char *p = kmalloc(n, gfp);

	if (p)
		memcpy(p, s, n);
	return p;
}
int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!size)
		return 0;
	va_start(ap, fmt);
	n = host_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n >= (int)size ? (int)size - 1 : n;
}
unsigned long simple_strtoul(const char *s, char **end, unsigned int base) { return host_strtoul(s, end, base); }
long simple_strtol(const char *s, char **end, unsigned int base) { return host_strtol(s, end, base); }
int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	char *end;

	*res = host_strtoul(s, &end, base);
	return (end == s || (*end && *end != '\n')) ? -EINVAL : 0;
}

/* ---- printk, panic, BUG ---- */

#define UNIT_LOG_SIZE	8192
static char unit_log[UNIT_LOG_SIZE];
static size_t unit_log_len;

int vprintk(const char *fmt, va_list ap)
{
	char line[512];
	const char *p = line;
	int n = host_vsnprintf(line, sizeof(line), fmt, ap);

	if (p[0] == '<' && p[1] && p[2] == '>')
		p += 3;		/* drop the KERN_* level */
	host_log(p);
	if (unit_log_len + strlen(p) + 1 < UNIT_LOG_SIZE) {
		memcpy(unit_log + unit_log_len, p, strlen(p) + 1);
		unit_log_len += strlen(p);
	}
	return n;
}
int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
bool unit_log_contains(const char *needle) { return strstr(unit_log, needle) != NULL; }
void unit_log_clear(void) { unit_log_len = 0; unit_log[0] = 0; }

void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	host_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	host_log("panic: ");
	host_log(msg);
	host_log("\n");
	host_bug(msg);
}
void __bug(const char *file, int line, const char *cond)
{
	panic("BUG at %s:%d: %s", file, line, cond);
}
void __warn(const char *file, int line, const char *cond)
{
	printk("WARNING at %s:%d: %s\n", file, line, cond);
}

/* ---- locks and contexts ---- */

void spin_lock_init_named(spinlock_t *l, const char *name)
{
	l->locked = 0;
	l->name = name;
	l->holder_ip = NULL;
	l->holder = NULL;
}
void spin_lock_contended(spinlock_t *l, void *ip)
{
	panic("spinlock %s already held (recursion on one CPU)", l->name ? l->name : "?");
}
void spin_unlock_not_held(spinlock_t *l, void *ip)
{
	panic("unlocking %s which is not held", l->name ? l->name : "?");
}
void local_bh_disable(void) { preempt_count += SOFTIRQ_DISABLE_OFFSET; }
void local_bh_enable(void)
{
	if (!(preempt_count & SOFTIRQ_MASK))
		panic("local_bh_enable without local_bh_disable");
	preempt_count -= SOFTIRQ_DISABLE_OFFSET;
}

/* ---- softirqs ---- */

static void (*softirq_vec[NR_SOFTIRQS])(struct softirq_action *);
static unsigned int softirq_pending;
const char *const softirq_to_name[NR_SOFTIRQS] = { "HI", "TIMER", "NET_TX", "NET_RX", "TASKLET" };

void open_softirq(int nr, void (*action)(struct softirq_action *)) { softirq_vec[nr] = action; }
void raise_softirq(unsigned int nr) { softirq_pending |= 1u << nr; }
void raise_softirq_irqoff(unsigned int nr) { softirq_pending |= 1u << nr; }
void wakeup_softirqd(void) { }

void run_softirqs(void)
{
	int rounds = 0;

	if (preempt_count & SOFTIRQ_OFFSET)
		return;		/* already inside a softirq: the outer loop will see it */
	while (softirq_pending) {
		unsigned int pending = softirq_pending;
		int nr;

		softirq_pending = 0;
		if (++rounds > 10000)
			panic("softirqs re-raised 10000 times: livelock");
		preempt_count += SOFTIRQ_OFFSET;
		for (nr = 0; nr < NR_SOFTIRQS; nr++)
			if ((pending & (1u << nr)) && softirq_vec[nr])
				softirq_vec[nr](NULL);
		preempt_count -= SOFTIRQ_OFFSET;
	}
}

/* ---- the fake clock, driving the kernel's own timer wheel (kernel/timer.c) ---- */

void timers_init(void);
void timer_tick(void);

/* Before any test's constructor-time setup can arm a timer. */
__attribute__((constructor(101))) static void unit_timers_init(void)
{
	timers_init();
}

int unit_timers_pending(void) { return timer_stats.pending; }

/* One PIT interrupt per jiffy: the hard-IRQ tick, then the softirqs it raised. */
void unit_advance(unsigned long ms)
{
	unsigned long ticks = msecs_to_jiffies(ms);

	run_softirqs();
	while (ticks--) {
		jiffies++;
		timer_tick();
		run_softirqs();
	}
}

u64 ktime_get_ns(void) { return (u64)(jiffies - UNIT_INITIAL_JIFFIES) * NSEC_PER_MSEC; }
u64 ktime_get_real_ns(void) { return ktime_get_ns(); }
u64 ktime_get_us(void) { return ktime_get_ns() / 1000; }

/* ---- /proc ---- */

#define UNIT_PROC_MAX	128	/* registrations of the linked-in code; proc_add says ENOSPC beyond */
static struct {
	char path[64];
	int (*show)(struct seq_file *m, void *v);
	void *data;
	int *ival;
	int (*store)(const char *text);	/* a text sysctl's setter */
} procs[UNIT_PROC_MAX];
static int nprocs;

static int proc_add(const char *path, int (*show)(struct seq_file *, void *), void *data, int *ival)
{
	int i;

	for (i = 0; i < nprocs; i++)
		if (!strcmp(procs[i].path, path))
			return -EEXIST;
	if (nprocs == UNIT_PROC_MAX) {
		/* The kernel ignores a failed registration; here it would hide a sysctl from a test. */
		panic("unit shim: more than %d /proc entries (%s): raise UNIT_PROC_MAX",
		      UNIT_PROC_MAX, path);
	}
	strlcpy(procs[nprocs].path, path, sizeof(procs[nprocs].path));
	procs[nprocs].show = show;
	procs[nprocs].data = data;
	procs[nprocs].ival = ival;
	nprocs++;
	return 0;
}
int proc_create_single(const char *path, int (*show)(struct seq_file *m, void *v), void *data)
{
	return proc_add(path, show, data, NULL);
}
int proc_sysctl_int(const char *path, int *value, int min, int max)
{
	return proc_add(path, NULL, NULL, value);
}
int proc_sysctl_int_vec(const char *path, int *values, int n, int min, int max)
{
	return proc_add(path, NULL, NULL, values);
}
/* A text sysctl reads like a /proc file here; unit_sysctl_write calls the owner's setter. */
int proc_sysctl_string(const char *path, int (*show)(struct seq_file *m, void *v),
		       int (*store)(const char *text))
{
	int err = proc_add(path, show, NULL, NULL);

	if (!err)
		procs[nprocs - 1].store = store;
	return err;
}

/* What proc_sysctl_write does with a text sysctl: one trailing newline dropped, then store. */
int unit_sysctl_write(const char *path, const char *text)
{
	char buf[64];
	size_t n = strlen(text);
	int i;

	if (n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, text, n + 1);
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = 0;
	for (i = 0; i < nprocs; i++)
		if (!strcmp(procs[i].path, path))
			return procs[i].store ? procs[i].store(buf) : -EPERM;
	return -ENOENT;
}
int *unit_sysctl(const char *path)
{
	int i;

	for (i = 0; i < nprocs; i++)
		if (!strcmp(procs[i].path, path))
			return procs[i].ival;
	return NULL;
}

void seq_write(struct seq_file *m, const void *data, size_t len)
{
	if (m->count + len >= m->size) {
		m->overflow = true;
		return;
	}
	memcpy(m->buf + m->count, data, len);
	m->count += len;
	m->buf[m->count] = 0;
}
void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = host_vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	seq_write(m, tmp, min_t(size_t, n, sizeof(tmp) - 1));
}
void seq_puts(struct seq_file *m, const char *s) { seq_write(m, s, strlen(s)); }
void seq_putc(struct seq_file *m, char c) { seq_write(m, &c, 1); }

int unit_proc_read(const char *path, char *buf, size_t size)
{
	struct seq_file m;
	int i;

	for (i = 0; i < nprocs; i++) {
		if (strcmp(procs[i].path, path) || !procs[i].show)
			continue;
		memset(&m, 0, sizeof(m));
		m.buf = buf;
		m.size = size;
		m.private = procs[i].data;
		buf[0] = 0;
		procs[i].show(&m, NULL);
		return m.count;
	}
	return -ENOENT;
}

/* ---- command line: the kernel's own parser (kernel/cmdline.c) is linked in ---- */

void cmdline_set(const char *s);

void unit_set_cmdline(const char *cmdline)
{
	cmdline_set(cmdline);
}

/* Per-test reset of the fake world's incidental state (not of the code under test). */
void unit_shim_reset(void)
{
	unit_log_clear();
	preempt_count = 0;
	unit_eflags = X86_EFLAGS_IF;
}

/* ktest files may be linked by a glob; their tests are for the kernel, not run here. */
void ktest_fail(struct ktest_ctx *kt, const char *file, int line, const char *what)
{
	printk("ktest %s failed at %s:%d: %s\n", kt->name, file, line, what);
	kt->failures++;
}

/* Sleeping on the fake clock is advancing it. */
void msleep(unsigned int ms) { unit_advance(ms); }

/* ---- user memory and mutexes (net/core/dev_ioctl.c, route.c's ioctl) ---- */

unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	if (!from)
		return n;
	memcpy(to, (const void *)from, n);
	return 0;
}

unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	if (!to)
		return n;
	memcpy((void *)to, from, n);
	return 0;
}

long strncpy_from_user(char *dst, const char __user *src, long count)
{
	long i;

	if (!src)
		return -EFAULT;
	for (i = 0; i < count; i++) {
		dst[i] = ((const char *)src)[i];
		if (!dst[i])
			return i;
	}
	return count;
}

void mutex_lock(struct mutex *m)
{
	if (m->owner)
		host_bug("mutex: recursive lock (one thread: a held mutex is a bug)");
	m->owner = (struct task_struct *)1;
}

void mutex_unlock(struct mutex *m)
{
	m->owner = NULL;
}

/* ---- tracepoints: counted, not recorded (kernel/trace.c owns the real ring) ---- */

int trace_event_on[TRACE_NR_EVENTS];
unsigned long unit_trace_count[TRACE_NR_EVENTS];
u32 unit_trace_last[TRACE_NR_EVENTS][4];

void trace_event_record(enum trace_event_id id, const u32 args[4])
{
	unit_trace_count[id]++;
	memcpy(unit_trace_last[id], args, sizeof(unit_trace_last[id]));
}
