#!/usr/bin/env python3
"""Crash paths: boot with crashtest=NAME and check the kernel dies loudly and
usefully - the guard page catches a stack overflow, an oops names the
faulting function, BUG_ON names the file and line. A crash that hangs
silently or corrupts memory quietly is the failure these tests catch."""
import os
import re
import sys
from sockeye_qemu import BUILD, OUT, Guest, Results, require

def boot(name, timeout=60, append=None):
    with Guest("crash-" + name, append=append or "crashtest=%s noservices" % name) as g:
        try:
            g.expect("---[ end Kernel panic", timeout)
        finally:
            out = g.buf.decode(errors="replace")
    return out


def stack_overflow():
    out = boot("stack_overflow")
    require("double fault" in out, "no double fault")
    require("kernel stack overflow: crashtest" in out, "guard page hit not reported")


def null_deref():
    out = boot("null_deref")
    require(re.search(r"BUG: unable to handle page read at 00000000", out), "no fault address")
    require(re.search(r"EIP: 0060:[0-9a-f]{8} crashtest_run\+0x", out), "EIP not symbolized")
    require("Call trace:" in out and "kernel_init+" in out, "no symbolized backtrace")


def bug():
    out = boot("bug")
    require(re.search(r"BUG at kernel/crashtest.c:\d+: 1", out), "BUG location missing")


def init_segfault():
    # Regression: a fatal fault in pid 1 was ignored ("init is immune") and
    # the instruction faulted again, tens of thousands of times.
    out = boot("init_segv", append="init=/bin/segv noservices")
    require(re.search(r"segv\[1\]: segfault at 0 ip [0-9a-f]{8}", out), "fault address not shown")
    require("Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b" in out,
            "no init panic")
    require(out.count("segfault at") == 1, "init faulted %d times" % out.count("segfault at"))


def cpio_entry(name, data, mode=0o100644, ino=90000):
    """One newc (070701) record, padded as the format wants."""
    name = name.encode() + b"\0"
    hdr = b"070701" + b"".join(b"%08X" % v for v in (
        ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name), 0))
    out = hdr + name
    out += b"\0" * (-len(out) % 4)
    return out + data + b"\0" * (-len(data) % 4)


def big_initramfs():
    # Regression: an initramfs reaching past the 16 MB boot mapping
    # panicked ("boot metadata beyond the early 16 MB mapping").
    big = os.path.join(OUT, "initramfs-big.cpio")
    with open(os.path.join(BUILD, "initramfs.cpio"), "rb") as f:
        base = f.read()
    with open(big, "wb") as f:
        f.write(cpio_entry("big", b"\xa5" * (16 << 20)) + base)  # the trailer is base's
    with Guest("crash-big-initramfs", append="noservices", extra=["-initrd", big]) as g:
        g.expect("$ ", 120)
        out = g.sh("wc -c /big")
        require("16777216" in out, "no 16 MB file: %r" % out)
        out = g.buf.decode(errors="replace")
    require("Kernel panic" not in out, "panic with a 16 MB initramfs")


TESTS = [("crash.stack_overflow_hits_guard_page", stack_overflow),
         ("crash.null_deref_oops_symbolized", null_deref),
         ("crash.bug_on_reports_location", bug),
         ("crash.init_segfault_panics", init_segfault),
         ("crash.big_initramfs_boots", big_initramfs)]
res = Results("crash", [name for name, _ in TESTS])
for name, fn in TESTS:     # each boots its own guest, so a selected one boots alone
    res.run(name, fn)
sys.exit(res.finish())
