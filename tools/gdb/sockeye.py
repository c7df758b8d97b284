"""gdb helpers for Sockeye, loaded by the .gdbinit `make gdb` writes.

Commands:
  ps                         every task on task_list: pid, state, comm
  dmesg                      the kernel log ring (log_buf/log_head, kernel/printk.c)
  list-entries LIST TYPE MEMBER
                             walk a struct list_head and print each containing
                             TYPE, e.g. list-entries task_list task_struct tasks
Pretty-printers: struct task_struct, struct sk_buff, struct list_head.

Everything reads kernel memory through gdb, never calls into the guest,
so it works at any stop (breakpoint, ^C, panic loop).
"""
import gdb

# Task states (include/linux/wait.h, include/linux/sched.h) as /proc shows them.
TASK_STATES = [(0x0001, "S"), (0x0002, "D"), (0x0004, "T"), (0x0080, "X")]
EXIT_ZOMBIE = 0x0020


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


class PsCommand(gdb.Command):
    """List every task on task_list: pid, parent pid, state and comm (like ps)."""

    def __init__(self):
        super().__init__("ps", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
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


class DmesgCommand(gdb.Command):
    """Print the kernel log ring (kernel/printk.c log_buf), oldest line first."""

    def __init__(self):
        super().__init__("dmesg", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
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


class ListEntriesCommand(gdb.Command):
    """list-entries LIST TYPE MEMBER: print every TYPE on the list_head LIST via MEMBER.
Example: list-entries task_list task_struct tasks
         list-entries init_task_ptr->children task_struct sibling"""

    def __init__(self):
        super().__init__("list-entries", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
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


def lookup_printer(val):
    t = val.type.strip_typedefs()
    if t.code != gdb.TYPE_CODE_STRUCT:
        return None
    name = t.tag or t.name
    if name == "task_struct":
        return TaskPrinter(val)
    if name == "sk_buff":
        return SkbPrinter(val)
    if name == "list_head" and val.address is not None:
        return ListHeadPrinter(val)
    return None


PsCommand()
DmesgCommand()
ListEntriesCommand()
gdb.pretty_printers.append(lookup_printer)
