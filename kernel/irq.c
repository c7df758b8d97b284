/*
 * Hardware interrupts: the two 8259A PICs (remapped to vectors 32-47),
 * request_irq/free_irq with shared lines, and do_IRQ, the C entry for
 * every device interrupt.
 *
 * do_IRQ: irq_enter (HARDIRQ count up) -> every handler on the line ->
 * EOI -> irq_exit (HARDIRQ count down; if softirqs are pending and we are
 * not nested inside another interrupt or softirq, run them now on the
 * softirq stack, with interrupts enabled). The kernel never runs protocol
 * code in hard-IRQ context.
 *
 * Neighbours: kernel/entry.S (irq_N stubs), kernel/softirq.c, drivers.
 * Lock: irq_desc_lock (irqsave) guards the handler lists.
 */
#include <linux/kernel.h>
#include <linux/interrupt.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/proc_fs.h>
#include <asm/io.h>
#include <asm/ptrace.h>

#define PIC1_CMD	0x20
#define PIC1_DATA	0x21
#define PIC2_CMD	0xA0
#define PIC2_DATA	0xA1
#define PIC_EOI		0x20
#define ICW1_INIT	0x10
#define ICW1_ICW4	0x01
#define ICW4_8086	0x01
#define PIC_READ_ISR	0x0b
#define IRQ_BASE_VECTOR	32
#define NR_IRQS		16
#define IRQ_CASCADE	2

struct irqaction {
	irq_handler_t handler;
	void *dev_id;
	const char *name;
	struct irqaction *next;
};

static struct irqaction *irq_actions[NR_IRQS];
static DEFINE_SPINLOCK(irq_desc_lock);
static u16 irq_mask = 0xffff & ~(1 << IRQ_CASCADE);
unsigned long irq_count[NR_IRQS];
unsigned long spurious_irq_count;
volatile unsigned long preempt_count;
struct pt_regs *irq_regs;	/* the interrupted frame, for tick accounting */

void idt_set_irq_gate(int vec, void (*fn)(void));
void irq_exit_softirq(void);

static void pic_write_mask(void)
{
	outb(irq_mask & 0xff, PIC1_DATA);
	outb(irq_mask >> 8, PIC2_DATA);
}

void enable_irq(unsigned int irq)
{
	unsigned long flags;
	spin_lock_irqsave(&irq_desc_lock, flags);
	irq_mask &= ~(1u << irq);
	pic_write_mask();
	spin_unlock_irqrestore(&irq_desc_lock, flags);
}

void disable_irq(unsigned int irq)
{
	unsigned long flags;
	spin_lock_irqsave(&irq_desc_lock, flags);
	irq_mask |= 1u << irq;
	pic_write_mask();
	spin_unlock_irqrestore(&irq_desc_lock, flags);
}

#define S(n) extern void irq_##n(void)
S(0); S(1); S(2); S(3); S(4); S(5); S(6); S(7); S(8); S(9); S(10); S(11); S(12); S(13); S(14); S(15);
static void (*const irq_stubs[NR_IRQS])(void) = {
	irq_0, irq_1, irq_2, irq_3, irq_4, irq_5, irq_6, irq_7,
	irq_8, irq_9, irq_10, irq_11, irq_12, irq_13, irq_14, irq_15,
};

void init_IRQ(void)
{
	/* ICW1-4: cascade mode, vectors 32 and 40, slave on IRQ 2, 8086 mode. */
	outb(ICW1_INIT | ICW1_ICW4, PIC1_CMD); io_delay();
	outb(ICW1_INIT | ICW1_ICW4, PIC2_CMD); io_delay();
	outb(IRQ_BASE_VECTOR, PIC1_DATA); io_delay();
	outb(IRQ_BASE_VECTOR + 8, PIC2_DATA); io_delay();
	outb(1 << IRQ_CASCADE, PIC1_DATA); io_delay();
	outb(IRQ_CASCADE, PIC2_DATA); io_delay();
	outb(ICW4_8086, PIC1_DATA); io_delay();
	outb(ICW4_8086, PIC2_DATA); io_delay();
	pic_write_mask();
	for (int i = 0; i < NR_IRQS; i++)
		idt_set_irq_gate(IRQ_BASE_VECTOR + i, irq_stubs[i]);
}

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev_id)
{
	unsigned long f;
	struct irqaction *a;

	if (irq >= NR_IRQS || irq == IRQ_CASCADE || !handler)
		return -EINVAL;
	a = kmalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	*a = (struct irqaction){ handler, dev_id, name, NULL };

	spin_lock_irqsave(&irq_desc_lock, f);
	if (irq_actions[irq] && !(flags & IRQF_SHARED)) {
		spin_unlock_irqrestore(&irq_desc_lock, f);
		kfree(a);
		return -EBUSY;
	}
	a->next = irq_actions[irq];
	irq_actions[irq] = a;
	irq_mask &= ~(1u << irq);
	pic_write_mask();
	spin_unlock_irqrestore(&irq_desc_lock, f);
	return 0;
}

void free_irq(unsigned int irq, void *dev_id)
{
	unsigned long f;
	struct irqaction **pp, *gone = NULL;

	if (irq >= NR_IRQS)
		return;
	spin_lock_irqsave(&irq_desc_lock, f);
	for (pp = &irq_actions[irq]; *pp; pp = &(*pp)->next) {
		if ((*pp)->dev_id == dev_id) {
			gone = *pp;
			*pp = gone->next;
			break;
		}
	}
	if (!irq_actions[irq]) {
		irq_mask |= 1u << irq;
		pic_write_mask();
	}
	spin_unlock_irqrestore(&irq_desc_lock, f);
	kfree(gone);
}

/* IRQ 7 and 15 fire spuriously when a request vanishes; the ISR bit tells. */
static bool spurious(int irq)
{
	if (irq != 7 && irq != 15)
		return false;
	u16 port = irq == 7 ? PIC1_CMD : PIC2_CMD;
	outb(PIC_READ_ISR, port);
	if (inb(port) & 0x80)
		return false;
	if (irq == 15)
		outb(PIC_EOI, PIC1_CMD);	/* the master did see the cascade */
	spurious_irq_count++;
	return true;
}

void do_IRQ(struct pt_regs *regs)
{
	int irq = regs->orig_ax - IRQ_BASE_VECTOR;

	if (spurious(irq))
		return;
	preempt_count += HARDIRQ_OFFSET;
	irq_regs = regs;
	irq_count[irq]++;
	for (struct irqaction *a = irq_actions[irq]; a; a = a->next)
		a->handler(irq, a->dev_id);
	if (irq >= 8)
		outb(PIC_EOI, PIC2_CMD);
	outb(PIC_EOI, PIC1_CMD);
	preempt_count -= HARDIRQ_OFFSET;
	irq_exit_softirq();
}

static int interrupts_show(struct seq_file *m, void *v)
{
	seq_printf(m, "           CPU0\n");
	for (int i = 0; i < NR_IRQS; i++) {
		if (!irq_actions[i] && !irq_count[i])
			continue;
		seq_printf(m, "%3d: %10lu   XT-PIC  ", i, irq_count[i]);
		for (struct irqaction *a = irq_actions[i]; a; a = a->next)
			seq_printf(m, "%s%s", a->name, a->next ? ", " : "");
		seq_printf(m, "\n");
	}
	seq_printf(m, "ERR: %10lu\n", spurious_irq_count);
	return 0;
}

void irq_proc_init(void)
{
	proc_create_single("interrupts", interrupts_show, NULL);
}
