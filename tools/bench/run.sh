#!/bin/sh
# make bench: the measured figures in docs/benchmarks.md. Never run by make test.
# Each section is produced by its own script; this one is the network's
# (tools/bench/wire_bench.py: echo rate under a flood, IRQs per frame with
# ITR off/on, skb allocations per received frame).
cd "$(dirname "$0")/../.."
status=0
for b in tools/bench/*_bench.py; do
	echo "== $b"
	python3 "$b" || status=1
done
exit $status
