/*
 * Every way into and out of the kernel after boot: CPU exceptions, hardware
 * interrupts, the int $0x80 system call, and the first return of a new task.
 *
 * Each entry builds a struct pt_regs (include/asm/ptrace.h) on the current
 * kernel stack, in this order from the top: [ss esp] eflags cs eip (the CPU),
 * error code (the CPU's, or a 0 we push), vector / syscall number (orig_ax),
 * then gs fs es ds eax ebp edi esi edx ecx ebx (SAVE_ALL). It then calls C:
 *   exceptions  -> do_trap(regs)          (kernel/traps.c)
 *   IRQs 32-47  -> do_IRQ(regs)           (kernel/irq.c)
 *   int $0x80   -> do_int80_syscall(regs) (kernel/syscall.c)
 * and leaves through the same RESTORE_ALL + iret. Pending signals and
 * reschedules are handled in C before returning (exit_to_user_mode).
 *
 * The .cfi_* lines are for debuggers only (no code): they describe, at each
 * instruction, where the interrupted context's eip, esp and registers are,
 * so gdb's `bt` in an interrupt handler goes on through the pt_regs frame
 * into the code the interrupt stopped, as Linux's entry_32.S describes its
 * own. `.cfi_signal_frame` tells gdb that eip there is an interrupted
 * instruction, not a return address after a call.
 */
	.cfi_sections .debug_frame	/* boot/linker.ld discards .eh_frame */

#define __KERNEL_DS	0x68
#define __USER_DS	0x7b

/* pushl and popl with the CFA (the interrupted esp) kept up to date. */
.macro PUSH x
	pushl	\x
	.cfi_adjust_cfa_offset 4
.endm
.macro PUSH_REG reg
	pushl	%\reg
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset %\reg, 0
.endm
.macro POP_REG reg
	popl	%\reg
	.cfi_adjust_cfa_offset -4
	.cfi_restore %\reg
.endm

/*
 * The start of an entry's CFI: `words` words of the CPU's frame (and our
 * error code and vector) are on the stack; eip is the lowest of the CPU's
 * (eip cs eflags, so at CFA-12 once all of them are counted). Exceptions
 * and IRQs are taken in kernel mode in the frames gdb cares about, where
 * the CPU pushes no esp: the interrupted esp is the CFA itself.
 */
.macro ENTRY_CFI words
	.cfi_startproc simple
	.cfi_signal_frame
	.cfi_def_cfa %esp, 4 * \words
	.cfi_offset %eip, -12
.endm

/*
 * The whole struct pt_regs is on the stack at %esp (after SAVE_ALL, or at
 * ret_from_exception): 16 words up to and including eflags.
 */
.macro PT_REGS_CFI
	.cfi_def_cfa %esp, 64
	.cfi_offset %eip, -12
	.cfi_offset %ebx, -64
	.cfi_offset %ecx, -60
	.cfi_offset %edx, -56
	.cfi_offset %esi, -52
	.cfi_offset %edi, -48
	.cfi_offset %ebp, -44
	.cfi_offset %eax, -40
.endm

.macro SAVE_ALL
	PUSH	%gs
	PUSH	%fs
	PUSH	%es
	PUSH	%ds
	PUSH_REG eax
	PUSH_REG ebp
	PUSH_REG edi
	PUSH_REG esi
	PUSH_REG edx
	PUSH_REG ecx
	PUSH_REG ebx
	movl	$__KERNEL_DS, %edx
	movl	%edx, %ds
	movl	%edx, %es
	cld
.endm

	.text
/* Exceptions without a CPU error code push a 0 so every frame has the same shape. */
.macro TRAP_NOERR vec
	.global trap_\vec
trap_\vec:
	ENTRY_CFI 3
	PUSH	$0
	PUSH	$\vec
	jmp	trap_common
	.cfi_endproc
.endm
.macro TRAP_ERR vec
	.global trap_\vec
trap_\vec:
	ENTRY_CFI 4			/* the CPU pushed an error code below eip */
	PUSH	$\vec
	jmp	trap_common
	.cfi_endproc
.endm
.macro IRQ_STUB n
	.global irq_\n
irq_\n:
	ENTRY_CFI 3
	PUSH	$0
	PUSH	$(32 + \n)
	jmp	irq_common
	.cfi_endproc
.endm

TRAP_NOERR 0
TRAP_NOERR 1
TRAP_NOERR 2
TRAP_NOERR 3
TRAP_NOERR 4
TRAP_NOERR 5
TRAP_NOERR 6
TRAP_NOERR 7
TRAP_ERR   8
TRAP_NOERR 9
TRAP_ERR   10
TRAP_ERR   11
TRAP_ERR   12
TRAP_ERR   13
TRAP_ERR   14
TRAP_NOERR 15
TRAP_NOERR 16
TRAP_ERR   17
TRAP_NOERR 18
TRAP_NOERR 19

