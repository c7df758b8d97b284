/* stddef.h: size_t, ptrdiff_t, NULL, offsetof for the i386 ABI (no compiler headers: -nostdinc). */
#ifndef _STDDEF_H
#define _STDDEF_H

typedef unsigned int size_t;
typedef int ptrdiff_t;
typedef long wchar_t;	/* i386 Linux: 32-bit signed */

#define NULL ((void *)0)
#define offsetof(type, member) __builtin_offsetof(type, member)

#endif
