// unit-sources: net/socket.c net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c
// unit-sources: tools/testing/unit/fake_netdev.c
/*
 * sendmsg/recvmsg's way in and out of user memory: copy_msghdr_from_user
 * (net/socket.c: the name length, the iovec count and every iovec checked
 * before the protocol sees the message) and put_cmsg (net/core/datagram.c:
 * control data into a receiver's buffer that may be too short). The
 * shim's copy_*_user read and write host memory; access_ok still checks
 * the i386 user range, so iov_base values are small fake addresses that
 * are validated, never dereferenced.
 */
#include "unit.h"
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/string.h>

#define UADDR(x)	((void *)(unsigned long)(x))	/* a user address in the i386 range */
#define MAX_RW_COUNT	0x7ffff000UL

struct copied {
	struct msghdr kmsg;
	struct user_msghdr msg;
	struct sockaddr_storage addr;
	struct iovec fast[UIO_FASTIOV];
	struct iovec *iovp;
};

/* copy_msghdr_from_user on a user_msghdr built from iov[n]; frees any kmalloc'd vector. */
static int copy_in(struct user_msghdr *um, struct copied *c, bool send)
{
	int err;

	memset(c, 0, sizeof(*c));
	err = copy_msghdr_from_user(&c->kmsg, um, &c->addr, c->fast, &c->iovp, &c->msg, send);
	kfree(c->iovp);
	return err;
}

TEST(msghdr_null_iov_with_zero_len_is_fine)
{
	struct user_msghdr um = { 0 };
	struct copied c;

	EXPECT_EQ(copy_in(&um, &c, true), 0);
	EXPECT_EQ(c.kmsg.msg_iovlen, 0);
	EXPECT_EQ(c.kmsg.msg_len, 0);
	um.msg_iovlen = 1;				/* a count but no array */
	EXPECT_EQ(copy_in(&um, &c, true), -EFAULT);
}

TEST(msghdr_iovcnt_past_uio_maxiov_emsgsize)
{
	struct iovec *v = kcalloc(UIO_MAXIOV + 1, sizeof(*v), GFP_KERNEL);
	struct user_msghdr um = { .msg_iov = v };
	struct copied c;

	ASSERT(v);
	for (int i = 0; i <= UIO_MAXIOV; i++)
		v[i] = (struct iovec){ UADDR(0x1000), 1 };
	um.msg_iovlen = UIO_MAXIOV + 1;
	EXPECT_EQ(copy_in(&um, &c, true), -EMSGSIZE);
	um.msg_iovlen = (__kernel_size_t)-1;
	EXPECT_EQ(copy_in(&um, &c, false), -EMSGSIZE);
	um.msg_iovlen = UIO_MAXIOV;			/* the limit itself: a kmalloc'd copy */
	EXPECT_EQ(copy_in(&um, &c, true), 0);
	EXPECT(c.iovp != NULL);
	EXPECT_EQ(c.kmsg.msg_len, UIO_MAXIOV);
	um.msg_iovlen = UIO_FASTIOV;			/* fits the caller's array */
	EXPECT_EQ(copy_in(&um, &c, true), 0);
	EXPECT(c.iovp == NULL);
	kfree(v);
}

/*
 * The bug: the check was (ssize_t)iov_len < 0, and iov_len is the ABI's
 * 32-bit __kernel_size_t. Right on i386, where ssize_t is 32 bits too;
 * never true where ssize_t is wider (the host build warned "comparison is
 * always false"), so a "negative" length was let through to access_ok.
 */
TEST(msghdr_negative_iov_len_einval)
{
	struct iovec v[2] = { { UADDR(0x1000), 4 }, { UADDR(0x2000), (__kernel_size_t)-1 } };
	struct user_msghdr um = { .msg_iov = v, .msg_iovlen = 2 };
	struct copied c;

	EXPECT_EQ(copy_in(&um, &c, true), -EINVAL);
	v[1].iov_len = 0x80000000;		/* negative as a 32-bit ssize_t */
	EXPECT_EQ(copy_in(&um, &c, false), -EINVAL);
}

/* Huge but positive lengths are cut to MAX_RW_COUNT in all, as Linux's import_iovec. */
TEST(msghdr_huge_iov_len_truncated_to_max_rw_count)
{
	struct iovec v[3] = { { UADDR(0x1000), 0x7fffffff }, { UADDR(0x1000), 100 }, { UADDR(0x1000), 0 } };
	struct user_msghdr um = { .msg_iov = v, .msg_iovlen = 3 };
	struct copied c;

	v[0].iov_len = 0x40000000;
	v[0].iov_base = UADDR(0x100000);
	EXPECT_EQ(copy_in(&um, &c, true), 0);
	EXPECT_EQ(c.kmsg.msg_len, 0x40000000 + 100);
	v[0].iov_len = MAX_RW_COUNT - 10;
	v[0].iov_base = UADDR(0x1000);
	EXPECT_EQ(copy_in(&um, &c, true), 0);
	EXPECT_EQ(c.kmsg.msg_len, MAX_RW_COUNT);
	EXPECT_EQ(c.fast[1].iov_len, 10);		/* the second one was cut */
	EXPECT_EQ(c.fast[2].iov_len, 0);
}

/* A range that leaves user space is EFAULT before anything is sent; an empty one anywhere is fine. */
TEST(msghdr_iov_outside_user_space_efault)
{
	struct iovec v[1] = { { UADDR(0xC0000000), 1 } };
	struct user_msghdr um = { .msg_iov = v, .msg_iovlen = 1 };
	struct copied c;

	EXPECT_EQ(copy_in(&um, &c, true), -EFAULT);
	v[0] = (struct iovec){ UADDR(0xBFFFFFF0), 0x20 };	/* crosses the top */
	EXPECT_EQ(copy_in(&um, &c, true), -EFAULT);
	v[0] = (struct iovec){ UADDR(0xC0000000), 0 };
	EXPECT_EQ(copy_in(&um, &c, true), 0);
	EXPECT_EQ(copy_in(NULL, &c, true), -EFAULT);		/* the msghdr itself */
}

