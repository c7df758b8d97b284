/*
 * The terminals: a small n_tty line discipline between the UARTs and
 * /dev/console, /dev/tty, /dev/ttyS0 (the console) and /dev/ttyS1 (the
 * second serial line). See include/linux/tty.h for the picture.
 *
 * Input (hard-IRQ context, from the UART's rx handler):
 *   n_tty_receive_char: input mapping (ICRNL, IGNCR, INLCR, ISTRIP) →
 *   ISIG (^C ^\ ^Z flush the input and signal the foreground group) →
 *   ICANON editing (erase with DEL or ^H, ^W word erase, ^U kill, ^D EOF,
 *   newline ends a line) → echo → read_buf → wake readers.
 * Output: tty_write → OPOST/ONLCR ("\n" → "\r\n") → tty->ops->write. A
 * writer takes only what ops->write_room allows and sleeps on write_wait
 * for more (ttyS1's ring; the console always has room). TCSETSW/TCSETSF
 * and tcdrain (TCSBRK) wait until ops->tx_empty.
 * Flow control on input: a driver asks tty_receive_room before passing a
 * byte; in non-canonical mode a full read_buf says no, the driver stops
 * taking input (ttyS1 masks its RX interrupt, the sender is held back) and
 * tty_read calls ops->unthrottle once it made room. Canonical mode drops
 * (rx_overruns), as before: a line too long to end would block forever.
 * Reading: canonical mode returns at most one line (a line ended by ^D
 * returns without the ^D; an empty one returns 0 = EOF); non-canonical
 * mode honours VMIN/VTIME: (0,0) poll, (0,t) one timed wait, (m,0) wait
 * for m bytes, (m,t) wait for the first byte then at most t tenths of a
 * second between bytes.
 *
 * Controlling terminal: the first session leader to open /dev/console
 * without O_NOCTTY (or to ask with TIOCSCTTY) makes it its session's
 * controlling tty, its process group the foreground one; /dev/tty opens
 * only for members of that session (else ENXIO, as Linux). Only the
 * console is ever a controlling terminal: ttyS1 opens as with O_NOCTTY
 * and refuses TIOCSCTTY (EPERM), a data line rather than a login line.
 *
 * Job control: a background reader is stopped by SIGTTIN (tty_job_control).
 * Not done: SIGTTOU for background writers under TOSTOP, output flow
 * control (IXON ^S/^Q), exact tab erasure.
 *
 * Lock legend: tty->lock, irqsave everywhere (the IRQ handler takes it),
 * guards read_buf and its indices, eol_map, termios, winsize, pgrp and
 * session. Echo goes out under it (ops->write is IRQ-safe); copies to
 * and from user space never happen under it; kill_pgrp runs after it is
 * dropped.
 *
 * Neighbours: char_dev.c (opens us), drivers/uart16550.c (serial_write,
 * serial_set_rx_handler, uart_attach), kernel/signal.c (kill_pgrp).
 */
#include <linux/tty.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/capability.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/jiffies.h>

#define TTY_CHUNK	128		/* bytes moved per user copy (kept on the stack) */
#define TCSBRK		0x5409
#define TCXONC		0x540A
#define TCIFLUSH	0
#define TCOFLUSH	1
#define TCIOFLUSH	2

#define L_FLAG(tty, f)	((tty)->termios.c_lflag & (f))
#define I_FLAG(tty, f)	((tty)->termios.c_iflag & (f))
#define O_FLAG(tty, f)	((tty)->termios.c_oflag & (f))
#define CC(tty, i)	((tty)->termios.c_cc[i])

struct tty_struct console_tty;
static struct tty_struct serial1_tty;	/* ttyS1; ops NULL without a UART at COM2 */

static void tty_out(struct tty_struct *tty, const void *buf, size_t n)
{
	tty->ops->write(tty, buf, n);	/* echo: what the ring cannot take is counted there */
}

static inline u8 rb_get(struct tty_struct *tty, unsigned int i)
{
	return tty->read_buf[i & (N_TTY_BUF_SIZE - 1)];
}
static inline bool eol_test(struct tty_struct *tty, unsigned int i)
{
	i &= N_TTY_BUF_SIZE - 1;
	return tty->eol_map[i / 32] & (1UL << (i % 32));
}
static inline void eol_assign(struct tty_struct *tty, unsigned int i, bool on)
{
	i &= N_TTY_BUF_SIZE - 1;
	if (on)
		tty->eol_map[i / 32] |= 1UL << (i % 32);
	else
		tty->eol_map[i / 32] &= ~(1UL << (i % 32));
}

