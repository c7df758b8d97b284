/*
 * sh_arith.c: the integer expressions of $((...)), as POSIX (and C)
 * define them, evaluated on `long` (32 bits here, as on any i386 shell).
 * sh_expand.c has already replaced $X and $(...) inside the text, so what
 * arrives is e.g. "3 * (x + 1)": numbers (decimal, 0x hex, 0 octal),
 * variable names (unset or empty = 0) and operators.
 *
 * Precedence climbing: one function per level would be 11 near-identical
 * functions, so binary() takes the lowest precedence it may consume and a
 * table gives each operator's level, from || (1) up to * / % (10):
 *
 *   ?:  ||  &&  |  ^  &  == !=  < <= > >=  << >>  + -  * / %   unary ! ~ + -
 *
 * && || and ?: evaluate both sides (the parse must go on) but with
 * `skip` raised on the side that does not count, so $((0 && 1/0)) is 0,
 * not an error, as in dash and bash. Assignment operators (x=1, x++) are
 * not supported and are a syntax error.
 *
 * C leaves overflow and odd shifts undefined, and LONG_MIN / -1 traps
 * (SIGFPE) on x86, so the arithmetic is done the way the hardware wraps:
 * + - * in unsigned, shift counts taken mod 32, LONG_MIN / -1 = LONG_MIN.
 * Errors print "sh: arithmetic: ..." and the caller gives status 2.
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

struct arith {
	const char *p;
	int skip;		/* >0: inside a branch whose value is unused */
	int err;
};

static const struct {
	const char *op;
	int prec;
} binops[] = {	/* two-character operators first, so "<<" is not read as "<" */
	{ "||", 1 }, { "&&", 2 }, { "==", 6 }, { "!=", 6 }, { "<=", 7 }, { ">=", 7 },
	{ "<<", 8 }, { ">>", 8 }, { "|", 3 }, { "^", 4 }, { "&", 5 }, { "<", 7 },
	{ ">", 7 }, { "+", 9 }, { "-", 9 }, { "*", 10 }, { "/", 10 }, { "%", 10 },
};

static long error(struct arith *a, const char *what)
{
	if (!a->err)
		fprintf(stderr, "sh: arithmetic: %s\n", what);
	a->err = 1;
	return 0;
}

static void skip_space(struct arith *a)
{
	while (isspace((unsigned char)*a->p))
		a->p++;
}

static long ternary(struct arith *a);

static long number(struct arith *a, const char *s, const char *what)
{
	char *end;
	long v = strtol(s, &end, 0);

	while (isspace((unsigned char)*end))
		end++;
	if (end == s || *end) {
		char msg[96];

		snprintf(msg, sizeof msg, "not a number: %.40s (%s)", s, what);
		return error(a, msg);
	}
	return v;
}

static long unary(struct arith *a)
{
	char c;
	long v;
	int n;

	skip_space(a);
	c = *a->p;
	if (c == '!' || c == '~' || c == '-' || c == '+') {
		a->p++;
		v = unary(a);
		return c == '!' ? !v : c == '~' ? ~v : c == '-' ? (long)(0UL - (unsigned long)v) : v;
	}
	if (c == '(') {
		a->p++;
		v = ternary(a);
		skip_space(a);
		if (*a->p != ')')
			return error(a, "missing )");
		a->p++;
		return v;
	}
	if (isdigit((unsigned char)c)) {
		char digits[32];

		for (n = 0; isalnum((unsigned char)a->p[n]) && n < (int)sizeof digits - 1; n++)
			digits[n] = a->p[n];
		digits[n] = '\0';
		a->p += n;
		return number(a, digits, "a constant");
	}
	if ((n = name_len(a->p)) > 0) {
		const char *val = get_var(a->p, n);
		char name[64];

		snprintf(name, sizeof name, "%.*s", n, a->p);
		a->p += n;
		return val && *val ? number(a, val, name) : 0;	/* unset = 0 */
	}
	return error(a, *a->p ? "syntax error" : "expression ends too early");
}

static long apply(struct arith *a, const char *op, long l, long r)
{
	unsigned long ul = l, ur = r;

	switch (op[0]) {
	case '+': return (long)(ul + ur);
	case '-': return (long)(ul - ur);
	case '*': return (long)(ul * ur);
	case '/': case '%':
		if (r == 0)
			return a->skip ? 0 : error(a, "division by zero");
		if (l == LONG_MIN && r == -1)
			return op[0] == '/' ? LONG_MIN : 0;
		return op[0] == '/' ? l / r : l % r;
	case '<':
		return op[1] == '<' ? (long)(ul << (r & 31)) : op[1] == '=' ? l <= r : l < r;
	case '>':
		return op[1] == '>' ? l >> (r & 31) : op[1] == '=' ? l >= r : l > r;
	case '=': return l == r;
	case '!': return l != r;
	case '&': return op[1] ? (l && r) : (l & r);
	case '|': return op[1] ? (l || r) : (l | r);
	case '^': return l ^ r;
	}
	return error(a, "syntax error");
}

/* Operands joined by binary operators of precedence >= min. */
static long binary(struct arith *a, int min)
{
	long l = unary(a), r;

	for (;;) {
		size_t i;
		int shortcut;

		skip_space(a);
		for (i = 0; i < sizeof binops / sizeof binops[0]; i++)
			if (!strncmp(a->p, binops[i].op, strlen(binops[i].op)))
				break;
		if (i == sizeof binops / sizeof binops[0] || binops[i].prec < min || a->err)
			return l;
		a->p += strlen(binops[i].op);
		/* The right side of && / || counts only if the left did not decide. */
		shortcut = (binops[i].prec == 2 && !l) || (binops[i].prec == 1 && l);
		a->skip += shortcut;
		r = binary(a, binops[i].prec + 1);	/* +1: left-associative */
		a->skip -= shortcut;
		l = apply(a, binops[i].op, l, r);
	}
}

static long ternary(struct arith *a)
{
	long c = binary(a, 1), t, f;

	skip_space(a);
	if (*a->p != '?')
		return c;
	a->p++;
	a->skip += !c;
	t = ternary(a);
	a->skip -= !c;
	skip_space(a);
	if (*a->p != ':')
		return error(a, "missing : after ?");
	a->p++;
	a->skip += !!c;
	f = ternary(a);
	a->skip -= !!c;
	return c ? t : f;
}

/* Evaluate expr; 0 and *result, or -1 after printing the error. */
int arith_eval(const char *expr, long *result)
{
	struct arith a = { .p = expr };

	*result = ternary(&a);
	skip_space(&a);
	if (!a.err && *a.p) {
		char msg[80];

		snprintf(msg, sizeof msg, "syntax error near \"%.30s\"", a.p);
		error(&a, msg);
	}
	return a.err ? -1 : 0;
}
