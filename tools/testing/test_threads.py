#!/usr/bin/env python3
"""Tier 4 (threads): unmodified static i386 pthread programs, and the
second serial line.

Boots to the shell and runs /bin/pthread_pool and /bin/pthread_pool_musl
(tools/testing/pthread, built against glibc and musl), a thread pool with
mutexes, condition variables with timeouts, TLS, join and detach, several
times: each must print its OK line and exit 0 each time, and the kernel
must not oops. Then Debian's busybox name lookups,
which need futexes (glibc's NSS locking): before threads they aborted
with "The futex facility returned an unexpected error code".

The accept models of seed 004 (/bin/accept_models, static glibc): N
threads blocked in accept on one listener, in epoll_wait on one epoll
instance (with and without EPOLLEXCLUSIVE), each in its own epoll
instance on the listener (with and without), and each on its own
SO_REUSEPORT listener; per model the total wake-ups, returns, accepts and
EAGAINs are checked against Linux's semantics, and every worker must be
cancelled (pthread_cancel) where it blocks.

The serial line: QEMU's second -serial is a unix socket under
tools/testing/out; /bin/serial_echo puts /dev/ttyS1 in raw mode and echoes
what arrives, and the host sends 64 KiB holding every byte value through
the socket and must get the same 64 KiB back (no byte lost, changed or
added by the line discipline, nothing dropped while the reader lags: the
UART is throttled)."""
import os
import re
import select
import socket
import sys
import time
from sockeye_qemu import Guest, Results, OUT

PTHREAD_PROGS = ("pthread_pool", "pthread_pool_musl")
PIPES = ["threads.serial_ttyS1_pipe_64k", "threads.serial_ttyS1_pipe_64k_reader_lags"]
# One boot runs them all: a selected name boots it and runs only what it needs.
res = Results("threads", PIPES + ["threads.serial_ttyS1_counters", "threads.accept_models"]
              + ["threads.%s.%d" % (prog, i) for prog in PTHREAD_PROGS for i in range(3)]
              + ["threads.busybox_ping_localhost", "threads.busybox_netstat_names", "threads.no_oops"],
              setup=["threads.boot"], needs={"threads.serial_ttyS1_counters": PIPES})


def expect_in(got, want):
    if want not in got:
        raise AssertionError("%r not in %r" % (want, got))


def expect_not_in(got, bad):
    if bad in got:
        raise AssertionError("%r in %r" % (bad, got))


SERIAL1 = os.path.join(OUT, "threads-ttyS1.sock")
SERIAL_BYTES = 65536


AM_THREADS, AM_CONNS = 4, 16


def accept_models(g):
    out = g.sh("/bin/accept_models -n %d -c %d all; echo status=$?" % (AM_THREADS, AM_CONNS),
               timeout=900)
    print("\n".join("  " + l for l in out.splitlines() if l.startswith("model ")))
    expect_in(out, "accept_models: OK\nstatus=0")
    tot = {}
    for m in re.finditer(r"^model (\S+): total wakeups (\d+) returns (\d+) accepts (\d+) eagain (\d+)",
                         out, re.M):
        tot[m.group(1)] = tuple(int(x) for x in m.groups()[1:])
    per = {}
    for m in re.finditer(r"^model (\S+): threads.*\n((?:  thread .*\n)+)", out, re.M):
        per[m.group(1)] = [int(x) for x in re.findall(r"accepts (\d+)", m.group(2))]
    C, N = AM_CONNS, AM_THREADS
    for model in ("accept", "epoll", "epoll-excl", "epoll-each", "epoll-each-excl", "reuseport"):
        if model not in tot:
            raise AssertionError("no totals for model %s" % model)
        if tot[model][2] != C:
            raise AssertionError("%s: %d accepts for %d connections" % (model, tot[model][2], C))
        expect_in(out, "model %s: cancelled %d threads" % (model, N))
    # Exclusive accept wait: each connection wakes exactly one thread, which takes it.
    if tot["accept"] != (C, C, C, 0):
        raise AssertionError("accept: want wakeups=returns=accepts=%d, eagain 0: %r" % (C, tot["accept"]))
    # One listener in every thread's own epoll set: every thread wakes for every connection...
    if tot["epoll-each"][0] < N * C:
        raise AssertionError("epoll-each: %d wake-ups, the herd is %d" % (tot["epoll-each"][0], N * C))
    # ...unless EPOLLEXCLUSIVE: about one per connection, fewer than without.
    if not tot["epoll-each-excl"][0] <= 2 * C or not tot["epoll-each-excl"][0] < tot["epoll-each"][0]:
        raise AssertionError("epoll-each-excl: %d wake-ups (plain %d)" %
                             (tot["epoll-each-excl"][0], tot["epoll-each"][0]))
    # One shared epoll instance (with or without EPOLLEXCLUSIVE, which only
    # matters between instances): its waiters queue exclusively, but a
    # level-triggered event is passed on to the next waiter until someone
    # takes it, so how many wake depends on who runs first; only counted.
    # SO_REUSEPORT: each connection goes to one listener's thread, and they spread.
    if tot["reuseport"] != (C, C, C, 0):
        raise AssertionError("reuseport: %r" % (tot["reuseport"],))
    if sum(1 for a in per["reuseport"] if a) < 2:
        raise AssertionError("reuseport: all connections went to one thread: %r" % per["reuseport"])


