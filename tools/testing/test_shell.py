#!/usr/bin/env python3
"""Tier 4 (console): boot to the shell and use it the way a student would,
typing over the serial console; run Debian's unmodified busybox."""
import os
import re
import subprocess
import time
import sys
from sockeye_qemu import ROOT, Guest, Results, free_tcp_port, require

# One boot runs all but the last (a `make run` of its own); a selection boots only if it needs to.
BOOT = ["shell.echo", "shell.pipeline", "shell.redirect", "shell.status", "shell.ls_bin",
        "shell.uname", "shell.proc_meminfo", "shell.ps", "busybox.loop_pipe_wc",
        "busybox.sort_sed", "busybox.ls_cat", "busybox.wc_file", "shell.segv_reported",
        "shell.ctrl_c", "shell.ctrl_z_job_control", "shell.background_reader_stopped_by_sigttin", "shell.help", "shell.dmesg",
        "shell.first_lab_commands", "shell.top_batch", "shell.busybox_ps", "shell.proc_self_maps",
        "shell.su_user", "shell.proc_cpuinfo", "sh.arith", "sh.arith_errors", "sh.cmd_subst",
        "sh.for_split", "sh.compound_one_line", "sh.multiline_interactive", "sh.read_and_group",
        "sh.ctrl_c_compound", "sh.script_nested_loops", "sh.syntax_error",
        "sh.background_compound", "sh.glob", "sh.case_and_subshell", "sh.functions", "sh.param_braces", "sh.heredoc", "shell.readprofile", "shell.kernel_healthy"]
res = Results("shell", BOOT + ["shell.run_usertests_exit_status"], setup=["shell.boot"])


def expect_eq(got, want):
    if got.strip() != want:
        raise AssertionError("got %r, want %r" % (got.strip(), want))


def expect_in(got, want):
    if want not in got:
        raise AssertionError("%r not in %r" % (want, got))


def sh_lines(g, lines, timeout=60):
    """Type a command over several lines, as a user would: after each line
    but the last the shell must print its continuation prompt "> " (and
    nothing else, in particular not "$ "); return the output after the last."""
    for line in lines[:-1]:
        g.send(line + "\n")
        g.expect(line + "\r\n", timeout)
        expect_eq(g.expect("> ", timeout), "")
    return g.sh(lines[-1], timeout)


# A script with nested loops and if/elif/else, laid out as one is written;
# script() types it into a file with printf.
NESTED_SCRIPT = (
    "n=0\n"
    "for i in 1 2 3\n"
    "do\n"
    "\tj=0\n"
    "\twhile test $j -lt $i\n"
    "\tdo\n"
    "\t\tif test $((i * j)) -ge 2; then\n"
    "\t\t\techo \"$i.$j big\"\n"
    "\t\telif test $j = 0\n"
    "\t\tthen\n"
    "\t\t\techo \"$i.$j zero\"\n"
    "\t\telse\n"
    "\t\t\techo \"$i.$j\"\n"
    "\t\tfi\n"
    "\t\tj=$((j + 1)); n=$((n + 1))\n"
    "\tdone\n"
    "done\n"
    "echo \"total $n args $# $2\"\n"
    "for a in \"$@\"; do echo \"arg <$a>\"; done\n"
    "echo $((n / 0))\n"
    "echo not reached\n")
NESTED_WANT = ("1.0 zero\n2.0 zero\n2.1 big\n3.0 zero\n3.1 big\n3.2 big\n"
               "total 6 args 2 two words\narg <one>\narg <two words>\n"
               "sh: arithmetic: division by zero\nrc=2")


