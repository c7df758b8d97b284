/* Port I/O and memory-mapped register access for i386. */
#ifndef _ASM_IO_H
#define _ASM_IO_H

#include "../linux/types.h"

static inline void outb(u8 v, u16 port) { __asm__ __volatile__("outb %0, %1" :: "a"(v), "Nd"(port)); }
static inline void outw(u16 v, u16 port) { __asm__ __volatile__("outw %0, %1" :: "a"(v), "Nd"(port)); }
static inline void outl(u32 v, u16 port) { __asm__ __volatile__("outl %0, %1" :: "a"(v), "Nd"(port)); }
static inline u8 inb(u16 port) { u8 v; __asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline u16 inw(u16 port) { u16 v; __asm__ __volatile__("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline u32 inl(u16 port) { u32 v; __asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline void io_delay(void) { outb(0, 0x80); }

/* MMIO: volatile accesses with a compiler barrier so register order is program order. */
static inline u32 readl(const volatile void *a) { u32 v = *(const volatile u32 *)a; __asm__ __volatile__("" ::: "memory"); return v; }
static inline void writel(u32 v, volatile void *a) { __asm__ __volatile__("" ::: "memory"); *(volatile u32 *)a = v; }
/* Order normal-memory writes (descriptors) before the MMIO write that hands them to a device. */
static inline void wmb(void) { __asm__ __volatile__("lock; addl $0,0(%%esp)" ::: "memory"); }
static inline void rmb(void) { __asm__ __volatile__("lock; addl $0,0(%%esp)" ::: "memory"); }
static inline void mb(void)  { __asm__ __volatile__("lock; addl $0,0(%%esp)" ::: "memory"); }

/* Map a device's physical MMIO window into kernel virtual space (kernel/mm/vmalloc.c). */
void *ioremap(phys_addr_t phys, size_t size);
void iounmap(void *addr);

#endif