static void tty_init_termios(struct termios *t)
{
	static const cc_t init_cc[NCCS] = {
		[VINTR] = 3, [VQUIT] = 28, [VERASE] = 127, [VKILL] = 21, [VEOF] = 4,
		[VTIME] = 0, [VMIN] = 1, [VSTART] = 17, [VSTOP] = 19, [VSUSP] = 26,
		[VREPRINT] = 18, [VDISCARD] = 15, [VWERASE] = 23, [VLNEXT] = 22,
	};

	memset(t, 0, sizeof(*t));
	t->c_iflag = ICRNL | IXON | IUTF8;
	t->c_oflag = OPOST | ONLCR;
	t->c_cflag = B115200 | CS8 | CREAD | HUPCL | CLOCAL;
	t->c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
	memcpy(t->c_cc, init_cc, sizeof(init_cc));
}

/* Output one character with OPOST processing. lock held or not: ops->write is IRQ-safe. */
static void tty_put_char(struct tty_struct *tty, u8 c)
{
	if (c == '\n' && O_FLAG(tty, OPOST) && O_FLAG(tty, ONLCR))
		tty_out(tty, "\r\n", 2);
	else
		tty_out(tty, &c, 1);
}

static bool is_ctl_echoed(struct tty_struct *tty, u8 c)
{
	return L_FLAG(tty, ECHOCTL) && (c < 32 || c == 127) && c != '\t' && c != '\n';
}

static void echo_char(struct tty_struct *tty, u8 c)
{
	if (!L_FLAG(tty, ECHO))
		return;
	if (is_ctl_echoed(tty, c)) {
		char ctl[2] = { '^', c == 127 ? '?' : c + '@' };
		tty_out(tty, ctl, 2);
	} else {
		tty_put_char(tty, c);
	}
}

/* Remove the last character of the line being edited, and from the screen. */
static bool erase_one(struct tty_struct *tty)
{
	u8 c;

	if (tty->read_head == tty->canon_head)
		return false;
	tty->read_head--;
	c = rb_get(tty, tty->read_head);
	if (L_FLAG(tty, ECHO) && L_FLAG(tty, ECHOE)) {
		tty_out(tty, "\b \b", 3);
		if (is_ctl_echoed(tty, c))
			tty_out(tty, "\b \b", 3);	/* "^X" took two columns */
	}
	return true;
}

static void put_input(struct tty_struct *tty, u8 c, bool eol)
{
	eol_assign(tty, tty->read_head, eol);
	tty->read_buf[tty->read_head & (N_TTY_BUF_SIZE - 1)] = c;
	tty->read_head++;
	if (eol)
		tty->canon_head = tty->read_head;
}

static void flush_input(struct tty_struct *tty)
{
	tty->read_head = tty->canon_head = tty->read_tail;
}

static int isig_signal(struct tty_struct *tty, u8 c)
{
	if (!L_FLAG(tty, ISIG) || c == 0)	/* a _POSIX_VDISABLE (0) slot never matches */
		return 0;
	if (c == CC(tty, VINTR))
		return SIGINT;
	if (c == CC(tty, VQUIT))
		return SIGQUIT;
	if (c == CC(tty, VSUSP))
		return SIGTSTP;
	return 0;
}

