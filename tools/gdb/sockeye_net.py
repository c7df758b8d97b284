"""gdb helpers for Sockeye's network stack; loaded after tools/gdb/sockeye.py
(whose helpers it uses: gdb sources both into one namespace, __main__).

Commands:
  sockets [tcp|udp|raw|icmp|unix]
                      every socket in the protocol tables, like `ss -a`: netid,
                      state, Recv-Q/Send-Q (as ss shows them), local and peer
                      address, the struct sock's address
  netdev              every net_device on dev_base_head: flags by name, MTU,
                      MAC, IPv4 address, counters, qdisc, its NAPI instances
  rxring DEV [N|all]  the e1000 receive ring of DEV (e.g. eth0): RDH/RDT, the
                      driver's indexes, then N descriptors from next_to_clean
                      (default 8) with status and error bits by name
  txring DEV [N|all]  the same for the transmit ring (from next_to_clean):
                      data/context descriptors, DCMD bits, DD
  skb-dump SKB        an sk_buff's bytes in hex, then its headers decoded:
                      Ethernet, ARP, IPv4, ICMP, UDP, TCP
  tcp-trace [SK|off]  print, without stopping, what TCP connections do: state
                      changes (tcp_set_state), segments sent (tcp_transmit_skb)
                      and received (tcp_rcv_state_process), for one socket
                      or all; `tcp-trace off` removes the breakpoints
Pretty-printers: struct socket, sock, inet_sock, request_sock,
request_sock_queue, net_device, napi_struct (tcp_sock is in sockeye.py).
`p/r` prints any of them raw.

Names follow the kernel's (include/net/*.h, drivers/e1000_hw.h); numbers
that gdb cannot read from macros are repeated here with their header.
"""
import gdb
from __main__ import (KernelCommand, cstr, ip4, ntohs, list_for_each, container_of,
                      tcp_state_name, tcp_summary, TCP_LISTEN)

# include/linux/socket.h, include/uapi/in.h, include/linux/net.h
AF_UNIX, AF_INET = 1, 2
IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP = 1, 6, 17
SOCK_TYPES = {1: "STREAM", 2: "DGRAM", 3: "RAW", 5: "SEQPACKET"}
SS_STATES = ["SS_FREE", "SS_UNCONNECTED", "SS_CONNECTING", "SS_CONNECTED", "SS_DISCONNECTING"]
TCP_TIME_WAIT, TCP_NEW_SYN_RECV = 6, 12
IFF_NAMES = [(0x1, "UP"), (0x2, "BROADCAST"), (0x4, "DEBUG"), (0x8, "LOOPBACK"),
             (0x10, "POINTOPOINT"), (0x40, "RUNNING"), (0x80, "NOARP"), (0x100, "PROMISC"),
             (0x1000, "MULTICAST")]
LINK_STATES = ["START", "NOCARRIER", "DRV_XOFF", "QUEUE_SCHED"]	# enum netdev_state_t
NAPI_STATES = ["SCHED", "DISABLE", "IN_BUSY_POLL"]			# NAPI_STATE_*
SKB_HDR_UNSET = 0xffff
# drivers/e1000_hw.h
RXD_STAT = [(0x01, "DD"), (0x02, "EOP"), (0x04, "IXSM"), (0x08, "VP"), (0x10, "UDPCS"),
            (0x20, "TCPCS"), (0x40, "IPCS"), (0x80, "PIF")]
RXD_ERR = [(0x01, "CE"), (0x02, "SE"), (0x04, "SEQ"), (0x10, "CXE"), (0x20, "TCPE"),
           (0x40, "IPE"), (0x80, "RXE")]
TXD_DTYP_D, TXD_CMD_DEXT = 0x00100000, 0x20000000
TXD_DCMD = [(0x01000000, "EOP"), (0x02000000, "IFCS"), (0x04000000, "TSE"), (0x08000000, "RS"),
            (0x20000000, "DEXT"), (0x80000000, "IDE")]
