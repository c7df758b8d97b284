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
 */
#define __KERNEL_DS	0x68
#define __USER_DS	0x7b

.macro SAVE_ALL
	pushl	%gs
	pushl	%fs
	pushl	%es
	pushl	%ds
	pushl	%eax
	pushl	%ebp
	pushl	%edi
	pushl	%esi
	pushl	%edx
	pushl	%ecx
	pushl	%ebx
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
	pushl	$0
	pushl	$\vec
	jmp	trap_common
.endm
.macro TRAP_ERR vec
	.global trap_\vec
trap_\vec:
	pushl	$\vec
	jmp	trap_common
.endm
.macro IRQ_STUB n
	.global irq_\n
irq_\n:
	pushl	$0
	pushl	$(32 + \n)
	jmp	irq_common
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
	SAVE_ALL
	movl	%esp, %eax
	pushl	%eax
	call	do_trap
	addl	$4, %esp
	jmp	ret_from_exception

irq_common:
	SAVE_ALL
	movl	%esp, %eax
	pushl	%eax
	call	do_IRQ
	addl	$4, %esp
	jmp	ret_from_exception

	.global syscall_int80
syscall_int80:
	pushl	$0
	pushl	%eax			/* orig_ax: the syscall number */
	SAVE_ALL
	movl	%esp, %eax
	pushl	%eax
	call	do_int80_syscall
	addl	$4, %esp
	jmp	ret_from_exception

/* A new task's first schedule() returns here (kernel/fork.c set it up). */
	.global ret_from_fork
ret_from_fork:
	pushl	%eax			/* prev, from switch_to */
	call	schedule_tail
	addl	$4, %esp
	movl	%esp, %eax
	pushl	%eax
	call	ret_from_fork_c		/* kernel threads run their function here */
	addl	$4, %esp
	/* fall through: a user task returns to user mode with eax = 0 */

ret_from_exception:
	movl	%esp, %eax
	pushl	%eax
	call	exit_to_mode		/* signals, reschedule; interrupts off after */
	addl	$4, %esp
	popl	%ebx
	popl	%ecx
	popl	%edx
	popl	%esi
	popl	%edi
	popl	%ebp
	popl	%eax
1:	popl	%ds
2:	popl	%es
3:	popl	%fs
4:	popl	%gs
	addl	$8, %esp		/* orig_ax, error code */
	.global iret_insn
iret_insn:
	iret

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
