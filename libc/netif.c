/*
 * Interface names and indexes (RFC 3493's if_nametoindex family), over the
 * kernel's interface ioctls: SIOCGIFINDEX and SIOCGIFNAME on a throwaway
 * UDP socket (any socket reaches dev_ioctl), and /proc/net/dev for the
 * list of every device, the file ifconfig -a and ip link read too.
 * Neighbours: libc/socket.c (socket, ioctl), net/core/dev_ioctl.c.
 */
#include <net/if.h>
#include <sys/ioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

/* One ifreq ioctl on a fresh socket; -1 and errno on failure. */
static int ifreq_ioctl(unsigned long cmd, struct ifreq *ifr)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	int ret, saved;

	if (fd < 0)
		return -1;
	ret = ioctl(fd, cmd, ifr);
	saved = errno;
	close(fd);
	errno = saved;
	return ret;
}

unsigned int if_nametoindex(const char *name)
{
	struct ifreq ifr;

	if (strlen(name) >= IFNAMSIZ) {
		errno = ENODEV;
		return 0;
	}
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, name);
	if (ifreq_ioctl(SIOCGIFINDEX, &ifr) < 0)
		return 0;
	return ifr.ifr_ifindex;
}

char *if_indextoname(unsigned int index, char *name)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_ifindex = index;
	if (ifreq_ioctl(SIOCGIFNAME, &ifr) < 0) {
		if (errno == ENODEV)
			errno = ENXIO;		/* what POSIX asks for an unknown index */
		return NULL;
	}
	memcpy(name, ifr.ifr_name, IFNAMSIZ);
	name[IFNAMSIZ - 1] = '\0';
	return name;
}

/*
 * /proc/net/dev: two header lines, then "  name: counters..." per device,
 * in registration order.
 */
struct if_nameindex *if_nameindex(void)
{
	FILE *f = fopen("/proc/net/dev", "r");
	struct if_nameindex *list = NULL;
	char line[512];
	int n = 0, lineno = 0;

	if (!f)
		return NULL;
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *colon;
		struct if_nameindex *bigger;

		if (lineno++ < 2 || !(colon = strchr(line, ':')))
			continue;
		while (*p == ' ')
			p++;
		*colon = '\0';
		bigger = realloc(list, (n + 2) * sizeof(*list));
		if (!bigger)
			goto fail;
		list = bigger;
		list[n].if_name = strdup(p);
		list[n].if_index = list[n].if_name ? if_nametoindex(p) : 0;
		if (!list[n].if_index) {
			free(list[n].if_name);
			continue;		/* vanished, or no memory: leave it out */
		}
		n++;
	}
	fclose(f);
	if (!list && !(list = malloc(sizeof(*list))))
		return NULL;
	list[n].if_index = 0;
	list[n].if_name = NULL;
	return list;
fail:
	fclose(f);
	if (list) {
		list[n].if_index = 0;	/* the earlier realloc left room for it */
		if_freenameindex(list);
	}
	errno = ENOBUFS;
	return NULL;
}

void if_freenameindex(struct if_nameindex *ptr)
{
	struct if_nameindex *p;

	if (!ptr)
		return;
	for (p = ptr; p->if_index; p++)
		free(p->if_name);
	free(ptr);
}
