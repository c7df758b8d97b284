#!/usr/bin/env python3
"""Tier 4 (wire): the e1000 and the IPv4 stack against a scapy peer.

The guest's e1000 sits on QEMU's `-netdev socket,udp=` backend; this script
is the other host on the LAN (10.0.2.2, see wire/peer.py), speaking raw
Ethernet frames over UDP on 127.0.0.1. Checks: ARP replies and silence,
what hostile LAN peers try (ARP table exhaustion, RFC 826 merge, smurf
and own-address sources, a one-frame echo loop), ICMP echo at 0/1/1000/1472 bytes, reassembly (in order, reversed,
overlapping, incomplete), malformed headers dropped and counted in
/proc/net/snmp, 10,000 random and mutated frames survived, a TCP bulk send
cut by the e1000's TSO into intact MSS-sized frames, the pcap
readable by tshark; then a second boot on QEMU's user network gets the
DHCP lease 10.0.2.15 (the `make run` setup).
"""
import os
import random
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sockeye_qemu import reexec_for_scapy  # noqa: E402
reexec_for_scapy()
from sockeye_qemu import Guest, Results, require, user_net  # noqa: E402
from wire.peer import (Peer, ARP, Ether, ICMP, IP, TCP, UDP, Raw, fragment,  # noqa: E402
                       GUEST_APPEND, GUEST_IP, GUEST_MAC, PEER_IP, PEER_MAC)
from wire.fuzz import TcpFuzz, byte_frames  # noqa: E402
from wire.tcp import PeerTcp  # noqa: E402

FUZZ_FRAMES = 10000         # byte-mutated frames in `make test`
TCP_FUZZ_FRAMES = 10000     # TCP segments in `make test`; `make fuzz WIRE=1` sends FRAMES of both
TCP_LISTENERS = [7, 9, 13, 19, 5000]    # tcpsvcd: echo, discard, daytime, chargen, backlog
TCP_CLOSED = [1, 23, 4444]
ECHO_SIZES = (0, 1, 1000, 1472)
PEER_TESTS = ["wire.arp_reply", "wire.arp_other_ignored", "wire.arp_merge_who_has_then_reply_without_who_has",
              "wire.arp_table_exhaustion_new_next_hop_still_resolves", "wire.smurf_broadcast_source_not_answered",
              "wire.udp_echo_from_own_address_no_loop"] + ["wire.icmp_echo_%d" % s for s in ECHO_SIZES] + [
              "wire.frag_in_order", "wire.frag_reversed", "wire.frag_duplicate", "wire.frag_overlapping_dropped",
              "wire.frag_incomplete_no_reply", "wire.malformed_dropped_and_counted",
              "wire.fuzz_10000_frames_survived", "wire.fuzz_tcp_10000_segments_survived_no_leak",
              "wire.stack_use_under_half", "wire.e1000_stats_visible", "wire.tcp_bulk_tso_segments_intact",
              "wire.kernel_healthy", "wire.pcap_readable"]


def snmp(g, path="/proc/net/snmp"):
    """/proc/net/snmp (or netstat) as {('Ip', 'InHdrErrors'): n, ...}."""
    out = g.sh("cat " + path)
    lines = [l.split() for l in out.splitlines() if ":" in l]
    vals = {}
    for names, nums in zip(lines[0::2], lines[1::2]):
        if names[0] != nums[0]:
            continue
        for k, v in zip(names[1:], nums[1:]):
            try:
                vals[(names[0].rstrip(":"), k)] = int(v)
            except ValueError:
                pass
    return vals


def healthy(g, peer, seq):
    """ARP and ping still answered, the shell still runs."""
    peer.drain(0.2)
    peer.send(peer.arp_request())
    require(peer.wait_for(lambda p: ARP in p and p[ARP].op == 2 and p[ARP].psrc == GUEST_IP, 10),
            "no ARP reply")
    require(peer.ping(b"still-alive", seq=seq, timeout=10) is not None, "no echo reply")
    require("alive" in g.sh("echo alive", timeout=30), "shell does not answer")


