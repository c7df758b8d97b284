/*
 * /proc/stat, /proc/loadavg and /proc/cpuinfo in Linux's formats (Linux's
 * fs/proc/stat.c, loadavg.c and arch/x86/kernel/cpu/proc.c), so busybox's
 * top, uptime and ps, and a student's own parser written against proc(5),
 * read them unchanged.
 *
 * The figures come from their owners: CPU ticks and the load average from
 * the scheduler tick (kernel/sched.c: kcpustat, avenrun, nr_active),
 * interrupts from kernel/irq.c, softirqs from kernel/softirq.c, forks from
 * kernel/fork.c, the CPU itself from the cpuid instruction. Only one CPU
 * exists, so "cpu" and "cpu0" are the same line.
 *
 * Neighbours: procfs.c (the registry), proc_base.c (/proc/<pid>/stat).
 */
#include "proc_internal.h"
#include <linux/sched.h>
#include <linux/jiffies.h>
#include <linux/interrupt.h>
#include <linux/string.h>

#define USER_HZ		100		/* /proc counts in 1/100 s whatever HZ is */

extern unsigned long irq_count[16];
extern unsigned long softirq_counts[NR_SOFTIRQS];
extern unsigned long nr_context_switches;

static unsigned long long to_user_hz(u64 ticks)
{
	return ticks / (HZ / USER_HZ);
}

static int stat_show(struct seq_file *m, void *v)
{
	unsigned long long c[NR_STATS], irqs = 0, softirqs = 0;
	int running, blocked, i;

	for (i = 0; i < NR_STATS; i++)
		c[i] = to_user_hz(READ_ONCE(kcpustat[i]));
	/* user nice system idle iowait irq softirq steal guest guest_nice */
	for (i = 0; i < 2; i++)
		seq_printf(m, "%s %llu %llu %llu %llu %llu %llu %llu 0 0 0\n", i ? "cpu0" : "cpu ",
			   c[CPUTIME_USER], c[CPUTIME_NICE], c[CPUTIME_SYSTEM], c[CPUTIME_IDLE],
			   c[CPUTIME_IOWAIT], c[CPUTIME_IRQ], c[CPUTIME_SOFTIRQ]);
	for (i = 0; i < 16; i++)
		irqs += irq_count[i];
	seq_printf(m, "intr %llu", irqs);
	for (i = 0; i < 16; i++)
		seq_printf(m, " %lu", irq_count[i]);
	seq_printf(m, "\nctxt %lu\nbtime %llu\nprocesses %lu\n", nr_context_switches,
		   (unsigned long long)((ktime_get_real_ns() - ktime_get_ns()) / NSEC_PER_SEC),
		   total_forks);
	nr_active(&running, &blocked);
	seq_printf(m, "procs_running %d\nprocs_blocked %d\n", running, blocked);
	for (i = 0; i < NR_SOFTIRQS; i++)
		softirqs += softirq_counts[i];
	seq_printf(m, "softirq %llu", softirqs);
	for (i = 0; i < NR_SOFTIRQS; i++)
		seq_printf(m, " %lu", softirq_counts[i]);
	seq_putc(m, '\n');
	return 0;
}

/* "0.12 0.05 0.01 1/23 456": averages, running/total tasks, the last pid. */
static int loadavg_show(struct seq_file *m, void *v)
{
	int running, blocked, i;
	unsigned long a[3];

	for (i = 0; i < 3; i++)
		a[i] = READ_ONCE(avenrun[i]) + FIXED_1 / 200;	/* round to 1/100 */
	nr_active(&running, &blocked);
	seq_printf(m, "%lu.%02lu %lu.%02lu %lu.%02lu %d/%d %d\n",
		   a[0] >> FSHIFT, ((a[0] & (FIXED_1 - 1)) * 100) >> FSHIFT,
		   a[1] >> FSHIFT, ((a[1] & (FIXED_1 - 1)) * 100) >> FSHIFT,
		   a[2] >> FSHIFT, ((a[2] & (FIXED_1 - 1)) * 100) >> FSHIFT,
		   running, nr_processes(), last_pid_allocated());
	return 0;
}

static void cpuid(u32 leaf, u32 r[4])
{
	__asm__ __volatile__("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(0));
}

/* CPUID.1 EDX and ECX bits by Linux's names (arch/x86/include/asm/cpufeatures.h). */
static const char *const edx_flags[32] = {
	"fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", NULL, "sep",
	"mtrr", "pge", "mca", "cmov", "pat", "pse36", "pn", "clflush", NULL, "dts", "acpi",
	"mmx", "fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe",
};
static const char *const ecx_flags[32] = {
	"pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est", "tm2", "ssse3",
	"cid", "sdbg", "fma", "cx16", "xtpr", "pdcm", NULL, "pcid", "dca", "sse4_1", "sse4_2",
	"x2apic", "movbe", "popcnt", "tsc_deadline_timer", "aes", "xsave", NULL, "avx", "f16c",
	"rdrand", "hypervisor",
};

static int cpuinfo_show(struct seq_file *m, void *v)
{
	u32 r[4], max, family, model;
	char vendor[13], brand[49];
	int i;

	cpuid(0, r);
	max = r[0];
	memcpy(vendor, &r[1], 4);
	memcpy(vendor + 4, &r[3], 4);
	memcpy(vendor + 8, &r[2], 4);
	vendor[12] = '\0';
	cpuid(1, r);
	family = (r[0] >> 8) & 0xf;
	model = (r[0] >> 4) & 0xf;
	if (family == 0xf)
		family += (r[0] >> 20) & 0xff;
	if (family >= 6)
		model |= ((r[0] >> 16) & 0xf) << 4;
	strcpy(brand, "unknown");
	cpuid(0x80000000, r);
	if (r[0] >= 0x80000004) {
		for (u32 leaf = 0; leaf < 3; leaf++) {
			cpuid(0x80000002 + leaf, r);
			memcpy(brand + 16 * leaf, r, 16);
		}
		brand[48] = '\0';
	}
	seq_printf(m, "processor\t: 0\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\n"
		      "model name\t: %s\n", vendor, family, model, brand);
	cpuid(1, r);
	seq_printf(m, "stepping\t: %u\ncpu MHz\t\t: %u.%03u\nphysical id\t: 0\nsiblings\t: 1\n"
		      "core id\t\t: 0\ncpu cores\t: 1\nfpu\t\t: yes\nfpu_exception\t: yes\n"
		      "cpuid level\t: %u\nwp\t\t: yes\nflags\t\t:",
		   r[0] & 0xf, tsc_khz / 1000, tsc_khz % 1000, max);
	for (i = 0; i < 32; i++)
		if ((r[3] >> i) & 1 && edx_flags[i])
			seq_printf(m, " %s", edx_flags[i]);
	for (i = 0; i < 32; i++)
		if ((r[2] >> i) & 1 && ecx_flags[i])
			seq_printf(m, " %s", ecx_flags[i]);
	/* BogoMIPS: Linux reports twice the timer-calibrated loop rate, from the TSC here. */
	seq_printf(m, "\nbogomips\t: %u.%02u\nclflush size\t: 64\naddress sizes\t: 32 bits physical, "
		      "32 bits virtual\npower management:\n\n",
		   tsc_khz / 500, (tsc_khz / 5) % 100);
	return 0;
}

void proc_stat_init(void)
{
	proc_create_single("stat", stat_show, NULL);
	proc_create_single("loadavg", loadavg_show, NULL);
	proc_create_single("cpuinfo", cpuinfo_show, NULL);
}
