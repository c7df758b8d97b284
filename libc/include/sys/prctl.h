/* sys/prctl.h: prctl(2); option numbers in include/uapi/misc.h. */
#ifndef _SYS_PRCTL_H
#define _SYS_PRCTL_H

#include <uapi/misc.h>

int prctl(int option, ...);

#endif
