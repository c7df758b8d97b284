/*
 * inet.c: IPv4 address text, byte order, and name lookup without DNS.
 *
 *   inet_aton / inet_addr / inet_pton   text -> struct in_addr
 *   inet_ntoa / inet_ntop               struct in_addr -> text
 *   gethostbyname, getaddrinfo          a dotted quad, or a name from
 *                                       /etc/hosts; "localhost" always works
 *
 * inet_aton accepts the classic forms (a, a.b, a.b.c, a.b.c.d; decimal,
 * octal with a leading 0, hex with 0x) as glibc does; inet_pton accepts
 * only four decimal parts, as POSIX says.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

#undef htonl
#undef htons
#undef ntohl
#undef ntohs
uint32_t htonl(uint32_t x) { return __builtin_bswap32(x); }
uint32_t ntohl(uint32_t x) { return __builtin_bswap32(x); }
uint16_t htons(uint16_t x) { return __builtin_bswap16(x); }
uint16_t ntohs(uint16_t x) { return __builtin_bswap16(x); }

int h_errno;

int inet_aton(const char *s, struct in_addr *out)
{
	unsigned long part[4];
	int n = 0;
	unsigned long v;

	for (;;) {
		char *end;

		if (!isdigit((unsigned char)*s))
			return 0;
		part[n] = strtoul(s, &end, 0);
		s = end;
		n++;
		if (*s == '\0')
			break;
		if (*s != '.' || n == 4)
			return 0;
		s++;
	}
	switch (n) {		/* the last part fills the remaining bytes */
	case 1:
		v = part[0];
		break;
	case 2:
		if (part[0] > 0xff || part[1] > 0xffffff)
			return 0;
		v = part[0] << 24 | part[1];
		break;
	case 3:
		if (part[0] > 0xff || part[1] > 0xff || part[2] > 0xffff)
			return 0;
		v = part[0] << 24 | part[1] << 16 | part[2];
		break;
	default:
		if (part[0] > 0xff || part[1] > 0xff || part[2] > 0xff || part[3] > 0xff)
			return 0;
		v = part[0] << 24 | part[1] << 16 | part[2] << 8 | part[3];
		break;
	}
	if (out)
		out->s_addr = htonl(v);
	return 1;
}

in_addr_t inet_addr(const char *s)
{
	struct in_addr a;

	return inet_aton(s, &a) ? a.s_addr : INADDR_NONE;
}

int inet_pton(int af, const char *s, void *dst)
{
	unsigned char b[4];
	int i;

	if (af != AF_INET) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	for (i = 0; i < 4; i++) {
		int v = 0, digits = 0;

		while (isdigit((unsigned char)*s)) {
			if (digits && v == 0)
				return 0;	/* no leading zeros */
			v = v * 10 + (*s++ - '0');
			if (++digits > 3 || v > 255)
				return 0;
		}
		if (!digits)
			return 0;
		b[i] = (unsigned char)v;
		if (i < 3 && *s++ != '.')
			return 0;
	}
	if (*s)
		return 0;
	memcpy(dst, b, 4);
	return 1;
}

