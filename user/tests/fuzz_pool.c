/*
 * fuzz_pool.c: the world a fuzz batch runs in, and the argument
 * generators that draw from it.
 *
 * pool_setup() runs once at the start of each batch, in the batch's own
 * forked child and its own scratch directory (the parent made it and
 * removes it afterwards). It opens one descriptor of every kind the kernel
 * has: regular files (read-write, read-only, append), a directory, pipes,
 * the tty, /proc files, an epoll instance watching some of them, and
 * sockets of every family and type that socket(2) accepts here: a bare TCP
 * socket, a TCP listener and connected TCP pairs over lo, UDP bound and
 * connected, raw ICMP and ping sockets; then it closes a few so that
 * recently-closed numbers exist too. The fuzzed calls close and dup these
 * freely: the pool keeps the numbers, so a closed one is simply a bad fd.
 *
 * Pointers come from the arena (pages the kernel may read or overwrite at
 * will: nothing the fuzzer needs lives there) or are bad on purpose: NULL,
 * kernel addresses 0xC0000000+, an unmapped page, read-only text, and a
 * buffer ending exactly at a page whose successor is unmapped.
 *
 * Neighbours: fuzz_calls.c says which generator each argument gets;
 * fuzz_net.c builds socket-mode sequences from the same generators.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include "fuzz.h"

#define PAGE 4096u

uint32_t fuzz_rng = 1;
int fuzz_self_pid;
char *fuzz_arena;
static uint32_t arena_off;
static char *edge_end;		/* one past the last mapped byte; the next page is unmapped */
static char *victim;		/* pages the memory calls may unmap, remap and protect */
static int fds[FUZZ_MAX_FDS], nfds;
static int closed_fds[8], nclosed;
static int sleeper_pid;
static uint16_t listen_port;	/* network order, the pool's TCP listener on 127.0.0.1 */
static char scratch_abs[256];
static uint32_t last_count;	/* the element count the last iovec/array generator chose */

static const uint32_t edge_lens[] = {
	0, 1, 2, 3, 4, 7, 8, 15, 16, 17, 28, 64, 127, 128, 255, 256, 1000, 1500,
	PAGE - 1, PAGE, PAGE + 1, 2 * PAGE, 65535, 65536, 0x100000,
	INT_MAX, 0x80000000u, 0xffffffffu, 0xfffffff0u,
};

static void keep_fd(int fd)
{
	if (fd < 0 || fd == FUZZ_REPORT_FD || nfds >= FUZZ_MAX_FDS)
		return;
	for (int i = 0; i < nfds; i++)
		if (fds[i] == fd)
			return;
	fds[nfds++] = fd;
}

void pool_note_fd(long fd)
{
	/* Keep some of what the calls create, so later calls use them; the
	 * rest stay open until the batch exits. */
	if (fd >= 0 && fd < 1024 && rnd_below(2))
		keep_fd((int)fd);
}

char *arena_alloc(uint32_t size)
{
	uint32_t total = FUZZ_ARENA_PAGES * PAGE;

	if (size > total)
		size = total;
	if (arena_off + size > total)
		arena_off = 0;
	char *p = fuzz_arena + arena_off;
	arena_off = (arena_off + size + 7) & ~7u;
	return p;
}

static void fill_random(char *p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		p[i] = (char)rnd();
}

/* A bad pointer of one of the kinds the brief names, or 0 if none was chosen. */
static uint32_t bad_ptr(void)
{
	switch (rnd_below(8)) {
	case 0: return 0;
	case 1: return 0xC0000000u + (rnd_below(64) << 12) + rnd_below(2) * rnd_below(PAGE);
	case 2: return 0xFFFFFFFFu - rnd_below(16);
	case 3: return (uint32_t)(edge_end + rnd_below(PAGE));	/* the unmapped page */
	case 4: return (uint32_t)(edge_end - rnd_below(17));	/* ends at the hole */
	case 5: return (uint32_t)&pool_setup;			/* read-only text */
	case 6: return 1 + rnd_below(PAGE - 1);			/* the never-mapped first page */
	default: return (uint32_t)(edge_end - PAGE + rnd_below(PAGE));	/* crosses into the hole */
	}
}

