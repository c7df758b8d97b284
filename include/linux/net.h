/*
 * struct socket: the file side of a socket, and the tables that connect a
 * socket(2) call to a protocol family.
 *
 *   socket(2) -> __sys_socket -> sock_create -> __sock_create
 *             -> sock_alloc (a struct socket + an S_IFSOCK pseudo inode)
 *             -> net_families[family]->create (inet_create, af_inet.c)
 *                  picks (proto_ops, proto) from inetsw, allocates the
 *                  struct sock (include/net/sock.h) and links the two
 *             -> sock_alloc_file (the struct file, f_op = socket_file_ops)
 *             -> fd_install
 *
 * A struct socket lives exactly as long as its file; a struct sock may
 * outlive it (a packet in flight holds a reference, TCP's TIME_WAIT). The
 * split is Linux's: everything user-facing (type, file, wait queue,
 * proto_ops) here, everything the protocol needs in softirq in struct sock.
 *
 * proto_ops: one const table per family/type (inet_dgram_ops,
 * inet_sockraw_ops, later inet_stream_ops). Operations a type does not
 * have point at explicit sock_no_* stubs (net/core/sock.c), never NULL, so
 * net/socket.c calls them without checks.
 *
 * Implementation: net/socket.c (system calls), net/core/sockfs.c
 * (sock_alloc, files, release), net/core/sock.c (sock_no_*).
 */
#ifndef _LINUX_NET_H
#define _LINUX_NET_H

#include "kernel.h"
#include "wait.h"
#include "fs.h"
#include "../uapi/socket.h"

struct sock;
struct socket;
struct poll_table_struct;
struct msghdr;

/* socket->state: where a connection-oriented socket stands (Linux's socket_state). */
typedef enum {
	SS_FREE = 0,		/* not allocated */
	SS_UNCONNECTED,		/* unconnected to any socket */
	SS_CONNECTING,		/* in process of connecting */
	SS_CONNECTED,		/* connected to socket */
	SS_DISCONNECTING	/* in process of disconnecting */
} socket_state;
const char *socket_state_name(socket_state s);

/* socket->flags bits */
#define SOCK_NOSPACE		2	/* a writer found the send buffer full */
#define SOCK_PASSCRED		3

/* The wait queue sleepers and poll() hook onto; sk->sk_wq points here. */
struct socket_wq {
	wait_queue_head_t	wait;
};

struct socket {
	socket_state		state;
	short			type;		/* SOCK_STREAM, SOCK_DGRAM, SOCK_RAW */
	unsigned long		flags;		/* SOCK_NOSPACE ... */
	struct file		*file;		/* back pointer; NULL until sock_alloc_file */
	struct sock		*sk;
	const struct proto_ops	*ops;
	struct inode		*inode;		/* S_IFSOCK pseudo inode (fstat) */
	struct socket_wq	wq;
};

/*
 * The kernel's view of a message (user_msghdr with the iovec copied in):
 * msg_name is a kernel buffer (sockaddr_storage), msg_iter walks the user
 * buffers. msg_control: on receive the user's pointer (put_cmsg writes it);
 * on send a kernel copy net/socket.c made (scm_send reads it).
 */
#define UIO_FASTIOV	8
#define UIO_MAXIOV	1024
struct msghdr {
	void			*msg_name;	/* kernel copy of the address, or NULL */
	int			msg_namelen;
	struct iovec		*msg_iov;	/* kernel copy of the user's iovec array */
	unsigned long		msg_iovlen;
	size_t			msg_len;	/* sum of the iov_len */
	void __user		*msg_control;	/* cmsgs: user (recv) or kernel copy (send) */
	size_t			msg_controllen;	/* room left in msg_control */
	unsigned int		msg_flags;	/* flags on received message (MSG_TRUNC...) */
	bool			msg_kernel;	/* msg_iov points at kernel memory (sendfile) */
};