TXD_POPTS = [(0x01, "IXSM"), (0x02, "TXSM")]
E1000_RDH, E1000_RDT, E1000_TDH, E1000_TDT = 0x2810, 0x2818, 0x3810, 0x3818
TCPHDR = [(0x01, "FIN"), (0x02, "SYN"), (0x04, "RST"), (0x08, "PSH"), (0x10, "ACK"),
          (0x20, "URG"), (0x40, "ECE"), (0x80, "CWR")]


def bits(v, names):
    s = [n for b, n in names if v & b]
    return "|".join(s) if s else "0"


def bitnums(v, names):
    s = [n for i, n in enumerate(names) if v & (1 << i)]
    return "|".join(s) if s else "0"


def ptr(v, type_name):
    """v (a value or an address) as a `type_name *`."""
    return gdb.Value(int(v)).cast(gdb.lookup_type(type_name).pointer())


def mac(arr):
    return ":".join("%02x" % (int(arr[i]) & 0xff) for i in range(6))


def atomic(v):
    return int(v["counter"])


# ---- sockets ----

def hlist_socks(head):
    """Each struct sock * on an hlist_head whose nodes are skc_node (sk_node)."""
    off = int(gdb.parse_and_eval("&((struct sock *)0)->__sk_common.skc_node"))
    node = head["first"]
    seen = 0
    while int(node):
        yield ptr(int(node) - off, "struct sock")
        node = node["next"]
        seen += 1
        if seen > 100000:
            raise gdb.GdbError("hash chain does not end")


def table_socks(expr, size=None):
    """Every sock in a table of hlist_heads (or in one hlist_head)."""
    t = gdb.parse_and_eval(expr)
    if size is None:
        yield from hlist_socks(t)
        return
    for i in range(size):
        yield from hlist_socks(t[i])


def addr_port(addr, port):
    return "%s:%s" % (ip4(addr) if int(addr) else "*", port if port else "*")


def sock_row(netid, sk):
    """netid, state, recv-q, send-q, local, peer, extra for one inet sock."""
    c = sk["__sk_common"]
    state = int(c["skc_state"])
    local = addr_port(c["skc_rcv_saddr"], int(c["skc_num"]))
    peer = addr_port(c["skc_daddr"], ntohs(c["skc_dport"]))
    extra = ""
    if netid == "tcp" and state in (TCP_TIME_WAIT, TCP_NEW_SYN_RECV):
        return (netid, tcp_state_name(state), 0, 0, local, peer, "minisock")
    if netid == "tcp":
        tp = ptr(sk, "struct tcp_sock").dereference()
        if state == TCP_LISTEN:
            q = tp["inet_conn"]["icsk_accept_queue"]
            rq, sq = int(sk["sk_ack_backlog"]), int(sk["sk_max_ack_backlog"])
            extra = "syn_queue %d" % atomic(q["qlen"])
        else:
            rq = (int(tp["rcv_nxt"]) - int(tp["copied_seq"])) & 0xffffffff
            sq = (int(tp["write_seq"]) - int(tp["snd_una"])) & 0xffffffff
            extra = "cwnd %d rto %d" % (int(tp["snd_cwnd"]), int(tp["inet_conn"]["icsk_rto"]))
        return (netid, tcp_state_name(state), rq, sq, local, peer, extra)
    st = {1: "ESTAB", 7: "UNCONN"}.get(state, tcp_state_name(state))
    return (netid, st, atomic(sk["sk_rmem_alloc"]), atomic(sk["sk_wmem_alloc"]), local, peer, extra)


def unix_path(sk):
    u = ptr(sk, "struct unix_sock")
    a = u["addr"]
    if not int(a):
        return "*"
    n = int(a["len"]) - 2		# sun_family is 2 bytes
    path = a["name"][0]["sun_path"]
    raw = bytes(int(path[i]) & 0xff for i in range(max(0, min(n, 108))))
    if raw[:1] == b"\0":
        return "@" + raw[1:].decode(errors="replace")	# abstract, as ss shows it
    return raw.split(b"\0", 1)[0].decode(errors="replace")


