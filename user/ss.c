/*
 * ss: list sockets, as Linux's ss does, by asking the kernel over
 * netlink (NETLINK_SOCK_DIAG, SOCK_DIAG_BY_FAMILY) rather than parsing
 * /proc/net: only sock_diag carries a listener's backlog.
 *
 *   ss [-tuxlanpsi] [-H] [state NAME]
 *     -t -u -x   TCP, UDP, unix sockets (none given: all three)
 *     -i         TCP internals on a second line, as Linux's ss -i prints
 *                them: congestion control, wscale, rto, rtt/rttvar, ato,
 *                mss, cwnd, ssthresh, unacked, retrans, lost, sacked...
 *                (INET_DIAG_INFO: the kernel's struct tcp_info, and
 *                INET_DIAG_CONG: the congestion control's name)
 *     -l         listening only (TCP LISTEN, UDP and unix UNCONN)
 *     -a         every state (default: connected, without TIME-WAIT/SYN-RECV, as Linux)
 *     -n         numeric (always: Sockeye has no services database)
 *     -p         the owning processes, found by scanning /proc/PID/fd for
 *                socket:[inode]: users:(("name",pid=N,fd=M))
 *     -s         a summary: totals from /proc/net/sockstat, TCP states from the dump
 *     -H         no header line
 *     state NAME established, syn-sent, syn-recv, fin-wait-1, fin-wait-2,
 *                time-wait, closed, close-wait, last-ack, listening,
 *                closing, connected, all
 *
 * Recv-Q/Send-Q: for a listener the accept queue length and the backlog;
 * otherwise unread and unacknowledged bytes (idiag_rqueue/idiag_wqueue).
 *
 * The dump is read with recv() until NLMSG_DONE; the kernel produces the
 * next part after each read. Exit status: 0, or 1 on any error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <uapi/netlink.h>
#include <uapi/sock_diag.h>
#include <netinet/tcp.h>

enum { SS_ESTABLISHED = 1, SS_SYN_SENT, SS_SYN_RECV, SS_FIN_WAIT1, SS_FIN_WAIT2, SS_TIME_WAIT,
       SS_CLOSE, SS_CLOSE_WAIT, SS_LAST_ACK, SS_LISTEN, SS_CLOSING, SS_MAX };
#define SS_ALL		((1U << SS_MAX) - 2)
#define SS_CONN		(SS_ALL & ~((1U << SS_LISTEN) | (1U << SS_CLOSE) | \
				    (1U << SS_TIME_WAIT) | (1U << SS_SYN_RECV)))

static const char *const state_name[SS_MAX] = {
	"UNKNOWN", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT",
	"UNCONN", "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING",
};

static const struct { const char *name; unsigned int states; } state_filters[] = {
	{ "established", 1U << SS_ESTABLISHED }, { "syn-sent", 1U << SS_SYN_SENT },
	{ "syn-recv", 1U << SS_SYN_RECV }, { "fin-wait-1", 1U << SS_FIN_WAIT1 },
	{ "fin-wait-2", 1U << SS_FIN_WAIT2 }, { "time-wait", 1U << SS_TIME_WAIT },
	{ "closed", 1U << SS_CLOSE }, { "close-wait", 1U << SS_CLOSE_WAIT },
	{ "last-ack", 1U << SS_LAST_ACK }, { "listening", 1U << SS_LISTEN },
	{ "closing", 1U << SS_CLOSING }, { "all", SS_ALL },
	{ "connected", SS_ALL & ~((1U << SS_LISTEN) | (1U << SS_CLOSE)) },
};

static int opt_proc, opt_noheader, opt_quiet, opt_info, show_netid;
static int counts[SS_MAX];		/* TCP sockets per state, for -s */

/* ---- owners: inode -> "name",pid,fd from /proc/PID/fd ---- */

struct owner {
	unsigned long ino;
	int pid, fd;
	char comm[32];
};
static struct owner *owners;
static int nowners, cap_owners;

static void read_comm(int pid, char *comm, size_t len)
{
	char path[64], buf[256];
	int fd, n;
	char *a, *b;

	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	comm[0] = 0;
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = 0;
	a = strchr(buf, '(');
	b = strrchr(buf, ')');
	if (a && b && b > a) {
		*b = 0;
		snprintf(comm, len, "%s", a + 1);
	}
}

