/*
 * The socket ABI of i386 Linux: address families, socket types and flags,
 * SOL_SOCKET options, MSG_* flags, struct sockaddr / msghdr / cmsghdr,
 * and the socketcall(2) call numbers. Shared by net/socket.c and libc.
 */
#ifndef _UAPI_SOCKET_H
#define _UAPI_SOCKET_H

#include "types.h"
#include "misc.h"		/* struct iovec */

typedef unsigned short sa_family_t;
typedef unsigned int socklen_t;

#define AF_UNSPEC	0
#define AF_UNIX		1
#define AF_LOCAL	AF_UNIX
#define AF_INET		2
#define AF_INET6	10
#define AF_NETLINK	16
#define AF_PACKET	17
#define AF_MAX		46
#define PF_UNSPEC	AF_UNSPEC
#define PF_UNIX		AF_UNIX
#define PF_LOCAL	AF_LOCAL
#define PF_INET		AF_INET
#define PF_INET6	AF_INET6
#define PF_NETLINK	AF_NETLINK
#define PF_PACKET	AF_PACKET

#define SOCK_STREAM	1
#define SOCK_DGRAM	2
#define SOCK_RAW	3
#define SOCK_RDM	4
#define SOCK_SEQPACKET	5
#define SOCK_PACKET	10
#define SOCK_TYPE_MASK	0xf
#define SOCK_NONBLOCK	00004000	/* == O_NONBLOCK */
#define SOCK_CLOEXEC	02000000	/* == O_CLOEXEC */

#define SOL_SOCKET	1
#define SOL_IP		0
#define SOL_TCP		6
#define SOL_UDP		17
#define SOL_RAW		255

#define SO_DEBUG	1
#define SO_REUSEADDR	2
#define SO_TYPE		3
#define SO_ERROR	4
#define SO_DONTROUTE	5
#define SO_BROADCAST	6
#define SO_SNDBUF	7
#define SO_RCVBUF	8
#define SO_KEEPALIVE	9
#define SO_OOBINLINE	10
#define SO_NO_CHECK	11
#define SO_PRIORITY	12
#define SO_LINGER	13
#define SO_BSDCOMPAT	14
#define SO_REUSEPORT	15
#define SO_PASSCRED	16
#define SO_PEERCRED	17
#define SO_RCVLOWAT	18
#define SO_SNDLOWAT	19
#define SO_RCVTIMEO_OLD	20		/* struct timeval with 32-bit time_t */
#define SO_SNDTIMEO_OLD	21
#define SO_RCVTIMEO	SO_RCVTIMEO_OLD
#define SO_SNDTIMEO	SO_SNDTIMEO_OLD
#define SO_BINDTODEVICE	25
#define SO_TIMESTAMP_OLD 29
#define SO_TIMESTAMP	SO_TIMESTAMP_OLD
#define SO_ACCEPTCONN	30
#define SO_PEERSEC	31
#define SO_SNDBUFFORCE	32
#define SO_RCVBUFFORCE	33
#define SO_PROTOCOL	38
#define SO_DOMAIN	39
#define SO_PEEK_OFF	42		/* AF_UNIX: where MSG_PEEK reads from; -1 = off */
#define SO_BUSY_POLL	46		/* us of busy polling before a read sleeps */
#define SO_RCVTIMEO_NEW	66		/* struct __kernel_sock_timeval (64-bit) */
#define SO_SNDTIMEO_NEW	67

#define MSG_OOB		0x1
#define MSG_PEEK	0x2
#define MSG_DONTROUTE	0x4
#define MSG_CTRUNC	0x8
#define MSG_PROBE	0x10
#define MSG_TRUNC	0x20
#define MSG_DONTWAIT	0x40
#define MSG_EOR		0x80
#define MSG_WAITALL	0x100
#define MSG_FIN		0x200
#define MSG_SYN		0x400
#define MSG_CONFIRM	0x800
#define MSG_RST		0x1000
#define MSG_ERRQUEUE	0x2000
#define MSG_NOSIGNAL	0x4000
#define MSG_MORE	0x8000
#define MSG_WAITFORONE	0x10000
#define MSG_CMSG_CLOEXEC 0x40000000

#define SHUT_RD		0
#define SHUT_WR		1
#define SHUT_RDWR	2

#define SCM_RIGHTS	0x01
#define SCM_CREDENTIALS	0x02

/* Socket ioctls (Linux's asm-generic/sockios.h; SIOCINQ/SIOCOUTQ are the tty numbers). */
#define SIOCINQ		0x541B		/* == FIONREAD: bytes in the next datagram / queued */
#define SIOCOUTQ	0x5411		/* == TIOCOUTQ: bytes not yet sent */
#define FIOSETOWN	0x8901
#define SIOCSPGRP	0x8902
#define FIOGETOWN	0x8903
#define SIOCGPGRP	0x8904
#define SIOCATMARK	0x8905
#define SIOCGSTAMP_OLD	0x8906		/* struct timeval of the last packet received */
#define SIOCGSTAMP	SIOCGSTAMP_OLD

#define SOMAXCONN	4096		/* the default of /proc/sys/net/core/somaxconn */

struct sockaddr {
	sa_family_t sa_family;
	char sa_data[14];
};

struct sockaddr_storage {
	sa_family_t ss_family;
	char __data[128 - sizeof(sa_family_t)];
};

struct linger {
	int l_onoff;
	int l_linger;
};

struct ucred {
	__u32 pid;
	__u32 uid;
	__u32 gid;
};

/* What sendmsg/recvmsg take from user space (all fields 4 bytes on i386). */
struct user_msghdr {
	void *msg_name;
	int msg_namelen;
	struct iovec *msg_iov;
	__kernel_size_t msg_iovlen;
	void *msg_control;
	__kernel_size_t msg_controllen;
	unsigned int msg_flags;
};

struct cmsghdr {
	__kernel_size_t cmsg_len;	/* data + this header */
	int cmsg_level;
	int cmsg_type;
};

#define CMSG_ALIGN(len)	(((len) + sizeof(long) - 1) & ~(sizeof(long) - 1))
#define CMSG_DATA(c)	((unsigned char *)((struct cmsghdr *)(c) + 1))
#define CMSG_SPACE(len)	(sizeof(struct cmsghdr) + CMSG_ALIGN(len))
#define CMSG_LEN(len)	(sizeof(struct cmsghdr) + (len))

/* socketcall(2): call numbers and how many unsigned long arguments each takes. */
#define SYS_SOCKET	1
#define SYS_BIND	2
#define SYS_CONNECT	3
#define SYS_LISTEN	4
#define SYS_ACCEPT	5
#define SYS_GETSOCKNAME	6
#define SYS_GETPEERNAME	7
#define SYS_SOCKETPAIR	8
#define SYS_SEND	9
#define SYS_RECV	10
#define SYS_SENDTO	11
#define SYS_RECVFROM	12
#define SYS_SHUTDOWN	13
#define SYS_SETSOCKOPT	14
#define SYS_GETSOCKOPT	15
#define SYS_SENDMSG	16
#define SYS_RECVMSG	17
#define SYS_ACCEPT4	18
#define SYS_RECVMMSG	19
#define SYS_SENDMMSG	20

#endif