def unix_row(sk):
    u = ptr(sk, "struct unix_sock")
    kind = {1: "u_str", 2: "u_dgr", 5: "u_seq"}.get(int(sk["sk_type"]), "u_?")
    state = int(sk["__sk_common"]["skc_state"])
    st = {1: "ESTAB", 7: "UNCONN", 10: "LISTEN"}.get(state, tcp_state_name(state))
    peer = unix_path(u["peer"]) if int(u["peer"]) else "*"
    q = sk["sk_receive_queue"]
    sq = int(sk["sk_max_ack_backlog"]) if state == TCP_LISTEN else atomic(sk["sk_wmem_alloc"])
    return (kind, st, int(q["qlen"]), sq, unix_path(sk), peer, "")


def all_sockets(which):
    if which in ("", "tcp"):
        for sk in table_socks("tcp_hashinfo.lhash", int(gdb.parse_and_eval("sizeof(tcp_hashinfo.lhash)/sizeof(tcp_hashinfo.lhash[0])"))):
            yield sk, sock_row("tcp", sk)
        for sk in table_socks("tcp_hashinfo.ehash", int(gdb.parse_and_eval("sizeof(tcp_hashinfo.ehash)/sizeof(tcp_hashinfo.ehash[0])"))):
            yield sk, sock_row("tcp", sk)
    if which in ("", "udp"):
        for sk in table_socks("udp_table.hash", int(gdb.parse_and_eval("sizeof(udp_table.hash)/sizeof(udp_table.hash[0])"))):
            yield sk, sock_row("udp", sk)
    if which in ("", "raw"):
        for sk in table_socks("raw_list.head"):
            yield sk, sock_row("raw", sk)
    if which in ("", "icmp"):
        for sk in table_socks("ping_table.head"):
            yield sk, sock_row("icmp", sk)
    if which in ("", "unix"):
        n = int(gdb.parse_and_eval("sizeof(unix_socket_table)/sizeof(unix_socket_table[0])"))
        for sk in table_socks("unix_socket_table", n):
            yield sk, unix_row(sk)


class SocketsCommand(KernelCommand):
    """sockets [tcp|udp|raw|icmp|unix]: every socket in the protocol tables, like ss -a.
Recv-Q/Send-Q as ss shows them: for a TCP listener the accept queue and its
limit (sk_max_ack_backlog), for a TCP connection unread and unacknowledged
bytes, for UDP/raw/ping the bytes charged to the socket, for AF_UNIX queued
skbs. SYN_RECV request_socks and TIME_WAIT minisocks are in the TCP list."""

    def __init__(self):
        super().__init__("sockets", gdb.COMMAND_DATA)

    def run(self, arg, from_tty):
        which = arg.strip()
        if which not in ("", "tcp", "udp", "raw", "icmp", "unix"):
            raise gdb.GdbError("usage: sockets [tcp|udp|raw|icmp|unix]")
        print("%-6s %-12s %6s %6s %-22s %-22s %-10s %s" % ("Netid", "State", "Recv-Q", "Send-Q",
              "Local", "Peer", "sock", ""))
        n = 0
        for sk, row in all_sockets(which):
            netid, st, rq, sq, local, peer, extra = row
            print("%-6s %-12s %6d %6d %-22s %-22s 0x%08x %s" % (netid, st, rq, sq, local, peer,
                                                                  int(sk), extra))
            n += 1
        print("%d sockets" % n)


# ---- pretty-printers ----

