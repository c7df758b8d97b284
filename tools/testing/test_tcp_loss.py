#!/usr/bin/env python3
"""Tier: TCP over a lossy link between two Sockeye guests.

Two guests sit on one virtual LAN made of QEMU `-netdev socket,udp=`
backends that both point at a relay in this script. The relay forwards
every frame, except that, with a seeded random generator, it drops,
duplicates and reorders a fixed fraction of the TCP segments in both
directions. Guest B streams about 4.5 MiB (busybox `seq`) to guest A
through our nc; A checksums what arrives. Then:

  tcp_loss.data_intact             A's md5sum equals the host's for the same text
  tcp_loss.losses_happened         the relay dropped segments and B retransmitted
  tcp_loss.mostly_fast_recovery    B recovered more often by fast retransmit,
                                   RACK or tail loss probes than by RTO
  tcp_loss.no_panic_tcp_loss_{a,b} neither console shows an oops

The counters of both guests are printed for the record (docs/tcp-loss.md
shows a run). Only 127.0.0.1 is used.
"""
import hashlib
import os
import random
import re
import select
import socket
import sys
import threading
import time

from sockeye_qemu import Guest, Results

SEED = 20261204
DROP, DUP, REORDER = 0.02, 0.01, 0.02
LINES = 600000
MAC_A, MAC_B = "52:54:00:12:35:01", "52:54:00:12:35:02"
IP_A, IP_B = "10.0.3.1", "10.0.3.2"


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def is_tcp(frame):
    """An IPv4 TCP frame (EtherType 0x0800, protocol 6), untagged."""
    return len(frame) >= 34 and frame[12:14] == b"\x08\x00" and frame[23] == 6


class Relay(threading.Thread):
    """Forwards frames between two QEMU socket backends, spoiling some TCP on the way."""

    def __init__(self):
        super().__init__(daemon=True)
        self.rng = random.Random(SEED)
        self.socks, self.peer_ports = [], []
        for _ in range(2):
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
            s.bind(("127.0.0.1", 0))
            self.socks.append(s)
            self.peer_ports.append(free_port())
        self.held = [None, None]        # a frame held back, per direction, for reordering
        self.stats = {"frames": 0, "tcp": 0, "dropped": 0, "duplicated": 0, "reordered": 0}
        self.stop = False

    def netdev(self, side, mac):
        return ["-netdev", "socket,id=n0,udp=127.0.0.1:%d,localaddr=127.0.0.1:%d"
                % (self.socks[side].getsockname()[1], self.peer_ports[side]),
                "-device", "e1000,netdev=n0,mac=" + mac]

    def _out(self, to, frame):
        self.socks[to].sendto(frame, ("127.0.0.1", self.peer_ports[to]))

    def run(self):
        while not self.stop:
            r, _, _ = select.select(self.socks, [], [], 0.02)
            if not r:
                for to in (0, 1):       # a held frame never waits long
                    if self.held[to] is not None:
                        self._out(to, self.held[to])
                        self.held[to] = None
                continue
            for s in r:
                frame = s.recv(65536)
                to = 1 if s is self.socks[0] else 0
                self.stats["frames"] += 1
                if not is_tcp(frame):
                    self._out(to, frame)
                    continue
                self.stats["tcp"] += 1
                x = self.rng.random()
                if x < DROP:
                    self.stats["dropped"] += 1
                    continue
                if x < DROP + DUP:
                    self.stats["duplicated"] += 1
                    self._out(to, frame)
                elif x < DROP + DUP + REORDER and self.held[to] is None:
                    self.stats["reordered"] += 1
                    self.held[to] = frame
                    continue
                self._out(to, frame)
                if self.held[to] is not None:
                    self._out(to, self.held[to])
                    self.held[to] = None


