/*
 * Host replacement for include/asm/irqflags.h (unit tests). There are no
 * interrupts on the host: "disabled" is a flag the shim keeps so code that
 * asserts irqs_disabled() still sees consistent answers. build.mk
 * force-includes this file first, so its guard wins over the i386 header
 * that kernel headers reach by a relative #include.
 */
#ifndef _ASM_IRQFLAGS_H
#define _ASM_IRQFLAGS_H

#define X86_EFLAGS_IF	0x00000200

extern unsigned long unit_eflags;	/* tools/testing/unit/shim.c */

static inline unsigned long arch_local_save_flags(void) { return unit_eflags; }
static inline void local_irq_disable(void) { unit_eflags &= ~X86_EFLAGS_IF; }
static inline void local_irq_enable(void) { unit_eflags |= X86_EFLAGS_IF; }
static inline _Bool irqs_disabled(void) { return !(unit_eflags & X86_EFLAGS_IF); }
#define local_irq_save(flags) \
	do { (flags) = arch_local_save_flags(); local_irq_disable(); } while (0)
#define local_irq_restore(flags) \
	do { if ((flags) & X86_EFLAGS_IF) local_irq_enable(); } while (0)
static inline void safe_halt(void) { local_irq_enable(); }

#endif