static void scan_owners(void)
{
	DIR *proc = opendir("/proc");
	struct dirent *pe;

	if (!proc)
		return;
	while ((pe = readdir(proc))) {
		char path[300], link[64], comm[32];
		struct dirent *fe;
		DIR *fds;
		int pid = atoi(pe->d_name);

		if (pid <= 0)
			continue;
		snprintf(path, sizeof path, "/proc/%d/fd", pid);
		fds = opendir(path);
		if (!fds)
			continue;		/* gone, or not ours to read */
		comm[0] = 0;
		while ((fe = readdir(fds))) {
			unsigned long ino;
			ssize_t n;

			if (fe->d_name[0] == '.')
				continue;
			snprintf(path, sizeof path, "/proc/%d/fd/%s", pid, fe->d_name);
			n = readlink(path, link, sizeof link - 1);
			if (n <= 0)
				continue;
			link[n] = 0;
			if (strncmp(link, "socket:[", 8))
				continue;
			ino = strtoul(link + 8, NULL, 10);
			if (!comm[0])
				read_comm(pid, comm, sizeof comm);
			if (nowners == cap_owners) {
				cap_owners = cap_owners ? 2 * cap_owners : 64;
				owners = realloc(owners, cap_owners * sizeof(*owners));
				if (!owners) {
					fprintf(stderr, "ss: out of memory\n");
					exit(1);
				}
			}
			owners[nowners].ino = ino;
			owners[nowners].pid = pid;
			owners[nowners].fd = atoi(fe->d_name);
			snprintf(owners[nowners].comm, sizeof owners[nowners].comm, "%s", comm);
			nowners++;
		}
		closedir(fds);
	}
	closedir(proc);
}

static void print_owners(unsigned long ino)
{
	int first = 1;

	if (!opt_proc || !ino)
		return;
	for (int i = 0; i < nowners; i++) {
		if (owners[i].ino != ino)
			continue;
		printf("%s(\"%s\",pid=%d,fd=%d)", first ? " users:(" : ",", owners[i].comm,
		       owners[i].pid, owners[i].fd);
		first = 0;
	}
	if (!first)
		printf(")");
}

/* ---- output ---- */

static void print_header(void)
{
	if (opt_noheader)
		return;
	if (show_netid)
		printf("%-6s ", "Netid");
	printf("%-10s %6s %6s %-25s %-25s%s\n", "State", "Recv-Q", "Send-Q",
	       "Local Address:Port", "Peer Address:Port", opt_proc ? " Process" : "");
}

static void print_row(const char *netid, int state, unsigned int rq, unsigned int wq,
		      const char *local, const char *peer, unsigned long ino)
{
	if (opt_quiet)
		return;
	if (show_netid)
		printf("%-6s ", netid);
	printf("%-10s %6u %6u %-25s %-25s", state < SS_MAX ? state_name[state] : "UNKNOWN",
	       rq, wq, local, peer);
	print_owners(ino);
	printf("\n");
}

static void inet_addr_port(char *out, size_t len, uint32_t addr, uint16_t port_be)
{
	struct in_addr a = { .s_addr = addr };
	uint16_t port = ntohs(port_be);

	if (port)
		snprintf(out, len, "%s:%u", inet_ntoa(a), port);
	else
		snprintf(out, len, "%s:*", inet_ntoa(a));
}

/* Milliseconds with at most three decimals and no trailing zeros, as ss prints them ("0.2", "204"). */
static void print_ms(const char *label, unsigned int us)
{
	char buf[32];
	int n = snprintf(buf, sizeof buf, "%u.%03u", us / 1000, us % 1000);

	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = 0;
	if (n > 0 && buf[n - 1] == '.')
		buf[--n] = 0;
	printf("%s%s", label, buf);
}

/* A counter ss shows only when it is not zero. */
static void print_nz(const char *label, unsigned int v)
{
	if (v)
		printf("%s%u", label, v);
}

