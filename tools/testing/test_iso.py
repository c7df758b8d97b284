#!/usr/bin/env python3
"""Tier 4 (boot): the GRUB ISO boots. QEMU gets only -cdrom build/sockeye.iso
(no -kernel): its BIOS boots GRUB from the El Torito image, GRUB's menu
(boot/grub.cfg, serial terminal, 1 s timeout) runs the first entry, which
loads sockeye.elf and the initramfs module through Multiboot - the path a
real machine takes. We wait for the shell, type `uname -a`, and check the
kernel that answered is ours and got GRUB's command line."""
import os
import subprocess
import sys
from sockeye_qemu import BUILD, OUT, Guest, Results, accel_args

# One boot makes every check: a selected name still boots the ISO, and only it is reported.
res = Results("iso", ["iso.grub_menu", "iso.kernel_booted", "iso.cmdline_from_grub", "iso.initramfs_module",
                      "iso.uname", "iso.kernel_healthy"], setup=["iso.shell"])


class IsoGuest(Guest):
    """A Guest booted from the ISO instead of -kernel/-initrd."""

    def __init__(self, name):
        os.makedirs(OUT, exist_ok=True)
        self.name = name
        self.log_path = os.path.join(OUT, name + ".log")
        args = ["qemu-system-i386", "-m", "256M", "-no-reboot", "-display", "none",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
                "-serial", "stdio", "-monitor", "none", "-nic", "none",
                "-cdrom", os.path.join(BUILD, "sockeye.iso"), "-boot", "d"] + accel_args()
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.buf = b""
        self.pos = 0


def expect_in(got, want):
    if want not in got:
        raise AssertionError("%r not in %r" % (want, got))


try:
    with IsoGuest("iso") as g:
        # GRUB's menu, then the kernel's first line: Multiboot handed over.
        res.run("iso.grub_menu", lambda: g.expect("Booting `Sockeye'", timeout=30))
        res.run("iso.kernel_booted", lambda: g.expect("Sockeye 0.1.0 (i686) booting", timeout=20))
        # The menu entry's arguments (QEMU's -kernel would put the image path first).
        res.run("iso.cmdline_from_grub", lambda: (g.expect("Command line: ", 5),
                                                  expect_in(g.expect("\n", 5), "ip=dhcp")))
        res.run("iso.initramfs_module", lambda: g.expect("initramfs: ", timeout=20))
        g.expect("init: starting shell", timeout=30)
        g.expect("$ ", timeout=10)
        res.run("iso.uname", lambda: expect_in(g.sh("uname -a", timeout=10), "Sockeye"))
        if b"Kernel panic" in g.buf or b"Oops" in g.buf:
            res.check("iso.kernel_healthy", False, "panic/oops in log")
        else:
            res.check("iso.kernel_healthy", True)
except Exception as e:
    res.check("iso.shell", False, "(%s: %s)" % (type(e).__name__, e))
sys.exit(res.finish())
