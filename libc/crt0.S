/*
 * crt0.S: _start, the first user instruction of every Sockeye program.
 *
 * execve leaves the Linux initial stack:
 *     esp -> argc
 *            argv[0] ... argv[argc-1], NULL
 *            envp[0] ... NULL
 *            auxv pairs (AT_PAGESZ, AT_RANDOM, ...), AT_NULL
 * _start hands that pointer to __libc_start (start.c), which finds argv,
 * envp and auxv, calls main and exits with its result. ebp is cleared so
 * debuggers see the end of the frame chain; the stack is 16-byte aligned
 * at the call, as the i386 System V ABI asks.
 */
	.text
	.globl _start
	.type _start, @function
_start:
	xorl %ebp, %ebp
	movl %esp, %eax
	andl $-16, %esp
	subl $12, %esp
	pushl %eax
	call __libc_start
	hlt			/* not reached: __libc_start calls exit */
	.size _start, .-_start

	.section .note.GNU-stack,"",@progbits
