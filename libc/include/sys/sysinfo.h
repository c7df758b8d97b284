/* sys/sysinfo.h: sysinfo(2) with Linux's struct sysinfo (include/uapi/misc.h). */
#ifndef _SYS_SYSINFO_H
#define _SYS_SYSINFO_H

#include <uapi/misc.h>

int sysinfo(struct sysinfo *info);

#endif