/* Called from the UART's IRQ handler for every received byte. */
void n_tty_receive_char(struct tty_struct *tty, u8 c)
{
	unsigned long flags;
	unsigned int used;
	pid_t sig_pgrp = 0;
	int sig;

	spin_lock_irqsave(&tty->lock, flags);
	if (I_FLAG(tty, ISTRIP))
		c &= 0x7f;
	if (c == '\r') {
		if (I_FLAG(tty, IGNCR))
			goto out_unlock;
		if (I_FLAG(tty, ICRNL))
			c = '\n';
	} else if (c == '\n' && I_FLAG(tty, INLCR)) {
		c = '\r';
	}

	sig = isig_signal(tty, c);
	if (sig) {
		if (!L_FLAG(tty, NOFLSH))
			flush_input(tty);
		echo_char(tty, c);
		sig_pgrp = tty->pgrp;
		goto out_wake;
	}

	used = tty->read_head - tty->read_tail;
	if (L_FLAG(tty, ICANON)) {
		bool is_nl = c == '\n' || (c && (c == CC(tty, VEOL) || c == CC(tty, VEOL2)));

		if (c && (c == CC(tty, VERASE) || c == '\b' || c == 127)) {
			erase_one(tty);
			goto out_unlock;
		}
		if (c && c == CC(tty, VWERASE) && L_FLAG(tty, IEXTEN)) {
			while (tty->read_head != tty->canon_head &&
			       rb_get(tty, tty->read_head - 1) == ' ')
				erase_one(tty);
			while (tty->read_head != tty->canon_head &&
			       rb_get(tty, tty->read_head - 1) != ' ')
				erase_one(tty);
			goto out_unlock;
		}
		if (c && c == CC(tty, VKILL)) {
			while (erase_one(tty))
				;
			goto out_unlock;
		}
		if (c && c == CC(tty, VEOF)) {
			if (used < N_TTY_BUF_SIZE)
				put_input(tty, c, true);	/* the EOF marker: never copied out */
			goto out_wake;
		}
		/* Keep one slot so a full line can always still be ended. */
		if (used >= N_TTY_BUF_SIZE - (is_nl ? 0 : 1)) {
			tty->rx_overruns++;
			goto out_unlock;
		}
		put_input(tty, c, is_nl);
		if (is_nl && !L_FLAG(tty, ECHO) && L_FLAG(tty, ECHONL))
			tty_put_char(tty, '\n');
		else
			echo_char(tty, c);
		if (is_nl)
			goto out_wake;
		goto out_unlock;
	}

	if (used >= N_TTY_BUF_SIZE) {
		tty->rx_overruns++;
		goto out_unlock;
	}
	put_input(tty, c, false);
	tty->canon_head = tty->read_head;
	echo_char(tty, c);
out_wake:
	spin_unlock_irqrestore(&tty->lock, flags);
	wake_up_interruptible_poll(&tty->read_wait, POLLIN | POLLRDNORM);
	if (sig && sig_pgrp > 0)
		kill_pgrp(sig_pgrp, sig);
	return;
out_unlock:
	spin_unlock_irqrestore(&tty->lock, flags);
}

static void console_rx(u8 c)
{
	n_tty_receive_char(&console_tty, c);
}

/* IRQ context, lock-free peek. Only non-canonical input is held back (see the top). */
bool tty_receive_room(struct tty_struct *tty)
{
	if (L_FLAG(tty, ICANON))
		return true;
	return READ_ONCE(tty->read_head) - READ_ONCE(tty->read_tail) < N_TTY_BUF_SIZE;
}

/* Is there something a reader in the current mode may take? Lock-free peek. */
static bool input_available(struct tty_struct *tty)
{
	if (L_FLAG(tty, ICANON))
		return READ_ONCE(tty->canon_head) != READ_ONCE(tty->read_tail);
	return READ_ONCE(tty->read_head) != READ_ONCE(tty->read_tail);
}

/*
 * Move up to room bytes into kbuf. lock held. In canonical mode stop after
 * the end of a line (*line_done); an EOF marker ends the line uncopied.
 */
static size_t copy_input(struct tty_struct *tty, u8 *kbuf, size_t room, bool *line_done)
{
	bool canon = L_FLAG(tty, ICANON);
	unsigned int end = canon ? tty->canon_head : tty->read_head;
	size_t n = 0;

	while (n < room && tty->read_tail != end) {
		unsigned int i = tty->read_tail;
		u8 c = rb_get(tty, i);
		bool eol = canon && eol_test(tty, i);

		tty->read_tail++;
		eol_assign(tty, i, false);
		if (eol && c == CC(tty, VEOF) && c) {
			*line_done = true;
			break;
		}
		kbuf[n++] = c;
		if (eol) {
			*line_done = true;
			break;
		}
	}
	return n;
}

/*
 * Job control for a reader (Linux's __tty_check_change with SIGTTIN): in
 * the session that owns the terminal, a process outside its foreground
 * group may not read it. Its whole group gets SIGTTIN, which stops it,
 * and the read restarts when the shell continues it (fg). A reader that
 * ignores or blocks SIGTTIN, or whose group is orphaned (nobody could
 * continue it), gets EIO instead. Else a background job would take the
 * line meant for the shell.
 */
