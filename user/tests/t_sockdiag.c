/*
 * t_sockdiag.c: NETLINK_SOCK_DIAG as Linux's ss uses it, and ss itself.
 * The socket's errnos; an inet_diag dump showing a listener's accept
 * queue and backlog, the owner and the inode fstat reports; a UDP dump
 * longer than one step, resumed across recv calls, with a second request
 * refused (EBUSY) while it runs; unix_diag names, peers and queue
 * lengths; and /bin/ss's lines for a listener with two queued
 * connections, an established pair and a TIME-WAIT socket compared with
 * /proc/net/tcp. Linux semantics: these pass on the host too (there the
 * ss run is this build's, next to usertests).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <time.h>
#include <sys/wait.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <uapi/netlink.h>
#include <uapi/sock_diag.h>
#include "ut.h"

#define TCPS_ESTABLISHED 1
#define TCPS_TIME_WAIT	6
#define TCPS_CLOSE	7
#define TCPS_LISTEN	10

static int diag_socket(void)
{
	return CHECK_OK(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG));
}

static void diag_send(int fd, int type, int flags, const void *payload, size_t len, unsigned seq)
{
	struct {
		struct nlmsghdr nlh;
		char data[64];
	} m;
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };

	memset(&m, 0, sizeof m);
	m.nlh.nlmsg_len = NLMSG_LENGTH(len);
	m.nlh.nlmsg_type = type;
	m.nlh.nlmsg_flags = flags;
	m.nlh.nlmsg_seq = seq;
	memcpy(m.data, payload, len);
	CHECK_EQ(sendto(fd, &m, m.nlh.nlmsg_len, 0, (struct sockaddr *)&k, sizeof k), m.nlh.nlmsg_len);
}

/* The error code of the next message, which must be NLMSG_ERROR. */
static int diag_error(int fd)
{
	char buf[256];
	int n = CHECK_OK(recv(fd, buf, sizeof buf, 0));
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;

	CHECK(NLMSG_OK(nlh, n));
	CHECK_EQ(nlh->nlmsg_type, NLMSG_ERROR);
	return ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
}

static void inet_req(struct inet_diag_req_v2 *r, int protocol, unsigned states)
{
	memset(r, 0, sizeof *r);
	r->sdiag_family = AF_INET;
	r->sdiag_protocol = protocol;
	r->idiag_states = states;
}

/*
 * Read one dump to NLMSG_DONE with bufsize-byte reads, calling fn on each
 * message; also counts NLMSG_ERROR replies (EBUSY) interleaved. Returns the
 * number of reads it took.
 */
static int diag_collect(int fd, size_t bufsize, void (*fn)(const struct nlmsghdr *, void *),
			void *arg, int *ebusy)
{
	static char buf[32768];
	int reads = 0;

	for (;;) {
		int n = CHECK_OK(recv(fd, buf, bufsize, 0));
		struct nlmsghdr *nlh = (struct nlmsghdr *)buf;

		CHECK(n > 0);
		reads++;
		for (; NLMSG_OK(nlh, n); nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_type == NLMSG_DONE)
				return reads;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				int e = ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
				if (e != -EBUSY || !ebusy)
					ut_fail("sock_diag error %s", ut_errname(-e));
				(*ebusy)++;
				continue;
			}
			CHECK_EQ(nlh->nlmsg_type, SOCK_DIAG_BY_FAMILY);
			CHECK(nlh->nlmsg_flags & NLM_F_MULTI);
			fn(nlh, arg);
		}
	}
}

void test_sockdiag_errors(void)
{
	struct inet_diag_req_v2 r;
	struct sockaddr_nl a;
	socklen_t len = sizeof a;

	CHECK_ERR(socket(AF_NETLINK, SOCK_STREAM, NETLINK_SOCK_DIAG), ESOCKTNOSUPPORT);
	CHECK_ERR(socket(AF_NETLINK, SOCK_RAW, 40), EPROTONOSUPPORT);
	int fd = diag_socket();
	CHECK_OK(getsockname(fd, (struct sockaddr *)&a, &len));
	CHECK_EQ(a.nl_family, AF_NETLINK);

	inet_req(&r, IPPROTO_TCP, ~0U);
	diag_send(fd, 99, NLM_F_REQUEST | NLM_F_DUMP, &r, sizeof r, 1);
	CHECK_EQ(diag_error(fd), -EINVAL);			/* unknown message type */
	diag_send(fd, SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, &r, 1, 2);
	CHECK_EQ(diag_error(fd), -EINVAL);			/* payload too short */
	r.sdiag_family = 99;
	diag_send(fd, SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, &r, sizeof r, 3);
	CHECK_EQ(diag_error(fd), -EINVAL);			/* family >= AF_MAX */
	/* Now bound: the port id is ours, and getsockname says so. */
	len = sizeof a;
	CHECK_OK(getsockname(fd, (struct sockaddr *)&a, &len));
	CHECK(a.nl_pid != 0);
	close(fd);
}

