#!/usr/bin/env python3
"""Tier 2: boot with `ktest` and collect the in-kernel self-test results."""
import re
import sys
from sockeye_qemu import Guest, Results

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
sys.exit(res.finish())
