/* atomic_t and refcount_t: lock-prefixed so they stay correct when SMP comes. */
#ifndef _LINUX_ATOMIC_H
#define _LINUX_ATOMIC_H

#include "kernel.h"

typedef struct { volatile int counter; } atomic_t;
#define ATOMIC_INIT(i)	{ (i) }

static inline int atomic_read(const atomic_t *v) { return READ_ONCE(v->counter); }
static inline void atomic_set(atomic_t *v, int i) { WRITE_ONCE(v->counter, i); }
static inline void atomic_add(int i, atomic_t *v) { __asm__ __volatile__("lock; addl %1,%0" : "+m"(v->counter) : "ir"(i)); }
static inline void atomic_sub(int i, atomic_t *v) { __asm__ __volatile__("lock; subl %1,%0" : "+m"(v->counter) : "ir"(i)); }
static inline void atomic_inc(atomic_t *v) { atomic_add(1, v); }
static inline void atomic_dec(atomic_t *v) { atomic_sub(1, v); }
static inline int atomic_add_return(int i, atomic_t *v)
{
	int old = i;
	__asm__ __volatile__("lock; xaddl %0,%1" : "+r"(old), "+m"(v->counter) :: "memory");
	return old + i;
}
static inline int atomic_inc_return(atomic_t *v) { return atomic_add_return(1, v); }
static inline int atomic_dec_return(atomic_t *v) { return atomic_add_return(-1, v); }
static inline bool atomic_dec_and_test(atomic_t *v) { return atomic_add_return(-1, v) == 0; }
static inline int atomic_xchg(atomic_t *v, int n)
{
	__asm__ __volatile__("xchgl %0,%1" : "+r"(n), "+m"(v->counter) :: "memory");
	return n;
}

/* A reference count: going below zero or from zero back up is a bug. */
typedef struct { atomic_t refs; } refcount_t;
#define REFCOUNT_INIT(n) { ATOMIC_INIT(n) }
static inline void refcount_set(refcount_t *r, int n) { atomic_set(&r->refs, n); }
static inline int refcount_read(const refcount_t *r) { return atomic_read(&r->refs); }
static inline void refcount_inc(refcount_t *r) { WARN_ON(atomic_inc_return(&r->refs) <= 1); }
static inline bool refcount_dec_and_test(refcount_t *r)
{
	int n = atomic_dec_return(&r->refs);
	WARN_ON(n < 0);
	return n == 0;
}
/* Drop a reference that cannot be the last (the caller knows another holder). */
static inline void refcount_dec(refcount_t *r) { WARN_ON(atomic_dec_return(&r->refs) <= 0); }

#endif