/* A sender that never reads: replies stop at SO_RCVBUF, the rest are dropped and reported once. */
void test_sockdiag_overrun(void)
{
	struct inet_diag_req_v2 r;
	char buf[256];
	int fd = diag_socket(), n, errors = 0;

	inet_req(&r, IPPROTO_TCP, ~0U);
	for (int i = 0; i < 3000; i++)
		diag_send(fd, 99, NLM_F_REQUEST, &r, sizeof r, i);	/* each earns an NLMSG_ERROR */
	CHECK_ERR(recv(fd, buf, sizeof buf, MSG_DONTWAIT), ENOBUFS);
	while ((n = recv(fd, buf, sizeof buf, MSG_DONTWAIT)) > 0) {
		CHECK_EQ(((struct nlmsghdr *)buf)->nlmsg_type, NLMSG_ERROR);
		errors++;
	}
	CHECK_ERR(recv(fd, buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
	CHECK(errors > 0 && errors < 3000);			/* bounded, not all kept */
	/* Counted: /proc/net/netlink's Drops column for our port id. */
	struct sockaddr_nl me;
	socklen_t len = sizeof me;
	char line[256];
	unsigned long drops = 0;
	int lines = 0;
	CHECK_OK(getsockname(fd, (struct sockaddr *)&me, &len));
	FILE *f = fopen("/proc/net/netlink", "r");
	CHECK(f != NULL);
	while (fgets(line, sizeof line, f)) {
		char *tok[10], *save;
		int n = 0;
		for (char *t = strtok_r(line, " \n", &save); t && n < 10; t = strtok_r(NULL, " \n", &save))
			tok[n++] = t;
		if (n == 10 && strtoul(tok[1], NULL, 10) == NETLINK_SOCK_DIAG &&
		    strtoul(tok[2], NULL, 10) == me.nl_pid) {
			drops = strtoul(tok[8], NULL, 10);
			lines++;
		}
	}
	fclose(f);
	CHECK_EQ(lines, 1);
	CHECK_EQ(drops, 3000 - errors);
	/* The socket still works afterwards. */
	diag_send(fd, 99, NLM_F_REQUEST, &r, sizeof r, 1);
	CHECK_EQ(diag_error(fd), -EINVAL);
	close(fd);
}

struct want_inet {
	uint16_t port;			/* local port, host order */
	int found, state;
	unsigned rq, wq, uid, ino;
};

static void find_inet(const struct nlmsghdr *nlh, void *arg)
{
	const struct inet_diag_msg *m = NLMSG_DATA(nlh);
	struct want_inet *w = arg;

	CHECK(nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(*m)));
	CHECK_EQ(m->idiag_family, AF_INET);
	if (ntohs(m->id.idiag_sport) != w->port || m->id.idiag_dport)
		return;
	w->found++;
	w->state = m->idiag_state;
	w->rq = m->idiag_rqueue;
	w->wq = m->idiag_wqueue;
	w->uid = m->idiag_uid;
	w->ino = m->idiag_inode;
}

/* A listener's Recv-Q/Send-Q: connections waiting in accept, and the backlog. */
void test_sockdiag_listener(void)
{
	struct sockaddr_in a;
	struct inet_diag_req_v2 r;
	struct stat st;
	int l = ut_tcp_listener(&a, 5);
	int c1 = ut_tcp_connect(&a), c2 = ut_tcp_connect(&a);
	struct want_inet w = { .port = ntohs(a.sin_port) };

	ut_wait_queued(l, 2);
	CHECK_OK(fstat(l, &st));
	int fd = diag_socket();
	inet_req(&r, IPPROTO_TCP, 1U << TCPS_LISTEN);
	diag_send(fd, SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, &r, sizeof r, 7);
	diag_collect(fd, 8192, find_inet, &w, NULL);
	CHECK_EQ(w.found, 1);
	CHECK_EQ(w.state, TCPS_LISTEN);
	CHECK_EQ(w.rq, 2);
	CHECK_EQ(w.wq, 5);
	CHECK_EQ(w.uid, getuid());
	CHECK_EQ(w.ino, st.st_ino);

	/* Only the states asked for: no ESTABLISHED request shows the listener. */
	w.found = 0;
	inet_req(&r, IPPROTO_TCP, 1U << TCPS_ESTABLISHED);
	diag_send(fd, SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, &r, sizeof r, 8);
	diag_collect(fd, 8192, find_inet, &w, NULL);
	CHECK_EQ(w.found, 0);
	close(fd);
	close(c1);
	close(c2);
	close(l);
}

#define NUDP 150

struct udp_seen {
	unsigned ino[NUDP];
	int seen[NUDP];
};

static void find_udp(const struct nlmsghdr *nlh, void *arg)
{
	const struct inet_diag_msg *m = NLMSG_DATA(nlh);
	struct udp_seen *u = arg;

	CHECK_EQ(m->idiag_state, TCPS_CLOSE);
	for (int i = 0; i < NUDP; i++)
		if (u->ino[i] == m->idiag_inode)
			u->seen[i]++;
}

/* More sockets than one step holds: the dump resumes after each read; a second dump is EBUSY. */
void test_sockdiag_dump_resume(void)
{
	static struct udp_seen u;
	struct inet_diag_req_v2 r;
	int fds[NUDP], ebusy = 0;

	memset(&u, 0, sizeof u);
	for (int i = 0; i < NUDP; i++) {
		struct sockaddr_in a;
		struct stat st;

		fds[i] = CHECK_OK(socket(AF_INET, SOCK_DGRAM, 0));
		ut_lo_addr(&a, 0);
		CHECK_OK(bind(fds[i], (struct sockaddr *)&a, sizeof a));
		CHECK_OK(fstat(fds[i], &st));
		u.ino[i] = st.st_ino;
	}
	int fd = diag_socket();
	inet_req(&r, IPPROTO_UDP, 1U << TCPS_CLOSE);
	diag_send(fd, SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, &r, sizeof r, 1);
	diag_send(fd, SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, &r, sizeof r, 2);
	int reads = diag_collect(fd, 32768, find_udp, &u, &ebusy);
	CHECK_EQ(ebusy, 1);
	CHECK(reads >= 3);		/* 150 x 88 bytes: several steps */
	for (int i = 0; i < NUDP; i++)
		if (u.seen[i] != 1)
			ut_fail("udp socket %d seen %d times", i, u.seen[i]);

	/* A dump abandoned half-way: closing the socket frees what it holds. */
	diag_send(fd, SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, &r, sizeof r, 3);
	close(fd);
	/* A short buffer gets the start of a message and MSG_TRUNC. */
	fd = diag_socket();
	diag_send(fd, SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, &r, sizeof r, 4);
	char small[16];
	struct iovec iov = { small, sizeof small };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	CHECK_EQ(recvmsg(fd, &mh, 0), sizeof small);
	CHECK(mh.msg_flags & MSG_TRUNC);
	close(fd);
	for (int i = 0; i < NUDP; i++)
		close(fds[i]);
}

struct unix_seen {
	unsigned ino_l, ino_a, ino_b;
	int got_l, got_a;
	char name[64];
};

static void find_unix(const struct nlmsghdr *nlh, void *arg)
{
	const struct unix_diag_msg *m = NLMSG_DATA(nlh);
	struct unix_seen *u = arg;
	const struct nlattr *a = (const void *)((const char *)m + NLMSG_ALIGN(sizeof(*m)));
	int left = nlh->nlmsg_len - NLMSG_LENGTH(NLMSG_ALIGN(sizeof(*m)));
	unsigned peer = 0;
	struct unix_diag_rqlen rq = { 99, 99 };
	char name[128] = "";

	for (; left >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= left;
	     left -= NLA_ALIGN(a->nla_len), a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len))) {
		const char *d = (const char *)a + NLA_HDRLEN;
		if (a->nla_type == UNIX_DIAG_NAME)
			memcpy(name, d, a->nla_len - NLA_HDRLEN < 127 ? a->nla_len - NLA_HDRLEN : 127);
		else if (a->nla_type == UNIX_DIAG_PEER)
			memcpy(&peer, d, 4);
		else if (a->nla_type == UNIX_DIAG_RQLEN)
			memcpy(&rq, d, sizeof rq);
	}
	if (m->udiag_ino == u->ino_l) {
		CHECK_EQ(m->udiag_state, TCPS_LISTEN);
		CHECK_EQ(m->udiag_type, SOCK_STREAM);
		CHECK(!strcmp(name, u->name));
		CHECK_EQ(rq.udiag_rqueue, 0);
		CHECK_EQ(rq.udiag_wqueue, 3);
		u->got_l++;
	} else if (m->udiag_ino == u->ino_a) {
		CHECK_EQ(m->udiag_state, TCPS_ESTABLISHED);
		CHECK_EQ(peer, u->ino_b);
		CHECK_EQ(rq.udiag_rqueue, 5);		/* five bytes unread */
		u->got_a++;
	}
}

