#!/bin/sh
# Builds the initramfs (cpio "newc", as Linux's) the kernel unpacks into
# its root ramfs: /bin with our programs and Debian's busybox, /etc, /tmp,
# /dev, /proc mount points. Usage: mkinitramfs.sh OUT BUSYBOX PROG...
set -e
out="$1"; busybox="$2"; shift 2
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/sbin" "$root/etc" "$root/tmp" "$root/dev" "$root/proc" "$root/root"
chmod 1777 "$root/tmp"		# as on Linux: the uid-1000 usertests pass makes its scratch dirs there
for p in "$@"; do cp "$p" "$root/bin/"; done
cp "$busybox" "$root/bin/busybox"
ln -s /bin/init "$root/sbin/init"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\n' > "$root/etc/group"
printf '127.0.0.1\tlocalhost\n' > "$root/etc/hosts"
printf 'Welcome to Sockeye.\n' > "$root/etc/motd"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --owner=0:0 --quiet) > "$out.tmp"
mv "$out.tmp" "$out"
