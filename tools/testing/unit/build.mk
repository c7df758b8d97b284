# Host unit tests: `make unit` builds every tools/testing/unit/test_*.c into
# its own binary with the kernel sources it names, runs them all, and
# prints "unit: N passed, N failed". See tools/testing/unit/README.md.
#
# Kernel sources are compiled for the host (x86_64) with sanitizers, no
# libc headers (-nostdinc) and the host asm/ overrides force-included;
# harness.c is the only translation unit that sees libc.

UNIT_DIR	:= tools/testing/unit
UNIT_OUT	?= build/unit
UNIT_CC		?= gcc
UNIT_SAN	:= -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
UNIT_KCFLAGS	:= -std=gnu11 -g -O1 $(UNIT_SAN) -nostdinc -ffreestanding -fno-common \
		   -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare -Wno-unused-function \
		   -I$(UNIT_DIR)/include -I$(UNIT_DIR) -Iinclude \
		   -include $(UNIT_DIR)/include/asm/irqflags.h -include $(UNIT_DIR)/include/asm/io.h \
		   -DUNIT_TEST -MMD -MP
UNIT_HCFLAGS	:= -std=gnu11 -g -O1 $(UNIT_SAN) -Wall -MMD -MP
# Tests of user-space code (a "// unit-user-sources:" line): host libc, user/lib headers.
UNIT_UCFLAGS	:= -std=gnu11 -g -O1 $(UNIT_SAN) -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare \
		   -I$(UNIT_DIR) -Iuser/lib -DUNIT_USER -MMD -MP

UNIT_TESTS	:= $(wildcard $(UNIT_DIR)/test_*.c)
UNIT_USER_TESTS	:= $(shell grep -l '^// unit-user-sources:' $(UNIT_TESTS))
UNIT_BINS	:= $(patsubst $(UNIT_DIR)/%.c,$(UNIT_OUT)/%,$(UNIT_TESTS))
UNIT_COMMON	:= $(UNIT_OUT)/obj/$(UNIT_DIR)/harness.o $(UNIT_OUT)/obj/$(UNIT_DIR)/shim.o \
		   $(UNIT_OUT)/obj/$(UNIT_DIR)/sock_shim.o $(UNIT_OUT)/obj/kernel/cmdline.o \
		   $(UNIT_OUT)/obj/kernel/timer.o

# The sources a test names on its "// unit-sources:" line(s); globs allowed.
unit_sources	= $(foreach s,$(shell sed -n 's|^// unit-sources:||p' $(1)),$(or $(wildcard $(s)),$(s)))
unit_objs	= $(patsubst %.c,$(UNIT_OUT)/obj/%.o,$(call unit_sources,$(1)))

$(UNIT_OUT)/obj/$(UNIT_DIR)/harness.o: $(UNIT_DIR)/harness.c
	@mkdir -p $(dir $@)
	$(UNIT_CC) $(UNIT_HCFLAGS) -c $< -o $@

$(UNIT_OUT)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(UNIT_CC) $(UNIT_KCFLAGS) -c $< -o $@

$(UNIT_OUT)/uobj/%.o: %.c
	@mkdir -p $(dir $@)
	$(UNIT_CC) $(UNIT_UCFLAGS) -c $< -o $@

unit_user_objs	= $(patsubst %.c,$(UNIT_OUT)/uobj/%.o,$(shell sed -n 's|^// unit-user-sources:||p' $(1)))

define UNIT_TEST_RULE
$(UNIT_OUT)/$(1): $(UNIT_OUT)/obj/$(UNIT_DIR)/$(1).o $(call unit_objs,$(UNIT_DIR)/$(1).c) $(UNIT_COMMON)
	$(UNIT_CC) $(UNIT_SAN) -o $$@ $$^
endef
$(foreach t,$(filter-out $(UNIT_USER_TESTS),$(UNIT_TESTS)),$(eval $(call UNIT_TEST_RULE,$(basename $(notdir $(t))))))

# A user-space test links the runner and the shim (harness.c counts the shim's objects) too.
define UNIT_USER_TEST_RULE
$(UNIT_OUT)/$(1): $(UNIT_OUT)/uobj/$(UNIT_DIR)/$(1).o $(call unit_user_objs,$(UNIT_DIR)/$(1).c) $(UNIT_COMMON)
	$(UNIT_CC) $(UNIT_SAN) -o $$@ $$^
endef
$(foreach t,$(UNIT_USER_TESTS),$(eval $(call UNIT_USER_TEST_RULE,$(basename $(notdir $(t))))))

-include $(shell find $(UNIT_OUT)/obj $(UNIT_OUT)/uobj -name '*.d' 2>/dev/null)

# Run every binary; a crash (sanitizer report, abort) counts as one failure.
.PHONY: unit
unit: $(UNIT_BINS)
	@pass=0; fail=0; \
	for t in $(UNIT_BINS); do \
		log=$$t.log; \
		ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 timeout 120 $$t > $$t.out 2> $$log; rc=$$?; \
		grep -E '^(PASS|FAIL|    )' $$t.out; \
		last=$$(tail -n 1 $$t.out); \
		p=$$(echo "$$last" | sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$$/\1/p'); \
		f=$$(echo "$$last" | sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$$/\2/p'); \
		if [ -z "$$p" ]; then p=0; f=1; echo "CRASH $$t (see $$log)"; tail -n 30 $$log; \
		elif [ $$rc -ne 0 ] && [ "$$f" = 0 ]; then f=1; echo "FAIL $$t exited $$rc (see $$log)"; tail -n 30 $$log; fi; \
		pass=$$((pass + p)); fail=$$((fail + f)); \
	done; \
	echo "unit: $$pass passed, $$fail failed"; \
	[ $$fail -eq 0 ]

.PHONY: unit-clean
unit-clean:
	rm -rf $(UNIT_OUT)
