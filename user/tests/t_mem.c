/*
 * t_mem.c: the address space: brk, mmap2/munmap, mprotect (and the
 * SIGSEGV it causes), error cases, and malloc on top of both; and the
 * kernel's side of free memory (/proc/meminfo, vm.drop_caches).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include "ut.h"

#define PAGE 4096

/* Run fn in a child; return the signal that killed it, or 0. */
static int dies_by(void (*fn)(void *), void *arg)
{
	int status;
	pid_t pid = CHECK_OK(fork());

	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

static void poke(void *p)
{
	*(volatile char *)p = 1;
}

static void peek(void *p)
{
	(void)*(volatile char *)p;
}

void test_brk(void)
{
	char *start = (char *)syscall(__NR_brk, 0);
	char *want = start + 3 * PAGE + 100;

	CHECK(start != NULL);
	CHECK_EQ((long)syscall(__NR_brk, want), (long)want);	/* returns the new break */
	memset(start, 0xab, want - start);			/* usable */
	CHECK_EQ((unsigned char)want[-1], 0xab);
	CHECK_EQ((long)syscall(__NR_brk, start + PAGE), (long)(start + PAGE));	/* shrink */
	CHECK_EQ(start[10], (char)0xab);			/* below the break: intact */
	/* failure is reported by returning the old break, not -errno */
	CHECK_EQ((long)syscall(__NR_brk, USER_END), (long)(start + PAGE));
	CHECK_EQ((long)syscall(__NR_brk, 0), (long)(start + PAGE));
	/* growing again gives zeroed memory past what was shrunk away */
	CHECK_EQ((long)syscall(__NR_brk, start + 3 * PAGE), (long)(start + 3 * PAGE));
	CHECK_EQ(start[2 * PAGE + 5], 0);
	CHECK_EQ(dies_by(poke, start + 4 * PAGE + 8), SIGSEGV);	/* past the break */
}

void test_mmap(void)
{
	char *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED);
	CHECK_EQ((unsigned long)p % PAGE, 0);
	for (int i = 0; i < 4 * PAGE; i++)
		CHECK_EQ(p[i], 0);				/* anonymous memory is zeroed */
	memset(p, 'm', 4 * PAGE);

	/* private mappings are copied on fork */
	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		p[0] = 'c';
		_exit(p[PAGE] == 'm' ? 0 : 1);
	}
	int status;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EQ(status, 0);
	CHECK_EQ(p[0], 'm');

	/* unmap the middle: the hole faults, the rest survives */
	CHECK_OK(munmap(p + PAGE, PAGE));
	CHECK_EQ(dies_by(peek, p + PAGE), SIGSEGV);
	CHECK_EQ(p[2 * PAGE], 'm');
	CHECK_OK(munmap(p + PAGE, PAGE));		/* unmapping a hole is fine */

	/* MAP_FIXED lands exactly where asked */
	char *q = mmap(p + PAGE, PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(q == p + PAGE);
	CHECK_EQ(q[0], 0);
	CHECK_OK(munmap(p, 4 * PAGE));
	CHECK_EQ(dies_by(poke, p), SIGSEGV);

	/* a big mapping, touched sparsely */
	char *big = mmap(NULL, 8 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(big != MAP_FAILED);
	for (int i = 0; i < (8 << 20); i += 64 * PAGE)
		big[i] = 1;
	CHECK_OK(munmap(big, 8 << 20));
}

void test_mmap_errors(void)
{
	long r;

	r = syscall(__NR_mmap2, 0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK_EQ(r, -1);
	CHECK_EQ(errno, EINVAL);				/* length 0 */
	r = syscall(__NR_mmap2, 0, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0);
	CHECK_EQ(r, -1);
	CHECK_EQ(errno, EINVAL);				/* neither SHARED nor PRIVATE */
	r = syscall(__NR_mmap2, 0, PAGE, PROT_READ, MAP_PRIVATE, 99, 0);
	CHECK_EQ(r, -1);
	CHECK_EQ(errno, EBADF);					/* file mapping, bad fd */
	r = syscall(__NR_mmap2, 0x1001, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK_EQ(r, -1);
	CHECK_EQ(errno, EINVAL);				/* unaligned fixed address */
	r = syscall(__NR_mmap2, USER_END, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK_EQ(r, -1);
	CHECK(errno == ENOMEM || errno == EINVAL);		/* kernel half */
	r = syscall(__NR_mmap2, 0, 0xF0000000, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK_EQ(r, -1);
	CHECK_EQ(errno, ENOMEM);				/* larger than user space */
	CHECK_ERR(munmap((void *)0x1001, PAGE), EINVAL);
	CHECK_ERR(munmap(NULL, 0), EINVAL);
	CHECK_ERR(mprotect((void *)0x1001, PAGE, PROT_READ), EINVAL);
}

void test_mprotect(void)
{
	char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED);
	p[0] = 'a';
	p[PAGE] = 'b';
	CHECK_OK(mprotect(p, PAGE, PROT_READ));
	CHECK_EQ(p[0], 'a');					/* still readable */
	CHECK_EQ(dies_by(poke, p), SIGSEGV);			/* not writable */
	p[PAGE] = 'c';						/* second page unaffected */
	CHECK_OK(mprotect(p, PAGE, PROT_NONE));
	CHECK_EQ(dies_by(peek, p), SIGSEGV);
	CHECK_OK(mprotect(p, PAGE, PROT_READ | PROT_WRITE));
	p[0] = 'd';
	CHECK_EQ(p[0], 'd');
	/* the kernel must not write through a read-only page either */
	CHECK_OK(mprotect(p, PAGE, PROT_READ));
	int pp[2];
	CHECK_OK(pipe(pp));
	CHECK_EQ(write(pp[1], "0123456789abcdef", 16), 16);
	CHECK_ERR(read(pp[0], p, 16), EFAULT);
	close(pp[0]);
	close(pp[1]);
	CHECK_EQ(p[0], 'd');
	CHECK_OK(munmap(p, 2 * PAGE));
	CHECK_ERR(mprotect(p, PAGE, PROT_READ), ENOMEM);	/* nothing mapped there */
}

void test_malloc(void)
{
	enum { N = 200 };
	char *ptrs[N];

	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < N; i++) {
			size_t size = (size_t)(i * 37 % 500 + 1) * (i % 10 == 0 ? 1000 : 1);
			ptrs[i] = malloc(size);
			CHECK(ptrs[i] != NULL);
			CHECK_EQ((unsigned long)ptrs[i] % 8, 0);
			memset(ptrs[i], i, size);
		}
		for (int i = 0; i < N; i += 2)
			free(ptrs[i]);
		for (int i = 1; i < N; i += 2) {
			CHECK_EQ((unsigned char)ptrs[i][0], i);
			ptrs[i] = realloc(ptrs[i], 3000);
			CHECK(ptrs[i] != NULL);
			CHECK_EQ((unsigned char)ptrs[i][0], i);
			free(ptrs[i]);
		}
	}
	char *z = calloc(1000, 4);
	for (int i = 0; i < 4000; i++)
		CHECK_EQ(z[i], 0);
	free(z);
	CHECK(malloc((size_t)-1) == NULL);
	CHECK_EQ(errno, ENOMEM);
}

/*
 * /proc/sys/vm/drop_caches, Linux's knob: root's to write (EACCES for
 * others), 1-4 accepted, anything else EINVAL, reads 0. The slab keeps a few empty slabs per cache after a
 * burst (MemAvailable counts them, MemFree does not, as Linux's
 * SReclaimable); writing 2 gives them back, and MemFree rises by them.
 */
void test_vm_drop_caches(void)
{
	long free0, avail0, free1;
	int fd, s[200];
	char c[4] = "";

	if (geteuid() != 0) {
		CHECK_ERR(open("/proc/sys/vm/drop_caches", O_WRONLY), EACCES);	/* root's, as every sysctl */
		return;
	}
	fd = CHECK_OK(open("/proc/sys/vm/drop_caches", O_RDWR));
	CHECK_ERR(write(fd, "0\n", 2), EINVAL);
	CHECK_ERR(write(fd, "5\n", 2), EINVAL);
	CHECK_EQ(write(fd, "2\n", 2), 2);
	CHECK_EQ(pread(fd, c, sizeof(c) - 1, 0), 2);
	CHECK(!strcmp(c, "0\n"));
	/* A burst of sockets, gone again: their slabs empty out and some are kept. */
	for (int i = 0; i < 200; i++)
		s[i] = CHECK_OK(socket(AF_INET, SOCK_STREAM, 0));
	for (int i = 0; i < 200; i++)
		close(s[i]);
	free0 = ut_meminfo_kb("MemFree");
	avail0 = ut_meminfo_kb("MemAvailable");
	CHECK(free0 > 0 && avail0 > free0);
	CHECK_EQ(write(fd, "2\n", 2), 2);
	free1 = ut_meminfo_kb("MemFree");
	if (free1 < free0 + (avail0 - free0) - 64)
		ut_fail("MemFree %ld -> %ld kB after dropping %ld kB of kept slabs", free0, free1, avail0 - free0);
	close(fd);
}
