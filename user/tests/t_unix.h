/* t_unix.h: AF_UNIX helpers shared by t_unix.c, t_unix_scm.c and t_unix_exec.c (defined in t_unix.c and t_unix_scm.c). */
#ifndef T_UNIX_H
#define T_UNIX_H

#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

socklen_t unix_addr(struct sockaddr_un *a, const char *path);	/* a path; returns the length */
socklen_t unix_abstract(struct sockaddr_un *a, const char *name);	/* "\0name" */
int unix_listener(const char *path, int type, int backlog);	/* bound and listening */
int unix_connect_to(const char *path, int type);		/* a connected client */
/* One byte and n descriptors (at most 260) in one SCM_RIGHTS message; sendmsg's result. In t_unix_scm.c. */
int unix_send_fds(int sock, const int *fds, int n, int flags);

#endif
