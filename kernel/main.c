/*
 * kernel_main: from the boot stub (boot/entry.S) to the first user process.
 *
 * Order, and why:
 *   serial console first (so everything after can print), command line;
 *   GDT/IDT/PIC (faults and interrupts have somewhere to go);
 *   physical pages -> final page tables -> slab (each needs the one before);
 *   clocks, timers, the scheduler (the boot context becomes the idle task);
 *   then pid 1 is created as a kernel thread running kernel_init, which
 *   finishes setup in process context (it may sleep): softirqs, the VFS and
 *   initramfs, networking, drivers, self-tests if asked, and finally
 *   execs /bin/init (or init=) into user mode. The boot context idles.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/page.h>
#include <linux/multiboot.h>
#include <linux/proc_fs.h>
#include <linux/interrupt.h>
#include <linux/fs.h>
#include <asm/segment.h>
#include <net/ipconfig.h>
#include <linux/pci.h>
#include <linux/eventpoll.h>
#include <linux/trace_events.h>
#include <linux/profile.h>
#include <net/af_unix.h>
#include <net/netlink.h>

void serial_early_init(void);
void serial_init_irq(void);
void idt_init(void);
void init_IRQ(void);
void irq_proc_init(void);
void proc_stat_init(void);
void mem_init(struct multiboot_info *mbi);
void free_reserved_range(unsigned long start, unsigned long end);
void paging_init(void);
void slab_init(void);
void slab_proc_init(void);
void mmap_init(void);
void fork_init(void);
void futex_init(void);
void time_init(void);
void pit_init(void);
void timers_init(void);
void sched_init(void);
void softirq_init(void);
void random_init(const char *cmdline);
void cmdline_set(const char *s);
void init_rlimits(struct task_struct *p);
__noreturn void cpu_idle(void);
int ktest_run_all(const char *only);
void crashtest_run(const char *what);
void machine_power_off(void);
void machine_halt(void);
int kernel_execve(const char *filename, const char *const argv[], const char *const envp[]);
extern int console_loglevel;


static struct { unsigned long start, end; } initrd;

/*
 * As Linux's ipconfig does, give the DHCP client time to get a lease before
 * init runs, so the first shell prompt comes with networking up. Bounded:
 * after 10 s boot goes on and the client keeps trying in the background.
 */
static void wait_for_dhcp(void)
{
	int ms = 0;
	while (ic_dhcp.dev && ic_dhcp.state != DHCP_BOUND && ic_dhcp.state != DHCP_FAILED) {
		if (ms >= 10000) {
			pr_warn("ipconfig: %s: no DHCP lease yet, starting init anyway\n", ic_dhcp.dev->name);
			return;
		}
		msleep(10);
		ms += 10;
	}
}

static void fpu_init(void)
{
	unsigned long cr0, cr4;
	__asm__ __volatile__("movl %%cr0, %0" : "=r"(cr0));
	cr0 &= ~0x4UL;			/* EM: no emulation */
	cr0 |= 0x2UL | 0x20UL;		/* MP, NE: native FPU errors */
	__asm__ __volatile__("movl %0, %%cr0" :: "r"(cr0));
	__asm__ __volatile__("movl %%cr4, %0" : "=r"(cr4));
	cr4 |= 0x200UL | 0x400UL;	/* OSFXSR, OSXMMEXCPT: fxsave and SSE for user code */
	__asm__ __volatile__("movl %0, %%cr4" :: "r"(cr4));
	__asm__ __volatile__("fninit");
}

static int meminfo_show(struct seq_file *m, void *v)
{
	unsigned long k = PAGE_SIZE / 1024;
	seq_printf(m, "MemTotal:       %8lu kB\n", totalram_pages * k);
	seq_printf(m, "MemFree:        %8lu kB\n", nr_free_pages() * k);
	/* Linux's MemAvailable counts reclaimable slab: here the empty slabs caches keep. */
	seq_printf(m, "MemAvailable:   %8lu kB\n", (nr_free_pages() + slab_reclaimable_pages()) * k);
	seq_printf(m, "Buffers:        %8lu kB\n", 0UL);
	seq_printf(m, "Cached:         %8lu kB\n", 0UL);
	seq_printf(m, "SwapTotal:      %8lu kB\n", 0UL);
	seq_printf(m, "SwapFree:       %8lu kB\n", 0UL);
	return 0;
}

static int uptime_show(struct seq_file *m, void *v)
{
	unsigned long j = jiffies;
	seq_printf(m, "%lu.%02lu %lu.%02lu\n", j / HZ, (j % HZ) / 10, j / HZ, (j % HZ) / 10);
	return 0;
}

static int cmdline_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", saved_command_line);
	return 0;
}

