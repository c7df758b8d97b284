#!/usr/bin/env python3
"""make bench, TCP and UDP beside Linux: the project's reference network
workloads, run against Sockeye and against a Linux guest in the same QEMU
configuration, back to back, and written side by side into
docs/benchmarks.md (the table between the `tcp_bench` markers; the prose
around it is kept). Never run by make test. tools/bench/README.md explains
the choices.

  guest    QEMU (qemu-system-x86_64, TCG, 1 vCPU, 256 MiB), e1000 on user
           networking with host forwards on 127.0.0.1; Sockeye boots its own
           initramfs plus tools/bench/netserv (static i386 glibc); Linux is
           Debian's kernel (/boot/vmlinuz-*) with a busybox-static initramfs,
           its e1000 module and the same netserv binary
  tests    boot_to_ready, bulk_h2g, bulk_g2h, conn_c1, conn_c16, rr1, rr64,
           udp_ping (tools/bench/README.md); 5 s each
  reps     BENCH_REPS (default 3); each rep boots Sockeye, then Linux, so every
           ratio compares two runs a minute apart, never runs from other days

Environment: BENCH_REPS, BENCH_SECS (per test), BENCH_TESTS (comma list),
BENCH_LINUX=0 (Sockeye only), BENCH_NODOC=1 (print, do not touch the doc),
BENCH_PCAP=1 (each guest's traffic to build/bench/LABEL-repN.pcap),
BENCH_PROFILE=1 (Sockeye boots with profile=2; readprofile's top 40 after the run),
BENCH_SOCKEYE_SYSCTL / BENCH_LINUX_SYSCTL="net/core/busy_read=200 ..." (set under
/proc/sys in that guest before its servers start),
BENCH_NIC_OPTS=",mitigation=off" (appended to both guests' -device e1000: A/B runs
against QEMU's interrupt spacing).
"""
import datetime
import glob
import gzip
import os
import re
import select
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "build", "bench")
DOC = os.path.join(ROOT, "docs", "benchmarks.md")
BEGIN, END = "<!-- tcp_bench: begin (generated) -->", "<!-- tcp_bench: end -->"

REPS = int(os.environ.get("BENCH_REPS", "3"))
SECS = float(os.environ.get("BENCH_SECS", "5"))
TESTS = os.environ.get("BENCH_TESTS", "bulk_h2g,bulk_g2h,conn_c1,conn_c16,rr1,rr64,udp_ping").split(",")
IO_TIMEOUT = 30.0
MAX_CONNS = 2000
GUEST_IP = "10.0.2.15"
PORTS = {"sink": ("tcp", 5001), "source": ("tcp", 5002), "acceptd": ("tcp", 5003),
         "echo": ("tcp", 5004), "udpecho": ("udp", 5005)}
SOCKEYE_APPEND = "ip=10.0.2.15::10.0.2.2:255.255.255.0::eth0:off init=/bench-init"
# BENCH_PROFILE=1: boot Sockeye with the tick profiler and print where the
# kernel's ticks landed over the whole run (kernel/profile.c, readprofile).
PROFILE = os.environ.get("BENCH_PROFILE") == "1"
if PROFILE:
    SOCKEYE_APPEND += " profile=2"
LINUX_APPEND = "console=ttyS0 quiet"

# name, unit, what one unit is (for the table), higher is better?
METRICS = [
    ("boot_to_ready", "s", "QEMU start to BENCH-READY on the console", False),
    ("bulk_h2g", "MB/s", "host streams 64 KiB writes, then shuts down; sink answers the count", True),
    ("bulk_g2h", "MB/s", "guest streams, host reads for 5 s", True),
    ("conn_c1", "conn/s", "connect, 32-byte request, echo, close; one at a time", True),
    ("conn_c16", "conn/s", "the same, 16 client threads", True),
    ("rr1", "rt/s", "1-byte request/response on one connection (TCP_NODELAY)", True),
    ("rr1_p50", "us", "its median round trip", False),
    ("rr64", "rt/s", "64-byte request/response", True),
    ("udp_ping", "rt/s", "64-byte UDP datagram round trips", True),
    ("udp_ping_p50", "us", "its median round trip", False),
]

