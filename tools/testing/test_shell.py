#!/usr/bin/env python3
"""Tier 4 (console): boot to the shell and use it the way a student would,
typing over the serial console; run Debian's unmodified busybox."""
import os
import subprocess
import sys
from sockeye_qemu import ROOT, Guest, Results, free_tcp_port, require

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
        # A first lab's commands: busybox applets linked into /bin, and the
        # /proc files top, ps and uptime read.
        res.run("shell.first_lab_commands", lambda: (
            expect_eq(g.sh("printf 'a\\nb\\nc\\n' | tail -n 1"), "c"),
            expect_eq(g.sh("printf 'x\\ny\\n' | grep y"), "y"),
            expect_eq(g.sh("printf '1\\n2\\n' | head -n 1"), "1"),
            expect_in(g.sh("uptime"), "load average:")))
        res.run("shell.top_batch", lambda: (lambda out: (
            expect_in(out, "Load average:"), expect_in(out, "PID"), expect_in(out, "/bin/init")))(
            g.sh("top -b -n 1", timeout=30)))
        res.run("shell.busybox_ps", lambda: expect_in(g.sh("busybox ps"), "/bin/init"))
        res.run("shell.proc_self_maps", lambda: (lambda out: (
            expect_in(out, "/bin/cat"), expect_in(out, "[stack]")))(g.sh("cat /proc/self/maps")))
        # su to the ordinary user of /etc/passwd: network changes are refused (docs/security.md).
        res.run("shell.su_user", lambda: (
            expect_in(g.sh("su user -c id"), "uid=1000(user) gid=1000(user)"),
            expect_in(g.sh("su user -c 'ifconfig lo down'; echo rc=$?"), "Operation not permitted"),
            expect_in(g.sh("ifconfig lo"), "UP")))
        res.run("shell.proc_cpuinfo", lambda: expect_in(g.sh("cat /proc/cpuinfo"), "model name"))
        if b"Kernel panic" in g.buf or b"Oops" in g.buf:
            res.check("shell.kernel_healthy", False, "panic/oops in log")
        else:
            res.check("shell.kernel_healthy", True)
except Exception as e:
    res.check("shell.boot", False, "(%s)" % e)


def run_exit_status():
    """`make run APPEND=usertests=NAME` says by its exit status whether NAME passed
    (tools/qemu.sh maps the guest's power off to 0 and its halt to 1)."""
    port = free_tcp_port()     # httpd's forward: any free host port
    for name, want in (("trace_switches", 0), ("no_such_test", 1)):
        env = dict(os.environ, HTTP_PORT=str(port),
                   APPEND="usertests=%s noservices quiet ip=none" % name)
        r = subprocess.run(["sh", "tools/qemu.sh", "run"], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=180)
        require(r.returncode == want, "usertests=%s: exit %d, want %d" % (name, r.returncode, want))


res.run("shell.run_usertests_exit_status", run_exit_status)
sys.exit(res.finish())
