#!/bin/sh
# Starts Sockeye in QEMU. Modes:
#   qemu.sh run [iso]   interactive: serial console on this terminal (Ctrl-A X quits),
#                       e1000 on QEMU's user network (DHCP gives 10.0.2.15), and
#                       127.0.0.1:8080 on the host forwarded to the guest's httpd
#                       on port 80 ($HTTP_PORT picks another host port)
#   qemu.sh gdb [gdb args...]
#                       halted at reset with the gdb stub on a per-user port
#                       (or $GDB_PORT), gdb attached via the generated .gdbinit
# Both modes give the guest a second serial line, /dev/ttyS1 (COM2): a unix
# socket at build/ttyS1.sock, a raw byte pipe for test tools
# (e.g. socat - UNIX-CONNECT:build/ttyS1.sock). Extra kernel arguments come from $APPEND. KVM is used only if a probe boot
# under it succeeds (tools/accel.sh, cached in build/accel); otherwise TCG.
set -e
mode="${1:-run}"
B=build
ACCEL=$(sh tools/accel.sh)	# KVM only if a probe boot under it succeeds
# $FWD: the host side of the forward to the guest's httpd (user/httpd.c, started by init).
net() {
	echo "-netdev user,id=n0,hostfwd=tcp:127.0.0.1:$1-:80 -device e1000,netdev=n0" \
		"-object filter-dump,id=d0,netdev=n0,file=$B/run.pcap"
}
# DHCP on QEMU's user network unless the caller chose an ip= of their own.
case " ${APPEND:-} " in
*" ip="*) KARGS="${APPEND}" ;;
*) KARGS="ip=dhcp ${APPEND:-}" ;;
esac
COMMON="-m 256M -no-reboot -display none -device isa-debug-exit,iobase=0xf4,iosize=0x04 $ACCEL"
# The second -serial is COM2; it must come after the console's.
SERIAL1="-chardev socket,id=ser1,path=$B/ttyS1.sock,server=on,wait=off -serial chardev:ser1"

case "$mode" in
run)
	FWD=${HTTP_PORT:-8080}
	NET=$(net $FWD)
	echo "httpd: the guest's web server is at http://127.0.0.1:$FWD/ (host port $FWD -> guest port 80)"
	if [ "$2" = iso ]; then
		exec qemu-system-i386 $COMMON -serial mon:stdio $SERIAL1 $NET -cdrom $B/sockeye.iso
	fi
	exec qemu-system-i386 $COMMON -serial mon:stdio $SERIAL1 $NET \
		-kernel $B/sockeye.elf -initrd $B/initramfs.cpio -append "$KARGS"
	;;
gdb)
	# Extra arguments go to gdb (tools/testing/test_gdb.py runs it with -batch -ex ...).
	shift
	port=${GDB_PORT:-$((20000 + $(id -u) % 10000))}
	sed "s/@PORT@/$port/" tools/gdbinit.in > .gdbinit
	# The console goes to a log file and to a TCP socket on 127.0.0.1, so you
	# can type into the guest from a second terminal while gdb holds this one.
	cport=$((port + 1))
	# Not 8080: gdb sessions of several users may run at once; a per-user port as for the stub.
	FWD=${HTTP_PORT:-$((port + 2))}
	NET=$(net $FWD)
	qemu-system-i386 $COMMON $NET \
		-chardev socket,id=con0,host=127.0.0.1,port=$cport,server=on,wait=off,logfile=$B/gdb-serial.log \
		-serial chardev:con0 $SERIAL1 \
		-kernel $B/sockeye.elf -initrd $B/initramfs.cpio -append "$KARGS" \
		-S -gdb tcp:127.0.0.1:$port &
	qpid=$!
	echo "QEMU pid $qpid, gdb stub on 127.0.0.1:$port, serial log in $B/gdb-serial.log"
	echo "guest console: in another terminal run  nc 127.0.0.1 $cport  (or telnet)"
	echo "httpd: the guest's web server is at http://127.0.0.1:$FWD/ (host port $FWD -> guest port 80)"
	# -x loads our .gdbinit explicitly; gdb's own auto-load of ./.gdbinit is
	# off so it is neither refused with a warning nor loaded twice.
	gdb -q -iex "set auto-load local-gdbinit off" -x .gdbinit "$@" || true
	kill $qpid 2>/dev/null || true
	;;
*)
	echo "usage: qemu.sh run [iso] | gdb" >&2
	exit 2
	;;
esac
