#!/usr/bin/env python3
"""Tier 2: boot with `ktest` and collect the in-kernel self-test results.

The manifest is every KTEST(name) in the kernel's sources (the Makefile's
KSRCS: kernel/, drivers/, net/), so --list needs no boot; one selected
self-test boots with ktest=NAME, several boot the whole run."""
import os
import re
import sys
from sockeye_qemu import ROOT, Guest, Results, require


def ktest_names():
    """In link order, which is the order they run: the sources sorted by path, as KSRCS is."""
    paths = sorted(os.path.relpath(os.path.join(d, f), ROOT)
                   for top in ("kernel", "drivers", "net") for d, _, files in os.walk(os.path.join(ROOT, top))
                   for f in files if f.endswith(".c"))
    names = []
    for path in paths:
        with open(os.path.join(ROOT, path)) as src:
            names += re.findall(r"^KTEST\((\w+)\)", src.read(), re.M)
    return names


KTESTS = ["ktest." + n for n in ktest_names()]
BOOT = KTESTS + ["ktest.completed", "ktest.no_panic"]
res = Results("ktest", BOOT + ["ktest.by_name_list_and_unknown"], setup=["ktest.boot"])
if res.wants(*BOOT):
    chosen = [n for n in KTESTS if res.wants(n)]
    only = "=" + chosen[0][len("ktest."):] if len(chosen) == 1 and not res.wants(*BOOT[len(KTESTS):]) else ""
    try:
        with Guest("ktest", append="ktest%s noservices" % only) as g:
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
    require(sorted("ktest." + n for n in listed) == sorted(KTESTS),
            "ktest=list printed %s, the sources declare %s" % (listed, KTESTS))
    with Guest("ktest-unknown", append="ktest=no_such_test noservices") as g:
        out = g.wait_exit(timeout=120)
    require("ktest no_such_test: FAILED (no such test)" in out and "ktest: 0 passed, 1 failed" in out, out[-300:])
    require(g.proc.returncode == 3, "QEMU exit %s after a failed run, want 3 (halt)" % g.proc.returncode)


res.run("ktest.by_name_list_and_unknown", by_name)
sys.exit(res.finish())
