"""Shared by the gdb tier (tools/testing/test_gdb*.py): run `make gdb`'s
own script, .gdbinit and helpers in batch mode, and pick tests by name.

batch(cmds) boots the debug kernel (build-debug/sockeye.elf, what `make
gdb` debugs) under tools/qemu.sh gdb with gdb -batch and one -ex per
command, and returns everything gdb and the script printed. Each gdb test
gets a free port of its own, so two runs on one machine do not collide.
"""
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from sockeye_qemu import ROOT, OUT

DEBUG_KERNEL = os.path.join("build-debug", "sockeye.elf")


def free_port():
    """A free TCP port for the gdb stub whose next port (the console) is free too."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port + 1))
                return port
            except OSError:
                continue


def build_debug_kernel():
    """`make debug`: rebuild build-debug/ if any source changed (never test a stale kernel)."""
    r = subprocess.run(["make", "-s", "debug"], cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("make debug failed:\n" + r.stdout + r.stderr)


def symbol(name, build="build-debug"):
    with open(os.path.join(ROOT, build, "kernel.sym")) as f:
        for line in f:
            addr, _, sym = line.split()
            if sym == name:
                return int(addr, 16)
    raise KeyError(name)


def console(port, deadline=60):
    """Connect to the guest console QEMU serves on port (it listens once QEMU is up)."""
    end = time.monotonic() + deadline
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=deadline)
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.05)	# QEMU not listening yet: poll until it is


def wait_for(sock, text, what=""):
    """Read the console until text appears; return what was read."""
    buf = b""
    while text not in buf:
        d = sock.recv(4096)
        if not d:
            raise EOFError("console closed waiting for %r %s" % (text, what))
        buf += d
    return buf


def batch(name, cmds, append="noservices", timeout=90, kernel=DEBUG_KERNEL, driver=None, on_start=None):
    """Run gdb -batch with cmds against a fresh guest; return its output (logged to out/NAME.log).
    driver(console_socket), if given, runs in a thread meanwhile: it types into the guest.
    on_start(popen) is called once the script runs (e.g. to signal its process group later)."""
    args = ["sh", "tools/qemu.sh", "gdb", "-batch"]
    for c in cmds:
        args += ["-ex", c]
    port = free_port()
    env = dict(os.environ, GDB_PORT=str(port), HTTP_PORT=str(free_port()), APPEND=append, KERNEL=kernel)
    os.makedirs(OUT, exist_ok=True)
    # Its own process group, so a hang takes QEMU and gdb down with the script.
    p = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, start_new_session=True)
    if on_start:
        on_start(p)
    errors = []
    done = threading.Event()
    if driver:
        def drive():
            try:
                with console(port + 1) as con:
                    driver(con)
                    # Keep the console open until gdb is done: QEMU drops
                    # typed input the guest has not read yet when it closes.
                    done.wait()
            except Exception as e:	# reported with the gdb output, after it ends
                errors.append(e)
        threading.Thread(target=drive, daemon=True).start()
    try:
        raw, _ = p.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        # SIGTERM: gdb quits and the script's trap stops QEMU, which runs in
        # a session of its own (setsid) where a signal to this group cannot reach.
        os.killpg(p.pid, signal.SIGTERM)
        try:
            raw, _ = p.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            raw, _ = p.communicate()
        timed_out = True
    done.set()
    out = raw.decode(errors="replace")
    with open(os.path.join(OUT, name + ".log"), "w") as f:
        f.write(out)
    if timed_out:
        raise TimeoutError("gdb timed out after %d s, see tools/testing/out/%s.log %s" % (
            timeout, name, errors))
    return out


def section(out, name):
    """The text between `echo ==NAME\\n` and the next ==marker."""
    import re
    m = re.search(r"==%s\n(.*?)(?:\n==|\Z)" % re.escape(name), out, re.S)
    return m.group(1) if m else ""

