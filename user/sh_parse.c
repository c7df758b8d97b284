/*
 * sh_parse.c: shell text -> tree of struct node (sh.h), by recursive
 * descent over the POSIX grammar, cut down to what this shell runs:
 *
 *   program   := { and_or ( ; | & | newline ) }
 *   and_or    := pipeline { ( && | || ) newlines pipeline }
 *   pipeline  := [ ! ] command { | newlines command }
 *   command   := simple | if ... fi | while/until ... done | for ... done
 *                | case WORD in [(] PAT [| PAT]... ) list ;; ... esac
 *                | { list; } | ( list ) | NAME ( ) command (a function),
 *                a compound one followed by optional redirections
 *
 * The tokens come from sh_lex.c (sh_lex.h). A here-document (`<<END`) is
 * a redirection here; the lexer fills in its body when it reaches the end
 * of the line.
 * Keywords (if then elif else fi while until for in do done case esac ! { })
 * are only keywords where a command name could stand and only unquoted, so
 * `echo done` and `"if"` are ordinary words, as in every POSIX shell.
 *
 * The parser tells "wrong" from "not finished yet": running out of text
 * inside a quote, a $( ), after && or |, or before the fi/done of a
 * compound is PARSE_INCOMPLETE, and sh.c then reads another line
 * (printing PS2, "> ") and parses the whole text again. Anything else
 * unexpected is PARSE_ERROR, printed as "sh: syntax error: ...".
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include "sh_lex.h"

/* Record the first error; running out of text means "read another line". */
static void *fail(struct parser *ps)
{
	enum tok t = peek(ps);

	if (ps->err != PARSE_OK)
		return NULL;
	if (t == T_EOF || t == T_INCOMPLETE) {
		ps->err = PARSE_INCOMPLETE;
		return NULL;
	}
	ps->err = PARSE_ERROR;
	if (t == T_WORD)
		fprintf(stderr, "sh: syntax error: unexpected \"%s\"\n", ps->word);
	else if (t == T_NL)
		fprintf(stderr, "sh: syntax error: unexpected newline\n");
	else if (t == T_ERROR)
		fprintf(stderr, "sh: syntax error: bad ${...} or line too long\n");
	else
		fprintf(stderr, "sh: syntax error: unexpected \"%s\"\n", tok_text[t]);
	return NULL;
}

static struct node *new_node(struct parser *ps, enum ntype type)
{
	struct node *n = arena_alloc(sizeof *n);

	if (!n) {
		if (ps->err == PARSE_OK)
			fprintf(stderr, "sh: command too long\n");
		ps->err = PARSE_ERROR;
		return NULL;
	}
	memset(n, 0, sizeof *n);
	n->type = type;
	return n;
}

static char **save_words(struct parser *ps, char **tmp, int n)
{
	char **v = arena_alloc((n + 1) * sizeof *v);

	if (!v) {
		new_node(ps, N_CMD);	/* reports "too long" the same way */
		return NULL;
	}
	memcpy(v, tmp, n * sizeof *v);
	v[n] = NULL;
	return v;
}

static void skip_newlines(struct parser *ps)
{
	while (peek(ps) == T_NL)
		take(ps);
}

static int expect_keyword(struct parser *ps, const char *kw)
{
	if (!at_keyword(ps, kw)) {
		fail(ps);
		return -1;
	}
	take(ps);
	return 0;
}

/* ---------- grammar ---------- */

static struct node *parse_list(struct parser *ps, int top);
static struct node *parse_command(struct parser *ps);

