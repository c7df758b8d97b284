/* uname: print system information from uname(2); -a all, or any of -s -n -r -v -m. */
#include <stdio.h>
#include <unistd.h>
#include <sys/utsname.h>

int main(int argc, char **argv)
{
	struct utsname u;
	int s = 0, n = 0, r = 0, v = 0, m = 0, c, first = 1;

	while ((c = getopt(argc, argv, "asnrvm")) != -1) {
		switch (c) {
		case 'a': s = n = r = v = m = 1; break;
		case 's': s = 1; break;
		case 'n': n = 1; break;
		case 'r': r = 1; break;
		case 'v': v = 1; break;
		case 'm': m = 1; break;
		default: return 1;
		}
	}
	if (!(s | n | r | v | m))
		s = 1;
	if (uname(&u) < 0) {
		perror("uname");
		return 1;
	}
	const char *fields[] = { s ? u.sysname : 0, n ? u.nodename : 0, r ? u.release : 0,
				 v ? u.version : 0, m ? u.machine : 0 };
	for (int i = 0; i < 5; i++) {
		if (!fields[i])
			continue;
		printf("%s%s", first ? "" : " ", fields[i]);
		first = 0;
	}
	putchar('\n');
	return 0;
}
