/*
 * sh_glob.c: pathname expansion (POSIX 2.13), the last step of turning a
 * word into fields. sh_expand.c hands over a field that had an unquoted
 * `*`, `?` or `[`, as a pattern in which every quoted character is
 * escaped with a backslash (so "*".c matches only a file named `*.c`);
 * here it becomes the sorted list of existing paths it matches.
 *
 *   *        any string, the empty one too
 *   ?        any one character
 *   [abc]    one of those; [a-z] a range; [!...] or [^...] none of them;
 *            a `]` first in the list is one of the characters; a `[`
 *            with no closing `]` is an ordinary character
 *   \c       c itself
 *
 * The pattern is matched one path component at a time: a `/` is never
 * matched by a wildcard, and a component without wildcards is taken as it
 * is (no directory is read for it). A name that starts with `.` matches
 * only a component that starts with a literal `.`; `.` and `..` are never
 * listed (as bash's globskipdots). No match leaves the word as it was,
 * which is what POSIX asks (`echo *.none` prints `*.none`).
 *
 * The same matcher serves `case` (glob_match, called by sh_exec.c), where
 * the pattern is held against a whole word, not a path.
 *
 * Neighbours: sh_expand.c (builds the pattern, calls glob_field),
 * libc's opendir/readdir (getdents64) and lstat.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "sh.h"

#define GLOB_PATH_MAX	4096	/* longest path built; longer ones are skipped */
#define GLOB_DEPTH_MAX	128	/* components with wildcards in one pattern */

struct matches {
	char **v;
	int n, cap;
	int err;		/* out of memory: the caller reports it */
};

/*
 * A bracket expression at p (just past its `[`) against c. Returns the
 * pattern just past the closing `]` if c is in the set, NULL if not, and
 * p itself (the `[` was an ordinary character) if there is no `]`.
 */
static const char *bracket(const char *p, unsigned char c, int *is_literal)
{
	const char *q = p, *end;
	int negate = 0, hit = 0;

	*is_literal = 0;
	if (*q == '!' || *q == '^') {
		negate = 1;
		q++;
	}
	/* Find the closing `]`: a `]` first in the list does not close it. */
	end = q + (*q == ']');
	while (*end && *end != ']')
		end += (*end == '\\' && end[1]) ? 2 : 1;
	if (!*end) {
		*is_literal = 1;
		return p;
	}
	while (q < end) {
		unsigned char lo, hi;

		if (*q == '\\' && q + 1 < end)
			q++;
		lo = hi = (unsigned char)*q++;
		if (*q == '-' && q + 1 < end) {
			q++;
			if (*q == '\\' && q + 1 < end)
				q++;
			hi = (unsigned char)*q++;
		}
		if (lo <= c && c <= hi)
			hit = 1;
	}
	return hit != negate ? end + 1 : NULL;
}

/*
 * Does the pattern component pat match the whole of name? Iterative with
 * one backtrack point (the last `*`), so a pattern of many stars costs
 * len(pat) * len(name) at worst, never an exponential search.
 */
static int match(const char *pat, const char *name)
{
	const char *p = pat, *s = name, *star_p = NULL, *star_s = NULL;

	while (*s) {
		const char *next = NULL;
		int literal;

		switch (*p) {
		case '*':
			star_p = ++p;
			star_s = s;
			continue;
		case '?':
			next = p + 1;
			break;
		case '[':
			next = bracket(p + 1, (unsigned char)*s, &literal);
			if (literal)
				next = *s == '[' ? p + 1 : NULL;
			break;
		case '\\':		/* the next character itself; a trailing one is a backslash */
			if (p[1])
				next = p[1] == *s ? p + 2 : NULL;
			else
				next = *s == '\\' ? p + 1 : NULL;
			break;
		default:
			next = *p && *p == *s ? p + 1 : NULL;
		}
		if (next) {
			p = next;
			s++;
		} else if (star_p) {		/* let the last star take one more */
			p = star_p;
			s = ++star_s;
		} else {
			return 0;
		}
	}
	while (*p == '*')
		p++;
	return !*p;
}

/* A case pattern against a whole word: `*` and `?` match `/` and a leading `.` too. */
int glob_match(const char *pattern, const char *s)
{
	return match(pattern, s);
}

/*
 * Does p[0..n) hold a wildcard? A `[` counts only if a `]` closes it
 * within the component, so the `[` of `[ -f x ]` costs no lookup at all.
 */
