/*
 * strtol.c: text to integer. One unsigned parser (parse) does the work for
 * strtol/strtoul/strtoll/strtoull/atoi: optional space and sign, "0x"/"0"
 * prefixes when base is 0 or 16, digits up to base 36, overflow clamped
 * with ERANGE as C requires.
 */
#include <stdlib.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <inttypes.h>

static int digit_value(int c)
{
	if (isdigit(c))
		return c - '0';
	if (islower(c))
		return c - 'a' + 10;
	if (isupper(c))
		return c - 'A' + 10;
	return 99;
}

/*
 * Parse magnitude and sign; *overflow is set when the magnitude exceeds
 * `limit`. Returns the magnitude (clamped to limit on overflow).
 */
static unsigned long long parse(const char *s, char **end, int base, int *neg,
				unsigned long long limit, int *overflow)
{
	const char *p = s, *digits;
	unsigned long long v = 0;

	*neg = 0;
	*overflow = 0;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		*neg = *p++ == '-';
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    digit_value((unsigned char)p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = *p == '0' ? 8 : 10;
	}
	digits = p;
	for (; digit_value((unsigned char)*p) < base; p++) {
		unsigned d = digit_value((unsigned char)*p);
		if (v > (limit - d) / base)
			*overflow = 1;
		else
			v = v * base + d;
	}
	if (end)
		*end = (char *)(p == digits ? s : p);	/* no digits: nothing consumed */
	return *overflow ? limit : v;
}

long long strtoll(const char *s, char **end, int base)
{
	int neg, of;
	unsigned long long v = parse(s, end, base, &neg, (unsigned long long)LLONG_MAX + 1, &of);

	if (of || (!neg && v > LLONG_MAX)) {
		errno = ERANGE;
		return neg ? LLONG_MIN : LLONG_MAX;
	}
	return neg ? (long long)-v : (long long)v;
}

unsigned long long strtoull(const char *s, char **end, int base)
{
	int neg, of;
	unsigned long long v = parse(s, end, base, &neg, ULLONG_MAX, &of);

	if (of) {
		errno = ERANGE;
		return ULLONG_MAX;
	}
	return neg ? -v : v;
}

long strtol(const char *s, char **end, int base)
{
	int neg, of;
	unsigned long long v = parse(s, end, base, &neg, (unsigned long long)LONG_MAX + 1, &of);

	if (of || (!neg && v > LONG_MAX)) {
		errno = ERANGE;
		return neg ? LONG_MIN : LONG_MAX;
	}
	return neg ? (long)-v : (long)v;
}

unsigned long strtoul(const char *s, char **end, int base)
{
	int neg, of;
	unsigned long long v = parse(s, end, base, &neg, ULONG_MAX, &of);

	if (of) {
		errno = ERANGE;
		return ULONG_MAX;
	}
	return neg ? (unsigned long)-v : (unsigned long)v;
}

intmax_t strtoimax(const char *s, char **end, int base)	{ return strtoll(s, end, base); }
uintmax_t strtoumax(const char *s, char **end, int base)	{ return strtoull(s, end, base); }
int atoi(const char *s)		{ return (int)strtol(s, NULL, 10); }
long atol(const char *s)	{ return strtol(s, NULL, 10); }
long long atoll(const char *s)	{ return strtoll(s, NULL, 10); }
