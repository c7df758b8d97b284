"""gdb helpers for Sockeye, loaded by the .gdbinit `make gdb` writes.

Commands:
  ps                         every task on task_list: pid, state, comm
  dmesg                      the kernel log ring (log_buf/log_head, kernel/printk.c)
  list-entries LIST TYPE MEMBER
                             walk a struct list_head and print each containing
                             TYPE, e.g. list-entries task_list task_struct tasks
  tcpinfo SK                 a TCP socket (any struct sock * of one): state by
                             name, the 4-tuple, snd_una/snd_nxt/write_seq,
                             rcv_nxt/copied_seq, windows, cwnd, RTO; for a
                             listener its two queues (docs/tcp-states.md)
  print-return LABEL         in a breakpoint's commands: print LABEL and the
                             function's return value (an errno by name) when
                             the current function returns, then go on (gdb
                             forgets it if the function sleeps and gdb stops
                             in another task meanwhile: one stack per task)
Pretty-printers: struct task_struct, struct sk_buff, struct list_head,
struct tcp_sock. The network's commands and printers (sockets, netdev,
rxring, txring, skb-dump, tcp-trace) are in sockeye_net.py, sourced after
this file and using its helpers.

Everything reads kernel memory through gdb, never calls into the guest,
so it works at any stop (breakpoint, ^C, panic loop).
"""
import gdb

# Task states (include/linux/wait.h, include/linux/sched.h) as /proc shows them.
TASK_STATES = [(0x0001, "S"), (0x0002, "D"), (0x0004, "T"), (0x0080, "X")]
EXIT_ZOMBIE = 0x0020


def require_target():
    """Raise a gdb error unless gdb is attached to the guest.

    Without a target, reading kernel memory would print nothing or an
    unrelated "Cannot access memory"; say what is wrong instead."""
    if gdb.selected_inferior().pid == 0:
        raise gdb.GdbError("not connected: start QEMU and gdb with `make gdb` "
                           "(or `target remote 127.0.0.1:PORT`)")


class KernelCommand(gdb.Command):
    """A helper that reads the guest: refuses politely when not connected."""

    def invoke(self, arg, from_tty):
        require_target()
        self.run(arg, from_tty)


def field_offset(struct_type, member):
    """Byte offset of member in struct_type (a gdb.Type), like offsetof."""
    for f in struct_type.strip_typedefs().fields():
        if f.name == member:
            return f.bitpos // 8
    raise gdb.GdbError("%s has no member %s" % (struct_type, member))


def list_for_each(head):
    """Yield each node (struct list_head *) of the list whose head is `head` (a value or pointer)."""
    if head.type.code != gdb.TYPE_CODE_PTR:
        head = head.address
    node = head["next"]
    seen = 0
    while int(node) != int(head):
        if int(node) == 0:
            raise gdb.GdbError("list corrupted: NULL next after %d entries" % seen)
        yield node
        node = node["next"]
        seen += 1
        if seen > 100000:
            raise gdb.GdbError("list does not come back to its head")


def container_of(node, type_name, member):
    """The struct type_name containing the list node `node` at `member`."""
    t = gdb.lookup_type(type_name)
    addr = int(node) - field_offset(t, member)
    return gdb.Value(addr).cast(t.pointer()).dereference()


def task_state(task):
    if int(task["exit_state"]) & EXIT_ZOMBIE:
        return "Z"
    state = int(task["state"])
    for bit, ch in TASK_STATES:
        if state & bit:
            return ch
    return "R"


def cstr(arr):
    """A char array as a Python string, up to its NUL."""
    b = bytes(int(arr[i]) & 0xff for i in range(arr.type.sizeof))
    return b.split(b"\0", 1)[0].decode(errors="replace")


class PsCommand(KernelCommand):
    """List every task on task_list: pid, parent pid, state and comm (like ps)."""

    def __init__(self):
        super().__init__("ps", gdb.COMMAND_DATA)

    def run(self, arg, from_tty):
        head = gdb.parse_and_eval("task_list")
        cur = int(gdb.parse_and_eval("current_task"))
        print("%5s %5s %-2s %-16s %s" % ("PID", "PPID", "S", "COMM", "TASK"))
        for node in list_for_each(head):
            t = container_of(node, "struct task_struct", "tasks")
            parent = t["parent"]
            ppid = int(parent["pid"]) if int(parent) else 0
            mark = " <- current" if int(t.address) == cur else ""
            kind = "" if int(t["mm"]) else " [kthread]"
            print("%5d %5d %-2s %-16s 0x%08x%s%s" % (int(t["pid"]), ppid, task_state(t),
                                                     cstr(t["comm"]), int(t.address), kind, mark))


