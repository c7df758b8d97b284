/*
 * ELF header checks for execve. exec_binprm() (kernel/exec.c) reads the
 * first bytes of a file and asks elf_check_header() whether they describe
 * something this kernel can run: a 32-bit little-endian i386 ET_EXEC or
 * ET_DYN (static-PIE) image whose program-header table lies wholly inside
 * the file. Anything else is -ENOEXEC, the error Linux gives, before a
 * single byte of the table is read or any memory is mapped.
 *
 * It lives on its own, with no dependency beyond memcmp, so the host unit
 * tests (tools/testing/unit/test_elf.c) can feed it hostile headers.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/elf.h>

/* exec reads the whole table into one kmalloc; bound it (Linux: 64 KB of phdrs). */
#define ELF_MAX_PHNUM	64

int elf_check_header(const Elf32_Ehdr *eh, size_t file_size)
{
	if (file_size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, 4) ||
	    eh->e_ident[4] != ELFCLASS32 || eh->e_ident[5] != ELFDATA2LSB ||
	    eh->e_machine != EM_386 || (eh->e_type != ET_EXEC && eh->e_type != ET_DYN))
		return -ENOEXEC;
	if (eh->e_phentsize != sizeof(Elf32_Phdr) || eh->e_phnum == 0 ||
	    eh->e_phnum > ELF_MAX_PHNUM)
		return -ENOEXEC;
	/* Written so that no sum can wrap: phoff is checked first, then the room after it. */
	if (eh->e_phoff > file_size ||
	    (size_t)eh->e_phnum * sizeof(Elf32_Phdr) > file_size - eh->e_phoff)
		return -ENOEXEC;
	return 0;
}
