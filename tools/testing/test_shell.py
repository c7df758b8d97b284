#!/usr/bin/env python3
"""Tier 4 (console): boot to the shell and use it the way a student would,
typing over the serial console; run Debian's unmodified busybox."""
import sys
from sockeye_qemu import Guest, Results

res = Results("shell")


def expect_eq(got, want):
    if got.strip() != want:
        raise AssertionError("got %r, want %r" % (got.strip(), want))


def expect_in(got, want):
    if want not in got:
        raise AssertionError("%r not in %r" % (want, got))


try:
    with Guest("shell", append="noservices") as g:
        g.expect("init: starting shell", timeout=120)
        g.expect("$ ", timeout=30)
        res.run("shell.echo", lambda: expect_eq(g.sh("echo hello sockeye"), "hello sockeye"))
        res.run("shell.pipeline", lambda: expect_eq(g.sh("echo a b c | wc -w"), "3"))
        res.run("shell.redirect", lambda: (g.sh("echo saved > /tmp/f"), g.sh("echo more >> /tmp/f"),
                                          expect_eq(g.sh("cat < /tmp/f"), "saved\nmore")))
        res.run("shell.status", lambda: (g.sh("false"), expect_eq(g.sh("echo $?"), "1")))
        res.run("shell.ls_bin", lambda: expect_in(g.sh("ls /bin"), "busybox"))
        res.run("shell.uname", lambda: expect_in(g.sh("uname -a"), "Sockeye"))
        res.run("shell.proc_meminfo", lambda: expect_in(g.sh("cat /proc/meminfo"), "MemFree:"))
        res.run("shell.ps", lambda: expect_in(g.sh("ps"), "init"))
        res.run("busybox.loop_pipe_wc", lambda: expect_eq(
            g.sh("busybox sh -c 'for i in 1 2 3; do echo $i; done | busybox wc -l'"), "3"))
        res.run("busybox.sort_sed", lambda: expect_eq(
            g.sh("busybox printf 'b\\nc\\na\\n' | busybox sort | busybox sed -n 2p"), "b"))
        res.run("busybox.ls_cat", lambda: (g.sh("busybox mkdir -p /tmp/d && echo x > /tmp/d/y"),
                                          expect_eq(g.sh("busybox ls /tmp/d"), "y"),
                                          expect_eq(g.sh("busybox cat /tmp/d/y"), "x")))
        res.run("busybox.wc_file", lambda: expect_eq(g.sh("busybox wc -c < /etc/motd"), "20"))
        # A user fault kills only that process, and the shell says so.
        res.run("shell.segv_reported", lambda: expect_in(
            g.sh("busybox sh -c 'kill -SEGV $$'"), "Segmentation fault"))
        # ^C at a running program interrupts it, not the shell.
        def ctrl_c():
            # Wait until the job is really running (it says so), then interrupt it.
            g.send("sh -c 'echo running; sleep 30'\n")
            g.expect("running\r\n", 20)
            g.send("\x03")
            g.expect("$ ", 10)
            expect_eq(g.sh("echo alive"), "alive")
        res.run("shell.ctrl_c", ctrl_c)
        # ^Z stops neither the running program nor the shell (no job control:
        # both ignore SIGTSTP): the program still reads the next line.
        def ctrl_z():
            g.send("sh -c 'echo reading; busybox head -n 1'\n")
            g.expect("reading\r\n", 20)
            g.send("\x1a")
            g.send("after-ctrl-z\n")
            g.expect("after-ctrl-z\r\nafter-ctrl-z\r\n", 10)	# the tty's echo, then head's copy
            g.expect("$ ", 10)
            expect_eq(g.sh("echo alive"), "alive")
        res.run("shell.ctrl_z_ignored", ctrl_z)
        res.run("shell.help", lambda: (expect_in(g.sh("help"), "cd [DIR]"),
                                       expect_in(g.sh("help"), "^Z is ignored")))
        res.run("shell.dmesg", lambda: expect_in(g.sh("dmesg"), "Sockeye"))
        if b"Kernel panic" in g.buf or b"Oops" in g.buf:
            res.check("shell.kernel_healthy", False, "panic/oops in log")
        else:
            res.check("shell.kernel_healthy", True)
except Exception as e:
    res.check("shell.boot", False, "(%s)" % e)
sys.exit(res.finish())
