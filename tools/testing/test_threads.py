#!/usr/bin/env python3
"""Tier 4 (threads): unmodified static i386 pthread programs.

Boots to the shell and runs /bin/pthread_pool and /bin/pthread_pool_musl
(tools/testing/pthread, built against glibc and musl), a thread pool with
mutexes, condition variables with timeouts, TLS, join and detach, several
times: each must print its OK line and exit 0 each time, and the kernel
must not oops. Then Debian's busybox name lookups,
which need futexes (glibc's NSS locking): before threads they aborted
with "The futex facility returned an unexpected error code"."""
import sys
import time
from sockeye_qemu import Guest, Results

res = Results("threads")


def expect_in(got, want):
    if want not in got:
        raise AssertionError("%r not in %r" % (want, got))


def expect_not_in(got, bad):
    if bad in got:
        raise AssertionError("%r in %r" % (bad, got))


try:
    with Guest("threads", append="noservices") as g:
        g.expect("init: starting shell", timeout=120)
        g.expect("$ ", timeout=30)
        for prog in ("pthread_pool", "pthread_pool_musl"):
            for i in range(3):
                t0 = time.time()
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
