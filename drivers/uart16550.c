/*
 * The 16550 UARTs: COM1 (0x3F8, IRQ 4), the console, and COM2 (0x2F8,
 * IRQ 3), /dev/ttyS1, a plain serial line (QEMU's second -serial chardev,
 * a byte pipe to the host for test tools).
 *
 * COM1 output is polled (wait for the transmit holding register to empty)
 * so printk works from any context, even with interrupts off or in a
 * panic. Its input raises IRQ 4; each byte goes to the handler the tty
 * registered (kernel/fs/tty.c), which does line editing and wakes readers.
 *
 * COM2 is interrupt driven both ways, as Linux's 8250 driver:
 *   write(2) → tty → uart_write: bytes into the xmit ring, then start_tx
 *     fills the 16-byte FIFO and enables the THRE interrupt; each THRE
 *     interrupt refills the FIFO from the ring, and an empty ring disables
 *     it and wakes writers (tty->write_wait). A writer finding the ring
 *     full sleeps there: nothing spins waiting for the host to read.
 *   RX interrupt → n_tty_receive_char for each byte, while the tty has
 *     room. When it has none (a raw reader fell behind) the port is
 *     throttled: the RX interrupt is masked and the bytes stay in the
 *     UART's FIFO, so the sender is held back (QEMU stops taking bytes
 *     from its chardev) instead of losing data; the tty unthrottles the
 *     port when a read makes room (uart_unthrottle).
 * COM2 is probed through its scratch register: without a second -serial
 * there is no UART there and /dev/ttyS1 does not open (EIO).
 *
 * Lock legend: port->lock (irqsave; the IRQ handler runs with interrupts
 * off) guards the xmit ring, port->ier and port->throttled. Lock order:
 * tty->lock before port->lock (the tty echoes under its lock); the IRQ
 * handler never holds port->lock while it hands a byte to the tty.
 *
 * Neighbours: kernel/printk.c (console output), kernel/fs/tty.c (the line
 * discipline above both ports), include/linux/tty.h (tty_driver_ops).
 */
#include <linux/kernel.h>
#include <linux/interrupt.h>
#include <linux/spinlock.h>
#include <linux/tty.h>
#include <linux/poll.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <asm/io.h>

#define COM1		0x3F8
#define COM1_IRQ	4
#define COM2		0x2F8
#define COM2_IRQ	3

/* Register offsets from the base port. */
#define UART_RX		0	/* receive buffer (read) */
#define UART_TX		0	/* transmit holding (write) */
#define UART_IER	1	/* interrupt enable */
#define UART_DLL	0	/* divisor latch low (DLAB=1) */
#define UART_DLM	1	/* divisor latch high (DLAB=1) */
#define UART_IIR	2	/* interrupt identification (read) */
#define UART_FCR	2	/* FIFO control (write) */
#define UART_LCR	3	/* line control */
#define UART_MCR	4	/* modem control */
#define UART_LSR	5	/* line status */
#define UART_SCR	7	/* scratch: a UART is there if it keeps what we write */

#define UART_IER_RDI	0x01	/* interrupt when data is received */
#define UART_IER_THRI	0x02	/* interrupt when the transmit holding register empties */
#define UART_IIR_NO_INT	0x01	/* no interrupt pending */
#define UART_LCR_DLAB	0x80
#define UART_LCR_WLEN8	0x03
#define UART_FCR_ENABLE	0x01
#define UART_FCR_CLEAR	0x06
#define UART_FCR_TRIG14	0xC0
#define UART_MCR_DTR	0x01
#define UART_MCR_RTS	0x02
#define UART_MCR_OUT2	0x08	/* gates the IRQ line on PC hardware */
#define UART_LSR_DR	0x01	/* data ready */
#define UART_LSR_THRE	0x20	/* transmit holding register (the FIFO) empty */
#define UART_LSR_TEMT	0x40	/* transmitter empty: the last bit has left */

#define UART_CLOCK	115200
#define UART_FIFO_SIZE	16
#define UART_XMIT_SIZE	4096	/* power of two: indices wrap by masking */
#define UART_IRQ_LOOPS	256	/* a stuck interrupt source cannot hold the CPU */

static void (*rx_handler)(u8 c);
static DEFINE_SPINLOCK(uart_tx_lock);

/* An interrupt-driven port (COM2). */
struct uart_port {
	u16 iobase;
	int irq;
	bool present;			/* probed at boot */
	struct tty_struct *tty;
	spinlock_t lock;
	u8 ier;				/* lock: what UART_IER holds */
	bool throttled;			/* lock: RX masked, the tty had no room */
	unsigned int xmit_head, xmit_tail;	/* lock: free-running, masked on use */
	u8 xmit[UART_XMIT_SIZE];	/* lock */
	/* Counters (/proc/tty/driver/serial as Linux's "tx: rx:"). */
	unsigned long tx, rx, rx_throttles, echo_dropped;
};