static int tty_job_control(struct tty_struct *tty)
{
	struct kernel_sigaction *ka = &current->sighand->action[SIGTTIN - 1];
	unsigned long flags;
	pid_t fg;

	spin_lock_irqsave(&tty->lock, flags);
	fg = tty->session && tty->session == current->session ? tty->pgrp : 0;
	spin_unlock_irqrestore(&tty->lock, flags);
	if (!fg || fg == current->pgrp)
		return 0;
	if (ka->sa_handler == SIG_IGN || sigismember_k(&current->blocked, SIGTTIN) ||
	    pgrp_is_orphaned(current->pgrp))
		return -EIO;
	kill_pgrp(current->pgrp, SIGTTIN);
	return -ERESTARTSYS;
}

static ssize_t tty_read(struct file *f, char __user *buf, size_t count, loff_t *ppos)
{
	struct tty_struct *tty = f->private_data;
	u8 kbuf[TTY_CHUNK];
	size_t copied = 0;
	unsigned long flags;
	int err;

	if (!count)
		return 0;
	err = tty_job_control(tty);
	if (err)
		return err;
	for (;;) {
		bool line_done = false, canon;
		unsigned int vmin, vtime;
		long timeout, left;
		size_t n;

		spin_lock_irqsave(&tty->lock, flags);
		canon = L_FLAG(tty, ICANON);
		vmin = CC(tty, VMIN);
		vtime = CC(tty, VTIME);
		n = copy_input(tty, kbuf, min(sizeof(kbuf), count - copied), &line_done);
		spin_unlock_irqrestore(&tty->lock, flags);
		if (n && tty->ops->unthrottle)
			tty->ops->unthrottle(tty);

		if (n && copy_to_user(buf + copied, kbuf, n))
			return copied ? (ssize_t)copied : -EFAULT;
		copied += n;
		if (copied == count || (canon && line_done))
			break;
		if (n)
			continue;		/* more may be there already */
		/* Nothing left to take right now: decide whether to wait. */
		if (!canon) {
			if (copied >= min_t(size_t, vmin, count) && (vmin || copied || !vtime))
				break;		/* VMIN satisfied, or (0,0) poll */
			if (vtime && (vmin == 0 || copied))
				timeout = msecs_to_jiffies(vtime * 100);
			else
				timeout = MAX_SCHEDULE_TIMEOUT;
		} else {
			timeout = MAX_SCHEDULE_TIMEOUT;
		}
		if (f->f_flags & O_NONBLOCK) {
			if (copied)
				break;
			return -EAGAIN;
		}
		left = wait_event_interruptible_timeout(tty->read_wait, input_available(tty), timeout);
		if (left < 0)
			return copied ? (ssize_t)copied : -ERESTARTSYS;
		if (left == 0)
			break;			/* VTIME ran out */
	}
	return copied;
}

/*
 * OPOST-expand as many of the n bytes at in as fit in the driver's room
 * and hand them over, with interrupts off so that no echo takes the room
 * in between. Returns how many input bytes went out.
 */
static size_t tty_write_some(struct tty_struct *tty, const char *in, size_t n)
{
	bool onlcr = O_FLAG(tty, OPOST) && O_FLAG(tty, ONLCR);
	char out[2 * TTY_CHUNK];
	unsigned long flags;
	size_t i = 0, o = 0, room;

	local_irq_save(flags);
	room = min(tty->ops->write_room(tty), sizeof(out));
	for (; i < n; i++) {
		size_t need = (in[i] == '\n' && onlcr) ? 2 : 1;

		if (o + need > room)
			break;
		if (need == 2)
			out[o++] = '\r';
		out[o++] = in[i];
	}
	if (o)
		tty->ops->write(tty, (const u8 *)out, o);
	local_irq_restore(flags);
	return i;
}

static bool tty_has_room(struct tty_struct *tty)
{
	return tty->ops->write_room(tty) >= 2;	/* a whole "\r\n" */
}

static ssize_t tty_write(struct file *f, const char __user *buf, size_t count, loff_t *ppos)
{
	struct tty_struct *tty = f->private_data;
	char kbuf[TTY_CHUNK];
	size_t done = 0;

	while (done < count) {
		size_t n = min(sizeof(kbuf), count - done), i = 0;

		if (copy_from_user(kbuf, buf + done, n))
			return done ? (ssize_t)done : -EFAULT;
		while (i < n) {
			size_t sent = tty_write_some(tty, kbuf + i, n - i);

			i += sent;
			if (sent)
				continue;
			/* The driver's queue is full: wait for it to drain. */
			if (f->f_flags & O_NONBLOCK)
				return done + i ? (ssize_t)(done + i) : -EAGAIN;
			if (wait_event_interruptible(tty->write_wait, tty_has_room(tty)))
				return done + i ? (ssize_t)(done + i) : -ERESTARTSYS;
		}
		done += n;
		if (done < count && signal_pending(current))
			break;			/* a partial write, as Linux's tty_write */
	}
	return done;
}

