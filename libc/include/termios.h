/* termios.h: terminal attributes over TCGETS/TCSETS* ioctls (libc/termios.c). */
#ifndef _TERMIOS_H
#define _TERMIOS_H

#include <sys/types.h>
#include <uapi/termios.h>

int tcgetattr(int fd, struct termios *t);
int tcsetattr(int fd, int action, const struct termios *t);
void cfmakeraw(struct termios *t);
int tcgetpgrp(int fd);
int tcsetpgrp(int fd, pid_t pgrp);

#endif
