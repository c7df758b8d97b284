/* sys/reboot.h: reboot(cmd); libc supplies Linux's two magic numbers. */
#ifndef _SYS_REBOOT_H
#define _SYS_REBOOT_H

#include <uapi/misc.h>

#define RB_AUTOBOOT	LINUX_REBOOT_CMD_RESTART
#define RB_HALT_SYSTEM	LINUX_REBOOT_CMD_HALT
#define RB_POWER_OFF	LINUX_REBOOT_CMD_POWER_OFF

int reboot(int cmd);

#endif
