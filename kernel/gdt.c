/*
 * The Global Descriptor Table and the Task State Segment.
 *
 * Segmentation is flat (base 0, limit 4 GB) for kernel and user code and
 * data; the only segments that matter are the TLS slots (entries 6-8),
 * which set_thread_area(2) fills per task for glibc's %gs-based thread
 * pointer, and the TSS, whose esp0 is the kernel stack the CPU switches to
 * when an interrupt or int $0x80 arrives from ring 3. A second TSS and a
 * task gate catch double faults (a kernel stack overflow) on a good stack.
 *
 * Neighbours: kernel/sched.c calls load_TLS and tss_set_sp0 on every
 * switch; kernel/sys.c implements set_thread_area on top of this file.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>
#include <asm/segment.h>

struct desc_struct { u32 a, b; };

struct tss_struct {
	u16 back_link, __blh;
	u32 sp0;
	u16 ss0, __ss0h;
	u32 sp1;
	u16 ss1, __ss1h;
	u32 sp2;
	u16 ss2, __ss2h;
	u32 cr3, ip, flags, ax, cx, dx, bx, sp, bp, si, di;
	u16 es, __esh, cs, __csh, ss, __ssh, ds, __dsh, fs, __fsh, gs, __gsh, ldt, __ldth;
	u16 trace, io_bitmap_base;
} __packed;

static struct desc_struct gdt[GDT_ENTRIES] __aligned(8);
static struct tss_struct tss __aligned(128);
struct tss_struct doublefault_tss __aligned(128);
static u8 doublefault_stack[4096] __aligned(16);

#define DESC_CODE	0x9A	/* present, ring 0, code, readable */
#define DESC_DATA	0x92	/* present, ring 0, data, writable */
#define DESC_DPL3	0x60
#define DESC_TSS	0x89	/* present, 32-bit available TSS */

static struct desc_struct make_desc(u32 base, u32 limit, u8 access, u8 gran)
{
	struct desc_struct d;
	d.a = (limit & 0xffff) | ((base & 0xffff) << 16);
	d.b = ((base >> 16) & 0xff) | ((u32)access << 8) | (limit & 0xf0000) |
	      ((u32)gran << 20) | (base & 0xff000000);
	return d;
}

extern u32 swapper_pg_dir[];
void double_fault_task(void);

void gdt_init(void)
{
	struct { u16 limit; u32 base; } __packed gdtr = { sizeof(gdt) - 1, (u32)gdt };

	gdt[GDT_ENTRY_KERNEL_CS] = make_desc(0, 0xfffff, DESC_CODE, 0xC);
	gdt[GDT_ENTRY_KERNEL_DS] = make_desc(0, 0xfffff, DESC_DATA, 0xC);
	gdt[GDT_ENTRY_USER_CS] = make_desc(0, 0xfffff, DESC_CODE | DESC_DPL3, 0xC);
	gdt[GDT_ENTRY_USER_DS] = make_desc(0, 0xfffff, DESC_DATA | DESC_DPL3, 0xC);

	tss.ss0 = __KERNEL_DS;
	tss.io_bitmap_base = sizeof(tss);	/* no I/O bitmap: ring 3 gets no ports */
	gdt[GDT_ENTRY_TSS] = make_desc((u32)&tss, sizeof(tss) - 1, DESC_TSS, 0);

	doublefault_tss.sp0 = doublefault_tss.sp = (u32)doublefault_stack + sizeof(doublefault_stack);
	doublefault_tss.ss0 = doublefault_tss.ss = __KERNEL_DS;
	doublefault_tss.ds = doublefault_tss.es = __KERNEL_DS;
	doublefault_tss.cs = __KERNEL_CS;
	doublefault_tss.ip = (u32)double_fault_task;
	doublefault_tss.cr3 = (u32)swapper_pg_dir - PAGE_OFFSET;
	doublefault_tss.flags = 0x2;
	doublefault_tss.io_bitmap_base = sizeof(tss);
	gdt[GDT_ENTRY_DOUBLEFAULT_TSS] = make_desc((u32)&doublefault_tss, sizeof(tss) - 1, DESC_TSS, 0);

	__asm__ __volatile__("lgdt %0" :: "m"(gdtr));
	__asm__ __volatile__("ljmp %0, $1f\n1:" :: "i"(__KERNEL_CS));
	loadsegment(ds, __KERNEL_DS);
	loadsegment(es, __KERNEL_DS);
	loadsegment(ss, __KERNEL_DS);
	loadsegment(fs, 0);
	loadsegment(gs, 0);
	__asm__ __volatile__("ltr %w0" :: "r"(__TSS));
}

/* What the CPU saved in the main TSS when the double-fault task gate fired. */
void tss_faulting_context(unsigned long *ip, unsigned long *sp, unsigned long *bp)
{
	*ip = tss.ip;
	*sp = tss.sp;
	*bp = tss.bp;
}

void tss_set_sp0(unsigned long sp0)
{
	tss.sp0 = sp0;
}