/* The -i line: Linux's ss field names and order, each shown when it means something. */
static void print_tcp_info(const struct tcp_info *t, const char *cong)
{
	printf("\t");
	if (cong)
		printf(" %s", cong);
	if (t->tcpi_options & TCPI_OPT_WSCALE)
		printf(" wscale:%u,%u", t->tcpi_snd_wscale, t->tcpi_rcv_wscale);
	if (t->tcpi_rto)
		print_ms(" rto:", t->tcpi_rto);
	print_nz(" backoff:", t->tcpi_backoff);
	if (t->tcpi_rtt) {
		print_ms(" rtt:", t->tcpi_rtt);
		print_ms("/", t->tcpi_rttvar);
	}
	if (t->tcpi_ato)
		print_ms(" ato:", t->tcpi_ato);
	print_nz(" mss:", t->tcpi_snd_mss);
	print_nz(" pmtu:", t->tcpi_pmtu);
	print_nz(" rcvmss:", t->tcpi_rcv_mss);
	print_nz(" advmss:", t->tcpi_advmss);
	print_nz(" cwnd:", t->tcpi_snd_cwnd);
	if (t->tcpi_snd_ssthresh < 0xFFFF)	/* Linux's TCP_INFINITE_SSTHRESH shows as nothing */
		printf(" ssthresh:%u", t->tcpi_snd_ssthresh);
	print_nz(" lastsnd:", t->tcpi_last_data_sent);
	print_nz(" lastrcv:", t->tcpi_last_data_recv);
	print_nz(" lastack:", t->tcpi_last_ack_recv);
	print_nz(" unacked:", t->tcpi_unacked);
	if (t->tcpi_retrans || t->tcpi_total_retrans)
		printf(" retrans:%u/%u", t->tcpi_retrans, t->tcpi_total_retrans);
	print_nz(" lost:", t->tcpi_lost);
	if (t->tcpi_state != SS_LISTEN)		/* a listener's tcpi_sacked is its backlog */
		print_nz(" sacked:", t->tcpi_sacked);
	print_nz(" rcv_space:", t->tcpi_rcv_space);
	print_nz(" rcv_ssthresh:", t->tcpi_rcv_ssthresh);
	printf("\n");
}

/*
 * The attributes after a message's fixed part (fixed bytes), one per call:
 * start with *a NULL; false once there is none left or one is malformed.
 */
static int next_attr(const struct nlmsghdr *nlh, size_t fixed, const struct nlattr **a, int *left)
{
	if (!*a) {
		*a = (const struct nlattr *)((const char *)NLMSG_DATA(nlh) + NLMSG_ALIGN(fixed));
		*left = nlh->nlmsg_len - NLMSG_LENGTH(NLMSG_ALIGN(fixed));
	} else {
		*left -= NLA_ALIGN((*a)->nla_len);
		*a = (const struct nlattr *)((const char *)*a + NLA_ALIGN((*a)->nla_len));
	}
	return *left >= NLA_HDRLEN && (*a)->nla_len >= NLA_HDRLEN && (*a)->nla_len <= *left;
}

static void show_inet(const struct nlmsghdr *nlh, int protocol)
{
	const struct inet_diag_msg *m = NLMSG_DATA(nlh);
	const struct nlattr *a = NULL;
	struct tcp_info info;
	char local[64], peer[64], cong[32] = "";
	int left, have_info = 0;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*m)))
		return;
	if (protocol == IPPROTO_TCP && m->idiag_state < SS_MAX)
		counts[m->idiag_state]++;
	inet_addr_port(local, sizeof local, m->id.idiag_src[0], m->id.idiag_sport);
	inet_addr_port(peer, sizeof peer, m->id.idiag_dst[0], m->id.idiag_dport);
	print_row(protocol == IPPROTO_TCP ? "tcp" : "udp", m->idiag_state, m->idiag_rqueue,
		  m->idiag_wqueue, local, peer, m->idiag_inode);
	if (!opt_info || opt_quiet)
		return;
	while (next_attr(nlh, sizeof(*m), &a, &left)) {
		const char *data = (const char *)a + NLA_HDRLEN;
		int dlen = a->nla_len - NLA_HDRLEN;

		if (a->nla_type == INET_DIAG_INFO) {
			/* A shorter struct from an older kernel: what it lacks reads as 0. */
			memset(&info, 0, sizeof info);
			memcpy(&info, data, dlen < (int)sizeof info ? dlen : (int)sizeof info);
			have_info = 1;
		} else if (a->nla_type == INET_DIAG_CONG && dlen > 0) {
			snprintf(cong, sizeof cong, "%.*s", dlen, data);
		}
	}
	if (have_info)
		print_tcp_info(&info, cong[0] ? cong : NULL);
}

