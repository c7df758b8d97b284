#!/usr/bin/env python3
"""ftx on the host: send files to, and receive files from, Sockeye's fsend/frecv.

The same protocol as user/ftx/ftx.h (frame layout and exchange there and in
docs/file-transfer.md), so a student's host talks to the guest through
QEMU's user network:

    make run ... with a hostfwd for 7070, or in the guest: frecv -d /tmp &
    python3 tools/ftx.py send 127.0.0.1 bigfile -p 7070     host -> guest frecv
    python3 tools/ftx.py recv -d /tmp/in -p 7070            guest fsend 10.0.2.2 f -> host

recv binds 127.0.0.1 unless told otherwise (-b); QEMU's slirp reaches it
as 10.0.2.2 from the guest. Exit codes are fsend's and frecv -1's: 0 ok,
1 usage, 2 local file, 3 network, 4 timeout, 5 protocol, 10+code refused.
The test tier (tools/testing/test_ftx.py) imports this file and uses
send_file/receive with their abort_at hooks to cut transfers short.
"""
import argparse
import fcntl
import hashlib
import os
import socket
import stat
import struct
import sys
import threading
import time

VERSION = 1
PORT = 7070
HDR = struct.Struct(">BBHI")        # version, type, reserved, payload length
MAX_PAYLOAD = 65536
NAME_MAX = 255
OFFER, RESUME, START, DATA, DONE, ERR = range(1, 7)
TYPE_NAMES = {OFFER: "OFFER", RESUME: "RESUME", START: "START", DATA: "DATA", DONE: "DONE", ERR: "ERR"}
E_BADNAME, E_EXIST, E_NOTREG, E_TOOBIG, E_BUSY, E_DIGEST, E_IO, E_PROTO, E_VERSION, E_TIMEOUT = range(1, 11)
ERR_NAMES = {E_BADNAME: "bad name", E_EXIST: "file exists", E_NOTREG: "not a regular file",
             E_TOOBIG: "too big", E_BUSY: "busy", E_DIGEST: "digest mismatch",
             E_IO: "receiver I/O error", E_PROTO: "protocol error", E_VERSION: "version mismatch",
             E_TIMEOUT: "timeout"}
EXIT_OK, EXIT_USAGE, EXIT_LOCAL, EXIT_NET, EXIT_TIMEOUT, EXIT_PROTO, EXIT_REFUSED = 0, 1, 2, 3, 4, 5, 10


class FtxError(Exception):
    """A failed transfer; .exit is the exit code that says what failed."""

    def __init__(self, exit_code, msg):
        super().__init__(msg)
        self.exit = exit_code


class Refused(FtxError):
    def __init__(self, code, text):
        super().__init__(EXIT_REFUSED + code, "refused: %s (%s)" % (ERR_NAMES.get(code, "?"), text))
        self.code = code


def send_frame(sock, ftype, payload=b""):
    sock.sendall(HDR.pack(VERSION, ftype, 0, len(payload)) + payload)


def _read_exact(sock, n):
    buf = bytearray()
    while len(buf) < n:
        try:
            b = sock.recv(n - len(buf))
        except socket.timeout:
            raise FtxError(EXIT_TIMEOUT, "peer silent, timed out")
        except OSError as e:
            raise FtxError(EXIT_NET, "connection: %s" % e)
        if not b:
            raise FtxError(EXIT_NET, "connection closed")
        buf += b
    return bytes(buf)


def recv_frame(sock):
    version, ftype, rsvd, n = HDR.unpack(_read_exact(sock, HDR.size))
    if version != VERSION:
        raise FtxError(EXIT_PROTO, "peer speaks ftx version %d" % version)
    if rsvd or n > MAX_PAYLOAD or ftype not in TYPE_NAMES:
        raise FtxError(EXIT_PROTO, "malformed frame header")
    return ftype, _read_exact(sock, n)


def expect(sock, want, size=None):
    ftype, p = recv_frame(sock)
    if ftype == ERR and len(p) >= 4:
        raise Refused(struct.unpack(">I", p[:4])[0], p[4:].decode(errors="replace"))
    if ftype != want or (size is not None and len(p) != size):
        raise FtxError(EXIT_PROTO, "expected %s, got %s (%d bytes)" % (TYPE_NAMES[want], TYPE_NAMES[ftype], len(p)))
    return p


def name_ok(name):
    """The receiver's rule (ftx_name_ok): bare, no leading '.', no control bytes."""
    return (0 < len(name) <= NAME_MAX and name[:1] != b"." and
            all(c >= 0x20 and c != 0x7f and c != ord("/") for c in name))


