/*
 * PCI bus enumeration through configuration mechanism #1, and the table
 * of drivers that bind to what it finds.
 *
 * Call order (once, at boot, from kernel/main.c):
 *   pci_init -> pci_scan_bus(0) -> pci_scan_function for every slot/function
 *     -> pci_read_bases (each BAR sized by writing all ones)
 *     -> a bridge's secondary bus is scanned the same way
 *   -> pci_bind_drivers: for each device, the first driver in pci_drivers[]
 *      whose id_table names its vendor:device gets probe(pdev, id)
 *   -> /proc/bus/pci/devices
 *
 * Mechanism #1: write 0x80000000 | bus << 16 | devfn << 8 | (reg & ~3) to
 * CONFIG_ADDRESS (0xCF8), then the register's dword is at CONFIG_DATA
 * (0xCFC); narrower accesses use CONFIG_DATA + (reg & 3).
 *
 * The firmware (SeaBIOS under QEMU) has already assigned BAR addresses and
 * routed INTx to a PIC input written in PCI_INTERRUPT_LINE; we keep both.
 * Neighbours: include/linux/pci.h (the API), drivers/e1000_main.c (a driver).
 *
 * Lock legend: pci_config_lock (irqsave) makes the address+data port pair
 * atomic [C]; pci_devices is written only by pci_init before any reader.
 */
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/proc_fs.h>
#include <asm/io.h>

#define PCI_CONFIG_ADDRESS	0xcf8
#define PCI_CONFIG_DATA		0xcfc
#define PCI_CONFIG_ENABLE	0x80000000u
#define PCI_VENDOR_NONE		0xffff
#define PCI_REGION_FLAG_MASK	0x0f	/* BAR low bits /proc shows with the address */

/* Drivers that may bind; each names the devices it handles in its id_table. */
extern struct pci_driver e1000_driver;
static struct pci_driver *const pci_drivers[] = {
	&e1000_driver,
};

static LIST_HEAD(pci_devices);
static DEFINE_SPINLOCK(pci_config_lock);

/* ---- configuration space ---- */

static u32 pci_conf_addr(u8 bus, u8 devfn, int where)
{
	return PCI_CONFIG_ENABLE | (u32)bus << 16 | (u32)devfn << 8 | (where & 0xfc);
}

static u32 pci_conf_read(u8 bus, u8 devfn, int where, int size)
{
	unsigned long flags;
	u32 v;

	spin_lock_irqsave(&pci_config_lock, flags);
	outl(pci_conf_addr(bus, devfn, where), PCI_CONFIG_ADDRESS);
	switch (size) {
	case 1: v = inb(PCI_CONFIG_DATA + (where & 3)); break;
	case 2: v = inw(PCI_CONFIG_DATA + (where & 2)); break;
	default: v = inl(PCI_CONFIG_DATA); break;
	}
	spin_unlock_irqrestore(&pci_config_lock, flags);
	return v;
}

static void pci_conf_write(u8 bus, u8 devfn, int where, int size, u32 v)
{
	unsigned long flags;

	spin_lock_irqsave(&pci_config_lock, flags);
	outl(pci_conf_addr(bus, devfn, where), PCI_CONFIG_ADDRESS);
	if (size == 2)
		outw(v, PCI_CONFIG_DATA + (where & 2));
	else
		outl(v, PCI_CONFIG_DATA);
	spin_unlock_irqrestore(&pci_config_lock, flags);
}

u32 pci_read_config_dword(const struct pci_dev *p, int where) { return pci_conf_read(p->bus, p->devfn, where, 4); }
u16 pci_read_config_word(const struct pci_dev *p, int where) { return pci_conf_read(p->bus, p->devfn, where, 2); }
u8 pci_read_config_byte(const struct pci_dev *p, int where) { return pci_conf_read(p->bus, p->devfn, where, 1); }
void pci_write_config_dword(const struct pci_dev *p, int where, u32 v) { pci_conf_write(p->bus, p->devfn, where, 4, v); }
void pci_write_config_word(const struct pci_dev *p, int where, u16 v) { pci_conf_write(p->bus, p->devfn, where, 2, v); }

/* ---- enumeration ---- */

/*
 * Size each BAR: write all ones, read back which address bits stuck (the
 * device hardwires the bits below its size to zero), restore. Decoding is
 * off meanwhile so the device never answers at the all-ones address.
 * Returns nothing: an absent BAR reads back 0 and gets len 0.
 */
