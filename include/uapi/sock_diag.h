/*
 * NETLINK_SOCK_DIAG requests and replies (Linux's uapi sock_diag.h,
 * inet_diag.h, unix_diag.h): what `ss` sends and reads. One request type,
 * SOCK_DIAG_BY_FAMILY, whose payload starts with the family; AF_INET
 * takes struct inet_diag_req_v2 and answers struct inet_diag_msg, AF_UNIX
 * takes struct unix_diag_req and answers struct unix_diag_msg (+ attributes).
 */
#ifndef _UAPI_SOCK_DIAG_H
#define _UAPI_SOCK_DIAG_H

#include "types.h"

#define SOCK_DIAG_BY_FAMILY	20

struct sock_diag_req {
	__u8 sdiag_family;
	__u8 sdiag_protocol;
};

/* ---- inet_diag ---- */

struct inet_diag_sockid {
	__u16	idiag_sport;		/* network byte order, as dport, src, dst */
	__u16	idiag_dport;
	__u32	idiag_src[4];		/* IPv4: [0] only */
	__u32	idiag_dst[4];
	__u32	idiag_if;
	__u32	idiag_cookie[2];
#define INET_DIAG_NOCOOKIE (~0U)
};

struct inet_diag_req_v2 {
	__u8	sdiag_family;
	__u8	sdiag_protocol;
	__u8	idiag_ext;		/* INET_DIAG_* attributes wanted (1 << (attr - 1)) */
	__u8	pad;
	__u32	idiag_states;		/* 1 << TCP_* state */
	struct inet_diag_sockid id;
};

struct inet_diag_msg {
	__u8	idiag_family;
	__u8	idiag_state;
	__u8	idiag_timer;		/* 0 none, 1 retransmit, 2 keepalive, 3 TIME_WAIT, 4 probe */
	__u8	idiag_retrans;
	struct inet_diag_sockid id;
	__u32	idiag_expires;		/* ms */
	__u32	idiag_rqueue;		/* listener: accept queue length; else unread bytes */
	__u32	idiag_wqueue;		/* listener: backlog; else unacknowledged bytes */
	__u32	idiag_uid;
	__u32	idiag_inode;
};

/*
 * Attributes after an inet_diag_msg, each sent when its bit
 * (1 << (type - 1)) is set in idiag_ext. Sockeye fills INFO (TCP: struct
 * tcp_info, as getsockopt(TCP_INFO)) and CONG (the congestion control's
 * name, NUL-terminated); the others are Linux's numbers, not sent.
 */
enum {
	INET_DIAG_NONE,
	INET_DIAG_MEMINFO,
	INET_DIAG_INFO,
	INET_DIAG_VEGASINFO,
	INET_DIAG_CONG,
};

/* ---- unix_diag ---- */

struct unix_diag_req {
	__u8	sdiag_family;
	__u8	sdiag_protocol;
	__u16	pad;
	__u32	udiag_states;		/* 1 << TCP_LISTEN / TCP_ESTABLISHED / TCP_CLOSE ... */
	__u32	udiag_ino;
	__u32	udiag_show;		/* UDIAG_SHOW_* */
	__u32	udiag_cookie[2];
};

#define UDIAG_SHOW_NAME		0x00000001	/* UNIX_DIAG_NAME: the bound name */
#define UDIAG_SHOW_VFS		0x00000002
#define UDIAG_SHOW_PEER		0x00000004	/* UNIX_DIAG_PEER: the peer's inode */
#define UDIAG_SHOW_ICONS	0x00000008
#define UDIAG_SHOW_RQLEN	0x00000010	/* UNIX_DIAG_RQLEN */
#define UDIAG_SHOW_MEMINFO	0x00000020
#define UDIAG_SHOW_UID		0x00000040	/* UNIX_DIAG_UID */

struct unix_diag_msg {
	__u8	udiag_family;
	__u8	udiag_type;
	__u8	udiag_state;
	__u8	pad;
	__u32	udiag_ino;
	__u32	udiag_cookie[2];
};

enum {
	UNIX_DIAG_NAME,
	UNIX_DIAG_VFS,
	UNIX_DIAG_PEER,
	UNIX_DIAG_ICONS,
	UNIX_DIAG_RQLEN,
	UNIX_DIAG_MEMINFO,
	UNIX_DIAG_SHUTDOWN,
	UNIX_DIAG_UID,
};

struct unix_diag_rqlen {
	__u32	udiag_rqueue;		/* listener: pending connections; else unread bytes */
	__u32	udiag_wqueue;		/* listener: backlog; else bytes in flight */
};

#endif
