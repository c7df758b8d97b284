/*
 * sh: Sockeye's shell. A small POSIX-flavoured command interpreter:
 *
 *   cmd args            PATH lookup (execvp), exit status in $?
 *   a | b | c           pipelines
 *   < f  > f  >> f  2> f  2>> f  2>&1      redirections
 *   a ; b   a & b   a && b   a || b        lists, background jobs
 *   'single'  "double $X"  \c              quoting
 *   $VAR ${VAR} $? $$ $# $0..$9            expansion (no word splitting)
 *   VAR=value [cmd]   export   unset       variables
 *   cd exit export unset pwd wait help :   builtins
 *   sh -c 'cmds'   sh script [args]        non-interactive use
 *
 * Structure: a line is read (read_line), then consumed one pipeline at a
 * time: parse_pipeline tokenizes and expands words up to the next list
 * operator, run_pipeline forks and wires up the commands, and the
 * operator decides what comes next. Expanding as we go is what makes
 * `X=1; echo $X` print 1.
 *
 * Signals: an interactive shell catches SIGINT with a handler that only
 * sets a flag, so ^C abandons the line being typed instead of killing the
 * shell, and (unlike SIG_IGN) the disposition resets to default in every
 * program the shell execs. Children that die from a signal are reported as
 * Linux shells report them ("Segmentation fault", "Killed").
 *
 * No job control (no process groups per job, no fg/bg): as dash does when
 * it has none, an interactive shell ignores SIGTSTP, SIGTTIN and SIGTTOU,
 * and what it starts inherits that (an ignored signal stays ignored across
 * exec). So ^Z does nothing, instead of stopping a job nobody could resume
 * or the shell itself, which would leave the console dead. busybox's sh
 * (`busybox sh`) is there for $((...)), $(...), if/while/for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>

#define LINE_MAX	4096
#define MAXARGS		64
#define MAXCMDS		16
#define MAXREDIR	8
#define ARENA_SIZE	(64 * 1024)

enum op { OP_END, OP_SEMI, OP_AMP, OP_AND, OP_OR };

struct redir {
	int fd;			/* which descriptor: 0, 1 or 2 */
	int flags;		/* open flags; -1 means dup from dup_from */
	int dup_from;
	char *path;
};

struct cmd {
	char *argv[MAXARGS + 1];
	int argc;
	char *assign[MAXARGS];	/* leading NAME=value words */
	int nassign;
	struct redir redir[MAXREDIR];
	int nredir;
};

struct pipeline {
	struct cmd cmd[MAXCMDS];
	int ncmd;
};

static int last_status;
static int interactive;
static volatile sig_atomic_t got_sigint;
static char **pos_args;		/* $0 $1 ... for scripts and -c */
static int pos_count;
static int next_job = 1;

/* ---------- word storage: reset before each pipeline ---------- */

static char arena[ARENA_SIZE];
static size_t arena_used;

static char *arena_alloc(size_t n)
{
	if (arena_used + n > sizeof arena)
		return NULL;
	arena_used += n;
	return arena + arena_used - n;
}

/* ---------- variables ---------- */

/* Unexported variables, "NAME=value" strings; exported ones live in environ. */
static char *locals[64];

static int name_len(const char *s)
{
	int n = 0;

	if (!isalpha((unsigned char)*s) && *s != '_')
		return 0;
	while (isalnum((unsigned char)s[n]) || s[n] == '_')
		n++;
	return n;
}

static char **local_slot(const char *name, size_t len)
{
	for (int i = 0; i < 64; i++)
		if (locals[i] && !strncmp(locals[i], name, len) && locals[i][len] == '=')
			return &locals[i];
	return NULL;
}

static const char *get_var(const char *name, size_t len)
{
	char buf[128];
	char **slot = local_slot(name, len);

	if (slot)
		return *slot + len + 1;
	if (len >= sizeof buf)
		return NULL;
	memcpy(buf, name, len);
	buf[len] = '\0';
	return getenv(buf);
}

/* Set NAME=value from an assignment word; exported variables stay exported. */
static void set_var(const char *assignment)
{
	size_t len = strchr(assignment, '=') - assignment;
	char name[128];
	char **slot;

	if (len >= sizeof name)
		return;
	memcpy(name, assignment, len);
	name[len] = '\0';
	if (getenv(name)) {
		setenv(name, assignment + len + 1, 1);
		return;
	}
	slot = local_slot(assignment, len);
	if (!slot)
		for (int i = 0; i < 64 && !slot; i++)
			if (!locals[i])
				slot = &locals[i];
	if (!slot) {
		fprintf(stderr, "sh: too many variables\n");
		return;
	}
	free(*slot);
	*slot = strdup(assignment);
}

