/*
 * Copies between kernel and user memory that survive bad pointers.
 * __copy_user moves 16-byte blocks with eight movl (four loads, four
 * stores), then the tail with `rep movsb`; every one of those
 * instructions is in the exception table. If one faults (unmapped page,
 * kernel address, PROT_NONE), the page-fault handler resumes at its fixup
 * with %ecx counting what is left - blocks, for the loop, which the fixup
 * turns into bytes - and that count is returned. A fault inside a block
 * reports the whole block as not copied, although part of it may have
 * been (Linux's i386 copy does the same); copy_from_user zero-fills from
 * there. Why not one `rep movs`: under TCG each iteration of a rep
 * instruction is a pass through a translated block, and the straight-line
 * block costs half as much per byte as `rep movsl` and an eighth of `rep
 * movsb`, which made copying to the user a quarter of the guest's time
 * receiving a TCP stream. access_ok() first rejects any range reaching
 * into the kernel half, so a user pointer can never read kernel memory.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

static unsigned long __copy_user(void *to, const void *from, unsigned long n)
{
	unsigned long left = n / 16, t1, t2;

	__asm__ __volatile__(
		"	testl %[left], %[left]\n"
		"	jz 9f\n"
		"1:	movl 0(%[s]), %[t1]\n"
		"2:	movl 4(%[s]), %[t2]\n"
		"3:	movl %[t1], 0(%[d])\n"
		"4:	movl %[t2], 4(%[d])\n"
		"5:	movl 8(%[s]), %[t1]\n"
		"6:	movl 12(%[s]), %[t2]\n"
		"7:	movl %[t1], 8(%[d])\n"
		"8:	movl %[t2], 12(%[d])\n"
		"	addl $16, %[s]\n"
		"	addl $16, %[d]\n"
		"	decl %[left]\n"
		"	jnz 1b\n"
		"9:	movl %[rest], %[left]\n"
		"11:	rep movsb\n"
		"12:\n"
		".pushsection .text.fixup, \"ax\"\n"
		"10:	shll $4, %[left]\n"		/* 16-byte blocks left -> bytes, */
		"	addl %[rest], %[left]\n"	/* and the tail not yet started */
		"	jmp 12b\n"
		".popsection\n"
		".section __ex_table, \"a\"\n"
		"	.long 1b, 10b, 2b, 10b, 3b, 10b, 4b, 10b\n"
		"	.long 5b, 10b, 6b, 10b, 7b, 10b, 8b, 10b\n"
		"	.long 11b, 12b\n"
		".previous\n"
		: [left] "+c"(left), [s] "+S"(from), [d] "+D"(to), [t1] "=&a"(t1), [t2] "=&d"(t2)
		: [rest] "r"(n % 16) : "memory", "cc");
	return left;
}

unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	if (!access_ok(from, n)) {
		memset(to, 0, n);
		return n;
	}
	unsigned long left = __copy_user(to, (const void *)from, n);
	if (left)
		memset((char *)to + (n - left), 0, left);	/* never leak stale kernel bytes */
	return left;
}

unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	if (!access_ok(to, n))
		return n;
	return __copy_user((void *)to, from, n);
}

unsigned long clear_user(void __user *to, unsigned long n)
{
	unsigned long left = n / 4;
	void *d = (void *)to;

	if (!access_ok(to, n))
		return n;
	__asm__ __volatile__(
		"1:	rep stosl\n"
		"	movl %[rest], %[left]\n"
		"2:	rep stosb\n"
		"3:\n"
		".pushsection .text.fixup, \"ax\"\n"
		"4:	leal (%[rest], %[left], 4), %[left]\n"
		"	jmp 3b\n"
		".popsection\n"
		".section __ex_table, \"a\"\n"
		"	.long 1b, 4b\n"
		"	.long 2b, 3b\n"
		".previous\n"
		: [left] "+c"(left), "+D"(d) : "a"(0), [rest] "r"(n % 4) : "memory");
	return left;
}

/* Length including the NUL, 0 on a fault, or n+1 if no NUL within n bytes (as Linux). */
long strnlen_user(const char __user *s, long n)
{
	char c;
	for (long i = 0; i < n; i++) {
		if (copy_from_user(&c, s + i, 1))
			return 0;
		if (!c)
			return i + 1;
	}
	return n + 1;
}

long strncpy_from_user(char *dst, const char __user *src, long count)
{
	for (long i = 0; i < count; i++) {
		if (copy_from_user(&dst[i], src + i, 1))
			return -EFAULT;
		if (!dst[i])
			return i;
	}
	return count;
}

int __get_user_4(u32 *val, const void __user *p)
{
	return copy_from_user(val, p, 4) ? -EFAULT : 0;
}

int __put_user_4(u32 val, void __user *p)
{
	return copy_to_user(p, &val, 4) ? -EFAULT : 0;
}

char *getname(const char __user *filename)
{
	char *name = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!name)
		return ERR_PTR(-ENOMEM);
	long len = strncpy_from_user(name, filename, PATH_MAX);
	if (len < 0) {
		kfree(name);
		return ERR_PTR(len);
	}
	if (len == PATH_MAX) {
		kfree(name);
		return ERR_PTR(-ENAMETOOLONG);
	}
	if (len == 0) {
		kfree(name);
		return ERR_PTR(-ENOENT);
	}
	return name;
}

void putname(char *name)
{
	kfree(name);
}

/* ---- self-tests: the fault paths, from a kernel thread with no user memory ---- */
#include <linux/ktest.h>

KTEST(uaccess_faults_are_reported_not_fatal)
{
	char buf[16];
	memset(buf, 'x', sizeof(buf));
	/* A user address with nothing mapped: the copy faults, the fixup reports it. */
	KT_EXPECT_EQ(copy_from_user(buf, (const void __user *)0x1000, sizeof(buf)), sizeof(buf));
	KT_EXPECT_EQ(buf[0], 0);	/* the uncopied tail is zeroed, never stale */
	KT_EXPECT_EQ(copy_to_user((void __user *)0x1000, buf, sizeof(buf)), sizeof(buf));
	KT_EXPECT_EQ(clear_user((void __user *)0x2000, 8), 8);
	KT_EXPECT_EQ(strncpy_from_user(buf, (const char __user *)0x3000, sizeof(buf)), -EFAULT);
	KT_EXPECT_EQ(strnlen_user((const char __user *)0x3000, 100), 0);
	/* Kernel addresses are refused by access_ok before any access. */
	KT_EXPECT_EQ(copy_from_user(buf, (const void __user *)PAGE_OFFSET, 4), 4);
	KT_EXPECT_EQ(copy_to_user((void __user *)(TASK_SIZE - 2), buf, 4), 4);	/* straddles */
	KT_EXPECT(IS_ERR(getname((const char __user *)0x3000)));
	u32 v;
	KT_EXPECT_EQ(get_user(v, (u32 __user *)0x4000), -EFAULT);
	KT_EXPECT_EQ(put_user(v, (u32 __user *)0x4000), -EFAULT);
}
