#!/usr/bin/env python3
"""Tier 4 (nettools): the network tools driven like a user, and the echo service.

Boot 1, QEMU user networking (10.0.2.2 is QEMU's gateway) with a hostfwd of
127.0.0.1:<port>/udp to the guest's echo service on port 7:
  our ping (gateway, lo, unreachable, bad arguments) and busybox's ping;
  ifconfig / busybox ifconfig / ip show the same addresses; netmask, mtu,
  up/down and route add/del (ours and busybox's) change /proc/net/route and
  the ioctl answers, with net-tools' error messages for bad requests;
  the UDP echo service answers our nc, busybox nc and a host socket;
  fetch gets a file from an HTTP server on the host (md5 compared, 404 is
  exit 8); ss -uln shows the echo service, ss -s and nstat print counters.
Boot 2, the scapy peer of test_wire.py on a -netdev socket: UDP echo with
  correct checksums, ICMP port unreachable for a closed port, a bad UDP
  checksum dropped and counted in /proc/net/snmp (Udp InCsumErrors, InErrors).
Boot 3: `noservices` leaves port 7 closed.
"""
import hashlib
import http.server
import os
import re
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sockeye_qemu import reexec_for_scapy  # noqa: E402
reexec_for_scapy()
from sockeye_qemu import Guest, Results, require, user_net  # noqa: E402
from wire.peer import (Peer, Ether, ICMP, IP, Raw, free_udp_port,  # noqa: E402
                       GUEST_APPEND, GUEST_IP, GUEST_MAC, PEER_IP, PEER_MAC)
from scapy.all import UDP, IPerror, UDPerror  # noqa: E402

USER_NET = ["nettools.ping_gateway", "nettools.ping_bound_to_device", "nettools.ping_loopback_and_own_address",
            "nettools.ping_no_reply_exit_1", "nettools.ping_bad_arguments_exit_2", "nettools.busybox_ping",
            "nettools.ifconfig_shows_eth0_and_lo", "nettools.busybox_ifconfig_agrees", "nettools.ip_addr_link_route",
            "nettools.route_add_del_and_errors", "nettools.busybox_route_add_del",
            "nettools.ifconfig_netmask_updates_routes", "nettools.ifconfig_mtu_down_up",
            "nettools.echo_service_nc", "nettools.echo_service_busybox_nc",
            "nettools.echo_service_from_host_hostfwd", "nettools.fetch_from_host_http", "nettools.ss_and_nstat",
            "nettools.busy_read_polls_the_ring", "nettools.kernel_healthy"]
WIRE = ["nettools.wire_udp_echo_checksums", "nettools.wire_udp_zero_checksum_accepted",
        "nettools.wire_closed_port_icmp_unreachable", "nettools.wire_bad_udp_checksum_dropped_and_counted",
        "nettools.wire_kernel_healthy"]
# Three boots; a selected name boots only its own, and runs only itself there.
res = Results("nettools", USER_NET + WIRE + ["nettools.noservices_leaves_port_7_closed"],
              setup=["nettools.boot_user_net", "nettools.boot_wire"])
STATIC_IP = GUEST_APPEND     # ip=10.0.2.15::10.0.2.2:255.255.255.0::eth0:off


def run(g, cmd, timeout=60):
    """Run cmd in the guest shell; return (output, exit status)."""
    out = g.sh(cmd + "; echo rc=$?", timeout=timeout)
    m = re.search(r"rc=(\d+)\s*$", out)
    require(m, "no exit status in %r" % out)
    return out[:m.start()], int(m.group(1))


def proc_route(g):
    """/proc/net/route rows as tuples (iface, dst, gw, flags, metric, mask), hex as in the file."""
    rows = []
    for line in g.sh("cat /proc/net/route").splitlines()[1:]:
        f = line.split()
        if len(f) >= 8:
            rows.append((f[0], f[1], f[2], f[3], f[6], f[7]))
    return rows


