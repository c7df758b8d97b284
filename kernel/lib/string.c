/*
 * The kernel's string and memory functions (include/linux/string.h). The
 * kernel is built -fno-builtin, so these are what memcpy() calls reach;
 * memcpy/memset use rep movsl/stosl and a byte tail: under TCG every
 * iteration of a rep instruction costs a pass through a translated block,
 * so four bytes at a time is four times cheaper than one.
 */
#include <linux/string.h>
#include <linux/slab.h>

void *memset(void *s, int c, size_t n)
{
	void *d = s;
	size_t words = n / 4, rest = n % 4;
	u32 v = (u8)c * 0x01010101u;

	__asm__ __volatile__("rep stosl" : "+D"(d), "+c"(words) : "a"(v) : "memory");
	__asm__ __volatile__("rep stosb" : "+D"(d), "+c"(rest) : "a"(v) : "memory");
	return s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;
	size_t words = n / 4, rest = n % 4;
	__asm__ __volatile__("rep movsl" : "+D"(d), "+S"(src), "+c"(words) :: "memory");
	__asm__ __volatile__("rep movsb" : "+D"(d), "+S"(src), "+c"(rest) :: "memory");
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;
	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;
	while (*p)
		p++;
	return p - s;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

char *strcpy(char *dst, const char *src)
{
	char *d = dst;
	while ((*d++ = *src++))
		;
	return dst;
}

char *strncpy(char *dst, const char *src, size_t n)
{
	size_t i = 0;
	for (; i < n && src[i]; i++)
		dst[i] = src[i];
	for (; i < n; i++)
		dst[i] = 0;
	return dst;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);
	if (size) {
		size_t n = len >= size ? size - 1 : len;
		memcpy(dst, src, n);
		dst[n] = 0;
	}
	return len;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;
	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strstr(const char *h, const char *n)
{
	size_t ln = strlen(n);
	for (; *h; h++)
		if (!strncmp(h, n, ln))
			return (char *)h;
	return ln ? NULL : (char *)h;
}

char *kstrdup(const char *s, gfp_t gfp)
{
	size_t n = strlen(s) + 1;
	char *p = kmalloc(n, gfp);
	if (p)
		memcpy(p, s, n);
	return p;
}
