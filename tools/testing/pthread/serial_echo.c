/*
 * serial_echo DEV COUNT [fill]: the guest end of the serial byte pipe test
 * (tools/testing/test_threads.py). Puts DEV (/dev/ttyS1) in raw mode the
 * way programs do (cfmakeraw + tcsetattr, checked with tcgetattr), says
 * "serial_echo: ready" on stdout, then echoes COUNT bytes back: poll for
 * input, read what is there, write all of it (a full transmit queue
 * blocks the write until the UART drains it), and finally tcdrain. With
 * "fill" it first lets the input queue fill up (FIONREAD reaches the
 * line discipline's 4096 bytes) before reading anything, so the kernel
 * must hold the sender back rather than drop what does not fit.
 * Unmodified static glibc program, like pthread_pool.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sys/ioctl.h>

#define N_TTY_BUF_SIZE	4096	/* what the line discipline holds (Linux's too) */

static int die(const char *what)
{
	printf("serial_echo: %s: %s\n", what, strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	struct termios t, back;
	char buf[4096];
	long want, done = 0, polls = 0;
	int fd;

	if (argc < 3 || argc > 4 || (argc == 4 && strcmp(argv[3], "fill"))) {
		fprintf(stderr, "usage: serial_echo DEV COUNT [fill]\n");
		return 2;
	}
	want = atol(argv[2]);
	fd = open(argv[1], O_RDWR | O_NOCTTY);
	if (fd < 0)
		return die("open");
	if (tcgetattr(fd, &t))
		return die("tcgetattr");
	cfmakeraw(&t);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(fd, TCSAFLUSH, &t))
		return die("tcsetattr");
	if (tcgetattr(fd, &back))
		return die("tcgetattr");
	if ((back.c_lflag & (ICANON | ECHO | ISIG)) || (back.c_oflag & OPOST) ||
	    (back.c_iflag & (ICRNL | IXON))) {
		printf("serial_echo: raw mode did not stick\n");
		return 1;
	}
	printf("serial_echo: ready\n");
	fflush(stdout);
	if (argc == 4) {
		int queued = 0;

		for (int ms = 0; queued < N_TTY_BUF_SIZE; ms++) {
			if (ioctl(fd, FIONREAD, &queued))
				return die("FIONREAD");
			if (ms == 60000) {
				printf("serial_echo: the queue never filled (%d bytes)\n", queued);
				return 1;
			}
			usleep(1000);	/* polling a count, not ordering anything */
		}
		printf("serial_echo: %d bytes queued, reading now\n", queued);
	}

	while (done < want) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (poll(&p, 1, 60000) != 1)
			return die("poll (no input for 60 s)");
		polls++;
		n = read(fd, buf, sizeof(buf) < (size_t)(want - done) ? sizeof(buf) : (size_t)(want - done));
		if (n <= 0)
			return die("read");
		for (ssize_t off = 0; off < n; ) {
			ssize_t w = write(fd, buf + off, n - off);
			if (w <= 0)
				return die("write");
			off += w;
		}
		done += n;
	}
	if (tcdrain(fd))
		return die("tcdrain");
	printf("serial_echo: %ld bytes echoed in %ld reads\n", done, polls);
	return 0;
}
