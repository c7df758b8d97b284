// unit-sources: net/unix/*.c net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c
// unit-sources: tools/testing/unit/fake_netdev.c tools/testing/unit/unix_unit.c
/*
 * AF_UNIX names (net/unix/unix_addr.c) as Linux has them: unix_mkname's
 * lengths (zero, family only, 108 path bytes with no NUL, past the
 * sockaddr), pathname binds in unix_unit.c's fake namespace, abstract
 * names (every byte counts, one per type), autobind's "\0XXXXX", and
 * getsockname/getpeername lengths. Addresses live in a sockaddr_storage,
 * as net/socket.c hands them over: unix_mkname may write the NUL one byte
 * past a full sockaddr_un, and ASan sees anything further.
 */
#include "unit.h"
#include "unix_unit.h"
#include <linux/string.h>
#include <net/sock.h>

UNIT_SETUP(uu_setup)

#define PATH_OFF	offsetof(struct sockaddr_un, sun_path)	/* 2 */

static struct sockaddr_storage ss;

/* A sockaddr_un in ss with len bytes of sun_path from p (no NUL added). */
static struct sockaddr_un *mkaddr(const void *p, int len)
{
	struct sockaddr_un *a = (struct sockaddr_un *)&ss;

	memset(&ss, 0x5a, sizeof(ss));		/* garbage after the name, as users leave it */
	a->sun_family = AF_UNIX;
	memcpy(a->sun_path, p, len);
	return a;
}

static int bind_to(struct socket *s, const void *p, int plen)
{
	return s->ops->bind(s, (struct sockaddr *)mkaddr(p, plen), PATH_OFF + plen);
}

static int name_of(struct socket *s, struct sockaddr_storage *out, int peer)
{
	memset(out, 0, sizeof(*out));
	return s->ops->getname(s, (struct sockaddr *)out, peer);
}

TEST(unix_mkname_lengths)
{
	struct sockaddr_un *a;

	a = mkaddr("", 0);
	EXPECT_EQ(unix_mkname(a, 0), -EINVAL);
	EXPECT_EQ(unix_mkname(a, 1), -EINVAL);
	EXPECT_EQ(unix_mkname(a, PATH_OFF), -EINVAL);		/* bind treats this as autobind */
	EXPECT_EQ(unix_mkname(a, sizeof(*a) + 1), -EINVAL);
	a = mkaddr("/x", 3);
	a->sun_family = AF_INET;
	EXPECT_EQ(unix_mkname(a, PATH_OFF + 3), -EINVAL);
	/* A path counts up to its NUL, whatever length the caller gave. */
	a = mkaddr("/sock\0junk", 10);
	EXPECT_EQ(unix_mkname(a, PATH_OFF + 10), PATH_OFF + 6);
	EXPECT_EQ(unix_mkname(mkaddr("/sock", 5), PATH_OFF + 5), PATH_OFF + 6);	/* NUL added */
	/* Abstract: every byte, NULs and all. */
	EXPECT_EQ(unix_mkname(mkaddr("\0a\0b", 4), PATH_OFF + 4), PATH_OFF + 4);
	EXPECT_EQ(unix_mkname(mkaddr("\0", 1), PATH_OFF + 1), PATH_OFF + 1);
}

/* 108 bytes and no NUL: Linux takes all 108 and reports a length of 111 (2 + 108 + 1). */
TEST(unix_bind_unterminated_108_byte_path)
{
	char path[108];
	struct sockaddr_storage got;
	struct sockaddr_un *g = (struct sockaddr_un *)&got;
	struct socket *s = uu_socket(SOCK_DGRAM);

	ASSERT(s);
	memset(path, 'p', sizeof(path));
	path[0] = '/';
	EXPECT_EQ(unix_mkname(mkaddr(path, 108), PATH_OFF + 108), PATH_OFF + 108 + 1);
	EXPECT_EQ(((char *)&ss)[PATH_OFF + 108], 0);		/* the NUL went past sun_path */
	EXPECT_EQ(bind_to(s, path, 108), 0);
	EXPECT_EQ(name_of(s, &got, 0), PATH_OFF + 108 + 1);
	EXPECT(!memcmp(g->sun_path, path, 108));
	EXPECT_EQ(((char *)&got)[PATH_OFF + 108], 0);
	((char *)&ss)[PATH_OFF + 108] = 0;
	EXPECT(uu_node_exists(((struct sockaddr_un *)&ss)->sun_path));
	uu_close(s);
	EXPECT_EQ(uu_unlink(((struct sockaddr_un *)&ss)->sun_path), 0);	/* the node outlives the socket */
}

