/*
 * The tick profiler (kernel/profile.c, boot with profile=N) and the symbol
 * table it is read against (/proc/kallsyms, kernel/traps.c).
 */
#ifndef _LINUX_PROFILE_H
#define _LINUX_PROFILE_H

void profile_init(void);	/* reads profile= and creates /proc/profile */
void profile_tick(void);	/* hard IRQ, from the timer tick */
void kallsyms_proc_init(void);	/* /proc/kallsyms: "c0100000 T name", Linux's format */

#endif
