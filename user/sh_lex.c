/*
 * sh_lex.c: the shell's lexer. It cuts the text into tokens for
 * sh_parse.c - words and the operators | || & && ; ;; < > >> 2> 2>> 2>&1
 * << <<- ( ) and newline - finding where each word ends (quotes, $(...),
 * `...`, ${...}) without expanding it: sh_expand.c does that when the
 * command runs. The skip_* helpers that find where nested text ends are
 * shared with the expander. A here-document's body is not a token: the
 * lines after the line that asked for it, up to its delimiter, are taken
 * out of the text when the lexer reaches that line's newline
 * (read_heredocs), so the parser goes on after them.
 *
 * Running out of text inside a quote, a $( ) or a here-document is
 * T_INCOMPLETE: the parser reports "not finished yet" and sh.c reads
 * another line.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh_lex.h"

/* How an operator token is written, for error messages. */
const char *const tok_text[] = {
	[T_PIPE] = "|", [T_SEMI] = ";", [T_AMP] = "&", [T_AND] = "&&", [T_OR] = "||",
	[T_LT] = "<", [T_GT] = ">", [T_GTGT] = ">>", [T_ERR_GT] = "2>", [T_ERR_GTGT] = "2>>",
	[T_ERR_TO_OUT] = "2>&1", [T_HEREDOC] = "<<", [T_HEREDOC_DASH] = "<<-", [T_LPAREN] = "(", [T_RPAREN] = ")", [T_DSEMI] = ";;",
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
		struct sb body = { 0 };

		for (;; p = nl + 1) {
			const char *line = p;

			if (!(nl = strchr(p, '\n'))) {
				free(body.s);
				return -1;
			}
			if (ps->pending[i].strip_tabs)
				while (*line == '\t')
					line++;
			if ((size_t)(nl - line) == strlen(ps->pending[i].delim) &&
			    !strncmp(line, ps->pending[i].delim, nl - line))
				break;
			sb_put(&body, line, nl + 1 - line);
		}
		/* too_long: no memory (a body over SB_MAX cannot come: sh.c reads far less). */
		ps->pending[i].r->target = body.too_long ? NULL : arena_strdup(body.s ? body.s : "", body.len);
		free(body.s);
		if (!ps->pending[i].r->target)
			return -1;
		ps->p = nl + 1;
	}
	ps->npending = 0;
	return 0;
}

/* A here-document's delimiter as written: quotes and backslashes gone; *quoted if there were any. */
char *heredoc_delim(const char *raw, int *quoted)
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

enum tok peek(struct parser *ps)
{
	if (!ps->peeked) {
		ps->tok = lex(ps);
		ps->peeked = 1;
	}
	return ps->tok;
}

void take(struct parser *ps)
{
	ps->peeked = 0;
}

/* Is the next token the unquoted keyword kw? (Only asked where a command may start.) */
int at_keyword(struct parser *ps, const char *kw)
{
	return peek(ps) == T_WORD && !strcmp(ps->word, kw);
}

int at_list_end(struct parser *ps)
{
	static const char *const ends[] = { "then", "elif", "else", "fi", "do", "done", "}", "esac" };

	if (peek(ps) == T_RPAREN || peek(ps) == T_DSEMI)	/* ( list ), a case item */
		return 1;
	for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++)
		if (at_keyword(ps, ends[i]))
			return 1;
	return 0;
}
