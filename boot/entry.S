/*
 * The first instructions Sockeye runs. GRUB (or QEMU's -kernel) loads the
 * image at physical 1 MB and jumps to _start in 32-bit protected mode with
 * paging off, %eax = multiboot magic, %ebx = physical address of the
 * multiboot info. We build an early page directory that maps the first
 * 16 MB twice (identity, and at 0xC0000000) with 4 MB pages, turn paging
 * on, jump to the higher half, and call kernel_main(). kernel/mm/paging.c
 * later maps all of RAM and drops the identity mapping.
 *
 * Neighbours: boot/linker.ld (addresses), kernel/main.c (kernel_main).
 */
#define KERNEL_VMA	0xC0000000
#define MB_MAGIC	0x1BADB002
#define MB_FLAGS	0x00000003	/* page-align modules, give us the memory map */
#define CR0_PG		0x80000000
#define CR0_WP		0x00010000
#define CR4_PSE		0x00000010
#define PDE_4M		0x83		/* present | writable | 4 MB page */
#define BOOT_STACK_SIZE	16384

	.section .multiboot, "a"
	.align 4
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.section .text.entry, "ax"
	.global _start
	.type _start, @function
/* Runs at its physical address: only position-independent code and symbol - KERNEL_VMA. */
_start = start_high - KERNEL_VMA
start_high:
	cli
	cld
	movl	%eax, %esi			/* keep magic and info across setup */
	movl	%ebx, %edi

	/* Early page directory: PDE n and PDE 768+n both map 4 MB frame n, n < 4. */
	movl	$(swapper_pg_dir - KERNEL_VMA), %edx
	xorl	%ecx, %ecx
1:	movl	%ecx, %eax
	shll	$22, %eax
	orl	$PDE_4M, %eax
	movl	%eax, (%edx, %ecx, 4)
	movl	%eax, (768 * 4)(%edx, %ecx, 4)
	incl	%ecx
	cmpl	$4, %ecx
	jne	1b

	movl	%cr4, %eax
	orl	$CR4_PSE, %eax
	movl	%eax, %cr4
	movl	%edx, %cr3
	movl	%cr0, %eax
	orl	$(CR0_PG | CR0_WP), %eax
	movl	%eax, %cr0

	lea	higher_half, %eax		/* an absolute (virtual) address */
	jmp	*%eax

higher_half:
	movl	$(boot_stack + BOOT_STACK_SIZE), %esp
	xorl	%ebp, %ebp			/* end of the backtrace chain */
	pushl	%edi				/* multiboot info (physical) */
	pushl	%esi				/* multiboot magic */
	call	kernel_main
2:	cli
	hlt
	jmp	2b

	.section .bss
	.align 4096
	.global swapper_pg_dir
swapper_pg_dir:
	.skip 4096
	.global boot_stack
boot_stack:
	.skip BOOT_STACK_SIZE

	.section .note.GNU-stack, "", @progbits
