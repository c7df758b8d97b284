/*
 * Netlink inside the kernel: the socket (net/netlink/af_netlink.c), the
 * dump callback a multipart reply is produced through, and the helpers a
 * dumper uses to lay messages and attributes into a reply skb. The wire
 * format is uapi/netlink.h.
 *
 * A dump runs in steps: each step fills one skb (at most NLMSG_GOODSIZE)
 * through cb->dump, which returns skb->len while more remains and 0 when
 * done, and remembers where it stopped in cb->args. The next step runs
 * when the receiver has read enough (netlink_recvmsg), so a reader that
 * never reads holds at most one step's skb.
 */
#ifndef _NET_NETLINK_H
#define _NET_NETLINK_H

#include <net/sock.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <uapi/netlink.h>

#define NLMSG_GOODSIZE	4096		/* one dump step's skb */
#define NETLINK_REQ_MAX	64		/* bytes of a dump request kept for its steps */

struct netlink_callback {
	int (*dump)(struct sk_buff *skb, struct netlink_callback *cb);
	u32 portid;			/* whom the replies go to */
	u32 seq;			/* the request's, echoed */
	u16 family;			/* sock_diag: which family's dumper */
	unsigned char req[NETLINK_REQ_MAX];	/* the request's payload (family's struct) */
	long args[6];			/* the dumper's resume point */
};

struct netlink_sock {
	struct sock sk;			/* first: nlk_sk() is a cast */
	u32 portid;			/* nl_table_lock to set; 0 until bound */
	struct list_head node;		/* nl_table_lock: in nl_table while bound */
	bool cb_running;		/* lock_sock: a dump is in progress */
	struct netlink_callback cb;	/* lock_sock */
};
static inline struct netlink_sock *nlk_sk(struct sock *sk) { return (struct netlink_sock *)sk; }

/* Start a dump for the request nlh (payload copied into cb->req): -EBUSY if one runs. */
int netlink_dump_start(struct sock *sk, const struct nlmsghdr *nlh,
		       int (*dump)(struct sk_buff *, struct netlink_callback *), u16 family);

/*
 * Message and attribute helpers (inline, as Linux's): NULL / -EMSGSIZE
 * when the skb has no room, so a dumper stops and resumes there.
 */
static inline struct nlmsghdr *nlmsg_put(struct sk_buff *skb, u32 portid, u32 seq, int type,
					 int payload, int flags)
{
	struct nlmsghdr *nlh;
	int size = NLMSG_SPACE(payload);

	if (skb_tailroom(skb) < (unsigned int)size)
		return NULL;
	nlh = skb_put_zero(skb, size);
	nlh->nlmsg_len = NLMSG_LENGTH(payload);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = portid;
	return nlh;
}

static inline void nlmsg_end(struct sk_buff *skb, struct nlmsghdr *nlh)
{
	nlh->nlmsg_len = skb_tail_pointer(skb) - (unsigned char *)nlh;
}

/* Take back a message being built (the last one in the skb). */
static inline void nlmsg_cancel(struct sk_buff *skb, struct nlmsghdr *nlh)
{
	unsigned int keep = (unsigned char *)nlh - skb->data;

	skb->len = keep;
	skb->tail = skb->data + keep;
}

static inline int nla_put(struct sk_buff *skb, int type, int len, const void *data)
{
	struct nlattr *nla;
	int size = NLA_ALIGN(NLA_HDRLEN + len);

	if (skb_tailroom(skb) < (unsigned int)size)
		return -EMSGSIZE;
	nla = skb_put_zero(skb, size);
	nla->nla_len = NLA_HDRLEN + len;
	nla->nla_type = type;
	memcpy((char *)nla + NLA_HDRLEN, data, len);
	return 0;
}
static inline int nla_put_u32(struct sk_buff *skb, int type, u32 v) { return nla_put(skb, type, 4, &v); }

/* net/netlink/sock_diag.c: NETLINK_SOCK_DIAG's request handler, and the family dumpers. */
int sock_diag_rcv_msg(struct sock *sk, struct nlmsghdr *nlh);
int inet_diag_dump(struct sk_buff *skb, struct netlink_callback *cb);	/* net/ipv4/inet_diag.c */
int unix_diag_dump(struct sk_buff *skb, struct netlink_callback *cb);	/* net/unix/diag.c */

void af_netlink_init(void);

#endif
