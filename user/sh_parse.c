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
 * The lexer finds where each word ends (quotes, $(...), `...`, ${...})
 * but does not expand it: sh_expand.c does that when the command runs.
 * A here-document (`<<END`) is a redirection whose body is the lines
 * after the current one, up to END: the lexer takes them out of the text
 * when it reaches that line's newline (read_heredocs).
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
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

#define MAXWORDS	256	/* raw words in one simple command or for list */

enum tok { T_WORD, T_PIPE, T_SEMI, T_AMP, T_AND, T_OR, T_LT, T_GT, T_GTGT,
	   T_ERR_GT, T_ERR_GTGT, T_ERR_TO_OUT, T_HEREDOC, T_HEREDOC_DASH, T_LPAREN, T_RPAREN, T_DSEMI,
	   T_NL, T_EOF, T_INCOMPLETE, T_ERROR };

/* How an operator token is written, for error messages. */
static const char *const tok_text[] = {
	[T_PIPE] = "|", [T_SEMI] = ";", [T_AMP] = "&", [T_AND] = "&&", [T_OR] = "||",
	[T_LT] = "<", [T_GT] = ">", [T_GTGT] = ">>", [T_ERR_GT] = "2>", [T_ERR_GTGT] = "2>>",
	[T_ERR_TO_OUT] = "2>&1", [T_HEREDOC] = "<<", [T_HEREDOC_DASH] = "<<-", [T_LPAREN] = "(", [T_RPAREN] = ")", [T_DSEMI] = ";;",
};

struct parser {
	const char *p;		/* next unread character */
	const char *tok_start;	/* where the last token lexed began */
	enum tok tok;		/* the token peek() looked at */
	char *word;		/* its text, for T_WORD (arena) */
	int peeked;
	enum parse_result err;	/* PARSE_OK until something went wrong */
	struct {		/* here-documents whose bodies start after the next newline */
		struct redir *r;
		char *delim;	/* quotes removed */
		int strip_tabs;	/* <<- */
	} pending[MAXREDIR];
	int npending;
};

int name_len(const char *s)
{
	int n = 0;

	if (!isalpha((unsigned char)*s) && *s != '_')
		return 0;
	while (isalnum((unsigned char)s[n]) || s[n] == '_')
		n++;
	return n;
}

/* ---------- finding where nested text ends ---------- */

static const char *skip_dquote(const char *p)
{
	while (*p && *p != '"') {
		if (*p == '\\') {
			if (!p[1])
				return NULL;
			p += 2;
		} else if (*p == '$' && p[1] == '(') {
			if (!(p = skip_subst(p + 2)))
				return NULL;
		} else if (*p == '`') {
			if (!(p = skip_backquote(p + 1)))
				return NULL;
		} else {
			p++;
		}
	}
	return *p ? p + 1 : NULL;
}

/*
 * The `}` that closes a `${` whose body starts at p: nested ${...} and
 * quoted text are stepped over. NULL if there is none.
 */
const char *skip_brace(const char *p)
{
	int depth = 0;

	for (; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
		} else if (*p == '\'' && strchr(p + 1, '\'')) {
			p = strchr(p + 1, '\'');
		} else if (*p == '$' && p[1] == '{') {
			depth++;
			p++;
		} else if (*p == '}' && depth-- == 0) {
			return p;
		}
	}
	return NULL;
}

const char *skip_backquote(const char *p)
{
	while (*p && *p != '`')
		p += (*p == '\\' && p[1]) ? 2 : 1;
	return *p ? p + 1 : NULL;
}

/*
 * p is just past "$(": return the character after the matching ')', or
 * NULL if the text ends first. Counting parentheses (outside quotes) is
 * enough because this shell has no `case`, whose "pat)" would unbalance
 * them. "$((1+2))" needs nothing special: its second '(' just nests.
 */
const char *skip_subst(const char *p)
{
	int depth = 1;

	while (*p) {
		if (*p == '\\') {
			if (!p[1])
				return NULL;
			p += 2;
			continue;
		}
		if (*p == '\'') {
			if (!(p = strchr(p + 1, '\'')))
				return NULL;
			p++;
			continue;
		}
		if (*p == '"' || *p == '`' || (*p == '$' && p[1] == '(')) {
			p = *p == '"' ? skip_dquote(p + 1) :
			    *p == '`' ? skip_backquote(p + 1) : skip_subst(p + 2);
			if (!p)
				return NULL;
			continue;
		}
		if (*p == '(')
			depth++;
		else if (*p == ')' && --depth == 0)
			return p + 1;
		p++;
	}
	return NULL;
}

/* ---------- lexer ---------- */

/*
 * After the newline that ends a line with here-documents: each one's
 * body, up to its delimiter line, taken out of the text (the parser goes
 * on after the last delimiter). -1 if the text ends first: not finished.
 */