IRQ_STUB 0
IRQ_STUB 1
IRQ_STUB 2
IRQ_STUB 3
IRQ_STUB 4
IRQ_STUB 5
IRQ_STUB 6
IRQ_STUB 7
IRQ_STUB 8
IRQ_STUB 9
IRQ_STUB 10
IRQ_STUB 11
IRQ_STUB 12
IRQ_STUB 13
IRQ_STUB 14
IRQ_STUB 15

trap_common:
	ENTRY_CFI 5			/* eip cs eflags, error code, vector */
	SAVE_ALL
	movl	%esp, %eax
	PUSH	%eax
	call	do_trap
	addl	$4, %esp
	.cfi_adjust_cfa_offset -4
	jmp	ret_from_exception
	.cfi_endproc

irq_common:
	ENTRY_CFI 5
	SAVE_ALL
	movl	%esp, %eax
	PUSH	%eax
	call	do_IRQ
	addl	$4, %esp
	.cfi_adjust_cfa_offset -4
	jmp	ret_from_exception
	.cfi_endproc

/*
 * Always from user mode, so the CPU pushed the user's ss and esp too: the
 * interrupted esp is in the frame (CFA-8), and with add-user-symbols bt
 * goes on into the user program.
 */
	.global syscall_int80
syscall_int80:
	.cfi_startproc simple
	.cfi_signal_frame
	.cfi_def_cfa %esp, 20
	.cfi_offset %eip, -20
	.cfi_offset %esp, -8
	PUSH	$0
	PUSH	%eax			/* orig_ax: the syscall number */
	SAVE_ALL
	movl	%esp, %eax
	PUSH	%eax
	call	do_int80_syscall
	addl	$4, %esp
	.cfi_adjust_cfa_offset -4
	jmp	ret_from_exception
	.cfi_endproc

/*
 * A new task's first schedule() returns here (kernel/fork.c set it up).
 * For gdb it is the outermost frame: a kernel thread's function never
 * returns, and a user task's pt_regs only hold where it will start.
 */
	.global ret_from_fork
ret_from_fork:
	.cfi_startproc simple
	.cfi_def_cfa %esp, 0
	.cfi_undefined %eip
	pushl	%eax			/* prev, from switch_to */
	call	schedule_tail
	addl	$4, %esp
	movl	%esp, %eax
	pushl	%eax
	call	ret_from_fork_c		/* kernel threads run their function here */
	addl	$4, %esp
	.cfi_endproc
	/* fall through: a user task returns to user mode with eax = 0 */

ret_from_exception:
	.cfi_startproc simple
	.cfi_signal_frame
	PT_REGS_CFI
	movl	%esp, %eax
	PUSH	%eax
	call	exit_to_mode		/* signals, reschedule; interrupts off after */
	addl	$4, %esp
	.cfi_adjust_cfa_offset -4
	POP_REG	ebx
	POP_REG	ecx
	POP_REG	edx
	POP_REG	esi
	POP_REG	edi
	POP_REG	ebp
	POP_REG	eax
1:	popl	%ds
2:	popl	%es
3:	popl	%fs
4:	popl	%gs
	addl	$8, %esp		/* orig_ax, error code */
	.cfi_adjust_cfa_offset -24
	.global iret_insn
iret_insn:
	iret
	.cfi_endproc

/*
 * A user program can leave a bad selector in a segment register (via
 * sigreturn or set_thread_area); loading it back would fault in the kernel.
 * The exception table sends such a fault to these fixups, which load the
 * null selector instead, as Linux does.
 */
	.section .text.fixup, "ax"
10:	movl	$0, (%esp)
	jmp	1b
11:	movl	$0, (%esp)
	jmp	2b
12:	movl	$0, (%esp)
	jmp	3b
13:	movl	$0, (%esp)
	jmp	4b
	.previous
	.section __ex_table, "a"
	.long 1b, 10b
	.long 2b, 11b
	.long 3b, 12b
	.long 4b, 13b
	.previous

/*
 * switch_to_asm(prev_sp_slot, next_sp): save callee-saved registers on the
 * current stack, store %esp into *prev_sp_slot, load next's stack, restore
 * its registers, and return on its stack. Returns prev's slot owner in eax
 * (the caller passes prev as the third argument) for schedule_tail.
 */
	.global switch_to_asm
switch_to_asm:
	movl	4(%esp), %eax		/* &prev->thread.sp */
	movl	8(%esp), %edx		/* next->thread.sp */
	movl	12(%esp), %ecx		/* prev */
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	movl	%esp, (%eax)
	movl	%edx, %esp
	movl	%ecx, %eax
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret

/*
 * call_on_stack(fn, stack_top): run fn() on another stack (the softirq
 * stack), then come back. Used so protocol processing never runs deep in
 * whatever process stack an interrupt happened to land on.
 */
	.global call_on_stack
call_on_stack:
	pushl	%ebp
	movl	%esp, %ebp
	movl	8(%ebp), %eax
	movl	12(%ebp), %esp
	pushl	%ebp			/* keep a frame link for backtraces */
	call	*%eax
	movl	%ebp, %esp
	popl	%ebp
	ret

	.section .note.GNU-stack, "", @progbits