def snmp(g):
    out = g.sh("cat /proc/net/snmp")
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


# ---------------------------------------------------------------- boot 1

def user_net_tests(g, host_port):
    g.expect("init: starting shell", timeout=120)
    g.expect("$ ", timeout=60)

    def ping_gateway():
        out, rc = run(g, "ping -c 3 -i 0.5 10.0.2.2", timeout=90)
        require(rc == 0, "exit %d: %s" % (rc, out))
        require("PING 10.0.2.2 (10.0.2.2) 56(84) bytes of data." in out, out)
        for seq in (1, 2, 3):
            require(re.search(r"^64 bytes from 10\.0\.2\.2: icmp_seq=%d ttl=\d+ time=[\d.]+ ms$" % seq,
                              out, re.M), "reply line %d missing: %s" % (seq, out))
        require("--- 10.0.2.2 ping statistics ---" in out, out)
        require(re.search(r"^3 packets transmitted, 3 received, 0% packet loss, time \d+ms$", out, re.M), out)
        require(re.search(r"^rtt min/avg/max/mdev = [\d.]+/[\d.]+/[\d.]+/[\d.]+ ms$", out, re.M), out)
    res.run("nettools.ping_gateway", ping_gateway)

    def ping_bound_to_device():
        # SO_BINDTODEVICE steers the route (ping -I): by eth0 the gateway answers;
        # by lo there is no route, so the echo goes out lo as on-link, and nobody answers.
        out, rc = run(g, "ping -I eth0 -c 1 10.0.2.2", timeout=60)
        require(rc == 0 and " 1 received" in out, "via eth0: exit %d: %s" % (rc, out))
        out, rc = run(g, "ping -I lo -c 1 -W 1 10.0.2.2", timeout=60)
        require(rc == 1 and " 0 received" in out, "via lo: exit %d: %s" % (rc, out))
        out, rc = run(g, "ping -I nosuch0 -c 1 10.0.2.2", timeout=60)
        require(rc == 2 and "SO_BINDTODEVICE nosuch0: No such device" in out, out)
    res.run("nettools.ping_bound_to_device", ping_bound_to_device)

    def ping_loopback():
        out, rc = run(g, "ping -c 1 127.0.0.1")
        require(rc == 0 and re.search(r"64 bytes from 127\.0\.0\.1: icmp_seq=1 ttl=64 time=", out), out)
        out, rc = run(g, "ping -c 1 -s 1000 10.0.2.15")
        require(rc == 0 and "1008 bytes from 10.0.2.15: icmp_seq=1" in out, out)
    res.run("nettools.ping_loopback_and_own_address", ping_loopback)

    def ping_no_reply():
        out, rc = run(g, "ping -c 1 -W 1 10.0.2.99", timeout=60)
        require(rc == 1, "exit %d, want 1: %s" % (rc, out))
        require("1 packets transmitted, 0 received, 100% packet loss" in out, out)
        require("rtt" not in out, out)
    res.run("nettools.ping_no_reply_exit_1", ping_no_reply)

    def ping_bad_args():
        for cmd in ("ping", "ping -c 0 10.0.2.2", "ping -s 70000 10.0.2.2", "ping no.such.host"):
            out, rc = run(g, cmd)
            require(rc == 2, "%s: exit %d, want 2 (%s)" % (cmd, rc, out))
    res.run("nettools.ping_bad_arguments_exit_2", ping_bad_args)

    def busybox_ping():
        out, rc = run(g, "busybox ping -c 2 10.0.2.2", timeout=60)
        require(rc == 0, "exit %d: %s" % (rc, out))
        require(re.search(r"bytes from 10\.0\.2\.2: seq=1 ttl=\d+ time=", out), out)
        require("2 packets transmitted, 2 packets received, 0% packet loss" in out, out)
    res.run("nettools.busybox_ping", busybox_ping)

    def ifconfig_lists():
        out, rc = run(g, "ifconfig")
        require(rc == 0, out)
        # SIOCGIFCONF (NULL buffer, then a real one) must work and add no duplicates.
        require("SIOCGIFCONF" not in out and out.count("eth0: flags") == 1 and out.count("lo: flags") == 1, out)
        require(re.search(r"^eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500$", out, re.M), out)
        require("inet 10.0.2.15  netmask 255.255.255.0  broadcast 10.0.2.255" in out, out)
        require("ether 52:54:00:12:34:56  txqueuelen 1000  (Ethernet)" in out, out)
        require(re.search(r"^lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536$", out, re.M), out)	# as Linux
        require("inet 127.0.0.1  netmask 255.0.0.0" in out, out)
        require(re.search(r"RX packets \d+  bytes \d+", out), out)
        out, rc = run(g, "ifconfig nosuch0")
        require(rc == 1 and "nosuch0: error fetching interface information: Device not found" in out, out)
    res.run("nettools.ifconfig_shows_eth0_and_lo", ifconfig_lists)

    def busybox_ifconfig():
        out, rc = run(g, "busybox ifconfig")
        require(rc == 0, out)
        require(re.search(r"eth0\s+Link encap:Ethernet\s+HWaddr 52:54:00:12:34:56", out), out)
        require(re.search(r"inet addr:10\.0\.2\.15\s+Bcast:10\.0\.2\.255\s+Mask:255\.255\.255\.0", out), out)
        require(re.search(r"UP BROADCAST RUNNING MULTICAST\s+MTU:1500", out), out)
        require(re.search(r"lo\s+Link encap:Local Loopback", out) and "inet addr:127.0.0.1" in out, out)
    res.run("nettools.busybox_ifconfig_agrees", busybox_ifconfig)

    def ip_tool():
        out, rc = run(g, "ip addr")
        require(rc == 0, out)
        require(re.search(r"^\d+: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP", out, re.M), out)
        require("inet 10.0.2.15/24 brd 10.0.2.255 scope global eth0" in out, out)
        require("inet 127.0.0.1/8 scope host lo" in out, out)
        out, rc = run(g, "ip route")
        require("default via 10.0.2.2 dev eth0" in out, out)
        require("10.0.2.0/24 dev eth0 proto kernel scope link src 10.0.2.15" in out, out)
        out, rc = run(g, "ip link show eth0")
        require("link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff" in out and "inet" not in out, out)
        out, rc = run(g, "ip route add 192.168.9.0/24 via 10.0.2.2 metric 5")
        require(rc == 0, out)
        out, _ = run(g, "ip route")
        require("192.168.9.0/24 via 10.0.2.2 dev eth0 metric 5" in out, out)
        out, rc = run(g, "ip route del 192.168.9.0/24")
        require(rc == 0 and "192.168.9.0" not in g.sh("ip route"), out)
    res.run("nettools.ip_addr_link_route", ip_tool)

    def route_add_del():
        out, rc = run(g, "route -n")
        require(rc == 0 and "Kernel IP routing table" in out, out)
        require(re.search(r"^0\.0\.0\.0\s+10\.0\.2\.2\s+0\.0\.0\.0\s+UG\s+0\s+0\s+0 eth0$", out, re.M), out)
        out, rc = run(g, "route add -net 192.168.7.0 netmask 255.255.255.0 gw 10.0.2.2")
        require(rc == 0, out)
        require(("eth0", "0007A8C0", "0202000A", "0003", "0", "00FFFFFF") in proc_route(g), proc_route(g))
        out = g.sh("route -n")
        require(re.search(r"^192\.168\.7\.0\s+10\.0\.2\.2\s+255\.255\.255\.0\s+UG\s+0", out, re.M), out)
        out = g.sh("busybox route -n")
        require(re.search(r"^192\.168\.7\.0\s+10\.0\.2\.2\s+255\.255\.255\.0\s+UG\s+0\s+0\s+0\s+eth0", out, re.M), out)
        out, rc = run(g, "route add -net 192.168.7.0 netmask 255.255.255.0 gw 10.0.2.2")
        require(rc == 1 and "SIOCADDRT: File exists" in out, out)
        out, rc = run(g, "route del -net 192.168.7.0 netmask 255.255.255.0")
        require(rc == 0, out)
        require(not any(r[1] == "0007A8C0" for r in proc_route(g)), proc_route(g))
        out, rc = run(g, "route del -net 192.168.7.0 netmask 255.255.255.0")
        require(rc == 1 and "SIOCDELRT: No such process" in out, out)
        out, rc = run(g, "route add -net 192.168.7.0 netmask 255.255.255.0 gw 10.9.9.9")
        require(rc == 1 and "SIOCADDRT: Network is unreachable" in out, out)
        out, rc = run(g, "route add -net 192.168.7.0 netmask 255.255.255.0 dev nosuch0")
        require(rc == 1 and "SIOCADDRT: No such device" in out, out)
        out, rc = run(g, "route add -net 192.168.7.1 netmask 255.255.255.0 dev eth0")
        require(rc == 1 and "netmask doesn't match" in out, out)
    res.run("nettools.route_add_del_and_errors", route_add_del)

    def busybox_route():
        out, rc = run(g, "busybox route add -host 192.168.8.8 dev eth0")
        require(rc == 0, out)
        require(("eth0", "0808A8C0", "00000000", "0005", "0", "FFFFFFFF") in proc_route(g), proc_route(g))
        out = g.sh("route -n")
        require(re.search(r"^192\.168\.8\.8\s+0\.0\.0\.0\s+255\.255\.255\.255\s+UH\s", out, re.M), out)
        out, rc = run(g, "busybox route del -host 192.168.8.8 dev eth0")
        require(rc == 0 and not any(r[1] == "0808A8C0" for r in proc_route(g)), out)
        out, rc = run(g, "busybox route add default gw 10.0.2.2 metric 3")
        require(rc == 0 and ("eth0", "00000000", "0202000A", "0003", "3", "00000000") in proc_route(g),
                "%s %s" % (out, proc_route(g)))
        out, rc = run(g, "busybox route del default gw 10.0.2.2 metric 3")
        require(rc == 0, out)
    res.run("nettools.busybox_route_add_del", busybox_route)

    def netmask_changes_route():
        out, rc = run(g, "ifconfig eth0 netmask 255.255.0.0")
        require(rc == 0, out)
        rows = proc_route(g)
        require(("eth0", "0000000A", "00000000", "0001", "0", "0000FFFF") in rows, rows)
        require(not any(r[1] == "0002000A" for r in rows), rows)
        out = g.sh("ifconfig eth0")
        require("inet 10.0.2.15  netmask 255.255.0.0  broadcast 10.0.255.255" in out, out)
        out = g.sh("busybox ifconfig eth0")
        require(re.search(r"Bcast:10\.0\.255\.255\s+Mask:255\.255\.0\.0", out), out)
        # As in Linux, re-addressing drops the routes through the device: put them back.
        out, rc = run(g, "ifconfig eth0 10.0.2.15 netmask 255.255.255.0 && route add default gw 10.0.2.2")
        require(rc == 0, out)
        rows = proc_route(g)
        require(("eth0", "0002000A", "00000000", "0001", "0", "00FFFFFF") in rows, rows)
        require(("eth0", "00000000", "0202000A", "0003", "0", "00000000") in rows, rows)
        out, rc = run(g, "ifconfig eth0 netmask 255.0.255.0")
        require(rc == 1 and "SIOCSIFNETMASK: Invalid argument" in out, out)
        out, rc = run(g, "ifconfig eth0 224.0.0.1")
        require(rc == 1 and "SIOCSIFADDR: Invalid argument" in out, out)
        out, rc = run(g, "ping -c 1 10.0.2.2")
        require(rc == 0, out)
    res.run("nettools.ifconfig_netmask_updates_routes", netmask_changes_route)

    def mtu_and_updown():
        out, rc = run(g, "ifconfig eth0 mtu 1400")
        require(rc == 0 and "mtu 1400" in g.sh("ifconfig eth0"), out)
        out, rc = run(g, "ifconfig eth0 mtu 20")
        require(rc == 1 and "SIOCSIFMTU: Invalid argument" in out, out)
        out, rc = run(g, "ip link set eth0 mtu 1500")
        require(rc == 0 and "mtu 1500" in g.sh("ifconfig eth0"), out)
        out, rc = run(g, "ifconfig eth0 down")
        require(rc == 0, out)
        out = g.sh("ifconfig")
        require("eth0" not in out and "lo:" in out, out)
        require(re.search(r"^eth0: flags=4098<BROADCAST,MULTICAST>", g.sh("ifconfig -a"), re.M), out)
        out, rc = run(g, "ping -c 1 -W 1 10.0.2.2")
        require(rc != 0, "ping through a down interface: %s" % out)
        out, rc = run(g, "ifconfig eth0 up")
        require(rc == 0, out)
        if "0202000A" not in g.sh("cat /proc/net/route"):
            g.sh("route add default gw 10.0.2.2")
        out, rc = run(g, "ping -c 1 -W 5 10.0.2.2")
        require(rc == 0, "after ifconfig up: %s" % out)
    res.run("nettools.ifconfig_mtu_down_up", mtu_and_updown)

    def echo_nc():
        out, rc = run(g, "echo hello-echo | nc -u 127.0.0.1 7")
        require(rc == 0 and "hello-echo" in out, out)
        out, rc = run(g, "echo via-eth0 | nc -u 10.0.2.15 7")
        require(rc == 0 and "via-eth0" in out, out)
        out, rc = run(g, "echo nobody | nc -u 127.0.0.1 9")
        require("Connection refused" in out and "nobody" not in out, out)
    res.run("nettools.echo_service_nc", echo_nc)

    def echo_busybox_nc():
        # Debian's busybox-static (1.35) is built without nc's -u (NC_EXTRA):
        # its nc is TCP only, so it cannot reach a UDP service. Say so rather
        # than pass or fail; the check runs for real on a busybox that has -u.
        help_out = g.sh("busybox nc --help 2>&1")
        if not re.search(r"^\s+-u\b", help_out, re.M):
            res.skip("nettools.echo_service_busybox_nc", "this busybox nc has no -u")
            return
        out, rc = run(g, "echo bb-echo | busybox nc -u -w 1 127.0.0.1 7")
        require("bb-echo" in out, out)
    res.run("nettools.echo_service_busybox_nc", echo_busybox_nc)

    def echo_from_host(count=3, tag=b"host-datagram"):
        """count datagrams to the guest's echo service through the hostfwd,
        each sent as soon as the last one's echo is back."""
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(5)
        try:
            for i in range(count):
                msg = b"%s-%d" % (tag, i)
                s.sendto(msg, ("127.0.0.1", host_port))
                data, _ = s.recvfrom(2048)
                require(data == msg, "echoed %r for %r" % (data, msg))
        finally:
            s.close()
    res.run("nettools.echo_service_from_host_hostfwd", echo_from_host)

    def fetch_from_host():
        # A host HTTP server on 127.0.0.1, which QEMU's user network shows the guest as 10.0.2.2.
        blob = os.urandom(200000)

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path == "/blob":
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(blob)))
                    self.end_headers()
                    self.wfile.write(blob)
                else:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()

        srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        port = srv.server_address[1]
        try:
            out, rc = run(g, "fetch -q http://10.0.2.2:%d/blob | busybox md5sum" % port, timeout=120)
            require(rc == 0 and hashlib.md5(blob).hexdigest() in out, out)
            out, rc = run(g, "fetch -q http://10.0.2.2:%d/none" % port)
            require(rc == 8, "404 gave exit %d: %s" % (rc, out))
        finally:
            srv.shutdown()
    res.run("nettools.fetch_from_host_http", fetch_from_host)

    def ss_and_nstat():
        out, rc = run(g, "ss -uln")
        require(rc == 0 and re.search(r"^UNCONN\s+0\s+0\s+0\.0\.0\.0:7\s", out, re.M), out)
        out, rc = run(g, "ss -s")
        require(rc == 0 and re.search(r"^Total: \d+", out, re.M) and "TCP:" in out, out)
        out, rc = run(g, "nstat Udp")
        require(rc == 0 and re.search(r"^UdpInDatagrams\s+[1-9]", out, re.M), out)
    res.run("nettools.ss_and_nstat", ss_and_nstat)

    def busy_read_polls_the_ring():
        """net.core.busy_read as a user turns it on: set the sysctl, restart
        the service so its socket takes the value, and ping it from the host.
        A recv that spins finds the datagrams in the e1000's ring itself:
        /proc/net/busy_poll counts the frames its polls took."""
        def polled():
            m = re.search(r"busy_poll_packets (\d+)", g.sh("cat /proc/net/busy_poll"))
            require(m, "no /proc/net/busy_poll")
            return int(m.group(1))
        out, rc = run(g, "echo 200 > /proc/sys/net/core/busy_read && kill $(pidof echod) && echod")
        require(rc == 0, out)
        before = polled()
        echo_from_host(50, b"busy")     # back to back: the next datagram comes while the server spins
        took = polled() - before
        print("busy_read=200: %d of 50 requests taken from the ring by the spinning recv" % took, flush=True)
        require(took > 0, "busy polling took no frame from the ring")
        out, rc = run(g, "echo 0 > /proc/sys/net/core/busy_read")
        require(rc == 0, out)
    res.run("nettools.busy_read_polls_the_ring", busy_read_polls_the_ring)

    res.check("nettools.kernel_healthy", b"Kernel panic" not in g.buf and b"Oops" not in g.buf,
              "panic/oops in %s" % g.log_path)


