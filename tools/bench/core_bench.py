#!/usr/bin/env python3
"""make bench, kernel core (issue 2): boot time, system-call, fork/exec and
pipe rates, and the clean build. Prints the figures and rewrites the
`## Kernel core (issue 2)` section of docs/benchmarks.md (the other sections
are kept as they are). Never run by make test.

  boot      QEMU start -> the shell's "$ " prompt on the serial console, TCG,
            median of 5 boots; once as the tests boot (no NIC, noservices) and
            once as `make run` does (e1000 on user networking, ip=dhcp)
  in-guest  /bin/bench (user/bench.c) typed at the shell: getpid, fork,
            fork+exec+wait of /bin/true, pipe ping-pong
  build     make -j2 build/sockeye.elf build/initramfs.cpio in a copy of the
            working tree without build/ (what `make clean` leaves), so the
            shared build directory is never disturbed; busybox copied in from
            build/busybox so no download is timed
"""
import datetime
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testing"))
from sockeye_qemu import ROOT, BUILD, Guest  # noqa: E402

BOOTS = 5
NET = ["-netdev", "user,id=n0", "-device", "e1000,netdev=n0"]
IN_GUEST = [("getpid", 200000), ("fork", 300), ("forkexec", 300), ("pipe", 20000)]


def boot_time(append, net):
    """Seconds from starting QEMU to the shell prompt."""
    t0 = time.monotonic()
    with Guest("bench_boot", append=append, net=net) as g:
        g.expect("init: starting shell", timeout=60)
        g.expect("$ ", timeout=20)
        return time.monotonic() - t0


def in_guest():
    got = {}
    with Guest("bench_core", append="noservices") as g:
        g.expect("init: starting shell", timeout=60)
        g.expect("$ ", timeout=20)
        for name, n in IN_GUEST:
            out = g.sh("bench %s %d" % (name, n), timeout=300)
            m = re.search(r"bench: %s (\d+) ops in (\d+) us: (\d+) ops/s" % name, out)
            if not m:
                raise RuntimeError("bench %s: %r" % (name, out))
            got[name] = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
            print("  %-9s %7d ops in %8.3f s: %8d ops/s" % (name, got[name][0], got[name][1] / 1e6,
                                                        got[name][2]), flush=True)
    return got


def clean_build():
    """Wall seconds of a -j2 build of kernel + initramfs from a fresh tree."""
    # The working tree as `make clean` would leave it: everything but build
    # output, test output and git's own data.
    skip = shutil.ignore_patterns(".git", "build", "out", "__pycache__", "*.o", "*.d", ".gdbinit")
    with tempfile.TemporaryDirectory(prefix="sockeye-build-") as tmp:
        tmp = os.path.join(tmp, "tree")
        shutil.copytree(ROOT, tmp, ignore=skip, symlinks=True)
        bb = os.path.join(BUILD, "busybox", "busybox")
        os.makedirs(os.path.join(tmp, "build", "busybox"))
        shutil.copy2(bb, os.path.join(tmp, "build", "busybox", "busybox"))
        t0 = time.monotonic()
        subprocess.run(["make", "-s", "-j2", "build/sockeye.elf", "build/initramfs.cpio"], cwd=tmp,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.monotonic() - t0


def fmt_boots(ts):
    return "%.2f s (runs: %s)" % (statistics.median(ts), ", ".join("%.2f" % t for t in ts))


def write_doc(section):
    path = os.path.join(ROOT, "docs", "benchmarks.md")
    text = open(path).read() if os.path.exists(path) else "# Benchmarks\n"
    head = "## Kernel core (issue 2)"
    start = text.find(head)
    if start >= 0:
        nxt = text.find("\n## ", start + len(head))
        text = text[:start] + section + (text[nxt + 1:] if nxt >= 0 else "")
    else:
        nxt = text.find("\n## ")
        text = (text[:nxt + 1] + section + "\n" + text[nxt + 1:]) if nxt >= 0 else text + "\n" + section
    with open(path, "w") as f:
        f.write(text)


def main():
    print("boot to the shell prompt, %d boots each (TCG)" % BOOTS, flush=True)
    quiet = [boot_time("noservices", None) for _ in range(BOOTS)]
    print("  no NIC, noservices:      %s" % fmt_boots(quiet), flush=True)
    dhcp = [boot_time("ip=dhcp", NET) for _ in range(BOOTS)]
    print("  e1000 + ip=dhcp (run):   %s" % fmt_boots(dhcp), flush=True)
    print("in-guest /bin/bench", flush=True)
    g = in_guest()
    print("clean build, make -j2 (busybox cached)", flush=True)
    build = clean_build()
    print("  %.1f s" % build, flush=True)

    host = os.uname()
    cpu = ""
    try:
        cpu = re.search(r"model name\s*:\s*(.*)", open("/proc/cpuinfo").read()).group(1)
    except (OSError, AttributeError):
        pass
    rows = "\n".join("| `bench %s %d` | %s | %d |" % (n, c, {
        "getpid": "getpid() round trip (int $0x80 in and out)",
        "fork": "fork, child `_exit(0)`, waitpid",
        "forkexec": "fork, child execve `/bin/true`, waitpid",
        "pipe": "1-byte ping-pong between two processes (2 switches)",
    }[n], g[n][2]) for n, c in IN_GUEST)
    section = """## Kernel core (issue 2)

Measured by `make bench` (tools/bench/core_bench.py) on %s, QEMU %s under TCG on %s (%d CPUs).

**Boot to the shell prompt**: wall time from starting QEMU to the shell's `$ ` on the serial console, median of %d boots.

| configuration | median | runs |
|---|---|---|
| as the tests boot: no NIC, `noservices` | %.2f s | %s |
| as `make run` boots: e1000 on user networking, `ip=dhcp` (init waits for the DHCP lease, about 1 s of it) | %.2f s | %s |

For comparison (a figure quoted in issue 2, not measured here): a Linux 6.1 guest takes ~11 s to its first program.

**System calls and processes** (`user/bench.c`, typed at the shell; ops/s from the guest's CLOCK_MONOTONIC):

| command | what one op is | ops/s |
|---|---|---|
%s

**Clean build**: `make -j2 build/sockeye.elf build/initramfs.cpio` in a fresh copy of the tree (what `make clean` leaves, busybox already downloaded): %.1f s wall.

Under TCG every figure includes the emulator: compare runs on one machine, not machines.
""" % (datetime.date.today().isoformat(), qemu_version(), cpu or host.machine, os.cpu_count(), BOOTS,
       statistics.median(quiet), ", ".join("%.2f" % t for t in quiet),
       statistics.median(dhcp), ", ".join("%.2f" % t for t in dhcp), rows, build)
    write_doc(section)
    print("docs/benchmarks.md: Kernel core (issue 2) updated")
    return 0


def qemu_version():
    out = subprocess.run(["qemu-system-i386", "--version"], stdout=subprocess.PIPE).stdout.decode()
    m = re.search(r"version (\S+)", out)
    return m.group(1) if m else "?"


if __name__ == "__main__":
    sys.exit(main())
