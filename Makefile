# Sockeye: build, run, test and debug. The README shows the two commands
# that matter: `make run` and `make test`. Everything a fresh Debian 12
# machine lacks is installed by tools/deps.sh (apt-get, only when missing).
#
#   make            build/sockeye.elf, build/initramfs.cpio, build/sockeye.iso
#   make run        boot in QEMU to a shell on this terminal (Ctrl-A X quits)
#   make run ISO=1  the same through GRUB from the ISO
#   make lab2       two guests on one LAN (10.0.3.1, 10.0.3.2), consoles on TCP, a pcap each
#   make test       every test tier; last line "N passed, N failed"
#   make gdb        QEMU halted + gdb attached, stopped at kernel_main (debug kernel)
#   make console    the guest's console on this terminal while `make gdb` runs
#   make bench      the figures in docs/benchmarks.md
#   make fuzz       one long fuzzing session: SEED= CALLS= [MODE=s]; WIRE=1 [FRAMES=]: the wire fuzzer
#   make labs       the course's labs; make lab LAB=name, make grade LAB=name
#   make trace-demo a TCP connection's life from the kernel's tracepoints
#   make help       every target and variable, with one line each
#
# Builds are parallel (one job per CPU) and quiet ("CC kernel/fork.c");
# V=1 prints every command line in full, -jN still overrides the job count.

ifeq ($(MAKELEVEL)$(filter -j%,$(MAKEFLAGS)),0)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif
ifeq ($(V),1)
Q :=
quiet = @true
else ifneq ($(findstring s,$(firstword -$(MAKEFLAGS))),)
Q := @
quiet = @true
else
Q := @
quiet = @printf '  %-7s %s\n'
endif

CROSS   ?= i686-linux-gnu-
# BUILD is build/ (the release kernel, -O2: tests and benchmarks); `make gdb`
# builds the kernel again in build-debug/ with KOPT=$(KOPT_DEBUG).
BUILD   ?= build
DEBUG_BUILD := build-debug
CC      := $(CROSS)gcc
UCC     := $(CROSS)gcc
OBJDUMP := $(CROSS)objdump
NM      := $(CROSS)nm
QEMU    ?= qemu-system-i386

# -Og keeps locals in the debug kernel; no inlining of static functions
# called once and no partial inlining, so every function gdb can break on
# has one location and `finish` returns to the caller the docs name.
# Call-frame information goes to .debug_frame (-fno-asynchronous-unwind-tables;
# the linker script drops .eh_frame), which gdb unwinds with; kernel/entry.S
# describes its frames the same way.
# KOPT is defined before KCFLAGS, which expands it once (:=): defined
# after, it was empty and the release kernel was built at -O0.
KOPT ?= -O2
KOPT_DEBUG := -Og -fno-inline-functions-called-once -fno-partial-inlining -fno-ipa-sra \
	-fno-ipa-icf -fno-optimize-sibling-calls
KCFLAGS := -m32 -march=i686 -ffreestanding -nostdinc -fno-builtin -fno-stack-protector \
	-fno-pie -fno-pic -fno-omit-frame-pointer -fno-strict-aliasing -mno-sse -mno-mmx \
	-mno-80387 -fno-tree-loop-distribute-patterns -fno-asynchronous-unwind-tables $(KOPT) -g \
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

.PHONY: all deps run lab2 gdb debug console help iso test bench fuzz clean trace-demo labs lab grade
# deps first, then the build in a second make: as one goal list, -j ran the
# compilers beside the apt-get that installs them, and a fresh machine's
# first `make` failed ("i686-linux-gnu-gcc: No such file or directory").
all: deps
	$(Q)$(MAKE) --no-print-directory $(KERNEL) $(INITRAMFS) $(ISO_IMAGE)

deps:
	@sh tools/deps.sh

include libc/build.mk user/build.mk
-include tools/testing/unit/build.mk

# Objects depend on the flags they were built with: a changed KCFLAGS (a
# Makefile edit, KOPT) rebuilds the kernel instead of linking stale objects.
KFLAGS_STAMP := $(BUILD)/k/flags
$(KFLAGS_STAMP): FORCE
	@mkdir -p $(dir $@)
	@echo '$(KCFLAGS) $(KASFLAGS)' | cmp -s - $@ || echo '$(KCFLAGS) $(KASFLAGS)' > $@
.PHONY: FORCE

