/* sys/ioctl.h: ioctl(2); terminal request numbers come from include/uapi/termios.h. */
#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H

#include <uapi/termios.h>

int ioctl(int fd, unsigned long req, ...);

#endif