uint32_t arg_ptr(void)
{
	if (rnd_below(4) == 0)
		return bad_ptr();
	uint32_t n = 16 + rnd_below(512);
	char *p = arena_alloc(n);
	fill_random(p, n);
	return (uint32_t)p;
}

uint32_t arg_len(void)
{
	if (last_count && rnd_below(3)) {
		uint32_t c = last_count;
		last_count = 0;
		return c;
	}
	if (rnd_below(2))
		return rnd_below(300);
	return edge_lens[rnd_below(sizeof edge_lens / sizeof edge_lens[0])];
}

uint32_t arg_flags(void)
{
	switch (rnd_below(6)) {
	case 0: return 0;
	case 1: return 0xffffffffu;
	case 2: return 1u << rnd_below(32);
	case 3: return rnd();
	case 4: return rnd_below(16);
	default: return (1u << rnd_below(32)) | (1u << rnd_below(32)) | rnd_below(4);
	}
}

uint32_t arg_int(void)
{
	static const uint32_t v[] = { 0, 1, 2, 3, 0xffffffffu, INT_MAX, 0x80000000u, 16, 64, 255, 256 };
	if (rnd_below(2))
		return v[rnd_below(sizeof v / sizeof v[0])];
	return rnd_below(3) ? rnd_below(70) : rnd();
}

uint32_t arg_fd(void)
{
	static const uint32_t odd[] = { 0xffffffffu, 0, 1, 2, 1023, 1024, 65535, INT_MAX,
					0x80000000u, (uint32_t)-100 /* AT_FDCWD */ };
	uint32_t r = rnd_below(10);

	if (r < 7 && nfds)
		return fds[rnd_below(nfds)];
	if (r < 8 && nclosed)
		return closed_fds[rnd_below(nclosed)];
	return odd[rnd_below(sizeof odd / sizeof odd[0])];
}

uint32_t arg_path(void)
{
	static const char *const names[] = {
		"f0", "f1", "d0", "d0/f", "d1", "s.sh", "s2.sh", "ln", "nofile", "d0/../f0", "",
		".", "f0/", "d0/", "/proc/meminfo", "/proc/self/stat", "/proc/net/tcp", "/proc",
		"/dev/tty", "/nonexistent/x", "/bin/true", "d0/d", "d0/d/e", "ln/x", "fifo",
	};
	uint32_t r = rnd_below(20);

	if (r == 0)
		return bad_ptr();
	if (r == 1) {			/* a component of NAME_MAX+ and a path of PATH_MAX+ */
		uint32_t n = rnd_below(2) ? 300 : PATH_MAX + 10;
		char *p = arena_alloc(n + 1);
		memset(p, 'a', n);
		for (uint32_t i = 64; i < n && n > 300; i += 64)
			p[i] = '/';
		p[n] = '\0';
		return (uint32_t)p;
	}
	if (r == 2) {			/* a name that runs into the unmapped page */
		char *p = edge_end - 1 - rnd_below(8);
		memset(p, 'f', edge_end - p);
		return (uint32_t)p;
	}
	const char *s = r == 3 ? scratch_abs : names[rnd_below(sizeof names / sizeof names[0])];
	char buf[300];
	if (r == 4) {			/* the scratch directory's d0 by absolute path */
		snprintf(buf, sizeof buf, "%s/d0", scratch_abs);
		s = buf;
	}
	char *p = arena_alloc(strlen(s) + 1);
	strcpy(p, s);
	return (uint32_t)p;
}

uint32_t arg_mem(void)
{
	switch (rnd_below(8)) {
	case 0: return 0;
	case 1: return 0xC0000000u + (rnd_below(16) << 12);
	case 2: return 0xFFFFF000u;
	case 3: return (uint32_t)edge_end;
	case 4: return (uint32_t)victim + rnd_below(4) * PAGE + rnd_below(2);
	case 5: return rnd();
	default: return (uint32_t)victim + rnd_below(4) * PAGE;
	}
}

uint32_t arg_pid(void)
{
	/* Never 1 (init) or -1 (everyone): those would end the machine's
	 * other processes, not test the kernel. */
	switch (rnd_below(8)) {
	case 0: return 0;
	case 1: return -fuzz_self_pid;
	case 2: return sleeper_pid;
	case 3: return 99999;
	case 4: return 0x80000000u;	/* -INT_MIN overflows if negated */
	case 5: return (uint32_t)-99999;
	default: return fuzz_self_pid;
	}
}

