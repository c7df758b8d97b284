/*
 * struct pt_regs: the register frame every trap, interrupt and system call
 * pushes on the kernel stack (boot/entry.S builds it, in this order), the
 * same fields as Linux's i386 pt_regs. Syscall arguments are read from here.
 */
#ifndef _ASM_PTRACE_H
#define _ASM_PTRACE_H

#include "../linux/types.h"

struct pt_regs {
	unsigned long bx, cx, dx, si, di, bp, ax;
	unsigned long ds, es, fs, gs;
	unsigned long orig_ax;		/* syscall number, or the vector for traps */
	unsigned long err;		/* error code (0 if the CPU pushes none) */
	unsigned long ip, cs, flags;	/* pushed by the CPU */
	unsigned long sp, ss;		/* pushed by the CPU only on a ring change */
};

#define user_mode(regs)	(((regs)->cs & 3) == 3)

#endif
