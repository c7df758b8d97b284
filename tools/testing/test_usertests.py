#!/usr/bin/env python3
"""Tier 3: boot with `usertests`; init runs /bin/usertests and powers off.

The guest gets an e1000 on QEMU's user network with a static address, so
the tests that need eth0 run. A skipped test is never a pass: on Sockeye
every environment a test needs is provided here, so a skip can only mean a
missing feature, and it fails the tier.

usertests runs as root, so it makes a second, unprivileged pass as uid
1000 ("test uid1000/NAME: ..."), of every test but the slow TT() ones;
the TR() tests, which need root by what they check, are reported "root
only (skipped by design)": counted and printed, never a failure. The pass
must have run: no uid1000 result fails the tier."""
import os
import re
import sys
from sockeye_qemu import ROOT, Guest, Results, user_net


def declared():
    """[(macro, name)] from user/tests/tests.list, in run order: T, TR (root only) or TT (slow)."""
    with open(os.path.join(ROOT, "user", "tests", "tests.list")) as f:
        return re.findall(r"^(T|TR|TT)\((\w+)", f.read(), re.M)


# The manifest in the order a full run reports it: the root pass (T, TR), the
# uid-1000 pass (T only: TR is "root only", TT stays out), the slow TT tests,
# then what only a whole run checks (its leak check, "test leaks: ok").
TESTS = declared()
ROOT_PASS = ["usertests." + n for m, n in TESTS if m != "TT"]
UID1000 = ["usertests.uid1000/" + n for m, n in TESTS if m == "T"]
SLOW = ["usertests." + n for m, n in TESTS if m == "TT"]
WHOLE = ["usertests.leaks", "usertests.uid1000_pass_ran", "usertests.completed", "usertests.no_panic"]
res = Results("usertests", ROOT_PASS + UID1000 + SLOW + WHOLE,
              setup=["usertests.boot", "usertests.suite", "usertests.uid1000/pass"])
# A selection of root-pass tests boots usertests=NAME,...; one of uid-1000 tests
# usertests=-u,NAME,... (that pass alone); anything else, the whole run.
root = [n[len("usertests."):] for n in ROOT_PASS + SLOW if res.wants(n)]
unpriv = [n[len("usertests.uid1000/"):] for n in UID1000 if res.wants(n)]
if res.wants(*WHOLE) or (root and unpriv) or len(root + unpriv) > 60:
    which = ""
else:
    which = "=" + ",".join((["-u"] if unpriv else []) + root + unpriv)
try:
    net = user_net({})
    with Guest("usertests", append="usertests%s noservices quiet "
               "ip=10.0.2.15::10.0.2.2:255.255.255.0::eth0:off" % which, net=net) as g:
        out = g.wait_exit(timeout=900)
    for m in re.finditer(r"test (\S+): (ok|FAILED.*|skipped.*)", out):
        res.check("usertests." + m.group(1), m.group(2) == "ok", m.group(2).strip())
    root_only = re.findall(r"test (uid1000/\S+): root only \(skipped by design\)", out)
    print("usertests: %d root-only tests skipped by design in the uid-1000 pass: %s" %
          (len(root_only), " ".join(n.split("/")[1] for n in root_only)), flush=True)
    res.check("usertests.uid1000_pass_ran", re.search(r"test uid1000/\S+: ok", out) is not None,
              "no test ran as uid 1000")
    res.check("usertests.completed",
              re.search(r"^\d+ passed, \d+ failed, \d+ skipped", out, re.M) is not None,
              "no summary line")
    res.check("usertests.no_panic", "Kernel panic" not in out and "Oops" not in out)
except Exception as e:
    res.check("usertests.boot", False, "(%s)" % e)
sys.exit(res.finish())