/* ---------- tokenizer ---------- */

enum tok { T_WORD, T_PIPE, T_SEMI, T_AMP, T_AND, T_OR, T_LT, T_GT, T_GTGT,
	   T_ERR_GT, T_ERR_GTGT, T_ERR_TO_OUT, T_END, T_ERROR };

struct lexer {
	const char *p;
	char *word;		/* T_WORD: the expanded text (in the arena) */
	int quoted;		/* some part of the word was quoted */
	int assign_ok;		/* a NAME= prefix appeared unquoted */
};

/* Append the value of a $ expression starting at *pp (just past the '$'). */
static int expand_dollar(const char **pp, char *out, int room)
{
	const char *p = *pp;
	char num[16];
	const char *val = NULL;
	int n;

	if (*p == '?') {
		snprintf(num, sizeof num, "%d", last_status);
		val = num, p++;
	} else if (*p == '$') {
		snprintf(num, sizeof num, "%d", getpid());
		val = num, p++;
	} else if (*p == '#') {
		snprintf(num, sizeof num, "%d", pos_count > 0 ? pos_count - 1 : 0);
		val = num, p++;
	} else if (isdigit((unsigned char)*p)) {
		int i = *p++ - '0';
		val = i < pos_count ? pos_args[i] : "";
	} else if (*p == '{') {
		const char *end = strchr(p, '}');
		if (!end)
			return -1;
		val = get_var(p + 1, end - p - 1);
		p = end + 1;
	} else if ((n = name_len(p)) > 0) {
		val = get_var(p, n);
		p += n;
	} else {
		val = "$";		/* a lone '$' is literal */
	}
	*pp = p;
	if (!val)
		val = "";
	n = strlen(val);
	if (n > room)
		return -1;
	memcpy(out, val, n);
	return n;
}

static enum tok next_token(struct lexer *lx)
{
	const char *p = lx->p;
	char buf[LINE_MAX];
	int n = 0, r;

	while (*p == ' ' || *p == '\t' || *p == '\r')
		p++;
	if (!*p || *p == '\n' || *p == '#') {
		lx->p = p;
		return T_END;
	}
	lx->p = p + 1;
	switch (*p) {
	case '|':
		if (p[1] == '|') { lx->p = p + 2; return T_OR; }
		return T_PIPE;
	case '&':
		if (p[1] == '&') { lx->p = p + 2; return T_AND; }
		return T_AMP;
	case ';':
		return T_SEMI;
	case '<':
		return T_LT;
	case '>':
		if (p[1] == '>') { lx->p = p + 2; return T_GTGT; }
		return T_GT;
	case '2':
		if (!strncmp(p, "2>&1", 4)) { lx->p = p + 4; return T_ERR_TO_OUT; }
		if (!strncmp(p, "2>>", 3)) { lx->p = p + 3; return T_ERR_GTGT; }
		if (p[1] == '>') { lx->p = p + 2; return T_ERR_GT; }
		break;
	}

	lx->quoted = 0;
	lx->assign_ok = 0;
	while (*p && !strchr(" \t\r\n|&;<>", *p)) {
		if (n >= (int)sizeof buf - 1)
			return T_ERROR;
		if (*p == '\'') {
			const char *end = strchr(p + 1, '\'');
			if (!end || n + (end - p) >= (int)sizeof buf)
				return T_ERROR;
			memcpy(buf + n, p + 1, end - p - 1);
			n += end - p - 1;
			p = end + 1;
			lx->quoted = 1;
		} else if (*p == '"') {
			for (p++; *p && *p != '"'; ) {
				if (n >= (int)sizeof buf - 1)
					return T_ERROR;
				if (*p == '\\' && p[1] && strchr("\"\\$", p[1])) {
					buf[n++] = p[1];
					p += 2;
				} else if (*p == '$') {
					p++;
					if ((r = expand_dollar(&p, buf + n, sizeof buf - 1 - n)) < 0)
						return T_ERROR;
					n += r;
				} else {
					buf[n++] = *p++;
				}
			}
			if (*p != '"')
				return T_ERROR;
			p++;
			lx->quoted = 1;
		} else if (*p == '\\' && p[1]) {
			buf[n++] = p[1];
			p += 2;
			lx->quoted = 1;
		} else if (*p == '$') {
			p++;
			if ((r = expand_dollar(&p, buf + n, sizeof buf - 1 - n)) < 0)
				return T_ERROR;
			n += r;
		} else {
			buf[n] = '\0';
			if (*p == '=' && !lx->quoted && n > 0 && name_len(buf) == n)
				lx->assign_ok = 1;
			buf[n++] = *p++;
		}
	}
	buf[n] = '\0';
	lx->p = p;
	lx->word = arena_alloc(n + 1);
	if (!lx->word)
		return T_ERROR;
	memcpy(lx->word, buf, n + 1);
	return T_WORD;
}

