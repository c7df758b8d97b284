/*
 * ftx.h: the ftx file-transfer protocol, shared by user/fsend.c (the
 * sender), user/frecv.c (the receiver) and, byte for byte, tools/ftx.py
 * (the same protocol in Python on the host). docs/file-transfer.md walks
 * through it beside the seed program it replaces.
 *
 * Every message is a frame: an 8-byte header, then len payload bytes.
 * All integers are big-endian.
 *
 *    0        1        2        3        4                          8
 *   +--------+--------+-----------------+---------------------------+
 *   |version |  type  | reserved (0)    | payload length            |
 *   +--------+--------+-----------------+---------------------------+
 *   | payload (0 .. FTX_MAX_PAYLOAD bytes)                         ...
 *
 * A transfer, sender S to receiver R:
 *
 *   S -> R  OFFER   u64 size, u32 mode, u8 sha256[32], name (1..255 bytes)
 *   R -> S  RESUME  u64 have, u8 sha256[32] of those first `have` bytes
 *           (or ERR: the name, size or file is refused)
 *   S -> R  START   u64 offset: `have` if S's own first `have` bytes hash
 *                   the same, else 0 (R then starts its temp file over)
 *   S -> R  DATA    file bytes, in order, from offset to size
 *   R -> S  DONE    u8 sha256[32]: verified, fsync'ed, renamed into place
 *           (or ERR DIGEST: the bytes do not hash to the offer's digest)
 *
 * ERR carries u32 code (enum ftx_err) and a short human-readable text;
 * either side may send it and then closes. Either side closes on any
 * frame it did not expect (FTX_E_PROTO) or of another version.
 */
#ifndef FTX_H
#define FTX_H

#include <stdint.h>
#include <stddef.h>
#include <sha256.h>

#define FTX_VERSION		1
#define FTX_PORT		7070
#define FTX_HDR_LEN		8
#define FTX_MAX_PAYLOAD		65536	/* the largest DATA frame; others are far smaller */
#define FTX_NAME_MAX		255
#define FTX_OFFER_FIXED		44	/* size 8 + mode 4 + digest 32, then the name */
#define FTX_TIMEOUT_S		30	/* a peer silent this long is gone (-t changes it) */

enum ftx_type {
	FTX_OFFER = 1,
	FTX_RESUME = 2,
	FTX_START = 3,
	FTX_DATA = 4,
	FTX_DONE = 5,
	FTX_ERR = 6,
};

/* The codes an ERR frame carries. fsend exits with FTX_EXIT_REFUSED + code. */
enum ftx_err {
	FTX_E_BADNAME = 1,	/* not a bare file name: '/', "..", leading '.', control bytes */
	FTX_E_EXIST = 2,	/* a file of that name exists and the receiver won't replace it */
	FTX_E_NOTREG = 3,	/* the name exists as something other than a regular file */
	FTX_E_TOOBIG = 4,	/* size above the receiver's limit */
	FTX_E_BUSY = 5,		/* another connection is receiving the same file */
	FTX_E_DIGEST = 6,	/* the received bytes do not hash to the offered digest */
	FTX_E_IO = 7,		/* the receiver could not write, fsync or rename */
	FTX_E_PROTO = 8,	/* a malformed or unexpected frame */
	FTX_E_VERSION = 9,	/* a frame of another protocol version */
	FTX_E_TIMEOUT = 10,	/* the peer went silent */
	FTX_E_MAX = FTX_E_TIMEOUT,
};

/* Exit codes of fsend and frecv -1 (docs/file-transfer.md has the table). */
enum ftx_exit {
	FTX_EXIT_OK = 0,
	FTX_EXIT_USAGE = 1,
	FTX_EXIT_LOCAL = 2,	/* our own file or directory: open, read, not regular, bind */
	FTX_EXIT_NET = 3,	/* cannot connect, or the connection broke */
	FTX_EXIT_TIMEOUT = 4,	/* the peer went silent for the timeout */
	FTX_EXIT_PROTO = 5,	/* the peer does not speak this protocol (version) */
	FTX_EXIT_REFUSED = 10,	/* + enum ftx_err: the ERR frame's code */
};

/* One connection's frame reader/writer: the socket and its buffer. */
struct ftx_conn {
	int fd;
	uint8_t type;			/* of the last frame read */
	uint32_t len;			/* its payload length */
	uint8_t buf[FTX_HDR_LEN + FTX_MAX_PAYLOAD];	/* header, then payload */
};

/* Transfer progress on a terminal: "name  3.2/10.0 MiB  32%  1.1 MiB/s  ETA 0:06". */
struct ftx_progress {
	int on;				/* stderr is a terminal and not -q */
	const char *name;
	uint64_t total, done, start_at;
	long long t0_ms, last_ms;
};

const char *ftx_err_name(int code);
const char *ftx_type_name(int type);
int ftx_name_ok(const char *name, size_t len);

/* Whole-buffer I/O: short counts continued, EINTR retried. 0, or -errno (-EPIPE at EOF). */
int ftx_read_full(int fd, void *buf, size_t n);
int ftx_write_full(int fd, const void *buf, size_t n);

/* Frames on c->fd. Read: 0 with c->type/c->len/payload set, else -errno or -EPROTO. */
int ftx_send(struct ftx_conn *c, int type, const void *payload, uint32_t len);
int ftx_send_err(struct ftx_conn *c, int code, const char *text);
int ftx_recv(struct ftx_conn *c);
static inline uint8_t *ftx_payload(struct ftx_conn *c) { return c->buf + FTX_HDR_LEN; }

int ftx_set_timeout(int fd, int seconds);
int ftx_errno_exit(int err);

void ftx_put64(uint8_t *p, uint64_t v);
void ftx_put32(uint8_t *p, uint32_t v);
uint64_t ftx_get64(const uint8_t *p);
uint32_t ftx_get32(const uint8_t *p);

void ftx_progress_init(struct ftx_progress *p, int quiet, const char *name, uint64_t total, uint64_t start);
void ftx_progress_update(struct ftx_progress *p, uint64_t done, int last);

#endif
