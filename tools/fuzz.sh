#!/bin/sh
# make fuzz: one long fuzzing session (docs/security.md).
#   make fuzz SEED=7 CALLS=100000          the whole system-call table
#   make fuzz SEED=7 CALLS=100000 MODE=s   socket mode
#   make fuzz WIRE=1 [FRAMES=1000000] [SEED=1]
#                                          the wire fuzzer: FRAMES frames, half
#                                          TCP segments, half byte-mutated frames
# The short runs are part of `make test` (tools/testing/test_fuzz.py, test_wire.py).
cd "$(dirname "$0")/.."
if [ -n "${WIRE:-}" ]; then
	exec python3 tools/testing/test_wire.py --fuzz "${FRAMES:-1000000}" "${SEED:-1}"
fi
exec python3 tools/testing/test_fuzz.py --long "${SEED:-1}" "${CALLS:-100000}" "${MODE:-}"
