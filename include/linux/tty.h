/*
 * The terminals: the serial console ttyS0 (/dev/console, /dev/ttyS0, and
 * /dev/tty for the session it controls) and the second serial line ttyS1
 * (/dev/ttyS1). kernel/fs/tty.c is a small n_tty line discipline on top
 * of the UARTs (drivers/uart16550.c), reached through each tty's
 * tty_driver_ops:
 *
 *   UART IRQ → serial rx handler → n_tty_receive_char (hard-IRQ context):
 *        ISIG chars → kill_pgrp(tty->pgrp, SIGINT/SIGQUIT/SIGTSTP)
 *        ICANON editing (erase, kill, EOF), ICRNL, echo via serial_write
 *        → read_buf, wake_up(read_wait)
 *   read(2)  → tty_read  → n_tty_read: sleeps until a line (canonical) or
 *        VMIN bytes / VTIME (non-canonical) are there
 *   write(2) → tty_write → OPOST/ONLCR → ops->write (the console: polled
 *        out at once; ttyS1: into the UART's ring, sleeping while it is full)
 *
 * Lock legend: tty->lock is taken from the IRQ handler, so everything else
 * takes it with spin_lock_irqsave. It guards read_buf and its indices,
 * termios, pgrp and session. Never copy to/from user space under it.
 */
#ifndef _LINUX_TTY_H
#define _LINUX_TTY_H

#include "fs.h"
#include "wait.h"
#include "../uapi/termios.h"

#define N_TTY_BUF_SIZE	4096		/* power of two: indices wrap by masking */

struct tty_struct;

/* What a tty needs from the driver below it (Linux's tty_operations, cut down). */
struct tty_driver_ops {
	/* Queue up to n bytes for output, any context; returns how many it took. */
	size_t (*write)(struct tty_struct *tty, const u8 *buf, size_t n);
	size_t (*write_room)(struct tty_struct *tty);	/* bytes write takes now */
	bool (*tx_empty)(struct tty_struct *tty);	/* all sent (tcdrain) */
	void (*unthrottle)(struct tty_struct *tty);	/* optional: a read made room */
};

struct tty_struct {
	spinlock_t lock;
	const char *name;
	const struct tty_driver_ops *ops;	/* NULL: no hardware behind it (open: EIO) */
	void *driver_data;
	struct termios termios;		/* lock */
	struct winsize winsize;		/* lock */
	pid_t pgrp;			/* foreground process group; 0 = none */
	pid_t session;			/* the session it controls; 0 = none */
	/* Input ring: [read_tail, canon_head) is readable in canonical mode,
	 * [read_tail, read_head) otherwise; [canon_head, read_head) is the line
	 * still being edited. Indices are free-running, masked on use. */
	unsigned int read_head, canon_head, read_tail;
	u8 read_buf[N_TTY_BUF_SIZE];
	unsigned long eol_map[N_TTY_BUF_SIZE / 32];	/* bit set: this char ends a line */
	unsigned int column;		/* output column, for erasing tabs roughly */
	wait_queue_head_t read_wait;
	wait_queue_head_t write_wait;	/* writers waiting for ops->write_room, tcdrain */
	unsigned long rx_overruns;	/* chars dropped because read_buf was full */
};

extern struct tty_struct console_tty;
extern const struct file_operations tty_fops;
void tty_init(void);			/* from vfs_init: hooks the UART rx handlers */
void n_tty_receive_char(struct tty_struct *tty, u8 c);	/* IRQ context */
bool tty_receive_room(struct tty_struct *tty);	/* IRQ context: may the driver pass a byte? */
int tty_open_console(struct file *f, bool is_dev_tty);	/* chrdev_open helper */
int tty_open_serial(struct file *f, unsigned int line);	/* /dev/ttyS<line> */
void tty_session_exit(pid_t session);	/* session leader exited: drop ctty */

/* Provided by drivers/uart16550.c (the lead's). */
extern void serial_write(const char *buf, size_t n);
extern void serial_set_rx_handler(void (*fn)(u8 c));
const struct tty_driver_ops *uart_attach(int line, struct tty_struct *tty);

#endif
