/*
 * Netlink's wire format (Linux's include/uapi/linux/netlink.h): the
 * address, the message header every request and reply starts with, the
 * alignment macros, and the control message types. Sockeye serves one
 * netlink protocol, NETLINK_SOCK_DIAG (uapi/sock_diag.h).
 */
#ifndef _UAPI_NETLINK_H
#define _UAPI_NETLINK_H

#include "types.h"

#define NETLINK_ROUTE		0
#define NETLINK_SOCK_DIAG	4

struct sockaddr_nl {
	unsigned short	nl_family;	/* AF_NETLINK */
	unsigned short	nl_pad;
	__u32		nl_pid;		/* port id: 0 is the kernel */
	__u32		nl_groups;	/* multicast groups (none served) */
};

struct nlmsghdr {
	__u32 nlmsg_len;		/* header included */
	__u16 nlmsg_type;
	__u16 nlmsg_flags;
	__u32 nlmsg_seq;
	__u32 nlmsg_pid;
};

/* Flags */
#define NLM_F_REQUEST	0x01
#define NLM_F_MULTI	0x02		/* part of a multipart reply, ended by NLMSG_DONE */
#define NLM_F_ACK	0x04
#define NLM_F_ECHO	0x08
#define NLM_F_DUMP_INTR	0x10
#define NLM_F_ROOT	0x100
#define NLM_F_MATCH	0x200
#define NLM_F_DUMP	(NLM_F_ROOT | NLM_F_MATCH)

#define NLMSG_ALIGNTO	4U
#define NLMSG_ALIGN(len)	(((len) + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1))
#define NLMSG_HDRLEN	((int)NLMSG_ALIGN(sizeof(struct nlmsghdr)))
#define NLMSG_LENGTH(len)	((len) + NLMSG_HDRLEN)
#define NLMSG_SPACE(len)	NLMSG_ALIGN(NLMSG_LENGTH(len))
#define NLMSG_DATA(nlh)	((void *)(((char *)(nlh)) + NLMSG_HDRLEN))
#define NLMSG_NEXT(nlh, len)	((len) -= NLMSG_ALIGN((nlh)->nlmsg_len), \
				 (struct nlmsghdr *)(((char *)(nlh)) + NLMSG_ALIGN((nlh)->nlmsg_len)))
#define NLMSG_OK(nlh, len)	((len) >= (int)sizeof(struct nlmsghdr) && \
				 (nlh)->nlmsg_len >= sizeof(struct nlmsghdr) && \
				 (nlh)->nlmsg_len <= (unsigned int)(len))
#define NLMSG_PAYLOAD(nlh, len)	((nlh)->nlmsg_len - NLMSG_SPACE((len)))

#define NLMSG_NOOP	0x1
#define NLMSG_ERROR	0x2		/* struct nlmsgerr */
#define NLMSG_DONE	0x3		/* ends a multipart reply; an int (0) follows */
#define NLMSG_OVERRUN	0x4
#define NLMSG_MIN_TYPE	0x10		/* below: control messages */

struct nlmsgerr {
	int		error;		/* -errno, or 0 for an ACK */
	struct nlmsghdr	msg;		/* the request's header */
};

/* Attributes after a message's fixed part (struct rtattr in Linux's older spelling). */
struct nlattr {
	__u16 nla_len;			/* header included */
	__u16 nla_type;
};
#define NLA_ALIGNTO	4
#define NLA_ALIGN(len)	(((len) + NLA_ALIGNTO - 1) & ~(NLA_ALIGNTO - 1))
#define NLA_HDRLEN	((int)NLA_ALIGN(sizeof(struct nlattr)))

#endif
