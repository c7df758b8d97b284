/*
 * t_thread_lib.c: the raw thread helpers declared in t_thread.h.
 */
#include <sys/mman.h>
#include <sys/syscall.h>
#include "ut.h"
#include "t_thread.h"

#define STACK_SIZE	(64 * 1024)

long ut_sys(long nr, long a, long b, long c, long d, long e)
{
	long ret;
	__asm__ __volatile__("int $0x80"
			     : "=a"(ret)
			     : "0"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
			     : "memory");
	return ret;
}

/* Six arguments: the sixth goes in %ebp, which the compiler may not give us. */
__asm__(
	".text\n"
	".globl ut_sys6\n"
	"ut_sys6:\n"
	"	pushl %ebp\n"
	"	pushl %ebx\n"
	"	pushl %esi\n"
	"	pushl %edi\n"
	"	movl 20(%esp), %eax\n"
	"	movl 24(%esp), %ebx\n"
	"	movl 28(%esp), %ecx\n"
	"	movl 32(%esp), %edx\n"
	"	movl 36(%esp), %esi\n"
	"	movl 40(%esp), %edi\n"
	"	movl 44(%esp), %ebp\n"
	"	int $0x80\n"
	"	popl %edi\n"
	"	popl %esi\n"
	"	popl %ebx\n"
	"	popl %ebp\n"
	"	ret\n");

/*
 * clone(flags, stack, ptid, tls, ctid) with fn and arg pushed on the new
 * stack: the child pops fn, calls it with arg, and exit(2)s with its
 * return value. It never returns into the parent's frames.
 */
long ut_clone_asm(unsigned long flags, void *stack_top, int (*fn)(void *), void *arg,
		  volatile int *ptid, volatile int *ctid);
__asm__(
	".text\n"
	".globl ut_clone_asm\n"
	"ut_clone_asm:\n"
	"	pushl %ebx\n"
	"	pushl %esi\n"
	"	pushl %edi\n"
	"	movl 16(%esp), %ebx\n"		/* flags */
	"	movl 20(%esp), %ecx\n"		/* new stack top */
	"	subl $8, %ecx\n"
	"	movl 24(%esp), %eax\n"		/* fn */
	"	movl %eax, 0(%ecx)\n"
	"	movl 28(%esp), %eax\n"		/* arg */
	"	movl %eax, 4(%ecx)\n"
	"	movl 32(%esp), %edx\n"		/* ptid */
	"	xorl %esi, %esi\n"		/* tls: none */
	"	movl 36(%esp), %edi\n"		/* ctid */
	"	movl $120, %eax\n"		/* __NR_clone */
	"	int $0x80\n"
	"	testl %eax, %eax\n"
	"	jnz 1f\n"
	"	popl %eax\n"			/* child: fn; arg is now at (%esp) */
	"	call *%eax\n"
	"	movl %eax, %ebx\n"
	"	movl $1, %eax\n"		/* __NR_exit: this thread only */
	"	int $0x80\n"
	"	hlt\n"
	"1:	popl %edi\n"
	"	popl %esi\n"
	"	popl %ebx\n"
	"	ret\n");

void ut_thread_start(struct ut_thread *t, unsigned long flags, int (*fn)(void *), void *arg)
{
	long tid;

	t->stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (t->stack == MAP_FAILED)
		ut_fail("thread stack: mmap: %s", ut_errname(errno));
	t->ctid = -1;
	tid = ut_clone_asm(flags | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID,
			   (char *)t->stack + STACK_SIZE, fn, arg, &t->ctid, &t->ctid);
	if (tid < 0)
		ut_fail("clone %#lx: %s", flags, ut_errname((int)-tid));
	t->tid = (int)tid;
	if (t->ctid != t->tid && t->ctid != 0)
		ut_fail("CLONE_PARENT_SETTID wrote %d, clone returned %d", t->ctid, t->tid);
}

void ut_thread_join(struct ut_thread *t)
{
	int v;

	while ((v = __atomic_load_n(&t->ctid, __ATOMIC_ACQUIRE)) != 0) {
		long r = ut_sys(__NR_futex, (long)&t->ctid, FUTEX_WAIT, v, 0, 0);
		if (r && r != -EAGAIN && r != -EINTR)
			ut_fail("join: futex wait: %s", ut_errname((int)-r));
	}
	munmap(t->stack, STACK_SIZE);
}

int ut_thread_exit_arg(void *arg)
{
	return (int)(long)arg;
}