TEST(unix_bind_lengths_and_errors)
{
	struct socket *s = uu_socket(SOCK_STREAM), *t = uu_socket(SOCK_STREAM);
	struct sockaddr_storage got;

	ASSERT(s && t);
	EXPECT_EQ(s->ops->bind(s, (struct sockaddr *)mkaddr("", 0), 0), -EINVAL);
	EXPECT_EQ(s->ops->bind(s, (struct sockaddr *)mkaddr("", 0), 1), -EINVAL);
	EXPECT_EQ(s->ops->bind(s, (struct sockaddr *)mkaddr("/a", 2), sizeof(struct sockaddr_un) + 1),
		  -EINVAL);
	EXPECT_EQ(name_of(s, &got, 0), PATH_OFF);		/* unbound: just the family */
	EXPECT_EQ(((struct sockaddr_un *)&got)->sun_family, AF_UNIX);
	EXPECT_EQ(name_of(s, &got, 1), -ENOTCONN);

	EXPECT_EQ(bind_to(s, "/a", 2), 0);
	EXPECT_EQ(name_of(s, &got, 0), PATH_OFF + 3);		/* "/a" and its NUL */
	EXPECT_STREQ(((struct sockaddr_un *)&got)->sun_path, "/a");
	EXPECT_EQ(bind_to(t, "/a", 3), -EADDRINUSE);		/* the node exists */
	EXPECT_EQ(bind_to(s, "/b", 3), -EINVAL);		/* bound already; no node left behind */
	EXPECT(!uu_node_exists("/b"));
	uu_close(s);
	uu_close(t);
	EXPECT(uu_node_exists("/a"));				/* close does not unlink */
	EXPECT_EQ(uu_unlink("/a"), 0);
}

TEST(unix_abstract_names)
{
	struct socket *d1 = uu_socket(SOCK_DGRAM), *d2 = uu_socket(SOCK_DGRAM);
	struct socket *st = uu_socket(SOCK_STREAM), *d3 = uu_socket(SOCK_DGRAM);
	struct sockaddr_storage got;
	struct sock *o;
	int err = 0;

	ASSERT(d1 && d2 && st && d3);
	EXPECT_EQ(bind_to(d1, "\0name", 5), 0);
	EXPECT_EQ(name_of(d1, &got, 0), PATH_OFF + 5);		/* no NUL added */
	EXPECT(!memcmp(((struct sockaddr_un *)&got)->sun_path, "\0name", 5));
	EXPECT_EQ(bind_to(d2, "\0name", 5), -EADDRINUSE);
	EXPECT_EQ(bind_to(st, "\0name", 5), 0);			/* per type, as Linux */
	EXPECT_EQ(bind_to(d2, "\0nam", 4), 0);			/* a prefix is another name */
	EXPECT_EQ(bind_to(d3, "\0name\0", 6), 0);		/* so is a trailing NUL */

	o = unix_find_other(mkaddr("\0name", 5), PATH_OFF + 5, SOCK_DGRAM, &err);
	EXPECT(o == d1->sk);
	if (o)
		sock_put(o);
	o = unix_find_other(mkaddr("\0name", 5), PATH_OFF + 5, SOCK_STREAM, &err);
	EXPECT(o == st->sk);
	if (o)
		sock_put(o);
	o = unix_find_other(mkaddr("\0none", 5), PATH_OFF + 5, SOCK_DGRAM, &err);
	EXPECT(!o);
	EXPECT_EQ(err, -ECONNREFUSED);
	o = unix_find_other(mkaddr("/none", 6), PATH_OFF + 6, SOCK_DGRAM, &err);
	EXPECT(!o);
	EXPECT_EQ(err, -ENOENT);

	uu_close(d1);					/* the name goes with the socket */
	EXPECT_EQ(bind_to(d3, "\0name", 5), -EINVAL);	/* (d3 is bound) */
	d1 = uu_socket(SOCK_DGRAM);
	ASSERT(d1);
	EXPECT_EQ(bind_to(d1, "\0name", 5), 0);
	uu_close(d1);
	uu_close(d2);
	uu_close(d3);
	uu_close(st);
}

