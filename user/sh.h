/*
 * sh.h: what the pieces of Sockeye's shell share. The shell is split the
 * way the work flows (the overview is at the top of sh.c):
 *
 *   sh.c         reading input (prompts, continuation lines), main
 *   sh_lex.c     text -> tokens, and where quoted and nested text ends
 *   sh_parse.c   tokens -> tree of struct node (words kept as raw source)
 *   sh_exec.c    running a tree: pipelines, if/while/for/case, ( subshells )
 *   sh_builtin.c cd, exit, export, read, break, ... (run in the shell)
 *   sh_jobs.c    jobs: process groups, waiting, ^Z, jobs/fg/bg
 *   sh_expand.c  raw word -> fields: $VAR, $(...), quotes, field splitting
 *   sh_param.c   ${X:-word} ${#X} ${X%pat} and the other braced forms
 *   sh_glob.c    pathname expansion: *.c -> the files it names
 *   sh_func.c    functions: NAME() { ...; }, return
 *   sh_arith.c   $((...)): evaluating an integer expression
 */
#ifndef SH_H
#define SH_H

#include <signal.h>
#include <stddef.h>
#include <sys/types.h>

#define MAXFIELDS	2048	/* words of one command or for list after expansion */
#define MAXREDIR	8

/*
 * A parsed command. Words are kept as raw source text ("$X", 'a b',
 * $(ls)) and expanded only when the node runs, because a loop body runs
 * many times and must see the variables as they are on each pass.
 */
enum ntype {
	N_CMD,		/* simple command: words, assign, redir */
	N_PIPE,		/* kids: the commands of a pipeline; negate for `!` */
	N_LIST,		/* kids: and-or lists run in order; kid->background for `&` */
	N_AND,		/* a && b */
	N_OR,		/* a || b */
	N_IF,		/* if a; then b; else c; fi (elif is an N_IF in c) */
	N_WHILE,	/* while a; do b; done */
	N_UNTIL,	/* until a; do b; done */
	N_FOR,		/* for name in words; do b; done */
	N_GROUP,	/* { a; } */
	N_SUBSHELL,	/* ( a ): a runs in a child */
	N_CASE,		/* case name in kids... esac */
	N_CASE_ITEM,	/* words: the patterns; a: the list (NULL if empty) */
	N_FUNCDEF,	/* name() a: defines name; text: a's source */
};

struct redir {
	int fd;			/* which descriptor: 0, 1 or 2 */
	int flags;		/* open flags; -1 means dup from dup_from */
	int dup_from;
	char *target;		/* raw word, expanded when the command runs;
				 * a here-document's body */
	int heredoc;		/* 0; HEREDOC_EXPAND or HEREDOC_LITERAL (quoted delimiter) */
};
#define HEREDOC_EXPAND	1
#define HEREDOC_LITERAL	2

struct node {
	enum ntype type;
	struct node *a, *b, *c;	/* see enum ntype */
	struct node *kids;	/* N_PIPE, N_LIST: first child ... */
	struct node *next;	/* ... and its siblings */
	int background;		/* an N_LIST item that ended in `&` */
	int negate;		/* N_PIPE started with `!` */
	char **words;		/* N_CMD argv, N_FOR list (NULL: "$@") */
	int nwords;
	char **assign;		/* N_CMD leading NAME=value words */
	int nassign;
	char *name;		/* N_FOR variable; N_CASE the word matched (raw); N_FUNCDEF */
	char *text;		/* N_FUNCDEF: the body as typed */
	struct redir redir[MAXREDIR];
	int nredir;
};

/* Shell state every piece reads. */
extern int last_status;		/* $? */
extern int interactive;
extern volatile sig_atomic_t got_sigint;	/* 1: ^C seen; 2: and reported */
extern char **pos_args;		/* $0 $1 ... */
extern int pos_count;

/*
 * Memory: one stack-like arena. A command's tree is allocated first; the
 * words it expands to are allocated above it and released (arena_release
 * back to a mark) when that simple command finishes, so a loop that runs
 * a million times does not grow it.
 */
void *arena_alloc(size_t n);
char *arena_strdup(const char *s, size_t n);
size_t arena_mark(void);
void arena_release(size_t mark);
void arena_reset(void);

/* sh_parse.c */
enum parse_result { PARSE_OK, PARSE_INCOMPLETE, PARSE_ERROR, PARSE_EMPTY };
enum parse_result parse_program(const char *text, struct node **tree);
/* sh_lex.c, also for the expander */
const char *skip_subst(const char *p);	/* past a $( or $(( body; NULL if open */
const char *skip_backquote(const char *p);
const char *skip_brace(const char *p);	/* the } closing a ${ whose body starts at p */
int name_len(const char *s);

/* sh_exec.c */
int exec_node(struct node *n);
int run_subst_child(const char *text);
extern int abort_pending;	/* an expansion error abandons the whole command */
extern int loop_depth;		/* loops we are inside of, for break N */
extern int loop_break;		/* loops still to leave (break/continue N) */
extern int loop_continue;	/* ...and then continue the last one */

/* sh_jobs.c */
struct job;
extern int job_control;		/* interactive, and the console is ours */
extern pid_t last_bg_pid;	/* $! */
void jobs_init(void);
void report_status(int status);
int status_code(int status);
struct job *job_new(const char *text, int background);
pid_t job_fork(struct job *j);
int job_started(struct job *j);
void job_abandon(struct job *j);
void job_announce(struct job *j);
int job_wait(struct job *j);
void jobs_reap(void);
int builtin_jobs(int argc, char **argv);
int builtin_fg(int argc, char **argv);
int builtin_bg(int argc, char **argv);
int builtin_wait(int argc, char **argv);

/* sh_builtin.c */
int (*find_builtin(const char *name))(int argc, char **argv);

/* sh_expand.c */
#define SB_MAX		(256 * 1024)	/* longest word, captured output, here-document */
struct sb {			/* a growable string: s[len] is '\0' */
	char *s;
	size_t len, cap;
	int too_long;		/* a put would have passed SB_MAX (or malloc failed): dropped */
};
void sb_put(struct sb *b, const char *s, size_t n);
enum expand_mode { EXP_FIELDS, EXP_STRING, EXP_PATTERN };
int expand_word(const char *raw, enum expand_mode mode, char **fields, int *nfields, int max);
char *expand_string(const char *raw);
char *expand_pattern(const char *raw);
char *expand_heredoc(const char *body);
const char *get_var(const char *name, size_t len);
void set_var(const char *assignment);
void unset_var(const char *name, size_t len);
char **local_slot(const char *name, size_t len);
extern int subst_status;	/* status of the last $(...) in this command */

/* sh_func.c */
struct function;
struct function *find_function(const char *name);
int define_function(const char *name, const char *body);
int run_function(struct function *f, int argc, char **argv);
int builtin_return(int argc, char **argv);
extern int return_pending;	/* `return` ran: stop up to the function call */
/* sh_param.c */
int expand_braced(const char *body, size_t n, const char **value);
#define SPECIAL_PARAMS	"?$!#"	/* the one-character parameters with a number for value */
long special_param(char c);
/* sh_glob.c */
int glob_field(const char *pattern, char **fields, int *nfields, int max);
int glob_match(const char *pattern, const char *s);
/* sh_arith.c */
int arith_eval(const char *expr, long *result);

#endif
