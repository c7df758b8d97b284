/*
 * sh: Sockeye's shell. A small POSIX-flavoured command interpreter:
 *
 *   cmd args            PATH lookup (execvp), exit status in $?
 *   a | b | c           pipelines, `! a` negates a status
 *   < f  > f  >> f  2> f  2>> f  2>&1      redirections
 *   a ; b   a & b   a && b   a || b        lists, background jobs
 *   'single'  "double $X"  \c              quoting
 *   $VAR ${VAR} $? $$ $# $0..$9 $@ $*      parameter expansion
 *   $(cmd) `cmd`        command substitution
 *   $((1 + x * 2))      arithmetic on long integers (sh_arith.c)
 *   if a; then b; elif c; then d; else e; fi
 *   while a; do b; done   until a; do b; done
 *   for x in words; do b; done   break [N]   continue [N]   { a; b; }
 *   VAR=value [cmd]   export   unset       variables
 *   cd exit export unset pwd read true false help :   builtins
 *   cmd &   jobs   fg [%N]   bg [%N]   wait   ^Z   $!   jobs (sh_jobs.c)
 *   sh -c 'cmds'   sh script [args]        non-interactive use
 *
 * Field splitting: the results of *unquoted* $VAR, $(...) and $((...))
 * are split into separate words at $IFS characters (default blanks and
 * newlines), so `L="a b"; for x in $L` loops twice and "$L" stays one
 * word. Literal text and quoted text are never split, and there is no
 * pathname expansion: `*` is just `*` (sh_expand.c says the rest).
 *
 * Structure, the way a command flows (each file says more):
 *   sh.c        reads lines until they form complete commands (below)
 *   sh_parse.c  turns the text into a tree of struct node (sh.h)
 *   sh_exec.c   runs the tree: expands each command's words, forks, waits
 *   sh_builtin.c cd, exit, read, break and the other builtins
 *   sh_jobs.c   jobs: process groups, waiting, ^Z, jobs/fg/bg
 *   sh_expand.c expansion and field splitting, variables, $(...)
 *   sh_arith.c  $((...))
 *
 * Reading: a line is parsed as soon as it is read. If it is not a whole
 * command yet (an open quote, `for ...; do` without `done`, a trailing
 * `|` or `&&`), the next line is appended and the whole text is parsed
 * again; an interactive shell prompts for that line with PS2, "> ",
 * where it prints "$ " (PS1) for a new command. Parsing everything
 * before running any of it is why a syntax error in a loop body stops
 * the loop from starting. Scripts and `sh -c` text are read the same
 * way, a line at a time, so a script's earlier commands run before its
 * later lines are parsed, as in dash.
 *
 * Signals: an interactive shell catches SIGINT with a handler that only
 * sets a flag, so ^C abandons the line (or unfinished compound) being
 * typed instead of killing the shell, stops a running loop, and (unlike
 * SIG_IGN) the disposition resets to default in every program the shell
 * execs. Children that die from a signal are reported as Linux shells
 * report them ("Segmentation fault", "Killed").
 *
 * Job control (sh_jobs.c): on the console each job gets its own process
 * group and the terminal while it runs in the foreground, so ^C and ^Z
 * reach the job and not the shell; ^Z stops it, and `jobs`, `fg`, `bg`
 * manage it. The shell itself ignores SIGTSTP, SIGTTIN and SIGTTOU, so
 * it is never the one stopped, which would leave the console dead.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

#define PROG_MAX	(32 * 1024)	/* one complete command, all its lines */
#define ARENA_SIZE	(256 * 1024)

int last_status;
int interactive;
volatile sig_atomic_t got_sigint;
char **pos_args;
int pos_count;

/* ---------- the arena: a stack of allocations (sh.h) ---------- */

static char arena[ARENA_SIZE];
static size_t arena_used;

void *arena_alloc(size_t n)
{
	n = (n + 7) & ~(size_t)7;	/* keep pointers in it aligned */
	if (arena_used + n > sizeof arena)
		return NULL;
	arena_used += n;
	return arena + arena_used - n;
}