# Counters printed after each run: where segments were dropped or recovered.
WATCH = ["Tcp.RetransSegs", "Tcp.InErrs", "Tcp.OutRsts", "TcpExt.TCPTimeouts", "TcpExt.TCPFastRetrans",
         "TcpExt.TCPLossProbes", "TcpExt.TCPRcvQDrop", "TcpExt.TCPOFODrop", "TcpExt.TCPOFOQueue",
         "TcpExt.OfoPruned", "TcpExt.TCPBacklogDrop", "TcpExt.ListenOverflows", "TcpExt.ListenDrops",
         "TcpExt.TCPReqQFullDrop", "TcpExt.TCPRenoRecovery", "TcpExt.TCPSackRecovery",
         "TcpExt.TCPSpuriousRTOs", "TcpExt.DelayedACKs", "TcpExt.PAWSEstab", "Udp.InErrors", "Udp.RcvbufErrors",
         "Tcp.InSegs", "Tcp.OutSegs", "gro.received", "gro.merged", "gro.flushed", "gro.alloc_failed", "gro.csum_bad"]

SOCKEYE_INIT = """#!/bin/busybox sh
# /bench-init (tools/bench/tcp_bench.py): eth0 is up already (ip= on the
# command line), so start the servers and say so.
%(sysctls)sfor r in "sink 5001" "source 5002" "acceptd 5003" "echo 5004" "udpecho 5005"; do
	/bench/netserv $r &
done
/bin/busybox usleep 20000
%(wait_rx)secho "bench-init: sockeye $(/bin/busybox uname -r)"
echo BENCH-READY
# A shell on the console, so the harness can read the counters at the end.
/bin/busybox sh
while true; do /bin/busybox sleep 3600; done
"""

# Both inits say BENCH-READY only once a frame has come back through the
# e1000: QEMU's model refuses received frames for 1 s after every RCTL write
# (its flush_queue_timer), and Sockeye is ready at 0.3 s, so the first test
# used to begin inside that hold - conn_c1 run first lost 0.28 s of its 1 s
# to one SYN waiting for it. The reference harness's floor guest waits the
# same way. slirp answers the gateway's pings itself.
WAIT_RX = """i=0
until /bin/busybox ping -c 1 -W 1 10.0.2.2 >/dev/null 2>&1 || [ $i -ge 20 ]; do i=$((i+1)); done
"""

LINUX_INIT = """#!/bin/busybox sh
# /init of the Linux reference guest (tools/bench/tcp_bench.py): load the
# e1000 driver, configure eth0 as QEMU's user network expects, wait for the
# link, start the same servers as on Sockeye.
/bin/busybox mkdir -p /proc /sys /dev /sbin /usr/bin /usr/sbin
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
exec </dev/console >/dev/console 2>&1
for m in /lib/modules/*.ko; do insmod $m; done
ip link set lo up
i=0
while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 1000 ]; do usleep 5000; i=$((i+1)); done
ip addr add 10.0.2.15/24 dev eth0
ip link set eth0 up
ip route add default via 10.0.2.2
i=0
while [ "$(cat /sys/class/net/eth0/carrier 2>/dev/null)" != 1 ] && [ $i -lt 1000 ]; do usleep 5000; i=$((i+1)); done
%(sysctls)sfor r in "sink 5001" "source 5002" "acceptd 5003" "echo 5004" "udpecho 5005"; do
	/bench/netserv $r &
done
usleep 20000
%(wait_rx)secho "bench-init: linux $(uname -r)"
echo BENCH-READY
sh
while true; do sleep 3600; done
"""


# ---------------------------------------------------------------- building

def run(cmd, **kw):
    subprocess.run(cmd, check=True, **kw)


def pack_cpio(root, out, compress=False):
    files = subprocess.run("find . | LC_ALL=C sort", shell=True, cwd=root, check=True,
                           stdout=subprocess.PIPE).stdout
    data = subprocess.run(["cpio", "-o", "-H", "newc", "--owner=0:0", "--quiet"], cwd=root,
                          input=files, check=True, stdout=subprocess.PIPE).stdout
    with open(out, "wb") as f:
        f.write(gzip.compress(data) if compress else data)


def build_netserv():
    os.makedirs(OUT, exist_ok=True)
    exe = os.path.join(OUT, "netserv")
    run(["i686-linux-gnu-gcc", "-O2", "-Wall", "-Wextra", "-static", "-s", "-o", exe,
         os.path.join(HERE, "netserv.c")])
    return exe


def sysctl_lines(var):
    """BENCH_SOCKEYE_SYSCTL / BENCH_LINUX_SYSCTL="net/core/busy_read=200 ...": knobs
    the guest's init writes under /proc/sys/ before the servers start (A/B runs)."""
    return "".join("echo %s > /proc/sys/%s\n" % tuple(reversed(kv.split("=", 1)))
                   for kv in os.environ.get(var, "").split())