def sock_summary(sk):
    """One line for any struct sock value, by family and protocol."""
    c = sk["__sk_common"]
    fam = int(c["skc_family"])
    if fam == AF_UNIX:
        kind, st, rq, sq, local, peer, _ = unix_row(sk.address)
        return "sock {%s %s %s -> %s, queued %d}" % (kind, st, local, peer, rq)
    proto = int(sk["sk_protocol"])
    state = int(c["skc_state"])
    if fam == AF_INET and proto == IPPROTO_TCP and state not in (TCP_TIME_WAIT, TCP_NEW_SYN_RECV):
        tp = ptr(sk.address, "struct tcp_sock").dereference()
        return "sock {tcp " + "; ".join(tcp_summary(tp)) + "}"
    netid = {IPPROTO_TCP: "tcp", IPPROTO_UDP: "udp", IPPROTO_ICMP: "icmp"}.get(proto, "raw")
    _, st, rq, sq, local, peer, _ = sock_row(netid, sk.address)
    return "sock {%s %s %s -> %s, rmem %d wmem %d, refcnt %d}" % (
        netid, st, local, peer, rq, sq, int(c["skc_refcnt"]["refs"]["counter"]))


class Printer:
    def __init__(self, val):
        self.val = val

    def to_string(self):
        try:
            return self.fmt(self.val)
        except gdb.MemoryError as e:
            return "%s <unreadable: %s>" % (self.val.type.strip_typedefs().tag, e)


class SockPrinter(Printer):
    fmt = staticmethod(sock_summary)


class InetSockPrinter(Printer):
    @staticmethod
    def fmt(v):
        return "inet_sock {saddr %s sport %d ttl %d tos %d} %s" % (
            ip4(v["inet_saddr"]), ntohs(v["inet_sport"]), int(v["uc_ttl"]), int(v["tos"]),
            sock_summary(v["sk"]))


class SocketPrinter(Printer):
    @staticmethod
    def fmt(v):
        st = int(v["state"])
        sk = v["sk"]
        return "socket {%s, %s, file 0x%x, sk: %s}" % (
            SS_STATES[st] if 0 <= st < len(SS_STATES) else st,
            SOCK_TYPES.get(int(v["type"]), str(int(v["type"]))), int(v["file"]),
            sock_summary(sk.dereference()) if int(sk) else "NULL")


def reqsk_line(req):
    c = req["__req_common"]
    return "%s %s:%d -> %s:%d isn ours %u peer %u mss %d retrans %d%s child 0x%x" % (
        tcp_state_name(int(c["skc_state"])), ip4(c["skc_rcv_saddr"]), int(c["skc_num"]),
        ip4(c["skc_daddr"]), ntohs(c["skc_dport"]), int(req["snt_isn"]), int(req["rcv_isn"]),
        int(req["mss"]), int(req["num_retrans"]), " cookie" if int(req["cookie"]) else "",
        int(req["sk"]))


class RequestSockPrinter(Printer):
    @staticmethod
    def fmt(v):
        return "request_sock {" + reqsk_line(v) + "}"


def accept_queue(q):
    req = q["rskq_accept_head"]
    n = 0
    while int(req) and n < 10000:
        yield req
        req = req["dl_next"]
        n += 1


class RequestSockQueuePrinter(Printer):
    """The listener's two queues, then the accept queue's requests, oldest first."""

    @staticmethod
    def fmt(v):
        reqs = list(accept_queue(v))
        lines = ["request_sock_queue {SYN queue %d (young %d), accept queue %d}" % (
            atomic(v["qlen"]), atomic(v["young"]), len(reqs))]
        for i, req in enumerate(reqs):
            lines.append("  [%d] (struct request_sock *) 0x%x {%s}" % (i, int(req), reqsk_line(req)))
        return "\n".join(lines)


def netdev_line(d):
    ip = d["ip"]
    st = d["stats"]
    return "%s ifindex %d <%s> state %s mtu %d mac %s inet %s/%d rx %d pkts tx %d pkts " \
           "drops rx %d tx %d qdisc %d/%d" % (
               cstr(d["name"]), int(d["ifindex"]), bits(int(d["flags"]), IFF_NAMES),
               bitnums(int(d["state"]), LINK_STATES), int(d["mtu"]), mac(d["dev_addr"]),
               ip4(ip["ifa_address"]), int(ip["ifa_prefixlen"]), int(st["rx_packets"]),
               int(st["tx_packets"]), int(st["rx_dropped"]), int(st["tx_dropped"]),
               int(d["qdisc"]["qlen"]), int(d["tx_queue_len"]))


