/*
 * t_cap.c: what an ordinary user may not do. Each test forks a child that
 * drops to uid/gid 1000 (when it starts as root; an unprivileged host run
 * is already there) and expects Linux's refusal: interface and route
 * ioctls (EPERM without CAP_NET_ADMIN), net sysctl writes (EACCES at
 * open; EPERM through a descriptor root opened), signals to another user's process
 * (EPERM without CAP_KILL), reboot, raw sockets, low ports. Also
 * setuid(-1)/setgid(-1) (EINVAL) and setpgid into a group that does not
 * exist (EPERM). Sockeye-only: the txqueuelen and route table bounds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include "ut.h"

#define UNPRIV_UID	1000

/* Become an ordinary user; false if the host cannot express it. */
static int drop_privileges(void)
{
	if (geteuid() != 0)
		return 1;
	return setgid(UNPRIV_UID) == 0 && setuid(UNPRIV_UID) == 0 && geteuid() == UNPRIV_UID;
}

/* Run fn in a child as an ordinary user; the child's failure is ours. */
static void as_user(void (*fn)(void))
{
	int st;
	pid_t pid = CHECK_OK(fork());

	if (pid == 0) {
		if (!drop_privileges())
			ut_skip("cannot setuid(1000) here");
		fn();
		_exit(0);
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	/* ut_fail/ut_skip in the child already reported; only a crash is new. */
	if (!WIFEXITED(st))
		ut_fail("unprivileged child died: status %#x", st);
}

static void set_sin(struct sockaddr *sa, const char *ip)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)sa;

	memset(sin, 0, sizeof *sin);
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = inet_addr(ip);
}

/* Every "set" passes back what a "get" read: harmless if it were allowed. */
static void user_net_ioctls(void)
{
	int s = CHECK_OK(socket(AF_INET, SOCK_DGRAM, 0));
	struct ifreq ifr;

	memset(&ifr, 0, sizeof ifr);
	strcpy(ifr.ifr_name, "lo");
	CHECK_OK(ioctl(s, SIOCGIFFLAGS, &ifr));		/* looking is allowed */
	CHECK_ERR(ioctl(s, SIOCSIFFLAGS, &ifr), EPERM);
	CHECK_OK(ioctl(s, SIOCGIFMTU, &ifr));
	CHECK_ERR(ioctl(s, SIOCSIFMTU, &ifr), EPERM);
	CHECK_OK(ioctl(s, SIOCGIFTXQLEN, &ifr));
	CHECK_ERR(ioctl(s, SIOCSIFTXQLEN, &ifr), EPERM);
	CHECK_OK(ioctl(s, SIOCGIFADDR, &ifr));
	CHECK_ERR(ioctl(s, SIOCSIFADDR, &ifr), EPERM);
	CHECK_OK(ioctl(s, SIOCGIFNETMASK, &ifr));
	CHECK_ERR(ioctl(s, SIOCSIFNETMASK, &ifr), EPERM);

	struct rtentry rt;
	memset(&rt, 0, sizeof rt);
	set_sin(&rt.rt_dst, "10.99.0.0");
	set_sin(&rt.rt_genmask, "255.255.0.0");
	rt.rt_flags = RTF_UP;
	rt.rt_dev = "lo";
	CHECK_ERR(ioctl(s, SIOCADDRT, &rt), EPERM);
	set_sin(&rt.rt_dst, "0.0.0.0");
	set_sin(&rt.rt_genmask, "0.0.0.0");
	CHECK_ERR(ioctl(s, SIOCDELRT, &rt), EPERM);	/* the default route stays */
	close(s);
}

/* Regression: any user could take an interface down or delete the default route. */
void test_net_ioctl_needs_cap_net_admin(void)
{
	as_user(user_net_ioctls);
}

static const char ttl_path[] = "/proc/sys/net/ipv4/ip_default_ttl";
static int root_ttl_fd = -1;

static void user_sysctl_write(void)
{
	CHECK_ERR(open(ttl_path, O_WRONLY), EACCES);
	if (root_ttl_fd >= 0) {
		/* root's descriptor does not carry root's right to write */
		CHECK_ERR(write(root_ttl_fd, "64\n", 3), EPERM);
	}
}

void test_net_sysctl_write_needs_root(void)
{
	if (geteuid() == 0)
		root_ttl_fd = CHECK_OK(open(ttl_path, O_WRONLY));
	as_user(user_sysctl_write);
}

static void user_kill_and_reboot(void)
{
	struct stat st;

	/* init is root's (a host container's pid 1 may be ours: then skip that) */
	if (stat("/proc/1", &st) < 0 || st.st_uid != getuid()) {
		CHECK_ERR(kill(1, 0), EPERM);
		CHECK_ERR(kill(1, SIGCONT), EPERM);
	}
	CHECK_OK(kill(getpid(), 0));			/* our own: fine */
	CHECK_ERR(syscall(__NR_reboot, 0xfee1dead, 672274793, 0x12345678, NULL), EPERM);
	CHECK_ERR(setuid(0), EPERM);
	CHECK_ERR(setgid(0), EPERM);
}

/* Regression: kill(2) had no permission check at all. */
void test_kill_needs_same_user(void)
{
	as_user(user_kill_and_reboot);
}

static void user_sockets(void)
{
	int port_start = 1024;
	FILE *f = fopen("/proc/sys/net/ipv4/ip_unprivileged_port_start", "r");

	char line[16];

	if (f) {	/* Linux hosts may lower it (containers set 0) */
		if (fgets(line, sizeof line, f))
			port_start = atoi(line);
		fclose(f);
	}
	CHECK_ERR(socket(AF_INET, SOCK_RAW, IPPROTO_ICMP), EPERM);
	if (port_start > 80) {
		int s = CHECK_OK(socket(AF_INET, SOCK_DGRAM, 0));
		struct sockaddr_in a;
		memset(&a, 0, sizeof a);
		a.sin_family = AF_INET;
		a.sin_port = htons(80);
		CHECK_ERR(bind(s, (struct sockaddr *)&a, sizeof a), EACCES);
		close(s);
	}
}

