/*
 * The serial console: a 16550 UART on COM1 (I/O port 0x3F8, IRQ 4).
 * Output is polled (wait for the transmit holding register to empty) so
 * printk works from any context, even with interrupts off or in a panic.
 * Input raises IRQ 4; each byte goes to the handler the tty registered
 * (kernel/fs/tty.c), which does line editing and wakes readers.
 *
 * Neighbours: kernel/printk.c (console output), kernel/fs/tty.c (input).
 */
#include <linux/kernel.h>
#include <linux/interrupt.h>
#include <linux/spinlock.h>
#include <asm/io.h>

#define COM1		0x3F8
#define COM1_IRQ	4

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

#define UART_IER_RDI	0x01	/* interrupt when data is received */
#define UART_LCR_DLAB	0x80
#define UART_LCR_WLEN8	0x03
#define UART_FCR_ENABLE	0x01
#define UART_FCR_CLEAR	0x06
#define UART_FCR_TRIG14	0xC0
#define UART_MCR_DTR	0x01
#define UART_MCR_RTS	0x02
#define UART_MCR_OUT2	0x08	/* gates the IRQ line on PC hardware */
#define UART_LSR_DR	0x01	/* data ready */
#define UART_LSR_THRE	0x20	/* transmit holding register empty */

#define UART_CLOCK	115200

static void (*rx_handler)(u8 c);
static DEFINE_SPINLOCK(uart_tx_lock);

void serial_early_init(void)
{
	u16 divisor = UART_CLOCK / 115200;

	outb(0, COM1 + UART_IER);
	outb(UART_LCR_DLAB, COM1 + UART_LCR);
	outb(divisor & 0xff, COM1 + UART_DLL);
	outb(divisor >> 8, COM1 + UART_DLM);
	outb(UART_LCR_WLEN8, COM1 + UART_LCR);
	outb(UART_FCR_ENABLE | UART_FCR_CLEAR | UART_FCR_TRIG14, COM1 + UART_FCR);
	outb(UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2, COM1 + UART_MCR);
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

/* Raw output for the tty, which does its own ONLCR. Any context. */
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

void serial_init_irq(void)
{
	if (request_irq(COM1_IRQ, serial_interrupt, 0, "serial", NULL))
		pr_err("serial: cannot get IRQ %d\n", COM1_IRQ);
	outb(UART_IER_RDI, COM1 + UART_IER);
}
