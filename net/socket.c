/*
 * The socket system calls: socket, socketpair, bind, connect, listen,
 * accept4, getsockname, getpeername, sendto, recvfrom, sendmsg, recvmsg,
 * shutdown, setsockopt, getsockopt - reached both by their direct i386
 * numbers (359-373) and through socketcall(2) (102), which copies the
 * argument block from user space and calls the same __sys_* function.
 *
 * Each __sys_* only fetches and checks its arguments, in the order Linux
 * does (so the same bad call fails with the same errno), then calls the
 * socket's proto_ops (af_inet.c for AF_INET). Addresses cross with
 * move_addr_to_kernel / move_addr_to_user; messages with a kernel struct
 * msghdr whose iovec is a kernel copy of the caller's array.
 *
 * A socket that is O_NONBLOCK (SOCK_NONBLOCK, fcntl, FIONBIO) adds
 * MSG_DONTWAIT to every send and receive here, so protocols see one flag.
 * Neighbours: net/core/sockfs.c (sock_alloc, files, sock_create),
 * net/core/sockopt.c (SOL_SOCKET), kernel/syscall.c (the table).
 */
#include <linux/net.h>
#include <linux/fdtable.h>
#include <linux/uaccess.h>
#include <linux/slab.h>
#include <linux/syscalls.h>
#include <linux/trace_events.h>
#include <net/sock.h>

/* ---- addresses ------------------------------------------------------------- */

static int move_addr_to_kernel(void __user *uaddr, int ulen, struct sockaddr_storage *kaddr)
{
	if (ulen < 0 || ulen > (int)sizeof(struct sockaddr_storage))
		return -EINVAL;
	if (ulen == 0)
		return 0;
	if (copy_from_user(kaddr, uaddr, ulen))
		return -EFAULT;
	return 0;
}

/*
 * Give an address back: at most *ulen bytes of it, and the full length in
 * *ulen so the caller can see it was truncated.
 */