static bool is_hex5(const char *p)
{
	for (int i = 0; i < 5; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return false;
	return true;
}

/*
 * The bug: unix_autobind allocated the 8 bytes of "\0XXXXX" and
 * snprintf'd the digits straight into them - 5 digits and a NUL from
 * offset 3, one byte past the allocation (ASan: heap-buffer-overflow).
 */
TEST(unix_autobind_nul_overran_its_name)
{
	struct socket *a = uu_socket(SOCK_SEQPACKET);

	ASSERT(a);
	EXPECT_EQ(unix_autobind(a), 0);
	EXPECT_EQ(unix_sk(a->sk)->addr->len, PATH_OFF + 6);
	uu_close(a);
}

/* bind(fd, {AF_UNIX}, 2): "\0" and 5 lowercase hex digits, 8 bytes in all; a second socket differs. */
TEST(unix_autobind_name_format)
{
	struct socket *a = uu_socket(SOCK_DGRAM), *b = uu_socket(SOCK_DGRAM);
	struct sockaddr_storage ga, gb;
	struct sockaddr_un *na = (struct sockaddr_un *)&ga, *nb = (struct sockaddr_un *)&gb;

	ASSERT(a && b);
	EXPECT_EQ(a->ops->bind(a, (struct sockaddr *)mkaddr("", 0), PATH_OFF), 0);
	EXPECT_EQ(unix_autobind(b), 0);
	EXPECT_EQ(name_of(a, &ga, 0), PATH_OFF + 6);
	EXPECT_EQ(name_of(b, &gb, 0), PATH_OFF + 6);
	EXPECT_EQ(na->sun_path[0], 0);
	EXPECT(is_hex5(na->sun_path + 1));
	EXPECT(is_hex5(nb->sun_path + 1));
	EXPECT(memcmp(na->sun_path, nb->sun_path, 6));
	EXPECT_EQ(unix_autobind(a), 0);				/* bound: a no-op */
	EXPECT_EQ(name_of(a, &gb, 0), PATH_OFF + 6);
	EXPECT(!memcmp(&ga, &gb, PATH_OFF + 6));
	EXPECT_EQ(bind_to(a, "\0x", 2), -EINVAL);		/* bound already */
	uu_close(a);
	uu_close(b);
}

/* A socketpair's ends are unnamed: the peer's name is just the family (Linux: 2). */
TEST(unix_getpeername_lengths)
{
	struct socket *a = uu_socket(SOCK_STREAM), *b = uu_socket(SOCK_STREAM);
	struct socket *l = uu_socket(SOCK_STREAM), *c = uu_socket(SOCK_STREAM);
	struct sockaddr_storage got;

	ASSERT(a && b && l && c);
	ASSERT(a->ops->socketpair(a, b) == 0);
	EXPECT_EQ(name_of(a, &got, 1), PATH_OFF);
	EXPECT_EQ(name_of(a, &got, 0), PATH_OFF);
	EXPECT_EQ(bind_to(l, "/srv", 4), 0);
	EXPECT_EQ(l->ops->listen(l, 1), 0);
	EXPECT_EQ(c->ops->connect(c, (struct sockaddr *)mkaddr("/srv", 4), PATH_OFF + 4, O_NONBLOCK), 0);
	EXPECT_EQ(name_of(c, &got, 1), PATH_OFF + 5);		/* the listener's name */
	EXPECT_STREQ(((struct sockaddr_un *)&got)->sun_path, "/srv");
	uu_close(a);
	uu_close(b);
	uu_close(c);
	uu_close(l);
	EXPECT_EQ(uu_unlink("/srv"), 0);
}
