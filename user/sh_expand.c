/*
 * sh_expand.c: variables, and turning one raw word (as sh_parse.c left
 * it, quotes and all) into the fields a command sees. In POSIX order:
 *
 *   1. parameter expansion   $X ${X} $? $$ $! $# $0..$9 $@ $*
 *      command substitution  $(cmd) `cmd`  (run by a forked shell: run_subst)
 *      arithmetic expansion  $((expr))     (evaluated by sh_arith.c)
 *   2. field splitting: only the text those produced *unquoted* is split,
 *      at characters of $IFS (default space, tab, newline), a run of them
 *      counting as one separator. Quoted text and the word's own literal
 *      characters are never split, so "$X" stays one field and `a b` in
 *      the source was already two words.
 *   3. pathname expansion: a field with an unquoted `*`, `?` or `[` (in
 *      the word itself or from an unquoted expansion) becomes the sorted
 *      paths it matches, or stays as it is if none does (sh_glob.c).
 *      Alongside each field a pattern is built in which every quoted
 *      character is backslash-escaped, so quoting turns a wildcard off.
 *   4. quote removal.
 *
 * ${X:-word} and the other braced forms are sh_param.c's; a word that
 * is ~ or starts with ~/ starts with $HOME (~user is not done). Not done:
 * IFS's special rule for non-blank separators (every IFS character is
 * treated like a blank). "$@" is one field per
 * argument only when it is the whole word; elsewhere it acts like "$*".
 *
 * Assignment values (X=$Y), redirection targets and the text inside
 * $((...)) are expanded with EXP_STRING: one string, no splitting, as in
 * POSIX, so `X=$(ls)` keeps the newlines. A case pattern is expanded
 * with EXP_PATTERN: one string, no splitting, its quoted characters
 * backslash-escaped for glob_match.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "sh.h"

#define NLOCALS		64

int subst_status;

/* ---------- variables ---------- */

/* Unexported variables, "NAME=value" strings; exported ones live in environ. */
static char *locals[NLOCALS];

char **local_slot(const char *name, size_t len)
{
	for (int i = 0; i < NLOCALS; i++)
		if (locals[i] && !strncmp(locals[i], name, len) && locals[i][len] == '=')
			return &locals[i];
	return NULL;
}

const char *get_var(const char *name, size_t len)
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
void set_var(const char *assignment)
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
		for (int i = 0; i < NLOCALS && !slot; i++)
			if (!locals[i])
				slot = &locals[i];
	if (!slot) {
		fprintf(stderr, "sh: too many variables\n");
		return;
	}
	free(*slot);
	*slot = strdup(assignment);
}

/* Forget NAME (len characters of name), exported or not. */
void unset_var(const char *name, size_t len)
{
	char buf[128];
	char **slot = local_slot(name, len);

	if (slot) {
		free(*slot);
		*slot = NULL;
	}
	if (len < sizeof buf) {
		memcpy(buf, name, len);
		buf[len] = '\0';
		unsetenv(buf);
	}
}

/* ---------- a growable string, bounded by SB_MAX (sh.h) ---------- */