def sockeye_initrd(netserv):
    """build/initramfs.cpio plus /bench/netserv and /bench-init."""
    out = os.path.join(OUT, "sockeye-bench.cpio")
    with tempfile.TemporaryDirectory(prefix="sockeye-bench-") as root:
        with open(os.path.join(ROOT, "build", "initramfs.cpio"), "rb") as f:
            run(["cpio", "-idm", "--quiet"], cwd=root, stdin=f)
        install_servers(root, netserv, "bench-init", SOCKEYE_INIT % {"sysctls": sysctl_lines("BENCH_SOCKEYE_SYSCTL"), "wait_rx": WAIT_RX})
        pack_cpio(root, out)
    return out


def install_servers(root, netserv, init_name, init_text):
    os.makedirs(os.path.join(root, "bench"), exist_ok=True)
    shutil.copy2(netserv, os.path.join(root, "bench", "netserv"))
    with open(os.path.join(root, init_name), "w") as f:
        f.write(init_text)
    os.chmod(os.path.join(root, init_name), 0o755)


def linux_parts():
    """(kernel, modules dir, static busybox) of the installed Debian kernel, or a reason why not."""
    ks = sorted(glob.glob("/boot/vmlinuz-*"),
                key=lambda p: [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", p)])
    if not ks:
        return None, "no /boot/vmlinuz-* (apt-get install linux-image-amd64)"
    kver = ks[-1][len("/boot/vmlinuz-"):]
    bb = "/bin/busybox"
    # A dynamic busybox names its program interpreter in the first page.
    if not os.path.exists(bb) or b"ld-linux" in open(bb, "rb").read(4096):
        return None, "no static /bin/busybox (apt-get install busybox-static)"
    mods = glob.glob("/lib/modules/%s/kernel/drivers/net/ethernet/intel/e1000/e1000.ko*" % kver)
    if not mods:
        return None, "no e1000 module for %s" % kver
    return (ks[-1], mods[0], bb), None


def linux_initrd(netserv, mod, busybox):
    """busybox-static, e1000.ko (no dependencies), netserv, /init."""
    out = os.path.join(OUT, "linux-bench.cpio.gz")
    with tempfile.TemporaryDirectory(prefix="linux-bench-") as root:
        for d in ("bin", "lib/modules", "proc", "sys", "dev", "tmp"):
            os.makedirs(os.path.join(root, d))
        shutil.copy2(busybox, os.path.join(root, "bin", "busybox"))
        os.symlink("busybox", os.path.join(root, "bin", "sh"))
        ko = os.path.join(root, "lib", "modules", "e1000.ko")
        if mod.endswith(".xz"):
            run("xz -dc %s > %s" % (mod, ko), shell=True)
        elif mod.endswith(".zst"):
            run("zstd -qdc %s > %s" % (mod, ko), shell=True)
        else:
            shutil.copy2(mod, ko)
        install_servers(root, netserv, "init", LINUX_INIT % {"sysctls": sysctl_lines("BENCH_LINUX_SYSCTL"), "wait_rx": WAIT_RX})
        pack_cpio(root, out, compress=True)
    return out


# ---------------------------------------------------------------- the guest

def free_base():
    """A host port base whose five forwards are all free (other worktrees bench too)."""
    for base in range(25000 + os.getpid() % 5000 * 7, 65000, 97):
        ok = True
        for proto, gport in PORTS.values():
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM if proto == "tcp" else socket.SOCK_DGRAM)
            try:
                s.bind(("127.0.0.1", base + gport - 5000))
            except OSError:
                ok = False
            finally:
                s.close()
        if ok:
            return base
    raise RuntimeError("no free host ports")


class Guest:
    def __init__(self, kernel, initrd, append, base, log):
        fwd = ",".join("hostfwd=%s:127.0.0.1:%d-%s:%d" % (p, base + g - 5000, GUEST_IP, g)
                       for p, g in PORTS.values())
        self.cmd = ["qemu-system-x86_64", "-accel", "tcg", "-m", "256M", "-smp", "1",
                    "-nographic", "-no-reboot", "-kernel", kernel, "-initrd", initrd,
                    "-append", append, "-netdev", "user,id=n0," + fwd,
                    "-device", "e1000,netdev=n0,romfile=" + os.environ.get("BENCH_NIC_OPTS", "")]
        if os.environ.get("BENCH_PCAP") == "1":     # the guest's side of the wire, for tshark
            self.cmd += ["-object", "filter-dump,id=d0,netdev=n0,file=" + log[:-4] + ".pcap"]
        self.log = open(log, "wb")
        self.ready = threading.Event()
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.ready_at = None
        self.after_ready = b""
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self):
        tail = b""
        while True:
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                break
            self.log.write(chunk)
            if self.ready_at is not None:
                self.after_ready += chunk
            if self.ready_at is None:
                tail = (tail + chunk)[-256:]
                if b"BENCH-READY" in tail:
                    self.ready_at = time.monotonic() - self.t0
                    self.ready.set()
        self.ready.set()

    def shell(self, cmd):
        """Type cmd at the guest's console shell; the lines it printed."""
        start = len(self.after_ready)
        self.proc.stdin.write(cmd.encode() + b"; echo SHELL''-END\n")
        self.proc.stdin.flush()
        deadline = time.monotonic() + 20
        while b"SHELL-END" not in self.after_ready[start:] and time.monotonic() < deadline:
            time.sleep(0.1)
        out = self.after_ready[start:].decode(errors="replace").replace("\r", "")
        return [l for l in out.split("SHELL-END")[0].splitlines() if "SHELL''-END" not in l]

    def counters(self):
        """The drop and recovery counters of /proc/net/{snmp,netstat} after the tests
        (header line, value line, as Linux prints them)."""
        lines = self.shell("cat /proc/net/snmp /proc/net/netstat; cat /proc/net/gro /proc/net/e1000_stats 2>/dev/null")
        c = {}
        for head, vals in zip(lines, lines[1:]):
            h, v = head.split(), vals.split()
            if len(h) > 1 and len(h) == len(v) and h[0] == v[0] and h[0].endswith(":") \
                    and not h[1].lstrip("-").isdigit() and all(x.lstrip("-").isdigit() for x in v[1:]):
                c.update((h[0][:-1] + "." + k, int(x)) for k, x in zip(h[1:], v[1:]))
        for line in lines:     # Sockeye's /proc/net/gro: "name value" lines
            f = line.split()
            if len(f) == 2 and f[0].startswith("gro_") and f[1].isdigit():
                c["gro." + f[0][4:]] = int(f[1])
        return c

    def cpu(self):
        """QEMU's user+system CPU seconds so far."""
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


