/*
 * unix_unit.h: AF_UNIX sockets for host unit tests (unix_unit.c). Sockets
 * are made as socket(2) makes them - sock_create, then a file - but
 * without an fd. A fake namespace stands in for the VFS calls
 * net/unix/unix_addr.c makes (vfs_mknod_sock, kern_path, vfs_remove_path),
 * so pathname binds work; "close" is the file's last fput.
 */
#ifndef _UNIX_UNIT_H
#define _UNIX_UNIT_H

#include <linux/net.h>
#include <net/af_unix.h>

void uu_setup(void);				/* UNIT_SETUP: net, sockfs, AF_UNIX */
struct socket *uu_socket(int type);		/* with a file; NULL on failure */
void uu_close(struct socket *sock);		/* drop the "descriptor's" reference */
/* Queue a 1-byte skb from 'from' on to's receive queue carrying n files; 0 or -errno. */
int uu_pass(struct socket *from, struct socket *to, struct socket **files, int n);
bool uu_node_exists(const char *path);		/* the fake namespace has this path */
int uu_unlink(const char *path);		/* remove a node (unlink) */

#endif