void sb_put(struct sb *b, const char *s, size_t n)
{
	if (b->too_long || b->len + n + 1 > SB_MAX) {
		b->too_long = 1;
		return;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		char *s2;

		while (cap < b->len + n + 1)
			cap *= 2;
		if (!(s2 = realloc(b->s, cap))) {
			b->too_long = 1;
			return;
		}
		b->s = s2;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* ---------- command substitution ---------- */

static int status_of(int status)
{
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

/*
 * Run text in a forked copy of this shell with its stdout on a pipe, and
 * collect what it writes. A copy (not `sh -c`) so it sees unexported
 * variables too. Output past SB_MAX is read and dropped, so the child
 * never blocks on a full pipe, and the user is told.
 */
static int run_subst(const char *text, struct sb *out)
{
	int p[2], status;
	pid_t pid;
	char buf[512];
	ssize_t n;

	fflush(stdout);
	if (pipe(p) < 0) {
		fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "sh: fork: %s\n", strerror(errno));
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		close(p[0]);
		dup2(p[1], 1);
		close(p[1]);
		exit(run_subst_child(text));
	}
	close(p[1]);
	while ((n = read(p[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			sb_put(out, buf, n);
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	subst_status = status_of(status);
	if (out->too_long)
		fprintf(stderr, "sh: command substitution: output over %d bytes dropped\n", SB_MAX);
	while (out->len > 0 && out->s[out->len - 1] == '\n')	/* POSIX: strip trailing newlines */
		out->s[--out->len] = '\0';
	return 0;
}

/* ---------- word expansion ---------- */

struct expander {
	enum expand_mode mode;
	struct sb cur;		/* the field being built */
	struct sb pat;		/* the same as a glob pattern (not for EXP_STRING) */
	int globby;		/* cur had an unquoted * ? or [: glob it */
	int have_field;		/* cur is a field even when empty: it had quotes */
	char **fields;
	int nfields, max;
	int err;
};

static void end_field(struct expander *e)
{
	int globby = e->globby;
	char *f;

	e->globby = 0;
	if (!e->cur.len && !e->have_field) {
		e->pat.len = 0;
		return;
	}
	if (e->mode == EXP_PATTERN) {	/* the pattern itself is the result */
		if (e->pat.too_long) {
			fprintf(stderr, "sh: word longer than %d bytes\n", SB_MAX);
			e->err = 1;
			return;
		}
		e->cur.len = 0;
		if (e->pat.s)
			sb_put(&e->cur, e->pat.s, e->pat.len);
	} else if (globby && !e->pat.too_long) {
		int n = glob_field(e->pat.s, e->fields, &e->nfields, e->max);

		e->pat.len = 0;
		if (n < 0)
			e->err = 1;
		if (n) {
			e->cur.len = 0;
			e->have_field = 0;
			return;
		}
	}
	e->pat.len = 0;
	if (e->nfields == e->max) {
		fprintf(stderr, "sh: too many arguments\n");
		e->err = 1;
		return;
	}
	f = arena_strdup(e->cur.s ? e->cur.s : "", e->cur.len);
	if (!f) {
		fprintf(stderr, "sh: out of memory for words\n");
		e->err = 1;
		return;
	}
	e->fields[e->nfields++] = f;
	e->cur.len = 0;
	e->have_field = 0;
}

/*
 * One character of the field, and of its pattern: a wildcard either
 * counts (glob, unquoted) or is escaped so it matches only itself.
 */
static void put_char(struct expander *e, char c, int glob)
{
	sb_put(&e->cur, &c, 1);
	if (e->mode == EXP_STRING)
		return;
	if (!glob && c && strchr("*?[]\\", c))
		sb_put(&e->pat, "\\", 1);
	else if (glob && c && strchr("*?[", c))
		e->globby = 1;
	sb_put(&e->pat, &c, 1);
}

/* The word's own characters, outside quotes: never split, but globbed. */
static void add_literal(struct expander *e, char c)
{
	put_char(e, c, 1);
}

/* Add expansion results; unquoted ones are split at $IFS characters (and globbed). */
static void add_text(struct expander *e, const char *s, size_t n, int quoted)
{
	const char *ifs = get_var("IFS", 3);

	if (e->mode == EXP_STRING) {
		sb_put(&e->cur, s, n);
		return;
	}
	if (quoted) {
		for (size_t i = 0; i < n; i++)
			put_char(e, s[i], 0);
		return;
	}
	if (!ifs)
		ifs = " \t\n";
	for (size_t i = 0; i < n && !e->err; i++) {
		if (s[i] && strchr(ifs, s[i]) && e->mode == EXP_FIELDS)
			end_field(e);
		else
			put_char(e, s[i], 1);
	}
}

static void add_number(struct expander *e, long v)
{
	char num[24];

	add_text(e, num, snprintf(num, sizeof num, "%ld", v), 1);
}

static void add_subst(struct expander *e, const char *text, int quoted)
{
	struct sb out = { 0 };

	if (run_subst(text, &out) < 0)
		e->err = 1;
	else
		add_text(e, out.s ? out.s : "", out.len, quoted);
	free(out.s);
}

/* $((expr)): expand the inside as one string, then evaluate it. */
static void add_arith(struct expander *e, const char *body, size_t n)
{
	char *text = arena_strdup(body, n), *expanded;
	long v;

	if (!text || !(expanded = expand_string(text)) || arith_eval(expanded, &v) < 0) {
		e->err = 1;
		return;
	}
	add_number(e, v);
}

/* p is just past a '$'; returns where the expansion ends. */
static const char *expand_dollar(struct expander *e, const char *p, int quoted)
{
	const char *end, *val = NULL;
	char *inner;
	int n;

	if (*p == '(') {
		if (!(end = skip_subst(p + 1)))
			goto bad;
		if (p[1] == '(' && end[-2] == ')') {
			add_arith(e, p + 2, end - 2 - (p + 2));
		} else if ((inner = arena_strdup(p + 1, end - 1 - (p + 1)))) {
			add_subst(e, inner, quoted);
		} else {
			goto bad;
		}
		return end;
	}
	if (*p && strchr(SPECIAL_PARAMS, *p)) {
		add_number(e, special_param(*p));
		return p + 1;
	}
	if (*p == '@' || *p == '*') {		/* the arguments, joined by spaces */
		for (int i = 1; i < pos_count; i++) {
			if (i > 1)
				add_text(e, " ", 1, quoted);
			add_text(e, pos_args[i], strlen(pos_args[i]), quoted);
		}
		return p + 1;
	}
	if (isdigit((unsigned char)*p)) {
		n = *p - '0';
		val = n < pos_count ? pos_args[n] : "";
		end = p + 1;
	} else if (*p == '{') {
		if (!(end = skip_brace(p + 1)))
			goto bad;
		n = name_len(p + 1);
		if (n && p + 1 + n == end) {
			val = get_var(p + 1, n);
		} else if (end == p + 2 && (p[1] == '@' || p[1] == '*')) {
			expand_dollar(e, p + 1, quoted);	/* ${@} is $@ */
		} else if (expand_braced(p + 1, end - (p + 1), &val) < 0) {
			e->err = 1;
			return end + 1;
		}
		end++;
	} else if ((n = name_len(p)) > 0) {
		val = get_var(p, n);
		end = p + n;
	} else {
		add_text(e, "$", 1, 1);		/* a lone '$' is literal */
		return p;
	}
	if (val)
		add_text(e, val, strlen(val), quoted);
	return end;
bad:
	fprintf(stderr, "sh: bad substitution\n");
	e->err = 1;
	return p + strlen(p);
}

/* `cmd`: inside, a backslash quotes only \ ` and $ (the old, odd rule). */
static const char *expand_backquote(struct expander *e, const char *p, int quoted)
{
	const char *end = skip_backquote(p);
	char *text, *t;

	if (!end || !(text = arena_alloc(end - p))) {
		fprintf(stderr, "sh: bad substitution\n");
		e->err = 1;
		return p + strlen(p);
	}
	for (t = text; p < end - 1; p++) {
		if (*p == '\\' && strchr("\\`$", p[1]))
			p++;
		*t++ = *p;
	}
	*t = '\0';
	add_subst(e, text, quoted);
	return end;
}

/*
 * Inside "...": only $, ` and \ are special; nothing is split. A
 * here-document's body is read the same way, except that " is an
 * ordinary character there and does not end it.
 */
static const char *expand_dquote(struct expander *e, const char *p, int heredoc)
{
	const char *escapable = heredoc ? "$`\\\n" : "$`\"\\\n";

	e->have_field = 1;
	while (*p && (heredoc || *p != '"') && !e->err) {
		if (*p == '\\' && p[1] && strchr(escapable, p[1])) {
			if (p[1] != '\n')
				add_text(e, p + 1, 1, 1);
			p += 2;
		} else if (*p == '$') {
			p = expand_dollar(e, p + 1, 1);
		} else if (*p == '`') {
			p = expand_backquote(e, p + 1, 1);
		} else {
			add_text(e, p++, 1, 1);
		}
	}
	return *p ? p + 1 : p;
}

/*
 * The end of an expansion: the last field (unless something failed, or
 * the text outgrew SB_MAX: "sh: WHAT longer than ..."), the buffers freed.
 * Returns how many fields there are.
 */
static int expander_finish(struct expander *e, const char *what)
{
	if (e->cur.too_long && !e->err) {
		fprintf(stderr, "sh: %s longer than %d bytes\n", what, SB_MAX);
		e->err = 1;
	}
	if (!e->err)
		end_field(e);
	free(e->cur.s);
	free(e->pat.s);
	return e->nfields;
}

/*
 * Expand raw into at most max fields (EXP_FIELDS), or exactly one string
 * (EXP_STRING). Returns 0, or -1 after printing why (the caller abandons
 * the command, as dash does).
 */
int expand_word(const char *raw, enum expand_mode mode, char **fields, int *nfields, int max)
{
	struct expander e = { .mode = mode, .fields = fields, .nfields = *nfields, .max = max };
	const char *p = raw, *q;

	if (mode == EXP_FIELDS && !strcmp(raw, "\"$@\"")) {	/* one field per argument */
		for (int i = 1; i < pos_count && !e.err; i++) {
			e.have_field = 1;
			add_text(&e, pos_args[i], strlen(pos_args[i]), 1);
			end_field(&e);
		}
		p = "";
	}
	/* Tilde: a word that is ~ or starts with ~/ begins with $HOME (quoted: no splitting, no globbing). */
	if (p[0] == '~' && (!p[1] || p[1] == '/') && mode != EXP_PATTERN) {
		const char *home = get_var("HOME", 4);

		if (home) {
			add_text(&e, home, strlen(home), 1);
			e.have_field = 1;
			p++;
		}
	}
	while (*p && !e.err) {
		switch (*p) {
		case '\'':
			q = strchr(p + 1, '\'');
			if (!q)
				q = p + strlen(p);	/* cannot happen after the parser */
			add_text(&e, p + 1, q - p - 1, 1);
			e.have_field = 1;
			p = *q ? q + 1 : q;
			break;
		case '"':
			p = expand_dquote(&e, p + 1, 0);
			break;
		case '\\':
			if (p[1] == '\n') {		/* line continuation: gone */
				p += 2;
			} else if (p[1]) {
				add_text(&e, p + 1, 1, 1);
				p += 2;
			} else {
				add_text(&e, p++, 1, 1);
			}
			break;
		case '$':
			p = expand_dollar(&e, p + 1, 0);
			break;
		case '`':
			p = expand_backquote(&e, p + 1, 0);
			break;
		default:
			add_literal(&e, *p++);
		}
	}
	if (mode != EXP_FIELDS)
		e.have_field = 1;
	*nfields = expander_finish(&e, "word");
	return e.err ? -1 : 0;
}

/* A here-document's body with $X, $(...) and `...` expanded (an unquoted delimiter). */
char *expand_heredoc(const char *body)
{
	struct expander e = { .mode = EXP_STRING, .max = 1 };
	char *s = NULL;

	e.fields = &s;
	expand_dquote(&e, body, 1);
	expander_finish(&e, "here-document");
	return e.err ? NULL : s;
}

/* Expand raw to one case pattern (quoted characters escaped), or NULL after an error. */
char *expand_pattern(const char *raw)
{
	char *s;
	int n = 0;

	return expand_word(raw, EXP_PATTERN, &s, &n, 1) < 0 ? NULL : s;
}

/* Expand raw to one string (in the arena), or NULL after an error. */
char *expand_string(const char *raw)
{
	char *s;
	int n = 0;

	return expand_word(raw, EXP_STRING, &s, &n, 1) < 0 ? NULL : s;
}
