#!/usr/bin/env python3
"""Tier 4 (evloop): the event-loop library (user/lib/evloop.c) and the
programs on it, driven from the host through QEMU's user network.

One boot with services (init starts httpd on port 80, as `make run` does)
and a hostfwd from a free 127.0.0.1 port to each guest port:
  httpd 80   curl gets the same bytes as the files in /var/www (GET, HEAD,
             "/"), 404/400/405, no path traversal, keep-alive reuse with
             curl's multiple URLs (one accept, three requests), Connection:
             close honoured, and 200 concurrent keep-alive connections from
             a Python client, three requests each, without an error;
  evecho     1 MiB through the level- and the edge-triggered server; a
             client that does not read makes the server pause reading
             (read_pauses); with RLIMIT_NOFILE lowered an extra connection
             is accepted and closed (the EMFILE trick) while the others go on;
             with net.core.busy_poll set, epoll_wait takes the next byte of
             a 1-byte ping-pong from the e1000's ring itself;
  evchat     three clients: welcome, join, broadcast and leave lines;
  herd       the thundering-herd demo's counts: plain epoll wakes several
             workers per connection, EPOLLEXCLUSIVE about one, SO_REUSEPORT
             spreads the connections over the workers.
The guest's counters come from the programs' SIGUSR1 lines.
"""
import os
import re
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sockeye_qemu import ROOT, Guest, Results, require, free_tcp_port, user_net, one_byte_round_trips  # noqa: E402

HTTPD = ["evloop.httpd_curl_get_same_bytes", "evloop.httpd_head_same_headers_no_body",
         "evloop.httpd_404_400_405_no_traversal", "evloop.httpd_keepalive_curl_reuses_one_connection",
         "evloop.httpd_connection_close_honoured", "evloop.httpd_200_concurrent_keepalive_clients"]
# One boot runs them all: a selected name boots it and runs only that test (the
# httpd ones after the first, which waits until httpd answers).
res = Results("evloop", ["evloop.init_starts_httpd_on_80"] + HTTPD
              + ["evloop.echo_level_triggered_1mib", "evloop.echo_edge_triggered_1mib",
                 "evloop.echo_busy_poll_spins_in_epoll_wait",
                 "evloop.echo_backpressure_pauses_reading", "evloop.echo_emfile_reserve_fd_trick",
                 "evloop.chat_three_clients", "evloop.herd_exclusive_wakes_one_reuseport_spreads",
                 "evloop.kernel_healthy"],
              setup=["evloop.boot"], needs={n: HTTPD[:1] for n in HTTPD[1:]})
STATIC_IP = "ip=10.0.2.15::10.0.2.2:255.255.255.0::eth0:off"
HTTP, ECHO_LT, ECHO_ET, ECHO_EMFILE, CHAT = 80, 7007, 7008, 7009, 7777
INDEX = open(os.path.join(ROOT, "user", "www", "index.html"), "rb").read()
NUMBERS = "".join("%d\n" % i for i in range(1, 40001)).encode()    # tools/mkinitramfs.sh: seq 1 40000
CONCURRENT = 200


def recv_exact(s, n):
    b = b""
    while len(b) < n:
        d = s.recv(n - len(b))
        if not d:
            raise EOFError("EOF after %d of %d bytes" % (len(b), n))
        b += d
    return b


def recv_all(s):
    b = b""
    while True:
        d = s.recv(65536)
        if not d:
            return b
        b += d


class Reader:
    """A socket with a buffer: bytes past one response stay for the next."""

    def __init__(self, s):
        self.s, self.buf = s, b""

    def fill(self):
        d = self.s.recv(65536)
        if not d:
            raise EOFError("EOF after %r" % self.buf[:200])
        self.buf += d

    def response(self, head_only=False):
        """One HTTP/1.1 response: (status, headers dict, body)."""
        while b"\r\n\r\n" not in self.buf:
            self.fill()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode().split("\r\n")
        status = int(lines[0].split()[1])
        hdrs = {k.strip().lower(): v.strip() for k, v in (ln.split(":", 1) for ln in lines[1:])}
        n = 0 if head_only else int(hdrs["content-length"])
        while len(self.buf) < n:
            self.fill()
        body, self.buf = self.buf[:n], self.buf[n:]
        return status, hdrs, body


def read_response(s, head_only=False):
    """One response from s, which must then have nothing more to say before EOF or the next request."""
    r = Reader(s)
    out = r.response(head_only)
    require(r.buf == b"", "bytes after the response: %r" % r.buf[:80])
    return out


