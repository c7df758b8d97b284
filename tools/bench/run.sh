#!/bin/sh
# make bench: the measured figures in docs/benchmarks.md. Never run by make test.
# Each section is produced by its own script (tools/bench/*_bench.py):
# core_bench.py the kernel core (boot, system calls, fork/exec, build),
# wire_bench.py the network under an ICMP flood (IRQs, polls and skb
# allocations per frame), tcp_bench.py the TCP and UDP workloads beside a
# Linux guest (tools/bench/README.md). BENCH_ONLY=tcp runs just tcp_bench.py.
cd "$(dirname "$0")/../.."
status=0
for b in tools/bench/${BENCH_ONLY:-*}_bench.py; do
	echo "== $b"
	python3 "$b" || status=1
done
exit $status
