/*
 * socket.c: the socket system calls for user programs.
 *
 * Two ways into the kernel serve the same code there (net/socket.c):
 *   - the direct i386 calls, socket (359) ... shutdown (373), which is what
 *     every wrapper uses by default;
 *   - socketcall(2) (102), the old multiplexer: one call number plus a
 *     pointer to an array of unsigned long arguments. Static binaries built
 *     against old C libraries (Debian's busybox among them) still use it.
 * Setting __socketcall_only routes every wrapper through socketcall, so a
 * test can run the same contract through both doors.
 *
 * i386 has no direct accept, send or recv: they are accept4 with flags 0,
 * sendto and recvfrom with no address, as glibc does.
 */
#include <sys/socket.h>
#include <uapi/asm/unistd_32.h>
#include "internal.h"

int __socketcall_only;

int socketcall(int call, unsigned long *args)
{
	return __syscall_ret(__sys2(__NR_socketcall, call, args));
}

/* One wrapper body: the direct call, or the same arguments packed for socketcall. */
#define SOCKCALL(nr, call, n, ...)					\
	do {								\
		if (__socketcall_only) {				\
			unsigned long __a[6] = { __VA_ARGS__ };		\
			return socketcall(call, __a);			\
		}							\
		return __syscall_ret(__sys##n(nr, __VA_ARGS__));	\
	} while (0)

#define UL(x)	((unsigned long)(x))

int socket(int domain, int type, int protocol)
{
	SOCKCALL(__NR_socket, SYS_SOCKET, 3, UL(domain), UL(type), UL(protocol));
}

int socketpair(int domain, int type, int protocol, int sv[2])
{
	SOCKCALL(__NR_socketpair, SYS_SOCKETPAIR, 4, UL(domain), UL(type), UL(protocol), UL(sv));
}

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	SOCKCALL(__NR_bind, SYS_BIND, 3, UL(fd), UL(addr), UL(len));
}

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	SOCKCALL(__NR_connect, SYS_CONNECT, 3, UL(fd), UL(addr), UL(len));
}

int listen(int fd, int backlog)
{
	SOCKCALL(__NR_listen, SYS_LISTEN, 2, UL(fd), UL(backlog));
}

int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
	SOCKCALL(__NR_accept4, SYS_ACCEPT4, 4, UL(fd), UL(addr), UL(len), UL(flags));
}

int accept(int fd, struct sockaddr *addr, socklen_t *len)
{
	if (__socketcall_only) {
		unsigned long a[3] = { UL(fd), UL(addr), UL(len) };
		return socketcall(SYS_ACCEPT, a);
	}
	return __syscall_ret(__sys4(__NR_accept4, fd, addr, len, 0));
}

int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
	SOCKCALL(__NR_getsockname, SYS_GETSOCKNAME, 3, UL(fd), UL(addr), UL(len));
}

int getpeername(int fd, struct sockaddr *addr, socklen_t *len)
{
	SOCKCALL(__NR_getpeername, SYS_GETPEERNAME, 3, UL(fd), UL(addr), UL(len));
}

ssize_t sendto(int fd, const void *buf, size_t n, int flags,
	       const struct sockaddr *to, socklen_t tolen)
{
	SOCKCALL(__NR_sendto, SYS_SENDTO, 6, UL(fd), UL(buf), UL(n), UL(flags), UL(to), UL(tolen));
}

ssize_t recvfrom(int fd, void *buf, size_t n, int flags,
		 struct sockaddr *from, socklen_t *fromlen)
{
	SOCKCALL(__NR_recvfrom, SYS_RECVFROM, 6, UL(fd), UL(buf), UL(n), UL(flags), UL(from), UL(fromlen));
}

ssize_t send(int fd, const void *buf, size_t n, int flags)
{
	if (__socketcall_only) {
		unsigned long a[4] = { UL(fd), UL(buf), UL(n), UL(flags) };
		return socketcall(SYS_SEND, a);
	}
	return __syscall_ret(__sys6(__NR_sendto, fd, buf, n, flags, 0, 0));
}

ssize_t recv(int fd, void *buf, size_t n, int flags)
{
	if (__socketcall_only) {
		unsigned long a[4] = { UL(fd), UL(buf), UL(n), UL(flags) };
		return socketcall(SYS_RECV, a);
	}
	return __syscall_ret(__sys6(__NR_recvfrom, fd, buf, n, flags, 0, 0));
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	SOCKCALL(__NR_sendmsg, SYS_SENDMSG, 3, UL(fd), UL(msg), UL(flags));
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	SOCKCALL(__NR_recvmsg, SYS_RECVMSG, 3, UL(fd), UL(msg), UL(flags));
}

int shutdown(int fd, int how)
{
	SOCKCALL(__NR_shutdown, SYS_SHUTDOWN, 2, UL(fd), UL(how));
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	SOCKCALL(__NR_setsockopt, SYS_SETSOCKOPT, 5, UL(fd), UL(level), UL(name), UL(val), UL(len));
}

int getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	SOCKCALL(__NR_getsockopt, SYS_GETSOCKOPT, 5, UL(fd), UL(level), UL(name), UL(val), UL(len));
}
