"""A hand-driven TCP endpoint for the wire peer (wire/peer.py).

The peer has no kernel socket on its side of the LAN (frames travel as UDP
datagrams on 127.0.0.1), so nothing on the host answers for it: every
segment the guest sees is one a test built on purpose, and a SYN-ACK the
test ignores stays unanswered. PeerTcp keeps just enough state for that:
the four-tuple, snd_nxt/rcv_nxt, and the guest's options. It never
retransmits by itself; tests decide what to send, drop or reorder.

pattern(off, n) is the byte stream user/tcpdemo.c sends and checks.
"""
import random
import time

from scapy.all import TCP  # noqa: F401 (re-exported)
from .peer import Ether, IP, Raw, GUEST_IP, GUEST_MAC, PEER_IP, PEER_MAC


def pattern(off, n):
    """Bytes off..off+n of tcpdemo's test pattern: byte i = (i + i // 251) & 0xff."""
    return bytes((i + i // 251) & 0xff for i in range(off, off + n))


def seq_add(a, b):
    return (a + b) & 0xffffffff


def seq_diff(a, b):
    """a - b in sequence space, as a signed number."""
    d = (a - b) & 0xffffffff
    return d - (1 << 32) if d & 0x80000000 else d


class PeerTcp:
    def __init__(self, peer, gport, sport=None, src=PEER_IP, src_mac=PEER_MAC):
        self.peer = peer
        self.gport = gport
        self.sport = sport or random.randint(20000, 60000)
        self.src = src
        self.src_mac = src_mac
        self.iss = random.getrandbits(32)
        self.snd_nxt = self.iss
        self.rcv_nxt = None
        self.synack = None
        self.window = 65535

    # ---- building and matching segments ----

    def seg(self, flags="A", payload=b"", seq=None, ack=None, window=None, options=None):
        if seq is None:
            seq = self.snd_nxt
        if ack is None:
            ack = self.rcv_nxt or 0
        t = TCP(sport=self.sport, dport=self.gport, flags=flags, seq=seq,
                ack=ack if "A" in flags else 0,
                window=self.window if window is None else window, options=options or [])
        p = Ether(dst=GUEST_MAC, src=self.src_mac) / IP(src=self.src, dst=GUEST_IP) / t
        if payload:
            p = p / Raw(payload)
        return p

    def mine(self, p):
        return (IP in p and TCP in p and p[IP].src == GUEST_IP and p[IP].dst == self.src and
                p[TCP].sport == self.gport and p[TCP].dport == self.sport)

    def wait(self, match=lambda p: True, timeout=5.0):
        """The next segment of this connection that satisfies match, or None."""
        return self.peer.wait_for(lambda p: self.mine(p) and match(p), timeout)

    def send(self, flags="A", payload=b"", advance=True, **kw):
        self.peer.send(self.seg(flags, payload, **kw))
        if advance and kw.get("seq") is None:
            self.snd_nxt = seq_add(self.snd_nxt, len(payload) + ("S" in flags) + ("F" in flags))

    # ---- handshakes ----

    def syn(self, options=None):
        """Send our SYN (default options: MSS 1460, SACK, timestamps, wscale 7)."""
        if options is None:
            options = [("MSS", 1460), ("SAckOK", b""), ("Timestamp", (1000, 0)),
                       ("NOP", None), ("WScale", 7)]
        self.snd_nxt = self.iss
        self.send("S", options=options)

    def connect(self, options=None, timeout=10.0):
        """Active open towards a guest listener; returns the SYN-ACK."""
        self.syn(options)
        p = self.wait(lambda p: p[TCP].flags & 0x12 == 0x12, timeout)
        if p is None:
            raise AssertionError("no SYN-ACK from port %d" % self.gport)
        self.synack = p
        self.rcv_nxt = seq_add(p[TCP].seq, 1)
        self.send("A")
        return p

    def accept(self, syn, window=65535, sack=True):
        """Passive open: answer the guest's SYN (already received) with our SYN-ACK."""
        self.gport = syn[TCP].sport
        self.sport = syn[TCP].dport
        self.rcv_nxt = seq_add(syn[TCP].seq, 1)
        self.snd_nxt = self.iss
        self.window = window
        options = [("MSS", 1460)]
        if sack:
            options += [("NOP", None), ("NOP", None), ("SAckOK", b"")]
        self.send("SA", options=options)

    # ---- data ----

    def payload_of(self, p):
        return bytes(p[TCP].payload) if p[TCP].payload else b""

    def receive(self, nbytes, timeout=60.0, ack_every=1, ack_delay=0.0, window=None, until_fin=False):
        """Collect nbytes of in-order data from the guest, ACKing as we go.

        Out-of-order or duplicate segments are answered with a duplicate ACK
        (they ask for a retransmission); ack_delay slows every ACK down, which
        is how a test plays a slow receiver. Returns (data, fin_seen)."""
        data = bytearray()
        fin = False
        unacked = 0
        deadline = time.time() + timeout
        while (len(data) < nbytes or (until_fin and not fin)) and time.time() < deadline:
            p = self.wait(timeout=deadline - time.time())
            if p is None:
                break
            t = p[TCP]
            load = self.payload_of(p)
            if t.seq == self.rcv_nxt and (load or t.flags & 0x01):
                data += load
                self.rcv_nxt = seq_add(self.rcv_nxt, len(load))
                if t.flags & 0x01:
                    self.rcv_nxt = seq_add(self.rcv_nxt, 1)
                    fin = True
                unacked += 1
                if unacked >= ack_every or fin or len(data) >= nbytes:
                    if ack_delay:
                        time.sleep(ack_delay)
                    self.send("A", window=window)
                    unacked = 0
            elif load or t.flags & 0x01:
                self.send("A", window=window)      # duplicate ACK: still want rcv_nxt
        return bytes(data), fin

    def send_stream(self, data, mss=1000):
        """Cut data into mss-sized segments (not sent); returns [(seq, bytes)]."""
        out = []
        for off in range(0, len(data), mss):
            out.append((seq_add(self.snd_nxt, off), data[off:off + mss]))
        return out