static int has_wildcard(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\\') {
			i++;
		} else if (p[i] == '*' || p[i] == '?') {
			return 1;
		} else if (p[i] == '[') {
			size_t j = i + 1;

			j += j < n && (p[j] == '!' || p[j] == '^');
			j += j < n && p[j] == ']';
			while (j < n && p[j] != ']' && p[j] != '/')
				j += p[j] == '\\' ? 2 : 1;
			if (j < n && p[j] == ']')
				return 1;
		}
	}
	return 0;
}

/* Append n bytes of a pattern component to path, its escapes removed. */
static size_t put_unescaped(char *path, size_t len, const char *p, size_t n)
{
	for (size_t i = 0; i < n && len < GLOB_PATH_MAX - 1; i++) {
		if (p[i] == '\\' && i + 1 < n)
			i++;
		path[len++] = p[i];
	}
	path[len] = '\0';
	return len;
}

static void add_match(struct matches *m, const char *path)
{
	char *copy;

	if (m->err)
		return;
	if (m->n == m->cap) {
		int cap = m->cap ? m->cap * 2 : 16;
		char **v = realloc(m->v, cap * sizeof(*v));

		if (!v) {
			m->err = 1;
			return;
		}
		m->v = v;
		m->cap = cap;
	}
	if (!(copy = strdup(path))) {
		m->err = 1;
		return;
	}
	m->v[m->n++] = copy;
}

/*
 * path[0..len) is what matched so far (empty, or ending in `/`); pat is
 * the rest of the pattern. Every existing path it leads to goes to m.
 */
static void walk(char *path, size_t len, const char *pat, int depth, struct matches *m)
{
	const char *slash = strchr(pat, '/');
	size_t n = slash ? (size_t)(slash - pat) : strlen(pat);
	char comp[256];
	struct stat st;
	struct dirent *de;
	DIR *d;

	if (!has_wildcard(pat, n)) {
		len = put_unescaped(path, len, pat, n);
		if (slash) {
			if (len < GLOB_PATH_MAX - 1) {
				path[len++] = '/';
				path[len] = '\0';
				walk(path, len, slash + 1, depth, m);
			}
		} else if (lstat(path, &st) == 0) {
			add_match(m, path);
		}
		return;
	}
	if (depth >= GLOB_DEPTH_MAX || n >= sizeof(comp))
		return;
	memcpy(comp, pat, n);
	comp[n] = '\0';
	if (!(d = opendir(len ? path : ".")))
		return;			/* not a directory, or not ours to read */
	while ((de = readdir(d)) && !m->err) {
		size_t nl = strlen(de->d_name);

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (de->d_name[0] == '.' && comp[0] != '.' && !(comp[0] == '\\' && comp[1] == '.'))
			continue;
		if (!match(comp, de->d_name) || len + nl + 1 >= GLOB_PATH_MAX)
			continue;
		memcpy(path + len, de->d_name, nl + 1);
		if (!slash) {
			add_match(m, path);
		} else {
			path[len + nl] = '/';
			path[len + nl + 1] = '\0';
			walk(path, len + nl + 1, slash + 1, depth + 1, m);
		}
	}
	closedir(d);
	path[len] = '\0';
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Expand the pattern into fields[*nfields..max). Returns how many paths
 * matched (0: the caller keeps the word as it was), or -1 after printing
 * why (too many for the command, or no memory).
 */
int glob_field(const char *pattern, char **fields, int *nfields, int max)
{
	struct matches m = { 0 };
	char *path = malloc(GLOB_PATH_MAX);
	int ret;

	if (!has_wildcard(pattern, strlen(pattern))) {
		free(path);
		return 0;		/* only a lone `[`: the word stays */
	}
	if (!path) {
		fprintf(stderr, "sh: out of memory for words\n");
		return -1;
	}
	path[0] = '\0';
	walk(path, 0, pattern, 0, &m);
	free(path);
	if (m.n > 1)
		qsort(m.v, m.n, sizeof(*m.v), by_name);
	ret = m.n;
	if (m.err) {
		fprintf(stderr, "sh: out of memory for words\n");
		ret = -1;
	} else if (*nfields + m.n > max) {
		fprintf(stderr, "sh: too many arguments\n");
		ret = -1;
	}
	for (int i = 0; i < m.n; i++) {
		char *f = ret > 0 ? arena_strdup(m.v[i], strlen(m.v[i])) : NULL;

		if (f) {
			fields[(*nfields)++] = f;
		} else if (ret > 0) {
			fprintf(stderr, "sh: out of memory for words\n");
			ret = -1;
		}
		free(m.v[i]);
	}
	free(m.v);
	return ret;
}