class DmesgCommand(KernelCommand):
    """Print the kernel log ring (kernel/printk.c log_buf), oldest line first."""

    def __init__(self):
        super().__init__("dmesg", gdb.COMMAND_DATA)

    def run(self, arg, from_tty):
        buf = gdb.parse_and_eval("log_buf")
        size = buf.type.sizeof
        head = int(gdb.parse_and_eval("log_head"))
        count = min(head, size)
        start = head - count
        mem = bytes(gdb.selected_inferior().read_memory(int(buf.address), size))
        # The ring holds the newest `count` bytes ending at head.
        out = bytes(mem[(start + i) % size] for i in range(count))
        gdb.write(out.decode(errors="replace"))
        if out and not out.endswith(b"\n"):
            gdb.write("\n")


class ListEntriesCommand(KernelCommand):
    """list-entries LIST TYPE MEMBER: print every TYPE on the list_head LIST via MEMBER.
Example: list-entries task_list task_struct tasks
         list-entries init_task_ptr->children task_struct sibling"""

    def __init__(self):
        super().__init__("list-entries", gdb.COMMAND_DATA)

    def run(self, arg, from_tty):
        argv = gdb.string_to_argv(arg)
        if len(argv) != 3:
            raise gdb.GdbError("usage: list-entries LIST TYPE MEMBER")
        head, tname, member = argv
        if not tname.startswith("struct "):
            tname = "struct " + tname
        n = 0
        for node in list_for_each(gdb.parse_and_eval(head)):
            e = container_of(node, tname, member)
            print("[%d] (%s *) 0x%08x: %s" % (n, tname, int(e.address), e.format_string(pretty_structs=False)))
            n += 1
        print("%d entries" % n)


# TCP states (include/net/sock.h, Linux's tcp_states.h numbering).
TCP_STATES = ["?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
              "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING",
              "NEW_SYN_RECV"]
TCP_LISTEN = 10

# The errnos the socket chapters talk about (include/uapi/errno.h).
ERRNO_NAMES = {1: "EPERM", 4: "EINTR", 9: "EBADF", 11: "EAGAIN", 12: "ENOMEM", 14: "EFAULT",
               22: "EINVAL", 23: "ENFILE", 24: "EMFILE", 32: "EPIPE", 88: "ENOTSOCK",
               95: "EOPNOTSUPP", 98: "EADDRINUSE", 99: "EADDRNOTAVAIL", 103: "ECONNABORTED",
               104: "ECONNRESET", 105: "ENOBUFS", 106: "EISCONN", 107: "ENOTCONN",
               110: "ETIMEDOUT", 111: "ECONNREFUSED", 114: "EALREADY", 115: "EINPROGRESS",
               512: "ERESTARTSYS"}


def tcp_state_name(n):
    return TCP_STATES[n] if 0 < n < len(TCP_STATES) else "?(%d)" % n


def ip4(be32):
    """A __be32 as read on little-endian i386: first octet in the low byte."""
    v = int(be32) & 0xffffffff
    return "%d.%d.%d.%d" % (v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24)


def ntohs(be16):
    v = int(be16) & 0xffff
    return ((v & 0xff) << 8) | (v >> 8)


