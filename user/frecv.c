/*
 * frecv: receive files sent with fsend (or tools/ftx.py send) into one directory.
 *
 *   frecv [-d dir] [-p port] [-m max-bytes] [-t seconds] [-c max-clients] [-o] [-1]
 *
 * Listens on TCP port 7070 (-p); each connection is served by its own
 * forked child, at most -c (default 8) at once, so a slow or silent client
 * holds up nobody else. -1 serves one connection in the foreground and
 * exits with its status (scripts, tests). -o lets a transfer replace an
 * existing regular file; without it, an existing name is refused.
 *
 * One transfer (receive_one), the protocol in user/ftx/ftx.h:
 *   OFFER    the name must be a bare file name (ftx_name_ok) and, if it
 *            exists in dir, a regular file; the size at most -m
 *   RESUME   the temporary file for this name and content,
 *            dir/.ftx-<hash of name and digest>.part, locked (F_SETLK)
 *            against a second sender, and the digest of what it holds
 *   START    from there, or from 0 if the sender's bytes differ
 *   DATA...  appended to the temporary and hashed on the way
 *   DONE     the digest matches the offer: fchmod, fsync, rename into
 *            place, fsync the directory. A mismatch deletes the
 *            temporary; a broken connection keeps it for the resume.
 * So no file ever appears under its final name unless its whole content
 * arrived and hashed right. One line per transfer goes to stdout.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "ftx/ftx.h"

struct frecv_opts {
	int port, timeout, overwrite, once, max_children;
	uint64_t max_size;
};

/* One transfer's state, from OFFER to DONE. */
struct xfer {
	struct ftx_conn *c;
	const struct frecv_opts *o;
	char peer[32];				/* "a.b.c.d:port", for the log */
	char name[FTX_NAME_MAX + 1];
	char tmp[40];				/* ".ftx-<16 hex>.part" */
	uint64_t size, got, resumed_at;
	uint32_t mode;
	uint8_t digest[SHA256_DIGEST_LEN];	/* the offer's */
	struct sha256_ctx sha;			/* of the temporary's bytes 0..got */
	int fd;					/* the temporary, or -1 */
};

static struct ftx_conn conn;
static volatile sig_atomic_t children;

/* ERR to the sender (best effort: it may be gone), a log line, the exit code. */
static int refuse(struct xfer *x, int code, const char *why)
{
	ftx_send_err(x->c, code, why);
	printf("frecv: refused %s from %s: %s (%s)\n", x->name[0] ? x->name : "-", x->peer,
	       ftx_err_name(code), why);
	return FTX_EXIT_REFUSED + code;
}

/* The connection failed mid-transfer (-errno): say so, tell the peer if we can. */
static int broken(struct xfer *x, int err, const char *waiting_for)
{
	if (err == -EAGAIN)
		ftx_send_err(x->c, FTX_E_TIMEOUT, "silent too long");
	else if (err == -EPROTONOSUPPORT)
		ftx_send_err(x->c, FTX_E_VERSION, "this receiver speaks ftx version 1");
	else if (err == -EPROTO)
		ftx_send_err(x->c, FTX_E_PROTO, "malformed frame");
	printf("frecv: %s from %s: %s waiting for %s at %llu of %llu bytes%s\n",
	       x->name[0] ? x->name : "-", x->peer,
	       err == -EAGAIN ? "timed out" : err == -EPIPE ? "connection closed" : strerror(-err),
	       waiting_for, (unsigned long long)x->got, (unsigned long long)x->size,
	       x->fd >= 0 ? " (kept for resume)" : "");
	return ftx_errno_exit(err);
}

