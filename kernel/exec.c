/*
 * execve: replace the calling process's program.
 *
 * Order (the same as Linux's do_execve, simplified):
 *  1. copy the file name, argv and envp into kernel memory (E2BIG past
 *     ARG_MAX), while the old address space still exists to read them from;
 *  2. open the file, read and check the ELF header (ENOEXEC; the check is
 *     elf_check_header in kernel/elf.c), or follow a "#!" line to its
 *     interpreter (prepare_script, kernel/binfmt_script.c);
 *  3. build a new mm: PT_LOAD segments read in (bss zeroed), a brk heap
 *     after the highest segment, an 8 MB stack region at the top of user
 *     space holding Linux's initial stack: argc, argv[], NULL, envp[],
 *     NULL, auxv (AT_PHDR AT_PHENT AT_PHNUM AT_PAGESZ AT_ENTRY AT_RANDOM
 *     ...), then the strings;
 *  4. point of no return: swap in the new mm, close O_CLOEXEC fds, reset
 *     caught signals to SIG_DFL, clear TLS, set comm and /proc/self/exe;
 *  5. set the user frame so iret enters at e_entry with esp at argc.
 * Static executables (ET_EXEC) load where linked; static-PIE (ET_DYN with
 * no interpreter) at ELF_ET_DYN_BASE. Dynamic executables get ENOEXEC.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/mm_types.h>
#include <linux/elf.h>
#include <linux/fs.h>
#include <linux/fdtable.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>
#include <linux/random.h>
#include <linux/binfmts.h>
#include <uapi/auxvec.h>
#include <asm/ptrace.h>
#include <asm/segment.h>

#define ELF_ET_DYN_BASE	0x56555000UL
#define BINPRM_MAX_RECURSION 4

/* Append count user strings (argv or envp) to bprm->strings. */
static int copy_strings(struct linux_binprm *bprm, const char __user *const __user *uvec, int *count)
{
	*count = 0;
	if (!uvec)
		return 0;
	for (;;) {
		const char __user *s;
		if (get_user(s, &uvec[*count]))
			return -EFAULT;
		if (!s)
			return 0;
		if (*count >= MAX_ARG_STRINGS)
			return -E2BIG;
		long n = strnlen_user(s, ARG_MAX);
		if (n <= 0)
			return -EFAULT;
		if (bprm->strings_len + n > ARG_MAX)
			return -E2BIG;
		if (copy_from_user(bprm->strings + bprm->strings_len, s, n))
			return -EFAULT;
		bprm->strings[bprm->strings_len + n - 1] = 0;
		bprm->strings_len += n;
		(*count)++;
	}
}

/* Write to another address space (or ours) through its page tables. */
int copy_to_mm(struct mm_struct *mm, unsigned long addr, const void *src, size_t n)
{
	const char *s = src;
	while (n) {
		pte_t *pte = lookup_pte(mm->pgd, addr, false);
		if (!pte || !(*pte & _PAGE_PRESENT)) {
			struct vm_area_struct *v = find_vma(mm, addr);
			unsigned long page;
			if (!v || !(page = get_zeroed_page(GFP_KERNEL)))
				return -EFAULT;
			if (map_page(mm->pgd, addr & PAGE_MASK, __pa(page),
				     _PAGE_USER | (v->vm_flags & VM_WRITE ? _PAGE_RW : 0))) {
				free_page(page);
				return -ENOMEM;
			}
			pte = lookup_pte(mm->pgd, addr, false);
		}
		size_t off = addr & ~PAGE_MASK, chunk = min(n, PAGE_SIZE - off);
		memcpy((char *)__va(*pte & PAGE_MASK) + off, s, chunk);
		s += chunk;
		addr += chunk;
		n -= chunk;
	}
	return 0;
}