# ---------------------------------------------------------------- the host clients
# The same workloads as the reference harness's C client: MB = 10^6 bytes,
# every figure over the test's own wall time.

def connect(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT)
    return s


def read_exact(s, n):
    got = b""
    while len(got) < n:
        r = s.recv(n - len(got))
        if not r:
            raise ConnectionError("EOF after %d of %d bytes" % (len(got), n))
        got += r
    return got


def bulk_h2g(port):
    buf = b"x" * 65536
    s = connect(port)
    s.setblocking(False)
    sent, t0 = 0, time.monotonic()
    deadline = t0 + SECS
    while time.monotonic() < deadline:
        if select.select([], [s], [], max(deadline - time.monotonic(), 0))[1]:
            try:
                sent += s.send(buf)
            except BlockingIOError:
                pass
    s.settimeout(IO_TIMEOUT)
    s.shutdown(socket.SHUT_WR)
    got = int.from_bytes(read_exact(s, 8), "big")
    t1 = time.monotonic()
    s.close()
    if got != sent:
        raise RuntimeError("sink counted %d of %d bytes" % (got, sent))
    return {"bulk_h2g": got / (t1 - t0) / 1e6}


def bulk_g2h(port):
    s = connect(port)
    t0 = time.monotonic()
    s.sendall(bytes(8))             # 0: stream until we close
    s.setblocking(False)
    got, deadline = 0, t0 + SECS
    while time.monotonic() < deadline:
        if select.select([s], [], [], max(deadline - time.monotonic(), 0))[0]:
            try:
                r = s.recv(65536)
            except BlockingIOError:
                continue
            if not r:
                break
            got += len(r)
    t1 = time.monotonic()
    s.close()
    return {"bulk_g2h": got / (t1 - t0) / 1e6}


def pct(v, p):
    v = sorted(v)
    return v[min(int(p / 100 * (len(v) - 1) + 0.5), len(v) - 1)] if v else 0.0


