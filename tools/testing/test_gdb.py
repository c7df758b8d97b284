#!/usr/bin/env python3
"""Tier 4 (debugging): `make gdb` works. Runs tools/qemu.sh gdb - the same
script, .gdbinit template and Python helpers a student gets - with gdb in
batch mode, and checks that it stops at kernel_main with eip there, that
the helpers (ps, dmesg, list-entries, the task_struct and sk_buff printers)
read real kernel state, and that add-user-symbols finds a user program's
lines. QEMU runs under TCG with user networking (DHCP gives a received skb
to look at); the whole run is a few seconds."""
import os
import re
import signal
import socket
import subprocess
import sys
from sockeye_qemu import ROOT, OUT, Results, require

res = Results("gdb")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def symbol(name):
    with open(os.path.join(ROOT, "build", "kernel.sym")) as f:
        for line in f:
            addr, _, sym = line.split()
            if sym == name:
                return int(addr, 16)
    raise KeyError(name)


cmds = [
    "info registers eip",
    "echo ==ps-at-main\\n", "ps",
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
args = ["sh", "tools/qemu.sh", "gdb", "-batch"]
for c in cmds:
    args += ["-ex", c]
env = dict(os.environ, GDB_PORT=str(free_port()), HTTP_PORT=str(free_port()), APPEND="noservices")
os.makedirs(OUT, exist_ok=True)
log = os.path.join(OUT, "gdb.log")
# Its own process group, so a hang takes QEMU and gdb down with the script.
p = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                     stdin=subprocess.DEVNULL, start_new_session=True)
try:
    raw, _ = p.communicate(timeout=60)
except subprocess.TimeoutExpired:
    os.killpg(p.pid, signal.SIGKILL)
    raw, _ = p.communicate()
    res.check("gdb.ran", False, "(timed out after 60 s, see %s)" % log)
out = raw.decode(errors="replace")
with open(log, "w") as f:
    f.write(out)


def section(name):
    m = re.search(r"==%s\n(.*?)(?:\n==|\Z)" % name, out, re.S)
    return m.group(1) if m else ""


def stopped_at_kernel_main():
    require("Breakpoint 1, kernel_main" in out, "no stop at kernel_main")
    m = re.search(r"^eip\s+(0x[0-9a-f]+)", out, re.M)
    require(m, "no eip line")
    require(int(m.group(1), 16) == symbol("kernel_main"), "eip %s is not kernel_main" % m.group(1))


def ps_lists_tasks():
    require("PID  PPID" in section("ps-at-main"), "ps failed before the scheduler")
    ps = section("ps")
    require(re.search(r"^\s+0\s+0\s+R\s+swapper", ps, re.M), ps)
    require(re.search(r"^\s+1\s+0\s+R\s+init .*<- current", ps, re.M), ps)


def task_printer():
    require(re.search(r'task_struct \{pid=1, comm="init", state=R', section("task")), section("task"))


def skb_printer():
    s = section("skb")
    # A frame after eth_type_trans: IPv4 (or ARP), received on eth0, data past its MAC header.
    require(re.search(r"sk_buff \{len=\d+, data-head=\d+, protocol=0x080[06], dev=eth0, users=1\}", s), s)


def list_entries():
    s = section("list")
    require(re.search(r"^\[1\] \(struct task_struct \*\) 0x[0-9a-f]+: task_struct \{pid=1,", s, re.M), s)
    require(re.search(r"^\d+ entries", s, re.M), s)


def dmesg():
    s = section("dmesg")
    require("Sockeye 0.1.0 (i686) booting" in s and "Command line:" in s, s[:300])


def user_symbols():
    require(re.search(r'Line \d+ of "user/init.c" starts at address 0x80[0-9a-f]+ <main>', section("user")),
            section("user"))


for name, fn in [("gdb.stops_at_kernel_main", stopped_at_kernel_main), ("gdb.ps", ps_lists_tasks),
                 ("gdb.task_printer", task_printer), ("gdb.skb_printer", skb_printer),
                 ("gdb.list_entries", list_entries), ("gdb.dmesg", dmesg),
                 ("gdb.add_user_symbols", user_symbols)]:
    res.run(name, fn)
sys.exit(res.finish())