class Box:
    """The guest and its forwarded ports."""

    def __init__(self, g, fwd):
        self.g, self.fwd = g, fwd
        self.pids = {}

    def connect(self, port, timeout=60):
        s = socket.create_connection(("127.0.0.1", self.fwd[port]), timeout=timeout)
        s.settimeout(timeout)
        return s

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.fwd[HTTP], path)

    def stats(self, prog):
        """SIGUSR1 to prog; its counter lines (its own, then the loop's) as one dict of ints."""
        name = prog.split("-")[0]
        self.g.send("kill -USR1 %d\n" % self.pids[prog])
        text = self.g.expect("timer_full ", 30) + "timer_full " + self.g.expect("\n", 30)
        # Its own line, then the loop's, each maybe after a prompt the shell printed first.
        lines = re.findall(r"%s: ((?:\w+ \d+ ?)+)" % name, text)
        d = {}
        for ln in lines[-2:]:
            d.update({k: int(v) for k, v in re.findall(r"(\w+) (\d+)", ln)})
        return d

    def start(self, name, cmd, port):
        self.g.send(cmd + " &\n")
        m = self.g.expect("listening on port %d" % port, 30)
        pid = re.findall(r"(\w+)\[(\d+)\]: $", m)
        require(pid, "no pid before the listening line: %r" % m[-200:])
        self.pids[name] = int(pid[-1][1])


def curl(*args):
    cp = subprocess.run(["curl", "-s", "-S", "--max-time", "60"] + list(args),
                        capture_output=True, timeout=120)
    return cp


def fetch_until_up(box):
    """httpd is started by init before the shell; its forward answers once the guest's TCP does."""
    deadline = time.time() + 60
    while True:
        cp = curl(box.url("/"))
        if cp.returncode == 0 and cp.stdout:
            return cp.stdout
        if time.time() > deadline:
            raise AssertionError("httpd never answered: rc %d %r" % (cp.returncode, cp.stderr))
        time.sleep(0.5)