void test_sockdiag_unix(void)
{
	static struct unix_seen u;
	struct unix_diag_req r;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	int sv[2];

	memset(&u, 0, sizeof u);
	snprintf(u.name, sizeof u.name, "diag.%d.sock", getpid());
	strcpy(sa.sun_path, u.name);
	int l = CHECK_OK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK_OK(bind(l, (struct sockaddr *)&sa, sizeof sa));
	CHECK_OK(listen(l, 3));
	CHECK_OK(fstat(l, &st));
	u.ino_l = st.st_ino;
	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK_OK(fstat(sv[0], &st));
	u.ino_a = st.st_ino;
	CHECK_OK(fstat(sv[1], &st));
	u.ino_b = st.st_ino;
	CHECK_EQ(write(sv[1], "hello", 5), 5);

	int fd = diag_socket();
	memset(&r, 0, sizeof r);
	r.sdiag_family = AF_UNIX;
	r.udiag_states = ~0U;
	r.udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER | UDIAG_SHOW_RQLEN;
	diag_send(fd, SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, &r, sizeof r, 1);
	diag_collect(fd, 8192, find_unix, &u, NULL);
	CHECK_EQ(u.got_l, 1);
	CHECK_EQ(u.got_a, 1);
	close(fd);
	close(sv[0]);
	close(sv[1]);
	close(l);
	unlink(u.name);
}

