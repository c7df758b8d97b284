#!/usr/bin/env python3
"""Tier labs: every lab's starter tree is made and its kernel builds without
a warning, and every lab's solution (this tree) scores full marks through
the same grading `make grade LAB=name` runs (tools/labs.py check).

tools/labs.py check prints the PASS/FAIL lines; this tier holds their
manifest (from labs/*/ as labs.py reads it) and reports them through its
own Results. Selected names still run the whole check (one starter tree
needs the others' grading boot anyway), and only they are reported."""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import labs  # noqa: E402  (tools/labs.py)
from sockeye_qemu import ROOT, Results  # noqa: E402


def manifest():
    """The names labs.check() reports, in its order."""
    names = ["labs.count"]
    for lab in labs.lab_names():
        names += ["labs.%s.starter" % lab, "labs.%s.starter_builds" % lab]
        if labs.grade_spec(lab):
            names.append("labs.%s.starter_scores_below_full" % lab)
    return names + ["labs.%s.solution_full_marks" % lab for lab in labs.lab_names()]


res = Results("labs", manifest(), setup=["labs.check"])
p = subprocess.Popen([sys.executable, "-u", os.path.join(ROOT, "tools", "labs.py"), "check"], cwd=ROOT,
                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=labs.clean_env())
for line in p.stdout:
    m = re.match(r"(PASS|FAIL) (\S+) ?(.*)", line.rstrip("\n"))
    if m:
        res.check(m.group(2), m.group(1) == "PASS", m.group(3))
    elif not re.match(r"labs: \d+ passed, \d+ failed$", line):
        print(line, end="", flush=True)     # a FAIL's detail lines, labs.py's own output
if p.wait() not in (0, 1):
    res.check("labs.check", False, "(tools/labs.py check exited %d)" % p.returncode)
sys.exit(res.finish())
