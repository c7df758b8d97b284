/*
 * Interrupt-flag control for i386 (cli/sti/pushf). Host unit tests put their
 * own asm/ directory first on the include path, replacing this file.
 */
#ifndef _ASM_IRQFLAGS_H
#define _ASM_IRQFLAGS_H

#define X86_EFLAGS_IF	0x00000200

static inline unsigned long arch_local_save_flags(void)
{
	unsigned long f;
	__asm__ __volatile__("pushfl; popl %0" : "=r"(f) :: "memory");
	return f;
}
static inline void local_irq_disable(void) { __asm__ __volatile__("cli" ::: "memory"); }
static inline void local_irq_enable(void) { __asm__ __volatile__("sti" ::: "memory"); }
static inline bool irqs_disabled(void) { return !(arch_local_save_flags() & X86_EFLAGS_IF); }
#define local_irq_save(flags) \
	do { (flags) = arch_local_save_flags(); local_irq_disable(); } while (0)
#define local_irq_restore(flags) \
	do { if ((flags) & X86_EFLAGS_IF) local_irq_enable(); } while (0)

/* Halt until the next interrupt, with interrupts enabled atomically (sti; hlt). */
static inline void safe_halt(void) { __asm__ __volatile__("sti; hlt" ::: "memory"); }

#endif
