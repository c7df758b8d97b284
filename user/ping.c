/*
 * ping: send ICMP echo requests and report the replies, in iputils' format.
 *
 *   ping [-c count] [-i interval] [-s size] [-W timeout] [-t ttl] [-q] host
 *
 * Socket: a ping socket first (socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP),
 * net/ipv4/ping.c): the kernel picks the echo identifier, fills in the
 * checksum, and hands back only replies to us, ICMP header first. The TTL
 * of a reply comes in an IP_RECVTTL control message. If ping sockets are
 * refused, a raw socket (SOCK_RAW, net/ipv4/raw.c) does the same by hand:
 * our pid is the identifier, we checksum, and every ICMP packet arrives
 * with its IP header, so we filter and read the TTL there.
 *
 * Loop: send one request every interval; in between, poll() the socket
 * for replies. After the last request, wait for outstanding replies up to
 * -W seconds (default 10), or stop at once when every reply is in.
 * Round-trip times come from a per-sequence table of send times
 * (CLOCK_MONOTONIC), so any -s works, even below 8 bytes.
 *
 * Exit status: 0 if any reply came back, 1 if none, 2 on an error.
 * System calls to watch: socket, setsockopt(IP_RECVTTL), sendto -> ping_v4_sendmsg
 * (or raw_sendmsg), poll, recvmsg -> ping_recvmsg (or raw_recvmsg).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <signal.h>
#include <poll.h>
#include <time.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <arpa/inet.h>
#include <netdb.h>

#define MAX_PAYLOAD	65507		/* 65535 - IP header - ICMP header */
#define SEQ_SLOTS	1024		/* send times remembered (older ones give no RTT) */

struct ping {
	int fd;
	int raw;			/* SOCK_RAW: IP header on input, we own id and checksum */
	struct sockaddr_in to;
	char host[64];			/* as the user wrote it */
	unsigned short ident;
	int datalen;
	long count;			/* 0: until interrupted */
	long interval_ms;
	long linger_ms;			/* -W: wait for the last replies */
	int quiet;
	const char *iface;		/* -I: leave by this interface (SO_BINDTODEVICE) */
	long ntransmitted, nreceived, nerrors, nduplicates;
	long long send_us[SEQ_SLOTS];	/* indexed by seq % SEQ_SLOTS; 0 = answered/none */
	long rtt_n;
	long long tmin, tmax, tsum, tsum2;	/* microseconds */
	long long start_us;
	unsigned char *out, *in;
};

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static unsigned short in_cksum(const void *data, int len)
{
	const unsigned char *p = data;
	unsigned long sum = 0;

	for (; len > 1; len -= 2, p += 2)
		sum += (p[0] << 8) | p[1];
	if (len)
		sum += p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons(~sum & 0xffff);
}

/* iputils prints times with three significant digits: 0.512, 12.3, 123. */
static void print_ms(long long us)
{
	if (us >= 100000 - 50)
		printf("%lld", (us + 500) / 1000);
	else if (us >= 10000 - 5)
		printf("%lld.%01lld", (us + 50) / 1000, ((us + 50) % 1000) / 100);
	else if (us >= 1000)
		printf("%lld.%02lld", (us + 5) / 1000, ((us + 5) % 1000) / 10);
	else
		printf("%lld.%03lld", us / 1000, us % 1000);
}

