#!/bin/sh
# Fetches Debian's static i386 busybox (busybox-static:i386) and unpacks its
# binary to $1. It is the ABI proof: an unmodified Linux program that must
# run on Sockeye. Downloaded at build time, never committed.
set -e
out="$1"
[ -x "$out" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sh tools/add-arch-i386.sh	# asks first on a terminal
( cd "$tmp" && apt-get download -qq busybox-static:i386 >/dev/null 2>&1 ) || {
	$SUDO apt-get update -qq || true	# a mirror hiccup on one index must not stop us
	( cd "$tmp" && apt-get download -qq busybox-static:i386 )
}
dpkg-deb -x "$tmp"/busybox-static_*_i386.deb "$tmp/x"
mkdir -p "$(dirname "$out")"
cp "$tmp/x/bin/busybox" "$out"