/* OFFER: parse it and check name, size and what the name is now. */
static int take_offer(struct xfer *x)
{
	uint8_t *p = ftx_payload(x->c);
	size_t nlen;
	struct stat st;
	int err = ftx_recv(x->c);

	if (err)
		return broken(x, err, "OFFER");
	if (x->c->type != FTX_OFFER || x->c->len < FTX_OFFER_FIXED)
		return refuse(x, FTX_E_PROTO, "expected OFFER");
	x->size = ftx_get64(p);
	x->mode = ftx_get32(p + 8) & 0777;	/* never setuid, setgid or sticky */
	memcpy(x->digest, p + 12, SHA256_DIGEST_LEN);
	nlen = x->c->len - FTX_OFFER_FIXED;
	if (!ftx_name_ok((char *)p + FTX_OFFER_FIXED, nlen)) {
		size_t i;

		/* Log the refused name with its control bytes as '?'. */
		for (i = 0; i < nlen && i < FTX_NAME_MAX; i++) {
			uint8_t ch = p[FTX_OFFER_FIXED + i];

			x->name[i] = ch < 0x20 || ch == 0x7f ? '?' : ch;
		}
		return refuse(x, FTX_E_BADNAME, "only a bare file name: no '/', no leading '.'");
	}
	memcpy(x->name, p + FTX_OFFER_FIXED, nlen);
	x->name[nlen] = 0;
	if (x->size > x->o->max_size)
		return refuse(x, FTX_E_TOOBIG, "larger than this receiver's limit");
	if (lstat(x->name, &st) == 0) {
		if (!S_ISREG(st.st_mode))
			return refuse(x, FTX_E_NOTREG, "the name exists and is not a regular file");
		if (!x->o->overwrite)
			return refuse(x, FTX_E_EXIST, "frecv -o would replace it");
	} else if (errno != ENOENT) {
		return refuse(x, FTX_E_IO, strerror(errno));
	}
	return 0;
}

/* Read the temporary's first x->got bytes into x->sha (the resume point's digest). */
static int hash_temp(struct xfer *x)
{
	uint8_t *buf = ftx_payload(x->c);
	uint64_t left = x->got;

	sha256_init(&x->sha);
	if (lseek(x->fd, 0, SEEK_SET) < 0)
		return -errno;
	while (left) {
		ssize_t r = read(x->fd, buf, left < FTX_MAX_PAYLOAD ? left : FTX_MAX_PAYLOAD);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r ? -errno : -EIO;
		sha256_update(&x->sha, buf, r);
		left -= r;
	}
	return 0;
}