static int read_heredocs(struct parser *ps)
{
	for (int i = 0; i < ps->npending; i++) {
		const char *p = ps->p, *nl;
		size_t total = 0, cap = 256;
		char *body = malloc(cap), *nb;

		for (;; p = nl + 1) {
			const char *line = p;

			if (!body || !(nl = strchr(p, '\n'))) {
				free(body);
				return -1;
			}
			if (ps->pending[i].strip_tabs)
				while (*line == '\t')
					line++;
			if ((size_t)(nl - line) == strlen(ps->pending[i].delim) &&
			    !strncmp(line, ps->pending[i].delim, nl - line))
				break;
			if (total + (nl + 1 - line) + 1 > cap) {
				while (total + (nl + 1 - line) + 1 > cap)
					cap *= 2;
				if (!(nb = realloc(body, cap))) {
					free(body);
					return -1;
				}
				body = nb;
			}
			memcpy(body + total, line, nl + 1 - line);
			total += nl + 1 - line;
		}
		ps->pending[i].r->target = arena_strdup(body, total);
		free(body);
		ps->p = nl + 1;
	}
	ps->npending = 0;
	return 0;
}

/* A here-document's delimiter as written: quotes and backslashes gone; *quoted if there were any. */
static char *heredoc_delim(const char *raw, int *quoted)
{
	char *d = arena_strdup(raw, strlen(raw)), *o = d;

	*quoted = 0;
	for (const char *p = raw; d && *p; p++) {
		if (*p == '\'' || *p == '"' || *p == '\\') {
			*quoted = 1;
			if (*p == '\\' && p[1])
				*o++ = *++p;
			continue;
		}
		*o++ = *p;
	}
	if (d)
		*o = '\0';
	return d;
}

static enum tok lex(struct parser *ps)
{
	const char *p = ps->p, *start;

	for (;;) {		/* blanks, comments and backslash-newlines separate words */
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (*p == '#')
			while (*p && *p != '\n')
				p++;
		if (*p == '\\' && p[1] == '\n') {
			p += 2;
			if (!*p)
				return T_INCOMPLETE;
			continue;
		}
		break;
	}
	ps->tok_start = p;
	ps->p = p + 1;
	switch (*p) {
	case '\0':
		ps->p = p;
		return T_EOF;
	case '\n':
		return read_heredocs(ps) < 0 ? T_INCOMPLETE : T_NL;
	case '|':
		if (p[1] == '|') { ps->p = p + 2; return T_OR; }
		return T_PIPE;
	case '&':
		if (p[1] == '&') { ps->p = p + 2; return T_AND; }
		return T_AMP;
	case ';':
		if (p[1] == ';') { ps->p = p + 2; return T_DSEMI; }
		return T_SEMI;
	case '(':
		return T_LPAREN;
	case ')':
		return T_RPAREN;
	case '<':
		if (p[1] == '<') {
			ps->p = p + 2 + (p[2] == '-');
			return p[2] == '-' ? T_HEREDOC_DASH : T_HEREDOC;
		}
		return T_LT;
	case '>':
		if (p[1] == '>') { ps->p = p + 2; return T_GTGT; }
		return T_GT;
	case '2':
		if (!strncmp(p, "2>&1", 4)) { ps->p = p + 4; return T_ERR_TO_OUT; }
		if (!strncmp(p, "2>>", 3)) { ps->p = p + 3; return T_ERR_GTGT; }
		if (p[1] == '>') { ps->p = p + 2; return T_ERR_GT; }
		break;
	}

	/* A word: find its end, stepping over quoted and nested parts whole. */
	for (start = p; *p && !strchr(" \t\r\n|&;<>()", *p); ) {
		if (*p == '\'') {
			p = strchr(p + 1, '\'');
			if (!p)
				return T_INCOMPLETE;
			p++;
		} else if (*p == '"') {
			p = skip_dquote(p + 1);
		} else if (*p == '`') {
			p = skip_backquote(p + 1);
		} else if (*p == '\\') {
			if (!p[1] || (p[1] == '\n' && !p[2]))
				return T_INCOMPLETE;
			p += 2;
		} else if (*p == '$' && p[1] == '(') {
			p = skip_subst(p + 2);
		} else if (*p == '$' && p[1] == '{') {
			p = skip_brace(p + 2);
			if (!p)
				return T_ERROR;
			p++;
		} else {
			p++;
		}
		if (!p)
			return T_INCOMPLETE;
	}
	ps->p = p;
	ps->word = arena_strdup(start, p - start);
	return ps->word ? T_WORD : T_ERROR;
}

static enum tok peek(struct parser *ps)
{
	if (!ps->peeked) {
		ps->tok = lex(ps);
		ps->peeked = 1;
	}
	return ps->tok;
}

static void take(struct parser *ps)
{
	ps->peeked = 0;
}

/* Is the next token the unquoted keyword kw? (Only asked where a command may start.) */
static int at_keyword(struct parser *ps, const char *kw)
{
	return peek(ps) == T_WORD && !strcmp(ps->word, kw);
}

static int at_list_end(struct parser *ps)
{
	static const char *const ends[] = { "then", "elif", "else", "fi", "do", "done", "}", "esac" };

	if (peek(ps) == T_RPAREN || peek(ps) == T_DSEMI)	/* ( list ), a case item */
		return 1;
	for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++)
		if (at_keyword(ps, ends[i]))
			return 1;
	return 0;
}

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
