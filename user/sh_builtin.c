/*
 * sh_builtin.c: the commands the shell runs itself, because they change
 * the shell (cd, exit, export, unset, read, break, continue; the job
 * builtins wait, jobs, fg, bg are in sh_jobs.c) or are used too often to
 * fork for (true, false, :). sh_exec.c finds them with
 * find_builtin and runs one in the shell when it stands alone, or in a
 * child when it is part of a pipeline (`echo x | read v` sets v in that
 * child only, as in dash).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "sh.h"

static int builtin_cd(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : getenv("HOME");

	if (!dir)
		dir = "/";
	if (chdir(dir) < 0) {
		fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	return 0;
}

static int builtin_exit(int argc, char **argv)
{
	exit(argc > 1 ? atoi(argv[1]) : last_status);
}

static int builtin_export(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		char *arg = argv[i], *eq = strchr(arg, '=');
		size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
		char name[128];
		char **slot;
		const char *val;

		if (len == 0 || len >= sizeof name || name_len(arg) != (int)len) {
			fprintf(stderr, "sh: export: `%s': not a valid identifier\n", arg);
			return 1;
		}
		memcpy(name, arg, len);
		name[len] = '\0';
		slot = local_slot(arg, len);
		val = eq ? eq + 1 : slot ? *slot + len + 1 : "";
		setenv(name, val, 1);
		if (slot) {
			free(*slot);
			*slot = NULL;
		}
	}
	return 0;
}

static int builtin_unset(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		unset_var(argv[i], strlen(argv[i]));
	return 0;
}

static int builtin_pwd(int argc, char **argv)
{
	char buf[PATH_MAX];

	if (!getcwd(buf, sizeof buf)) {
		fprintf(stderr, "sh: pwd: %s\n", strerror(errno));
		return 1;
	}
	printf("%s\n", buf);
	fflush(stdout);
	return 0;
}

static int builtin_true(int argc, char **argv)
{
	return 0;
}

static int builtin_false(int argc, char **argv)
{
	return 1;
}

/* break [N] / continue [N]: leave N enclosing loops (continue: resume the Nth). */
static int builtin_break(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;

	if (n < 1) {
		fprintf(stderr, "sh: %s: bad count %s\n", argv[0], argv[1]);
		return 1;
	}
	if (loop_depth == 0)		/* outside a loop: nothing to do, as in dash */
		return 0;
	loop_break = n < loop_depth ? n : loop_depth;
	loop_continue = argv[0][0] == 'c';
	return 0;
}

/* Does line[i] separate fields for read? (blank: only if it is also white space) */
static int is_sep(const char *line, const char *quoted, int i, const char *ifs, int blank)
{
	return !quoted[i] && strchr(ifs, line[i]) && (!blank || isspace((unsigned char)line[i]));
}

/*
 * read [-r] NAME...: one line of stdin into variables, split at $IFS like
 * an unquoted expansion: each NAME gets a field, the last gets the rest
 * of the line. A byte at a time, so a `while read l` loop leaves the
 * lines after it for whatever runs next. Without -r a backslash quotes
 * the next character and backslash-newline joins lines. Status 1 at end
 * of input, which is what ends `while read l; do ...; done`.
 */
static int builtin_read(int argc, char **argv)
{
	const char *ifs = get_var("IFS", 3);
	int raw = argc > 1 && !strcmp(argv[1], "-r");
	char line[1024], quoted[sizeof line], *assignment;
	int n = 0, escaped = 0, got_newline = 0, p = 0;
	char c;

	if (!ifs)
		ifs = " \t\n";
	while (read(0, &c, 1) == 1) {
		int q = 0;

		if (escaped) {
			escaped = 0;
			if (c == '\n')
				continue;	/* backslash-newline: the line goes on */
			q = 1;
		} else if (c == '\\' && !raw) {
			escaped = 1;
			continue;
		} else if (c == '\n') {
			got_newline = 1;
			break;
		}
		if (n < (int)sizeof line - 1) {	/* the rest of a longer line is dropped */
			quoted[n] = q;
			line[n++] = c;
		}
	}
	line[n] = '\0';
	for (int i = 1 + raw; i < argc; i++) {
		int start, end;

		if (!name_len(argv[i]) || argv[i][name_len(argv[i])]) {
			fprintf(stderr, "sh: read: `%s': not a valid identifier\n", argv[i]);
			return 2;
		}
		while (p < n && is_sep(line, quoted, p, ifs, 1))
			p++;
		start = p;
		if (i + 1 < argc) {			/* one field */
			while (p < n && !is_sep(line, quoted, p, ifs, 0))
				p++;
			end = p;
			if (p < n)
				p++;
		} else {				/* the rest, less trailing blanks */
			end = n;
			while (end > start && is_sep(line, quoted, end - 1, ifs, 1))
				end--;
		}
		assignment = malloc(strlen(argv[i]) + (end - start) + 2);
		if (!assignment)
			return 1;
		sprintf(assignment, "%s=%.*s", argv[i], end - start, line + start);
		set_var(assignment);
		free(assignment);
	}
	return got_newline ? 0 : 1;	/* a last line without newline still fails, as in dash */
}

static int builtin_help(int argc, char **argv);

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;
} builtins[] = {
	{ "cd", builtin_cd, "cd [DIR]            change directory ($HOME, else /)" },
	{ "exit", builtin_exit, "exit [N]            leave the shell with status N ($?)" },
	{ "export", builtin_export, "export NAME[=VAL]   put a variable into programs' environment" },
	{ "unset", builtin_unset, "unset NAME          forget a variable" },
	{ "pwd", builtin_pwd, "pwd                 print the working directory" },
	{ "read", builtin_read, "read [-r] NAME...   read a line of input into variables" },
	{ "wait", builtin_wait, "wait                wait for every background job (cmd &)" },
	{ "jobs", builtin_jobs, "jobs                list background and stopped jobs" },
	{ "fg", builtin_fg, "fg [%N]             continue job N (the last) in the foreground" },
	{ "bg", builtin_bg, "bg [%N]             continue stopped job N (the last) in the background" },
	{ "break", builtin_break, "break [N]           leave the innermost (Nth) for/while/until loop" },
	{ "return", builtin_return, "return [N]          leave the function with status N ($?)" },
	{ "continue", builtin_break, "continue [N]        start the loop's next pass" },
	{ "true", builtin_true, "true                succeed" },
	{ "false", builtin_false, "false               fail (status 1)" },
	{ "help", builtin_help, "help                this list" },
	{ ":", builtin_true, ":                   do nothing, successfully" },
};

static int builtin_help(int argc, char **argv)
{
	printf("Sockeye sh builtins:\n");
	for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
		printf("  %s\n", builtins[i].usage);
	printf("Syntax: a | b, a; b, a && b, a || b, a &, < > >> 2> 2>&1, 'q' \"$VAR\", VAR=x cmd,\n"
	       "  $(cmd) `cmd` $((1 + 2)), if/then/elif/else/fi, while/until ... do ... done,\n"
	       "  for NAME in WORDS; do ... done, case W in PAT|PAT) ...;; esac, { a; }, ( a ),\n"
	       "  NAME() { ...; } (functions), *.c ? [a-z] (globbing).\n"
	       "Programs: ls /bin (busybox has the rest: busybox --list).\n"
	       "^C stops the running program; ^Z suspends it (then fg, bg, jobs).\n");
	fflush(stdout);
	return 0;
}

int (*find_builtin(const char *name))(int, char **)
{
	for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
		if (!strcmp(builtins[i].name, name))
			return builtins[i].fn;
	return NULL;
}