def serial_pipe(g, fill=False):
    """Echo 64 KiB (every byte value, 256 times, in a shuffled order) through ttyS1.
    fill: the guest lets its input queue fill before reading (the UART must throttle)."""
    import random
    payload = bytearray(range(256)) * (SERIAL_BYTES // 256)
    random.Random(11).shuffle(payload)
    payload = bytes(payload)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(SERIAL1)
    try:
        g.send("/bin/serial_echo /dev/ttyS1 %d%s; echo status=$?\n" %
               (SERIAL_BYTES, " fill" if fill else ""))
        g.expect("serial_echo: ready", timeout=60)   # raw mode is on: now the bytes
        s.setblocking(False)
        sent, got = 0, bytearray()
        t0 = time.time()
        deadline = t0 + 300
        while len(got) < SERIAL_BYTES:
            if time.time() > deadline:
                raise AssertionError("echoed %d of %d bytes (sent %d)" % (len(got), SERIAL_BYTES, sent))
            w = [s] if sent < SERIAL_BYTES else []
            r, w, _ = select.select([s], w, [], 1.0)
            if w:
                sent += s.send(payload[sent:sent + 4096])
            if r:
                data = s.recv(65536)
                if not data:
                    raise AssertionError("chardev closed after %d bytes" % len(got))
                got += data
        secs = time.time() - t0
        out = g.expect("status=", timeout=60)
        status = g.expect("\n", timeout=10).strip()
        print("  ttyS1: %d bytes echoed in %.1f s (%.0f B/s); %s" %
              (len(got), secs, len(got) / secs, out.strip().splitlines()[-1]))
        if bytes(got) != payload:
            bad = next(i for i in range(SERIAL_BYTES) if got[i] != payload[i])
            raise AssertionError("echo differs first at byte %d: %r != %r" %
                                 (bad, got[bad:bad + 8], payload[bad:bad + 8]))
        if status != "0":
            raise AssertionError("serial_echo exited %s: %r" % (status, out))
        # Nothing more arrives: not one byte was added (no echo, no CR/LF mapping).
        r, _, _ = select.select([s], [], [], 0.5)
        if r and s.recv(1):
            raise AssertionError("extra bytes after the echo")
    finally:
        s.close()
    g.expect("$ ", timeout=30)


try:
    if os.path.exists(SERIAL1):
        os.unlink(SERIAL1)
    serial_args = ["-chardev", "socket,id=ser1,path=%s,server=on,wait=off" % SERIAL1,
                   "-serial", "chardev:ser1"]
    with Guest("threads", append="noservices", extra=serial_args) as g:
        g.expect("init: starting shell", timeout=120)
        g.expect("$ ", timeout=30)
        res.run("threads.serial_ttyS1_pipe_64k", lambda: serial_pipe(g))
        res.run("threads.serial_ttyS1_pipe_64k_reader_lags", lambda: serial_pipe(g, fill=True))

        def serial_counters():
            line = [l for l in g.sh("cat /proc/tty/driver/serial").splitlines() if l.startswith("1:")]
            print("  " + (line[0] if line else "no ttyS1 line"))
            expect_in(line[0], "1: uart:16550A port:000002F8 irq:3 tx:%d rx:%d throttled:"
                      % (2 * SERIAL_BYTES, 2 * SERIAL_BYTES))
            if "throttled:0 " in line[0]:
                raise AssertionError("the lagging reader never throttled the UART")
        res.run("threads.serial_ttyS1_counters", serial_counters)
        res.run("threads.accept_models", lambda: accept_models(g))
        for prog in PTHREAD_PROGS:
            for i in range(3):
                t0 = time.time()
                if not res.wants("threads.%s.%d" % (prog, i)):
                    continue
                res.run("threads.%s.%d" % (prog, i), lambda: expect_in(
                    g.sh("/bin/%s; echo status=$?" % prog, timeout=120),
                    "pthread_pool: OK\nstatus=0"))
                print("  %s run %d: %.2f s wall" % (prog, i, time.time() - t0))
        def ping():
            out = g.sh("busybox ping -c 1 localhost 2>&1", timeout=60)
            expect_not_in(out, "futex facility")
            expect_in(out, "PING localhost (127.0.0.1)")
            expect_in(out, "1 packets received")
        res.run("threads.busybox_ping_localhost", ping)

        def netstat():
            out = g.sh("busybox netstat -a 2>&1", timeout=60)
            expect_not_in(out, "futex facility")
            expect_in(out, "Active Internet connections")
        res.run("threads.busybox_netstat_names", netstat)
        res.run("threads.no_oops", lambda: expect_not_in(g.sh("dmesg"), "Oops"))
except Exception as e:
    res.check("threads.boot", False, "(%s)" % e)
sys.exit(res.finish())