uint32_t arg_signal(void)
{
	/* Only signals whose default or chosen action the parent expects (see
	 * fuzz.c's expected_signal): a stop or SIGKILL from ourselves would
	 * read as a hang or a kernel bug. Invalid numbers test the range checks. */
	static const uint32_t s[] = { 0, SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE, SIGCHLD, SIGURG,
				      SIGWINCH, SIGSEGV, 34, 40, 64, 65, 0xffffffffu, 0x80000000u };
	return s[rnd_below(sizeof s / sizeof s[0])];
}

uint32_t arg_timespec(void)
{
	static const uint32_t t[][2] = {
		{ 0, 0 }, { 0, 1 }, { 0, 1000000 }, { 0, 999999999 }, { 0, 1000000000 },
		{ 0xffffffffu, 0 }, { 0, 0xffffffffu }, { 0x7fffffffu, 999999999 }, { 1, 0 },
	};
	if (rnd_below(6) == 0)
		return bad_ptr();
	uint32_t *p = (uint32_t *)arena_alloc(16);
	uint32_t i = rnd_below(3) ? rnd_below(4) : rnd_below(sizeof t / sizeof t[0]);
	p[0] = t[i][0];
	p[1] = t[i][1];
	p[2] = p[3] = 0;
	return (uint32_t)p;
}

uint32_t arg_iovec(uint32_t *cnt)
{
	static const uint32_t counts[] = { 0, 1, 2, 3, 8, 1024, 1025, 0x40000000u, 0xffffffffu };
	uint32_t n = rnd_below(2) ? 1 + rnd_below(3) : counts[rnd_below(sizeof counts / sizeof counts[0])];
	uint32_t built = n < 64 ? n : 64;
	struct iovec *v = (struct iovec *)arena_alloc(built * sizeof *v + 8);

	for (uint32_t i = 0; i < built; i++) {
		v[i].iov_base = (void *)arg_ptr();
		v[i].iov_len = rnd_below(3) ? rnd_below(600) : arg_len();
	}
	if (rnd_below(8) == 0)
		v = (struct iovec *)bad_ptr();
	*cnt = n;
	last_count = n;
	return (uint32_t)v;
}

uint32_t arg_sockaddr(uint32_t *len)
{
	static const uint32_t lens[] = { 16, 16, 16, 0, 1, 2, 15, 17, 110, 128, 0xffffffffu, 0x80000000u };
	struct sockaddr_in *sin = (struct sockaddr_in *)arena_alloc(128);

	*len = lens[rnd_below(sizeof lens / sizeof lens[0])];
	fill_random((char *)sin, 128);
	switch (rnd_below(8)) {
	case 0: return bad_ptr();
	case 1: break;					/* random bytes, any family */
	case 2: sin->sin_family = 1; break;		/* AF_UNIX with a random path */
	case 3: sin->sin_family = AF_INET; sin->sin_addr.s_addr = 0; sin->sin_port = 0; break;
	case 4: sin->sin_family = AF_INET; sin->sin_addr.s_addr = htonl(0x0a000202); break;
	default:
		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sin->sin_port = rnd_below(2) ? listen_port : htons(rnd_below(4) ? 1024 + rnd_below(64) : rnd());
		memset(sin->sin_zero, 0, sizeof sin->sin_zero);
	}
	return (uint32_t)sin;
}

uint32_t arg_socklen_ptr(void)
{
	static const uint32_t v[] = { 0, 1, 3, 4, 8, 16, 28, 128, 0xffffffffu, INT_MAX };
	if (rnd_below(6) == 0)
		return bad_ptr();
	uint32_t *p = (uint32_t *)arena_alloc(4);
	*p = v[rnd_below(sizeof v / sizeof v[0])];
	return (uint32_t)p;
}

uint32_t arg_family(void)
{
	static const uint32_t f[] = { AF_INET, AF_INET, AF_INET, 0, 1, 10, 16, 17, 44, 45, 0xffffffffu };
	return f[rnd_below(sizeof f / sizeof f[0])];
}