def tcp_setup(g):
    """tcpsvcd's listeners up; invalid-segment ACKs and challenge ACKs not
    rate-limited (the harness learns rcv_nxt from them to reset its
    connections); a SYN-ACK retried once, so the request socks of
    unanswered SYNs are gone 3 s later rather than 63."""
    require(g.sh("tcpsvcd; echo rc=$?").strip().endswith("rc=0"), "tcpsvcd did not start")
    for name, v in (("tcp_invalid_ratelimit", 0), ("tcp_challenge_ack_limit", 1000000),
                    ("tcp_synack_retries", 1)):
        g.sh("echo %d > /proc/sys/net/ipv4/%s" % (v, name))


def kernel_objects(g):
    """What must come back after the fuzz: every slab cache's active objects,
    the TCP line of /proc/net/sockstat, MemFree; and what explains a change
    that is not a leak: the pages slabs hold, the buffers the e1000's
    ring's slots and its rx_pool hold, the ARP table's entries."""
    snap = {"slab pages": 0}
    for line in g.sh("cat /proc/slabinfo").splitlines()[2:]:
        f = line.split()
        if len(f) > 14 and f[1].isdigit():
            snap["slab " + f[0]] = int(f[1])
            snap["slab pages"] += int(f[14]) * int(f[5])     # num_slabs x pagesperslab
    m = re.search(r"^TCP: inuse (\d+) orphan (\d+) tw (\d+) alloc (\d+)", g.sh("cat /proc/net/sockstat"), re.M)
    require(m, "no TCP line in /proc/net/sockstat")
    for k, v in zip(("inuse", "orphan", "tw", "alloc"), m.groups()):
        snap["sockstat TCP " + k] = int(v)
    snap["MemFree kB"] = int(re.search(r"^MemFree:\s+(\d+)", g.sh("cat /proc/meminfo"), re.M).group(1))
    m = re.search(r"tx_ring (\d+)/(\d+) free rx_buffers (\d+) in the ring, (\d+)/",
                  g.sh("cat /proc/net/e1000_stats"))
    snap["rx buffers held"] = int(m.group(3)) + int(m.group(4))     # ring slots + rx_pool
    snap["tx skbs held"] = int(m.group(2)) - int(m.group(1)) - 1   # sent, freed at the next clean
    snap["arp entries"] = len(g.sh("cat /proc/net/arp").strip().splitlines()) - 1
    return snap


def leaked(base, now):
    """now - base, less what a cache explains: skbs the e1000 holds, one
    kmalloc-256 per ARP entry, MemFree by the pages slabs took. Empty if
    nothing leaked."""
    d = {k: now.get(k, 0) - base.get(k, 0) for k in set(base) | set(now)}
    expect = {"slab skbuff_head_cache": d["rx buffers held"] + d["tx skbs held"],
              "slab skbuff_data_2048": d["rx buffers held"],
              "slab kmalloc-256": d["arp entries"], "MemFree kB": -4 * d["slab pages"]}
    return {k: v - expect.get(k, 0) for k, v in d.items()
            if k not in ("rx buffers held", "tx skbs held", "arp entries", "slab pages")
            and v != expect.get(k, 0)}


def drop_counters(g):
    """The counters a dropped frame moves: /proc/net/snmp, /proc/net/netstat, e1000_stats."""
    c = {}
    c.update(snmp(g))
    c.update(snmp(g, "/proc/net/netstat"))
    for k, v in re.findall(r"^(\w+) (\d+)$", g.sh("cat /proc/net/e1000_stats"), re.M):
        c[("e1000", k)] = int(v)
    return c


def settle(g, base, timeout):
    """Poll until nothing is leaked against base; (what is left, the last snapshot)."""
    deadline = time.time() + timeout
    while True:
        now = kernel_objects(g)
        left = leaked(base, now)
        if not left or time.time() > deadline:
            return left, now
        time.sleep(1)   # polling a counter that drains on the guest's own timers, not ordering