/* ---------- parser ---------- */

static int syntax_error(const char *what)
{
	fprintf(stderr, "sh: syntax error: %s\n", what);
	return -1;
}

/*
 * Parse one pipeline; sets *op to the list operator that ended it.
 * Returns 0, or -1 on a syntax error (the rest of the line is dropped).
 */
static int parse_pipeline(struct lexer *lx, struct pipeline *pl, enum op *op)
{
	struct cmd *c;
	enum tok t;

	memset(pl, 0, sizeof *pl);
	pl->ncmd = 1;
	c = &pl->cmd[0];
	for (;;) {
		t = next_token(lx);
		switch (t) {
		case T_WORD:
			if (c->argc == 0 && lx->assign_ok && c->nassign < MAXARGS) {
				c->assign[c->nassign++] = lx->word;
			} else if (c->argc < MAXARGS) {
				c->argv[c->argc++] = lx->word;
			} else {
				return syntax_error("too many arguments");
			}
			break;
		case T_LT: case T_GT: case T_GTGT: case T_ERR_GT: case T_ERR_GTGT: {
			struct redir *r;
			if (c->nredir == MAXREDIR)
				return syntax_error("too many redirections");
			r = &c->redir[c->nredir++];
			r->fd = t == T_LT ? 0 : (t == T_GT || t == T_GTGT) ? 1 : 2;
			r->flags = t == T_LT ? O_RDONLY :
				   O_WRONLY | O_CREAT | ((t == T_GTGT || t == T_ERR_GTGT) ? O_APPEND : O_TRUNC);
			if (next_token(lx) != T_WORD)
				return syntax_error("redirection needs a file name");
			r->path = lx->word;
			break;
		}
		case T_ERR_TO_OUT:
			if (c->nredir == MAXREDIR)
				return syntax_error("too many redirections");
			c->redir[c->nredir++] = (struct redir){ .fd = 2, .flags = -1, .dup_from = 1 };
			break;
		case T_PIPE:
			if (c->argc == 0)
				return syntax_error("empty command before '|'");
			if (pl->ncmd == MAXCMDS)
				return syntax_error("pipeline too long");
			c = &pl->cmd[pl->ncmd++];
			break;
		case T_END: case T_SEMI: case T_AMP: case T_AND: case T_OR:
			if (c->argc == 0 && pl->ncmd > 1)
				return syntax_error("empty command after '|'");
			*op = t == T_END ? OP_END : t == T_SEMI ? OP_SEMI : t == T_AMP ? OP_AMP :
			      t == T_AND ? OP_AND : OP_OR;
			return 0;
		case T_ERROR:
			return syntax_error("unterminated quote or line too long");
		}
	}
}

/* ---------- builtins ---------- */

