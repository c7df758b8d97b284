/*
 * Copies between kernel and user memory that survive bad pointers.
 * Each copy is a `rep movsl` for the whole words and a `rep movsb` for
 * the rest, both listed in the exception table: if one faults (unmapped
 * page, kernel address, PROT_NONE), the page-fault handler resumes at its
 * fixup with %ecx still counting what is left - words for the first, so
 * its fixup turns them into bytes - and that count is returned; every
 * byte before it was copied. Words, not bytes, because under TCG each
 * iteration of a rep instruction is a pass through a translated block:
 * `rep movsb` cost four times as many as `rep movsl`, and copying to the
 * user was a quarter of all guest time receiving a TCP stream. access_ok()
 * first rejects any range reaching into the kernel half, so a user
 * pointer can never read kernel memory.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

static unsigned long __copy_user(void *to, const void *from, unsigned long n)
{
	unsigned long left = n / 4;

	__asm__ __volatile__(
		"1:	rep movsl\n"
		"	movl %[rest], %[left]\n"
		"2:	rep movsb\n"
		"3:\n"
		".pushsection .text.fixup, \"ax\"\n"
		"4:	leal (%[rest], %[left], 4), %[left]\n"	/* words left -> bytes left */
		"	jmp 3b\n"
		".popsection\n"
		".section __ex_table, \"a\"\n"
		"	.long 1b, 4b\n"
		"	.long 2b, 3b\n"
		".previous\n"
		: [left] "+c"(left), "+D"(to), "+S"(from) : [rest] "r"(n % 4) : "memory");
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
