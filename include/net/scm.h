/*
 * Socket control messages (Linux's include/net/scm.h): what sendmsg's
 * msg_control asks for, parsed once into a struct scm_cookie, and what
 * recvmsg hands back.
 *
 *   sendmsg -> net/socket.c copies msg_control into a kernel buffer ->
 *   the protocol's sendmsg -> scm_send -> __scm_send walks the cmsgs:
 *     SCM_RIGHTS      -> scm_fp_copy: fget() every fd (EBADF) into a
 *                        struct scm_fp_list (at most SCM_MAX_FD files)
 *     SCM_CREDENTIALS -> checked against the sender (EPERM) into creds
 *   -> the protocol attaches them to its skb (af_unix: unix_attach_fds).
 *   recvmsg -> scm_recv: SCM_CREDENTIALS if SO_PASSCRED, then
 *   scm_detach_fds: a new fd for each file that fits in msg_control,
 *   MSG_CTRUNC and the rest closed when they do not.
 * Implementation: net/core/scm.c. Only AF_UNIX carries files.
 */
#ifndef _NET_SCM_H
#define _NET_SCM_H

#include <linux/net.h>
#include <linux/fs.h>

#define SCM_MAX_FD	253	/* files one message may carry (Linux's) */

struct scm_fp_list {
	short		count;		/* files in fp[] */
	short		max;		/* room in fp[] */
	uid_t		uid;		/* who sent them: charged for in-flight files */
	struct scm_fp_list *next;	/* on net/unix/scm.c's deferred-fput list */
	struct file	*fp[SCM_MAX_FD];	/* each holds a file reference */
};

struct scm_cookie {
	struct scm_fp_list	*fp;	/* SCM_RIGHTS, NULL if none */
	struct ucred		creds;	/* SCM_CREDENTIALS, or the sender's own */
};

/* Parse msg->msg_control (a kernel copy) into scm; 0 or -errno (scm cleaned up). */
int __scm_send(struct socket *sock, struct msghdr *msg, struct scm_cookie *scm);
/* Fill scm with the caller's credentials, then parse msg's cmsgs. */
int scm_send(struct socket *sock, struct msghdr *msg, struct scm_cookie *scm);
void scm_destroy(struct scm_cookie *scm);	/* fput every file, free the list */
struct scm_fp_list *scm_fp_dup(struct scm_fp_list *fpl);	/* +1 on each file */
/* Give scm's creds (if SO_PASSCRED) and files to the receiver; consumes scm. */
void scm_recv(struct socket *sock, struct msghdr *msg, struct scm_cookie *scm, int flags);
/* Walk cmsgs in a kernel buffer: the next header or NULL (net/core/scm.c). */
struct cmsghdr *__cmsg_next_k(void *control, size_t size, struct cmsghdr *c);

#endif
