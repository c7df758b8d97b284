/*
 * AF_UNIX names (Linux's net/unix/af_unix.c, the address half): checking
 * an address (unix_mkname), the bound-name table, finding the socket an
 * address names (unix_find_other), bind and autobind, getname, and the
 * sender's name on a received message.
 *
 *   bind -> unix_bind: a path -> vfs_mknod_sock (an S_IFSOCK node; EEXIST
 *           is EADDRINUSE; made before the "bound already?" check, as
 *           Linux 5.15+) and the table bucket of its inode number; an
 *           abstract name -> the bucket of its hash with the type folded in;
 *           just the family -> unix_autobind ("\0XXXXX")
 *   connect/sendto -> unix_find_other: a path -> kern_path, write
 *           permission, S_ISSOCK, the socket by inode; abstract -> by name
 * Unbound sockets sit in the extra bucket unix_socket_table[UNIX_HASH_SIZE]
 * so /proc/net/unix sees every socket. Lock legend: include/net/af_unix.h.
 */
#include <linux/net.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <net/af_unix.h>

/* ---- names ------------------------------------------------------------------ */

static unsigned int unix_hash_fold(const unsigned char *p, int len)
{
	unsigned int h = 2166136261u;		/* FNV-1a */

	while (len--)
		h = (h ^ *p++) * 16777619u;
	return h ^ (h >> UNIX_HASH_BITS) ^ (h >> 16);
}

/*
 * Check an address and return its significant length (Linux's unix_mkname):
 * a path counts up to its NUL (sun_path need not have one: the byte after
 * the address is in the caller's sockaddr_storage), an abstract name all of
 * its bytes.
 */
int unix_mkname(struct sockaddr_un *sunaddr, int len)
{
	if (len <= (int)sizeof(short) || len > (int)sizeof(*sunaddr))
		return -EINVAL;
	if (sunaddr->sun_family != AF_UNIX)
		return -EINVAL;
	if (sunaddr->sun_path[0]) {
		((char *)sunaddr)[len] = 0;
		len = strlen(sunaddr->sun_path) + 1 + sizeof(short);
	}
	return len;
}

static unsigned int unix_abstract_hash(const struct sockaddr_un *sunaddr, int len, int type)
{
	return (unix_hash_fold((const unsigned char *)sunaddr, len) ^ type) & (UNIX_HASH_SIZE - 1);
}

/* unix_table_lock held. Moves sk from wherever it is to the bucket of its address. */
static void __unix_insert_socket(struct hlist_head *list, struct sock *sk)
{
	hlist_del_init(&sk->sk_node);
	hlist_add_head(&sk->sk_node, list);
}

/* unix_table_lock held. Abstract names are per type, as Linux (the type is in the hash). */
static struct sock *__unix_find_socket_byname(struct sockaddr_un *sunname, int len,
					      int type, unsigned int hash)
{
	struct sock *s;

	hlist_for_each_entry(s, &unix_socket_table[hash], sk_node) {
		struct unix_address *a = unix_sk(s)->addr;

		if (!unix_sk(s)->dentry && s->sk_type == type && a->len == len &&
		    !memcmp(a->name, sunname, len))
			return s;
	}
	return NULL;
}

static struct sock *unix_find_socket_byinode(struct inode *i)
{
	struct sock *s;

	spin_lock(&unix_table_lock);
	hlist_for_each_entry(s, &unix_socket_table[i->i_ino & (UNIX_HASH_SIZE - 1)], sk_node) {
		struct dentry *d = unix_sk(s)->dentry;

		if (d && d->d_inode == i) {
			sock_hold(s);
			spin_unlock(&unix_table_lock);
			return s;
		}
	}
	spin_unlock(&unix_table_lock);
	return NULL;
}

/*
 * The socket an address names, +ref (Linux's unix_find_other). A path
 * needs write permission on its node; a path that is not a bound socket
 * is ECONNREFUSED; a socket of another type EPROTOTYPE.
 */
struct sock *unix_find_other(struct sockaddr_un *sunaddr, int len, int type, int *error)
{
	struct sock *u;
	int err;

	if (sunaddr->sun_path[0]) {
		struct dentry *d;
		struct inode *inode;

		err = kern_path(sunaddr->sun_path, LOOKUP_FOLLOW, &d);
		if (err)
			goto fail;
		inode = d->d_inode;
		err = inode_permission(inode, W_OK);
		if (err)
			goto put_fail;
		err = -ECONNREFUSED;
		if (!S_ISSOCK(inode->i_mode))
			goto put_fail;
		u = unix_find_socket_byinode(inode);
		if (!u)
			goto put_fail;
		dput(d);
		if (u->sk_type != type) {
			sock_put(u);
			err = -EPROTOTYPE;
			goto fail;
		}
		return u;
put_fail:
		dput(d);
		goto fail;
	}
	spin_lock(&unix_table_lock);
	u = __unix_find_socket_byname(sunaddr, len, type, unix_abstract_hash(sunaddr, len, type));
	if (u)
		sock_hold(u);
	spin_unlock(&unix_table_lock);
	if (u)
		return u;
	err = -ECONNREFUSED;
fail:
	*error = err;
	return NULL;
}

static struct unix_address *unix_address_alloc(const struct sockaddr_un *sunaddr, int len)
{
	struct unix_address *addr = kmalloc(sizeof(*addr) + len, GFP_KERNEL);

