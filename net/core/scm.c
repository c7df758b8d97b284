/*
 * Socket control messages (Linux's net/core/scm.c): parse what sendmsg's
 * msg_control asks for into a struct scm_cookie, and hand files and
 * credentials to the receiver in recvmsg. The cmsg walk runs over a kernel
 * copy of msg_control (net/socket.c made it), so a cmsg_len that lies can
 * only make us stop, never read past the copy.
 *
 *   scm_send -> creds = the caller's -> __scm_send: per cmsg
 *     CMSG_OK? (EINVAL) -> SOL_SOCKET? (others skipped, as Linux)
 *     SCM_RIGHTS      -> scm_fp_copy (EINVAL past SCM_MAX_FD, EBADF)
 *     SCM_CREDENTIALS -> scm_check_creds (EPERM unless ours or privileged)
 *   scm_recv -> put_cmsg(SCM_CREDENTIALS) if SO_PASSCRED -> scm_detach_fds
 *     (new fds, MSG_CMSG_CLOEXEC, MSG_CTRUNC and the rest fput'd).
 * Neighbours: include/net/scm.h, net/unix/scm.c (files in flight),
 * net/core/datagram.c (put_cmsg).
 */
#include <linux/net.h>
#include <linux/fdtable.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/capability.h>
#include <linux/uaccess.h>
#include <linux/string.h>
#include <net/scm.h>

/* The next cmsg header that fits in [control, control + size), or NULL (Linux's __cmsg_nxthdr). */
struct cmsghdr *__cmsg_next_k(void *control, size_t size, struct cmsghdr *c)
{
	char *next;

	if (!c)
		return size >= sizeof(struct cmsghdr) ? control : NULL;
	next = (char *)c + CMSG_ALIGN(c->cmsg_len);
	if (next < (char *)c || next + sizeof(struct cmsghdr) > (char *)control + size)
		return NULL;
	return (struct cmsghdr *)next;
}

/* Linux's CMSG_OK: the header fits and cmsg_len stays inside the buffer. */
static bool cmsg_ok(struct msghdr *msg, struct cmsghdr *c)
{
	size_t off = (char *)c - (char *)msg->msg_control;

	return c->cmsg_len >= sizeof(struct cmsghdr) && c->cmsg_len <= msg->msg_controllen - off;
}

static int scm_fp_copy(struct cmsghdr *cmsg, struct scm_fp_list **fplp)
{
	/* LAB(scm-rights) BEGIN: scm_fp_copy */
	struct scm_fp_list *fpl = *fplp;
	int *fdp = (int *)CMSG_DATA(cmsg);
	int i, num;

	num = (cmsg->cmsg_len - sizeof(struct cmsghdr)) / sizeof(int);
	if (num <= 0)
		return 0;
	if (num > SCM_MAX_FD)
		return -EINVAL;
	if (!fpl) {
		fpl = kmalloc(sizeof(*fpl), GFP_KERNEL);
		if (!fpl)
			return -ENOMEM;
		*fplp = fpl;
		fpl->count = 0;
		fpl->max = SCM_MAX_FD;
		fpl->uid = current->uid;
	}
	if (fpl->count + num > fpl->max)
		return -EINVAL;
	for (i = 0; i < num; i++) {
		struct file *file;

		if (fdp[i] < 0 || !(file = fget(fdp[i])))
			return -EBADF;
		fpl->fp[fpl->count++] = file;
	}
	return 0;
	/* LAB(scm-rights) END: scm_fp_copy */
}

/* SCM_CREDENTIALS may claim only what the sender is, unless it holds the capability. */
static int scm_check_creds(const struct ucred *creds)
{
	if ((creds->pid == (u32)current->tgid || capable(CAP_SYS_ADMIN)) &&
	    (creds->uid == current->uid || creds->uid == current->euid || capable(CAP_SETUID)) &&
	    (creds->gid == current->gid || creds->gid == current->egid || capable(CAP_SETGID)))
		return 0;
	return -EPERM;
}

void scm_destroy(struct scm_cookie *scm)
{
	struct scm_fp_list *fpl = scm->fp;
	int i;

	if (!fpl)
		return;
	scm->fp = NULL;
	for (i = fpl->count - 1; i >= 0; i--)
		fput(fpl->fp[i]);
	kfree(fpl);
}

