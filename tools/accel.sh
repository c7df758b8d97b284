#!/bin/sh
# Prints QEMU's accelerator arguments for this machine: "-accel kvm" only if
# a probe boot under KVM succeeds (tools/kvm-probe.sh), else "-accel tcg".
# On these machines /dev/kvm is a nested software hypervisor that hangs
# guests, so the probe is the gate. The answer is cached in build/accel for
# the life of the build directory; SOCKEYE_KVM=0 forces TCG, =1 re-probes.
cache=build/accel
[ "${SOCKEYE_KVM:-}" = 0 ] && { echo "-accel tcg"; exit 0; }
if [ "${SOCKEYE_KVM:-}" != 1 ] && [ -s "$cache" ]; then
	cat "$cache"
	exit 0
fi
# The probe boots our kernel: without one, say TCG now and decide next time.
[ -f build/sockeye.elf ] || { echo "-accel tcg"; exit 0; }
if sh tools/kvm-probe.sh; then a="-accel kvm"; else a="-accel tcg"; fi
mkdir -p build && echo "$a" > "$cache"
echo "$a"
