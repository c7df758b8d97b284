/*
 * strerror.c: the text for each Linux errno and signal number, worded as
 * glibc words them, so messages on Sockeye read exactly as on Linux
 * ("No such file or directory", "Segmentation fault"). perror is in stdio.c.
 */
#include <string.h>
#include <stdio.h>
#include <errno.h>
#include <signal.h>

static const char *const errmsg[] = {
	[0]		= "Success",
	[EPERM]		= "Operation not permitted",
	[ENOENT]	= "No such file or directory",
	[ESRCH]		= "No such process",
	[EINTR]		= "Interrupted system call",
	[EIO]		= "Input/output error",
	[ENXIO]		= "No such device or address",
	[E2BIG]		= "Argument list too long",
	[ENOEXEC]	= "Exec format error",
	[EBADF]		= "Bad file descriptor",
	[ECHILD]	= "No child processes",
	[EAGAIN]	= "Resource temporarily unavailable",
	[ENOMEM]	= "Cannot allocate memory",
	[EACCES]	= "Permission denied",
	[EFAULT]	= "Bad address",
	[ENOTBLK]	= "Block device required",
	[EBUSY]		= "Device or resource busy",
	[EEXIST]	= "File exists",
	[EXDEV]		= "Invalid cross-device link",
	[ENODEV]	= "No such device",
	[ENOTDIR]	= "Not a directory",
	[EISDIR]	= "Is a directory",
	[EINVAL]	= "Invalid argument",
	[ENFILE]	= "Too many open files in system",
	[EMFILE]	= "Too many open files",
	[ENOTTY]	= "Inappropriate ioctl for device",
	[ETXTBSY]	= "Text file busy",
	[EFBIG]		= "File too large",
	[ENOSPC]	= "No space left on device",
	[ESPIPE]	= "Illegal seek",
	[EROFS]		= "Read-only file system",
	[EMLINK]	= "Too many links",
	[EPIPE]		= "Broken pipe",
	[EDOM]		= "Numerical argument out of domain",
	[ERANGE]	= "Numerical result out of range",
	[EDEADLK]	= "Resource deadlock avoided",
	[ENAMETOOLONG]	= "File name too long",
	[ENOLCK]	= "No locks available",
	[ENOSYS]	= "Function not implemented",
	[ENOTEMPTY]	= "Directory not empty",
	[ELOOP]		= "Too many levels of symbolic links",
	[ENOMSG]	= "No message of desired type",
	[EIDRM]		= "Identifier removed",
	[ENODATA]	= "No data available",
	[ETIME]		= "Timer expired",
	[EPROTO]	= "Protocol error",
	[EBADMSG]	= "Bad message",
	[EOVERFLOW]	= "Value too large for defined data type",
	[EILSEQ]	= "Invalid or incomplete multibyte or wide character",
	[ENOTSOCK]	= "Socket operation on non-socket",
	[EDESTADDRREQ]	= "Destination address required",
	[EMSGSIZE]	= "Message too long",
	[EPROTOTYPE]	= "Protocol wrong type for socket",
	[ENOPROTOOPT]	= "Protocol not available",
	[EPROTONOSUPPORT] = "Protocol not supported",
	[ESOCKTNOSUPPORT] = "Socket type not supported",
	[EOPNOTSUPP]	= "Operation not supported",
	[EPFNOSUPPORT]	= "Protocol family not supported",
	[EAFNOSUPPORT]	= "Address family not supported by protocol",
	[EADDRINUSE]	= "Address already in use",
	[EADDRNOTAVAIL]	= "Cannot assign requested address",
	[ENETDOWN]	= "Network is down",
	[ENETUNREACH]	= "Network is unreachable",
	[ENETRESET]	= "Network dropped connection on reset",
	[ECONNABORTED]	= "Software caused connection abort",
	[ECONNRESET]	= "Connection reset by peer",
	[ENOBUFS]	= "No buffer space available",
	[EISCONN]	= "Transport endpoint is already connected",
	[ENOTCONN]	= "Transport endpoint is not connected",
	[ESHUTDOWN]	= "Cannot send after transport endpoint shutdown",
	[ETOOMANYREFS]	= "Too many references: cannot splice",
	[ETIMEDOUT]	= "Connection timed out",
	[ECONNREFUSED]	= "Connection refused",
	[EHOSTDOWN]	= "Host is down",
	[EHOSTUNREACH]	= "No route to host",
	[EALREADY]	= "Operation already in progress",
	[EINPROGRESS]	= "Operation now in progress",
	[ESTALE]	= "Stale file handle",
	[EDQUOT]	= "Disk quota exceeded",
	[ECANCELED]	= "Operation canceled",
};

static const char *const sigmsg[] = {
	[SIGHUP]	= "Hangup",
	[SIGINT]	= "Interrupt",
	[SIGQUIT]	= "Quit",
	[SIGILL]	= "Illegal instruction",
	[SIGTRAP]	= "Trace/breakpoint trap",
	[SIGABRT]	= "Aborted",
	[SIGBUS]	= "Bus error",
	[SIGFPE]	= "Floating point exception",
	[SIGKILL]	= "Killed",
	[SIGUSR1]	= "User defined signal 1",
	[SIGSEGV]	= "Segmentation fault",
	[SIGUSR2]	= "User defined signal 2",
	[SIGPIPE]	= "Broken pipe",
	[SIGALRM]	= "Alarm clock",
	[SIGTERM]	= "Terminated",
	[SIGSTKFLT]	= "Stack fault",
	[SIGCHLD]	= "Child exited",
	[SIGCONT]	= "Continued",
	[SIGSTOP]	= "Stopped (signal)",
	[SIGTSTP]	= "Stopped",
	[SIGTTIN]	= "Stopped (tty input)",
	[SIGTTOU]	= "Stopped (tty output)",
	[SIGURG]	= "Urgent I/O condition",
	[SIGXCPU]	= "CPU time limit exceeded",
	[SIGXFSZ]	= "File size limit exceeded",
	[SIGVTALRM]	= "Virtual timer expired",
	[SIGPROF]	= "Profiling timer expired",
	[SIGWINCH]	= "Window changed",
	[SIGIO]		= "I/O possible",
	[SIGPWR]	= "Power failure",
	[SIGSYS]	= "Bad system call",
};

/* Unknown numbers get a formatted message in a static buffer, as in glibc. */
static char unknown[32];

char *strerror(int e)
{
	if (e >= 0 && e < (int)(sizeof errmsg / sizeof errmsg[0]) && errmsg[e])
		return (char *)errmsg[e];
	snprintf(unknown, sizeof unknown, "Unknown error %d", e);
	return unknown;
}

char *strsignal(int sig)
{
	if (sig > 0 && sig < (int)(sizeof sigmsg / sizeof sigmsg[0]) && sigmsg[sig])
		return (char *)sigmsg[sig];
	if (sig >= SIGRTMIN && sig <= _NSIG)
		snprintf(unknown, sizeof unknown, "Real-time signal %d", sig - SIGRTMIN);
	else
		snprintf(unknown, sizeof unknown, "Unknown signal %d", sig);
	return unknown;
}
