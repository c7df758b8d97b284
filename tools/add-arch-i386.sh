#!/bin/sh
# Adds Debian's i386 architecture (dpkg --add-architecture i386), which
# tools/deps.sh needs for musl-dev:i386 and tools/fetch-busybox.sh for
# busybox-static:i386. It changes the machine's package configuration
# (apt then fetches i386 indexes too), so a person at a terminal is asked
# first; CI (CI set, or stdin not a terminal) proceeds, as before.
# Exits 1 if the answer is no.
set -e
dpkg --print-foreign-architectures 2>/dev/null | grep -qx i386 && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if [ -t 0 ] && [ -z "${CI:-}" ]; then
	echo "Sockeye needs Debian's i386 architecture for busybox-static:i386 and musl-dev:i386."
	printf "Run '%sdpkg --add-architecture i386' now? [y/N] " "${SUDO:+sudo }"
	read -r answer || answer=
	case "$answer" in
	y|Y|yes|YES) ;;
	*) echo "not adding i386; run it yourself and make again" >&2; exit 1 ;;
	esac
fi
$SUDO dpkg --add-architecture i386
$SUDO apt-get update -qq || true	# a mirror hiccup on one index must not stop us
