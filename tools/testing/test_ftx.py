#!/usr/bin/env python3
"""Tier 4 (ftx): fsend/frecv and tools/ftx.py moving files, and make lab2.

Boot 1, QEMU user networking, frecv in the guest behind a hostfwd and
tools/ftx.py on the host (imported: the same code students run):
10 MiB host -> guest and guest -> host, digests compared three ways
(hashlib, the programs' own lines, busybox sha256sum); digests of files
at SHA-256's block edges (0, 55, 56, 64, 65 bytes...); transfers cut at
seeded random offsets leave nothing under the final name and resume to
completion, both directions, and a corrupted partial file on the host
makes fsend start over; path traversal and a device name are refused with
the right codes; a lying digest, an oversized offer, a second sender of the
same file (BUSY) and a silent peer (TIMEOUT) are refused; several clients
at once; the progress line on a terminal and none when stderr is a file.

Boots 2+3, tools/lab2.py as `make lab2` runs it: two guests on one LAN,
10.0.3.1 and 10.0.3.2, driven through their TCP consoles; 10 MiB each
way between them; an fsend killed (kill -9) at a seeded random point
leaves no file under the final name and resumes when run again; both
pcaps read back with tshark.
"""
import hashlib
import os
import random
import re
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE)))
from sockeye_qemu import Guest, Results, OUT, ROOT, BUILD, require, free_tcp_port, user_net  # noqa: E402
import ftx  # noqa: E402  (tools/ftx.py)

USERNET = ["ftx.host_to_guest_10mib", "ftx.guest_to_host_10mib", "ftx.digests_at_block_edges",
           "ftx.interrupted_host_to_guest_resumes", "ftx.interrupted_guest_to_host_resumes",
           "ftx.path_traversal_refused", "ftx.digest_size_exist_refused", "ftx.many_clients_busy_and_timeout",
           "ftx.quiet_when_not_a_terminal", "ftx.kernel_healthy_usernet"]
LAB2 = ["ftx.lab2_a_to_b_10mib", "ftx.lab2_b_to_a_10mib", "ftx.lab2_killed_sender_resumes",
        "ftx.lab2_pcaps_read_by_tshark"]
# Later tests work on the files earlier ones leave in the guest: /tmp/in/h2g.bin
# (host_to_guest), /tmp/g.bin (interrupted_guest_to_host), and the pcaps' SYNs.
H2G, G2H = "ftx.host_to_guest_10mib", "ftx.interrupted_guest_to_host_resumes"
res = Results("ftx", USERNET + LAB2, setup=["ftx.usernet_boot", "ftx.lab2_boot"], needs={
    "ftx.guest_to_host_10mib": [H2G], "ftx.digests_at_block_edges": [H2G], G2H: [H2G],
    "ftx.digest_size_exist_refused": [H2G], "ftx.path_traversal_refused": [H2G, G2H],
    "ftx.quiet_when_not_a_terminal": [H2G, G2H], "ftx.lab2_pcaps_read_by_tshark": LAB2[:2]})
SEED = int(os.environ.get("FTX_SEED", "1004"))
MIB = 1 << 20
BIG = 10 * MIB
GUEST_NET = "ip=10.0.2.15::10.0.2.2:255.255.255.0::eth0:off noservices"
TIMEOUT_S = 8           # frecv -t in boot 1: the silent-peer test waits this long
WORK = os.path.join(OUT, "ftx")


def host_file(name, size, seed):
    path = os.path.join(WORK, name)
    with open(path, "wb") as f:
        f.write(random.Random(seed).randbytes(size))
    return path


def sha(path):
    return ftx.file_digest(path).hex()


def guest_sha(g, path):
    out = g.sh("busybox sha256sum %s" % path, timeout=120)
    m = re.search(r"\b([0-9a-f]{64})\s+%s" % re.escape(path), out)
    require(m, "sha256sum %s: %r" % (path, out))
    return m.group(1)


def rc_of(out):
    m = re.search(r"rc=(\d+)", out)
    require(m, "no rc in %r" % out)
    return int(m.group(1))