/* ---- /bin/ss against /proc/net/tcp ---- */

/* Run ss (this build's: next to usertests) with args; its output in buf. */
static void run_ss(const char *args, char *buf, size_t size)
{
	char path[512];
	const char *slash = ut_self ? strrchr(ut_self, '/') : NULL;
	int p[2];

	if (slash)
		snprintf(path, sizeof path, "%.*s/ss", (int)(slash - ut_self), ut_self);
	else
		snprintf(path, sizeof path, "/bin/ss");
	CHECK_OK(pipe(p));
	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		execl(path, "ss", args, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	size_t got = 0;
	ssize_t n;
	while (got < size - 1 && (n = read(p[0], buf + got, size - 1 - got)) > 0)
		got += n;
	buf[got] = 0;
	close(p[0]);
	int status;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* /proc/net/tcp lines for local lport and remote rport (0: a listener): state and rx_queue. */
static int proc_tcp_find(unsigned lport, unsigned rport, int *state, unsigned *rxq)
{
	char line[256];
	FILE *f = fopen("/proc/net/tcp", "r");
	int found = 0;

	CHECK(f != NULL);
	while (fgets(line, sizeof line, f)) {
		unsigned la, lp, ra, rp, st, txq, rq;
		char *e, *q = strchr(line, ':');

		if (!q || strstr(line, "local_address"))
			continue;
		la = strtoul(q + 1, &e, 16); lp = strtoul(e + 1, &e, 16);
		ra = strtoul(e, &e, 16); rp = strtoul(e + 1, &e, 16);
		st = strtoul(e, &e, 16); txq = strtoul(e, &e, 16); rq = strtoul(e + 1, &e, 16);
		(void)la; (void)ra; (void)txq;
		if (lp == lport && rp == rport) {
			*state = st;
			*rxq = rq;
			found++;
		}
	}
	fclose(f);
	return found;
}

/* ss's line whose local port is lport and peer port rport (0 = "*"): state, Recv-Q, Send-Q. */
static int ss_find(const char *out, unsigned lport, unsigned rport, char *state, unsigned *rq, unsigned *wq)
{
	char want_l[32], want_r[32];
	const char *line = out;
	int found = 0;

	snprintf(want_l, sizeof want_l, ":%u", lport);
	if (rport)
		snprintf(want_r, sizeof want_r, ":%u", rport);
	else
		strcpy(want_r, ":*");
	while (line && *line) {
		char copy[256], *tok[5], *save;
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		int n = 0;

		if (len >= sizeof copy)
			len = sizeof copy - 1;
		memcpy(copy, line, len);
		copy[len] = 0;
		for (char *t = strtok_r(copy, " \t", &save); t && n < 5; t = strtok_r(NULL, " \t", &save))
			tok[n++] = t;
		if (n == 5) {
			char *lc = strrchr(tok[3], ':'), *pc = strrchr(tok[4], ':');
			if (lc && pc && !strcmp(lc, want_l) && !strcmp(pc, want_r)) {
				strcpy(state, tok[0]);
				*rq = strtoul(tok[1], NULL, 10);
				*wq = strtoul(tok[2], NULL, 10);
				found++;
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	return found;
}

void test_ss_matches_proc(void)
{
	static char out[65536];
	struct sockaddr_in a, ca;
	socklen_t len = sizeof ca;
	int l = ut_tcp_listener(&a, 7);
	unsigned port = ntohs(a.sin_port), rq, wq, rxq;
	int q1 = ut_tcp_connect(&a), q2 = ut_tcp_connect(&a);
	char state[32];
	int st;

	ut_wait_queued(l, 2);
	/* An established pair on a second listener, and a TIME-WAIT from a third. */
	struct sockaddr_in a2;
	int l2 = ut_tcp_listener(&a2, 1);
	int c = ut_tcp_connect(&a2), s = CHECK_OK(accept(l2, NULL, NULL));
	CHECK_OK(getsockname(c, (struct sockaddr *)&ca, &len));
	unsigned cport = ntohs(ca.sin_port), port2 = ntohs(a2.sin_port);

	struct sockaddr_in a3, ta;
	int l3 = ut_tcp_listener(&a3, 1);
	int tc = ut_tcp_connect(&a3), ts = CHECK_OK(accept(l3, NULL, NULL));
	len = sizeof ta;
	CHECK_OK(getsockname(tc, (struct sockaddr *)&ta, &len));
	unsigned tport = ntohs(ta.sin_port), port3 = ntohs(a3.sin_port);
	close(tc);				/* the active closer goes to TIME-WAIT */
	char ch;
	CHECK_EQ(read(ts, &ch, 1), 0);
	close(ts);
	long long deadline = ut_now_ms() + 10000;
	/*
	 * By the whole pair of ports: the ephemeral port may also be in
	 * TIME-WAIT towards another peer, from an earlier test (a 4-tuple
	 * only has to differ somewhere), so "one line with this local port"
	 * is not this connection's.
	 */
	while (proc_tcp_find(tport, port3, &st, &rxq) != 1 || st != TCPS_TIME_WAIT) {
		if (ut_now_ms() > deadline)
			ut_fail("no TIME-WAIT for %u -> %u (%d lines, last state %#x)", tport, port3,
				proc_tcp_find(tport, port3, &st, &rxq), st);
		struct timespec d = { 0, 2000000L };
		nanosleep(&d, NULL);
	}

	run_ss("-tan", out, sizeof out);

	/* The listener: LISTEN, Recv-Q 2 queued, Send-Q the backlog 7; /proc agrees on state and queue. */
	CHECK_EQ(ss_find(out, port, 0, state, &rq, &wq), 1);
	CHECK(!strcmp(state, "LISTEN"));
	CHECK_EQ(rq, 2);
	CHECK_EQ(wq, 7);
	CHECK_EQ(proc_tcp_find(port, 0, &st, &rxq), 1);
	CHECK_EQ(st, TCPS_LISTEN);
	CHECK_EQ(rxq, 2);
	/* The established client side. */
	CHECK_EQ(ss_find(out, cport, port2, state, &rq, &wq), 1);
	CHECK(!strcmp(state, "ESTAB"));
	CHECK_EQ(proc_tcp_find(cport, port2, &st, &rxq), 1);
	CHECK_EQ(st, TCPS_ESTABLISHED);
	/* And its server side. */
	CHECK_EQ(ss_find(out, port2, cport, state, &rq, &wq), 1);
	CHECK(!strcmp(state, "ESTAB"));
	/* The TIME-WAIT. */
	CHECK_EQ(ss_find(out, tport, port3, state, &rq, &wq), 1);
	CHECK(!strcmp(state, "TIME-WAIT"));
	CHECK_EQ(proc_tcp_find(tport, port3, &st, &rxq), 1);
	CHECK_EQ(st, TCPS_TIME_WAIT);

	/* -l shows the listener and not the pair; the default hides TIME-WAIT, as Linux's ss. */
	run_ss("-tln", out, sizeof out);
	CHECK_EQ(ss_find(out, port, 0, state, &rq, &wq), 1);
	CHECK_EQ(ss_find(out, cport, port2, state, &rq, &wq), 0);
	/* -p: the owner, found through /proc/PID/fd. */
	char owner[64];
	run_ss("-tlnp", out, sizeof out);
	snprintf(owner, sizeof owner, "pid=%d,fd=%d)", (int)getpid(), l);
	CHECK(strstr(out, owner) != NULL);
	run_ss("-tn", out, sizeof out);
	CHECK_EQ(ss_find(out, cport, port2, state, &rq, &wq), 1);
	CHECK_EQ(ss_find(out, tport, port3, state, &rq, &wq), 0);
	CHECK_EQ(ss_find(out, port, 0, state, &rq, &wq), 0);

	close(c);
	close(s);
	close(q1);
	close(q2);
	close(l);
	close(l2);
	close(l3);
}

/*
 * ss -i: the line under a connection shows its congestion control and the
 * figures getsockopt(TCP_INFO) gives (INET_DIAG_INFO carries the same
 * struct tcp_info, INET_DIAG_CONG the name).
 */
void test_ss_info_matches_tcp_info(void)
{
	static char out[65536];
	struct sockaddr_in a, ca;
	struct tcp_info ti;
	socklen_t len = sizeof ca, tlen = sizeof ti;
	char want[64], *row, *info, *end;
	int l = ut_tcp_listener(&a, 1);
	int c = CHECK_OK(socket(AF_INET, SOCK_STREAM, 0));

	CHECK_OK(setsockopt(c, IPPROTO_TCP, TCP_CONGESTION, "reno", 4));
	CHECK_OK(connect(c, (struct sockaddr *)&a, sizeof a));
	int s = CHECK_OK(accept(l, NULL, NULL));
	CHECK_EQ(write(c, "ping", 4), 4);
	char buf[4];
	CHECK_EQ(read(s, buf, 4), 4);
	CHECK_OK(getsockname(c, (struct sockaddr *)&ca, &len));
	/* Nothing moves on an idle pair, so TCP_INFO and the dump must agree. */
	long long deadline = ut_now_ms() + 5000;
	do {
		tlen = sizeof ti;
		CHECK_OK(getsockopt(c, IPPROTO_TCP, TCP_INFO, &ti, &tlen));
		if (ut_now_ms() > deadline)
			ut_fail("unacked %u after 5 s", ti.tcpi_unacked);
	} while (ti.tcpi_unacked);	/* the ping's ACK may still be on its way */

	run_ss("-tin", out, sizeof out);
	/* The client's row: its address in the local column (the server's row has it as the peer). */
	snprintf(want, sizeof want, "127.0.0.1:%u", ntohs(ca.sin_port));
	for (row = out; row && *row; row = strchr(row, '\n') ? strchr(row, '\n') + 1 : NULL) {
		char copy[256], *tok = NULL, *save;
		size_t n = strcspn(row, "\n");
		int i = 0;

		memcpy(copy, row, n < sizeof copy ? n : sizeof copy - 1);
		copy[n < sizeof copy ? n : sizeof copy - 1] = 0;
		for (char *t = strtok_r(copy, " \t", &save); t && i < 4; t = strtok_r(NULL, " \t", &save), i++)
			tok = t;		/* State, Recv-Q, Send-Q, Local Address:Port */
		if (i == 4 && !strcmp(tok, want))
			break;
	}
	CHECK(row != NULL && *row);
	info = strchr(row, '\n');
	CHECK(info != NULL && info[1] == '\t');
	end = strchr(info + 1, '\n');
	CHECK(end != NULL);
	*end = 0;
	CHECK(strstr(info, " reno ") != NULL);
	snprintf(want, sizeof want, " mss:%u ", ti.tcpi_snd_mss);
	CHECK(strstr(info, want) != NULL);
	snprintf(want, sizeof want, " cwnd:%u", ti.tcpi_snd_cwnd);
	CHECK(strstr(info, want) != NULL);
	snprintf(want, sizeof want, " wscale:%u,%u ", ti.tcpi_snd_wscale, ti.tcpi_rcv_wscale);
	CHECK(strstr(info, want) != NULL);
	CHECK(strstr(info, " rto:") != NULL && strstr(info, " rtt:") != NULL);
	/* Without -i there is no second line. */
	run_ss("-tn", out, sizeof out);
	CHECK(strchr(out, '\t') == NULL);
	close(c);
	close(s);
	close(l);
}