if res.wants(*USER_NET):
    host_port = free_udp_port()
    try:
        with Guest("nettools", append=STATIC_IP,
                   net=user_net({7: host_port}, "udp")) as g:
            user_net_tests(g, host_port)
    except Exception as e:
        res.check("nettools.boot_user_net", False, "(%s: %s)" % (type(e).__name__, e))


# ---------------------------------------------------------------- boot 2

def udp_frame(dport, payload, sport=40000, chksum=None):
    u = UDP(sport=sport, dport=dport)
    if chksum is not None:
        u.chksum = chksum
    return Ether(dst=GUEST_MAC, src=PEER_MAC) / IP(src=PEER_IP, dst=GUEST_IP) / u / Raw(payload)


def checksums_ok(p):
    """Recompute the IP and UDP checksums scapy saw; True if the guest's were right."""
    ip = p[IP].copy()
    got_ip, got_udp = ip.chksum, ip[UDP].chksum
    del ip.chksum
    del ip[UDP].chksum
    again = IP(bytes(ip))
    return got_ip == again.chksum and (got_udp == 0 or got_udp == again[UDP].chksum)


def wire_tests(g, peer):
    g.expect("init: starting shell", timeout=120)
    g.expect("$ ", timeout=60)
    peer.drain(1.0)

    def csum_offloads():
        m = re.search(r"tx_csum_offload\D+(\d+)", g.sh("cat /proc/net/e1000_stats"))
        require(m, "no tx_csum_offload counter")
        return int(m.group(1))

    def udp_echo():
        offloaded = csum_offloads()
        for n, size in enumerate((1, 100, 1400)):
            payload = bytes((i * 7 + n) & 0xff for i in range(size))
            peer.send(udp_frame(7, payload, sport=41000 + n))
            p = peer.wait_for(lambda p: UDP in p and p[UDP].sport == 7 and p[UDP].dport == 41000 + n, 5)
            require(p is not None, "no echo of %d bytes" % size)
            require(bytes(p[UDP].payload) == payload, "payload differs")
            require(p[IP].src == GUEST_IP and p[IP].dst == PEER_IP, "addresses")
            require(p[UDP].chksum != 0 and checksums_ok(p), "bad checksums on the echo")
        # The replies' UDP checksums were filled by the NIC (CHECKSUM_PARTIAL + context descriptor).
        require(csum_offloads() >= offloaded + 3, "echo replies did not use TX checksum offload")
    res.run("nettools.wire_udp_echo_checksums", udp_echo)

    def udp_echo_zero_checksum():
        # IPv4 allows "no checksum" (0): the datagram is still delivered.
        f = udp_frame(7, b"no-checksum", sport=41010, chksum=0)
        peer.send(f)
        p = peer.wait_for(lambda p: UDP in p and p[UDP].dport == 41010, 5)
        require(p is not None and bytes(p[UDP].payload) == b"no-checksum", "not echoed")
    res.run("nettools.wire_udp_zero_checksum_accepted", udp_echo_zero_checksum)

    def port_unreachable():
        payload = b"anyone-there"
        peer.send(udp_frame(9, payload, sport=41020))
        p = peer.wait_for(lambda p: ICMP in p and p[ICMP].type == 3, 5)
        require(p is not None, "no ICMP error")
        require(p[ICMP].code == 3, "code %d, want 3 (port unreachable)" % p[ICMP].code)
        require(IPerror in p and UDPerror in p and p[UDPerror].sport == 41020 and p[UDPerror].dport == 9,
                "the error does not quote our datagram: %r" % p)
    res.run("nettools.wire_closed_port_icmp_unreachable", port_unreachable)

    def bad_checksum():
        before = snmp(g)
        good = udp_frame(7, b"corrupt-me", sport=41030)
        raw = bytearray(bytes(Ether(bytes(good))))     # with checksums filled in
        raw[14 + 20 + 6] ^= 0x5a                        # UDP checksum
        peer.send(bytes(raw))
        p = peer.wait_for(lambda p: UDP in p and p[UDP].dport == 41030, 3)
        require(p is None, "echoed a datagram with a bad checksum")
        after = snmp(g)
        d = {k: after.get(k, 0) - before.get(k, 0) for k in after}
        require(d.get(("Udp", "InCsumErrors"), 0) == 1, "Udp InCsumErrors grew by %s" % d.get(("Udp", "InCsumErrors")))
        require(d.get(("Udp", "InErrors"), 0) == 1, "Udp InErrors grew by %s" % d.get(("Udp", "InErrors")))
        # and the service still answers
        peer.send(udp_frame(7, b"after", sport=41031))
        require(peer.wait_for(lambda p: UDP in p and p[UDP].dport == 41031, 5) is not None, "echo stopped")
    res.run("nettools.wire_bad_udp_checksum_dropped_and_counted", bad_checksum)

    res.check("nettools.wire_kernel_healthy", b"Kernel panic" not in g.buf and b"Oops" not in g.buf,
              "panic/oops in %s" % g.log_path)


if res.wants(*WIRE):
    peer = Peer()
    try:
        with Guest("nettools_wire", append=GUEST_APPEND, net=peer.netdev_args()) as g:
            wire_tests(g, peer)
    except Exception as e:
        res.check("nettools.boot_wire", False, "(%s: %s)" % (type(e).__name__, e))
    finally:
        peer.close()


# ---------------------------------------------------------------- boot 3

def noservices():
    with Guest("nettools_noservices", append="noservices") as g:
        g.expect("init: starting shell", timeout=120)
        g.expect("$ ", timeout=60)
        out = g.sh("cat /proc/net/udp")
        require("sl" in out and ":0007 " not in out, "something listens on port 7: %s" % out)
        out = g.sh("echo x | nc -u 127.0.0.1 7")
        require("Connection refused" in out, out)
res.run("nettools.noservices_leaves_port_7_closed", noservices)

sys.exit(res.finish())
