/*
 * "#!" scripts: execve of a file starting "#!interp [arg]" runs interp
 * with argv "interp [arg] filename argv[1..]" (the script's own argv[0]
 * is replaced by its path, as Linux's fs/binfmt_script.c does).
 * exec_binprm() (kernel/exec.c) calls prepare_script() when it sees the
 * two bytes, then execs the interpreter with the rewritten bprm.
 *
 * It lives on its own, with no dependency beyond string functions and
 * kmalloc, so the host unit tests (tools/testing/unit/test_binfmt_script.c)
 * can feed it hostile lines and argument vectors.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/binfmts.h>

int prepare_script(struct linux_binprm *bprm, const char *head, size_t n, char **interp)
{
	char line[128];
	size_t len = 0;

	if (n < 2)
		return -ENOEXEC;
	while (len < n - 2 && len < sizeof(line) - 1 && head[2 + len] != '\n')
		len++;
	memcpy(line, head + 2, len);
	line[len] = 0;
	char *p = line;
	while (*p == ' ' || *p == '\t')
		p++;
	char *path = p;
	while (*p && *p != ' ' && *p != '\t')
		p++;
	char *arg = NULL;
	if (*p) {
		*p++ = 0;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p)
			arg = p;
	}
	if (!*path)
		return -ENOEXEC;
	/*
	 * New argv: interp [arg] filename argv[1..]. The old argv[0] is
	 * dropped only if there is one: with argc 0 the first string would be
	 * envp[0] (or nothing at all, and the lengths below would wrap).
	 */
	size_t first = bprm->argc > 0 ? strlen(bprm->strings) + 1 : 0;
	size_t extra = strlen(path) + 1 + (arg ? strlen(arg) + 1 : 0) + strlen(bprm->filename) + 1;
	if (bprm->strings_len - first + extra > ARG_MAX)
		return -E2BIG;
	memmove(bprm->strings + extra, bprm->strings + first, bprm->strings_len - first);
	char *w = bprm->strings;
	strcpy(w, path); w += strlen(path) + 1;
	if (arg) { strcpy(w, arg); w += strlen(arg) + 1; }
	strcpy(w, bprm->filename);
	bprm->strings_len = bprm->strings_len - first + extra;
	bprm->argc += (arg ? 3 : 2) - (first ? 1 : 0);
	*interp = kstrdup(path, GFP_KERNEL);
	return *interp ? 0 : -ENOMEM;
}