static int load_segments(struct mm_struct *mm, struct file *file, const Elf32_Ehdr *eh,
			 const Elf32_Phdr *ph, unsigned long bias, unsigned long *brk_out)
{
	char *buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	unsigned long high = 0, low = ~0UL;
	int err = 0;
	if (!buf)
		return -ENOMEM;
	for (int i = 0; i < eh->e_phnum && !err; i++) {
		const Elf32_Phdr *p = &ph[i];
		if (p->p_type != PT_LOAD || !p->p_memsz)
			continue;
		unsigned long va = p->p_vaddr + bias;
		if (p->p_filesz > p->p_memsz || va + p->p_memsz > STACK_TOP - STACK_MAX ||
		    va + p->p_memsz < va || va < PAGE_SIZE) {
			err = -ENOEXEC;
			break;
		}
		unsigned long start = va & PAGE_MASK, end = PAGE_ALIGN(va + p->p_memsz);
		unsigned long flags = (p->p_flags & PF_R ? VM_READ : 0) | (p->p_flags & PF_W ? VM_WRITE : 0) |
				      (p->p_flags & PF_X ? VM_EXEC : 0);
		/* Segments can share a page at their edges: merge with what is mapped. */
		struct vm_area_struct *prev = find_vma(mm, start);
		if (prev) {
			flags |= prev->vm_flags;
			if (prev->vm_end < end) {
				unsigned long s2 = prev->vm_end;
				err = mm_map_region(mm, s2, end - s2, flags);
				prev->vm_flags |= flags;
			} else {
				prev->vm_flags |= flags;
			}
		} else {
			err = mm_map_region(mm, start, end - start, flags);
		}
		/* Copy the file bytes in page-sized pieces; the rest stays zero (bss). */
		for (u32 done = 0; !err && done < p->p_filesz; ) {
			size_t chunk = min((size_t)(p->p_filesz - done), (size_t)PAGE_SIZE);
			loff_t pos = p->p_offset + done;
			ssize_t got = kernel_read(file, buf, chunk, &pos);
			if (got != (ssize_t)chunk) {
				err = got < 0 ? got : -EIO;
				break;
			}
			err = copy_to_mm(mm, va + done, buf, chunk);
			done += chunk;
		}
		high = max(high, end);
		low = min(low, start);
	}
	kfree(buf);
	mm->start_code = low;
	mm->end_data = high;
	*brk_out = high;
	return err;
}

/* Lay out argc/argv/envp/auxv/strings at the top of the new stack; *sp_out = the new esp. */
static int setup_stack(struct mm_struct *mm, struct linux_binprm *bprm, const Elf32_Ehdr *eh,
		       unsigned long bias, unsigned long phdr_addr, unsigned long *sp_out)
{
	unsigned long sp = STACK_TOP;
	int err = mm_map_region(mm, STACK_TOP - STACK_MAX, STACK_MAX, VM_READ | VM_WRITE | VM_GROWSDOWN);
	if (err)
		return err;

	sp -= bprm->strings_len;
	unsigned long strings_at = sp;
	if (copy_to_mm(mm, sp, bprm->strings, bprm->strings_len))
		return -EFAULT;
	static const char platform[] = "i686";
	sp -= sizeof(platform);
	unsigned long platform_at = sp;
	copy_to_mm(mm, sp, platform, sizeof(platform));
	u8 rnd[16];
	get_random_bytes(rnd, sizeof(rnd));
	sp -= sizeof(rnd);
	unsigned long random_at = sp;
	copy_to_mm(mm, sp, rnd, sizeof(rnd));

	u32 auxv[][2] = {
		{ AT_PHDR, phdr_addr }, { AT_PHENT, sizeof(Elf32_Phdr) }, { AT_PHNUM, eh->e_phnum },
		{ AT_PAGESZ, PAGE_SIZE }, { AT_BASE, 0 }, { AT_FLAGS, 0 }, { AT_ENTRY, eh->e_entry + bias },
		{ AT_UID, 0 }, { AT_EUID, 0 }, { AT_GID, 0 }, { AT_EGID, 0 }, { AT_SECURE, 0 },
		{ AT_CLKTCK, 100 }, { AT_HWCAP, 0 }, { AT_PLATFORM, platform_at },
		{ AT_RANDOM, random_at }, { AT_EXECFN, strings_at }, { AT_NULL, 0 },
	};
	int nptrs = 1 + bprm->argc + 1 + bprm->envc + 1;
	size_t table = nptrs * 4 + sizeof(auxv);
	sp = (sp - table) & ~15UL;
	u32 *tbl = kmalloc(table, GFP_KERNEL);
	if (!tbl)
		return -ENOMEM;
	int k = 0;
	tbl[k++] = bprm->argc;
	unsigned long s = strings_at;
	for (int i = 0; i < bprm->argc + bprm->envc; i++) {
		if (i == bprm->argc)
			tbl[k++] = 0;
		tbl[k++] = s;
		s += strlen(bprm->strings + (s - strings_at)) + 1;
	}
	if (bprm->argc + bprm->envc == bprm->argc)
		tbl[k++] = 0;	/* no envp: argv's NULL */
	tbl[k++] = 0;
	memcpy(&tbl[k], auxv, sizeof(auxv));
	err = copy_to_mm(mm, sp, tbl, table);
	kfree(tbl);
	mm->start_stack = sp;
	*sp_out = sp;
	return err;
}

