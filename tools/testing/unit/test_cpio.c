// unit-sources: kernel/fs/cpio.c
/*
 * cpio newc parser (kernel/fs/cpio.c): well-formed archives parse entry by
 * entry with the right names, modes and data; every kind of malformed or
 * truncated input is -EINVAL and never read past the buffer (the
 * sanitizers watch that: archives are built in exactly-sized buffers).
 */
#include "unit.h"
#include <linux/cpio.h>
#include <linux/string.h>
#include <linux/slab.h>

#define ARCHIVE_MAX	4096

struct archive {
	char *buf;
	size_t len;
};

static void put_hex8(char *p, u32 v)
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 7; i >= 0; i--) {
		p[i] = hex[v & 15];
		v >>= 4;
	}
}

/* Append one newc entry (magic "070701") with the given fields. */
static void add_entry(struct archive *a, const char *name, u32 mode, const void *data, u32 size)
{
	u32 f[13] = { 1, mode, 0, 0, 1, 1700000000, size, 0, 0, 5, 1, strlen(name) + 1, 0 };
	char *h = a->buf + a->len;
	int i;

	memcpy(h, "070701", 6);
	for (i = 0; i < 13; i++)
		put_hex8(h + 6 + 8 * i, f[i]);
	a->len += CPIO_HDR_LEN;
	memcpy(a->buf + a->len, name, strlen(name) + 1);
	a->len += strlen(name) + 1;
	while (a->len & 3)
		a->buf[a->len++] = 0;
	memcpy(a->buf + a->len, data, size);
	a->len += size;
	while (a->len & 3)
		a->buf[a->len++] = 0;
}

static void add_trailer(struct archive *a)
{
	add_entry(a, "TRAILER!!!", 0, "", 0);
}

static struct archive new_archive(void)
{
	struct archive a = { kzalloc(ARCHIVE_MAX, GFP_KERNEL), 0 };
	return a;
}

/* A copy of exactly len bytes, so any over-read is a sanitizer error. */
static char *exact_copy(const struct archive *a, size_t len)
{
	char *p = kmalloc(len ? len : 1, GFP_KERNEL);

	memcpy(p, a->buf, len);
	return p;
}

TEST(cpio_parses_dir_file_symlink)
{
	struct archive a = new_archive();
	struct cpio_entry e;
	size_t off = 0;
	char *buf;

	add_entry(&a, "bin", 0040755, "", 0);
	add_entry(&a, "bin/hello", 0100755, "hello\n", 6);
	add_entry(&a, "bin/sh", 0120777, "busybox", 7);
	add_trailer(&a);
	buf = exact_copy(&a, a.len);

	EXPECT_EQ(cpio_next(buf, a.len, &off, &e), 1);
	EXPECT_STREQ(e.name, "bin");
	EXPECT_EQ(e.mode, 0040755);
	EXPECT_EQ(e.size, 0);

	EXPECT_EQ(cpio_next(buf, a.len, &off, &e), 1);
	EXPECT_STREQ(e.name, "bin/hello");
	EXPECT_EQ(e.namelen, 9);
	EXPECT_EQ(e.mode, 0100755);
	EXPECT_EQ(e.size, 6);
	EXPECT_MEMEQ(e.data, "hello\n", 6);
	EXPECT_EQ(e.mtime, 1700000000);
	EXPECT_EQ(e.rdev_major, 5);
	EXPECT_EQ(e.rdev_minor, 1);

	EXPECT_EQ(cpio_next(buf, a.len, &off, &e), 1);
	EXPECT_STREQ(e.name, "bin/sh");
	EXPECT_EQ(e.size, 7);
	EXPECT_MEMEQ(e.data, "busybox", 7);

	EXPECT_EQ(cpio_next(buf, a.len, &off, &e), 0);	/* the trailer */
	kfree(buf);
	kfree(a.buf);
}

TEST(cpio_accepts_crc_magic_and_zero_padding)
{
	struct archive a = new_archive();
	struct cpio_entry e;
	size_t off = 0;

	add_entry(&a, "f", 0100644, "x", 1);
	a.buf[5] = '2';			/* "070702": newc with checksums */
	add_trailer(&a);
	a.len += 512;			/* archives are often padded with zeros */
	EXPECT_EQ(cpio_next(a.buf, a.len, &off, &e), 1);
	EXPECT_EQ(cpio_next(a.buf, a.len, &off, &e), 0);
	kfree(a.buf);
}

