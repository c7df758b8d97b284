/*
 * The trace ring: where the tracepoints of include/linux/trace_events.h
 * record, and the /proc/tracing files that switch them and read them.
 *
 * One ring of TRACE_RING_SIZE fixed-size entries for the whole kernel.
 * Writers are any context (napi_schedule fires in hard IRQ), so the ring's
 * lock is taken with interrupts off. When the ring is full the oldest
 * entry is overwritten and counted in `overrun` (Linux's default
 * "overwrite" mode: the newest events matter most to someone watching
 * live). Nothing is allocated per event.
 *
 * Readers:
 *   trace       a snapshot of what is in the ring, not consumed; writing
 *               anything to it empties the ring (`echo > trace`, as Linux)
 *   trace_pipe  consumes: each event is read once; blocks while the ring
 *               is empty (O_NONBLOCK: -EAGAIN). Linux wakes such a reader
 *               from irq_work so a tracepoint never takes a wait-queue
 *               lock inside, say, the scheduler; here the reader simply
 *               looks again every 10 ms while it waits, for the same
 *               reason and with no such machinery.
 *
 * Who may do what: every file is root's; the enable switches and
 * tracing_on are written only by root (proc_sysctl's check), and reading
 * the events needs root too (mode 0400), since they carry addresses,
 * ports and pids of other users' connections, as Linux's tracefs does.
 *
 * Neighbours: include/linux/trace_events.h (the events), kernel/fs/procfs.c
 * (proc_create), user/trace.c (the tool), docs/tracing.md.
 */
#include <linux/trace_events.h>
#include <linux/kernel.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/jiffies.h>
#include <linux/interrupt.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

#define TRACE_RING_SIZE		2048	/* entries; a power of two */
#define TRACE_LINE_MAX		192	/* one formatted event */

struct trace_field {
	u8 kind;		/* enum trace_field_kind */
	const char *label;
};

struct trace_event_def {
	const char *system, *name;
	struct trace_field field[4];
};