$(BUILD)/k/%.c.o: %.c $(KFLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(quiet) CC $<
	$(Q)$(CC) $(KCFLAGS) -c -o $@ $<

$(BUILD)/k/%.S.o: %.S $(KFLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(quiet) AS $<
	$(Q)$(CC) $(KASFLAGS) -c -o $@ $<

# Linked twice: the second link carries a symbol table (kallsyms) so that
# oopses print function names. The table sits after .text, so adding it
# moves no code address.
$(KERNEL): $(KOBJS) boot/linker.ld tools/kallsyms.sh
	$(quiet) LD $@
	$(Q)$(CC) -m32 -nostdlib -static -no-pie -T boot/linker.ld -o $(BUILD)/sockeye.pass1 $(KOBJS) -lgcc $(KLDFLAGS)
	$(Q)sh tools/kallsyms.sh $(NM) $(BUILD)/sockeye.pass1 > $(BUILD)/kallsyms.c
	$(Q)$(CC) $(KCFLAGS) -c -o $(BUILD)/kallsyms.o $(BUILD)/kallsyms.c
	$(Q)$(CC) -m32 -nostdlib -static -no-pie -T boot/linker.ld -o $@ $(KOBJS) $(BUILD)/kallsyms.o -lgcc $(KLDFLAGS)
	$(quiet) OBJDUMP $(BUILD)/kernel.asm
	$(Q)$(OBJDUMP) -d -S $@ > $(BUILD)/kernel.asm
	$(Q)$(NM) -n $@ > $(BUILD)/kernel.sym

$(BUSYBOX):
	sh tools/fetch-busybox.sh $@

$(INITRAMFS): $(USER_PROGS) $(BUSYBOX) tools/mkinitramfs.sh $(wildcard user/www/*)
	$(quiet) CPIO $@
	$(Q)sh tools/mkinitramfs.sh $@ $(BUSYBOX) $(USER_PROGS)

# GRUB's Multiboot loader wants the ELF entry point as a virtual address
# inside a PT_LOAD segment (it translates it through p_paddr); ours is the
# physical _start, which QEMU's -kernel takes as is. The ISO's copy gets the
# virtual address of the same instruction (start_high, boot/entry.S), which
# both loaders accept.
$(ISO_IMAGE): $(KERNEL) $(INITRAMFS) boot/grub.cfg
	@mkdir -p $(BUILD)/iso/boot/grub
	$(quiet) ISO $@
	$(Q)$(CROSS)objcopy --set-start=0x$$($(NM) $(KERNEL) | awk '$$3 == "start_high" { print $$1 }') \
		$(KERNEL) $(BUILD)/iso/boot/sockeye.elf
	$(Q)cp $(INITRAMFS) $(BUILD)/iso/boot/
	$(Q)cp boot/grub.cfg $(BUILD)/iso/boot/grub/
	$(Q)grub-mkrescue -o $@ $(BUILD)/iso >/dev/null 2>&1

iso: deps
	$(Q)$(MAKE) --no-print-directory $(ISO_IMAGE)

run: all
	sh tools/qemu.sh run $(if $(ISO_BOOT),iso,) $(if $(filter 1,$(ISO)),iso,)

# The debug kernel: the same sources built into build-debug/ with
# KOPT_DEBUG (a second make, so build/ keeps its -O2 objects). The
# initramfs is build/'s: user programs are the same in both.
debug: all
	$(Q)$(MAKE) --no-print-directory BUILD=$(DEBUG_BUILD) KOPT="$(KOPT_DEBUG)" $(DEBUG_BUILD)/sockeye.elf

# Ctrl-C in gdb stops the guest and nothing else (tools/qemu.sh: QEMU runs
# in its own session). `make console` in a second terminal is the guest's
# serial console; KERNEL_GDB=build/sockeye.elf debugs the -O2 kernel instead.
gdb: debug
	@KERNEL=$(or $(KERNEL_GDB),$(DEBUG_BUILD)/sockeye.elf) sh tools/qemu.sh gdb

console:
	@sh tools/qemu.sh console

help:
	@sed -n 's/^#   make /  make /p' Makefile
	@echo "  make unit       the host unit tests only"
	@echo "  make debug      build-debug/sockeye.elf (-Og) without starting gdb"
	@echo "  make clean      remove build/ and build-debug/"
	@echo "Variables: APPEND=\"kernel args\" (run, gdb), V=1 (full command lines),"
	@echo "  ISO=1 (run from the GRUB ISO), KERNEL_GDB=build/sockeye.elf (gdb on -O2),"
	@echo "  SEED= CALLS= MODE= (fuzz). docs/testing.md: one tier, one test."

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
	APPEND="noservices run=/bin/trace,demo" sh tools/qemu.sh run

bench: all
	@sh tools/deps.sh bench
	sh tools/bench/run.sh

fuzz: all
	SEED=$(SEED) CALLS=$(CALLS) MODE=$(MODE) WIRE=$(WIRE) FRAMES=$(FRAMES) sh tools/fuzz.sh

clean:
	rm -rf $(BUILD) $(DEBUG_BUILD)

-include $(KOBJS:.o=.d)
