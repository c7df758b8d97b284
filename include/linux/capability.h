/*
 * Privileges, named as Linux names them. Every check of "may this task do
 * something only the administrator may" is capable(CAP_...), never a test
 * of a uid, so that the question asked is visible at the call site and
 * matches the capability Linux would ask for there.
 *
 * The model is Linux's without file capabilities or capability sets: a
 * task whose effective uid is 0 has every capability, any other has none.
 * (setuid from root to another uid therefore drops them all, as Linux
 * does when no SECBIT_KEEP_CAPS is set.) The numbers are Linux's.
 */
#ifndef _LINUX_CAPABILITY_H
#define _LINUX_CAPABILITY_H

#include "sched.h"

#define CAP_CHOWN		0
#define CAP_DAC_OVERRIDE	1	/* read, write, search past permission bits */
#define CAP_FOWNER		3	/* chmod a file one does not own */
#define CAP_KILL		5	/* signal any process */
#define CAP_SETGID		6	/* setgid to any group */
#define CAP_SETUID		7	/* setuid to any user */
#define CAP_NET_BIND_SERVICE	10	/* bind a port below 1024 */
#define CAP_NET_ADMIN		12	/* configure interfaces, routes, net sysctls */
#define CAP_NET_RAW		13	/* SOCK_RAW sockets */
#define CAP_SYS_ADMIN		21	/* TIOCSCTTY stealing, the catch-all */
#define CAP_SYS_NICE		23	/* real-time scheduling, others' policies */
#define CAP_SYS_BOOT		22	/* reboot(2) */
#define CAP_SYS_RESOURCE	24	/* raise a hard rlimit */
#define CAP_LAST_CAP		40

static inline bool capable(int cap)
{
	(void)cap;
	return current->euid == 0;
}

#endif