/* One redirection if the next token is one; 1 = parsed, 0 = none, -1 = error. */
static int parse_redir(struct parser *ps, struct node *n)
{
	enum tok t = peek(ps);
	struct redir *r;

	if (t < T_LT || t > T_HEREDOC_DASH)
		return 0;
	if (n->nredir == MAXREDIR) {
		fprintf(stderr, "sh: syntax error: too many redirections\n");
		ps->err = PARSE_ERROR;
		return -1;
	}
	take(ps);
	r = &n->redir[n->nredir++];
	if (t == T_ERR_TO_OUT) {
		*r = (struct redir){ .fd = 2, .flags = -1, .dup_from = 1 };
		return 1;
	}
	if (t == T_HEREDOC || t == T_HEREDOC_DASH) {
		int quoted, i = ps->npending;

		if (peek(ps) != T_WORD) {
			fail(ps);
			return -1;
		}
		*r = (struct redir){ .fd = 0, .flags = O_RDONLY, .target = "" };
		if (i == MAXREDIR || !(ps->pending[i].delim = heredoc_delim(ps->word, &quoted))) {
			fprintf(stderr, "sh: syntax error: too many here-documents\n");
			ps->err = PARSE_ERROR;
			return -1;
		}
		r->heredoc = quoted ? HEREDOC_LITERAL : HEREDOC_EXPAND;
		ps->pending[i].r = r;
		ps->pending[i].strip_tabs = t == T_HEREDOC_DASH;
		ps->npending++;
		take(ps);
		return 1;
	}
	r->fd = t == T_LT ? 0 : (t == T_GT || t == T_GTGT) ? 1 : 2;
	r->flags = t == T_LT ? O_RDONLY :
		   O_WRONLY | O_CREAT | ((t == T_GTGT || t == T_ERR_GTGT) ? O_APPEND : O_TRUNC);
	if (peek(ps) != T_WORD) {
		fail(ps);
		return -1;
	}
	r->target = ps->word;
	take(ps);
	return 1;
}

static struct node *parse_simple(struct parser *ps)
{
	struct node *n = new_node(ps, N_CMD);
	char *words[MAXWORDS], *assign[MAXWORDS];
	int r;

	if (!n)
		return NULL;
	for (;;) {
		if ((r = parse_redir(ps, n)) < 0)
			return NULL;
		if (r)
			continue;
		if (peek(ps) != T_WORD)
			break;
		if (n->nwords + n->nassign == MAXWORDS) {
			fprintf(stderr, "sh: syntax error: too many words\n");
			ps->err = PARSE_ERROR;
			return NULL;
		}
		/* NAME=value before the command name is an assignment, not an argument. */
		r = name_len(ps->word);
		if (n->nwords == 0 && r > 0 && ps->word[r] == '=')
			assign[n->nassign++] = ps->word;
		else
			words[n->nwords++] = ps->word;
		take(ps);
	}
	if (n->nwords + n->nassign + n->nredir == 0)
		return fail(ps);
	n->words = save_words(ps, words, n->nwords);
	n->assign = save_words(ps, assign, n->nassign);
	return n->words && n->assign ? n : NULL;
}

/* After `if` or `elif`: COND then BODY [elif ... | else BODY] fi. */
static struct node *parse_if(struct parser *ps)
{
	struct node *n = new_node(ps, N_IF);

	if (!n || !(n->a = parse_list(ps, 0)) || expect_keyword(ps, "then") < 0 ||
	    !(n->b = parse_list(ps, 0)))
		return NULL;
	if (at_keyword(ps, "elif")) {
		take(ps);
		return (n->c = parse_if(ps)) ? n : NULL;	/* the inner if eats the fi */
	}
	if (at_keyword(ps, "else")) {
		take(ps);
		if (!(n->c = parse_list(ps, 0)))
			return NULL;
	}
	return expect_keyword(ps, "fi") < 0 ? NULL : n;
}

static struct node *parse_do_done(struct parser *ps, struct node *n)
{
	skip_newlines(ps);
	if (expect_keyword(ps, "do") < 0 || !(n->b = parse_list(ps, 0)) ||
	    expect_keyword(ps, "done") < 0)
		return NULL;
	return n;
}

/* Take the peeked word as words[*n]; -1 (reported) if MAXWORDS are there already. */
static int take_word(struct parser *ps, char **words, int *n)
{
	if (*n == MAXWORDS) {
		fprintf(stderr, "sh: syntax error: too many words\n");
		ps->err = PARSE_ERROR;
		return -1;
	}
	words[(*n)++] = ps->word;
	take(ps);
	return 0;
}

/* After `for`: NAME [in WORDS] ; do BODY done. No `in` means "$@". */
static struct node *parse_for(struct parser *ps)
{
	struct node *n = new_node(ps, N_FOR);
	char *words[MAXWORDS];

