#!/bin/sh
# Starts Sockeye in QEMU. Modes:
#   qemu.sh run [iso]   interactive: serial console on this terminal (Ctrl-A X quits),
#                       e1000 on QEMU's user network (DHCP gives 10.0.2.15), and
#                       127.0.0.1:8080 on the host forwarded to the guest's httpd
#                       on port 80 ($HTTP_PORT picks another host port)
#   qemu.sh gdb [gdb args...]
#                       halted at reset with the gdb stub on a per-user port
#                       (or $GDB_PORT), gdb attached via the generated .gdbinit;
#                       $KERNEL is the ELF to boot and debug (make gdb passes
#                       build-debug/sockeye.elf)
#   qemu.sh console     the guest console of a running `qemu.sh gdb` on this
#                       terminal, raw (Ctrl-] quits; Ctrl-C goes to the guest)
# run and gdb give the guest a second serial line, /dev/ttyS1 (COM2): a unix
# socket at build/ttyS1.sock, a raw byte pipe for test tools
# (e.g. socat - UNIX-CONNECT:build/ttyS1.sock).
# Extra kernel arguments come from $APPEND. KVM is used only if a probe boot
# under it succeeds (tools/accel.sh, cached in build/accel); otherwise TCG.
set -e
mode="${1:-run}"
B=build
ACCEL=$(sh tools/accel.sh)	# KVM only if a probe boot under it succeeds
# $1: the host side of the forward to the guest's httpd (user/httpd.c, started by init).
net() {
	echo "-netdev user,id=n0,hostfwd=tcp:127.0.0.1:$1-:80 -device e1000,netdev=n0" \
		"-object filter-dump,id=d0,netdev=n0,file=$B/run.pcap"
}
# DHCP on QEMU's user network unless the caller chose an ip= of their own.
case " ${APPEND:-} " in
*" ip="*) KARGS="${APPEND}" ;;
*) KARGS="ip=dhcp ${APPEND:-}" ;;
esac
# The gdb stub's port is per user so that two people on one machine do not
# collide; the console is on the next port.
port=${GDB_PORT:-$((20000 + $(id -u) % 10000))}
cport=$((port + 1))
COMMON="-m 256M -no-reboot -display none -device isa-debug-exit,iobase=0xf4,iosize=0x04 $ACCEL"
# The second -serial is COM2; it must come after the console's.
SERIAL1="-chardev socket,id=ser1,path=$B/ttyS1.sock,server=on,wait=off -serial chardev:ser1"

case "$mode" in
run)
	FWD=${HTTP_PORT:-8080}
	NET=$(net $FWD)
	echo "httpd: the guest's web server is at http://127.0.0.1:$FWD/ (host port $FWD -> guest port 80)"
	# The guest's way out is our exit status: a power off (isa-debug-exit
	# 0x31: QEMU says 99) is 0, a halt (0x01: 3; init halts when a
	# usertests= or run= program failed) is 1, anything else is QEMU's own.
	set +e
	if [ "$2" = iso ]; then
		qemu-system-i386 $COMMON -serial mon:stdio $SERIAL1 $NET -cdrom $B/sockeye.iso
	else
		qemu-system-i386 $COMMON -serial mon:stdio $SERIAL1 $NET \
			-kernel $B/sockeye.elf -initrd $B/initramfs.cpio -append "$KARGS"
	fi
	rc=$?
	case $rc in
	99) exit 0 ;;
	3) exit 1 ;;
	*) exit $rc ;;
	esac
	;;
gdb)
	# Extra arguments go to gdb (tools/testing/test_gdb.py runs it with -batch -ex ...).
	shift
	kernel=${KERNEL:-$B/sockeye.elf}
	sed -e "s/@PORT@/$port/" -e "s|@KERNEL@|$kernel|" tools/gdbinit.in > .gdbinit
	# The console goes to a log file and to a TCP socket on 127.0.0.1, so you
	# can type into the guest from a second terminal while gdb holds this one.
	# Not 8080 for httpd: gdb sessions of several users may run at once.
	FWD=${HTTP_PORT:-$((port + 2))}
	NET=$(net $FWD)
	# setsid: QEMU gets its own session, away from this terminal, so the
	# SIGINT of a Ctrl-C reaches gdb (which stops the guest) and not QEMU
	# (which would quit). stdin is not the terminal's either.
	setsid qemu-system-i386 $COMMON $NET \
		-chardev socket,id=con0,host=127.0.0.1,port=$cport,server=on,wait=off,logfile=$B/gdb-serial.log \
		-serial chardev:con0 $SERIAL1 \
		-kernel $kernel -initrd $B/initramfs.cpio -append "$KARGS" \
		-S -gdb tcp:127.0.0.1:$port </dev/null &
	qpid=$!
	# QEMU is not in our process group: take it down with us however we end.
	trap 'kill $qpid 2>/dev/null' EXIT HUP TERM
	echo "QEMU pid $qpid ($kernel), gdb stub on 127.0.0.1:$port, serial log in $B/gdb-serial.log"
	echo "guest console: in another terminal run  make console  (or nc 127.0.0.1 $cport)"
	echo "httpd: the guest's web server is at http://127.0.0.1:$FWD/ (host port $FWD -> guest port 80)"
	# A Ctrl-C is gdb's alone. On a terminal, job control (set -m) runs gdb
	# as its own foreground process group, so the SIGINT does not reach this
	# shell or the make above it either (make would print "Interrupt" and
	# quit). Otherwise this shell ignores SIGINT, so that it is still here
	# to stop QEMU after gdb; gdb sets its own handler either way.
	[ -t 0 ] && set -m
	trap '' INT
	# -x loads our .gdbinit explicitly; gdb's own auto-load of ./.gdbinit is
	# off so it is neither refused with a warning nor loaded twice.
	gdb -q -iex "set auto-load local-gdbinit off" -x .gdbinit "$@" || true
	;;
console)
	exec python3 tools/console.py 127.0.0.1 $cport
	;;
*)
	echo "usage: qemu.sh run [iso] | gdb [gdb args] | console" >&2
	exit 2
	;;
esac
