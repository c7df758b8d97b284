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
if ! dpkg --print-foreign-architectures | grep -qx i386; then
	$SUDO dpkg --add-architecture i386
	$SUDO apt-get update -qq || true	# a mirror hiccup on one index must not stop us
fi
( cd "$tmp" && apt-get download -qq busybox-static:i386 >/dev/null 2>&1 ) || {
	$SUDO apt-get update -qq || true	# a mirror hiccup on one index must not stop us
	( cd "$tmp" && apt-get download -qq busybox-static:i386 )
}
dpkg-deb -x "$tmp"/busybox-static_*_i386.deb "$tmp/x"
mkdir -p "$(dirname "$out")"
cp "$tmp/x/bin/busybox" "$out"
