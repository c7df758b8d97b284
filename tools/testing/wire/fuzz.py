"""The wire fuzzer's frames (test_wire.py sends them; docs/security.md).

Two families. byte_frames() mutates ready-made ICMP, UDP, ARP and
fragment frames byte by byte: noise, truncation, bit flips in the headers,
random IP length/IHL/fragment fields, random bytes anywhere. TcpFuzz
builds TCP segments field by field - struct.pack, not scapy, so a million
frames cost the host microseconds each - aimed at the guest's listeners,
at connections the harness opened itself (their sequence numbers known,
so a mutation lands inside or just outside the window), and at closed
ports. One kind per segment:

  flags    any of the 256 flag combinations (CWR, ECE, URG, SYN+FIN+RST...)
  options  option lists that lie: lengths of 0, 1, one short, one long or
           past the header; truncated MSS/WScale/SACK/Timestamp; unknown
           kinds; EOL followed by garbage
  doff     data offsets below 5 or beyond the segment
  sack     ACKs whose SACK blocks lie outside the window, reversed,
           straddling snd_una, or more than the option can hold
  wscale   SYNs with window scale 14, 15, 100 or 255 (RFC 7323 caps it at 14)
  window   windows of 0, 1 and 65535 on segments with data
  urgent   URG with pointers 0, inside, past the payload and 65535, and a
           pointer without the flag
  data     data in and out of the window, FIN with data, sequence
           numbers across the 2^32 wrap, ACKs of data never sent
and one segment in 16 carries a wrong checksum (dropped and counted).

Only 10.0.2.2 (the peer) is the source: a hostile LAN peer has its own
address, and other sources would only exercise ARP, which byte_frames
and the ARP tests already do.
"""
import socket
import struct

from .peer import (ARP, Ether, ICMP, IP, Raw, TCP, GUEST_IP, GUEST_MAC, PEER_IP,  # noqa: F401
                   PEER_MAC, fragment)
from .tcp import PeerTcp, seq_add

ETH_HDR = bytes.fromhex(GUEST_MAC.replace(":", "")) + bytes.fromhex(PEER_MAC.replace(":", "")) + b"\x08\x00"
SRC = socket.inet_aton(PEER_IP)
DST = socket.inet_aton(GUEST_IP)
FIN, SYN, RST, PSH, ACK, URG = 0x01, 0x02, 0x04, 0x08, 0x10, 0x20


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def tcp_frame(sport, dport, seq, ack, flags, window, opts=b"", payload=b"", urg=0,
              doff=None, bad_csum=False, ident=0):
    """Ethernet + IPv4 + TCP from 10.0.2.2 to the guest, checksums right unless asked."""
    hlen = 20 + len(opts)
    d = hlen // 4 if doff is None else doff
    seg = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xffffffff, ack & 0xffffffff,
                      (d & 0xf) << 4, flags & 0xff, window, 0, urg) + opts + payload
    c = checksum(SRC + DST + struct.pack("!BBH", 0, 6, len(seg)) + seg)
    if bad_csum:
        c ^= 0x5a5a
    seg = seg[:16] + struct.pack("!H", c) + seg[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(seg), ident & 0xffff, 0x4000, 64, 6, 0, SRC, DST)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    return ETH_HDR + ip + seg


