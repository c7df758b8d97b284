// unit-sources: kernel/binfmt_script.c
/*
 * prepare_script (kernel/binfmt_script.c): the "#!" line parser and the
 * argv rewrite execve does for a script. The argument vector must come
 * out as "interp [arg] filename argv[1..]" followed by the untouched
 * environment, for any argc including 0 (regression: argc 0 with an empty
 * environment wrapped a length and memmove'd ~4 GiB; with an environment,
 * envp[0] was dropped as if it were argv[0]).
 */
#include "unit.h"
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/binfmts.h>

/* A bprm over a kmalloc'd ARG_MAX buffer holding n strings from list. */
static struct linux_binprm make_bprm(const char *filename, int argc, int envc,
				     const char *const *list)
{
	struct linux_binprm b = { .filename = (char *)filename, .argc = argc, .envc = envc };

	b.strings = kmalloc(ARG_MAX, GFP_KERNEL);
	memset(b.strings, 0x5a, ARG_MAX);	/* stale bytes a bad strlen would run into */
	for (int i = 0; i < argc + envc; i++) {
		strcpy(b.strings + b.strings_len, list[i]);
		b.strings_len += strlen(list[i]) + 1;
	}
	return b;
}

/* The i-th NUL-separated string of b. */
static const char *nth(const struct linux_binprm *b, int i)
{
	const char *s = b->strings;
	while (i--)
		s += strlen(s) + 1;
	return s;
}

#define SCRIPT(s) (s), sizeof(s) - 1

TEST(script_replaces_argv0_with_interp_and_path)
{
	static const char *const l[] = { "./x", "a1", "HOME=/" };
	struct linux_binprm b = make_bprm("/bin/x", 2, 1, l);
	char *interp = NULL;

	EXPECT_EQ(prepare_script(&b, SCRIPT("#!/bin/sh\necho hi\n"), &interp), 0);
	EXPECT_STREQ(interp, "/bin/sh");
	EXPECT_EQ(b.argc, 3);
	EXPECT_STREQ(nth(&b, 0), "/bin/sh");
	EXPECT_STREQ(nth(&b, 1), "/bin/x");
	EXPECT_STREQ(nth(&b, 2), "a1");
	EXPECT_STREQ(nth(&b, 3), "HOME=/");
	EXPECT_EQ(b.strings_len, strlen("/bin/sh/bin/xa1HOME=/") + 4);
	kfree(interp);
	kfree(b.strings);
}

TEST(script_passes_one_optional_arg)
{
	static const char *const l[] = { "x" };
	struct linux_binprm b = make_bprm("/s", 1, 0, l);
	char *interp = NULL;

	EXPECT_EQ(prepare_script(&b, SCRIPT("#! \t/bin/sh  -e -x\n"), &interp), 0);
	EXPECT_EQ(b.argc, 3);
	EXPECT_STREQ(nth(&b, 0), "/bin/sh");
	EXPECT_STREQ(nth(&b, 1), "-e -x");	/* Linux: the rest of the line is one argument */
	EXPECT_STREQ(nth(&b, 2), "/s");
	kfree(interp);
	kfree(b.strings);
}

TEST(script_argc0_empty_env_does_not_wrap)
{
	struct linux_binprm b = make_bprm("/s", 0, 0, NULL);
	char *interp = NULL;

	EXPECT_EQ(prepare_script(&b, SCRIPT("#!/bin/sh\n"), &interp), 0);
	EXPECT_EQ(b.argc, 2);
	EXPECT_EQ(b.strings_len, sizeof("/bin/sh") + sizeof("/s"));
	EXPECT_STREQ(nth(&b, 0), "/bin/sh");
	EXPECT_STREQ(nth(&b, 1), "/s");
	kfree(interp);
	kfree(b.strings);
}

TEST(script_argc0_keeps_envp0)
{
	static const char *const l[] = { "A=1", "B=2" };
	struct linux_binprm b = make_bprm("/s", 0, 2, l);
	char *interp = NULL;

	EXPECT_EQ(prepare_script(&b, SCRIPT("#!/bin/sh"), &interp), 0);
	EXPECT_EQ(b.argc, 2);
	EXPECT_EQ(b.envc, 2);
	EXPECT_STREQ(nth(&b, 2), "A=1");
	EXPECT_STREQ(nth(&b, 3), "B=2");
	kfree(interp);
	kfree(b.strings);
}

TEST(script_rejects_empty_interpreter)
{
	static const char *const l[] = { "x" };
	struct linux_binprm b = make_bprm("/s", 1, 0, l);
	char *interp = NULL;

	EXPECT_EQ(prepare_script(&b, SCRIPT("#!   \n/bin/sh\n"), &interp), -ENOEXEC);
	EXPECT_EQ(prepare_script(&b, SCRIPT("#!"), &interp), -ENOEXEC);
	EXPECT_EQ(b.argc, 1);			/* untouched */
	EXPECT_STREQ(nth(&b, 0), "x");
	kfree(b.strings);
}

TEST(script_e2big_when_rewrite_overflows)
{
	static const char *const l[] = { "x" };
	struct linux_binprm b = make_bprm("/s", 1, 0, l);
	char *interp = NULL;

	/* One environment string that leaves no room for the longer argv. */
	memset(b.strings + b.strings_len, 'e', ARG_MAX - b.strings_len - 1);
	b.strings[ARG_MAX - 1] = 0;
	b.strings_len = ARG_MAX;
	b.envc = 1;
	EXPECT_EQ(prepare_script(&b, SCRIPT("#!/bin/sh\n"), &interp), -E2BIG);
	kfree(b.strings);
}