def httpd_tests(box):
    def curl_get():
        body = fetch_until_up(box)
        require(body == INDEX, "/ is not index.html: %r" % body[:200])
        cp = curl(box.url("/index.html"))
        require(cp.returncode == 0 and cp.stdout == INDEX, "index.html: rc %d" % cp.returncode)
        cp = curl(box.url("/numbers.txt"))
        require(cp.returncode == 0 and cp.stdout == NUMBERS,
                "numbers.txt: rc %d, %d bytes, equal %s" % (cp.returncode, len(cp.stdout), cp.stdout == NUMBERS))
    res.run("evloop.httpd_curl_get_same_bytes", curl_get)

    def curl_head():
        cp = curl("-I", box.url("/numbers.txt"))
        out = cp.stdout.decode()
        require(cp.returncode == 0 and out.startswith("HTTP/1.1 200"), out)
        require(re.search(r"^Content-Length: %d\r$" % len(NUMBERS), out, re.M), out)
        # HEAD then GET on one connection: the GET parses only if HEAD sent no body.
        s = box.connect(HTTP)
        s.sendall(b"HEAD /index.html HTTP/1.1\r\nHost: t\r\n\r\nGET /index.html HTTP/1.1\r\nHost: t\r\n\r\n")
        r = Reader(s)
        st, h, _ = r.response(head_only=True)
        require(st == 200 and int(h["content-length"]) == len(INDEX), (st, h))
        st, h, body = r.response()
        require(r.buf == b"", "bytes after the GET: %r" % r.buf[:80])
        require(st == 200 and body == INDEX, (st, h))
        s.close()
    res.run("evloop.httpd_head_same_headers_no_body", curl_head)

    def errors():
        cp = curl("-o", "/dev/null", "-w", "%{http_code}", box.url("/no-such-file"))
        require(cp.stdout == b"404", "missing file: %r" % cp.stdout)
        for path in ("/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/a/../../etc/passwd", "/..%2fetc/passwd"):
            cp = curl("--path-as-is", "-w", "\n%{http_code}", box.url(path))
            require(cp.stdout.endswith(b"\n400") and b"root:" not in cp.stdout, "%s: %r" % (path, cp.stdout))
        s = box.connect(HTTP)
        s.sendall(b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc")
        st, h, _ = read_response(s)
        require(st == 405 and h.get("allow") == "GET, HEAD" and h.get("connection") == "close", (st, h))
        require(recv_all(s) == b"", "no close after 405")
        s.close()
        for bad in (b"GARBAGE\r\n\r\n", b"GET / HTTP/1.1\r\n\r\n", b"GET index.html HTTP/1.1\r\nHost: t\r\n\r\n",
                    b"GET / HTTP/9.9\r\nHost: t\r\n\r\n"):
            s = box.connect(HTTP)
            s.sendall(bad)
            st, h, _ = read_response(s)
            require(st == 400 and recv_all(s) == b"", "%r: %d" % (bad, st))
            s.close()
        s = box.connect(HTTP)
        s.sendall(b"GET /" + b"x" * 9000 + b" HTTP/1.1\r\n\r\n")      # a head over 8 KiB
        st, _, _ = read_response(s)
        require(st == 400, "oversized head: %d" % st)
        s.close()
    res.run("evloop.httpd_404_400_405_no_traversal", errors)

    def keepalive_reuse():
        before = box.stats("httpd")
        cp = curl("-v", "-o", "/dev/null", "-o", "/dev/null", "-o", "/dev/null",
                  box.url("/index.html"), box.url("/numbers.txt"), box.url("/missing"))
        err = cp.stderr.decode(errors="replace")
        require(cp.returncode == 0 and len(re.findall(r"Re-using existing connection", err)) == 2, err[-600:])
        after = box.stats("httpd")
        require(after["accepts"] - before["accepts"] == 1 and after["requests"] - before["requests"] == 3,
                "accepts %d->%d requests %d->%d" % (before["accepts"], after["accepts"],
                                                     before["requests"], after["requests"]))
    res.run("evloop.httpd_keepalive_curl_reuses_one_connection", keepalive_reuse)

    def connection_close():
        s = box.connect(HTTP)
        s.sendall(b"GET /index.html HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        st, h, body = read_response(s)
        require(st == 200 and body == INDEX and h["connection"] == "close", (st, h))
        require(recv_all(s) == b"", "bytes after a Connection: close response")
        s.close()
        # HTTP/1.0 without keep-alive closes too; with it, stays open.
        s = box.connect(HTTP)
        s.sendall(b"GET /index.html HTTP/1.0\r\n\r\n")
        st, h, body = read_response(s)
        require(st == 200 and h["connection"] == "close" and recv_all(s) == b"", (st, h))
        s.close()
    res.run("evloop.httpd_connection_close_honoured", connection_close)

    def concurrent():
        before = box.stats("httpd")
        errors, phase1 = [], threading.Semaphore(0)
        go = threading.Event()
        # Connections open in waves of at most 25 handshakes and first requests in flight: a
        # burst of 200 SYNs at once through QEMU's slirp loses a few before the guest sees them
        # (none counted by its TCP), and a lost one stalls the whole test for slirp's retries.
        gate = threading.BoundedSemaphore(25)
        paths = [b"/index.html", b"/numbers.txt", b"/"]

        def client(i):
            first = [True]      # still holding the gate and phase1's count

            def first_done():
                if first[0]:
                    first[0] = False
                    gate.release()
                    phase1.release()
            try:
                gate.acquire()
                s = box.connect(HTTP, timeout=120)
                r = Reader(s)
                try:
                    for k, p in enumerate(paths):
                        if k == 1:
                            first_done()
                            if not go.wait(300):
                                raise TimeoutError("never released")
                        s.sendall(b"GET " + p + b" HTTP/1.1\r\nHost: t\r\n\r\n")
                        st, h, body = r.response()
                        want = NUMBERS if p == b"/numbers.txt" else INDEX
                        if st != 200 or body != want or h.get("connection") != "keep-alive":
                            raise AssertionError("client %d %s: %d %d bytes" % (i, p, st, len(body)))
                finally:
                    s.close()
            except Exception as e:
                errors.append("%s: %s" % (type(e).__name__, e))
                first_done()

        threads = [threading.Thread(target=client, args=(i,)) for i in range(CONCURRENT)]
        for t in threads:
            t.start()
        for _ in threads:
            phase1.acquire()
        # Every client has had one answer and holds its connection open: all are in httpd at once.
        mid = box.stats("httpd")
        go.set()
        for t in threads:
            t.join()
        after = box.stats("httpd")
        require(not errors, "%d errors, first: %s" % (len(errors), errors[:3]))
        require(mid["conns"] >= CONCURRENT, "httpd held %d connections at once" % mid["conns"])
        require(after["requests"] - before["requests"] == 3 * CONCURRENT, (before, after))
        for k in ("bad_request", "unavailable", "file_errors", "accept_errors", "emfile_drops", "unaccepted", "write_errors"):
            require(after[k] == before[k], "%s %d -> %d" % (k, before[k], after[k]))
    res.run("evloop.httpd_200_concurrent_keepalive_clients", concurrent)


def echo_tests(box):
    data = bytes((i * 7 + i // 253) & 0xff for i in range(1 << 20))

    def echo(port):
        s = box.connect(port)
        got = []
        t = threading.Thread(target=lambda: got.append(recv_all(s)))
        t.start()
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        t.join(120)
        s.close()
        require(got and got[0] == data, "%d bytes back, equal %s" % (len(got[0]) if got else -1,
                                                                     bool(got) and got[0] == data))

    box.start("evecho", "evecho -p %d" % ECHO_LT, ECHO_LT)
    res.run("evloop.echo_level_triggered_1mib", lambda: echo(ECHO_LT))
    box.start("evecho-et", "evecho -e -p %d" % ECHO_ET, ECHO_ET)
    res.run("evloop.echo_edge_triggered_1mib", lambda: echo(ECHO_ET))

    def busy_polled():
        m = re.search(r"busy_poll_packets (\d+)", box.g.sh("cat /proc/net/busy_poll"))
        require(m, "no /proc/net/busy_poll")
        return int(m.group(1))

    def busy_poll_epoll():
        """net.core.busy_poll for a server that waits in epoll_wait: evecho's
        1-byte round trips take nothing from the ring by busy polling while
        it is 0, and some once it is 1000 us: epoll_wait polls the NAPI of
        the sockets it watches before it sleeps (ep_busy_loop; unlike
        poll(2), epoll needs no SO_BUSY_POLL on the sockets, as in Linux)."""
        before = busy_polled()
        one_byte_round_trips(box.connect(ECHO_LT), 100)
        off = busy_polled() - before
        require(box.g.sh("echo 1000 > /proc/sys/net/core/busy_poll; echo rc=$?").strip().endswith("rc=0"),
                "cannot set busy_poll")
        before = busy_polled()
        one_byte_round_trips(box.connect(ECHO_LT), 100)
        on = busy_polled() - before
        box.g.sh("echo 0 > /proc/sys/net/core/busy_poll")
        print("busy_poll 0: %d frames taken by busy polls, busy_poll 1000: %d (100 round trips each)"
              % (off, on), flush=True)
        require(off == 0, "%d frames busy-polled with net.core.busy_poll 0" % off)
        require(on > 0, "epoll_wait never took a frame from the ring with net.core.busy_poll 1000")
    res.run("evloop.echo_busy_poll_spins_in_epoll_wait", busy_poll_epoll)

    def backpressure():
        # More than every buffer between evecho and us can hold (the guest's send
        # buffer, slirp, the host socket slirp writes into, autotuned to 4 MiB
        # each), so evecho's queue must pass its 256 KiB mark and reading pause.
        big = data * 16
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32768)     # the host reads nothing for now
        s.settimeout(120)
        s.connect(("127.0.0.1", box.fwd[ECHO_LT]))
        before = box.stats("evecho")["read_pauses"]
        t = threading.Thread(target=lambda: (s.sendall(big), s.shutdown(socket.SHUT_WR)))
        t.start()
        deadline = time.time() + 90
        while box.stats("evecho")["read_pauses"] == before:
            require(time.time() < deadline, "evecho never paused reading")
        got = recv_all(s)       # now read: the queue drains, reading resumes, everything comes back
        t.join(60)
        s.close()
        require(got == big, "%d of %d bytes back, prefix equal %s" % (len(got), len(big), big.startswith(got)))
    res.run("evloop.echo_backpressure_pauses_reading", backpressure)

    def emfile():
        # fds 0-2, epoll, the spare, the listener, the signal pipe's two ends: 8. Room for 2 connections.
        box.start("evecho-emfile", "evecho -n 10 -p %d" % ECHO_EMFILE, ECHO_EMFILE)
        a, b = box.connect(ECHO_EMFILE), box.connect(ECHO_EMFILE)
        for s in (a, b):
            s.sendall(b"ping")
            require(recv_exact(s, 4) == b"ping", "echo before EMFILE")
        c = box.connect(ECHO_EMFILE)
        require(recv_all(c) == b"", "the connection over the limit was not closed")
        c.close()
        a.sendall(b"still")
        require(recv_exact(a, 5) == b"still", "an open connection stopped working")
        st = box.stats("evecho-emfile")
        require(st["emfile_drops"] >= 1 and st["accept_errors"] == 0, st)
        # Our FIN; evecho answers with its own from ev_shutdown's callback, which closes the fd
        # before the loop can accept again: after our EOF the slot is free.
        a.shutdown(socket.SHUT_WR)
        require(recv_all(a) == b"", "evecho did not close")
        a.close()
        d = box.connect(ECHO_EMFILE)     # a slot is free again: served
        d.sendall(b"again")
        require(recv_exact(d, 5) == b"again", "no service after the EMFILE")
        for s in (b, d):
            s.close()
    res.run("evloop.echo_emfile_reserve_fd_trick", emfile)


def chat_tests(box):
    def rl(s):
        b = b""
        while not b.endswith(b"\n"):
            d = s.recv(1)
            if not d:
                raise EOFError("EOF after %r" % b)
            b += d
        return b.decode()

    def chat():
        box.start("evchat", "evchat -p %d" % CHAT, CHAT)
        a = box.connect(CHAT)
        require(re.match(r"\* welcome #(\d+) \(1 online\)\n", rl(a)), "welcome a")
        b = box.connect(CHAT)
        wb = rl(b)
        require(re.match(r"\* welcome #\d+ \(2 online\)\n", wb), wb)
        require(re.match(r"\* #\d+ joined\n", rl(a)), "a sees b join")
        c = box.connect(CHAT)
        rl(c)
        rl(a)
        rl(b)
        a.sendall(b"hello from a\r\nsecond line\n")
        for s in (b, c):
            require(rl(s).endswith("> hello from a\n") and rl(s).endswith("> second line\n"), "broadcast")
        c.close()
        require(re.match(r"\* #\d+ left\n", rl(a)) and re.match(r"\* #\d+ left\n", rl(b)), "leave")
        b.sendall(b"bye\n")
        require(rl(a).endswith("> bye\n"), "after a leave")
        a.close()
        b.close()
    res.run("evloop.chat_three_clients", chat)


def herd_tests(box):
    def herd():
        out = box.g.sh("herd -n 4 -c 40 all", timeout=300)
        got = {m.group(1): {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", m.group(0))}
               for m in re.finditer(r"herd: mode=(\w+) .*", out)}
        print(out, flush=True)
        require(set(got) == {"shared", "exclusive", "reuseport"}, out)
        for m, r in got.items():
            require(r["accepts"] == 40 and r["lost"] == 0, "%s: %s" % (m, r))
        # Plain epoll: every blocked worker is woken; at least half of them reach accept4.
        require(got["shared"]["wakeups"] >= 40 * 2, got["shared"])
        require(got["shared"]["empty"] >= 40, got["shared"])
        # EPOLLEXCLUSIVE: "one or more" - about one per connection.
        require(got["exclusive"]["wakeups"] <= 40 * 5 // 4, got["exclusive"])
        # SO_REUSEPORT: only the chosen listener's owner wakes, and the 4-tuple hash spreads them.
        require(got["reuseport"]["wakeups"] <= 40 * 5 // 4, got["reuseport"])
        require(got["reuseport"]["accepting"] >= 2 and got["reuseport"]["busiest"] <= 30, got["reuseport"])
    res.run("evloop.herd_exclusive_wakes_one_reuseport_spreads", herd)


def main():
    fwd = {p: free_tcp_port() for p in (HTTP, ECHO_LT, ECHO_ET, ECHO_EMFILE, CHAT)}
    try:
        with Guest("evloop", append=STATIC_IP, net=user_net(fwd)) as g:
            boot = g.expect("init: starting shell", timeout=120)
            g.expect("$ ", timeout=60)
            box = Box(g, fwd)
            m = re.search(r"httpd\[(\d+)\]: serving /var/www on port 80", boot)
            res.check("evloop.init_starts_httpd_on_80", m is not None, boot[-400:])
            if m:
                box.pids["httpd"] = int(m.group(1))
                httpd_tests(box)
            echo_tests(box)
            chat_tests(box)
            herd_tests(box)
            res.check("evloop.kernel_healthy", b"Kernel panic" not in g.buf and b"Oops" not in g.buf,
                      "panic/oops in %s" % g.log_path)
    except Exception as e:
        res.check("evloop.boot", False, "(%s: %s)" % (type(e).__name__, e))
    return res.finish()


if __name__ == "__main__":
    sys.exit(main())
