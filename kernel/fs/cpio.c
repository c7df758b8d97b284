/*
 * cpio newc parsing: one entry at a time, every length checked against
 * the buffer before it is used, so a truncated or hostile archive gives
 * -EINVAL and never a read past the end. No allocation, no kernel calls:
 * the host unit test compiles this file unchanged.
 *
 * Neighbours: initramfs.c (calls cpio_next in a loop and builds ramfs
 * entries), tools/testing/unit/test_cpio.c.
 */
#include <linux/cpio.h>
#include <uapi/errno.h>

#define CPIO_FIELDS	13
#define CPIO_TRAILER	"TRAILER!!!"

static inline size_t pad4(size_t x) { return (x + 3) & ~(size_t)3; }

/* Eight hex digits → value; -1 if any is not a hex digit. */
static long long parse_hex8(const char *s)
{
	u32 v = 0;
	int i;

	for (i = 0; i < 8; i++) {
		char c = s[i];
		u32 d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		v = (v << 4) | d;
	}
	return v;
}

static bool bytes_equal(const char *a, const char *b, size_t n)
{
	while (n--)
		if (*a++ != *b++)
			return false;
	return true;
}

static bool all_zero(const unsigned char *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

int cpio_next(const void *buf, size_t len, size_t *off, struct cpio_entry *e)
{
	const unsigned char *base = buf;
	const char *h;
	u32 f[CPIO_FIELDS];
	size_t pos = *off, name_end, data_start, data_end;
	int i;

	if (pos >= len || all_zero(base + pos, len - pos))
		return 0;			/* clean end, or zero padding after the trailer */
	if (len - pos < CPIO_HDR_LEN)
		return -EINVAL;
	h = (const char *)base + pos;
	if (!bytes_equal(h, "07070", 5) || (h[5] != '1' && h[5] != '2'))
		return -EINVAL;
	for (i = 0; i < CPIO_FIELDS; i++) {
		long long v = parse_hex8(h + 6 + 8 * i);

		if (v < 0)
			return -EINVAL;
		f[i] = (u32)v;
	}
	/* f[]: ino mode uid gid nlink mtime filesize devmajor devminor
	 *      rdevmajor rdevminor namesize check */
	if (f[11] == 0 || f[11] > len - pos - CPIO_HDR_LEN)
		return -EINVAL;			/* the name must fit, NUL included */
	name_end = pos + CPIO_HDR_LEN + f[11];
	if (base[name_end - 1] != '\0')
		return -EINVAL;
	data_start = pad4(name_end);
	if (data_start > len || f[6] > len - data_start)
		return -EINVAL;
	data_end = data_start + f[6];

	e->name = h + CPIO_HDR_LEN;
	e->namelen = f[11] - 1;
	e->ino = f[0];
	e->mode = f[1];
	e->uid = f[2];
	e->gid = f[3];
	e->nlink = f[4];
	e->mtime = f[5];
	e->size = f[6];
	e->rdev_major = f[9];
	e->rdev_minor = f[10];
	e->data = base + data_start;

	if (e->namelen == sizeof(CPIO_TRAILER) - 1 &&
	    bytes_equal(e->name, CPIO_TRAILER, e->namelen))
		return 0;
	/* The last entry's data padding may be cut off at the buffer's end. */
	*off = pad4(data_end) <= len ? pad4(data_end) : len;
	return 1;
}
