/*
 * Kernel stack high-water marks. Every kernel stack (each task's 8 KB
 * stack, and the 16 KB softirq stack the network receive path runs on)
 * is painted with STACK_PAINT when it is created; the deepest use is how
 * far from the top the paint has been overwritten. /proc/stack_usage
 * shows the softirq stack, every live task, and the deepest use of any
 * task that has exited, so a student can see how close the deepest
 * network path comes to the limit (the design rule: under half a stack).
 *
 * Neighbours: kernel/mm/paging.c (paints new task stacks), kernel/softirq.c
 * (its stack), kernel/sched.c (records a dying task's mark).
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/proc_fs.h>

#define STACK_PAINT	0x57ac57acUL

static unsigned long exited_max;	/* deepest use by any task that has exited */
static const char *exited_max_comm = "-";

void stack_paint(void *base, size_t size)
{
	unsigned long *p = base;
	for (size_t i = 0; i < size / sizeof(*p); i++)
		p[i] = STACK_PAINT;
}

/* Bytes used at the deepest point so far: the stack grows down from base + size. */
size_t stack_used(const void *base, size_t size)
{
	const unsigned long *p = base;
	size_t n = size / sizeof(*p), i = 0;
	while (i < n && p[i] == STACK_PAINT)
		i++;
	return size - i * sizeof(*p);
}

void stack_note_exit(struct task_struct *p)
{
	size_t used = stack_used(p->stack, THREAD_SIZE);
	if (used > exited_max) {
		exited_max = used;
		exited_max_comm = p->flags & PF_KTHREAD ? "kthread" : "process";
	}
}

extern u8 softirq_stack[];
extern const size_t softirq_stack_size;

static int stack_usage_show(struct seq_file *m, void *v)
{
	struct task_struct *p;
	unsigned long flags;

	seq_printf(m, "%-16s %6s %6s\n", "stack", "used", "size");
	seq_printf(m, "%-16s %6u %6u\n", "softirq", (unsigned)stack_used(softirq_stack, softirq_stack_size),
		   (unsigned)softirq_stack_size);
	seq_printf(m, "%-16s %6lu %6u  (deepest %s)\n", "exited-max", exited_max, THREAD_SIZE,
		   exited_max_comm);
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		if (!p->pid)	/* the idle task runs on the boot stack, not a painted one */
			continue;
		char name[32];
		snprintf(name, sizeof(name), "%d/%s", p->pid, p->comm);
		seq_printf(m, "%-16s %6u %6u\n", name, (unsigned)stack_used(p->stack, THREAD_SIZE),
			   THREAD_SIZE);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return 0;
}

void stack_usage_init(void)
{
	stack_paint(softirq_stack, softirq_stack_size);
	proc_create_single("stack_usage", stack_usage_show, NULL);
}