/* Copy between an skb-linear buffer and the user's iovec, advancing it (0 or -EFAULT). */
int memcpy_from_msg(void *data, struct msghdr *msg, int len);
int memcpy_to_msg(struct msghdr *msg, const void *data, int len);
int put_cmsg(struct msghdr *msg, int level, int type, int len, const void *data);
/* net/socket.c: a user's msghdr and iovec in (EINVAL, EMSGSIZE past UIO_MAXIOV, EFAULT). */
int copy_msghdr_from_user(struct msghdr *kmsg, struct user_msghdr __user *umsg,
			  struct sockaddr_storage *addr, struct iovec *iov,
			  struct iovec **iovp, struct user_msghdr *msg, bool send);

struct proto_ops {
	int		family;
	int		(*release)(struct socket *sock);
	int		(*bind)(struct socket *sock, struct sockaddr *addr, int addrlen);
	int		(*connect)(struct socket *sock, struct sockaddr *addr, int addrlen, int flags);
	int		(*socketpair)(struct socket *a, struct socket *b);
	int		(*accept)(struct socket *sock, struct socket *newsock, int flags, bool kern);
	int		(*getname)(struct socket *sock, struct sockaddr *addr, int peer);	/* returns len */
	__poll_t	(*poll)(struct file *file, struct socket *sock, struct poll_table_struct *wait);
	int		(*ioctl)(struct socket *sock, unsigned int cmd, unsigned long arg);
	int		(*listen)(struct socket *sock, int backlog);
	int		(*shutdown)(struct socket *sock, int how);
	int		(*setsockopt)(struct socket *sock, int level, int optname,
				      const void __user *optval, unsigned int optlen);
	int		(*getsockopt)(struct socket *sock, int level, int optname,
				      char __user *optval, int __user *optlen);
	int		(*sendmsg)(struct socket *sock, struct msghdr *m, size_t total_len);
	int		(*recvmsg)(struct socket *sock, struct msghdr *m, size_t total_len, int flags);
	int		(*set_peek_off)(struct sock *sk, int val);	/* SO_PEEK_OFF; NULL: EOPNOTSUPP */
};

/* A family's constructor: sock_register(&inet_family_ops) at init. */
struct net_proto_family {
	int	family;
	int	(*create)(struct socket *sock, int protocol, int kern);
};
int sock_register(const struct net_proto_family *ops);

/* sockfs.c */
struct socket *sock_alloc(void);
void sock_release(struct socket *sock);
struct file *sock_alloc_file(struct socket *sock, int flags, const char *dname);
struct socket *sock_from_file(struct file *file);	/* NULL if not a socket */
struct socket *sockfd_lookup(int fd, int *err);		/* +file ref: sockfd_put */
#define sockfd_put(sock)	fput((sock)->file)
int sock_create(int family, int type, int protocol, struct socket **res);
int __sock_create(int family, int type, int protocol, struct socket **res, int kern);
int sock_create_lite(int family, int type, int protocol, struct socket **res);
int sock_map_fd(struct socket *sock, int flags);
extern const struct file_operations socket_file_ops;
long sockets_in_use(void);				/* /proc/net/sockstat "sockets: used" */
void sock_init(void);					/* sockfs, sysctls, sockstat */

/* What a datagram socket does not do (net/core/sock.c). */
int sock_no_bind(struct socket *, struct sockaddr *, int);
int sock_no_connect(struct socket *, struct sockaddr *, int, int);
int sock_no_socketpair(struct socket *, struct socket *);
int sock_no_accept(struct socket *, struct socket *, int, bool);
int sock_no_getname(struct socket *, struct sockaddr *, int);
int sock_no_ioctl(struct socket *, unsigned int, unsigned long);
int sock_no_listen(struct socket *, int);
int sock_no_shutdown(struct socket *, int);
int sock_no_sendmsg(struct socket *, struct msghdr *, size_t);
int sock_no_recvmsg(struct socket *, struct msghdr *, size_t, int);

/* The interface and route ioctls a socket fd answers (net/core/dev_ioctl.c, net/ipv4/route.c). */
int dev_ioctl(unsigned int cmd, void __user *arg);
int ip_rt_ioctl(unsigned int cmd, void __user *arg);

extern int sysctl_somaxconn;

#endif
