/*
 * syscall.S: the one place libc traps into the kernel.
 *
 * long __syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
 * loads the Linux i386 convention (eax = number, ebx ecx edx esi edi ebp =
 * arguments), executes int $0x80 and returns the kernel's raw result:
 * a value, or -errno in [-4095, -1]. syscall.c turns that into errno.
 * ebx, esi, edi and ebp are callee-saved in the C ABI, so they are saved here.
 *
 * __restore and __restore_rt are the signal-return trampolines. sigaction()
 * (signal.c) passes one as sa_restorer with SA_RESTORER; the kernel makes it
 * the handler's return address, and it asks the kernel to restore the
 * interrupted state from the frame. As on Linux i386, the frame's shape
 * depends on SA_SIGINFO:
 *   SA_SIGINFO:    rt frame (sig, &siginfo, &ucontext) -> rt_sigreturn (173)
 *   otherwise:     old frame (sig, sigcontext)         -> sigreturn (119),
 *                  which expects the signal number popped off first.
 */
	.text
	.globl __syscall
	.type __syscall, @function
__syscall:
	pushl %ebp
	pushl %edi
	pushl %esi
	pushl %ebx
	movl 20(%esp), %eax	/* 4 saved registers + return address = 20 */
	movl 24(%esp), %ebx
	movl 28(%esp), %ecx
	movl 32(%esp), %edx
	movl 36(%esp), %esi
	movl 40(%esp), %edi
	movl 44(%esp), %ebp
	int $0x80
	popl %ebx
	popl %esi
	popl %edi
	popl %ebp
	ret
	.size __syscall, .-__syscall

	.globl __restore
	.type __restore, @function
__restore:
	popl %eax		/* drop the signal-number argument */
	movl $119, %eax		/* __NR_sigreturn: never returns */
	int $0x80
	hlt
	.size __restore, .-__restore

	.globl __restore_rt
	.type __restore_rt, @function
__restore_rt:
	movl $173, %eax		/* __NR_rt_sigreturn: never returns */
	int $0x80
	hlt
	.size __restore_rt, .-__restore_rt

	.section .note.GNU-stack,"",@progbits
