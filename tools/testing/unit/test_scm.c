// unit-sources: net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c tools/testing/unit/fake_netdev.c
/*
 * Control messages on the send side (net/core/scm.c, __scm_send): the cmsg
 * walk over the kernel copy net/socket.c makes, and what each SOL_SOCKET
 * type accepts. Lengths that lie must end in EINVAL, never in a read past
 * the buffer (ASan watches) or a loop that does not end. sock_shim.c has
 * no fd table (fget finds nothing), so SCM_RIGHTS stops at EBADF - which
 * is also what proves the count checks come first.
 */
#include "unit.h"
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/scm.h>

extern struct task_struct *current_task;

static const struct proto_ops fake_unix_ops = { .family = AF_UNIX };
static const struct proto_ops fake_inet_ops = { .family = AF_INET };

/* Room for a few cmsgs; kmalloc'd at its exact size so ASan sees overruns. */
struct ctl {
	char *buf;
	size_t len;
};

static struct ctl ctl_new(size_t len)
{
	struct ctl c = { kzalloc(len, GFP_KERNEL), len };

	return c;
}

static struct cmsghdr *put_hdr(struct ctl *c, size_t off, size_t cmsg_len, int level, int type)
{
	struct cmsghdr *h = (struct cmsghdr *)(c->buf + off);

	h->cmsg_len = cmsg_len;
	h->cmsg_level = level;
	h->cmsg_type = type;
	return h;
}

static int send_it(struct ctl *c, const struct proto_ops *ops, struct scm_cookie *scm)
{
	struct socket sock = { .ops = ops };
	struct msghdr msg = { .msg_control = c->buf, .msg_controllen = c->len };
	int err = scm_send(&sock, &msg, scm);

	kfree(c->buf);
	return err;
}

TEST(scm_empty_control_is_fine)
{
	struct socket sock = { .ops = &fake_unix_ops };
	struct msghdr msg = { 0 };
	struct scm_cookie scm;

	EXPECT_EQ(scm_send(&sock, &msg, &scm), 0);
	EXPECT(scm.fp == NULL);
	EXPECT_EQ(scm.creds.pid, current->tgid);	/* the sender's own, by default */
}

TEST(scm_other_levels_are_skipped)
{
	struct ctl c = ctl_new(2 * CMSG_SPACE(4));
	struct scm_cookie scm;

	put_hdr(&c, 0, CMSG_LEN(4), SOL_IP, 1);
	put_hdr(&c, CMSG_ALIGN(CMSG_LEN(4)), CMSG_LEN(4), 999, 77);	/* where the walk looks next */
	EXPECT_EQ(send_it(&c, &fake_unix_ops, &scm), 0);
	EXPECT(scm.fp == NULL);
}

TEST(scm_unknown_type_einval)
{
	struct ctl c = ctl_new(CMSG_SPACE(4));
	struct scm_cookie scm;

	put_hdr(&c, 0, CMSG_LEN(4), SOL_SOCKET, 77);
	EXPECT_EQ(send_it(&c, &fake_unix_ops, &scm), -EINVAL);
}

TEST(scm_cmsg_len_zero_ends_einval_not_a_loop)
{
	struct ctl c = ctl_new(CMSG_SPACE(4));
	struct scm_cookie scm;

	put_hdr(&c, 0, 0, SOL_SOCKET, SCM_RIGHTS);
	EXPECT_EQ(send_it(&c, &fake_unix_ops, &scm), -EINVAL);
}

TEST(scm_cmsg_len_past_buffer_einval)
{
	struct ctl c = ctl_new(CMSG_SPACE(4));
	struct scm_cookie scm;

	put_hdr(&c, 0, CMSG_SPACE(4) + 1, SOL_SOCKET, SCM_RIGHTS);
	EXPECT_EQ(send_it(&c, &fake_unix_ops, &scm), -EINVAL);
	/* The second header lies, after a good first one. */
	c = ctl_new(2 * CMSG_SPACE(4));
	put_hdr(&c, 0, CMSG_LEN(4), 999, 1);
	put_hdr(&c, CMSG_ALIGN(CMSG_LEN(4)), 4096, SOL_SOCKET, SCM_RIGHTS);
	EXPECT_EQ(send_it(&c, &fake_unix_ops, &scm), -EINVAL);
}