class HostReceiver:
    """A listening socket on 127.0.0.1 (the guest's 10.0.2.2) serving one
    ftx transfer per accept in a thread, like `tools/ftx.py recv -1`."""

    def __init__(self, directory):
        self.dir = directory
        self.lsock = socket.socket()
        self.lsock.bind(("127.0.0.1", 0))
        self.lsock.listen(4)
        self.port = self.lsock.getsockname()[1]

    def serve_one(self, **kw):
        self.result = None

        def run():
            c, _ = self.lsock.accept()
            c.settimeout(60)
            try:
                self.result = ftx.receive(c, self.dir, **kw)
            except ftx.FtxError as e:
                self.result = e
            finally:
                c.close()
        self.t = threading.Thread(target=run)
        self.t.start()

    def wait(self):
        self.t.join(300)
        return self.result


def offer(fwd, name, size=1, digest=b"\0" * 32):
    """Send an OFFER and return the receiver's answer: ('RESUME', payload) or the Refused code."""
    with socket.create_connection(("127.0.0.1", fwd), timeout=60) as s:
        ftx.send_frame(s, ftx.OFFER, struct.pack(">QI", size, 0o644) + digest + name)
        try:
            return ("RESUME", ftx.expect(s, ftx.RESUME, 40))
        except ftx.Refused as e:
            return e.code


# ---------------------------------------------------------------- boot 1: host <-> guest

