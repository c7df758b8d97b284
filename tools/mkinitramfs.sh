#!/bin/sh
# Builds the initramfs (cpio "newc", as Linux's) the kernel unpacks into
# its root ramfs: /bin with our programs and Debian's busybox, /etc, /tmp,
# /dev, /proc mount points, and httpd's document root /var/www (user/www
# plus numbers.txt, "1".."40000" one per line, a file big enough to take
# many writes, which a host test can rebuild to compare bytes).
# Usage: mkinitramfs.sh OUT BUSYBOX PROG...
set -e
out="$1"; busybox="$2"; shift 2
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/sbin" "$root/etc" "$root/tmp" "$root/dev" "$root/proc" "$root/root"
for p in "$@"; do cp "$p" "$root/bin/"; done
cp "$busybox" "$root/bin/busybox"
ln -s /bin/init "$root/sbin/init"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\n' > "$root/etc/group"
printf '127.0.0.1\tlocalhost\n' > "$root/etc/hosts"
printf 'Welcome to Sockeye.\n' > "$root/etc/motd"
mkdir -p "$root/var/www"
cp user/www/* "$root/var/www/"
seq 1 40000 > "$root/var/www/numbers.txt"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --owner=0:0 --quiet) > "$out.tmp"
mv "$out.tmp" "$out"
