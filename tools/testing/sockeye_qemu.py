"""Boot Sockeye in QEMU from a host test and talk to its serial console.

Used by every host-driven test tier (tools/testing/*.py). A Guest owns one
QEMU process: the serial console is a pipe we read and write, networking
is whatever the test asks for (none, QEMU user net with hostfwd, or a
-netdev socket/stream backend a scapy peer listens on), and every run
writes a pcap next to its log under tools/testing/out/.

Only loopback addresses are ever used on the host side.
"""
import os
import select
import socket
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, "build")
OUT = os.path.join(ROOT, "tools", "testing", "out")


def reexec_for_scapy():
    """Debian's python3-scapy lives with the system interpreter; if this
    python cannot import scapy, re-run the calling script under /usr/bin/python3."""
    try:
        import scapy  # noqa: F401
    except ImportError:
        if sys.executable != "/usr/bin/python3" and os.path.exists("/usr/bin/python3"):
            os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
        raise


_ACCEL = None


def accel_args():
    """KVM only if a probe boot under it succeeds (tools/accel.sh caches the answer); else TCG."""
    global _ACCEL
    if _ACCEL is None:
        out = subprocess.run(["sh", "tools/accel.sh"], cwd=ROOT, capture_output=True, text=True).stdout
        _ACCEL = out.split() or ["-accel", "tcg"]
    return list(_ACCEL)


_BUILT = False