class NetDevicePrinter(Printer):
    @staticmethod
    def fmt(v):
        return "net_device {" + netdev_line(v) + "}"


def napi_line(n):
    poll = gdb.execute("info symbol 0x%x" % int(n["poll"]), to_string=True).split()[0] \
        if int(n["poll"]) else "NULL"
    dev = cstr(n["dev"]["name"]) if int(n["dev"]) else "-"
    return "napi_id %d dev %s state %s weight %d poll %s poll_calls %d" % (
        int(n["napi_id"]), dev, bitnums(int(n["state"]), NAPI_STATES), int(n["weight"]), poll,
        int(n["poll_calls"]))


class NapiPrinter(Printer):
    @staticmethod
    def fmt(v):
        return "napi_struct {" + napi_line(v) + "}"


PRINTERS = {"sock": SockPrinter, "inet_sock": InetSockPrinter, "socket": SocketPrinter,
            "request_sock": RequestSockPrinter, "request_sock_queue": RequestSockQueuePrinter,
            "net_device": NetDevicePrinter, "napi_struct": NapiPrinter}


def lookup_net_printer(val):
    t = val.type.strip_typedefs()
    if t.code != gdb.TYPE_CODE_STRUCT:
        return None
    cls = PRINTERS.get(t.tag or t.name)
    return cls(val) if cls else None


# ---- devices and the e1000 rings ----

def net_devices():
    for node in list_for_each(gdb.parse_and_eval("dev_base_head")):
        yield container_of(node, "struct net_device", "dev_list")


class NetdevCommand(KernelCommand):
    """netdev: every registered net_device (dev_base_head) and its NAPI instances."""

    def __init__(self):
        super().__init__("netdev", gdb.COMMAND_DATA)

    def run(self, arg, from_tty):
        for d in net_devices():
            print("(struct net_device *) 0x%08x %s" % (int(d.address), netdev_line(d)))
            for node in list_for_each(d["napi_list"]):
                n = container_of(node, "struct napi_struct", "dev_list")
                print("    (struct napi_struct *) 0x%08x %s" % (int(n.address), napi_line(n)))


def find_adapter(name):
    a = gdb.parse_and_eval("e1000_adapters")
    while int(a):
        if cstr(a["netdev"]["name"]) == name:
            return a
        a = a["next"]
    raise gdb.GdbError("no e1000 adapter named %s (netdev lists the devices)" % name)


def mmio(a, reg):
    """An e1000 register, read through the BAR mapping; '?' if gdb cannot."""
    try:
        return "%d" % int(gdb.parse_and_eval("*(unsigned int *)0x%x" % (int(a["hw_addr"]) + reg)))
    except gdb.error:
        return "?"


def ring_args(arg, usage):
    argv = gdb.string_to_argv(arg)
    if not argv or len(argv) > 2:
        raise gdb.GdbError(usage)
    n = 8
    if len(argv) == 2:
        n = 1 << 30 if argv[1] == "all" else int(argv[1], 0)
    return find_adapter(argv[0]), n


