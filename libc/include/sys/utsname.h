/* sys/utsname.h: uname(2). struct utsname is the kernel's new_utsname, field for field. */
#ifndef _SYS_UTSNAME_H
#define _SYS_UTSNAME_H

#include <uapi/misc.h>

#define utsname new_utsname

int uname(struct new_utsname *u);

#endif
