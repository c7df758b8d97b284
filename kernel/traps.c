/*
 * CPU exceptions: the IDT, what each exception means, and what happens.
 *
 *  - From user mode, an exception becomes a signal to the process
 *    (SIGSEGV, SIGFPE, SIGILL, ...): only that process dies, and its
 *    parent's wait4 sees which signal killed it.
 *  - A page fault on a user address is first offered to the memory
 *    manager (demand-zero pages, kernel/mm/mmap.c).
 *  - A fault in kernel mode at an instruction listed in the exception
 *    table (__ex_table: user copies, segment reloads) resumes at that
 *    entry's fixup, so a bad user pointer gives -EFAULT.
 *  - Anything else in kernel mode is a kernel bug: print the registers,
 *    the faulting address and a symbolized backtrace, then halt.
 *  - A double fault (almost always a kernel stack overflow into the guard
 *    page) switches through a task gate to its own stack and says so.
 *
 * Neighbours: kernel/entry.S (the stubs), kernel/irq.c (vectors 32-47),
 * kernel/syscall.c (vector 0x80), kernel/signal.c (force_sig_fault).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/mm.h>
#include <linux/proc_fs.h>
#include <linux/profile.h>
#include <asm/ptrace.h>
#include <asm/segment.h>

struct gate { u16 off_lo, sel; u8 zero, type; u16 off_hi; } __packed;
static struct gate idt[256] __aligned(8);

#define GATE_INTR	0x8E	/* present, ring 0, 32-bit interrupt gate (IF cleared) */
#define GATE_TASK	0x85	/* present, task gate */
#define GATE_DPL3	0x60

#define X86_TRAP_DE	0
#define X86_TRAP_DB	1
#define X86_TRAP_NMI	2
#define X86_TRAP_BP	3
#define X86_TRAP_OF	4
#define X86_TRAP_BR	5
#define X86_TRAP_UD	6
#define X86_TRAP_NM	7
#define X86_TRAP_DF	8
#define X86_TRAP_TS	10
#define X86_TRAP_NP	11
#define X86_TRAP_SS	12
#define X86_TRAP_GP	13
#define X86_TRAP_PF	14
#define X86_TRAP_MF	16
#define X86_TRAP_AC	17
#define X86_TRAP_MC	18
#define X86_TRAP_XF	19

#define PF_PROT		0x1	/* page-fault error code: protection (vs not-present) */
#define PF_WRITE	0x2
#define PF_USER		0x4

static const char *const trap_names[20] = {
	"divide error", "debug", "NMI", "int3", "overflow", "bounds",
	"invalid opcode", "device not available", "double fault",
	"coprocessor segment overrun", "invalid TSS", "segment not present",
	"stack segment", "general protection", "page fault", "reserved",
	"x87 floating point", "alignment check", "machine check", "SIMD floating point",
};

static const int trap_signals[20] = {
	SIGFPE, SIGTRAP, SIGSEGV, SIGTRAP, SIGSEGV, SIGSEGV, SIGILL, SIGFPE, SIGSEGV,
	SIGFPE, SIGSEGV, SIGBUS, SIGBUS, SIGSEGV, SIGSEGV, SIGSEGV, SIGFPE, SIGBUS,
	SIGBUS, SIGFPE,
};

extern void (*const trap_stubs[20])(void);
extern void syscall_int80(void);
void force_sig_fault(int sig, int code, unsigned long addr);
int handle_mm_fault(unsigned long addr, bool write, bool prot);
bool stack_guard_hit(unsigned long addr, struct task_struct **owner);

static void set_gate(int n, void (*fn)(void), u8 type)
{
	u32 a = (u32)fn;
	idt[n] = (struct gate){ a & 0xffff, __KERNEL_CS, 0, type, a >> 16 };
}

#define STUB(n) extern void trap_##n(void)
STUB(0); STUB(1); STUB(2); STUB(3); STUB(4); STUB(5); STUB(6); STUB(7); STUB(8); STUB(9);
STUB(10); STUB(11); STUB(12); STUB(13); STUB(14); STUB(15); STUB(16); STUB(17); STUB(18); STUB(19);
void (*const trap_stubs[20])(void) = {
	trap_0, trap_1, trap_2, trap_3, trap_4, trap_5, trap_6, trap_7, trap_8, trap_9,
	trap_10, trap_11, trap_12, trap_13, trap_14, trap_15, trap_16, trap_17, trap_18, trap_19,
};

void idt_set_irq_gate(int vec, void (*fn)(void))
{
	set_gate(vec, fn, GATE_INTR);
}