	if (!n)
		return NULL;
	if (peek(ps) != T_WORD || name_len(ps->word) != (int)strlen(ps->word))
		return fail(ps);
	n->name = ps->word;
	take(ps);
	skip_newlines(ps);
	if (at_keyword(ps, "in")) {
		take(ps);
		while (peek(ps) == T_WORD)
			if (take_word(ps, words, &n->nwords) < 0)
				return NULL;
		if (peek(ps) != T_SEMI && peek(ps) != T_NL)
			return fail(ps);
		take(ps);
		if (!(n->words = save_words(ps, words, n->nwords)))
			return NULL;
	} else if (peek(ps) == T_SEMI) {
		take(ps);
	}
	return parse_do_done(ps, n);
}

/* One item of a case: [(] PAT [| PAT]... ) [LIST] followed by ;; or esac. */
static struct node *parse_case_item(struct parser *ps)
{
	struct node *item = new_node(ps, N_CASE_ITEM);
	char *pats[MAXWORDS];

	if (!item)
		return NULL;
	if (peek(ps) == T_LPAREN)
		take(ps);
	for (;;) {
		if (peek(ps) != T_WORD)
			return fail(ps);
		if (take_word(ps, pats, &item->nwords) < 0)
			return NULL;
		if (peek(ps) != T_PIPE)
			break;
		take(ps);
	}
	if (peek(ps) != T_RPAREN)
		return fail(ps);
	take(ps);
	if (!(item->words = save_words(ps, pats, item->nwords)))
		return NULL;
	skip_newlines(ps);
	if (peek(ps) != T_DSEMI && !at_keyword(ps, "esac") && !(item->a = parse_list(ps, 0)))
		return NULL;
	if (peek(ps) == T_DSEMI)
		take(ps);
	else if (!at_keyword(ps, "esac"))	/* the last item may leave out its ;; */
		return fail(ps);
	return item;
}

/* After `case`: WORD in ITEMS esac. */
static struct node *parse_case(struct parser *ps)
{
	struct node *n = new_node(ps, N_CASE), **tail;

	if (!n)
		return NULL;
	if (peek(ps) != T_WORD)
		return fail(ps);
	n->name = ps->word;
	take(ps);
	skip_newlines(ps);
	if (expect_keyword(ps, "in") < 0)
		return NULL;
	for (tail = &n->kids; ; tail = &(*tail)->next) {
		skip_newlines(ps);
		if (at_keyword(ps, "esac")) {
			take(ps);
			return n;
		}
		if (!(*tail = parse_case_item(ps)))
			return NULL;
	}
}

/* Is the next token a NAME followed by `()`? (Where a command may start.) */
static int at_funcdef(struct parser *ps)
{
	const char *p;

	if (peek(ps) != T_WORD || name_len(ps->word) != (int)strlen(ps->word))
		return 0;
	p = ps->p;			/* just past the peeked word */
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p++ != '(')
		return 0;
	while (*p == ' ' || *p == '\t')
		p++;
	return *p == ')';
}

/* NAME() BODY: the body is parsed (to find where it ends) and kept as text. */
static struct node *parse_funcdef(struct parser *ps)
{
	struct node *n = new_node(ps, N_FUNCDEF);
	const char *start, *end;

	if (!n)
		return NULL;
	n->name = ps->word;
	take(ps);
	ps->p = strchr(ps->p, ')') + 1;	/* at_funcdef saw "(" blanks ")" */
	skip_newlines(ps);
	peek(ps);
	start = ps->tok_start;
	if (!(n->a = parse_command(ps)))
		return NULL;
	if (n->a->type == N_CMD || n->a->type == N_FUNCDEF) {
		fprintf(stderr, "sh: syntax error: the body of %s() must be a compound command\n", n->name);
		ps->err = PARSE_ERROR;
		return NULL;
	}
	end = ps->peeked ? ps->tok_start : ps->p;
	n->text = arena_strdup(start, end - start);
	return n->text ? n : fail(ps);
}

static struct node *parse_command(struct parser *ps)
{
	struct node *n;