void test_raw_and_low_port_need_caps(void)
{
	as_user(user_sockets);
}

/* Regression: setuid(-1)/setgid(-1) were accepted (Linux: not a valid id). */
void test_setuid_minus_one(void)
{
	CHECK_ERR(setuid((uid_t)-1), EINVAL);
	CHECK_ERR(setgid((gid_t)-1), EINVAL);
	CHECK_ERR(syscall(__NR_setuid32, -1), EINVAL);
	CHECK_ERR(syscall(__NR_setgid32, -1), EINVAL);
}

/* Regression: setpgid(0, 99999) moved us into a group that does not exist. */
void test_setpgid_nonexistent_group(void)
{
	pid_t pid = CHECK_OK(fork());

	if (pid == 0) {
		pid_t before = getpgrp();
		CHECK_ERR(setpgid(0, 99999), EPERM);
		CHECK_EQ(getpgrp(), before);
		CHECK_OK(setpgid(0, 0));		/* a group of our own: fine */
		CHECK_OK(setpgid(0, before));		/* back to an existing one */
		_exit(0);
	}
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* Sockeye keeps its queues bounded where Linux leaves them to the admin. */
void test_txqueuelen_and_routes_bounded(void)
{
	if (!ut_on_sockeye || geteuid() != 0)
		ut_skip("Sockeye's own bounds, as root");
	int s = CHECK_OK(socket(AF_INET, SOCK_DGRAM, 0));
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	strcpy(ifr.ifr_name, "lo");
	CHECK_OK(ioctl(s, SIOCGIFTXQLEN, &ifr));
	int old = ifr.ifr_qlen;
	ifr.ifr_qlen = 10001;
	CHECK_ERR(ioctl(s, SIOCSIFTXQLEN, &ifr), EINVAL);
	ifr.ifr_qlen = 10000;
	CHECK_OK(ioctl(s, SIOCSIFTXQLEN, &ifr));
	ifr.ifr_qlen = old;
	CHECK_OK(ioctl(s, SIOCSIFTXQLEN, &ifr));

	/* Host routes 10.99.x.y until the table is full, then remove them all. */
	struct rtentry rt;
	char ip[32];
	int added = 0, err = 0;
	memset(&rt, 0, sizeof rt);
	rt.rt_flags = RTF_UP | RTF_HOST;
	rt.rt_dev = "lo";
	for (int i = 0; i < 1000 && !err; i++) {
		snprintf(ip, sizeof ip, "10.99.%d.%d", i / 250, i % 250 + 1);
		set_sin(&rt.rt_dst, ip);
		if (ioctl(s, SIOCADDRT, &rt) == 0)
			added++;
		else
			err = errno;
	}
	for (int i = 0; i < added; i++) {
		snprintf(ip, sizeof ip, "10.99.%d.%d", i / 250, i % 250 + 1);
		set_sin(&rt.rt_dst, ip);
		CHECK_OK(ioctl(s, SIOCDELRT, &rt));
	}
	CHECK_EQ(err, ENOBUFS);
	CHECK(added > 100 && added < 256);
	close(s);
}

/*
 * Supplementary groups: setgroups needs CAP_SETGID, getgroups reports
 * them (EINVAL for a short list), and a group-readable file opens for a
 * member only. busybox su calls setgroups before it becomes the user.
 */
void test_setgroups(void)
{
	if (geteuid() != 0)
		ut_skip("setgroups needs root to begin with");
	gid_t set[2] = { 4242, 4343 }, got[4];
	char path[64];

	CHECK_OK(setgroups(2, set));
	CHECK_EQ(getgroups(0, NULL), 2);
	CHECK_ERR(getgroups(1, got), EINVAL);
	CHECK_EQ(getgroups(4, got), 2);
	CHECK(got[0] == 4242 && got[1] == 4343);
	CHECK_ERR(setgroups(-1, set), EINVAL);
	CHECK_ERR(setgroups(1, BAD_LOW), EFAULT);
	if (ut_on_sockeye) {
		gid_t many[33] = { 0 };
		CHECK_ERR(setgroups(33, many), EINVAL);	/* Sockeye's bound; Linux allows 65,536 */
	}

	/* A file of group 4343, readable by that group only: made by a child
	 * whose effective gid is 4343 (new files take the creator's egid). */
	snprintf(path, sizeof path, "/tmp/grp.%d", getpid());
	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		if (setgid(4343))
			_exit(2);
		int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0040);
		_exit(fd < 0 || fchmod(fd, 0040) ? 3 : 0);	/* group read only, whatever the umask */
	}
	int st;
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	pid = CHECK_OK(fork());
	if (pid == 0) {
		/* A member of 4343 reads it; after dropping the group, EACCES. */
		if (setgid(UNPRIV_UID) || setuid(UNPRIV_UID))
			_exit(2);
		int r = open(path, O_RDONLY);
		if (r < 0)
			_exit(3);
		close(r);
		if (setgroups(0, NULL) != -1 || errno != EPERM)
			_exit(4);		/* no CAP_SETGID any more */
		_exit(0);
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	CHECK_OK(setgroups(0, NULL));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		if (setgid(UNPRIV_UID) || setuid(UNPRIV_UID))
			_exit(2);
		_exit(open(path, O_RDONLY) == -1 && errno == EACCES ? 0 : 3);
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	CHECK_OK(unlink(path));
}