/* A copy of argv (at most a page) for /proc/<pid>/cmdline and ps. */
static int keep_argv(struct mm_struct *mm, const struct linux_binprm *bprm)
{
	size_t len = 0;
	for (int i = 0; i < bprm->argc; i++)
		len += strlen(bprm->strings + len) + 1;
	len = min(len, (size_t)PAGE_SIZE);
	if (!len)
		return 0;
	mm->arg_copy = kmalloc(len, GFP_KERNEL);
	if (!mm->arg_copy)
		return -ENOMEM;
	memcpy(mm->arg_copy, bprm->strings, len);
	mm->arg_len = len;
	return 0;
}

static void flush_signal_handlers(struct task_struct *p)
{
	for (int i = 0; i < _NSIG; i++) {
		struct kernel_sigaction *ka = &p->sighand->action[i];
		if (ka->sa_handler != SIG_IGN)
			ka->sa_handler = SIG_DFL;
		ka->sa_flags = 0;
		ka->sa_restorer = NULL;
		memset(&ka->sa_mask, 0, sizeof(ka->sa_mask));
	}
}

/* Replace "#!interp arg" scripts: returns the interpreter path and fixes up the strings. */
static int exec_binprm(struct linux_binprm *bprm, const char *path, int depth)
{
	struct pt_regs *regs = current->regs;
	struct task_struct *p = current;
	Elf32_Ehdr eh;
	Elf32_Phdr *ph = NULL;
	struct mm_struct *mm = NULL, *old;
	unsigned long bias = 0, brk, phdr_addr = 0, sp;
	int err;

	struct file *file = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(file))
		return PTR_ERR(file);
	/* Only regular files with an execute bit run, as Linux (a directory or a
	 * mode 0644 file is EACCES, a bad format with the x bit is ENOEXEC). */
	if (!S_ISREG(file->f_inode->i_mode) || !(file->f_inode->i_mode & 0111)) {
		fput(file);
		return -EACCES;
	}
	/* Nobody may write the file while it is being loaded (or, for the
	 * program itself, while it runs: mm->exe_file keeps the denial). */
	err = deny_write_access(file);
	if (err) {
		fput(file);
		return err;		/* -ETXTBSY: open for writing */
	}
	loff_t pos = 0;
	ssize_t got = kernel_read(file, &eh, sizeof(eh), &pos);
	if (got >= 2 && ((char *)&eh)[0] == '#' && ((char *)&eh)[1] == '!') {
		char *interp;
		if (depth >= BINPRM_MAX_RECURSION) {
			err = -ELOOP;
			goto out_fput;
		}
		err = prepare_script(bprm, (char *)&eh, got, &interp);
		allow_write_access(file);
		fput(file);
		if (err)
			return err;
		err = exec_binprm(bprm, interp, depth + 1);
		kfree(interp);
		return err;
	}
	err = got < 0 ? got : elf_check_header(&eh, file->f_inode->i_size);
	if (err)
		goto out_fput;
	ph = kmalloc(eh.e_phnum * sizeof(*ph), GFP_KERNEL);
	err = -ENOMEM;
	if (!ph)
		goto out_fput;
	pos = eh.e_phoff;
	err = -ENOEXEC;
	if (kernel_read(file, ph, eh.e_phnum * sizeof(*ph), &pos) != (ssize_t)(eh.e_phnum * sizeof(*ph)))
		goto out_free_ph;
	for (int i = 0; i < eh.e_phnum; i++)
		if (ph[i].p_type == PT_INTERP)
			goto out_free_ph;	/* dynamically linked: no ld.so here */
	if (eh.e_type == ET_DYN)
		bias = ELF_ET_DYN_BASE;
	for (int i = 0; i < eh.e_phnum; i++) {
		if (ph[i].p_type == PT_PHDR)
			phdr_addr = ph[i].p_vaddr + bias;
		else if (!phdr_addr && ph[i].p_type == PT_LOAD && ph[i].p_offset == 0)
			phdr_addr = ph[i].p_vaddr + bias + eh.e_phoff;
	}

	mm = mm_alloc();
	err = -ENOMEM;
	if (!mm)
		goto out_free_ph;
	err = load_segments(mm, file, &eh, ph, bias, &brk);
	if (err)
		goto out_mmput;
	err = setup_stack(mm, bprm, &eh, bias, phdr_addr, &sp);
	if (err)
		goto out_mmput;
	mm->start_brk = mm->brk = brk;
	strlcpy(mm->exe_path, path, sizeof(mm->exe_path));
	mm->exe_file = get_file(file);	/* out_fput lets our own denial go: the mm keeps one */
	deny_write_access(file);
	err = keep_argv(mm, bprm);
	if (err)
		goto out_mmput;

	/* Every other thread dies, handlers and fds become ours alone. */
	err = de_thread(p);
	if (err)
		goto out_mmput;

	/* Point of no return. The robust locks and CLEARTID word of the old
	 * program are settled while its memory is still mapped. */
	mm_release_futexes(p);
	old = p->mm;
	p->mm = mm;
	activate_mm(mm);
	if (old)
		mmput(old);
	do_close_on_exec(p->files);
	flush_signal_handlers(p);
	memset(p->thread.tls, 0, sizeof(p->thread.tls));
	p->sas_ss_sp = p->sas_ss_size = 0;	/* the new program has no alternate stack yet */
	load_TLS(p);
	p->thread.fpu_valid = false;
	const char *base = strrchr(bprm->filename, '/');
	strlcpy(p->comm, base ? base + 1 : bprm->filename, sizeof(p->comm));

	memset(regs, 0, sizeof(*regs));
	regs->ip = eh.e_entry + bias;
	regs->sp = sp;
	regs->cs = __USER_CS;
	regs->ds = regs->es = regs->ss = __USER_DS;
	regs->flags = X86_EFLAGS_IF | 0x2;
	regs->orig_ax = -1;
	err = 0;
	goto out_free_ph;

