#!/usr/bin/env python3
"""Tier 4 (debugging): `make gdb` works the way a student uses it.

The batch tests run tools/qemu.sh gdb - the same script, .gdbinit template
and Python helpers a student gets, on the debug kernel `make gdb` builds
(build-debug/, -Og) - with gdb in batch mode, and check that it stops at
kernel_main, that the helpers (ps, dmesg, list-entries, the task_struct and
sk_buff printers) read real kernel state, that add-user-symbols finds a
user program's lines, and that the debug build is one gdb can follow: one
location per breakpoint, `finish` back into the caller, `bt` through an
interrupt into the code it interrupted (kernel/entry.S's CFI).

gdb.ctrl_c drives `make gdb` itself on a pseudo-terminal, as a person
does: continue, Ctrl-C, ps, continue, and checks that the guest still
answers on its console afterwards (QEMU has its own session, so the
SIGINT is gdb's alone). `python3 tools/testing/test_gdb.py --list` lists
the tests; names on the command line run only those.
"""
import os
import re
import socket
import subprocess
import sys
from sockeye_qemu import ROOT, Results, require
from gdb_session import batch, build_debug_kernel, free_port, section, symbol

CMDS = [
    "info registers eip",
    "echo ==ps-at-main\\n", "ps",
    # The first e1000 interrupt comes during the boot's DHCP: one location,
    # and bt goes on through irq_common's pt_regs into the interrupted code.
    # Breakpoint 1 (kernel_main, where .gdbinit stopped) goes before the
    # continue, for the reason given at finish below.
    "break e1000_intr", "echo ==bpinfo\\n", "info breakpoints", "delete 1", "continue",
    "echo ==intr-bt\\n", "bt",
    # Breakpoint 2 goes before finish: stepping off a breakpoint under
    # QEMU's gdb server under TCG now and then (1 run in 150, measured) reports
    # the same breakpoint again at the same pc and stack, which ends finish
    # where it began. With no breakpoint at the pc, finish has nothing to
    # step off; what it tests - the return into the caller - is the same.
    "delete",
    "echo ==finish\\n", "finish",
    # The first frame the stack hands up: one DHCP reply from QEMU's server.
    "break netif_receive_skb", "continue", "echo ==skb\\n", "print *skb",
    "delete",
    "break kernel_execve", "continue",
    "echo ==ps\\n", "ps",
    "echo ==task\\n", "print *current_task",
    "echo ==list\\n", "list-entries task_list task_struct tasks",
    "echo ==dmesg\\n", "dmesg",
    "echo ==user\\n", "add-user-symbols init", "info line main",
    "echo ==end\\n", "kill",
]
_out = None


def out():
    global _out
    if _out is None:
        _out = batch("gdb", CMDS)
    return _out


def stopped_at_kernel_main():
    o = out()
    require(re.search(r"Breakpoint 1, kernel_main \(magic=\d+", o), "no stop at kernel_main (with its arguments)")
    m = re.search(r"^eip\s+(0x[0-9a-f]+)", o, re.M)
    require(m, "no eip line")
    require(int(m.group(1), 16) == symbol("kernel_main"), "eip %s is not kernel_main" % m.group(1))


def one_location():
    s = section(out(), "bpinfo")
    require(re.search(r"^2\s+breakpoint\s+keep y\s+0x[0-9a-f]+ in e1000_intr at drivers/e1000_main.c:\d+", s, re.M), s)
    require("<MULTIPLE>" not in s, s)


def bt_through_interrupt():
    s = section(out(), "intr-bt")
    require(re.search(r"^#0 .*e1000_intr \(irq=11, data=0x", s, re.M), s)
    require(re.search(r"^#1 .* do_IRQ \(regs=0x", s, re.M), s)
    # irq_common's frame (a signal frame to gdb), then the interrupted function with its source line
    # (an inline one, such as safe_halt in the idle loop, names its header).
    m = re.search(r"^#2\s+<signal handler called>\n#3 .* in (\w+) \(.*\) at ([\w/.]+\.[ch]):\d+", s, re.M)
    require(m, s)
    # Down to the bottom of whichever task was interrupted: a forked task's
    # ret_from_fork, or the boot thread's (the idle task's) entry from boot/entry.S.
    require(re.search(r"(ret_from_fork|higher_half) \(\)\s*$", s), "bt does not reach the task's first frame:\n" + s)


def finish_returns_to_caller():
    s = section(out(), "finish")
    # The stop names the caller's line (with the pc first if the return
    # address is mid-line) and the handler's value: IRQ_NONE too is a
    # correct answer, when the line was raised and the cause already gone.
    require(re.search(r"^(0x[0-9a-f]+ in )?do_IRQ \(regs=0x[0-9a-f]+\) at kernel/irq.c:\d+", s, re.M),
            "finish did not stop in do_IRQ: %r" % s)
    require(re.search(r"^Value returned is \$\d+ = IRQ_(HANDLED|NONE)$", s, re.M),
            "finish printed no return value: %r" % s)