static int version_show(struct seq_file *m, void *v)
{
	seq_printf(m, "Sockeye version 0.1.0 (i686) #1 " __DATE__ "\n");
	return 0;
}

static void start_init(void)
{
	const char *init = cmdline_get("init");
	const char *path = init && *init ? init : "/bin/init";
	const char *const argv[] = { path, NULL };
	const char *const envp[] = { "HOME=/", "TERM=vt100", "PATH=/bin:/sbin", NULL };

	int err = kernel_execve(path, argv, envp);
	if (err)
		panic("cannot run %s: error %d", path, err);
}

/* pid 1 before it becomes /bin/init: the rest of boot, in process context. */
static int kernel_init(void *unused)
{
	current->session = current->pgrp = 1;
	softirq_init();
	vfs_init();
	eventpoll_init();	/* its caches exist before anyone's leak baseline */
	proc_create_single("meminfo", meminfo_show, NULL);
	proc_create_single("uptime", uptime_show, NULL);
	proc_create_single("cmdline", cmdline_show, NULL);
	proc_create_single("version", version_show, NULL);
	irq_proc_init();
	proc_stat_init();	/* /proc/stat, loadavg, cpuinfo */
	slab_proc_init();
	locks_init();
	trace_init();		/* /proc/tracing: the tracepoints' switches and ring */
	profile_init();		/* profile=N: /proc/profile (kernel/profile.c) */
	kallsyms_proc_init();	/* /proc/kallsyms, the profile's map */
	serial_init_irq();
	net_init();		/* softirqs, lo, protocols, /proc/net */
	af_unix_init();		/* AF_UNIX: a family with no devices (net/unix) */
	af_netlink_init();	/* AF_NETLINK: NETLINK_SOCK_DIAG for ss (net/netlink) */
	/*
	 * The NIC before the initramfs: QEMU's e1000 holds every received
	 * frame for 1 s after each RCTL write (e1000_open's is the last), so
	 * the sooner it is written the sooner the first ARP reply, DHCP offer
	 * or SYN gets in. Unpacking (50 ms) then overlaps that second instead
	 * of delaying it.
	 */
	pci_init();		/* finds and starts the NICs */
	ip_auto_config();	/* ip= or DHCP */
	if (initrd.end > initrd.start) {
		int err = populate_rootfs(__va(initrd.start), initrd.end - initrd.start);
		if (err)
			pr_err("initramfs: unpacking failed: %d\n", err);
		free_reserved_range(initrd.start, initrd.end);
	} else {
		pr_warn("initramfs: none given (use -initrd)\n");
	}
	wait_for_dhcp();

	if (cmdline_has("crashtest"))
		crashtest_run(cmdline_get("crashtest"));
	if (cmdline_has("ktest")) {
		/* The way out is the verdict: power off if all passed, else halt (QEMU: exit 1). */
		if (ktest_run_all(cmdline_get("ktest")))
			machine_halt();
		machine_power_off();
	}
	if (console_setup_stdio())
		pr_err("init: no console\n");
	pr_info("Run %s as init process\n", cmdline_get("init") ? cmdline_get("init") : "/bin/init");
	start_init();
	return 0;	/* ret_from_fork_c sees the new mm and returns to user mode */
}

void kernel_main(u32 magic, u32 mbi_phys)
{
	struct multiboot_info *mbi = __va(mbi_phys);

	serial_early_init();
	if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
		panic("not booted by a Multiboot loader (magic %08x)", magic);
	cmdline_set(mbi->flags & MULTIBOOT_INFO_CMDLINE ? (const char *)__va(mbi->cmdline) : "");
	if (cmdline_has("quiet"))
		console_loglevel = 4;
	printk(KERN_INFO "Sockeye 0.1.0 (i686) booting\n");
	printk(KERN_INFO "Command line: %s\n", saved_command_line);
	if (mbi->flags & MULTIBOOT_INFO_MODS && mbi->mods_count) {
		struct multiboot_mod *m = __va(mbi->mods_addr);
		initrd.start = m[0].mod_start;
		initrd.end = m[0].mod_end;
	}

	gdt_init();
	idt_init();
	init_IRQ();
	fpu_init();
	mem_init(mbi);
	paging_init();
	slab_init();
	mmap_init();
	fork_init();
	futex_init();
	time_init();
	random_init(saved_command_line);
	timers_init();
	pit_init();
	sched_init();
	init_rlimits(current);
	local_irq_enable();

	struct task_struct *init = kthread_create(kernel_init, NULL, "init");
	if (IS_ERR(init) || init->pid != 1)
		panic("cannot create pid 1");
	init_task_ptr = init;
	init->unkillable = true;
	extern void sched_enqueue_new(struct task_struct *p);
	sched_enqueue_new(init);
	cpu_idle();
}
