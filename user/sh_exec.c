/*
 * sh_exec.c: running a tree from sh_parse.c. exec_node walks it: lists
 * in order, && and || by the left side's status, if/while/until/for by
 * their condition lists' statuses, and a pipeline by forking one child
 * per command with pipes between them. A simple command's words are
 * expanded (sh_expand.c) only now, just before it runs, and released
 * again after, so a loop body sees the variables of the current pass.
 *
 * What runs in the shell itself and what in a child:
 *   - a builtin alone (cd, exit, X=1, break) runs here, so it can change
 *     the shell; its redirections are undone after (save_fds/restore_fds);
 *   - a compound command alone (if/while/for) runs here too, so
 *     `for i in 1 2; do X=$i; done; echo $X` prints 2 as in POSIX;
 *   - every command of a pipeline, and anything followed by `&`, runs in
 *     a forked child, so `... | while read x; do n=1; done` cannot change
 *     the shell's variables (dash's rule too).
 * What is forked is a job (sh_jobs.c), which is what ^C, ^Z and fg act on.
 *
 * break/continue and errors unwind by flags rather than longjmp: break N
 * sets loop_break = N, every list stops while it is set, and each loop
 * it passes out of counts it down. An expansion error ($((1/0)), bad
 * ${...}) sets abort_pending and everything stops up to the top level,
 * which is how dash abandons a command line after such an error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "sh.h"

int abort_pending;
int loop_depth;
int loop_break;
int loop_continue;

/* Should the list being run stop early? */
static int stopping(void)
{
	return loop_break || abort_pending || got_sigint || return_pending;
}

/* ---------- naming a command, for `jobs` ---------- */

static void describe(struct node *n, char *buf, size_t size);

static void put(char *buf, size_t size, const char *s)
{
	size_t len = strlen(buf);

	if (len + 1 < size)
		snprintf(buf + len, size - len, "%s", s);
}

/* The command as typed (words unexpanded), cut short at size. */
static void describe(struct node *n, char *buf, size_t size)
{
	switch (n->type) {
	case N_CMD:
		for (int i = 0; i < n->nassign + n->nwords; i++) {
			if (i)
				put(buf, size, " ");
			put(buf, size, i < n->nassign ? n->assign[i] : n->words[i - n->nassign]);
		}
		break;
	case N_PIPE: case N_LIST:
		for (struct node *k = n->kids; k; k = k->next) {
			describe(k, buf, size);
			if (k->next)
				put(buf, size, n->type == N_PIPE ? " | " : "; ");
		}
		break;
	case N_AND: case N_OR:
		describe(n->a, buf, size);
		put(buf, size, n->type == N_AND ? " && " : " || ");
		describe(n->b, buf, size);
		break;
	default:
		put(buf, size, n->type == N_IF ? "if ..." : n->type == N_FOR ? "for ..." :
		    n->type == N_GROUP ? "{ ... }" : n->type == N_SUBSHELL ? "( ... )" :
		    n->type == N_CASE ? "case ..." : n->type == N_FUNCDEF ? "NAME() ..." :
		    n->type == N_WHILE ? "while ..." : "until ...");
	}
}

static struct job *new_job(struct node *n, int background)
{
	char text[64] = "";

	describe(n, text, sizeof text);
	return job_new(text, background);
}

/* ---------- redirections ---------- */

/* Expand the targets of n's redirections into out[]; -1 on an expansion error. */
static int expand_redirs(struct node *n, struct redir *out)
{
	for (int i = 0; i < n->nredir; i++) {
		out[i] = n->redir[i];
		if (out[i].heredoc == HEREDOC_LITERAL)
			continue;
		if (out[i].heredoc) {
			if (!(out[i].target = expand_heredoc(out[i].target)))
				return -1;
		} else if (out[i].target && !(out[i].target = expand_string(out[i].target))) {
			return -1;
		}
	}
	return 0;
}

/*
 * A here-document's body as a file descriptor to read: a file in /tmp,
 * unlinked at once. A pipe would do for a short body, but the shell
 * writes the whole body before the command runs, and a body longer than
 * the pipe would block that write for ever.
 */
