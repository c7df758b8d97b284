#!/usr/bin/env python3
"""The guest's serial console on this terminal, for `make console`.

tools/qemu.sh gdb serves the console on 127.0.0.1:PORT+1 while gdb holds
the first terminal. This connects to it with the terminal in raw mode, as
`socat -,raw,echo=0 TCP:127.0.0.1:PORT+1` would: every key, Ctrl-C and
Ctrl-Z included, goes to the guest's tty (its line discipline turns them
into signals), and Ctrl-] quits, as in telnet. Output from before you
connected is in build/gdb-serial.log; press Enter for a fresh prompt.
Usage: console.py HOST PORT
"""
import os
import select
import socket
import sys
import termios
import tty

QUIT = b"\x1d"	# Ctrl-]


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    try:
        s = socket.create_connection((host, port))
    except OSError as e:
        sys.exit("console: %s:%d: %s (is `make gdb` running?)" % (host, port, e.strerror))
    print("console: connected to %s:%d; Ctrl-] quits" % (host, port))
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd) if os.isatty(fd) else None
    if saved:
        tty.setraw(fd)
    try:
        while True:
            r, _, _ = select.select([fd, s], [], [])
            if s in r:
                data = s.recv(4096)
                if not data:
                    break	# QEMU went away
                os.write(sys.stdout.fileno(), data)
            if fd in r:
                data = os.read(fd, 1024)
                if not data or QUIT in data:
                    break
                s.sendall(data)
    finally:
        if saved:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
    print("\r\nconsole: closed")


main()
