#!/bin/sh
# Builds the initramfs (cpio "newc", as Linux's) the kernel unpacks into
# its root ramfs: /bin with our programs, Debian's busybox and links to its
# applets, /etc, /tmp, /dev, /proc mount points, and httpd's document root
# /var/www (user/www plus numbers.txt, "1".."40000" one per line, a file big
# enough to take many writes, which a host test can rebuild to compare bytes).
# Usage: mkinitramfs.sh OUT BUSYBOX PROG...
set -e
out="$1"; busybox="$2"; shift 2
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/sbin" "$root/etc" "$root/tmp" "$root/dev" "$root/proc" "$root/root"
chmod 1777 "$root/tmp"		# as on Linux: the uid-1000 usertests pass makes its scratch dirs there
for p in "$@"; do cp "$p" "$root/bin/"; done
cp "$busybox" "$root/bin/busybox"
# Every busybox applet Sockeye does not provide itself gets a /bin link, so
# a first lab's `tail`, `grep`, `top` or `netstat` works as on Linux; our own
# programs keep their names. The list is read from the binary's table of
# applet names (NUL-separated and sorted, starting "[", "[["), not from
# running `busybox --list`: a build host without 32-bit support (no
# IA32 emulation) cannot run the i386 binary, and there the short fallback
# list below had left `su` out. The fallback stays for a busybox whose
# table is not found.
applets=$(tr '\0' '\n' < "$busybox" | awk '
	on && !/^[a-z0-9_.-]+$/ { exit }
	on { print }
	prev == "[" && $0 == "[[" { on = 1 }
	{ prev = $0 }')
[ "$(echo "$applets" | wc -l)" -ge 50 ] || applets="arp awk basename clear cmp cut date dd df diff
dirname du env expr find free grep head hexdump hostname id less ln md5sum mknod more netstat
nslookup od pidof printf pwd readlink realpath reset seq sed sha256sum sort stat stty su sync tail
tee telnet test time top touch tr traceroute tty uniq unlink uptime usleep vi watch wget which
whoami xargs yes"
for a in $applets; do
	case "$a" in */*|'['|'[['|busybox) continue ;; esac
	[ -e "$root/bin/$a" ] || ln -s busybox "$root/bin/$a"
done
ln -s /bin/init "$root/sbin/init"
# An ordinary user to become with `su user` (busybox su: root needs no
# password), so privilege checks can be tried by hand: docs/security.md.
printf 'root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:Sockeye user:/tmp:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\nuser:x:1000:\n' > "$root/etc/group"
printf '127.0.0.1\tlocalhost\n' > "$root/etc/hosts"
printf 'Welcome to Sockeye.\n' > "$root/etc/motd"
mkdir -p "$root/var/www"
cp user/www/* "$root/var/www/"
seq 1 40000 > "$root/var/www/numbers.txt"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --owner=0:0 --quiet) > "$out.tmp"
mv "$out.tmp" "$out"
