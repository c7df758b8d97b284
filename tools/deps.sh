#!/bin/sh
# Installs the Debian packages Sockeye's build, run and test steps need, but
# only when a tool is missing, so a warm machine pays nothing. Called by the
# Makefile before anything else (make deps). Needs root (or sudo) for apt-get.
# `deps.sh bench` adds what only `make bench` needs (tools/bench/README.md):
# static i386 glibc for the guest servers, and Debian's Linux kernel with a
# static busybox for the reference guest they are compared with.
set -e

# tool -> package that provides it
need=""
check() { command -v "$1" >/dev/null 2>&1 || need="$need $2"; }
check i686-linux-gnu-gcc   gcc-i686-linux-gnu
check i686-linux-gnu-ld    binutils-i686-linux-gnu
check qemu-system-i386     qemu-system-x86
check grub-mkrescue        grub-common
check xorriso              xorriso
check mformat              mtools
check gdb                  gdb
check cpio                 cpio
check python3              python3
check tshark               tshark
check curl                 curl
[ -d /usr/lib/grub/i386-pc ] || need="$need grub-pc-bin"
# The threads tier runs unmodified static pthread programs built against
# i386 glibc (the cross libc) and i386 musl (Debian's i386 architecture).
[ -f /usr/i686-linux-gnu/lib/libc.a ] || need="$need libc6-dev-i386-cross"
if [ ! -f /usr/lib/i386-linux-musl/libc.a ]; then
	need="$need musl-dev:i386"
fi
if [ "$1" = bench ]; then
	ls /boot/vmlinuz-* >/dev/null 2>&1 || need="$need linux-image-amd64"
	# Debian's dynamic busybox also installs /bin/busybox; the static one names no interpreter.
	{ [ -x /bin/busybox ] && ! head -c 4096 /bin/busybox | grep -q ld-linux; } || need="$need busybox-static"
fi
python3 -c 'import scapy' 2>/dev/null || {
	# scapy must import in the python3 the tests run; Debian's package serves /usr/bin/python3.
	[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import scapy' 2>/dev/null || need="$need python3-scapy"
}

[ -z "$need" ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "deps: installing:$need"
export DEBIAN_FRONTEND=noninteractive
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections 2>/dev/null || true
case "$need" in
*:i386*) sh tools/add-arch-i386.sh ;;	# asks first on a terminal
esac
$SUDO apt-get update -qq || true	# one stale mirror index must not stop the install
$SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null
