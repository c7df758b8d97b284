/*
 * The kernel's everyday helpers: container_of, min/max, printk and its
 * pr_* levels, panic/BUG/WARN, and the formatting functions (lib/vsprintf
 * lives in kernel/printk.c). Everything else includes this first.
 */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#include "types.h"
#include "compiler.h"
#include "../uapi/errno.h"

typedef __builtin_va_list va_list;
#define va_start(ap, last)	__builtin_va_start(ap, last)
#define va_arg(ap, t)		__builtin_va_arg(ap, t)
#define va_end(ap)		__builtin_va_end(ap)
#define va_copy(d, s)		__builtin_va_copy(d, s)

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define min(a, b)	((a) < (b) ? (a) : (b))
#define max(a, b)	((a) > (b) ? (a) : (b))
#define min_t(t, a, b)	((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b)	((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define clamp_t(t, v, lo, hi)	min_t(t, max_t(t, v, lo), hi)
#define clamp(v, lo, hi) min(max(v, lo), hi)
#define rounddown(x, y)	((x) - ((x) % (y)))
#define ALIGN(x, a)	(((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))

/* Error pointers: a pointer-returning function reports -errno in the pointer. */
#define IS_ERR_VALUE(x)	((unsigned long)(x) >= (unsigned long)-MAX_ERRNO)
static inline void *ERR_PTR(long err) { return (void *)err; }
static inline long PTR_ERR(const void *p) { return (long)p; }
static inline bool IS_ERR(const void *p) { return IS_ERR_VALUE(p); }
static inline bool IS_ERR_OR_NULL(const void *p) { return !p || IS_ERR_VALUE(p); }

/* Log levels, as Linux's "<n>" prefixes. */
#define KERN_ERR	"<3>"
#define KERN_WARNING	"<4>"
#define KERN_NOTICE	"<5>"
#define KERN_INFO	"<6>"
#define KERN_DEBUG	"<7>"

int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);
#define pr_err(fmt, ...)	printk(KERN_ERR fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printk(KERN_WARNING fmt, ##__VA_ARGS__)
#define pr_notice(fmt, ...)	printk(KERN_NOTICE fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)	printk(KERN_INFO fmt, ##__VA_ARGS__)
/* Debug output is compiled in but off unless the subsystem's switch is set. */
#define pr_debug_on(flag, fmt, ...) \
	do { if (flag) printk(KERN_DEBUG fmt, ##__VA_ARGS__); } while (0)

int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int scnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
unsigned long simple_strtoul(const char *s, char **end, unsigned int base);
long simple_strtol(const char *s, char **end, unsigned int base);
int kstrtoul(const char *s, unsigned int base, unsigned long *res);

void panic(const char *fmt, ...) __printf(1, 2) __noreturn;
void __bug(const char *file, int line, const char *cond) __noreturn;
void __warn(const char *file, int line, const char *cond);
#define BUG()		__bug(__FILE__, __LINE__, "BUG")
#define BUG_ON(c)	do { if (unlikely(c)) __bug(__FILE__, __LINE__, #c); } while (0)
#define WARN_ON(c)	({ bool __w = !!(c); if (unlikely(__w)) __warn(__FILE__, __LINE__, #c); __w; })
#define WARN_ON_ONCE(c)	({ static bool __done; bool __w = !!(c); \
			   if (unlikely(__w) && !__done) { __done = true; __warn(__FILE__, __LINE__, #c); } __w; })

/* Kernel command line (boot/ hands it over; kernel/cmdline.c parses it). */
const char *cmdline_get(const char *key);	/* value of key=value, "" for a bare key, NULL if absent */
bool cmdline_has(const char *key);
extern char saved_command_line[];

/* Big-endian fields at any alignment (TCP options sit at odd offsets). */
static inline u32 get_unaligned_be32(const void *p)
{
	const u8 *b = p;

	return ((u32)b[0] << 24) | ((u32)b[1] << 16) | ((u32)b[2] << 8) | b[3];
}
static inline u16 get_unaligned_be16(const void *p)
{
	const u8 *b = p;

	return ((u16)b[0] << 8) | b[1];
}
static inline void put_unaligned_be32(u32 v, void *p)
{
	u8 *b = p;

	b[0] = v >> 24;
	b[1] = v >> 16;
	b[2] = v >> 8;
	b[3] = v;
}

#endif
