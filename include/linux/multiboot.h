/* The Multiboot v1 information structure GRUB (or QEMU -kernel) hands us. */
#ifndef _LINUX_MULTIBOOT_H
#define _LINUX_MULTIBOOT_H

#include "types.h"

#define MULTIBOOT_BOOTLOADER_MAGIC	0x2BADB002
#define MULTIBOOT_INFO_MEMORY		0x001
#define MULTIBOOT_INFO_CMDLINE		0x004
#define MULTIBOOT_INFO_MODS		0x008
#define MULTIBOOT_INFO_MEM_MAP		0x040
#define MULTIBOOT_MEMORY_AVAILABLE	1

struct multiboot_info {
	u32 flags;
	u32 mem_lower, mem_upper;
	u32 boot_device;
	u32 cmdline;
	u32 mods_count, mods_addr;
	u32 syms[4];
	u32 mmap_length, mmap_addr;
} __attribute__((packed));

struct multiboot_mod {
	u32 mod_start, mod_end;
	u32 string;
	u32 reserved;
} __attribute__((packed));

struct multiboot_mmap_entry {
	u32 size;		/* of the rest of this entry, not counting this field */
	u64 addr, len;
	u32 type;
} __attribute__((packed));

#endif
