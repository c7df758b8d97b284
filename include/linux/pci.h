/*
 * PCI: configuration space, devices and drivers.
 *
 * Configuration space is reached with mechanism #1 (an address written to
 * port 0xCF8, the dword read or written at 0xCFC). pci_init() walks bus 0
 * and every bus behind a PCI-PCI bridge, records each function in a
 * struct pci_dev (ids, class, BARs sized by the write-ones probe, the
 * interrupt line the firmware routed), then offers each device to the
 * drivers in pci.c's table by vendor/device id. A driver's probe():
 *
 *	pci_enable_device(pdev);          memory + I/O decoding on
 *	pci_set_master(pdev);             the device may DMA
 *	regs = ioremap(pci_resource_start(pdev, 0), pci_resource_len(pdev, 0));
 *	request_irq(pdev->irq, handler, IRQF_SHARED, name, dev);
 *
 * /proc/bus/pci/devices lists the devices in Linux's format.
 * Implementation: drivers/pci.c. Drivers: drivers/e1000_main.c.
 *
 * Locking: the device list is built once at boot, before any driver runs,
 * and never changes afterwards, so readers take no lock. Config-space
 * accesses are two port accesses that must not interleave: pci_config_lock.
 */
#ifndef _LINUX_PCI_H
#define _LINUX_PCI_H

#include "kernel.h"
#include "list.h"

/* Configuration-space header offsets (type 0 unless noted). */
#define PCI_VENDOR_ID		0x00	/* 16 bits; 0xffff: no device */
#define PCI_DEVICE_ID		0x02
#define PCI_COMMAND		0x04
#define  PCI_COMMAND_IO		0x0001	/* respond to I/O space accesses */
#define  PCI_COMMAND_MEMORY	0x0002	/* respond to memory space accesses */
#define  PCI_COMMAND_MASTER	0x0004	/* may initiate DMA */
#define  PCI_COMMAND_INTX_DISABLE 0x0400
#define PCI_STATUS		0x06
#define PCI_CLASS_REVISION	0x08	/* class << 8 | revision */
#define PCI_HEADER_TYPE		0x0e
#define  PCI_HEADER_TYPE_MASK	0x7f
#define  PCI_HEADER_TYPE_NORMAL	0
#define  PCI_HEADER_TYPE_BRIDGE	1
#define  PCI_HEADER_MULTIFUNC	0x80
#define PCI_BASE_ADDRESS_0	0x10	/* six dwords in a type 0 header */
#define  PCI_BASE_ADDRESS_SPACE_IO	0x01
#define  PCI_BASE_ADDRESS_MEM_TYPE_MASK	0x06
#define  PCI_BASE_ADDRESS_MEM_TYPE_64	0x04
#define  PCI_BASE_ADDRESS_MEM_PREFETCH	0x08
#define  PCI_BASE_ADDRESS_MEM_MASK	(~0x0fU)
#define  PCI_BASE_ADDRESS_IO_MASK	(~0x03U)
#define PCI_SECONDARY_BUS	0x19	/* type 1 (bridge) header */
#define PCI_ROM_ADDRESS		0x30
#define PCI_INTERRUPT_LINE	0x3c	/* the PIC input the firmware routed INTx to */
#define PCI_INTERRUPT_PIN	0x3d	/* 1=INTA .. 4=INTD, 0 none */

#define PCI_NUM_BARS		6
#define PCI_ROM_RESOURCE	6
#define PCI_NUM_RESOURCES	7	/* six BARs and the expansion ROM, as /proc shows */
#define PCI_MAX_BUS		256
#define PCI_MAX_SLOT		32
#define PCI_MAX_FUNC		8

#define PCI_DEVFN(slot, fn)	((((slot) & 0x1f) << 3) | ((fn) & 0x07))
#define PCI_SLOT(devfn)		(((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn)		((devfn) & 0x07)

#define PCI_VENDOR_ID_INTEL	0x8086

/* resource flags (Linux's IORESOURCE_* meaning, low bits as the BAR had them). */
#define IORESOURCE_IO		0x00000100
#define IORESOURCE_MEM		0x00000200
#define IORESOURCE_PREFETCH	0x00002000
#define IORESOURCE_MEM_64	0x00100000

struct pci_resource {
	u32		start;		/* bus (= physical) address; 0 if unassigned */
	u32		len;		/* size from the write-ones probe; 0 if absent */
	u32		flags;		/* IORESOURCE_* */
	u32		bar_bits;	/* low bits of the BAR as read (space, type, prefetch) */
};

struct pci_driver;

struct pci_dev {
	struct list_head	list;		/* in pci_devices, boot-time only */
	u8			bus;
	u8			devfn;
	u16			vendor;
	u16			device;
	u8			revision;
	u8			hdr_type;
	u32			class;		/* class << 16 | subclass << 8 | prog-if */
	unsigned int		irq;		/* PCI_INTERRUPT_LINE (0xff/0: none) */
	u8			pin;
	struct pci_resource	resource[PCI_NUM_RESOURCES];
	struct pci_driver	*driver;	/* bound driver, NULL if none */
	void			*driver_data;	/* the driver's (e.g. its net_device) */
};

struct pci_device_id {
	u16		vendor;
	u16		device;
	unsigned long	driver_data;
};

struct pci_driver {
	const char			*name;
	const struct pci_device_id	*id_table;	/* ends with vendor 0 */
	int	(*probe)(struct pci_dev *pdev, const struct pci_device_id *id);
};

/* Configuration space of one function. */
u32 pci_read_config_dword(const struct pci_dev *pdev, int where);
u16 pci_read_config_word(const struct pci_dev *pdev, int where);
u8 pci_read_config_byte(const struct pci_dev *pdev, int where);
void pci_write_config_dword(const struct pci_dev *pdev, int where, u32 val);
void pci_write_config_word(const struct pci_dev *pdev, int where, u16 val);

int pci_enable_device(struct pci_dev *pdev);	/* memory/IO decoding for the BARs it has */
void pci_set_master(struct pci_dev *pdev);	/* bus mastering: the device may DMA */

static inline u32 pci_resource_start(const struct pci_dev *p, int bar) { return p->resource[bar].start; }
static inline u32 pci_resource_len(const struct pci_dev *p, int bar) { return p->resource[bar].len; }
static inline u32 pci_resource_flags(const struct pci_dev *p, int bar) { return p->resource[bar].flags; }
static inline void pci_set_drvdata(struct pci_dev *p, void *d) { p->driver_data = d; }
static inline void *pci_get_drvdata(const struct pci_dev *p) { return p->driver_data; }

/* Iteration (the list is fixed after boot). */
struct pci_dev *pci_get_device(u16 vendor, u16 device, struct pci_dev *from);

void pci_init(void);	/* kernel/main.c: after net_init, before ip_auto_config */

#endif
