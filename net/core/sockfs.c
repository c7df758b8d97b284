/*
 * Sockets as files: struct socket's allocation and release, its S_IFSOCK
 * pseudo inode and struct file, the file operations (read, write, poll,
 * ioctl, release), the family table, and /proc/net/sockstat.
 *
 *   __sock_create: family/type checks -> sock_alloc -> net_families[]->create
 *   sock_alloc_file: alloc_file_pseudo(inode, f_op = socket_file_ops)
 *   close(fd) -> fput -> sock_close -> sock_release -> ops->release (the
 *   protocol lets go of its struct sock) -> the socket is freed; the inode
 *   goes with the file.
 *   read/write -> sock_read/sock_write -> ops->recvmsg/sendmsg, as recv/send
 *   with flags 0; poll -> sock_poll -> ops->poll; ioctl -> sock_ioctl.
 * Lock legend: net_family_lock guards net_families[] (written at init,
 * read by every socket()); the socket itself needs no lock of its own (its
 * fields are set before the fd exists and cleared after it is gone).
 * Neighbours: net/socket.c (system calls), net/core/sock.c (struct sock),
 * kernel/fs/file_table.c (alloc_file_pseudo), kernel/fs/fcntl.c (FIONBIO,
 * F_SETFL O_NONBLOCK set f_flags, which the socket code reads).
 */
#include <linux/net.h>
#include <linux/fdtable.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/trace_events.h>
#include <net/sock.h>
#include <net/busy_poll.h>
#include <uapi/if.h>
#include <uapi/route.h>

int sysctl_somaxconn = SOMAXCONN;

static DEFINE_SPINLOCK(net_family_lock);
static const struct net_proto_family *net_families[AF_MAX];
static struct kmem_cache *sock_cachep;
static atomic_t sockets_used = ATOMIC_INIT(0);

long sockets_in_use(void)
{
	return atomic_read(&sockets_used);
}

static const char *const socket_state_names[] = {
	"SS_FREE", "SS_UNCONNECTED", "SS_CONNECTING", "SS_CONNECTED", "SS_DISCONNECTING",
};

const char *socket_state_name(socket_state s)
{
	return (unsigned int)s < ARRAY_SIZE(socket_state_names) ? socket_state_names[s] : "?";
}

int sock_register(const struct net_proto_family *ops)
{
	int err = 0;

	if (ops->family < 0 || ops->family >= AF_MAX)
		return -ENOBUFS;
	spin_lock(&net_family_lock);
	if (net_families[ops->family])
		err = -EEXIST;
	else
		net_families[ops->family] = ops;
	spin_unlock(&net_family_lock);
	return err;
}

/* A struct socket and its inode (fstat: S_IFSOCK, st_dev of the pseudo fs). */
struct socket *sock_alloc(void)
{
	struct socket *sock;
	struct inode *inode;

	sock = kmem_cache_zalloc(sock_cachep, GFP_KERNEL);
	if (!sock)
		return NULL;
	inode = new_inode_pseudo(S_IFSOCK | S_IRWXU | S_IRWXG | S_IRWXO);
	if (!inode) {
		kmem_cache_free(sock_cachep, sock);
		return NULL;
	}
	inode->i_uid = current->euid;
	inode->i_gid = current->egid;
	inode->i_private = sock;
	sock->inode = inode;
	sock->state = SS_UNCONNECTED;
	init_waitqueue_head(&sock->wq.wait);
	atomic_inc(&sockets_used);
	return sock;
}

/*
 * The protocol lets go first (ops->release), then the socket goes. A
 * socket that never got a file still owns its inode reference.
 */
void sock_release(struct socket *sock)
{
	if (sock->ops) {
		sock->ops->release(sock);
		sock->ops = NULL;
	}
	if (!sock->file)
		iput(sock->inode);
	atomic_dec(&sockets_used);
	kmem_cache_free(sock_cachep, sock);
}

/* On failure the socket is released (Linux's contract: the caller forgets it). */
struct file *sock_alloc_file(struct socket *sock, int flags, const char *dname)
{
	struct file *file;