/*
 * Install t's TLS descriptors in the GDT. The kernel never uses %fs/%gs,
 * but they still hold the user's selectors, and every interrupt saves and
 * restores them: if the descriptor behind %gs just changed or vanished
 * (exec clears TLS, set_thread_area rewrites it), restoring the stale
 * selector would fault on every interrupt return, nesting until the stack
 * overflows. So load the null selector first, before any descriptor
 * changes: an interrupt between the two would otherwise save the stale
 * selector and fault restoring it (the fixup in entry.S repairs the
 * interrupted frame, but the nested fault's own frame holds the same stale
 * value: a full run of usertests exec_with_tls_in_gs hit that once). The
 * user's own value is in its pt_regs and comes back, checked against the
 * new GDT, at iret.
 */
void load_TLS(struct task_struct *t)
{
	loadsegment(gs, 0);
	loadsegment(fs, 0);
	barrier();		/* the selectors are null before the descriptors change */
	for (int i = 0; i < GDT_ENTRY_TLS_ENTRIES; i++) {
		gdt[GDT_ENTRY_TLS_MIN + i].a = t->thread.tls[i].a;
		gdt[GDT_ENTRY_TLS_MIN + i].b = t->thread.tls[i].b;
	}
}

/*
 * Fill one of p's TLS slots from the user_desc at u_info, which belongs to
 * current's address space (clone(CLONE_SETTLS) calls this for the child
 * before it has run). entry_number -1 means "pick a free slot" and write
 * the choice back; clone may not do that (can_allocate false: EINVAL), as
 * in Linux.
 */
int do_set_thread_area(struct task_struct *p, struct user_desc __user *u_info, bool can_allocate)
{
	struct user_desc info;
	int idx;

	if (copy_from_user(&info, u_info, sizeof(info)))
		return -EFAULT;
	idx = info.entry_number;
	if (idx == -1 && can_allocate) {
		for (idx = 0; idx < GDT_ENTRY_TLS_ENTRIES; idx++)
			if (!(p->thread.tls[idx].b & (1u << 15)))
				break;
		if (idx == GDT_ENTRY_TLS_ENTRIES)
			return -ESRCH;
		idx += GDT_ENTRY_TLS_MIN;
		if (put_user(idx, &u_info->entry_number))
			return -EFAULT;
	}
	if (idx < GDT_ENTRY_TLS_MIN || idx >= GDT_ENTRY_TLS_MIN + GDT_ENTRY_TLS_ENTRIES)
		return -EINVAL;

	struct user_desc_raw *d = &p->thread.tls[idx - GDT_ENTRY_TLS_MIN];
	bool empty = !info.base_addr && !info.limit && info.contents == 0 &&
		     info.read_exec_only == 1 && info.seg_32bit == 0 &&
		     info.limit_in_pages == 0 && info.seg_not_present == 1 && info.useable == 0;
	if (empty || (info.read_exec_only && info.seg_not_present)) {
		d->a = d->b = 0;
	} else {
		u8 access = 0x80 | DESC_DPL3 | 0x10 | (info.contents << 2) |
			    (info.read_exec_only ? 0 : 2);
		if (info.seg_not_present)
			access &= ~0x80;
		u8 gran = (info.limit_in_pages ? 0x8 : 0) | (info.seg_32bit ? 0x4 : 0) |
			  (info.useable ? 0x1 : 0);
		struct desc_struct n = make_desc(info.base_addr, info.limit, access, gran);
		d->a = n.a;
		d->b = n.b;
	}
	if (p == current)
		load_TLS(current);
	return 0;
}

/* set_thread_area(2): fill a TLS slot; entry_number -1 means "pick a free one". */
long sys_set_thread_area(struct user_desc __user *u_info)
{
	return do_set_thread_area(current, u_info, true);
}

long sys_get_thread_area(struct user_desc __user *u_info)
{
	struct user_desc info;
	if (copy_from_user(&info, u_info, sizeof(info)))
		return -EFAULT;
	int idx = info.entry_number;
	if (idx < GDT_ENTRY_TLS_MIN || idx >= GDT_ENTRY_TLS_MIN + GDT_ENTRY_TLS_ENTRIES)
		return -EINVAL;
	struct user_desc_raw *d = &current->thread.tls[idx - GDT_ENTRY_TLS_MIN];
	memset(&info, 0, sizeof(info));
	info.entry_number = idx;
	info.base_addr = (d->a >> 16) | ((d->b & 0xff) << 16) | (d->b & 0xff000000);
	info.limit = (d->a & 0xffff) | (d->b & 0xf0000);
	info.seg_32bit = (d->b >> 22) & 1;
	info.contents = (d->b >> 10) & 3;
	info.read_exec_only = !((d->b >> 9) & 1);
	info.limit_in_pages = (d->b >> 23) & 1;
	info.seg_not_present = !((d->b >> 15) & 1);
	info.useable = (d->b >> 20) & 1;
	return copy_to_user(u_info, &info, sizeof(info)) ? -EFAULT : 0;
}