void idt_init(void)
{
	struct { u16 limit; u32 base; } __packed idtr = { sizeof(idt) - 1, (u32)idt };

	for (int i = 0; i < 20; i++)
		set_gate(i, trap_stubs[i], GATE_INTR);
	set_gate(X86_TRAP_BP, trap_stubs[X86_TRAP_BP], GATE_INTR | GATE_DPL3);
	/* Double fault: a task gate, so it runs on a known-good stack. */
	idt[X86_TRAP_DF] = (struct gate){ 0, GDT_ENTRY_DOUBLEFAULT_TSS * 8, 0, GATE_TASK, 0 };
	/* int $0x80 from ring 3: the system call gate. */
	set_gate(0x80, syscall_int80, GATE_INTR | GATE_DPL3);
	__asm__ __volatile__("lidt %0" :: "m"(idtr));
}

/* ---- exception table ---- */

struct exception_table_entry { unsigned long insn, fixup; };
extern const struct exception_table_entry __ex_table_start[], __ex_table_end[];

static bool fixup_exception(struct pt_regs *regs)
{
	for (const struct exception_table_entry *e = __ex_table_start; e < __ex_table_end; e++) {
		if (e->insn == regs->ip) {
			regs->ip = e->fixup;
			return true;
		}
	}
	return false;
}

/* ---- symbols and backtraces ---- */

/* The build links the kernel twice; the second time tools/kallsyms.sh supplies the table. */
extern const unsigned long kallsyms_addresses[] __attribute__((weak));
extern const char *const kallsyms_names[] __attribute__((weak));
extern const unsigned long kallsyms_num __attribute__((weak));