static struct uart_port com2 = { .iobase = COM2, .irq = COM2_IRQ };

static void uart_hw_init(u16 base)
{
	u16 divisor = UART_CLOCK / 115200;

	outb(0, base + UART_IER);
	outb(UART_LCR_DLAB, base + UART_LCR);
	outb(divisor & 0xff, base + UART_DLL);
	outb(divisor >> 8, base + UART_DLM);
	outb(UART_LCR_WLEN8, base + UART_LCR);
	outb(UART_FCR_ENABLE | UART_FCR_CLEAR | UART_FCR_TRIG14, base + UART_FCR);
	outb(UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2, base + UART_MCR);
}

void serial_early_init(void)
{
	uart_hw_init(COM1);
}

static void serial_putc(char c)
{
	while (!(inb(COM1 + UART_LSR) & UART_LSR_THRE))
		;
	outb(c, COM1 + UART_TX);
}

/* printk's console: any context; turns \n into \r\n as a terminal expects. */
void serial_console_write(const char *buf, size_t n)
{
	unsigned long flags;

	local_irq_save(flags);
	/* A panic may arrive while the lock is held: print anyway rather than hang. */
	bool locked = spin_trylock(&uart_tx_lock);
	for (size_t i = 0; i < n; i++) {
		if (buf[i] == '\n')
			serial_putc('\r');
		serial_putc(buf[i]);
	}
	if (locked)
		spin_unlock(&uart_tx_lock);
	local_irq_restore(flags);
}

/* Raw output for the console tty, which does its own ONLCR. Any context. */
void serial_write(const char *buf, size_t n)
{
	unsigned long flags;

	local_irq_save(flags);
	bool locked = spin_trylock(&uart_tx_lock);
	for (size_t i = 0; i < n; i++)
		serial_putc(buf[i]);
	if (locked)
		spin_unlock(&uart_tx_lock);
	local_irq_restore(flags);
}

static irqreturn_t serial_interrupt(int irq, void *dev)
{
	bool any = false;

	while (inb(COM1 + UART_LSR) & UART_LSR_DR) {
		u8 c = inb(COM1 + UART_RX);
		any = true;
		if (rx_handler)
			rx_handler(c);
	}
	return any ? IRQ_HANDLED : IRQ_NONE;
}

void serial_set_rx_handler(void (*fn)(u8 c))
{
	rx_handler = fn;
}

/* ---- COM2: the interrupt-driven port ---- */

static unsigned int xmit_used(struct uart_port *port)
{
	return port->xmit_head - port->xmit_tail;
}

static void set_ier(struct uart_port *port, u8 ier)
{
	port->ier = ier;
	outb(ier, port->iobase + UART_IER);
}

/* lock held. Fill the FIFO from the ring; THRE interrupts while more is left. */
static void uart_start_tx(struct uart_port *port)
{
	if (inb(port->iobase + UART_LSR) & UART_LSR_THRE) {
		for (int i = 0; i < UART_FIFO_SIZE && xmit_used(port); i++) {
			outb(port->xmit[port->xmit_tail & (UART_XMIT_SIZE - 1)], port->iobase + UART_TX);
			port->xmit_tail++;
			port->tx++;
		}
	}
	if (xmit_used(port))
		set_ier(port, port->ier | UART_IER_THRI);
	else if (port->ier & UART_IER_THRI)
		set_ier(port, port->ier & ~UART_IER_THRI);
}

/*
 * tty_driver_ops.write: queue what fits, any context. Returns how many
 * bytes were taken; the tty asks write_room first, so it is all of them
 * except for echo from the IRQ handler when the ring is full.
 */
static size_t uart_write(struct tty_struct *tty, const u8 *buf, size_t n)
{
	struct uart_port *port = tty->driver_data;
	unsigned long flags;
	size_t i;

	spin_lock_irqsave(&port->lock, flags);
	for (i = 0; i < n && xmit_used(port) < UART_XMIT_SIZE; i++)
		port->xmit[port->xmit_head++ & (UART_XMIT_SIZE - 1)] = buf[i];
	if (i < n)
		port->echo_dropped += n - i;
	uart_start_tx(port);
	spin_unlock_irqrestore(&port->lock, flags);
	return i;
}

static size_t uart_write_room(struct tty_struct *tty)
{
	struct uart_port *port = tty->driver_data;

	return UART_XMIT_SIZE - READ_ONCE(port->xmit_head) + READ_ONCE(port->xmit_tail);
}

