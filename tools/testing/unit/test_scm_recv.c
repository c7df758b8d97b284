// unit-sources: net/unix/*.c net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c
// unit-sources: tools/testing/unit/fake_netdev.c tools/testing/unit/unix_unit.c
/*
 * The receive side of SCM_RIGHTS (net/core/scm.c, scm_recv and
 * scm_detach_fds): files that do not fit the receiver's control buffer -
 * none at all, less than one fd's room, no free descriptor - set
 * MSG_CTRUNC and are closed, never leaked and never written past the
 * buffer (kmalloc'd at its exact size for ASan). The files are real
 * AF_UNIX sockets (unix_unit.c), so "closed" shows as the socket freed.
 * sock_shim.c has no fd table: get_unused_fd_flags is always EMFILE,
 * which is exactly the receiver that has no descriptor free.
 * (The send side's cmsg walk - lying lengths, too many fds - is
 * test_scm.c.)
 */
#include "unit.h"
#include "unix_unit.h"
#include <linux/slab.h>
#include <linux/string.h>
#include <net/scm.h>
#include <net/sock.h>

UNIT_SETUP(uu_setup)

/* A cookie carrying n fresh sockets' files, their descriptors already closed. */
static void cookie_with_files(struct scm_cookie *scm, int n)
{
	memset(scm, 0, sizeof(*scm));
	scm->creds.pid = 7;
	scm->fp = kzalloc(sizeof(*scm->fp), GFP_KERNEL);
	scm->fp->max = SCM_MAX_FD;
	for (int i = 0; i < n; i++) {
		struct socket *s = uu_socket(SOCK_DGRAM);

		if (!s)
			continue;
		scm->fp->fp[scm->fp->count++] = get_file(s->file);
		uu_close(s);			/* only the cookie holds it now */
	}
}

static void msg_with_control(struct msghdr *msg, char *buf, size_t len)
{
	memset(msg, 0, sizeof(*msg));
	msg->msg_control = buf;
	msg->msg_controllen = len;
}

TEST(scm_recv_no_control_buffer_ctrunc_files_closed)
{
	struct socket *r = uu_socket(SOCK_DGRAM);
	int live = unix_sockets_inuse();
	struct scm_cookie scm;
	struct msghdr msg;

	ASSERT(r);
	cookie_with_files(&scm, 3);
	EXPECT_EQ(unix_sockets_inuse(), live + 3);
	msg_with_control(&msg, NULL, 0);
	scm_recv(r, &msg, &scm, 0);
	EXPECT(msg.msg_flags & MSG_CTRUNC);
	EXPECT(scm.fp == NULL);
	EXPECT_EQ(unix_sockets_inuse(), live);
	uu_close(r);
}

TEST(scm_recv_room_for_less_than_one_fd_ctrunc)
{
	struct socket *r = uu_socket(SOCK_DGRAM);
	int live = unix_sockets_inuse();
	size_t len = CMSG_LEN(sizeof(int)) - 1;
	char *buf = kzalloc(len, GFP_KERNEL);
	struct scm_cookie scm;
	struct msghdr msg;

	ASSERT(r && buf);
	cookie_with_files(&scm, 1);
	msg_with_control(&msg, buf, len);
	scm_recv(r, &msg, &scm, 0);
	EXPECT(msg.msg_flags & MSG_CTRUNC);
	EXPECT_EQ(msg.msg_controllen, len);		/* no header written */
	EXPECT_EQ(((struct cmsghdr *)buf)->cmsg_len, 0);
	EXPECT_EQ(unix_sockets_inuse(), live);
	kfree(buf);
	uu_close(r);
}

/* Room in the buffer but no descriptor free (EMFILE): none installed, all closed. */
TEST(scm_recv_no_free_descriptor_ctrunc)
{
	struct socket *r = uu_socket(SOCK_DGRAM);
	int live = unix_sockets_inuse();
	size_t len = CMSG_SPACE(2 * sizeof(int));
	char *buf = kzalloc(len, GFP_KERNEL);
	struct scm_cookie scm;
	struct msghdr msg;

	ASSERT(r && buf);
	cookie_with_files(&scm, 2);
	msg_with_control(&msg, buf, len);
	scm_recv(r, &msg, &scm, MSG_CMSG_CLOEXEC);
	EXPECT(msg.msg_flags & MSG_CTRUNC);
	EXPECT_EQ(msg.msg_controllen, len);
	EXPECT_EQ(unix_sockets_inuse(), live);
	kfree(buf);
	uu_close(r);
}

/* SO_PASSCRED: the credentials take the exact room there is; the files then find none. */
TEST(scm_recv_creds_fill_the_buffer_files_truncated)
{
	struct socket *r = uu_socket(SOCK_DGRAM);
	int live = unix_sockets_inuse();
	size_t len = CMSG_SPACE(sizeof(struct ucred));
	char *buf = kzalloc(len, GFP_KERNEL);
	struct cmsghdr *h = (struct cmsghdr *)buf;
	struct scm_cookie scm;
	struct msghdr msg;

	ASSERT(r && buf);
	r->flags |= 1UL << SOCK_PASSCRED;
	cookie_with_files(&scm, 1);
	msg_with_control(&msg, buf, len);
	scm_recv(r, &msg, &scm, 0);
	EXPECT_EQ(h->cmsg_level, SOL_SOCKET);
	EXPECT_EQ(h->cmsg_type, SCM_CREDENTIALS);
	EXPECT_EQ(h->cmsg_len, CMSG_LEN(sizeof(struct ucred)));
	EXPECT_EQ(((struct ucred *)CMSG_DATA(h))->pid, 7);
	EXPECT_EQ(msg.msg_controllen, 0);
	EXPECT(msg.msg_flags & MSG_CTRUNC);
	EXPECT_EQ(unix_sockets_inuse(), live);
	kfree(buf);
	uu_close(r);
}