char *arena_strdup(const char *s, size_t n)
{
	char *d = arena_alloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

size_t arena_mark(void)
{
	return arena_used;
}

void arena_release(size_t mark)
{
	arena_used = mark;
}

void arena_reset(void)
{
	arena_used = 0;
}

/* ---------- input ---------- */

/* Where commands come from: a file descriptor, or the text of sh -c. */
struct source {
	int fd;
	const char *str;	/* non-NULL: read from here instead */
};

#define LINE_EOF	(-1)	/* end of input, nothing read */
#define LINE_INTR	(-2)	/* ^C while typing */
#define LINE_LONG	(-3)	/* did not fit; the rest of it was read and dropped */

static void on_sigint(int sig)
{
	got_sigint = 1;
}

/*
 * Read one line (without its newline) into buf. From a descriptor, a
 * byte at a time, so no input meant for the commands we run is swallowed
 * by a buffer. On a terminal the kernel's canonical mode has already done
 * the editing (backspace, ^U), and a read returns a whole line.
 */
static int read_line(struct source *src, char *buf, int size)
{
	int n = 0, too_long = 0;
	char c;

	for (;;) {
		if (src->str) {
			if (!*src->str)
				break;
			c = *src->str++;
		} else {
			ssize_t r = read(src->fd, &c, 1);

			if (r < 0 && errno == EINTR) {
				if (got_sigint) {
					got_sigint = 0;
					return LINE_INTR;
				}
				continue;
			}
			if (r <= 0)
				break;
		}
		if (c == '\n')
			goto done;
		if (n == size - 1)	/* too long: drop it all, up to its newline */
			too_long = 1;
		else
			buf[n++] = c;
	}
	if (n == 0 && !too_long)
		return LINE_EOF;
done:
	buf[n] = '\0';
	return too_long ? LINE_LONG : n;
}

/*
 * Read lines until they make a complete command, then run it. A syntax
 * error, or an expansion error such as $((1/0)), ends a script or `sh -c`
 * with status 2 as in dash; an interactive shell just prompts again.
 */
static int run_source(struct source *src)
{
	static char prog[PROG_MAX];

	for (;;) {
		struct node *tree = NULL;
		enum parse_result r = PARSE_EMPTY;
		int len = 0, n;

		jobs_reap();	/* say which background jobs finished */
		if (interactive)
			fputs("$ ", stderr);
		for (;;) {
			n = read_line(src, prog + len, sizeof prog - len - 1);
			if (n == LINE_INTR) {		/* ^C: abandon what was typed */
				fputc('\n', stderr);
				r = PARSE_EMPTY;
				break;
			}
			if (n == LINE_LONG) {
				fprintf(stderr, "sh: command longer than %d bytes\n", PROG_MAX);
				r = PARSE_ERROR;
				break;
			}
			if (n == LINE_EOF) {
				if (len == 0)
					return last_status;
				fprintf(stderr, "sh: syntax error: unexpected end of file\n");
				return 2;
			}
			len += n;
			prog[len++] = '\n';
			prog[len] = '\0';
			arena_reset();
			r = parse_program(prog, &tree);
			if (r != PARSE_INCOMPLETE)
				break;
			if (interactive)
				fputs("> ", stderr);
		}
		if (r == PARSE_ERROR) {
			last_status = 2;
			if (!interactive)
				return 2;
		}
		if (r != PARSE_OK)
			continue;
		got_sigint = 0;
		abort_pending = 0;
		exec_node(tree);
		if (got_sigint == 1 && interactive)	/* ^C stopped a loop of builtins */
			fputc('\n', stderr);
		if (abort_pending && !interactive)
			return 2;
	}
}

int main(int argc, char **argv)
{
	struct source src = { .fd = 0 };

	pos_args = argv;
	pos_count = argc;
	if (!getenv("IFS"))
		set_var("IFS= \t\n");	/* as dash: set, not exported */

	if (argc > 2 && !strcmp(argv[1], "-c")) {
		src.str = argv[2];
		pos_count = 1;			/* $0 = "sh", no $1... */
		if (argc > 3) {			/* sh -c 'cmd' name args: $0 = name */
			pos_args = argv + 3;
			pos_count = argc - 3;
		}
		return run_source(&src);
	}
	if (argc > 1) {
		src.fd = open(argv[1], O_RDONLY | O_CLOEXEC);
		if (src.fd < 0) {
			fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno));
			return 127;
		}
		pos_args = argv + 1;
		pos_count = argc - 1;
		return run_source(&src);
	}

	interactive = isatty(0);
	if (interactive) {
		struct sigaction sa = { .sa_handler = on_sigint };	/* no SA_RESTART */
		sigaction(SIGINT, &sa, NULL);
		signal(SIGQUIT, SIG_IGN);
		signal(SIGTSTP, SIG_IGN);	/* ^Z stops jobs, not the shell */
		signal(SIGTTIN, SIG_IGN);
		signal(SIGTTOU, SIG_IGN);
		jobs_init();
	}
	return run_source(&src);
}