def usernet_tests(g, fwd):
    g.expect("$ ", timeout=180)
    g.sh("mkdir /tmp/in")
    g.sh("frecv -d /tmp/in -t %d > /tmp/frecv.log &" % TIMEOUT_S)
    deadline = time.time() + 30
    while "listening on port 7070" not in g.sh("cat /tmp/frecv.log"):
        require(time.time() < deadline, "frecv did not start")
    rng = random.Random(SEED)

    def host_to_guest():
        src = host_file("h2g.bin", BIG, SEED)
        t0 = time.time()
        with socket.create_connection(("127.0.0.1", fwd), timeout=60) as s:
            off = ftx.send_file(s, src, "h2g.bin")
        dt = time.time() - t0
        print("host -> guest: 10 MiB in %.1f s (%.0f KB/s)" % (dt, BIG / dt / 1000), flush=True)
        require(off == 0, "resumed at %d" % off)
        require(guest_sha(g, "/tmp/in/h2g.bin") == sha(src), "guest's copy differs")
        log = g.sh("cat /tmp/frecv.log")
        require("received h2g.bin %d bytes from 10.0.2.2" % BIG in log and sha(src) in log, log)
    res.run("ftx.host_to_guest_10mib", host_to_guest)

    def guest_to_host():
        # tools/ftx.py's command line, as a student runs it on the host.
        d, port = os.path.join(WORK, "g2h"), free_tcp_port()
        os.makedirs(d)
        rcv = subprocess.Popen([sys.executable, os.path.join(ROOT, "tools", "ftx.py"), "recv", "-1",
                                "-d", d, "-p", str(port)], stdout=subprocess.PIPE, text=True)
        try:
            require("listening on 127.0.0.1:%d" % port in rcv.stdout.readline(), "ftx.py recv did not start")
            t0 = time.time()
            out = g.sh("fsend -p %d 10.0.2.2 /tmp/in/h2g.bin; echo rc=$?" % port, timeout=300)
            dt = time.time() - t0
            print("guest -> host: 10 MiB in %.1f s (%.0f KB/s)" % (dt, BIG / dt / 1000), flush=True)
            log = rcv.stdout.read()
            require(rcv.wait(60) == 0 and rc_of(out) == 0, "fsend %r, ftx.py recv %r" % (out, log))
        finally:
            if rcv.poll() is None:
                rcv.kill()
        require("received h2g.bin %d bytes" % BIG in log, log)
        # The console is the guest's terminal: fsend drew its progress line there.
        require(re.search(r"h2g\.bin  10\.0/10\.0 MiB  100%  [\d.]+ MiB/s  ETA 0:00", out), "no progress line: %r" % out)
        require(sha(os.path.join(d, "h2g.bin")) == sha(os.path.join(WORK, "h2g.bin")), "host copy differs")
    res.run("ftx.guest_to_host_10mib", guest_to_host)

    def digests_at_block_edges():
        # SHA-256 pads to 64-byte blocks: lengths around the edges, and an
        # empty file. fsend hashes in 64 KiB reads, frecv frame by frame.
        whole = open(os.path.join(WORK, "h2g.bin"), "rb").read(70000)
        for n in (0, 1, 55, 56, 63, 64, 65, 119, 120, 65535, 65537):
            g.sh("busybox head -c %d /tmp/in/h2g.bin > /tmp/e%d" % (n, n))
            out = g.sh("fsend -q 127.0.0.1 /tmp/e%d; echo rc=$?" % n)
            want = hashlib.sha256(whole[:n]).hexdigest()
            require(rc_of(out) == 0 and "sent e%d %d bytes sha256 %s" % (n, n, want) in out, "%d: %r" % (n, out))
            require("received e%d %d bytes from 127.0.0.1:" % (n, n) in g.sh("cat /tmp/frecv.log"), "frecv: e%d" % n)
        # The host CLI: an existing name is refused, and the exit code says so.
        rc = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "ftx.py"), "send", "-q", "-p", str(fwd),
                             "-n", "e0", "127.0.0.1", os.path.join(WORK, "h2g.bin")], capture_output=True).returncode
        require(rc == ftx.EXIT_REFUSED + ftx.E_EXIST, "ftx.py send over e0 exited %d" % rc)
    res.run("ftx.digests_at_block_edges", digests_at_block_edges)

    def interrupted_host_to_guest():
        size = 2 * MIB
        src = host_file("cut.bin", size, SEED + 1)
        cuts = sorted(rng.sample(range(1, size), 3))
        print("host -> guest cut at %s (seed %d)" % (cuts, SEED), flush=True)
        offs, have = [], 0
        for cut in cuts:
            with socket.create_connection(("127.0.0.1", fwd), timeout=60) as s:
                offs.append(ftx.send_file(s, src, "cut.bin", abort_at=cut))
            require(offs[-1] == have, "attempt resumed at %d, the receiver had %d" % (offs[-1], have))
            # The receiver keeps every whole DATA frame (64 KiB from the offset) before the cut.
            have += (cut - have) // ftx.MAX_PAYLOAD * ftx.MAX_PAYLOAD
            # frecv's child may still be reading the reset; wait for its log line.
            deadline = time.time() + 30
            while g.sh("cat /tmp/frecv.log").count("cut.bin from") < len(offs):
                require(time.time() < deadline, "frecv logged no interruption")
            ls = g.sh("ls -a /tmp/in").split()
            require("cut.bin" not in ls, "final name after a cut at %d: %r" % (cut, ls))
            require(any(n.startswith(".ftx-") and n.endswith(".part") for n in ls), "no temporary: %r" % ls)
        with socket.create_connection(("127.0.0.1", fwd), timeout=60) as s:
            last = ftx.send_file(s, src, "cut.bin")
        require(last == have, "resumed at %d, the receiver had %d" % (last, have))
        require(guest_sha(g, "/tmp/in/cut.bin") == sha(src), "resumed copy differs")
        ls = g.sh("ls -a /tmp/in").split()
        require(not [n for n in ls if n.startswith(".ftx-")], "temporary left: %r" % ls)
    res.run("ftx.interrupted_host_to_guest_resumes", interrupted_host_to_guest)

    def interrupted_guest_to_host():
        d = os.path.join(WORK, "cut")
        os.makedirs(d)
        g.sh("busybox head -c %d /tmp/in/h2g.bin > /tmp/g.bin" % (3 * MIB))
        rcv = HostReceiver(d)
        cut = rng.randrange(1, 3 * MIB)
        rcv.serve_one(abort_at=cut)
        out = g.sh("fsend -q -p %d 10.0.2.2 /tmp/g.bin; echo rc=$?" % rcv.port, timeout=120)
        rcv.wait()
        require(rc_of(out) == ftx.EXIT_NET, "fsend cut at %d: %r" % (cut, out))
        require(os.listdir(d) and not os.path.exists(os.path.join(d, "g.bin")), "after the cut: %r" % os.listdir(d))
        # Resume: fsend checks the host's prefix digest and continues from it.
        rcv.serve_one()
        out = g.sh("fsend -q -p %d 10.0.2.2 /tmp/g.bin; echo rc=$?" % rcv.port, timeout=120)
        r = rcv.wait()
        require(rc_of(out) == 0 and isinstance(r, tuple) and r[2] > 0, "resume: %r %r" % (out, r))
        want = hashlib.sha256(open(os.path.join(WORK, "h2g.bin"), "rb").read(3 * MIB)).hexdigest()
        require(sha(os.path.join(d, "g.bin")) == want, "resumed copy differs")
        # A damaged partial file: fsend's prefix check fails and it starts over.
        os.unlink(os.path.join(d, "g.bin"))
        rcv.serve_one(abort_at=MIB)
        g.sh("fsend -q -p %d 10.0.2.2 /tmp/g.bin; echo rc=$?" % rcv.port, timeout=120)
        rcv.wait()
        part = [os.path.join(d, n) for n in os.listdir(d) if n.endswith(".part")]
        require(len(part) == 1, "partials: %r" % os.listdir(d))
        with open(part[0], "r+b") as f:
            f.seek(1000)
            f.write(b"\xff" * 16)
        rcv.serve_one()
        out = g.sh("fsend -q -p %d 10.0.2.2 /tmp/g.bin; echo rc=$?" % rcv.port, timeout=120)
        r = rcv.wait()
        require(rc_of(out) == 0 and "differ from ours: starting over" in out and r[2] == 0, "%r %r" % (out, r))
        require(sha(os.path.join(d, "g.bin")) == want, "restarted copy differs")
    res.run("ftx.interrupted_guest_to_host_resumes", interrupted_guest_to_host)

    def traversal():
        for name in (b"../x", b"/etc/passwd", b"a/b", b"..", b".", b"x\n", b".hidden", b"", b"n" * 256):
            got = offer(fwd, name)
            require(got == ftx.E_BADNAME, "%r: %r" % (name, got))
        # A device name: a second frecv serving /dev, reached by a guest fsend.
        g.sh("frecv -d /dev -p 7071 > /tmp/frecv-dev.log &")
        deadline = time.time() + 30
        while "listening" not in g.sh("cat /tmp/frecv-dev.log"):
            require(time.time() < deadline, "frecv -d /dev did not start")
        out = g.sh("fsend -q -p 7071 -n null 127.0.0.1 /tmp/g.bin; echo rc=$?", timeout=60)
        require(rc_of(out) == ftx.EXIT_REFUSED + ftx.E_NOTREG and "not a regular file" in out, out)
        out = g.sh("fsend -q -p 7071 -n ../x 127.0.0.1 /tmp/g.bin; echo rc=$?")
        require(rc_of(out) == ftx.EXIT_USAGE, "fsend let ../x through: %r" % out)
        require("x" not in g.sh("ls /").split(), "a file x appeared in /")
        log = g.sh("cat /tmp/frecv.log")
        require(log.count("bad name") >= 8 and "refused x? " in log, "frecv log: %r" % log)
    res.run("ftx.path_traversal_refused", traversal)

    def lies_and_limits():
        src = host_file("lie.bin", 100000, SEED + 2)
        with socket.create_connection(("127.0.0.1", fwd), timeout=60) as s:
            try:
                ftx.send_file(s, src, "lie.bin", digest=b"\1" * 32)
                raise AssertionError("a wrong digest was accepted")
            except ftx.Refused as e:
                require(e.code == ftx.E_DIGEST, str(e))
        ls = g.sh("ls -a /tmp/in").split()
        require("lie.bin" not in ls and not [n for n in ls if n.startswith(".ftx-")], "after the lie: %r" % ls)
        require(offer(fwd, b"huge", size=1 << 40) == ftx.E_TOOBIG, "2^40 bytes accepted")
        require(offer(fwd, b"h2g.bin") == ftx.E_EXIST, "an existing file would be replaced")
    res.run("ftx.digest_size_exist_refused", lies_and_limits)

    def many_clients_busy_timeout():
        # A silent client first: it must not hold up the others, and is timed out.
        silent = socket.create_connection(("127.0.0.1", fwd), timeout=60)
        t_silent = time.time()
        # A sender that has its RESUME and holds the file: a second one is BUSY.
        src = host_file("busy.bin", 200000, SEED + 3)
        digest = ftx.file_digest(src)
        holder = socket.create_connection(("127.0.0.1", fwd), timeout=60)
        ftx.send_frame(holder, ftx.OFFER, struct.pack(">QI", 200000, 0o644) + digest + b"busy.bin")
        ftx.expect(holder, ftx.RESUME, 40)
        require(offer(fwd, b"busy.bin", 200000, digest) == ftx.E_BUSY, "second sender not BUSY")
        holder.close()
        files = [host_file("many%d.bin" % i, 300000 + i, SEED + 10 + i) for i in range(4)]
        errs = []

        def one(p):
            try:
                with socket.create_connection(("127.0.0.1", fwd), timeout=60) as s:
                    ftx.send_file(s, p)
            except Exception as e:  # collected and reported below
                errs.append("%s: %s" % (os.path.basename(p), e))
        ts = [threading.Thread(target=one, args=(p,)) for p in files]
        for t in ts:
            t.start()
        for t in ts:
            t.join(120)
        require(not errs, "concurrent: %r" % errs)
        for p in files:
            require(guest_sha(g, "/tmp/in/" + os.path.basename(p)) == sha(p), "%s differs" % p)
        try:
            ftx.expect(silent, ftx.RESUME)
            raise AssertionError("the silent client got an answer")
        except ftx.Refused as e:
            waited = time.time() - t_silent
            require(e.code == ftx.E_TIMEOUT and waited >= TIMEOUT_S - 1, "code %d after %.1f s" % (e.code, waited))
        silent.close()
    res.run("ftx.many_clients_busy_and_timeout", many_clients_busy_timeout)

    def quiet_when_not_a_terminal():
        rcv = HostReceiver(os.path.join(WORK, "quiet"))
        os.makedirs(rcv.dir)
        rcv.serve_one()
        out = g.sh("fsend -p %d 10.0.2.2 /tmp/g.bin 2> /tmp/err; echo rc=$?; busybox wc -c < /tmp/err" % rcv.port,
                   timeout=120)
        rcv.wait()
        require(rc_of(out) == 0 and re.search(r"^0$", out, re.M), "stderr not empty: %r" % out)
    res.run("ftx.quiet_when_not_a_terminal", quiet_when_not_a_terminal)
    res.check("ftx.kernel_healthy_usernet", b"Kernel panic" not in g.buf and b"Oops" not in g.buf, g.log_path)