TEST(msghdr_name_lengths)
{
	struct sockaddr_storage name;
	struct user_msghdr um = { .msg_name = &name };
	struct copied c;

	memset(&name, 0x11, sizeof(name));
	um.msg_namelen = -1;
	EXPECT_EQ(copy_in(&um, &c, true), -EINVAL);
	EXPECT_EQ(copy_in(&um, &c, false), -EINVAL);
	um.msg_namelen = sizeof(name) + 1000;		/* clamped, as Linux */
	EXPECT_EQ(copy_in(&um, &c, true), 0);
	EXPECT_EQ(c.kmsg.msg_namelen, sizeof(name));
	EXPECT(c.kmsg.msg_name == &c.addr);
	EXPECT(!memcmp(&c.addr, &name, sizeof(name)));
	EXPECT_EQ(copy_in(&um, &c, false), 0);		/* recv: the protocol fills it */
	EXPECT_EQ(c.kmsg.msg_namelen, 0);
	um.msg_name = NULL;				/* no buffer: the length is ignored */
	um.msg_namelen = 16;
	EXPECT_EQ(copy_in(&um, &c, true), 0);
	EXPECT(c.kmsg.msg_name == NULL);
	EXPECT_EQ(c.kmsg.msg_namelen, 0);
}

/* ---- put_cmsg --------------------------------------------------------------- */

struct cbuf {
	struct msghdr msg;
	char *buf;
};

static void cbuf_init(struct cbuf *b, size_t len)
{
	memset(&b->msg, 0, sizeof(b->msg));
	b->buf = len ? kzalloc(len, GFP_KERNEL) : NULL;	/* exact size: ASan sees overruns */
	b->msg.msg_control = b->buf;
	b->msg.msg_controllen = len;
}

static const int data[3] = { 1, 2, 3 };

TEST(put_cmsg_exact_size_no_ctrunc)
{
	struct cbuf b;
	struct cmsghdr *h;

	cbuf_init(&b, CMSG_LEN(sizeof(int)));		/* no padding after the data */
	EXPECT_EQ(put_cmsg(&b.msg, SOL_SOCKET, SCM_RIGHTS, sizeof(int), data), 0);
	EXPECT_EQ(b.msg.msg_flags & MSG_CTRUNC, 0);
	h = (struct cmsghdr *)b.buf;
	EXPECT_EQ(h->cmsg_len, CMSG_LEN(sizeof(int)));
	EXPECT_EQ(*(int *)CMSG_DATA(h), 1);
	EXPECT_EQ(b.msg.msg_controllen, 0);
	EXPECT(b.msg.msg_control == b.buf + CMSG_LEN(sizeof(int)));
	kfree(b.buf);

	cbuf_init(&b, CMSG_SPACE(sizeof(data)) + CMSG_SPACE(sizeof(int)));	/* two, back to back */
	EXPECT_EQ(put_cmsg(&b.msg, SOL_IP, 8, sizeof(data), data), 0);
	EXPECT_EQ(put_cmsg(&b.msg, SOL_SOCKET, 2, sizeof(int), data + 2), 0);
	EXPECT_EQ(b.msg.msg_flags & MSG_CTRUNC, 0);
	EXPECT_EQ(b.msg.msg_controllen, 0);
	h = (struct cmsghdr *)(b.buf + CMSG_SPACE(sizeof(data)));
	EXPECT_EQ(h->cmsg_len, CMSG_LEN(sizeof(int)));
	EXPECT_EQ(*(int *)CMSG_DATA(h), 3);
	kfree(b.buf);
}

TEST(put_cmsg_short_buffer_ctrunc)
{
	struct cbuf b;
	struct cmsghdr *h;

	cbuf_init(&b, 0);					/* none at all */
	EXPECT_EQ(put_cmsg(&b.msg, SOL_SOCKET, SCM_RIGHTS, sizeof(int), data), 0);
	EXPECT(b.msg.msg_flags & MSG_CTRUNC);

	cbuf_init(&b, sizeof(struct cmsghdr) - 1);		/* not even a header: nothing written */
	EXPECT_EQ(put_cmsg(&b.msg, SOL_SOCKET, SCM_RIGHTS, sizeof(int), data), 0);
	EXPECT(b.msg.msg_flags & MSG_CTRUNC);
	EXPECT_EQ(b.msg.msg_controllen, sizeof(struct cmsghdr) - 1);
	EXPECT_EQ(b.buf[0], 0);
	kfree(b.buf);

	cbuf_init(&b, CMSG_LEN(sizeof(data)) - 2);		/* the header and part of the data */
	EXPECT_EQ(put_cmsg(&b.msg, SOL_IP, 8, sizeof(data), data), 0);
	EXPECT(b.msg.msg_flags & MSG_CTRUNC);
	h = (struct cmsghdr *)b.buf;
	EXPECT_EQ(h->cmsg_len, CMSG_LEN(sizeof(data)) - 2);	/* what fit, as Linux */
	EXPECT_EQ(b.msg.msg_controllen, 0);
	/* Full: the next one only sets MSG_CTRUNC again. */
	EXPECT_EQ(put_cmsg(&b.msg, SOL_IP, 8, sizeof(int), data), 0);
	kfree(b.buf);
}