def byte_frames(rng, peer, count):
    """count byte-mutated frames of the ICMP/UDP/ARP/fragment templates (five kinds in turn)."""
    templates = [bytes(peer.echo_request(b"f" * n, seq=n)) for n in (0, 8, 64, 500)]
    big = IP(src=PEER_IP, dst=GUEST_IP, id=0x4000 + 60) / ICMP(type=8, id=0x5eed, seq=60) / Raw(b"g" * 1200)
    templates += [bytes(Ether(dst=GUEST_MAC, src=PEER_MAC) / f) for f in fragment(big, fragsize=400)]
    templates.append(bytes(peer.arp_request()))
    templates.append(bytes(Ether(dst=GUEST_MAC, src=PEER_MAC) / IP(src=PEER_IP, dst=GUEST_IP, proto=17) /
                           Raw(b"u" * 40)))
    guest_mac = bytes.fromhex(GUEST_MAC.replace(":", ""))
    for i in range(count):
        kind = i % 5
        if kind == 0:       # pure noise of any length
            f = bytearray(rng.getrandbits(8) for _ in range(rng.randint(1, 1514)))
        else:
            f = bytearray(rng.choice(templates))
            if kind == 1:   # truncation
                f = f[:rng.randint(1, len(f))]
            elif kind == 2:  # bit flips in the headers
                for _ in range(rng.randint(1, 6)):
                    f[rng.randrange(min(len(f), 64))] ^= 1 << rng.randrange(8)
            elif kind == 3:  # bad lengths / IHL / fragment fields
                off = 14 + rng.choice((0, 2, 3, 6, 7))
                if off < len(f):
                    f[off] = rng.getrandbits(8)
            else:           # random bytes anywhere, frame to us
                for _ in range(rng.randint(1, 20)):
                    f[rng.randrange(len(f))] = rng.getrandbits(8)
                f[0:6] = guest_mac
        yield bytes(f)


