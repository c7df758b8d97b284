/*
 * The kernel profiler, as Linux's kernel/profile.c: boot with `profile=N`
 * and every timer tick that interrupts kernel code adds one to a counter
 * for the 2^N-byte slice of kernel text it interrupted. /proc/profile is
 * the counters in Linux's layout (a u32 "step" of 2^N, then one u32 per
 * slice from the start of the text), so Linux's readprofile reads it, and
 * so does ours (user/readprofile.c, with /proc/kallsyms as the map).
 * Writing anything to /proc/profile zeroes the counters.
 *
 * Why it exists: under TCG a round trip's cost is guest instructions and
 * emulator exits, and a tick sample says where the guest spends them -
 * the idle loop's hlt included, since QEMU's clock keeps running while
 * the vCPU sleeps. At HZ=1000 a five-second benchmark gives 5,000
 * samples. Ticks that interrupt user code are not counted (Linux's rule).
 *
 * Locking: the counters are written only in hard IRQ (the tick) and
 * zeroed with interrupts off; a reader may see a tick land mid-copy, which
 * a statistical profile does not mind.
 * Neighbours: drivers/pit.c (calls profile_tick), kernel/traps.c
 * (/proc/kallsyms from the same symbol table the backtraces use).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <linux/proc_fs.h>
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <linux/interrupt.h>
#include <linux/profile.h>
#include <asm/ptrace.h>
#include <asm/irqflags.h>

#define PROFILE_MAX_SHIFT	12

extern char _kernel_start[], _etext[];
extern struct pt_regs *irq_regs;
const char *cmdline_get(const char *key);

static u32 *prof_buffer;	/* [I] written by the tick */
static unsigned long prof_len;	/* slices; the last also takes anything past the text */
static unsigned int prof_shift;

void profile_tick(void)
{
	struct pt_regs *regs = irq_regs;
	unsigned long pc;

	if (!prof_buffer || !regs || user_mode(regs))
		return;
	pc = (regs->ip - (unsigned long)_kernel_start) >> prof_shift;
	prof_buffer[min(pc, prof_len - 1)]++;
}

/* The step, then the counters, byte-addressed as one file (Linux's read_profile). */
static ssize_t profile_read(struct file *f, char __user *buf, size_t count, loff_t *ppos)
{
	u32 step = 1U << prof_shift;
	size_t total = sizeof(step) + prof_len * sizeof(u32), done = 0;
	loff_t p = *ppos;

	if (p < 0)
		return -EINVAL;
	if ((u64)p >= total)
		return 0;
	count = min_t(size_t, count, total - (size_t)p);
	if (p < (loff_t)sizeof(step)) {
		size_t n = min_t(size_t, count, sizeof(step) - (size_t)p);

		if (copy_to_user(buf, (char *)&step + p, n))
			return -EFAULT;
		done = n;
	}
	if (done < count &&
	    copy_to_user(buf + done, (char *)prof_buffer + (p + done - sizeof(step)), count - done))
		return done ? (ssize_t)done : -EFAULT;
	*ppos = p + count;
	return count;
}

static ssize_t profile_write(struct file *f, const char __user *buf, size_t count, loff_t *ppos)
{
	unsigned long flags;

	local_irq_save(flags);
	memset(prof_buffer, 0, prof_len * sizeof(u32));
	local_irq_restore(flags);
	return count;
}

static const struct file_operations profile_fops = {
	.read = profile_read,
	.write = profile_write,
};

/* profile=N (Linux also takes "profile=schedule,N" and friends; we count ticks only). */
void profile_init(void)
{
	const char *arg = cmdline_get("profile");
	unsigned long shift;

	if (!arg || !*arg)
		return;
	shift = simple_strtoul(arg, NULL, 10);
	if (shift > PROFILE_MAX_SHIFT) {
		pr_warn("profile: shift %lu too large, using %d\n", shift, PROFILE_MAX_SHIFT);
		shift = PROFILE_MAX_SHIFT;
	}
	prof_shift = shift;
	prof_len = (((unsigned long)_etext - (unsigned long)_kernel_start) >> prof_shift) + 1;
	prof_buffer = vmalloc(prof_len * sizeof(u32));
	if (!prof_buffer) {
		pr_warn("profile: no memory for %lu counters\n", prof_len);
		return;
	}
	memset(prof_buffer, 0, prof_len * sizeof(u32));
	proc_create("profile", 0644, &profile_fops, NULL);
	pr_info("kernel profiling enabled (shift: %u, %lu counters)\n", prof_shift, prof_len);
}
