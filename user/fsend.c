/*
 * fsend: send one file to an frecv (or tools/ftx.py recv) over TCP.
 *
 *   fsend [-p port] [-n name] [-t seconds] [-q] host file
 *
 * The ftx protocol (user/ftx/ftx.h): hash the whole file, OFFER its size,
 * mode, SHA-256 and name; the receiver answers RESUME with how many bytes
 * of this file it already holds and their digest; if our own first bytes
 * hash the same we START from there, else from 0; then DATA frames to the
 * end, and the receiver's DONE says the file is verified and in place.
 * An interrupted fsend is simply run again: it resumes.
 *
 * -n names the file on the receiver (default: the last part of `file`),
 * -t is the silent-peer timeout (default 30 s), -q silences the progress
 * line shown when stderr is a terminal; one line on stdout reports success. The exit code says what failed
 * (enum ftx_exit: 2 our file, 3 network, 4 timeout, 5 protocol, 10+code
 * the receiver's ERR code); docs/file-transfer.md has the table.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include "ftx/ftx.h"

static struct ftx_conn conn;	/* 64 KiB of frame buffer: not on the stack */

struct source {
	int fd;
	const char *name;		/* as the receiver will call it */
	uint64_t size;
	uint32_t mode;
	uint8_t digest[SHA256_DIGEST_LEN];
};

/* SHA-256 of the first n bytes of fd (from offset 0), into digest. */
static int hash_prefix(int fd, uint64_t n, uint8_t *digest)
{
	struct sha256_ctx c;
	uint8_t *buf = ftx_payload(&conn);

	if (lseek(fd, 0, SEEK_SET) < 0)
		return -errno;
	sha256_init(&c);
	while (n) {
		size_t want = n < FTX_MAX_PAYLOAD ? n : FTX_MAX_PAYLOAD;
		ssize_t r = read(fd, buf, want);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			return -EIO;	/* the file shrank under us */
		sha256_update(&c, buf, r);
		n -= r;
	}
	sha256_final(&c, digest);
	return 0;
}

