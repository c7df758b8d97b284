# Sockeye: build, run, test and debug. The README shows the two commands
# that matter: `make run` and `make test`. Everything a fresh Debian 12
# machine lacks is installed by tools/deps.sh (apt-get, only when missing).
#
#   make            build/sockeye.elf, build/initramfs.cpio, build/sockeye.iso
#   make run        boot in QEMU to a shell on this terminal (Ctrl-A X quits)
#   make run ISO=1  the same through GRUB from the ISO
#   make lab2       two guests on one LAN (10.0.3.1, 10.0.3.2), consoles on TCP, a pcap each
#   make test       every test tier; last line "N passed, N failed"
#   make gdb        QEMU halted + gdb attached, stopped at kernel_main
#   make bench      the figures in docs/benchmarks.md
#   make fuzz       one long fuzzing session: SEED= CALLS= [MODE=s]; WIRE=1 [FRAMES=]: the wire fuzzer

CROSS   ?= i686-linux-gnu-
BUILD   := build
CC      := $(CROSS)gcc
UCC     := $(CROSS)gcc
OBJDUMP := $(CROSS)objdump
NM      := $(CROSS)nm
QEMU    ?= qemu-system-i386

KCFLAGS := -m32 -march=i686 -ffreestanding -nostdinc -fno-builtin -fno-stack-protector \
	-fno-pie -fno-pic -fno-omit-frame-pointer -fno-strict-aliasing -mno-sse -mno-mmx \
	-mno-80387 -fno-tree-loop-distribute-patterns -O2 -g \
	-Wall -Wextra -Wno-unused-parameter -Wno-sign-compare -Wno-missing-field-initializers \
	-Iinclude -MMD -MP
KLDFLAGS := -Wl,--build-id=none -Wl,-z,noexecstack -Wl,--no-warn-rwx-segments
KASFLAGS := -m32 -Iinclude -D__ASSEMBLER__ -MMD -MP

KSRCS := $(shell find kernel drivers net -name '*.c' 2>/dev/null | sort)
KASRCS := boot/entry.S $(shell find kernel -name '*.S' | sort)
KOBJS := $(patsubst %,$(BUILD)/k/%.o,$(KSRCS) $(KASRCS))

KERNEL := $(BUILD)/sockeye.elf
INITRAMFS := $(BUILD)/initramfs.cpio
# Not ISO: `make run ISO=1` sets that one on the command line.
ISO_IMAGE := $(BUILD)/sockeye.iso
BUSYBOX := $(BUILD)/busybox/busybox

.PHONY: all deps run lab2 gdb iso test bench fuzz clean trace-demo labs lab grade
all: deps $(KERNEL) $(INITRAMFS) $(ISO_IMAGE)

deps:
	@sh tools/deps.sh

include libc/build.mk user/build.mk
-include tools/testing/unit/build.mk

$(BUILD)/k/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -c -o $@ $<

$(BUILD)/k/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(KASFLAGS) -c -o $@ $<

# Linked twice: the second link carries a symbol table (kallsyms) so that
# oopses print function names. The table sits after .text, so adding it
# moves no code address.
$(KERNEL): $(KOBJS) boot/linker.ld tools/kallsyms.sh
	$(CC) -m32 -nostdlib -static -no-pie -T boot/linker.ld -o $(BUILD)/sockeye.pass1 $(KOBJS) -lgcc $(KLDFLAGS)
	sh tools/kallsyms.sh $(NM) $(BUILD)/sockeye.pass1 > $(BUILD)/kallsyms.c
	$(CC) $(KCFLAGS) -c -o $(BUILD)/kallsyms.o $(BUILD)/kallsyms.c
	$(CC) -m32 -nostdlib -static -no-pie -T boot/linker.ld -o $@ $(KOBJS) $(BUILD)/kallsyms.o -lgcc $(KLDFLAGS)
	$(OBJDUMP) -d -S $@ > $(BUILD)/kernel.asm
	$(NM) -n $@ > $(BUILD)/kernel.sym

$(BUSYBOX):
	sh tools/fetch-busybox.sh $@

$(INITRAMFS): $(USER_PROGS) $(BUSYBOX) tools/mkinitramfs.sh $(wildcard user/www/*)
	sh tools/mkinitramfs.sh $@ $(BUSYBOX) $(USER_PROGS)

# GRUB's Multiboot loader wants the ELF entry point as a virtual address
# inside a PT_LOAD segment (it translates it through p_paddr); ours is the
# physical _start, which QEMU's -kernel takes as is. The ISO's copy gets the
# virtual address of the same instruction (start_high, boot/entry.S), which
# both loaders accept.
$(ISO_IMAGE): $(KERNEL) $(INITRAMFS) boot/grub.cfg
	@mkdir -p $(BUILD)/iso/boot/grub
	$(CROSS)objcopy --set-start=0x$$($(NM) $(KERNEL) | awk '$$3 == "start_high" { print $$1 }') \
		$(KERNEL) $(BUILD)/iso/boot/sockeye.elf
	cp $(INITRAMFS) $(BUILD)/iso/boot/
	cp boot/grub.cfg $(BUILD)/iso/boot/grub/
	grub-mkrescue -o $@ $(BUILD)/iso >/dev/null 2>&1

iso: deps $(ISO_IMAGE)

run: all
	sh tools/qemu.sh run $(if $(ISO_BOOT),iso,) $(if $(filter 1,$(ISO)),iso,)

gdb: all
	sh tools/qemu.sh gdb

# Two guests, one LAN (tools/lab2.py prints the console ports): docs/file-transfer.md.
lab2: all
	python3 tools/lab2.py $(if $(APPEND),--append "$(APPEND)",)

test: all
	sh tools/testing/run-all.sh

# The labs (labs/README.md): list them, make a starter tree, grade a tree.
labs:
	@python3 tools/labs.py list
lab:
	@test -n "$(LAB)" || { echo "usage: make lab LAB=name [DIR=path]  (make labs lists them)"; exit 2; }
	python3 tools/labs.py make $(LAB) $(DIR)
grade: all
	@test -n "$(LAB)" || { echo "usage: make grade LAB=name  (make labs lists them)"; exit 2; }
	python3 tools/labs.py grade $(LAB)

# A TCP connection's life, from listen() and the SYN to accept4() and close, traced (docs/tracing.md).
trace-demo: all
	APPEND="noservices run=/bin/trace,demo" sh tools/qemu.sh run || [ $$? -eq 99 ]	# 99: the guest powered off

bench: all
	@sh tools/deps.sh bench
	sh tools/bench/run.sh

fuzz: all
	SEED=$(SEED) CALLS=$(CALLS) MODE=$(MODE) WIRE=$(WIRE) FRAMES=$(FRAMES) sh tools/fuzz.sh

clean:
	rm -rf $(BUILD)

-include $(KOBJS:.o=.d)
