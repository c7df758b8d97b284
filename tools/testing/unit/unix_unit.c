/*
 * unix_unit.c: AF_UNIX sockets in host unit tests (see unix_unit.h). The
 * fake namespace is a small fixed table of socket nodes: enough for a
 * test's few pathname binds, bounded, and reset by unlinking.
 */
#include "unit.h"
#include "unix_unit.h"
#include <linux/fs.h>
#include <linux/fdtable.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/scm.h>
#include <net/sock.h>

void fake_net_setup(void);

#define UU_NODES	8

static struct uu_node {
	bool used;
	char path[128];
	struct dentry dentry;
	struct inode inode;
} uu_nodes[UU_NODES];
static unsigned long uu_next_ino = 1000;

static struct uu_node *uu_lookup(const char *path)
{
	for (int i = 0; i < UU_NODES; i++)
		if (uu_nodes[i].used && !strcmp(uu_nodes[i].path, path))
			return &uu_nodes[i];
	return NULL;
}

int vfs_mknod_sock(const char *path, umode_t mode, struct dentry **res)
{
	if (strlen(path) >= sizeof(uu_nodes[0].path))
		return -ENAMETOOLONG;
	if (uu_lookup(path))
		return -EEXIST;
	for (int i = 0; i < UU_NODES; i++) {
		struct uu_node *n = &uu_nodes[i];

		if (n->used)
			continue;
		memset(n, 0, sizeof(*n));
		n->used = true;
		strcpy(n->path, path);
		n->inode.i_mode = S_IFSOCK | mode;
		n->inode.i_ino = uu_next_ino++;
		n->dentry.d_inode = &n->inode;
		*res = &n->dentry;
		return 0;
	}
	return -ENOSPC;
}

int kern_path(const char *name, unsigned int flags, struct dentry **result)
{
	struct uu_node *n = uu_lookup(name);

	if (!n)
		return -ENOENT;
	*result = &n->dentry;
	return 0;
}

int vfs_remove_path(const char *path, bool dir)
{
	struct uu_node *n = uu_lookup(path);

	if (!n)
		return -ENOENT;
	n->used = false;
	return 0;
}

unsigned int task_nofile_limit(void) { return 1024; }	/* RLIMIT_NOFILE for ETOOMANYREFS */
void dput(struct dentry *d) { }		/* the nodes are static: nothing to free */
int inode_permission(struct inode *inode, int mask) { return 0; }
umode_t current_umask(void) { return 022; }

bool uu_node_exists(const char *path) { return uu_lookup(path) != NULL; }
int uu_unlink(const char *path) { return vfs_remove_path(path, false); }

void uu_setup(void)
{
	fake_net_setup();
	sock_init();
	af_unix_init();
}

struct socket *uu_socket(int type)
{
	struct socket *sock;
	struct file *f;

	if (sock_create(AF_UNIX, type, 0, &sock))
		return NULL;
	f = sock_alloc_file(sock, 0, NULL);
	return IS_ERR(f) ? NULL : sock;
}

void uu_close(struct socket *sock)
{
	fput(sock->file);
}

/* What sendmsg does with SCM_RIGHTS, without the fd table: a file reference each (scm_fp_copy), then unix_scm_to_skb. */
int uu_pass(struct socket *from, struct socket *to, struct socket **files, int n)
{
	struct scm_cookie scm = { 0 };
	struct sk_buff *skb;
	int err, i;

	scm.fp = kzalloc(sizeof(*scm.fp), GFP_KERNEL);
	if (!scm.fp)
		return -ENOMEM;
	scm.fp->max = SCM_MAX_FD;
	for (i = 0; i < n; i++)
		scm.fp->fp[scm.fp->count++] = get_file(files[i]->file);
	skb = sock_alloc_send_skb(from->sk, 1, 1, &err);
	if (!skb) {
		scm_destroy(&scm);
		return err;
	}
	err = unix_scm_to_skb(&scm, skb, true);
	scm_destroy(&scm);
	if (err < 0) {
		kfree_skb(skb);
		return err;
	}
	*(char *)skb_put(skb, 1) = 'F';
	skb_queue_tail(&to->sk->sk_receive_queue, skb);
	return 0;
}