def tcp_fuzz(g, peer, seed, frames, chunk, byte_mix, settle_s):
    """frames TCP segments (and, with byte_mix, as many byte-mutated frames
    interleaved), chunk by chunk: each chunk opens 4 connections to echo and
    discard to aim at, fuzzes, resets them, and checks ARP, ping and the shell.
    Then a fresh connection's echo, and every kernel object back at its count
    before. Prints the figures; raises on a failure."""
    rng = random.Random(seed)
    tf = TcpFuzz(rng, TCP_LISTENERS, TCP_CLOSED)
    base = kernel_objects(g)
    before = drop_counters(g)
    t0, sent, nchunk = time.time(), 0, 0
    while sent < frames:
        n = min(chunk, frames - sent)
        tf.open_conns(peer, [7, 9], 4)
        if byte_mix:
            bf = byte_frames(rng, peer, n)
            stream = (f for pair in zip(tf.frames(n), bf) for f in pair)
        else:
            stream = tf.frames(n)
        peer.send_many(stream, pace_every=100, pace=0.01)
        peer.drain(0.5)
        stuck = tf.reset_conns(peer)
        require(stuck == 0, "%d of the harness's connections would not end" % stuck)
        healthy(g, peer, 100 + nchunk % 1000)
        sent += n
        nchunk += 1
        if byte_mix:
            m = re.search(r"^TCP: inuse (\d+)", g.sh("cat /proc/net/sockstat"), re.M)
            print("wire fuzz: %d of %d TCP segments (+%d byte-mutated frames), %.0f s, TCP inuse %s" %
                  (sent, frames, sent, time.time() - t0, m.group(1)), flush=True)
    elapsed = time.time() - t0
    # A fresh connection still gets its echo.
    c = PeerTcp(peer, 7, sport=rng.randint(20000, 60000))
    c.connect()
    c.send("PA", b"echo-after-fuzz")
    data, _ = c.receive(15, timeout=10)
    require(data == b"echo-after-fuzz", "TCP echo after the fuzz: %r" % data)
    tf.conns = [c]
    require(tf.reset_conns(peer) == 0, "the echo connection would not end")
    after = drop_counters(g)
    moved = {"%s %s" % k: after[k] - before.get(k, 0) for k in sorted(after) if after[k] != before.get(k, 0)}
    print("wire fuzz: %d TCP segments%s in %.1f s (%.0f frames/s); by kind %r" % (
        frames, " + %d byte-mutated frames" % frames if byte_mix else "", elapsed,
        frames * (2 if byte_mix else 1) / elapsed, tf.sent), flush=True)
    print("wire fuzz: counters moved: %s" % ", ".join("%s +%d" % kv for kv in moved.items()), flush=True)
    left, now = settle(g, base, settle_s)
    print("wire fuzz: kernel objects %s; caches: e1000 rx %+d tx %+d skbs, ARP %+d entries, slabs %+d pages" % (
        "back at the baseline" if not left else "NOT back: %r" % left,
        now["rx buffers held"] - base["rx buffers held"], now["tx skbs held"] - base["tx skbs held"],
        now["arp entries"] - base["arp entries"], now["slab pages"] - base["slab pages"]), flush=True)
    require(not left, "not back at the baseline after %d s: %r" % (settle_s, left))


