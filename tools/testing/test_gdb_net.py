#!/usr/bin/env python3
"""Tier 4 (debugging): the network gdb helpers (tools/gdb/sockeye_net.py,
docs/debugging.md) on a real guest, in batch gdb on the debug kernel.

One boot with the services: at the first e1000 interrupt (the boot's DHCP)
netdev, rxring and txring; at the first received frame skb-dump and the
net_device/napi_struct printers; then, with tcp-trace on, the test types
`echo hello | nc 127.0.0.1 7` on the console and stops when tcpsvcd's
accept takes the connection off the listener's queue (reqsk_queue_remove):
sockets, the request_sock_queue and sock printers, and tcp-trace's lines
for the handshake. `--list` lists the tests; names pick some.
"""
import re
import sys
from sockeye_qemu import Results, require
from gdb_session import batch, build_debug_kernel, section, wait_for

CMDS = [
    "break e1000_intr", "continue", "delete",
    "echo ==netdev\\n", "netdev",
    "echo ==rxring-first\\n", "rxring eth0 4",
    "echo ==txring\\n", "txring eth0 all",
    "echo ==badring\\n", "rxring eth9",
    "break netif_receive_skb", "continue", "delete",
    "echo ==skb\\n", "skb-dump skb",
    "echo ==rxring\\n", "rxring eth0 all",
    "echo ==dev\\n", "print *skb->dev",
    "echo ==napi\\n", "print e1000_adapters->napi",
    "echo ==trace-on\\n", "tcp-trace",
    "break reqsk_queue_remove", "continue",
    "echo ==queue\\n", "print *queue",
    "echo ==listener\\n", "print *parent",
    "echo ==socket\\n", "print *parent->sk_socket",
    "echo ==sockets\\n", "sockets",
    "echo ==udp\\n", "sockets udp",
    "echo ==end\\n", "tcp-trace off", "kill",
]


def drive(con):
    con.sendall(b"\n")
    wait_for(con, b"$ ", "(the shell's prompt)")
    con.sendall(b"echo hello | nc 127.0.0.1 7\n")


_out = None


def out():
    global _out
    if _out is None:
        _out = batch("gdb_net", CMDS, append="", timeout=150, driver=drive)
    return _out


def netdev():
    s = section(out(), "netdev")
    require(re.search(r"^\(struct net_device \*\) 0x[0-9a-f]+ eth0 ifindex \d+ <UP\|BROADCAST\|RUNNING\|MULTICAST> "
                     r"state START mtu 1500 mac 52:54:00:12:34:56 inet 0\.0\.0\.0/0", s, re.M), s)
    require(re.search(r"^\(struct net_device \*\) 0x[0-9a-f]+ lo ifindex 1 <UP\|LOOPBACK\|RUNNING>", s, re.M), s)
    require(re.search(r"^    \(struct napi_struct \*\) 0x[0-9a-f]+ napi_id \d+ dev eth0 state 0 weight 64 "
                     r"poll e1000_poll", s, re.M), s)


ROW = r"^  \[\s*(\d+)\] buf 0x[0-9a-f]+ len\s+(\d+) status (\S+)\s+errors (\S+)\s+skb 0x[0-9a-f]+"


def rxring_first_frame():
    """At the first interrupt (DHCP's offer arrived) the NIC has filled slot 0
    (RDH moved on) and the driver has not taken it yet; 255 buffers were given."""
    s = section(out(), "rxring-first")
    require(re.search(r"^eth0 rx ring: 256 descriptors at 0x[0-9a-f]+, next_to_clean 0, next_to_use 255, "
                     r"RDH 1, RDT 255", s, re.M), s)
    rows = re.findall(ROW, s, re.M)
    require([r[0] for r in rows] == ["0", "1", "2", "3"], s)
    require(rows[0][1] == "590" and rows[0][2].startswith("DD|EOP") and all(r[2] == "0" for r in rows[1:]), s)


def rxring():
    """At netif_receive_skb for the DHCP offer: the NIC filled slot 0 (RDH moved on),
    the driver took it (next_to_clean 1) and cleared its status, its length stays."""
    s = section(out(), "rxring")
    require(re.search(r"^eth0 rx ring: 256 descriptors at 0x[0-9a-f]+, next_to_clean 1, next_to_use 255, "
                     r"RDH 1, RDT 255", s, re.M), s[:300])
    rows = re.findall(ROW, s, re.M)
    require(len(rows) == 256, s[:500])
    slot0 = [r for r in rows if r[0] == "0"][0]
    require(slot0[2] == "0" and slot0[3] == "0" and int(slot0[1]) > 300, slot0)


def txring():
    """The DHCP discover went out before the first interrupt, and e1000_tx_kick
    reclaimed its descriptor right after the doorbell: both indexes are past it
    and its slot is zeroed (QEMU sends inside the TDT write; no TXDW needed)."""
    s = section(out(), "txring")
    require(re.search(r"^eth0 tx ring: 256 descriptors at 0x[0-9a-f]+, next_to_clean 1, next_to_use 1, "
                     r"TDH 1, TDT 1", s, re.M), s)
    require(re.search(r"^  \[  0\] data buf 0x0+ len\s+0 cmd 0\s+popts 0\s+-- skb 0x0+\s*$", s, re.M), s)
    require(re.search(r"^  \[  1\] data buf 0x0+ len\s+0 cmd 0\s+popts 0\s+-- skb 0x0+ <- next_to_clean <- next_to_use",
                      s, re.M), s)
    require(len(re.findall(r"^  \[", s, re.M)) == 256, "all: every descriptor")


