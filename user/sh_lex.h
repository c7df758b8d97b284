/*
 * sh_lex.h: what the shell's lexer (sh_lex.c) and its parser (sh_parse.c)
 * share: the tokens, the parser's state (which the lexer advances), and
 * the lexer's interface - peek at the next token, take it.
 */
#ifndef SH_LEX_H
#define SH_LEX_H
#include "sh.h"

#define MAXWORDS	256	/* raw words in one simple command or for list */

enum tok { T_WORD, T_PIPE, T_SEMI, T_AMP, T_AND, T_OR, T_LT, T_GT, T_GTGT,
	   T_ERR_GT, T_ERR_GTGT, T_ERR_TO_OUT, T_HEREDOC, T_HEREDOC_DASH, T_LPAREN, T_RPAREN, T_DSEMI,
	   T_NL, T_EOF, T_INCOMPLETE, T_ERROR };

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

/* How an operator token is written, for error messages. */
extern const char *const tok_text[];

enum tok peek(struct parser *ps);	/* the next token, lexed once */
void take(struct parser *ps);		/* consume what peek returned */
int at_keyword(struct parser *ps, const char *kw);
int at_list_end(struct parser *ps);	/* then, fi, done, ), ;; ...: a list ends here */
char *heredoc_delim(const char *raw, int *quoted);	/* <<'E' -> E, quoted */
#endif