def file_digest(path, limit=None):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        left = limit
        while left is None or left > 0:
            b = f.read(1 << 20 if left is None else min(1 << 20, left))
            if not b:
                break
            h.update(b)
            if left is not None:
                left -= len(b)
    return h.digest()


class Progress:
    """One line, redrawn four times a second, only on a terminal."""

    def __init__(self, on, name, total, start):
        self.on, self.name, self.total, self.start = on, name, total, start
        self.t0 = self.last = time.monotonic()

    def update(self, done, last=False):
        t = time.monotonic()
        if not self.on or (not last and t - self.last < 0.25):
            return
        self.last = t
        rate = (done - self.start) / max(t - self.t0, 1e-6)
        eta = int((self.total - done) / rate) if rate > 0 else 0
        sys.stderr.write("\r%s  %.1f/%.1f MiB  %3d%%  %.1f MiB/s  ETA %d:%02d   %s" % (
            self.name, done / 2**20, self.total / 2**20, done * 100 // max(self.total, 1),
            rate / 2**20, eta // 60, eta % 60, "\n" if last else ""))
        sys.stderr.flush()


def send_file(sock, path, name=None, progress=False, abort_at=None, digest=None):
    """Send path over a connected socket; return the offset it resumed from.
    abort_at: stop once the file offset reaches it and close, as a killed
    sender's socket closes: a FIN, perhaps mid-frame (tests).
    digest: offer this digest instead of the file's (tests a lying sender)."""
    name = (name or os.path.basename(path)).encode()
    size = os.path.getsize(path)
    mode = stat.S_IMODE(os.stat(path).st_mode)
    digest = digest or file_digest(path)
    send_frame(sock, OFFER, struct.pack(">QI", size, mode) + digest + name)
    p = expect(sock, RESUME, 40)
    have, theirs = struct.unpack(">Q", p[:8])[0], p[8:]
    off = have if 0 < have <= size and file_digest(path, have) == theirs else 0
    send_frame(sock, START, struct.pack(">Q", off))
    pr = Progress(progress, name.decode(errors="replace"), size, off)
    with open(path, "rb") as f:
        f.seek(off)
        done = off
        while done < size:
            chunk = f.read(min(MAX_PAYLOAD, size - done))
            if not chunk:
                raise FtxError(EXIT_LOCAL, "%s shrank while sending" % path)
            if abort_at is not None and done + len(chunk) >= abort_at:
                # The frame's header and only the bytes up to abort_at.
                frame = HDR.pack(VERSION, DATA, 0, len(chunk)) + chunk
                sock.sendall(frame[:HDR.size + max(abort_at - done, 0)])
                sock.close()
                return off
            try:
                send_frame(sock, DATA, chunk)
            except OSError:
                expect(sock, DONE)      # the receiver's ERR says why it stopped us
                raise
            done += len(chunk)
            pr.update(done)
    pr.update(done, last=True)
    if expect(sock, DONE, 32) != digest:
        raise FtxError(EXIT_PROTO, "DONE names another digest")
    return off


def reset(sock):
    """Close with an RST, as a killed receiver's socket is (it had unread data)."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def receive(sock, directory, max_size=1 << 30, overwrite=False, progress=False, abort_at=None):
    """Serve one transfer on a connected socket into directory (frecv's
    receive_one). Returns (name, size, resumed_at); raises FtxError/Refused
    after sending the ERR. abort_at: reset once that many bytes are in."""
    def refuse(code, text):
        try:
            send_frame(sock, ERR, struct.pack(">I", code) + text.encode())
        except OSError:
            pass
        raise Refused(code, text)

    ftype, p = recv_frame(sock)
    if ftype != OFFER or len(p) < 44:
        refuse(E_PROTO, "expected OFFER")
    size, mode = struct.unpack(">QI", p[:12])
    digest, bname = p[12:44], p[44:]
    if not name_ok(bname):
        refuse(E_BADNAME, "only a bare file name: no '/', no leading '.'")
    name = bname.decode(errors="surrogateescape")
    final = os.path.join(directory, name)
    if size > max_size:
        refuse(E_TOOBIG, "larger than this receiver's limit")
    try:
        st = os.lstat(final)
        if not stat.S_ISREG(st.st_mode):
            refuse(E_NOTREG, "the name exists and is not a regular file")
        if not overwrite:
            refuse(E_EXIST, "the file exists")
    except FileNotFoundError:
        pass
    key = hashlib.sha256(bname + digest).hexdigest()[:16]
    tmp = os.path.join(directory, ".ftx-%s.part" % key)
    fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "r+b") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            refuse(E_BUSY, "another connection is receiving this file")
        have = os.fstat(f.fileno()).st_size
        if have > size:
            f.truncate(0)
            have = 0
        h = hashlib.sha256()
        h.update(f.read(have))
        send_frame(sock, RESUME, struct.pack(">Q", have) + h.copy().digest())
        p = expect(sock, START, 8)
        off = struct.unpack(">Q", p)[0]
        if off not in (0, have):
            refuse(E_PROTO, "START from neither 0 nor our offset")
        if off == 0 and have:
            f.truncate(0)
            h = hashlib.sha256()
        f.seek(off)
        got = off
        pr = Progress(progress, name, size, off)
        while got < size:
            ftype, p = recv_frame(sock)
            if ftype != DATA or not p or len(p) > size - got:
                refuse(E_PROTO, "expected DATA within the offered size")
            f.write(p)
            h.update(p)
            got += len(p)
            pr.update(got)
            if abort_at is not None and got >= abort_at:
                f.flush()
                reset(sock)
                raise FtxError(EXIT_NET, "aborted at %d (test)" % got)
        pr.update(got, last=True)
        if h.digest() != digest:
            os.unlink(tmp)
            refuse(E_DIGEST, "the bytes received do not hash to the offered digest")
        os.fchmod(f.fileno(), mode & 0o777)
        f.flush()
        os.fsync(f.fileno())
        os.rename(tmp, final)
    dfd = os.open(directory, os.O_RDONLY)
    os.fsync(dfd)
    os.close(dfd)
    send_frame(sock, DONE, digest)
    return name, size, off


def serve(directory, port, bind="127.0.0.1", once=False, timeout=30, **kw):
    """frecv: accept connections, one thread each; with once, serve one and return its exit code."""
    lsock = socket.socket()
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind((bind, port))
    lsock.listen(16)
    print("ftx.py: listening on %s:%d, directory %s" % (bind, lsock.getsockname()[1], directory), flush=True)

    def one(c, peer):
        c.settimeout(timeout)
        try:
            name, size, off = receive(c, directory, **kw)
            print("ftx.py: received %s %d bytes from %s:%d resumed at %d" % (name, size, peer[0], peer[1], off), flush=True)
            return EXIT_OK
        except FtxError as e:
            print("ftx.py: from %s:%d: %s" % (peer[0], peer[1], e), flush=True)
            return e.exit
        finally:
            c.close()
    while True:
        c, peer = lsock.accept()
        if once:
            lsock.close()
            return one(c, peer)
        threading.Thread(target=one, args=(c, peer), daemon=True).start()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("send", help="send a file to frecv")
    s.add_argument("host")
    s.add_argument("file")
    s.add_argument("-p", "--port", type=int, default=PORT)
    s.add_argument("-n", "--name")
    s.add_argument("-t", "--timeout", type=int, default=30)
    s.add_argument("-q", "--quiet", action="store_true")
    r = sub.add_parser("recv", help="receive files from fsend")
    r.add_argument("-d", "--dir", default=".")
    r.add_argument("-p", "--port", type=int, default=PORT)
    r.add_argument("-b", "--bind", default="127.0.0.1")
    r.add_argument("-m", "--max", type=int, default=1 << 30)
    r.add_argument("-t", "--timeout", type=int, default=30)
    r.add_argument("-o", "--overwrite", action="store_true")
    r.add_argument("-1", "--once", action="store_true")
    a = ap.parse_args()
    if a.cmd == "recv":
        return serve(a.dir, a.port, a.bind, a.once, a.timeout, max_size=a.max, overwrite=a.overwrite,
                     progress=a.once and sys.stderr.isatty())
    name = a.name or os.path.basename(a.file)
    if not name_ok(name.encode()):
        print("ftx.py: %s: not a bare file name the receiver would accept" % name, file=sys.stderr)
        return EXIT_USAGE
    try:
        if not os.path.isfile(a.file):
            raise FtxError(EXIT_LOCAL, "%s: not a regular file" % a.file)
        try:
            sock = socket.create_connection((a.host, a.port), timeout=a.timeout)
        except socket.timeout:
            raise FtxError(EXIT_TIMEOUT, "connect timed out")
        except OSError as e:
            raise FtxError(EXIT_NET, "connect %s:%d: %s" % (a.host, a.port, e))
        with sock:
            off = send_file(sock, a.file, name, progress=not a.quiet and sys.stderr.isatty())
        print("ftx.py: sent %s %d bytes sha256 %s resumed at %d" % (
            name, os.path.getsize(a.file), file_digest(a.file).hex(), off))
        return EXIT_OK
    except FtxError as e:
        print("ftx.py: %s" % e, file=sys.stderr)
        return e.exit
    except OSError as e:
        print("ftx.py: %s" % e, file=sys.stderr)
        return EXIT_NET


if __name__ == "__main__":
    sys.exit(main())