	if (!addr)
		return NULL;
	memcpy(addr->name, sunaddr, len);
	addr->len = len;
	refcount_set(&addr->refcnt, 1);
	return addr;
}

void unix_release_addr(struct unix_address *addr)
{
	if (refcount_dec_and_test(&addr->refcnt))
		kfree(addr);
}

/* bind(fd, {AF_UNIX}, 2), or a send/connect with SO_PASSCRED while unbound: "\0XXXXX". */
int unix_autobind(struct socket *sock)
{
	static u32 ordernum = 1;
	struct sock *sk = sock->sk;
	struct unix_sock *u = unix_sk(sk);
	struct unix_address *addr;
	unsigned int retries = 0;
	struct sockaddr_un name;
	int err = 0;

	lock_sock(sk);
	if (u->addr)
		goto out;
	err = -ENOMEM;
	memset(&name, 0, sizeof(name));
	name.sun_family = AF_UNIX;
	addr = unix_address_alloc(&name, sizeof(short) + 1 + 5);
	if (!addr)
		goto out;
	for (;;) {
		spin_lock(&unix_table_lock);
		ordernum = (ordernum + 1) & UNIX_AUTOBIND_MAX;
		/* Formatted on the stack: snprintf's NUL would land one byte past addr's 8. */
		snprintf(name.sun_path + 1, 6, "%05x", ordernum);
		memcpy(addr->name, &name, addr->len);
		addr->hash = unix_abstract_hash(addr->name, addr->len, sk->sk_type);
		if (!__unix_find_socket_byname(addr->name, addr->len, sk->sk_type, addr->hash))
			break;
		spin_unlock(&unix_table_lock);
		if (++retries > UNIX_AUTOBIND_MAX) {
			kfree(addr);
			err = -ENOSPC;		/* every name is taken */
			goto out;
		}
	}
	u->addr = addr;
	__unix_insert_socket(&unix_socket_table[addr->hash], sk);
	spin_unlock(&unix_table_lock);
	err = 0;
out:
	release_sock(sk);
	return err;
}

int unix_bind(struct socket *sock, struct sockaddr *uaddr, int addr_len)
{
	struct sockaddr_un *sunaddr = (struct sockaddr_un *)uaddr;
	struct sock *sk = sock->sk;
	struct unix_sock *u = unix_sk(sk);
	struct unix_address *addr;
	struct dentry *dentry = NULL;
	int err;

	if (addr_len < (int)sizeof(short) || sunaddr->sun_family != AF_UNIX)
		return -EINVAL;
	if (addr_len == sizeof(short))
		return unix_autobind(sock);
	err = unix_mkname(sunaddr, addr_len);
	if (err < 0)
		return err;
	addr_len = err;

	addr = unix_address_alloc(sunaddr, addr_len);
	if (!addr)
		return -ENOMEM;
	if (sunaddr->sun_path[0]) {
		/* The node first, then "bound already?" (Linux 5.15+ unix_bind_bsd). */
		err = vfs_mknod_sock(sunaddr->sun_path, 0777 & ~current_umask(), &dentry);
		if (err) {
			unix_release_addr(addr);
			return err == -EEXIST ? -EADDRINUSE : err;
		}
	}
	lock_sock(sk);
	err = -EINVAL;
	if (u->addr) {
		unix_release_addr(addr);
		if (dentry) {		/* undo the node: the name was never ours */
			dput(dentry);
			vfs_remove_path(sunaddr->sun_path, false);
		}
		goto out;
	}
	if (dentry) {
		addr->hash = dentry->d_inode->i_ino & (UNIX_HASH_SIZE - 1);
		spin_lock(&unix_table_lock);
	} else {
		addr->hash = unix_abstract_hash(sunaddr, addr_len, sk->sk_type);
		spin_lock(&unix_table_lock);
		if (__unix_find_socket_byname(sunaddr, addr_len, sk->sk_type, addr->hash)) {
			spin_unlock(&unix_table_lock);
			unix_release_addr(addr);
			err = -EADDRINUSE;
			goto out;
		}
	}
	u->dentry = dentry;
	u->addr = addr;
	__unix_insert_socket(&unix_socket_table[addr->hash], sk);
	spin_unlock(&unix_table_lock);
	err = 0;
out:
	release_sock(sk);
	return err;
}


int unix_getname(struct socket *sock, struct sockaddr *uaddr, int peer)
{
	struct sockaddr_un *sunaddr = (struct sockaddr_un *)uaddr;
	struct sock *sk = sock->sk;
	struct unix_address *addr;
	int len;

	if (peer) {
		sk = unix_peer_get(sk);
		if (!sk)
			return -ENOTCONN;
	} else {
		sock_hold(sk);
	}
	addr = READ_ONCE(unix_sk(sk)->addr);
	if (!addr) {
		sunaddr->sun_family = AF_UNIX;
		sunaddr->sun_path[0] = 0;
		len = sizeof(short);
	} else {
		len = addr->len;
		memcpy(sunaddr, addr->name, len);
	}
	sock_put(sk);
	return len;
}

/* recvmsg's msg_name: the sender's bound name; an unbound sender leaves it empty. */
void unix_copy_addr(struct msghdr *msg, struct sock *sk)
{
	struct unix_address *addr = READ_ONCE(unix_sk(sk)->addr);

	msg->msg_namelen = 0;
	if (addr && msg->msg_name) {
		msg->msg_namelen = addr->len;
		memcpy(msg->msg_name, addr->name, addr->len);
	}
}