int __scm_send(struct socket *sock, struct msghdr *msg, struct scm_cookie *p)
{
	struct cmsghdr *cmsg = NULL;
	struct ucred creds;
	int err;

	while ((cmsg = __cmsg_next_k(msg->msg_control, msg->msg_controllen, cmsg))) {
		err = -EINVAL;
		if (!cmsg_ok(msg, cmsg))
			goto error;
		if (cmsg->cmsg_level != SOL_SOCKET)
			continue;
		switch (cmsg->cmsg_type) {
		case SCM_RIGHTS:
			if (!sock->ops || sock->ops->family != AF_UNIX)
				goto error;
			err = scm_fp_copy(cmsg, &p->fp);
			if (err < 0)
				goto error;
			break;
		case SCM_CREDENTIALS:
			if (cmsg->cmsg_len != CMSG_LEN(sizeof(struct ucred)))
				goto error;
			memcpy(&creds, CMSG_DATA(cmsg), sizeof(creds));
			err = scm_check_creds(&creds);
			if (err)
				goto error;
			p->creds = creds;
			break;
		default:
			goto error;
		}
	}
	if (p->fp && !p->fp->count) {
		kfree(p->fp);
		p->fp = NULL;
	}
	return 0;

error:
	scm_destroy(p);
	return err;
}

int scm_send(struct socket *sock, struct msghdr *msg, struct scm_cookie *scm)
{
	memset(scm, 0, sizeof(*scm));
	scm->creds.pid = current->tgid;
	scm->creds.uid = current->uid;
	scm->creds.gid = current->gid;
	if (msg->msg_controllen <= 0 || !msg->msg_control)
		return 0;
	return __scm_send(sock, msg, scm);
}

struct scm_fp_list *scm_fp_dup(struct scm_fp_list *fpl)
{
	struct scm_fp_list *new = kmalloc(sizeof(*new), GFP_KERNEL);
	int i;

	if (!new)
		return NULL;
	*new = *fpl;
	for (i = 0; i < fpl->count; i++)
		get_file(fpl->fp[i]);
	return new;
}

/*
 * One new fd per file that fits in msg_control; the header last, with the
 * count that made it. Files that did not fit are dropped by scm_destroy
 * (closed, as Linux) and MSG_CTRUNC tells the receiver.
 */
static void scm_detach_fds(struct msghdr *msg, struct scm_cookie *scm, int flags)
{
	struct cmsghdr __user *cm = msg->msg_control;
	int __user *cmfds = (int __user *)CMSG_DATA(cm);
	int fdmax = 0, i, err = 0, new_fd;
	unsigned int o_flags = (flags & MSG_CMSG_CLOEXEC) ? O_CLOEXEC : 0;

	if (msg->msg_controllen > sizeof(struct cmsghdr))
		fdmax = (msg->msg_controllen - sizeof(struct cmsghdr)) / sizeof(int);
	if (fdmax > scm->fp->count)
		fdmax = scm->fp->count;
	for (i = 0; i < fdmax; i++) {
		new_fd = get_unused_fd_flags(o_flags);
		if (new_fd < 0)
			break;
		if (put_user(new_fd, cmfds + i)) {
			put_unused_fd(new_fd);
			break;
		}
		fd_install(new_fd, get_file(scm->fp->fp[i]));
	}
	if (i > 0) {
		int cmlen = CMSG_LEN(i * sizeof(int));

		err = put_user(SOL_SOCKET, &cm->cmsg_level);
		if (!err)
			err = put_user(SCM_RIGHTS, &cm->cmsg_type);
		if (!err)
			err = put_user(cmlen, &cm->cmsg_len);
		if (!err) {
			cmlen = CMSG_SPACE(i * sizeof(int));
			if (msg->msg_controllen < (size_t)cmlen)
				cmlen = msg->msg_controllen;
			msg->msg_control = (char __user *)msg->msg_control + cmlen;
			msg->msg_controllen -= cmlen;
		}
	}
	if (i < scm->fp->count || (scm->fp->count && fdmax <= 0))
		msg->msg_flags |= MSG_CTRUNC;
}

void scm_recv(struct socket *sock, struct msghdr *msg, struct scm_cookie *scm, int flags)
{
	bool passcred = sock->flags & (1UL << SOCK_PASSCRED);

	if (!msg->msg_control) {
		if (passcred || scm->fp)
			msg->msg_flags |= MSG_CTRUNC;
		scm_destroy(scm);
		return;
	}
	if (passcred)
		put_cmsg(msg, SOL_SOCKET, SCM_CREDENTIALS, sizeof(scm->creds), &scm->creds);
	if (scm->fp)
		scm_detach_fds(msg, scm, flags);
	scm_destroy(scm);
}