def ps_lists_tasks():
    require("PID  PPID" in section(out(), "ps-at-main"), "ps failed before the scheduler")
    ps = section(out(), "ps")
    require(re.search(r"^\s+0\s+0\s+R\s+swapper", ps, re.M), ps)
    require(re.search(r"^\s+1\s+0\s+R\s+init .*<- current", ps, re.M), ps)


def task_printer():
    require(re.search(r'task_struct \{pid=1, comm="init", state=R', section(out(), "task")), section(out(), "task"))


def skb_printer():
    s = section(out(), "skb")
    # A frame after eth_type_trans: IPv4 (or ARP), received on eth0, data past its MAC header.
    require(re.search(r"sk_buff \{len=\d+, data-head=\d+, protocol=0x080[06], dev=eth0, users=1\}", s), s)


def list_entries():
    s = section(out(), "list")
    require(re.search(r"^\[1\] \(struct task_struct \*\) 0x[0-9a-f]+: task_struct \{pid=1,", s, re.M), s)
    require(re.search(r"^\d+ entries", s, re.M), s)


def dmesg():
    s = section(out(), "dmesg")
    require("Sockeye 0.1.0 (i686) booting" in s and "Command line:" in s, s[:300])


def user_symbols():
    s = section(out(), "user")
    require(re.search(r'Line \d+ of "user/init.c" starts at address 0x80[0-9a-f]+ <main>', s), s)


def not_connected():
    """Without a target the helpers say so instead of printing nothing."""
    r = subprocess.run(["gdb", "-q", "-nx", "-batch", "-ex", "source tools/gdb/sockeye.py",
                        "-ex", "source tools/gdb/sockeye_net.py",
                        "-ex", "ps", "-ex", "dmesg", "-ex", "sockets"],
                       cwd=ROOT, capture_output=True, text=True, timeout=30)
    o = r.stdout + r.stderr
    require(o.count("not connected") == 3, o)


def ctrl_c():
    """make gdb on a pty: continue, ^C, ps, continue; the guest still answers."""
    import pexpect
    port = free_port()
    env = dict(os.environ, GDB_PORT=str(port), APPEND="noservices", TERM="dumb")
    g = pexpect.spawn("make", ["--no-print-directory", "gdb"], cwd=ROOT, env=env, timeout=120,
                      encoding="utf-8", codec_errors="replace")
    g.logfile_read = open(os.path.join(ROOT, "tools", "testing", "out", "gdb-ctrl-c.log"), "w")
    try:
        g.expect(r"QEMU pid (\d+)")
        qpid = int(g.match.group(1))
        g.expect("Breakpoint 1, kernel_main")
        g.expect(r"\(gdb\) ")
        # The console from now on; QEMU listens on it since before the gdb stub answered.
        con = socket.create_connection(("127.0.0.1", port + 1), timeout=60)
        # Not stepping off a breakpoint: QEMU's gdb server now and then reports
        # the same one again (see CMDS), which would leave the guest halted.
        g.sendline("delete")
        g.expect(r"\(gdb\) ")
        g.sendline("continue")
        g.expect("Continuing.")
        buf = b""
        while b"$ " not in buf:		# the shell's prompt: the guest is up
            d = con.recv(4096)
            require(d, "console closed")
            buf += d
        g.sendcontrol("c")
        g.expect("Program received signal SIGINT")
        g.expect(r"\(gdb\) ")
        g.sendline("ps")
        g.expect(r"\d+\s+\d+\s+\w\s+sh\s+0x")
        g.expect(r"\(gdb\) ")
        os.kill(qpid, 0)		# QEMU is still there...
        g.sendline("continue")
        g.expect("Continuing.")
        con.sendall(b"echo still''here\n")	# ...and so is the guest, running
        buf = b""
        while b"stillhere" not in buf:
            d = con.recv(4096)
            require(d, "console closed")
            buf += d
        g.sendcontrol("c")
        g.expect(r"\(gdb\) ")
        g.sendline("quit")
        g.expect(pexpect.EOF)
    finally:
        g.close(force=True)
    require(g.exitstatus == 0, "make gdb exited %s (signal %s)" % (g.exitstatus, g.signalstatus))


TESTS = [("gdb.stops_at_kernel_main", stopped_at_kernel_main), ("gdb.one_location", one_location),
         ("gdb.bt_through_interrupt", bt_through_interrupt), ("gdb.finish", finish_returns_to_caller),
         ("gdb.ps", ps_lists_tasks), ("gdb.task_printer", task_printer), ("gdb.skb_printer", skb_printer),
         ("gdb.list_entries", list_entries), ("gdb.dmesg", dmesg), ("gdb.add_user_symbols", user_symbols),
         ("gdb.not_connected", not_connected), ("gdb.ctrl_c", ctrl_c)]
res = Results("gdb", [name for name, _ in TESTS])     # --list exits here, before the build
build_debug_kernel()
for name, fn in TESTS:     # those that read out() share one gdb session, started by the first
    res.run(name, fn)
sys.exit(res.finish())
