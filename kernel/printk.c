/*
 * printk: the kernel log. Every message goes into a ring buffer (read by
 * dmesg through syslog(2)) with a "[seconds.micro]" timestamp like Linux,
 * and to the serial console unless its level is above console_loglevel
 * (the `quiet` boot option lowers it to warnings). panic(), BUG() and
 * WARN() live here too.
 *
 * Neighbours: drivers/uart16550.c (serial_console_write), kernel/lib/vsprintf.c.
 * Lock: logbuf_lock (irqsave) guards the ring; printk is safe in any context.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/spinlock.h>
#include <linux/jiffies.h>
#include <linux/uaccess.h>
#include <linux/slab.h>
#include <linux/syscalls.h>
#include <asm/irqflags.h>

void serial_console_write(const char *buf, size_t n);
void dump_backtrace(unsigned long ebp);

#define LOG_BUF_LEN	(64 * 1024)
static char log_buf[LOG_BUF_LEN];
static unsigned long log_head;		/* total bytes ever written */
static DEFINE_SPINLOCK(logbuf_lock);
int console_loglevel = 7;		/* print levels < this */
static bool line_start = true;

static void log_store(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		log_buf[(log_head++) % LOG_BUF_LEN] = s[i];
}

int vprintk(const char *fmt, va_list ap)
{
	char msg[256];		/* bounded: long messages are cut, never overflow */
	char stamp[32];
	int level = 6;
	unsigned long flags;

	int n = vsnprintf(msg, sizeof(msg), fmt, ap);
	if (n >= (int)sizeof(msg))
		n = sizeof(msg) - 1;
	const char *text = msg;
	if (text[0] == '<' && text[1] >= '0' && text[1] <= '7' && text[2] == '>') {
		level = text[1] - '0';
		text += 3;
		n -= 3;
	}

	spin_lock_irqsave(&logbuf_lock, flags);
	bool show = level < console_loglevel;
	for (const char *p = text; p < text + n;) {
		const char *nl = memchr(p, '\n', text + n - p);
		size_t len = nl ? (size_t)(nl - p + 1) : (size_t)(text + n - p);
		if (line_start) {
			u64 ns = ktime_get_ns();
			int sl = snprintf(stamp, sizeof(stamp), "[%5lu.%06lu] ",
					  (unsigned long)(ns / NSEC_PER_SEC),
					  (unsigned long)((ns % NSEC_PER_SEC) / 1000));
			log_store(stamp, sl);
			if (show)
				serial_console_write(stamp, sl);
		}
		log_store(p, len);
		if (show)
			serial_console_write(p, len);
		line_start = nl != NULL;
		p += len;
	}
	spin_unlock_irqrestore(&logbuf_lock, flags);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

/* syslog(2) / klogctl: the calls dmesg makes. */
#define SYSLOG_ACTION_READ_ALL		3
#define SYSLOG_ACTION_CLEAR		5
#define SYSLOG_ACTION_CONSOLE_LEVEL	8
#define SYSLOG_ACTION_SIZE_UNREAD	9
#define SYSLOG_ACTION_SIZE_BUFFER	10

long sys_syslog(int type, char __user *buf, int len)
{
	unsigned long flags, start, count;
	char *tmp;

	switch (type) {
	case SYSLOG_ACTION_SIZE_BUFFER:
		return LOG_BUF_LEN;
	case SYSLOG_ACTION_SIZE_UNREAD:
		return min(log_head, (unsigned long)LOG_BUF_LEN);
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		if (len < 1 || len > 8)
			return -EINVAL;
		console_loglevel = len;
		return 0;
	case SYSLOG_ACTION_CLEAR:
		return 0;
	case SYSLOG_ACTION_READ_ALL:
		if (len < 0)
			return -EINVAL;
		if (!len)
			return 0;
		if (!buf || !access_ok(buf, len))
			return -EFAULT;
		tmp = kmalloc(LOG_BUF_LEN, GFP_KERNEL);
		if (!tmp)
			return -ENOMEM;
		spin_lock_irqsave(&logbuf_lock, flags);
		count = min(log_head, (unsigned long)LOG_BUF_LEN);
		count = min(count, (unsigned long)len);
		start = log_head - count;	/* the newest len bytes */
		for (unsigned long i = 0; i < count; i++)
			tmp[i] = log_buf[(start + i) % LOG_BUF_LEN];
		spin_unlock_irqrestore(&logbuf_lock, flags);
		if (copy_to_user(buf, tmp, count))
			count = -EFAULT;
		kfree(tmp);
		return count;
	default:
		return -EINVAL;
	}
}

static __noreturn void halt_forever(void)
{
	local_irq_disable();
	for (;;)
		__asm__ __volatile__("hlt");
}

void panic(const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	unsigned long ebp;

	local_irq_disable();
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk(KERN_ERR "Kernel panic - not syncing: %s\n", msg);
	__asm__ __volatile__("movl %%ebp, %0" : "=r"(ebp));
	dump_backtrace(ebp);
	printk(KERN_ERR "---[ end Kernel panic - not syncing: %s ]---\n", msg);
	halt_forever();
}

void __bug(const char *file, int line, const char *cond)
{
	panic("BUG at %s:%d: %s", file, line, cond);
}

void __warn(const char *file, int line, const char *cond)
{
	unsigned long ebp;
	printk(KERN_WARNING "WARNING: at %s:%d: %s\n", file, line, cond);
	__asm__ __volatile__("movl %%ebp, %0" : "=r"(ebp));
	dump_backtrace(ebp);
}