/* Everything queued has left the ring and the shift register (tcdrain). */
static bool uart_tx_empty(struct tty_struct *tty)
{
	struct uart_port *port = tty->driver_data;

	return !xmit_used(port) && (inb(port->iobase + UART_LSR) & UART_LSR_TEMT);
}

/* A read made room in the tty: take input again. */
static void uart_unthrottle(struct tty_struct *tty)
{
	struct uart_port *port = tty->driver_data;
	unsigned long flags;

	if (!READ_ONCE(port->throttled))
		return;
	spin_lock_irqsave(&port->lock, flags);
	port->throttled = false;
	set_ier(port, port->ier | UART_IER_RDI);	/* raises the IRQ if bytes wait */
	spin_unlock_irqrestore(&port->lock, flags);
}

static irqreturn_t uart_interrupt(int irq, void *dev)
{
	struct uart_port *port = dev;
	bool handled = false, wake = false;

	/* Until the UART has nothing pending: the ISA line is edge triggered,
	 * and a condition left standing would never interrupt again. */
	for (int loops = 0; loops < UART_IRQ_LOOPS; loops++) {
		if (inb(port->iobase + UART_IIR) & UART_IIR_NO_INT)
			break;
		handled = true;
		while (!port->throttled && (inb(port->iobase + UART_LSR) & UART_LSR_DR)) {
			if (!tty_receive_room(port->tty)) {
				spin_lock(&port->lock);
				port->throttled = true;
				port->rx_throttles++;
				set_ier(port, port->ier & ~UART_IER_RDI);
				spin_unlock(&port->lock);
				break;
			}
			port->rx++;
			n_tty_receive_char(port->tty, inb(port->iobase + UART_RX));
		}
		spin_lock(&port->lock);
		if (port->ier & UART_IER_THRI) {
			uart_start_tx(port);
			wake = true;
		}
		spin_unlock(&port->lock);
	}
	if (wake)
		wake_up_interruptible_poll(&port->tty->write_wait, POLLOUT | POLLWRNORM);
	return handled ? IRQ_HANDLED : IRQ_NONE;
}

static const struct tty_driver_ops uart_ops = {
	.write		= uart_write,
	.write_room	= uart_write_room,
	.tx_empty	= uart_tx_empty,
	.unthrottle	= uart_unthrottle,
};

/* Is there a UART at base? The scratch register keeps what is written. */
static bool uart_probe(u16 base)
{
	outb(0x5A, base + UART_SCR);
	if (inb(base + UART_SCR) != 0x5A)
		return false;
	outb(0xA5, base + UART_SCR);
	return inb(base + UART_SCR) == 0xA5;
}

/*
 * Give the tty layer ttyS1 (line 1): its ops, or NULL when there is no
 * UART at COM2. Called from tty_init, before interrupts are on.
 */
const struct tty_driver_ops *uart_attach(int line, struct tty_struct *tty)
{
	struct uart_port *port = &com2;

	if (line != 1 || !uart_probe(port->iobase))
		return NULL;
	spin_lock_init(&port->lock);
	port->tty = tty;
	tty->driver_data = port;
	uart_hw_init(port->iobase);
	port->present = true;
	return &uart_ops;
}

/* /proc/tty/driver/serial, as Linux's uart_line_info (plus our drop counters). */
static int serial_proc_show(struct seq_file *m, void *v)
{
	struct uart_port *port = &com2;

	seq_printf(m, "serinfo:1.0 driver revision:\n");
	seq_printf(m, "0: uart:16550A port:%08X irq:%d\n", COM1, COM1_IRQ);
	if (!port->present) {
		seq_printf(m, "1: uart:unknown port:%08X irq:%d\n", port->iobase, port->irq);
		return 0;
	}
	seq_printf(m, "1: uart:16550A port:%08X irq:%d tx:%lu rx:%lu throttled:%lu echo_dropped:%lu\n",
		   port->iobase, port->irq, port->tx, port->rx, port->rx_throttles,
		   port->echo_dropped);
	return 0;
}

void serial_init_irq(void)
{
	proc_create_single("tty/driver/serial", serial_proc_show, NULL);
	if (request_irq(COM1_IRQ, serial_interrupt, 0, "serial", NULL))
		pr_err("serial: cannot get IRQ %d\n", COM1_IRQ);
	outb(UART_IER_RDI, COM1 + UART_IER);
	if (!com2.present)
		return;
	if (request_irq(com2.irq, uart_interrupt, 0, "ttyS1", &com2)) {
		pr_err("serial: cannot get IRQ %d for ttyS1\n", com2.irq);
		com2.present = false;
		return;
	}
	set_ier(&com2, UART_IER_RDI);
	pr_info("serial: ttyS1 at I/O 0x%x (irq = %d) is a 16550A\n", com2.iobase, com2.irq);
}
