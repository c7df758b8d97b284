/* ELF32 structures for loading i386 executables (kernel/exec.c; header checks in kernel/elf.c). */
#ifndef _LINUX_ELF_H
#define _LINUX_ELF_H

#include "types.h"

#define EI_NIDENT	16
#define ELFMAG		"\177ELF"
#define ELFCLASS32	1
#define ELFDATA2LSB	1
#define ET_EXEC		2
#define ET_DYN		3
#define EM_386		3
#define PT_LOAD		1
#define PT_INTERP	3
#define PT_PHDR		6
#define PT_GNU_STACK	0x6474e551
#define PF_X		1
#define PF_W		2
#define PF_R		4

typedef struct {
	unsigned char e_ident[EI_NIDENT];
	u16 e_type, e_machine;
	u32 e_version, e_entry, e_phoff, e_shoff, e_flags;
	u16 e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
} Elf32_Ehdr;

typedef struct {
	u32 p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_flags, p_align;
} Elf32_Phdr;

/* Checks an ELF header for something exec can run; 0 or -ENOEXEC. Host-testable. */
int elf_check_header(const Elf32_Ehdr *eh, size_t file_size);

#endif