class RxRingCommand(KernelCommand):
    """rxring DEV [N|all]: the e1000 receive ring: N descriptors (default 8) from next_to_clean.
status bits (DD: the NIC filled it, EOP, IXSM, ...) and error bits by name;
the skb is the buffer the driver gave that slot (NULL: not refilled yet)."""

    def __init__(self):
        super().__init__("rxring", gdb.COMMAND_DATA)

    def run(self, arg, from_tty):
        a, n = ring_args(arg, "usage: rxring DEV [N|all]")
        r = a["rx_ring"]
        count, ntc, ntu = int(r["count"]), int(r["next_to_clean"]), int(r["next_to_use"])
        print("%s rx ring: %d descriptors at 0x%x, next_to_clean %d, next_to_use %d, RDH %s, RDT %s" % (
            cstr(a["netdev"]["name"]), count, int(r["desc"]), ntc, ntu, mmio(a, E1000_RDH),
            mmio(a, E1000_RDT)))
        for k in range(min(n, count)):
            i = (ntc + k) % count
            d = r["desc"][i]
            st, err = int(d["status"]), int(d["errors"])
            mark = (" <- next_to_clean" if i == ntc else "") + (" <- next_to_use" if i == ntu else "")
            print("  [%3d] buf 0x%08x len %4d status %-12s errors %-4s skb 0x%08x%s" % (
                i, int(d["buffer_addr"]), int(d["length"]), bits(st, RXD_STAT),
                bits(err, RXD_ERR), int(r["buffer_info"][i]["skb"]), mark))


class TxRingCommand(KernelCommand):
    """txring DEV [N|all]: the e1000 transmit ring: N descriptors (default 8) from next_to_clean.
ctx: a context descriptor (checksum/TSO offsets); data: DCMD bits (EOP, RS,
IFCS, TSE...), POPTS and DD (the NIC sent it); skb on a packet's last slot."""

    def __init__(self):
        super().__init__("txring", gdb.COMMAND_DATA)

    def run(self, arg, from_tty):
        a, n = ring_args(arg, "usage: txring DEV [N|all]")
        r = a["tx_ring"]
        count, ntc, ntu = int(r["count"]), int(r["next_to_clean"]), int(r["next_to_use"])
        print("%s tx ring: %d descriptors at 0x%x, next_to_clean %d, next_to_use %d, TDH %s, TDT %s" % (
            cstr(a["netdev"]["name"]), count, int(r["desc"]), ntc, ntu, mmio(a, E1000_TDH),
            mmio(a, E1000_TDT)))
        for k in range(min(n, count)):
            i = (ntc + k) % count
            d = r["desc"][i]
            lower, upper = int(d["lower"]), int(d["upper"])
            kind = "data" if lower & TXD_DTYP_D or not lower & TXD_CMD_DEXT else "ctx "
            mark = (" <- next_to_clean" if i == ntc else "") + (" <- next_to_use" if i == ntu else "")
            print("  [%3d] %s buf 0x%08x len %5d cmd %-22s popts %-9s %s skb 0x%08x%s" % (
                i, kind, int(d["buffer_addr"]), lower & 0xfffff, bits(lower, TXD_DCMD),
                bits((upper >> 8) & 0xff, TXD_POPTS), "DD" if upper & 1 else "--",
                int(r["buffer_info"][i]["skb"]), mark))


# ---- skb-dump ----

def hexdump(data, base):
    out = []
    for off in range(0, len(data), 16):
        chunk = data[off:off + 16]
        hx = " ".join("%02x" % b for b in chunk)
        asc = "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)
        out.append("  %04x  %-47s  %s" % (base + off, hx, asc))
    return out


def be16(b, o):
    return (b[o] << 8) | b[o + 1]


def be32(b, o):
    return (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]


def dotted(b, o):
    return "%d.%d.%d.%d" % tuple(b[o:o + 4])