static long long isqrt(long long v)
{
	long long r = 0, bit = 1LL << 62;

	if (v <= 0)
		return 0;
	while (bit > v)
		bit >>= 2;
	for (; bit; bit >>= 2) {
		if (v >= r + bit) {
			v -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
	}
	return r;
}

static int open_socket(struct ping *p, int ttl)
{
	int on = 1;

	p->fd = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
	if (p->fd < 0) {
		int dgram_err = errno;

		p->fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
		if (p->fd < 0) {
			fprintf(stderr, "ping: socket: %s (ping socket: %s)\n",
				strerror(errno), strerror(dgram_err));
			return -1;
		}
		p->raw = 1;
		p->ident = getpid() & 0xffff;
	} else if (setsockopt(p->fd, IPPROTO_IP, IP_RECVTTL, &on, sizeof(on)) < 0) {
		/* No TTL in the reply lines then; ping still works. */
	}
	if (p->iface && setsockopt(p->fd, SOL_SOCKET, SO_BINDTODEVICE, p->iface, strlen(p->iface) + 1) < 0) {
		fprintf(stderr, "ping: SO_BINDTODEVICE %s: %s\n", p->iface, strerror(errno));
		return -1;
	}
	if (ttl > 0 && setsockopt(p->fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)) < 0) {
		fprintf(stderr, "ping: can't set unicast time-to-live: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

static int send_echo(struct ping *p)
{
	struct icmphdr *icmp = (struct icmphdr *)p->out;
	unsigned short seq = p->ntransmitted + 1;
	int len = sizeof(*icmp) + p->datalen, i;
	ssize_t n;

	icmp->type = ICMP_ECHO;
	icmp->code = 0;
	icmp->checksum = 0;
	icmp->un.echo.id = htons(p->ident);	/* the ping socket overwrites it */
	icmp->un.echo.sequence = htons(seq);
	for (i = 0; i < p->datalen; i++)
		p->out[sizeof(*icmp) + i] = i & 0xff;
	if (p->raw)
		icmp->checksum = in_cksum(p->out, len);

	p->send_us[seq % SEQ_SLOTS] = now_us();
	p->ntransmitted++;
	n = sendto(p->fd, p->out, len, 0, (struct sockaddr *)&p->to, sizeof(p->to));
	if (n < 0) {
		/* iputils reports and goes on: the count still advances. */
		fprintf(stderr, "ping: sendmsg: %s\n", strerror(errno));
		p->nerrors++;
		return -1;
	}
	return 0;
}

static void account_rtt(struct ping *p, long long rtt)
{
	if (!p->rtt_n || rtt < p->tmin)
		p->tmin = rtt;
	if (rtt > p->tmax)
		p->tmax = rtt;
	p->tsum += rtt;
	p->tsum2 += rtt * rtt;
	p->rtt_n++;
}

static const char *unreach_text(int type, int code)
{
	if (type == ICMP_TIME_EXCEEDED)
		return "Time to live exceeded";
	if (type != ICMP_DEST_UNREACH)
		return "Bad ICMP type";
	switch (code) {
	case ICMP_NET_UNREACH:	return "Destination Net Unreachable";
	case ICMP_HOST_UNREACH:	return "Destination Host Unreachable";
	case ICMP_PROT_UNREACH:	return "Destination Protocol Unreachable";
	case ICMP_PORT_UNREACH:	return "Destination Port Unreachable";
	case ICMP_FRAG_NEEDED:	return "Frag needed and DF set";
	}
	return "Dest Unreachable";
}

/* One datagram from the socket: a reply of ours, an error about ours, or noise. */
static void receive_one(struct ping *p)
{
	char cbuf[64];
	struct sockaddr_in from;
	struct iovec iov = { p->in, MAX_PAYLOAD + 128 };
	struct msghdr msg = { &from, sizeof(from), &iov, 1, cbuf, sizeof(cbuf), 0 };
	struct icmphdr *icmp;
	struct cmsghdr *c;
	unsigned char *data = p->in;
	int ttl = -1, len;
	unsigned short seq;
	long long rtt = -1;
	ssize_t n = recvmsg(p->fd, &msg, MSG_DONTWAIT);

	if (n < 0)
		return;
	len = n;
	if (p->raw) {
		struct iphdr *ip = (struct iphdr *)data;
		int hl = ip->ihl * 4;

		if (len < hl + (int)sizeof(*icmp))
			return;
		ttl = ip->ttl;
		data += hl;
		len -= hl;
	} else {
		for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
			if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL)
				memcpy(&ttl, CMSG_DATA(c), sizeof(ttl));
	}
	if (len < (int)sizeof(*icmp))
		return;
	icmp = (struct icmphdr *)data;

	if (icmp->type != ICMP_ECHOREPLY) {
		/* Raw sockets see errors quoting our request: IP header + 8 bytes of it. */
		struct iphdr *qip = (struct iphdr *)(data + sizeof(*icmp));
		struct icmphdr *q;

		if (!p->raw || (icmp->type != ICMP_DEST_UNREACH && icmp->type != ICMP_TIME_EXCEEDED))
			return;
		if (len < (int)sizeof(*icmp) + (int)sizeof(*qip) + 8)
			return;
		q = (struct icmphdr *)((unsigned char *)qip + qip->ihl * 4);
		if ((unsigned char *)q + 8 > data + len || q->type != ICMP_ECHO ||
		    ntohs(q->un.echo.id) != p->ident)
			return;
		p->nerrors++;
		if (!p->quiet)
			printf("From %s icmp_seq=%u %s\n", inet_ntoa(from.sin_addr),
			       ntohs(q->un.echo.sequence), unreach_text(icmp->type, icmp->code));
		return;
	}
	if (p->raw && ntohs(icmp->un.echo.id) != p->ident)
		return;				/* someone else's ping */
	if (p->raw && from.sin_addr.s_addr != p->to.sin_addr.s_addr)
		return;
	seq = ntohs(icmp->un.echo.sequence);
	if (p->send_us[seq % SEQ_SLOTS]) {
		rtt = now_us() - p->send_us[seq % SEQ_SLOTS];
		p->send_us[seq % SEQ_SLOTS] = 0;
		p->nreceived++;
		account_rtt(p, rtt);
	} else {
		p->nduplicates++;
	}
	if (p->quiet)
		return;
	printf("%d bytes from %s: icmp_seq=%u", len, inet_ntoa(from.sin_addr), seq);
	if (ttl >= 0)
		printf(" ttl=%d", ttl);
	if (rtt >= 0) {
		printf(" time=");
		print_ms(rtt);
		printf(" ms");
	} else {
		printf(" (DUP!)");
	}
	printf("\n");
	fflush(stdout);
}

/* Wait for replies until deadline_us (or a signal); stop early when every reply is in. */
static void wait_replies(struct ping *p, long long deadline_us, int stop_when_done)
{
	struct pollfd pfd = { p->fd, POLLIN, 0 };

	while (!interrupted) {
		long long left = deadline_us - now_us();

		if (left <= 0)
			return;
		if (stop_when_done && p->nreceived + p->nerrors >= p->ntransmitted)
			return;
		if (poll(&pfd, 1, (int)((left + 999) / 1000)) > 0)
			receive_one(p);
	}
}

static void print_stats(struct ping *p)
{
	long long elapsed = (now_us() - p->start_us) / 1000;
	long loss = p->ntransmitted ?
		(long)(((long long)(p->ntransmitted - p->nreceived) * 100) / p->ntransmitted) : 0;

	printf("\n--- %s ping statistics ---\n", p->host);
	printf("%ld packets transmitted, %ld received", p->ntransmitted, p->nreceived);
	if (p->nduplicates)
		printf(", +%ld duplicates", p->nduplicates);
	if (p->nerrors)
		printf(", +%ld errors", p->nerrors);
	printf(", %ld%% packet loss, time %lldms\n", loss, elapsed);
	if (p->rtt_n) {
		long long avg = p->tsum / p->rtt_n;
		long long mdev = isqrt(p->tsum2 / p->rtt_n - avg * avg);

		printf("rtt min/avg/max/mdev = %lld.%03lld/%lld.%03lld/%lld.%03lld/%lld.%03lld ms\n",
		       p->tmin / 1000, p->tmin % 1000, avg / 1000, avg % 1000,
		       p->tmax / 1000, p->tmax % 1000, mdev / 1000, mdev % 1000);
	}
	fflush(stdout);
}

/* "1", "0.2", "1.5": seconds with an optional fraction, to milliseconds. */
static long parse_seconds(const char *s, const char *what)
{
	char *end;
	long whole = strtol(s, &end, 10), ms = 0, scale = 100;

	if (end == s && *end != '.')
		goto bad;
	if (*end == '.')
		for (end++; *end >= '0' && *end <= '9'; end++, scale /= 10)
			ms += (*end - '0') * scale;
	if (*end || whole < 0)
		goto bad;
	return whole * 1000 + ms;
bad:
	fprintf(stderr, "ping: bad %s: %s\n", what, s);
	exit(2);
}

static long parse_number(const char *s, const char *what, long min, long max)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end == s || *end || v < min || v > max) {
		fprintf(stderr, "ping: invalid %s: '%s'\n", what, s);
		exit(2);
	}
	return v;
}