/* The temporary: open or create it, lock it, answer RESUME with what it holds. */
static int offer_resume(struct xfer *x)
{
	struct flock lk = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
	struct sha256_ctx key, prefix;
	uint8_t k[SHA256_DIGEST_LEN], *p = ftx_payload(x->c);
	struct stat st;
	char hex[2 * SHA256_DIGEST_LEN + 1];
	int err;

	/* Keyed on name and content: a different file of the same name never resumes this one. */
	sha256_init(&key);
	sha256_update(&key, x->name, strlen(x->name));
	sha256_update(&key, x->digest, SHA256_DIGEST_LEN);
	sha256_final(&key, k);
	sha256_hex(k, hex);
	snprintf(x->tmp, sizeof(x->tmp), ".ftx-%.16s.part", hex);

	x->fd = open(x->tmp, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (x->fd < 0 || fstat(x->fd, &st) < 0)
		return refuse(x, FTX_E_IO, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return refuse(x, FTX_E_IO, "temporary file is not a regular file");
	if (fcntl(x->fd, F_SETLK, &lk) < 0) {
		close(x->fd);
		x->fd = -1;	/* the other transfer's temporary: not ours to keep or delete */
		return refuse(x, FTX_E_BUSY, "another connection is receiving this file");
	}
	x->got = (uint64_t)st.st_size <= x->size ? (uint64_t)st.st_size : 0;
	if (x->got == 0 && st.st_size && ftruncate(x->fd, 0) < 0)
		return refuse(x, FTX_E_IO, strerror(errno));
	err = hash_temp(x);
	if (err)
		return refuse(x, FTX_E_IO, strerror(-err));
	prefix = x->sha;	/* final() ends a context: keep ours going */
	ftx_put64(p, x->got);
	sha256_final(&prefix, p + 8);
	err = ftx_send(x->c, FTX_RESUME, p, 8 + SHA256_DIGEST_LEN);
	return err ? broken(x, err, "RESUME to be sent") : 0;
}

/* START (from our offset, or from 0) and the DATA frames up to size. */
static int take_data(struct xfer *x)
{
	struct ftx_progress pr;
	uint8_t *p = ftx_payload(x->c);
	uint64_t off;
	int err = ftx_recv(x->c);

	if (err)
		return broken(x, err, "START");
	if (x->c->type != FTX_START || x->c->len != 8)
		return refuse(x, FTX_E_PROTO, "expected START");
	off = ftx_get64(p);
	if (off != x->got && off != 0)
		return refuse(x, FTX_E_PROTO, "START from neither 0 nor our offset");
	if (off == 0 && x->got) {
		if (ftruncate(x->fd, 0) < 0)
			return refuse(x, FTX_E_IO, strerror(errno));
		x->got = 0;
		sha256_init(&x->sha);
	}
	x->resumed_at = x->got;
	if (lseek(x->fd, x->got, SEEK_SET) < 0)
		return refuse(x, FTX_E_IO, strerror(errno));
	ftx_progress_init(&pr, !x->o->once, x->name, x->size, x->got);
	while (x->got < x->size) {
		err = ftx_recv(x->c);
		if (err)
			return broken(x, err, "DATA");
		if (x->c->type != FTX_DATA || x->c->len == 0 || x->c->len > x->size - x->got)
			return refuse(x, FTX_E_PROTO, "expected DATA within the offered size");
		err = ftx_write_full(x->fd, p, x->c->len);
		if (err)
			return refuse(x, FTX_E_IO, strerror(-err));
		sha256_update(&x->sha, p, x->c->len);
		x->got += x->c->len;
		ftx_progress_update(&pr, x->got, 0);
	}
	ftx_progress_update(&pr, x->got, 1);
	return 0;
}

/* All bytes are in: verify, make durable, put in place, say DONE. */
static int finish(struct xfer *x)
{
	uint8_t d[SHA256_DIGEST_LEN];
	char hex[2 * SHA256_DIGEST_LEN + 1];
	struct stat st;
	int dfd, err;

	sha256_final(&x->sha, d);
	if (memcmp(d, x->digest, SHA256_DIGEST_LEN)) {
		unlink(x->tmp);		/* corrupt: resuming from it would only fail again */
		close(x->fd);
		x->fd = -1;
		return refuse(x, FTX_E_DIGEST, "the bytes received do not hash to the offered digest");
	}
	if (fchmod(x->fd, x->mode) < 0 || fsync(x->fd) < 0)
		return refuse(x, FTX_E_IO, strerror(errno));
	/* The name may have appeared while we received (the OFFER check is long past). */
	if (lstat(x->name, &st) == 0 && (!S_ISREG(st.st_mode) || !x->o->overwrite))
		return refuse(x, S_ISREG(st.st_mode) ? FTX_E_EXIST : FTX_E_NOTREG, "the name appeared meanwhile");
	if (rename(x->tmp, x->name) < 0)
		return refuse(x, FTX_E_IO, strerror(errno));
	/* The rename itself is durable once the directory is. */
	dfd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	close(x->fd);
	x->fd = -1;
	err = ftx_send(x->c, FTX_DONE, d, SHA256_DIGEST_LEN);
	sha256_hex(d, hex);
	printf("frecv: received %s %llu bytes from %s sha256 %s resumed at %llu\n", x->name,
	       (unsigned long long)x->size, x->peer, hex, (unsigned long long)x->resumed_at);
	/* The file is in place either way; a sender that missed DONE finds EXIST next time. */
	return err ? ftx_errno_exit(err) : FTX_EXIT_OK;
}

static int receive_one(int fd, const struct sockaddr_in *from, const struct frecv_opts *o)
{
	struct xfer x = { .c = &conn, .o = o, .fd = -1 };
	int rc;

	conn.fd = fd;
	snprintf(x.peer, sizeof(x.peer), "%s:%d", inet_ntoa(from->sin_addr), ntohs(from->sin_port));
	ftx_set_timeout(fd, o->timeout);
	rc = take_offer(&x);
	if (!rc)
		rc = offer_resume(&x);
	if (!rc)
		rc = take_data(&x);
	if (!rc)
		rc = finish(&x);
	if (x.fd >= 0)
		close(x.fd);		/* kept for a resume; closing drops our lock */
	/* Log after unlocking: whoever reads the line may resend at once without BUSY. */
	fflush(stdout);
	return rc;
}

static void reap(int sig)
{
	int saved = errno;

	while (waitpid(-1, NULL, WNOHANG) > 0)
		children--;
	errno = saved;
}

static int listen_on(int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), on = 1;

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	sin.sin_addr.s_addr = htonl(INADDR_ANY);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 || listen(fd, 16) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void usage(void)
{
	fprintf(stderr, "usage: frecv [-d dir] [-p port] [-m max-bytes] [-t seconds] [-c max-clients] [-o] [-1]\n");
	exit(FTX_EXIT_USAGE);
}

int main(int argc, char **argv)
{
	struct frecv_opts o = { .port = FTX_PORT, .timeout = FTX_TIMEOUT_S, .max_children = 8,
				.max_size = 1ULL << 30 };
	const char *dir = ".";
	struct sigaction sa;
	sigset_t chld, unblocked;
	int opt, lfd;

	while ((opt = getopt(argc, argv, "d:p:m:t:c:o1")) != -1) {
		switch (opt) {
		case 'd': dir = optarg; break;
		case 'p': o.port = atoi(optarg); break;
		case 'm': o.max_size = strtoull(optarg, NULL, 0); break;
		case 't': o.timeout = atoi(optarg); break;
		case 'c': o.max_children = atoi(optarg); break;
		case 'o': o.overwrite = 1; break;
		case '1': o.once = 1; break;
		default: usage();
		}
	}
	if (optind != argc || o.port <= 0 || o.port > 65535 || o.timeout <= 0 || o.max_children <= 0)
		usage();
	/* Every name from here on is relative to dir, and has no '/': it cannot leave it. */
	if (chdir(dir) < 0) {
		fprintf(stderr, "frecv: %s: %s\n", dir, strerror(errno));
		return FTX_EXIT_LOCAL;
	}
	signal(SIGPIPE, SIG_IGN);
	lfd = listen_on(o.port);
	if (lfd < 0) {
		fprintf(stderr, "frecv: port %d: %s\n", o.port, strerror(errno));
		return FTX_EXIT_LOCAL;
	}
	/*
	 * Children are reaped (and counted down) only by the SIGCHLD handler;
	 * the loop counts up with SIGCHLD blocked, so neither loses the
	 * other's update. No SA_RESTART: a child's exit interrupts accept,
	 * which we retry.
	 */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = reap;
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	printf("frecv[%d]: listening on port %d, directory %s\n", getpid(), o.port, dir);
	fflush(stdout);

	for (;;) {
		struct sockaddr_in from;
		socklen_t flen = sizeof(from);
		pid_t pid;
		int fd;

		/* A full house: sleep until a SIGCHLD makes room (sigsuspend: no lost wake-up). */
		sigprocmask(SIG_BLOCK, &chld, &unblocked);
		while (children >= o.max_children)
			sigsuspend(&unblocked);
		sigprocmask(SIG_SETMASK, &unblocked, NULL);
		fd = accept4(lfd, (struct sockaddr *)&from, &flen, SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			fprintf(stderr, "frecv: accept: %s\n", strerror(errno));
			sleep(1);	/* EMFILE and friends: let connections drain */
			continue;
		}
		if (o.once) {
			close(lfd);
			return receive_one(fd, &from, &o);
		}
		sigprocmask(SIG_BLOCK, &chld, NULL);
		pid = fork();
		if (pid == 0) {
			signal(SIGCHLD, SIG_DFL);
			sigprocmask(SIG_SETMASK, &unblocked, NULL);
			close(lfd);
			_exit(receive_one(fd, &from, &o));
		}
		if (pid > 0)
			children++;
		else
			fprintf(stderr, "frecv: fork: %s\n", strerror(errno));
		sigprocmask(SIG_SETMASK, &unblocked, NULL);
		close(fd);
	}
}
