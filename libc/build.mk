# libc/build.mk: builds Sockeye's C library for user programs.
#
# Included by the top Makefile, which provides CROSS, BUILD and UCC.
# Produces:
#   $(BUILD)/libc/crt0.o   _start, linked first into every program
#   $(BUILD)/libc/libc.a   everything else
# user/build.mk links programs against both with ULDFLAGS and ULIBS.

LIBC_CFLAGS := -m32 -march=i686 -ffreestanding -fno-builtin -fno-stack-protector \
	-fno-pie -fno-tree-loop-distribute-patterns -nostdinc -O2 -g \
	-Wall -Wextra -Wno-unused-parameter -MMD -MP \
	-Ilibc/include -Iinclude

# Flags for every user-space compile (libc's own and programs').
UCFLAGS := $(LIBC_CFLAGS)
ULDFLAGS := -m32 -static -nostdlib -no-pie -Wl,--build-id=none
ULIBS := $(BUILD)/libc/libc.a -lgcc	# libgcc: 64-bit division for printf's %llu

UAR := $(CROSS)ar

LIBC_SRCS := $(filter-out libc/crt0.S,$(wildcard libc/*.c libc/*.S))
LIBC_OBJS := $(patsubst libc/%,$(BUILD)/libc/%.o,$(LIBC_SRCS))
LIBC_CRT0 := $(BUILD)/libc/crt0.o
LIBC_A    := $(BUILD)/libc/libc.a

$(BUILD)/libc/%.c.o: libc/%.c
	@mkdir -p $(dir $@)
	$(quiet) CC $<
	$(Q)$(UCC) $(LIBC_CFLAGS) -c -o $@ $<

$(BUILD)/libc/%.S.o: libc/%.S
	@mkdir -p $(dir $@)
	$(quiet) CC $<
	$(Q)$(UCC) $(LIBC_CFLAGS) -c -o $@ $<

$(LIBC_CRT0): libc/crt0.S
	@mkdir -p $(dir $@)
	$(quiet) CC $<
	$(Q)$(UCC) $(LIBC_CFLAGS) -c -o $@ $<

# syscall.c expands syscalls.list; make it a dependency so edits rebuild it.
$(BUILD)/libc/syscall.c.o: libc/syscalls.list

$(LIBC_A): $(LIBC_OBJS)
	@rm -f $@
	$(quiet) AR $@
	$(Q)$(UAR) rcs $@ $^

.PHONY: libc
libc: $(LIBC_A) $(LIBC_CRT0)

-include $(LIBC_OBJS:.o=.d)
