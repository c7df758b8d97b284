/*
 * setjmp.S: setjmp/longjmp. jmp_buf (setjmp.h) holds the callee-saved
 * registers ebx esi edi ebp, the caller's esp and the return eip; that is
 * all the C ABI promises survives a call. The signal mask is not saved.
 */
	.text
	.globl setjmp
	.type setjmp, @function
setjmp:
	movl 4(%esp), %eax	/* jmp_buf */
	movl %ebx, 0(%eax)
	movl %esi, 4(%eax)
	movl %edi, 8(%eax)
	movl %ebp, 12(%eax)
	leal 4(%esp), %ecx	/* esp as the caller will see it after ret */
	movl %ecx, 16(%eax)
	movl (%esp), %ecx	/* return address */
	movl %ecx, 20(%eax)
	xorl %eax, %eax
	ret
	.size setjmp, .-setjmp

	.globl longjmp
	.type longjmp, @function
longjmp:
	movl 4(%esp), %edx	/* jmp_buf */
	movl 8(%esp), %eax	/* val; setjmp must not appear to return 0 */
	testl %eax, %eax
	jnz 1f
	incl %eax
1:	movl 0(%edx), %ebx
	movl 4(%edx), %esi
	movl 8(%edx), %edi
	movl 12(%edx), %ebp
	movl 16(%edx), %esp
	jmp *20(%edx)
	.size longjmp, .-longjmp

	.section .note.GNU-stack,"",@progbits