static void usage(void)
{
	fprintf(stderr, "usage: ping [-q] [-c count] [-i interval] [-s size] [-t ttl] "
		"[-W timeout] [-I interface] host\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static struct ping p;
	struct hostent *he;
	int opt, ttl = 0;

	p.datalen = 56;
	p.interval_ms = 1000;
	p.linger_ms = 10000;
	while ((opt = getopt(argc, argv, "c:i:s:W:t:I:qh")) != -1) {
		switch (opt) {
		case 'c': p.count = parse_number(optarg, "count", 1, 1L << 30); break;
		case 'i': p.interval_ms = parse_seconds(optarg, "interval"); break;
		case 's': p.datalen = parse_number(optarg, "packet size", 0, MAX_PAYLOAD); break;
		case 'W': p.linger_ms = parse_seconds(optarg, "timeout"); break;
		case 't': ttl = parse_number(optarg, "TTL", 1, 255); break;
		case 'q': p.quiet = 1; break;
		case 'I': p.iface = optarg; break;
		default: usage();
		}
	}
	if (optind != argc - 1)
		usage();
	snprintf(p.host, sizeof(p.host), "%s", argv[optind]);
	he = gethostbyname(p.host);
	if (!he) {
		fprintf(stderr, "ping: %s: Name or service not known\n", p.host);
		return 2;
	}
	p.to.sin_family = AF_INET;
	memcpy(&p.to.sin_addr, he->h_addr, sizeof(p.to.sin_addr));
	p.out = malloc(sizeof(struct icmphdr) + p.datalen);
	p.in = malloc(MAX_PAYLOAD + 128);
	if (!p.out || !p.in) {
		fprintf(stderr, "ping: out of memory\n");
		return 2;
	}
	if (open_socket(&p, ttl) < 0)
		return 2;
	signal(SIGINT, on_sigint);

	printf("PING %s (%s) %d(%d) bytes of data.\n", p.host, inet_ntoa(p.to.sin_addr),
	       p.datalen, p.datalen + 28);
	fflush(stdout);
	p.start_us = now_us();
	while (!interrupted) {
		long long next = now_us() + p.interval_ms * 1000;

		send_echo(&p);
		if (p.count && p.ntransmitted >= p.count)
			break;
		wait_replies(&p, next, 0);
	}
	if (!interrupted)
		wait_replies(&p, now_us() + p.linger_ms * 1000, 1);
	print_stats(&p);
	close(p.fd);
	return p.nreceived ? 0 : 1;
}