#define F(kind, label)	{ TF_##kind, #label }
#define NOF		{ TF_NONE, NULL }
#define TE_DEF(sys, ename, f0, f1, f2, f3)	\
	[TRACE_##ename] = { #sys, #ename, { f0, f1, f2, f3 } },
static const struct trace_event_def trace_events[TRACE_NR_EVENTS] = {
	SOCKEYE_TRACE_EVENTS(TE_DEF)
};
#undef TE_DEF
#undef F
#undef NOF

int trace_event_on[TRACE_NR_EVENTS];	/* written by the enable files; read by every call site */
static int tracing_on = 1;		/* 0: events are dropped (counted), the ring kept as it is */

struct trace_entry {
	u64 ts_ns;			/* ktime_get_ns() */
	pid_t pid;			/* the current task's pid; 0 for the idle task */
	u16 id;				/* enum trace_event_id */
	char ctx;			/* 'h' hard IRQ, 's' softirq, '.' a task */
	char comm[TASK_COMM_LEN];
	u32 args[4];
};

/*
 * The ring. Entries [tail, head) are valid; head and tail count up for
 * ever and index the ring modulo its size. Guarded by trace_lock
 * (irqsave: writers run in hard IRQ).
 */
static DEFINE_SPINLOCK(trace_lock);
static struct trace_entry trace_ring[TRACE_RING_SIZE];
static u64 trace_head, trace_tail;
static unsigned long trace_overrun;	/* entries overwritten before anyone read them */
static unsigned long trace_paused;	/* events that fired while tracing_on was 0 */
static DECLARE_WAIT_QUEUE_HEAD(trace_wait);

void trace_event_record(enum trace_event_id id, const u32 args[4])
{
	struct trace_entry *e;
	unsigned long flags;

	spin_lock_irqsave(&trace_lock, flags);
	if (!READ_ONCE(tracing_on)) {
		trace_paused++;
		spin_unlock_irqrestore(&trace_lock, flags);
		return;
	}
	if (trace_head - trace_tail == TRACE_RING_SIZE) {
		trace_tail++;		/* full: the oldest goes */
		trace_overrun++;
	}
	e = &trace_ring[trace_head++ % TRACE_RING_SIZE];
	e->ts_ns = ktime_get_ns();
	e->id = id;
	e->ctx = in_irq() ? 'h' : in_serving_softirq() ? 's' : '.';
	e->pid = current ? current->pid : 0;
	memcpy(e->comm, current ? current->comm : "?", TASK_COMM_LEN);
	e->comm[TASK_COMM_LEN - 1] = '\0';
	memcpy(e->args, args, sizeof(e->args));
	spin_unlock_irqrestore(&trace_lock, flags);
}

/* ---- formatting ---- */

static const char *const accept4_steps[] = {
	[A4_SOCK_ALLOC] = "sock_alloc", [A4_GET_UNUSED_FD] = "get_unused_fd_flags",
	[A4_SOCK_ALLOC_FILE] = "sock_alloc_file", [A4_OPS_ACCEPT] = "ops->accept",
	[A4_MOVE_ADDR] = "move_addr_to_user", [A4_FD_INSTALL] = "fd_install",
};

/* The errnos these paths return, by name; others print as numbers. */
static const char *const errno_names[] = {
	[EPERM] = "EPERM", [EINTR] = "EINTR", [EBADF] = "EBADF", [EAGAIN] = "EAGAIN",
	[ENOMEM] = "ENOMEM", [EACCES] = "EACCES", [EFAULT] = "EFAULT", [EINVAL] = "EINVAL",
	[ENFILE] = "ENFILE", [EMFILE] = "EMFILE", [ENOTSOCK] = "ENOTSOCK",
	[EOPNOTSUPP] = "EOPNOTSUPP", [EADDRINUSE] = "EADDRINUSE", [ECONNABORTED] = "ECONNABORTED",
	[EAFNOSUPPORT] = "EAFNOSUPPORT", [EPROTONOSUPPORT] = "EPROTONOSUPPORT",
	[ESOCKTNOSUPPORT] = "ESOCKTNOSUPPORT", [EPROTOTYPE] = "EPROTOTYPE",
};

extern const char *tcp_state_name(int state);

static int format_field(char *buf, size_t size, const struct trace_field *f, u32 v)
{
	int err = (int)v;

	switch (f->kind) {
	case TF_X:
		return snprintf(buf, size, " %s=0x%x", f->label, v);
	case TF_IP:
		return snprintf(buf, size, " %s=%u.%u.%u.%u", f->label,
				v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24);
	case TF_ERR:
		if (err < 0 && -err < (int)ARRAY_SIZE(errno_names) && errno_names[-err])
			return snprintf(buf, size, " %s=-%s", f->label, errno_names[-err]);
		return snprintf(buf, size, " %s=%d", f->label, err);
	case TF_STATE:
		return snprintf(buf, size, " %s=%s", f->label, v ? tcp_state_name(v) : "none");
	case TF_STEP:
		return snprintf(buf, size, " %s=%s", f->label,
				v < ARRAY_SIZE(accept4_steps) && accept4_steps[v] ? accept4_steps[v] : "?");
	default:
		return snprintf(buf, size, " %s=%u", f->label, v);
	}
}

/* One line, Linux's trace_pipe layout: "comm-pid [ctx] secs.usecs: event: fields". */
static int format_entry(char *buf, size_t size, const struct trace_entry *e)
{
	const struct trace_event_def *d = &trace_events[e->id];
	u64 us = e->ts_ns / 1000;
	int n, i;

	n = snprintf(buf, size, "%16s-%-5d [%c] %5lu.%06lu: %s:", e->comm, e->pid, e->ctx,
		     (unsigned long)(us / 1000000), (unsigned long)(us % 1000000), d->name);
	for (i = 0; i < 4 && d->field[i].kind != TF_NONE && n < (int)size; i++)
		n += format_field(buf + n, size - n, &d->field[i], e->args[i]);
	if (n >= (int)size - 1)
		n = size - 2;
	buf[n++] = '\n';
	buf[n] = '\0';
	return n;
}

/* ---- /proc/tracing/trace: a snapshot; a write empties the ring ---- */

static int trace_show(struct seq_file *m, void *v)
{
	struct trace_entry *snap;
	char line[TRACE_LINE_MAX];
	unsigned long flags, overrun;
	u64 first, n, i;

	snap = kmalloc(sizeof(trace_ring), GFP_KERNEL);
	if (!snap)
		return -ENOMEM;
	spin_lock_irqsave(&trace_lock, flags);
	first = trace_tail;
	n = trace_head - trace_tail;
	for (i = 0; i < n; i++)
		snap[i] = trace_ring[(first + i) % TRACE_RING_SIZE];
	overrun = trace_overrun;
	spin_unlock_irqrestore(&trace_lock, flags);

	seq_printf(m, "# entries-in-buffer/entries-written: %lu/%lu   overrun: %lu\n",
		   (unsigned long)n, (unsigned long)(first + n), overrun);
	seq_puts(m, "#            TASK-PID   CTX  TIMESTAMP  EVENT: FIELDS\n");
	for (i = 0; i < n; i++) {
		format_entry(line, sizeof(line), &snap[i]);
		seq_puts(m, line);
	}
	kfree(snap);
	return 0;
}

static int trace_open(struct inode *inode, struct file *f)
{
	struct seq_file *m;

	if ((f->f_flags & O_ACCMODE) != O_WRONLY) {
		m = seq_generate(trace_show, NULL);
		if (IS_ERR(m))
			return PTR_ERR(m);
		f->private_data = m;
	}
	return 0;
}

static ssize_t trace_write(struct file *f, const char __user *buf, size_t count, loff_t *ppos)
{
	unsigned long flags;

	spin_lock_irqsave(&trace_lock, flags);
	trace_tail = trace_head;
	trace_overrun = 0;
	spin_unlock_irqrestore(&trace_lock, flags);
	return count;
}

static int trace_release(struct inode *inode, struct file *f)
{
	if (f->private_data)
		seq_free(f->private_data);
	return 0;
}

static ssize_t trace_read_iter(struct file *f, struct iov_iter *to, loff_t *ppos)
{
	if (!f->private_data)
		return -EBADF;		/* opened for writing only */
	return seq_read_iter(f, to, ppos);
}

static const struct file_operations trace_fops = {
	.open = trace_open,
	.read_iter = trace_read_iter,
	.write = trace_write,
	.llseek = seq_lseek,
	.release = trace_release,
};

/* ---- /proc/tracing/trace_pipe: consuming reads ---- */

/* A reader's line that did not fit its last read() (Linux keeps one too). */
struct trace_pipe {
	char line[TRACE_LINE_MAX];
	int len, off;
};

static int trace_pipe_open(struct inode *inode, struct file *f)
{
	struct trace_pipe *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	f->private_data = p;
	return 0;
}

/* Take the oldest entry out of the ring; false when empty. */
static bool trace_consume(struct trace_entry *e)
{
	unsigned long flags;
	bool got = false;

	spin_lock_irqsave(&trace_lock, flags);
	if (trace_tail != trace_head) {
		*e = trace_ring[trace_tail++ % TRACE_RING_SIZE];
		got = true;
	}
	spin_unlock_irqrestore(&trace_lock, flags);
	return got;
}

static ssize_t trace_pipe_read(struct file *f, char __user *buf, size_t count, loff_t *ppos)
{
	struct trace_pipe *p = f->private_data;
	struct trace_entry e;
	size_t done = 0;

	while (done < count) {
		if (p->off == p->len) {
			if (!trace_consume(&e)) {
				if (done)
					break;
				if (f->f_flags & O_NONBLOCK)
					return -EAGAIN;
				/* See the head comment: look again every 10 ms. */
				if (wait_event_interruptible_timeout(trace_wait,
						READ_ONCE(trace_head) != READ_ONCE(trace_tail),
						msecs_to_jiffies(10)) < 0)
					return -ERESTARTSYS;
				continue;
			}
			p->len = format_entry(p->line, sizeof(p->line), &e);
			p->off = 0;
		}
		size_t n = min_t(size_t, count - done, p->len - p->off);

		if (copy_to_user(buf + done, p->line + p->off, n))
			return done ? (ssize_t)done : -EFAULT;
		p->off += n;
		done += n;
	}
	return done;
}

static int trace_pipe_release(struct inode *inode, struct file *f)
{
	kfree(f->private_data);
	return 0;
}

static const struct file_operations trace_pipe_fops = {
	.open = trace_pipe_open,
	.read = trace_pipe_read,
	.release = trace_pipe_release,
};

/* ---- the listing files ---- */

static int available_events_show(struct seq_file *m, void *v)
{
	for (int i = 0; i < TRACE_NR_EVENTS; i++)
		seq_printf(m, "%s:%s\n", trace_events[i].system, trace_events[i].name);
	return 0;
}

/* Linux's per-event "format" file, shortened to the fields and their kinds. */
static int format_show(struct seq_file *m, void *v)
{
	static const char *const kinds[] = {
		[TF_U] = "u32", [TF_X] = "hex", [TF_IP] = "ipv4", [TF_ERR] = "errno",
		[TF_STATE] = "tcp_state", [TF_STEP] = "accept4_step",
	};
	const struct trace_event_def *d = m->private;

	seq_printf(m, "name: %s\nID: %d\nformat:\n", d->name, (int)(d - trace_events));
	for (int i = 0; i < 4 && d->field[i].kind != TF_NONE; i++)
		seq_printf(m, "\tfield:%s %s;\n", kinds[d->field[i].kind], d->field[i].label);
	return 0;
}

static int stats_show(struct seq_file *m, void *v)
{
	unsigned long flags, overrun, paused;
	u64 head, tail;

	spin_lock_irqsave(&trace_lock, flags);
	head = trace_head;
	tail = trace_tail;
	overrun = trace_overrun;
	paused = trace_paused;
	spin_unlock_irqrestore(&trace_lock, flags);
	seq_printf(m, "entries: %lu\nwritten: %lu\noverrun: %lu\ndropped_while_off: %lu\nsize: %d\n",
		   (unsigned long)(head - tail), (unsigned long)head, overrun, paused,
		   TRACE_RING_SIZE);
	return 0;
}

void trace_init(void)
{
	char path[96];

	proc_sysctl_int("tracing/tracing_on", &tracing_on, 0, 1);
	proc_create("tracing/trace", 0600, &trace_fops, NULL);
	proc_create("tracing/trace_pipe", 0400, &trace_pipe_fops, NULL);
	proc_create_single("tracing/available_events", available_events_show, NULL);
	proc_create_single("tracing/stats", stats_show, NULL);
	for (int i = 0; i < TRACE_NR_EVENTS; i++) {
		const struct trace_event_def *d = &trace_events[i];

		snprintf(path, sizeof(path), "tracing/events/%s/%s/enable", d->system, d->name);
		proc_sysctl_int(path, &trace_event_on[i], 0, 1);
		snprintf(path, sizeof(path), "tracing/events/%s/%s/format", d->system, d->name);
		proc_create_single(path, format_show, (void *)d);
	}
}
