/*
 * sys/socket.h: the BSD socket API (libc/socket.c) over Linux's i386 ABI.
 *
 * Constants and struct sockaddr/cmsghdr come from include/uapi/socket.h, the
 * same header the kernel's net/socket.c uses. struct msghdr here is the
 * user-space spelling of the kernel's struct user_msghdr (same layout).
 *
 * Every call traps with the direct i386 system call (socket 359 ...
 * shutdown 373). Setting __socketcall_only to 1 makes every call go through
 * the socketcall(2) multiplexer instead, which is how usertests run each
 * contract test through both entry points; socketcall() itself is exported.
 */
#ifndef _SYS_SOCKET_H
#define _SYS_SOCKET_H

#include <sys/types.h>
#include <sys/uio.h>
#include <uapi/socket.h>

struct msghdr {
	void *msg_name;
	socklen_t msg_namelen;
	struct iovec *msg_iov;
	size_t msg_iovlen;
	void *msg_control;
	size_t msg_controllen;
	int msg_flags;
};

#define CMSG_FIRSTHDR(m) \
	((m)->msg_controllen >= sizeof(struct cmsghdr) ? \
	 (struct cmsghdr *)(m)->msg_control : (struct cmsghdr *)0)
#define CMSG_NXTHDR(m, c)	__cmsg_nxthdr((m), (c))

static inline struct cmsghdr *__cmsg_nxthdr(struct msghdr *m, struct cmsghdr *c)
{
	char *end = (char *)m->msg_control + m->msg_controllen;
	char *next = (char *)c + CMSG_ALIGN(c->cmsg_len);

	if (c->cmsg_len < sizeof(struct cmsghdr) ||
	    next + sizeof(struct cmsghdr) > end ||
	    next + CMSG_ALIGN(((struct cmsghdr *)next)->cmsg_len) > end)
		return (struct cmsghdr *)0;
	return (struct cmsghdr *)next;
}

int socket(int domain, int type, int protocol);
int socketpair(int domain, int type, int protocol, int sv[2]);
int bind(int fd, const struct sockaddr *addr, socklen_t len);
int connect(int fd, const struct sockaddr *addr, socklen_t len);
int listen(int fd, int backlog);
int accept(int fd, struct sockaddr *addr, socklen_t *len);
int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);
int getsockname(int fd, struct sockaddr *addr, socklen_t *len);
int getpeername(int fd, struct sockaddr *addr, socklen_t *len);
ssize_t send(int fd, const void *buf, size_t n, int flags);
ssize_t recv(int fd, void *buf, size_t n, int flags);
ssize_t sendto(int fd, const void *buf, size_t n, int flags,
	       const struct sockaddr *to, socklen_t tolen);
ssize_t recvfrom(int fd, void *buf, size_t n, int flags,
		 struct sockaddr *from, socklen_t *fromlen);
ssize_t sendmsg(int fd, const struct msghdr *msg, int flags);
ssize_t recvmsg(int fd, struct msghdr *msg, int flags);
int shutdown(int fd, int how);
int setsockopt(int fd, int level, int name, const void *val, socklen_t len);
int getsockopt(int fd, int level, int name, void *val, socklen_t *len);

/* socketcall(2): call is SYS_SOCKET..SYS_SENDMMSG, args the argument block. */
int socketcall(int call, unsigned long *args);
/* Nonzero: route every call above through socketcall(2). */
extern int __socketcall_only;

#endif
