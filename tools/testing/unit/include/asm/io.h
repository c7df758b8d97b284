/*
 * Host replacement for include/asm/io.h (unit tests): no ports, no MMIO.
 * Register accessors work on plain memory so a driver's logic can be
 * tested against a fake register array. Force-included by build.mk.
 */
#ifndef _ASM_IO_H
#define _ASM_IO_H

#include <linux/types.h>

static inline void outb(u8 v, u16 port) { (void)v; (void)port; }
static inline void outw(u16 v, u16 port) { (void)v; (void)port; }
static inline void outl(u32 v, u16 port) { (void)v; (void)port; }
static inline u8 inb(u16 port) { (void)port; return 0xff; }
static inline u16 inw(u16 port) { (void)port; return 0xffff; }
static inline u32 inl(u16 port) { (void)port; return 0xffffffffu; }
static inline void io_delay(void) { }

static inline u32 readl(const volatile void *a) { u32 v = *(const volatile u32 *)a; __asm__ __volatile__("" ::: "memory"); return v; }
static inline void writel(u32 v, volatile void *a) { __asm__ __volatile__("" ::: "memory"); *(volatile u32 *)a = v; }
static inline void wmb(void) { __asm__ __volatile__("mfence" ::: "memory"); }
static inline void rmb(void) { __asm__ __volatile__("mfence" ::: "memory"); }
static inline void mb(void)  { __asm__ __volatile__("mfence" ::: "memory"); }

void *ioremap(phys_addr_t phys, size_t size);
void iounmap(void *addr);

#endif