def ensure_built():
    """A tier run on its own (python3 tools/testing/test_NAME.py) must never
    boot a stale kernel or initramfs: make brings them up to date first (a
    quick no-op under `make test`, which has just built them)."""
    global _BUILT
    if _BUILT:
        return
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    r = subprocess.run(["make", "-s", "build/sockeye.elf", "build/initramfs.cpio"], cwd=ROOT,
                       capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise RuntimeError("the build failed, not booting a stale kernel:\n" + (r.stderr or r.stdout)[-1500:])
    _BUILT = True


class Guest:
    def __init__(self, name, append="", net=None, mem="256M", extra=None):
        ensure_built()
        os.makedirs(OUT, exist_ok=True)
        self.name = name
        self.log_path = os.path.join(OUT, name + ".log")
        self.pcap = os.path.join(OUT, name + ".pcap")
        args = ["qemu-system-i386", "-m", mem, "-no-reboot", "-display", "none",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
                "-serial", "stdio", "-monitor", "none",
                "-kernel", os.path.join(BUILD, "sockeye.elf"),
                "-initrd", os.path.join(BUILD, "initramfs.cpio"),
                "-append", append] + accel_args()
        if net is None:
            args += ["-nic", "none"]
        else:
            args += net + ["-object", "filter-dump,id=dump0,netdev=n0,file=" + self.pcap]
        args += extra or []
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.buf = b""
        self.pos = 0          # how far expect() has consumed

    def _read(self, timeout):
        r, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not r:
            return False
        data = os.read(self.proc.stdout.fileno(), 65536)
        if not data:
            return None
        self.log.write(data)
        self.log.flush()
        self.buf += data
        return True

    def expect(self, pattern, timeout=60):
        """Wait until pattern (bytes or str) appears after the last match; return the text before it."""
        if isinstance(pattern, str):
            pattern = pattern.encode()
        deadline = time.time() + timeout
        while True:
            i = self.buf.find(pattern, self.pos)
            if i >= 0:
                before = self.buf[self.pos:i]
                self.pos = i + len(pattern)
                return before.decode(errors="replace")
            left = deadline - time.time()
            if left <= 0:
                # The tail of what did arrive says whether the guest hung, panicked or printed over it.
                raise TimeoutError("timed out waiting for %r in %s; it last printed %r"
                                   % (pattern, self.log_path, self.buf[max(self.pos, len(self.buf) - 300):]))
            got = self._read(min(left, 1.0))
            if got is None:
                raise EOFError("QEMU exited while waiting for %r (see %s)" % (pattern, self.log_path))

    def send(self, text):
        if isinstance(text, str):
            text = text.encode()
        self.proc.stdin.write(text)
        self.proc.stdin.flush()

    def sh(self, cmd, timeout=60, prompt="$ "):
        """Type a command at the shell prompt; return its output (without the echo)."""
        self.send(cmd + "\n")
        self.expect(cmd + "\r\n", timeout)
        return self.expect(prompt, timeout).replace("\r\n", "\n")

    def wait_exit(self, timeout=300):
        """Read until QEMU exits (the guest powered off); return all output."""
        deadline = time.time() + timeout
        while self.proc.poll() is None or self._read(0) is True:
            left = deadline - time.time()
            if left <= 0:
                self.kill()
                raise TimeoutError("guest did not power off within %ds (%s)" % (timeout, self.log_path))
            if self._read(min(left, 1.0)) is None:
                break
        self.proc.wait()
        return self.buf.decode(errors="replace")

    def kill(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kill()


def free_tcp_port():
    """A TCP port on 127.0.0.1 nobody holds now, for a hostfwd or a host server."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def user_net(fwds, proto="tcp"):
    """QEMU's user network on an e1000, with each {guest_port: host_port} of
    fwds forwarded from 127.0.0.1 (proto "tcp" or "udp"): Guest's net=."""
    netdev = "user,id=n0" + "".join(",hostfwd=%s:127.0.0.1:%d-:%d" % (proto, h, p) for p, h in fwds.items())
    return ["-netdev", netdev, "-device", "e1000,netdev=n0"]


def one_byte_round_trips(s, n):
    """n ping-pongs of one byte over the connected TCP socket s (TCP_NODELAY),
    each sent when the last came back; then close s."""
    try:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for i in range(n):
            b = bytes([i & 0xff])
            s.sendall(b)
            got = s.recv(1)
            require(got == b, "round trip %d: %r back for %r" % (i, got, b))
    finally:
        s.close()


def require(cond, what):
    """A test's check: raise (a failure for Results.run) unless cond holds.
    Tiers use this, never `assert`, which `python3 -O` strips."""
    if not cond:
        raise AssertionError(what)


def one_line(text, limit=600):
    """text on one line: newlines shown as ' | ', cut at limit characters."""
    flat = " | ".join(l for l in text.splitlines() if l.strip()) if "\n" in text else text
    return flat if len(flat) <= limit else flat[:limit] + " ..."


class Results:
    """Collects PASS/FAIL lines for one tier and prints its closing count.

    A tier declares its tests up front: tests, the manifest, is every name a
    full run reports as PASS or FAIL (in run order; names built in a loop
    come from the same loop here). So a tier takes, on its command line,

        --list      print the manifest, one name a line, and exit (nothing boots)
        NAME...     run only these (run() and check() drop the others; the
                    tier asks wants() before a boot none of them needs)
        nothing     run everything

    A name not in the manifest is a failure, never a skip: given on the
    command line, nothing runs and the tier fails ("T: 0 passed, N
    failed"); reported by the tier, finish() fails it. finish() also fails
    every selected name that was never reported (its boot died first, or
    the manifest names a test the code no longer runs), so --list cannot
    drift from what runs. setup names (a boot's failure, "tcp.boot") may be
    reported, only as a failure, and are not tests: --list leaves them out.
    needs maps a test to the earlier ones whose effects it checks (a
    counter of their bytes): selected alone, it runs them first, unreported.

    Without tests, a Results only prints and counts: tools/labs.py check,
    whose lines the labs tier (test_labs.py, which has the manifest) reads.
    """

    def __init__(self, tier, tests=None, setup=(), needs=None, argv=None):
        self.tier = tier
        self.passed = 0
        self.failed = 0
        self.skipped = set()
        self.reported = set()
        if tests is None:
            self.tests = self.selected = None
            return
        self.tests = list(tests)
        dup = sorted({n for n in self.tests if self.tests.count(n) > 1})
        if dup:
            raise ValueError("%s: test names declared twice: %s" % (tier, " ".join(dup)))
        self.setup = set(setup)
        self.selected = set()
        argv = sys.argv[1:] if argv is None else argv
        if argv == ["--list"]:
            print("\n".join(self.tests), flush=True)
            sys.exit(0)
        unknown = [a for a in argv if a not in self.tests]
        if unknown:
            for a in unknown:
                self.failed += 1
                print("FAIL %s (no such test in tier %s; --list names them)" % (a, tier), flush=True)
            sys.exit(self.finish())
        self.selected = set(argv) if argv else set(self.tests)
        self.quiet = {p for n in self.selected for p in (needs or {}).get(n, ())} - self.selected

    def dropped(self, name):
        """name is in the manifest but not selected: not run, not reported."""
        return self.tests is not None and name in self.tests and name not in self.selected

    def wants(self, *names):
        """Whether any of names is to run: a tier boots a guest only if so."""
        return self.tests is None or any(n in self.selected or n in self.quiet for n in names)

    def check(self, name, ok, detail=""):
        """Report name; a name the command line did not select is dropped."""
        if self.dropped(name):
            return ok
        if self.tests is not None and name not in self.tests and not (name in self.setup and not ok):
            # A name the manifest lacks is the tier's own bug; as good as a failed test.
            ok, detail = False, "(not in the %s manifest: declare it in Results) %s" % (self.tier, detail)
        self.reported.add(name)
        if ok:
            self.passed += 1
            print("PASS %s" % name, flush=True)
        else:
            self.failed += 1
            # The FAIL line carries the whole detail on one line (a CI log
            # that keeps only FAIL lines still says why); a multi-line detail
            # follows in full, as the test printed it.
            print("FAIL %s %s" % (name, one_line(detail)), flush=True)
            if "\n" in detail:
                print(detail, flush=True)
        return ok

    def skip(self, name, why):
        """A test that cannot run here says so (SKIP, counted neither way) instead of passing."""
        if self.dropped(name):
            return
        if self.tests is not None and name not in self.tests:
            self.check(name, False, "(skipped: %s)" % why)
            return
        self.reported.add(name)
        self.skipped.add(name)
        print("SKIP %s (%s)" % (name, why), flush=True)

    def run(self, name, fn):
        """Run fn as the test name, if it is selected (or not in the manifest: that fails)."""
        if self.tests is not None and name in self.quiet:
            try:
                fn()
            except Exception as e:
                print("(%s, run for what needs it, failed: %s: %s)" % (name, type(e).__name__, e), flush=True)
            return
        if self.dropped(name):
            return
        try:
            fn()
            if name not in self.skipped:
                self.check(name, True)
        except Exception as e:  # a test failure, timeout or crash: report and go on
            self.check(name, False, "(%s: %s)" % (type(e).__name__, e))

    def finish(self):
        for name in self.tests or ():
            if name in self.selected and name not in self.reported:
                self.check(name, False, "(never reported: an earlier step failed, or the tier no longer runs it)")
        print("%s: %d passed, %d failed" % (self.tier, self.passed, self.failed), flush=True)
        return 1 if self.failed else 0
