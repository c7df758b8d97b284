#!/usr/bin/env python3
"""Tier 4 (fuzz): /bin/fuzz on a fixed short budget, and `make fuzz`.

`make test`: one boot, SEEDS below (system-call mode and socket mode), each
`fuzz SEED CALLS` over the whole table: PASS/FAIL per seed, one leak-check
line per seed (free pages and slab objects back to the baseline, TIME_WAIT
accounted), and no panic/oops on the console.

`make fuzz SEED=.. CALLS=.. [MODE=s]` (tools/fuzz.sh) runs this script with
--long: one seed, as many calls as asked, the whole table, with
progress lines; if the kernel dies, it boots again and replays the last
batch with -v to name the call.
"""
import re
import sys
import time
from sockeye_qemu import Guest, Results

SEEDS = [("", 1), ("", 4), ("-s", 1), ("-s", 2)]
CALLS = 2000


def run_fuzz(g, args, timeout):
    """Run fuzz in the guest; the random bytes it writes to the tty can
    contain anything (and its ioctls may turn the tty's echo off), so wait
    for our own sentinel with its exit status rather than the prompt."""
    g.send("fuzz %s; echo FUZZ-DONE-$?\n" % args)
    out = ""
    deadline = time.time() + timeout
    while True:     # the echoed command line has "FUZZ-DONE-$?": wait for a digit
        out += g.expect("FUZZ-DONE-", timeout=max(1, deadline - time.time()))
        if re.match(r"\d", g.expect("\n", timeout=30)):
            return out


def seed_name(mode, seed):
    return "fuzz.%s_seed_%d" % ("socket" if mode else "syscall", seed)


def short():
    res = Results("fuzz", [n for mode, seed in SEEDS
                           for n in (seed_name(mode, seed), seed_name(mode, seed) + ".leak_check")]
                  + ["fuzz.no_panic"], setup=["fuzz.boot"])
    try:
        with Guest("fuzz", append="noservices") as g:
            g.expect("init: starting shell", timeout=120)
            g.expect("$ ", timeout=30)
            for mode, seed in SEEDS:
                name = seed_name(mode, seed)
                if not res.wants(name, name + ".leak_check"):
                    continue
                t0 = time.time()
                try:
                    out = run_fuzz(g, "%s -w 3 %d %d" % (mode, seed, CALLS), 300)
                except Exception as e:
                    res.check(name, False, "(%s: %s)" % (type(e).__name__, e))
                    break
                for l in out.splitlines():
                    if l.startswith("fuzz") and "batch" not in l[:12]:
                        print("  " + l.strip(), flush=True)
                print("  (%.0f s)" % (time.time() - t0), flush=True)
                res.check(name, re.search(r"fuzz: PASS seed %d" % seed, out) is not None,
                          "; ".join(l for l in out.splitlines() if "FAIL" in l))
                res.check(name + ".leak_check", "fuzz leak check: ok" in out,
                          "".join(l for l in out.splitlines() if "leak check" in l))
            res.check("fuzz.no_panic", b"Kernel panic" not in g.buf and b"Oops" not in g.buf,
                      "panic/oops in %s" % g.log_path)
    except Exception as e:
        res.check("fuzz.boot", False, "(%s)" % e)
    return res.finish()


def long_run(seed, calls, mode):
    flags = "-s " if mode == "s" else ""
    with Guest("fuzz_long", append="noservices") as g:
        g.expect("init: starting shell", timeout=120)
        g.expect("$ ", timeout=30)
        try:
            out = run_fuzz(g, "-p %s%d %d" % (flags, seed, calls), max(600, calls / 20))
        except Exception:
            out = None
        text = g.buf.decode(errors="replace")
    if out is not None:
        print("\n".join(l for l in out.splitlines() if l.startswith("fuzz") and ": batch " not in l))
        return 0 if "fuzz: PASS" in out else 1
    batches = re.findall(r"fuzz: batch (\d+)", text)
    tail = [l for l in text.splitlines() if re.search(r"panic|Oops|BUG|EIP|Process|FAIL", l)]
    print("fuzz: the kernel died or hung in seed %d batch %s:" % (seed, batches[-1] if batches else "?"))
    print("\n".join("  " + l for l in tail[-12:]))
    if not batches:
        return 1
    # Replay that batch alone with every call printed before it is made.
    with Guest("fuzz_replay", append="noservices") as g:
        g.expect("init: starting shell", timeout=120)
        g.expect("$ ", timeout=30)
        try:
            run_fuzz(g, "-v -b %s %s%d 1" % (batches[-1], flags, seed), 300)
            print("fuzz: the replay of batch %s alone survived (the state came from earlier batches)"
                  % batches[-1])
        except Exception:
            calls_seen = re.findall(r"batch \d+ call #\d+: .*", g.buf.decode(errors="replace"))
            print("fuzz: replay: last call before the kernel died: %s" % (calls_seen[-1] if calls_seen else "?"))
    return 1


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--long":
        sys.exit(long_run(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else ""))
    sys.exit(short())