const char *ksym_lookup(unsigned long addr, unsigned long *offset)
{
	if (!&kallsyms_num || !kallsyms_num)
		return NULL;
	unsigned long lo = 0, hi = kallsyms_num;
	while (hi - lo > 1) {
		unsigned long mid = (lo + hi) / 2;
		if (kallsyms_addresses[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (kallsyms_addresses[lo] > addr)
		return NULL;
	*offset = addr - kallsyms_addresses[lo];
	return kallsyms_names[lo];
}

/* /proc/kallsyms: the same table, in Linux's "address type name" lines (readprofile's map). */
static int kallsyms_show(struct seq_file *m, void *v)
{
	if (!&kallsyms_num)
		return 0;
	for (unsigned long i = 0; i < kallsyms_num; i++)
		seq_printf(m, "%08lx T %s\n", kallsyms_addresses[i], kallsyms_names[i]);
	return 0;
}

void kallsyms_proc_init(void)
{
	proc_create_single("kallsyms", kallsyms_show, NULL);
}

extern char _kernel_start[], _kernel_end[];

void dump_backtrace(unsigned long ebp)
{
	printk(KERN_ERR "Call trace:\n");
	for (int depth = 0; depth < 24 && ebp >= PAGE_OFFSET && IS_ALIGNED(ebp, 4); depth++) {
		unsigned long *frame = (unsigned long *)ebp;
		unsigned long ret = frame[1];
		if (ret < (unsigned long)_kernel_start || ret >= (unsigned long)_kernel_end)
			break;
		printk(KERN_ERR "  [<%08lx>] %pS\n", ret, (void *)ret);
		if (frame[0] <= ebp)	/* frames move up the stack; anything else is the end */
			break;
		ebp = frame[0];
	}
}

/*
 * After an overflow the frame-pointer chain may be useless: scan the stack
 * from the fault upwards for words that look like kernel return addresses
 * and print them (Linux marks these with '?': they may be stale). A
 * repeated pattern here is the recursion that ate the stack.
 */
static void dump_stack_words(void *stack_base, unsigned long sp)
{
	unsigned long base = (unsigned long)stack_base, top = base + THREAD_SIZE;
	int shown = 0;
	if (sp < base)
		sp = base;
	printk(KERN_ERR "Stack words that look like return addresses (oldest last):\n");
	for (unsigned long *p = (unsigned long *)sp; (unsigned long)p < top && shown < 40; p++) {
		if (*p >= (unsigned long)_kernel_start && *p < (unsigned long)_kernel_end) {
			unsigned long off;
			if (ksym_lookup(*p, &off) && off) {
				printk(KERN_ERR "  ? %pS\n", (void *)*p);
				shown++;
			}
		}
	}
}

static void show_regs(struct pt_regs *regs, unsigned long cr2)
{
	printk(KERN_ERR "EIP: %04lx:%08lx %pS  EFLAGS: %08lx\n", regs->cs & 0xffff, regs->ip,
	       (void *)regs->ip, regs->flags);
	printk(KERN_ERR "EAX: %08lx EBX: %08lx ECX: %08lx EDX: %08lx\n", regs->ax, regs->bx, regs->cx, regs->dx);
	printk(KERN_ERR "ESI: %08lx EDI: %08lx EBP: %08lx ESP: %08lx\n", regs->si, regs->di, regs->bp,
	       user_mode(regs) ? regs->sp : (unsigned long)&regs->sp);
	printk(KERN_ERR "DS: %04lx ES: %04lx FS: %04lx GS: %04lx CR2: %08lx err: %lx\n",
	       regs->ds & 0xffff, regs->es & 0xffff, regs->fs & 0xffff, regs->gs & 0xffff, cr2, regs->err);
	if (current)
		printk(KERN_ERR "Process: %s (pid %d)\n", current->comm, current->pid);
}

static __noreturn void kernel_oops(struct pt_regs *regs, int vec, unsigned long cr2)
{
	struct task_struct *owner;
	printk(KERN_ERR "Oops: %s (vector %d) in kernel mode at eip %08lx\n",
	       vec < 20 ? trap_names[vec] : "unknown", vec, regs->ip);
	if (vec == X86_TRAP_PF) {
		printk(KERN_ERR "BUG: unable to handle page %s at %08lx\n",
		       regs->err & PF_WRITE ? "write" : "read", cr2);
		if (stack_guard_hit(cr2, &owner))
			printk(KERN_ERR "BUG: kernel stack overflow: %s (pid %d) ran into its guard page\n",
			       owner ? owner->comm : "?", owner ? owner->pid : -1);
	}
	show_regs(regs, cr2);
	dump_backtrace(regs->bp);
	panic("fatal exception: %s", vec < 20 ? trap_names[vec] : "unknown");
}

void do_trap(struct pt_regs *regs)
{
	int vec = regs->orig_ax;
	unsigned long cr2 = 0;

	if (vec == X86_TRAP_PF)
		__asm__ __volatile__("movl %%cr2, %0" : "=r"(cr2));
	/* Interrupt gates closed IF; reopen it if the interrupted code had it open. */
	if (regs->flags & X86_EFLAGS_IF)
		local_irq_enable();

	if (vec == X86_TRAP_PF && cr2 < TASK_SIZE && current && current->mm) {
		if (handle_mm_fault(cr2, regs->err & PF_WRITE, regs->err & PF_PROT) == 0)
			return;
	}
	if (!user_mode(regs)) {
		if (fixup_exception(regs))
			return;
		kernel_oops(regs, vec, cr2);
	}
	if (vec == X86_TRAP_PF) {
		/* The same line Linux logs, so students can find the faulting instruction. */
		printk(KERN_INFO "%s[%d]: segfault at %lx ip %08lx sp %08lx error %lx\n",
		       current->comm, current->pid, cr2, regs->ip, regs->sp, regs->err);
		force_sig_fault(SIGSEGV, regs->err & PF_PROT ? SEGV_ACCERR : SEGV_MAPERR, cr2);
		return;
	}
	printk(KERN_INFO "%s[%d]: trap %s ip %08lx sp %08lx error %lx\n", current->comm,
	       current->pid, vec < 20 ? trap_names[vec] : "?", regs->ip, regs->sp, regs->err);
	force_sig_fault(vec < 20 ? trap_signals[vec] : SIGSEGV, SI_KERNEL, regs->ip);
}

/* Entered through the double-fault task gate, on doublefault_stack. */
void double_fault_task(void)
{
	unsigned long cr2;
	struct task_struct *owner = NULL;

	unsigned long ip, sp, bp;
	extern void tss_faulting_context(unsigned long *ip, unsigned long *sp, unsigned long *bp);

	__asm__ __volatile__("movl %%cr2, %0" : "=r"(cr2));
	tss_faulting_context(&ip, &sp, &bp);
	printk(KERN_ERR "double fault: cr2=%08lx eip %08lx %pS esp %08lx\n", cr2, ip, (void *)ip, sp);
	if (stack_guard_hit(cr2, &owner))
		printk(KERN_ERR "BUG: kernel stack overflow: %s (pid %d) ran into its guard page\n",
		       owner ? owner->comm : "?", owner ? owner->pid : -1);
	printk(KERN_ERR "The overflowing context:\n");
	dump_backtrace(bp);
	if (owner)
		dump_stack_words(owner->stack, sp);
	panic("double fault");
}
