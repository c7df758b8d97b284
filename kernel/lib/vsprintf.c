/*
 * Formatted output for the kernel: vsnprintf and friends, plus the number
 * parsers. Supports what kernel code uses: %d %i %u %x %X %o %c %s %p %%,
 * the l/ll/z/h length modifiers, width, precision, and - 0 + space flags.
 * %pI4 prints an IPv4 address (network byte order), %pM a MAC address,
 * %pS a kernel symbol (for backtraces), as Linux does.
 */
#include <linux/kernel.h>
#include <linux/string.h>

const char *ksym_lookup(unsigned long addr, unsigned long *offset);

struct outbuf {
	char *buf;
	size_t size, len;
};

static void put(struct outbuf *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_str(struct outbuf *o, const char *s, int width, int prec, bool left)
{
	int n = s ? (int)strnlen(s, prec >= 0 ? (size_t)prec : (size_t)-1) : 6;
	if (!s)
		s = "(null)";
	if (!left)
		for (int i = n; i < width; i++)
			put(o, ' ');
	for (int i = 0; i < n; i++)
		put(o, s[i]);
	if (left)
		for (int i = n; i < width; i++)
			put(o, ' ');
}

static void put_num(struct outbuf *o, unsigned long long v, bool neg, unsigned base,
		    bool upper, int width, int prec, bool left, char pad, char sign)
{
	char tmp[24];
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;

	if (v == 0 && prec != 0)
		tmp[n++] = '0';
	while (v) {
		tmp[n++] = digits[v % base];
		v /= base;
	}
	while (n < prec)
		tmp[n++] = '0';
	char s = neg ? '-' : sign;
	int total = n + (s ? 1 : 0);
	if (!left && pad == ' ')
		for (int i = total; i < width; i++)
			put(o, ' ');
	if (s)
		put(o, s);
	if (!left && pad == '0')
		for (int i = total; i < width; i++)
			put(o, '0');
	while (n)
		put(o, tmp[--n]);
	if (left)
		for (int i = total; i < width; i++)
			put(o, ' ');
}

static const char *put_pointer_ext(struct outbuf *o, const char *fmt, void *p)
{
	char tmp[64];
	if (fmt[1] == 'I' && fmt[2] == '4') {
		const u8 *a = p;
		snprintf(tmp, sizeof(tmp), "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
		put_str(o, tmp, 0, -1, false);
		return fmt + 2;
	}
	if (fmt[1] == 'M') {
		const u8 *m = p;
		snprintf(tmp, sizeof(tmp), "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
		put_str(o, tmp, 0, -1, false);
		return fmt + 1;
	}
	if (fmt[1] == 'S') {
		unsigned long off;
		const char *name = ksym_lookup((unsigned long)p, &off);
		if (name)
			snprintf(tmp, sizeof(tmp), "%s+0x%lx", name, off);
		else
			snprintf(tmp, sizeof(tmp), "0x%08lx", (unsigned long)p);
		put_str(o, tmp, 0, -1, false);
		return fmt + 1;
	}
	put_num(o, (unsigned long)p, false, 16, false, 8, -1, false, '0', 0);
	return fmt;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct outbuf o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		bool left = false;
		char pad = ' ', sign = 0;
		int width = -1, prec = -1, lng = 0;
		for (;; fmt++) {
			char f = fmt[1];
			if (f == '-') left = true;
			else if (f == '0') pad = '0';
			else if (f == '+') sign = '+';
			else if (f == ' ') sign = sign ? sign : ' ';
			else break;
		}
		fmt++;
		if (*fmt == '*') {
			width = va_arg(ap, int);
			fmt++;
		} else {
			for (width = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
				width = width * 10 + (*fmt - '0');
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			} else {
				for (prec = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
					prec = prec * 10 + (*fmt - '0');
			}
		}
		for (;; fmt++) {
			if (*fmt == 'l') lng++;
			else if (*fmt == 'z' || *fmt == 'h') ;
			else break;
		}
		unsigned long long u;
		long long s;
		switch (*fmt) {
		case 'd':
		case 'i':
			s = lng >= 2 ? va_arg(ap, long long) : lng ? va_arg(ap, long) : va_arg(ap, int);
			put_num(&o, s < 0 ? -(unsigned long long)s : (unsigned long long)s, s < 0, 10,
				false, width, prec, left, pad, sign);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			u = lng >= 2 ? va_arg(ap, unsigned long long) : lng ? va_arg(ap, unsigned long)
								   : va_arg(ap, unsigned int);
			put_num(&o, u, false, *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16, *fmt == 'X',
				width, prec, left, pad, 0);
			break;
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case 's':
			put_str(&o, va_arg(ap, const char *), width, prec, left);
			break;
		case 'p':
			fmt = put_pointer_ext(&o, fmt, va_arg(ap, void *));
			break;
		case '%':
			put(&o, '%');
			break;
		default:
			put(&o, '%');
			if (*fmt)
				put(&o, *fmt);
			else
				fmt--;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = 0;
	return o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (!size)
		return 0;
	return n < (int)size ? n : (int)size - 1;
}

unsigned long simple_strtoul(const char *s, char **end, unsigned int base)
{
	unsigned long v = 0;
	if (!base) {
		base = 10;
		if (s[0] == '0') {
			base = 8;
			if (s[1] == 'x' || s[1] == 'X') {
				base = 16;
				s += 2;
			}
		}
	} else if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
	}
	for (;; s++) {
		unsigned d;
		if (*s >= '0' && *s <= '9') d = *s - '0';
		else if (*s >= 'a' && *s <= 'f') d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F') d = *s - 'A' + 10;
		else break;
		if (d >= base)
			break;
		v = v * base + d;
	}
	if (end)
		*end = (char *)s;
	return v;
}

long simple_strtol(const char *s, char **end, unsigned int base)
{
	if (*s == '-')
		return -(long)simple_strtoul(s + 1, end, base);
	return simple_strtoul(s, end, base);
}

int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	char *end;
	if (!*s)
		return -EINVAL;
	*res = simple_strtoul(s, &end, base);
	if (*end == '\n')
		end++;
	return *end ? -EINVAL : 0;
}