out_mmput:
	mmput(mm);
out_free_ph:
	kfree(ph);
out_fput:
	allow_write_access(file);
	fput(file);
	return err;
}

int do_execve(const char *filename, const char __user *const __user *argv,
	      const char __user *const __user *envp)
{
	struct linux_binprm bprm = { .filename = (char *)filename };
	int err;

	bprm.strings = vmalloc(ARG_MAX);
	if (!bprm.strings)
		return -ENOMEM;
	err = copy_strings(&bprm, argv, &bprm.argc);
	if (!err && bprm.argc == 0) {
		/* As Linux since 5.18: argv[0] always exists, "" if none was given. */
		static bool warned;
		if (!warned)
			pr_warn("process '%s' launched '%s' with NULL argv: empty string added\n",
				current->comm, filename);
		warned = true;
		bprm.strings[0] = 0;
		bprm.strings_len = 1;
		bprm.argc = 1;
	}
	if (!err)
		err = copy_strings(&bprm, envp, &bprm.envc);
	if (!err)
		err = exec_binprm(&bprm, filename, 0);
	vfree(bprm.strings);
	return err;
}

long sys_execve(const char __user *filename, const char __user *const __user *argv,
		const char __user *const __user *envp)
{
	char *path = getname(filename);
	if (IS_ERR(path))
		return PTR_ERR(path);
	long err = do_execve(path, argv, envp);
	putname(path);
	/* On success the frame was rewritten: return the value it must carry (0). */
	return err;
}

/* The kernel starts init by exec'ing from a kernel context with an empty frame. */
int kernel_execve(const char *filename, const char *const argv[], const char *const envp[])
{
	struct linux_binprm bprm = { .filename = (char *)filename };
	int err;

	bprm.strings = vmalloc(ARG_MAX);
	if (!bprm.strings)
		return -ENOMEM;
	for (int i = 0; argv[i]; i++, bprm.argc++) {
		strcpy(bprm.strings + bprm.strings_len, argv[i]);
		bprm.strings_len += strlen(argv[i]) + 1;
	}
	for (int i = 0; envp[i]; i++, bprm.envc++) {
		strcpy(bprm.strings + bprm.strings_len, envp[i]);
		bprm.strings_len += strlen(envp[i]) + 1;
	}
	err = exec_binprm(&bprm, filename, 0);
	vfree(bprm.strings);
	return err;
}
