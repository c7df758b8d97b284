// unit-sources:
/*
 * The kernel command line (kernel/cmdline.c): cmdline_get returns the
 * value of `key=value` ("" for a bare `key`) and cmdline_has says whether
 * the key is there at all. A key matches a whole word or the part before
 * '=', never a prefix of a longer word (`ktest` is not in `ktestfoo`).
 *
 * Every unit binary links kernel/cmdline.c (build.mk), so this tests the
 * very parser the kernel and the other tests' ip= handling use.
 */
#include "unit.h"
#include <linux/string.h>

void cmdline_set(const char *s);

static const char *get(const char *line, const char *key)
{
	cmdline_set(line);
	return cmdline_get(key);
}

TEST(cmdline_bare_key_is_empty_value)
{
	const char *v = get("quiet ktest init=/bin/sh", "ktest");
	ASSERT(v);
	EXPECT_STREQ(v, "");
	EXPECT(cmdline_has("quiet"));
	EXPECT(cmdline_has("ktest"));
}

TEST(cmdline_key_value)
{
	const char *v = get("ip=dhcp init=/bin/busybox ktest=slab", "init");
	ASSERT(v);
	EXPECT_STREQ(v, "/bin/busybox");
	EXPECT_STREQ(cmdline_get("ip"), "dhcp");
	EXPECT_STREQ(cmdline_get("ktest"), "slab");
}

TEST(cmdline_first_and_last_words)
{
	cmdline_set("a=1 b c=3");
	EXPECT_STREQ(cmdline_get("a"), "1");
	EXPECT_STREQ(cmdline_get("c"), "3");
	EXPECT_STREQ(cmdline_get("b"), "");
}

TEST(cmdline_missing_key)
{
	EXPECT(get("quiet ip=dhcp", "init") == NULL);
	EXPECT(!cmdline_has("ktest"));
	EXPECT(get("", "quiet") == NULL);
	EXPECT(get("   ", "quiet") == NULL);
}

TEST(cmdline_prefix_does_not_match)
{
	/* ktestfoo is another word: neither ktest nor ktest=x. */
	EXPECT(get("ktestfoo", "ktest") == NULL);
	EXPECT(get("ktestfoo=1", "ktest") == NULL);
	/* ...and a key longer than the word is not found in it. */
	EXPECT(get("ktest=x", "ktestfoo") == NULL);
	EXPECT(get("kt", "ktest") == NULL);
	/* With both present the exact word is found, wherever it is. */
	const char *v = get("ktestfoo=1 ktest=x", "ktest");
	ASSERT(v);
	EXPECT_STREQ(v, "x");
	v = get("ktestfoo ktest", "ktest");
	ASSERT(v);
	EXPECT_STREQ(v, "");
}

TEST(cmdline_key_never_matches_a_value)
{
	/* "ktest" appears only after '=', inside another word's value. */
	EXPECT(get("init=ktest", "ktest") == NULL);
	EXPECT(get("x=ktest=1", "ktest") == NULL);
}

TEST(cmdline_empty_value)
{
	const char *v = get("init= quiet", "init");
	ASSERT(v);
	EXPECT_STREQ(v, "");
	EXPECT(cmdline_has("init"));
	v = get("quiet init=", "init");
	ASSERT(v);
	EXPECT_STREQ(v, "");
}

TEST(cmdline_value_keeps_later_equals)
{
	const char *v = get("ip=10.0.2.15::10.0.2.2:255.255.255.0::eth0:off a=b=c", "ip");
	ASSERT(v);
	EXPECT_STREQ(v, "10.0.2.15::10.0.2.2:255.255.255.0::eth0:off");
	EXPECT_STREQ(cmdline_get("a"), "b=c");
}

TEST(cmdline_extra_spaces)
{
	cmdline_set("  quiet    init=/bin/sh   ");
	EXPECT_STREQ(cmdline_get("init"), "/bin/sh");
	EXPECT_STREQ(cmdline_get("quiet"), "");
}

TEST(cmdline_repeated_key_first_wins)
{
	cmdline_set("init=/bin/a ktest init=/bin/b");
	EXPECT_STREQ(cmdline_get("init"), "/bin/a");
	cmdline_set("ktest ktest=slab");
	EXPECT_STREQ(cmdline_get("ktest"), "");
}

TEST(cmdline_long_value_truncated_not_overrun)
{
	char line[600], want[256];

	memcpy(line, "init=", 5);
	memset(line + 5, 'x', 400);
	line[405] = 0;
	memset(want, 'x', 255);
	want[255] = 0;
	const char *v = get(line, "init");
	ASSERT(v);
	EXPECT_EQ(strlen(v), 255);
	EXPECT_STREQ(v, want);
}

TEST(cmdline_long_line_truncated_at_buffer)
{
	/* COMMAND_LINE_SIZE is 1024: a word past it is not seen, and nothing overruns. */
	static char line[1200];
	memset(line, 'a', sizeof(line) - 1);
	line[0] = 'p';
	line[1] = ' ';
	memcpy(line + 1100, " tail", 5);
	cmdline_set(line);
	EXPECT_EQ(strlen(saved_command_line), 1023);
	EXPECT(cmdline_has("p"));
	EXPECT(!cmdline_has("tail"));
}

TEST(cmdline_values_survive_later_lookups)
{
	/* Each lookup gets its own buffer (16 rotate), so a caller may hold two. */
	cmdline_set("init=/bin/sh ip=dhcp");
	const char *a = cmdline_get("init");
	const char *b = cmdline_get("ip");
	EXPECT_STREQ(a, "/bin/sh");
	EXPECT_STREQ(b, "dhcp");
}

TEST(cmdline_null_set_is_empty)
{
	cmdline_set(NULL);
	EXPECT_STREQ(saved_command_line, "");
	EXPECT(!cmdline_has("quiet"));
}
