// unit-sources: kernel/elf.c
/*
 * elf_check_header (kernel/elf.c): the gate execve passes a file's first
 * bytes through. A static i386 executable (and a static-PIE ET_DYN) is
 * accepted; every other kind of header - wrong magic, class, byte order,
 * machine or type, a program-header table that is empty, too long, the
 * wrong entry size or not inside the file, a file shorter than a header -
 * is -ENOEXEC. Headers are built in memory; the real build/user/bin/true
 * is checked too when the build has produced it.
 */
#include "unit.h"
#include <linux/string.h>
#include <linux/elf.h>

/* A file of the size a tiny static program has: header, 3 phdrs, code. */
#define FILE_SIZE	8192

static Elf32_Ehdr good_header(void)
{
	Elf32_Ehdr eh;

	memset(&eh, 0, sizeof(eh));
	memcpy(eh.e_ident, ELFMAG, 4);
	eh.e_ident[4] = ELFCLASS32;
	eh.e_ident[5] = ELFDATA2LSB;
	eh.e_ident[6] = 1;			/* EV_CURRENT */
	eh.e_type = ET_EXEC;
	eh.e_machine = EM_386;
	eh.e_version = 1;
	eh.e_entry = 0x08049000;
	eh.e_phoff = sizeof(Elf32_Ehdr);
	eh.e_ehsize = sizeof(Elf32_Ehdr);
	eh.e_phentsize = sizeof(Elf32_Phdr);
	eh.e_phnum = 3;
	return eh;
}

TEST(elf_accepts_static_i386_exec)
{
	Elf32_Ehdr eh = good_header();
	EXPECT_EQ(elf_check_header(&eh, FILE_SIZE), 0);
}

TEST(elf_accepts_static_pie)
{
	Elf32_Ehdr eh = good_header();
	eh.e_type = ET_DYN;
	EXPECT_EQ(elf_check_header(&eh, FILE_SIZE), 0);
}

TEST(elf_rejects_bad_magic)
{
	for (int i = 0; i < 4; i++) {
		Elf32_Ehdr eh = good_header();
		eh.e_ident[i] ^= 0x20;
		EXPECT_EQ(elf_check_header(&eh, FILE_SIZE), -ENOEXEC);
	}
	/* A "#!" script that reached here is not an ELF either. */
	Elf32_Ehdr eh = good_header();
	memcpy(eh.e_ident, "#!/b", 4);
	EXPECT_EQ(elf_check_header(&eh, FILE_SIZE), -ENOEXEC);
}

TEST(elf_rejects_64bit_class)
{
	Elf32_Ehdr eh = good_header();
	eh.e_ident[4] = 2;			/* ELFCLASS64 */
	EXPECT_EQ(elf_check_header(&eh, FILE_SIZE), -ENOEXEC);
	eh.e_ident[4] = 0;			/* ELFCLASSNONE */
	EXPECT_EQ(elf_check_header(&eh, FILE_SIZE), -ENOEXEC);
}

TEST(elf_rejects_big_endian)
{
	Elf32_Ehdr eh = good_header();
	eh.e_ident[5] = 2;			/* ELFDATA2MSB */
	EXPECT_EQ(elf_check_header(&eh, FILE_SIZE), -ENOEXEC);
}

TEST(elf_rejects_other_machines)
{
	static const u16 machines[] = { 0, 8 /* MIPS */, 40 /* ARM */, 62 /* x86-64 */, 6 /* 486 */ };
	for (unsigned i = 0; i < ARRAY_SIZE(machines); i++) {
		Elf32_Ehdr eh = good_header();
		eh.e_machine = machines[i];
		EXPECT_EQ(elf_check_header(&eh, FILE_SIZE), -ENOEXEC);
	}
}

TEST(elf_rejects_relocatable_and_core)
{
	Elf32_Ehdr eh = good_header();
	eh.e_type = 1;				/* ET_REL: a .o file */
	EXPECT_EQ(elf_check_header(&eh, FILE_SIZE), -ENOEXEC);
	eh.e_type = 4;				/* ET_CORE */
	EXPECT_EQ(elf_check_header(&eh, FILE_SIZE), -ENOEXEC);
	eh.e_type = 0;				/* ET_NONE */
	EXPECT_EQ(elf_check_header(&eh, FILE_SIZE), -ENOEXEC);
}

