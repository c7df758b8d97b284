#!/usr/bin/env python3
"""Tier 3: boot with `usertests`; init runs /bin/usertests and powers off."""
import re
import sys
from sockeye_qemu import Guest, Results

res = Results("usertests")
try:
    with Guest("usertests", append="usertests noservices quiet") as g:
        out = g.wait_exit(timeout=900)
    for m in re.finditer(r"test (\S+): (ok|FAILED.*)", out):
        res.check("usertests." + m.group(1), m.group(2) == "ok", m.group(2).strip())
    res.check("usertests.completed", re.search(r"^\d+ passed, \d+ failed", out, re.M) is not None,
              "no summary line")
    res.check("usertests.no_panic", "Kernel panic" not in out and "Oops" not in out)
except Exception as e:
    res.check("usertests.boot", False, "(%s)" % e)
sys.exit(res.finish())
