/*
 * The kernel command line, in Linux's form: space-separated words, each
 * `key` or `key=value` (init=/bin/sh, ktest, ktest=slab, quiet, ip=dhcp).
 * The boot loader's string is copied once into saved_command_line; lookups
 * return a pointer into a per-call static copy of the value.
 */
#include <linux/kernel.h>
#include <linux/string.h>

#define COMMAND_LINE_SIZE 1024
char saved_command_line[COMMAND_LINE_SIZE];
static char value_buf[16][256];
static unsigned value_next;

void cmdline_set(const char *s)
{
	strlcpy(saved_command_line, s ? s : "", sizeof(saved_command_line));
}

/* Find key; returns a pointer to "value" (possibly ""), or NULL. */
const char *cmdline_get(const char *key)
{
	size_t klen = strlen(key);
	const char *p = saved_command_line;
	while (*p) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		if ((size_t)(p - w) >= klen && !strncmp(w, key, klen) &&
		    (w[klen] == '=' || w + klen == p)) {
			char *out = value_buf[value_next++ % ARRAY_SIZE(value_buf)];
			const char *v = w[klen] == '=' ? w + klen + 1 : p;
			size_t n = min((size_t)(p - v), sizeof(value_buf[0]) - 1);
			memcpy(out, v, n);
			out[n] = 0;
			return out;
		}
	}
	return NULL;
}

bool cmdline_has(const char *key)
{
	return cmdline_get(key) != NULL;
}