def connrate(port, threads, name):
    lock = threading.Lock()
    lat, errors, issued = [], [], [0]
    t0 = time.monotonic()
    deadline = t0 + SECS

    def worker():
        while time.monotonic() < deadline:
            with lock:
                if issued[0] >= MAX_CONNS:
                    return
                issued[0] += 1
            a = time.monotonic()
            try:
                s = connect(port)
                s.sendall(b"r" * 32)
                got = b""
                while True:
                    r = s.recv(512)
                    if not r:
                        break
                    got += r
                s.close()
                if len(got) != 32:
                    raise RuntimeError("echoed %d of 32 bytes" % len(got))
                with lock:
                    lat.append(time.monotonic() - a)
            except (OSError, RuntimeError) as e:
                with lock:
                    errors.append(str(e))

    ts = [threading.Thread(target=worker) for _ in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    t1 = time.monotonic()
    if errors:
        print("    %s: %d failed connections (%s)" % (name, len(errors), errors[0]), flush=True)
    return {name: len(lat) / (t1 - t0), name + "_p50": pct(lat, 50) * 1e3, name + "_errors": len(errors)}


def rr(port, size, name):
    s = connect(port)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    msg = b"p" * size
    lat = []
    t0 = time.monotonic()
    deadline = t0 + SECS
    while True:
        a = time.monotonic()
        if a >= deadline:
            break
        s.sendall(msg)
        read_exact(s, size)
        lat.append(time.monotonic() - a)
    t1 = time.monotonic()
    s.close()
    return {name: len(lat) / (t1 - t0), name + "_p50": pct(lat, 50) * 1e6}


def udp_ping(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.connect(("127.0.0.1", port))
    s.settimeout(0.5)
    lat, lost, seq = [], 0, 0
    t0 = time.monotonic()
    deadline = t0 + SECS
    while time.monotonic() < deadline:
        seq += 1
        tag = seq.to_bytes(4, "little")
        a = time.monotonic()
        s.send(tag + b"u" * 60)
        try:
            while s.recv(2048)[:4] != tag:
                pass            # a late reply to a datagram already counted lost
            lat.append(time.monotonic() - a)
        except socket.timeout:
            lost += 1
    t1 = time.monotonic()
    s.close()
    return {"udp_ping": len(lat) / (t1 - t0), "udp_ping_p50": pct(lat, 50) * 1e6, "udp_ping_lost": lost}


def plan(base):
    hp = {k: base + g - 5000 for k, (_, g) in PORTS.items()}
    return {
        "bulk_h2g": lambda: bulk_h2g(hp["sink"]),
        "bulk_g2h": lambda: bulk_g2h(hp["source"]),
        "conn_c1": lambda: connrate(hp["acceptd"], 1, "conn_c1"),
        "conn_c16": lambda: connrate(hp["acceptd"], 16, "conn_c16"),
        "rr1": lambda: rr(hp["echo"], 1, "rr1"),
        "rr64": lambda: rr(hp["echo"], 64, "rr64"),
        "udp_ping": lambda: udp_ping(hp["udpecho"]),
    }


def one_run(label, kernel, initrd, append, rep):
    base = free_base()
    log = os.path.join(OUT, "%s-rep%d.log" % (label, rep))
    g = Guest(kernel, initrd, append, base, log)
    figs = {}
    try:
        g.ready.wait(300)
        if g.ready_at is None:
            raise RuntimeError("%s: no BENCH-READY (console in %s)" % (label, log))
        figs["boot_to_ready"] = g.ready_at
        time.sleep(0.5)
        tests = plan(base)
        for t in TESTS:
            c0, w0 = g.cpu(), time.monotonic()
            try:
                figs.update(tests[t]())
            except (OSError, RuntimeError) as e:
                print("    %s %s: failed: %s" % (label, t, e), flush=True)
            figs[t + "_qemu_cpu"] = 100 * (g.cpu() - c0) / (time.monotonic() - w0)
            time.sleep(0.5)
        counters = g.counters()
        figs["counters"] = {k: counters[k] for k in WATCH if counters.get(k)}
        if PROFILE and label == "sockeye":
            print("\n".join("    profile: " + l for l in g.shell("readprofile | sort -nr | head -40")), flush=True)
    finally:
        g.stop()
    print("  %-7s rep %d: %s" % (label, rep, "  ".join(
        "%s %s" % (m, fmt(figs[m])) for m, _, _, _ in METRICS if m in figs)), flush=True)
    print("    counters: %s" % " ".join("%s=%d" % kv for kv in figs.get("counters", {}).items()), flush=True)
    return figs


# ---------------------------------------------------------------- the table

def fmt(v):
    if v is None:
        return "-"
    if abs(v) >= 100:
        return "%.0f" % v
    if abs(v) >= 10:
        return "%.1f" % v
    return "%.2f" % v


def cell(vals):
    if not vals:
        return "-"
    if len(vals) == 1:
        return fmt(vals[0])
    return "%s (%s–%s)" % (fmt(statistics.median(vals)), fmt(min(vals)), fmt(max(vals)))


def table(sk, lx):
    """Markdown rows: median (min–max) of each guest, and the median of the
    per-rep ratios Sockeye/Linux with their range."""
    have_linux = bool(lx)
    head = "| workload | unit | Sockeye | " + ("Linux | Sockeye/Linux | " if have_linux else "") + \
        "QEMU CPU (Sockeye" + (", Linux" if have_linux else "") + ") | what one unit is |"
    rows = [head, "|" + "---|" * (head.count("|") - 1)]
    for m, unit, what, _ in METRICS:
        s = [r[m] for r in sk if m in r]
        if not s:
            continue
        row = "| %s | %s | %s | " % (m, unit, cell(s))
        base = m.rsplit("_p50", 1)[0]
        cpu = [r[base + "_qemu_cpu"] for r in sk if base + "_qemu_cpu" in r]
        cpus = "%.0f %%" % statistics.median(cpu) if cpu else "-"
        if have_linux:
            l = [r[m] for r in lx if m in r]
            ratios = [a[m] / b[m] for a, b in zip(sk, lx) if m in a and m in b and b[m]]
            row += "%s | %s | " % (cell(l), cell(ratios) if ratios else "-")
            lcpu = [r[base + "_qemu_cpu"] for r in lx if base + "_qemu_cpu" in r]
            cpus += ", %.0f %%" % statistics.median(lcpu) if lcpu else ", -"
        rows.append(row + "%s | %s |" % (cpus if base != "boot_to_ready" else "-", what))
    return rows


def qemu_version():
    out = subprocess.run(["qemu-system-x86_64", "--version"], stdout=subprocess.PIPE).stdout.decode()
    m = re.search(r"version (\S+)", out)
    return m.group(1) if m else "?"


def write_doc(rows, reps, linux_note):
    text = open(DOC).read()
    block = "\n".join([
        BEGIN,
        "Measured by `make bench` (tools/bench/tcp_bench.py) on %s: QEMU %s, TCG, e1000 on user "
        "networking, %d rep%s; each rep boots Sockeye and then %s. Cells: median (min–max) over the "
        "reps; the ratio column is the median of the per-rep ratios, so a ratio never compares runs "
        "from different minutes. QEMU CPU: the QEMU process's CPU use during the test (100 %% = one host core)."
        % (datetime.date.today().isoformat(), qemu_version(), reps, "" if reps == 1 else "s", linux_note),
        ""] + rows + ["", END])
    if BEGIN in text:
        a = text.index(BEGIN)
        b = text.index(END, a) + len(END)
        text = text[:a] + block + text[b:]
    else:
        text = text.rstrip("\n") + "\n\n## TCP and UDP beside Linux\n\n" + block + "\n"
    with open(DOC, "w") as f:
        f.write(text)
    print("docs/benchmarks.md: TCP and UDP beside Linux updated")


def main():
    netserv = build_netserv()
    sk_initrd = sockeye_initrd(netserv)
    kernel = os.path.join(ROOT, "build", "sockeye.elf")
    lx = None
    if os.environ.get("BENCH_LINUX", "1") != "0":
        parts, why = linux_parts()
        if parts:
            lx = (parts[0], linux_initrd(netserv, parts[1], parts[2]))
            linux_note = "Debian's Linux %s with the same servers" % os.path.basename(parts[0])[len("vmlinuz-"):]
        else:
            linux_note = "(no Linux: %s)" % why
            print("tcp_bench: Sockeye only: " + why, flush=True)
    else:
        linux_note = "(no Linux: BENCH_LINUX=0)"
    sk_runs, lx_runs = [], []
    for rep in range(1, REPS + 1):
        sk_runs.append(one_run("sockeye", kernel, sk_initrd, SOCKEYE_APPEND, rep))
        if lx:
            lx_runs.append(one_run("linux", lx[0], lx[1], LINUX_APPEND, rep))
    rows = table(sk_runs, lx_runs)
    print("\n".join(rows))
    if os.environ.get("BENCH_NODOC") != "1":
        write_doc(rows, REPS, linux_note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