static int move_addr_to_user(struct sockaddr_storage *kaddr, int klen,
			     void __user *uaddr, int __user *ulen)
{
	int len;

	if (get_user(len, ulen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if (len > klen)
		len = klen;
	if (len && copy_to_user(uaddr, kaddr, len))
		return -EFAULT;
	return put_user(klen, ulen);
}

/* net.core.optmem_max: the most control data one sendmsg may carry (Linux's default). */
#define SYSCTL_OPTMEM_MAX	20480

/* fd -> socket with a file reference the caller drops with fput(sock->file). */
static struct socket *sockfd_lookup_light(int fd, int *err)
{
	return sockfd_lookup(fd, err);
}

static int sock_sendmsg(struct socket *sock, struct msghdr *msg)
{
	return sock->ops->sendmsg(sock, msg, msg->msg_len);
}

static int sock_recvmsg(struct socket *sock, struct msghdr *msg, int flags)
{
	return sock->ops->recvmsg(sock, msg, msg->msg_len, flags);
}

/* ---- socket, socketpair ------------------------------------------------------ */

long __sys_socket(int family, int type, int protocol)
{
	struct socket *sock;
	int flags, err;

	flags = type & ~SOCK_TYPE_MASK;
	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	type &= SOCK_TYPE_MASK;
	err = sock_create(family, type, protocol, &sock);
	if (err < 0)
		return err;
	return sock_map_fd(sock, flags & (O_CLOEXEC | O_NONBLOCK));
}

long __sys_socketpair(int family, int type, int protocol, int __user *usockvec)
{
	struct socket *sock1, *sock2;
	struct file *newfile1, *newfile2;
	int fd1, fd2, err, flags;

	flags = type & ~SOCK_TYPE_MASK;
	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	type &= SOCK_TYPE_MASK;

	/* Reserve both fds and tell the caller before anything else can fail late. */
	fd1 = get_unused_fd_flags(flags);
	if (fd1 < 0)
		return fd1;
	fd2 = get_unused_fd_flags(flags);
	if (fd2 < 0) {
		err = fd2;
		goto out_put_fd1;
	}
	err = put_user(fd1, &usockvec[0]);
	if (err)
		goto out_put_fd2;
	err = put_user(fd2, &usockvec[1]);
	if (err)
		goto out_put_fd2;

	err = sock_create(family, type, protocol, &sock1);
	if (err < 0)
		goto out_put_fd2;
	err = sock_create(family, type, protocol, &sock2);
	if (err < 0)
		goto out_release_1;
	err = sock1->ops->socketpair(sock1, sock2);
	if (err < 0)
		goto out_release_both;

	newfile1 = sock_alloc_file(sock1, flags, NULL);
	if (IS_ERR(newfile1)) {
		err = PTR_ERR(newfile1);
		sock_release(sock2);
		goto out_put_fd2;
	}
	newfile2 = sock_alloc_file(sock2, flags, NULL);
	if (IS_ERR(newfile2)) {
		err = PTR_ERR(newfile2);
		fput(newfile1);
		goto out_put_fd2;
	}
	fd_install(fd1, newfile1);
	fd_install(fd2, newfile2);
	return 0;

out_release_both:
	sock_release(sock2);
out_release_1:
	sock_release(sock1);
out_put_fd2:
	put_unused_fd(fd2);
out_put_fd1:
	put_unused_fd(fd1);
	return err;
}

/* ---- bind, connect, listen, accept4 ----------------------------------------- */

long __sys_bind(int fd, struct sockaddr __user *umyaddr, int addrlen)
{
	struct sockaddr_storage address;
	struct socket *sock;
	int err;

	sock = sockfd_lookup_light(fd, &err);
	if (!sock)
		return err;
	err = move_addr_to_kernel(umyaddr, addrlen, &address);
	if (!err)
		err = sock->ops->bind(sock, (struct sockaddr *)&address, addrlen);
	fput(sock->file);
	return err;
}

long __sys_connect(int fd, struct sockaddr __user *uservaddr, int addrlen)
{
	struct sockaddr_storage address;
	struct socket *sock;
	int err;

	sock = sockfd_lookup_light(fd, &err);
	if (!sock)
		return err;
	err = move_addr_to_kernel(uservaddr, addrlen, &address);
	if (!err)
		err = sock->ops->connect(sock, (struct sockaddr *)&address, addrlen,
					 sock->file->f_flags);
	fput(sock->file);
	return err;
}

/*
 * The backlog listen() asked for, clamped to net.core.somaxconn. Compared
 * unsigned, as Linux does: a negative backlog means "as many as allowed".
 */
static int listen_backlog(int fd, int backlog)
{
	/* LAB(listen) BEGIN: listen_backlog */
	int somaxconn = READ_ONCE(sysctl_somaxconn);

	trace_event(sys_listen, fd, backlog, somaxconn, (unsigned int)backlog > (unsigned int)somaxconn);
	if ((unsigned int)backlog > (unsigned int)somaxconn)
		backlog = somaxconn;
	return backlog;
	/* LAB(listen) END: listen_backlog */
}

/* listen may be called again on a listener to change its backlog. */
long __sys_listen(int fd, int backlog)
{
	struct socket *sock;
	int err;

	sock = sockfd_lookup_light(fd, &err);
	if (!sock)
		return err;
	err = sock->ops->listen(sock, listen_backlog(fd, backlog));
	fput(sock->file);
	return err;
}

/*
 * accept4, step by step as Linux (docs/accept4.md walks through it):
 * the fd (EBADF) -> flags (EINVAL) -> the listening socket (ENOTSOCK) -> a new socket with the listener's type
 * and ops -> a reserved fd -> its file -> ops->accept fills the socket ->
 * the peer's address to the caller -> fd_install, last, so the new fd
 * never exists in a half-made state. Any failure unwinds everything.
 */
long __sys_accept4(int fd, struct sockaddr __user *upeer_sockaddr,
		   int __user *upeer_addrlen, int flags)
{
	/* LAB(accept4) BEGIN: sys_accept4 */
	struct sockaddr_storage address;
	struct socket *sock, *newsock;
	struct file *file, *newfile;
	int err, len, newfd;

	trace_event(accept4_enter, fd, flags);
	/* Linux (since 5.5) resolves the fd first, then checks flags, then the socket. */
	file = fget(fd);
	if (!file)
		return -EBADF;
	err = -EINVAL;
	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		goto out_put;
	err = -ENOTSOCK;
	sock = sock_from_file(file);
	if (!sock)
		goto out_put;

	err = -ENFILE;
	newsock = sock_alloc();
	trace_event(accept4_step, A4_SOCK_ALLOC, newsock ? 0 : -ENFILE);
	if (!newsock)
		goto out_put;
	newsock->type = sock->type;
	newsock->ops = sock->ops;

	newfd = get_unused_fd_flags(flags);
	trace_event(accept4_step, A4_GET_UNUSED_FD, newfd);
	if (newfd < 0) {
		err = newfd;
		goto out_release;
	}
	newfile = sock_alloc_file(newsock, flags, NULL);
	trace_event(accept4_step, A4_SOCK_ALLOC_FILE, IS_ERR(newfile) ? PTR_ERR(newfile) : 0);
	if (IS_ERR(newfile)) {
		err = PTR_ERR(newfile);
		goto out_put_fd;	/* sock_alloc_file released newsock */
	}

	err = sock->ops->accept(sock, newsock, file->f_flags | (flags & O_NONBLOCK), false);
	trace_event(accept4_step, A4_OPS_ACCEPT, err);
	if (err < 0)
		goto out_fd;

	if (upeer_sockaddr) {
		len = newsock->ops->getname(newsock, (struct sockaddr *)&address, 2);
		if (len < 0) {
			err = -ECONNABORTED;
			goto out_fd;
		}
		err = move_addr_to_user(&address, len, upeer_sockaddr, upeer_addrlen);
		trace_event(accept4_step, A4_MOVE_ADDR, err);
		if (err < 0)
			goto out_fd;
	}

	fd_install(newfd, newfile);
	trace_event(accept4_step, A4_FD_INSTALL, newfd);
	err = newfd;
out_put:
	fput(file);
	trace_event(accept4_exit, err);
	return err;
out_fd:
	fput(newfile);		/* releases newsock through sock_close */
out_put_fd:
	put_unused_fd(newfd);
	goto out_put;
out_release:
	sock_release(newsock);
	goto out_put;
	/* LAB(accept4) END: sys_accept4 */
}

/* ---- names ------------------------------------------------------------------ */

long __sys_getsockname(int fd, struct sockaddr __user *usockaddr, int __user *usockaddr_len)
{
	struct sockaddr_storage address;
	struct socket *sock;
	int err;

	sock = sockfd_lookup_light(fd, &err);
	if (!sock)
		return err;
	memset(&address, 0, sizeof(address));
	err = sock->ops->getname(sock, (struct sockaddr *)&address, 0);
	if (err >= 0)
		err = move_addr_to_user(&address, err, usockaddr, usockaddr_len);
	fput(sock->file);
	return err;
}

long __sys_getpeername(int fd, struct sockaddr __user *usockaddr, int __user *usockaddr_len)
{
	struct sockaddr_storage address;
	struct socket *sock;
	int err;

	sock = sockfd_lookup_light(fd, &err);
	if (!sock)
		return err;
	memset(&address, 0, sizeof(address));
	err = sock->ops->getname(sock, (struct sockaddr *)&address, 1);
	if (err >= 0)
		err = move_addr_to_user(&address, err, usockaddr, usockaddr_len);
	fput(sock->file);
	return err;
}

/* ---- sending and receiving --------------------------------------------------- */

long __sys_sendto(int fd, void __user *buff, size_t len, unsigned int flags,
		  struct sockaddr __user *addr, int addr_len)
{
	struct sockaddr_storage address;
	struct iovec iov = { .iov_base = buff, .iov_len = len };
	struct msghdr msg;
	struct socket *sock;
	int err;

	if (!access_ok(buff, len))
		return -EFAULT;
	sock = sockfd_lookup_light(fd, &err);
	if (!sock)
		return err;
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_len = len;
	if (addr) {
		err = move_addr_to_kernel(addr, addr_len, &address);
		if (err < 0)
			goto out_put;
		msg.msg_name = &address;
		msg.msg_namelen = addr_len;
	}
	if (sock->file->f_flags & O_NONBLOCK)
		flags |= MSG_DONTWAIT;
	msg.msg_flags = flags;
	err = sock_sendmsg(sock, &msg);
out_put:
	fput(sock->file);
	return err;
}

long __sys_recvfrom(int fd, void __user *ubuf, size_t size, unsigned int flags,
		    struct sockaddr __user *addr, int __user *addr_len)
{
	struct sockaddr_storage address;
	struct iovec iov = { .iov_base = ubuf, .iov_len = size };
	struct msghdr msg;
	struct socket *sock;
	int err, err2;

	if (!access_ok(ubuf, size))
		return -EFAULT;
	sock = sockfd_lookup_light(fd, &err);
	if (!sock)
		return err;
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_len = size;
	msg.msg_name = addr ? &address : NULL;
	msg.msg_namelen = 0;
	if (sock->file->f_flags & O_NONBLOCK)
		flags |= MSG_DONTWAIT;
	err = sock_recvmsg(sock, &msg, flags);
	if (err >= 0 && addr) {
		err2 = move_addr_to_user(&address, msg.msg_namelen, addr, addr_len);
		if (err2 < 0)
			err = err2;
	}
	fput(sock->file);
	return err;
}

/*
 * Copy a user_msghdr and its iovec array in. iov points at the caller's
 * fast array; a longer vector is kmalloc'd into *iovp (kfree it after,
 * also on error). Not static: host unit tests (test_msghdr.c) drive it.
 */
int copy_msghdr_from_user(struct msghdr *kmsg, struct user_msghdr __user *umsg,
				 struct sockaddr_storage *addr, struct iovec *iov,
				 struct iovec **iovp, struct user_msghdr *msg, bool send)
{
	size_t total = 0;
	unsigned long i;
	int err;

	if (copy_from_user(msg, umsg, sizeof(*msg)))
		return -EFAULT;
	memset(kmsg, 0, sizeof(*kmsg));
	if (msg->msg_namelen < 0)
		return -EINVAL;
	if (msg->msg_namelen > (int)sizeof(struct sockaddr_storage))
		msg->msg_namelen = sizeof(struct sockaddr_storage);
	kmsg->msg_control = msg->msg_control;
	kmsg->msg_controllen = msg->msg_controllen;
	kmsg->msg_flags = 0;
	if (msg->msg_name) {
		kmsg->msg_name = addr;
		if (send) {
			kmsg->msg_namelen = msg->msg_namelen;
			if (msg->msg_namelen) {
				err = move_addr_to_kernel(msg->msg_name, msg->msg_namelen, addr);
				if (err < 0)
					return err;
			}
		}
	}
	if (msg->msg_iovlen > UIO_MAXIOV)
		return -EMSGSIZE;
	*iovp = NULL;
	if (msg->msg_iovlen > UIO_FASTIOV) {
		iov = kmalloc(msg->msg_iovlen * sizeof(struct iovec), GFP_KERNEL);
		if (!iov)
			return -ENOMEM;
		*iovp = iov;
	}
	if (msg->msg_iovlen && copy_from_user(iov, msg->msg_iov, msg->msg_iovlen * sizeof(*iov)))
		return -EFAULT;
	for (i = 0; i < msg->msg_iovlen; i++) {
		/* Negative as the ABI's 32-bit ssize_t (not ssize_t: long on a 64-bit build). */
		if ((__kernel_ssize_t)iov[i].iov_len < 0)
			return -EINVAL;
		if (!access_ok(iov[i].iov_base, iov[i].iov_len))
			return -EFAULT;
		if (iov[i].iov_len > 0x7ffff000 - total)	/* MAX_RW_COUNT: Linux truncates */
			iov[i].iov_len = 0x7ffff000 - total;
		total += iov[i].iov_len;
	}
	kmsg->msg_iov = iov;
	kmsg->msg_iovlen = msg->msg_iovlen;
	kmsg->msg_len = total;
	return 0;
}

long __sys_sendmsg(int fd, struct user_msghdr __user *umsg, unsigned int flags)
{
	struct sockaddr_storage address;
	struct iovec iovstack[UIO_FASTIOV], *iovp = NULL;
	struct user_msghdr msg;
	struct msghdr kmsg;
	struct socket *sock;
	void *ctl_buf = NULL;
	int err;

	sock = sockfd_lookup_light(fd, &err);
	if (!sock)
		return err;
	err = copy_msghdr_from_user(&kmsg, umsg, &address, iovstack, &iovp, &msg, true);
	if (err < 0)
		goto out_free;
	if (msg.msg_controllen > 0x7fffffff) {
		err = -ENOBUFS;
		goto out_free;
	}
	/*
	 * Control messages cross once, into a kernel buffer, before the
	 * protocol sees them (Linux's ctl_buf): scm_send then walks a copy
	 * the user cannot change under it. Bigger than optmem_max: ENOBUFS.
	 */
	if (msg.msg_controllen) {
		err = -ENOBUFS;
		if (msg.msg_controllen > SYSCTL_OPTMEM_MAX)
			goto out_free;
		ctl_buf = kmalloc(msg.msg_controllen, GFP_KERNEL);
		if (!ctl_buf)
			goto out_free;
		err = -EFAULT;
		if (copy_from_user(ctl_buf, msg.msg_control, msg.msg_controllen))
			goto out_free;
		kmsg.msg_control = (void __user *)ctl_buf;
	}
	if (sock->file->f_flags & O_NONBLOCK)
		flags |= MSG_DONTWAIT;
	kmsg.msg_flags = flags;
	err = sock_sendmsg(sock, &kmsg);
out_free:
	kfree(ctl_buf);
	kfree(iovp);
	fput(sock->file);
	return err;
}

long __sys_recvmsg(int fd, struct user_msghdr __user *umsg, unsigned int flags)
{
	struct sockaddr_storage address;
	struct iovec iovstack[UIO_FASTIOV], *iovp = NULL;
	struct user_msghdr msg;
	struct msghdr kmsg;
	struct socket *sock;
	void __user *cmsg_start;
	int err, len;

	sock = sockfd_lookup_light(fd, &err);
	if (!sock)
		return err;
	err = copy_msghdr_from_user(&kmsg, umsg, &address, iovstack, &iovp, &msg, false);
	if (err < 0)
		goto out_free;
	cmsg_start = kmsg.msg_control;
	if (sock->file->f_flags & O_NONBLOCK)
		flags |= MSG_DONTWAIT;
	err = sock_recvmsg(sock, &kmsg, flags);
	if (err < 0)
		goto out_free;
	len = err;
	if (msg.msg_name) {
		err = move_addr_to_user(&address, kmsg.msg_namelen, msg.msg_name,
					&umsg->msg_namelen);
		if (err < 0)
			goto out_free;
	}
	err = put_user(kmsg.msg_flags, &umsg->msg_flags);
	if (err)
		goto out_free;
	err = put_user((__kernel_size_t)((char __user *)kmsg.msg_control - (char __user *)cmsg_start),
		       &umsg->msg_controllen);
	if (err)
		goto out_free;
	err = len;
out_free:
	kfree(iovp);
	fput(sock->file);
	return err;
}

/* ---- shutdown, options --------------------------------------------------------- */

long __sys_shutdown(int fd, int how)
{
	struct socket *sock;
	int err;

	sock = sockfd_lookup_light(fd, &err);
	if (!sock)
		return err;
	err = sock->ops->shutdown(sock, how);
	fput(sock->file);
	return err;
}

long __sys_setsockopt(int fd, int level, int optname, char __user *optval, int optlen)
{
	struct socket *sock;
	int err;

	if (optlen < 0)
		return -EINVAL;
	sock = sockfd_lookup_light(fd, &err);
	if (!sock)
		return err;
	if (level == SOL_SOCKET)
		err = sock_setsockopt(sock, level, optname, optval, optlen);
	else
		err = sock->ops->setsockopt(sock, level, optname, optval, optlen);
	fput(sock->file);
	return err;
}

long __sys_getsockopt(int fd, int level, int optname, char __user *optval, int __user *optlen)
{
	struct socket *sock;
	int err;

	sock = sockfd_lookup_light(fd, &err);
	if (!sock)
		return err;
	if (level == SOL_SOCKET)
		err = sock_getsockopt(sock, level, optname, optval, optlen);
	else
		err = sock->ops->getsockopt(sock, level, optname, optval, optlen);
	fput(sock->file);
	return err;
}

/* ---- the system call entry points -------------------------------------------- */

long sys_socket(int family, int type, int protocol)
{
	return __sys_socket(family, type, protocol);
}
long sys_socketpair(int family, int type, int protocol, int __user *usockvec)
{
	return __sys_socketpair(family, type, protocol, usockvec);
}
long sys_bind(int fd, struct sockaddr __user *umyaddr, int addrlen)
{
	return __sys_bind(fd, umyaddr, addrlen);
}
long sys_connect(int fd, struct sockaddr __user *uservaddr, int addrlen)
{
	return __sys_connect(fd, uservaddr, addrlen);
}
long sys_listen(int fd, int backlog)
{
	return __sys_listen(fd, backlog);
}
long sys_accept4(int fd, struct sockaddr __user *upeer, int __user *upeer_len, int flags)
{
	return __sys_accept4(fd, upeer, upeer_len, flags);
}
long sys_getsockname(int fd, struct sockaddr __user *usa, int __user *usa_len)
{
	return __sys_getsockname(fd, usa, usa_len);
}
long sys_getpeername(int fd, struct sockaddr __user *usa, int __user *usa_len)
{
	return __sys_getpeername(fd, usa, usa_len);
}
long sys_sendto(int fd, void __user *buff, size_t len, unsigned int flags,
		struct sockaddr __user *addr, int addr_len)
{
	return __sys_sendto(fd, buff, len, flags, addr, addr_len);
}
long sys_recvfrom(int fd, void __user *ubuf, size_t size, unsigned int flags,
		  struct sockaddr __user *addr, int __user *addr_len)
{
	return __sys_recvfrom(fd, ubuf, size, flags, addr, addr_len);
}
long sys_sendmsg(int fd, struct user_msghdr __user *msg, unsigned int flags)
{
	return __sys_sendmsg(fd, msg, flags);
}
long sys_recvmsg(int fd, struct user_msghdr __user *msg, unsigned int flags)
{
	return __sys_recvmsg(fd, msg, flags);
}
long sys_shutdown(int fd, int how)
{
	return __sys_shutdown(fd, how);
}
long sys_setsockopt(int fd, int level, int optname, char __user *optval, int optlen)
{
	return __sys_setsockopt(fd, level, optname, optval, optlen);
}
long sys_getsockopt(int fd, int level, int optname, char __user *optval, int __user *optlen)
{
	return __sys_getsockopt(fd, level, optname, optval, optlen);
}

/*
 * socketcall(2): how many unsigned long arguments each call number takes
 * (Linux's nargs[], in units of arguments here).
 */
static const unsigned char socketcall_nargs[SYS_SENDMMSG + 1] = {
	0, 3, 3, 3, 2, 3, 3, 3, 4, 4, 4, 6, 6, 2, 5, 5, 3, 3, 4, 5, 4
};

long sys_socketcall(int call, unsigned long __user *args)
{
	unsigned long a[6];
	unsigned int len;

	if (call < 1 || call > SYS_SENDMMSG)
		return -EINVAL;
	len = socketcall_nargs[call] * sizeof(unsigned long);
	if (copy_from_user(a, args, len))
		return -EFAULT;

	switch (call) {
	case SYS_SOCKET:
		return __sys_socket(a[0], a[1], a[2]);
	case SYS_BIND:
		return __sys_bind(a[0], (struct sockaddr __user *)a[1], a[2]);
	case SYS_CONNECT:
		return __sys_connect(a[0], (struct sockaddr __user *)a[1], a[2]);
	case SYS_LISTEN:
		return __sys_listen(a[0], a[1]);
	case SYS_ACCEPT:
		return __sys_accept4(a[0], (struct sockaddr __user *)a[1], (int __user *)a[2], 0);
	case SYS_GETSOCKNAME:
		return __sys_getsockname(a[0], (struct sockaddr __user *)a[1], (int __user *)a[2]);
	case SYS_GETPEERNAME:
		return __sys_getpeername(a[0], (struct sockaddr __user *)a[1], (int __user *)a[2]);
	case SYS_SOCKETPAIR:
		return __sys_socketpair(a[0], a[1], a[2], (int __user *)a[3]);
	case SYS_SEND:
		return __sys_sendto(a[0], (void __user *)a[1], a[2], a[3], NULL, 0);
	case SYS_SENDTO:
		return __sys_sendto(a[0], (void __user *)a[1], a[2], a[3],
				    (struct sockaddr __user *)a[4], a[5]);
	case SYS_RECV:
		return __sys_recvfrom(a[0], (void __user *)a[1], a[2], a[3], NULL, NULL);
	case SYS_RECVFROM:
		return __sys_recvfrom(a[0], (void __user *)a[1], a[2], a[3],
				      (struct sockaddr __user *)a[4], (int __user *)a[5]);
	case SYS_SHUTDOWN:
		return __sys_shutdown(a[0], a[1]);
	case SYS_SETSOCKOPT:
		return __sys_setsockopt(a[0], a[1], a[2], (char __user *)a[3], a[4]);
	case SYS_GETSOCKOPT:
		return __sys_getsockopt(a[0], a[1], a[2], (char __user *)a[3], (int __user *)a[4]);
	case SYS_SENDMSG:
		return __sys_sendmsg(a[0], (struct user_msghdr __user *)a[1], a[2]);
	case SYS_RECVMSG:
		return __sys_recvmsg(a[0], (struct user_msghdr __user *)a[1], a[2]);
	case SYS_ACCEPT4:
		return __sys_accept4(a[0], (struct sockaddr __user *)a[1], (int __user *)a[2], a[3]);
	default:
		return -ENOSYS;		/* recvmmsg, sendmmsg: not yet */
	}
}