uint32_t arg_socktype(void)
{
	static const uint32_t t[] = { SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, 4, 5, 10, 0, 0xffffffffu };
	uint32_t v = t[rnd_below(sizeof t / sizeof t[0])];
	if (rnd_below(4) == 0)
		v |= SOCK_NONBLOCK;
	if (rnd_below(4) == 0)
		v |= SOCK_CLOEXEC;
	return v;
}

uint32_t arg_protocol(void)
{
	static const uint32_t p[] = { 0, 0, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP, IPPROTO_RAW,
				      2, 41, 256, 0xffffffffu };
	return p[rnd_below(sizeof p / sizeof p[0])];
}

uint32_t arg_sol_level(void)
{
	static const uint32_t l[] = { SOL_SOCKET, IPPROTO_IP, IPPROTO_TCP, IPPROTO_UDP,
				      IPPROTO_ICMP, IPPROTO_RAW, 41, 263, 0xffffffffu };
	return rnd_below(8) ? l[rnd_below(sizeof l / sizeof l[0])] : rnd();
}

uint32_t arg_sol_name(void)
{
	return rnd_below(8) ? rnd_below(80) : rnd();
}

/* A msghdr that may lie about everything: names, iovecs, control data. */
uint32_t arg_msghdr(void)
{
	static const uint32_t clens[] = { 0, 1, 11, 12, 16, 20, 24, 28, 64, 4096, 0x7fffffffu, 0xffffffffu };
	if (rnd_below(10) == 0)
		return bad_ptr();
	struct msghdr *m = (struct msghdr *)arena_alloc(sizeof *m);
	uint32_t n;

	m->msg_name = rnd_below(2) ? NULL : (void *)arg_sockaddr(&n);
	m->msg_namelen = m->msg_name ? n : rnd_below(3) ? 0 : n;
	m->msg_iov = (struct iovec *)arg_iovec(&n);
	m->msg_iovlen = n;
	last_count = 0;
	m->msg_control = NULL;
	m->msg_controllen = 0;
	if (rnd_below(2)) {
		uint32_t room = 64 + rnd_below(64);
		uint32_t *c = (uint32_t *)arena_alloc(room);
		fill_random((char *)c, room);
		for (uint32_t off = 0; off + 16 <= room && rnd_below(3); ) {
			uint32_t *h = c + off / 4;
			uint32_t clen = rnd_below(2) ? 16 + 4 * rnd_below(3) : clens[rnd_below(sizeof clens / sizeof clens[0])];
			h[0] = clen;
			h[1] = rnd_below(4) ? (rnd_below(2) ? SOL_SOCKET : IPPROTO_IP) : rnd();
			h[2] = rnd_below(4) ? 1 + rnd_below(8) : rnd();
			h[3] = arg_fd();		/* SCM_RIGHTS reads descriptors here */
			off += clen < room ? (clen + 3) & ~3u : room;
			if (clen < 12)
				break;
		}
		m->msg_control = rnd_below(8) ? (void *)c : (void *)bad_ptr();
		m->msg_controllen = rnd_below(2) ? room : clens[rnd_below(sizeof clens / sizeof clens[0])];
	}
	m->msg_flags = arg_flags();
	return (uint32_t)m;
}

/* ---------- setup ---------- */

static int write_file(const char *name, const char *text, int mode)
{
	int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0)
		return -1;
	write(fd, text, strlen(text));
	close(fd);
	return 0;
}

static int tcp_listener(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 8) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) < 0) {
		close(fd);
		return -1;
	}
	listen_port = a.sin_port;
	return fd;
}

static void tcp_pair(int lfd)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = listen_port,
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int c = socket(AF_INET, SOCK_STREAM, 0);

	if (c < 0)
		return;
	if (connect(c, (struct sockaddr *)&a, sizeof a) < 0) {
		close(c);
		return;
	}
	keep_fd(c);
	keep_fd(accept4(lfd, NULL, NULL, SOCK_NONBLOCK));
	write(c, "hello", 5);		/* data in flight for reads to find */
}

static void udp_self_connected(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0)
		return;
	if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0 &&
	    connect(fd, (struct sockaddr *)&a, sizeof a) == 0)
		send(fd, "dgram", 5, 0);
	keep_fd(fd);
}