/*
 * tcdrain: until the driver has sent everything queued. The last THRE
 * interrupt wakes us when the ring empties, but the shift register may
 * still hold a byte then and no interrupt says when it is gone: look again
 * every 10 ms, as Linux's uart_wait_until_sent polls.
 */
static int tty_wait_until_sent(struct tty_struct *tty)
{
	while (!tty->ops->tx_empty(tty)) {
		long left = wait_event_interruptible_timeout(tty->write_wait, tty->ops->tx_empty(tty),
							     msecs_to_jiffies(10));
		if (left < 0)
			return left;
	}
	return 0;
}

static __poll_t tty_poll(struct file *f, poll_table *wait)
{
	struct tty_struct *tty = f->private_data;
	__poll_t mask = 0;

	poll_wait(f, &tty->read_wait, wait);
	poll_wait(f, &tty->write_wait, wait);
	if (input_available(tty))
		mask |= POLLIN | POLLRDNORM;
	if (tty_has_room(tty))
		mask |= POLLOUT | POLLWRNORM;
	return mask;
}

static void tty_set_termios(struct tty_struct *tty, const struct termios *t, bool flush)
{
	unsigned long flags;

	spin_lock_irqsave(&tty->lock, flags);
	if (flush)
		flush_input(tty);
	/* Leaving or entering canonical mode: what was typed becomes readable. */
	if ((tty->termios.c_lflag ^ t->c_lflag) & ICANON)
		tty->canon_head = tty->read_head;
	tty->termios = *t;
	spin_unlock_irqrestore(&tty->lock, flags);
	wake_up_interruptible_poll(&tty->read_wait, POLLIN | POLLRDNORM);
}

static long tty_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct tty_struct *tty = f->private_data;
	void __user *p = (void __user *)arg;
	struct termios t;
	struct winsize ws;
	unsigned long flags;
	int val;

	switch (cmd) {
	case TCGETS:
		spin_lock_irqsave(&tty->lock, flags);
		t = tty->termios;
		spin_unlock_irqrestore(&tty->lock, flags);
		return copy_to_user(p, &t, sizeof(t)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:		/* after what is queued has been sent */
	case TCSETSF:
		if (copy_from_user(&t, p, sizeof(t)))
			return -EFAULT;
		if (cmd != TCSETS && tty_wait_until_sent(tty))
			return -ERESTARTSYS;
		tty_set_termios(tty, &t, cmd == TCSETSF);
		return 0;
	case TIOCGWINSZ:
		spin_lock_irqsave(&tty->lock, flags);
		ws = tty->winsize;
		spin_unlock_irqrestore(&tty->lock, flags);
		return copy_to_user(p, &ws, sizeof(ws)) ? -EFAULT : 0;
	case TIOCSWINSZ: {
		bool changed;
		pid_t pgrp;

		if (copy_from_user(&ws, p, sizeof(ws)))
			return -EFAULT;
		spin_lock_irqsave(&tty->lock, flags);
		changed = memcmp(&ws, &tty->winsize, sizeof(ws)) != 0;
		tty->winsize = ws;
		pgrp = tty->pgrp;
		spin_unlock_irqrestore(&tty->lock, flags);
		if (changed && pgrp > 0)
			kill_pgrp(pgrp, SIGWINCH);
		return 0;
	}
	case TIOCGPGRP:
		if (tty->session && tty->session != current->session)
			return -ENOTTY;
		return put_user((int)tty->pgrp, (int __user *)p);
	case TIOCSPGRP:
		if (get_user(val, (int __user *)p))
			return -EFAULT;
		if (val < 0)
			return -EINVAL;
		if (!tty->session || tty->session != current->session)
			return -ENOTTY;
		spin_lock_irqsave(&tty->lock, flags);
		tty->pgrp = val;
		spin_unlock_irqrestore(&tty->lock, flags);
		return 0;
	case TIOCGSID:
		if (!tty->session || tty->session != current->session)
			return -ENOTTY;
		return put_user((int)tty->session, (int __user *)p);
	case TIOCSCTTY:
		if (current->pid != current->session || tty != &console_tty)
			return -EPERM;		/* only a session leader, only the console */
		spin_lock_irqsave(&tty->lock, flags);
		if (tty->session && tty->session != current->session &&
		    !(arg == 1 && capable(CAP_SYS_ADMIN))) {
			spin_unlock_irqrestore(&tty->lock, flags);
			return -EPERM;		/* someone else's, and no steal */
		}
		tty->session = current->session;
		tty->pgrp = current->pgrp;
		spin_unlock_irqrestore(&tty->lock, flags);
		return 0;
	case TIOCNOTTY:
		if (tty->session != current->session)
			return -ENOTTY;
		if (current->pid == current->session)
			tty_session_exit(current->session);
		return 0;
	case FIONREAD:
		spin_lock_irqsave(&tty->lock, flags);
		val = (L_FLAG(tty, ICANON) ? tty->canon_head : tty->read_head) - tty->read_tail;
		spin_unlock_irqrestore(&tty->lock, flags);
		return put_user(val, (int __user *)p);
	case TCFLSH:
		if (arg > TCIOFLUSH)
			return -EINVAL;
		if (arg != TCOFLUSH) {
			spin_lock_irqsave(&tty->lock, flags);
			flush_input(tty);
			spin_unlock_irqrestore(&tty->lock, flags);
		}
		return 0;
	case TCSBRK:		/* tcdrain (and tcsendbreak: no break is sent) */
		return tty_wait_until_sent(tty) ? -ERESTARTSYS : 0;
	case TCXONC:
		return 0;		/* no software flow control */
	}
	return -ENOTTY;
}