static void show_unix(const struct nlmsghdr *nlh)
{
	const struct unix_diag_msg *m = NLMSG_DATA(nlh);
	const struct nlattr *a = NULL;
	char name[120] = "*", local[160], peer[64];
	unsigned long peer_ino = 0;
	struct unix_diag_rqlen rql = { 0, 0 };
	int left;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*m)))
		return;
	while (next_attr(nlh, sizeof(*m), &a, &left)) {
		const char *data = (const char *)a + NLA_HDRLEN;
		int dlen = a->nla_len - NLA_HDRLEN;

		if (a->nla_type == UNIX_DIAG_NAME && dlen > 0) {
			int n = dlen < (int)sizeof(name) - 1 ? dlen : (int)sizeof(name) - 1;
			memcpy(name, data, n);
			name[n] = 0;
			if (!data[0]) {		/* abstract: "@name" */
				name[0] = '@';
				for (int i = 1; i < n; i++)
					if (!name[i])
						name[i] = '@';
			}
		} else if (a->nla_type == UNIX_DIAG_PEER && dlen >= 4) {
			peer_ino = *(const uint32_t *)data;
		} else if (a->nla_type == UNIX_DIAG_RQLEN && dlen >= (int)sizeof(rql)) {
			memcpy(&rql, data, sizeof(rql));
		}
	}
	snprintf(local, sizeof local, "%s %u", name, m->udiag_ino);
	snprintf(peer, sizeof peer, "* %lu", peer_ino);
	print_row(m->udiag_type == SOCK_STREAM ? "u_str" :
		  m->udiag_type == SOCK_SEQPACKET ? "u_seq" : "u_dgr",
		  m->udiag_state, rql.udiag_rqueue, rql.udiag_wqueue, local, peer, m->udiag_ino);
}

/* ---- the netlink conversation ---- */

/* One SOCK_DIAG_BY_FAMILY dump: send req (len bytes), print every reply. 0 or -1. */
static int diag_dump(const void *req, size_t len, int family, int protocol)
{
	struct {
		struct nlmsghdr nlh;
		char payload[64];
	} msg;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	static char buf[8192];
	int fd, done = 0, ret = -1;

	fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fd < 0) {
		perror("ss: socket(AF_NETLINK)");
		return -1;
	}
	memset(&msg, 0, sizeof msg);
	msg.nlh.nlmsg_len = NLMSG_LENGTH(len);
	msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	msg.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	msg.nlh.nlmsg_seq = 1;
	memcpy(msg.payload, req, len);
	if (sendto(fd, &msg, msg.nlh.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0) {
		perror("ss: sendto");
		goto out;
	}
	while (!done) {
		ssize_t n = recv(fd, buf, sizeof buf, 0);
		struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
		int left = n;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("ss: recv");
			goto out;
		}
		if (n == 0)
			break;
		for (; NLMSG_OK(nlh, left); nlh = NLMSG_NEXT(nlh, left)) {
			if (nlh->nlmsg_type == NLMSG_DONE) {
				done = 1;
				break;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nlh);
				fprintf(stderr, "ss: sock_diag: %s\n", strerror(-e->error));
				goto out;
			}
			if (family == AF_UNIX)
				show_unix(nlh);
			else
				show_inet(nlh, protocol);
		}
	}
	ret = 0;
out:
	close(fd);
	return ret;
}

static int dump_inet(int protocol, unsigned int states)
{
	struct inet_diag_req_v2 r;

	memset(&r, 0, sizeof r);
	r.sdiag_family = AF_INET;
	r.sdiag_protocol = protocol;
	r.idiag_states = states;
	if (opt_info && protocol == IPPROTO_TCP)
		r.idiag_ext = (1 << (INET_DIAG_INFO - 1)) | (1 << (INET_DIAG_CONG - 1));
	return diag_dump(&r, sizeof r, AF_INET, protocol);
}

