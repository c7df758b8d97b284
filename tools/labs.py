#!/usr/bin/env python3
"""The labs (labs/*/): starter trees made from the solution, and grading.

The solution of every lab lives in the kernel itself, between marker lines

    /* LAB(name) BEGIN: region */
    ...the code the student writes...
    /* LAB(name) END: region */

so the solutions are built and tested by every CI run and the tree always
builds. A lab's starter tree is the whole project with that lab's regions
replaced by labs/NAME/stubs/REGION.c (a comment and a return that keeps the
kernel building); other labs' solutions stay in place.

    labs.py list                     the labs and their points
    labs.py make NAME [DIR]          write NAME's starter tree to DIR
                                     (default ../sockeye-lab-NAME)
    labs.py grade NAME [NAME...]     run NAME's tests in this tree, print the
                                     points of each and "Score: N/M"
    labs.py check                    what CI runs (tier `labs`): every starter
                                     tree is made, its kernel builds without a
                                     warning and it scores below full marks;
                                     every lab scores full marks on this tree

labs/NAME/grade.txt has one test a line, "POINTS TIER TEST":
    unit       BINARY:TEST     a host unit test (tools/testing/unit/BINARY.c)
    usertests  NAME            an in-guest usertest (user/tests/tests.list)
All of one grade's usertests run in a single boot.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LABS = os.path.join(ROOT, "labs")
MARK = re.compile(r"/\* LAB\(([\w-]+)\) (BEGIN|END): (\w+) \*/")
# The usertests tier's network: some tests need eth0 with an address.
USERTESTS_APPEND = "noservices quiet ip=10.0.2.15::10.0.2.2:255.255.255.0::eth0:off"


def lab_names():
    return sorted(d for d in os.listdir(LABS)
                  if os.path.isfile(os.path.join(LABS, d, "README.md")))


def grade_spec(lab):
    """[(points, tier, test)] from labs/LAB/grade.txt ([] for an ungraded exercise)."""
    path = os.path.join(LABS, lab, "grade.txt")
    spec = []
    if not os.path.exists(path):
        return spec
    for n, line in enumerate(open(path), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        points, tier, test = line.split()
        if tier not in ("unit", "usertests") or (tier == "unit" and ":" not in test):
            raise SystemExit("%s:%d: unknown test '%s %s'" % (path, n, tier, test))
        spec.append((int(points), tier, test))
    return spec


def tree_files():
    """The project's files, as git knows them (a starter tree has no build/)."""
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True,
                         capture_output=True).stdout.decode()
    return [f for f in out.split("\0") if f and os.path.isfile(os.path.join(ROOT, f))]


def starter_text(lab, path, text, used):
    """text with LAB(lab)'s regions replaced by their stubs; used collects region names."""
    out, skipping = [], None
    for n, line in enumerate(text.splitlines(keepends=True), 1):
        m = MARK.search(line)
        if m and m.group(1) == lab:
            region = m.group(3)
            if m.group(2) == "BEGIN":
                if skipping:
                    raise SystemExit("%s:%d: region %s opens inside %s" % (path, n, region, skipping))
                stub = os.path.join(LABS, lab, "stubs", region + ".c")
                if not os.path.exists(stub):
                    raise SystemExit("%s:%d: no stub %s" % (path, n, stub))
                out.extend(open(stub).readlines())	# it opens with a comment naming the lab
                skipping = region
                used.append(region)
            else:
                if skipping != region:
                    raise SystemExit("%s:%d: END of %s, but %s is open" % (path, n, region, skipping))
                skipping = None
            continue
        if not skipping:
            out.append(line)
    if skipping:
        raise SystemExit("%s: region %s never ends" % (path, skipping))
    return "".join(out)


def make_starter(lab, dest):
    """Copy the tree to dest with lab's regions stubbed; returns the files changed."""
    if lab not in lab_names():
        raise SystemExit("no lab '%s' (labs.py list)" % lab)
    stubs = sorted(f[:-2] for f in os.listdir(os.path.join(LABS, lab, "stubs"))) \
        if os.path.isdir(os.path.join(LABS, lab, "stubs")) else []
    used, changed = [], []
    for f in tree_files():
        src, dst = os.path.join(ROOT, f), os.path.join(dest, f)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if f.endswith((".c", ".h", ".S")):
            text = open(src, encoding="utf-8", errors="surrogateescape").read()
            if "LAB(" + lab + ")" in text:
                new = starter_text(lab, f, text, used)
                with open(dst, "w", encoding="utf-8", errors="surrogateescape") as out:
                    out.write(new)
                changed.append(f)
                continue
        shutil.copy2(src, dst)	# keeps the mtime: a copied build/ stays up to date for it
    if sorted(used) != stubs:
        raise SystemExit("lab %s: regions %s in the code, stubs %s in labs/%s/stubs"
                         % (lab, sorted(used), stubs, lab))
    return changed


def clean_env():
    """The environment without the make that may be running us (`make test`):
    a make started from a Python step must not try to join its jobserver."""
    return {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}


def run_unit(binary, test):
    subprocess.run(["make", "-s", "build/unit/" + binary], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, env=clean_env())
    r = subprocess.run(["build/unit/" + binary, test], cwd=ROOT, capture_output=True,
                       text=True, timeout=300)
    return "PASS %s.%s" % (binary, test) in r.stdout, r.stdout[-2000:]


