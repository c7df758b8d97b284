/*
 * unistd.c: system-call wrappers whose C interface differs from the
 * kernel's, so they cannot be plain stubs from syscalls.list:
 *   brk/sbrk      the kernel's brk returns the new break, not 0/-1
 *   getcwd        the kernel returns a length, C returns the buffer
 *   lseek64, pread, pwrite, truncate, ftruncate
 *                 64-bit offsets split into two 32-bit registers
 *   mmap          mmap2 takes its offset in 4096-byte pages
 *   wait, waitpid both are wait4 on i386
 *   reboot        the two magic numbers
 *   setrlimit     prlimit64 on ourselves (no setrlimit in our table)
 *   isatty, sleep, usleep, sysconf, gethostname: built on other calls
 *   signalfd      signalfd4 with the kernel's sigset size
 *   eventfd_read, eventfd_write: one 8-byte read or write
 * exec* live in exec.c, signals in signal.c, clocks in time.c.
 */
#include <unistd.h>
#include <errno.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <sys/reboot.h>
#include <sys/resource.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <uapi/asm/unistd_32.h>
#include <uapi/auxvec.h>
#include "internal.h"

static char *cur_brk;

int brk(void *addr)
{
	char *nb = (char *)__sys1(__NR_brk, addr);

	cur_brk = nb;
	if (nb != addr) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

void *sbrk(long inc)
{
	char *old;

	if (!cur_brk)
		cur_brk = (char *)__sys1(__NR_brk, 0);
	old = cur_brk;
	if (inc && brk(old + inc) < 0)
		return (void *)-1;
	return old;
}

char *getcwd(char *buf, size_t size)
{
	long r = __sys2(__NR_getcwd, buf, size);

	if (__syscall_ret(r) < 0)
		return NULL;
	return buf;
}

off64_t lseek64(int fd, off64_t off, int whence)
{
	long long result;
	long r = __sys5(__NR__llseek, fd, (unsigned long)(off >> 32),
			(unsigned long)off, &result, whence);

	if (__syscall_ret(r) < 0)
		return -1;
	return result;
}

/* i386 passes a 64-bit argument as two registers, low word first. */
ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
	long long o = off;

	return __syscall_ret(__sys5(__NR_pread64, fd, buf, n,
				    (unsigned long)o, (unsigned long)(o >> 32)));
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	long long o = off;

	return __syscall_ret(__sys5(__NR_pwrite64, fd, buf, n,
				    (unsigned long)o, (unsigned long)(o >> 32)));
}

int truncate(const char *path, off_t len)
{
	long long l = len;

	return __syscall_ret(__sys3(__NR_truncate64, path, (unsigned long)l,
				    (unsigned long)(l >> 32)));
}

int ftruncate(int fd, off_t len)
{
	long long l = len;

	return __syscall_ret(__sys3(__NR_ftruncate64, fd, (unsigned long)l,
				    (unsigned long)(l >> 32)));
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	long r;

	if (off & 4095) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	r = __sys6(__NR_mmap2, addr, len, prot, flags, fd, (unsigned long)off >> 12);
	return (void *)__syscall_ret(r);
}

pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru);

pid_t waitpid(pid_t pid, int *status, int options)
{
	return wait4(pid, status, options, NULL);
}

pid_t wait(int *status)
{
	return wait4(-1, status, 0, NULL);
}

int reboot(int cmd)
{
	return __syscall_ret(__sys4(__NR_reboot, LINUX_REBOOT_MAGIC1,
				    LINUX_REBOOT_MAGIC2, cmd, 0));
}

int isatty(int fd)
{
	struct termios t;

	return ioctl(fd, TCGETS, &t) == 0;
}

int usleep(useconds_t usec)
{
	struct timespec ts = { usec / 1000000, (usec % 1000000) * 1000 };

	return nanosleep(&ts, NULL);
}

/* Returns the seconds left if a signal cut the sleep short, as POSIX says. */
unsigned int sleep(unsigned int seconds)
{
	struct timespec ts = { (time_t)seconds, 0 }, rem;

	if (nanosleep(&ts, &rem) < 0 && errno == EINTR)
		return rem.tv_sec + (rem.tv_nsec > 0);
	return 0;
}

int getpagesize(void)
{
	unsigned long ps = getauxval(AT_PAGESZ);

	return ps ? (int)ps : 4096;
}

long sysconf(int name)
{
	switch (name) {
	case _SC_PAGESIZE:
		return getpagesize();
	case _SC_CLK_TCK:
		return 100;		/* USER_HZ: Linux reports times in 1/100 s */
	case _SC_OPEN_MAX:
		return 1024;
	}
	errno = EINVAL;
	return -1;
}

int gethostname(char *name, size_t len)
{
	struct utsname u;

	if (uname(&u) < 0)
		return -1;
	if (strlen(u.nodename) >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(name, u.nodename);
	return 0;
}

/* setrlimit(2) has no i386 entry in our table; prlimit64 on ourselves does the same. */
int setrlimit(int res, const struct rlimit *rl)
{
	struct rlimit64 r64 = {
		rl->rlim_cur == RLIM_INFINITY ? RLIM64_INFINITY : rl->rlim_cur,
		rl->rlim_max == RLIM_INFINITY ? RLIM64_INFINITY : rl->rlim_max,
	};

	return prlimit64(0, res, &r64, 0);
}

long signalfd4(int fd, const sigset_t *mask, unsigned long size, int flags);

int signalfd(int fd, const sigset_t *mask, int flags)
{
	return signalfd4(fd, mask, sizeof(*mask), flags);
}

int eventfd_read(int fd, eventfd_t *value)
{
	return read(fd, value, sizeof(*value)) == sizeof(*value) ? 0 : -1;
}

int eventfd_write(int fd, eventfd_t value)
{
	return write(fd, &value, sizeof(value)) == sizeof(value) ? 0 : -1;
}