def bad_ring():
    require("no e1000 adapter named eth9" in section(out(), "badring"), '"no e1000 adapter named eth9" in section(out(), "badring")')


def skb_dump():
    s = section(out(), "skb")
    require(re.search(r"^sk_buff 0x[0-9a-f]+: len \d+, \d+ bytes from head\+\d+ \(MAC header\), protocol 0x0800, dev eth0", s, re.M), s)
    require(re.search(r"^  0000  52 54 00 12 34 56 ", s, re.M) or re.search(r"^  00[0-9a-f]{2}  ff ff ff ff ff ff |^  00[0-9a-f]{2}  52 54 00 12 34 56 ", s, re.M), s)
    require(re.search(r"^Ethernet 52:55:0a:00:02:02 -> \S+ type 0x0800$", s, re.M), s)
    require(re.search(r"^IPv4 10\.0\.2\.2 -> \S+ proto 17 ihl 20 ", s, re.M), s)
    require(re.search(r"^UDP 67 -> 68 len \d+", s, re.M), s)


def netdev_printer():
    require(re.search(r"= net_device \{eth0 ifindex \d+ <UP", section(out(), "dev")), section(out(), "dev"))


def napi_printer():
    s = section(out(), "napi")
    require(re.search(r"= napi_struct \{napi_id \d+ dev eth0 state SCHED weight 64 poll e1000_poll poll_calls \d+\}", s), s)


def tcp_trace():
    s = section(out(), "trace-on")
    require("tcp-trace on: tcp_set_state, tcp_transmit_skb, tcp_rcv_state_process" in s, s)
    client = r"127\.0\.0\.1:\d+->127\.0\.0\.1:7"
    require(re.search(r"^tcp-trace state 0x[0-9a-f]+ %s: CLOSE -> SYN_SENT" % client, s, re.M), s)
    require(re.search(r"^tcp-trace send  0x[0-9a-f]+ %s: seq \d+-\d+ \[SYN\] len 0" % client, s, re.M), s)
    require(re.search(r"^tcp-trace recv  0x[0-9a-f]+ 0\.0\.0\.0:7->0\.0\.0\.0:0 \(LISTEN\): seq \d+-\d+ \[SYN\]", s, re.M), s)
    require(re.search(r"^tcp-trace state 0x[0-9a-f]+ %s: SYN_SENT -> ESTABLISHED" % client, s, re.M), s)


def queue_printer():
    s = section(out(), "queue")
    require(re.search(r"= request_sock_queue \{SYN queue 0 \(young 0\), accept queue 1\}\n"
                     r"  \[0\] \(struct request_sock \*\) 0x[0-9a-f]+ \{NEW_SYN_RECV 127\.0\.0\.1:7 -> 127\.0\.0\.1:\d+ "
                     r"isn ours \d+ peer \d+ mss \d+ retrans 0 child 0x[0-9a-f]+\}", s), s)


def sock_printers():
    s = section(out(), "listener")
    require(re.search(r"= sock \{tcp LISTEN  0\.0\.0\.0:7 -> 0\.0\.0\.0:0; accept queue 1 \(full above "
                     r"sk_max_ack_backlog 16\), SYN queue 0", s), s)
    s = section(out(), "socket")
    require(re.search(r"= socket \{SS_UNCONNECTED, STREAM, file 0x[0-9a-f]+, sk: sock \{tcp LISTEN", s), s)


def sockets():
    s = section(out(), "sockets")
    require(re.search(r"^tcp\s+LISTEN\s+1\s+16\s+\*:7\s+\*:\*\s+0x[0-9a-f]+ syn_queue 0", s, re.M), s)
    require(re.search(r"^tcp\s+LISTEN\s+0\s+1\s+\*:5000\s", s, re.M), s)
    require(re.search(r"^tcp\s+ESTABLISHED\s+0\s+0\s+127\.0\.0\.1:\d+\s+127\.0\.0\.1:7\s", s, re.M), s)
    require(re.search(r"^tcp\s+ESTABLISHED\s+\d+\s+0\s+127\.0\.0\.1:7\s+127\.0\.0\.1:\d+\s", s, re.M), s)
    require(re.search(r"^udp\s+UNCONN\s+0\s+0\s+\*:7\s", s, re.M), s)
    require(re.search(r"^\d+ sockets$", s, re.M), s)
    u = section(out(), "udp")
    require("tcp " not in u and re.search(r"^udp\s+UNCONN", u, re.M), u)


TESTS = [("gdb_net.netdev", netdev), ("gdb_net.rxring_first_frame", rxring_first_frame), ("gdb_net.rxring", rxring), ("gdb_net.txring", txring),
         ("gdb_net.unknown_device", bad_ring), ("gdb_net.skb_dump", skb_dump),
         ("gdb_net.net_device_printer", netdev_printer), ("gdb_net.napi_printer", napi_printer),
         ("gdb_net.tcp_trace", tcp_trace), ("gdb_net.request_sock_queue_printer", queue_printer),
         ("gdb_net.sock_printers", sock_printers), ("gdb_net.sockets", sockets)]
res = Results("gdb_net", [name for name, _ in TESTS])     # --list exits here, before the build
build_debug_kernel()
for name, fn in TESTS:     # those that read out() share one gdb session, started by the first
    res.run(name, fn)
sys.exit(res.finish())