def wire_tests(g, peer):
    g.expect("$ ", timeout=120)
    peer.drain(1.0)

    def arp_reply():
        peer.send(peer.arp_request())
        p = peer.wait_for(lambda p: ARP in p and p[ARP].op == 2, 5)
        require(p is not None, "no ARP reply")
        require(p[ARP].hwsrc == GUEST_MAC and p[ARP].psrc == GUEST_IP, "wrong sender %s/%s" % (p[ARP].hwsrc, p[ARP].psrc))
        require(p[ARP].pdst == PEER_IP and p[ARP].hwdst == PEER_MAC, "wrong target")
        require(p[Ether].dst == PEER_MAC, "reply not unicast to us")
    res.run("wire.arp_reply", arp_reply)

    def arp_other_ignored():
        peer.send(peer.arp_request("10.0.2.99"))
        peer.send(peer.arp_request("10.0.3.15"))
        p = peer.wait_for(lambda p: ARP in p and p[ARP].op == 2, 2)
        require(p is None, "answered an ARP request for someone else: %r" % p)
    res.run("wire.arp_other_ignored", arp_other_ignored)

    def host(n):
        """Another host on the LAN: 10.0.2.n with its own MAC, frames built by hand."""
        return "10.0.2.%d" % n, "52:55:0a:00:02:%02x" % n

    def who_has_from(src_ip, src_mac, target=GUEST_IP):
        return (Ether(dst="ff:ff:ff:ff:ff:ff", src=src_mac) /
                ARP(op=1, hwsrc=src_mac, psrc=src_ip, hwdst="00:00:00:00:00:00", pdst=target))

    def echo_from(src_ip, src_mac, seq, payload=b"hostile"):
        return (Ether(dst=GUEST_MAC, src=src_mac) / IP(src=src_ip, dst=GUEST_IP) /
                ICMP(type=8, id=0x5eed, seq=seq) / Raw(payload))

    def until(match, timeout, seen):
        """wait_for that also keeps every frame it passed over in seen."""
        def m(p):
            seen.append(p)
            return match(p)
        return peer.wait_for(m, timeout)

    def arp_merge_who_has_then_reply_without_who_has():
        # RFC 826: a who-has aimed at us teaches us the asker. The echo reply
        # to it then goes straight out, with no who-has of ours before it.
        hip, hmac = host(3)
        peer.drain(0.2)
        peer.send(who_has_from(hip, hmac))
        require(peer.wait_for(lambda p: ARP in p and p[ARP].op == 2 and p[ARP].pdst == hip, 5),
                "no ARP reply to %s" % hip)
        peer.send(echo_from(hip, hmac, 90))
        seen = []
        p = until(lambda p: IP in p and ICMP in p and p[ICMP].type == 0 and p[IP].dst == hip, 10, seen)
        require(p is not None, "no echo reply to %s" % hip)
        require(p[Ether].dst == hmac, "echo reply to %s, not the learned %s" % (p[Ether].dst, hmac))
        asked = [q for q in seen if ARP in q and q[ARP].op == 1 and q[ARP].pdst == hip]
        require(not asked, "who-has %s sent though its who-has taught us: %r" % (hip, asked))
    res.run("wire.arp_merge_who_has_then_reply_without_who_has", arp_merge_who_has_then_reply_without_who_has)

    def arp_table_exhaustion_new_next_hop_still_resolves():
        # 1,100 who-has for us from 10.99.x.y: more senders than the table's
        # gc_thresh3 (1,024). Forced gc must keep room for a new next hop.
        frames = []
        for i in range(1100):
            sip = "10.99.%d.%d" % (i // 250, i % 250 + 1)
            smac = "52:56:00:00:%02x:%02x" % (i // 256, i % 256)
            frames.append(bytes(who_has_from(sip, smac)))
        peer.send_many(frames, pace_every=50, pace=0.02)
        peer.drain(1.0)
        hip, hmac = host(4)
        peer.send(echo_from(hip, hmac, 91))
        p = peer.wait_for(lambda p: ARP in p and p[ARP].op == 1 and p[ARP].pdst == hip, 10)
        require(p is not None, "no who-has for the new next hop %s (table full?)" % hip)
        peer.send(Ether(dst=GUEST_MAC, src=hmac) /
                  ARP(op=2, hwsrc=hmac, psrc=hip, hwdst=GUEST_MAC, pdst=GUEST_IP))
        p = peer.wait_for(lambda p: IP in p and ICMP in p and p[ICMP].type == 0 and p[IP].dst == hip, 10)
        require(p is not None, "no echo reply to the new next hop %s" % hip)
        out = g.sh("cat /proc/net/stat/arp_cache")
        vals = dict(zip(out.split("\n")[0].split(), [int(v, 16) for v in out.split("\n")[1].split()]))
        print("arp_cache after the flood: %r" % vals, flush=True)
        require(vals["table_fulls"] == 0, "table_fulls %d" % vals["table_fulls"])
        require(vals["forced_gc_runs"] > 0, "no forced gc ran")
        require(vals["entries"] <= 1024, "entries %d" % vals["entries"])
    res.run("wire.arp_table_exhaustion_new_next_hop_still_resolves", arp_table_exhaustion_new_next_hop_still_resolves)

    def martians():
        out = g.sh("cat /proc/net/stat/rt_cache")
        lines = out.strip().split("\n")
        return int(lines[1].split()[lines[0].split().index("in_martian_src")], 16)

    def smurf_broadcast_source_not_answered():
        # RFC 1122 3.2.1.3: a datagram from the subnet's broadcast is dropped,
        # so neither the echo reply nor the port unreachable floods the LAN.
        before = martians()
        peer.drain(0.2)
        peer.send(Ether(dst=GUEST_MAC, src=PEER_MAC) / IP(src="10.0.2.255", dst=GUEST_IP) /
                  ICMP(type=8, id=0x5eed, seq=92) / Raw(b"smurf"))
        peer.send(Ether(dst=GUEST_MAC, src=PEER_MAC) / IP(src="10.0.2.255", dst=GUEST_IP) /
                  UDP(sport=4444, dport=4445) / Raw(b"smurf"))
        peer.send(Ether(dst=GUEST_MAC, src=PEER_MAC) / IP(src="255.255.255.255", dst=GUEST_IP) /
                  ICMP(type=8, id=0x5eed, seq=93) / Raw(b"smurf"))
        for _ in range(20):      # until the guest has taken all three in
            after = martians()
            if after - before >= 3:
                break
        require(after - before == 3, "in_martian_src grew by %d, want 3" % (after - before))
        got = peer.drain(0.5)
        out = [p for p in got if IP in p]
        require(not out, "reflected: %r" % out)
    res.run("wire.smurf_broadcast_source_not_answered", smurf_broadcast_source_not_answered)

    def udp_echo_from_own_address_no_loop():
        # One UDP datagram 10.0.2.15:7 -> 10.0.2.15:7 from the wire: accepted,
        # echod would answer itself through loopback for ever.
        require(g.sh("echod; echo rc=$?").strip().endswith("rc=0"), "echod did not start")
        before_m = martians()
        before = snmp(g)
        peer.send(Ether(dst=GUEST_MAC, src=PEER_MAC) / IP(src=GUEST_IP, dst=GUEST_IP) /
                  UDP(sport=7, dport=7) / Raw(b"loop"))
        # The frame has been processed once the martian counter moved (or, on a
        # kernel without the fix, once the echo counter did); then count twice.
        for _ in range(50):
            m = martians()
            mid = snmp(g)
            if m > before_m or mid.get(("Udp", "InDatagrams"), 0) > before.get(("Udp", "InDatagrams"), 0):
                break
        g.sh("cat /proc/net/dev > /dev/null")
        after = snmp(g)
        d1 = mid.get(("Udp", "InDatagrams"), 0) - before.get(("Udp", "InDatagrams"), 0)
        d2 = after.get(("Udp", "InDatagrams"), 0) - mid.get(("Udp", "InDatagrams"), 0)
        print("udp InDatagrams: +%d then +%d; in_martian_src +%d" % (d1, d2, m - before_m), flush=True)
        require(m - before_m == 1, "in_martian_src grew by %d, want 1" % (m - before_m))
        require(d1 == 0 and d2 == 0, "echo loop: InDatagrams +%d, then +%d" % (d1, d2))
        healthy(g, peer, 94)
    res.run("wire.udp_echo_from_own_address_no_loop", udp_echo_from_own_address_no_loop)

    for n, size in enumerate(ECHO_SIZES):
        def echo(size=size, n=n):
            payload = bytes(random.getrandbits(8) for _ in range(size))
            p = peer.ping(payload, seq=10 + n)
            require(p is not None, "no reply to a %d-byte echo" % size)
            require(p[IP].src == GUEST_IP and p[IP].dst == PEER_IP, "addresses")
        res.run("wire.icmp_echo_%d" % size, echo)

    def frags(seq, payload=None):
        payload = payload or bytes(range(256)) * 4 + b"x" * 176     # 1200 bytes
        pkt = IP(src=PEER_IP, dst=GUEST_IP, id=0x4000 + seq) / ICMP(type=8, id=0x5eed, seq=seq) / Raw(payload)
        return payload, [Ether(dst=GUEST_MAC, src=PEER_MAC) / f for f in fragment(pkt, fragsize=400)]

    def frag_case(seq, order, expect_reply):
        payload, fs = frags(seq)
        peer.send_many(order(fs), pace_every=0)
        p = peer.wait_for(peer.is_echo_reply(0x5eed, seq, payload), 5 if expect_reply else 3)
        require((p is not None) == expect_reply,
                "reply" if p is not None else "no reply")

    res.run("wire.frag_in_order", lambda: frag_case(40, lambda fs: fs, True))
    res.run("wire.frag_reversed", lambda: frag_case(41, lambda fs: fs[::-1], True))
    res.run("wire.frag_duplicate", lambda: frag_case(42, lambda fs: fs[:2] + fs[1:], True))

    def overlapping(fs):
        # A fragment straddling the first two (offset 200): the stack's rule
        # (RFC 5722, as Linux) is to drop the whole datagram.
        f = fs[0].copy()
        f[IP].frag = 200 // 8
        f[IP].flags = "MF"
        f[Raw].load = b"O" * 400
        del f[IP].chksum
        del f[IP].len
        return [fs[0], f] + fs[1:]
    res.run("wire.frag_overlapping_dropped", lambda: frag_case(43, overlapping, False))
    res.run("wire.frag_incomplete_no_reply", lambda: frag_case(44, lambda fs: fs[:-1], False))

    def malformed():
        before = snmp(g)
        base = peer.echo_request(b"m" * 32, seq=50)
        raw = bytearray(bytes(base))
        bad = []
        b = bytearray(raw); b[14 + 10] ^= 0xff; bad.append(b)               # IP header checksum
        b = bytearray(raw); b[14] = 0x65; bad.append(b)                      # version 6 in an IPv4 frame
        b = bytearray(raw); b[14] = 0x43; bad.append(b)                      # IHL 3 < 5
        b = bytearray(bytes(peer.echo_request(b"m" * 32, seq=51, len=2000))); bad.append(b)   # tot_len > frame
        b = bytearray(bytes(peer.echo_request(b"m" * 32, seq=52, len=10))); bad.append(b)     # tot_len < header
        b = bytearray(raw); b[14 + 20 + 2] ^= 0x55; bad.append(b)           # ICMP checksum
        b = bytearray(raw[:14 + 12]); bad.append(b)                          # truncated IP header
        for f in bad:
            peer.send(bytes(f))
        p = peer.wait_for(lambda p: ICMP in p and p[ICMP].type == 0 and p[ICMP].seq in (50, 51, 52), 2)
        require(p is None, "answered a malformed echo")
        after = snmp(g)
        d = {k: after.get(k, 0) - before.get(k, 0) for k in after}
        hdr = d.get(("Ip", "InHdrErrors"), 0) + d.get(("Ip", "InTruncatedPkts"), 0)
        require(hdr >= 4, "Ip InHdrErrors+InTruncatedPkts grew by %d, want >= 4 (%s)" %
                (hdr, {k: v for k, v in d.items() if v}))
        require(d.get(("Icmp", "InCsumErrors"), 0) >= 1 or d.get(("Icmp", "InErrors"), 0) >= 1,
                "ICMP checksum error not counted")
        healthy(g, peer, 53)
    res.run("wire.malformed_dropped_and_counted", malformed)

    def fuzz():
        t0 = time.time()
        peer.send_many(byte_frames(random.Random(1234), peer, FUZZ_FRAMES), pace_every=100, pace=0.01)
        peer.drain(2.0)
        healthy(g, peer, 70)
        print("fuzz: %d frames in %.1f s" % (FUZZ_FRAMES, time.time() - t0), flush=True)
    res.run("wire.fuzz_10000_frames_survived", fuzz)

    def fuzz_tcp():
        tcp_setup(g)
        tcp_fuzz(g, peer, 4321, TCP_FUZZ_FRAMES, 5000, False, 30)
    res.run("wire.fuzz_tcp_10000_segments_survived_no_leak", fuzz_tcp)

    def stack_under_half():
        # The receive path runs on the softirq stack: after ping, fragments and
        # the fuzz flood, its deepest use must stay under half (design rule).
        out = g.sh("cat /proc/stack_usage")
        m = re.search(r"^softirq\s+(\d+)\s+(\d+)", out, re.M)
        require(m, "no softirq line in /proc/stack_usage: %r" % out)
        used, size = int(m.group(1)), int(m.group(2))
        print("softirq stack: %d of %d bytes used" % (used, size), flush=True)
        require(0 < used < size // 2, "softirq stack use %d of %d" % (used, size))
        for name, used, size in re.findall(r"^(\S+)\s+(\d+)\s+(\d+)", out, re.M)[1:]:
            require(int(used) < int(size) // 2, "%s stack use %s of %s" % (name, used, size))
    res.run("wire.stack_use_under_half", stack_under_half)

    def e1000_counters():
        out = g.sh("cat /proc/net/e1000_stats")
        m = re.search(r"^gprc (\d+)", out, re.M)
        require(m and int(m.group(1)) > FUZZ_FRAMES // 2, "gprc too small: %s" % (m and m.group(1)))
        m = re.search(r"rx_ring (\d+)/256", out)
        require(m is not None, "no ring line")
    res.run("wire.e1000_stats_visible", e1000_counters)

    def e1000_sw():
        out = g.sh("cat /proc/net/e1000_stats")
        return {k: int(v) for k, v in re.findall(r"^(tx_\w+) (\d+)$", out, re.M)}

    def tcp_bulk_tso():
        # The guest sends 229 KB over TCP (busybox nc) to the peer, which plays
        # the receiver and ACKs every segment. With TSO the e1000 cuts large
        # skbs: every frame on the wire must still be one MSS at most, carry
        # correct IP and TCP checksums, and a TSO skb's frames consecutive IP
        # IDs; the bytes must arrive intact and the TSO counters must move.
        port, my_isn = 9000, 5000
        expected = "".join("%d\n" % i for i in range(1, 40001)).encode()
        before = e1000_sw()
        g.sh("busybox seq 1 40000 > /tmp/tso.dat")
        peer.drain(0.2)
        g.send("busybox nc %s %d < /tmp/tso.dat; echo nc-done-\"\"ok\n" % (PEER_IP, port))
        ours = lambda p: TCP in p and p[TCP].dport == port
        syn = peer.wait_for(lambda p: ours(p) and p[TCP].flags.S, 30)
        require(syn is not None, "no SYN from the guest")
        gport = syn[TCP].sport

        def seg(flags, ack, seq=my_isn + 1):
            return (Ether(dst=GUEST_MAC, src=PEER_MAC) / IP(src=PEER_IP, dst=GUEST_IP) /
                    TCP(sport=port, dport=gport, flags=flags, seq=seq, ack=ack,
                        window=65535, options=[("MSS", 1460)] if flags == "SA" else []))
        rcv_nxt = syn[TCP].seq + 1
        peer.send(seg("SA", rcv_nxt, my_isn))
        got, frames, deadline = b"", [], time.time() + 120
        while len(got) < len(expected) and time.time() < deadline:
            p = peer.wait_for(lambda p: ours(p) and p[TCP].sport == gport, 10)
            if p is None:
                break
            load = p[Raw].load if Raw in p else b""
            if load:
                frames.append(p)
                if p[TCP].seq == rcv_nxt:
                    got += load
                    rcv_nxt += len(load)
            peer.send(seg("A", rcv_nxt))
        peer.send(seg("FA", rcv_nxt))
        fin = peer.wait_for(lambda p: ours(p) and p[TCP].flags.F, 30)
        if fin is not None:
            peer.send(seg("A", fin[TCP].seq + len(fin[Raw].load if Raw in fin else b"") + 1, my_isn + 2))
        g.expect("nc-done-ok", timeout=60)
        g.expect("$ ", timeout=30)
        after = e1000_sw()
        require(got == expected, "stream differs: %d of %d bytes, first difference at %s" % (
            len(got), len(expected), next((i for i, (x, y) in enumerate(zip(got, expected)) if x != y), "end")))
        for p in frames:
            require(len(p[Raw].load) <= 1460, "a %d-byte segment on the wire" % len(p[Raw].load))
            q = Ether(bytes(p))
            del q[IP].chksum
            del q[TCP].chksum
            q = Ether(bytes(q))
            require(q[IP].chksum == p[IP].chksum and q[TCP].chksum == p[TCP].chksum,
                    "bad checksum on seq %d" % p[TCP].seq)
        tso = after["tx_tso"] - before["tx_tso"]
        segs = after["tx_tso_segs"] - before["tx_tso_segs"]
        require(tso > 0 and segs > tso, "no TSO: tx_tso +%d, tx_tso_segs +%d" % (tso, segs))
        # Each TSO skb of n segments puts n - 1 consecutive-ID pairs on the wire.
        pairs = sum(1 for a, b in zip(frames, frames[1:]) if b[IP].id == (a[IP].id + 1) & 0xffff)
        require(pairs >= segs - tso, "%d consecutive IP ID pairs, TSO made %d" % (pairs, segs - tso))
        full = sum(1 for p in frames if len(p[Raw].load) == 1460)
        print("tso: %d data frames (%d full-sized), %d TSO skbs -> %d segments, %d consecutive-ID pairs" % (
            len(frames), full, tso, segs, pairs), flush=True)
        # QEMU's e1000 sends inside the TDT write, so e1000_tx_kick reclaims
        # every descriptor right after the doorbell and never asks for TXDW.
        kicked = after["tx_reclaim_kick"] - before["tx_reclaim_kick"]
        armed = after["tx_irq_armed"] - before["tx_irq_armed"]
        require(kicked >= 2 * tso and armed == 0,
                "tx_reclaim_kick +%d, tx_irq_armed +%d (want >= %d and 0)" % (kicked, armed, 2 * tso))
    res.run("wire.tcp_bulk_tso_segments_intact", tcp_bulk_tso)

    res.check("wire.kernel_healthy", b"Kernel panic" not in g.buf and b"Oops" not in g.buf,
              "panic/oops in %s" % g.log_path)


def pcap_readable(path):
    out = subprocess.run(["tshark", "-r", path, "-c", "1"], capture_output=True, text=True, timeout=60)
    require(out.returncode == 0 and out.stdout.strip(), "tshark: %s" % out.stderr.strip())


def long_fuzz(frames, seed):
    """`make fuzz WIRE=1 FRAMES=.. SEED=..`: the frame fuzzer alone, long."""
    name = "wire_fuzz.%d_frames_seed_%d" % (2 * frames, seed)
    res = Results("wire_fuzz", [name, "wire_fuzz.kernel_healthy"], setup=["wire_fuzz.boot"], argv=[])
    peer = Peer()
    try:
        with Guest("wire_fuzz", append=GUEST_APPEND + " noservices", net=peer.netdev_args()) as g:
            g.expect("$ ", timeout=120)
            peer.drain(1.0)
            tcp_setup(g)
            res.run(name, lambda: tcp_fuzz(g, peer, seed, frames, 20000, True, 150))
            res.check("wire_fuzz.kernel_healthy", b"Kernel panic" not in g.buf and b"Oops" not in g.buf,
                      "panic/oops in %s" % g.log_path)
    except Exception as e:
        res.check("wire_fuzz.boot", False, "(%s: %s)" % (type(e).__name__, e))
    finally:
        peer.close()
    return res.finish()


if len(sys.argv) > 1 and sys.argv[1] == "--fuzz":
    sys.exit(long_fuzz(int(sys.argv[2]) // 2, int(sys.argv[3]) if len(sys.argv) > 3 else 1))

# Two boots; a selected name boots only its own, and runs only itself there
# (and the frame fuzzer before e1000_stats_visible, which counts its frames).
res = Results("wire", PEER_TESTS + ["wire.dhcp_user_net"], setup=["wire.boot"],
              needs={"wire.e1000_stats_visible": ["wire.fuzz_10000_frames_survived"]})
if res.wants(*PEER_TESTS):
    peer = Peer()
    try:
        with Guest("wire", append=GUEST_APPEND + " noservices", net=peer.netdev_args()) as g:
            wire_tests(g, peer)
        res.run("wire.pcap_readable", lambda: pcap_readable(g.pcap))
    except Exception as e:
        res.check("wire.boot", False, "(%s: %s)" % (type(e).__name__, e))
    finally:
        peer.close()


def dhcp_user_net():
    with Guest("wire_dhcp", append="ip=dhcp noservices",
               net=user_net({})) as g:
        g.expect("DHCP lease 10.0.2.15", timeout=120)
    pcap_readable(g.pcap)
res.run("wire.dhcp_user_net", dhcp_user_net)

sys.exit(res.finish())