	file = alloc_file_pseudo(sock->inode, dname ? dname : "socket",
				 O_RDWR | (flags & O_NONBLOCK), &socket_file_ops);
	if (IS_ERR(file)) {
		sock_release(sock);
		return file;
	}
	sock->file = file;
	file->private_data = sock;
	return file;
}

int sock_map_fd(struct socket *sock, int flags)
{
	struct file *newfile;
	int fd = get_unused_fd_flags(flags);

	if (fd < 0) {
		sock_release(sock);
		return fd;
	}
	newfile = sock_alloc_file(sock, flags, NULL);
	if (IS_ERR(newfile)) {
		put_unused_fd(fd);
		return PTR_ERR(newfile);
	}
	fd_install(fd, newfile);
	return fd;
}

struct socket *sock_from_file(struct file *file)
{
	return file->f_op == &socket_file_ops ? file->private_data : NULL;
}

struct socket *sockfd_lookup(int fd, int *err)
{
	struct file *file = fget(fd);
	struct socket *sock;

	if (!file) {
		*err = -EBADF;
		return NULL;
	}
	sock = sock_from_file(file);
	if (!sock) {
		*err = -ENOTSOCK;
		fput(file);
	}
	return sock;
}

int __sock_create(int family, int type, int protocol, struct socket **res, int kern)
{
	const struct net_proto_family *pf;
	struct socket *sock;
	int err;

	if (family < 0 || family >= AF_MAX)
		return -EAFNOSUPPORT;
	if (type < 0 || type >= SOCK_PACKET + 1)
		return -EINVAL;
	trace_event(sock_create, family, type, protocol, kern);
	sock = sock_alloc();
	if (!sock)
		return -ENFILE;
	sock->type = type;
	spin_lock(&net_family_lock);
	pf = net_families[family];
	spin_unlock(&net_family_lock);
	err = -EAFNOSUPPORT;
	if (!pf)
		goto out_release;
	err = pf->create(sock, protocol, kern);
	if (err < 0)
		goto out_release;
	*res = sock;
	return 0;

out_release:
	sock->ops = NULL;	/* create failed: nothing for ->release to undo */
	sock_release(sock);
	return err;
}

int sock_create(int family, int type, int protocol, struct socket **res)
{
	return __sock_create(family, type, protocol, res, 0);
}

/* A bare socket for accept's child: the listener's type and ops, no sock yet. */
int sock_create_lite(int family, int type, int protocol, struct socket **res)
{
	struct socket *sock = sock_alloc();

	if (!sock)
		return -ENOMEM;
	sock->type = type;
	*res = sock;
	return 0;
}

/* ---- file operations ------------------------------------------------------- */

static ssize_t sock_read(struct file *file, char __user *buf, size_t len, loff_t *pos)
{
	struct socket *sock = file->private_data;
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_len = len };

	if (!len)
		return 0;
	return sock->ops->recvmsg(sock, &msg, len,
				  (file->f_flags & O_NONBLOCK) ? MSG_DONTWAIT : 0);
}

/* write(2), and kernel_write from sendfile: the iterator says whose memory it is. */
static ssize_t sock_write_iter(struct file *file, struct iov_iter *from, loff_t *pos)
{
	struct socket *sock = file->private_data;
	size_t len = from->count;
	struct iovec iov = { .iov_base = from->ubuf, .iov_len = len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_len = len,
			      .msg_kernel = from->kernel };

	msg.msg_flags = (file->f_flags & O_NONBLOCK) ? MSG_DONTWAIT : 0;
	return sock->ops->sendmsg(sock, &msg, len);
}

/*
 * A socket that may busy-poll (SO_BUSY_POLL or net.core.busy_read, and a
 * NAPI id learnt from its traffic) looks at its NAPI's ring once when the
 * syscall asks (POLL_BUSY_LOOP in the key: net.core.busy_poll is on), and
 * says it can, so poll/select spin on it rather than sleep (Linux's).
 */