static int heredoc_fd(const char *body)
{
	static unsigned int seq;
	char path[64];
	size_t len = strlen(body), done = 0;
	int fd;

	snprintf(path, sizeof path, "/tmp/.sh-heredoc-%d-%u", (int)getpid(), seq++);
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	unlink(path);
	while (done < len) {
		ssize_t w = write(fd, body + done, len - done);

		if (w <= 0) {
			close(fd);
			return -1;
		}
		done += w;
	}
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/* Apply redirections to this process; -1 after printing why not. */
static int apply_redirs(struct redir *rd, int n)
{
	for (int i = 0; i < n; i++) {
		struct redir *r = &rd[i];
		int fd;

		if (r->flags == -1) {
			if (dup2(r->dup_from, r->fd) < 0)
				return -1;
			continue;
		}
		fd = r->heredoc ? heredoc_fd(r->target) : open(r->target, r->flags, 0666);
		if (fd < 0) {
			fprintf(stderr, "sh: %s: %s\n", r->heredoc ? "here-document" : r->target, strerror(errno));
			return -1;
		}
		if (fd != r->fd) {
			dup2(fd, r->fd);
			close(fd);
		}
	}
	return 0;
}

struct saved_fds {
	int fd[3];
};

/* Redirect the shell itself for a while: save 0-2 where the command cannot see them. */
static void save_fds(struct saved_fds *s)
{
	fflush(stdout);
	for (int fd = 0; fd < 3; fd++)
		s->fd[fd] = fcntl(fd, F_DUPFD_CLOEXEC, 10);
}

static void restore_fds(struct saved_fds *s)
{
	fflush(stdout);
	for (int fd = 0; fd < 3; fd++) {
		if (s->fd[fd] >= 0) {
			dup2(s->fd[fd], fd);
			close(s->fd[fd]);
		}
	}
}

/* ---------- simple commands ---------- */

static void __attribute__((noreturn)) exec_program(char **argv, char **assign, int nassign)
{
	for (int i = 0; i < nassign; i++)
		putenv(assign[i]);
	execvp(argv[0], argv);
	/*
	 * `[ $i -lt 3 ]` is how loops are usually written, but /bin has no
	 * `[` (tools/mkinitramfs.sh links no applet with that name). busybox
	 * picks its applet by argv[0], so run it with argv[0] still "[".
	 */
	if (errno == ENOENT && !strcmp(argv[0], "["))
		execv("/bin/busybox", argv);
	if (errno == ENOENT) {
		fprintf(stderr, "sh: %s: not found\n", argv[0]);
		_exit(127);
	}
	fprintf(stderr, "sh: %s: %s\n", argv[0], strerror(errno));
	_exit(126);
}

/*
 * Run a builtin in the shell. Assignments before it (`IFS=: read a b`)
 * hold for that builtin only, as POSIX says for all but a few special
 * builtins: the old values are put back after.
 */
static int run_builtin(int (*bi)(int, char **), int argc, char **argv, char **assign, int nassign)
{
	char **old = nassign ? malloc(nassign * sizeof *old) : NULL;
	int status;

	if (nassign && !old) {
		fprintf(stderr, "sh: out of memory\n");
		return 1;
	}
	for (int i = 0; i < nassign; i++) {
		size_t len = strchr(assign[i], '=') - assign[i];
		const char *val = get_var(assign[i], len);

		old[i] = NULL;
		if (val && (old[i] = malloc(len + strlen(val) + 2)))
			sprintf(old[i], "%.*s=%s", (int)len, assign[i], val);
		set_var(assign[i]);
	}
	status = bi(argc, argv);
	for (int i = nassign - 1; i >= 0; i--) {
		if (old[i])
			set_var(old[i]);
		else
			unset_var(assign[i], strchr(assign[i], '=') - assign[i]);
		free(old[i]);
	}
	free(old);
	return status;
}

/* A function call through run_builtin, which sets X=1 f's X around it. */
static struct function *calling;

static int call_function(int argc, char **argv)
{
	return run_function(calling, argc, argv);
}

/*
 * Expand and run one simple command. in_child: this process is already
 * the pipeline child made for it, so exec the program without forking.
 */
static int run_simple(struct node *n, int in_child)
{
	size_t mark = arena_mark();
	char **argv = arena_alloc((MAXFIELDS + 1) * sizeof *argv);
	char **assign = arena_alloc((n->nassign + 1) * sizeof *assign);
	struct redir rd[MAXREDIR];
	struct saved_fds saved;
	int (*bi)(int, char **);
	struct function *fn;
	int argc = 0, status;
	struct job *j;
	pid_t pid;

	subst_status = 0;
	if (!argv || !assign) {
		fprintf(stderr, "sh: out of memory for words\n");
		goto fail;
	}
	for (int i = 0; i < n->nassign; i++)
		if (!(assign[i] = expand_string(n->assign[i])))
			goto fail;
	for (int i = 0; i < n->nwords; i++)
		if (expand_word(n->words[i], EXP_FIELDS, argv, &argc, MAXFIELDS) < 0)
			goto fail;
	argv[argc] = NULL;
	if (expand_redirs(n, rd) < 0)
		goto fail;

	fn = argc ? find_function(argv[0]) : NULL;
	bi = argc && !fn ? find_builtin(argv[0]) : NULL;
	if (in_child) {
		if (apply_redirs(rd, n->nredir) < 0)
			_exit(1);
		if (argc == 0)
			_exit(subst_status);
		if (fn)
			exit(run_function(fn, argc, argv));
		if (bi)
			exit(bi(argc, argv));
		exec_program(argv, assign, n->nassign);
	}
	if (argc == 0) {
		/* X=1 alone sets a shell variable; its status is that of the last $(...) in it. */
		for (int i = 0; i < n->nassign; i++)
			set_var(assign[i]);
		save_fds(&saved);
		status = apply_redirs(rd, n->nredir) < 0 ? 1 : subst_status;
		restore_fds(&saved);
	} else if (fn) {
		calling = fn;
		save_fds(&saved);
		status = apply_redirs(rd, n->nredir) < 0 ? 1 : run_builtin(call_function, argc, argv, assign, n->nassign);
		restore_fds(&saved);
	} else if (bi) {
		save_fds(&saved);
		status = apply_redirs(rd, n->nredir) < 0 ? 1 : run_builtin(bi, argc, argv, assign, n->nassign);
		restore_fds(&saved);
	} else if (!(j = new_job(n, 0))) {
		status = 1;
	} else if ((pid = job_fork(j)) == 0) {
		if (apply_redirs(rd, n->nredir) < 0)
			_exit(1);
		exec_program(argv, assign, n->nassign);
	} else if (pid < 0) {
		job_abandon(j);
		status = 1;
	} else {
		status = job_wait(j);
	}
	arena_release(mark);
	return status;
fail:
	if (in_child)
		_exit(2);
	abort_pending = 1;
	arena_release(mark);
	return 2;
}

/* ---------- pipelines and compound commands ---------- */

static int exec_compound(struct node *n);

/* Run one command of a pipeline in the child made for it. */
static void __attribute__((noreturn)) run_in_child(struct node *n)
{
	if (n->type == N_CMD)
		run_simple(n, 1);
	exit(exec_compound(n));
}

static int run_pipeline(struct node *pl, int background)
{
	int in = -1, status;
	pid_t pid = 0;
	struct node *c;
	struct job *j;

	if (!pl->kids->next && !background) {	/* one command: maybe runs in the shell */
		c = pl->kids;
		status = c->type == N_CMD ? run_simple(c, 0) : exec_compound(c);
		return pl->negate ? !status : status;
	}
	if (!(j = new_job(pl, background)))
		return 1;
	for (c = pl->kids; c; c = c->next) {
		int p[2] = { -1, -1 };

		if (c->next && pipe(p) < 0) {
			fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
			pid = -1;
			break;
		}
		pid = job_fork(j);
		if (pid == 0) {
			if (in >= 0) {
				dup2(in, 0);
				close(in);
			}
			if (p[1] >= 0) {
				dup2(p[1], 1);
				close(p[1]);
				close(p[0]);
			}
			run_in_child(c);
		}
		if (in >= 0)
			close(in);
		if (p[1] >= 0)
			close(p[1]);
		in = p[0];
		if (pid < 0)
			break;
	}
	if (in >= 0)
		close(in);
	if (!job_started(j)) {		/* nothing was forked */
		job_abandon(j);
		return 1;
	}
	if (background) {
		job_announce(j);
		return 0;
	}
	status = job_wait(j);
	if (pid < 0)			/* a fork or pipe failed part-way */
		status = 1;
	return pl->negate ? !status : status;
}

/*
 * One child, a job named after n, runs body: in the background (announced,
 * status 0) or in the foreground (waited for, its status).
 */
static int run_in_child_job(struct node *n, struct node *body, int background)
{
	struct job *j = new_job(n, background);
	pid_t pid;

	if (!j)
		return 1;
	pid = job_fork(j);
	if (pid == 0)
		exit(exec_node(body));
	if (pid < 0) {
		job_abandon(j);
		return 1;
	}
	if (!background)
		return job_wait(j);
	job_announce(j);
	return 0;
}

/* `&` after an and-or list that is more than one pipeline: one child runs it all. */
static int run_background(struct node *n)
{
	if (n->type == N_PIPE)
		return run_pipeline(n, 1);
	return run_in_child_job(n, n, 1);
}

/*
 * After a loop body (or condition): has a break/continue reached this
 * loop? Returns 1 to leave the loop, 0 to go on with the next pass.
 */
static int loop_done(void)
{
	if (!loop_break)
		return abort_pending || got_sigint || return_pending;
	if (--loop_break > 0)
		return 1;		/* an outer loop is the target */
	if (loop_continue) {
		loop_continue = 0;
		return 0;
	}
	return 1;
}

static int run_loop(struct node *n)
{
	int status = 0, cond;

	loop_depth++;
	for (;;) {
		cond = exec_node(n->a);
		if (stopping() && loop_done())
			break;
		if ((n->type == N_WHILE) != (cond == 0))
			break;
		status = exec_node(n->b);
		if (stopping() && loop_done())
			break;
	}
	loop_depth--;
	return status;
}

static int run_for(struct node *n)
{
	size_t mark = arena_mark();
	char **list = arena_alloc((MAXFIELDS + 1) * sizeof *list);
	size_t namelen = strlen(n->name);
	int count = 0, status = 0;

	if (!list) {
		fprintf(stderr, "sh: out of memory for words\n");
		abort_pending = 1;
		return 2;
	}
	if (!n->words)			/* `for x; do`: the positional arguments */
		for (int i = 1; i < pos_count && count < MAXFIELDS; i++)
			list[count++] = pos_args[i];
	for (int i = 0; i < n->nwords; i++) {
		if (expand_word(n->words[i], EXP_FIELDS, list, &count, MAXFIELDS) < 0) {
			abort_pending = 1;
			arena_release(mark);
			return 2;
		}
	}
	loop_depth++;
	for (int i = 0; i < count; i++) {
		char *assignment = malloc(namelen + strlen(list[i]) + 2);

		if (!assignment) {
			fprintf(stderr, "sh: out of memory\n");
			status = 1;
			break;
		}
		sprintf(assignment, "%s=%s", n->name, list[i]);
		set_var(assignment);
		free(assignment);
		status = exec_node(n->b);
		if (stopping() && loop_done())
			break;
	}
	loop_depth--;
	arena_release(mark);
	return status;
}

/*
 * case WORD in ...: the first item with a pattern that matches the word
 * runs (patterns as in globbing, but `*` also matches `/` and a leading
 * `.`: glob_match); no match is status 0.
 */
static int run_case(struct node *n)
{
	size_t mark = arena_mark();
	char *word = expand_string(n->name), *pat;

	if (!word)
		goto bad;
	for (struct node *item = n->kids; item; item = item->next) {
		for (int i = 0; i < item->nwords; i++) {
			if (!(pat = expand_pattern(item->words[i])))
				goto bad;
			if (glob_match(pat, word)) {
				arena_release(mark);
				return item->a ? exec_node(item->a) : 0;
			}
		}
	}
	arena_release(mark);
	return 0;
bad:
	abort_pending = 1;
	arena_release(mark);
	return 2;
}

/* if/while/until/for/case/{ }/( ), with the redirections written after fi/done applied around it. */
static int exec_compound(struct node *n)
{
	struct redir rd[MAXREDIR];
	struct saved_fds saved;
	int status;

	if (n->nredir) {
		if (expand_redirs(n, rd) < 0) {
			abort_pending = 1;
			return 2;
		}
		save_fds(&saved);
		if (apply_redirs(rd, n->nredir) < 0) {
			restore_fds(&saved);
			return 1;
		}
	}
	switch (n->type) {
	case N_IF:
		status = exec_node(n->a);
		if (stopping())
			break;
		status = status == 0 ? exec_node(n->b) : n->c ? exec_node(n->c) : 0;
		break;
	case N_WHILE: case N_UNTIL:
		status = run_loop(n);
		break;
	case N_FOR:
		status = run_for(n);
		break;
	case N_GROUP:
		status = exec_node(n->a);
		break;
	case N_SUBSHELL:	/* a child, so its cd, exit and assignments stay there */
		status = run_in_child_job(n, n->a, 0);
		break;
	case N_CASE:
		status = run_case(n);
		break;
	case N_FUNCDEF:
		status = define_function(n->name, n->text);
		break;
	default:		/* not a compound: cannot happen */
		status = 2;
	}
	if (n->nredir)
		restore_fds(&saved);
	return status;
}

/* Run a tree; returns its exit status, which is also left in $?. */
int exec_node(struct node *n)
{
	int status = 0;

	switch (n->type) {
	case N_LIST:
		for (struct node *k = n->kids; k && !stopping(); k = k->next)
			status = k->background ? run_background(k) : exec_node(k);
		break;
	case N_AND: case N_OR:
		status = exec_node(n->a);
		if (!stopping() && (status == 0) == (n->type == N_AND))
			status = exec_node(n->b);
		break;
	case N_PIPE:
		status = run_pipeline(n, 0);
		break;
	case N_CMD:
		status = run_simple(n, 0);
		break;
	default:
		status = exec_compound(n);
	}
	last_status = status;
	return status;
}

/* The child of a $(...): parse and run its text, exit with its status. */
int run_subst_child(const char *text)
{
	struct node *tree;

	interactive = 0;
	job_control = 0;	/* its commands belong to the job (or shell) it runs for */
	switch (parse_program(text, &tree)) {
	case PARSE_OK:
		return exec_node(tree);
	case PARSE_EMPTY:
		return 0;
	case PARSE_INCOMPLETE:
		fprintf(stderr, "sh: syntax error: unexpected end of $(...)\n");
		/* fall through */
	default:
		return 2;
	}
}
