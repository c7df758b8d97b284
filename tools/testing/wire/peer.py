"""A host on the guest's LAN, played from Python over QEMU's `-netdev socket,udp=`.

QEMU sends every Ethernet frame the guest transmits as one UDP datagram to
127.0.0.1:peer_port (from 127.0.0.1:qemu_port) and takes every datagram it
receives there as one frame for the guest. So the peer is a UDP socket:
send() puts raw frame bytes on the wire, recv()/wait_for() read frames and
parse them with scapy. The peer answers the guest's ARP requests for its
own address by itself, so a test only sees what it asked about.

Only 127.0.0.1 is used. Frames are bytes or scapy packets.
"""
import os
import select
import socket
import time

from scapy.all import ARP, Ether, ICMP, IP, TCP, UDP, Raw, fragment  # noqa: F401 (re-exported for tests)

GUEST_MAC = "52:54:00:12:34:56"
GUEST_IP = "10.0.2.15"
PEER_MAC = "52:55:0a:00:02:02"
PEER_IP = "10.0.2.2"
GUEST_APPEND = "ip=10.0.2.15::10.0.2.2:255.255.255.0::eth0:off"


def free_udp_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Peer:
    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.qemu_port = free_udp_port()
        self.arp_replies_sent = 0

    def netdev_args(self, mac=GUEST_MAC):
        """QEMU arguments: the guest's e1000 on a socket netdev pointing at us."""
        return ["-netdev", "socket,id=n0,udp=127.0.0.1:%d,localaddr=127.0.0.1:%d"
                % (self.port, self.qemu_port),
                "-device", "e1000,netdev=n0,mac=" + mac]

    def send(self, frame):
        data = bytes(frame)
        while True:
            try:
                self.sock.sendto(data, ("127.0.0.1", self.qemu_port))
                return
            except BlockingIOError:
                time.sleep(0.001)
            except OSError as e:   # ECONNREFUSED from an earlier ICMP port unreachable
                if e.errno != 111:
                    raise

    def send_many(self, frames, pace_every=64, pace=0.002):
        """Send a batch fast; a short pause every pace_every frames keeps the
        socket buffer (and QEMU's queue) from overflowing into pure loss."""
        for n, f in enumerate(frames):
            self.send(f)
            if pace_every and n % pace_every == pace_every - 1:
                time.sleep(pace)
                self.drain(0)

    def _recv_raw(self, timeout):
        r, _, _ = select.select([self.sock], [], [], max(timeout, 0))
        if not r:
            return None
        try:
            return self.sock.recv(65536)
        except OSError:
            return None

    def _auto_arp(self, pkt):
        """Answer the guest's who-has for our address. True if pkt was that."""
        if ARP in pkt and pkt[ARP].op == 1 and pkt[ARP].pdst == PEER_IP:
            self.send(Ether(dst=pkt[ARP].hwsrc, src=PEER_MAC) /
                      ARP(op=2, hwsrc=PEER_MAC, psrc=PEER_IP, hwdst=pkt[ARP].hwsrc, pdst=pkt[ARP].psrc))
            self.arp_replies_sent += 1
            return True
        return False

    def drain(self, timeout=0.0):
        """Read (and answer ARP in) everything that arrives within timeout; return the frames."""
        got = []
        deadline = time.time() + timeout
        while True:
            data = self._recv_raw(deadline - time.time())
            if data is None:
                return got
            pkt = Ether(data)
            if not self._auto_arp(pkt):
                got.append(pkt)

    def wait_for(self, match, timeout=5.0):
        """First frame for which match(pkt) is true, or None after timeout."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            data = self._recv_raw(deadline - time.time())
            if data is None:
                continue
            pkt = Ether(data)
            if self._auto_arp(pkt):
                continue
            if match(pkt):
                return pkt
        return None

    # ---- ready-made frames ----

    def arp_request(self, target=GUEST_IP):
        return (Ether(dst="ff:ff:ff:ff:ff:ff", src=PEER_MAC) /
                ARP(op=1, hwsrc=PEER_MAC, psrc=PEER_IP, hwdst="00:00:00:00:00:00", pdst=target))

    def echo_request(self, payload=b"", ident=0x5eed, seq=1, **ip):
        return (Ether(dst=GUEST_MAC, src=PEER_MAC) / IP(src=PEER_IP, dst=GUEST_IP, **ip) /
                ICMP(type=8, id=ident, seq=seq) / Raw(payload))

    @staticmethod
    def is_echo_reply(ident, seq, payload=None):
        def match(p):
            if IP not in p or ICMP not in p or p[ICMP].type != 0:
                return False
            if p[ICMP].id != ident or p[ICMP].seq != seq:
                return False
            return payload is None or bytes(p[ICMP].payload) == payload
        return match

    def ping(self, payload=b"", ident=0x5eed, seq=1, timeout=5.0):
        self.send(self.echo_request(payload, ident, seq))
        return self.wait_for(self.is_echo_reply(ident, seq, payload), timeout)

    def close(self):
        self.sock.close()