static int dump_unix(unsigned int states)
{
	struct unix_diag_req r;

	memset(&r, 0, sizeof r);
	r.sdiag_family = AF_UNIX;
	r.udiag_states = states;
	r.udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER | UDIAG_SHOW_RQLEN;
	return diag_dump(&r, sizeof r, AF_UNIX, 0);
}

/* ---- -s ---- */

/* One number of /proc/net/sockstat: the word after key's line's field. */
static long sockstat(const char *key, const char *field)
{
	char line[256];
	FILE *f = fopen("/proc/net/sockstat", "r");
	long v = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof line, f)) {
		char *p;
		if (strncmp(line, key, strlen(key)))
			continue;
		p = strstr(line, field);
		if (p)
			v = atol(p + strlen(field));
	}
	fclose(f);
	return v;
}

static int summary(void)
{
	long tcp, udp = sockstat("UDP:", "inuse "), raw = sockstat("RAW:", "inuse ");
	int total_tcp = 0;

	opt_quiet = 1;			/* count TCP states from a dump, printing no rows */
	if (dump_inet(IPPROTO_TCP, SS_ALL))
		return 1;
	for (int i = 0; i < SS_MAX; i++)
		total_tcp += counts[i];
	tcp = total_tcp;
	printf("Total: %ld\n", sockstat("sockets:", "used "));
	printf("TCP:   %ld (estab %d, closed %d, orphaned %ld, timewait %d)\n\n", tcp,
	       counts[SS_ESTABLISHED], counts[SS_CLOSE], sockstat("TCP:", "orphan "),
	       counts[SS_TIME_WAIT]);
	printf("Transport Total     IP        IPv6\n");
	printf("RAW       %-9ld %-9ld %-9d\n", raw, raw, 0);
	printf("UDP       %-9ld %-9ld %-9d\n", udp, udp, 0);
	printf("TCP       %-9ld %-9ld %-9d\n", tcp, tcp, 0);
	printf("INET      %-9ld %-9ld %-9d\n", raw + udp + tcp, raw + udp + tcp, 0);
	printf("FRAG      %-9d %-9d %-9d\n", 0, 0, 0);
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: ss [-tuxlanpsiH] [state NAME]\n");
	exit(1);
}

int main(int argc, char **argv)
{
	int opt_t = 0, opt_u = 0, opt_x = 0, opt_l = 0, opt_a = 0, opt_s = 0, c, err = 0;
	unsigned int states = 0;

	while ((c = getopt(argc, argv, "tuxlanpsiH")) != -1) {
		switch (c) {
		case 't': opt_t = 1; break;
		case 'u': opt_u = 1; break;
		case 'x': opt_x = 1; break;
		case 'l': opt_l = 1; break;
		case 'a': opt_a = 1; break;
		case 'n': break;
		case 'p': opt_proc = 1; break;
		case 's': opt_s = 1; break;
		case 'i': opt_info = 1; break;
		case 'H': opt_noheader = 1; break;
		default: usage();
		}
	}
	for (int i = optind; i < argc; i++) {
		size_t k;

		if (strcmp(argv[i], "state") || i + 1 >= argc)
			usage();
		i++;
		for (k = 0; k < sizeof state_filters / sizeof state_filters[0]; k++)
			if (!strcmp(argv[i], state_filters[k].name))
				break;
		if (k == sizeof state_filters / sizeof state_filters[0]) {
			fprintf(stderr, "ss: unknown state \"%s\"\n", argv[i]);
			return 1;
		}
		states |= state_filters[k].states;
	}
	if (opt_s)
		return summary();
	if (!states)
		states = opt_a ? SS_ALL : opt_l ? (1U << SS_LISTEN) | (1U << SS_CLOSE) : SS_CONN;
	if (!opt_t && !opt_u && !opt_x)
		opt_t = opt_u = opt_x = 1;
	show_netid = opt_t + opt_u + opt_x > 1;
	if (opt_proc)
		scan_owners();
	print_header();
	if (opt_u)
		err |= dump_inet(IPPROTO_UDP, states);
	if (opt_t)
		err |= dump_inet(IPPROTO_TCP, states);
	if (opt_x)
		err |= dump_unix(states);
	return err ? 1 : 0;
}
