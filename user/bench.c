/*
 * bench: in-guest microbenchmarks of the kernel core, for `make bench`
 * (tools/bench/core_bench.py types these at the shell and records them in
 * docs/benchmarks.md). Each prints one line:
 *
 *     bench: NAME N ops in T us: R ops/s
 *
 *   bench getpid N     N getpid() calls: the bare int $0x80 round trip
 *                      (entry.S SAVE_ALL, do_int80_syscall, exit_to_mode, iret)
 *   bench fork N       N times fork, child _exit(0), parent waitpid
 *   bench forkexec N   N times fork, child execve("/bin/true"), waitpid
 *   bench pipe N       N one-byte ping-pongs between two processes over two
 *                      pipes: two context switches and four syscalls each
 *
 * Timing is CLOCK_MONOTONIC around the whole loop; under TCG it measures
 * the emulator as much as the kernel, so compare runs, not machines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

static unsigned long long now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000ULL + ts.tv_nsec / 1000;
}

static int bench_getpid(long n)
{
	for (long i = 0; i < n; i++)
		getpid();
	return 0;
}

static int reap(pid_t pid)
{
	int status;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "bench: child %d failed (status %#x)\n", pid, status);
		return -1;
	}
	return 0;
}

static int bench_fork(long n)
{
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid < 0) {
			perror("bench: fork");
			return -1;
		}
		if (pid == 0)
			_exit(0);
		if (reap(pid))
			return -1;
	}
	return 0;
}

static int bench_forkexec(long n)
{
	char *argv[] = { "/bin/true", NULL };

	for (long i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid < 0) {
			perror("bench: fork");
			return -1;
		}
		if (pid == 0) {
			execv(argv[0], argv);
			_exit(127);
		}
		if (reap(pid))
			return -1;
	}
	return 0;
}

static int bench_pipe(long n)
{
	int ping[2], pong[2];
	char c = 'x';

	if (pipe(ping) || pipe(pong)) {
		perror("bench: pipe");
		return -1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		perror("bench: fork");
		return -1;
	}
	if (pid == 0) {
		/* Echo every byte back until the parent closes its end. */
		close(ping[1]);
		close(pong[0]);
		while (read(ping[0], &c, 1) == 1)
			if (write(pong[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	close(ping[0]);
	close(pong[1]);
	for (long i = 0; i < n; i++) {
		if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1) {
			perror("bench: pipe round trip");
			return -1;
		}
	}
	close(ping[1]);
	close(pong[0]);
	return reap(pid);
}

static const struct {
	const char *name;
	int (*fn)(long n);
} benches[] = {
	{ "getpid", bench_getpid },
	{ "fork", bench_fork },
	{ "forkexec", bench_forkexec },
	{ "pipe", bench_pipe },
};

int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[2]) : 0;

	for (unsigned i = 0; argc > 1 && n > 0 && i < sizeof(benches) / sizeof(benches[0]); i++) {
		if (strcmp(argv[1], benches[i].name))
			continue;
		unsigned long long t0 = now_us();
		if (benches[i].fn(n))
			return 1;
		unsigned long long us = now_us() - t0;
		if (!us)
			us = 1;
		printf("bench: %s %ld ops in %llu us: %llu ops/s\n", benches[i].name, n, us,
		       (unsigned long long)n * 1000000ULL / us);
		return 0;
	}
	fprintf(stderr, "usage: bench getpid|fork|forkexec|pipe N\n");
	return 2;
}