TEST(elf_rejects_phnum_zero_or_huge)
{
	Elf32_Ehdr eh = good_header();
	eh.e_phnum = 0;
	EXPECT_EQ(elf_check_header(&eh, FILE_SIZE), -ENOEXEC);
	eh.e_phnum = 64;			/* the largest table exec will read */
	EXPECT_EQ(elf_check_header(&eh, FILE_SIZE), 0);
	eh.e_phnum = 65;
	EXPECT_EQ(elf_check_header(&eh, FILE_SIZE), -ENOEXEC);
	eh.e_phnum = 0xffff;			/* PN_XNUM: Linux's "count elsewhere" */
	EXPECT_EQ(elf_check_header(&eh, FILE_SIZE), -ENOEXEC);
}

TEST(elf_rejects_wrong_phentsize)
{
	Elf32_Ehdr eh = good_header();
	eh.e_phentsize = sizeof(Elf32_Phdr) - 4;
	EXPECT_EQ(elf_check_header(&eh, FILE_SIZE), -ENOEXEC);
	eh.e_phentsize = 56;			/* an Elf64_Phdr */
	EXPECT_EQ(elf_check_header(&eh, FILE_SIZE), -ENOEXEC);
}

TEST(elf_rejects_phoff_outside_file)
{
	Elf32_Ehdr eh = good_header();
	eh.e_phoff = FILE_SIZE + 1;
	EXPECT_EQ(elf_check_header(&eh, FILE_SIZE), -ENOEXEC);
	eh.e_phoff = 0xffffffff;
	EXPECT_EQ(elf_check_header(&eh, FILE_SIZE), -ENOEXEC);
	/* phoff inside the file, but the table runs past its end by one byte. */
	eh.e_phoff = FILE_SIZE - 3 * sizeof(Elf32_Phdr) + 1;
	EXPECT_EQ(elf_check_header(&eh, FILE_SIZE), -ENOEXEC);
	/* ...and ending exactly at the end is fine. */
	eh.e_phoff = FILE_SIZE - 3 * sizeof(Elf32_Phdr);
	EXPECT_EQ(elf_check_header(&eh, FILE_SIZE), 0);
	/* A table that wraps 32 bits when added to phoff. */
	eh.e_phoff = 0xfffffff0;
	EXPECT_EQ(elf_check_header(&eh, 0xffffffffUL), -ENOEXEC);
}

TEST(elf_rejects_truncated_file)
{
	Elf32_Ehdr eh = good_header();
	EXPECT_EQ(elf_check_header(&eh, 0), -ENOEXEC);
	EXPECT_EQ(elf_check_header(&eh, 4), -ENOEXEC);
	EXPECT_EQ(elf_check_header(&eh, sizeof(Elf32_Ehdr) - 1), -ENOEXEC);
	/* A whole header but not the table it promises. */
	EXPECT_EQ(elf_check_header(&eh, sizeof(Elf32_Ehdr) + 2 * sizeof(Elf32_Phdr)), -ENOEXEC);
	EXPECT_EQ(elf_check_header(&eh, sizeof(Elf32_Ehdr) + 3 * sizeof(Elf32_Phdr)), 0);
}

/*
 * The real thing: the first bytes of our own /bin/true, as exec reads them.
 * A unit test is a kernel translation unit (no libc headers), so the three
 * host calls it needs are declared here by hand.
 */
extern int open(const char *path, int flags, ...);
extern long read(int fd, void *buf, unsigned long n);
extern long lseek(int fd, long off, int whence);
extern int close(int fd);

TEST(elf_accepts_built_true)
{
	Elf32_Ehdr eh;
	int fd = open("build/user/bin/true", 0 /* O_RDONLY */);

	if (fd < 0) {
		printk(KERN_INFO "build/user/bin/true not built: skipped\n");
		return;
	}
	long got = read(fd, &eh, sizeof(eh));
	long size = lseek(fd, 0, 2 /* SEEK_END */);
	close(fd);
	ASSERT(got == sizeof(eh));
	ASSERT(size > 0);
	EXPECT_EQ(eh.e_type, ET_EXEC);
	EXPECT_EQ(elf_check_header(&eh, size), 0);
	/* The same bytes from a file cut short after the header are refused. */
	EXPECT_EQ(elf_check_header(&eh, sizeof(eh)), -ENOEXEC);
}