TEST(cpio_clean_end_without_trailer)
{
	struct archive a = new_archive();
	struct cpio_entry e;
	size_t off = 0;

	add_entry(&a, "only", 0100600, "abcd", 4);
	EXPECT_EQ(cpio_next(a.buf, a.len, &off, &e), 1);
	EXPECT_EQ(off, a.len);
	EXPECT_EQ(cpio_next(a.buf, a.len, &off, &e), 0);
	off = 0;
	EXPECT_EQ(cpio_next(a.buf, 0, &off, &e), 0);	/* empty buffer */
	kfree(a.buf);
}

TEST(cpio_last_entry_padding_may_be_missing)
{
	struct archive a = new_archive();
	struct cpio_entry e;
	size_t off = 0, len;
	char *buf;

	add_entry(&a, "f", 0100644, "x", 1);	/* 1 byte data + 3 padding */
	len = a.len - 3;
	buf = exact_copy(&a, len);
	EXPECT_EQ(cpio_next(buf, len, &off, &e), 1);
	EXPECT_EQ(off, len);
	EXPECT_EQ(cpio_next(buf, len, &off, &e), 0);
	kfree(buf);
	kfree(a.buf);
}

TEST(cpio_rejects_bad_magic_and_digits)
{
	struct archive a = new_archive();
	struct cpio_entry e;
	size_t off = 0;

	add_entry(&a, "f", 0100644, "x", 1);
	a.buf[0] = '1';
	EXPECT_EQ(cpio_next(a.buf, a.len, &off, &e), -EINVAL);
	a.buf[0] = '0';
	a.buf[5] = '7';			/* "070707" is the old odc format: not ours */
	EXPECT_EQ(cpio_next(a.buf, a.len, &off, &e), -EINVAL);
	a.buf[5] = '1';
	a.buf[6 + 8 * 6 + 3] = 'g';	/* a non-hex digit in filesize */
	EXPECT_EQ(cpio_next(a.buf, a.len, &off, &e), -EINVAL);
	EXPECT_EQ(off, 0);		/* a failed parse does not advance */
	kfree(a.buf);
}

TEST(cpio_rejects_every_truncation)
{
	struct archive a = new_archive();
	struct cpio_entry e;
	size_t len;

	add_entry(&a, "dir/file", 0100644, "0123456789", 10);
	/* Every prefix that cuts the header, name or data must fail cleanly
	 * (header 110 + name 9 + pad 1 + data 10 = 130; only the final
	 * padding may be missing). */
	EXPECT_EQ(a.len, 132);
	for (len = 1; len < 130; len++) {
		char *buf = exact_copy(&a, len);
		size_t off = 0;

		EXPECT_EQ(cpio_next(buf, len, &off, &e), -EINVAL);
		kfree(buf);
	}
	kfree(a.buf);
}

TEST(cpio_rejects_hostile_sizes)
{
	struct archive a = new_archive();
	struct cpio_entry e;
	size_t off = 0;

	add_entry(&a, "f", 0100644, "x", 1);
	put_hex8(a.buf + 6 + 8 * 6, 0xffffffffU);	/* filesize: wraps a naive sum */
	EXPECT_EQ(cpio_next(a.buf, a.len, &off, &e), -EINVAL);
	put_hex8(a.buf + 6 + 8 * 6, 1);
	put_hex8(a.buf + 6 + 8 * 11, 0xfffffff0U);	/* namesize */
	EXPECT_EQ(cpio_next(a.buf, a.len, &off, &e), -EINVAL);
	put_hex8(a.buf + 6 + 8 * 11, 0);		/* no name at all */
	EXPECT_EQ(cpio_next(a.buf, a.len, &off, &e), -EINVAL);
	put_hex8(a.buf + 6 + 8 * 11, 1);		/* name "" but byte is 'f': no NUL */
	EXPECT_EQ(cpio_next(a.buf, a.len, &off, &e), -EINVAL);
	kfree(a.buf);
}