const char *inet_ntop(int af, const void *src, char *dst, socklen_t size)
{
	const unsigned char *b = src;
	char tmp[INET_ADDRSTRLEN];
	int n;

	if (af != AF_INET) {
		errno = EAFNOSUPPORT;
		return NULL;
	}
	n = snprintf(tmp, sizeof(tmp), "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
	if (n < 0 || (socklen_t)n >= size) {
		errno = ENOSPC;
		return NULL;
	}
	memcpy(dst, tmp, n + 1);
	return dst;
}

char *inet_ntoa(struct in_addr a)
{
	static char buf[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &a, buf, sizeof(buf));
	return buf;
}

/*
 * Look a name up: a dotted quad, then /etc/hosts, then the built-in
 * "localhost". Returns 1 and the address (network order) when found.
 */
static int lookup_name(const char *name, struct in_addr *out)
{
	char line[256];
	FILE *f;

	if (inet_aton(name, out))
		return 1;
	f = fopen("/etc/hosts", "r");
	if (f) {
		while (fgets(line, sizeof(line), f)) {
			char *save, *addr, *tok;

			if (line[0] == '#')
				continue;
			addr = strtok_r(line, " \t\r\n", &save);
			if (!addr)
				continue;
			while ((tok = strtok_r(NULL, " \t\r\n", &save)) && tok[0] != '#') {
				if (strcasecmp(tok, name) == 0 && inet_pton(AF_INET, addr, out) == 1) {
					fclose(f);
					return 1;
				}
			}
		}
		fclose(f);
	}
	if (strcasecmp(name, "localhost") == 0) {
		out->s_addr = htonl(INADDR_LOOPBACK);
		return 1;
	}
	return 0;
}

struct hostent *gethostbyname(const char *name)
{
	static struct in_addr addr;
	static char *addr_list[2];
	static char *aliases[1];
	static char hname[256];
	static struct hostent he;

	if (!lookup_name(name, &addr)) {
		h_errno = HOST_NOT_FOUND;
		return NULL;
	}
	strlcpy(hname, name, sizeof(hname));
	addr_list[0] = (char *)&addr;
	addr_list[1] = NULL;
	aliases[0] = NULL;
	he.h_name = hname;
	he.h_aliases = aliases;
	he.h_addrtype = AF_INET;
	he.h_length = 4;
	he.h_addr_list = addr_list;
	return &he;
}

/* One addrinfo and its sockaddr_in in a single allocation (freeaddrinfo frees both). */
struct ai_block {
	struct addrinfo ai;
	struct sockaddr_in sin;
};

int getaddrinfo(const char *node, const char *service,
		const struct addrinfo *hints, struct addrinfo **res)
{
	static const int types[] = { SOCK_STREAM, SOCK_DGRAM };
	struct addrinfo h = { 0 };
	struct in_addr addr;
	unsigned long port = 0;
	struct addrinfo *head = NULL, **tail = &head;
	unsigned i;

	if (hints)
		h = *hints;
	if (h.ai_family != AF_UNSPEC && h.ai_family != AF_INET)
		return EAI_FAMILY;
	if (!node && !service)
		return EAI_NONAME;
	if (service) {
		char *end;

		port = strtoul(service, &end, 10);
		if (*service == '\0' || *end != '\0' || port > 65535)
			return EAI_SERVICE;	/* no /etc/services */
	}
	if (!node)
		addr.s_addr = (h.ai_flags & AI_PASSIVE) ? htonl(INADDR_ANY) : htonl(INADDR_LOOPBACK);
	else if (h.ai_flags & AI_NUMERICHOST ? inet_pton(AF_INET, node, &addr) != 1
					      : !lookup_name(node, &addr))
		return EAI_NONAME;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		struct ai_block *b;

		if (h.ai_socktype && h.ai_socktype != types[i])
			continue;
		b = calloc(1, sizeof(*b));
		if (!b) {
			freeaddrinfo(head);
			return EAI_MEMORY;
		}
		b->sin.sin_family = AF_INET;
		b->sin.sin_port = htons((uint16_t)port);
		b->sin.sin_addr = addr;
		b->ai.ai_family = AF_INET;
		b->ai.ai_socktype = types[i];
		b->ai.ai_protocol = types[i] == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
		b->ai.ai_addrlen = sizeof(b->sin);
		b->ai.ai_addr = (struct sockaddr *)&b->sin;
		if ((h.ai_flags & AI_CANONNAME) && node)
			b->ai.ai_canonname = strdup(node);
		*tail = &b->ai;
		tail = &b->ai.ai_next;
	}
	if (!head)
		return EAI_SOCKTYPE;
	*res = head;
	return 0;
}

void freeaddrinfo(struct addrinfo *res)
{
	while (res) {
		struct addrinfo *next = res->ai_next;

		free(res->ai_canonname);
		free(res);	/* the addrinfo is the first member of its ai_block */
		res = next;
	}
}

const char *gai_strerror(int err)
{
	switch (err) {
	case EAI_NONAME:	return "Name or service not known";
	case EAI_SERVICE:	return "Servname not supported for ai_socktype";
	case EAI_FAMILY:	return "ai_family not supported";
	case EAI_SOCKTYPE:	return "ai_socktype not supported";
	case EAI_MEMORY:	return "Memory allocation failure";
	case EAI_AGAIN:		return "Temporary failure in name resolution";
	default:		return "Unknown error";
	}
}