static int open_source(struct source *s, const char *path)
{
	struct stat st;
	int err;

	s->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (s->fd < 0 || fstat(s->fd, &st) < 0) {
		fprintf(stderr, "fsend: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "fsend: %s: not a regular file\n", path);
		return -1;
	}
	s->size = st.st_size;
	s->mode = st.st_mode & 0777;
	err = hash_prefix(s->fd, s->size, s->digest);
	if (err) {
		fprintf(stderr, "fsend: reading %s: %s\n", path, strerror(-err));
		return -1;
	}
	return 0;
}

static int connect_to(const char *host, int port)
{
	struct sockaddr_in sin;
	struct hostent *he = gethostbyname(host);
	int fd;

	if (!he) {
		fprintf(stderr, "fsend: unknown host %s\n", host);
		return -1;
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	memcpy(&sin.sin_addr, he->h_addr, sizeof(sin.sin_addr));
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	while (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		if (errno == EINTR)
			continue;
		fprintf(stderr, "fsend: connect %s:%d: %s\n", host, port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* A frame that failed to arrive, or an ERR instead of the one we wanted: the exit code. */
static int bad_reply(int err, const char *waiting_for)
{
	if (err) {
		fprintf(stderr, "fsend: waiting for %s: %s\n", waiting_for,
			err == -EAGAIN ? "peer silent, timed out" :
			err == -EPIPE ? "connection closed" :
			err == -EPROTONOSUPPORT ? "peer speaks another protocol version" : strerror(-err));
		return ftx_errno_exit(err);
	}
	if (conn.type == FTX_ERR && conn.len >= 4) {
		int code = ftx_get32(ftx_payload(&conn));

		fprintf(stderr, "fsend: refused: %s (%.*s)\n", ftx_err_name(code),
			(int)conn.len - 4, (char *)ftx_payload(&conn) + 4);
		return code > 0 && code <= FTX_E_MAX ? FTX_EXIT_REFUSED + code : FTX_EXIT_PROTO;
	}
	fprintf(stderr, "fsend: expected %s, got %s (%u bytes)\n", waiting_for,
		ftx_type_name(conn.type), conn.len);
	return FTX_EXIT_PROTO;
}

/* OFFER, RESUME -> the offset to START from. -1 with *rc set on failure. */
static int64_t negotiate(struct source *s, int *rc)
{
	uint8_t *p = ftx_payload(&conn), theirs[SHA256_DIGEST_LEN], ours[SHA256_DIGEST_LEN];
	size_t nlen = strlen(s->name);
	uint64_t have;
	int err;

	ftx_put64(p, s->size);
	ftx_put32(p + 8, s->mode);
	memcpy(p + 12, s->digest, SHA256_DIGEST_LEN);
	memcpy(p + FTX_OFFER_FIXED, s->name, nlen);
	err = ftx_send(&conn, FTX_OFFER, p, FTX_OFFER_FIXED + nlen);
	if (!err)
		err = ftx_recv(&conn);
	if (err || conn.type != FTX_RESUME || conn.len != 8 + SHA256_DIGEST_LEN) {
		*rc = bad_reply(err, "RESUME");
		return -1;
	}
	have = ftx_get64(p);
	memcpy(theirs, p + 8, SHA256_DIGEST_LEN);
	if (have == 0 || have > s->size)
		return 0;
	err = hash_prefix(s->fd, have, ours);
	if (err) {
		fprintf(stderr, "fsend: reading %s: %s\n", s->name, strerror(-err));
		*rc = FTX_EXIT_LOCAL;
		return -1;
	}
	if (memcmp(ours, theirs, SHA256_DIGEST_LEN)) {
		fprintf(stderr, "fsend: receiver's %llu bytes differ from ours: starting over\n",
			(unsigned long long)have);
		return 0;
	}
	return have;
}

static int send_data(struct source *s, uint64_t off, int quiet)
{
	struct ftx_progress pr;
	uint8_t *p = ftx_payload(&conn);
	int err;

	ftx_put64(p, off);
	err = ftx_send(&conn, FTX_START, p, 8);
	if (err)
		return bad_reply(err, "START to be sent");
	if (lseek(s->fd, off, SEEK_SET) < 0)
		return FTX_EXIT_LOCAL;
	ftx_progress_init(&pr, quiet, s->name, s->size, off);
	while (off < s->size) {
		uint64_t left = s->size - off;
		size_t want = left < FTX_MAX_PAYLOAD ? left : FTX_MAX_PAYLOAD;
		ssize_t r = read(s->fd, p, want);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			fprintf(stderr, "fsend: reading %s: %s\n", s->name, r ? strerror(errno) : "file shrank");
			return FTX_EXIT_LOCAL;
		}
		err = ftx_send(&conn, FTX_DATA, p, r);
		if (err) {
			/* The receiver may have said why before closing: read its ERR. */
			if (err == -EPIPE || err == -ECONNRESET)
				return bad_reply(ftx_recv(&conn), "DATA to be taken");
			return bad_reply(err, "DATA to be taken");
		}
		off += r;
		ftx_progress_update(&pr, off, 0);
	}
	ftx_progress_update(&pr, off, 1);
	err = ftx_recv(&conn);
	if (err || conn.type != FTX_DONE || conn.len != SHA256_DIGEST_LEN ||
	    memcmp(p, s->digest, SHA256_DIGEST_LEN))
		return bad_reply(err, "DONE");
	return FTX_EXIT_OK;
}

static void usage(void)
{
	fprintf(stderr, "usage: fsend [-p port] [-n name] [-t seconds] [-q] host file\n");
	exit(FTX_EXIT_USAGE);
}

int main(int argc, char **argv)
{
	int opt, port = FTX_PORT, timeout = FTX_TIMEOUT_S, quiet = 0, rc = FTX_EXIT_OK;
	struct source src = { 0 };
	char hex[2 * SHA256_DIGEST_LEN + 1];
	int64_t off;

	while ((opt = getopt(argc, argv, "p:n:t:q")) != -1) {
		switch (opt) {
		case 'p': port = atoi(optarg); break;
		case 'n': src.name = optarg; break;
		case 't': timeout = atoi(optarg); break;
		case 'q': quiet = 1; break;
		default: usage();
		}
	}
	if (argc - optind != 2 || port <= 0 || port > 65535 || timeout <= 0)
		usage();
	if (!src.name) {
		const char *slash = strrchr(argv[optind + 1], '/');

		src.name = slash ? slash + 1 : argv[optind + 1];
	}
	/* The receiver checks the name too; checking here gives a clearer message sooner. */
	if (!ftx_name_ok(src.name, strlen(src.name))) {
		fprintf(stderr, "fsend: %s: not a bare file name the receiver would accept\n", src.name);
		return FTX_EXIT_USAGE;
	}
	/* A receiver that vanishes makes write fail with EPIPE rather than kill us. */
	signal(SIGPIPE, SIG_IGN);
	if (open_source(&src, argv[optind + 1]) < 0)
		return FTX_EXIT_LOCAL;
	conn.fd = connect_to(argv[optind], port);
	if (conn.fd < 0)
		return FTX_EXIT_NET;
	ftx_set_timeout(conn.fd, timeout);
	off = negotiate(&src, &rc);
	if (off >= 0)
		rc = send_data(&src, off, quiet);
	if (rc == FTX_EXIT_OK) {
		sha256_hex(src.digest, hex);
		printf("fsend: sent %s %llu bytes sha256 %s resumed at %lld\n", src.name,
		       (unsigned long long)src.size, hex, (long long)off);
	}
	close(conn.fd);
	return rc;
}