void pool_setup(int socket_mode)
{
	int p[2];

	fuzz_self_pid = getpid();
	if (!getcwd(scratch_abs, sizeof scratch_abs))
		strcpy(scratch_abs, ".");
	fuzz_arena = mmap(NULL, FUZZ_ARENA_PAGES * PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *two = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	victim = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (fuzz_arena == MAP_FAILED || two == MAP_FAILED || victim == MAP_FAILED) {
		write(2, "fuzz: mmap failed\n", 18);
		_exit(3);
	}
	munmap(two + PAGE, PAGE);
	edge_end = two + PAGE;

	/* Files. */
	write_file("f0", "0123456789abcdef\n", 0644);
	write_file("s.sh", "#!/bin/true\n", 0755);
	write_file("s2.sh", "#!s.sh\n", 0755);	/* an interpreter that is itself a script */
	mkdir("d0", 0755);
	mkdir("d1", 0755);
	write_file("d0/f", "x", 0644);
	symlink("f0", "ln");
	keep_fd(open("f0", O_RDWR));
	keep_fd(open("f0", O_RDONLY));
	keep_fd(open("f0", O_WRONLY | O_APPEND));
	keep_fd(open("d0", O_RDONLY | O_DIRECTORY));
	if (pipe(p) == 0) {
		keep_fd(p[0]);
		keep_fd(p[1]);
	}
	if (pipe2(p, O_NONBLOCK) == 0) {
		write(p[1], "pipe", 4);
		keep_fd(p[0]);
		keep_fd(p[1]);
	}
	int tty = open("/dev/tty", O_RDWR | O_NONBLOCK);
	keep_fd(tty >= 0 ? tty : dup(0));
	keep_fd(open("/proc/meminfo", O_RDONLY));
	keep_fd(open("/proc/self/stat", O_RDONLY));
	keep_fd(open("/proc/net/tcp", O_RDONLY));

	/* Sockets of every kind this kernel makes. */
	int lfd = tcp_listener();
	keep_fd(lfd);
	keep_fd(socket(AF_INET, SOCK_STREAM, 0));
	if (lfd >= 0)
		for (int i = 0; i < (socket_mode ? 3 : 1); i++)
			tcp_pair(lfd);
	keep_fd(socket(AF_INET, SOCK_DGRAM, 0));
	udp_self_connected();
	keep_fd(socket(AF_INET, SOCK_RAW, IPPROTO_ICMP));
	keep_fd(socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP));
	keep_fd(socket(AF_INET, SOCK_RAW, IPPROTO_UDP));
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, p) == 0) {
		keep_fd(p[0]);
		keep_fd(p[1]);
	}
	keep_fd(socket(AF_INET6, SOCK_STREAM, 0));
	keep_fd(socket(AF_PACKET, SOCK_RAW, 0));
	keep_fd(socket(AF_NETLINK, SOCK_RAW, 0));

	int ep = epoll_create1(0);
	for (int i = 0; ep >= 0 && i < nfds; i += 3) {
		struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT, .data.u32 = i };
		epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev);
	}
	keep_fd(ep);

	/* Recently closed numbers: a file, a socket, a pipe end. */
	int c[3] = { open("f0", O_RDONLY), socket(AF_INET, SOCK_DGRAM, 0), -1 };
	if (pipe(p) == 0) {
		c[2] = p[0];
		close(p[1]);
	}
	for (int i = 0; i < 3; i++)
		if (c[i] >= 0) {
			close(c[i]);
			closed_fds[nclosed++] = c[i];
		}

	/* A process of our own for kill/wait/setpgid to aim at. */
	sleeper_pid = fork();
	if (sleeper_pid == 0) {
		for (;;)
			pause();
	}
}

/*
 * The memory calls may only touch the victim pages: a user address
 * elsewhere is moved into them and a length is cut to what is left of
 * them, unless it is so large that address + length wraps past 4 GiB
 * (then the call must fail its bound check and touches nothing). Kernel
 * addresses pass unchanged.
 */
uint32_t fuzz_victim_clamp(uint32_t addr, uint32_t len, uint32_t *out_len)
{
	uint32_t lo = (uint32_t)victim, hi = lo + 4 * PAGE;

	*out_len = len;
	if (addr >= 0xC0000000u)
		return addr;
	if (addr < lo || addr >= hi)
		addr = lo + (addr & (4 * PAGE - 1));
	if (len > hi - addr && len < 0u - addr)
		*out_len = hi - addr;
	return addr;
}