def decode_l4(proto, b, lines):
    if proto == IPPROTO_ICMP and len(b) >= 8:
        names = {0: "echo reply", 3: "destination unreachable", 8: "echo request", 11: "time exceeded"}
        lines.append("ICMP %s (type %d code %d) csum 0x%04x id %d seq %d" % (
            names.get(b[0], "?"), b[0], b[1], be16(b, 2), be16(b, 4), be16(b, 6)))
    elif proto == IPPROTO_UDP and len(b) >= 8:
        lines.append("UDP %d -> %d len %d csum 0x%04x" % (be16(b, 0), be16(b, 2), be16(b, 4), be16(b, 6)))
    elif proto == IPPROTO_TCP and len(b) >= 20:
        doff = (b[12] >> 4) * 4
        lines.append("TCP %d -> %d seq %u ack %u [%s] win %d doff %d csum 0x%04x" % (
            be16(b, 0), be16(b, 2), be32(b, 4), be32(b, 8), bits(b[13], TCPHDR), be16(b, 14),
            doff, be16(b, 16)))
        if doff > 20:
            lines.append("    options %s" % b[20:doff].hex())
        if len(b) > doff:
            lines.append("    payload %d bytes" % (len(b) - doff))


def decode_ip(b, lines):
    if len(b) < 20 or b[0] >> 4 != 4:
        lines.append("not IPv4 (first byte 0x%02x)" % (b[0] if b else 0))
        return
    ihl = (b[0] & 0xf) * 4
    frag = be16(b, 6)
    lines.append("IPv4 %s -> %s proto %d ihl %d tos 0x%02x len %d id %d%s%s off %d ttl %d csum 0x%04x" % (
        dotted(b, 12), dotted(b, 16), b[9], ihl, b[1], be16(b, 2), be16(b, 4),
        " DF" if frag & 0x4000 else "", " MF" if frag & 0x2000 else "", (frag & 0x1fff) * 8, b[8],
        be16(b, 10)))
    if frag & 0x1fff == 0:
        decode_l4(b[9], b[ihl:be16(b, 2)], lines)


def decode_arp(b, lines):
    if len(b) < 28:
        return
    op = {1: "request", 2: "reply"}.get(be16(b, 6), str(be16(b, 6)))
    lines.append("ARP %s: sender %s %s target %s %s" % (
        op, ":".join("%02x" % x for x in b[8:14]), dotted(b, 14),
        ":".join("%02x" % x for x in b[18:24]), dotted(b, 24)))


def decode_eth(b, lines):
    etype = be16(b, 12)
    lines.append("Ethernet %s -> %s type 0x%04x" % (":".join("%02x" % x for x in b[6:12]),
                                                    ":".join("%02x" % x for x in b[0:6]), etype))
    if etype == 0x0800:
        decode_ip(b[14:], lines)
    elif etype == 0x0806:
        decode_arp(b[14:], lines)


class SkbDumpCommand(KernelCommand):
    """skb-dump SKB: the bytes of an sk_buff and its headers decoded.
From the MAC header when one is set (a received frame, or one at the driver),
else from the network header, else from skb->data (then the protocol decides
what it is). Offsets in the hex are from skb->head."""

    def __init__(self):
        super().__init__("skb-dump", gdb.COMMAND_DATA)

    def run(self, arg, from_tty):
        if not arg.strip():
            raise gdb.GdbError("usage: skb-dump SKB")
        skb = gdb.parse_and_eval(arg)
        if skb.type.strip_typedefs().code != gdb.TYPE_CODE_PTR:
            skb = skb.address
        skb = ptr(skb, "struct sk_buff").dereference()
        head, data, tail = int(skb["head"]), int(skb["data"]), int(skb["tail"])
        mach, nh = int(skb["mac_header"]), int(skb["network_header"])
        start, kind = data, None
        if mach != SKB_HDR_UNSET and head + mach <= data:
            start, kind = head + mach, "eth"
        elif nh != SKB_HDR_UNSET and head + nh <= data:
            start, kind = head + nh, "ip"
        if tail < start or tail - start > 65536:
            raise gdb.GdbError("skb head/data/tail do not make sense: 0x%x 0x%x 0x%x" % (head, data, tail))
        b = bytes(gdb.selected_inferior().read_memory(start, tail - start))
        proto = ntohs(skb["protocol"])
        if kind is None:
            # skb->data at the driver or before eth_type_trans: an Ethernet frame if it looks like one.
            kind = "eth" if len(b) >= 14 and be16(b, 12) in (0x0800, 0x0806) else \
                   "ip" if proto == 0x0800 or (b and b[0] >> 4 == 4) else "raw"
        print("sk_buff 0x%x: len %d, %d bytes from head+%d (%s), protocol 0x%04x, dev %s" % (
            int(skb.address), int(skb["len"]), len(b), start - head,
            {"eth": "MAC header", "ip": "network header", "raw": "data"}[kind], proto,
            cstr(skb["dev"]["name"]) if int(skb["dev"]) else "-"))
        for line in hexdump(b, start - head):
            print(line)
        lines = []
        if kind == "eth":
            decode_eth(b, lines)
        elif kind == "ip":
            decode_ip(b, lines)
        for line in lines:
            print(line)