def netstat(g):
    """TcpExt and Tcp counters of a guest as one dict."""
    out = g.sh("cat /proc/net/netstat /proc/net/snmp", timeout=60)
    c = {}
    lines = [l.split() for l in out.splitlines() if l.startswith(("TcpExt:", "Tcp:"))]
    for i in range(0, len(lines) - 1, 2):
        for k, v in zip(lines[i][1:], lines[i + 1][1:]):
            c[k] = int(v)
    return c


def main():
    # One transfer between two guests makes every check: a selected name still boots both.
    res = Results("tcp_loss", ["tcp_loss.data_intact", "tcp_loss.losses_happened",
                               "tcp_loss.mostly_fast_recovery", "tcp_loss.no_panic_tcp_loss_a",
                               "tcp_loss.no_panic_tcp_loss_b"], setup=["tcp_loss.transfer"])
    text = "".join("%d\n" % i for i in range(1, LINES + 1)).encode()
    want = hashlib.md5(text).hexdigest()
    relay = Relay()
    relay.start()
    a = b = None
    try:
        a = Guest("tcp_loss_a", append="ip=%s::%s:255.255.255.0::eth0:off noservices quiet" % (IP_A, IP_B),
                  net=relay.netdev(0, MAC_A))
        b = Guest("tcp_loss_b", append="ip=%s::%s:255.255.255.0::eth0:off noservices quiet" % (IP_B, IP_A),
                  net=relay.netdev(1, MAC_B))
        a.expect("$ ", 90)
        b.expect("$ ", 90)
        a.send("/bin/nc -l -p 5001 | /bin/busybox md5sum > /tmp/sum; echo RECEIVED\n")
        time.sleep(0)   # nothing to wait for: B's connect retries until A listens (SYN retransmission)
        t0 = time.time()
        b.sh("/bin/busybox seq 1 %d | /bin/nc %s 5001" % (LINES, IP_A), timeout=600)
        a.expect("RECEIVED", 600)
        a.expect("$ ", 60)
        elapsed = time.time() - t0
        got = a.sh("cat /tmp/sum", timeout=60)
        res.check("tcp_loss.data_intact", want in got, "md5 %r, want %s" % (got.strip(), want))
        cb, ca = netstat(b), netstat(a)
        print("relay: %s; %d bytes in %.1f s" % (relay.stats, len(text), elapsed), flush=True)
        keys = ["RetransSegs", "TCPTimeouts", "TCPFastRetrans", "TCPSlowStartRetrans", "TCPSackRecovery",
                "TCPRenoRecovery", "TCPLossProbes", "TCPLostRetransmit", "TCPSACKReneging", "TCPDSACKRecv", "TCPFullUndo",
                "TCPLossUndo", "TCPOFOQueue", "TCPDSACKOfoSent", "TCPDSACKOldSent"]
        print("sender B:   " + " ".join("%s=%d" % (k, cb.get(k, -1)) for k in keys), flush=True)
        print("receiver A: " + " ".join("%s=%d" % (k, ca.get(k, -1)) for k in keys), flush=True)
        res.check("tcp_loss.losses_happened", relay.stats["dropped"] > 0 and cb.get("RetransSegs", 0) > 0,
                  "relay %s, RetransSegs %s" % (relay.stats, cb.get("RetransSegs")))
        fast = cb.get("TCPFastRetrans", 0) + cb.get("TCPLossProbes", 0)
        res.check("tcp_loss.mostly_fast_recovery", fast > cb.get("TCPTimeouts", 0),
                  "fast %d vs timeouts %d" % (fast, cb.get("TCPTimeouts", 0)))
    except Exception as e:
        res.check("tcp_loss.transfer", False, "(%s: %s)" % (type(e).__name__, e))
    finally:
        for g in (a, b):
            if g is not None:
                res.check("tcp_loss.no_panic_" + g.name, b"Kernel panic" not in g.buf and b"Oops" not in g.buf,
                          "see %s" % g.log_path)
                g.kill()
        relay.stop = True
    return res.finish()


if __name__ == "__main__":
    sys.exit(main())
