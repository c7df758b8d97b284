#!/usr/bin/env python3
"""Tier 2: boot with `ktest` and collect the in-kernel self-test results."""
import re
import sys
from sockeye_qemu import Guest, Results, require

res = Results("ktest")
try:
    with Guest("ktest", append="ktest noservices") as g:
        out = g.wait_exit(timeout=240)
    for m in re.finditer(r"ktest (\S+): (ok|FAILED.*)", out):
        res.check("ktest." + m.group(1), m.group(2) == "ok", m.group(2))
    summary = re.search(r"ktest: (\d+) passed, (\d+) failed", out)
    res.check("ktest.completed", summary is not None, "no summary line (kernel died?)")
    res.check("ktest.no_panic", "Kernel panic" not in out and "Oops" not in out)
except Exception as e:
    res.check("ktest.boot", False, "(%s)" % e)


def by_name():
    """ktest=list names every test; a name that matches none fails (and halts: QEMU exits 3)."""
    with Guest("ktest-list", append="ktest=list noservices") as g:
        listed = re.findall(r"ktest (\w+)\r?$", g.wait_exit(timeout=120), re.M)
    require(len(listed) >= 20, "ktest=list printed %d names" % len(listed))
    with Guest("ktest-unknown", append="ktest=no_such_test noservices") as g:
        out = g.wait_exit(timeout=120)
    require("ktest no_such_test: FAILED (no such test)" in out and "ktest: 0 passed, 1 failed" in out, out[-300:])
    require(g.proc.returncode == 3, "QEMU exit %s after a failed run, want 3 (halt)" % g.proc.returncode)


res.run("ktest.by_name_list_and_unknown", by_name)
sys.exit(res.finish())