def shell_language_tests(g):
    """$((...)), $(...), field splitting and if/while/until/for in Sockeye's own sh."""
    res.run("sh.arith", lambda: (
        expect_eq(g.sh("echo $((1 + 2 * 3)) $(( (1+2)*3 )) $((7 / 2)) $((-7 % 3)) $((1 << 4))"
                       " $((256 >> 2)) $((0x10 + 010))"), "7 9 3 -1 16 64 24"),
        expect_eq(g.sh("echo $((5 > 3 && 2 >= 3)) $((0 || 4 != 4)) $((!0)) $((~0)) $((-(3)))"
                       " $((6 & 3)) $((6 ^ 3)) $((6 | 3)) $((1 < 2)) $((2 <= 1)) $((3 == 3))"),
                  "0 0 1 -1 -3 2 5 7 1 0 1"),
        expect_eq(g.sh("x=6; echo $((x * 7)) $(($x + 1)) $((nosuch + 1)) \"q=$((x / 4))\""),
                  "42 7 1 q=1"),
        expect_eq(g.sh("echo $((2147483647 + 1)) $((0 && 1 / 0)) $((1 ? 2 : 1 / 0))"),
                  "-2147483648 0 2")))
    res.run("sh.arith_errors", lambda: (
        expect_eq(g.sh("echo $((1 / 0)); echo not reached"), "sh: arithmetic: division by zero"),
        expect_eq(g.sh("echo $?"), "2"),
        expect_eq(g.sh("x=0; echo $((5 % x))"), "sh: arithmetic: division by zero"),
        expect_eq(g.sh("echo $((1 +))"), "sh: arithmetic: expression ends too early"),
        expect_eq(g.sh("echo $((2 = 3))"), 'sh: arithmetic: syntax error near "= 3"'),
        expect_eq(g.sh("echo $?"), "2"),
        expect_eq(g.sh("echo still here"), "still here")))

    def cmd_subst():
        n = g.sh("ls /bin | wc -l").strip()
        require(n.isdigit() and int(n) > 10, "ls /bin | wc -l said %r" % n)
        # wc pads its number with blanks; unquoted $x is split, so they go.
        expect_eq(g.sh("x=$(ls /bin | wc -l); echo bin has $x files, $((x - 1)) more than one"),
                  "bin has %s files, %d more than one" % (n, int(n) - 1))
        expect_eq(g.sh('echo "[$(cat /etc/motd)]" `echo back` $(echo $(echo nested))'),
                  "[Welcome to Sockeye.] back nested")
        expect_eq(g.sh('echo "$(echo a; echo b)"'), "a\nb")
        expect_eq(g.sh("x=$(false); echo $?; x=$(sh -c 'exit 3'); echo $? $x."), "1\n3 .")
        expect_eq(g.sh('echo "n=$(( $(echo 4) * 2 ))" "$(echo "in $(echo quotes)")"'),
                  "n=8 in quotes")
    res.run("sh.cmd_subst", cmd_subst)
    res.run("sh.for_split", lambda: (
        expect_eq(g.sh('L="a b  c"; for x in $L; do echo "<$x>"; done'), "<a>\n<b>\n<c>"),
        expect_eq(g.sh('for x in "$L"; do echo "<$x>"; done'), "<a b  c>"),
        expect_eq(g.sh("for f in $(ls /etc | grep -e motd -e hosts); do echo file $f; done"),
                  "file hosts\nfile motd"),
        expect_eq(g.sh('E=; for x in $E; do echo never; done; echo "[$E]"'), "[]"),
        # 1000 passes: each pass's words are freed again (sh.h's arena)
        expect_eq(g.sh("n=0; for i in $(seq 1 1000); do n=$((n + i)); done; echo $n"), "500500")))
    res.run("sh.compound_one_line", lambda: (
        expect_eq(g.sh("for i in 1 2 3; do echo $i; done"), "1\n2\n3"),
        expect_eq(g.sh("i=0; while test $i -lt 3; do echo w$i; i=$((i + 1)); done; echo $i"),
                  "w0\nw1\nw2\n3"),
        expect_eq(g.sh("until test $i = 0; do i=$((i - 1)); done; echo u$i"), "u0"),
        expect_eq(g.sh("while [ $i -lt 2 ]; do i=$((i + 1)); done; [ $i = 2 ] && echo bracket $i"),
                  "bracket 2"),
        expect_eq(g.sh("for v in 1 2 3; do if test $v = 1; then echo one; elif test $v = 2; then"
                       " echo two; else echo other; fi; done"), "one\ntwo\nother"),
        expect_eq(g.sh("if false; then echo no; fi; echo $?; ! true; echo $?"), "0\n1"),
        expect_eq(g.sh("for i in 1 2 3 4 5; do test $i = 2 && continue; test $i = 4 && break;"
                       " echo $i; done"), "1\n3"),
        expect_eq(g.sh("for i in a b; do for j in 1 2 3; do test $j = 2 && continue 2;"
                       " echo $i$j; done; done"), "a1\nb1"),
        expect_eq(g.sh("for i in a b c; do echo $i; done | wc -l"), "3"),
        expect_eq(g.sh("for i in x y; do echo $i; done > /tmp/loop; cat /tmp/loop"), "x\ny"),
        expect_eq(g.sh("for w in if then done; do echo $w; done"), "if\nthen\ndone")))
    res.run("sh.multiline_interactive", lambda: (
        expect_eq(sh_lines(g, ["for i in 1 2", "do", "  echo line $i", "done"]),
                  "line 1\nline 2"),
        # if inside for inside while, each part on its own line
        expect_eq(sh_lines(g, ["n=0; while test $n -lt 2", "do",
                               "  for c in a b", "  do",
                               "    if test $c = a", "    then echo $n$c",
                               "    else", "      echo \"$n and $c\"",
                               "    fi", "  done", "  n=$((n + 1))", "done"]),
                  "0a\n0 and b\n1a\n1 and b"),
        expect_eq(sh_lines(g, ["echo 'two", "lines' $((1 +", "1))"]), "two\nlines 2"),
        expect_eq(sh_lines(g, ["echo left &&", "echo right |", "tr a-z A-Z"]), "left\nRIGHT")))
    res.run("sh.read_and_group", lambda: (
        expect_eq(g.sh("printf 'a b c\\n  d  e \\n' | while read x y; do echo \"[$x][$y]\"; done"),
                  "[a][b c]\n[d][e]"),
        # IFS== holds for that read only: IFS is blank, tab, newline again after.
        expect_eq(g.sh('echo k=v | { IFS== read k v; echo "$k is $v"; echo "[$IFS]" | tr " \\t\\n" STN; }'),
                  "k is v\n[STN]N")))

    def ctrl_c_multiline():
        # ^C at the "> " prompt abandons the unfinished loop: nothing of it runs.
        g.send("for i in 1 2; do\n")
        g.expect("for i in 1 2; do\r\n> ", 20)
        g.send("echo should-not-run\n")
        g.expect("echo should-not-run\r\n> ", 20)
        g.send("\x03")
        g.expect("$ ", 10)
        expect_eq(g.sh("echo alive"), "alive")
        # ^C stops a running loop, not just the program it is running. (The
        # job prints "tick" itself, so the ^C is sent while it holds the
        # console; one sent as a job exits could reach nobody, on Linux too.)
        g.send("while true; do sh -c 'echo tick; sleep 1'; done\n")
        g.expect("tick\r\n", 20)
        g.send("\x03")
        g.expect("$ ", 10)
        expect_eq(g.sh("echo alive again"), "alive again")
        require("should-not-run\r\n" not in g.buf.decode(errors="replace").replace(
            "echo should-not-run\r\n", ""), "the abandoned loop ran")
    res.run("sh.ctrl_c_compound", ctrl_c_multiline)

    def script():
        fmt = NESTED_SCRIPT.replace("\\", "\\\\").replace("%", "%%").replace("\n", "\\n")
        g.sh("printf '%s' > /tmp/nested.sh" % fmt.replace("\t", "\\t"))
        expect_eq(g.sh("sh /tmp/nested.sh one 'two words'; echo rc=$?"), NESTED_WANT)
        expect_eq(g.sh("sh -c 'for i in 1 2; do echo c$i; done; if true; then exit 3; fi'; echo rc=$?"),
                  "c1\nc2\nrc=3")
        expect_eq(g.sh("sh -c 'for i in 1; do'; echo rc=$?"),
                  "sh: syntax error: unexpected end of file\nrc=2")
    res.run("sh.script_nested_loops", script)
    res.run("sh.syntax_error", lambda: (
        expect_eq(g.sh("if true; then echo a; fi fi"), 'sh: syntax error: unexpected "fi"'),
        expect_eq(g.sh("echo $?"), "2"),
        expect_eq(g.sh("do echo x"), 'sh: syntax error: unexpected "do"')))
    # A background compound is one job, announced as "[N] PID" like any other.
    res.run("sh.background_compound", lambda: require(
        re.fullmatch(r"\[\d+\] \d+\nbg ran", g.sh("for i in 1; do true; done & wait; echo bg ran").strip()),
        "no [N] PID line"))


    def glob():
        """Pathname expansion (sh_glob.c), checked against what dash and bash print."""
        g.sh("mkdir /tmp/gl; mkdir /tmp/gl/sub; for f in a.c b.c c.h .hid.c sub/x.c; do echo > /tmp/gl/$f; done")
        try:
            expect_eq(g.sh("cd /tmp/gl; echo *.c"), "a.c b.c")
            expect_eq(g.sh("echo ?.h [ab].c [!a].c [b-z].?"), "c.h a.c b.c b.c b.c c.h")
            # Quoting turns a wildcard off; no match leaves the word as it was.
            expect_eq(g.sh("echo '*.c' \"*\".c \\*.c *.none"), "*.c *.c *.c *.none")
            expect_eq(g.sh("echo .*.c; echo *"), ".hid.c\na.c b.c c.h sub")
            expect_eq(g.sh("echo */*.c /tmp/gl/s*/x.?"), "sub/x.c /tmp/gl/sub/x.c")
            # An unquoted expansion is globbed, a quoted one is not.
            expect_eq(g.sh("X='*.c'; echo $X \"$X\""), "a.c b.c *.c")
            expect_eq(g.sh('for f in *.c; do echo "<$f>"; done'), "<a.c>\n<b.c>")
            expect_eq(g.sh("busybox wc -l *.c | busybox tail -1"), "2 total")
            # `[` that closes nothing is an ordinary character: test's `[` still works.
            expect_eq(g.sh("[ -d sub ] && echo dir; echo ["), "dir\n[")
        finally:
            g.sh("cd /")
    res.run("sh.glob", glob)

    def case_and_subshell():
        """case ... esac and ( list ), as dash runs them."""
        expect_eq(g.sh('for w in a.c b.h /x/y.c "q*" zz ""; do case $w in *.c) echo "c:$w";; '
                       '[ab].h|zz) echo "h:$w" ;; "q*") echo "lit:$w";; \'\') echo empty;; '
                       '*) echo other; esac; done'), "c:a.c\nh:b.h\nc:/x/y.c\nlit:q*\nh:zz\nempty")
        # A quoted pattern character is literal; an unquoted $P is a pattern.
        expect_eq(g.sh('P="a*"; case abc in "$P") echo quoted;; $P) echo pattern;; esac'), "pattern")
        expect_eq(g.sh('case x in (x) ;; esac; echo rc=$?; case y in x) echo no; esac; echo rc=$?'),
                  "rc=0\nrc=0")
        expect_eq(sh_lines(g, ["case $((1 + 1)) in", "  2)", "    echo two", "    ;;", "esac"]), "two")
        # A subshell's cd, assignments and exit stay in it; its output and status come out.
        expect_eq(g.sh('X=1; (cd /proc; X=2; echo in $X $(pwd); exit 3); echo rc=$? $X $(pwd)'),
                  "in 2 /proc\nrc=3 1 /")
        expect_eq(g.sh('(echo a; echo b) | while read l; do echo "<$l>"; done; (echo out) > /tmp/sub.txt; '
                       'cat /tmp/sub.txt'), "<a>\n<b>\nout")
        expect_eq(g.sh("echo (x"), 'sh: syntax error: unexpected "("')
        expect_eq(g.sh("case a in a) echo x;; esac esac"), 'sh: syntax error: unexpected "esac"')
    res.run("sh.case_and_subshell", case_and_subshell)

    def functions():
        """NAME() { ...; }: arguments, return, recursion, a body typed over lines."""
        expect_eq(g.sh('greet() { echo "hi $1 ($#)"; G=set; }; greet you two; echo "$G $# [$1]"'),
                  "hi you (2)\nset 0 []")
        expect_eq(g.sh("fact() { if test $1 -le 1; then echo 1; return; fi; "
                       "echo $(( $1 * $(fact $(($1 - 1))) )); }; fact 6"), "720")
        expect_eq(g.sh("f() { for i in 1 2 3; do test $i = 2 && return 7; echo $i; done; }; f; echo rc=$?"),
                  "1\nrc=7")
        expect_eq(sh_lines(g, ["twice()", "{", "  $1; $1", "}"]), "")
        expect_eq(g.sh("twice 'echo x' | while read l; do echo \"<$l>\"; done; twice true > /tmp/none; echo rc=$?"),
                  "<x>\n<x>\nrc=0")
        # Redefinition replaces; return outside a function and endless recursion are errors, not crashes.
        expect_eq(g.sh("twice() ( echo sub ); twice; return 3; echo rc=$?"),
                  "sub\nsh: return: not in a function\nrc=1")
        # Too deep abandons the command line, as an expansion error does.
        expect_eq(g.sh("down() { down; }; down; echo not reached"), "sh: down: calls nested too deep")
        expect_eq(g.sh("echo rc=$?"), "rc=2")
        expect_eq(g.sh("bad() echo x"), "sh: syntax error: the body of bad() must be a compound command")
    res.run("sh.functions", functions)

    def param_braces():
        """${X:-word} and friends (sh_param.c), against what dash prints."""
        expect_eq(g.sh('unset U; E=; S=set; echo "${U:-d1} ${E:-d2} ${E-d3} ${S:-d4} ${U+a1} ${E+a2} ${E:+a3}."'),
                  "d1 d2  set  a2 .")
        expect_eq(g.sh('echo ${U:=first} $U ${U:=second} ${#U} ${#} ${#NOSUCH}'), "first first first 5 0 0")
        expect_eq(g.sh('F=/usr/lib/libc.a.b; echo ${F#*/} ${F##*/} ${F%.*} ${F%%.*} ${F#nomatch}'),
                  "usr/lib/libc.a.b libc.a.b /usr/lib/libc.a /usr/lib/libc /usr/lib/libc.a.b")
        # A quoted pattern character is literal; word is expanded only when used.
        expect_eq(g.sh("X='a*b*c'; echo ${X%'*'c} ${X#*\\*} ${S:-$(echo never)} ${U2:-$(echo ran) x}"),
                  "a*b b*c set ran x")
        expect_eq(g.sh('L="p q"; for w in ${L:-z}; do echo "<$w>"; done; echo "${L:+[$L]}"'), "<p>\n<q>\n[p q]")
        expect_eq(g.sh('set_default() { echo ${1:-none} ${2:?second is missing}; }; set_default a b'), "a b")
        expect_eq(g.sh('set_default a; echo not reached'), "sh: 2: second is missing")
        expect_eq(g.sh('echo ${1=x}'), "sh: ${1=x}: cannot assign to it")
        expect_eq(g.sh('echo ${X:}'), "sh: ${X:}: bad substitution")
        expect_eq(g.sh('H=$HOME; HOME=/tmp/h; echo ~ ~/x "~" a~ ~x; HOME=$H'), "/tmp/h /tmp/h/x ~ a~ ~x")
    res.run("sh.param_braces", param_braces)

    def heredoc():
        """cmd <<END ... END, typed line by line as a user does (each body line gets "> ")."""
        expect_eq(sh_lines(g, ["X=world; cat <<END", "hello $X \"q\" $((1 + 1)) \\$X", "END"]),
                  'hello world "q" 2 $X')
        expect_eq(sh_lines(g, ["cat <<'END' | while read l; do echo \"<$l>\"; done", "$X `no`", "END"]),
                  "<$X `no`>")
        expect_eq(sh_lines(g, ["cat <<-E; echo after", "\t\tindented", "\tE"]), "indented\nafter")
        # Two in one line, in a loop, and a body (21 KB) larger than a pipe holds (16 KB).
        g.sh("printf 'i=0\\nwhile test $i -lt 3; do cat <<A; cat <<B\\nA$i\\nA\\nB$i\\nB\\n"
             "i=$((i + 1)); done\\n' > /tmp/hd.sh")
        expect_eq(g.sh("sh /tmp/hd.sh"), "A0\nB0\nA1\nB1\nA2\nB2")
        expect_eq(g.sh("sh -c \"$(printf 'cat <<E\\n'; seq 1 4500; echo E)\" | busybox tail -1"), "4500")
        expect_eq(g.sh("sh -c 'cat <<E'; echo rc=$?"), "sh: syntax error: unexpected end of file\nrc=2")
    res.run("sh.heredoc", heredoc)