def tcp_summary(tp):
    """One struct tcp_sock (a value) as the lines tcpinfo prints."""
    sk = tp["inet_conn"]["icsk_inet"]["sk"]
    c = sk["__sk_common"]
    icsk = tp["inet_conn"]
    state = int(c["skc_state"])
    hz = 1000	# include/linux/jiffies.h (a macro: gdb cannot read it)
    lines = ["%s  %s:%d -> %s:%d" % (tcp_state_name(state), ip4(c["skc_rcv_saddr"]), int(c["skc_num"]),
                                     ip4(c["skc_daddr"]), ntohs(c["skc_dport"]))]
    if state == TCP_LISTEN:
        q = icsk["icsk_accept_queue"]
        lines.append("accept queue %d (full above sk_max_ack_backlog %d), SYN queue %d (young %d)" % (
            int(sk["sk_ack_backlog"]), int(sk["sk_max_ack_backlog"]),
            int(q["qlen"]["counter"]), int(q["young"]["counter"])))
        return lines
    una, nxt, wseq = int(tp["snd_una"]), int(tp["snd_nxt"]), int(tp["write_seq"])
    rnxt, copied = int(tp["rcv_nxt"]), int(tp["copied_seq"])
    lines.append("snd_una %u  snd_nxt %u (+%d in flight)  write_seq %u (+%d unsent)" % (
        una, nxt, (nxt - una) & 0xffffffff, wseq, (wseq - nxt) & 0xffffffff))
    lines.append("rcv_nxt %u  copied_seq %u (%d unread)" % (rnxt, copied, (rnxt - copied) & 0xffffffff))
    lines.append("snd_wnd %d  rcv_wnd %d  rcv_wup %u  window_clamp %d  wscale snd %d rcv %d" % (
        int(tp["snd_wnd"]), int(tp["rcv_wnd"]), int(tp["rcv_wup"]), int(tp["window_clamp"]),
        int(tp["rx_opt"]["snd_wscale"]), int(tp["rx_opt"]["rcv_wscale"])))
    lines.append("cwnd %d  ssthresh %d  packets_out %d  mss_cache %d  rto %d ms  retransmits %d" % (
        int(tp["snd_cwnd"]), int(tp["snd_ssthresh"]), int(tp["packets_out"]), int(tp["mss_cache"]),
        int(icsk["icsk_rto"]) * 1000 // hz, int(icsk["icsk_retransmits"])))
    return lines


def as_tcp_sock(val):
    """A struct sock * / tcp_sock * / address expression as a struct tcp_sock value."""
    t = gdb.lookup_type("struct tcp_sock")
    if val.type.strip_typedefs().code == gdb.TYPE_CODE_PTR:
        val = val.cast(gdb.lookup_type("long"))
    return gdb.Value(int(val)).cast(t.pointer()).dereference()


class TcpInfoCommand(KernelCommand):
    """tcpinfo SK: a TCP socket's state by name, 4-tuple, sequence numbers, windows, cwnd and RTO;
for a listener its accept queue and SYN queue. SK is any expression of a struct sock * (or the
address) of a TCP socket, e.g. tcpinfo sk. Not for request or TIME_WAIT minisocks (state
NEW_SYN_RECV, TIME_WAIT), which are not tcp_socks: print those with *(struct request_sock *)sk."""

    def __init__(self):
        super().__init__("tcpinfo", gdb.COMMAND_DATA)

    def run(self, arg, from_tty):
        if not arg.strip():
            raise gdb.GdbError("usage: tcpinfo SK")
        tp = as_tcp_sock(gdb.parse_and_eval(arg))
        state = int(tp["inet_conn"]["icsk_inet"]["sk"]["__sk_common"]["skc_state"])
        if state in (6, 12):	# TIME_WAIT, NEW_SYN_RECV: minisocks, only sock_common is there
            c = tp["inet_conn"]["icsk_inet"]["sk"]["__sk_common"]
            print("%s minisock  %s:%d -> %s:%d" % (tcp_state_name(state), ip4(c["skc_rcv_saddr"]),
                  int(c["skc_num"]), ip4(c["skc_daddr"]), ntohs(c["skc_dport"])))
            return
        for line in tcp_summary(tp):
            print(line)


class ReturnWatch(gdb.Breakpoint):
    """An internal breakpoint on a return address that never stops the guest: when the
    stack pointer shows the awaited call has returned (the caller's SP, one per kernel
    stack), it prints that call's label and %eax, the i386 return register.

    Not gdb.FinishBreakpoint: after one whose stop() declined, gdb now and then ends a
    `continue` typed in batch mode early and then refuses every command ("Cannot execute
    this command while the target is running"). And QEMU's gdb stub may report a stop
    here twice; a call already printed is simply not awaited any more, so that is
    harmless. One watch per return address, reused, so the count stays small."""

    by_pc = {}

    def __init__(self, pc):
        super().__init__("*0x%x" % pc, internal=True)
        self.silent = True
        self.waiting = {}		# caller's SP after the return -> (label, return type)

    @classmethod
    def arm(cls, label):
        frame = gdb.newest_frame()
        caller = frame.older()
        if caller is None:
            raise gdb.GdbError("print-return: no caller frame to return to")
        pc = int(caller.pc())
        watch = cls.by_pc.get(pc)
        if watch is None or not watch.is_valid():
            watch = cls.by_pc[pc] = cls(pc)
        func = frame.function()
        rtype = func.type.target() if func is not None else None
        watch.waiting[int(caller.read_register("esp"))] = (label, rtype)

    def stop(self):
        sp = int(gdb.parse_and_eval("(unsigned long)$esp"))
        if sp not in self.waiting:
            return False
        label, rtype = self.waiting.pop(sp)
        eax = int(gdb.parse_and_eval("(unsigned long)$eax")) & 0xffffffff
        code = rtype.strip_typedefs().code if rtype is not None else None
        if code == gdb.TYPE_CODE_VOID:
            print("%s returned" % label)
        elif code == gdb.TYPE_CODE_PTR:
            print("%s returned 0x%x" % (label, eax))
        else:
            n = eax - (1 << 32) if eax & 0x80000000 else eax
            name = " (%s)" % ERRNO_NAMES.get(-n, "errno %d" % -n) if n < 0 else ""
            print("%s returned %d%s" % (label, n, name))
        return False


class PrintReturnCommand(KernelCommand):
    """print-return LABEL: when the selected function returns, print LABEL and its return value
(negative values with their errno name), without stopping. Meant for breakpoint commands."""

    def __init__(self):
        super().__init__("print-return", gdb.COMMAND_BREAKPOINTS)

    def run(self, arg, from_tty):
        ReturnWatch.arm(arg.strip() or gdb.newest_frame().name())


class TaskPrinter:
    def __init__(self, val):
        self.val = val

    def to_string(self):
        try:
            return self._fmt()
        except gdb.MemoryError as e:	# e.g. *current_task before sched_init: NULL
            return "task_struct <unreadable: %s>" % e

    def _fmt(self):
        t = self.val
        return "task_struct {pid=%d, comm=\"%s\", state=%s, mm=0x%x, parent=%d}" % (
            int(t["pid"]), cstr(t["comm"]), task_state(t), int(t["mm"]),
            int(t["parent"]["pid"]) if int(t["parent"]) else 0)


class SkbPrinter:
    def __init__(self, val):
        self.val = val

    def to_string(self):
        try:
            return self._fmt()
        except gdb.MemoryError as e:
            return "sk_buff <unreadable: %s>" % e

    def _fmt(self):
        s = self.val
        proto = int(s["protocol"])
        proto = ((proto & 0xff) << 8) | (proto >> 8)	# __be16: network order in memory
        dev = s["dev"]
        name = cstr(dev["name"]) if int(dev) else "-"
        return "sk_buff {len=%d, data-head=%d, protocol=0x%04x, dev=%s, users=%d}" % (
            int(s["len"]), int(s["data"]) - int(s["head"]), proto, name,
            int(s["users"]["refs"]["counter"]))


class ListHeadPrinter:
    def __init__(self, val):
        self.val = val

    def to_string(self):
        v = self.val
        if int(v["next"]) == int(v.address):
            return "list_head (empty)"
        try:
            n = sum(1 for _ in list_for_each(v))
        except gdb.GdbError as e:
            return "list_head {next=0x%x, prev=0x%x} (%s)" % (int(v["next"]), int(v["prev"]), e)
        return "list_head {next=0x%x, prev=0x%x} (%d entries)" % (int(v["next"]), int(v["prev"]), n)


class TcpSockPrinter:
    def __init__(self, val):
        self.val = val

    def to_string(self):
        try:
            return "tcp_sock {" + "; ".join(tcp_summary(self.val)) + "}"
        except gdb.MemoryError as e:
            return "tcp_sock <unreadable: %s>" % e


def lookup_printer(val):
    t = val.type.strip_typedefs()
    if t.code != gdb.TYPE_CODE_STRUCT:
        return None
    name = t.tag or t.name
    if name == "task_struct":
        return TaskPrinter(val)
    if name == "sk_buff":
        return SkbPrinter(val)
    if name == "tcp_sock":
        return TcpSockPrinter(val)
    if name == "list_head" and val.address is not None:
        return ListHeadPrinter(val)
    return None


PsCommand()
DmesgCommand()
ListEntriesCommand()
TcpInfoCommand()
PrintReturnCommand()
gdb.pretty_printers.append(lookup_printer)