TEST(scm_trailing_bytes_shorter_than_a_header_ignored)
{
	struct ctl c = ctl_new(CMSG_SPACE(4) + 4);
	struct scm_cookie scm;

	put_hdr(&c, 0, CMSG_LEN(4), 999, 1);
	EXPECT_EQ(send_it(&c, &fake_unix_ops, &scm), 0);
}

TEST(scm_rights_only_on_unix)
{
	struct ctl c = ctl_new(CMSG_SPACE(4));
	struct scm_cookie scm;

	put_hdr(&c, 0, CMSG_LEN(4), SOL_SOCKET, SCM_RIGHTS);
	EXPECT_EQ(send_it(&c, &fake_inet_ops, &scm), -EINVAL);
}

TEST(scm_rights_limits_then_ebadf)
{
	size_t n = SCM_MAX_FD + 1;
	struct ctl c = ctl_new(CMSG_SPACE(n * sizeof(int)));
	struct scm_cookie scm;

	put_hdr(&c, 0, CMSG_LEN(n * sizeof(int)), SOL_SOCKET, SCM_RIGHTS);
	EXPECT_EQ(send_it(&c, &fake_unix_ops, &scm), -EINVAL);	/* 254 files */
	c = ctl_new(CMSG_SPACE(sizeof(int)));
	put_hdr(&c, 0, CMSG_LEN(sizeof(int)), SOL_SOCKET, SCM_RIGHTS);
	*(int *)(c.buf + CMSG_LEN(0)) = 3;		/* no such fd here */
	EXPECT_EQ(send_it(&c, &fake_unix_ops, &scm), -EBADF);
	EXPECT(scm.fp == NULL);				/* cleaned up on error */
	/* No fds at all: nothing to carry, no list. */
	c = ctl_new(CMSG_SPACE(0));
	put_hdr(&c, 0, CMSG_LEN(0), SOL_SOCKET, SCM_RIGHTS);
	EXPECT_EQ(send_it(&c, &fake_unix_ops, &scm), 0);
	EXPECT(scm.fp == NULL);
}

TEST(scm_credentials_checked)
{
	struct task_struct user = *current_task, *saved = current_task;
	struct ctl c = ctl_new(CMSG_SPACE(sizeof(struct ucred)));
	struct ucred cr = { .pid = current->tgid, .uid = 1000, .gid = 1000 };
	struct scm_cookie scm;

	put_hdr(&c, 0, CMSG_LEN(sizeof(cr) - 1), SOL_SOCKET, SCM_CREDENTIALS);
	EXPECT_EQ(send_it(&c, &fake_unix_ops, &scm), -EINVAL);	/* wrong length */

	user.uid = user.euid = 1000;
	user.gid = user.egid = 1000;
	current_task = &user;
	c = ctl_new(CMSG_SPACE(sizeof(cr)));
	put_hdr(&c, 0, CMSG_LEN(sizeof(cr)), SOL_SOCKET, SCM_CREDENTIALS);
	memcpy(c.buf + CMSG_LEN(0), &cr, sizeof(cr));
	EXPECT_EQ(send_it(&c, &fake_unix_ops, &scm), 0);	/* who we are */
	EXPECT_EQ(scm.creds.uid, 1000);
	cr.pid = current->tgid + 1;
	c = ctl_new(CMSG_SPACE(sizeof(cr)));
	put_hdr(&c, 0, CMSG_LEN(sizeof(cr)), SOL_SOCKET, SCM_CREDENTIALS);
	memcpy(c.buf + CMSG_LEN(0), &cr, sizeof(cr));
	EXPECT_EQ(send_it(&c, &fake_unix_ops, &scm), -EPERM);	/* someone else */
	current_task = saved;
	/* Root may claim any pid (CAP_SYS_ADMIN). */
	c = ctl_new(CMSG_SPACE(sizeof(cr)));
	put_hdr(&c, 0, CMSG_LEN(sizeof(cr)), SOL_SOCKET, SCM_CREDENTIALS);
	memcpy(c.buf + CMSG_LEN(0), &cr, sizeof(cr));
	EXPECT_EQ(send_it(&c, &fake_unix_ops, &scm), 0);
}
