/*
 * sh_param.c: the braced forms of parameter expansion (POSIX 2.6.2),
 * everything between `${` and its `}` that is more than a name:
 *
 *   ${#X}                 the length of X's value
 *   ${X:-word} ${X-word}  X's value, or word if X is unset (or, with the
 *                         colon, empty)
 *   ${X:=word} ${X=word}  the same, and X is set to word
 *   ${X:+word} ${X+word}  word if X is set (and, with the colon, not empty)
 *   ${X:?word} ${X?word}  X's value, or an error that abandons the command
 *   ${X#pat} ${X##pat}    X's value without the shortest (longest) prefix
 *                         that pat matches
 *   ${X%pat} ${X%%pat}    ... without the shortest (longest) such suffix
 *
 * X is a name, a positional parameter (one digit) or one of ? $ ! #.
 * word is expanded only when it is used (so ${X:-$(cmd)} runs cmd only
 * if X is empty); pat is expanded as a case pattern (quoted characters
 * are literal) and matched by sh_glob.c's glob_match.
 *
 * Neighbours: sh_expand.c (finds the braces, adds the value to the field
 * and splits it when unquoted), sh_glob.c (matching).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

/* $? $$ $! $#: the last status, our pid, the last background job's, the argument count. */
long special_param(char c)
{
	switch (c) {
	case '?':
		return last_status;
	case '$':
		return getpid();
	case '!':
		return last_bg_pid;
	default:
		return pos_count > 0 ? pos_count - 1 : 0;
	}
}

/* The value of the parameter at p (n bytes: a name, a digit, or one of SPECIAL_PARAMS); NULL if unset. */
static const char *param_value(const char *p, size_t n, char *num, size_t size)
{
	if (isdigit((unsigned char)*p))
		return *p - '0' < pos_count ? pos_args[*p - '0'] : NULL;
	if (n == 1 && strchr(SPECIAL_PARAMS, *p)) {
		snprintf(num, size, "%ld", special_param(*p));
		return num;
	}
	return get_var(p, n);
}

/* How long the parameter's name at p is: a name, or one digit or special character. */
static size_t param_len(const char *p, const char *end)
{
	int n = name_len(p);

	if (n > 0)
		return n;
	return p < end && (isdigit((unsigned char)*p) || (*p && strchr(SPECIAL_PARAMS, *p))) ? 1 : 0;
}

/*
 * v without the shortest or longest prefix (op '#') or suffix (op '%')
 * that pat matches, in the arena.
 */
static const char *remove_affix(const char *v, const char *pat, char op, int longest)
{
	size_t len = strlen(v);
	char *head = arena_strdup(v, len);

	if (!head)
		return NULL;
	for (size_t k = 0; k <= len; k++) {
		/* The candidate's length: k from the short end, or from the long one. */
		size_t i = longest ? len - k : k;

		if (op == '#') {
			char saved = head[i];
			int hit;

			head[i] = '\0';
			hit = glob_match(pat, head);
			head[i] = saved;
			if (hit)
				return v + i;
		} else if (glob_match(pat, v + len - i)) {
			head[len - i] = '\0';
			return head;
		}
	}
	return v;
}

/*
 * body: the n bytes between `${` and `}`, not just a plain name (sh_expand.c
 * handles those). Sets *value (NULL: nothing to add) and returns 0, or
 * prints why and returns -1.
 */
int expand_braced(const char *body, size_t n, const char **value)
{
	const char *end = body + n, *p = body, *val;
	char num[24], *word, op;
	size_t len;
	int colon = 0, longest, unset_or_null;

	*value = NULL;
	if (*p == '#' && n > 1) {		/* ${#X} */
		len = param_len(p + 1, end);
		if (!len || p + 1 + len != end)
			goto bad;
		val = param_value(p + 1, len, num, sizeof num);
		snprintf(num, sizeof num, "%zu", val ? strlen(val) : 0);
		*value = arena_strdup(num, strlen(num));
		return *value ? 0 : -1;
	}
	if (!(len = param_len(p, end)))
		goto bad;
	val = param_value(p, len, num, sizeof num);
	if (val == num && !(val = arena_strdup(num, strlen(num))))
		return -1;
	p += len;
	if (p == end) {
		*value = val;
		return 0;
	}
	if (*p == ':') {
		colon = 1;
		p++;
	}
	if (p == end || !strchr(colon ? "-=+?" : "-=+?#%", *p))
		goto bad;
	op = *p++;
	longest = (op == '#' || op == '%') && p < end && *p == op;
	p += longest;
	if (!(word = arena_strdup(p, end - p)))
		return -1;
	unset_or_null = !val || (colon && !*val);
	switch (op) {
	case '-':
		if (!unset_or_null) {
			*value = val;
			return 0;
		}
		return (*value = expand_string(word)) ? 0 : -1;
	case '+':
		if (unset_or_null)
			return 0;
		return (*value = expand_string(word)) ? 0 : -1;
	case '=':
		*value = val;
		if (unset_or_null) {
			char *assignment;

			if (name_len(body) != (int)len) {
				fprintf(stderr, "sh: ${%.*s}: cannot assign to it\n", (int)n, body);
				return -1;
			}
			if (!(*value = expand_string(word)) ||
			    !(assignment = arena_alloc(len + strlen(*value) + 2)))
				return -1;
			sprintf(assignment, "%.*s=%s", (int)len, body, *value);
			set_var(assignment);
		}
		return 0;
	case '?':
		*value = val;
		if (unset_or_null) {
			const char *msg = *word ? expand_string(word) : NULL;

			fprintf(stderr, "sh: %.*s: %s\n", (int)len, body, msg ? msg : "parameter not set");
			return -1;
		}
		return 0;
	default: {			/* # ## % %% */
		char *pat = expand_pattern(word);

		if (!pat)
			return -1;
		*value = remove_affix(val ? val : "", pat, op, longest);
		return *value ? 0 : -1;
	}
	}
bad:
	fprintf(stderr, "sh: ${%.*s}: bad substitution\n", (int)n, body);
	return -1;
}
