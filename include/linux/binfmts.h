/*
 * The state of one execve while the new program is being prepared: the
 * file name and the argv/envp strings, copied into kernel memory before
 * the old address space goes away. kernel/exec.c fills and consumes it;
 * kernel/binfmt_script.c rewrites its argv for a "#!" script; kernel/elf.c
 * checks ELF headers.
 *
 * strings holds argc argv strings then envc envp strings, each NUL
 * terminated, strings_len bytes in all (at most ARG_MAX). argc is never 0
 * once copied: like Linux since 5.18, execve with an empty argv gets one
 * empty string "" as argv[0], so argv[0] always exists and an environment
 * string is never mistaken for it.
 */
#ifndef _LINUX_BINFMTS_H
#define _LINUX_BINFMTS_H

#include "types.h"

#define ARG_MAX		(128 * 1024)
#define MAX_ARG_STRINGS	4096

struct linux_binprm {
	char *filename;		/* as given (for AT_EXECFN and comm) */
	char *strings;		/* argv then envp strings, NUL separated (ARG_MAX bytes) */
	size_t strings_len;
	int argc, envc;
};

/*
 * head/n: the file's first n bytes, starting "#!". Parse the interpreter
 * line and make argv "interp [arg] filename argv[1..]"; *interp is a
 * kstrdup of the interpreter path for the caller to exec (and kfree).
 * -ENOEXEC for an empty interpreter, -E2BIG past ARG_MAX.
 */
int prepare_script(struct linux_binprm *bprm, const char *head, size_t n, char **interp);

#endif