def readprofile(g):
    """profile=2 on the command line: where the ticks landed, by function
    (kernel/profile.c, user/readprofile.c). The shell has waited for input,
    so the idle loop has ticks; a reset zeroes the counters, and only root
    may reset them."""
    first = g.sh("head -1 /proc/kallsyms")
    require(re.fullmatch(r"c0100000 T _kernel_start", first.strip()), "kallsyms starts %r" % first)
    top = g.sh("readprofile | sort -nr | head -3").splitlines()
    require(len(top) == 3 and top[0].split()[1] == "total", "top lines %r" % top)
    total = int(top[0].split()[0])
    require(total >= 20, "only %d ticks in the kernel" % total)
    idle = g.sh("readprofile | grep -w cpu_idle").split()
    require(idle and int(idle[0]) > 0, "no tick in the idle loop: %r" % idle)
    expect_in(g.sh("su user -c 'readprofile -r'; echo rc=$?"), "Permission denied")
    after = int(g.sh("readprofile -r && readprofile | tail -1").split()[0])
    require(after < total, "%d ticks after the reset (%d before)" % (after, total))


if res.wants(*BOOT):
    try:
        # profile=2: the tick profiler, for shell.readprofile.
        with Guest("shell", append="noservices profile=2") as g:
            g.expect("init: starting shell", timeout=120)
            g.expect("$ ", timeout=30)
            res.run("shell.echo", lambda: expect_eq(g.sh("echo hello sockeye"), "hello sockeye"))
            res.run("shell.pipeline", lambda: expect_eq(g.sh("echo a b c | wc -w"), "3"))
            res.run("shell.redirect", lambda: (g.sh("echo saved > /tmp/f"), g.sh("echo more >> /tmp/f"),
                                              expect_eq(g.sh("cat < /tmp/f"), "saved\nmore")))
            res.run("shell.status", lambda: (g.sh("false"), expect_eq(g.sh("echo $?"), "1")))
            res.run("shell.ls_bin", lambda: expect_in(g.sh("ls /bin"), "busybox"))
            res.run("shell.uname", lambda: expect_in(g.sh("uname -a"), "Sockeye"))
            res.run("shell.proc_meminfo", lambda: expect_in(g.sh("cat /proc/meminfo"), "MemFree:"))
            res.run("shell.ps", lambda: expect_in(g.sh("ps"), "init"))
            res.run("busybox.loop_pipe_wc", lambda: expect_eq(
                g.sh("busybox sh -c 'for i in 1 2 3; do echo $i; done | busybox wc -l'"), "3"))
            res.run("busybox.sort_sed", lambda: expect_eq(
                g.sh("busybox printf 'b\\nc\\na\\n' | busybox sort | busybox sed -n 2p"), "b"))
            res.run("busybox.ls_cat", lambda: (g.sh("busybox mkdir -p /tmp/d && echo x > /tmp/d/y"),
                                              expect_eq(g.sh("busybox ls /tmp/d"), "y"),
                                              expect_eq(g.sh("busybox cat /tmp/d/y"), "x")))
            res.run("busybox.wc_file", lambda: expect_eq(g.sh("busybox wc -c < /etc/motd"), "20"))
            # A user fault kills only that process, and the shell says so.
            res.run("shell.segv_reported", lambda: expect_in(
                g.sh("busybox sh -c 'kill -SEGV $$'"), "Segmentation fault"))
            # ^C at a running program interrupts it, not the shell.
            def ctrl_c():
                # Wait until the job is really running (it says so), then interrupt it.
                g.send("sh -c 'echo running; sleep 30'\n")
                g.expect("running\r\n", 20)
                g.send("\x03")
                g.expect("$ ", 10)
                expect_eq(g.sh("echo alive"), "alive")
            res.run("shell.ctrl_c", ctrl_c)
            # ^Z stops the foreground job and only it (job control, user/sh_jobs.c):
            # the shell prompts again, `jobs` lists the job, `fg` gives it the
            # console back and it reads the next line.
            def fg_feeds_head(job, line):
                """fg the stopped job whose `head -n 1` waits for a line; type
                it: the tty echoes it, head copies it, and the job is done."""
                g.send("fg\n")
                g.expect("fg\r\n" + job + "\r\n", 10)
                g.send(line + "\n")
                g.expect("%s\r\n%s\r\n" % (line, line), 10)
                g.expect("$ ", 10)
                expect_eq(g.sh("jobs; echo rc=$?"), "rc=0")

            def run_and_stop(job, says):
                """Run job in the foreground; once it has printed says, ^Z it.
                The shell must report it Stopped; its job number."""
                g.send(job + "\n")
                g.expect(says + "\r\n", 20)
                g.send("\x1a")
                m = re.search(r"\[(\d+)\] Stopped  (.*)\r\n", g.expect("$ ", 10))
                require(m and m.group(2) == job, "no Stopped line for %r" % job)
                return m.group(1)

            def ctrl_z():
                job = "sh -c 'echo reading; busybox head -n 1'"
                n = run_and_stop(job, "reading")
                expect_eq(g.sh("jobs"), "[%s] Stopped  %s" % (n, job))
                fg_feeds_head(job, "after-fg")
                # bg lets a stopped job run on; $! names it for kill. (The job says
                # when it runs: a ^Z typed before the shell has handed it the
                # console would go to the shell, which ignores it.)
                job = "busybox sh -c 'echo sleeping; exec sleep 300'"
                n = run_and_stop(job, "sleeping")
                expect_eq(g.sh("bg"), "[%s] %s &" % (n, job))
                expect_eq(g.sh("jobs"), "[%s] Running  %s" % (n, job))
                expect_eq(g.sh("kill $!; wait; jobs; echo done"), "done")
                # ^Z at the prompt stops nothing: the shell ignores SIGTSTP.
                g.send("\x1a")
                expect_eq(g.sh("echo alive"), "alive")
            res.run("shell.ctrl_z_job_control", ctrl_z)

            def background_reader():
                # A background job that reads the console is stopped by SIGTTIN
                # (kernel/fs/tty.c, tty_job_control) instead of taking the line
                # meant for the shell; fg gives it the console and the line.
                job = "busybox head -n 1"
                out = g.sh(job + " &")
                m = re.search(r"\[(\d+)\] \d+", out)
                require(m, "no job number in %r" % out)
                line, deadline = "", time.time() + 20
                while "Stopped" not in line and time.time() < deadline:
                    line = g.sh("jobs")     # the job must run to its read first
                expect_eq(line, "[%s] Stopped  %s" % (m.group(1), job))
                expect_eq(g.sh("echo shell-line"), "shell-line")   # the shell keeps its input
                fg_feeds_head(job, "ttin-line")
            res.run("shell.background_reader_stopped_by_sigttin", background_reader)
            res.run("shell.help", lambda: (expect_in(g.sh("help"), "cd [DIR]"),
                                           expect_in(g.sh("help"), "^Z suspends it")))
            res.run("shell.dmesg", lambda: expect_in(g.sh("dmesg"), "Sockeye"))
            # A first lab's commands: busybox applets linked into /bin, and the
            # /proc files top, ps and uptime read.
            res.run("shell.first_lab_commands", lambda: (
                expect_eq(g.sh("printf 'a\\nb\\nc\\n' | tail -n 1"), "c"),
                expect_eq(g.sh("printf 'x\\ny\\n' | grep y"), "y"),
                expect_eq(g.sh("printf '1\\n2\\n' | head -n 1"), "1"),
                expect_in(g.sh("uptime"), "load average:")))
            res.run("shell.top_batch", lambda: (lambda out: (
                expect_in(out, "Load average:"), expect_in(out, "PID"), expect_in(out, "/bin/init")))(
                g.sh("top -b -n 1", timeout=30)))
            res.run("shell.busybox_ps", lambda: expect_in(g.sh("busybox ps"), "/bin/init"))
            res.run("shell.proc_self_maps", lambda: (lambda out: (
                expect_in(out, "/bin/cat"), expect_in(out, "[stack]")))(g.sh("cat /proc/self/maps")))
            # su to the ordinary user of /etc/passwd: network changes are refused (docs/security.md).
            res.run("shell.su_user", lambda: (
                expect_in(g.sh("su user -c id"), "uid=1000(user) gid=1000(user)"),
                expect_in(g.sh("su user -c 'ifconfig lo down'; echo rc=$?"), "Operation not permitted"),
                expect_in(g.sh("ifconfig lo"), "UP")))
            res.run("shell.proc_cpuinfo", lambda: expect_in(g.sh("cat /proc/cpuinfo"), "model name"))
            shell_language_tests(g)
            res.run("shell.readprofile", lambda: readprofile(g))
            if b"Kernel panic" in g.buf or b"Oops" in g.buf:
                res.check("shell.kernel_healthy", False, "panic/oops in log")
            else:
                res.check("shell.kernel_healthy", True)
    except Exception as e:
        res.check("shell.boot", False, "(%s)" % e)


def run_exit_status():
    """`make run APPEND=usertests=NAME` says by its exit status whether NAME passed
    (tools/qemu.sh maps the guest's power off to 0 and its halt to 1)."""
    port = free_tcp_port()     # httpd's forward: any free host port
    for name, want in (("trace_switches", 0), ("no_such_test", 1)):
        env = dict(os.environ, HTTP_PORT=str(port),
                   APPEND="usertests=%s noservices quiet ip=none" % name)
        r = subprocess.run(["sh", "tools/qemu.sh", "run"], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=180)
        require(r.returncode == want, "usertests=%s: exit %d, want %d" % (name, r.returncode, want))


res.run("shell.run_usertests_exit_status", run_exit_status)
sys.exit(res.finish())