/* The session that owned the terminal ended: it is free for the next leader. */
void tty_session_exit(pid_t session)
{
	struct tty_struct *tty = &console_tty;
	unsigned long flags;

	spin_lock_irqsave(&tty->lock, flags);
	if (tty->session == session) {
		tty->session = 0;
		tty->pgrp = 0;
	}
	spin_unlock_irqrestore(&tty->lock, flags);
}

int tty_open_console(struct file *f, bool is_dev_tty)
{
	struct tty_struct *tty = &console_tty;
	unsigned long flags;
	int err = 0;

	spin_lock_irqsave(&tty->lock, flags);
	if (is_dev_tty) {
		if (!tty->session || tty->session != current->session)
			err = -ENXIO;		/* no controlling terminal */
	} else if (!(f->f_flags & O_NOCTTY) && !tty->session &&
		   current->pid == current->session) {
		tty->session = current->session;
		tty->pgrp = current->pgrp;
	}
	spin_unlock_irqrestore(&tty->lock, flags);
	if (!err)
		f->private_data = tty;
	return err;
}

/* /dev/ttyS0 is the console (never made a controlling tty by open, as O_NOCTTY); ttyS1 the second line. */
int tty_open_serial(struct file *f, unsigned int line)
{
	struct tty_struct *tty = line == 0 ? &console_tty : line == 1 ? &serial1_tty : NULL;

	if (!tty)
		return -ENXIO;
	if (!tty->ops)
		return -EIO;		/* no UART there (Linux's uart_port_activate) */
	f->private_data = tty;
	return 0;
}

const struct file_operations tty_fops = {
	.llseek		= no_llseek,
	.read		= tty_read,
	.write		= tty_write,
	.poll		= tty_poll,
	.unlocked_ioctl	= tty_ioctl,
};

static size_t console_write(struct tty_struct *tty, const u8 *buf, size_t n)
{
	serial_write((const char *)buf, n);	/* polled: always all of it */
	return n;
}

static size_t console_write_room(struct tty_struct *tty)
{
	return 2 * TTY_CHUNK;		/* any amount: serial_write waits on the UART */
}

static bool console_tx_empty(struct tty_struct *tty)
{
	return true;			/* nothing is ever queued */
}

static const struct tty_driver_ops console_ops = {
	.write		= console_write,
	.write_room	= console_write_room,
	.tx_empty	= console_tx_empty,
};

static void tty_setup(struct tty_struct *tty, const char *name)
{
	spin_lock_init(&tty->lock);
	tty->name = name;
	tty_init_termios(&tty->termios);
	tty->winsize.ws_row = 24;
	tty->winsize.ws_col = 80;
	init_waitqueue_head(&tty->read_wait);
	init_waitqueue_head(&tty->write_wait);
}

void tty_init(void)
{
	tty_setup(&console_tty, "ttyS0");
	console_tty.ops = &console_ops;
	serial_set_rx_handler(console_rx);
	tty_setup(&serial1_tty, "ttyS1");
	serial1_tty.ops = uart_attach(1, &serial1_tty);
}
