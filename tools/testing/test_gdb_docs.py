#!/usr/bin/env python3
"""Tier 4 (debugging): every "## Try it in gdb" walkthrough in docs/ runs, so
the docs cannot drift from the code.

For each docs/NAME.md with such a section, the `(gdb) CMD` lines of its code
blocks (what follows `#` is a comment) are run in order in batch gdb on the
debug kernel `make gdb` gives, with the APPEND of its `make gdb APPEND=...`
line. A walkthrough passes when every command runs without a gdb error (an
unknown symbol, field, command or function, unreadable memory, a Python
helper failing), every `continue` stops again (no time-out), and what the
doc promises holds. HTML comments in the section steer the test:

  <!-- gdb-test console: CMD -->   typed at the guest's shell prompt once it is up
  <!-- gdb-test wait: TEXT -->     then wait until the console shows TEXT
  <!-- gdb-test expect: REGEX -->  must match gdb's output (Python re, MULTILINE)
  <!-- gdb-test skip: REASON -->   not runnable in batch: reported as SKIP, never a pass

A `^C` line interrupts the guest (SIGINT to gdb, as the key does) once the
console commands are done (their prompts, and the wait text, are back). `--list` lists the
walkthroughs (gdb_docs.NAME); names on the command line run only those.
"""
import glob
import os
import re
import signal
import sys
from sockeye_qemu import ROOT, OUT, Results, require
from gdb_session import batch, build_debug_kernel, select_tests, wait_for

res = Results("gdb_docs")

ERRORS = [r"^No symbol ", r"There is no member named", r"^Function \".*\" not defined",
          r"^Undefined command", r"Cannot access memory", r"^not connected", r"Python Exception",
          r"Error occurred in Python", r"^The program is not being run", r"^No frame selected",
          r"Cannot execute this command while", r"^A syntax error", r"^Invalid ", r"Make breakpoint pending",
          r"^No breakpoints? ", r"^Attempt to ", r"^\"finish\" not meaningful", r"^usage: "]


def walkthroughs():
    """(name, append, commands, consoles, expects, skip, interrupt) for each doc with a Try-it section."""
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "docs", "*.md"))):
        text = open(path).read()
        m = re.search(r"^## Try it in gdb\n(.*?)(?=^## |\Z)", text, re.S | re.M)
        if not m:
            continue
        sec = m.group(1)
        name = os.path.basename(path)[:-3]
        am = re.search(r"make gdb APPEND=(\"[^\"]*\"|\S+)", sec)
        append = am.group(1).strip('"') if am else ""
        cmds, interrupt, body = [], False, None
        for line in sec.split("\n"):
            s = line.strip()
            if body is not None:		# a `commands` list: its lines go in whole, up to `end`
                body.append(s)
                if s == "end":
                    cmds.append("\n".join(body))
                    body = None
            elif s == "^C" or s.startswith("^C "):
                interrupt = True
                cmds.append(None)		# the place of the interrupt: after the continue before it
            elif s.startswith("(gdb) "):
                cmd = re.sub(r"\s+#.*$", "", s[len("(gdb) "):]).strip()
                if cmd.split()[0] == "commands":
                    body = [cmd]
                elif cmd:
                    cmds.append(cmd)
        directives = re.findall(r"<!-- gdb-test (\w+): (.*?) -->", sec, re.S)
        consoles = [v for k, v in directives if k == "console"]
        consoles += [(v,) for k, v in directives if k == "wait"]
        expects = [v for k, v in directives if k == "expect"]
        skip = [v for k, v in directives if k == "skip"]
        out.append((name, append, cmds, consoles, expects, skip[0] if skip else None, interrupt))
    return out


def run_walkthrough(name, append, cmds, consoles, expects, interrupt):
    gdb_cmds = []
    for i, c in enumerate(cmds):
        if c is None:
            continue
        label = c.split("\n")[0]
        gdb_cmds.append("echo ==cmd %d: %s\\n" % (i, label.replace("\\", "\\\\")))
        if "\n" in c:			# a breakpoint's commands list: gdb reads it from a file
            path = os.path.join(OUT, "gdb_docs-%s-%d.gdb" % (name, i))
            with open(path, "w") as f:
                f.write(c + "\n")
            c = "source " + path
        gdb_cmds.append(c)
    gdb_cmds.append("kill")

    def drive(con):
        if not consoles or isinstance(consoles[0], str):	# a wait first: the prompt may never come
            con.sendall(b"\n")
            wait_for(con, b"$ ", "(the shell's prompt)")
        for c in consoles:
            if isinstance(c, tuple):
                wait_for(con, c[0].encode(), "(wait)")
                continue
            con.sendall(c.encode() + b"\n")
            wait_for(con, b"\n$ ", "(the prompt after %r)" % c)
        if interrupt:
            drive.interrupt()

    out = batch("gdb_docs-" + name, gdb_cmds, append=append, timeout=150,
                driver=drive if consoles or interrupt else None,
                on_start=lambda p: setattr(drive, "interrupt", lambda: os.killpg(p.pid, signal.SIGINT)))
    # "Backtrace stopped: Cannot access memory" is bt reaching a user program without its symbols.
    bad = [l for l in out.split("\n") if any(re.search(e, l) for e in ERRORS)
           and not l.startswith("Backtrace stopped")]
    require(not bad, "gdb errors:\n" + "\n".join(bad[:10]))
    require(any(c is not None for c in cmds), "no (gdb) lines")
    last = max(i for i, c in enumerate(cmds) if c is not None)
    require("==cmd %d: " % last in out, "did not reach the last command")
    for e in expects:
        require(re.search(e, out, re.M), "expected %r in tools/testing/out/gdb_docs-%s.log" % (e, name))


tests, skipped = [], []
for name, append, cmds, consoles, expects, skip, interrupt in walkthroughs():
    if skip:
        skipped.append((name, skip))
        tests.append(("gdb_docs." + name, None))
        continue
    tests.append(("gdb_docs." + name,
                  (lambda a=append, c=cmds, k=consoles, e=expects, i=interrupt, n=name:
                   run_walkthrough(n, a, c, k, e, i))))
selected = select_tests(tests)
build_debug_kernel()
for name, fn in selected:
    if fn is None:
        print("SKIP %s (%s)" % (name, dict(skipped)[name[len("gdb_docs."):]]), flush=True)
        continue
    res.run(name, fn)
sys.exit(res.finish())
