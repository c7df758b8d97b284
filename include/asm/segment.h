/*
 * GDT layout and selectors, the same numbers Linux i386 uses so that
 * debuggers and programs that print selectors see familiar values.
 * Entries 6-8 are the per-task TLS slots set_thread_area(2) fills.
 */
#ifndef _ASM_SEGMENT_H
#define _ASM_SEGMENT_H

#define GDT_ENTRY_TLS_MIN	6
#define GDT_ENTRY_TLS_ENTRIES	3
#define GDT_ENTRY_KERNEL_CS	12
#define GDT_ENTRY_KERNEL_DS	13
#define GDT_ENTRY_USER_CS	14
#define GDT_ENTRY_USER_DS	15
#define GDT_ENTRY_TSS		16
#define GDT_ENTRY_DOUBLEFAULT_TSS 17
#define GDT_ENTRIES		32

#define __KERNEL_CS	(GDT_ENTRY_KERNEL_CS * 8)		/* 0x60 */
#define __KERNEL_DS	(GDT_ENTRY_KERNEL_DS * 8)		/* 0x68 */
#define __USER_CS	(GDT_ENTRY_USER_CS * 8 + 3)		/* 0x73 */
#define __USER_DS	(GDT_ENTRY_USER_DS * 8 + 3)		/* 0x7b */
#define __TSS		(GDT_ENTRY_TSS * 8)			/* 0x80 */

#ifndef __ASSEMBLER__
struct task_struct;
void gdt_init(void);
void load_TLS(struct task_struct *t);
void tss_set_sp0(unsigned long sp0);
#define loadsegment(seg, v) __asm__ __volatile__("movl %0, %%" #seg :: "r"((unsigned long)(v)))
#endif

#endif