# ---------------------------------------------------------------- boots 2+3: make lab2

class TcpConsole(Guest):
    """A guest console that lab2.py put on a TCP port: Guest's expect/sh over a socket."""

    def __init__(self, name, port, timeout=60):
        self.name = name
        self.log_path = os.path.join(OUT, name + ".log")
        self.log = open(self.log_path, "wb")
        self.buf, self.pos = b"", 0
        deadline = time.time() + timeout
        while True:
            try:
                self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)         # QEMU not up yet: poll for its console port

    def _read(self, timeout):
        r, _, _ = select.select([self.sock], [], [], timeout)
        if not r:
            return False
        data = self.sock.recv(65536)
        if not data:
            return None
        self.log.write(data)
        self.log.flush()
        self.buf += data
        return True

    def send(self, text):
        self.sock.sendall(text.encode() if isinstance(text, str) else text)

    def kill(self):
        self.sock.close()
        self.log.close()


def lab2_tests():
    lan, ca, cb = free_tcp_port(), free_tcp_port(), free_tcp_port()
    lab = subprocess.Popen([sys.executable, os.path.join(ROOT, "tools", "lab2.py"), "--lan", str(lan),
                            "--console-a", str(ca), "--console-b", str(cb), "--append", "noservices"],
                           cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        banner = b""
        while banner.count(b"console: nc 127.0.0.1") < 2:
            line = lab.stdout.readline()
            require(line, "lab2.py exited: %r" % banner)
            banner += line
        require(b"10.0.3.1" in banner and b"10.0.3.2" in banner and str(ca).encode() in banner, banner)
        # Keep draining: both QEMUs write to this pipe too, and a full pipe would stop them.
        threading.Thread(target=lab.stdout.read, daemon=True).start()
        with TcpConsole("ftx_lab2_a", ca) as a, TcpConsole("ftx_lab2_b", cb) as b:
            for c in (a, b):
                c.send("\n")
                c.expect("$ ", timeout=180)
            for c, other in ((a, "10.0.3.2"), (b, "10.0.3.1")):
                c.sh("mkdir /tmp/in")
                c.sh("frecv -d /tmp/in > /tmp/frecv.log &")
                c.sh("busybox dd if=/dev/urandom of=/tmp/%s.bin bs=65536 count=160 2> /dev/null" % c.name[-1], timeout=120)
            for c in (a, b):
                deadline = time.time() + 30
                while "listening" not in c.sh("cat /tmp/frecv.log"):
                    require(time.time() < deadline, "frecv did not start on %s" % c.name)

            def send(src, dst, dst_ip):
                f = "/tmp/%s.bin" % src.name[-1]
                t0 = time.time()
                out = src.sh("fsend -q %s %s; echo rc=$?" % (dst_ip, f), timeout=300)
                print("lab2 %s -> %s: 10 MiB in %.1f s" % (src.name[-1], dst.name[-1], time.time() - t0), flush=True)
                require(rc_of(out) == 0, out)
                want = guest_sha(src, f)
                require(guest_sha(dst, "/tmp/in/" + f[5:]) == want and want in out, "digests differ: %r" % out)
                require(want in dst.sh("cat /tmp/frecv.log"), "frecv did not log the digest")
            res.run("ftx.lab2_a_to_b_10mib", lambda: send(a, b, "10.0.3.2"))
            res.run("ftx.lab2_b_to_a_10mib", lambda: send(b, a, "10.0.3.1"))

            def killed_sender():
                # kill -9 a real fsend once A holds a seeded random amount, then run it again.
                at = random.Random(SEED + 99).randrange(MIB // 2, 4 * MIB)
                b.send("fsend -q -n killed.bin 10.0.3.1 /tmp/b.bin > /tmp/killed.log &\n")
                pid = int(re.search(r"\[\d+\] (\d+)", b.expect("$ ")).group(1))
                deadline, have = time.time() + 60, 0
                while have < at:
                    require(time.time() < deadline, "A never held %d bytes (has %d)" % (at, have))
                    ls = a.sh("ls -al /tmp/in")
                    # At TCG speed 10 MiB takes seconds; a much faster machine could outrun this poll.
                    require("killed.bin" not in ls.split(), "the transfer finished before the kill")
                    parts = [l.split() for l in ls.splitlines() if ".ftx-" in l]
                    have = int(parts[0][-2]) if parts else 0
                b.sh("kill -9 %d" % pid)
                deadline = time.time() + 30
                while "killed.bin from 10.0.3.2" not in a.sh("cat /tmp/frecv.log"):
                    require(time.time() < deadline, "frecv did not see the sender die")
                require("killed.bin" not in a.sh("ls /tmp/in").split(), "final name after kill -9")
                print("lab2: fsend killed with %d bytes at A (aimed at %d)" % (have, at), flush=True)
                out = b.sh("fsend -q -n killed.bin 10.0.3.1 /tmp/b.bin; echo rc=$?", timeout=300)
                m = re.search(r"resumed at (\d+)", out)
                require(rc_of(out) == 0 and m and int(m.group(1)) >= have, "rerun: %r" % out)
                require(guest_sha(a, "/tmp/in/killed.bin") == guest_sha(b, "/tmp/b.bin"), "resumed copy differs")
            res.run("ftx.lab2_killed_sender_resumes", killed_sender)
    finally:
        if lab.poll() is None:
            os.killpg(lab.pid, signal.SIGTERM)
            lab.wait(30)

    def pcaps():
        if not shutil.which("tshark"):
            raise AssertionError("tshark not installed")
        for w in "ab":
            out = subprocess.run(["tshark", "-r", os.path.join(BUILD, "lab2-%s.pcap" % w), "-Y",
                                  "tcp.port == 7070 && tcp.flags.syn == 1", "-T", "fields", "-e", "ip.src",
                                  "-e", "ip.dst"], capture_output=True, text=True, timeout=120)
            require(out.returncode == 0, "tshark: %s" % out.stderr)
            pairs = set(tuple(l.split()) for l in out.stdout.splitlines())
            require(("10.0.3.1", "10.0.3.2") in pairs and ("10.0.3.2", "10.0.3.1") in pairs,
                    "lab2-%s.pcap SYNs: %r" % (w, pairs))
    res.run("ftx.lab2_pcaps_read_by_tshark", pcaps)


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
if res.wants(*USERNET):
    try:
        fwd = free_tcp_port()
        with Guest("ftx_usernet", append=GUEST_NET, mem="256M",
                   net=user_net({7070: fwd})) as g:
            usernet_tests(g, fwd)
    except Exception as e:
        res.check("ftx.usernet_boot", False, "(%s: %s)" % (type(e).__name__, e))

if res.wants(*LAB2):
    try:
        lab2_tests()
    except Exception as e:
        res.check("ftx.lab2_boot", False, "(%s: %s)" % (type(e).__name__, e))

sys.exit(res.finish())
