/*
 * stdlib.c: the environment (getenv/setenv/unsetenv/putenv over `environ`,
 * which start.c points at the initial stack), qsort, bsearch, rand, abs.
 * malloc is in malloc.c, strtol and friends in strtol.c, exit in start.c.
 */
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

/* Index of NAME in environ, or -1. */
static int env_find(const char *name, size_t len)
{
	for (int i = 0; environ && environ[i]; i++)
		if (!strncmp(environ[i], name, len) && environ[i][len] == '=')
			return i;
	return -1;
}

char *getenv(const char *name)
{
	int i = env_find(name, strlen(name));

	return i < 0 ? NULL : environ[i] + strlen(name) + 1;
}

/*
 * The first change copies environ into a malloc'd array so it can grow;
 * the strings from the initial stack stay where they are.
 */
static char **env_owned;

static int env_set_entry(char *entry, size_t namelen)
{
	int i = env_find(entry, namelen);
	int n = 0;

	if (i >= 0) {
		environ[i] = entry;
		return 0;
	}
	while (environ && environ[n])
		n++;
	char **e = malloc((n + 2) * sizeof *e);
	if (!e)
		return -1;
	if (n)
		memcpy(e, environ, n * sizeof *e);
	e[n] = entry;
	e[n + 1] = NULL;
	free(env_owned);
	environ = env_owned = e;
	return 0;
}

int setenv(const char *name, const char *value, int overwrite)
{
	size_t nl = strlen(name), vl = strlen(value);
	char *entry;

	if (!nl || strchr(name, '=')) {
		errno = EINVAL;
		return -1;
	}
	if (!overwrite && env_find(name, nl) >= 0)
		return 0;
	entry = malloc(nl + vl + 2);
	if (!entry)
		return -1;
	memcpy(entry, name, nl);
	entry[nl] = '=';
	memcpy(entry + nl + 1, value, vl + 1);
	return env_set_entry(entry, nl);
}

int putenv(char *string)
{
	char *eq = strchr(string, '=');

	if (!eq) {
		errno = EINVAL;
		return -1;
	}
	return env_set_entry(string, eq - string);
}

int unsetenv(const char *name)
{
	size_t nl = strlen(name);
	int i;

	if (!nl || strchr(name, '=')) {
		errno = EINVAL;
		return -1;
	}
	while ((i = env_find(name, nl)) >= 0)
		for (; environ[i]; i++)
			environ[i] = environ[i + 1];
	return 0;
}

static void swap_bytes(char *a, char *b, size_t n)
{
	while (n--) {
		char t = *a;
		*a++ = *b;
		*b++ = t;
	}
}

/* Shell sort: no recursion, no extra memory, short enough to read. */
void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	char *a = base;

	for (size_t gap = n / 2; gap > 0; gap /= 2)
		for (size_t i = gap; i < n; i++)
			for (size_t j = i; j >= gap &&
			     cmp(a + (j - gap) * size, a + j * size) > 0; j -= gap)
				swap_bytes(a + (j - gap) * size, a + j * size, size);
}

void *bsearch(const void *key, const void *base, size_t n, size_t size,
	      int (*cmp)(const void *, const void *))
{
	const char *a = base;
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp(key, a + mid * size);
		if (c == 0)
			return (void *)(a + mid * size);
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static unsigned long long rand_state = 1;

void srand(unsigned int seed)
{
	rand_state = seed;
}

int rand(void)
{
	/* 64-bit LCG (Knuth's MMIX constants); the high bits are the good ones. */
	rand_state = rand_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (int)(rand_state >> 33);
}

int abs(int x)			{ return x < 0 ? -x : x; }
long labs(long x)		{ return x < 0 ? -x : x; }
long long llabs(long long x)	{ return x < 0 ? -x : x; }
