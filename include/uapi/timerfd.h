/* timerfd_create/settime/gettime(2): flags and struct itimerspec (i386 layouts). */
#ifndef _UAPI_TIMERFD_H
#define _UAPI_TIMERFD_H

#include "time.h"

#define TFD_TIMER_ABSTIME	(1 << 0)
#define TFD_TIMER_CANCEL_ON_SET	(1 << 1)
#define TFD_CLOEXEC		02000000	/* O_CLOEXEC */
#define TFD_NONBLOCK		00004000	/* O_NONBLOCK */

struct itimerspec {			/* old_itimerspec32: timerfd_settime 325 */
	struct timespec it_interval;
	struct timespec it_value;
};

struct __kernel_itimerspec {		/* timerfd_settime64 409 */
	struct __kernel_timespec it_interval;
	struct __kernel_timespec it_value;
};

#endif