static int builtin_cd(struct cmd *c)
{
	const char *dir = c->argc > 1 ? c->argv[1] : getenv("HOME");

	if (!dir)
		dir = "/";
	if (chdir(dir) < 0) {
		fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	return 0;
}

static int builtin_exit(struct cmd *c)
{
	exit(c->argc > 1 ? atoi(c->argv[1]) : last_status);
}

static int builtin_export(struct cmd *c)
{
	for (int i = 1; i < c->argc; i++) {
		char *arg = c->argv[i], *eq = strchr(arg, '=');
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

static int builtin_unset(struct cmd *c)
{
	for (int i = 1; i < c->argc; i++) {
		char **slot = local_slot(c->argv[i], strlen(c->argv[i]));
		if (slot) {
			free(*slot);
			*slot = NULL;
		}
		unsetenv(c->argv[i]);
	}
	return 0;
}

static int builtin_pwd(struct cmd *c)
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

static int builtin_wait(struct cmd *c)
{
	while (wait(NULL) > 0 || errno == EINTR)
		;
	return 0;
}

static int builtin_colon(struct cmd *c)
{
	return 0;
}

static int builtin_help(struct cmd *c);

static const struct {
	const char *name;
	int (*fn)(struct cmd *c);
	const char *usage;
} builtins[] = {
	{ "cd", builtin_cd, "cd [DIR]            change directory ($HOME, else /)" },
	{ "exit", builtin_exit, "exit [N]            leave the shell with status N ($?)" },
	{ "export", builtin_export, "export NAME[=VAL]   put a variable into programs' environment" },
	{ "unset", builtin_unset, "unset NAME          forget a variable" },
	{ "pwd", builtin_pwd, "pwd                 print the working directory" },
	{ "wait", builtin_wait, "wait                wait for every background job (cmd &)" },
	{ "help", builtin_help, "help                this list" },
	{ ":", builtin_colon, ":                   do nothing, successfully" },
};

static int builtin_help(struct cmd *c)
{
	printf("Sockeye sh builtins:\n");
	for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
		printf("  %s\n", builtins[i].usage);
	printf("Syntax: a | b, a; b, a && b, a || b, a &, < > >> 2> 2>&1, 'q' \"$VAR\", VAR=x cmd.\n"
	       "Programs: ls /bin (busybox has the rest: busybox --list).\n"
	       "^C stops the running program; ^Z is ignored (no job control).\n");
	fflush(stdout);
	return 0;
}

static int (*find_builtin(const char *name))(struct cmd *)
{
	for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
		if (!strcmp(builtins[i].name, name))
			return builtins[i].fn;
	return NULL;
}

/* ---------- execution ---------- */

/* Apply a command's redirections to this process; -1 after printing why not. */
static int apply_redirs(struct cmd *c)
{
	for (int i = 0; i < c->nredir; i++) {
		struct redir *r = &c->redir[i];
		int fd;

		if (r->flags == -1) {
			if (dup2(r->dup_from, r->fd) < 0)
				return -1;
			continue;
		}
		fd = open(r->path, r->flags, 0666);
		if (fd < 0) {
			fprintf(stderr, "sh: %s: %s\n", r->path, strerror(errno));
			return -1;
		}
		if (fd != r->fd) {
			dup2(fd, r->fd);
			close(fd);
		}
	}
	return 0;
}

/* Describe a child's death the way Linux shells do. */
static void report_status(int status)
{
	int sig;

	if (!WIFSIGNALED(status))
		return;
	sig = WTERMSIG(status);
	if (sig == SIGINT)
		fputc('\n', stderr);
	else if (sig != SIGPIPE)
		fprintf(stderr, "%s%s\n", strsignal(sig), WCOREDUMP(status) ? " (core dumped)" : "");
}

static int status_code(int status)
{
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

static void child_exec(struct cmd *c, int background)
{
	int (*bi)(struct cmd *);

	signal(SIGINT, background ? SIG_IGN : SIG_DFL);
	signal(SIGQUIT, background ? SIG_IGN : SIG_DFL);
	if (apply_redirs(c) < 0)
		_exit(1);
	for (int i = 0; i < c->nassign; i++)
		putenv(c->assign[i]);
	bi = find_builtin(c->argv[0]);
	if (bi)
		exit(bi(c));
	execvp(c->argv[0], c->argv);
	if (errno == ENOENT) {
		fprintf(stderr, "sh: %s: not found\n", c->argv[0]);
		_exit(127);
	}
	fprintf(stderr, "sh: %s: %s\n", c->argv[0], strerror(errno));
	_exit(126);
}

/* Run a builtin inside the shell itself, with its redirections undone after. */
static int run_builtin_here(struct cmd *c, int (*bi)(struct cmd *))
{
	int saved[3], r;

	fflush(stdout);
	for (int fd = 0; fd < 3; fd++)
		saved[fd] = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	r = apply_redirs(c) < 0 ? 1 : bi(c);
	fflush(stdout);
	for (int fd = 0; fd < 3; fd++) {
		if (saved[fd] >= 0) {
			dup2(saved[fd], fd);
			close(saved[fd]);
		}
	}
	return r;
}

static int run_pipeline(struct pipeline *pl, int background)
{
	pid_t pids[MAXCMDS];
	int in = -1, status = 0;

	if (pl->ncmd == 1 && pl->cmd[0].argc == 0) {	/* only assignments */
		for (int i = 0; i < pl->cmd[0].nassign; i++)
			set_var(pl->cmd[0].assign[i]);
		return 0;
	}
	if (pl->ncmd == 1 && !background) {
		int (*bi)(struct cmd *) = find_builtin(pl->cmd[0].argv[0]);
		if (bi)
			return run_builtin_here(&pl->cmd[0], bi);
	}

	fflush(stdout);
	for (int i = 0; i < pl->ncmd; i++) {
		int p[2] = { -1, -1 };

		if (i + 1 < pl->ncmd && pipe(p) < 0) {
			fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
			pl->ncmd = i;
			break;
		}
		pids[i] = fork();
		if (pids[i] == 0) {
			if (in >= 0) {
				dup2(in, 0);
				close(in);
			}
			if (p[1] >= 0) {
				dup2(p[1], 1);
				close(p[1]);
				close(p[0]);
			}
			child_exec(&pl->cmd[i], background);
		}
		if (pids[i] < 0)
			fprintf(stderr, "sh: fork: %s\n", strerror(errno));
		if (in >= 0)
			close(in);
		if (p[1] >= 0)
			close(p[1]);
		in = p[0];
	}
	if (in >= 0)
		close(in);

	if (background) {
		fprintf(stderr, "[%d] %d\n", next_job++, pids[pl->ncmd - 1]);
		return 0;
	}
	for (int i = 0; i < pl->ncmd; i++) {
		if (pids[i] < 0) {
			status = 1 << 8;
			continue;
		}
		while (waitpid(pids[i], &status, 0) < 0 && errno == EINTR)
			;
		if (i + 1 < pl->ncmd && WIFSIGNALED(status) && WTERMSIG(status) != SIGPIPE)
			report_status(status);
	}
	report_status(status);
	return status_code(status);
}

/* Execute one line: pipelines joined by ; & && ||. */
static void run_line(const char *line)
{
	struct lexer lx = { .p = line };
	static struct pipeline pl;
	enum op op, prev = OP_SEMI;

	for (;;) {
		arena_used = 0;
		if (parse_pipeline(&lx, &pl, &op) < 0) {
			last_status = 2;
			return;
		}
		int empty = pl.ncmd == 1 && pl.cmd[0].argc == 0 && pl.cmd[0].nassign == 0;
		int skip = (prev == OP_AND && last_status != 0) || (prev == OP_OR && last_status == 0);
		if (!empty && !skip)
			last_status = run_pipeline(&pl, op == OP_AMP);
		if (op == OP_END)
			return;
		prev = op;
	}
}

/* ---------- input ---------- */

static void on_sigint(int sig)
{
	got_sigint = 1;
}

/* Reap finished background jobs so they do not linger as zombies. */
static void reap_background(void)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		if (interactive)
			fprintf(stderr, "[%d] Done (%d)\n", pid, status_code(status));
}

/*
 * Read one line from fd a byte at a time, so no input meant for the
 * commands we run is swallowed by a buffer. On a terminal the kernel's
 * canonical mode has already done the editing (backspace, ^U), and a read
 * returns a whole line. Returns -1 at end of input with nothing read.
 */
static int read_line(int fd, char *buf, int size)
{
	int n = 0;

	while (n < size - 1) {
		char c;
		ssize_t r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR) {
			if (got_sigint) {	/* ^C: drop the partial line */
				got_sigint = 0;
				n = 0;
				fputs("\n$ ", stderr);
			}
			continue;
		}
		if (r <= 0)
			break;
		if (c == '\n') {
			buf[n] = '\0';
			return n;
		}
		buf[n++] = c;
	}
	buf[n] = '\0';
	return n > 0 ? n : -1;
}

static int run_fd(int fd)
{
	static char line[LINE_MAX];

	for (;;) {
		reap_background();
		if (interactive)
			fputs("$ ", stderr);
		if (read_line(fd, line, sizeof line) < 0)
			break;
		run_line(line);
	}
	return last_status;
}

int main(int argc, char **argv)
{
	pos_args = argv;
	pos_count = argc;

	if (argc > 2 && !strcmp(argv[1], "-c")) {
		char *copy = strdup(argv[2]);
		char *save, *line;

		pos_count = 1;			/* $0 = "sh", no $1... */
		if (argc > 3) {			/* sh -c 'cmd' name args: $0 = name */
			pos_args = argv + 3;
			pos_count = argc - 3;
		}
		for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
			run_line(line);
		return last_status;
	}
	if (argc > 1) {
		int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno));
			return 127;
		}
		pos_args = argv + 1;
		pos_count = argc - 1;
		return run_fd(fd);
	}

	interactive = isatty(0);
	if (interactive) {
		struct sigaction sa = { .sa_handler = on_sigint };	/* no SA_RESTART */
		sigaction(SIGINT, &sa, NULL);
		signal(SIGQUIT, SIG_IGN);
		signal(SIGTSTP, SIG_IGN);	/* no job control: see the top of the file */
		signal(SIGTTIN, SIG_IGN);
		signal(SIGTTOU, SIG_IGN);
	}
	return run_fd(0);
}