static __poll_t sock_poll(struct file *file, poll_table *wait)
{
	struct socket *sock = file->private_data;
	__poll_t flag = 0;

	if (sock->sk && sk_can_busy_loop(sock->sk)) {
		if (poll_requested_events(wait) & POLL_BUSY_LOOP)
			sk_busy_loop(sock->sk, 1);
		flag = POLL_BUSY_LOOP;
	}
	return sock->ops->poll(file, sock, wait) | flag;
}

/*
 * Socket ioctls: interface and route requests go to the device and
 * routing code whatever the socket's family (as Linux's sock_ioctl); the
 * rest to the family (FIONREAD/SIOCINQ, SIOCOUTQ, SIOCGSTAMP).
 */
static long sock_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct socket *sock = file->private_data;
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case SIOCGIFCONF:
	case SIOCGIFNAME:
	case SIOCGIFFLAGS: case SIOCSIFFLAGS:
	case SIOCGIFADDR: case SIOCSIFADDR:
	case SIOCGIFDSTADDR: case SIOCSIFDSTADDR:
	case SIOCGIFBRDADDR: case SIOCSIFBRDADDR:
	case SIOCGIFNETMASK: case SIOCSIFNETMASK:
	case SIOCGIFMETRIC: case SIOCSIFMETRIC:
	case SIOCGIFMTU: case SIOCSIFMTU:
	case SIOCSIFNAME:
	case SIOCGIFHWADDR: case SIOCSIFHWADDR:
	case SIOCGIFINDEX:
	case SIOCGIFCOUNT:
	case SIOCGIFTXQLEN: case SIOCSIFTXQLEN:
	case SIOCGIFMAP: case SIOCSIFMAP:
		return dev_ioctl(cmd, argp);
	case SIOCADDRT:
	case SIOCDELRT:
		return ip_rt_ioctl(cmd, argp);
	default:
		return sock->ops->ioctl(sock, cmd, arg);
	}
}

static int sock_close(struct inode *inode, struct file *file)
{
	struct socket *sock = file->private_data;

	if (sock)
		sock_release(sock);
	return 0;
}

const struct file_operations socket_file_ops = {
	.llseek		= no_llseek,
	.read		= sock_read,
	.write_iter	= sock_write_iter,
	.poll		= sock_poll,
	.unlocked_ioctl	= sock_ioctl,
	.release	= sock_close,
};

/* ---- /proc ---------------------------------------------------------------- */

int tcp_sockstat_show(struct seq_file *m);	/* net/ipv4/tcp_ipv4.c: the "TCP:" line */
int udp_sockstat_show(struct seq_file *m);	/* net/ipv4/udp.c: the "UDP:" line */
int raw_sockstat_show(struct seq_file *m);	/* net/ipv4/raw.c: the "RAW:" line */

/* Linux's format: "sockets: used N", then one line per protocol. */
static int sockstat_show(struct seq_file *m, void *v)
{
	seq_printf(m, "sockets: used %ld\n", sockets_in_use());
	tcp_sockstat_show(m);
	udp_sockstat_show(m);
	seq_printf(m, "UDPLITE: inuse 0\n");
	raw_sockstat_show(m);
	seq_printf(m, "FRAG: inuse %u memory %u\n", 0u, 0u);
	return 0;
}

void sock_init(void)
{
	sock_cachep = kmem_cache_create("sock_inode_cache", sizeof(struct socket), 0, 0, NULL);
	proc_sysctl_int("sys/net/core/somaxconn", &sysctl_somaxconn, 0, INT_MAX);
	proc_sysctl_int("sys/net/core/rmem_default", &sysctl_rmem_default, SOCK_MIN_RCVBUF, INT_MAX);
	proc_sysctl_int("sys/net/core/wmem_default", &sysctl_wmem_default, SOCK_MIN_SNDBUF, INT_MAX);
	proc_sysctl_int("sys/net/core/rmem_max", &sysctl_rmem_max, SOCK_MIN_RCVBUF, INT_MAX);
	proc_sysctl_int("sys/net/core/wmem_max", &sysctl_wmem_max, SOCK_MIN_SNDBUF, INT_MAX);
	proc_create_single("net/sockstat", sockstat_show, NULL);
}