class TcpFuzz:
    KINDS = ("flags", "options", "doff", "sack", "wscale", "window", "urgent", "data")

    def __init__(self, rng, listeners, closed):
        self.rng = rng
        self.listeners = listeners
        self.closed = closed
        self.conns = []         # PeerTcp objects the harness opened (established at open)
        self.sent = dict.fromkeys(self.KINDS, 0)

    # ---- connections the harness opens and ends ----

    def open_conns(self, peer, ports, n):
        """n connections to the guest's ports (round robin); kept in self.conns."""
        for i in range(n):
            c = PeerTcp(peer, ports[i % len(ports)], sport=self.rng.randint(20000, 60000))
            c.iss = self.rng.getrandbits(32)
            c.connect()
            self.conns.append(c)

    def reset_conns(self, peer, tries=6):
        """End every connection we opened; returns how many would not end.
        The guest's answer to a probe names its rcv_nxt (RFC 5961 accepts
        an RST only at exactly that sequence): an ACK far outside the
        window draws a duplicate ACK, an RST inside it a challenge ACK; the
        fuzz may have left timestamps that make the guest drop the first
        (PAWS), hence both, in turn. An RST in answer means the connection
        is gone (the listener, or nobody, answers for its four-tuple)."""
        stuck = 0
        peer.drain(0.2)
        for c in self.conns:
            for i in range(tries):
                if i % 2 == 0:
                    peer.send(c.seg("A", seq=seq_add(c.snd_nxt, 0x40000000)))
                else:
                    peer.send(c.seg("R", seq=c.snd_nxt))
                p = c.wait(timeout=1.0)
                if p is not None and p[TCP].flags & RST:
                    break
                if p is not None:
                    peer.send(c.seg("R", seq=p[TCP].ack))
            else:
                stuck += 1
        self.conns = []
        return stuck

    # ---- option lists ----

    def _good_option(self):
        r = self.rng
        k = r.choice(("mss", "ws", "sackok", "ts", "nop", "sack"))
        if k == "mss":
            return struct.pack("!BBH", 2, 4, r.choice((0, 1, 88, 536, 1460, 65535)))
        if k == "ws":
            return struct.pack("!BBB", 3, 3, r.choice((0, 7, 14, 15, 255)))
        if k == "sackok":
            return b"\x04\x02"
        if k == "ts":
            return struct.pack("!BBII", 8, 10, r.getrandbits(32), r.getrandbits(32))
        if k == "nop":
            return b"\x01"
        n = r.randint(1, 4)
        return struct.pack("!BB", 5, 2 + 8 * n) + b"".join(
            struct.pack("!II", r.getrandbits(32), r.getrandbits(32)) for _ in range(n))

    def _lying_option(self):
        r = self.rng
        kind = r.choice((2, 3, 4, 5, 8, 0, 1, 6, 19, 28, 30, 34, 253, r.getrandbits(8)))
        real = {2: 4, 3: 3, 4: 2, 5: 10, 8: 10}.get(kind, 4)
        length = r.choice((0, 1, 2, real - 1, real + 1, 39, 40, 41, 255, r.getrandbits(8)))
        body = bytes(r.getrandbits(8) for _ in range(r.randint(0, 12)))
        return bytes((kind, length & 0xff)) + body

    def options(self, lie):
        parts = [self._good_option() for _ in range(self.rng.randint(0, 3))]
        if lie:
            parts.insert(self.rng.randint(0, len(parts)), self._lying_option())
            if self.rng.random() < 0.2:
                parts.append(b"\x00" + bytes(self.rng.getrandbits(8) for _ in range(5)))  # EOL, then garbage
        opts = b"".join(parts)[:40]
        return opts + b"\x00" * (-len(opts) % 4)

    # ---- segments ----

    def _payload(self):
        r = self.rng
        return r.randbytes(r.choice((0, 0, 1, r.randint(2, 200), r.randint(200, 1400))))

    def _near(self, base, window=65535):
        """A sequence number in, at the edge of, or far outside a window at base."""
        r = self.rng
        return seq_add(base, r.choice((0, 0, 1, -1, r.randint(1, window), -r.randint(1, window),
                                       window, window + 1, 1 << 31, r.getrandbits(32))))

    def frame(self):
        r = self.rng
        kind = self.KINDS[r.randrange(len(self.KINDS))]
        self.sent[kind] += 1
        where = r.random()
        if self.conns and where < 0.5:
            c = r.choice(self.conns)
            sport, dport = c.sport, c.gport
            seq, ack = self._near(c.snd_nxt), self._near(c.rcv_nxt or 0)
            flags = ACK | (PSH if r.random() < 0.5 else 0)
        else:
            sport = r.randint(1024, 65535)
            dport = r.choice(self.listeners) if where < 0.85 or not self.closed else r.choice(self.closed)
            seq, ack = r.getrandbits(32), r.getrandbits(32)
            flags = SYN if r.random() < 0.6 else r.getrandbits(8)
        window, urg, doff, payload = r.choice((0, 512, 65535)), 0, None, b""
        opts = self.options(lie=False) if r.random() < 0.3 else b""
        if kind == "flags":
            flags = r.getrandbits(8)
            payload = self._payload()
        elif kind == "options":
            opts = self.options(lie=True)
        elif kind == "doff":
            payload = self._payload()
            doff = r.choice((0, 1, 2, 3, 4, 15, r.randint(5, 15)))
        elif kind == "sack":
            base = seq_add(ack, 0)
            blocks = []
            for _ in range(r.randint(1, 5)):
                left = self._near(base, 1 << 20)
                right = seq_add(left, r.choice((0, 1, 1460, -1460, r.getrandbits(32))))
                blocks.append(struct.pack("!II", left, right))
            opts = b"\x01\x01" + struct.pack("!BB", 5, 2 + 8 * len(blocks)) + b"".join(blocks)
            opts = opts[:40]
            opts += b"\x00" * (-len(opts) % 4)
            flags |= ACK
        elif kind == "wscale":
            flags = SYN | (ACK if r.random() < 0.2 else 0)
            opts = struct.pack("!BBHBBBB", 2, 4, 1460, 1, 3, 3, r.choice((14, 15, 100, 255)))
        elif kind == "window":
            window = r.choice((0, 0, 1, 65535))
            payload = self._payload()
        elif kind == "urgent":
            payload = self._payload()
            urg = r.choice((0, 1, len(payload), len(payload) + 1, 65535, r.getrandbits(16)))
            if r.random() < 0.8:
                flags |= URG
        else:
            payload = self._payload()
            if r.random() < 0.3:
                flags |= FIN
            if r.random() < 0.2:
                seq = seq_add(seq, (1 << 32) - r.randint(0, len(payload) + 1))   # across the wrap
        return tcp_frame(sport, dport, seq, ack, flags, window, opts, payload, urg, doff,
                         bad_csum=r.random() < 1 / 16, ident=r.getrandbits(16))

    def frames(self, count):
        for _ in range(count):
            yield self.frame()