static void pci_read_bases(struct pci_dev *p, int nbars)
{
	u16 cmd = pci_read_config_word(p, PCI_COMMAND);

	pci_write_config_word(p, PCI_COMMAND, cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	for (int i = 0; i < nbars; i++) {
		int reg = PCI_BASE_ADDRESS_0 + 4 * i;
		struct pci_resource *r = &p->resource[i];
		u32 orig = pci_read_config_dword(p, reg), probe, mask;

		pci_write_config_dword(p, reg, ~0u);
		probe = pci_read_config_dword(p, reg);
		pci_write_config_dword(p, reg, orig);
		if (!probe || probe == ~0u)
			continue;
		if (orig & PCI_BASE_ADDRESS_SPACE_IO) {
			mask = PCI_BASE_ADDRESS_IO_MASK;
			r->flags = IORESOURCE_IO;
			/* I/O BARs may implement only 16 address bits. */
			probe |= 0xffff0000u;
		} else {
			mask = PCI_BASE_ADDRESS_MEM_MASK;
			r->flags = IORESOURCE_MEM;
			if (orig & PCI_BASE_ADDRESS_MEM_PREFETCH)
				r->flags |= IORESOURCE_PREFETCH;
		}
		r->bar_bits = orig & ~mask;
		r->start = orig & mask;
		r->len = ~(probe & mask) + 1;
		if (!(orig & PCI_BASE_ADDRESS_SPACE_IO) &&
		    (orig & PCI_BASE_ADDRESS_MEM_TYPE_MASK) == PCI_BASE_ADDRESS_MEM_TYPE_64) {
			/* The upper half is the next BAR; an i386 kernel uses only
			 * windows the firmware put below 4 GB. */
			r->flags |= IORESOURCE_MEM_64;
			i++;
		}
	}
	pci_write_config_word(p, PCI_COMMAND, cmd);
}

static void pci_scan_bus(u8 bus, int depth);

static bool pci_scan_function(u8 bus, u8 devfn, int depth)
{
	u16 vendor = pci_conf_read(bus, devfn, PCI_VENDOR_ID, 2);
	struct pci_dev *p;
	u32 classrev;

	if (vendor == PCI_VENDOR_NONE || vendor == 0)
		return false;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return false;
	p->bus = bus;
	p->devfn = devfn;
	p->vendor = vendor;
	p->device = pci_read_config_word(p, PCI_DEVICE_ID);
	classrev = pci_read_config_dword(p, PCI_CLASS_REVISION);
	p->class = classrev >> 8;
	p->revision = classrev & 0xff;
	p->hdr_type = pci_read_config_byte(p, PCI_HEADER_TYPE);
	p->irq = pci_read_config_byte(p, PCI_INTERRUPT_LINE);
	p->pin = pci_read_config_byte(p, PCI_INTERRUPT_PIN);
	if (!p->pin || p->irq == 0xff)
		p->irq = 0;
	switch (p->hdr_type & PCI_HEADER_TYPE_MASK) {
	case PCI_HEADER_TYPE_NORMAL:
		pci_read_bases(p, PCI_NUM_BARS);
		break;
	case PCI_HEADER_TYPE_BRIDGE:
		pci_read_bases(p, 2);
		break;
	}
	list_add_tail(&p->list, &pci_devices);

	/* Follow a PCI-PCI bridge to the bus behind it (bounded: bus numbers
	 * come from firmware and a loop of bridges must not recurse forever). */
	if ((p->hdr_type & PCI_HEADER_TYPE_MASK) == PCI_HEADER_TYPE_BRIDGE && depth < 8) {
		u8 sec = pci_read_config_byte(p, PCI_SECONDARY_BUS);
		if (sec > bus)
			pci_scan_bus(sec, depth + 1);
	}
	return true;
}

static void pci_scan_bus(u8 bus, int depth)
{
	for (int slot = 0; slot < PCI_MAX_SLOT; slot++) {
		u8 devfn = PCI_DEVFN(slot, 0);

		if (!pci_scan_function(bus, devfn, depth))
			continue;
		/* Functions 1-7 exist only if function 0 says it is multi-function. */
		if (!(pci_conf_read(bus, devfn, PCI_HEADER_TYPE, 1) & PCI_HEADER_MULTIFUNC))
			continue;
		for (int fn = 1; fn < PCI_MAX_FUNC; fn++)
			pci_scan_function(bus, PCI_DEVFN(slot, fn), depth);
	}
}

/* ---- drivers ---- */

int pci_enable_device(struct pci_dev *p)
{
	u16 cmd = pci_read_config_word(p, PCI_COMMAND), want = 0;

	for (int i = 0; i < PCI_NUM_BARS; i++) {
		if (p->resource[i].flags & IORESOURCE_IO)
			want |= PCI_COMMAND_IO;
		if (p->resource[i].flags & IORESOURCE_MEM)
			want |= PCI_COMMAND_MEMORY;
	}
	/* INTx must be allowed: we have no MSI. */
	cmd = (cmd | want) & ~PCI_COMMAND_INTX_DISABLE;
	pci_write_config_word(p, PCI_COMMAND, cmd);
	return 0;
}

void pci_set_master(struct pci_dev *p)
{
	u16 cmd = pci_read_config_word(p, PCI_COMMAND);

	if (!(cmd & PCI_COMMAND_MASTER))
		pci_write_config_word(p, PCI_COMMAND, cmd | PCI_COMMAND_MASTER);
}

struct pci_dev *pci_get_device(u16 vendor, u16 device, struct pci_dev *from)
{
	struct list_head *pos = from ? from->list.next : pci_devices.next;

	for (; pos != &pci_devices; pos = pos->next) {
		struct pci_dev *p = list_entry(pos, struct pci_dev, list);
		if (p->vendor == vendor && p->device == device)
			return p;
	}
	return NULL;
}

static const struct pci_device_id *pci_match_id(const struct pci_device_id *ids,
						const struct pci_dev *p)
{
	for (; ids->vendor; ids++)
		if (ids->vendor == p->vendor && ids->device == p->device)
			return ids;
	return NULL;
}

static void pci_bind_drivers(void)
{
	struct pci_dev *p;

	list_for_each_entry(p, &pci_devices, list) {
		for (unsigned int i = 0; i < ARRAY_SIZE(pci_drivers) && !p->driver; i++) {
			const struct pci_device_id *id = pci_match_id(pci_drivers[i]->id_table, p);
			int err;

			if (!id)
				continue;
			err = pci_drivers[i]->probe(p, id);
			if (err)
				pr_err("pci %02x:%02x.%d: %s probe failed: %d\n", p->bus,
				       PCI_SLOT(p->devfn), PCI_FUNC(p->devfn), pci_drivers[i]->name, err);
			else
				p->driver = pci_drivers[i];
		}
	}
}

/* /proc/bus/pci/devices: Linux's columns (bus+devfn, vendor+device, irq,
 * 7 x address|flags, 7 x size, driver), tab separated, hex. */
static int pci_devices_show(struct seq_file *m, void *v)
{
	struct pci_dev *p;

	list_for_each_entry(p, &pci_devices, list) {
		seq_printf(m, "%02x%02x\t%04x%04x\t%x", p->bus, p->devfn, p->vendor, p->device, p->irq);
		for (int i = 0; i < PCI_NUM_RESOURCES; i++) {
			const struct pci_resource *r = &p->resource[i];
			seq_printf(m, "\t%16lx", r->len ? (unsigned long)(r->start |
				   (r->bar_bits & PCI_REGION_FLAG_MASK)) : 0UL);
		}
		for (int i = 0; i < PCI_NUM_RESOURCES; i++)
			seq_printf(m, "\t%16lx", (unsigned long)p->resource[i].len);
		seq_printf(m, "\t%s\n", p->driver ? p->driver->name : "");
	}
	return 0;
}

void pci_init(void)
{
	struct pci_dev *p;
	int n = 0;

	pci_scan_bus(0, 0);
	list_for_each_entry(p, &pci_devices, list) {
		pr_info("pci %02x:%02x.%d: [%04x:%04x] class %06x irq %u\n", p->bus,
			PCI_SLOT(p->devfn), PCI_FUNC(p->devfn), p->vendor, p->device, p->class, p->irq);
		n++;
	}
	pr_info("pci: %d functions found\n", n);
	proc_create_single("bus/pci/devices", pci_devices_show, NULL);
	pci_bind_drivers();
}