# ---- tcp-trace ----

def sock_tuple(sk):
    c = sk["__sk_common"]
    return "%s:%d->%s:%d" % (ip4(c["skc_rcv_saddr"]), int(c["skc_num"]), ip4(c["skc_daddr"]),
                             ntohs(c["skc_dport"]))


class TraceBreakpoint(gdb.Breakpoint):
    """Prints one line when it is hit, never stops (Python's stop() returns False)."""

    def __init__(self, func, fmt, only):
        super().__init__(func, internal=True)
        self.silent = True
        self.fmt = fmt
        self.only = only

    def stop(self):
        try:
            sk = gdb.parse_and_eval("sk")
            if self.only and int(sk) != self.only:
                return False
            print("tcp-trace %s" % self.fmt(sk))
        except gdb.error as e:
            print("tcp-trace %s: %s" % (self.location, e))
        return False


def seg(skb):
    cb = ptr(skb["cb"].address, "struct tcp_skb_cb").dereference()
    return "seq %u-%u [%s] len %d" % (int(cb["seq"]), int(cb["end_seq"]),
                                      bits(int(cb["tcp_flags"]), TCPHDR), int(skb["len"]))


class TcpTraceCommand(KernelCommand):
    """tcp-trace [SK]: print what TCP connections do, without stopping: state changes
(tcp_set_state), segments sent (tcp_transmit_skb) and received
(tcp_rcv_state_process), each with the socket's 4-tuple and sequence numbers.
With SK (a struct sock *), only that socket. tcp-trace off removes it."""

    def __init__(self):
        super().__init__("tcp-trace", gdb.COMMAND_BREAKPOINTS)
        self.bps = []

    def run(self, arg, from_tty):
        for b in self.bps:
            b.delete()
        self.bps = []
        if arg.strip() == "off":
            print("tcp-trace off")
            return
        only = int(gdb.parse_and_eval(arg)) if arg.strip() else 0
        def state(sk):
            return "state 0x%x %s: %s -> %s" % (
                int(sk), sock_tuple(sk), tcp_state_name(int(sk["__sk_common"]["skc_state"])),
                tcp_state_name(int(gdb.parse_and_eval("state"))))

        def send(sk):
            return "send  0x%x %s: %s" % (int(sk), sock_tuple(sk), seg(gdb.parse_and_eval("skb")))

        def recv(sk):
            return "recv  0x%x %s (%s): %s" % (int(sk), sock_tuple(sk),
                                               tcp_state_name(int(sk["__sk_common"]["skc_state"])),
                                               seg(gdb.parse_and_eval("skb")))

        self.bps = [TraceBreakpoint("tcp_set_state", state, only),
                    TraceBreakpoint("tcp_transmit_skb", send, only),
                    TraceBreakpoint("tcp_rcv_state_process", recv, only)]
        print("tcp-trace on%s: tcp_set_state, tcp_transmit_skb, tcp_rcv_state_process" % (
            " for sock 0x%x" % only if only else ""))


SocketsCommand()
NetdevCommand()
RxRingCommand()
TxRingCommand()
SkbDumpCommand()
TcpTraceCommand()
gdb.pretty_printers.append(lookup_net_printer)
