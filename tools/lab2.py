#!/usr/bin/env python3
"""make lab2: two Sockeye guests on one virtual LAN, a console and a pcap each.

    guest A  10.0.3.1  console: nc 127.0.0.1 <A port>   capture: build/lab2-a.pcap
    guest B  10.0.3.2  console: nc 127.0.0.1 <B port>   capture: build/lab2-b.pcap

The LAN is the one the tcp tier's two-guest test uses (test_tcp.py,
two_guests): A's e1000 on `-netdev socket,listen=127.0.0.1:P`, B's on
`connect=` to it, so every frame one guest sends the other receives.
Each console is a TCP server on 127.0.0.1 (QEMU `-chardev socket`),
logged to build/lab2-[ab].log; attach with nc or telnet, detach and
re-attach at will. Each guest's frames are written to its pcap by QEMU's
filter-dump (tshark -r build/lab2-a.pcap). Ctrl-C stops both guests.

Ports default to a per-user block (so students on one machine do not
collide) and are printed; --lan/--console-a/--console-b choose them,
--append adds kernel arguments. tools/testing/test_ftx.py runs this script
the way a student does and moves files between the two guests.
"""
import argparse
import os
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")
GUESTS = (("a", "10.0.3.1", "52:54:00:12:03:01"), ("b", "10.0.3.2", "52:54:00:12:03:02"))


def accel_args():
    out = subprocess.run(["sh", "tools/accel.sh"], cwd=ROOT, capture_output=True, text=True).stdout
    return out.split() or ["-accel", "tcg"]


def qemu_args(which, ip, mac, lan_port, console_port, append, accel):
    """One guest's QEMU command line: A listens for the LAN, B connects."""
    role = "listen" if which == "a" else "connect"
    prefix = os.path.join(BUILD, "lab2-" + which)
    return ["qemu-system-i386", "-m", "256M", "-no-reboot", "-display", "none", "-monitor", "none",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
            "-chardev", "socket,id=con0,host=127.0.0.1,port=%d,server=on,wait=off,logfile=%s.log"
            % (console_port, prefix),
            "-serial", "chardev:con0",
            "-netdev", "socket,id=n0,%s=127.0.0.1:%d" % (role, lan_port),
            "-device", "e1000,netdev=n0,mac=" + mac,
            "-object", "filter-dump,id=dump0,netdev=n0,file=%s.pcap" % prefix,
            "-kernel", os.path.join(BUILD, "sockeye.elf"),
            "-initrd", os.path.join(BUILD, "initramfs.cpio"),
            "-append", ("ip=%s:::255.255.255.0:lab2%s:eth0:off %s" % (ip, which, append)).strip(),
            ] + accel


def main():
    base = 24000 + (os.getuid() % 1000) * 3
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lan", type=int, default=base)
    ap.add_argument("--console-a", type=int, default=base + 1)
    ap.add_argument("--console-b", type=int, default=base + 2)
    ap.add_argument("--append", default="")
    a = ap.parse_args()
    accel = accel_args()
    procs = []

    def stop(*_):
        for p in procs:
            if p.poll() is None:
                p.terminate()
        for p in procs:
            p.wait()
        sys.exit(0)
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    for (which, ip, mac), cport in zip(GUESTS, (a.console_a, a.console_b)):
        log = os.path.join(BUILD, "lab2-%s.log" % which)
        if os.path.exists(log):
            os.unlink(log)
        procs.append(subprocess.Popen(qemu_args(which, ip, mac, a.lan, cport, a.append, accel), cwd=ROOT))
        # B's connect= fails unless A already listens: A's first console
        # bytes (its log) mean its QEMU finished setting up the LAN socket.
        deadline = time.time() + 30
        while which == "a" and not (os.path.exists(log) and os.path.getsize(log) > 0):
            if procs[0].poll() is not None or time.time() > deadline:
                print("lab2: guest A's QEMU did not start (see %s)" % log, file=sys.stderr)
                stop()
            time.sleep(0.1)
        print("lab2: guest %s %s  console: nc 127.0.0.1 %d  pcap: build/lab2-%s.pcap  log: build/lab2-%s.log"
              % (which.upper(), ip, cport, which, which), flush=True)
    print("lab2: Ctrl-C stops both guests", flush=True)
    while all(p.poll() is None for p in procs):
        time.sleep(0.5)
    stop()


if __name__ == "__main__":
    main()
