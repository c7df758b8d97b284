# user/build.mk: builds the user programs that go into the initramfs /bin.
#
# Included by the top Makefile after libc/build.mk (uses UCC, UCFLAGS,
# ULDFLAGS, ULIBS, LIBC_CRT0, LIBC_A from there). Every user/NAME.c is one
# program, linked at the usual i386 base 0x08048000 into
# $(BUILD)/user/bin/NAME; user/lib/*.c are helpers in an archive every program
# links against (so a program carries only the helpers it calls: evloop
# stays out of cat), user/ftx/*.c are linked into fsend and frecv only;
# user/tests/*.c together make $(BUILD)/user/bin/usertests, except
# user/tests/fuzz*.c, which make $(BUILD)/user/bin/fuzz (the fuzzer); the
# shell is user/sh.c plus its parts user/sh_*.c (user/sh.h).
# USER_PROGS lists every binary for the initramfs step.

SH_PART_SRCS := $(wildcard user/sh_*.c)
USER_NAMES := $(sort $(basename $(notdir $(filter-out $(SH_PART_SRCS),$(wildcard user/*.c)))))
USER_LIB_OBJS := $(patsubst user/%.c,$(BUILD)/user/%.o,$(wildcard user/lib/*.c))
USER_LIB_A := $(BUILD)/user/lib/libuser.a
FUZZ_SRCS := $(wildcard user/tests/fuzz*.c)
USERTESTS_OBJS := $(patsubst user/%.c,$(BUILD)/user/%.o,$(filter-out $(FUZZ_SRCS),$(wildcard user/tests/*.c)))
FUZZ_OBJS := $(patsubst user/%.c,$(BUILD)/user/%.o,$(FUZZ_SRCS))

USER_PROGS := $(addprefix $(BUILD)/user/bin/,$(USER_NAMES) usertests fuzz)

USER_CFLAGS := $(UCFLAGS) -Iuser/lib

# Keep the per-program objects (make would delete them as intermediates).
.SECONDARY: $(patsubst %,$(BUILD)/user/%.o,$(USER_NAMES))

$(BUILD)/user/%.o: user/%.c
	@mkdir -p $(dir $@)
	$(quiet) CC $<
	$(Q)$(UCC) $(USER_CFLAGS) -c -o $@ $<

$(USER_LIB_A): $(USER_LIB_OBJS)
	@rm -f $@
	$(UAR) rcs $@ $^

$(BUILD)/user/bin/usertests: $(USERTESTS_OBJS) $(USER_LIB_A) $(LIBC_CRT0) $(LIBC_A)
	@mkdir -p $(dir $@)
	$(quiet) LD $@
	$(Q)$(UCC) $(ULDFLAGS) -o $@ $(LIBC_CRT0) $(USERTESTS_OBJS) $(USER_LIB_A) $(ULIBS)

$(BUILD)/user/bin/fuzz: $(FUZZ_OBJS) $(LIBC_CRT0) $(LIBC_A)
	@mkdir -p $(dir $@)
	$(quiet) LD $@
	$(Q)$(UCC) $(ULDFLAGS) -o $@ $(LIBC_CRT0) $(FUZZ_OBJS) $(ULIBS)

# Extra objects a program names as prerequisites (below) are linked in too.
$(BUILD)/user/bin/%: $(BUILD)/user/%.o $(USER_LIB_A) $(LIBC_CRT0) $(LIBC_A)
	@mkdir -p $(dir $@)
	$(quiet) LD $@
	$(Q)$(UCC) $(ULDFLAGS) -o $@ $(LIBC_CRT0) $(filter-out $(USER_LIB_A) $(LIBC_CRT0) $(LIBC_A),$^) $(USER_LIB_A) $(ULIBS)

# fsend and frecv share the ftx protocol code (user/ftx/, docs/file-transfer.md).
FTX_OBJS := $(patsubst user/%.c,$(BUILD)/user/%.o,$(wildcard user/ftx/*.c))
$(BUILD)/user/bin/fsend $(BUILD)/user/bin/frecv: $(FTX_OBJS)

# The shell: sh.c reads input, the sh_*.c parts parse, expand and run it.
SH_PART_OBJS := $(patsubst user/%.c,$(BUILD)/user/%.o,$(SH_PART_SRCS))
$(BUILD)/user/bin/sh: $(SH_PART_OBJS)

.PHONY: user user-host-check
user: $(USER_PROGS)

# Run the in-guest test suite against the host's own Linux kernel: the
# tests check Linux semantics, so they must pass there too. Sockeye-only
# checks (/proc/slabinfo needs root on Linux) are skipped when unreadable.
# The suite execs /bin/true, which the host provides.
user-host-check: $(USER_PROGS)
	$(BUILD)/user/bin/usertests

-include $(USER_LIB_OBJS:.o=.d) $(USERTESTS_OBJS:.o=.d) $(FUZZ_OBJS:.o=.d) $(FTX_OBJS:.o=.d) $(SH_PART_OBJS:.o=.d) \
	$(patsubst %,$(BUILD)/user/%.d,$(USER_NAMES))

# Test binaries: an unmodified static pthread program (tools/testing/pthread),
# compiled against the cross glibc and against i386 musl (Debian's
# musl-dev:i386) rather than our libc, for the threads tier
# (tools/testing/test_threads.py). Without musl-dev:i386 the musl one is
# not built and that tier fails its musl check.
GLIBC_CC := i686-linux-gnu-gcc
MUSL_LIB := /usr/lib/i386-linux-musl
PTHREAD_TEST_SRC := tools/testing/pthread/pthread_pool.c
USER_PROGS += $(BUILD)/user/bin/pthread_pool
ifneq ($(wildcard $(MUSL_LIB)/libc.a),)
USER_PROGS += $(BUILD)/user/bin/pthread_pool_musl
endif

$(BUILD)/user/bin/pthread_pool: $(PTHREAD_TEST_SRC)
	@mkdir -p $(dir $@)
	$(quiet) LD $@
	$(Q)$(GLIBC_CC) -static -pthread -O2 -Wall -o $@ $<

# More glibc programs of the threads tier: the ttyS1 byte pipe's echo end,
# seed 004's accept models.
GLIBC_TEST_PROGS := serial_echo accept_models
GLIBC_TEST_BINS := $(patsubst %,$(BUILD)/user/bin/%,$(GLIBC_TEST_PROGS))
USER_PROGS += $(GLIBC_TEST_BINS)
$(GLIBC_TEST_BINS): $(BUILD)/user/bin/%: tools/testing/pthread/%.c
	@mkdir -p $(dir $@)
	$(GLIBC_CC) -static -pthread -O2 -Wall -o $@ $<

# musl's own startup files and libc, with the cross gcc's freestanding headers and libgcc.
$(BUILD)/user/bin/pthread_pool_musl: $(PTHREAD_TEST_SRC)
	@mkdir -p $(dir $@)
	$(quiet) LD $@
	$(Q)$(GLIBC_CC) -static -O2 -Wall -nostdinc -nostdlib -isystem /usr/include/i386-linux-musl \
		-isystem $$($(GLIBC_CC) -print-file-name=include) -o $@ \
		$(MUSL_LIB)/crt1.o $(MUSL_LIB)/crti.o $$($(GLIBC_CC) -print-file-name=crtbeginT.o) \
		$< $(MUSL_LIB)/libc.a $$($(GLIBC_CC) -print-libgcc-file-name) \
		$$($(GLIBC_CC) -print-file-name=crtend.o) $(MUSL_LIB)/crtn.o
