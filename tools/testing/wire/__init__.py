"""Helpers for the wire-level tests (test_wire.py) and the bench: a scapy peer on QEMU's -netdev socket."""