	if (peek(ps) == T_LPAREN) {
		take(ps);
		n = new_node(ps, N_SUBSHELL);
		if (!n || !(n->a = parse_list(ps, 0)))
			return NULL;
		if (peek(ps) != T_RPAREN)
			return fail(ps);
		take(ps);
		goto redirs;
	}
	if (peek(ps) != T_WORD)
		return parse_simple(ps);	/* a leading redirection, or an error */
	if (at_keyword(ps, "if")) {
		take(ps);
		n = parse_if(ps);
	} else if (at_keyword(ps, "while") || at_keyword(ps, "until")) {
		n = new_node(ps, at_keyword(ps, "while") ? N_WHILE : N_UNTIL);
		take(ps);
		n = n && (n->a = parse_list(ps, 0)) ? parse_do_done(ps, n) : NULL;
	} else if (at_keyword(ps, "for")) {
		take(ps);
		n = parse_for(ps);
	} else if (at_keyword(ps, "case")) {
		take(ps);
		n = parse_case(ps);
	} else if (at_keyword(ps, "{")) {
		n = new_node(ps, N_GROUP);
		take(ps);
		n = n && (n->a = parse_list(ps, 0)) && expect_keyword(ps, "}") == 0 ? n : NULL;
	} else if (at_list_end(ps) || at_keyword(ps, "in")) {
		return fail(ps);
	} else if (at_funcdef(ps)) {
		return parse_funcdef(ps);
	} else {
		return parse_simple(ps);
	}
redirs:
	/* A compound command may carry redirections: `done > file`. */
	for (int r; n && (r = parse_redir(ps, n)) != 0; )
		if (r < 0)
			return NULL;
	return n;
}

static struct node *parse_pipeline(struct parser *ps)
{
	struct node *pl = new_node(ps, N_PIPE), **tail;

	if (!pl)
		return NULL;
	if (at_keyword(ps, "!")) {
		take(ps);
		pl->negate = 1;
	}
	for (tail = &pl->kids; ; tail = &(*tail)->next) {
		if (!(*tail = parse_command(ps)))
			return NULL;
		if (peek(ps) != T_PIPE)
			return pl;
		take(ps);
		skip_newlines(ps);
	}
}

static struct node *parse_and_or(struct parser *ps)
{
	struct node *left = parse_pipeline(ps), *n;
	enum tok t;

	while (left && ((t = peek(ps)) == T_AND || t == T_OR)) {
		take(ps);
		skip_newlines(ps);
		if (!(n = new_node(ps, t == T_AND ? N_AND : N_OR)))
			return NULL;
		n->a = left;
		if (!(n->b = parse_pipeline(ps)))
			return NULL;
		left = n;
	}
	return left;
}

/*
 * A list of and-or commands separated by ; & or newlines. Inside a
 * compound (top == 0) it ends at the keyword that closes its part (then,
 * do, fi, ...), which the caller checks; running out of text there means
 * the compound is not finished yet.
 */
static struct node *parse_list(struct parser *ps, int top)
{
	struct node *list = new_node(ps, N_LIST), **tail;
	enum tok t;

	if (!list)
		return NULL;
	for (tail = &list->kids; ; ) {
		skip_newlines(ps);
		if (peek(ps) == T_EOF && top)
			break;
		if (peek(ps) == T_EOF || (at_list_end(ps) && !top)) {
			if (!list->kids)	/* `if then`, `do done`: a list may not be empty */
				return fail(ps);
			if (peek(ps) == T_EOF)
				return fail(ps);
			break;
		}
		if (!(*tail = parse_and_or(ps)))
			return NULL;
		t = peek(ps);
		if (t == T_SEMI || t == T_AMP || t == T_NL) {
			(*tail)->background = t == T_AMP;
			take(ps);
		} else if (t != T_EOF && !(at_list_end(ps) && !top)) {
			return fail(ps);	/* e.g. `fi fi`: a command must end first */
		}
		tail = &(*tail)->next;
	}
	return list;
}

enum parse_result parse_program(const char *text, struct node **tree)
{
	struct parser ps = { .p = text };

	*tree = parse_list(&ps, 1);
	if (!*tree)
		return ps.err == PARSE_OK ? PARSE_ERROR : ps.err;
	if (ps.npending)		/* `cat <<E` and no newline yet: the body is to come */
		return PARSE_INCOMPLETE;
	return (*tree)->kids ? PARSE_OK : PARSE_EMPTY;
}
