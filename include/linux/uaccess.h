/*
 * Copying to and from user space. A system call never dereferences a
 * __user pointer: it uses these, which check the range is below TASK_SIZE
 * and survive a fault (the page-fault handler finds the faulting copy in
 * the exception table and resumes at its fixup, which reports the bytes
 * not copied). So a bad pointer from a program gives -EFAULT, never a panic.
 * Implementation: kernel/uaccess.c (+ the fixup in kernel/traps.c).
 */
#ifndef _LINUX_UACCESS_H
#define _LINUX_UACCESS_H

#include "mm.h"

static inline bool access_ok(const void __user *p, size_t n)
{
	unsigned long a = (unsigned long)p;
	return a <= TASK_SIZE && n <= TASK_SIZE - a;
}

/* Both return the number of bytes NOT copied (0 on success), as Linux. */
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n);
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n);
unsigned long clear_user(void __user *to, unsigned long n);
/* Length copied (excluding NUL), -EFAULT, or count if no NUL within count. */
long strncpy_from_user(char *dst, const char __user *src, long count);
long strnlen_user(const char __user *s, long n);

/* Fixed-size helpers: 0 or -EFAULT. */
int __get_user_4(u32 *val, const void __user *p);
int __put_user_4(u32 val, void __user *p);
#define get_user(x, ptr) ({ u32 __v = 0; int __e = copy_from_user(&__v, (ptr), sizeof(*(ptr))) ? -EFAULT : 0; \
			    (x) = (__typeof__(*(ptr)))__v; __e; })
#define put_user(x, ptr) ({ __typeof__(*(ptr)) __v = (x); copy_to_user((ptr), &__v, sizeof(*(ptr))) ? -EFAULT : 0; })

/* Copy a NUL-terminated path from user space into a kmalloc'd buffer (ERR_PTR on error). */
char *getname(const char __user *filename);
void putname(char *name);
#define PATH_MAX	4096

#endif