def run_usertests(names):
    """{name: (ok, detail)} from one boot running just these usertests."""
    sys.path.insert(0, os.path.join(ROOT, "tools", "testing"))
    from sockeye_qemu import Guest
    net = ["-netdev", "user,id=n0", "-device", "e1000,netdev=n0"]
    with Guest("grade", append="usertests=%s %s" % (",".join(names), USERTESTS_APPEND),
               net=net) as g:
        out = g.wait_exit(timeout=900)
    found = {m.group(1): m.group(2).strip()
             for m in re.finditer(r"test (\S+): (ok|FAILED.*|skipped.*)", out)}
    return {n: (found.get(n) == "ok", found.get(n, "did not run")) for n in names}


def grade(labs):
    """Grade each lab; print per-test points; returns {lab: (score, max)}."""
    specs = {lab: grade_spec(lab) for lab in labs}
    user = sorted({t for s in specs.values() for _, tier, t in s if tier == "usertests"})
    user_res = run_usertests(user) if user else {}
    scores = {}
    for lab in labs:
        score = total = 0
        print("== lab %s" % lab)
        if not specs[lab]:
            print("   an exercise with written answers: graded by hand (labs/%s/README.md)" % lab)
        for points, tier, test in specs[lab]:
            if tier == "unit":
                ok, detail = run_unit(*test.split(":", 1))
            else:
                ok, detail = user_res[test]
            total += points
            score += points if ok else 0
            print("   %-9s %-52s %s (%d/%d)" % (tier, test, "OK" if ok else "FAIL",
                                             points if ok else 0, points))
            if not ok and tier == "usertests":
                print("             " + detail)
        scores[lab] = (score, total)
        print("Score: %d/%d" % (score, total))
    return scores


def check():
    """CI: each starter tree builds; each solution scores full marks."""
    sys.path.insert(0, os.path.join(ROOT, "tools", "testing"))
    from sockeye_qemu import Results
    res = Results("labs")
    labs = lab_names()
    res.check("labs.count", len(labs) >= 6, "%d labs" % len(labs))
    for lab in labs:
        with tempfile.TemporaryDirectory(prefix="lab-") as tmp:
            try:
                changed = make_starter(lab, tmp)
            except SystemExit as e:
                res.check("labs.%s.starter" % lab, False, str(e))
                continue
            graded = bool(grade_spec(lab))
            res.check("labs.%s.starter" % lab, bool(changed) == graded,
                      "changed %s" % changed)
            # The starter's kernel builds: this tree's objects, copied with their
            # times, so only the stubbed files compile again.
            # Sockets (build/ttyS1.sock) and captures cannot or need not be copied.
            try:
                shutil.copytree(os.path.join(ROOT, "build"), os.path.join(tmp, "build"),
                                symlinks=True, ignore=shutil.ignore_patterns(
                                    "unit", "*.iso", "*.sock", "*.pcap", "*.log"))
            except (OSError, shutil.Error) as e:
                res.check("labs.%s.starter_builds" % lab, False, "copying build/: %s" % e)
                continue
            r = subprocess.run(["make", "-s", "build/sockeye.elf"], cwd=tmp, env=clean_env(),
                               capture_output=True, text=True)
            warned = re.findall(r"^\S+\.[chS]:\d+:\d+: warning: .*$", r.stderr, re.M)
            built = res.check("labs.%s.starter_builds" % lab, r.returncode == 0 and not warned,
                              "\n".join(warned[:5]) or (r.stderr or r.stdout)[-600:])
            if built and graded:
                # The grading can fail: the starter, as handed out, must not score full marks.
                g = subprocess.run([sys.executable, "tools/labs.py", "grade", lab], cwd=tmp, env=clean_env(),
                                   capture_output=True, text=True, timeout=900)
                m = re.search(r"^Score: (\d+)/(\d+)$", g.stdout, re.M)
                res.check("labs.%s.starter_scores_below_full" % lab,
                          m is not None and int(m.group(1)) < int(m.group(2)),
                          (m.group(0) if m else g.stdout[-400:] + g.stderr[-400:]))
    for lab, (score, total) in grade(labs).items():
        res.check("labs.%s.solution_full_marks" % lab, score == total,
                  "%d/%d" % (score, total))
    return res.finish()


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    cmd = argv[1]
    if cmd == "list":
        for lab in lab_names():
            title = open(os.path.join(LABS, lab, "README.md")).readline().lstrip("# ").strip()
            points = sum(p for p, _, _ in grade_spec(lab))
            print("%-12s %3s  %s" % (lab, points or "-", title))
        return 0
    if cmd == "make" and len(argv) in (3, 4):
        lab = argv[2]
        dest = argv[3] if len(argv) == 4 else os.path.join(os.path.dirname(ROOT), "sockeye-lab-" + lab)
        if os.path.exists(dest) and os.listdir(dest):
            print("labs: %s exists and is not empty; not touching it" % dest, file=sys.stderr)
            return 1
        changed = make_starter(lab, dest)
        subprocess.run(["git", "init", "-q"], cwd=dest)
        subprocess.run(["git", "add", "-A"], cwd=dest)
        subprocess.run(["git", "-c", "user.name=lab", "-c", "user.email=lab@localhost",
                        "commit", "-qm", "lab %s: starter" % lab], cwd=dest)
        print("lab %s: starter tree in %s (a git repository, one commit)" % (lab, dest))
        for f in changed:
            print("   yours to complete: %s" % f)
        print("then: cd %s && make grade LAB=%s" % (dest, lab))
        return 0
    if cmd == "grade" and len(argv) >= 3:
        for lab in argv[2:]:
            if lab not in lab_names():
                print("labs: no lab '%s' (labs.py list)" % lab, file=sys.stderr)
                return 2
        scores = grade(argv[2:])
        return 0 if all(s == t for s, t in scores.values()) else 1
    if cmd == "check":
        return check()
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
