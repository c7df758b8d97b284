#!/bin/sh
# Succeeds only if a Sockeye guest boots under KVM within a few seconds.
# On these machines /dev/kvm is a nested software hypervisor that hangs
# guests, so KVM must prove itself first; tools/accel.sh runs this once per
# build directory and caches the answer in build/accel.
[ -w /dev/kvm ] || exit 1
out=$(timeout 8 qemu-system-i386 -accel kvm -m 64M -display none -no-reboot -nic none \
	-serial stdio -monitor none -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel build/sockeye.elf -append "ktest=page_alloc_roundtrip" 2>/dev/null)
echo "$out" | grep -q "ktest: 1 passed, 0 failed"
